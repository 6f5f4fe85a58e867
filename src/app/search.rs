//! Search over a layout: the text of all lines joined, so a phrase wrapped across lines
//! is still found, with a map back from text positions to lines and columns. The text and
//! the query are folded alike by the core ([`crate::core::fold`]), so `don't` finds
//! "don’t" and `also probably` finds it across a no-break space.
//!
//! Only the folded text is kept, folded from the layout's lines piece by piece (the
//! joined text is never made): a search in a book holds its prose once more, not twice.

use crate::core::fold::{self, Folded, Folder};
use crate::core::layout::Layout;

/// The searchable text of one layout: where each line is in it, and the text folded. Both
/// are made on the first search of each kind, in one walk over the lines.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// The text folded and lower-cased, for case-insensitive searches.
    folded: Option<Folded>,
    /// The text folded with its case kept, for case-sensitive searches.
    folded_cased: Option<Folded>,
    /// Where each line's content starts and ends in the text, by line number (32 bits
    /// each, as an essay's offsets are: a book has a hundred thousand lines).
    lines: Vec<(u32, u32)>,
    /// The text's length.
    len: usize,
    /// The layout it is of: its document, width and number of lines.
    layout: (usize, usize, usize),
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
    /// The index of `layout`, empty: its text is folded and its lines found on the first search.
    pub fn build(layout: &Layout) -> SearchIndex {
        SearchIndex { layout: identity(layout), ..SearchIndex::default() }
    }

    /// The folded text for a case-sensitive search or not, once made.
    fn folded(&mut self, sensitive: bool) -> &mut Option<Folded> {
        if sensitive { &mut self.folded_cased } else { &mut self.folded }
    }

    /// The text searched, folded: the content of the lines of `layout` (not their
    /// prefixes), lines of one block joined by a space (or nothing, where a word was
    /// broken), blocks by a newline. Folded piece by piece as the lines are walked (the
    /// joined text itself is never made), noting where each line is on the first walk.
    fn fold(&mut self, layout: &Layout, ignore_case: bool) -> Folded {
        let note = self.lines.is_empty();
        // Room for the whole text at once (the source's length, until the first walk has
        // measured it): a book's text grown by doubling would hold half as much again.
        let room = if note { layout.document().source_len } else { self.len };
        let mut folder = Folder::new(ignore_case, room);
        let mut lines = Vec::with_capacity(if note { layout.len() } else { 0 });
        // A book's pages, if they are the system's to keep, go back as the walk reads on.
        let source = layout.document().source();
        let mut walked = 0usize;
        let len = joined(layout, |start, separator, pieces| {
            walked += 1;
            if walked.is_multiple_of(4096) {
                source.release_all();
            }
            if let Some(separator) = separator {
                folder.push(separator.encode_utf8(&mut [0; 4]));
            }
            let len = pieces
                .map(|piece| {
                    folder.push(piece);
                    piece.len()
                })
                .sum();
            if note {
                let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                lines.push((at(start), at(start + len)));
            }
            len
        });
        if note {
            (self.lines, self.len) = (lines, len);
        }
        source.release_all();
        folder.finish()
    }

    /// The line that holds byte `pos` of the index text.
    pub fn line_of(&self, pos: usize) -> usize {
        self.lines.partition_point(|&(s, _)| s as usize <= pos).saturating_sub(1)
    }

    /// The byte range of line `line`'s content in the index text.
    pub fn line_range(&self, line: usize) -> (usize, usize) {
        self.lines.get(line).map_or((self.len, self.len), |&(s, e)| (s as usize, e as usize))
    }
}

/// Which layout `layout` is, as far as a search can tell: its document, width and number
/// of lines (a layout made again is searched again, see [`Search::relayout`]).
fn identity(layout: &Layout) -> (usize, usize, usize) {
    (std::sync::Arc::as_ptr(layout.document()) as usize, layout.width(), layout.len())
}

/// Walks the lines of `layout` as [`SearchIndex::fold`] joins them: `line` is given where
/// each line's content starts in the text, the separator before it, and its pieces, and
/// says how long they are. Returns the text's length.
fn joined(
    layout: &Layout,
    mut line: impl FnMut(usize, Option<char>, &mut dyn Iterator<Item = &str>) -> usize,
) -> usize {
    let mut len = 0;
    let mut previous_block = None;
    for l in layout.lines() {
        let block = l.anchor().block;
        let separator = match () {
            _ if len == 0 => None,
            _ if previous_block != Some(block) => Some('\n'),
            _ if !l.joined() => Some(' '),
            _ => None,
        };
        // Either separator is one byte.
        len += usize::from(separator.is_some());
        previous_block = Some(block);
        len += line(len, separator, &mut l.content_pieces());
    }
    len
}

impl Search {
    /// A search over `layout` (matches are found with [`Search::set_query`]).
    pub fn new(layout: &Layout) -> Search {
        Search { index: SearchIndex::build(layout), ..Search::default() }
    }

    /// Finds all matches of `query` (smart case: case-insensitive unless it has a capital)
    /// in `layout`, the layout the search was made for.
    pub fn set_query(&mut self, layout: &Layout, query: &str) {
        self.query = query.to_string();
        self.matches.clear();
        self.current = None;
        if query.is_empty() {
            return;
        }
        let sensitive = query.chars().any(char::is_uppercase);
        if self.index.layout != identity(layout) {
            // Made for another layout: its places would be wrong.
            self.index = SearchIndex::build(layout);
        }
        if self.index.folded(sensitive).is_none() {
            let folded = self.index.fold(layout, !sensitive);
            *self.index.folded(sensitive) = Some(folded);
        }
        let Some(folded) = self.index.folded(sensitive).as_ref() else { return };
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
        self.set_query(layout, &query);
        self.current = current.filter(|&c| c < self.matches.len());
    }

    /// The first match on or after line `line`, wrapping to the first match; the flag says
    /// whether it wrapped.
    pub fn first_from(&self, line: usize) -> Option<(usize, bool)> {
        let pos = self.index.lines.get(line)?.0 as usize;
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
        s.set_query(&layout, query);
        (layout, s)
    }

    #[test]
    fn a_search_made_for_another_layout_finds_its_places_in_the_one_searched() {
        let doc = Arc::new(Document::parse("alpha beta gamma delta epsilon\n"));
        let (wide, narrow) = (Layout::new(&doc, 80), Layout::new(&doc, 11));
        let mut s = Search::new(&wide);
        s.set_query(&narrow, "delta");
        assert_eq!(narrow.line(1).map(|l| l.content_text()).as_deref(), Some("gamma delta"));
        assert_eq!(s.match_line(0), Some(1));
        assert_eq!(s.highlights(1), [(6, 11, false)]);
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
