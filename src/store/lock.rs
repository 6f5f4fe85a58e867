//! The folder lock that serialises writers: `<config>/.lock`, held while a file is re-read,
//! merged and replaced, so two running copies never overwrite each other's changes.
//!
//! Only writers take it: files are replaced atomically, so reading needs no lock, and the
//! reader never waits for another program to show what it has.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

/// The lock file's name in the config folder.
pub const LOCK_FILE: &str = ".lock";
/// After this long waiting, the waiter is told (a command says so on stderr).
pub(crate) const SAY_AFTER: Duration = Duration::from_secs(1);
const POLL: Duration = Duration::from_millis(2);
/// Polling slows down to this while a lock stays held for long.
const SLOW_POLL: Duration = Duration::from_millis(50);

/// Why the lock could not be taken.
#[derive(Debug)]
pub(crate) enum LockError {
    /// The lock file could not be opened or locked.
    Io(PathBuf, io::Error),
    /// Someone else held it for longer than the caller would wait.
    TimedOut(PathBuf),
}

/// An exclusive lock on the config folder, released when dropped (closing the file).
pub(crate) struct DirLock {
    _file: Option<File>,
}

impl DirLock {
    /// Takes the exclusive lock on `dir` (which must exist) if it is free now.
    pub(crate) fn try_acquire(dir: &Path) -> Result<Option<DirLock>, LockError> {
        let path = dir.join(LOCK_FILE);
        let file = open(&path).map_err(|e| LockError::Io(path.clone(), e))?;
        match take(file) {
            Ok(lock) => Ok(Some(lock)),
            Err((_, TryLockError::WouldBlock)) => Ok(None),
            Err((_, TryLockError::Error(e))) => Err(LockError::Io(path, e)),
        }
    }

    /// Waits up to `wait` for the exclusive lock on `dir` (which must exist). If it is
    /// still held after [`SAY_AFTER`], `waiting` is called once with the lock file's path.
    pub(crate) fn acquire(
        dir: &Path,
        wait: Duration,
        waiting: &mut dyn FnMut(&Path),
    ) -> Result<DirLock, LockError> {
        let path = dir.join(LOCK_FILE);
        let mut file = open(&path).map_err(|e| LockError::Io(path.clone(), e))?;
        let started = Instant::now();
        let mut said = false;
        loop {
            match take(file) {
                Ok(lock) => return Ok(lock),
                Err((_, TryLockError::Error(e))) => return Err(LockError::Io(path, e)),
                Err((back, TryLockError::WouldBlock)) => {
                    let waited = started.elapsed();
                    if waited >= wait {
                        return Err(LockError::TimedOut(path));
                    }
                    if !said && waited >= SAY_AFTER {
                        said = true;
                        waiting(&path);
                    }
                    file = back;
                    thread::sleep(if waited >= SAY_AFTER { SLOW_POLL } else { POLL });
                }
            }
        }
    }
}

/// Tries to lock the opened lock file; gives the file back when it cannot.
fn take(file: File) -> Result<DirLock, (File, TryLockError)> {
    match file.try_lock() {
        Ok(()) => Ok(DirLock { _file: Some(file) }),
        // A file system without locks: carry on unlocked rather than never saving.
        Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => Ok(DirLock { _file: None }),
        Err(e) => Err((file, e)),
    }
}

/// Opens (creating if needed) the lock file; its content is never used. Never follows a
/// link (a planted `.lock` link must not make us create files elsewhere) and never blocks
/// (a FIFO there would), and what is opened must be a regular file.
pub(crate) fn open(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).read(true).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = options.open(path).map_err(|e| {
        if cfg!(unix) && e.raw_os_error() == Some(libc::ELOOP) {
            io::Error::other("is a symbolic link, not a regular file")
        } else {
            e
        }
    })?;
    match super::read::special_kind(&file.metadata()?) {
        None => Ok(file),
        Some(kind) => Err(io::Error::other(format!("is {kind}, not a regular file"))),
    }
}
