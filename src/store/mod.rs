//! The only code that writes files (bookmarks and reading positions in the sync folder, the
//! registry and library cache in the config folder, essays copied by `add`: all through
//! [`write_atomic`]) and the one way state and config files are read ([`read_file`]: never
//! blocking, never through a link where that matters, never more than 64 MiB).
//!
//! Bookmarks and positions live in the sync folder (see `sync`): each machine writes only
//! files of its own there and reads everyone's, so the folder can be carried between
//! machines by Syncthing, a shared drive or git without conflicts. Nothing outside this
//! module knows machines exist.
//!
//! Two running copies of essayreader on one machine share its files. Every write takes the
//! folder lock (in the config folder), re-reads the machine's file, adds its change and
//! replaces the file atomically, so neither copy loses the other's bookmarks. Damaged files
//! are moved aside, never overwritten; files from a newer essayreader are read but never
//! written.
//!
//! Reading takes no lock (files are replaced atomically). The running reader saves through
//! a background thread ([`Store::save_in_background`]) so a lock held by another program
//! never freezes the screen; commands save directly, waiting a bounded time and saying so
//! after a second ([`Store::say_when_waiting`]).

mod atomic;
mod cache;
mod error;
mod export;
mod folder;
mod format;
mod lock;
mod migrate;
mod read;
mod records;
mod registry;
mod saver;
mod sync;
mod time;
mod view;

pub use atomic::write_atomic;
pub use cache::{LIBRARY_CACHE_FILE, LibraryCache, load_library_cache, save_library_cache};
pub use error::StoreError;
pub use export::export_markdown;
pub use format::VERSION;
pub use read::{Links, MAX_BYTES as MAX_FILE_BYTES, ReadError, read_file, read_text};
pub use records::{Bookmark, BookmarkView, Highlight, HighlightView, SavedPosition};
pub use registry::ESSAYS_FILE;
pub use saver::{SaveNews, WAITING};
pub use sync::machine::MACHINE_FILE;
pub(crate) use sync::{Brought, Look};
pub use time::{CLOCK_OFFSET_VAR, parse as parse_time};
pub use view::{Chosen, VIEW_FILE, View, load_view, save_view};

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::core::identity::KnownEssay;
use folder::{Folder, Slot};
use saver::Saver;
use sync::hlc::Hlc;
use sync::ops::{Line, Op};
use sync::{Kind, Sync};

/// The bookmarks file's name in the config folder before the sync folder (migrated).
pub const BOOKMARKS_FILE: &str = "bookmarks.json";
/// The reading positions file's name in the config folder before the sync folder (migrated).
pub const POSITIONS_FILE: &str = "positions.json";
/// The highlights file's name in the config folder before the sync folder (migrated).
pub const HIGHLIGHTS_FILE: &str = "highlights.json";
/// The sync folder's name in the config folder, unless moved.
pub const SYNC_DIR: &str = "sync";

/// Bookmarks, reading positions and highlights, as every machine's files in the sync
/// folder say.
#[derive(Debug)]
pub struct Store {
    /// The config folder: the lock, the registry, notices.
    folder: Folder,
    /// The sync folder: every machine's bookmarks and positions.
    sync: Sync,
    /// Set by [`Store::save_in_background`].
    saver: Option<Saver>,
    /// The essay registry (see [`crate::core::identity`]); always saved at once.
    known: Slot<KnownEssay>,
    /// No registry was there when the store was opened: saved state may still be keyed by
    /// the ids of an earlier version (see [`Store::remember_essays`]).
    first_registry: bool,
}

/// One change to the saved state: applied at once to what is shown, and saved by the
/// saver thread (or at once, without one).
#[derive(Debug, Clone)]
pub(crate) enum Change {
    AddBookmark(Bookmark),
    DeleteBookmark(String),
    RestoreBookmark(Bookmark),
    RenameBookmark(String, String),
    SavePosition(SavedPosition),
    AddHighlight(Highlight),
    DeleteHighlight(String),
    RestoreHighlight(Highlight),
    /// The highlight's id, its new note, and when the note was changed.
    NoteHighlight(String, String, String),
    /// Bookmarks, positions and highlights of the essay ids on the left moved to those on
    /// the right.
    Rekey(Vec<(String, String)>),
}

impl Change {
    /// The kind of file this change is saved in (a rekey: every kind).
    fn kind(&self) -> Option<Kind> {
        match self {
            Change::AddBookmark(_)
            | Change::DeleteBookmark(_)
            | Change::RestoreBookmark(_)
            | Change::RenameBookmark(..) => Some(Kind::Bookmarks),
            Change::SavePosition(_) => Some(Kind::Positions),
            Change::AddHighlight(_)
            | Change::DeleteHighlight(_)
            | Change::RestoreHighlight(_)
            | Change::NoteHighlight(..) => Some(Kind::Highlights),
            Change::Rekey(_) => None,
        }
    }
}

/// What a deletion removed, for undo.
#[derive(Debug)]
enum Removed {
    Nothing,
    Bookmark(Bookmark),
    Highlight(Highlight),
}

/// Lines to add to this machine's files, each with the kind of file it goes to.
pub(crate) type Batch = Vec<(Kind, Line)>;

impl Store {
    /// Opens the state of config folder `config_dir` with the sync folder inside it and the
    /// host name as the device name (tests, and callers without a config).
    pub fn open(config_dir: &Path) -> (Store, Vec<String>) {
        Store::open_in(config_dir, &config_dir.join(SYNC_DIR), None)
    }

    /// Reads every machine's files in `sync_dir` (missing ones are empty) and moves the
    /// files of earlier versions in `config_dir` into it; returns notices for the status
    /// line. `device` names this machine (else its host name). Never fails: what cannot be
    /// read or written is reported and the rest works.
    pub fn open_in(config_dir: &Path, sync_dir: &Path, device: Option<&str>) -> (Store, Vec<String>) {
        let mut folder = Folder::new(config_dir);
        let first_registry = !config_dir.join(ESSAYS_FILE).exists();
        let sync = Sync::open(config_dir, sync_dir, device, &mut folder.notices);
        if let (Some(reason), None) = (&sync.blocked, &folder.blocked) {
            folder.notices.push(format!("cannot save bookmarks, positions or highlights: {reason}"));
        }
        let known = folder.load();
        let mut store = Store { folder, sync, saver: None, known, first_registry };
        store.migrate();
        let notices = store.take_notices();
        (store, notices)
    }

    /// Reads every file again, picking up what other copies and machines saved; returns
    /// notices.
    pub fn reload(&mut self) -> Vec<String> {
        let mut notices = self.take_notices();
        let device = Some(self.sync.device.clone());
        let (mut fresh, more) = Store::open_in(&self.folder.dir, &self.sync.dir, device.as_deref());
        fresh.saver = self.saver.take();
        fresh.folder.waiting = self.folder.waiting;
        *self = fresh;
        notices.extend(more);
        notices
    }

    /// The config folder this store reads and writes.
    pub fn dir(&self) -> &Path {
        &self.folder.dir
    }

    /// This machine's own bookmarks and positions files in `sync_dir` (for `essayreader
    /// paths`). With `make`, the machine's id is made and kept if it has none yet; without,
    /// such a machine's files are named by an id that is not kept.
    pub fn files(config_dir: &Path, sync_dir: &Path, make: bool) -> (PathBuf, PathBuf) {
        let machine = match make {
            true => sync::machine::machine_id(config_dir),
            false => sync::machine::read_id(config_dir).unwrap_or_else(sync::machine::fresh_id),
        };
        let mine = sync_dir.join(machine);
        (mine.join(Kind::Bookmarks.file()), mine.join(Kind::Positions.file()))
    }

    /// For tests: this store's clock runs `seconds` off the wall clock, as a machine set
    /// wrong does (the whole process's clock moves with [`CLOCK_OFFSET_VAR`]).
    pub fn set_clock_offset(&mut self, seconds: i64) {
        self.sync.clock.offset_ms = seconds.saturating_mul(1000);
    }

    /// The name this machine's changes are recorded with.
    pub fn device(&self) -> &str {
        &self.sync.device
    }

    /// Whether bookmarks, reading positions and highlights can all be saved.
    pub fn writable(&self) -> bool {
        self.bookmarks_writable() && self.positions_writable() && self.highlights_writable()
    }

    /// Whether highlights can be saved.
    pub fn highlights_writable(&self) -> bool {
        self.blocked(Kind::Highlights).is_none()
    }

    /// Whether bookmarks can be saved.
    pub fn bookmarks_writable(&self) -> bool {
        self.blocked(Kind::Bookmarks).is_none()
    }

    /// Whether reading positions can be saved.
    pub fn positions_writable(&self) -> bool {
        self.blocked(Kind::Positions).is_none()
    }

    fn blocked(&self, kind: Kind) -> Option<&String> {
        self.folder.blocked.as_ref().or(self.sync.blocked(kind))
    }

    /// Notices that arose since the last call (e.g. a file found damaged during a save).
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.folder.notices)
    }

    /// Bookmarks oldest first, of one essay or of all.
    pub fn bookmarks(&self, essay: Option<&str>) -> Vec<&Bookmark> {
        let items = self.sync.merged.bookmarks();
        items.filter(|b| essay.is_none_or(|e| b.essay == e)).collect()
    }

    /// The bookmark with this id.
    pub fn bookmark(&self, id: &str) -> Option<&Bookmark> {
        self.sync.merged.bookmark(id)
    }

    /// The device a bookmark was made on.
    pub fn bookmark_device(&self, id: &str) -> Option<&str> {
        self.sync.merged.device(id)
    }

    /// The name of the machine a highlight was made on, if known.
    pub fn highlight_device(&self, id: &str) -> Option<&str> {
        self.sync.merged.highlight_device(id)
    }

    /// Saves a new bookmark (see [`Bookmark::new`] for a fresh id).
    pub fn add_bookmark(&mut self, bookmark: Bookmark) -> Result<(), StoreError> {
        self.change(Change::AddBookmark(bookmark)).map(drop)
    }

    /// Deletes a bookmark and returns it for undo; `None` if it was already gone (perhaps
    /// deleted by another running copy).
    pub fn delete_bookmark(&mut self, id: &str) -> Result<Option<Bookmark>, StoreError> {
        self.change(Change::DeleteBookmark(id.to_owned())).map(|removed| match removed {
            Removed::Bookmark(b) => Some(b),
            _ => None,
        })
    }

    /// Puts a deleted bookmark back (undo); a no-op if it is still there.
    pub fn restore_bookmark(&mut self, bookmark: Bookmark) -> Result<(), StoreError> {
        self.change(Change::RestoreBookmark(bookmark)).map(drop)
    }

    /// Changes a bookmark's label.
    pub fn rename_bookmark(&mut self, id: &str, label: &str) -> Result<(), StoreError> {
        self.change(Change::RenameBookmark(id.to_owned(), label.to_owned())).map(drop)
    }

    /// Highlights oldest first, of one essay or of all.
    pub fn highlights(&self, essay: Option<&str>) -> Vec<&Highlight> {
        let items = self.sync.merged.highlights();
        items.filter(|h| essay.is_none_or(|e| h.essay == e)).collect()
    }

    /// The highlight with this id.
    pub fn highlight(&self, id: &str) -> Option<&Highlight> {
        self.sync.merged.highlight(id)
    }

    /// Saves a new highlight (see [`Highlight::new`] for a fresh id).
    pub fn add_highlight(&mut self, highlight: Highlight) -> Result<(), StoreError> {
        self.change(Change::AddHighlight(highlight)).map(drop)
    }

    /// Deletes a highlight and returns it for undo; `None` if it was already gone.
    pub fn delete_highlight(&mut self, id: &str) -> Result<Option<Highlight>, StoreError> {
        self.change(Change::DeleteHighlight(id.to_owned())).map(|removed| match removed {
            Removed::Highlight(h) => Some(h),
            _ => None,
        })
    }

    /// Puts a deleted highlight back (undo); a no-op if it is still there.
    pub fn restore_highlight(&mut self, highlight: Highlight) -> Result<(), StoreError> {
        self.change(Change::RestoreHighlight(highlight)).map(drop)
    }

    /// Changes a highlight's note (an empty note removes it). The latest edit on any
    /// machine wins.
    pub fn set_highlight_note(&mut self, id: &str, note: &str) -> Result<(), StoreError> {
        let change = Change::NoteHighlight(id.to_owned(), note.to_owned(), time::now_millis());
        self.change(change).map(drop)
    }

    /// Where the reader stopped in this essay last, on whichever machine.
    pub fn position(&self, essay: &str) -> Option<&SavedPosition> {
        self.sync.merged.whereabouts(essay).map(|w| w.newest)
    }

    /// Where the reader stopped in this essay last on this machine.
    pub fn position_here(&self, essay: &str) -> Option<&SavedPosition> {
        self.sync.merged.whereabouts(essay).and_then(|w| w.mine)
    }

    /// Reads what a sync tool has brought into the sync folder since it was last read:
    /// other machines' bookmarks, highlights and places, joined into what is shown (and
    /// seen by the clock, so what this machine does next counts as later). Returns the
    /// devices whose changes arrived, none if nothing new did; problems go to the notices
    /// ([`Store::take_notices`]). Cheap when nothing changed.
    pub fn rejoin(&mut self) -> Vec<String> {
        let brought = self.sync.look().run();
        self.take_in(brought)
    }

    /// [`Store::rejoin`] in two halves, for the reader: the look at the sync folder (reading
    /// what changed) runs on another thread, since a folder on a network share that stops
    /// answering must not stop the reader...
    pub(crate) fn look(&self) -> Look {
        self.sync.look()
    }

    /// ...and what it brought is joined here. Returns the devices whose changes arrived.
    pub(crate) fn take_in(&mut self, brought: Brought) -> Vec<String> {
        self.sync.take_in(brought, &mut self.folder.notices).into_iter().collect()
    }

    /// The device the essay's newest position came from, if that is another machine
    /// ("continued from laptop").
    pub fn continued_from(&self, essay: &str) -> Option<&str> {
        self.sync.merged.whereabouts(essay).filter(|w| !w.here).map(|w| w.device)
    }

    /// Saves a reading position. The newest position of an essay on any machine is the one
    /// [`Store::position`] gives, by the order of the machines' clocks (see `sync::hlc`).
    pub fn save_position(&mut self, position: SavedPosition) -> Result<(), StoreError> {
        self.change(Change::SavePosition(position)).map(drop)
    }

    /// Every essay's newest position, ordered by essay id.
    pub fn all_positions(&self) -> Vec<&SavedPosition> {
        self.sync.merged.positions()
    }

    /// From now on, saves happen on a background thread: each change shows at once and is
    /// saved as soon as the folder lock is free. Collect the outcome with [`Store::poll`]
    /// and end with [`Store::finish`].
    pub fn save_in_background(&mut self) {
        if self.saver.is_none() {
            self.saver = Some(Saver::start(&self.folder.dir, self.sync.without_merge()));
        }
    }

    /// What the background saver did since the last call: notices (saves refused, waiting
    /// for another copy) and whether what is shown changed. Does nothing without a saver.
    pub fn poll(&mut self) -> SaveNews {
        let mut news = SaveNews { notices: self.take_notices(), changed: false };
        if let Some((own, machine)) = self.saver.as_mut().and_then(|s| s.poll(&mut news)) {
            let before = self.sync.merged.generation;
            self.sync.adopt(own, &machine);
            news.changed = self.sync.merged.generation != before;
        }
        news
    }

    /// Whether the background saver still has changes to save.
    pub fn saving(&self) -> bool {
        self.saver.as_ref().is_some_and(Saver::busy)
    }

    /// Waits up to `bound` for the background saver to save what is queued, saying
    /// nothing (what it hears is said by [`Store::finish`]). For quitting while the screen
    /// is still the reader's: most saves take milliseconds.
    pub fn settle(&mut self, bound: Duration) {
        if let Some(saver) = self.saver.as_mut() {
            saver.settle(bound);
        }
    }

    /// Ends background saving: waits at most `bound` for what is queued, telling `say` when
    /// the wait is noticeable, about each problem, and what was not saved.
    pub fn finish(&mut self, bound: Duration, say: &mut dyn FnMut(&str)) {
        if let Some(saver) = self.saver.take() {
            saver.finish(bound, say);
        }
    }

    /// Has a save that waits a second for another copy's lock say so (a command prints it
    /// on stderr); saves still give up after a bounded wait.
    pub fn say_when_waiting(&mut self, say: fn(&str)) {
        self.folder.waiting = Some(say);
    }

    /// Applies a change to what is shown and saves it: through the saver if there is one
    /// (returning at once), else now, under the lock.
    fn change(&mut self, change: Change) -> Result<Removed, StoreError> {
        let kinds = change.kind().map_or(sync::KINDS.to_vec(), |k| vec![k]);
        if let Some((kind, reason)) = kinds.iter().find_map(|&k| self.blocked(k).map(|r| (k, r))) {
            return Err(StoreError::ReadOnly { what: kind.what(), reason: reason.clone() });
        }
        // A change refused here (no such bookmark) is neither shown nor saved.
        let (batch, outcome) = self.batch(change)?;
        if batch.is_empty() {
            return Ok(outcome);
        }
        match self.saver.as_mut() {
            Some(saver) => {
                for (_, line) in &batch {
                    self.sync.merged.join(line.clone());
                }
                self.sync.merged.refresh(&self.sync.machine);
                saver.send(batch);
            }
            None => self.write(&batch)?,
        }
        Ok(outcome)
    }

    /// The lines that make `change`, checked against what is shown; a deletion also gives
    /// the bookmark it removes.
    fn batch(&mut self, change: Change) -> Result<(Batch, Removed), StoreError> {
        let merged = &self.sync.merged;
        let none = || Ok((Vec::new(), Removed::Nothing));
        let (kind, op, removed) = match change {
            Change::AddBookmark(b) if merged.alive(&b.id) => return Err(StoreError::DuplicateBookmark(b.id)),
            Change::AddBookmark(b) | Change::RestoreBookmark(b) if !merged.alive(&b.id) => {
                (Kind::Bookmarks, Op::Add(b), Removed::Nothing)
            }
            Change::DeleteBookmark(id) => match self.bookmark(&id).cloned() {
                Some(b) => (Kind::Bookmarks, Op::Delete { id }, Removed::Bookmark(b)),
                None => return none(),
            },
            Change::RenameBookmark(id, _) if !merged.alive(&id) => {
                return Err(StoreError::NoSuchBookmark(id));
            }
            Change::RenameBookmark(id, label) => (Kind::Bookmarks, Op::Label { id, label }, Removed::Nothing),
            Change::SavePosition(mut p) => {
                p.progress = records::clamp_progress(p.progress);
                (Kind::Positions, Op::Position(p), Removed::Nothing)
            }
            Change::AddHighlight(h) if merged.lit(&h.id) => return Err(StoreError::DuplicateHighlight(h.id)),
            Change::AddHighlight(h) | Change::RestoreHighlight(h) if !merged.lit(&h.id) => {
                (Kind::Highlights, Op::Highlight(h), Removed::Nothing)
            }
            Change::DeleteHighlight(id) => match self.highlight(&id).cloned() {
                Some(h) => (Kind::Highlights, Op::Unhighlight { id }, Removed::Highlight(h)),
                None => return none(),
            },
            Change::NoteHighlight(id, ..) if !merged.lit(&id) => return Err(StoreError::NoSuchHighlight(id)),
            Change::NoteHighlight(id, note, edited) => {
                (Kind::Highlights, Op::Note { id, note, edited }, Removed::Nothing)
            }
            // Restoring what is still there.
            Change::AddBookmark(_)
            | Change::RestoreBookmark(_)
            | Change::AddHighlight(_)
            | Change::RestoreHighlight(_) => return none(),
            Change::Rekey(pairs) => {
                let mut batch = Vec::new();
                for (from, to) in pairs.into_iter().filter(|(from, to)| from != to) {
                    let line = self.stamp(Op::Rekey { from, to });
                    // In every kind's files, so each kind's files alone say where its state is.
                    for kind in sync::KINDS {
                        batch.push((kind, line.clone()));
                    }
                }
                return Ok((batch, Removed::Nothing));
            }
        };
        Ok((vec![(kind, self.stamp(op))], removed))
    }

    /// Saves a change now, under the lock, even when a background saver is running.
    fn change_now(&mut self, change: Change) -> Result<Removed, StoreError> {
        let (batch, outcome) = self.batch(change)?;
        if !batch.is_empty() {
            self.write(&batch)?;
        }
        Ok(outcome)
    }

    /// A line for `op`, stamped now.
    fn stamp(&mut self, op: Op) -> Line {
        Line { at: self.sync.clock.tick(), dev: self.sync.device.as_str().into(), op }
    }

    /// Saves lines now, under the folder lock, and shows them.
    fn write(&mut self, batch: &Batch) -> Result<(), StoreError> {
        let what = batch.first().map_or("bookmarks", |(kind, _)| kind.what());
        let _guard = self.folder.lock(what)?;
        let mut result = Ok(());
        for kind in sync::KINDS {
            let lines: Vec<Line> = batch.iter().filter(|(k, _)| *k == kind).map(|(_, l)| l.clone()).collect();
            if !lines.is_empty() {
                result = result.and(self.sync.save(kind, &lines, &mut self.folder.notices));
            }
        }
        self.sync.merged.refresh(&self.sync.machine);
        result
    }
}

/// A stamp for state migrated from an earlier version: its own date, on this machine, so a
/// newer change from another machine still wins.
fn stamp_of(date: &str, machine: &str) -> Hlc {
    Hlc::at(time::parse(date), machine)
}
