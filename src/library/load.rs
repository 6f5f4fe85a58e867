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
                Some((_, text)) => {
                    Ok(EssayText { text: (*text).to_string(), lossy: false, windows_1252: false })
                }
                None => Err(LibraryError::NotFound(info.path.clone())),
            }
        }
    }
}

/// The text of the file at `path` as the engine reads it: Markdown as it is, other
/// formats converted (see [`super::formats`]). Folders, missing, binary, oversized and
/// unreadable files are errors; invalid UTF-8 in Markdown is replaced and reported as
/// `lossy`, plain text and web pages that are not UTF-8 are read as Windows-1252.
pub fn load_path(path: &Path) -> Result<EssayText, LibraryError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    match Format::of(path) {
        Format::Html => {
            let (text, windows_1252) = formats::html_to_markdown(&read_bytes(path)?, &name);
            Ok(EssayText { text, lossy: false, windows_1252 })
        }
        Format::Plain => {
            let (text, windows_1252) = formats::decode_undeclared(&read_bytes(path)?);
            let text = formats::to_markdown(text, Format::Plain, &name);
            Ok(EssayText { text, lossy: false, windows_1252 })
        }
        Format::Markdown => read_essay(path),
    }
}

/// The file at `path` exactly as it is, not converted (`render --raw`).
pub fn load_raw(path: &Path) -> Result<EssayText, LibraryError> {
    read_essay(path)
}
