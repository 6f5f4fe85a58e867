//! Hostile files and programs around the config and essays folders: symbolic links planted
//! where the reader writes, FIFOs and `/dev/zero` where it reads, a `config.toml` listing
//! hundreds of thousands of folders, and another program holding the folder lock. The real
//! binary runs under a deadline and a memory limit; none of these may make it hang, grow
//! without bound, write outside its folders, or freeze its screen.
//!
//! The deadlines are generous bounds on finishing, not timings: a run that finishes is a
//! pass, and a hang (the bugs these tests keep out) would never finish.

mod common;

use std::ffi::CString;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::folders::quit;
use common::{Key, Term, essayreader_bin};

/// Longer than any of these runs needs, much shorter than a hang.
const DEADLINE: Duration = Duration::from_secs(30);
/// The address space each run may use: the old `/dev/zero` bug grew to 2 GB.
const MEMORY_LIMIT: u64 = 1024 * 1024 * 1024;

/// The state and config files a hostile file may stand in for (the lock file too).
const PLACES: [&str; 5] = ["config.toml", "library-cache.json", "bookmarks.json", "positions.json", ".lock"];

struct World {
    tmp: tempfile::TempDir,
}

impl World {
    fn new() -> World {
        let tmp = tempfile::tempdir().expect("tempdir");
        for dir in ["config", "essays", "home", "outside"] {
            fs::create_dir_all(tmp.path().join(dir)).expect("folder");
        }
        World { tmp }
    }

    fn config(&self) -> PathBuf {
        self.tmp.path().join("config")
    }

    fn essays(&self) -> PathBuf {
        self.tmp.path().join("essays")
    }

    /// A folder the reader has no business writing in.
    fn outside(&self) -> PathBuf {
        self.tmp.path().join("outside")
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("ESSAYREADER_CONFIG_DIR", self.config().display().to_string()),
            ("ESSAYREADER_ESSAYS_DIR", self.essays().display().to_string()),
            ("HOME", self.tmp.path().join("home").display().to_string()),
        ]
    }

    /// Runs a command under [`DEADLINE`] and [`MEMORY_LIMIT`]; panics if it does not end.
    fn run(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(essayreader_bin());
        cmd.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        cmd.env_remove("NO_COLOR");
        for (k, v) in self.env() {
            cmd.env(k, v);
        }
        limit_memory(&mut cmd);
        let child = cmd.spawn().expect("start essayreader");
        finish(child, &format!("essayreader {}", args.join(" ")))
    }

    /// The reader in a pseudo-terminal, under the memory limit (through `sh`'s `ulimit`).
    fn spawn(&self, args: &[&str]) -> Term {
        self.spawn_sized(args, 100)
    }

    fn spawn_sized(&self, args: &[&str], cols: u16) -> Term {
        let env = self.env();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let script = format!("ulimit -v {}; exec \"$0\" \"$@\"", MEMORY_LIMIT / 1024);
        let bin = essayreader_bin().to_str().expect("UTF-8 path");
        let mut sh_args = vec!["-c", script.as_str(), bin];
        sh_args.extend_from_slice(args);
        let mut term = Term::spawn(Path::new("/bin/sh"), &sh_args, &env, cols, 24);
        term.set_timeout(DEADLINE);
        term
    }
}

fn limit_memory(cmd: &mut Command) {
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit { rlim_cur: MEMORY_LIMIT, rlim_max: MEMORY_LIMIT };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// Waits for `child` until [`DEADLINE`]; a child still running then is killed and fails
/// the test. Its output is read meanwhile, so a full pipe cannot stall it.
fn finish(child: Child, what: &str) -> Output {
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let output = match rx.recv_timeout(DEADLINE) {
        Ok(output) => output.expect("output"),
        Err(_) => {
            // SAFETY: signalling our own child, which has not been reaped (its waiter waits).
            unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
            panic!("{what} did not finish within {DEADLINE:?}: it hangs");
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.code().is_some(), "{what} was killed by a signal ({:?}): {stderr}", output.status);
    for bad in ["panicked", "memory allocation", "internal error"] {
        assert!(!stderr.contains(bad), "{what}: {stderr}");
    }
    output
}

fn mkfifo(path: &Path) {
    let c = CString::new(path.as_os_str().as_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo {}", path.display());
}

/// A FIFO, or a link to `/dev/zero`, at `path`.
fn plant(kind: &str, path: &Path) {
    match kind {
        "fifo" => mkfifo(path),
        _ => std::os::unix::fs::symlink("/dev/zero", path).expect("symlink"),
    }
}

#[test]
fn fifos_and_dev_zero_in_place_of_state_or_config_never_hang_a_command() {
    for place in PLACES {
        for kind in ["fifo", "/dev/zero"] {
            let world = World::new();
            plant(kind, &world.config().join(place));
            for args in [&["list"][..], &["paths"], &["bookmarks"], &["bookmarks", "--json"]] {
                let out = world.run(args);
                let stderr = String::from_utf8_lossy(&out.stderr);
                let what = format!("{kind} as {place}, essayreader {}", args.join(" "));
                assert_eq!(out.status.code(), Some(0), "{what}: {stderr}");
                // Said in one clear line each, never as a read error of a strange kind.
                assert!(stderr.lines().count() <= 1, "{what}: {stderr}");
                if args[0] == "paths" {
                    assert!(String::from_utf8_lossy(&out.stdout).contains("config folder"), "{what}");
                }
            }
        }
    }
}

#[test]
fn a_fifo_or_dev_zero_as_config_toml_is_one_clear_line() {
    for kind in ["fifo", "/dev/zero"] {
        let world = World::new();
        plant(kind, &world.config().join("config.toml"));
        let out = world.run(&["paths"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("config.toml: is a ") && stderr.contains("not a regular file"), "{stderr}");
    }
}

#[test]
fn fifos_and_dev_zero_in_place_of_state_or_config_never_hang_the_reader() {
    for place in PLACES {
        for kind in ["fifo", "/dev/zero"] {
            let world = World::new();
            plant(kind, &world.config().join(place));
            let mut term = world.spawn(&["leaking"]);
            term.wait_for("If you want the short version");
            term.send("q");
            term.wait_for("Library");
            term.send("q");
            let status = term.wait_exit();
            assert!(status.success(), "{kind} as {place}: {status:?}\n{}", term.screen_text());
            term.assert_restored();
        }
    }
}

/// Reads every file under `dir` (links as links), to check nothing outside was touched.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("list")
        .map(|e| {
            let path = e.expect("entry").path();
            let bytes = fs::read(&path).expect("read");
            (path, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn state_files_that_are_links_are_never_written_through() {
    for place in ["library-cache.json", "bookmarks.json", "positions.json"] {
        let world = World::new();
        let target = world.outside().join("precious");
        fs::write(&target, b"root:x:0:0:root:/root:/bin/bash\n").expect("seed");
        let before = snapshot(&world.outside());
        let link = world.config().join(place);
        std::os::unix::fs::symlink(&target, &link).expect("symlink");

        // Read, bookmark, move on (a position to save), quit: every kind of write.
        let mut term = world.spawn(&["leaking"]);
        term.wait_for("If you want the short version");
        // Said at once, with the name it is kept under.
        term.wait_for(&format!("Not a file: kept as {place}.aside-"));
        term.send("}");
        term.send("m");
        term.wait_for("Bookmark label:");
        term.send_key(Key::Enter);
        term.wait_for("Bookmarked");
        term.send("q");
        term.wait_for("Library");
        term.send("q");
        assert!(term.wait_exit().success(), "{place}: {}", term.screen_text());
        term.assert_restored();

        assert_eq!(snapshot(&world.outside()), before, "{place}: the link's target was written");
        // The link itself is kept, set aside, and a real file took its place.
        let kept: Vec<_> = fs::read_dir(world.config())
            .expect("list")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(&format!("{place}.aside-")))
            .collect();
        assert_eq!(kept.len(), 1, "{place}: the link was set aside");
        assert_eq!(fs::read_link(kept[0].path()).expect("still a link"), target);
        if place == "library-cache.json" {
            assert!(fs::symlink_metadata(&link).expect("saved").is_file(), "{place}");
        } else {
            // Bookmarks and positions are saved in the sync folder now.
            assert!(fs::symlink_metadata(&link).is_err(), "{place}");
        }
    }
}

#[test]
fn a_bookmarks_link_is_said_when_found() {
    let world = World::new();
    let target = world.outside().join("bookmarks.json");
    fs::write(&target, br#"{"version": 1, "bookmarks": []}"#).expect("seed");
    std::os::unix::fs::symlink(&target, world.config().join("bookmarks.json")).expect("symlink");
    let out = world.run(&["bookmarks"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("kept as bookmarks.json.aside-"), "{stderr}");
}

#[test]
fn the_damaged_file_notice_names_the_kept_file_in_full_at_80_columns() {
    let world = World::new();
    fs::write(world.config().join("bookmarks.json"), b"{ not json").expect("damage");
    let mut term = world.spawn_sized(&["leaking"], 80);
    term.wait_for("Damaged: kept as bookmarks.json.corrupt-");
    let kept = fs::read_dir(world.config())
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("bookmarks.json.corrupt-"))
        .expect("set aside");
    assert!(term.row(23).contains(&kept), "{}", term.row(23));
    quit(&mut term);
}

#[test]
fn add_replaces_a_link_in_the_essays_folder_never_its_target() {
    let world = World::new();
    let target = world.outside().join("precious.md");
    fs::write(&target, b"# Mine\n").expect("seed");
    std::os::unix::fs::symlink(&target, world.essays().join("strike.md")).expect("symlink");
    let source = world.tmp.path().join("strike.md");
    fs::write(&source, b"# Strike\n\nText.\n").expect("source");
    let out = world.run(&["add", "--force", source.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(fs::read(&target).expect("target"), b"# Mine\n");
    assert_eq!(fs::read(world.essays().join("strike.md")).expect("added"), b"# Strike\n\nText.\n");
    assert!(fs::symlink_metadata(world.essays().join("strike.md")).expect("added").is_file());
}

#[test]
fn add_says_the_cause_of_a_failure_once() {
    let world = World::new();
    // A file where the essays folder should be: every write into it fails.
    let blocker = world.tmp.path().join("blocker");
    fs::write(&blocker, b"x").expect("blocker");
    let source = world.tmp.path().join("strike.md");
    fs::write(&source, b"# Strike\n").expect("source");
    let mut cmd = Command::new(essayreader_bin());
    cmd.args(["add", source.to_str().expect("path")]).stdin(Stdio::null());
    for (k, v) in world.env() {
        cmd.env(k, v);
    }
    cmd.env("ESSAYREADER_ESSAYS_DIR", blocker.join("essays"));
    let out = cmd.output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().last().expect("an error line");
    assert_eq!(last.matches("os error").count(), 1, "{stderr}");
}

#[test]
fn two_hundred_thousand_dirs_in_config_toml_are_read_in_one_pass() {
    let world = World::new();
    // 150,000 different folders, the first 50,000 listed twice.
    let entries: Vec<String> = (0..200_000).map(|i| format!("\"d{}\"", i % 150_000)).collect();
    fs::write(world.config().join("config.toml"), format!("dirs = [{}]\n", entries.join(", ")))
        .expect("config");
    let out = world.run(&["paths", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let dirs = json["extra_dirs"].as_array().expect("extra_dirs");
    assert_eq!(dirs.len(), 150_000, "duplicates dropped once");
    assert!(dirs[0].as_str().expect("text").ends_with("d0"));
    assert!(dirs[149_999].as_str().expect("text").ends_with("d149999"));
}

/// Holds the config folder's lock from another process, as `flock …/.lock sleep 120` does.
struct HeldLock {
    child: Child,
}

impl HeldLock {
    // The child is waited for when the `HeldLock` is dropped.
    #[allow(clippy::zombie_processes)]
    fn take(config: &Path) -> HeldLock {
        let lock = config.join(".lock");
        // In its own process group, so `sleep` (which inherits the locked file) goes with it.
        let child = Command::new("flock")
            .arg(&lock)
            .args(["sleep", "120"])
            .stdin(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("flock (util-linux) runs");
        // Owned at once, so a failure below still ends it.
        let held = HeldLock { child };
        // Held once our own try fails.
        let started = Instant::now();
        loop {
            let file =
                fs::OpenOptions::new().create(true).truncate(false).write(true).open(&lock).expect("lock");
            match file.try_lock() {
                Err(fs::TryLockError::WouldBlock) => return held,
                _ => {
                    drop(file);
                    assert!(started.elapsed() < DEADLINE, "flock never took the lock");
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
        }
    }

    fn release(&mut self) {
        // SAFETY: signalling the process group this test started.
        unsafe { libc::kill(-(self.child.id() as libc::pid_t), libc::SIGKILL) };
        let _ = self.child.wait();
    }
}

impl Drop for HeldLock {
    fn drop(&mut self) {
        self.release();
    }
}

#[test]
fn a_held_lock_does_not_keep_bookmarks_waiting() {
    let world = World::new();
    let _held = HeldLock::take(&world.config());
    // The old reader waited 20 s without a word; the short deadline is far above a normal run.
    let started = Instant::now();
    let out = world.run(&["bookmarks"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("No bookmarks yet"));
    assert!(started.elapsed() < Duration::from_secs(8), "bookmarks waited for the lock");
}

#[test]
fn a_held_lock_never_freezes_the_reader_and_quitting_says_what_was_not_saved() {
    let world = World::new();
    let _held = HeldLock::take(&world.config());
    let mut term = world.spawn(&["leaking"]);
    // The first frame, at once: reading needs no lock (the old reader waited 20 s on a
    // blank screen).
    term.set_timeout(Duration::from_secs(8));
    term.wait_for("min left");
    term.send("m");
    term.wait_for("Bookmark label:");
    term.send_key(Key::Enter);
    term.wait_for("Bookmarked");
    term.wait_for("waiting for another essayreader to finish saving");
    // `q` is answered while the save waits.
    term.send("q");
    term.wait_for("Library");
    term.send("q");
    term.set_timeout(DEADLINE);
    let status = term.wait_exit();
    assert!(status.success(), "{status:?}");
    term.assert_restored();
    let screen = term.screen_text();
    assert!(screen.contains("not saved: 1 bookmark change"), "{screen}");
    assert!(!world.config().join("bookmarks.json").exists());
}

#[test]
fn a_save_held_up_by_a_lock_is_made_when_the_lock_is_let_go() {
    let world = World::new();
    let mut held = HeldLock::take(&world.config());
    let mut term = world.spawn(&["leaking"]);
    term.wait_for("min left");
    term.send("m");
    term.wait_for("Bookmark label:");
    term.send("kept");
    term.send_key(Key::Enter);
    term.wait_for("waiting for another essayreader to finish saving");
    held.release();
    term.wait_for("Saved");
    quit(&mut term);
    let out = world.run(&["bookmarks", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json[0]["label"], "kept", "{json}");
}

#[test]
fn a_config_folder_replaced_by_a_file_while_reading_says_so_on_save() {
    let world = World::new();
    let mut term = world.spawn(&["leaking"]);
    term.wait_for("If you want the short version");
    fs::remove_dir_all(world.config()).expect("remove");
    fs::write(world.config(), b"not a folder").expect("a file in its place");
    term.send("m");
    term.wait_for("Bookmark label:");
    term.send_key(Key::Enter);
    // The start-up message, not "File exists (os error 17)".
    term.wait_for("config is not a folder");
    assert!(!term.screen_text().contains("os error"), "{}", term.screen_text());
    quit(&mut term);
}

#[test]
fn a_config_folder_that_cannot_be_written_is_said_at_start() {
    let world = World::new();
    fs::write(world.config().join(".lock"), b"").expect("an old lock file");
    // `chattr +i` stops even root (chmod does not); skipped where it is not available.
    let immutable = Command::new("chattr").arg("+i").arg(world.config()).stderr(Stdio::null()).status();
    if !immutable.is_ok_and(|s| s.success()) {
        eprintln!("skipped: chattr +i is not available here");
        return;
    }
    struct Mutable(PathBuf);
    impl Drop for Mutable {
        fn drop(&mut self) {
            let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
        }
    }
    let _mutable = Mutable(world.config());
    let mut term = world.spawn(&["leaking"]);
    term.wait_for("cannot save bookmarks or reading positions");
    quit(&mut term);
}
