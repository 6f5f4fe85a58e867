//! [`Document`] + width → [`Layout`]: styled lines, and the maps from headings, notes and
//! width-independent places to line numbers.
//!
//! Lines are stored compactly (runs as byte ranges of the document's own strings, see
//! `run`) so a 10 MiB essay lays out without an allocation per line and without a copy of
//! its prose: the layout shares the [`Document`] it was made from. No line is ever wider than the width: words
//! are wrapped by display width, grapheme clusters are never split, and a word longer
//! than the line is broken.
//!
//! - `wrap`: one inline's text wrapped into lines of pieces;
//! - `build`: blocks to lines: prefixes, runs, heading rules, heading and note lines;
//! - `table`: tables fitted to the width;
//! - `preformatted`: code blocks and raw HTML;
//! - `run`: runs packed in 8 bytes, and the strings they point into.

use std::sync::Arc;

use unicode_width::UnicodeWidthStr;

mod build;
mod preformatted;
mod run;
mod table;
mod wrap;

use super::document::{Document, TextPieces};
use super::style::Style;
use build::{Builder, PrefixPart};
use run::{OWN, Run};

/// A width-independent place in a document: a block and a byte in that block's text.
/// Lines are laid out in increasing anchor order, so anchors find lines by binary search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Anchor {
    /// Index into [`Document::blocks`].
    pub block: u32,
    /// Byte into the block's text.
    pub byte: u32,
}

/// A line: its runs are `first_run` up to the next line's first run.
#[derive(Debug, Clone, Copy)]
struct Line {
    first_run: u32,
    /// Runs before this index are the prefix (quote bars, list markers, indentation); the
    /// top bit says the line continues a word broken at the end of the previous line.
    content_run: u32,
    anchor: Anchor,
    /// Words of running text before this line (for the reading time left).
    words_before: u32,
}

/// The bit of [`Line::content_run`] that says the line is joined to the one before.
const JOINED: u32 = 1 << 31;

impl Line {
    fn content_run(self) -> u32 {
        self.content_run & !JOINED
    }

    fn joined(self) -> bool {
        self.content_run & JOINED != 0
    }
}

/// An essay laid out at one width. It shares the document it was made from: its lines
/// point into the document's text.
#[derive(Clone, Default)]
pub struct Layout {
    doc: Arc<Document>,
    width: usize,
    /// Words of running text (paragraphs and headings).
    words: usize,
    /// The text the layout makes up itself: prefixes, rules, markers, padding.
    own: String,
    runs: Vec<Run>,
    /// Styles that do not fit in a run (see [`Run::new`]), by run index, in order.
    aside: Vec<(u32, Style)>,
    lines: Vec<Line>,
    heading_lines: Vec<usize>,
    note_lines: Vec<usize>,
    note_refs: Vec<NoteRef>,
    link_refs: Vec<NoteRef>,
    autolink_refs: Vec<NoteRef>,
}

/// Where a footnote reference (or a link's `[n]`) sits on screen, like a heading's line:
/// targets for `f`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteRef {
    /// The line it is on.
    pub line: usize,
    /// Its first column, counted from the start of the line (prefix included).
    pub start: usize,
    /// The column after it.
    pub end: usize,
    /// The note (or, for a link, the entry of the document's links) it refers to,
    /// numbered from 1.
    pub note: u32,
}

impl std::fmt::Debug for Layout {
    // The document is the caller's to show: a layout's debug output is its shape.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Layout")
            .field("width", &self.width)
            .field("lines", &self.lines.len())
            .field("runs", &self.runs.len())
            .field("own_text", &self.own.len())
            .finish_non_exhaustive()
    }
}

/// The text of `run` of a line starting at `anchor`: the layout's own, or the document's.
fn run_pieces(layout: &Layout, anchor: Anchor, run: Run) -> TextPieces<'_> {
    if run.src() == OWN {
        TextPieces::one(layout.own.get(run.start as usize..run.end() as usize).unwrap_or_default())
    } else {
        run::doc_pieces(&layout.doc, anchor.block, anchor.byte, run)
    }
}

/// One laid-out line, borrowed from its layout.
#[derive(Debug, Clone, Copy)]
pub struct LineRef<'a> {
    layout: &'a Layout,
    line: Line,
    end_run: u32,
}

impl<'a> LineRef<'a> {
    /// The line's styled pieces, prefix included.
    pub fn runs(&self) -> impl Iterator<Item = (&'a str, Style)> + 'a {
        self.range_runs(self.line.first_run, self.end_run)
    }

    /// The prefix's pieces: quote bars, list markers, indentation.
    pub fn prefix(&self) -> impl Iterator<Item = (&'a str, Style)> + 'a {
        self.range_runs(self.line.first_run, self.line.content_run())
    }

    /// The pieces after the prefix: the text itself.
    pub fn content(&self) -> impl Iterator<Item = (&'a str, Style)> + 'a {
        self.range_runs(self.line.content_run(), self.end_run)
    }

    /// Display width of the prefix (bars, markers, indentation).
    pub fn prefix_width(&self) -> usize {
        self.range_texts(self.line.first_run, self.line.content_run()).map(UnicodeWidthStr::width).sum()
    }

    fn range_runs(&self, from: u32, to: u32) -> impl Iterator<Item = (&'a str, Style)> + 'a {
        let (layout, anchor) = (self.layout, self.line.anchor);
        let runs = layout.runs.get(from as usize..to as usize).unwrap_or_default();
        runs.iter().enumerate().flat_map(move |(k, &run)| {
            let style = run.style(from as usize + k, &layout.aside);
            run_pieces(layout, anchor, run).map(move |text| (text, style))
        })
    }

    /// The texts of runs `from..to`, without their styles.
    fn range_texts(&self, from: u32, to: u32) -> impl Iterator<Item = &'a str> + 'a {
        let (layout, anchor) = (self.layout, self.line.anchor);
        let runs = layout.runs.get(from as usize..to as usize).unwrap_or_default();
        runs.iter().flat_map(move |&run| run_pieces(layout, anchor, run))
    }

    /// The pieces of text after the prefix, without their styles (as search reads them).
    pub fn content_pieces(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.range_texts(self.line.content_run(), self.end_run)
    }

    /// The whole line as plain text.
    pub fn text(&self) -> String {
        self.range_texts(self.line.first_run, self.end_run).collect()
    }

    /// The text after the prefix as plain text.
    pub fn content_text(&self) -> String {
        self.content_pieces().collect()
    }

    /// Display width of the whole line.
    pub fn width(&self) -> usize {
        self.range_texts(self.line.first_run, self.end_run).map(UnicodeWidthStr::width).sum()
    }

    /// Where the line starts in the document.
    pub fn anchor(&self) -> Anchor {
        self.line.anchor
    }

    /// Whether the line continues a word broken at the end of the line before.
    pub fn joined(&self) -> bool {
        self.line.joined()
    }
}

impl Layout {
    /// Lays out `doc` in a column `width` cells wide (at least 1). The layout keeps `doc`
    /// (its lines are read from the document's text), so a document is held once however
    /// many layouts are made of it.
    pub fn new(doc: &Arc<Document>, width: u16) -> Layout {
        let width = usize::from(width.max(1));
        // A paged source's pages go back every so many blocks as the text is laid out
        // (notes, laid out last, are read where they were written: anywhere in the text).
        const BLOCKS: usize = 256;
        let mut b = Builder::new(doc, width);
        for (i, block) in doc.blocks.iter().enumerate() {
            b.block(i as u32, block);
            if i % BLOCKS == BLOCKS - 1 {
                doc.source().release_all();
            }
        }
        let layout = b.finish();
        doc.source().release_all();
        layout
    }

    /// The document this layout was made from.
    pub fn document(&self) -> &Arc<Document> {
        &self.doc
    }

    /// Bytes of text the layout made up itself (prefixes, rules, markers, padding): the
    /// prose is read from the document, not copied.
    pub fn own_text_len(&self) -> usize {
        self.own.len()
    }

    /// Bytes the layout holds on the heap, the shared document not counted.
    pub fn heap_size(&self) -> usize {
        use std::mem::size_of;
        self.own.capacity()
            + self.runs.capacity() * size_of::<Run>()
            + self.aside.capacity() * size_of::<(u32, Style)>()
            + self.lines.capacity() * size_of::<Line>()
            + (self.heading_lines.capacity() + self.note_lines.capacity()) * size_of::<usize>()
            + (self.note_refs.capacity() + self.link_refs.capacity() + self.autolink_refs.capacity())
                * size_of::<NoteRef>()
    }

    fn line_ref(&self, i: usize) -> Option<LineRef<'_>> {
        let line = *self.lines.get(i)?;
        let end_run = self.lines.get(i + 1).map_or(self.runs.len() as u32, |next| next.first_run);
        Some(LineRef { layout: self, line, end_run })
    }

    /// The column width this layout was made for.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Words placed on lines of running text (paragraphs and headings). This tally says
    /// how the text is spread over lines; the essay's length is [`Document::words`] (the
    /// core's one count, which the library shows), apportioned by this.
    pub fn words(&self) -> usize {
        self.words
    }

    /// Words of running text before line `line`: what has been read when it is at the top.
    pub fn words_before(&self, line: usize) -> usize {
        self.lines.get(line).map_or(self.words, |l| l.words_before as usize)
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether there are no lines.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Line `i`, if it exists.
    pub fn line(&self, i: usize) -> Option<LineRef<'_>> {
        self.line_ref(i)
    }

    /// All lines in order.
    pub fn lines(&self) -> impl Iterator<Item = LineRef<'_>> {
        (0..self.lines.len()).filter_map(|i| self.line_ref(i))
    }

    /// The line that shows `anchor`: the last line starting at or before it.
    pub fn line_of(&self, anchor: Anchor) -> usize {
        self.lines.partition_point(|l| l.anchor <= anchor).saturating_sub(1)
    }

    /// The first line of heading `index` (its place in [`Document::headings`]).
    pub fn heading_line(&self, index: usize) -> Option<usize> {
        self.heading_lines.get(index).copied()
    }

    /// The first line of each heading, in order.
    pub fn heading_lines(&self) -> &[usize] {
        &self.heading_lines
    }

    /// The heading whose section line `line` is in (the last heading at or above it).
    pub fn heading_at(&self, line: usize) -> Option<usize> {
        self.heading_lines.partition_point(|&h| h <= line).checked_sub(1)
    }

    /// The first line of note `n` (numbered from 1).
    pub fn note_line(&self, n: u32) -> Option<usize> {
        self.note_lines.get((n as usize).checked_sub(1)?).copied().filter(|&l| l != usize::MAX)
    }

    /// Every note reference, in reading order (by line, then column).
    pub fn note_refs(&self) -> &[NoteRef] {
        &self.note_refs
    }

    /// The note references on lines `lines` (those on screen), in reading order.
    pub fn note_refs_on(&self, lines: std::ops::Range<usize>) -> &[NoteRef] {
        let first = self.note_refs.partition_point(|r| r.line < lines.start);
        let end = self.note_refs.partition_point(|r| r.line < lines.end).max(first);
        &self.note_refs[first..end]
    }

    /// The pieces of text of links that show their own address (`note` is the number in
    /// the document's `autolinks`) on lines `lines`, in reading order.
    pub fn autolink_refs_on(&self, lines: std::ops::Range<usize>) -> &[NoteRef] {
        let first = self.autolink_refs.partition_point(|r| r.line < lines.start);
        let end = self.autolink_refs.partition_point(|r| r.line < lines.end).max(first);
        &self.autolink_refs[first..end]
    }

    /// Every link's `[n]` in the text, in reading order: the links `f` follows.
    pub fn link_refs(&self) -> &[NoteRef] {
        &self.link_refs
    }

    /// The links' `[n]` on lines `lines` (those on screen), in reading order.
    pub fn link_refs_on(&self, lines: std::ops::Range<usize>) -> &[NoteRef] {
        let first = self.link_refs.partition_point(|r| r.line < lines.start);
        let end = self.link_refs.partition_point(|r| r.line < lines.end).max(first);
        &self.link_refs[first..end]
    }
}

#[cfg(test)]
mod tests;
