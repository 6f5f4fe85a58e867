//! Finding essays: bundled ones, the user's folders, metadata, stable ids, watching.
//!
//! Ids are what bookmarks and reading positions are keyed by, so they must survive the
//! things people do to files. An essay's id is its front matter `id` (slugged), else the
//! slug of its title. It does not depend on the path: moving or renaming a file keeps its
//! id. Editing the title changes it, unless the front matter sets `id`. When two essays
//! end up with the same id, the first one (bundled first, then the folders in order, each
//! walked in file-name order) keeps it and later ones get `-2`, `-3`, ….
//!
//! Where things happen: `paths` (which folders), `bundled` (essays in the binary),
//! `scan` (walking folders), `read` (reading one file safely), `meta` (title, words,
//! id from text), `ids` (unique ids), `load` (the whole text), `resolve` (the ESSAY
//! argument), `add` (copying essays in), `watch` and `poll` (noticing changes),
//! `filter` (fuzzy narrowing), `parallel` (reading on all cores).

mod add;
mod bundled;
mod cache;
mod error;
mod filter;
mod ids;
mod load;
mod meta;
mod parallel;
mod paths;
mod poll;
mod read;
mod resolve;
mod scan;
mod watch;

pub use add::add_files;
pub use bundled::bundled;
pub use cache::CachedEssay;
pub use error::LibraryError;
pub use filter::{filter, rank};
pub use load::{load_path, load_text};
pub use meta::slug;
pub use paths::{CONFIG_DIR_VAR, ESSAYS_DIR_VAR, Paths};
pub use read::{ESSAY_EXTENSIONS, has_essay_extension};
pub use resolve::{ResolveError, Resolved, resolve};
pub use scan::SETTLE;
pub use watch::{MAX_WAIT, POLL_INTERVAL, QUIET, WatchEvent, Watcher};

use serde::{Serialize, Serializer};
use std::path::PathBuf;
use std::time::SystemTime;

/// Reading speed used for every reading-time estimate (the core's).
pub use crate::core::words::WORDS_PER_MINUTE;

/// Where an essay comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Compiled into the binary from the repository's `essays/` folder.
    Bundled,
    /// A file in one of the user's folders, or named on the command line.
    User,
}

/// Where an essay's text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// In the binary.
    Bundled(&'static str),
    /// In a file.
    File(PathBuf),
}

/// One essay as the library lists it: enough to show, sort and open it.
#[derive(Debug, Clone, PartialEq)]
pub struct EssayInfo {
    /// Stable id (see the module docs); unique within a [`Library`].
    pub id: String,
    /// The id before any `-2`, `-3` suffix was added to make it unique.
    pub base_id: String,
    /// Title: front matter, else the first level-1 heading, else the file name.
    pub title: String,
    /// Author from the front matter.
    pub author: Option<String>,
    /// Date from the front matter, as written.
    pub date: Option<String>,
    /// Tags from the front matter.
    pub tags: Vec<String>,
    /// Words in the body (front matter excluded).
    pub words: usize,
    /// Bundled or the user's.
    pub source: Source,
    /// The file's path; `essays/<file name>` for bundled essays.
    pub path: PathBuf,
    /// Where to load the text from.
    pub location: Location,
    /// Why the essay may not read well ("binary file", "empty file", …), if it may not.
    pub problem: Option<String>,
    /// The file's modification time (none for bundled essays).
    pub modified: Option<SystemTime>,
    /// Size in bytes.
    pub size: u64,
}

impl EssayInfo {
    /// Reading time at [`WORDS_PER_MINUTE`], rounded up; at least 1 for a non-empty essay.
    pub fn reading_minutes(&self) -> usize {
        crate::core::words::minutes(self.words)
    }

    /// The fields `essayreader list --json` prints, and nothing else.
    pub fn list_entry(&self) -> ListEntry<'_> {
        ListEntry {
            id: &self.id,
            title: &self.title,
            author: self.author.as_deref(),
            words: self.words,
            source: self.source,
            path: self.path.to_string_lossy().into_owned(),
        }
    }
}

/// An essay as `list --json` shows it: `id, title, author, words, source, path`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListEntry<'a> {
    /// Stable id.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Author, `null` when unknown.
    pub author: Option<&'a str>,
    /// Word count.
    pub words: usize,
    /// `"bundled"` or `"user"`.
    pub source: Source,
    /// Path as text (lossy for paths that are not UTF-8, which JSON cannot hold).
    pub path: String,
}

/// Serializes as the [`ListEntry`], so `serde_json::to_string(&library.essays)` is the
/// `list --json` contract and fields added to `EssayInfo` later do not leak into it.
impl Serialize for EssayInfo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.list_entry().serialize(serializer)
    }
}

/// An essay's full text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EssayText {
    /// The text (with U+FFFD where the file was not valid UTF-8).
    pub text: String,
    /// Whether invalid UTF-8 was replaced.
    pub lossy: bool,
}

/// The essays found, sorted for display: bundled first, then by title.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Library {
    /// The essays, sorted; ids are unique.
    pub essays: Vec<EssayInfo>,
    /// Problems that did not stop the scan (missing folders, unreadable folders, …).
    pub warnings: Vec<String>,
    /// Files changed so recently that they may still be being written; they were left
    /// out (or kept as they were) and deserve another [`Library::rescan`] after [`SETTLE`].
    pub settling: Vec<PathBuf>,
}

impl Library {
    /// Scans the bundled essays, then each folder recursively, reading every essay.
    pub fn scan(dirs: &[PathBuf]) -> Library {
        scan::scan(dirs, None)
    }

    /// Scans again after a change: files whose size and modification time are unchanged
    /// keep their metadata without being read, and files modified within [`SETTLE`] are
    /// not read yet (see [`Library::settling`]).
    pub fn rescan(&self, dirs: &[PathBuf]) -> Library {
        scan::scan(dirs, Some(self))
    }

    /// Like [`Library::rescan`], but files changed moments ago are read now rather than
    /// held back: for starting from a remembered library, where no rescan follows.
    pub fn refresh(&self, dirs: &[PathBuf]) -> Library {
        scan::scan_holding_back(dirs, Some(self), false)
    }

    /// The essay with this exact id.
    pub fn get(&self, id: &str) -> Option<&EssayInfo> {
        self.essays.iter().find(|e| e.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(words: usize) -> EssayInfo {
        EssayInfo {
            id: "x".into(),
            base_id: "x".into(),
            title: "X".into(),
            author: None,
            date: None,
            tags: vec![],
            words,
            source: Source::User,
            path: "x.md".into(),
            location: Location::File("x.md".into()),
            problem: None,
            modified: None,
            size: 0,
        }
    }

    #[test]
    fn reading_minutes_round_up() {
        assert_eq!(info(0).reading_minutes(), 0);
        assert_eq!(info(1).reading_minutes(), 1);
        assert_eq!(info(238).reading_minutes(), 1);
        assert_eq!(info(239).reading_minutes(), 2);
    }

    #[test]
    fn json_has_exactly_the_list_fields() {
        let json = serde_json::to_value(info(5)).expect("json");
        let keys: Vec<&str> = json.as_object().expect("object").keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 6);
        for k in ["id", "title", "author", "words", "source", "path"] {
            assert!(keys.contains(&k), "{k} missing");
        }
        assert_eq!(json["source"], "user");
        assert_eq!(json["author"], serde_json::Value::Null);
    }
}
