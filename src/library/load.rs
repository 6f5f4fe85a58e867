//! Loading an essay's whole text for reading.

use super::formats::{self, Format};
use super::read::{read_bytes, read_essay};
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

/// The text of the file at `path` as the engine reads it: Markdown as it is, other
/// formats converted (see [`super::formats`]). Folders, missing, binary, oversized and
/// unreadable files are errors; invalid UTF-8 is replaced and reported as `lossy`.
pub fn load_path(path: &Path) -> Result<EssayText, LibraryError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if Format::of(path) == Format::Html {
        let bytes = read_bytes(path)?;
        return Ok(EssayText { text: formats::html_to_markdown(&bytes, &name), lossy: false });
    }
    let raw = read_essay(path)?;
    Ok(EssayText { text: formats::to_markdown(raw.text, Format::of(path), &name), lossy: raw.lossy })
}

/// The file at `path` exactly as it is, not converted (`render --raw`).
pub fn load_raw(path: &Path) -> Result<EssayText, LibraryError> {
    read_essay(path)
}
