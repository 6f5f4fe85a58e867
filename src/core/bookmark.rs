//! A bookmark: a passage the reader marked, with what lists show of it. The store saves
//! it, the app lists and jumps to it; both use this one type.

use crate::core::position::TextAnchor;
use serde::{Deserialize, Serialize};

/// A passage the reader marked, found again through its anchor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    /// Unique id: creation time, process id and a counter.
    pub id: String,
    /// The essay's stable id.
    pub essay: String,
    /// The reader's label (the default is chosen by the caller).
    pub label: String,
    /// Title of the section the passage is in.
    pub section: String,
    /// A short excerpt of the passage, for lists.
    pub snippet: String,
    /// When it was made, RFC 3339 UTC.
    pub created: String,
    /// Where it is, independent of width and line numbers.
    pub anchor: TextAnchor,
}
