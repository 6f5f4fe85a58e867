//! Finding essays: bundled ones, the user's folders, metadata, stable ids, watching.
//!
//! Ids are what bookmarks and reading positions are keyed by, so they must survive the
//! things people do to files. An essay's id is its front matter `id` (slugged), else one
//! given from its content the first time it is seen and then remembered, with what the
//! essay is known by, in a registry the store keeps (see [`crate::core::identity`]): the
//! id stays when the title or the text is edited or the file is moved or renamed, and the
//! same file on another machine starts with the same id. Two essays with the same content
//! get `-2`, `-3`, … in scan order (bundled first, then the folders in order, each walked
//! in file-name order).
//!
//! Where things happen: `paths` (which folders), `bundled` (essays in the binary),
//! `scan` (walking folders), `read` (reading one file safely, and its size-and-time
//! stamp), `meta` (title, words, fingerprint from text), `ids` (giving ids, and the ids
//! of earlier versions), `load` (the whole text, converted by `formats` from plain text), `resolve` (the ESSAY argument), `add`
//! (copying essays in), `import` (plain text made into a Markdown essay), `watch` and `poll` (noticing changes), `filter` (fuzzy narrowing),
//! `parallel` (reading on all cores), `cache` (metadata remembered between runs).

mod add;
mod bundled;
mod cache;
mod error;
mod filter;
pub mod formats;
mod ids;
mod import;
mod load;
mod mapped;
mod meta;
pub(crate) mod parallel;
mod paths;
mod poll;
mod read;
mod resolve;
mod scan;
mod watch;

pub use add::add_files;
pub use bundled::bundled;
pub use error::LibraryError;
pub use filter::{filter, rank};
pub use import::{Imported, import_file, import_text, save_import};
pub use load::{load_path, load_raw, load_text};
pub use mapped::hold_mapped_texts;
pub use meta::slug;
pub(crate) use meta::title_from_start;
pub use paths::{CONFIG_DIR_VAR, ESSAYS_DIR_VAR, Paths};
pub use read::{ESSAY_EXTENSIONS, has_essay_extension};
pub use resolve::{ResolveError, Resolved, resolve, resolve_remembering};
pub use scan::SETTLE;
pub use watch::{MAX_WAIT, POLL_INTERVAL, QUIET, WatchEvent, Watcher};

pub use crate::core::essay::{EssayInfo, FileStamp, ListEntry, Source};
pub use read::{read_part, stamp};

use crate::core::identity::KnownEssay;
use std::path::PathBuf;

/// Reading speed used for every reading-time estimate (the core's).
pub use crate::core::words::WORDS_PER_MINUTE;

/// How many warnings of one kind are said before "and N more".
const WARNINGS_SHOWN: usize = 5;

/// The first few `warnings` and a line saying how many more there are, so a config that
/// names thousands of missing folders gives a few lines, not thousands.
pub fn few_warnings(warnings: &[String]) -> Vec<String> {
    let mut out: Vec<String> = warnings.iter().take(WARNINGS_SHOWN).cloned().collect();
    let more = warnings.len().saturating_sub(WARNINGS_SHOWN);
    if more > 0 {
        out.push(format!("and {more} more problems with the essay folders"));
    }
    out
}

/// An essay's full text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EssayText {
    /// The text (with U+FFFD where the file was not valid UTF-8).
    pub text: crate::core::document::SharedSource,
    /// Whether invalid UTF-8 was replaced.
    pub lossy: bool,
    /// Whether a text or page that declares no character set and is not UTF-8 was read as
    /// Windows-1252 (every letter kept; the reader says so).
    pub windows_1252: bool,
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
    /// Every essay the registry knows, present or not (see [`crate::core::identity`]): the
    /// store saves it, and entries no present essay has are the detached ones.
    pub known: Vec<KnownEssay>,
}

impl Library {
    /// Scans the bundled essays, then each folder recursively, reading every essay; ids
    /// as if no essay had been seen before.
    pub fn scan(dirs: &[PathBuf]) -> Library {
        Library::scan_known(dirs, Vec::new())
    }

    /// [`Library::scan`], giving essays the ids the registry `known` remembers for them.
    pub fn scan_known(dirs: &[PathBuf], known: Vec<KnownEssay>) -> Library {
        let start = Library { known, ..Library::default() };
        scan::scan_holding_back(dirs, &start, false, false)
    }

    /// Scans again after a change: files whose size and modification time are unchanged
    /// keep their metadata without being read, and files modified within [`SETTLE`] are
    /// not read yet (see [`Library::settling`]).
    pub fn rescan(&self, dirs: &[PathBuf]) -> Library {
        scan::scan_holding_back(dirs, self, true, true)
    }

    /// Like [`Library::rescan`], but files changed moments ago are read now rather than
    /// held back: for starting from a remembered library, where no rescan follows.
    pub fn refresh(&self, dirs: &[PathBuf]) -> Library {
        scan::scan_holding_back(dirs, self, true, false)
    }

    /// The essay with this exact id.
    pub fn get(&self, id: &str) -> Option<&EssayInfo> {
        self.essays.iter().find(|e| e.id == id)
    }

    /// What the registry remembers of the essay with this id, present or detached.
    pub fn known(&self, id: &str) -> Option<&KnownEssay> {
        self.known.iter().find(|k| k.id == id)
    }

    /// An essay's title: its current one, else the last one it was seen with.
    pub fn title_of(&self, id: &str) -> Option<&str> {
        self.get(id).map(|e| e.title.as_str()).or_else(|| self.known(id).map(|k| k.title.as_str()))
    }
}
