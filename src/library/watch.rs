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
use std::sync::{Arc, Mutex, Weak};
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
    /// The platform's watcher (inotify, FSEvents, …), shared with the debounce thread,
    /// which re-arms it when a folder appears or comes back.
    Native { _arming: Arc<Mutex<Arming>> },
    /// Our polling thread.
    Poll { _poller: Poller },
}

/// The platform's watcher and what it is watching for each folder of the library.
///
/// A watch on a folder ends when the folder is deleted, and a folder that does not exist
/// cannot be watched at all. So a missing folder's nearest existing ancestor is watched
/// (not recursively) instead: when the folder appears there, [`Arming::arm`] moves the
/// watch onto it.
struct Arming {
    watcher: Box<dyn notify::Watcher + Send>,
    roots: Vec<PathBuf>,
    armed: Vec<Armed>,
}

/// What is watched on behalf of one folder of the library.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Armed {
    /// Nothing (not even an ancestor could be watched).
    Nothing,
    /// The folder itself, recursively; the identity tells a folder made again from the
    /// one that was watched.
    Folder(FolderId),
    /// The nearest ancestor that exists, waiting for the folder to appear.
    Ancestor(PathBuf),
}

/// Which folder a path names right now: device and inode where the platform has them.
type FolderId = (u64, u64);

fn folder_id(path: &Path) -> Option<FolderId> {
    let meta = std::fs::metadata(path).ok().filter(std::fs::Metadata::is_dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some((0, 0))
    }
}

impl Arming {
    /// Watches each folder, or the nearest existing ancestor of a missing one.
    fn new(watcher: Box<dyn notify::Watcher + Send>, roots: &[PathBuf]) -> notify::Result<Arming> {
        let mut arming = Arming { watcher, roots: roots.to_vec(), armed: vec![Armed::Nothing; roots.len()] };
        for i in 0..roots.len() {
            // A folder that exists but cannot be watched is the platform watcher failing:
            // the caller falls back to polling.
            if let Some(id) = folder_id(&arming.roots[i]) {
                arming.watcher.watch(&arming.roots[i], RecursiveMode::Recursive)?;
                arming.armed[i] = Armed::Folder(id);
            }
        }
        arming.arm();
        Ok(arming)
    }

    /// Brings every watch up to date with the folders as they are now; true if any moved.
    fn arm(&mut self) -> bool {
        // A folder made between looking and watching gave no event to the old watch:
        // look again until nothing moves (each round can only climb down the tree).
        let mut moved = false;
        for _ in 0..16 {
            if !self.arm_once() {
                break;
            }
            moved = true;
        }
        moved
    }

    fn arm_once(&mut self) -> bool {
        let mut moved = false;
        for i in 0..self.roots.len() {
            let root = self.roots[i].clone();
            let now = folder_id(&root);
            let wanted_ancestor = if now.is_none() { nearest_existing_ancestor(&root) } else { None };
            let up_to_date = match (&self.armed[i], now) {
                (Armed::Folder(id), Some(now)) => *id == now,
                (Armed::Ancestor(a), None) => Some(a) == wanted_ancestor.as_ref(),
                (Armed::Nothing, None) => wanted_ancestor.is_none(),
                _ => false,
            };
            if up_to_date {
                continue;
            }
            moved = true;
            self.disarm(i);
            self.armed[i] = match now {
                Some(id) if self.watcher.watch(&root, RecursiveMode::Recursive).is_ok() => Armed::Folder(id),
                _ => match wanted_ancestor {
                    Some(a) if self.watcher.watch(&a, RecursiveMode::NonRecursive).is_ok() => {
                        Armed::Ancestor(a)
                    }
                    _ => Armed::Nothing,
                },
            };
        }
        moved
    }

    /// Stops the watch made for folder `i`, unless another folder relies on the same one.
    fn disarm(&mut self, i: usize) {
        let path = match std::mem::replace(&mut self.armed[i], Armed::Nothing) {
            Armed::Nothing => return,
            Armed::Folder(_) => self.roots[i].clone(),
            Armed::Ancestor(a) => a,
        };
        if !self.watched_paths().any(|p| p == path.as_path()) {
            // The folder may be gone already, taking its watch with it: not an error.
            let _ = self.watcher.unwatch(&path);
        }
    }

    fn watched_paths(&self) -> impl Iterator<Item = &Path> {
        self.armed.iter().zip(&self.roots).filter_map(|(armed, root)| match armed {
            Armed::Nothing => None,
            Armed::Folder(_) => Some(root.as_path()),
            Armed::Ancestor(a) => Some(a.as_path()),
        })
    }
}

/// The closest folder above `path` that exists, if any does.
fn nearest_existing_ancestor(path: &Path) -> Option<PathBuf> {
    path.ancestors().skip(1).find(|a| a.is_dir()).map(Path::to_path_buf)
}

impl Watcher {
    /// Watches `dirs` recursively (missing folders are skipped) with the platform's
    /// watcher, or by polling if that fails; the notice says so, and why.
    pub fn start(dirs: &[PathBuf]) -> (Watcher, Option<String>) {
        let (raw_tx, raw_rx) = channel();
        match native(dirs, raw_tx) {
            Ok(arming) => {
                let arming = Arc::new(Mutex::new(arming));
                let rearm = Arc::downgrade(&arming);
                (Watcher::with(Backend::Native { _arming: arming }, raw_rx, dirs, Some(rearm)), None)
            }
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
            Ok(poller) => (Watcher::with(Backend::Poll { _poller: poller }, raw_rx, dirs, None), None),
            Err(e) => {
                let (_, events) = channel();
                let watcher = Watcher { events, backend: None };
                (watcher, Some(format!("not watching for new essays: {e}")))
            }
        }
    }

    fn with(
        backend: Backend,
        raw: Receiver<Raw>,
        dirs: &[PathBuf],
        rearm: Option<Weak<Mutex<Arming>>>,
    ) -> Watcher {
        let (tx, events) = channel();
        let roots = dirs.to_vec();
        // If the thread cannot start, the watcher just never reports; reading still works.
        let _ = std::thread::Builder::new()
            .name("essay-watch".into())
            .spawn(move || debounce(&raw, &tx, &roots, rearm.as_ref()));
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

fn native(dirs: &[PathBuf], raw: Sender<Raw>) -> notify::Result<Arming> {
    let watcher = notify::recommended_watcher(handler(raw))?;
    Arming::new(Box::new(watcher), dirs)
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
fn debounce(
    raw: &Receiver<Raw>,
    out: &Sender<WatchEvent>,
    roots: &[PathBuf],
    rearm: Option<&Weak<Mutex<Arming>>>,
) {
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
            // A folder of the library (or one above it) appeared, went or was replaced:
            // move the watches first, so what is written into it next is seen.
            if rescan || event.paths.iter().any(|p| is_root_or_above(p, roots)) {
                let rearmed = rearm.and_then(Weak::upgrade).is_some_and(|arming| {
                    arming.lock().unwrap_or_else(std::sync::PoisonError::into_inner).arm()
                });
                relevant |= rearmed;
            }
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

/// Whether `path` is a folder of the library or one of the folders above it.
fn is_root_or_above(path: &Path, roots: &[PathBuf]) -> bool {
    roots.iter().any(|r| r.starts_with(path))
}

/// Whether a change at `path` can matter to the library: not inside a hidden folder nor
/// an editor's swap or temp file (vim rewrites its swap file every few seconds), nor
/// beside a missing folder in the ancestor watched while waiting for it to appear.
fn is_relevant(path: &Path, roots: &[PathBuf]) -> bool {
    if is_root_or_above(path, roots) {
        return true;
    }
    if let Some(rel) = roots.iter().find_map(|r| path.strip_prefix(r).ok()) {
        return !rel.components().any(|c| is_ignored(&c.as_os_str().to_string_lossy()));
    }
    // Beside a folder on the way to a missing root: another program's file.
    let beside = |r: &PathBuf| path.parent().is_some_and(|parent| r.starts_with(parent));
    // Anything else is outside the roots as we named them (a symlink): assume it matters.
    !roots.iter().any(beside)
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
        assert!(is_relevant(Path::new("/home/u/.local"), &roots));
        assert!(!is_relevant(Path::new("/home/u/.local/other-app"), &roots));
        assert!(!is_relevant(Path::new("/home/u/.bashrc"), &roots));
        let nested = [PathBuf::from("/a"), PathBuf::from("/a/b/c")];
        assert!(is_relevant(Path::new("/a/b/x.md"), &nested));
    }
}
