//! Walking the essay folders: which files are essays, safely through symlinks.

use super::meta::{bundled_info, file_info};
use super::read::{has_essay_extension, stamp};
use super::{EssayInfo, Library, Source, bundled, ids, parallel};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A file modified more recently than this may still be being written: a rescan leaves
/// it for later rather than parse half an essay.
pub const SETTLE: Duration = Duration::from_millis(300);

/// Folders nested deeper than this are not entered (a guard for odd file systems; loops
/// are already caught by remembering canonical paths).
const MAX_DEPTH: usize = 64;

/// Builds a library, with ids from `previous`'s registry. With `reuse`, files unchanged
/// since `previous` are not read again; with `hold_back` too, files changed in the last
/// moments are held back (at start-up there is no later rescan to wait for).
pub(crate) fn scan_holding_back(
    dirs: &[PathBuf],
    previous: &Library,
    reuse: bool,
    hold_back: bool,
) -> Library {
    let registry = &previous.known;
    let previous = reuse.then_some(previous);
    let mut warnings = Vec::new();
    let files = find_files(dirs, &mut warnings);
    let mut essays: Vec<EssayInfo> = bundled().iter().map(|(name, text)| bundled_info(name, text)).collect();
    let known: HashMap<&Path, &EssayInfo> = previous
        .map(|lib| {
            lib.essays.iter().filter(|e| e.source == Source::User).map(|e| (e.path.as_path(), e)).collect()
        })
        .unwrap_or_default();
    let mut settling = Vec::new();
    let now = SystemTime::now();
    let steps: Vec<Step> = files
        .iter()
        .map(|path| match previous {
            None => Step::Read(path),
            Some(_) if !hold_back => match known.get(path.as_path()).copied() {
                Some(old) if unchanged(path, old) => Step::Keep(old),
                _ => Step::Read(path),
            },
            Some(_) => plan(path, known.get(path.as_path()).copied(), now, &mut settling),
        })
        .collect();
    let to_read: Vec<&Path> = steps
        .iter()
        .filter_map(|step| match step {
            Step::Read(path) => Some(*path),
            _ => None,
        })
        .collect();
    let mut read = parallel::map(&to_read, |path| file_info(path, Source::User)).into_iter();
    for step in steps {
        match step {
            Step::Keep(old) => essays.push(old.clone()),
            Step::Read(_) => essays.extend(read.next().flatten()),
            Step::Skip => {}
        }
    }
    let known = ids::assign(&mut essays, registry);
    essays.sort_by_cached_key(|e| (e.source, e.title.to_lowercase(), e.path.clone()));
    Library { essays, warnings, settling, known }
}

/// What a rescan does with one file.
enum Step<'a> {
    /// Unchanged, or still being written: keep what the last scan read.
    Keep(&'a EssayInfo),
    /// New or changed: read it.
    Read(&'a Path),
    /// New and still being written: not yet.
    Skip,
}

/// Whether `path` still has the size and modification time it had when `old` was read.
fn unchanged(path: &Path, old: &EssayInfo) -> bool {
    old.stamp.is_some() && stamp(path) == old.stamp
}

/// Decides what a rescan does with `path`, given what the last scan knew of it.
fn plan<'a>(
    path: &'a Path,
    before: Option<&'a EssayInfo>,
    now: SystemTime,
    settling: &mut Vec<PathBuf>,
) -> Step<'a> {
    let now_stamp = stamp(path);
    if let Some(old) = before
        && old.stamp.is_some()
        && now_stamp == old.stamp
    {
        return Step::Keep(old);
    }
    let modified = now_stamp.map(|s| std::time::UNIX_EPOCH + Duration::from_nanos(s.modified_ns));
    if modified.is_some_and(|m| is_recent(m, now)) {
        // Keep the last complete reading, if there is one, until the writer is done.
        settling.push(path.to_path_buf());
        return before.map_or(Step::Skip, Step::Keep);
    }
    Step::Read(path)
}

/// Whether `modified` lies within [`SETTLE`] before `now`. A time in the future (clock
/// skew, a file from another machine) does not count, or it would settle forever.
fn is_recent(modified: SystemTime, now: SystemTime) -> bool {
    now.duration_since(modified).is_ok_and(|age| age < SETTLE)
}

/// Every essay file under `dirs`, in folder order and file-name order within a folder.
/// A file or folder reachable twice (overlapping folders, symlinks) is listed once.
pub(crate) fn find_files(dirs: &[PathBuf], warnings: &mut Vec<String>) -> Vec<PathBuf> {
    let mut walk = Walk::default();
    for dir in dirs {
        match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => walk.dir(dir, 0, warnings),
            Ok(_) => warnings.push(format!("{} is not a folder", dir.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                warnings.push(format!("folder not found: {}", dir.display()));
            }
            Err(e) => warnings.push(format!("cannot read folder {}: {e}", dir.display())),
        }
    }
    walk.files
}

#[derive(Default)]
struct Walk {
    seen_dirs: HashSet<PathBuf>,
    seen_files: HashSet<PathBuf>,
    files: Vec<PathBuf>,
}

impl Walk {
    fn dir(&mut self, dir: &Path, depth: usize, warnings: &mut Vec<String>) {
        // Canonical paths catch symlink loops and folders reached twice.
        let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        if !self.seen_dirs.insert(canonical) {
            return;
        }
        if depth > MAX_DEPTH {
            warnings.push(format!("too deeply nested, not read: {}", dir.display()));
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                warnings.push(format!("cannot read folder {}: {e}", dir.display()));
                return;
            }
        };
        let mut entries: Vec<(std::ffi::OsString, PathBuf)> =
            entries.flatten().map(|e| (e.file_name(), e.path())).collect();
        entries.sort();
        for (name, path) in entries {
            if is_ignored(&name.to_string_lossy()) {
                continue;
            }
            // Follows symlinks; a vanished entry or a dangling link is simply not there.
            let Ok(meta) = std::fs::metadata(&path) else {
                if has_essay_extension(&path) && path.is_symlink() {
                    warnings.push(format!("broken link: {}", path.display()));
                }
                continue;
            };
            if meta.is_dir() {
                self.dir(&path, depth + 1, warnings);
            } else if meta.is_file() && has_essay_extension(&path) {
                // Only regular files: a FIFO named x.md would block the reader forever.
                let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
                if self.seen_files.insert(canonical) {
                    self.files.push(path);
                }
            }
        }
    }
}

/// Hidden files and folders, and the swap, backup and temporary files editors and
/// downloaders leave next to the file being written.
pub(crate) fn is_ignored(name: &str) -> bool {
    const TEMP_SUFFIXES: &[&str] = &[".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload"];
    let lower = name.to_lowercase();
    name.starts_with('.')                                  // hidden, and emacs .#lock files
        || name.ends_with('~')                             // backups
        || (name.starts_with('#') && name.ends_with('#'))  // emacs autosave
        || name.starts_with("~$")                          // office lock files
        || name == "4913"                                  // vim's write-permission probe
        || TEMP_SUFFIXES.iter().any(|s| lower.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [
            ".hidden.md",
            ".essay.md.swp",
            "essay.md~",
            ".#essay.md",
            "#essay.md#",
            "essay.md.tmp",
            "essay.md.part",
            "4913",
            "~$essay.md",
            "essay.md.SWX",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["essay.md", "notes.txt", "#1 essay.md", "a~b.md"] {
            assert!(!is_ignored(name), "{name}");
        }
    }

    #[test]
    fn future_times_are_not_recent() {
        let now = SystemTime::now();
        assert!(!is_recent(now + Duration::from_secs(60), now));
        assert!(is_recent(now - Duration::from_millis(10), now));
        assert!(!is_recent(now - Duration::from_secs(1), now));
    }
}
