//! The polling fallback of the watcher: look at the folders every second.
//!
//! notify's own `PollWatcher` compares modification times in whole seconds, so a file
//! saved twice within one second looks unchanged and the second save is never reported.
//! This poller compares size and the full modification time of the same files the scan
//! would list, and so ignores the same swap and temp files.

use super::FileStamp;
use super::read::stamp;
use super::scan::find_files;
use notify::{Event, EventKind};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::time::Duration;

type Fingerprint = BTreeMap<PathBuf, Option<FileStamp>>;

/// Stops the polling thread when dropped.
pub(crate) struct Poller {
    _stop: Sender<()>,
}

/// Starts a thread that polls `dirs` every `interval` and sends an event naming the
/// changed files to `raw`.
pub(crate) fn start(
    dirs: &[PathBuf],
    interval: Duration,
    raw: Sender<notify::Result<Event>>,
) -> std::io::Result<Poller> {
    let (stop, stopped) = channel::<()>();
    let dirs = dirs.to_vec();
    // Taken before returning, so a change made right after start is not missed.
    let mut before = fingerprint(&dirs);
    std::thread::Builder::new().name("essay-poll".into()).spawn(move || {
        // Ends when the Poller is dropped (the channel disconnects) or nobody listens.
        while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(interval) {
            let now = fingerprint(&dirs);
            let changed = differences(&before, &now);
            if !changed.is_empty() {
                let mut event = Event::new(EventKind::Any);
                event.paths = changed;
                if raw.send(Ok(event)).is_err() {
                    return;
                }
            }
            before = now;
        }
    })?;
    Ok(Poller { _stop: stop })
}

fn fingerprint(dirs: &[PathBuf]) -> Fingerprint {
    let mut warnings = Vec::new(); // the scan reports these; polling stays quiet
    find_files(dirs, &mut warnings)
        .into_iter()
        .map(|path| {
            let stamp = stamp(&path);
            (path, stamp)
        })
        .collect()
}

/// Paths added, removed or changed between two fingerprints.
fn differences(before: &Fingerprint, now: &Fingerprint) -> Vec<PathBuf> {
    let changed =
        now.iter().filter(|(path, stamp)| before.get(*path) != Some(stamp)).map(|(path, _)| path.clone());
    let removed = before.keys().filter(|path| !now.contains_key(*path)).cloned();
    changed.chain(removed).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_cover_add_change_remove() {
        let t = |size| Some(FileStamp { size, modified_ns: 0 });
        let a: Fingerprint = [("a".into(), t(1)), ("b".into(), t(1))].into();
        let b: Fingerprint = [("a".into(), t(2)), ("c".into(), t(1))].into();
        let d = differences(&a, &b);
        assert_eq!(d, [PathBuf::from("a"), "c".into(), "b".into()]);
        assert!(differences(&a, &a).is_empty());
    }
}
