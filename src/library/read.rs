//! Reading an essay file safely: size limit, binary sniffing, lossy UTF-8.

use super::{EssayText, FileStamp, LibraryError};
use std::io::Read;
use std::path::Path;

/// Files above this are listed but never read whole.
pub(crate) const MAX_BYTES: u64 = 50 * 1024 * 1024;
/// How much of the start is searched for a NUL byte to call a file binary.
pub(crate) const SNIFF_BYTES: usize = 8 * 1024;

/// The file name extensions that make a file an essay (compared case-insensitively).
pub const ESSAY_EXTENSIONS: &[&str] = &["md", "markdown", "mdown", "mkd", "txt", "html", "htm"];

/// Whether `path`'s extension is an essay extension.
pub fn has_essay_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ESSAY_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// The size and modification time of the file at `path` (following symlinks), or `None`
/// if it is not there: the one check of whether a file changed, for rescans, the cache,
/// the polling watcher and the open essay.
pub fn stamp(path: &Path) -> Option<FileStamp> {
    std::fs::metadata(path).ok().and_then(|m| stamp_of(&m))
}

/// [`stamp`] from metadata already at hand.
pub(crate) fn stamp_of(meta: &std::fs::Metadata) -> Option<FileStamp> {
    let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(FileStamp { size: meta.len(), modified_ns: u64::try_from(modified.as_nanos()).ok()? })
}

/// Size in MiB, rounded up, for messages.
pub(crate) fn mib(bytes: u64) -> u64 {
    bytes.div_ceil(1024 * 1024)
}

/// Reads the essay at `path` (following symlinks): a folder, a missing file, a file over
/// [`MAX_BYTES`] or one with NUL bytes near its start is an error; invalid UTF-8 is read
/// with replacement characters and marked `lossy`.
pub(crate) fn read_essay(path: &Path) -> Result<EssayText, LibraryError> {
    read_bytes(path).map(decode)
}

/// The bytes of the essay at `path`, refused as [`read_essay`] refuses a file, not decoded
/// (a web page says its own character set).
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, LibraryError> {
    let owned = || path.to_path_buf();
    let meta = std::fs::metadata(path).map_err(|e| LibraryError::from_read(owned(), e))?;
    if meta.is_dir() {
        return Err(LibraryError::IsFolder(owned()));
    }
    if !meta.is_file() {
        // A FIFO or device would block or never end.
        return Err(LibraryError::NotAFile(owned()));
    }
    check_size(path, meta.len())?;
    let file = std::fs::File::open(path).map_err(|e| LibraryError::from_read(owned(), e))?;
    // Bounded even if the file grows while we read it.
    let mut reader = file.take(MAX_BYTES + 1);
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // Sniff first, so a large binary file is not read whole just to be refused.
    let mut head = [0u8; SNIFF_BYTES];
    let n = read_up_to(&mut reader, &mut head).map_err(|e| LibraryError::from_read(owned(), e))?;
    if is_binary(&head[..n]) {
        return Err(LibraryError::Binary(owned()));
    }
    bytes.extend_from_slice(&head[..n]);
    reader.read_to_end(&mut bytes).map_err(|e| LibraryError::from_read(owned(), e))?;
    check_size(path, bytes.len() as u64)?;
    Ok(bytes)
}

/// Whether the first bytes of the file at `path` contain a NUL byte.
pub(crate) fn looks_binary(path: &Path) -> Result<bool, LibraryError> {
    let mut file = std::fs::File::open(path).map_err(|e| LibraryError::from_read(path.to_path_buf(), e))?;
    let mut head = [0u8; SNIFF_BYTES];
    let n = read_up_to(&mut file, &mut head).map_err(|e| LibraryError::from_read(path.to_path_buf(), e))?;
    Ok(is_binary(&head[..n]))
}

/// Whether a file starting with `head` is binary: it has a NUL byte, and is not text in
/// UTF-16 with a byte order mark (what Windows Notepad saves as "Unicode").
pub(crate) fn is_binary(head: &[u8]) -> bool {
    head.contains(&0) && !is_utf16(head)
}

/// Whether `bytes` start with a UTF-16 byte order mark.
pub(crate) fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff])
}

fn check_size(path: &Path, len: u64) -> Result<(), LibraryError> {
    if len > MAX_BYTES {
        return Err(LibraryError::TooLarge {
            path: path.to_path_buf(),
            mib: mib(len),
            limit: mib(MAX_BYTES),
        });
    }
    Ok(())
}

/// Fills `buf` as far as the reader allows (a single `read` may return less).
/// Up to `len` bytes of the essay file at `path` from byte `start`, cut to whole UTF-8
/// characters at both ends, with the offset where the text returned starts: a part of a
/// long essay to show before the whole of it has been read. `None` for whatever reading
/// the whole file would refuse or repair (not a plain file, too large, NUL bytes near the
/// start, invalid UTF-8 or another encoding): that read says why.
pub fn read_part(path: &Path, start: usize, len: usize) -> Option<(usize, String)> {
    use std::io::{Seek, SeekFrom};
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_file() && m.len() <= MAX_BYTES)?;
    let start = start.min(usize::try_from(meta.len()).ok()?);
    let mut file = std::fs::File::open(path).ok()?;
    file.seek(SeekFrom::Start(start as u64)).ok()?;
    let mut bytes = vec![0; len];
    let n = read_up_to(&mut file, &mut bytes).ok()?;
    bytes.truncate(n);
    if start == 0 && (is_binary(&bytes[..n.min(SNIFF_BYTES)]) || is_utf16(&bytes)) {
        return None;
    }
    // A part from the middle may start inside a character.
    let skip = if start == 0 { 0 } else { bytes.iter().take(3).take_while(|&&b| b & 0xc0 == 0x80).count() };
    let text = match std::str::from_utf8(&bytes[skip..]) {
        Ok(text) => text,
        // Cut inside its last character: that character is left out.
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&bytes[skip..skip + e.valid_up_to()]).ok()?
        }
        Err(_) => return None,
    };
    Some((start + skip, text.to_string()))
}

fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

fn decode(bytes: Vec<u8>) -> EssayText {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, lossy) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return EssayText { text: text.into_owned().into(), lossy, windows_1252: false };
    }
    match String::from_utf8(bytes) {
        Ok(text) => EssayText { text: text.into(), lossy: false, windows_1252: false },
        Err(e) => EssayText {
            text: String::from_utf8_lossy(e.as_bytes()).into_owned().into(),
            lossy: true,
            windows_1252: false,
        },
    }
}
