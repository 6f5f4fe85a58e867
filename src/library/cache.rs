//! What the library remembers between runs: each user essay's metadata with the file's
//! size and modification time, so a library of a thousand essays opens without reading
//! them all again. The store reads and writes it; a rescan checks every file against it.

use std::path::PathBuf;
use std::time::{Duration, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{EssayInfo, Library, Location, Source};
use crate::core::identity::{KnownEssay, Sketch};

/// One user essay as remembered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedEssay {
    /// The file.
    pub path: PathBuf,
    /// Its size when read.
    pub size: u64,
    /// Its modification time when read, in nanoseconds since the Unix epoch.
    pub modified_ns: u64,
    /// The front matter's `id`, slugged.
    #[serde(default)]
    pub declared_id: Option<String>,
    /// The content's fingerprint (see [`crate::core::identity`]).
    #[serde(with = "crate::core::identity::hex_u64")]
    pub fingerprint: u64,
    /// The content's sketch.
    pub sketch: Sketch,
    /// Title.
    pub title: String,
    /// Author.
    pub author: Option<String>,
    /// Date.
    pub date: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Words.
    pub words: usize,
    /// What was wrong with it, if anything.
    pub problem: Option<String>,
}

impl Library {
    /// The user essays as a cache for the next start.
    pub fn to_cache(&self) -> Vec<CachedEssay> {
        self.essays
            .iter()
            .filter(|e| e.source == Source::User)
            .filter_map(|e| {
                let modified = e.modified?.duration_since(UNIX_EPOCH).ok()?;
                Some(CachedEssay {
                    path: e.path.clone(),
                    size: e.size,
                    modified_ns: u64::try_from(modified.as_nanos()).ok()?,
                    declared_id: e.declared_id.clone(),
                    fingerprint: e.fingerprint,
                    sketch: e.sketch.clone(),
                    title: e.title.clone(),
                    author: e.author.clone(),
                    date: e.date.clone(),
                    tags: e.tags.clone(),
                    words: e.words,
                    problem: e.problem.clone(),
                })
            })
            .collect()
    }

    /// A library as remembered, with the registry `known`: give it to [`Library::refresh`],
    /// which keeps the entries whose files are unchanged and reads the rest.
    pub fn from_cache(cached: Vec<CachedEssay>, known: Vec<KnownEssay>) -> Library {
        let essays = cached
            .into_iter()
            .map(|c| EssayInfo {
                id: String::new(),
                declared_id: c.declared_id,
                fingerprint: c.fingerprint,
                sketch: c.sketch,
                title: c.title,
                author: c.author,
                date: c.date,
                tags: c.tags,
                words: c.words,
                source: Source::User,
                location: Location::File(c.path.clone()),
                path: c.path,
                problem: c.problem,
                modified: Some(UNIX_EPOCH + Duration::from_nanos(c.modified_ns)),
                size: c.size,
            })
            .collect();
        Library { essays, warnings: Vec::new(), settling: Vec::new(), known }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::SystemTime;

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
