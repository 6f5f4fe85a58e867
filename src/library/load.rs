//! Loading an essay's whole text for reading.

use super::read::read_essay;
use super::{EssayInfo, EssayText, LibraryError, bundled};
use std::path::Path;

/// The text of a listed essay: from the binary, or read again from its file (which may
/// have changed, or vanished, since the scan).
pub fn load_text(info: &EssayInfo) -> Result<EssayText, LibraryError> {
    match info.file() {
        Some(path) => load_path(path),
        None => {
            let name = info.path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            match bundled().iter().find(|(n, _)| *n == name) {
                Some((_, text)) => Ok(EssayText { text: (*text).to_string(), lossy: false }),
                None => Err(LibraryError::NotFound(info.path.clone())),
            }
        }
    }
}

/// The text of the file at `path`. Folders, missing, binary, oversized and unreadable
/// files are errors; invalid UTF-8 is replaced and reported as `lossy`.
pub fn load_path(path: &Path) -> Result<EssayText, LibraryError> {
    read_essay(path)
}
