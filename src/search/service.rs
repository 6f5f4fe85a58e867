//! Searching on a thread of its own, so typing never waits for a search: the library's
//! essays and the queries go in, answers come out, and a newer query cancels the one
//! running. Essays are read (and folded) on the thread too, the first time a search needs
//! them and again when the library changes, so opening the library costs nothing more.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

use super::{Corpus, Hit, Query};
use crate::core::essay::EssayInfo;

/// What the search thread is asked.
enum Request {
    /// The library's essays now.
    Essays(Vec<EssayInfo>),
    /// Search for this text (numbered).
    Query(u64, String, usize),
}

/// An answer from the search thread.
#[derive(Debug)]
pub struct Answer {
    /// The number of the query it answers.
    pub generation: u64,
    /// The essays that match, best first.
    pub hits: Vec<Hit>,
    /// How many essays were searched.
    pub essays: usize,
}

/// The search thread, seen from the thread that draws.
pub struct Searcher {
    requests: Sender<Request>,
    answers: Receiver<Answer>,
    /// The newest query's number: a search running for an older one stops.
    latest: Arc<AtomicU64>,
    /// What identifies the essays last sent, so an unchanged library is not sent again.
    sent: Option<u64>,
    /// The query asked last, until its answer arrives.
    awaiting: std::cell::Cell<Option<u64>>,
}

impl Searcher {
    /// Starts the thread (with no essays yet).
    pub fn spawn() -> Searcher {
        let (requests, inbox) = mpsc::channel();
        let (outbox, answers) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&latest);
        // If no thread can be had, the requests go nowhere and no answer ever comes: the
        // box says it is searching, nothing worse.
        let _ = std::thread::Builder::new()
            .name("library search".into())
            .spawn(move || serve(&inbox, &outbox, &seen));
        Searcher { requests, answers, latest, sent: None, awaiting: Default::default() }
    }

    /// Asks for `query` over `essays` (sent only if they changed), numbered `generation`.
    pub fn search(&mut self, essays: &[&EssayInfo], query: &str, generation: u64, limit: usize) {
        let key = essays_key(essays);
        if self.sent != Some(key) {
            self.sent = Some(key);
            let _ = self.requests.send(Request::Essays(essays.iter().map(|e| (*e).clone()).collect()));
        }
        self.latest.store(generation, Ordering::SeqCst);
        self.awaiting.set(Some(generation));
        let _ = self.requests.send(Request::Query(generation, query.to_string(), limit));
    }

    /// Whether the last query's answer is still to come.
    pub fn busy(&self) -> bool {
        self.awaiting.get().is_some()
    }

    /// The newest answer that has arrived, if any, without waiting.
    pub fn poll(&self) -> Option<Answer> {
        let mut last = None;
        loop {
            match self.answers.try_recv() {
                Ok(answer) => {
                    if self.awaiting.get() == Some(answer.generation) {
                        self.awaiting.set(None);
                    }
                    last = Some(answer);
                }
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return last,
            }
        }
    }
}

/// A hash of what makes a library's essays different to search: ids, files and stamps.
fn essays_key(essays: &[&EssayInfo]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for e in essays {
        (&e.id, &e.path, &e.title, e.stamp.map(|s| (s.size, s.modified_ns))).hash(&mut h);
    }
    h.finish()
}

/// The thread: takes every request waiting, brings the essays up to date, answers the
/// newest query (unless a newer one arrives meanwhile).
fn serve(inbox: &Receiver<Request>, outbox: &Sender<Answer>, latest: &AtomicU64) {
    let mut corpus = Corpus::default();
    let mut essays: Option<Vec<EssayInfo>> = None;
    while let Ok(first) = inbox.recv() {
        let mut query = None;
        for request in std::iter::once(first).chain(std::iter::from_fn(|| inbox.try_recv().ok())) {
            match request {
                Request::Essays(list) => essays = Some(list),
                Request::Query(generation, text, limit) => query = Some((generation, text, limit)),
            }
        }
        let Some((generation, text, limit)) = query else { continue };
        if let Some(list) = essays.take() {
            corpus.sync(&list);
        }
        let cancelled = || latest.load(Ordering::SeqCst) != generation;
        let Some(hits) = corpus.search(&Query::parse(&text), limit, &cancelled) else { continue };
        if outbox.send(Answer { generation, hits, essays: corpus.len() }).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::essay::{EssayInfo, Source};

    fn wait(searcher: &Searcher) -> Answer {
        loop {
            if let Some(answer) = searcher.poll() {
                return answer;
            }
            std::thread::yield_now();
        }
    }

    #[test]
    fn answers_the_newest_query_over_the_essays_given() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.md");
        std::fs::write(&path, "# A\n\nThe dialectic of enlightenment.\n").expect("write");
        let info = EssayInfo {
            id: "a".into(),
            title: "A".into(),
            path,
            source: Source::User,
            ..EssayInfo::default()
        };
        let mut searcher = Searcher::spawn();
        searcher.search(&[&info], "dialectic", 1, 10);
        let answer = wait(&searcher);
        assert_eq!((answer.generation, answer.hits.len(), answer.essays), (1, 1, 1));
        searcher.search(&[], "dialectic", 2, 10);
        let answer = wait(&searcher);
        assert_eq!((answer.generation, answer.hits.len()), (2, 0), "a removed essay is not found");
    }
}
