//! The library cache file: derived data, so unlike bookmarks a damaged or foreign cache is
//! simply ignored and rebuilt (nothing of the user's is in it). A link or special file in
//! its place is never read or written through: it is renamed aside before a save.

use std::path::Path;

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use super::read::{Links, ReadError, read_file};
use super::write_atomic;

/// The cache's name in the config folder.
pub const LIBRARY_CACHE_FILE: &str = "library-cache.json";
/// The cache format; any other version is ignored.
// 3: `.txt` essays are listed with the metadata of their conversion.
// 4: `.txt` that is not UTF-8 is read as Windows-1252, so titles and words cached with
// replacement characters are read again.
const CACHE_VERSION: u64 = 4;

#[derive(Deserialize)]
struct CacheFile<T> {
    version: u64,
    essays: Vec<T>,
}

#[derive(Serialize)]
struct CacheFileRef<'a, T> {
    version: u64,
    essays: &'a [T],
}

/// The cached entries (none if there is no usable cache), and a notice if a link or a
/// special file stood in the cache's place: it is renamed aside, kept and never read.
pub fn load_library_cache<T: DeserializeOwned>(config_dir: &Path) -> (Vec<T>, Option<String>) {
    let path = config_dir.join(LIBRARY_CACHE_FILE);
    let bytes = match read_file(&path, Links::Refuse) {
        Ok(bytes) => bytes,
        Err(ReadError::Link | ReadError::Special(_)) => {
            let notice = match set_aside(config_dir) {
                Ok(name) => format!("Not a file: kept as {name}"),
                Err(e) => format!("{LIBRARY_CACHE_FILE} is not a file and could not be set aside: {e}"),
            };
            return (Vec::new(), Some(notice));
        }
        Err(_) => return (Vec::new(), None),
    };
    match serde_json::from_slice::<CacheFile<T>>(&bytes) {
        Ok(file) if file.version == CACHE_VERSION => (file.essays, None),
        _ => (Vec::new(), None),
    }
}

/// Writes the cache atomically (creating the config folder if needed).
pub fn save_library_cache<T: Serialize>(config_dir: &Path, essays: &[T]) -> std::io::Result<()> {
    std::fs::create_dir_all(config_dir)?;
    let bytes = serde_json::to_vec(&CacheFileRef { version: CACHE_VERSION, essays })?;
    let path = config_dir.join(LIBRARY_CACHE_FILE);
    if std::fs::symlink_metadata(&path).is_ok_and(|meta| !meta.is_file()) {
        // Appeared while running: kept, not replaced, as at start.
        set_aside(config_dir)?;
    }
    write_atomic(&path, &bytes)
}

/// Renames what stands in the cache's place to `library-cache.json.aside-<UTC stamp>`
/// (someone put it there, and a link may point at something of theirs); returns the name.
fn set_aside(config_dir: &Path) -> std::io::Result<String> {
    let mut name = format!("{LIBRARY_CACHE_FILE}.aside-{}", super::time::now_compact());
    while std::fs::symlink_metadata(config_dir.join(&name)).is_ok() {
        name.push('~');
    }
    std::fs::rename(config_dir.join(LIBRARY_CACHE_FILE), config_dir.join(&name))?;
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_round_trips_and_junk_reads_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load_library_cache::<String>(dir.path()).0.is_empty());
        save_library_cache(dir.path(), &["a".to_string(), "b".to_string()]).unwrap();
        assert_eq!(load_library_cache::<String>(dir.path()), (vec!["a".to_string(), "b".to_string()], None));
        std::fs::write(dir.path().join(LIBRARY_CACHE_FILE), b"{not json").unwrap();
        assert_eq!(load_library_cache::<String>(dir.path()), (vec![], None));
        std::fs::write(dir.path().join(LIBRARY_CACHE_FILE), br#"{"version":99,"essays":["x"]}"#).unwrap();
        assert_eq!(load_library_cache::<String>(dir.path()), (vec![], None));
    }
}
