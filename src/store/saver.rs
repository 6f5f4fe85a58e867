//! Saving in the background, so the reader never waits for the folder lock while drawing.
//!
//! The running reader applies each change to what it shows at once and hands it to a saver
//! thread, which makes the usual locked re-read → change → atomic write. While another
//! program holds the lock, the saver keeps trying (and says so once); when every queued
//! change is saved, the reader adopts what is on disk, which also brings in what other
//! running copies saved. On quit, the reader waits a bounded time and then says what was
//! not saved rather than hanging.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use super::error::StoreError;
use super::folder::Folder;
use super::lock::SAY_AFTER;
use super::sync::{KIND_COUNT, Kind, Own, Sync};
use super::{Batch, Store};

/// What the status line says while another program holds the lock.
pub const WAITING: &str = "waiting for another essayreader to finish saving";

/// The reader's end of the saver thread.
#[derive(Debug)]
pub(crate) struct Saver {
    jobs: Option<Sender<Batch>>,
    reports: Receiver<Report>,
    /// Changes handed over and not yet reported back, oldest first.
    pending: VecDeque<Batch>,
    /// The lock file being waited for, once the saver has said it is waiting.
    waiting: Option<PathBuf>,
    /// What [`Saver::settle`] heard, for [`Saver::finish`] to say.
    heard: SaveNews,
}

/// What the saver thread tells the reader.
#[derive(Debug)]
enum Report {
    /// The lock is held by someone else; the saver keeps trying.
    Waiting(PathBuf),
    /// One change is done (saved, or refused with the error).
    Done {
        result: Result<(), StoreError>,
        notices: Vec<String>,
        own: Box<[Own; KIND_COUNT]>,
        machine: String,
    },
}

/// What [`Store::poll`](super::Store::poll) found.
#[derive(Debug, Default)]
pub struct SaveNews {
    /// Messages for the status line.
    pub notices: Vec<String>,
    /// Whether the bookmarks or positions now differ from what was shown (another copy
    /// saved, or a save was refused).
    pub changed: bool,
}

/// How long one attempt waits for the lock before the saver says it is waiting and tries
/// again.
const ATTEMPT: Duration = SAY_AFTER;

impl Saver {
    /// Starts the thread; it begins from what the reader has read.
    pub(crate) fn start(dir: &Path, sync: Sync) -> Saver {
        let (jobs, inbox) = mpsc::channel();
        let (outbox, reports) = mpsc::channel();
        let mut folder = Folder::new(dir);
        // Said already by the reader's own store.
        folder.notices.clear();
        folder.lock_wait = ATTEMPT;
        // The registry is saved by the store itself, never through the saver.
        let known = super::folder::Slot { items: Vec::new(), blocked: Some("not the saver's".into()) };
        let store = Store { folder, sync, saver: None, known, first_registry: false };
        let spawned = std::thread::Builder::new()
            .name("essayreader-saver".into())
            .spawn(move || run(store, &inbox, &outbox));
        // Without a thread, nothing is saved; `finish` then names every change as unsaved.
        drop(spawned);
        Saver {
            jobs: Some(jobs),
            reports,
            pending: VecDeque::new(),
            waiting: None,
            heard: SaveNews::default(),
        }
    }

    /// Hands a change to the thread.
    pub(crate) fn send(&mut self, change: Batch) {
        // If the thread is gone the change stays pending, and `finish` names it as unsaved.
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(change.clone());
        }
        self.pending.push_back(change);
    }

    /// Whether changes are still waiting to be saved.
    pub(crate) fn busy(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Takes the thread's reports; when all changes are saved, returns what is on disk.
    pub(crate) fn poll(&mut self, news: &mut SaveNews) -> Option<([Own; KIND_COUNT], String)> {
        let mut latest = None;
        while let Ok(report) = self.reports.try_recv() {
            latest = self.take(report, news).or(latest);
        }
        latest.filter(|_| self.pending.is_empty())
    }

    fn take(&mut self, report: Report, news: &mut SaveNews) -> Option<([Own; KIND_COUNT], String)> {
        match report {
            Report::Waiting(lock) => {
                if self.waiting.is_none() {
                    news.notices.push(WAITING.to_string());
                }
                self.waiting = Some(lock);
                None
            }
            Report::Done { result, notices, own, machine } => {
                self.pending.pop_front();
                news.notices.extend(notices);
                if let Err(e) = result {
                    news.notices.push(e.to_string());
                }
                if self.pending.is_empty() && self.waiting.take().is_some() {
                    news.notices.push("Saved: the other essayreader has finished".to_string());
                }
                Some((*own, machine))
            }
        }
    }

    /// Waits up to `bound` for the queued changes, quietly: what it hears is said by
    /// [`Saver::finish`].
    pub(crate) fn settle(&mut self, bound: Duration) {
        let started = Instant::now();
        while !self.pending.is_empty() {
            let Some(left) = bound.checked_sub(started.elapsed()) else { break };
            match self.reports.recv_timeout(left) {
                Ok(report) => {
                    let mut heard = std::mem::take(&mut self.heard);
                    drop(self.take(report, &mut heard));
                    self.heard = heard;
                }
                Err(_) => break,
            }
        }
    }

    /// Stops taking changes and waits up to `bound` for the queued ones. `say` is told once
    /// when the wait is noticeable, and gets one line for each problem and for what was
    /// not saved.
    pub(crate) fn finish(mut self, bound: Duration, say: &mut dyn FnMut(&str)) {
        // Closing the queue lets the thread end once it has saved what it has.
        self.jobs = None;
        let started = Instant::now();
        let mut said = false;
        let mut news = std::mem::take(&mut self.heard);
        while !self.pending.is_empty() {
            let waited = started.elapsed();
            if waited >= bound {
                break;
            }
            if !said && (waited >= SAY_AFTER || self.waiting.is_some()) {
                said = true;
                let lock = self.waiting.as_ref().map(|l| format!(" ({} is held)", l.display()));
                say(&format!("{WAITING}{}…", lock.unwrap_or_default()));
            }
            let step = (bound - waited).min(Duration::from_millis(100));
            match self.reports.recv_timeout(step) {
                Ok(report) => drop(self.take(report, &mut news)),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        for notice in news.notices.iter().filter(|n| !n.starts_with(WAITING) && !n.starts_with("Saved:")) {
            say(notice);
        }
        if !self.pending.is_empty() {
            let why = match &self.waiting {
                Some(lock) => format!("another program holds {}", lock.display()),
                None => "the saver stopped".to_string(),
            };
            say(&format!("not saved: {} ({why})", describe(&self.pending)));
        }
    }
}

/// "2 bookmark changes and the reading position", for the quit message.
fn describe(changes: &VecDeque<Batch>) -> String {
    let only = |kind: Kind| changes.iter().filter(|c| c.iter().all(|(k, _)| *k == kind)).count();
    let (positions, highlights) = (only(Kind::Positions), only(Kind::Highlights));
    let bookmarks = changes.len() - positions - highlights;
    let mut parts = Vec::new();
    match bookmarks {
        0 => {}
        1 => parts.push("1 bookmark change".to_string()),
        n => parts.push(format!("{n} bookmark changes")),
    }
    match highlights {
        0 => {}
        1 => parts.push("1 highlight change".to_string()),
        n => parts.push(format!("{n} highlight changes")),
    }
    if positions > 0 {
        parts.push("the reading position".to_string());
    }
    parts.join(" and ")
}

/// The thread: applies each change under the lock, trying again while the lock is held.
fn run(mut store: Store, inbox: &Receiver<Batch>, outbox: &Sender<Report>) {
    for change in inbox {
        let mut said = false;
        let result = loop {
            match store.write(&change) {
                Err(StoreError::Locked { path, .. }) => {
                    if !said {
                        said = true;
                        if outbox.send(Report::Waiting(path)).is_err() {
                            return;
                        }
                    }
                }
                other => break other.map(drop),
            }
        };
        let report = Report::Done {
            result,
            notices: store.take_notices(),
            own: Box::new(store.sync.own.clone()),
            machine: store.sync.machine.clone(),
        };
        if outbox.send(report).is_err() {
            return;
        }
    }
}
