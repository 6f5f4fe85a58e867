//! Loading an essay's whole text for reading.

use super::formats::{self, Format};
use super::read::{read_bytes, read_essay, stamp};
use super::{EssayInfo, EssayText, FileStamp, LibraryError, bundled};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The text of the essay last read by path for its metadata (see [`keep_for_open`]).
static KEPT: Mutex<Option<(PathBuf, FileStamp, EssayText)>> = Mutex::new(None);

/// Keeps the text just read from `path` (whose file had `stamp` before it was read) for
/// the [`load_path`] that follows: an essay named by path is read for its metadata and
/// then opened, and a book should be read from disk once, not twice, before it shows.
pub(crate) fn keep_for_open(path: &Path, stamp: Option<FileStamp>, text: EssayText) {
    if let (Some(stamp), Ok(mut kept)) = (stamp, KEPT.lock()) {
        *kept = Some((path.to_path_buf(), stamp, text));
    }
}

/// The kept text of `path`, taken, if the file has not changed since it was read.
fn take_kept(path: &Path) -> Option<EssayText> {
    let mut kept = KEPT.lock().ok()?;
    if kept.as_ref().is_none_or(|(kept_path, ..)| kept_path != path) {
        return None;
    }
    let (_, kept_stamp, text) = kept.take()?;
    (stamp(path) == Some(kept_stamp)).then_some(text)
}

/// The text of a listed essay: from the binary, or read again from its file (which may
/// have changed, or vanished, since the scan).
pub fn load_text(info: &EssayInfo) -> Result<EssayText, LibraryError> {
    match info.file() {
        Some(path) => load_path(path),
        None => {
            let name = info.path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            match bundled().iter().find(|(n, _)| *n == name) {
                Some((_, text)) => Ok(EssayText { text: (*text).into(), lossy: false, windows_1252: false }),
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
    if let Some(text) = take_kept(path) {
        return Ok(text);
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    match Format::of(path) {
        Format::Html => {
            let (text, windows_1252) = formats::html_to_markdown(&read_bytes(path)?, &name);
            Ok(EssayText { text: text.into(), lossy: false, windows_1252 })
        }
        Format::Plain => {
            let (text, windows_1252) = formats::decode_undeclared(&read_bytes(path)?);
            let text = formats::to_markdown(text, Format::Plain, &name);
            Ok(EssayText { text: text.into(), lossy: false, windows_1252 })
        }
        Format::Markdown => match super::mapped::map(path) {
            // A book is mapped, not copied: see `mapped`.
            Some(text) => Ok(EssayText { text, lossy: false, windows_1252: false }),
            None => read_essay(path),
        },
    }
}

/// The file at `path` exactly as it is, not converted (`render --raw`).
pub fn load_raw(path: &Path) -> Result<EssayText, LibraryError> {
    read_essay(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_book_is_mapped_and_one_the_mapping_refuses_is_read_as_before() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.md");
        let mut bytes = "# A book\n\nIt’s long — on purpose.\n\n".repeat(40_000).into_bytes();
        std::fs::write(&path, &bytes).unwrap();
        let book = load_path(&path).unwrap();
        assert_eq!(book.text.is_paged(), cfg!(target_os = "linux"));
        assert!(!book.lossy);
        drop(book);
        // Invalid UTF-8 deep inside: read, repaired and said to be.
        bytes[1_000_001] = 0xff;
        std::fs::write(&path, &bytes).unwrap();
        let repaired = load_path(&path).unwrap();
        assert!(!repaired.text.is_paged() && repaired.lossy && repaired.text.contains('\u{fffd}'));
        // A NUL byte near the start: refused as binary, as a short file is.
        bytes[5] = 0;
        std::fs::write(&path, &bytes).unwrap();
        assert!(matches!(load_path(&path), Err(LibraryError::Binary(_))));
    }

    #[test]
    fn a_text_kept_from_the_metadata_read_is_used_only_while_the_file_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("essay.md");
        std::fs::write(&path, "# On disk\n\nthe file's own words\n").unwrap();
        let kept =
            EssayText { text: "# Kept\n\nread a moment ago\n".into(), lossy: false, windows_1252: false };
        keep_for_open(&path, stamp(&path), kept.clone());
        assert_eq!(load_path(&path).unwrap(), kept, "taken instead of reading again");
        assert!(load_path(&path).unwrap().text.contains("the file's own words"), "taken once");
        keep_for_open(&path, stamp(&path), kept);
        std::fs::write(&path, "# Changed\n\nnew words, a different length\n").unwrap();
        assert!(load_path(&path).unwrap().text.contains("new words"), "a changed file is read again");
    }
}
