//! Running the reader in a terminal: the event loop that feeds messages to `update`, draws
//! the model and hands the effects `update` returns to a [`Shell`]. Its parts:
//! `terminal` (taking the terminal and always giving it back: quitting, panics, signals,
//! suspending), `events` (the terminal's input as messages), `shell` (performing effects),
//! `background` (asking the terminal's background colour for `theme = "auto"`),
//! `convert` (the library and store as the app lists them), `startup` (from the command
//! line to the first frame), `window` (opening a long essay on a part of it), `preview` (the
//! first screen of a long essay named by path, from a part of its file), `compact` and `pen`
//! (frames in fewer bytes: short gaps written as spaces, styles as short SGR changes) and
//! `worker` (background work whose panic is a notice).

pub mod background;
mod browser;
mod clipboard;
mod compact;
mod convert;
mod editor;
pub mod events;
mod pen;
mod preview;
pub mod shell;
pub mod startup;
pub mod terminal;
mod window;
pub mod worker;

use std::collections::VecDeque;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;

use crate::app::{Effect, Model, Msg, update};
use crate::ui::{self, Theme};

pub use events::{TerminalEvents, translate_key};
pub use terminal::{Signals, TerminalGuard, restore_terminal};

/// Where messages come from: the real terminal, or a script in tests.
pub trait EventSource {
    /// The next message, waiting at most `timeout`; `None` if nothing happened.
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Msg>>;
    /// If a suspension was asked for (`Ctrl-z`, SIGTSTP): gives the terminal back, stops
    /// until continued, takes the terminal again and returns true (the loop then redraws
    /// everything). Also true, with the terminal taken again, after being continued from a
    /// stop of someone else's (`kill -STOP`).
    fn suspend_if_asked(&mut self) -> io::Result<bool> {
        Ok(false)
    }
    /// Asks for a suspension (the keymap's `suspend`, `Ctrl-z`): [`EventSource::suspend_if_asked`]
    /// performs it.
    fn ask_suspend(&mut self) {}
    /// Whether the terminal's background, asked for `theme = "auto"`, turned out light, once
    /// its answer has come (after the first frame); `None` until then, and after.
    fn background_answer(&mut self) -> Option<bool> {
        None
    }
}

/// Who performs effects and reports what changed outside (files, timers).
pub trait Shell {
    /// Performs one effect; returns messages for `update`.
    fn perform(&mut self, effect: Effect, model: &Model) -> Vec<Msg>;
    /// Called when idle and after each burst of messages: results of background work,
    /// watchers.
    fn tick(&mut self, model: &Model) -> Vec<Msg>;
    /// Whether work in the background will soon have results (the loop then looks often).
    fn busy(&self) -> bool {
        false
    }
    /// Whether the screen was given to another program meanwhile (the note's editor), so
    /// the next frame must draw all of it; asking clears it.
    fn take_redraw(&mut self) -> bool {
        false
    }
}

/// Runs the app until the model quits or `stop` holds a signal number; then, if stopped
/// from outside (or by an error of the terminal), `update` hears [`Msg::Stopping`] and its
/// effects are performed before returning. Time reaches `update` as [`Msg::Tick`].
/// Generic over the backend and the event source so tests drive the very same loop.
pub fn run_loop<B: Backend, E: EventSource, S: Shell>(
    terminal: &mut Terminal<B>,
    events: &mut E,
    shell: &mut S,
    model: &mut Model,
    mut theme: Theme,
    stop: &AtomicUsize,
) -> io::Result<()>
where
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    // Any way out of the loop but quitting (a signal, an error of the terminal) is stopping.
    let result = (|| -> io::Result<()> {
        let mut dirty = true;
        let mut queue: VecDeque<Msg> = VecDeque::new();
        while !model.quit && stop.load(Ordering::Relaxed) == 0 {
            if events.suspend_if_asked()? {
                // The screen was the shell's meanwhile: draw all of it, at its current size.
                terminal.clear().map_err(io::Error::other)?;
                let size = terminal.size().map_err(io::Error::other)?;
                queue.push_back(Msg::Resize(size.width, size.height));
            }
            // Not while a resize from a suspension waits: the model still has the old size,
            // and drawing it into the new one would reach outside the buffer.
            if dirty && queue.is_empty() {
                terminal.draw(|frame| ui::render(model, theme, frame)).map_err(io::Error::other)?;
                dirty = false;
            }
            let wait = if !queue.is_empty() {
                Duration::ZERO
            } else {
                Duration::from_millis(if shell.busy() { 10 } else { 100 })
            };
            queue.extend(events.next(wait)?);
            // Take what else is already waiting, so a burst of resizes (a window being dragged)
            // lays the essay out once, at the last size.
            while !queue.is_empty() && queue.len() < 64 {
                let Some(msg) = events.next(Duration::ZERO)? else { break };
                if let (Some(Msg::Resize(..)), Msg::Resize(..)) = (queue.back(), &msg) {
                    queue.pop_back();
                }
                queue.push_back(msg);
            }
            if let Some(light) = events.background_answer() {
                // Asked only for `auto`: its answer picks the theme, and the screen is redrawn.
                theme = Theme::pick(crate::config::ThemeName::Auto, Some(light));
                dirty = true;
            }
            queue.extend(shell.tick(model));
            queue.push_back(Msg::Tick(Instant::now()));
            while let Some(msg) = queue.pop_front() {
                // Time passing alone changes nothing on screen; what it leads to does.
                dirty |= !matches!(msg, Msg::Tick(_));
                for effect in update(model, msg) {
                    queue.extend(shell.perform(effect, model));
                }
            }
            if std::mem::take(&mut model.suspend) {
                events.ask_suspend();
            }
            if shell.take_redraw() {
                terminal.clear().map_err(io::Error::other)?;
                dirty = true;
            }
        }
        Ok(())
    })();
    if !model.quit {
        for effect in update(model, Msg::Stopping) {
            shell.perform(effect, model);
        }
    }
    result
}
