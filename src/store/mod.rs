//! The only code that writes files: bookmarks and reading positions in the config folder.
//!
//! Two running copies of essayreader may share the folder. Every write takes the folder lock,
//! re-reads the file, applies its one change to what is on disk now and replaces the file
//! atomically, so neither copy loses the other's bookmarks, and a bookmark deleted by one
//! stays deleted when the other saves. Damaged files are moved aside, never overwritten;
//! files from a newer essayreader are read but never written.

mod atomic;
mod cache;
mod error;
mod export;
mod folder;
mod format;
mod lock;
mod records;
mod registry;
mod time;

pub use atomic::write_atomic;
pub use cache::{LIBRARY_CACHE_FILE, load_library_cache, save_library_cache};
pub use error::StoreError;
pub use export::export_markdown;
pub use format::VERSION;
pub use records::{Bookmark, BookmarkView, SavedPosition};
pub use registry::ESSAYS_FILE;
pub use time::parse as parse_time;

use std::path::{Path, PathBuf};

use crate::core::identity::KnownEssay;
use folder::{Folder, Slot};

/// The bookmarks file's name in the config folder.
pub const BOOKMARKS_FILE: &str = "bookmarks.json";
/// The reading positions file's name in the config folder.
pub const POSITIONS_FILE: &str = "positions.json";

/// Bookmarks and reading positions of one config folder.
#[derive(Debug)]
pub struct Store {
    folder: Folder,
    bookmarks: Slot<Bookmark>,
    positions: Slot<SavedPosition>,
    known: Slot<KnownEssay>,
    /// No registry was there when the store was opened: saved state may still be keyed by
    /// the ids of an earlier version (see [`Store::remember_essays`]).
    first_registry: bool,
}

impl Store {
    /// Reads the folder's files (missing ones are empty), returning notices for the status
    /// line. Never fails: what cannot be read or written is reported and the rest works.
    pub fn open(config_dir: &Path) -> (Store, Vec<String>) {
        let mut folder = Folder::new(config_dir);
        let first_registry = !config_dir.join(ESSAYS_FILE).exists();
        let bookmarks = folder.load();
        let positions = folder.load();
        let known = folder.load();
        let mut store = Store { folder, bookmarks, positions, known, first_registry };
        let notices = store.take_notices();
        (store, notices)
    }

    /// Reads both files again, picking up what another running copy saved; returns notices.
    pub fn reload(&mut self) -> Vec<String> {
        let mut notices = self.take_notices();
        let (fresh, more) = Store::open(&self.folder.dir);
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

    /// Whether both bookmarks and reading positions can be saved.
    pub fn writable(&self) -> bool {
        self.bookmarks_writable() && self.positions_writable()
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
        self.folder.update(&mut self.bookmarks, |items| {
            if items.iter().any(|b| b.id == bookmark.id) {
                return Err(StoreError::DuplicateBookmark(bookmark.id));
            }
            items.push(bookmark);
            Ok(())
        })
    }

    /// Deletes a bookmark and returns it for undo; `None` if it was already gone (perhaps
    /// deleted by another running copy).
    pub fn delete_bookmark(&mut self, id: &str) -> Result<Option<Bookmark>, StoreError> {
        self.folder.update(&mut self.bookmarks, |items| {
            Ok(items.iter().position(|b| b.id == id).map(|i| items.remove(i)))
        })
    }

    /// Puts a deleted bookmark back (undo); a no-op if it is still there.
    pub fn restore_bookmark(&mut self, bookmark: Bookmark) -> Result<(), StoreError> {
        self.folder.update(&mut self.bookmarks, |items| {
            if !items.iter().any(|b| b.id == bookmark.id) {
                items.push(bookmark);
            }
            Ok(())
        })
    }

    /// Changes a bookmark's label.
    pub fn rename_bookmark(&mut self, id: &str, label: &str) -> Result<(), StoreError> {
        self.folder.update(&mut self.bookmarks, |items| match items.iter_mut().find(|b| b.id == id) {
            Some(b) => {
                b.label = label.to_owned();
                Ok(())
            }
            None => Err(StoreError::NoSuchBookmark(id.to_owned())),
        })
    }

    /// Where the reader stopped in this essay.
    pub fn position(&self, essay: &str) -> Option<&SavedPosition> {
        self.positions.items.iter().find(|p| p.essay == essay)
    }

    /// Saves a reading position. If another running copy saved a newer one for the same
    /// essay, that one is kept (newest `updated` wins) and this call still succeeds.
    pub fn save_position(&mut self, position: SavedPosition) -> Result<(), StoreError> {
        self.folder.update(&mut self.positions, |items| {
            // Pushed last, so it wins a tie with the stored one.
            items.push(position);
            Ok(())
        })
    }

    /// Every saved position, ordered by essay id.
    pub fn all_positions(&self) -> &[SavedPosition] {
        &self.positions.items
    }
}
