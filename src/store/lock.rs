//! The folder lock that serialises writers: `<config>/.lock`, held while a file is re-read,
//! merged and replaced, so two running copies never overwrite each other's changes.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

/// The lock file's name in the config folder.
pub const LOCK_FILE: &str = ".lock";
/// Writers hold the lock for milliseconds; waiting longer means something is stuck, and the
/// reader should get an error rather than a frozen screen.
const WAIT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(2);

/// Why the lock could not be taken.
#[derive(Debug)]
pub(crate) enum LockError {
    /// The lock file could not be opened or locked.
    Io(PathBuf, io::Error),
    /// Someone else held it for longer than [`WAIT`].
    TimedOut(PathBuf),
}

/// An exclusive lock on the config folder, released when dropped (closing the file).
pub(crate) struct DirLock {
    _file: Option<File>,
}

impl DirLock {
    /// Waits for the exclusive lock on `dir` (which must exist).
    pub(crate) fn acquire(dir: &Path) -> Result<DirLock, LockError> {
        let path = dir.join(LOCK_FILE);
        let file = open(&path).map_err(|e| LockError::Io(path.clone(), e))?;
        let deadline = Instant::now() + WAIT;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(DirLock { _file: Some(file) }),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => thread::sleep(POLL),
                Err(TryLockError::WouldBlock) => return Err(LockError::TimedOut(path)),
                // A file system without locks: carry on unlocked rather than never saving.
                Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                    return Ok(DirLock { _file: None });
                }
                Err(TryLockError::Error(e)) => return Err(LockError::Io(path, e)),
            }
        }
    }
}

/// Opens (creating if needed) the lock file; its content is never used.
pub(crate) fn open(path: &Path) -> io::Result<File> {
    OpenOptions::new().create(true).truncate(false).write(true).open(path)
}
