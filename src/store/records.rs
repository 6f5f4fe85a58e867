//! What is stored: bookmarks and reading positions, and how each file's entries are tidied.

use crate::core::position::TextAnchor;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use super::time;

pub use crate::core::bookmark::Bookmark;
pub use crate::core::highlight::Highlight;

/// The fields `essayreader bookmarks --json` prints, in that order: the five of the
/// contract, then the bookmark's id, its essay's title and path, and its device.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BookmarkView<'a> {
    /// The essay's stable id.
    pub essay: &'a str,
    /// The reader's label.
    pub label: &'a str,
    /// Title of the section.
    pub section: &'a str,
    /// A short excerpt of the passage.
    pub snippet: &'a str,
    /// When it was made, RFC 3339 UTC.
    pub created: &'a str,
    /// The bookmark's own id.
    pub id: &'a str,
    /// The essay's title (the last one known, if it is not in the library now).
    pub title: &'a str,
    /// The essay's file (the last one known), `null` if none ever was.
    pub path: Option<String>,
    /// The device it was made on (the host name, or `device` in config.toml there).
    pub device: Option<&'a str>,
}

impl<'a> BookmarkView<'a> {
    /// The view, naming the device the bookmark was made on.
    pub fn made_on(self, device: Option<&'a str>) -> Self {
        BookmarkView { device, ..self }
    }
}

impl Bookmark {
    /// A new bookmark with a fresh unique id, created now.
    pub fn new(essay: &str, label: &str, section: &str, snippet: &str, anchor: TextAnchor) -> Self {
        Bookmark {
            id: new_id(),
            essay: essay.to_owned(),
            label: label.to_owned(),
            section: section.to_owned(),
            snippet: snippet.to_owned(),
            created: time::now_seconds(),
            anchor,
        }
    }

    /// The public JSON view of this bookmark, with its essay's `title` and `path`.
    pub fn view<'a>(&'a self, title: &'a str, path: Option<String>) -> BookmarkView<'a> {
        BookmarkView {
            essay: &self.essay,
            label: &self.label,
            section: &self.section,
            snippet: &self.snippet,
            created: &self.created,
            id: &self.id,
            title,
            path,
            device: None,
        }
    }
}

/// The fields `essayreader highlights --json` prints, in that order: the six of the
/// contract, then the highlight's id and its essay's path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HighlightView<'a> {
    /// The essay's stable id.
    pub essay: &'a str,
    /// The essay's title (the last one known, if it is not in the library now).
    pub title: &'a str,
    /// Title of the section the passage starts in.
    pub section: &'a str,
    /// The passage's source text.
    pub text: &'a str,
    /// The reader's note (empty when none).
    pub note: &'a str,
    /// When it was made, RFC 3339 UTC.
    pub created: &'a str,
    /// The highlight's own id.
    pub id: &'a str,
    /// The essay's file (the last one known), `null` if none ever was.
    pub path: Option<String>,
    /// The device it was made on (the host name, or `device` in config.toml there).
    pub device: Option<&'a str>,
}

impl<'a> HighlightView<'a> {
    /// The view, naming the device the highlight was made on.
    pub fn made_on(self, device: Option<&'a str>) -> Self {
        HighlightView { device, ..self }
    }
}

impl Highlight {
    /// A new highlight with a fresh unique id, created now.
    pub fn new(
        essay: &str,
        section: &str,
        text: &str,
        note: &str,
        start: TextAnchor,
        end: TextAnchor,
    ) -> Self {
        Highlight {
            id: new_id(),
            essay: essay.to_owned(),
            section: section.to_owned(),
            text: text.to_owned(),
            note: note.to_owned(),
            created: time::now_seconds(),
            edited: String::new(),
            start,
            end,
        }
    }

    /// The public JSON view of this highlight, with its essay's `title` and `path`.
    pub fn view<'a>(&'a self, title: &'a str, path: Option<String>) -> HighlightView<'a> {
        HighlightView {
            essay: &self.essay,
            title,
            section: &self.section,
            text: &self.text,
            note: &self.note,
            created: &self.created,
            id: &self.id,
            path,
            device: None,
        }
    }
}

/// A unique id. The process id and a process-wide counter keep two running copies, or two
/// stores in one process, from ever minting the same id in the same millisecond.
fn new_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{}-{}-{n}", time::now_compact_millis(), std::process::id())
}

/// Where the reader stopped in one essay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedPosition {
    /// The essay's stable id.
    pub essay: String,
    /// When it was saved, RFC 3339 UTC to the millisecond; the newest wins a merge.
    pub updated: String,
    /// How far through the essay, 0 to 1 (the library's progress column).
    pub progress: f32,
    /// Where, independent of width and line numbers.
    pub anchor: TextAnchor,
}

impl SavedPosition {
    /// A position saved now; `progress` is clamped to 0..=1 (not a number counts as 0).
    pub fn new(essay: &str, anchor: TextAnchor, progress: f32) -> Self {
        SavedPosition {
            essay: essay.to_owned(),
            updated: time::now_millis(),
            progress: clamp_progress(progress),
            anchor,
        }
    }
}

/// NaN or infinity would not survive JSON, and progress outside 0..=1 means nothing.
pub(crate) fn clamp_progress(p: f32) -> f32 {
    if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) }
}

/// One kind of stored entry: which file holds it and how a list of them is tidied.
pub(crate) trait Record: Serialize + DeserializeOwned + Clone + PartialEq {
    /// The file's name in the config folder.
    const FILE: &'static str;
    /// The key of the list inside the file.
    const KEY: &'static str;
    /// What a person calls these, for messages.
    const WHAT: &'static str;
    /// Puts entries in file order and drops duplicates.
    fn tidy(items: &mut Vec<Self>);
}

impl Record for Bookmark {
    const FILE: &'static str = super::BOOKMARKS_FILE;
    const KEY: &'static str = "bookmarks";
    const WHAT: &'static str = "bookmarks";

    /// Oldest first (stable, so same-second bookmarks keep the order they were added in);
    /// a hand-duplicated id keeps its first entry.
    fn tidy(items: &mut Vec<Self>) {
        items.sort_by_cached_key(|b| time::parse(&b.created));
        let mut seen = std::collections::HashSet::new();
        items.retain(|b| seen.insert(b.id.clone()));
    }
}

impl Record for Highlight {
    const FILE: &'static str = super::HIGHLIGHTS_FILE;
    const KEY: &'static str = "highlights";
    const WHAT: &'static str = "highlights";

    /// Oldest first, like bookmarks; a hand-duplicated id keeps its first entry.
    fn tidy(items: &mut Vec<Self>) {
        items.sort_by_cached_key(|h| time::parse(&h.created));
        let mut seen = std::collections::HashSet::new();
        items.retain(|h| seen.insert(h.id.clone()));
    }
}

impl Record for SavedPosition {
    const FILE: &'static str = super::POSITIONS_FILE;
    const KEY: &'static str = "positions";
    const WHAT: &'static str = "reading positions";

    /// One per essay, by essay id; the newest `updated` wins.
    fn tidy(items: &mut Vec<Self>) {
        let mut by_essay: BTreeMap<String, SavedPosition> = BTreeMap::new();
        for mut p in items.drain(..) {
            p.progress = clamp_progress(p.progress);
            match by_essay.get(&p.essay) {
                Some(old) if time::parse(&old.updated) > time::parse(&p.updated) => {}
                _ => {
                    by_essay.insert(p.essay.clone(), p);
                }
            }
        }
        items.extend(by_essay.into_values());
    }
}
