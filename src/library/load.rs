//! Loading an essay's whole text for reading.

use super::read::read_essay;
use super::{EssayInfo, EssayText, LibraryError, Location};
use std::path::Path;

/// The text of a listed essay: from the binary, or read again from its file (which may
/// have changed, or vanished, since the scan).
pub fn load_text(info: &EssayInfo) -> Result<EssayText, LibraryError> {
    match &info.location {
        Location::Bundled(text) => Ok(EssayText { text: (*text).to_string(), lossy: false }),
        Location::File(path) => load_path(path),
    }
}

/// The text of the file at `path`. Folders, missing, binary, oversized and unreadable
/// files are errors; invalid UTF-8 is replaced and reported as `lossy`.
pub fn load_path(path: &Path) -> Result<EssayText, LibraryError> {
    read_essay(path)
}
