//! Tests of the pty harness in `tests/common` itself, run against programs
//! found on any Debian machine (`/bin/sh`, `stty`, `dd`, `od`, `sleep`).

mod common;

use std::os::unix::process::ExitStatusExt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use common::{Key, Term};

/// Runs `script` with `/bin/sh -c` in an 80x24 terminal.
fn sh(script: &str) -> Term {
    Term::spawn(Path::new("/bin/sh"), &["-c", script], &[], 80, 24)
}

/// The message of the panic `f` raises.
///
/// # Panics
///
/// If `f` does not panic.
fn panic_message(f: impl FnOnce()) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("expected a panic");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}

/// Whether process `pid` no longer runs (gone, or a zombie nobody reaped).
fn process_gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        // The state is the first field after the parenthesised command name.
        Ok(stat) => stat.rsplit_once(')').is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X'])),
    }
}

#[test]
fn program_that_cleans_up_passes_the_restoration_check() {
    let mut term =
        sh(r#"printf "\033[?1049h\033[?25l"; printf hello; read x; printf "\033[?25h\033[?1049l""#);
    term.wait_for("hello");
    assert!(term.alternate_screen());
    assert!(term.cursor_hidden());
    term.send("x\r");
    let status = term.wait_exit();
    assert!(status.success(), "{status}");
    assert!(!term.alternate_screen());
    term.assert_restored();
}

#[test]
fn leftover_alternate_screen_cursor_and_mouse_are_reported() {
    let mut term = sh(r#"printf "\033[?1049h\033[?25l\033[?1000h\033[?2004h"; printf left-behind"#);
    assert!(term.wait_exit().success());
    let problems = term.check_restored().expect_err("should not count as restored");
    let all = problems.join("\n");
    for expected in ["alternate screen", "cursor is still hidden", "mouse", "bracketed paste"] {
        assert!(all.contains(expected), "no {expected:?} in {all}");
    }
    assert!(!all.contains("cooked"), "termios was never touched: {all}");

    let message = panic_message(|| term.assert_restored());
    assert!(message.contains("alternate screen"), "{message}");
    assert!(message.contains("left-behind"), "no screen in: {message}");
}

#[test]
fn raw_mode_left_behind_is_detected() {
    let mut term = sh("stty raw -echo; printf raw");
    assert!(term.wait_exit().success());
    assert!(!term.is_cooked());
    let problems = term.check_restored().expect_err("raw mode left behind");
    let all = problems.join("\n");
    assert!(all.contains("ICANON"), "{all}");
    assert!(all.contains("ECHO"), "{all}");
    assert!(all.contains("OPOST"), "{all}");
}

#[test]
fn raw_mode_restored_from_saved_settings_passes() {
    // What crossterm does: save the settings, go raw, restore them on exit.
    let mut term = sh(
        r#"s=$(stty -g); stty raw -echo; printf raw-now; dd bs=1 count=1 2>/dev/null >/dev/null; stty "$s"; printf cooked-again"#,
    );
    term.wait_for("raw-now");
    assert!(!term.is_cooked(), "the program is in raw mode");
    term.send("k");
    term.wait_for("cooked-again");
    assert!(term.wait_exit().success());
    assert!(term.is_cooked());
    term.assert_restored();
}

#[test]
fn resize_changes_the_pty_size_and_the_screen() {
    let mut term = sh(r#"printf ready; read x; printf "size=%s." "$(stty size)"; read y"#);
    term.wait_for("ready");
    term.resize(100, 30);
    assert_eq!(term.size(), (100, 30));
    assert_eq!(term.rows().len(), 30);
    term.send_key(Key::Enter);
    term.wait_for("size=30 100.");
    term.send_key(Key::Enter);
    assert!(term.wait_exit().success());
}

#[test]
fn resize_delivers_sigwinch() {
    let mut term = sh(r#"trap 'printf "winch=%s." "$(stty size)"; exit 0' WINCH; printf ready; read x"#);
    term.wait_for("ready");
    term.resize(60, 20);
    term.wait_for("winch=20 60.");
    assert!(term.wait_exit().success());
}

#[test]
fn cursor_position_and_device_attribute_queries_are_answered() {
    // Ask in raw mode (as crossterm does) and print the replies with ESC
    // shown as "E".
    let mut term = sh(r#"s=$(stty -g); stty raw -echo
printf 'ab\033[6n'; cpr=$(dd bs=1 count=6 2>/dev/null)
printf '\033[c'; da=$(dd bs=1 count=7 2>/dev/null)
stty "$s"; printf '\ncpr=%s da=%s.\n' "$cpr" "$da" | tr '\033' E"#);
    term.wait_for("cpr=E[1;3R da=E[?1;2c.");
    assert!(term.wait_exit().success());
    term.assert_restored();
}

#[test]
fn keys_arrive_as_xterm_sends_them() {
    // Reads a key's bytes in raw mode and shows them in hex; then the same
    // in application cursor mode, where the arrows are sent as ESC O x.
    let mut term = sh(r#"s=$(stty -g); stty raw -echo
printf 'one\r\n'; a=$(dd bs=1 count=4 2>/dev/null | od -An -tx1)
printf '\033[?1hmode\r\n'; b=$(dd bs=1 count=3 2>/dev/null | od -An -tx1)
printf '\033[?1l'; stty "$s"; echo "a=$a"; echo "b=$b""#);
    term.wait_for("one");
    term.send_key(Key::PageUp);
    term.wait_for("mode");
    term.send_key(Key::Up);
    let screen = term.wait_for("b=");
    assert!(screen.contains("a= 1b 5b 35 7e"), "{screen}");
    assert!(screen.contains("b= 1b 4f 41"), "{screen}");
    assert!(term.wait_exit().success());
    term.assert_restored();
}

#[test]
fn key_bytes_match_xterm() {
    let normal = |key: Key| key.bytes(false);
    assert_eq!(normal(Key::Enter), b"\r");
    assert_eq!(normal(Key::Esc), b"\x1b");
    assert_eq!(normal(Key::Tab), b"\t");
    assert_eq!(normal(Key::BackTab), b"\x1b[Z");
    assert_eq!(normal(Key::Backspace), b"\x7f");
    assert_eq!(normal(Key::Up), b"\x1b[A");
    assert_eq!(normal(Key::Down), b"\x1b[B");
    assert_eq!(normal(Key::Right), b"\x1b[C");
    assert_eq!(normal(Key::Left), b"\x1b[D");
    assert_eq!(normal(Key::Home), b"\x1b[H");
    assert_eq!(normal(Key::End), b"\x1b[F");
    assert_eq!(normal(Key::PageUp), b"\x1b[5~");
    assert_eq!(normal(Key::PageDown), b"\x1b[6~");
    assert_eq!(normal(Key::Insert), b"\x1b[2~");
    assert_eq!(normal(Key::Delete), b"\x1b[3~");
    assert_eq!(normal(Key::F(1)), b"\x1bOP");
    assert_eq!(normal(Key::F(4)), b"\x1bOS");
    assert_eq!(normal(Key::F(5)), b"\x1b[15~");
    assert_eq!(normal(Key::F(12)), b"\x1b[24~");
    assert_eq!(normal(Key::Char('é')), "é".as_bytes());
    assert_eq!(normal(Key::Ctrl('c')), b"\x03");
    assert_eq!(normal(Key::Ctrl('C')), b"\x03");
    assert_eq!(normal(Key::Ctrl('[')), b"\x1b");
    assert_eq!(normal(Key::Alt('x')), b"\x1bx");
    assert_eq!(Key::Up.bytes(true), b"\x1bOA");
    assert_eq!(Key::End.bytes(true), b"\x1bOF");
    assert_eq!(Key::PageDown.bytes(true), b"\x1b[6~");
}

#[test]
fn environment_is_controlled() {
    let mut term = Term::spawn(
        Path::new("/bin/sh"),
        &[
            "-c",
            r#"printf "T=%s|H=%s|C=%s|D=%s|F=%s|P=%s." "$TERM" "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$FOO" "$PWD"; read x"#,
        ],
        &[("FOO", "bar baz")],
        200,
        10,
    );
    let home = term.home().to_str().expect("UTF-8 temp path").to_owned();
    let cwd = std::env::current_dir().unwrap();
    let expected =
        format!("T=xterm-256color|H={home}|C={home}/config|D={home}/data|F=bar baz|P={}.", cwd.display());
    term.wait_for(&expected);
    assert!(Path::new(&home).join("config").is_dir());
    term.send("\r");
    assert!(term.wait_exit().success());
}

#[test]
fn signal_reaches_the_program() {
    let mut term = sh(r#"trap 'printf got-term; exit 3' TERM; printf ready; read x"#);
    term.wait_for("ready");
    term.signal(libc::SIGTERM);
    term.wait_for("got-term");
    assert_eq!(term.wait_exit().code(), Some(3));

    let mut term = sh("printf ready; read x");
    term.wait_for("ready");
    term.signal(libc::SIGHUP);
    assert_eq!(term.wait_exit().signal(), Some(libc::SIGHUP));
}

#[test]
fn ctrl_c_in_cooked_mode_interrupts() {
    let mut term = sh("printf ready; read x");
    term.wait_for("ready");
    term.send_key(Key::Ctrl('c'));
    assert_eq!(term.wait_exit().signal(), Some(libc::SIGINT));
    term.assert_restored();
}

#[test]
fn wait_for_timeout_shows_the_screen() {
    let mut term = sh("printf 'first line\\nsecond line'; read x");
    term.set_timeout(Duration::from_millis(300));
    term.wait_for("second line");
    let message = panic_message(|| {
        term.wait_for("never shown");
    });
    assert!(message.contains("timed out"), "{message}");
    assert!(message.contains("\"never shown\""), "{message}");
    assert!(message.contains("  0|first line "), "{message}");
    assert!(message.contains("  1|second line "), "{message}");
    assert!(message.contains("state: running"), "{message}");
}

#[test]
fn wait_for_fails_fast_once_the_program_has_exited() {
    let term = sh("printf bye");
    let start = Instant::now();
    let message = panic_message(|| {
        term.wait_for("never shown");
    });
    assert!(start.elapsed() < Duration::from_secs(10), "waited out the timeout");
    assert!(message.contains("exited"), "{message}");
    assert!(message.contains("bye"), "{message}");
}

#[test]
fn wait_until_sees_the_screen_text() {
    let term = sh("printf 'alpha   \\nbeta\\n'; read x");
    let screen = term.wait_until(|s| s.lines().any(|l| l == "beta"), "a row reading beta");
    assert!(screen.starts_with("alpha\nbeta\n"), "{screen:?}");
    assert_eq!(term.row(0), "alpha");
    assert_eq!(term.row(1), "beta");
    assert_eq!(term.row(23), "");
    assert_eq!(term.rows().len(), 24);
    assert_eq!(term.cursor(), (2, 0));
}

#[test]
fn drop_kills_the_program_and_its_children() {
    let term = sh(r#"sleep 30 & printf "child=%s." $!; wait"#);
    let screen = term.wait_until(|s| s.contains("child=") && s.contains('.'), "child pid");
    let child: u32 = screen
        .split_once("child=")
        .and_then(|(_, rest)| rest.split_once('.'))
        .and_then(|(pid, _)| pid.parse().ok())
        .unwrap_or_else(|| panic!("no child pid in {screen:?}"));
    let shell = term.pid();
    assert!(!process_gone(shell) && !process_gone(child));
    drop(term);
    assert!(process_gone(shell), "the program survived drop");
    let start = Instant::now();
    while !process_gone(child) {
        assert!(start.elapsed() < Duration::from_secs(10), "its child survived drop");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn assert_restored_before_wait_exit_is_a_usage_error() {
    let term = sh("printf ready; read x");
    term.wait_for("ready");
    let message = panic_message(|| term.assert_restored());
    assert!(message.contains("wait_exit first"), "{message}");
}
