//! The config folder's files: reading them, moving damaged ones aside, and the locked
//! re-read → change → atomic write cycle every save goes through.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::atomic::{is_temp_for, write_atomic};
use super::error::StoreError;
use super::format::{self, Parsed};
use super::lock::{self, DirLock, LockError};
use super::read::{Links, ReadError, read_file};
use super::records::Record;
use super::time;

/// The entries of one file as this process knows them, and whether it may write that file.
#[derive(Debug, Clone)]
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
    /// How long a save waits for another copy holding the lock before giving up.
    pub lock_wait: Duration,
    /// Told once when a save has waited a second for the lock (a command prints it).
    pub waiting: Option<fn(&str)>,
}

/// How long a save waits for the lock unless told otherwise: writers hold it for
/// milliseconds, so this long means something is stuck.
pub(crate) const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(10);

/// A file read from disk.
enum Read<T> {
    Missing,
    Unreadable(ReadError),
    Parsed(Parsed<T>),
    /// Something that must not be read or written in the file's place (a symbolic link,
    /// a FIFO, a device): set aside like a damaged file; what it is, in a few words.
    Foreign(&'static str),
}

/// How a file found in the way is renamed: `<name>.<kind>-<UTC stamp>`.
#[derive(Clone, Copy)]
enum Aside {
    Damaged,
    Foreign,
}

impl Folder {
    /// Looks at the folder without creating anything but the lock file in an existing folder.
    pub fn new(dir: &Path) -> Folder {
        let blocked = probe(dir);
        let mut notices = Vec::new();
        if let Some(reason) = &blocked {
            notices.push(format!("cannot save bookmarks or reading positions: {reason}"));
        }
        Folder { dir: dir.to_owned(), blocked, notices, lock_wait: DEFAULT_LOCK_WAIT, waiting: None }
    }

    /// Reads one file for display, without waiting for the lock (files are replaced
    /// atomically, so a read never sees half a file). A damaged file, or a link or special
    /// file in its place, is set aside only if the lock is free at once (so two copies
    /// starting together cannot move each other's fresh file); otherwise the next save
    /// sets it aside.
    pub fn load<T: Record>(&mut self) -> Slot<T> {
        let (file, what) = (T::FILE, T::WHAT);
        let (aside, found) = match self.read::<T>() {
            Read::Missing => return Slot::open(Vec::new()),
            Read::Parsed(Parsed::Current(items)) => return Slot::open(items),
            Read::Parsed(Parsed::Newer(items)) => {
                let reason = format!("{file} was written by a newer essayreader");
                self.notices.push(format!("{reason}; {what} are read-only"));
                return Slot::blocked(items, reason);
            }
            Read::Unreadable(e) => {
                // "bookmarks.json cannot be read: …", "… is a folder, not a regular file".
                let reason = format!("{file} {e}");
                self.notices.push(format!("{reason}; {what} are read-only"));
                return Slot::blocked(Vec::new(), reason);
            }
            Read::Parsed(Parsed::Damaged(why)) => (Aside::Damaged, format!("{file} is damaged ({why})")),
            Read::Foreign(kind) => (Aside::Foreign, format!("{file} is {kind}")),
        };
        let guard = match (&self.blocked, self.dir.is_dir()) {
            (None, true) => DirLock::try_acquire(&self.dir).ok().flatten(),
            _ => None,
        };
        if guard.is_none() {
            if self.blocked.is_some() {
                let reason = format!("{found} and cannot be set aside");
                self.notices.push(format!("{reason}; {what} are read-only"));
                return Slot::blocked(Vec::new(), reason);
            }
            // Another copy is saving: the next save here sets the file aside.
            self.notices.push(format!("{found}; it is set aside at the next save"));
            return Slot::open(Vec::new());
        }
        // Read again under the lock: another copy may have replaced it a moment ago.
        match self.read::<T>() {
            Read::Parsed(Parsed::Damaged(_)) | Read::Foreign(_) => {}
            _ => {
                drop(guard);
                return self.load();
            }
        }
        match self.move_aside::<T>(aside) {
            Ok(name) => {
                self.notices.push(format!("{} kept as {name}; {what} start empty", aside.noun()));
                Slot::open(Vec::new())
            }
            Err(e) => {
                let reason = format!("{found} and was not set aside ({e})");
                self.notices.push(format!("{reason}; {what} are read-only"));
                Slot::blocked(Vec::new(), reason)
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
        let _guard = self.lock(what)?;
        self.remove_stray_temps(T::FILE);
        let path = self.dir.join(T::FILE);
        let aside = match self.read::<T>() {
            Read::Missing => Ok((Vec::new(), false)),
            Read::Parsed(Parsed::Current(items)) => Ok((items, false)),
            Read::Unreadable(e) => return Err(StoreError::Io { what, path, err: e.into_io() }),
            Read::Parsed(Parsed::Newer(items)) => {
                // Appeared since we started: from now on this file is someone else's.
                let reason = format!("{} was written by a newer essayreader", T::FILE);
                self.notices.push(format!("{reason}; {what} are read-only"));
                *slot = Slot::blocked(items, reason.clone());
                return Err(StoreError::ReadOnly { what, reason });
            }
            Read::Parsed(Parsed::Damaged(_)) => Err(Aside::Damaged),
            Read::Foreign(_) => Err(Aside::Foreign),
        };
        let (base, must_write) = match aside {
            Ok(found) => found,
            Err(aside) => {
                let name = self.move_aside::<T>(aside).map_err(|err| StoreError::Io {
                    what,
                    path: path.clone(),
                    err,
                })?;
                self.notices.push(format!("{} kept as {name}; this session's {what} saved", aside.noun()));
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

    /// Takes the folder lock (creating the folder), waiting up to `lock_wait`; `what` names
    /// what is being saved, for the error.
    pub fn lock(&mut self, what: &'static str) -> Result<DirLock, StoreError> {
        if let Err(err) = fs::create_dir_all(&self.dir) {
            // Say what the start-up notice says (say, "… is not a folder"), not "File exists".
            return Err(match probe(&self.dir) {
                Some(reason) => StoreError::ReadOnly { what, reason },
                None => StoreError::Io { what, path: self.dir.clone(), err },
            });
        }
        let mut waiting = |lock: &Path| {
            if let Some(say) = self.waiting {
                say(&format!(
                    "waiting for another essayreader to finish saving ({} is held)",
                    lock.display()
                ));
            }
        };
        DirLock::acquire(&self.dir, self.lock_wait, &mut waiting).map_err(|e| match e {
            LockError::Io(path, err) => StoreError::Io { what, path, err },
            LockError::TimedOut(path) => StoreError::Locked { what, path },
        })
    }

    fn read<T: Record>(&self) -> Read<T> {
        match read_file(&self.dir.join(T::FILE), Links::Refuse) {
            Ok(bytes) => Read::Parsed(format::parse(&bytes)),
            // No folder (or a file where the folder should be) simply means no entries yet.
            Err(ReadError::Missing) => Read::Missing,
            Err(ReadError::Link) => Read::Foreign("a symbolic link"),
            // A folder cannot be renamed aside as harmlessly (it may hold anything): left be.
            Err(ReadError::Special(kind)) if kind != "a folder" => Read::Foreign(kind),
            Err(e) => Read::Unreadable(e),
        }
    }

    /// Renames what is in a file's place to `<name>.<kind>-<UTC stamp>` (never over an
    /// existing file) and returns the new name. A link is renamed, not followed.
    fn move_aside<T: Record>(&self, aside: Aside) -> io::Result<String> {
        rename_aside(&self.dir, T::FILE, aside.suffix())
    }

    /// Deletes temp files a crashed writer left behind. Safe only under the lock: every live
    /// writer holds it while its temp file exists.
    pub(crate) fn remove_stray_temps(&self, file: &str) {
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

/// Renames `dir/file` to `<file>.<suffix>-<UTC stamp>` (never over an existing file) and
/// returns the new name. A link is renamed, not followed.
pub(crate) fn rename_aside(dir: &Path, file: &str, suffix: &str) -> io::Result<String> {
    let stamp = time::now_compact();
    let mut name = format!("{file}.{suffix}-{stamp}");
    let mut n = 1;
    while fs::symlink_metadata(dir.join(&name)).is_ok() {
        name = format!("{file}.{suffix}-{stamp}-{n}");
        n += 1;
    }
    fs::rename(dir.join(file), dir.join(&name))?;
    Ok(name)
}

impl Aside {
    /// Ends the renamed file's name.
    fn suffix(self) -> &'static str {
        match self {
            Aside::Damaged => "corrupt",
            Aside::Foreign => "aside",
        }
    }

    /// Starts the notice, so the new name comes early enough to survive a short status line.
    fn noun(self) -> &'static str {
        match self {
            Aside::Damaged => "Damaged:",
            Aside::Foreign => "Not a file:",
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
/// Asked at start, so a folder that cannot be written is said before the first save fails.
pub(crate) fn probe(dir: &Path) -> Option<String> {
    probe_with(dir, true)
}

/// Like [`probe`], for a folder that holds no lock (the sync folder): nothing is created.
pub(crate) fn probe_unlocked(dir: &Path) -> Option<String> {
    probe_with(dir, false)
}

fn probe_with(dir: &Path, locked: bool) -> Option<String> {
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => {
            let lock_path = dir.join(lock::LOCK_FILE);
            if locked && let Err(e) = lock::open(&lock_path) {
                return Some(format!("{}: {e}", lock_path.display()));
            }
            writable(dir).err().map(|e| format!("{}: {e}", dir.display()))
        }
        Ok(_) => Some(format!("{} is not a folder", dir.display())),
        Err(e) if missing(&e) => {
            // It will be created on first write, which works if the nearest existing
            // ancestor is a folder that can be written.
            let mut up = dir.parent();
            while let Some(p) = up.filter(|p| !p.as_os_str().is_empty()) {
                match fs::metadata(p) {
                    Ok(m) if m.is_dir() => return writable(p).err().map(|e| format!("{}: {e}", p.display())),
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

/// Whether new files can be made in `dir`, asked without writing anything: a read-only
/// mount, an immutable folder and missing permissions all answer no (root's bypass of
/// permissions included, as for a real write).
#[cfg(unix)]
fn writable(dir: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: a valid NUL-terminated path; access only reads it.
    match unsafe { libc::access(path.as_ptr(), libc::W_OK | libc::X_OK) } {
        0 => Ok(()),
        _ => Err(io::Error::last_os_error()),
    }
}

#[cfg(not(unix))]
fn writable(_dir: &Path) -> io::Result<()> {
    Ok(())
}

fn missing(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory)
}
