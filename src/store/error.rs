//! What can go wrong when saving bookmarks or reading positions.

use std::io;
use std::path::PathBuf;

/// A failed write. Every message is one line that can go straight to the status line.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The folder or the file may not be written (read-only, damaged, or from a newer version).
    #[error("cannot save {what}: {reason}")]
    ReadOnly {
        /// "bookmarks" or "reading positions".
        what: &'static str,
        /// Why, in a few words.
        reason: String,
    },
    /// The file system refused a read or write.
    #[error("cannot save {what}: {}: {err}", path.display())]
    Io {
        /// "bookmarks" or "reading positions".
        what: &'static str,
        /// The file or folder involved.
        path: PathBuf,
        /// The underlying error.
        err: io::Error,
    },
    /// Another essayreader held the lock for too long.
    #[error("cannot save {what}: another essayreader is still saving ({})", path.display())]
    Locked {
        /// "bookmarks" or "reading positions".
        what: &'static str,
        /// The lock file.
        path: PathBuf,
    },
    /// The data could not be turned into JSON (should not happen).
    #[error("cannot save {what}: {err}")]
    Encode {
        /// "bookmarks" or "reading positions".
        what: &'static str,
        /// The encoder's complaint.
        err: serde_json::Error,
    },
    /// No bookmark has this id (any more).
    #[error("no bookmark with id {0}")]
    NoSuchBookmark(String),
    /// A bookmark with this id is already saved.
    #[error("a bookmark with id {0} already exists")]
    DuplicateBookmark(String),
    /// No highlight has this id (any more).
    #[error("no highlight with id {0}")]
    NoSuchHighlight(String),
    /// A highlight with this id is already saved.
    #[error("a highlight with id {0} already exists")]
    DuplicateHighlight(String),
}
