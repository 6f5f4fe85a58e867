//! Search over a layout: the text of all lines joined, so a phrase wrapped across lines
//! is still found, with a map back from text positions to lines and columns. The text and
//! the query are folded alike by the core ([`crate::core::fold`]), so `don't` finds
//! "don’t" and `also probably` finds it across a no-break space.

use crate::core::fold::{self, Folded};
use crate::core::layout::Layout;

/// The searchable text of one layout.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    hay: String,
    /// `hay` folded and lower-cased, made on the first case-insensitive search.
    folded: std::sync::OnceLock<Folded>,
    /// `hay` folded with its case kept, made on the first case-sensitive search.
    folded_cased: std::sync::OnceLock<Folded>,
    /// Where each line's content starts in `hay`, by line number.
    starts: Vec<usize>,
}

/// A search and its matches, as byte ranges of the index's text.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// What the user typed.
    pub query: String,
    /// Matches in document order.
    pub matches: Vec<(usize, usize)>,
    /// The match the reader is on.
    pub current: Option<usize>,
    index: SearchIndex,
}

/// At most this many matches are kept, so a one-letter search in a huge essay stays fast.
const MAX_MATCHES: usize = 100_000;

impl SearchIndex {
    /// Builds the index of `layout`: lines of one block joined by a space (or nothing, where
    /// a word was broken), blocks by a newline.
    pub fn build(layout: &Layout) -> SearchIndex {
        let mut hay = String::new();
        let mut starts = Vec::with_capacity(layout.len());
        let mut previous_block = None;
        for line in layout.lines() {
            let block = line.anchor().block;
            if !hay.is_empty() {
                if previous_block != Some(block) {
                    hay.push('\n');
                } else if !line.joined() {
                    hay.push(' ');
                }
            }
            previous_block = Some(block);
            starts.push(hay.len());
            for text in line.content_pieces() {
                hay.push_str(text);
            }
        }
        SearchIndex { hay, folded: Default::default(), folded_cased: Default::default(), starts }
    }

    /// The line that holds byte `pos` of the index text.
    pub fn line_of(&self, pos: usize) -> usize {
        self.starts.partition_point(|&s| s <= pos).saturating_sub(1)
    }

    /// The byte range of line `line`'s content in the index text.
    pub fn line_range(&self, line: usize) -> (usize, usize) {
        let start = self.starts.get(line).copied().unwrap_or(self.hay.len());
        let end = match self.starts.get(line + 1) {
            Some(&next) => {
                // Exclude the joining space or newline.
                let bytes = self.hay.as_bytes();
                if next > start && matches!(bytes.get(next - 1), Some(b' ' | b'\n')) {
                    next - 1
                } else {
                    next
                }
            }
            None => self.hay.len(),
        };
        (start, end.max(start))
    }
}

impl Search {
    /// A search over `layout` (matches are found with [`Search::set_query`]).
    pub fn new(layout: &Layout) -> Search {
        Search { index: SearchIndex::build(layout), ..Search::default() }
    }

    /// Finds all matches of `query` (smart case: case-insensitive unless it has a capital).
    pub fn set_query(&mut self, query: &str) {
        self.query = query.to_string();
        self.matches.clear();
        self.current = None;
        if query.is_empty() {
            return;
        }
        let sensitive = query.chars().any(char::is_uppercase);
        let hay = &self.index.hay;
        let folded = if sensitive {
            self.index.folded_cased.get_or_init(|| Folded::new(hay, false))
        } else {
            self.index.folded.get_or_init(|| Folded::new(hay, true))
        };
        let needle = fold::fold(query, !sensitive);
        // A query of only invisible characters folds to nothing, which would match everywhere.
        if needle.is_empty() {
            return;
        }
        self.matches = folded
            .as_str()
            .match_indices(needle.as_str())
            .take(MAX_MATCHES)
            .map(|(at, m)| folded.original_range(at, at + m.len()))
            .collect();
    }

    /// Rebuilds the index for a new layout, keeping the query and the current match.
    pub fn relayout(&mut self, layout: &Layout) {
        let current = self.current;
        let query = std::mem::take(&mut self.query);
        self.index = SearchIndex::build(layout);
        self.set_query(&query);
        self.current = current.filter(|&c| c < self.matches.len());
    }

    /// The first match on or after line `line`, wrapping to the first match; the flag says
    /// whether it wrapped.
    pub fn first_from(&self, line: usize) -> Option<(usize, bool)> {
        let pos = *self.index.starts.get(line)?;
        let i = self.matches.partition_point(|&(s, _)| s < pos);
        if i < self.matches.len() {
            Some((i, false))
        } else {
            (!self.matches.is_empty()).then_some((0, true))
        }
    }

    /// The match after (or before) the current one, wrapping; the flag says whether it wrapped.
    pub fn step(&self, forward: bool) -> Option<(usize, bool)> {
        let n = self.matches.len();
        if n == 0 {
            return None;
        }
        Some(match (self.current, forward) {
            (None, _) => (0, false),
            (Some(c), true) if c + 1 < n => (c + 1, false),
            (Some(_), true) => (0, true),
            (Some(c), false) if c > 0 => (c - 1, false),
            (Some(_), false) => (n - 1, true),
        })
    }

    /// The line a match starts on.
    pub fn match_line(&self, i: usize) -> Option<usize> {
        self.matches.get(i).map(|&(s, _)| self.index.line_of(s))
    }

    /// The byte ranges within line `line`'s content that are matches, and whether each is
    /// the current one.
    pub fn highlights(&self, line: usize) -> Vec<(usize, usize, bool)> {
        let (start, end) = self.index.line_range(line);
        let first = self.matches.partition_point(|&(_, e)| e <= start);
        self.matches[first..]
            .iter()
            .enumerate()
            .take_while(|(_, (s, _))| *s < end)
            .map(|(k, &(s, e))| (s.max(start) - start, e.min(end) - start, self.current == Some(first + k)))
            .filter(|(s, e, _)| s < e)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::document::Document;
    use std::sync::Arc;

    fn search(src: &str, width: u16, query: &str) -> (Layout, Search) {
        let doc = Arc::new(Document::parse(src));
        let layout = Layout::new(&doc, width);
        let mut s = Search::new(&layout);
        s.set_query(query);
        (layout, s)
    }

    #[test]
    fn smart_case() {
        let (_, s) = search("Left left LEFT\n", 40, "left");
        assert_eq!(s.matches.len(), 3);
        let (_, s) = search("Left left LEFT\n", 40, "Left");
        assert_eq!(s.matches.len(), 1);
    }

    #[test]
    fn a_phrase_wrapped_across_lines_is_found_and_highlighted_on_both() {
        let (layout, s) = search("alpha beta gamma delta\n", 11, "beta gamma");
        assert_eq!(layout.line(0).unwrap().text(), "alpha beta");
        assert_eq!(s.matches.len(), 1);
        assert_eq!(s.highlights(0), [(6, 10, false)]);
        assert_eq!(s.highlights(1), [(0, 5, false)]);
    }

    #[test]
    fn stepping_wraps_around() {
        let (_, mut s) = search("x a x b x\n", 40, "x");
        s.current = Some(2);
        assert_eq!(s.step(true), Some((0, true)));
        s.current = Some(0);
        assert_eq!(s.step(false), Some((2, true)));
    }

    #[test]
    fn prefixes_are_not_searched() {
        let (_, s) = search("> quoted\n\n- item\n", 40, "│");
        assert!(s.matches.is_empty());
    }

    #[test]
    fn typography_is_folded_and_matches_highlight_the_original_text() {
        let (layout, s) = search("I don’t see “ﬁne” Lukács\u{a0}here\n", 80, "don't");
        assert_eq!(s.matches.len(), 1);
        let line = layout.line(0).unwrap().content_text();
        let (a, b, _) = s.highlights(0)[0];
        assert_eq!(&line[a..b], "don’t");
        let (_, s) = search("I don’t see “ﬁne” Lukács\u{a0}here\n", 80, "\"fine\" lukacs here");
        assert_eq!(s.matches.len(), 1);
        let (_, s) = search("Don’t\n", 80, "Don't");
        assert_eq!(s.matches.len(), 1, "case-sensitive search folds typography too");
    }

    #[test]
    fn a_query_of_invisible_characters_matches_nothing() {
        let (_, s) = search("some text\n", 80, "\u{ad}");
        assert!(s.matches.is_empty());
    }
}
