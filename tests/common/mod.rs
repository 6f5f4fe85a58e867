//! End-to-end test harness: runs a real program in a real pseudo-terminal.
//!
//! [`Term::spawn`] starts a program on the slave side of a fresh pty (via
//! `portable-pty`) in a clean, controlled environment. A background thread
//! reads everything the program writes to the master side and feeds it into a
//! [`vt100::Parser`], so the emulated screen is always current. That thread
//! also answers the terminal queries a TUI library may send while starting up
//! (cursor position, device attributes, ...), as a real xterm would; without
//! answers such programs hang waiting.
//!
//! Typical use from an integration test (`mod common;` at the top of the test
//! file):
//!
//! ```ignore
//! let mut term = Term::spawn(essayreader_bin(), &["essay.md"], &[], 80, 24);
//! term.wait_for("Chapter 1");
//! term.send_key(Key::PageDown);
//! term.wait_for("Chapter 2");
//! term.send("q");
//! assert!(term.wait_exit().success());
//! term.assert_restored();
//! ```
//!
//! Rules the API is built around:
//!
//! * Never sleep a fixed time "to let it settle": wait for what you expect to
//!   see with [`Term::wait_for`] / [`Term::wait_until`]. They poll every
//!   10 ms and panic after a generous timeout (20 s by default, see
//!   [`Term::set_timeout`]) with the whole screen in the message. Once the
//!   program has exited and its output is drained the screen can no longer
//!   change, so they fail at once instead of waiting out the timeout.
//! * Everything that can fail panics with the current screen, so a failing
//!   CI run shows what the user would have seen.
//! * Dropping a [`Term`] kills the program's whole process group and reaps it,
//!   so a failing test never leaves processes behind.
//!
//! Caveats:
//!
//! * A lone `Esc` is only recognised if the program reads it on its own; if
//!   the next key's bytes arrive in the same read they look like an escape
//!   sequence (Alt+key). After [`Key::Esc`], wait for its effect on the
//!   screen before sending another key.
//! * Sends are blocking writes: a program that never reads its input blocks
//!   the test once the pty's input buffer (a few KiB) is full.
//! * Only Linux is supported: the termios check relies on the master side
//!   of a pty reporting the slave's settings.

// Each test binary includes this module and uses a different subset of it.
#![allow(dead_code)]

pub mod folders;

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitStatus;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};
use unicode_width::UnicodeWidthStr;

/// Default time [`Term::wait_for`], [`Term::wait_until`] and
/// [`Term::wait_exit`] wait before giving up. Generous because CI machines
/// are slow; a passing test never waits this long.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// How often the screen (or the child) is polled while waiting.
const POLL_INTERVAL: Duration = Duration::from_millis(10);

/// How many bytes of raw output are kept for failure messages.
const RAW_TAIL_LEN: usize = 600;

/// The `TERM` every spawned program sees.
const TERM_NAME: &str = "xterm-256color";

/// Scrollback lines kept by the emulated terminal.
const SCROLLBACK: usize = 0;

/// The `essayreader` binary Cargo built for these tests.
pub fn essayreader_bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_essayreader"))
}

/// A key press, sent as the bytes xterm sends for it (see [`Key::bytes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Return: `\r` (the tty turns it into `\n` in cooked mode).
    Enter,
    /// Escape: a lone `ESC` byte.
    Esc,
    /// `\t`.
    Tab,
    /// Shift+Tab: `ESC [ Z`.
    BackTab,
    /// `DEL` (0x7f), what xterm sends for Backspace.
    Backspace,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Insert,
    Delete,
    /// Function keys F1 to F12.
    F(u8),
    /// A printable character, sent as UTF-8.
    Char(char),
    /// Ctrl plus a letter or one of `@ [ \ ] ^ _ ? space`, e.g. `Ctrl('c')`.
    Ctrl(char),
    /// Alt (meta) plus a character: `ESC` followed by the character.
    Alt(char),
}

impl Key {
    /// The bytes xterm sends for this key.
    ///
    /// `application_cursor` is the terminal's DECCKM mode (`ESC [ ? 1 h`):
    /// when a program has turned it on, arrows, Home and End are sent as
    /// `ESC O x` instead of `ESC [ x`. [`Term::send_key`] passes the current
    /// mode of the emulated screen.
    ///
    /// # Panics
    ///
    /// For `F(n)` outside 1..=12 and `Ctrl(c)` with a character that has no
    /// control code.
    #[track_caller]
    pub fn bytes(self, application_cursor: bool) -> Vec<u8> {
        let cursor = |c: u8| {
            if application_cursor { vec![0x1b, b'O', c] } else { vec![0x1b, b'[', c] }
        };
        let tilde = |n: &str| format!("\x1b[{n}~").into_bytes();
        match self {
            Key::Enter => b"\r".to_vec(),
            Key::Esc => b"\x1b".to_vec(),
            Key::Tab => b"\t".to_vec(),
            Key::BackTab => b"\x1b[Z".to_vec(),
            Key::Backspace => b"\x7f".to_vec(),
            Key::Up => cursor(b'A'),
            Key::Down => cursor(b'B'),
            Key::Right => cursor(b'C'),
            Key::Left => cursor(b'D'),
            Key::Home => cursor(b'H'),
            Key::End => cursor(b'F'),
            Key::Insert => tilde("2"),
            Key::Delete => tilde("3"),
            Key::PageUp => tilde("5"),
            Key::PageDown => tilde("6"),
            Key::F(n @ 1..=4) => vec![0x1b, b'O', b'P' + (n - 1)],
            Key::F(n @ 5..=12) => {
                let code = ["15", "17", "18", "19", "20", "21", "23", "24"][usize::from(n - 5)];
                tilde(code)
            }
            Key::F(n) => panic!("no function key F{n} (F1..=F12 only)"),
            Key::Char(c) => c.to_string().into_bytes(),
            Key::Ctrl(c) => {
                let byte = match c.to_ascii_lowercase() {
                    c @ 'a'..='z' => c as u8 & 0x1f,
                    '@' | ' ' => 0,
                    '[' => 0x1b,
                    '\\' => 0x1c,
                    ']' => 0x1d,
                    '^' => 0x1e,
                    '_' => 0x1f,
                    '?' => 0x7f,
                    other => panic!("no control code for Ctrl({other:?})"),
                };
                vec![byte]
            }
            Key::Alt(c) => {
                let mut bytes = vec![0x1b];
                bytes.extend_from_slice(c.to_string().as_bytes());
                bytes
            }
        }
    }
}

/// A program running in a pseudo-terminal, with an emulated screen.
///
/// See the [module documentation](self) for an overview.
pub struct Term {
    /// Emulated screen plus reader-thread bookkeeping, shared with the thread.
    shared: Arc<Mutex<Shared>>,
    /// Input side of the pty, shared with the reader thread (query replies).
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    /// Master side of the pty: resizing and termios queries.
    master: Box<dyn MasterPty + Send>,
    child: std::process::Child,
    pid: u32,
    /// Exit status once [`Term::wait_exit`] has seen the child exit.
    status: Option<ExitStatus>,
    /// The pty's termios right after it was opened, before the child ran.
    initial_termios: TermiosFlags,
    timeout: Duration,
    /// Temporary HOME / XDG directories; removed on drop.
    home: tempfile::TempDir,
    /// What was spawned, for failure messages.
    description: String,
}

/// State shared between [`Term`] and its reader thread.
struct Shared {
    parser: vt100::Parser<Responder>,
    /// The last [`RAW_TAIL_LEN`] bytes of raw output, for failure messages.
    raw_tail: Vec<u8>,
    /// Set when the reader hit end of file: every process holding the pty's
    /// slave side has closed it, so the screen is final.
    eof: bool,
}

/// The termios flags the restoration check looks at, as read from the pty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TermiosFlags {
    input: libc::tcflag_t,
    output: libc::tcflag_t,
    local: libc::tcflag_t,
}

/// Flags that make a tty "cooked". Raw mode (`cfmakeraw`, which crossterm
/// uses) clears every one of them; a program that restores the terminal puts
/// them back. Each one set when the pty was opened must be set at the end.
const COOKED_FLAGS: [(&str, Field, libc::tcflag_t); 6] = [
    ("ICANON (canonical line editing)", Field::Local, libc::ICANON),
    ("ECHO", Field::Local, libc::ECHO),
    ("ISIG (Ctrl-C sends SIGINT)", Field::Local, libc::ISIG),
    ("IEXTEN", Field::Local, libc::IEXTEN),
    ("ICRNL (Enter sends newline)", Field::Input, libc::ICRNL),
    ("OPOST (output processing)", Field::Output, libc::OPOST),
];

/// Which termios flag field a [`COOKED_FLAGS`] entry lives in.
#[derive(Debug, Clone, Copy)]
enum Field {
    Input,
    Output,
    Local,
}

impl TermiosFlags {
    /// Reads the pty's current termios through the master side.
    ///
    /// On Linux the master's `tcgetattr` reports the slave's settings (the
    /// ones the child changes), and they survive the child closing the slave.
    fn read(master: &dyn MasterPty) -> Option<Self> {
        let termios = master.get_termios()?;
        Some(Self {
            input: termios.input_flags.bits(),
            output: termios.output_flags.bits(),
            local: termios.local_flags.bits(),
        })
    }

    fn field(&self, field: Field) -> libc::tcflag_t {
        match field {
            Field::Input => self.input,
            Field::Output => self.output,
            Field::Local => self.local,
        }
    }

    /// Names of the cooked-mode flags set in `initial` but clear in `self`.
    fn missing_cooked_flags(&self, initial: &Self) -> Vec<&'static str> {
        COOKED_FLAGS
            .iter()
            .filter(|(_, field, flag)| initial.field(*field) & flag != 0 && self.field(*field) & flag == 0)
            .map(|(name, _, _)| *name)
            .collect()
    }
}

impl Term {
    /// Spawns `program` with `args` in a new `cols` x `rows` pty.
    ///
    /// The environment is cleared, then set to:
    /// * `TERM=xterm-256color`, `LANG=C.UTF-8`, `RUST_BACKTRACE=1`, and the
    ///   test process's `PATH`;
    /// * `HOME`, `XDG_CONFIG_HOME`, `XDG_DATA_HOME`, `XDG_STATE_HOME` and
    ///   `XDG_CACHE_HOME` pointing into a fresh temporary directory (see
    ///   [`Term::home`]), so nothing touches the real home;
    /// * then `env`, which overrides any of the above (for example to point
    ///   `XDG_CONFIG_HOME` at a directory the test prepared).
    ///
    /// The working directory is the test process's (the package root under
    /// `cargo test`), so relative fixture paths work. The program becomes a
    /// session leader with the pty as its controlling terminal.
    ///
    /// # Panics
    ///
    /// If the pty cannot be opened or the program cannot be started.
    #[track_caller]
    pub fn spawn(program: &Path, args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Term {
        let description = std::iter::once(program.display().to_string())
            .chain(args.iter().map(|a| format!("{a:?}")))
            .collect::<Vec<_>>()
            .join(" ");
        let home = tempfile::Builder::new().prefix("pty-home-").tempdir().expect("create temporary HOME");

        let pair = native_pty_system().openpty(pty_size(cols, rows)).expect("open a pty");
        let initial_termios = TermiosFlags::read(&*pair.master).expect("read the new pty's termios");
        assert!(
            initial_termios.local & libc::ICANON != 0 && initial_termios.local & libc::ECHO != 0,
            "a new pty should start in cooked mode: {initial_termios:?}"
        );

        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env_clear();
        cmd.env("TERM", TERM_NAME);
        cmd.env("LANG", "C.UTF-8");
        cmd.env("RUST_BACKTRACE", "1");
        cmd.env("PATH", std::env::var_os("PATH").unwrap_or_else(|| "/usr/local/bin:/usr/bin:/bin".into()));
        cmd.env("HOME", home.path());
        for (var, dir) in [
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_CACHE_HOME", "cache"),
        ] {
            let path = home.path().join(dir);
            std::fs::create_dir(&path).expect("create XDG directory");
            cmd.env(var, path);
        }
        // The terminal's own setting, not the program's: the background colour it reports.
        let mut responder = Responder::default();
        for (key, value) in env {
            match *key {
                BACKGROUND_VAR => responder.background = Some((*value).to_string()),
                _ => cmd.env(key, value),
            }
        }
        cmd.cwd(std::env::current_dir().expect("current directory"));

        let child =
            pair.slave.spawn_command(cmd).unwrap_or_else(|e| panic!("spawn {description} in a pty: {e:#}"));
        // Close our copy of the slave side: the reader then sees end of file
        // as soon as the child (and anything it started) has closed it.
        drop(pair.slave);
        // portable-pty's Unix backend spawns a plain `std::process::Child`;
        // unwrapping it gives exit statuses that keep the signal number.
        let child: Box<dyn portable_pty::Child> = child;
        let child = *child
            .downcast::<std::process::Child>()
            .unwrap_or_else(|_| panic!("portable-pty spawned a non-std child on Unix"));
        let pid = child.id();

        let reader = pair.master.try_clone_reader().expect("pty reader");
        let writer: Arc<Mutex<Box<dyn Write + Send>>> =
            Arc::new(Mutex::new(pair.master.take_writer().expect("pty writer")));
        let shared = Arc::new(Mutex::new(Shared {
            parser: vt100::Parser::new_with_callbacks(rows, cols, SCROLLBACK, responder),
            raw_tail: Vec::new(),
            eof: false,
        }));
        {
            let shared = Arc::clone(&shared);
            let writer = Arc::clone(&writer);
            thread::Builder::new()
                .name(format!("pty-reader-{pid}"))
                .spawn(move || read_loop(reader, &shared, &writer))
                .expect("start pty reader thread");
        }

        Term {
            shared,
            writer,
            master: pair.master,
            child,
            pid,
            status: None,
            initial_termios,
            timeout: DEFAULT_TIMEOUT,
            home,
            description,
        }
    }

    /// Sets how long the `wait_*` methods wait before panicking.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// The process id of the spawned program (also its process group and
    /// session id).
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The temporary directory used as `HOME`; the XDG directories are its
    /// `config`, `data`, `state` and `cache` subdirectories. Deleted when the
    /// `Term` is dropped.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Runs `f` on the emulated screen, for anything the other accessors do
    /// not cover (colours, attributes, modes).
    pub fn with_screen<R>(&self, f: impl FnOnce(&vt100::Screen) -> R) -> R {
        f(self.lock().parser.screen())
    }

    /// The whole screen: one line per row, each trimmed on the right,
    /// joined with `\n`.
    pub fn screen_text(&self) -> String {
        self.rows().join("\n")
    }

    /// Every row of the screen, each trimmed on the right.
    pub fn rows(&self) -> Vec<String> {
        self.with_screen(|screen| {
            let (_, cols) = screen.size();
            screen.rows(0, cols).map(|row| row.trim_end().to_owned()).collect()
        })
    }

    /// Row `n` (0-based) of the screen, trimmed on the right.
    ///
    /// # Panics
    ///
    /// If `n` is not a row of the screen.
    #[track_caller]
    pub fn row(&self, n: u16) -> String {
        let rows = self.rows();
        rows.get(usize::from(n))
            .unwrap_or_else(|| panic!("row {n} is off a screen of {} rows", rows.len()))
            .clone()
    }

    /// The screen size as `(cols, rows)`.
    pub fn size(&self) -> (u16, u16) {
        let (rows, cols) = self.with_screen(vt100::Screen::size);
        (cols, rows)
    }

    /// The cursor position as `(row, col)`, 0-based.
    pub fn cursor(&self) -> (u16, u16) {
        self.with_screen(vt100::Screen::cursor_position)
    }

    /// Whether the program has switched to the alternate screen.
    pub fn alternate_screen(&self) -> bool {
        self.with_screen(vt100::Screen::alternate_screen)
    }

    /// Whether the program has hidden the cursor.
    pub fn cursor_hidden(&self) -> bool {
        self.with_screen(vt100::Screen::hide_cursor)
    }

    /// Whether the pty is currently in cooked mode: every flag that raw mode
    /// clears (canonical input, echo, signals, CR-to-NL, output processing)
    /// is as it was when the pty was opened. `false` while a TUI runs in raw
    /// mode.
    #[track_caller]
    pub fn is_cooked(&self) -> bool {
        self.missing_cooked_flags().is_empty()
    }

    /// Waits until `text` appears anywhere on the screen and returns the
    /// screen text at that moment. Text is matched within rows: a string
    /// spanning a line break does not match.
    ///
    /// # Panics
    ///
    /// On timeout, or at once if the program has exited without the text
    /// appearing; the message holds the whole screen.
    #[track_caller]
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(|screen| screen.contains(text), &format!("{text:?} on screen"))
    }

    /// Waits until `done` returns true for the screen text (as returned by
    /// [`Term::screen_text`]) and returns that text. `what` describes the
    /// condition for the failure message.
    ///
    /// # Panics
    ///
    /// On timeout, or at once if the program has exited and `done` is still
    /// false for the final screen; the message holds the whole screen.
    #[track_caller]
    pub fn wait_until(&self, mut done: impl FnMut(&str) -> bool, what: &str) -> String {
        let start = Instant::now();
        loop {
            // Read `eof` before the screen: if it was already set, the screen
            // read afterwards is final.
            let eof = self.lock().eof;
            let screen = self.screen_text();
            if done(&screen) {
                return screen;
            }
            if eof {
                self.fail(&format!(
                    "waiting for {what}: the program exited and the final screen does not have it"
                ));
            }
            if start.elapsed() >= self.timeout {
                self.fail(&format!("timed out after {:?} waiting for {what}", self.timeout));
            }
            thread::sleep(POLL_INTERVAL);
        }
    }

    /// Types `text`: its UTF-8 bytes are written to the pty as they are
    /// (`"\r"` is Enter, `"\x1b"` is Escape).
    #[track_caller]
    pub fn send(&self, text: &str) {
        self.send_bytes(text.as_bytes());
    }

    /// Writes raw bytes to the pty, as if typed.
    ///
    /// # Panics
    ///
    /// If the write fails.
    #[track_caller]
    pub fn send_bytes(&self, bytes: &[u8]) {
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        if let Err(e) = writer.write_all(bytes).and_then(|()| writer.flush()) {
            drop(writer);
            self.fail(&format!("writing {bytes:?} to the pty: {e}"));
        }
    }

    /// Presses `key`, sending what xterm sends for it in the terminal's
    /// current cursor-key mode (see [`Key::bytes`]).
    ///
    /// A lone [`Key::Esc`] is only told apart from the start of an escape
    /// sequence if the program reads it on its own: wait for its effect on
    /// the screen before pressing the next key.
    #[track_caller]
    pub fn send_key(&self, key: Key) {
        let application_cursor = self.with_screen(vt100::Screen::application_cursor);
        self.send_bytes(&key.bytes(application_cursor));
    }

    /// Resizes the terminal to `cols` x `rows`: the emulated screen first,
    /// then the pty, which makes the kernel send `SIGWINCH` to the program.
    ///
    /// # Panics
    ///
    /// If the pty cannot be resized.
    #[track_caller]
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.lock().parser.screen_mut().set_size(rows, cols);
        if let Err(e) = self.master.resize(pty_size(cols, rows)) {
            self.fail(&format!("resizing the pty to {cols}x{rows}: {e:#}"));
        }
    }

    /// Sends signal `sig` (e.g. `libc::SIGTERM`, `libc::SIGHUP`,
    /// `libc::SIGINT`) to the spawned program itself (not its children).
    ///
    /// # Panics
    ///
    /// If the program has already been reaped by [`Term::wait_exit`] or the
    /// signal cannot be sent.
    #[track_caller]
    pub fn signal(&self, sig: libc::c_int) {
        assert!(self.status.is_none(), "signal({sig}): the program has already exited and been reaped");
        if let Err(e) = send_signal(self.pid_t(), sig) {
            self.fail(&format!("sending signal {sig} to pid {}: {e}", self.pid));
        }
    }

    /// Waits for the program to exit, then for all its output to be read
    /// (every process holding the pty has closed it), and returns its exit
    /// status. Later calls return the same status.
    ///
    /// Use `status.success()`, `status.code()` and, for a death by signal,
    /// `std::os::unix::process::ExitStatusExt::signal`.
    ///
    /// # Panics
    ///
    /// If the program does not exit, or something it started keeps the pty
    /// open, within the timeout; the message holds the screen.
    #[track_caller]
    pub fn wait_exit(&mut self) -> ExitStatus {
        if let Some(status) = self.status {
            return status;
        }
        let start = Instant::now();
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) => {}
                Err(e) => self.fail(&format!("waiting for the program: {e}")),
            }
            if start.elapsed() >= self.timeout {
                self.fail(&format!("timed out after {:?} waiting for the program to exit", self.timeout));
            }
            thread::sleep(POLL_INTERVAL);
        };
        self.status = Some(status);
        // Drain: the reader sees end of file once nothing holds the slave.
        let drained = Instant::now();
        while !self.lock().eof {
            if drained.elapsed() >= self.timeout {
                self.fail(&format!(
                    "the program exited ({status}) but after {:?} its output is still \
                     not drained: a process it started still holds the pty",
                    self.timeout
                ));
            }
            thread::sleep(POLL_INTERVAL);
        }
        status
    }

    /// Checks that the program left the terminal as it found it, returning
    /// one message per problem found:
    ///
    /// * the alternate screen is off,
    /// * the cursor is visible,
    /// * mouse reporting and bracketed paste are off,
    /// * the pty is back in cooked mode: each of ICANON, ECHO, ISIG, IEXTEN,
    ///   ICRNL and OPOST that was set when the pty was opened is set again
    ///   (raw mode clears them all).
    ///
    /// The screen checks are made on the emulated terminal after all output
    /// has been drained; the termios check reads the pty's settings through
    /// the master side.
    ///
    /// # Panics
    ///
    /// If called before [`Term::wait_exit`]: the check is only meaningful
    /// once the program has exited and every byte it wrote has been parsed.
    #[track_caller]
    pub fn check_restored(&self) -> Result<(), Vec<String>> {
        assert!(self.status.is_some(), "check_restored/assert_restored: call wait_exit first");
        let mut problems = Vec::new();
        {
            let shared = self.lock();
            let screen = shared.parser.screen();
            if screen.alternate_screen() {
                problems.push("the alternate screen is still active".to_owned());
            }
            if screen.hide_cursor() {
                problems.push("the cursor is still hidden".to_owned());
            }
            let mouse = screen.mouse_protocol_mode();
            if mouse != vt100::MouseProtocolMode::None {
                problems.push(format!("mouse reporting is still on ({mouse:?})"));
            }
            if screen.bracketed_paste() {
                problems.push("bracketed paste is still on".to_owned());
            }
        }
        let missing = self.missing_cooked_flags();
        if !missing.is_empty() {
            problems
                .push(format!("the pty is not back in cooked mode; cleared flags: {}", missing.join(", ")));
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    /// Asserts [`Term::check_restored`], panicking with every problem and the
    /// final screen.
    #[track_caller]
    pub fn assert_restored(&self) {
        if let Err(problems) = self.check_restored() {
            self.fail(&format!("the terminal was not restored:\n  - {}", problems.join("\n  - ")));
        }
    }

    /// Cooked-mode flags (see [`COOKED_FLAGS`]) cleared since the pty was
    /// opened. Panics if the pty's termios cannot be read.
    #[track_caller]
    fn missing_cooked_flags(&self) -> Vec<&'static str> {
        let Some(now) = TermiosFlags::read(&*self.master) else {
            self.fail("cannot read the pty's termios (tcgetattr on the master failed)");
        };
        now.missing_cooked_flags(&self.initial_termios)
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        // A panic elsewhere must not hide the screen from failure messages.
        self.shared.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn pid_t(&self) -> libc::pid_t {
        libc::pid_t::try_from(self.pid).expect("pid fits in pid_t")
    }

    /// Panics with `message`, the screen and recent raw output.
    #[track_caller]
    fn fail(&self, message: &str) -> ! {
        panic!("{message}\n{}", self.report());
    }

    /// A description of the terminal's state for failure messages.
    fn report(&self) -> String {
        let shared = self.lock();
        let screen = shared.parser.screen();
        let (rows, cols) = screen.size();
        let (cursor_row, cursor_col) = screen.cursor_position();
        let mut out = String::new();
        let _ = writeln!(out, "program: {} (pid {})", self.description, self.pid);
        let state = match (self.status, shared.eof) {
            (Some(status), _) => format!("exited: {status}"),
            (None, true) => "closed the pty (not yet reaped)".to_owned(),
            (None, false) => "running".to_owned(),
        };
        let _ = writeln!(out, "state: {state}");
        let _ = writeln!(
            out,
            "screen {cols}x{rows}, cursor at row {cursor_row} col {cursor_col}{}{}:",
            if screen.alternate_screen() { ", alternate screen" } else { "" },
            if screen.hide_cursor() { ", cursor hidden" } else { "" },
        );
        let border = format!("   +{}+", "-".repeat(usize::from(cols)));
        let _ = writeln!(out, "{border}");
        for (n, row) in screen.rows(0, cols).enumerate() {
            let pad = usize::from(cols).saturating_sub(row.width());
            let _ = writeln!(out, "{n:>3}|{row}{}|", " ".repeat(pad));
        }
        let _ = writeln!(out, "{border}");
        let _ = write!(out, "last raw output: \"{}\"", shared.raw_tail.escape_ascii());
        out
    }
}

impl Drop for Term {
    /// Kills the program and everything in its process group (it is a
    /// session leader, so the group id is its pid), then reaps it.
    fn drop(&mut self) {
        if self.status.is_some() && self.lock().eof {
            return;
        }
        let pid = self.pid_t();
        // Still running, or exited leaving something that holds the pty.
        let _ = send_signal(-pid, libc::SIGKILL);
        if self.status.is_none() {
            let _ = send_signal(pid, libc::SIGKILL);
            let _ = self.child.wait();
        }
    }
}

/// Sends `sig` to `pid` (a negative `pid` names a process group).
fn send_signal(pid: libc::pid_t, sig: libc::c_int) -> std::io::Result<()> {
    // SAFETY: kill(2) has no memory-safety preconditions.
    if unsafe { libc::kill(pid, sig) } == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

fn pty_size(cols: u16, rows: u16) -> PtySize {
    PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }
}

/// The reader thread: feeds the pty's output to the parser and writes the
/// replies to any terminal queries, until end of file.
fn read_loop(
    mut reader: Box<dyn Read + Send>,
    shared: &Mutex<Shared>,
    writer: &Mutex<Box<dyn Write + Send>>,
) {
    let mut buf = [0u8; 8192];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            // Linux reports EIO on the master once every slave fd is closed.
            Err(_) => break,
        };
        let replies = {
            let mut shared = shared.lock().unwrap_or_else(PoisonError::into_inner);
            shared.parser.process(&buf[..n]);
            shared.raw_tail.extend_from_slice(&buf[..n]);
            let excess = shared.raw_tail.len().saturating_sub(RAW_TAIL_LEN);
            shared.raw_tail.drain(..excess);
            std::mem::take(&mut shared.parser.callbacks_mut().replies)
        };
        if !replies.is_empty() {
            let mut writer = writer.lock().unwrap_or_else(PoisonError::into_inner);
            // The program may already be gone; nothing to do about it then.
            let _ = writer.write_all(&replies).and_then(|()| writer.flush());
        }
    }
    shared.lock().unwrap_or_else(PoisonError::into_inner).eof = true;
}

/// Answers the queries a program may send to its terminal, the way xterm
/// does. Installed as the parser's callbacks, so each answer is computed at
/// the exact point of the output stream where the query was (the cursor
/// position is the one after everything before the query was drawn).
#[derive(Default)]
struct Responder {
    /// Replies not yet written back to the pty.
    replies: Vec<u8>,
    /// The background colour to report (`rrrr/gggg/bbbb`); black if `None`.
    background: Option<String>,
}

/// Given in [`Term::spawn`]'s `env`, sets the background colour the terminal reports to
/// an OSC 11 query (`rrrr/gggg/bbbb`, e.g. `ffff/ffff/ffff` for white) instead of black.
/// It is the terminal's setting: the program does not see it.
pub const BACKGROUND_VAR: &str = "PTY_TEST_TERMINAL_BACKGROUND";

impl Responder {
    fn reply(&mut self, text: &str) {
        self.replies.extend_from_slice(text.as_bytes());
    }
}

impl vt100::Callbacks for Responder {
    fn unhandled_csi(
        &mut self,
        screen: &mut vt100::Screen,
        i1: Option<u8>,
        i2: Option<u8>,
        params: &[&[u16]],
        c: char,
    ) {
        let first = params.first().and_then(|p| p.first()).copied().unwrap_or(0);
        let (row, col) = screen.cursor_position();
        let (rows, cols) = screen.size();
        match (i1, i2, c, first) {
            // DSR 6, cursor position report: CSI row ; col R (1-based).
            (None, None, 'n', 6) => self.reply(&format!("\x1b[{};{}R", row + 1, col + 1)),
            // DECXCPR, the DEC-private form: CSI ? row ; col ; page R.
            (Some(b'?'), None, 'n', 6) => {
                self.reply(&format!("\x1b[?{};{};1R", row + 1, col + 1));
            }
            // DSR 5, status report: "OK".
            (None, None, 'n', 5) => self.reply("\x1b[0n"),
            // Primary device attributes: a VT100 with advanced video.
            (None, None, 'c', 0) => self.reply("\x1b[?1;2c"),
            // Secondary device attributes: xterm, version 276.
            (Some(b'>'), None, 'c', 0) => self.reply("\x1b[>0;276;0c"),
            // XTWINOPS 18: text area size in characters.
            (None, None, 't', 18) => self.reply(&format!("\x1b[8;{rows};{cols}t")),
            // DECRQM (request mode), ANSI or DEC-private: report the mode as
            // not recognised (0), like a terminal without the feature.
            (Some(b'$'), None, 'p', mode) => self.reply(&format!("\x1b[{mode};0$y")),
            (Some(b'?'), Some(b'$'), 'p', mode) => self.reply(&format!("\x1b[?{mode};0$y")),
            // Anything else (including the kitty keyboard query CSI ? u) is
            // ignored, as xterm ignores what it does not support; programs
            // that query it also send a device-attributes query to end on.
            _ => {}
        }
    }

    fn unhandled_osc(&mut self, _screen: &mut vt100::Screen, params: &[&[u8]]) {
        // OSC 10 / OSC 11 with "?": query of the default foreground and
        // background colours. Answer light grey on black.
        match params {
            [b"10", b"?"] => self.reply("\x1b]10;rgb:c0c0/c0c0/c0c0\x1b\\"),
            [b"11", b"?"] => {
                let colour = self.background.clone().unwrap_or_else(|| "0000/0000/0000".to_string());
                self.reply(&format!("\x1b]11;rgb:{colour}\x1b\\"));
            }
            _ => {}
        }
    }
}
