//! What the library remembers between runs: each user essay's metadata with the file's
//! size and modification time (and what it is known by, see [`crate::core::identity`]),
//! so a library of a thousand essays opens without reading them all again. The store
//! reads and writes it; a rescan checks every file against it.

use super::{EssayInfo, Library, Source};
use crate::core::identity::KnownEssay;

impl Library {
    /// The user essays as a cache for the next start: their metadata as read, with the
    /// file's size and time it was read at.
    pub fn to_cache(&self) -> Vec<EssayInfo> {
        let cached = self.essays.iter().filter(|e| e.source == Source::User && e.stamp.is_some());
        cached.cloned().collect()
    }

    /// A library as remembered, with the registry `known`: give it to [`Library::refresh`],
    /// which keeps the entries whose files are unchanged and reads the rest.
    pub fn from_cache(cached: Vec<EssayInfo>, known: Vec<KnownEssay>) -> Library {
        // Only what a scan of files can give, whatever a hand-edited cache says.
        let essays = cached.into_iter().filter(|e| e.source == Source::User && e.stamp.is_some()).collect();
        Library { essays, warnings: Vec::new(), settling: Vec::new(), known }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    #[test]
    fn a_cached_library_rescans_to_the_same_essays_without_reading_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "# Alpha\n\none two three\n").unwrap();
        std::fs::write(dir.path().join("b.md"), "# Beta\n\nfour five\n").unwrap();
        let dirs = vec![dir.path().to_path_buf()];
        // Old enough not to count as still being written.
        let past = SystemTime::now() - Duration::from_secs(10);
        for f in ["a.md", "b.md"] {
            std::fs::File::options()
                .write(true)
                .open(dir.path().join(f))
                .unwrap()
                .set_modified(past)
                .unwrap();
        }
        let fresh = Library::scan(&dirs);
        let mut cache = fresh.to_cache();
        assert_eq!(cache.len(), 2);
        // A remembered title that differs from the file proves the file was not read again.
        cache.iter_mut().find(|c| c.title == "Alpha").unwrap().title = "Alpha (remembered)".into();
        let again = Library::from_cache(cache, fresh.known.clone()).rescan(&dirs);
        let titles: Vec<&str> =
            again.essays.iter().filter(|e| e.source == Source::User).map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["Alpha (remembered)", "Beta"]);
        let words = |lib: &Library| lib.essays.iter().find(|e| e.title == "Beta").unwrap().words;
        assert_eq!(words(&again), words(&fresh));
    }
}
