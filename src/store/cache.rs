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
    /// Essays opened by path from outside the library (absent in older caches).
    #[serde(default = "Vec::new")]
    opened: Vec<T>,
}

#[derive(Serialize)]
struct CacheFileRef<'a, T> {
    version: u64,
    essays: &'a [T],
    opened: &'a [T],
}

/// What the cache remembers.
#[derive(Debug, PartialEq)]
pub struct LibraryCache<T> {
    /// The library's essays.
    pub essays: Vec<T>,
    /// Essays opened by path from outside the library's folders, most recent first.
    pub opened: Vec<T>,
}

impl<T> Default for LibraryCache<T> {
    fn default() -> Self {
        LibraryCache { essays: Vec::new(), opened: Vec::new() }
    }
}

/// The cached entries (none if there is no usable cache), and a notice if a link or a
/// special file stood in the cache's place: it is renamed aside, kept and never read.
pub fn load_library_cache<T: DeserializeOwned>(config_dir: &Path) -> (LibraryCache<T>, Option<String>) {
    let path = config_dir.join(LIBRARY_CACHE_FILE);
    let bytes = match read_file(&path, Links::Refuse) {
        Ok(bytes) => bytes,
        Err(ReadError::Link | ReadError::Special(_)) => {
            let notice = match set_aside(config_dir) {
                Ok(name) => format!("Not a file: kept as {name}"),
                Err(e) => format!("{LIBRARY_CACHE_FILE} is not a file and could not be set aside: {e}"),
            };
            return (LibraryCache::default(), Some(notice));
        }
        Err(_) => return (LibraryCache::default(), None),
    };
    match serde_json::from_slice::<CacheFile<T>>(&bytes) {
        Ok(file) if file.version == CACHE_VERSION => {
            (LibraryCache { essays: file.essays, opened: file.opened }, None)
        }
        _ => (LibraryCache::default(), None),
    }
}

/// Writes the cache atomically (creating the config folder if needed): the library's
/// `essays` and those `opened` by path.
pub fn save_library_cache<T: Serialize>(
    config_dir: &Path,
    essays: &[T],
    opened: &[T],
) -> std::io::Result<()> {
    std::fs::create_dir_all(config_dir)?;
    let bytes = serde_json::to_vec(&CacheFileRef { version: CACHE_VERSION, essays, opened })?;
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
        let strings = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let empty = || (LibraryCache::<String>::default(), None);
        assert_eq!(load_library_cache::<String>(dir.path()), empty());
        save_library_cache(dir.path(), &strings(&["a", "b"]), &strings(&["c"])).unwrap();
        let both = LibraryCache { essays: strings(&["a", "b"]), opened: strings(&["c"]) };
        assert_eq!(load_library_cache::<String>(dir.path()), (both, None));
        // A cache written before essays opened by path were remembered still reads.
        let older = format!(r#"{{"version":{CACHE_VERSION},"essays":["x"]}}"#);
        std::fs::write(dir.path().join(LIBRARY_CACHE_FILE), older).unwrap();
        let only = LibraryCache { essays: strings(&["x"]), opened: Vec::new() };
        assert_eq!(load_library_cache::<String>(dir.path()), (only, None));
        std::fs::write(dir.path().join(LIBRARY_CACHE_FILE), b"{not json").unwrap();
        assert_eq!(load_library_cache::<String>(dir.path()), empty());
        std::fs::write(dir.path().join(LIBRARY_CACHE_FILE), br#"{"version":99,"essays":["x"]}"#).unwrap();
        assert_eq!(load_library_cache::<String>(dir.path()), empty());
    }
}
