//! The real binary in a real pseudo-terminal: open the bundled essay, move by headings,
//! search, resize, quit; and the terminal is given back however the app ends.

mod common;

use std::os::unix::process::ExitStatusExt;

use common::folders::{Folders, quit, top_text};
use common::{Key, Term, essayreader_bin};

/// A reader with empty temporary config and essays folders.
struct Reader {
    term: Term,
    _folders: Folders,
}

fn launch(args: &[&str], cols: u16, rows: u16) -> Reader {
    let folders = Folders::new();
    Reader { term: folders.spawn(args, cols, rows), _folders: folders }
}

#[test]
fn heading_jumps_search_resize_and_quit_leave_a_clean_terminal() {
    let mut r = launch(&["leaking"], 110, 30);
    r.term.wait_for("min left");
    assert!(r.term.screen_text().contains("Outline"));
    assert!(top_text(&r.term).starts_with("Why I support leaking"));

    r.term.send("]");
    r.term.wait_until(|_| top_text(&r.term) == "Who am I?", "first section heading on the top line");
    r.term.send("]]]");
    r.term.wait_until(
        |_| top_text(&r.term) == "Membership numbers and revolutionary ideas",
        "fourth section on the top line",
    );
    r.term.send("[");
    r.term.wait_until(|_| top_text(&r.term) == "What goes on at the local levels", "back one heading");

    r.term.send("/Lukacs");
    r.term.wait_for("1/1");
    r.term.send_key(Key::Enter);
    r.term.wait_for("/Lukacs 1/1");

    // A narrow window hides the outline; the same passage stays on screen.
    r.term.resize(50, 20);
    r.term.wait_until(|s| s.contains("Lukacs") && !s.contains("Outline"), "relaid out at 50 columns");

    quit(&mut r.term);
}

#[test]
fn library_opens_the_bundled_essay_and_ctrl_c_quits() {
    let mut r = launch(&[], 100, 24);
    r.term.wait_for("Why I support leaking Leftist");
    r.term.wait_for("drop .md or .txt files into");
    r.term.send_key(Key::Enter);
    r.term.wait_for("min left");
    r.term.send_key(Key::Ctrl('c'));
    assert!(r.term.wait_exit().success());
    r.term.assert_restored();
}

fn stopped_by(signal: libc::c_int) {
    let mut r = launch(&["leaking"], 100, 24);
    r.term.wait_for("min left");
    r.term.signal(signal);
    let status = r.term.wait_exit();
    assert_eq!(status.code(), Some(128 + signal), "{status:?}");
    r.term.assert_restored();
}

#[test]
fn sigterm_gives_the_terminal_back() {
    stopped_by(libc::SIGTERM);
}

#[test]
fn sighup_gives_the_terminal_back() {
    stopped_by(libc::SIGHUP);
}

#[test]
fn sigint_from_outside_gives_the_terminal_back() {
    stopped_by(libc::SIGINT);
}

#[test]
fn a_panic_gives_the_terminal_back_and_says_one_line() {
    let dirs = tempfile::tempdir().unwrap();
    let config = dirs.path().join("config");
    let mut term = Term::spawn(
        essayreader_bin(),
        &["leaking"],
        &[("ESSAYREADER_CONFIG_DIR", config.to_str().unwrap()), ("ESSAYREADER_TEST_PANIC", "1")],
        100,
        24,
    );
    term.wait_for("min left");
    term.send("j");
    let status = term.wait_exit();
    assert_eq!(status.code(), Some(1), "{status:?} {:?}", status.signal());
    term.assert_restored();
    let screen = term.screen_text();
    assert!(screen.contains("essayreader: internal error"), "{screen}");
    assert!(!screen.contains("stack backtrace"), "{screen}");
}

#[test]
fn a_tiny_window_says_so_and_recovers() {
    let mut r = launch(&["leaking"], 100, 24);
    r.term.wait_for("min left");
    r.term.resize(12, 3);
    r.term.wait_for("Terminal");
    r.term.resize(1, 1);
    r.term.resize(90, 20);
    r.term.wait_for("min left");
    quit(&mut r.term);
}

#[test]
fn closing_the_terminal_window_ends_the_reader_and_keeps_its_place() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    use std::time::{Duration, Instant};

    let dirs = tempfile::tempdir().unwrap();
    let config = dirs.path().join("config");
    let pair = native_pty_system()
        .openpty(PtySize { rows: 24, cols: 100, pixel_width: 0, pixel_height: 0 })
        .unwrap();
    let mut cmd = CommandBuilder::new(essayreader_bin());
    cmd.arg("leaking");
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", dirs.path());
    cmd.env("ESSAYREADER_CONFIG_DIR", &config);
    cmd.env("ESSAYREADER_ESSAYS_DIR", dirs.path().join("essays"));
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    // Read until the first frame is drawn, then let go of the reading end.
    let mut reader = pair.master.try_clone_reader().unwrap();
    let seen = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&out).contains("min left") {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
        String::from_utf8_lossy(&out).contains("min left")
    })
    .join()
    .unwrap();
    assert!(seen, "the reader drew its first frame");
    // Close the terminal: every handle on the master side goes.
    drop(pair.master);
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the reader kept running after its terminal closed");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(!status.success(), "ended as on a hang-up: {status:?}");
    let machine = std::fs::read_to_string(config.join("machine-id")).expect("a machine id");
    let own = config.join("sync").join(machine.trim()).join("positions.jsonl");
    assert!(own.exists(), "the reading position was saved");
}
