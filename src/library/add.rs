//! `essayreader add`: copying essays into the essays folder, never half-written.

use super::LibraryError;
use super::read::{MAX_BYTES, has_essay_extension, looks_binary, mib};
use crate::store::{Links, ReadError, read_file, write_atomic};
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
    std::fs::create_dir_all(dest).map_err(|err| LibraryError::Unwritable { path: dest.into(), err })?;
    // Read as state files are: a file swapped for a FIFO since the check above cannot block.
    let bytes = read_file(file, Links::Follow).map_err(|e| match e {
        ReadError::Special(_) => LibraryError::NotAFile(file.into()),
        other => LibraryError::from_read(file.into(), other.into_io()),
    })?;
    // The store's one atomic write: a hidden temp file renamed into place, so a watcher
    // never sees half an essay, and a link at the target is replaced, never written through.
    write_atomic(&target, &bytes).map_err(|err| LibraryError::Unwritable { path: target.clone(), err })?;
    Ok(target)
}
