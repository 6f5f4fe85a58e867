//! [`Reader`]: an open essay, its layout and where the screen is in it.

use super::search::Search;
use super::{BookmarkEntry, OpenedEssay, WORDS_PER_MINUTE};
use crate::core::document::Document;
use crate::core::layout::{Anchor, Layout};
use crate::core::position::{self, TextAnchor};

/// An open essay.
#[derive(Debug, Clone)]
pub struct Reader {
    /// Stable id.
    pub id: String,
    /// Title for the status line.
    pub title: String,
    /// The source text (positions and bookmarks quote it).
    pub source: String,
    /// The parsed essay.
    pub doc: Document,
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
    /// Where followed footnote references were, most recent last.
    pub note_returns: Vec<Anchor>,
    /// This essay's bookmarks.
    pub bookmarks: Vec<BookmarkEntry>,
}

impl Reader {
    /// Opens a parsed essay laid out at `column`, at source offset `resume` if given.
    pub fn new(essay: OpenedEssay, column: u16) -> Reader {
        let doc = match essay.window.clone() {
            Some(window) => Document::parse_part(&essay.source, window),
            None => Document::parse(&essay.source),
        };
        let layout = Layout::new(&doc, column);
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
            note_returns: Vec::new(),
            bookmarks: Vec::new(),
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
        if let Some(h) = self.layout.heading_at(self.top) {
            self.outline_selected = h;
        }
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
        self.layout = Layout::new(&self.doc, column);
        self.top = self.layout.line_of(anchor);
        self.anchor = anchor;
        if let Some(search) = self.search.as_mut() {
            search.relayout(&self.layout);
        }
    }

    /// The passage at the top of the screen, as a width-independent anchor for storage.
    pub fn top_anchor(&self) -> TextAnchor {
        position::capture(&self.source, self.top_offset(), self.heading_path())
    }

    /// The source offset of the top line.
    pub fn top_offset(&self) -> usize {
        self.doc.source_of(self.anchor.block, self.anchor.byte)
    }

    /// Titles of the headings around the top line, outermost first.
    pub fn heading_path(&self) -> Vec<String> {
        self.doc.heading_path(self.anchor.block).into_iter().map(|h| h.title.clone()).collect()
    }

    /// The section being read (the heading at or above the top line).
    pub fn section(&self) -> Option<&str> {
        self.layout.heading_at(self.top).and_then(|h| self.doc.headings.get(h)).map(|h| h.title.as_str())
    }

    /// How far through the essay the screen is, 0–1, for a screen `height` rows tall.
    pub fn progress(&self, height: usize) -> f32 {
        let len = self.layout.len();
        if len <= height {
            return 1.0;
        }
        (self.top as f32 / (len - height) as f32).clamp(0.0, 1.0)
    }

    /// Minutes left to read from the top line.
    pub fn minutes_left(&self, height: usize) -> usize {
        // Nothing is left once the end is on screen.
        if self.progress(height) >= 1.0 {
            return 0;
        }
        let left = self.layout.words() - self.layout.words_before(self.top).min(self.layout.words());
        left.div_ceil(WORDS_PER_MINUTE)
    }

    /// Takes the whole document after a first screen shown from a part of it, keeping
    /// the same passage at the top.
    pub fn complete(&mut self, doc: Document) {
        let offset = self.top_offset();
        let column = self.layout.width() as u16;
        self.doc = doc;
        self.layout = Layout::new(&self.doc, column);
        self.go_to_source(offset);
        if let Some(search) = self.search.as_mut() {
            search.relayout(&self.layout);
        }
    }

    /// Update for a new snapshot of the essay's text on disk: parse again and stay at the
    /// same passage (by source offset, adjusted by the caller when the text moved).
    pub fn reload(&mut self, source: String, offset: usize) {
        let column = self.layout.width() as u16;
        self.doc = Document::parse(&source);
        self.source = source;
        self.layout = Layout::new(&self.doc, column);
        self.go_to_source(offset);
        if let Some(search) = self.search.as_mut() {
            search.relayout(&self.layout);
        }
    }
}
