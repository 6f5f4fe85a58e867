//! The real binary in a real pseudo-terminal, treated roughly: quit, hang-up and terminate
//! signals keep the place and give the terminal back; `Ctrl-z` and `kill -TSTP` suspend
//! like `less` does and a continue brings the screen back; a huge paste is one event; a
//! panic's message stays readable.

mod common;

use std::os::unix::process::ExitStatusExt;
use std::time::{Duration, Instant};

use common::folders::{Folders, quit, top_text};
use common::{Key, Term, essayreader_bin};

/// The process state letter from `/proc/PID/stat` (`T` when stopped).
fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name in parentheses may hold spaces: the state follows the last ')'.
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

/// Waits (polling, up to the harness's usual 20 s) until `done` holds.
fn wait_until(term: &Term, mut done: impl FnMut(&Term) -> bool, what: &str) {
    let deadline = Instant::now() + common::DEFAULT_TIMEOUT;
    while !done(term) {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what} (process state {:?}); screen:\n{}",
            process_state(term.pid()),
            term.screen_text()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Stops the reader with `signal` one section in, then checks the terminal and that the
/// next start resumes at that section.
fn a_signal_keeps_the_place(signal: libc::c_int) {
    let folders = Folders::new();
    let mut term = folders.spawn_with(&["leaking"], &[], 100, 24);
    term.wait_for("min left");
    term.send("]");
    term.wait_until(|_| top_text(&term) == "Who am I?", "first section heading on the top line");
    term.signal(signal);
    let status = term.wait_exit();
    assert_eq!(status.code(), Some(128 + signal), "{status:?}, signal {:?}", status.signal());
    term.assert_restored();

    let mut again = folders.spawn_with(&["leaking"], &[], 100, 24);
    again.wait_for("min left");
    assert_eq!(top_text(&again), "Who am I?", "resumed where the signal stopped it");
    again.send_key(Key::Ctrl('c'));
    assert!(again.wait_exit().success());
}

#[test]
fn sigquit_gives_the_terminal_back_and_keeps_the_place() {
    a_signal_keeps_the_place(libc::SIGQUIT);
}

#[test]
fn sigterm_keeps_the_place() {
    a_signal_keeps_the_place(libc::SIGTERM);
}

#[test]
fn sighup_keeps_the_place() {
    a_signal_keeps_the_place(libc::SIGHUP);
}

/// The pid of `parent`'s child process, waiting for it to appear.
fn child_of(term: &Term) -> u32 {
    let parent = term.pid().to_string();
    let find = || {
        std::fs::read_dir("/proc").ok()?.flatten().find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            let ppid = stat.rsplit_once(')')?.1.split_whitespace().nth(1)?;
            (ppid == parent).then_some(pid)
        })
    };
    let mut found = None;
    wait_until(
        term,
        |_| {
            found = find();
            found.is_some()
        },
        "the reader started by the shell",
    );
    found.unwrap_or_default()
}

/// The reader started the way a user starts it: by a shell with job control (`set -m`),
/// which, once the reader stops, reads a line and then brings it back with `fg`.
fn under_a_job_control_shell(folders: &Folders) -> (Term, u32) {
    let script = r#"set -m; "$0" leaking; read -r _; fg"#;
    let bin = essayreader_bin().to_str().unwrap();
    let env = [
        ("ESSAYREADER_CONFIG_DIR", folders.config.to_str().unwrap()),
        ("ESSAYREADER_ESSAYS_DIR", folders.essays.to_str().unwrap()),
    ];
    let term = Term::spawn(std::path::Path::new("/bin/bash"), &["-c", script, bin], &env, 100, 24);
    let reader = child_of(&term);
    (term, reader)
}

/// After a suspension request: the reader is stopped with the terminal given back and the
/// shell's prompt usable; after `fg` it takes the screen again and draws it whole.
fn suspends_and_resumes(suspend: impl FnOnce(&Term, u32)) {
    let folders = Folders::new();
    let (mut term, reader) = under_a_job_control_shell(&folders);
    term.wait_for("min left");
    assert!(!term.is_cooked() && term.alternate_screen());
    suspend(&term, reader);
    wait_until(&term, |_| process_state(reader) == Some('T'), "the reader to stop");
    // What it wrote before stopping may still be on its way through the pty.
    wait_until(&term, |t| !t.alternate_screen(), "the main screen while suspended");
    term.wait_for("Stopped");
    assert!(term.is_cooked(), "the terminal is cooked while suspended");
    assert!(!term.cursor_hidden(), "the cursor shows while suspended");
    let mouse = term.with_screen(|s| s.mouse_protocol_mode());
    assert_eq!(mouse, vt100::MouseProtocolMode::None, "mouse reporting is off while suspended");
    assert!(!term.with_screen(|s| s.bracketed_paste()), "bracketed paste is off while suspended");

    // The window changes size meanwhile; the shell reads a line (cooked: it needs Enter),
    // then runs `fg`.
    term.resize(90, 20);
    term.send("\r");
    // A fresh alternate screen is blank: the essay showing again means a full redraw, and
    // its status line on the last row of the new size means it was drawn at that size.
    term.wait_until(|_| term.row(19).contains("min left"), "the reader drawn again after fg, at 90x20");
    assert!(term.alternate_screen(), "back on the alternate screen");
    assert!(!term.is_cooked(), "back in raw mode");
    let mouse = term.with_screen(|s| s.mouse_protocol_mode());
    assert_ne!(mouse, vt100::MouseProtocolMode::None, "mouse reporting is back on");
    // Keys work again, raw (a `q` with no Enter).
    quit(&mut term);
}

#[test]
fn ctrl_z_suspends_like_less_and_fg_redraws() {
    suspends_and_resumes(|term, _| term.send_key(Key::Ctrl('z')));
}

#[test]
fn sigtstp_from_outside_suspends_the_same_way() {
    suspends_and_resumes(|_, reader| {
        // SAFETY: kill(2) has no memory-safety preconditions.
        let sent = unsafe { libc::kill(reader as libc::pid_t, libc::SIGTSTP) };
        assert_eq!(sent, 0, "kill -TSTP {reader}");
    });
}

#[test]
fn a_book_written_over_while_the_reader_is_stopped_is_written_at_once_and_read_again() {
    // A book is mapped under a lease (`library::mapped`): a stopped reader could not answer a
    // writer, who would wait out the kernel's 45 s, so it lets every lease go before stopping.
    let folders = Folders::new();
    let book = folders.essays.join("book.md");
    let mut text = String::from("# The stopped book\n\n");
    for n in 1..=16_000 {
        text.push_str(&format!("Paragraph {n}: it’s long, and “patient” — on purpose, at length.\n\n"));
    }
    assert!(text.len() > 1 << 20, "a book: {}", text.len());
    std::fs::write(&book, &text).unwrap();
    let script = r#"set -m; "$0" "stopped book"; read -r _; fg"#;
    let bin = essayreader_bin().to_str().unwrap();
    let env = [
        ("ESSAYREADER_CONFIG_DIR", folders.config.to_str().unwrap()),
        ("ESSAYREADER_ESSAYS_DIR", folders.essays.to_str().unwrap()),
    ];
    let mut term = Term::spawn(std::path::Path::new("/bin/bash"), &["-c", script, bin], &env, 100, 24);
    let reader = child_of(&term);
    term.wait_for("Paragraph 1:");
    let maps = std::fs::read_to_string(format!("/proc/{reader}/maps")).unwrap();
    assert!(maps.contains(book.to_str().unwrap()), "the book is mapped, not read:\n{maps}");
    term.send_key(Key::Ctrl('z'));
    wait_until(&term, |_| process_state(reader) == Some('T'), "the reader to stop");

    // Written over in place while the reader is stopped: the writer goes on at once.
    let (done, finished) = std::sync::mpsc::channel();
    let path = book.clone();
    std::thread::spawn(move || {
        done.send(std::fs::write(&path, "# The stopped book\n\nWritten while it was stopped.\n")).unwrap();
    });
    let written = finished.recv_timeout(Duration::from_secs(20));
    assert!(matches!(written, Ok(Ok(()))), "the writer waited on a stopped reader: {written:?}");

    // Back with `fg`: the reader reads the new text.
    term.send("\r");
    term.wait_for("Written while it was stopped.");
    quit(&mut term);
}

#[test]
fn ctrl_z_without_a_shell_to_come_back_to_is_refused_with_a_notice() {
    // Started straight in the pty (as `tmux new essayreader` or `ssh -t host essayreader`
    // do), no shell could `fg` a stopped reader: it must not stop.
    let folders = Folders::new();
    let mut term = folders.spawn_with(&["leaking"], &[], 100, 24);
    term.wait_for("min left");
    term.send_key(Key::Ctrl('z'));
    term.wait_for("Not suspended");
    assert_ne!(process_state(term.pid()), Some('T'));
    assert!(term.alternate_screen() && !term.is_cooked(), "the terminal is still the reader's");
    quit(&mut term);
}

#[test]
fn a_huge_bracketed_paste_into_search_does_not_hold_up_quitting() {
    let folders = Folders::new();
    let mut term = folders.spawn_with(&["leaking"], &[], 100, 24);
    term.wait_for("min left");
    term.send("/");
    term.wait_for("Esc cancels");
    let mut paste = b"\x1b[200~".to_vec();
    while paste.len() < 100 * 1024 {
        paste.extend_from_slice(b"solidarity ");
    }
    paste.extend_from_slice(b"\x1b[201~");
    term.send_bytes(&paste);
    // The prompt shows the end of what was pasted, cut to its bound, and says so.
    term.wait_for("solidarity solid");
    term.wait_for("Paste cut to 500 characters");
    term.send_key(Key::Esc);
    term.wait_for("min left");
    quit(&mut term);
}

#[test]
fn the_panic_message_stays_on_the_main_screen() {
    let folders = Folders::new();
    let mut term = folders.spawn_with(&["leaking"], &[("ESSAYREADER_TEST_PANIC", "1")], 100, 24);
    term.wait_for("min left");
    term.send("j");
    let status = term.wait_exit();
    assert_eq!(status.code(), Some(1), "{status:?}");
    term.assert_restored();
    let rows = term.rows();
    let message = rows.iter().position(|r| r.contains("essayreader: internal error"));
    let Some(message) = message else { panic!("no panic message on screen:\n{}", rows.join("\n")) };
    // The shell prints its prompt at the cursor: it must be below the message, not on it.
    let (cursor_row, _) = term.cursor();
    assert!(
        usize::from(cursor_row) > message,
        "the cursor is back on row {cursor_row}, over the message on row {message}:\n{}",
        rows.join("\n")
    );
}

#[test]
fn ctrl_backslash_quits_like_sigquit() {
    let folders = Folders::new();
    let mut term = folders.spawn_with(&["leaking"], &[], 100, 24);
    term.wait_for("min left");
    term.send("]");
    term.wait_until(|_| top_text(&term) == "Who am I?", "first section heading on the top line");
    term.send_key(Key::Ctrl('\\'));
    let status = term.wait_exit();
    assert_eq!(status.code(), Some(128 + libc::SIGQUIT), "{status:?}");
    term.assert_restored();
    let again = folders.spawn_with(&["leaking"], &[], 100, 24);
    again.wait_for("min left");
    assert_eq!(top_text(&again), "Who am I?", "resumed where Ctrl-\\ stopped it");
}

#[test]
fn a_panic_in_a_background_worker_is_a_notice_and_reading_goes_on() {
    // Without a library cache the folders are first read in the background: that worker
    // is made to panic.
    let folders = Folders::new();
    let mut term = folders.spawn_with(&[], &[("ESSAYREADER_TEST_PANIC", "worker")], 100, 24);
    term.wait_for("Internal error in the first scan");
    assert!(term.alternate_screen() && !term.is_cooked(), "the terminal is still the reader's");
    term.send_key(Key::Enter);
    term.wait_for("min left");
    quit(&mut term);
}

#[test]
fn a_plain_stop_and_continue_takes_the_terminal_back_and_redraws() {
    // `kill -STOP` cannot be caught: while the reader is stopped another program may print
    // over its screen and put the terminal in cooked mode (as a shell does when it takes
    // the terminal back). On SIGCONT the reader must take it again and redraw everything.
    let folders = Folders::new();
    let mut term = folders.spawn_with(&["leaking"], &[], 100, 24);
    term.wait_for("min left");
    let pid = i32::try_from(term.pid()).expect("pid");
    let tty = std::fs::read_link(format!("/proc/{pid}/fd/0")).expect("the reader's terminal");
    // SAFETY: plain kill(2) calls on the reader's own process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGSTOP) }, 0);
    wait_until(&term, |t| process_state(t.pid()) == Some('T'), "the reader to stop");

    let status = std::process::Command::new("stty").arg("-F").arg(&tty).arg("sane").status().expect("stty");
    assert!(status.success());
    std::fs::write(&tty, "\x1b[2J\x1b[Hscribbled over by another program\r\n")
        .expect("write to the terminal");
    term.wait_for("scribbled over");
    wait_until(&term, Term::is_cooked, "the terminal to be cooked while stopped");

    // SAFETY: as above.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGCONT) }, 0);
    term.wait_until(|s| !s.contains("scribbled over") && s.contains("min left"), "a full redraw");
    wait_until(&term, |t| !t.is_cooked(), "raw mode again");
    assert!(term.alternate_screen(), "on the alternate screen again");
    term.send("]");
    term.wait_until(|_| top_text(&term) == "Who am I?", "keys work after the continue");
    quit(&mut term);
}
