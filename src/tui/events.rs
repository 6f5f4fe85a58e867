//! The real terminal's input as messages for `update`: keys, the mouse wheel, resizes and
//! pastes. The terminal's own signal keys act as they would in a cooked terminal (`Ctrl-z`
//! suspends, `Ctrl-\` quits like SIGQUIT), and a terminal that has gone away reads as a
//! hang-up.

use std::io;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};
use signal_hook::consts::{SIGHUP, SIGQUIT};

use super::EventSource;
use super::terminal::{self, Signals};
use crate::app::Msg;
use crate::app::keymap::Key;

/// Said when a suspension is asked for but nothing could bring the reader back.
const CANNOT_SUSPEND: &str = "Not suspended: no shell here could bring the reader back (q quits)";

/// Reads the real terminal's events.
pub struct TerminalEvents {
    signals: Arc<Signals>,
    /// A message of our own, given before the terminal's next event.
    pending: Option<Msg>,
    /// Set when the terminal's background answer may still arrive (`theme = "auto"`).
    late_reply: Option<super::background::LateReply>,
    /// When to ask the terminal for its background (`theme = "auto"`), once.
    ask_at: Option<std::time::Instant>,
}

impl TerminalEvents {
    /// Events of the terminal whose signals are `signals`.
    pub fn new(signals: Arc<Signals>) -> TerminalEvents {
        TerminalEvents { signals, pending: None, late_reply: None, ask_at: None }
    }

    /// Asks the terminal for its background `after` the first frame (in a separate write, so
    /// even a terminal that reads the frame and the question together shows the frame
    /// first), and takes its answer out of the keys.
    pub fn ask_background(&mut self, after: Duration) {
        self.ask_at = Some(std::time::Instant::now() + after);
    }
}

impl EventSource for TerminalEvents {
    fn background_answer(&mut self) -> Option<bool> {
        self.late_reply.as_mut().and_then(super::background::LateReply::take_light)
    }

    fn next(&mut self, mut timeout: Duration) -> io::Result<Option<Msg>> {
        if let Some(msg) = self.pending.take() {
            return Ok(Some(msg));
        }
        if let Some(at) = self.ask_at {
            let now = std::time::Instant::now();
            if now >= at {
                self.ask_at = None;
                if super::background::ask() {
                    self.late_reply = Some(super::background::LateReply::new(now));
                }
            } else {
                timeout = timeout.min(at - now);
            }
        }
        if !event::poll(timeout)? {
            // A closed terminal (its window gone, no SIGHUP delivered) reads as endless
            // end-of-file: it is a hang-up.
            if terminal_hung_up() {
                self.signals.stop.store(SIGHUP as usize, Ordering::SeqCst);
            }
            return Ok(None);
        }
        Ok(match event::read()? {
            Event::Key(key)
                if self.late_reply.as_mut().is_some_and(|l| l.drops(&key, std::time::Instant::now())) =>
            {
                None
            }
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                // A deliberate crash, so tests can check the terminal is given back on a panic.
                if std::env::var_os("ESSAYREADER_TEST_PANIC").is_some_and(|v| v != "worker") {
                    panic!("ESSAYREADER_TEST_PANIC is set: panicking on the first key as asked");
                }
                match translate_key(key) {
                    // Raw mode turns off the terminal's signal keys: do what they would do
                    // (`Ctrl-z`, suspending, is the keymap's `suspend`).
                    // Ctrl-\ is read as Ctrl-4 (the same byte) unless the terminal says more.
                    Some(Key::Ctrl('\\' | '4')) => {
                        self.signals.stop.store(SIGQUIT as usize, Ordering::SeqCst);
                        None
                    }
                    key => key.map(Msg::Key),
                }
            }
            Event::Resize(w, h) => Some(Msg::Resize(w, h)),
            Event::Paste(text) => Some(Msg::Paste(text)),
            Event::Mouse(m) => match m.kind {
                MouseEventKind::ScrollDown => Some(Msg::Scroll(3)),
                MouseEventKind::ScrollUp => Some(Msg::Scroll(-3)),
                _ => None,
            },
            _ => None,
        })
    }

    fn ask_suspend(&mut self) {
        self.signals.suspend.store(true, Ordering::SeqCst);
    }

    fn suspend_if_asked(&mut self) -> io::Result<bool> {
        if !self.signals.suspend.swap(false, Ordering::SeqCst) {
            // Continued after a stop of someone else's making: the terminal is ours again.
            if self.signals.continued.swap(false, Ordering::SeqCst) {
                terminal::retake()?;
                return Ok(true);
            }
            return Ok(false);
        }
        if !terminal::can_suspend() {
            // Stopping would leave the reader stopped for good, its terminal frozen.
            self.pending = Some(Msg::Notice(CANNOT_SUSPEND.into()));
            return Ok(false);
        }
        // A stopped reader cannot answer a writer waiting on its lease of a mapped essay.
        crate::library::hold_mapped_texts();
        terminal::suspend()?;
        // The continue that ended our own stop needs nothing more: the terminal is taken.
        self.signals.continued.store(false, Ordering::SeqCst);
        Ok(true)
    }
}

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
