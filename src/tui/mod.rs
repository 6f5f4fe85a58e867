//! The terminal: setting it up, always giving it back (quit, panic, signals), and the
//! event loop that feeds messages to `update` and runs the effects it returns.

pub mod shell;

use std::collections::VecDeque;
use std::io::{self, Stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers,
    MouseEventKind,
};
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{cursor, execute};

use crate::app::keymap::Key;
use crate::app::{Effect, Model, Msg, update};
use crate::ui::{self, Theme};

/// Where messages come from: the real terminal, or a script in tests.
pub trait EventSource {
    /// The next message, waiting at most `timeout`; `None` if nothing happened.
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Msg>>;
}

/// Who performs effects and reports what changed outside (files, timers).
pub trait Shell {
    /// Performs one effect; returns messages for `update`.
    fn perform(&mut self, effect: Effect, model: &Model) -> Vec<Msg>;
    /// Called when idle and after each message: watchers, periodic saves.
    fn tick(&mut self, model: &Model) -> Vec<Msg>;
    /// Whether work in the background will soon have results (the loop then looks often).
    fn busy(&self) -> bool {
        false
    }
}

/// Runs the app until the model quits or `stop` holds a signal number.
/// Generic over the backend and the event source so tests drive the very same loop.
pub fn run_loop<B: Backend, E: EventSource, S: Shell>(
    terminal: &mut Terminal<B>,
    events: &mut E,
    shell: &mut S,
    model: &mut Model,
    theme: Theme,
    stop: &AtomicUsize,
) -> io::Result<()>
where
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut dirty = true;
    while !model.quit && stop.load(Ordering::Relaxed) == 0 {
        if dirty {
            terminal.draw(|frame| ui::render(model, theme, frame)).map_err(io::Error::other)?;
            dirty = false;
        }
        let wait = Duration::from_millis(if shell.busy() { 10 } else { 100 });
        let mut queue: VecDeque<Msg> = events.next(wait)?.into_iter().collect();
        // Take what else is already waiting, so a burst of resizes (a window being dragged)
        // lays the essay out once, at the last size.
        while !queue.is_empty() && queue.len() < 64 {
            let Some(msg) = events.next(Duration::ZERO)? else { break };
            if let (Some(Msg::Resize(..)), Msg::Resize(..)) = (queue.back(), &msg) {
                queue.pop_back();
            }
            queue.push_back(msg);
        }
        queue.extend(shell.tick(model));
        while let Some(msg) = queue.pop_front() {
            dirty = true;
            for effect in update(model, msg) {
                queue.extend(shell.perform(effect, model));
            }
        }
    }
    Ok(())
}

/// Reads the real terminal's events.
pub struct TerminalEvents;

impl EventSource for TerminalEvents {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Msg>> {
        if !event::poll(timeout)? {
            // A closed terminal (its window gone, no SIGHUP delivered) reads as endless
            // end-of-file: notice it rather than spin.
            if terminal_hung_up() {
                return Err(io::Error::new(io::ErrorKind::BrokenPipe, HUNG_UP));
            }
            return Ok(None);
        }
        Ok(match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                // A deliberate crash, so tests can check the terminal is given back on a panic.
                if std::env::var_os("ESSAYREADER_TEST_PANIC").is_some() {
                    panic!("ESSAYREADER_TEST_PANIC is set: panicking on the first key as asked");
                }
                translate_key(key).map(Msg::Key)
            }
            Event::Resize(w, h) => Some(Msg::Resize(w, h)),
            Event::Mouse(m) => match m.kind {
                MouseEventKind::ScrollDown => Some(Msg::Scroll(3)),
                MouseEventKind::ScrollUp => Some(Msg::Scroll(-3)),
                _ => None,
            },
            _ => None,
        })
    }
}

/// The error text [`TerminalEvents`] gives when the terminal has gone away.
pub const HUNG_UP: &str = "the terminal was closed";

/// Whether the terminal on standard input has hung up.
fn terminal_hung_up() -> bool {
    let mut fd = libc::pollfd { fd: libc::STDIN_FILENO, events: libc::POLLIN, revents: 0 };
    // SAFETY: one valid pollfd, a count of 1, and no waiting.
    let ready = unsafe { libc::poll(&mut fd, 1, 0) };
    ready > 0 && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

/// A crossterm key as the app's [`Key`].
pub fn translate_key(key: KeyEvent) -> Option<Key> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        _ => return None,
    })
}

/// Whether the terminal is in reading mode (raw, alternate screen), so it is given back once.
static TAKEN: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back: mouse off, main screen, cursor shown, cooked mode. Safe to call
/// more than once and from a panic hook: only the first call after taking the terminal
/// acts, since leaving the alternate screen twice moves the cursor back over whatever was
/// printed in between (a panic's message).
pub fn restore_terminal() {
    if !TAKEN.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    let _ = terminal::disable_raw_mode();
}

/// The terminal in reading mode; dropping it gives the terminal back.
pub struct TerminalGuard {
    /// The ratatui terminal.
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
    /// The number of a signal that asked us to stop, or 0.
    pub stop: Arc<AtomicUsize>,
}

impl TerminalGuard {
    /// Enters raw mode and the alternate screen, installs the panic hook and the signal
    /// handlers for SIGTERM, SIGHUP and SIGINT.
    pub fn enter() -> io::Result<TerminalGuard> {
        let stop = Arc::new(AtomicUsize::new(0));
        use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
        // SIGQUIT (Ctrl-\ in a cooked terminal, or `kill -QUIT`) would dump core and leave the
        // terminal raw: it ends the reader like SIGTERM.
        for signal in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
            signal_hook::flag::register_usize(signal, Arc::clone(&stop), signal as usize)?;
        }
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            previous(info);
        }));
        terminal::enable_raw_mode()?;
        TAKEN.store(true, Ordering::SeqCst);
        let mut out = io::stdout();
        if let Err(e) = execute!(out, EnterAlternateScreen, EnableMouseCapture, cursor::Hide) {
            restore_terminal();
            return Err(e);
        }
        match Terminal::new(CrosstermBackend::new(out)) {
            Ok(terminal) => Ok(TerminalGuard { terminal, stop }),
            Err(e) => {
                restore_terminal();
                Err(e)
            }
        }
    }

    /// The signal that stopped the loop, if one did.
    pub fn signal(&self) -> Option<i32> {
        match self.stop.load(Ordering::Relaxed) {
            0 => None,
            n => Some(n as i32),
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}
