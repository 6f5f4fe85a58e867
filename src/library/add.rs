//! `essayreader add`: copying essays into the essays folder, never half-written.

use super::LibraryError;
use super::read::{MAX_BYTES, has_essay_extension, looks_binary, mib};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Copies each file into `dest` (created if needed) and returns, per file, where it went
/// or why it was refused: an existing essay is not replaced unless `force`; folders,
/// binary files and files without an essay extension are refused. Each copy is written to
/// a hidden temporary file and renamed into place, so a watcher never sees half an essay.
pub fn add_files(files: &[PathBuf], dest: &Path, force: bool) -> Vec<Result<PathBuf, LibraryError>> {
    files.iter().map(|file| add_one(file, dest, force)).collect()
}

fn add_one(file: &Path, dest: &Path, force: bool) -> Result<PathBuf, LibraryError> {
    let meta = std::fs::metadata(file).map_err(|e| LibraryError::from_read(file.into(), e))?;
    if meta.is_dir() {
        return Err(LibraryError::IsFolder(file.into()));
    }
    if !meta.is_file() {
        return Err(LibraryError::NotAFile(file.into()));
    }
    let name = match file.file_name() {
        Some(name) if has_essay_extension(file) => name,
        _ => return Err(LibraryError::NotAnEssay(file.into())),
    };
    if meta.len() > MAX_BYTES {
        return Err(LibraryError::TooLarge {
            path: file.into(),
            mib: mib(meta.len()),
            limit: mib(MAX_BYTES),
        });
    }
    if looks_binary(file)? {
        return Err(LibraryError::Binary(file.into()));
    }
    let target = dest.join(name);
    if !force && std::fs::symlink_metadata(&target).is_ok() {
        return Err(LibraryError::Exists(target));
    }
    std::fs::create_dir_all(dest).map_err(|source| LibraryError::Unwritable { path: dest.into(), source })?;
    let bytes = std::fs::read(file).map_err(|e| LibraryError::from_read(file.into(), e))?;
    // Hidden and ending in .part: the library scan ignores it even if we crash mid-way.
    let temp = dest.join(format!(".{}.{}.part", name.to_string_lossy(), std::process::id()));
    let unwritable = |source| LibraryError::Unwritable { path: target.clone(), source };
    let written = write_synced(&temp, &bytes).and_then(|()| std::fs::rename(&temp, &target));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(unwritable(e));
    }
    Ok(target)
}

/// Writes and flushes to disk, so the rename never publishes an empty file after a crash.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
