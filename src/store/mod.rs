//! The only code that writes files (bookmarks and reading positions in the config folder,
//! the library cache, essays copied by `add`: all through [`write_atomic`]) and the one way
//! state and config files are read ([`read_file`]: never blocking, never through a link
//! where that matters, never more than 64 MiB).
//!
//! Two running copies of essayreader may share the folder. Every write takes the folder lock,
//! re-reads the file, applies its one change to what is on disk now and replaces the file
//! atomically, so neither copy loses the other's bookmarks, and a bookmark deleted by one
//! stays deleted when the other saves. Damaged files are moved aside, never overwritten;
//! files from a newer essayreader are read but never written.
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
mod read;
mod records;
mod registry;
mod saver;
mod time;
mod view;

pub use atomic::write_atomic;
pub use cache::{LIBRARY_CACHE_FILE, load_library_cache, save_library_cache};
pub use error::StoreError;
pub use export::export_markdown;
pub use format::VERSION;
pub use read::{Links, MAX_BYTES as MAX_FILE_BYTES, ReadError, read_file, read_text};
pub use records::{Bookmark, BookmarkView, Highlight, HighlightView, SavedPosition};
pub use registry::ESSAYS_FILE;
pub use saver::{SaveNews, WAITING};
pub use time::parse as parse_time;
pub use view::{Chosen, VIEW_FILE, View, load_view, save_view};

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::core::identity::KnownEssay;
use folder::{Folder, Slot};
use saver::Saver;

/// The bookmarks file's name in the config folder.
pub const BOOKMARKS_FILE: &str = "bookmarks.json";
/// The reading positions file's name in the config folder.
pub const POSITIONS_FILE: &str = "positions.json";
/// The highlights file's name in the config folder.
pub const HIGHLIGHTS_FILE: &str = "highlights.json";

/// Bookmarks, reading positions and highlights of one config folder.
#[derive(Debug)]
pub struct Store {
    folder: Folder,
    bookmarks: Slot<Bookmark>,
    positions: Slot<SavedPosition>,
    highlights: Slot<Highlight>,
    /// Set by [`Store::save_in_background`].
    saver: Option<Saver>,
    /// The essay registry (see [`crate::core::identity`]); always saved at once.
    known: Slot<KnownEssay>,
    /// No registry was there when the store was opened: saved state may still be keyed by
    /// the ids of an earlier version (see [`Store::remember_essays`]).
    first_registry: bool,
}

/// One change to the saved files: applied at once to what is shown, and saved by the
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

/// Which file a change is saved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bookmarks,
    Positions,
    Highlights,
    /// A rekey touches every file.
    All,
}

impl Change {
    /// The file this change is saved in.
    fn kind(&self) -> Kind {
        match self {
            Change::AddBookmark(_)
            | Change::DeleteBookmark(_)
            | Change::RestoreBookmark(_)
            | Change::RenameBookmark(..) => Kind::Bookmarks,
            Change::SavePosition(_) => Kind::Positions,
            Change::AddHighlight(_)
            | Change::DeleteHighlight(_)
            | Change::RestoreHighlight(_)
            | Change::NoteHighlight(..) => Kind::Highlights,
            Change::Rekey(_) => Kind::All,
        }
    }

    /// Applies a highlight change; a deletion returns the highlight it removed.
    fn apply_highlights(self, items: &mut Vec<Highlight>) -> Result<Option<Highlight>, StoreError> {
        match self {
            Change::AddHighlight(highlight) => {
                if items.iter().any(|h| h.id == highlight.id) {
                    return Err(StoreError::DuplicateHighlight(highlight.id));
                }
                items.push(highlight);
            }
            Change::DeleteHighlight(id) => {
                return Ok(items.iter().position(|h| h.id == id).map(|i| items.remove(i)));
            }
            Change::RestoreHighlight(highlight) if !items.iter().any(|h| h.id == highlight.id) => {
                items.push(highlight);
            }
            Change::NoteHighlight(id, note, edited) => match items.iter_mut().find(|h| h.id == id) {
                Some(h) => {
                    h.note = note;
                    h.edited = edited;
                }
                None => return Err(StoreError::NoSuchHighlight(id)),
            },
            Change::Rekey(pairs) => {
                for h in items.iter_mut() {
                    if let Some((_, new)) = pairs.iter().find(|(old, _)| *old == h.essay) {
                        h.essay.clone_from(new);
                    }
                }
            }
            // Not a highlight change.
            _ => {}
        }
        Ok(None)
    }

    /// Applies a bookmark change; a deletion returns the bookmark it removed.
    fn apply(self, items: &mut Vec<Bookmark>) -> Result<Option<Bookmark>, StoreError> {
        match self {
            Change::AddBookmark(bookmark) => {
                if items.iter().any(|b| b.id == bookmark.id) {
                    return Err(StoreError::DuplicateBookmark(bookmark.id));
                }
                items.push(bookmark);
            }
            Change::DeleteBookmark(id) => {
                return Ok(items.iter().position(|b| b.id == id).map(|i| items.remove(i)));
            }
            Change::RestoreBookmark(bookmark) if !items.iter().any(|b| b.id == bookmark.id) => {
                items.push(bookmark);
            }
            Change::RenameBookmark(id, label) => match items.iter_mut().find(|b| b.id == id) {
                Some(b) => b.label = label,
                None => return Err(StoreError::NoSuchBookmark(id)),
            },
            Change::Rekey(pairs) => {
                for b in items.iter_mut() {
                    if let Some((_, new)) = pairs.iter().find(|(old, _)| *old == b.essay) {
                        b.essay.clone_from(new);
                    }
                }
            }
            // Not a bookmark change: nothing to do to the bookmarks.
            _ => {}
        }
        Ok(None)
    }
}

impl Store {
    /// Reads the folder's files (missing ones are empty), returning notices for the status
    /// line. Never fails: what cannot be read or written is reported and the rest works.
    pub fn open(config_dir: &Path) -> (Store, Vec<String>) {
        let mut folder = Folder::new(config_dir);
        let first_registry = !config_dir.join(ESSAYS_FILE).exists();
        let bookmarks = folder.load();
        let positions = folder.load();
        let highlights = folder.load();
        let known = folder.load();
        let mut store =
            Store { folder, bookmarks, positions, highlights, saver: None, known, first_registry };
        let notices = store.take_notices();
        (store, notices)
    }

    /// Reads both files again, picking up what another running copy saved; returns notices.
    pub fn reload(&mut self) -> Vec<String> {
        let mut notices = self.take_notices();
        let (mut fresh, more) = Store::open(&self.folder.dir);
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

    /// Paths of the bookmarks and positions files in `config_dir` (for `essayreader paths`).
    pub fn files(config_dir: &Path) -> (PathBuf, PathBuf) {
        (config_dir.join(BOOKMARKS_FILE), config_dir.join(POSITIONS_FILE))
    }

    /// Whether bookmarks, reading positions and highlights can all be saved.
    pub fn writable(&self) -> bool {
        self.bookmarks_writable() && self.positions_writable() && self.highlights_writable()
    }

    /// Whether highlights can be saved.
    pub fn highlights_writable(&self) -> bool {
        self.folder.blocked.is_none() && self.highlights.blocked.is_none()
    }

    /// Whether bookmarks can be saved.
    pub fn bookmarks_writable(&self) -> bool {
        self.folder.blocked.is_none() && self.bookmarks.blocked.is_none()
    }

    /// Whether reading positions can be saved.
    pub fn positions_writable(&self) -> bool {
        self.folder.blocked.is_none() && self.positions.blocked.is_none()
    }

    /// Notices that arose since the last call (e.g. a file found damaged during a save).
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.folder.notices)
    }

    /// Bookmarks oldest first, of one essay or of all.
    pub fn bookmarks(&self, essay: Option<&str>) -> Vec<&Bookmark> {
        let items = self.bookmarks.items.iter();
        items.filter(|b| essay.is_none_or(|e| b.essay == e)).collect()
    }

    /// The bookmark with this id.
    pub fn bookmark(&self, id: &str) -> Option<&Bookmark> {
        self.bookmarks.items.iter().find(|b| b.id == id)
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
        let items = self.highlights.items.iter();
        items.filter(|h| essay.is_none_or(|e| h.essay == e)).collect()
    }

    /// The highlight with this id.
    pub fn highlight(&self, id: &str) -> Option<&Highlight> {
        self.highlights.items.iter().find(|h| h.id == id)
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

    /// Changes a highlight's note (an empty note removes it).
    pub fn set_highlight_note(&mut self, id: &str, note: &str) -> Result<(), StoreError> {
        let change = Change::NoteHighlight(id.to_owned(), note.to_owned(), time::now_millis());
        self.change(change).map(drop)
    }

    /// Where the reader stopped in this essay.
    pub fn position(&self, essay: &str) -> Option<&SavedPosition> {
        self.positions.items.iter().find(|p| p.essay == essay)
    }

    /// Saves a reading position. If another running copy saved a newer one for the same
    /// essay, that one is kept (newest `updated` wins) and this call still succeeds.
    pub fn save_position(&mut self, position: SavedPosition) -> Result<(), StoreError> {
        self.change(Change::SavePosition(position)).map(drop)
    }

    /// Every saved position, ordered by essay id.
    pub fn all_positions(&self) -> &[SavedPosition] {
        &self.positions.items
    }

    /// From now on, saves happen on a background thread: each change shows at once and is
    /// saved as soon as the folder lock is free. Collect the outcome with [`Store::poll`]
    /// and end with [`Store::finish`].
    pub fn save_in_background(&mut self) {
        if self.saver.is_none() {
            let from = saver::Saved {
                bookmarks: self.bookmarks.clone(),
                positions: self.positions.clone(),
                highlights: self.highlights.clone(),
            };
            self.saver = Some(Saver::start(&self.folder.dir, from));
        }
    }

    /// What the background saver did since the last call: notices (saves refused, waiting
    /// for another copy) and whether what is shown changed. Does nothing without a saver.
    pub fn poll(&mut self) -> SaveNews {
        let mut news = SaveNews { notices: self.take_notices(), changed: false };
        if let Some(saved) = self.saver.as_mut().and_then(|s| s.poll(&mut news)) {
            news.changed = saved.bookmarks.items != self.bookmarks.items
                || saved.positions.items != self.positions.items
                || saved.highlights.items != self.highlights.items;
            self.bookmarks = saved.bookmarks;
            self.positions = saved.positions;
            self.highlights = saved.highlights;
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
        if self.saver.is_none() {
            return self.apply_now(change);
        }
        let kind = change.kind();
        let (writable, what, slot) = match kind {
            Kind::Positions => (self.positions_writable(), "reading positions", &self.positions.blocked),
            Kind::Highlights => (self.highlights_writable(), "highlights", &self.highlights.blocked),
            Kind::All => (self.writable(), "bookmarks", &self.bookmarks.blocked),
            Kind::Bookmarks => (self.bookmarks_writable(), "bookmarks", &self.bookmarks.blocked),
        };
        if !writable {
            let reason = self.folder.blocked.clone().or_else(|| slot.clone()).unwrap_or_default();
            return Err(StoreError::ReadOnly { what, reason });
        }
        let outcome = match change.clone() {
            Change::SavePosition(position) => {
                let items = &mut self.positions.items;
                items.push(position);
                <SavedPosition as records::Record>::tidy(items);
                Ok(Removed::Nothing)
            }
            other if kind == Kind::Highlights => {
                let items = &mut self.highlights.items;
                let outcome = other.apply_highlights(items).map(Removed::highlight);
                <Highlight as records::Record>::tidy(items);
                outcome
            }
            other => {
                if let Change::Rekey(pairs) = &other {
                    rekey_positions(&mut self.positions.items, pairs);
                    <SavedPosition as records::Record>::tidy(&mut self.positions.items);
                    drop(other.clone().apply_highlights(&mut self.highlights.items));
                }
                let items = &mut self.bookmarks.items;
                let outcome = other.apply(items).map(Removed::bookmark);
                <Bookmark as records::Record>::tidy(items);
                outcome
            }
        };
        // A change refused here (no such bookmark) is not queued.
        if outcome.is_ok()
            && let Some(saver) = self.saver.as_mut()
        {
            saver.send(change);
        }
        outcome
    }

    /// Saves a change now, under the folder lock.
    fn apply_now(&mut self, change: Change) -> Result<Removed, StoreError> {
        match change.kind() {
            Kind::Positions => self.folder.update(&mut self.positions, |items| {
                if let Change::SavePosition(position) = change {
                    // Pushed last, so it wins a tie with the stored one.
                    items.push(position);
                }
                Ok(Removed::Nothing)
            }),
            Kind::All => {
                let Change::Rekey(pairs) = change else { return Ok(Removed::Nothing) };
                let moved = Change::Rekey(pairs.clone());
                self.folder.update(&mut self.bookmarks, |items| moved.clone().apply(items))?;
                self.folder.update(&mut self.highlights, |items| moved.apply_highlights(items))?;
                self.folder.update(&mut self.positions, |items| {
                    rekey_positions(items, &pairs);
                    Ok(Removed::Nothing)
                })
            }
            Kind::Highlights => self
                .folder
                .update(&mut self.highlights, |items| change.apply_highlights(items).map(Removed::highlight)),
            Kind::Bookmarks => {
                self.folder.update(&mut self.bookmarks, |items| change.apply(items).map(Removed::bookmark))
            }
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

impl Removed {
    fn bookmark(removed: Option<Bookmark>) -> Removed {
        removed.map_or(Removed::Nothing, Removed::Bookmark)
    }

    fn highlight(removed: Option<Highlight>) -> Removed {
        removed.map_or(Removed::Nothing, Removed::Highlight)
    }
}

/// Moves positions of the essay ids on the left of `pairs` to those on the right.
fn rekey_positions(items: &mut [SavedPosition], pairs: &[(String, String)]) {
    for p in items.iter_mut() {
        if let Some((_, new)) = pairs.iter().find(|(old, _)| *old == p.essay) {
            p.essay.clone_from(new);
        }
    }
}
