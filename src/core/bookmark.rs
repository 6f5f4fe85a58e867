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

impl Bookmark {
    /// A name for the bookmark's essay when nothing else knows it: the outermost heading
    /// around the passage, which is most often the essay's title.
    pub fn heading_title(&self) -> Option<&str> {
        self.anchor.heading_path.first().map(String::as_str).filter(|t| !t.trim().is_empty())
    }
}

/// `text` cut to at most `max_chars` characters at a word boundary, with `…` when cut: a
/// snippet never ends in half a word. A first word longer than that is cut all the same.
pub fn cut_at_word(text: &str, max_chars: usize) -> String {
    let Some((end, _)) = text.char_indices().nth(max_chars) else {
        return text.to_string();
    };
    let head = &text[..end];
    // Cut at the last space if the limit fell inside a word.
    let inside_word = !text[end..].starts_with(char::is_whitespace);
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if inside_word && !head[..space].trim().is_empty() => &head[..space],
        _ => head,
    };
    format!("{}…", head.trim_end())
}

/// A stored snippet made whole: one cut mid-word by an earlier version (ending in `…`)
/// loses the partial word.
pub fn whole_words(snippet: &str) -> String {
    match snippet.strip_suffix('…') {
        Some(cut) => match cut.trim_end().rfind(char::is_whitespace) {
            Some(space) if !cut[..space].trim().is_empty() => format!("{}…", cut[..space].trim_end()),
            _ => snippet.to_string(),
        },
        None => snippet.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_cut_between_words() {
        assert_eq!(cut_at_word("short", 10), "short");
        assert_eq!(cut_at_word("one two three", 9), "one two…");
        assert_eq!(cut_at_word("one two three", 8), "one two…");
        assert_eq!(cut_at_word("one two three", 7), "one two…");
        assert_eq!(cut_at_word("unbreakable word", 4), "unbr…");
        assert_eq!(whole_words("the passage was cu…"), "the passage was…");
        assert_eq!(whole_words("complete"), "complete");
    }
}
