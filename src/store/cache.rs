//! The library cache file: derived data, so unlike bookmarks a damaged or foreign cache is
//! simply ignored and rebuilt (nothing of the user's is in it). A link or special file in
//! its place is never read or written through: it is renamed aside before a save.

use std::path::Path;

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use super::read::{Links, read_file};
use super::write_atomic;

/// The cache's name in the config folder.
pub const LIBRARY_CACHE_FILE: &str = "library-cache.json";
/// The cache format; any other version is ignored.
const CACHE_VERSION: u64 = 2;

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

/// The cached entries, or none if there is no usable cache.
pub fn load_library_cache<T: DeserializeOwned>(config_dir: &Path) -> Vec<T> {
    let Ok(bytes) = read_file(&config_dir.join(LIBRARY_CACHE_FILE), Links::Refuse) else {
        return Vec::new();
    };
    match serde_json::from_slice::<CacheFile<T>>(&bytes) {
        Ok(file) if file.version == CACHE_VERSION => file.essays,
        _ => Vec::new(),
    }
}

/// Writes the cache atomically (creating the config folder if needed).
pub fn save_library_cache<T: Serialize>(config_dir: &Path, essays: &[T]) -> std::io::Result<()> {
    std::fs::create_dir_all(config_dir)?;
    let bytes = serde_json::to_vec(&CacheFileRef { version: CACHE_VERSION, essays })?;
    let path = config_dir.join(LIBRARY_CACHE_FILE);
    if let Ok(meta) = std::fs::symlink_metadata(&path)
        && !meta.is_file()
    {
        // Kept, not replaced: someone put it there, and it may point at something of theirs.
        let aside = config_dir.join(format!("{LIBRARY_CACHE_FILE}.aside-{}", super::time::now_compact()));
        std::fs::rename(&path, aside)?;
    }
    write_atomic(&path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_round_trips_and_junk_reads_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load_library_cache::<String>(dir.path()).is_empty());
        save_library_cache(dir.path(), &["a".to_string(), "b".to_string()]).unwrap();
        assert_eq!(load_library_cache::<String>(dir.path()), ["a", "b"]);
        std::fs::write(dir.path().join(LIBRARY_CACHE_FILE), b"{not json").unwrap();
        assert!(load_library_cache::<String>(dir.path()).is_empty());
        std::fs::write(dir.path().join(LIBRARY_CACHE_FILE), br#"{"version":99,"essays":["x"]}"#).unwrap();
        assert!(load_library_cache::<String>(dir.path()).is_empty());
    }
}
