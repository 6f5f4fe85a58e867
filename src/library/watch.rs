//! Watching the essay folders so a running library sees new, changed and removed files.
//!
//! Events are hints, the rescan is the truth: the watcher only says "something changed
//! here", and the caller calls [`Library::rescan`](super::Library::rescan). Raw events
//! are coalesced until the folders have been quiet for [`QUIET`] (at most [`MAX_WAIT`]),
//! so an editor's save (write temp, rename) or a copy gives one hint, not dozens.
//!
//! Half-written files: [`QUIET`] is longer than [`SETTLE`](super::SETTLE), so when the
//! hint for a finished write arrives the file is already old enough to be read. A writer
//! that pauses longer than that keeps producing events, hence more hints; a rescan that
//! still finds a file too fresh leaves it out and names it in
//! [`Library::settling`](super::Library::settling) so the caller rescans once more.
//!
//! Why not a debouncer crate: on Linux `notify` also reports opening and reading files.
//! Our own rescans read every changed essay, so those events would trigger the next
//! rescan forever; the debouncers pass them through, this loop drops them first. Why not
//! notify's `PollWatcher` for the fallback: see [`super::poll`].

use super::poll::{self, Poller};
use super::scan::is_ignored;
use crate::core::sanitize::clean_line;
use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecursiveMode};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

/// A hint is sent once the folders have been quiet this long.
pub const QUIET: Duration = Duration::from_millis(350);
/// …or this long after the first event, for a folder that never goes quiet.
pub const MAX_WAIT: Duration = Duration::from_secs(1);
/// How often the polling fallback looks at the folders.
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// What the watcher tells its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchEvent {
    /// Something changed under these paths (empty: somewhere); rescan.
    Changed(Vec<PathBuf>),
    /// The watcher hit a problem worth showing once (it keeps watching).
    Error(String),
}

/// Watches folders for essays being added, changed, moved or removed. Stops when dropped.
pub struct Watcher {
    events: Receiver<WatchEvent>,
    // Kept only to keep the watch alive; dropping it stops the debounce thread too.
    backend: Option<Backend>,
}

/// What produces the raw events.
enum Backend {
    /// The platform's watcher (inotify, FSEvents, …).
    Native { _watcher: Box<dyn notify::Watcher + Send> },
    /// Our polling thread.
    Poll { _poller: Poller },
}

impl Watcher {
    /// Watches `dirs` recursively (missing folders are skipped) with the platform's
    /// watcher, or by polling if that fails; the notice says so, and why.
    pub fn start(dirs: &[PathBuf]) -> (Watcher, Option<String>) {
        let (raw_tx, raw_rx) = channel();
        match native(dirs, raw_tx) {
            Ok(backend) => (Watcher::with(Backend::Native { _watcher: backend }, raw_rx, dirs), None),
            Err(e) => {
                let (watcher, trouble) = Watcher::start_polling(dirs);
                let mut notice = format!("watching by polling: {e}");
                if let Some(more) = trouble {
                    notice = format!("{notice}; {more}");
                }
                (watcher, Some(notice))
            }
        }
    }

    /// Watches `dirs` by polling every [`POLL_INTERVAL`]; the fallback of
    /// [`Watcher::start`], public so it can be chosen and tested directly. The notice
    /// says if even polling could not start.
    pub fn start_polling(dirs: &[PathBuf]) -> (Watcher, Option<String>) {
        let (raw_tx, raw_rx) = channel();
        match poll::start(dirs, POLL_INTERVAL, raw_tx) {
            Ok(poller) => (Watcher::with(Backend::Poll { _poller: poller }, raw_rx, dirs), None),
            Err(e) => {
                let (_, events) = channel();
                let watcher = Watcher { events, backend: None };
                (watcher, Some(format!("not watching for new essays: {e}")))
            }
        }
    }

    fn with(backend: Backend, raw: Receiver<Raw>, dirs: &[PathBuf]) -> Watcher {
        let (tx, events) = channel();
        let roots = dirs.to_vec();
        // If the thread cannot start, the watcher just never reports; reading still works.
        let _ =
            std::thread::Builder::new().name("essay-watch".into()).spawn(move || debounce(&raw, &tx, &roots));
        Watcher { events, backend: Some(backend) }
    }

    /// The hints, for callers that want to block or select on them.
    pub fn events(&self) -> &Receiver<WatchEvent> {
        &self.events
    }

    /// Whether anything changed since the last call (drains pending hints; errors are
    /// not changes, and only [`Watcher::events`] shows them).
    pub fn try_changed(&self) -> bool {
        let mut changed = false;
        loop {
            match self.events.try_recv() {
                Ok(WatchEvent::Changed(_)) => changed = true,
                Ok(WatchEvent::Error(_)) => {}
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return changed,
            }
        }
    }

    /// Waits up to `timeout` for a change hint; true if one came.
    pub fn wait_changed(&self, timeout: Duration) -> bool {
        let Some(deadline) = Instant::now().checked_add(timeout) else {
            // "Forever": wait without a deadline.
            return self.events.iter().any(|e| matches!(e, WatchEvent::Changed(_)));
        };
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(WatchEvent::Changed(_)) => return true,
                Ok(WatchEvent::Error(_)) => {}
                Err(_) => return false,
            }
        }
    }

    /// Whether this watcher polls (the platform's watcher was not available).
    pub fn is_polling(&self) -> bool {
        matches!(self.backend, Some(Backend::Poll { .. }))
    }
}

type Raw = notify::Result<Event>;

fn native(dirs: &[PathBuf], raw: Sender<Raw>) -> notify::Result<Box<dyn notify::Watcher + Send>> {
    let mut watcher = notify::recommended_watcher(handler(raw))?;
    watch_all(&mut watcher, dirs)?;
    Ok(Box::new(watcher))
}

fn watch_all(watcher: &mut dyn notify::Watcher, dirs: &[PathBuf]) -> notify::Result<()> {
    // Missing folders are already a scan warning; they are simply not watched.
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        watcher.watch(dir, RecursiveMode::Recursive)?;
    }
    Ok(())
}

/// The backend's callback: forwards errors and the events that may mean a changed essay.
fn handler(raw: Sender<Raw>) -> impl Fn(Raw) + Send + 'static {
    move |event| {
        if event.as_ref().map_or(true, |e| matters(&e.kind)) {
            let _ = raw.send(event);
        }
    }
}

/// Opening and reading are not changes; closing after writing is.
fn matters(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Coalesces raw events into hints until the raw channel closes (the backend dropped).
/// Each distinct error is passed on once: a backend may repeat the same one.
fn debounce(raw: &Receiver<Raw>, out: &Sender<WatchEvent>, roots: &[PathBuf]) {
    let mut reported: HashSet<String> = HashSet::new();
    let mut report = |e: notify::Error| {
        let message = clean_line(&e.to_string());
        if reported.insert(message.clone()) {
            let _ = out.send(WatchEvent::Error(message));
        }
    };
    while let Ok(first) = raw.recv() {
        let first = match first {
            Ok(event) => event,
            Err(e) => {
                report(e);
                continue;
            }
        };
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut seen: HashSet<PathBuf> = HashSet::new();
        let mut relevant = false;
        let mut absorb = |event: Event| {
            let rescan = event.need_rescan() || event.paths.is_empty();
            for path in event.paths {
                if is_relevant(&path, roots) {
                    relevant = true;
                    if seen.insert(path.clone()) {
                        paths.push(path);
                    }
                }
            }
            if rescan {
                relevant = true;
            }
        };
        absorb(first);
        let started = Instant::now();
        let mut last = started;
        let mut open = true;
        while open {
            let deadline = (last + QUIET).min(started + MAX_WAIT);
            match raw.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(Ok(event)) => {
                    absorb(event);
                    last = Instant::now();
                }
                Ok(Err(e)) => report(e),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => open = false,
            }
        }
        if relevant && out.send(WatchEvent::Changed(paths)).is_err() {
            return;
        }
        if !open {
            return;
        }
    }
}

/// Whether a change at `path` can matter to the library: not inside a hidden folder nor
/// an editor's swap or temp file (vim rewrites its swap file every few seconds).
fn is_relevant(path: &Path, roots: &[PathBuf]) -> bool {
    let Some(rel) = roots.iter().find_map(|r| path.strip_prefix(r).ok()) else {
        return true; // outside the roots as we named them (a symlink): assume it matters
    };
    !rel.components().any(|c| is_ignored(&c.as_os_str().to_string_lossy()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_is_not_a_change() {
        assert!(!matters(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(!matters(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(matters(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(matters(&EventKind::Any));
    }

    #[test]
    fn swap_files_and_hidden_folders_are_not_relevant() {
        let roots = [PathBuf::from("/home/u/.local/essays")];
        assert!(is_relevant(Path::new("/home/u/.local/essays/a.md"), &roots));
        assert!(is_relevant(Path::new("/home/u/.local/essays"), &roots));
        assert!(!is_relevant(Path::new("/home/u/.local/essays/.a.md.swp"), &roots));
        assert!(!is_relevant(Path::new("/home/u/.local/essays/.git/index"), &roots));
        assert!(is_relevant(Path::new("/elsewhere/x.md"), &roots));
    }
}
