//! The one way state and config files are read: without blocking, only regular files, and
//! only up to a cap.
//!
//! A FIFO in place of `config.toml` would block `open` until a writer came; a link to
//! `/dev/zero` would be read until memory ran out. So the file is opened non-blocking,
//! what was opened is checked (`fstat`, not a racy look before opening) and at most
//! [`MAX_BYTES`] are read. State files are also opened without following a final
//! symbolic link, so a link is seen as a link and can be set aside, never read through.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// No state or config file is read beyond this (64 MiB).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Whether a symbolic link at the path is followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Read what the link points to (config files: people keep dotfiles in repositories).
    Follow,
    /// A link is refused as [`ReadError::Link`] (state files, which are also written).
    Refuse,
}

/// Why a file was not read. Displays as what follows the file's name in a message:
/// "config.toml is a FIFO (named pipe), not a regular file".
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Nothing there (or a file where a folder of the path should be).
    #[error("does not exist")]
    Missing,
    /// A symbolic link where [`Links::Refuse`] asked for a file.
    #[error("is a symbolic link, not a regular file")]
    Link,
    /// A folder, FIFO, device or socket.
    #[error("is {0}, not a regular file")]
    Special(&'static str),
    /// Larger than [`MAX_BYTES`].
    #[error("is larger than {} MiB", MAX_BYTES / (1024 * 1024))]
    TooLarge,
    /// The system refused (permissions, I/O).
    #[error("cannot be read: {0}")]
    Io(io::Error),
}

impl ReadError {
    /// As an I/O error, for callers whose errors carry one.
    pub fn into_io(self) -> io::Error {
        match self {
            ReadError::Io(e) => e,
            ReadError::Missing => io::Error::from(io::ErrorKind::NotFound),
            other => io::Error::other(other.to_string()),
        }
    }
}

/// Reads the regular file at `path`, never blocking on it and never reading more than
/// [`MAX_BYTES`].
pub fn read_file(path: &Path, links: Links) -> Result<Vec<u8>, ReadError> {
    let file = open(path, links).map_err(|e| classify(&e).unwrap_or(ReadError::Io(e)))?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if let Some(kind) = special_kind(&meta) {
        return Err(ReadError::Special(kind));
    }
    if meta.len() > MAX_BYTES {
        return Err(ReadError::TooLarge);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // Bounded even if the file grows while it is read.
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// Reads like [`read_file`], as text; bytes that are not UTF-8 are an error.
pub fn read_text(path: &Path, links: Links) -> Result<String, ReadError> {
    let bytes = read_file(path, links)?;
    String::from_utf8(bytes).map_err(|e| ReadError::Io(io::Error::new(io::ErrorKind::InvalidData, e)))
}

#[cfg(unix)]
fn open(path: &Path, links: Links) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut flags = libc::O_NONBLOCK;
    if links == Links::Refuse {
        flags |= libc::O_NOFOLLOW;
    }
    OpenOptions::new().read(true).custom_flags(flags).open(path)
}

#[cfg(not(unix))]
fn open(path: &Path, links: Links) -> io::Result<File> {
    if links == Links::Refuse && std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(io::Error::other("a symbolic link"));
    }
    OpenOptions::new().read(true).open(path)
}

/// The errors that say what is at the path rather than that reading failed.
fn classify(e: &io::Error) -> Option<ReadError> {
    match e.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory => Some(ReadError::Missing),
        // O_NOFOLLOW on a link fails with ELOOP.
        _ if cfg!(unix) && e.raw_os_error() == Some(libc::ELOOP) => Some(ReadError::Link),
        _ => None,
    }
}

/// What a file that is not a regular file is, in a few words; `None` for a regular file.
pub(crate) fn special_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    if kind.is_symlink() {
        return Some("a symbolic link");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("a special file")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_and_a_missing_one_says_so() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("f");
        assert!(matches!(read_file(&path, Links::Refuse), Err(ReadError::Missing)));
        std::fs::write(&path, b"abc").expect("write");
        assert_eq!(read_file(&path, Links::Refuse).expect("read"), b"abc");
    }

    #[test]
    fn a_file_over_the_cap_is_refused_unread() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big");
        // Sparse: no 64 MiB are written to disk.
        let file = File::create(&path).expect("create");
        file.set_len(MAX_BYTES + 1).expect("grow");
        let err = read_file(&path, Links::Follow).expect_err("refused");
        assert_eq!(err.to_string(), "is larger than 64 MiB");
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("fifo");
        let c = std::ffi::CString::new(path.to_string_lossy().as_bytes()).expect("c path");
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        for links in [Links::Follow, Links::Refuse] {
            let err = read_file(&path, links).expect_err("refused");
            assert_eq!(err.to_string(), "is a FIFO (named pipe), not a regular file");
        }
    }

    #[test]
    fn links_are_followed_only_when_asked_and_devices_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let link = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &link).expect("symlink");
        assert!(matches!(read_file(&link, Links::Refuse), Err(ReadError::Link)));
        assert!(matches!(read_file(&link, Links::Follow), Err(ReadError::Special("a device"))));
        assert!(matches!(read_file(dir.path(), Links::Follow), Err(ReadError::Special("a folder"))));
    }
}
