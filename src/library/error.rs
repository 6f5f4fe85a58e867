//! What can go wrong while finding, reading or adding essays.

use std::path::PathBuf;

/// An error from the library; each displays as one line a reader can act on.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    /// The path names nothing.
    #[error("no such file: {}", .0.display())]
    NotFound(PathBuf),
    /// The path names a folder where an essay was expected.
    #[error("{} is a folder, not an essay", .0.display())]
    IsFolder(PathBuf),
    /// The path names a device, FIFO or socket, which could block forever if read.
    #[error("{} is not a regular file", .0.display())]
    NotAFile(PathBuf),
    /// The file has NUL bytes near its start, so it is not text.
    #[error("{} looks like a binary file", .0.display())]
    Binary(PathBuf),
    /// The file is bigger than any essay this reader is meant for.
    #[error("{} is too large ({mib} MiB; the limit is {limit} MiB)", .path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size, rounded up to MiB.
        mib: u64,
        /// The limit in MiB.
        limit: u64,
    },
    /// The file's name does not end in an essay extension.
    #[error("{} is not an essay (expected .md, .markdown, .mdown, .mkd, .txt, .html or .htm)", .0.display())]
    NotAnEssay(PathBuf),
    /// `import` was given a file that is already Markdown (or a format it does not read).
    #[error("{} is not plain text: use `essayreader add` for Markdown; import reads .txt, .html and .htm files and standard input", .0.display())]
    NotPlainText(PathBuf),
    /// `import` was given a file with nothing in it.
    #[error("{} is empty: nothing to import", .0.display())]
    Empty(PathBuf),
    /// Adding would replace an essay that is already there.
    #[error("{} already exists (use --force)", .0.display())]
    Exists(PathBuf),
    /// The file or folder exists but cannot be read (permissions, I/O).
    #[error("cannot read {}: {err}", .path.display())]
    Unreadable {
        /// What could not be read.
        path: PathBuf,
        /// Why (in the message, so not also a `source`: anyhow would print it twice).
        err: std::io::Error,
    },
    /// A file or folder could not be written.
    #[error("cannot write {}: {err}", .path.display())]
    Unwritable {
        /// What could not be written.
        path: PathBuf,
        /// Why (in the message, so not also a `source`: anyhow would print it twice).
        err: std::io::Error,
    },
    /// No home folder, so no default place for configuration or essays.
    #[error("cannot find a home folder for the {0}; set ESSAYREADER_CONFIG_DIR and ESSAYREADER_ESSAYS_DIR")]
    NoHome(&'static str),
}

impl LibraryError {
    /// Turns an I/O error on `path` into the most specific error for a reader.
    pub(crate) fn from_read(path: PathBuf, source: std::io::Error) -> Self {
        match source.kind() {
            std::io::ErrorKind::NotFound => LibraryError::NotFound(path),
            std::io::ErrorKind::IsADirectory => LibraryError::IsFolder(path),
            _ => LibraryError::Unreadable { path, err: source },
        }
    }
}
