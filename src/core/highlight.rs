//! A highlight: a passage the reader marked as a range, with the passage's own text and an
//! optional note. The store saves it, the app draws, lists and jumps to it, the exports
//! quote it; all use this one type.
//!
//! Both ends are anchored like a bookmark ([`TextAnchor`]), so the range is found again
//! at any width and after the file was edited, moved or renamed. The passage's text is
//! stored too: an export never needs the essay file, and a passage that was deleted from
//! the file is still listed (as "passage not found"), never dropped.

use crate::core::position::TextAnchor;
use serde::{Deserialize, Serialize};

/// A marked passage of one essay, with an optional note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Highlight {
    /// Unique id: creation time, process id and a counter (as a bookmark's).
    pub id: String,
    /// The essay's stable id.
    pub essay: String,
    /// Title of the section the passage starts in.
    pub section: String,
    /// The passage's source text (as written in the file, not as wrapped on screen).
    pub text: String,
    /// The reader's note; empty when there is none.
    #[serde(default)]
    pub note: String,
    /// When it was made, RFC 3339 UTC.
    pub created: String,
    /// When the note last changed, RFC 3339 UTC; empty when it never did.
    #[serde(default)]
    pub edited: String,
    /// Where the passage starts, independent of width and line numbers.
    pub start: TextAnchor,
    /// Where the passage ends (the anchor's offset is the end, exclusive).
    pub end: TextAnchor,
}

impl Highlight {
    /// Whether the reader wrote a note to it.
    pub fn has_note(&self) -> bool {
        !self.note.trim().is_empty()
    }

    /// A name for the highlight's essay when nothing else knows it: the outermost heading
    /// around the passage, which is most often the essay's title.
    pub fn heading_title(&self) -> Option<&str> {
        self.start.heading_path.first().map(String::as_str).filter(|t| !t.trim().is_empty())
    }
}
