//! The store as a user would notice it: bookmarks and positions that survive damaged files,
//! newer versions, read-only folders, crashes and two copies of the app running at once.

use essayreader::core::position::capture;
use essayreader::store::{
    BOOKMARKS_FILE, Bookmark, POSITIONS_FILE, SavedPosition, Store, StoreError, write_atomic,
};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;

const ESSAY: &str = "# Voice and exit\n\nThere are two options in life when dealing with things \
that need to be corrected: voice and exit. Most people choose exit.\n";

fn bookmark(essay: &str, label: &str) -> Bookmark {
    let anchor = capture(ESSAY, 40, vec!["Voice and exit".into()]);
    Bookmark::new(essay, label, "Voice and exit", "There are two options", anchor)
}

fn position(essay: &str, progress: f32) -> SavedPosition {
    SavedPosition::new(essay, capture(ESSAY, 60, vec![]), progress)
}

fn labels(store: &Store) -> Vec<String> {
    store.bookmarks(None).iter().map(|b| b.label.clone()).collect()
}

/// This machine's own bookmarks file in the default sync folder of config folder `dir`.
fn own_bookmarks(dir: &Path) -> PathBuf {
    Store::files(dir, &dir.join("sync"), true).0
}

/// This machine's own positions file in the default sync folder of config folder `dir`.
fn own_positions(dir: &Path) -> PathBuf {
    Store::files(dir, &dir.join("sync"), true).1
}

/// The folder holding this machine's own files.
fn own_folder(dir: &Path) -> PathBuf {
    own_bookmarks(dir).parent().expect("folder").to_path_buf()
}

fn files_named(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut found: Vec<_> = fs::read_dir(dir)
        .expect("list folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
        .collect();
    found.sort();
    found
}

#[test]
fn missing_folder_is_empty_and_created_on_first_save() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("config").join("essayreader");
    let (mut store, notices) = Store::open(&dir);
    assert!(notices.is_empty(), "{notices:?}");
    assert!(store.writable());
    assert!(store.bookmarks(None).is_empty());
    assert!(!dir.exists(), "opening alone creates nothing");

    store.add_bookmark(bookmark("leaking", "first")).expect("save");
    let text = fs::read_to_string(own_bookmarks(&dir)).expect("file written");
    assert!(text.starts_with("{\"essayreader\":\"bookmarks\",\"version\":1}\n"), "versioned: {text}");
    assert_eq!(text.lines().count(), 2, "one line per change: {text}");

    let (again, _) = Store::open(&dir);
    assert_eq!(labels(&again), ["first"]);
}

#[test]
fn bookmarks_filter_rename_delete_and_undo() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = Store::open(tmp.path());
    let a = bookmark("leaking", "a");
    let b = bookmark("other", "b");
    store.add_bookmark(a.clone()).expect("add a");
    store.add_bookmark(b.clone()).expect("add b");
    assert_eq!(store.bookmarks(Some("other")), [&b]);
    assert!(matches!(store.add_bookmark(a.clone()), Err(StoreError::DuplicateBookmark(_))));

    store.rename_bookmark(&a.id, "renamed").expect("rename");
    let deleted = store.delete_bookmark(&b.id).expect("delete");
    assert_eq!(deleted.as_ref().map(|d| d.id.as_str()), Some(b.id.as_str()));
    assert_eq!(store.delete_bookmark(&b.id).expect("again"), None);
    assert!(matches!(store.rename_bookmark(&b.id, "x"), Err(StoreError::NoSuchBookmark(_))));
    store.restore_bookmark(b.clone()).expect("undo");

    let (again, _) = Store::open(tmp.path());
    assert_eq!(labels(&again), ["renamed", "b"]);
}

#[test]
fn json_view_has_exactly_the_public_fields() {
    let b = bookmark("leaking", "label");
    let json = serde_json::to_value(vec![b.view("Leaking", Some("essays/leaking.md".into()))]).expect("json");
    let keys: Vec<_> = json[0].as_object().expect("object").keys().cloned().collect();
    let mut expected = ["essay", "label", "section", "snippet", "created", "id", "title", "path", "device"];
    expected.sort();
    assert_eq!(keys, expected);
    assert_eq!(json[0]["essay"], "leaking");
}

#[test]
fn damaged_file_is_moved_aside_with_its_bytes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let garbage = b"{\"version\": 1, \"bookmarks\": [ this is not json";
    fs::write(tmp.path().join(BOOKMARKS_FILE), garbage).expect("seed");

    let (mut store, notices) = Store::open(tmp.path());
    assert!(store.bookmarks(None).is_empty());
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(!tmp.path().join(BOOKMARKS_FILE).exists());
    let aside = files_named(tmp.path(), "bookmarks.json.corrupt-");
    assert_eq!(aside.len(), 1);
    // What happened and the name to look for come first: an 80-column status line keeps
    // 59 characters of a notice and an ellipsis.
    let name = aside[0].file_name().expect("name").to_string_lossy().into_owned();
    assert!(notices[0].starts_with(&format!("Damaged: kept as {name}")), "{notices:?}");
    assert!(notices[0].find(&name).is_some_and(|at| at + name.len() <= 59), "{notices:?}");
    assert!(notices[0].ends_with("; bookmarks start empty"), "{notices:?}");
    assert_eq!(fs::read(&aside[0]).expect("aside"), garbage);

    // Life goes on: the next bookmark starts a fresh file, the damaged one is kept.
    store.add_bookmark(bookmark("leaking", "new")).expect("save");
    assert_eq!(fs::read(&aside[0]).expect("aside"), garbage);
    assert_eq!(labels(&Store::open(tmp.path()).0), ["new"]);
}

#[test]
fn damage_found_while_saving_keeps_this_sessions_bookmarks() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = Store::open(tmp.path());
    store.add_bookmark(bookmark("leaking", "kept")).expect("save");
    fs::write(own_bookmarks(tmp.path()), b"\0\0\0 truncated").expect("damage");

    store.add_bookmark(bookmark("leaking", "added")).expect("save");
    let notices = store.take_notices();
    assert!(notices[0].starts_with("Damaged: kept as bookmarks.jsonl.corrupt-"), "{notices:?}");
    assert_eq!(files_named(&own_folder(tmp.path()), "bookmarks.jsonl.corrupt-").len(), 1);
    assert_eq!(labels(&Store::open(tmp.path()).0), ["kept", "added"]);
}

#[test]
fn damage_found_by_a_refused_change_still_leaves_a_good_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = Store::open(tmp.path());
    store.add_bookmark(bookmark("leaking", "kept")).expect("save");
    fs::write(own_bookmarks(tmp.path()), b"not json").expect("damage");

    let refused = store.rename_bookmark("no-such-id", "x");
    assert!(matches!(refused, Err(StoreError::NoSuchBookmark(_))));
    assert_eq!(fs::read(own_bookmarks(tmp.path())).expect("file"), b"not json", "never overwritten");
    // The next save sets the damage aside and keeps what this session holds.
    store.add_bookmark(bookmark("leaking", "next")).expect("save");
    assert_eq!(labels(&Store::open(tmp.path()).0), ["kept", "next"]);
}

#[test]
fn newer_version_is_read_but_never_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut entry = serde_json::to_value(bookmark("leaking", "from the future")).expect("json");
    entry["colour"] = "red".into();
    let header = serde_json::json!({"essayreader": "bookmarks", "version": 2});
    let add = serde_json::json!({"at": "0001700000000000.00000.x", "dev": "d", "op": {"add": entry}});
    let tag = serde_json::json!({"at": "0001700000000001.00000.x", "dev": "d", "op": {"tag": "red"}});
    let bytes = format!("{header}\n{add}\n{tag}\n").into_bytes();
    let path = own_bookmarks(tmp.path());
    fs::create_dir_all(path.parent().expect("folder")).expect("folder");
    fs::write(&path, &bytes).expect("seed");

    let (mut store, notices) = Store::open(tmp.path());
    assert_eq!(notices, ["bookmarks.jsonl was written by a newer essayreader; bookmarks are read-only"]);
    assert_eq!(labels(&store), ["from the future"]);
    assert!(!store.bookmarks_writable());
    assert!(store.positions_writable(), "positions are another file");

    let err = store.add_bookmark(bookmark("leaking", "mine")).expect_err("read-only");
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    let id = store.bookmarks(None)[0].id.clone();
    assert!(store.delete_bookmark(&id).is_err());
    assert_eq!(fs::read(&path).expect("file"), bytes, "the file is untouched");

    store.save_position(position("leaking", 0.5)).expect("positions still save");
}

#[test]
fn newer_version_appearing_later_is_not_overwritten() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = Store::open(tmp.path());
    store.save_position(position("leaking", 0.1)).expect("save");
    let newer = b"{\"essayreader\": \"positions\", \"version\": 7}\n\"a new shape\"\n";
    fs::write(own_positions(tmp.path()), newer).expect("seed");

    assert!(store.save_position(position("leaking", 0.2)).is_err());
    assert!(!store.positions_writable());
    assert_eq!(fs::read(own_positions(tmp.path())).expect("file"), newer);
    assert!(store.take_notices()[0].contains("newer essayreader"));
}

#[test]
fn folder_that_cannot_be_created_still_reads() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // A regular file where a parent folder should be: works even for root, unlike chmod.
    let blocker = tmp.path().join("not-a-folder");
    fs::write(&blocker, b"x").expect("seed");
    let dir = blocker.join("essayreader");

    let (mut store, notices) = Store::open(&dir);
    assert!(!store.writable());
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].starts_with("cannot save bookmarks"), "{notices:?}");
    assert!(store.bookmarks(None).is_empty());

    let err = store.add_bookmark(bookmark("leaking", "x")).expect_err("cannot save");
    assert!(err.to_string().starts_with("cannot save bookmarks: "), "{err}");
    assert!(store.save_position(position("leaking", 0.1)).is_err());
    assert!(store.bookmarks(None).is_empty(), "a failed save changes nothing");
}

#[cfg(unix)]
#[test]
fn read_only_folder_reads_but_does_not_save() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("ro");
    fs::create_dir(&dir).expect("dir");
    let (mut seed, _) = Store::open(&dir);
    seed.add_bookmark(bookmark("leaking", "old")).expect("seed");
    fs::remove_file(dir.join(".lock")).expect("no lock file yet");
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).expect("chmod");

    // Root (as in CI) writes through chmod, so the folder is not read-only for it: skip.
    let probe = dir.join("probe");
    if fs::write(&probe, b"").is_ok() {
        let _ = fs::remove_file(&probe);
        let _ = fs::set_permissions(&dir, fs::Permissions::from_mode(0o755));
        eprintln!("skipped: running as root, chmod does not make a folder read-only");
        return;
    }
    let (mut store, notices) = Store::open(&dir);
    assert_eq!(labels(&store), ["old"]);
    assert!(!store.writable());
    assert!(notices[0].starts_with("cannot save bookmarks"), "{notices:?}");
    assert!(store.add_bookmark(bookmark("leaking", "new")).is_err());
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).expect("restore");
}

#[test]
fn unreadable_file_is_left_alone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(own_bookmarks(tmp.path())).expect("a folder in the file's place");
    let (mut store, notices) = Store::open(tmp.path());
    assert_eq!(notices, ["bookmarks.jsonl is a folder, not a regular file; bookmarks are read-only"]);
    assert!(store.add_bookmark(bookmark("leaking", "x")).is_err());
    assert!(own_bookmarks(tmp.path()).is_dir());
    store.save_position(position("leaking", 0.3)).expect("positions unaffected");
}

#[test]
fn crash_before_rename_leaves_the_real_file_intact() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = Store::open(tmp.path());
    store.add_bookmark(bookmark("leaking", "safe")).expect("save");
    let real = fs::read(own_bookmarks(tmp.path())).expect("file");
    // What a writer killed between writing its temp file and renaming it leaves behind.
    let stray = own_folder(tmp.path()).join(".bookmarks.jsonl.tmp-99999-0");
    fs::write(&stray, b"{\"version\": 1, \"bookmarks\": [{\"id\": \"half").expect("stray");

    let (mut again, notices) = Store::open(tmp.path());
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(labels(&again), ["safe"]);
    assert_eq!(fs::read(own_bookmarks(tmp.path())).expect("file"), real);

    // The next save, under the lock, tidies the stray away.
    again.add_bookmark(bookmark("leaking", "next")).expect("save");
    assert!(!stray.exists());
    assert_eq!(labels(&Store::open(tmp.path()).0), ["safe", "next"]);
}

#[test]
fn atomic_write_replaces_whole_files_only() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let target = tmp.path().join("notes.json");
    write_atomic(&target, b"old contents").expect("first");
    write_atomic(&target, b"new").expect("second");
    assert_eq!(fs::read(&target).expect("read"), b"new");
    assert_eq!(files_named(tmp.path(), ""), [target]);
    assert!(write_atomic(&tmp.path().join("missing/notes.json"), b"x").is_err());
}

#[test]
fn two_stores_in_threads_lose_nothing() {
    const N: usize = 25;
    let tmp = tempfile::tempdir().expect("tempdir");
    let writers: Vec<_> = ["left", "right"]
        .into_iter()
        .map(|who| {
            let dir = tmp.path().to_owned();
            thread::spawn(move || {
                let (mut store, _) = Store::open(&dir);
                for i in 0..N {
                    store.add_bookmark(bookmark("leaking", &format!("{who}-{i}"))).expect("save");
                    store.save_position(position(who, i as f32 / N as f32)).expect("save");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer thread");
    }
    let (store, _) = Store::open(tmp.path());
    assert_eq!(store.bookmarks(None).len(), 2 * N);
    assert_eq!(store.all_positions().len(), 2);
}

const CHILD_DIR: &str = "ESSAYREADER_TEST_STORE_CHILD_DIR";
const PER_PROCESS: usize = 30;

/// Not a test on its own: the second process of `two_processes_lose_nothing`.
#[test]
fn child_writer() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let (mut store, _) = Store::open(Path::new(&dir));
    for i in 0..PER_PROCESS {
        store.add_bookmark(bookmark("leaking", &format!("child-{i}"))).expect("save");
    }
}

#[test]
fn two_processes_lose_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let exe = std::env::current_exe().expect("test binary");
    let child = Command::new(exe)
        .args(["child_writer", "--exact", "--test-threads=1"])
        .env(CHILD_DIR, tmp.path())
        // Captured, so the child's own test summary does not mix into this run's output.
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("second process");
    let (mut store, _) = Store::open(tmp.path());
    for i in 0..PER_PROCESS {
        store.add_bookmark(bookmark("leaking", &format!("parent-{i}"))).expect("save");
    }
    let out = child.wait_with_output().expect("child exit");
    assert!(
        out.status.success(),
        "second process failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    let (store, _) = Store::open(tmp.path());
    let all = labels(&store);
    assert_eq!(all.len(), 2 * PER_PROCESS, "{all:?}");
    for i in 0..PER_PROCESS {
        assert!(all.contains(&format!("child-{i}")) && all.contains(&format!("parent-{i}")));
    }
}

#[test]
fn deleted_stays_deleted_when_another_copy_saves() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (mut first, _) = Store::open(tmp.path());
    let doomed = bookmark("leaking", "doomed");
    first.add_bookmark(doomed.clone()).expect("save");
    let (mut second, _) = Store::open(tmp.path());
    assert_eq!(labels(&second), ["doomed"]);

    first.delete_bookmark(&doomed.id).expect("delete");
    second.add_bookmark(bookmark("leaking", "later")).expect("save");
    assert_eq!(labels(&second), ["later"], "the other copy's delete is picked up");
    assert_eq!(labels(&Store::open(tmp.path()).0), ["later"]);

    // And the other way round: a bookmark added by one copy survives the other's delete.
    first.add_bookmark(bookmark("leaking", "mine")).expect("save");
    let later_id = second.bookmarks(None)[0].id.clone();
    second.delete_bookmark(&later_id).expect("delete");
    assert_eq!(labels(&Store::open(tmp.path()).0), ["mine"]);
}

#[test]
fn latest_position_wins_across_copies() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (mut first, _) = Store::open(tmp.path());
    let (mut second, _) = Store::open(tmp.path());

    first.save_position(position("leaking", 0.4)).expect("save");
    second.save_position(position("leaking", 0.9)).expect("save");
    assert_eq!(second.position("leaking").map(|p| p.progress), Some(0.9), "saved last, read last");
    assert_eq!(Store::open(tmp.path()).0.position("leaking").map(|p| p.progress), Some(0.9));

    second.save_position(position("leaking", 0.6)).expect("save");
    second.save_position(position("other", 1.5)).expect("save");
    let (again, _) = Store::open(tmp.path());
    assert_eq!(again.position("leaking").map(|p| p.progress), Some(0.6));
    assert_eq!(again.position("other").map(|p| p.progress), Some(1.0), "clamped");
    let essays: Vec<_> = again.all_positions().iter().map(|p| p.essay.as_str()).collect();
    assert_eq!(essays, ["leaking", "other"]);
}

fn known(id: &str, path: &str) -> essayreader::core::identity::KnownEssay {
    essayreader::core::identity::KnownEssay {
        id: id.into(),
        fingerprint: 1,
        sketch: Default::default(),
        path: path.into(),
        title: format!("Title of {id}"),
    }
}

#[test]
fn the_registry_forgets_absent_essays_without_state_and_attach_moves_state() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = Store::open(tmp.path());
    store.add_bookmark(bookmark("gone-with-state", "kept")).expect("bookmark");
    store.save_position(position("gone-with-state", 0.3)).expect("position");
    let all = [known("here", "a.md"), known("gone-with-state", "b.md"), known("gone", "c.md")];
    store.remember_essays(&all, |id| id == "here", Vec::new).expect("remember");
    let (store, _) = Store::open(tmp.path());
    let ids: Vec<&str> = store.known().iter().map(|k| k.id.as_str()).collect();
    assert_eq!(ids, ["gone-with-state", "here"]);

    let mut store = store;
    store.attach("gone-with-state", "here").expect("attach");
    let (store, _) = Store::open(tmp.path());
    assert_eq!(store.bookmarks(Some("here")).len(), 1);
    assert!(store.bookmarks(Some("gone-with-state")).is_empty());
    assert!(store.position("here").is_some_and(|p| p.progress > 0.29));
    let ids: Vec<&str> = store.known().iter().map(|k| k.id.as_str()).collect();
    assert_eq!(ids, ["here"]);
}

#[test]
fn state_keyed_the_old_way_is_moved_once_when_the_registry_is_first_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = Store::open(tmp.path());
    store.add_bookmark(bookmark("solo-essy", "old")).expect("bookmark");
    store.save_position(position("solo-essy", 0.5)).expect("position");
    let (mut store, _) = Store::open(tmp.path());
    let legacy = || vec![("solo-essy".to_string(), "0123456789ab".to_string())];
    store.remember_essays(&[known("0123456789ab", "solo.md")], |_| true, legacy).expect("remember");
    assert_eq!(store.bookmarks(Some("0123456789ab")).len(), 1);
    assert!(store.position("0123456789ab").is_some());
    // Only once: a later bookmark under the old id (another essay's now) is left alone.
    store.add_bookmark(bookmark("solo-essy", "new")).expect("bookmark");
    let (mut store, _) = Store::open(tmp.path());
    store.remember_essays(&[known("0123456789ab", "solo.md")], |_| true, legacy).expect("remember");
    assert_eq!(store.bookmarks(Some("solo-essy")).len(), 1);
}

#[test]
fn a_config_folder_replaced_by_a_file_says_so_on_save() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("config");
    let (mut store, notices) = Store::open(&dir);
    assert!(notices.is_empty(), "{notices:?}");
    fs::write(&dir, b"not a folder").expect("a file in the folder's place");
    let err = store.add_bookmark(bookmark("leaking", "x")).expect_err("cannot save");
    // What the start-up notice would say, not "File exists (os error 17)".
    assert!(err.to_string().ends_with("config is not a folder"), "{err}");
}

/// `chattr +i` makes a folder unwritable even for root (unlike chmod); `None` where the
/// file system or the user cannot do that.
fn immutable(dir: &Path) -> Option<impl Drop> {
    struct Mutable(PathBuf);
    impl Drop for Mutable {
        fn drop(&mut self) {
            let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
        }
    }
    let ok =
        Command::new("chattr").arg("+i").arg(dir).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    ok.then(|| Mutable(dir.to_path_buf()))
}

#[test]
fn a_folder_that_cannot_be_written_is_said_at_start() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("config");
    let (mut seed, _) = Store::open(&dir);
    seed.add_bookmark(bookmark("leaking", "old")).expect("seed");
    let Some(_guard) = immutable(&dir) else {
        eprintln!("skipped: chattr +i is not available here");
        return;
    };
    let (store, notices) = Store::open(&dir);
    assert_eq!(labels(&store), ["old"]);
    assert!(!store.writable());
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].starts_with("cannot save bookmarks or reading positions: "), "{notices:?}");
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_link_in_place_of_a_state_file_is_set_aside_and_said() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let outside = tmp.path().join("outside.json");
    fs::write(&outside, br#"{"version": 1, "positions": []}"#).expect("seed");
    let dir = tmp.path().join("config");
    fs::create_dir(&dir).expect("dir");
    let fifo = std::ffi::CString::new(dir.join(BOOKMARKS_FILE).to_str().expect("path")).expect("c");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    std::os::unix::fs::symlink(&outside, dir.join(POSITIONS_FILE)).expect("link");

    let (mut store, notices) = Store::open(&dir);
    assert_eq!(notices.len(), 2, "{notices:?}");
    assert!(notices[0].starts_with("Not a file: kept as bookmarks.json.aside-"), "{notices:?}");
    assert!(notices[1].starts_with("Not a file: kept as positions.json.aside-"), "{notices:?}");
    store.add_bookmark(bookmark("leaking", "new")).expect("save");
    store.save_position(position("leaking", 0.4)).expect("save");
    assert!(fs::symlink_metadata(own_positions(&dir)).expect("file").is_file());
    assert_eq!(fs::read(&outside).expect("outside"), br#"{"version": 1, "positions": []}"#);
    assert_eq!(files_named(&dir, "positions.json.aside-").len(), 1);
}

/// The lock held by another process (`flock DIR/.lock sleep 120`) until dropped.
struct HeldLock(std::process::Child);

impl HeldLock {
    // The child is waited for when the `HeldLock` is dropped.
    #[allow(clippy::zombie_processes)]
    fn take(dir: &Path) -> HeldLock {
        use std::os::unix::process::CommandExt;
        fs::create_dir_all(dir).expect("dir");
        let lock = dir.join(".lock");
        let child = Command::new("flock")
            .arg(&lock)
            .args(["sleep", "120"])
            .process_group(0)
            .spawn()
            .expect("flock (util-linux) runs");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let file =
                fs::OpenOptions::new().create(true).truncate(false).write(true).open(&lock).expect("lock");
            if matches!(file.try_lock(), Err(fs::TryLockError::WouldBlock)) {
                return HeldLock(child);
            }
            drop(file);
            assert!(std::time::Instant::now() < deadline, "flock never took the lock");
            thread::sleep(std::time::Duration::from_millis(10));
        }
    }
}

impl Drop for HeldLock {
    fn drop(&mut self) {
        // SAFETY: signalling the process group this test started (flock and its sleep).
        unsafe { libc::kill(-(self.0.id() as libc::pid_t), libc::SIGKILL) };
        let _ = self.0.wait();
    }
}

static SAID: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

#[test]
fn a_save_waiting_for_the_lock_says_so_and_saves_once_it_is_free() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let held = HeldLock::take(tmp.path());
    // Reading needs no lock.
    let (mut store, _) = Store::open(tmp.path());
    store.say_when_waiting(|line| SAID.lock().expect("said").push(line.to_string()));
    let saver = thread::spawn(move || {
        let result = store.add_bookmark(bookmark("leaking", "patient"));
        (store, result)
    });
    while SAID.lock().expect("said").is_empty() {
        assert!(!saver.is_finished(), "the save ended without waiting");
        thread::sleep(std::time::Duration::from_millis(10));
    }
    let said = SAID.lock().expect("said").clone();
    assert!(said[0].starts_with("waiting for another essayreader to finish saving ("), "{said:?}");
    assert!(said[0].ends_with(".lock is held)"), "{said:?}");
    drop(held);
    let (_, result) = saver.join().expect("thread");
    result.expect("saved once the lock was free");
    assert_eq!(labels(&Store::open(tmp.path()).0), ["patient"]);
}

#[test]
fn background_saves_show_at_once_and_bring_in_another_copys_changes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (mut other, _) = Store::open(tmp.path());
    let (mut store, _) = Store::open(tmp.path());
    store.save_in_background();
    other.add_bookmark(bookmark("leaking", "theirs")).expect("save");
    store.add_bookmark(bookmark("leaking", "mine")).expect("queued");
    assert_eq!(labels(&store), ["mine"], "shown at once");
    let mut changed = false;
    while store.saving() || !changed {
        changed |= store.poll().changed;
        thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(labels(&store), ["theirs", "mine"]);
    let mut said = Vec::new();
    store.finish(std::time::Duration::from_secs(5), &mut |line| said.push(line.to_string()));
    assert!(said.is_empty(), "{said:?}");
}

#[test]
fn quitting_while_the_lock_is_held_says_what_was_not_saved() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let _held = HeldLock::take(tmp.path());
    let (mut store, _) = Store::open(tmp.path());
    store.save_in_background();
    store.add_bookmark(bookmark("leaking", "a")).expect("queued");
    store.save_position(position("leaking", 0.5)).expect("queued");
    let mut said = Vec::new();
    store.finish(std::time::Duration::from_millis(1500), &mut |line| said.push(line.to_string()));
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(said[0].starts_with("waiting for another essayreader to finish saving"), "{said:?}");
    assert!(
        said[1].starts_with("not saved: 1 bookmark change and the reading position (another program holds ")
    );
}

#[cfg(unix)]
#[test]
fn a_link_in_place_of_this_machines_sync_file_is_set_aside_never_written_through() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("config");
    let outside = tmp.path().join("precious");
    fs::write(&outside, b"root:x:0:0\n").expect("seed");
    let own = own_bookmarks(&dir);
    fs::create_dir_all(own.parent().expect("folder")).expect("folder");
    std::os::unix::fs::symlink(&outside, &own).expect("link");

    let (mut store, notices) = Store::open(&dir);
    assert_eq!(notices, ["bookmarks.jsonl is not a regular file; it is set aside at the next save"]);
    store.add_bookmark(bookmark("leaking", "saved")).expect("save");
    assert!(store.take_notices()[0].starts_with("Not a file: kept as bookmarks.jsonl.aside-"));
    assert_eq!(fs::read(&outside).expect("outside"), b"root:x:0:0\n");
    assert!(fs::symlink_metadata(&own).expect("file").is_file());
    assert_eq!(labels(&Store::open(&dir).0), ["saved"]);
}

#[test]
fn a_half_synced_line_from_another_machine_is_said_and_the_rest_is_read() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = Store::open(tmp.path());
    store.add_bookmark(bookmark("leaking", "mine")).expect("save");
    // Another machine (its own config folder) saves into the same sync folder; its file's
    // last line is then cut off mid-copy.
    let other = tmp.path().join("other-config");
    let (mut theirs, _) = Store::open_in(&other, &tmp.path().join("sync"), Some("laptop"));
    theirs.add_bookmark(bookmark("leaking", "theirs")).expect("save");
    let file = Store::files(&other, &tmp.path().join("sync"), true).0;
    let mut text = fs::read_to_string(&file).expect("file");
    text.push_str("{\"at\":\"0001764");
    fs::write(&file, text).expect("write");

    let (again, notices) = Store::open(tmp.path());
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].starts_with("1 lines of ") && notices[0].ends_with("could not be read"),
        "{notices:?}"
    );
    let mut all = labels(&again);
    all.sort();
    assert_eq!(all, ["mine", "theirs"]);
}

#[test]
fn a_sync_folder_that_cannot_be_made_is_said_and_nothing_is_saved_elsewhere() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let blocker = tmp.path().join("not-a-folder");
    fs::write(&blocker, b"x").expect("seed");
    let (mut store, notices) = Store::open_in(&tmp.path().join("config"), &blocker.join("sync"), None);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].starts_with("cannot save bookmarks, positions or highlights: "), "{notices:?}");
    assert!(!store.writable());
    let err = store.add_bookmark(bookmark("leaking", "x")).expect_err("read-only");
    assert!(err.to_string().starts_with("cannot save bookmarks: "), "{err}");
    assert!(store.bookmarks(None).is_empty(), "a refused change is not shown");
}
