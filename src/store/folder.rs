//! The config folder's files: reading them, moving damaged ones aside, and the locked
//! re-read → change → atomic write cycle every save goes through.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::atomic::{is_temp_for, write_atomic};
use super::error::StoreError;
use super::format::{self, Parsed};
use super::lock::{self, DirLock, LockError};
use super::records::Record;
use super::time;

/// The entries of one file as this process knows them, and whether it may write that file.
#[derive(Debug)]
pub(crate) struct Slot<T> {
    /// The entries, in file order.
    pub items: Vec<T>,
    /// Why this file must not be written (newer version, unreadable, damaged and stuck).
    pub blocked: Option<String>,
}

/// The config folder and what has been learnt about it.
#[derive(Debug)]
pub(crate) struct Folder {
    /// The folder, as the caller gave it.
    pub dir: PathBuf,
    /// Why nothing at all can be written here.
    pub blocked: Option<String>,
    /// Messages for the status line that have not been collected yet.
    pub notices: Vec<String>,
}

/// A file read from disk.
enum Read<T> {
    Missing,
    Unreadable(io::Error),
    Parsed(Parsed<T>),
}

impl Folder {
    /// Looks at the folder without creating anything but the lock file in an existing folder.
    pub fn new(dir: &Path) -> Folder {
        let blocked = probe(dir);
        let mut notices = Vec::new();
        if let Some(reason) = &blocked {
            notices.push(format!("cannot save bookmarks or reading positions: {reason}"));
        }
        Folder { dir: dir.to_owned(), blocked, notices }
    }

    /// Reads one file for display. A damaged file is moved aside (only under the lock, so two
    /// copies starting together cannot move each other's fresh file).
    pub fn load<T: Record>(&mut self) -> Slot<T> {
        let guard = match (&self.blocked, self.dir.is_dir()) {
            (None, true) => DirLock::acquire(&self.dir).ok(),
            _ => None,
        };
        let (file, what) = (T::FILE, T::WHAT);
        match self.read::<T>() {
            Read::Missing => Slot::open(Vec::new()),
            Read::Parsed(Parsed::Current(items)) => Slot::open(items),
            Read::Parsed(Parsed::Newer(items)) => {
                let reason = format!("{file} was written by a newer essayreader");
                self.notices.push(format!("{reason}; {what} are read-only"));
                Slot::blocked(items, reason)
            }
            Read::Unreadable(e) => {
                let reason = format!("cannot read {file}: {e}");
                self.notices.push(format!("{reason}; {what} are read-only"));
                Slot::blocked(Vec::new(), reason)
            }
            Read::Parsed(Parsed::Damaged(why)) => {
                let moved = if guard.is_some() {
                    self.move_aside::<T>()
                } else {
                    Err(io::Error::other("the folder could not be locked or written"))
                };
                match moved {
                    Ok(aside) => {
                        self.notices.push(format!(
                            "{file} was damaged; moved aside to {} and started empty",
                            aside.display()
                        ));
                        Slot::open(Vec::new())
                    }
                    Err(e) => {
                        let reason = format!("{file} is damaged ({why}) and was not moved aside ({e})");
                        self.notices.push(format!("{reason}; {what} are read-only"));
                        Slot::blocked(Vec::new(), reason)
                    }
                }
            }
        }
    }

    /// Under the folder lock: re-reads the file (so changes by another running copy are kept),
    /// applies `change`, and writes the result atomically if anything changed. On success
    /// `slot` holds what is now on disk; on error the change is not saved and `slot` holds
    /// the file's latest readable state.
    pub fn update<T: Record, R>(
        &mut self,
        slot: &mut Slot<T>,
        change: impl FnOnce(&mut Vec<T>) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let what = T::WHAT;
        if let Some(reason) = self.blocked.as_ref().or(slot.blocked.as_ref()) {
            let reason = reason.clone();
            return Err(StoreError::ReadOnly { what, reason });
        }
        fs::create_dir_all(&self.dir).map_err(|err| StoreError::Io { what, path: self.dir.clone(), err })?;
        let _guard = DirLock::acquire(&self.dir).map_err(|e| match e {
            LockError::Io(path, err) => StoreError::Io { what, path, err },
            LockError::TimedOut(path) => StoreError::Locked { what, path },
        })?;
        self.remove_stray_temps(T::FILE);
        let path = self.dir.join(T::FILE);
        let (base, must_write) = match self.read::<T>() {
            Read::Missing => (Vec::new(), false),
            Read::Parsed(Parsed::Current(items)) => (items, false),
            Read::Unreadable(err) => return Err(StoreError::Io { what, path, err }),
            Read::Parsed(Parsed::Newer(items)) => {
                // Appeared since we started: from now on this file is someone else's.
                let reason = format!("{} was written by a newer essayreader", T::FILE);
                self.notices.push(format!("{reason}; {what} are read-only"));
                *slot = Slot::blocked(items, reason.clone());
                return Err(StoreError::ReadOnly { what, reason });
            }
            Read::Parsed(Parsed::Damaged(_)) => {
                let aside =
                    self.move_aside::<T>().map_err(|err| StoreError::Io { what, path: path.clone(), err })?;
                self.notices.push(format!(
                    "{} was damaged; moved aside to {} and saved this session's {what} in its place",
                    T::FILE,
                    aside.display()
                ));
                (slot.items.clone(), true)
            }
        };
        let mut items = base.clone();
        let outcome = change(&mut items);
        if outcome.is_err() {
            // The change is refused, but a file moved aside above must still be replaced.
            items.clone_from(&base);
        }
        T::tidy(&mut items);
        if must_write || items != base {
            let written =
                format::render(&items).map_err(|err| StoreError::Encode { what, err }).and_then(|text| {
                    write_atomic(&path, text.as_bytes()).map_err(|err| StoreError::Io {
                        what,
                        path: path.clone(),
                        err,
                    })
                });
            if let Err(e) = written {
                slot.items = base;
                return Err(e);
            }
        }
        slot.items = items;
        outcome
    }

    fn read<T: Record>(&self) -> Read<T> {
        match fs::read(self.dir.join(T::FILE)) {
            Ok(bytes) => Read::Parsed(format::parse(&bytes)),
            // No folder (or a file where the folder should be) simply means no entries yet.
            Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
                Read::Missing
            }
            Err(e) => Read::Unreadable(e),
        }
    }

    /// Renames a damaged file to `<name>.corrupt-<UTC stamp>` (never over an existing file).
    fn move_aside<T: Record>(&self) -> io::Result<PathBuf> {
        let stamp = time::now_compact();
        let mut aside = self.dir.join(format!("{}.corrupt-{stamp}", T::FILE));
        let mut n = 1;
        while aside.try_exists()? {
            aside = self.dir.join(format!("{}.corrupt-{stamp}-{n}", T::FILE));
            n += 1;
        }
        fs::rename(self.dir.join(T::FILE), &aside)?;
        Ok(aside)
    }

    /// Deletes temp files a crashed writer left behind. Safe only under the lock: every live
    /// writer holds it while its temp file exists.
    fn remove_stray_temps(&self, file: &str) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            if is_temp_for(&entry.file_name().to_string_lossy(), file) {
                // Best effort: a stray that stays is ignored by every reader anyway.
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

impl<T> Slot<T> {
    fn open(items: Vec<T>) -> Self {
        Slot { items, blocked: None }
    }

    fn blocked(items: Vec<T>, reason: String) -> Self {
        Slot { items, blocked: Some(reason) }
    }
}

/// Why the folder cannot be written, or `None` if it can (or can be created on first write).
fn probe(dir: &Path) -> Option<String> {
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => {
            lock::open(&dir.join(lock::LOCK_FILE)).err().map(|e| format!("{}: {e}", dir.display()))
        }
        Ok(_) => Some(format!("{} is not a folder", dir.display())),
        Err(e) if missing(&e) => {
            // It will be created on first write, which works if the nearest existing
            // ancestor is a folder.
            let mut up = dir.parent();
            while let Some(p) = up.filter(|p| !p.as_os_str().is_empty()) {
                match fs::metadata(p) {
                    Ok(m) if m.is_dir() => return None,
                    Ok(_) => return Some(format!("{} is not a folder", p.display())),
                    Err(e) if missing(&e) => up = p.parent(),
                    Err(e) => return Some(format!("{}: {e}", p.display())),
                }
            }
            None
        }
        Err(e) => Some(format!("{}: {e}", dir.display())),
    }
}

fn missing(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory)
}
