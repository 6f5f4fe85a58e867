//! The sync folder: state that follows the reader to every machine.
//!
//! ```text
//! <sync_dir>/
//!   3f9c0a1b2c3d4e5f/          one folder per machine, named by its id (written only by it)
//!     bookmarks.jsonl          its changes to bookmarks, one per line (see `ops`)
//!     positions.jsonl          its reading positions
//!     highlights.jsonl         its highlights and notes
//!   a0b1c2d3e4f5a6b7/          another machine's, arrived by Syncthing, Dropbox or git
//!     bookmarks.jsonl
//!     bookmarks.sync-conflict-20260501-120000-XYZ.jsonl   read as more of its lines
//! ```
//!
//! A machine writes only in its own folder, so a file-copying tool never sees two machines
//! change one file and a `git pull` never conflicts; every machine reads every folder and
//! joins the lines (see `merge`). Conflict copies that a sync tool makes anyway are just more
//! lines: reading a line twice changes nothing. Writes take this machine's folder lock (in
//! the config folder, which is not synced), re-read its own file, add the new lines, drop
//! lines its own later lines made irrelevant, and replace the file atomically.

pub(crate) mod hlc;
pub(crate) mod machine;
pub(crate) mod merge;
pub(crate) mod ops;

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::atomic::{is_temp_for, write_atomic};
use super::error::StoreError;
use super::folder::{probe_unlocked, rename_aside};
use super::read::{Links, ReadError, read_file};
use hlc::{Clock, Hlc};
use merge::Merged;
use ops::Line;

/// What is synced, one file per machine each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Bookmarks,
    Positions,
    Highlights,
}

/// How many kinds there are.
pub(crate) const KIND_COUNT: usize = 3;

/// Every kind, in file order.
pub(crate) const KINDS: [Kind; KIND_COUNT] = [Kind::Bookmarks, Kind::Positions, Kind::Highlights];

impl Kind {
    /// The kind's name, which starts its files' names.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Bookmarks => "bookmarks",
            Kind::Positions => "positions",
            Kind::Highlights => "highlights",
        }
    }

    /// What a person calls these, for messages.
    pub fn what(self) -> &'static str {
        match self {
            Kind::Bookmarks => "bookmarks",
            Kind::Positions => "reading positions",
            Kind::Highlights => "highlights",
        }
    }

    /// The machine's own file of this kind.
    pub fn file(self) -> String {
        format!("{}.jsonl", self.name())
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The kind whose data a file in a machine's folder holds: `<kind>.jsonl` and the conflict
    /// copies sync tools make of it (`<kind>.sync-conflict-….jsonl`, `<kind> (conflicted
    /// copy …).jsonl`, `<kind>_conflict-….jsonl`). Temp files (a leading dot) and files set
    /// aside (`.corrupt-…`, no `.jsonl` at the end) are not read.
    fn of_file(name: &str) -> Option<Kind> {
        if name.starts_with('.') || !name.ends_with(".jsonl") {
            return None;
        }
        KINDS.into_iter().find(|k| name.starts_with(k.name()))
    }
}

/// This machine's own lines of one kind, as last read or written.
#[derive(Debug, Clone, Default)]
pub(crate) struct Own {
    pub lines: Vec<Line>,
    /// Why this kind must not be written (newer version, unreadable).
    pub blocked: Option<String>,
}

/// The sync folder as this machine sees it.
#[derive(Debug, Clone)]
pub(crate) struct Sync {
    /// The sync folder.
    pub dir: PathBuf,
    /// This machine's id (its folder's name).
    pub machine: String,
    /// The config folder, where the machine's id is kept.
    config_dir: PathBuf,
    /// The id is not kept in the config folder yet (it is at the first save, so that only
    /// opening creates nothing).
    unsaved_id: bool,
    /// This machine's name, recorded with each change.
    pub device: String,
    /// Stamps this machine's changes.
    pub clock: Clock,
    /// This machine's own lines, by kind.
    pub own: [Own; KIND_COUNT],
    /// Every machine's lines joined: what the reader sees.
    pub merged: Merged,
    /// Why nothing can be written to the sync folder.
    pub blocked: Option<String>,
    /// Other machines' files (and conflict copies) as they were when last read: length and
    /// time of change, so a [`Look`] reads only what a sync tool has brought since.
    seen: HashMap<PathBuf, Stamp>,
}

/// A file's length and time of last change.
type Stamp = (u64, Option<SystemTime>);

/// A look at the sync folder for other machines' files new or changed since it was last
/// read (see [`Sync::look`]).
#[derive(Debug, Clone)]
pub(crate) struct Look {
    dir: PathBuf,
    machine: String,
    seen: HashMap<PathBuf, Stamp>,
}

/// What a [`Look`] found: the files new or changed, read and parsed, and how they stood.
#[derive(Debug, Default)]
pub(crate) struct Brought {
    seen: HashMap<PathBuf, Stamp>,
    parsed: Vec<(PathBuf, ops::Parsed)>,
}

impl Brought {
    /// Whether nothing new was found.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

impl Look {
    /// Finds and reads what changed. Cheap when nothing did: a look at each file's length
    /// and time. This machine's own files are this process's to write and are not read.
    pub fn run(self) -> Brought {
        let (_, others) = files_in(&self.dir, &self.machine);
        let seen: HashMap<PathBuf, Stamp> = others
            .into_iter()
            .map(|path| {
                let now = stamp_of(&path);
                (path, now)
            })
            .filter(|(path, now)| self.seen.get(path) != Some(now))
            .collect();
        let changed: Vec<PathBuf> = seen.keys().cloned().collect();
        Brought { parsed: parse_files(&changed), seen }
    }
}

/// The kinds `machine` has a file of in the sync folder `dir`, and every other file there
/// to read: other machines' files and conflict copies of anyone's.
fn files_in(dir: &Path, machine: &str) -> (Vec<Kind>, Vec<PathBuf>) {
    let (mut own, mut others) = (Vec::new(), Vec::new());
    let Ok(machines) = fs::read_dir(dir) else { return (own, others) };
    for folder in machines.flatten() {
        let name = folder.file_name().to_string_lossy().into_owned();
        let is_dir = folder.file_type().is_ok_and(|t| t.is_dir());
        if name.starts_with('.') || !is_dir {
            continue;
        }
        let Ok(files) = fs::read_dir(folder.path()) else { continue };
        for file in files.flatten() {
            let file_name = file.file_name().to_string_lossy().into_owned();
            let Some(kind) = Kind::of_file(&file_name) else { continue };
            if name == machine && file_name == kind.file() {
                own.push(kind);
            } else {
                others.push(file.path());
            }
        }
    }
    (own, others)
}

fn stamp_of(path: &Path) -> Stamp {
    match fs::metadata(path) {
        Ok(meta) => (meta.len(), meta.modified().ok()),
        Err(_) => (0, None),
    }
}

impl Sync {
    /// Reads every machine's files. Problems are added to `notices`; nothing fails.
    pub fn open(config_dir: &Path, dir: &Path, device: Option<&str>, notices: &mut Vec<String>) -> Sync {
        let kept = machine::read_id(config_dir);
        let unsaved_id = kept.is_none();
        let machine = kept.unwrap_or_else(machine::fresh_id);
        let blocked = probe_unlocked(dir);
        let mut sync = Sync {
            config_dir: config_dir.to_owned(),
            unsaved_id,
            dir: dir.to_owned(),
            device: machine::device_name(device),
            clock: Clock::new(&machine),
            machine,
            own: Default::default(),
            merged: Merged::default(),
            blocked,
            seen: HashMap::new(),
        };
        sync.read_all(notices);
        sync
    }

    /// This machine's folder inside the sync folder.
    pub fn mine(&self) -> PathBuf {
        self.dir.join(&self.machine)
    }

    /// This machine's file of `kind`.
    pub fn own_file(&self, kind: Kind) -> PathBuf {
        self.mine().join(kind.file())
    }

    /// Why `kind` cannot be saved, if it cannot.
    pub fn blocked(&self, kind: Kind) -> Option<&String> {
        self.blocked.as_ref().or(self.own[kind.index()].blocked.as_ref())
    }

    /// Reads this machine's files, then every other machine's (and conflict copies).
    fn read_all(&mut self, notices: &mut Vec<String>) {
        let (own, others) = files_in(&self.dir, &self.machine);
        for kind in own {
            self.read_own(kind, notices);
        }
        self.seen = others.iter().map(|p| (p.clone(), stamp_of(p))).collect();
        notices.extend(join_parsed(parse_files(&others), &mut self.merged).0);
        self.merged.refresh(&self.machine);
        self.clock.observe(&self.merged.newest);
    }

    /// What [`Look::run`] needs to find what a sync tool has brought since the folder was
    /// last read: made here, run on any thread (a sync folder on a network share that
    /// stops answering must not stop the reader).
    pub fn look(&self) -> Look {
        Look { dir: self.dir.clone(), machine: self.machine.clone(), seen: self.seen.clone() }
    }

    /// Joins what a [`Look`] brought into what is shown. Returns the devices whose changes
    /// arrived; none if nothing new did.
    pub fn take_in(&mut self, brought: Brought, notices: &mut Vec<String>) -> BTreeSet<String> {
        self.seen.extend(brought.seen);
        let (said, devices) = join_parsed(brought.parsed, &mut self.merged);
        notices.extend(said);
        if !devices.is_empty() {
            self.merged.refresh(&self.machine);
            self.clock.observe(&self.merged.newest);
        }
        devices
    }

    /// Reads this machine's own file at start. Damage is repaired at the next save.
    fn read_own(&mut self, kind: Kind, notices: &mut Vec<String>) {
        let (file, what) = (kind.file(), kind.what());
        let own = &mut self.own[kind.index()];
        match read_file(&self.dir.join(&self.machine).join(&file), Links::Refuse) {
            Ok(bytes) => {
                let parsed = ops::parse(&bytes);
                if parsed.newer() {
                    let reason = format!("{file} was written by a newer essayreader");
                    notices.push(format!("{reason}; {what} are read-only"));
                    own.blocked = Some(reason);
                } else if parsed.damaged() {
                    notices.push(format!("{file} is damaged; it is set aside at the next save"));
                }
                for line in &parsed.lines {
                    self.merged.join(line.clone());
                }
                own.lines = parsed.lines;
            }
            Err(ReadError::Missing) => {}
            Err(ReadError::Link) if self.blocked.is_none() => {
                notices.push(format!("{file} is not a regular file; it is set aside at the next save"));
            }
            Err(ReadError::Special(kind)) if kind != "a folder" && self.blocked.is_none() => {
                notices.push(format!("{file} is not a regular file; it is set aside at the next save"));
            }
            Err(e) => {
                let reason = format!("{file} {e}");
                notices.push(format!("{reason}; {what} are read-only"));
                own.blocked = Some(reason);
            }
        }
    }

    /// Under this machine's lock (held by the caller): re-reads its own file of `kind`, adds
    /// `new`, compacts and replaces the file. The lines read are joined into what is shown.
    /// `notices` hears of a file set aside.
    pub fn save(&mut self, kind: Kind, new: &[Line], notices: &mut Vec<String>) -> Result<(), StoreError> {
        let what = kind.what();
        if let Some(reason) = self.blocked(kind) {
            return Err(StoreError::ReadOnly { what, reason: reason.clone() });
        }
        if self.unsaved_id {
            let path = self.config_dir.join(machine::MACHINE_FILE);
            let kept = machine::save_id(&self.config_dir, &self.machine).map_err(|err| StoreError::Io {
                what,
                path,
                err,
            })?;
            self.unsaved_id = false;
            if kept != self.machine {
                self.machine = kept;
                self.clock = self.clock.renamed(&self.machine);
                self.clock.observe(&self.merged.newest);
            }
        }
        // Lines stamped before the id was settled carry the id kept.
        let new: Vec<Line> = new
            .iter()
            .map(|l| Line { at: Hlc { machine: self.machine.as_str().into(), ..l.at.clone() }, ..l.clone() })
            .collect();
        let new = new.as_slice();
        let mine = self.mine();
        fs::create_dir_all(&mine).map_err(|err| StoreError::Io { what, path: mine.clone(), err })?;
        remove_stray_temps(&mine, &kind.file());
        let path = self.own_file(kind);
        let io = |err| StoreError::Io { what, path: path.clone(), err };
        let mut base = match read_file(&path, Links::Refuse) {
            Ok(bytes) => {
                let parsed = ops::parse(&bytes);
                if parsed.newer() {
                    let reason = format!("{} was written by a newer essayreader", kind.file());
                    notices.push(format!("{reason}; {what} are read-only"));
                    self.own[kind.index()].blocked = Some(reason.clone());
                    return Err(StoreError::ReadOnly { what, reason });
                }
                if parsed.damaged() {
                    let name = rename_aside(&mine, &kind.file(), "corrupt").map_err(io)?;
                    notices.push(format!("Damaged: kept as {name}; its readable {what} kept"));
                    // What this session read before is kept too: joining twice is harmless.
                    let mut lines = parsed.lines;
                    lines.extend(self.own[kind.index()].lines.iter().cloned());
                    lines
                } else {
                    parsed.lines
                }
            }
            Err(ReadError::Missing) => Vec::new(),
            Err(ReadError::Link) | Err(ReadError::Special(_))
                if fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir()) =>
            {
                let name = rename_aside(&mine, &kind.file(), "aside").map_err(io)?;
                notices.push(format!("Not a file: kept as {name}; this session's {what} saved"));
                self.own[kind.index()].lines.clone()
            }
            Err(e) => return Err(io(e.into_io())),
        };
        // Another running copy on this machine may have stamped lines just now: what is
        // written under the lock later is later, so the last save wins on this machine too.
        let mut floor = base.iter().map(|l| &l.at).max().cloned().unwrap_or_default();
        for line in new {
            let mut line = line.clone();
            if line.at <= floor {
                line.at = Hlc { count: floor.count.saturating_add(1), ..floor.clone() };
                line.at.machine = self.machine.as_str().into();
            }
            floor = line.at.clone();
            base.push(line);
        }
        let lines = merge::compact(base);
        let text = ops::render(kind.name(), &lines).map_err(|err| StoreError::Encode { what, err })?;
        write_atomic(&path, text.as_bytes()).map_err(io)?;
        // Lines another running copy saved meanwhile are shown from now on too.
        for line in &lines {
            self.merged.join(line.clone());
            self.clock.observe(&line.at);
        }
        self.own[kind.index()].lines = lines;
        Ok(())
    }

    /// A copy for the background saver: it writes this machine's files and never shows
    /// anything, so it carries no other machine's lines.
    pub fn without_merge(&self) -> Sync {
        Sync { merged: Merged::default(), ..self.clone() }
    }

    /// Takes what the saver found in this machine's files after a save, and the machine id
    /// it settled on.
    pub fn adopt(&mut self, own: [Own; KIND_COUNT], machine: &str) {
        if self.machine != machine {
            self.machine = machine.to_owned();
            self.unsaved_id = false;
            self.clock = self.clock.renamed(machine);
        }
        for kind in KINDS {
            for line in &own[kind.index()].lines {
                self.merged.join(line.clone());
            }
        }
        self.own = own;
        self.merged.refresh(&self.machine);
        self.clock.observe(&self.merged.newest);
    }
}

/// Reads and parses other machines' files (and conflict copies). Parsing is most of the
/// time a start spends on the sync folder, so half the files are parsed on a second thread
/// while this one parses the other half. Unreadable files are skipped (another machine's to
/// mend).
fn parse_files(paths: &[PathBuf]) -> Vec<(PathBuf, ops::Parsed)> {
    let parse = |paths: &[PathBuf]| -> Vec<(PathBuf, ops::Parsed)> {
        let read =
            |p: &PathBuf| read_file(p, Links::Refuse).ok().map(|bytes| (p.clone(), ops::parse(&bytes)));
        paths.iter().filter_map(read).collect()
    };
    let (first, second) = paths.split_at(paths.len() / 2);
    std::thread::scope(|scope| {
        let helper = match second.len() {
            0 | 1 => None,
            _ => std::thread::Builder::new()
                .name("essayreader-sync-read".into())
                .spawn_scoped(scope, || parse(second))
                .ok(),
        };
        let mut parsed = parse(first);
        // Without a thread to be had (or worth it), the second half is parsed here.
        parsed.extend(match helper {
            Some(handle) => handle.join().unwrap_or_else(|_| parse(second)),
            None => parse(second),
        });
        parsed
    })
}

/// Joins parsed files' lines into `merged`: what there is to say (lines that could not be
/// read), and the devices whose lines changed something.
fn join_parsed(parsed: Vec<(PathBuf, ops::Parsed)>, merged: &mut Merged) -> (Vec<String>, BTreeSet<String>) {
    let mut notices = Vec::new();
    let mut devices = BTreeSet::new();
    for (path, parsed) in parsed {
        if parsed.damaged() && parsed.bad > 0 {
            notices.push(format!("{} lines of {} could not be read", parsed.bad, path.display()));
        }
        merged.reserve(&parsed.lines);
        // A file's lines mostly come from one device: looked up once in a row.
        let mut last: Option<std::sync::Arc<str>> = None;
        for line in parsed.lines {
            let device = line.dev.clone();
            if merged.join(line) && last.as_deref() != Some(&*device) {
                devices.insert(device.to_string());
                last = Some(device);
            }
        }
    }
    (notices, devices)
}

/// Deletes temp files a crashed writer left in `dir` for `file`; safe only under the lock.
fn remove_stray_temps(dir: &Path, file: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if is_temp_for(&entry.file_name().to_string_lossy(), file) {
            // Best effort: a stray that stays is ignored by every reader anyway.
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_copies_are_read_and_set_aside_files_are_not() {
        for name in [
            "bookmarks.jsonl",
            "bookmarks.sync-conflict-20260501-120000-ABCDEFG.jsonl",
            "bookmarks (conflicted copy 2026-05-01).jsonl",
            "bookmarks_conflict-20260501-120000.jsonl",
        ] {
            assert_eq!(Kind::of_file(name), Some(Kind::Bookmarks), "{name}");
        }
        for name in ["bookmarks.jsonl.corrupt-20260501T120000Z", ".bookmarks.jsonl.tmp-1-0", "notes.jsonl"] {
            assert_eq!(Kind::of_file(name), None, "{name}");
        }
        assert_eq!(Kind::of_file("positions.sync-conflict-x.jsonl"), Some(Kind::Positions));
    }
}
