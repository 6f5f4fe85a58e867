//! Atomic file replacement: a crash at any moment leaves the old file or the new one, never
//! a mix.
//!
//! The new bytes go to a temporary file in the same folder (so the rename cannot cross file
//! systems), are flushed to disk, renamed over the target, and then the folder itself is
//! flushed so the rename survives a power cut.
//!
//! Every file essayreader writes goes through [`write_atomic`], and it never writes through
//! a symbolic link: the temp file is created exclusively (a link in its place fails) and
//! the rename replaces a link at the target itself, leaving whatever it pointed to alone.
//! A link planted as `library-cache.json` must not let the reader overwrite `/etc/passwd`.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Marks temporary files: `.<target name>.tmp-<pid>-<n>`.
const TMP_MARK: &str = ".tmp-";

/// Replaces `target` with `bytes` atomically; on error the old file (if any) is untouched.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = parent(target);
    let tmp = temp_path(target)?;
    let result = write_then_rename(&tmp, target, bytes);
    if result.is_err() {
        // Best effort: a leftover temp file is harmless (readers ignore it) but untidy.
        let _ = fs::remove_file(&tmp);
        return result;
    }
    sync_dir(dir)
}

fn write_then_rename(tmp: &Path, target: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(tmp)?;
    // Keep the permissions a person may have given the old file (only a real file's: a
    // link's target is not ours to copy from).
    if let Ok(meta) = fs::symlink_metadata(target)
        && meta.is_file()
    {
        file.set_permissions(meta.permissions())?;
    }
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(tmp, target)
}

/// The folder holding `path` ("." for a bare file name).
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A temp path beside `target`, unique within this process and across processes.
fn temp_path(target: &Path) -> io::Result<PathBuf> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "target has no file name"))?;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut tmp = std::ffi::OsString::from(".");
    tmp.push(name);
    tmp.push(format!("{TMP_MARK}{}-{n}", std::process::id()));
    Ok(parent(target).join(tmp))
}

/// Whether `file_name` is a temp file that [`write_atomic`] made for the target `target_name`.
pub fn is_temp_for(file_name: &str, target_name: &str) -> bool {
    file_name
        .strip_prefix('.')
        .and_then(|rest| rest.strip_prefix(target_name))
        .is_some_and(|rest| rest.starts_with(TMP_MARK))
}

/// Flushes a folder's entries (the rename) to disk. Only Unix can open a folder for this.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("f.json");
        write_atomic(&target, b"old").expect("first write");
        write_atomic(&target, b"new").expect("second write");
        assert_eq!(fs::read(&target).expect("read"), b"new");
        let names: Vec<_> =
            fs::read_dir(dir.path()).expect("list").map(|e| e.expect("entry").file_name()).collect();
        assert_eq!(names, ["f.json"]);
    }

    #[test]
    fn failed_rename_leaves_the_target_and_no_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A non-empty folder where the file should go: the rename fails after the write.
        let target = dir.path().join("f.json");
        fs::create_dir_all(target.join("keep")).expect("dir");
        assert!(write_atomic(&target, b"new").is_err());
        assert!(target.join("keep").is_dir());
        let stray = fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok())
            .any(|e| is_temp_for(&e.file_name().to_string_lossy(), "f.json"));
        assert!(!stray, "the temp file was cleaned up");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_replaced_and_its_target_never_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let outside = dir.path().join("outside");
        fs::write(&outside, b"precious").expect("seed");
        let link = dir.path().join("library-cache.json");
        std::os::unix::fs::symlink(&outside, &link).expect("symlink");
        write_atomic(&link, b"new").expect("write");
        assert!(fs::symlink_metadata(&link).expect("file").is_file(), "the link itself was replaced");
        assert_eq!(fs::read(&link).expect("read"), b"new");
        assert_eq!(fs::read(&outside).expect("read"), b"precious");
    }

    #[test]
    fn temp_names_are_recognised() {
        let tmp = temp_path(Path::new("/x/bookmarks.json")).expect("path");
        let name = tmp.file_name().expect("name").to_string_lossy().into_owned();
        assert!(is_temp_for(&name, "bookmarks.json"));
        assert!(!is_temp_for(&name, "positions.json"));
        assert!(!is_temp_for("bookmarks.json", "bookmarks.json"));
    }
}
