//! [`Reader`]: an open essay, its layout and where the screen is in it.

use std::sync::Arc;

use super::search::Search;
use super::{BookmarkEntry, HighlightEntry, OpenedEssay};
use crate::core::document::{Document, SharedSource};
use crate::core::layout::{Anchor, Layout};
use crate::core::position::{self, TextAnchor};
use unicode_width::UnicodeWidthStr;

/// How many lines below the top line the reading line is (see [`Reader::reading_line`]).
const READING_LINE: usize = 2;

/// An open essay.
#[derive(Debug, Clone)]
pub struct Reader {
    /// Stable id.
    pub id: String,
    /// Title for the status line.
    pub title: String,
    /// The source text (positions and bookmarks quote it), shared, hashed at most once.
    pub source: SharedSource,
    /// The parsed essay, shared with the layout (whose lines are read from its text).
    pub doc: Arc<Document>,
    /// The essay laid out at the current column width.
    pub layout: Layout,
    /// The first line on screen.
    pub top: usize,
    /// The place at the top, kept across relayouts.
    pub anchor: Anchor,
    /// The selected outline entry.
    pub outline_selected: usize,
    /// The current search, if any.
    pub search: Option<Search>,
    /// This essay's bookmarks.
    pub bookmarks: Vec<BookmarkEntry>,
    /// This essay's highlights, placed in its text, in reading order.
    pub highlights: Vec<HighlightEntry>,
    /// The essay's file was deleted while open: the text stays, bookmarks are still kept.
    pub file_gone: bool,
    /// Only a part of the essay is parsed yet (its first screen): where that part lies in
    /// the whole text, for the status line's percentage and time left until the whole
    /// essay arrives.
    part: Option<Part>,
}

/// A part of an essay's text standing for the whole until the whole is parsed.
#[derive(Debug, Clone, Copy)]
struct Part {
    /// What to add to the document's source offsets to place them in the whole text.
    base: usize,
    /// Bytes of text the part covers.
    span: usize,
    /// Bytes of the whole text.
    total: usize,
}

impl Reader {
    /// Opens a parsed essay laid out at `column`, at source offset `resume` if given.
    pub fn new(essay: OpenedEssay, column: u16) -> Reader {
        let doc = Arc::new(match essay.window.clone() {
            Some(window) => Document::parse_part(&essay.source, window),
            None => Document::parse(&essay.source),
        });
        let layout = Layout::new(&doc, column);
        let part = match (essay.part_of, &essay.window) {
            (Some((base, total)), _) => Some(Part { base, span: essay.source.len(), total }),
            (None, Some(window)) => Some(Part { base: 0, span: window.len(), total: essay.source.len() }),
            (None, None) => None,
        };
        let mut reader = Reader {
            id: essay.id,
            title: essay.title,
            source: essay.source,
            doc,
            layout,
            top: 0,
            anchor: Anchor::default(),
            outline_selected: 0,
            search: None,
            bookmarks: Vec::new(),
            highlights: Vec::new(),
            file_gone: false,
            part,
        };
        if let Some(offset) = essay.resume {
            reader.go_to_source(offset);
        }
        reader
    }

    /// Sets the top line and remembers its place.
    pub fn set_top(&mut self, line: usize) {
        self.top = line.min(self.layout.len().saturating_sub(1));
        self.anchor = self.layout.line(self.top).map(|l| l.anchor()).unwrap_or_default();
        if let Some(h) = self.current_heading() {
            self.outline_selected = h;
        }
    }

    /// The line the reader is taken to be reading: a little into the screen, so a heading
    /// just below the top line already counts as the section being read.
    pub fn reading_line(&self) -> usize {
        (self.top + READING_LINE).min(self.layout.len().saturating_sub(1))
    }

    /// The heading (an index into the outline) of the section being read: the nearest at
    /// or above the reading line.
    pub fn current_heading(&self) -> Option<usize> {
        self.layout.heading_at(self.reading_line())
    }

    /// Puts the line holding source offset `offset` at the top.
    pub fn go_to_source(&mut self, offset: usize) {
        let (block, byte) = self.doc.place_of_source(offset);
        let line = self.layout.line_of(Anchor { block, byte });
        self.set_top(line);
    }

    /// Lays the essay out again at a new width, keeping the same passage at the top.
    pub fn relayout(&mut self, column: u16) {
        if self.layout.width() == usize::from(column.max(1)) {
            return;
        }
        let anchor = self.anchor;
        // The old layout goes first, so a long essay's two layouts are never held at once.
        self.layout = Layout::default();
        self.layout = Layout::new(&self.doc, column);
        self.top = self.layout.line_of(anchor);
        self.anchor = anchor;
        if let Some(search) = self.search.as_mut() {
            search.relayout(&self.layout);
        }
    }

    /// The passage at the top of the screen, as a width-independent anchor for storage.
    pub fn top_anchor(&self) -> TextAnchor {
        self.anchor_at(self.top_offset(), self.heading_path())
    }

    /// A width-independent anchor at source offset `offset` (the text is hashed once per
    /// essay, not per anchor).
    pub fn anchor_at(&self, offset: usize, heading_path: Vec<String>) -> TextAnchor {
        position::capture_hashed(&self.source, self.source.hash(), offset, heading_path)
    }

    /// The source offset of the top line.
    pub fn top_offset(&self) -> usize {
        self.doc.source_of(self.anchor.block, self.anchor.byte)
    }

    /// Titles of the headings around the top line, outermost first.
    pub fn heading_path(&self) -> Vec<String> {
        self.doc.heading_path(self.anchor.block).into_iter().map(|h| h.title.clone()).collect()
    }

    /// The section being read (see [`Reader::current_heading`]).
    pub fn section(&self) -> Option<&str> {
        self.current_heading().and_then(|h| self.doc.headings.get(h)).map(|h| h.title.as_str())
    }

    /// Whether only a part of the essay is parsed yet (its first screen), the rest on its
    /// way: the percentage and time left are then reckoned from the part.
    pub fn is_partial(&self) -> bool {
        self.part.is_some()
    }

    /// How far through the essay the screen is, 0–1, for a screen `height` rows tall.
    pub fn progress(&self, height: usize) -> f32 {
        if let Some(part) = self.part {
            // Only a part is laid out: how far into the whole text its top line is, short
            // of the end until the whole essay says so.
            let at = part.base + self.top_offset();
            return (at as f32 / part.total.max(1) as f32).clamp(0.0, 0.99);
        }
        let len = self.layout.len();
        if len <= height {
            return 1.0;
        }
        (self.top as f32 / (len - height) as f32).clamp(0.0, 1.0)
    }

    /// How far through the essay the screen is, in whole percent: 100 only at the end, so
    /// it never says 100% while there is still time left.
    pub fn percent(&self, height: usize) -> u32 {
        (self.progress(height) * 100.0).floor() as u32
    }

    /// Minutes left to read, for a screen `height` rows tall: at the start the whole
    /// essay's (as the library says), none once the end is on screen, and in between the
    /// words from the top line on, less the part of the last screen already passed, so the
    /// figure falls steadily with [`Reader::progress`] instead of jumping to zero at the end.
    pub fn minutes_left(&self, height: usize) -> usize {
        let progress = self.progress(height);
        if progress >= 1.0 {
            return 0;
        }
        if let Some(part) = self.part {
            // The whole essay's words, reckoned from the part's, until it has arrived.
            let whole = self.doc.words as f32 * part.total as f32 / part.span.max(1) as f32;
            return crate::core::words::minutes((whole * (1.0 - progress)).round() as usize).max(1);
        }
        // The essay's length is the core's one word count (the library's); the layout's
        // tally of words per line only says which share of it is still ahead.
        let total = self.layout.words();
        let from_top = total - self.layout.words_before(self.top).min(total);
        let max_top = self.layout.len().saturating_sub(height);
        let last_screen = total - self.layout.words_before(max_top).min(total);
        let ahead = (from_top as f32 - last_screen as f32 * progress).max(0.0);
        let share = if total == 0 { 1.0 } else { ahead / total as f32 };
        let left = (self.doc.words as f32 * share).round() as usize;
        // Still short of the end: at least a minute, so "0 min left" only shows with 100%.
        crate::core::words::minutes(left).max(1)
    }

    /// The outline pane's width for its longest entry (indent, title and margins).
    pub fn outline_want(&self) -> u16 {
        let headings = &self.doc.headings;
        let min_level = headings.iter().map(|h| h.level).min().unwrap_or(1);
        let widest = headings
            .iter()
            .map(|h| usize::from(h.level - min_level).min(6) * 2 + h.title.width() + 3)
            .max()
            .unwrap_or(0);
        u16::try_from(widest).unwrap_or(u16::MAX)
    }

    /// Takes the whole document after a first screen shown from a part of it, keeping
    /// the same passage at the top.
    pub fn complete(&mut self, whole: Layout) {
        let offset = self.top_offset();
        // The current match, by where it is in the source: the whole essay numbers its
        // matches from the true start, not from the window's.
        let line_source = |r: &Reader, line: usize| {
            r.layout.line(line).map(|l| l.anchor()).map(|a| r.doc.source_of(a.block, a.byte))
        };
        let current = self.search.as_ref().and_then(|s| s.current.and_then(|c| s.match_line(c)));
        let current = current.and_then(|line| line_source(self, line));
        let column = self.layout.width() as u16;
        // The window's document goes with its layout: only the whole one is kept. Laid out
        // at another width than the reader's now (changed while it was being made), it is
        // laid out again.
        self.doc = Arc::clone(whole.document());
        self.part = None;
        self.layout =
            if whole.width() == self.layout.width() { whole } else { Layout::new(&self.doc, column) };
        self.go_to_source(offset);
        if let Some(search) = self.search.as_mut() {
            search.relayout(&self.layout);
            if let Some(source) = current {
                let (block, byte) = self.doc.place_of_source(source);
                let line = self.layout.line_of(Anchor { block, byte });
                search.current = search.first_from(line).map(|(i, _)| i);
            }
        }
    }

    /// Update for a new snapshot of the essay's text on disk: parse again and stay at the
    /// same passage (by source offset, adjusted by the caller when the text moved). Every
    /// other place held in the old text (bookmarks, the current search match, and the
    /// caller's `extra` anchors) is found again in the new one; the jump list's places are
    /// text anchors, found again by their text when gone back to.
    pub fn reload(&mut self, source: SharedSource, offset: usize, extra: &mut [Anchor]) {
        let column = self.layout.width() as u16;
        self.file_gone = false;
        let old_source = std::mem::replace(&mut self.source, source);
        let old_doc = std::mem::replace(&mut self.doc, Arc::new(Document::parse(&self.source)));
        self.part = None;
        let old_layout = std::mem::replace(&mut self.layout, Layout::new(&self.doc, column));
        let resolver = position::Resolver::hashed(&self.source, self.source.hash());
        let old_hash = old_source.hash();
        // A place in the old text, found again in the new by the text around it.
        let moved = |old: usize| {
            resolver.resolve(&position::capture_hashed(&old_source, old_hash, old, Vec::new())).offset()
        };
        let old_offset = |a: Anchor| old_doc.source_of(a.block, a.byte);

        for b in &mut self.bookmarks {
            b.offset = b.offset.and_then(moved);
        }
        self.bookmarks.sort_by_key(|b| b.offset.unwrap_or(usize::MAX));
        let extra_offsets: Vec<Option<usize>> = extra.iter().map(|&a| moved(old_offset(a))).collect();
        let search_at = self.search.as_ref().and_then(|s| {
            let line = s.match_line(s.current?)?;
            moved(old_offset(old_layout.line(line)?.anchor()))
        });

        // It borrows the new source; the highlights are placed by the reader as a whole.
        drop(resolver);
        let highlights = std::mem::take(&mut self.highlights);
        self.place_highlights(&highlights);
        self.go_to_source(offset);
        for (anchor, new) in extra.iter_mut().zip(extra_offsets) {
            *anchor = new.map_or(self.anchor, |o| self.anchor_of(o));
        }
        if let Some(search) = self.search.as_mut() {
            search.relayout(&self.layout);
            if let Some(o) = search_at {
                let (block, byte) = self.doc.place_of_source(o);
                let line = self.layout.line_of(Anchor { block, byte });
                search.current = search.first_from(line).map(|(i, _)| i);
            }
        }
    }

    /// The layout-independent anchor of a source offset.
    fn anchor_of(&self, offset: usize) -> Anchor {
        let (block, byte) = self.doc.place_of_source(offset);
        Anchor { block, byte }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_whole_document_is_kept_once_it_replaces_the_window() {
        let source = "# T\n\n".to_string() + &"Some words of a long essay.\n\n".repeat(2000);
        let at = source.len() / 2;
        let essay = OpenedEssay {
            resume: Some(at),
            window: Some(at - 500..at + 500),
            ..OpenedEssay::new("long", "T", &source)
        };
        let mut reader = Reader::new(essay, 60);
        let window = Arc::downgrade(&reader.doc);
        assert!(Arc::ptr_eq(&reader.doc, reader.layout.document()), "the layout reads the reader's document");
        reader.complete(Layout::new(&Arc::new(Document::parse(&source)), 60));
        assert!(window.upgrade().is_none(), "the window's document is let go");
        assert!(Arc::ptr_eq(&reader.doc, reader.layout.document()));
        assert_eq!(Arc::strong_count(&reader.doc), 2, "held by the reader and its layout only");
        reader.relayout(40);
        assert_eq!(Arc::strong_count(&reader.doc), 2, "a relayout lets the old layout's hold go");
    }

    #[test]
    fn a_whole_laid_out_at_another_width_than_the_readers_now_is_laid_out_again() {
        let source = "# T\n\n".to_string() + &"Some words of a long essay.\n\n".repeat(2000);
        let at = source.len() / 2;
        let at = at + source[at..].find("Some").unwrap_or(0);
        let essay = || OpenedEssay {
            resume: Some(at),
            window: Some(at - 500..at + 500),
            ..OpenedEssay::new("long", "T", &source)
        };
        for made_at in [60, 45] {
            let mut reader = Reader::new(essay(), 60);
            let top = reader.top_offset();
            reader.complete(Layout::new(&Arc::new(Document::parse(&source)), made_at));
            assert_eq!(reader.layout.width(), 60, "made at {made_at}");
            assert_eq!(reader.top_offset(), top, "the same passage at the top");
            assert!(reader.part.is_none(), "whole");
        }
    }

    #[test]
    fn a_first_screen_from_a_part_says_how_far_into_the_whole_essay_it_is() {
        // The first screen of a long essay opened in its middle used to say "100% · 0 min
        // left" (the part's own figures) until the whole essay had been parsed.
        let source =
            "# T\n\n".to_string() + &"Some words of a long essay, and then some more.\n\n".repeat(4000);
        let at = source.len() / 2;
        let at = at + source[at..].find("Some").unwrap_or(0);
        let open = |window: Option<std::ops::Range<usize>>| OpenedEssay {
            resume: Some(at),
            window,
            ..OpenedEssay::new("long", "T", &source)
        };
        let part = Reader::new(open(Some(at - 2000..at + 2000)), 60);
        let whole = Reader::new(open(None), 60);
        let height = 20;
        assert!((49..=51).contains(&part.percent(height)), "{}%", part.percent(height));
        assert!((49..=51).contains(&whole.percent(height)), "{}%", whole.percent(height));
        let (p, w) = (part.minutes_left(height) as f32, whole.minutes_left(height) as f32);
        assert!((p - w).abs() <= w * 0.1 + 1.0, "part says {p} min left, the whole {w}");
        // The same part read on its own from the file (a preview) says the same.
        let text = source[at - 2000..at + 2000].to_string();
        let preview = Reader::new(
            OpenedEssay {
                source: text.into(),
                resume: Some(2000),
                window: None,
                part_of: Some((at - 2000, source.len())),
                ..open(None)
            },
            60,
        );
        assert_eq!(preview.percent(height), part.percent(height));
    }
}
