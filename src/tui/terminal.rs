//! The terminal's modes: taking it for reading (raw mode, alternate screen, mouse,
//! bracketed paste, cursor hidden) and always giving it back — on quitting, on a panic of
//! the main thread, on a stopping signal, and for the length of a suspension (`Ctrl-z`,
//! SIGTSTP) until the shell continues us.

use std::io::{self, BufWriter, Stdout, Write};
use std::mem::ManuallyDrop;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::compact::Compact;
use super::pen::Pen;

/// Room for a whole frame (a full 120×40 screen of styled text is some 10 KB).
const FRAME_BUFFER: usize = 64 * 1024;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{cursor, execute, queue};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};

/// Whether the terminal is in reading mode, so it is given back exactly once.
static TAKEN: AtomicBool = AtomicBool::new(false);

/// Whether the sequences that enter reading mode have reached the terminal: on entering,
/// they wait in the frame buffer and go out with the first frame, in one write (see
/// [`TerminalGuard::enter`]).
static ENTERED: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back: mouse and bracketed paste off, main screen, cursor shown, cooked
/// mode. Safe to call more than once and from a panic hook: only the first call after
/// taking the terminal acts, since leaving the alternate screen twice moves the cursor back
/// over whatever was printed in between (a panic's message).
pub fn restore_terminal() {
    if !TAKEN.swap(false, Ordering::SeqCst) {
        return;
    }
    // Sequences that never went out need no undoing (leaving an alternate screen never
    // entered would move the cursor to wherever one was last saved).
    if ENTERED.swap(false, Ordering::SeqCst) {
        let mut out = io::stdout();
        let _ = execute!(out, DisableBracketedPaste, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    }
    let _ = terminal::disable_raw_mode();
}

/// Puts the terminal in reading mode, its sequences written to `out` (and sent when `out`
/// is flushed); on failure it is given back.
fn take_terminal(out: &mut impl Write) -> io::Result<()> {
    terminal::enable_raw_mode()?;
    TAKEN.store(true, Ordering::SeqCst);
    // A paste arrives as one event, not as thousands of keys each running a search.
    queue!(out, EnterAlternateScreen, EnableMouseCapture, EnableBracketedPaste, cursor::Hide)
        .inspect_err(|_| restore_terminal())
}

/// Takes the terminal at once (after a stop: the caller redraws next).
fn take_terminal_now() -> io::Result<()> {
    let mut out = Tty(io::stdout());
    take_terminal(&mut out)?;
    out.flush().inspect_err(|_| restore_terminal())
}

/// Standard output as the reader draws to it: what is written has reached the terminal.
pub struct Tty(Stdout);

impl Write for Tty {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.0.write(buf)?;
        ENTERED.store(true, Ordering::SeqCst);
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// What signals, and the terminal's own signal keys, ask of the event loop.
#[derive(Debug, Default)]
pub struct Signals {
    /// The number of a signal that asked us to stop, or 0.
    pub stop: AtomicUsize,
    /// Set by SIGTSTP or `Ctrl-z`: give the terminal back and stop until continued.
    pub suspend: AtomicBool,
    /// Set by SIGCONT: after a stop we did not see coming (`kill -STOP`), whoever had the
    /// terminal meanwhile may have changed its modes and drawn over the screen.
    pub continued: AtomicBool,
}

impl Signals {
    /// Registers the handlers: SIGTERM, SIGHUP, SIGINT and SIGQUIT stop the loop (their
    /// number is kept for the exit code), SIGTSTP asks for a suspension.
    fn register() -> io::Result<Arc<Signals>> {
        let signals = Arc::new(Signals::default());
        // SIGQUIT would dump core and leave the terminal raw: it ends the reader like SIGTERM.
        for signal in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
            let flag = Arc::clone(&signals);
            // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
            unsafe {
                signal_hook::low_level::register(signal, move || {
                    flag.stop.store(signal as usize, Ordering::SeqCst);
                })?;
            }
        }
        let flag = Arc::clone(&signals);
        // SAFETY: as above.
        unsafe {
            signal_hook::low_level::register(SIGTSTP, move || flag.suspend.store(true, Ordering::SeqCst))?;
        }
        let flag = Arc::clone(&signals);
        // SAFETY: as above.
        unsafe {
            signal_hook::low_level::register(SIGCONT, move || flag.continued.store(true, Ordering::SeqCst))?;
        }
        Ok(signals)
    }

    /// The signal that stopped the loop, if one did.
    pub fn stopped_by(&self) -> Option<i32> {
        match self.stop.load(Ordering::SeqCst) {
            0 => None,
            n => i32::try_from(n).ok(),
        }
    }
}

/// Whether a shell could bring us back after a stop: our parent is in our session but in
/// another process group (a job-control shell). Started straight in a terminal (`tmux new
/// essayreader`, `ssh -t host essayreader`) nothing could, and the kernel drops SIGTSTP's
/// stop for such an orphaned group; `less` then does not stop either.
pub fn can_suspend() -> bool {
    // SAFETY: these calls only read ids of existing processes.
    unsafe {
        let parent = libc::getppid();
        libc::getsid(parent) == libc::getsid(0) && libc::getpgid(parent) != libc::getpgrp()
    }
}

/// Takes the terminal again after a stop we did not arrange (`kill -STOP`, then SIGCONT):
/// its modes may have been changed meanwhile. Entering modes that are still on is harmless.
pub fn retake() -> io::Result<()> {
    TAKEN.store(false, Ordering::SeqCst);
    // crossterm skips enabling raw mode it believes is on; whoever had the terminal may have
    // turned it off, so its record is reset first.
    let _ = terminal::disable_raw_mode();
    take_terminal_now()
}

/// Gives the terminal back, stops the process as SIGTSTP's default action does (the shell
/// sees a stopped job and shows its prompt), and once continued (`fg`, SIGCONT) takes the
/// terminal again. The caller redraws the whole screen.
pub fn suspend() -> io::Result<()> {
    restore_terminal();
    // Our SIGTSTP handler replaced the default action: this performs it (by SIGSTOP) and
    // returns when the process is continued.
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    take_terminal_now()
}

/// The terminal as the reader draws on it: frames of changed cells (short gaps filled on a
/// blank screen, styles written short) gathered in a buffer and sent in one write.
pub type Screen = Terminal<Compact<Pen<CrosstermBackend<BufWriter<Tty>>>>>;

/// A terminal `size` (columns, rows) that writes its frames into `out` as the reader's
/// [`Screen`] writes them to the terminal, from a blank screen: for measuring what drawing
/// and writing a frame costs (`benches/engine.rs`).
pub fn frames_into<W: Write>(
    out: W,
    size: (u16, u16),
) -> io::Result<Terminal<Compact<Pen<CrosstermBackend<W>>>>> {
    let area = ratatui::layout::Rect::new(0, 0, size.0, size.1);
    let options = ratatui::TerminalOptions { viewport: ratatui::Viewport::Fixed(area) };
    Terminal::with_options(Compact::new(Pen::new(CrosstermBackend::new(out))), options)
}

/// The terminal in reading mode; dropping it gives the terminal back.
pub struct TerminalGuard {
    /// The ratatui terminal. Never dropped: ratatui's drop shows the cursor and, when that
    /// fails (the terminal closed), prints with `eprintln!`, which panics on a closed
    /// stderr, before the reader has finished saving. [`restore_terminal`] puts the
    /// terminal back instead.
    pub terminal: ManuallyDrop<Screen>,
    /// What signals asked for.
    pub signals: Arc<Signals>,
}

impl TerminalGuard {
    /// Installs the signal handlers and the panic hook, then enters raw mode, the alternate
    /// screen, mouse reporting and bracketed paste.
    pub fn enter() -> io::Result<TerminalGuard> {
        let signals = Signals::register()?;
        install_panic_hook();
        // A frame is written in one piece when it is flushed (standard output alone would
        // pass it on a kilobyte at a time): fewer writes, and no half-drawn frame to see.
        // The sequences entering reading mode go out with the first frame, in the same
        // write: the terminal never shows an empty screen, and has one write to read.
        let mut out = BufWriter::with_capacity(FRAME_BUFFER, Tty(io::stdout()));
        take_terminal(&mut out)?;
        match Terminal::new(Compact::new(Pen::new(CrosstermBackend::new(out)))) {
            Ok(terminal) => Ok(TerminalGuard { terminal: ManuallyDrop::new(terminal), signals }),
            Err(e) => {
                restore_terminal();
                Err(e)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// A panic on the thread that draws gives the terminal back before the message is printed.
/// A panic on another thread leaves the terminal alone and says nothing there (the screen
/// is still being drawn): the worker that caught it reports it (see [`super::worker`]).
fn install_panic_hook() {
    let main = std::thread::current().id();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == main {
            restore_terminal();
            previous(info);
        }
    }));
}
