//! [`Document`] + width → [`Layout`]: styled lines, and the maps from headings, notes and
//! width-independent places to line numbers.
//!
//! A layout keeps where each block's lines fall, not the lines: they are laid out again a
//! block at a time when read (see [`Layout`]), as runs that are byte ranges of the
//! document's own strings (see `run`), so a 10 MiB essay is laid out without a copy of its
//! prose and held in half a MiB: the layout shares the [`Document`] it was made from. No
//! line is ever wider than the width: words
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

/// The lines of one block with their runs, made when they are wanted (to be drawn,
/// searched, written out) and dropped after: a book's lines are never all held at once.
#[derive(Debug, Default)]
struct Lines {
    /// The text the layout makes up itself: prefixes, rules, markers, padding.
    own: String,
    runs: Vec<Run>,
    /// Styles that do not fit in a run (see [`Run::new`]), by run index, in order.
    aside: Vec<(u32, Style)>,
    lines: Vec<Line>,
}

impl Lines {
    fn clear(&mut self) {
        self.own.clear();
        self.runs.clear();
        self.aside.clear();
        self.lines.clear();
    }
}

/// Where headings, notes and references fall: what the whole layout keeps of its lines.
#[derive(Debug, Clone, Default)]
struct Maps {
    heading_lines: Vec<usize>,
    note_lines: Vec<usize>,
    note_refs: Vec<NoteRef>,
    link_refs: Vec<NoteRef>,
    autolink_refs: Vec<NoteRef>,
}

/// How many blocks' lines are kept after they were asked for: a screen's worth several
/// times over (a frame shows a few dozen blocks at most).
const KEPT_BLOCKS: usize = 256;

/// Blocks laid out lately with their lines, newest last.
type Kept = std::collections::VecDeque<(u32, Arc<Lines>)>;

/// An essay laid out at one width. It shares the document it was made from: its lines
/// point into the document's text.
///
/// The whole text is laid out once to count each block's lines and to find where its
/// headings, notes and references fall; the lines themselves (their runs) are laid out
/// again, a block at a time, when they are read, and only the last few hundred blocks'
/// are kept. A block's lines depend on nothing but the block, the width, the block
/// before it and which list markers earlier blocks showed, all of which the layout keeps.
#[derive(Default)]
pub struct Layout {
    doc: Arc<Document>,
    width: usize,
    /// Words of running text (paragraphs and headings).
    words: usize,
    /// The first line of each block, and the number of lines after them.
    block_lines: Vec<u32>,
    /// Words of running text before each block.
    block_words: Vec<u32>,
    /// For each container, the block whose first line shows its marker (a list item's
    /// bullet, a note's number); `u32::MAX` where none does.
    markers: Vec<u32>,
    maps: Maps,
    kept: std::sync::Mutex<Kept>,
}

impl Clone for Layout {
    fn clone(&self) -> Layout {
        Layout {
            doc: Arc::clone(&self.doc),
            width: self.width,
            words: self.words,
            block_lines: self.block_lines.clone(),
            block_words: self.block_words.clone(),
            markers: self.markers.clone(),
            maps: self.maps.clone(),
            kept: std::sync::Mutex::default(),
        }
    }
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
            .field("lines", &self.len())
            .field("blocks", &self.block_words.len())
            .finish_non_exhaustive()
    }
}

/// One laid-out line. It holds its block's lines, so its text is read from it: the
/// document's prose where the line shows it, the block's own text for what the layout
/// made up.
#[derive(Debug, Clone)]
pub struct LineRef<'a> {
    doc: &'a Document,
    block: Arc<Lines>,
    line: Line,
    end_run: u32,
}

impl LineRef<'_> {
    /// The line's styled pieces, prefix included.
    pub fn runs(&self) -> impl Iterator<Item = (&str, Style)> + '_ {
        self.range_runs(self.line.first_run, self.end_run)
    }

    /// The prefix's pieces: quote bars, list markers, indentation.
    pub fn prefix(&self) -> impl Iterator<Item = (&str, Style)> + '_ {
        self.range_runs(self.line.first_run, self.line.content_run())
    }

    /// The pieces after the prefix: the text itself.
    pub fn content(&self) -> impl Iterator<Item = (&str, Style)> + '_ {
        self.range_runs(self.line.content_run(), self.end_run)
    }

    /// Display width of the prefix (bars, markers, indentation).
    pub fn prefix_width(&self) -> usize {
        self.range_texts(self.line.first_run, self.line.content_run()).map(UnicodeWidthStr::width).sum()
    }

    /// The text of `run` (run number `index` of the block's lines).
    fn run_pieces(&self, run: Run) -> TextPieces<'_> {
        if run.src() == OWN {
            TextPieces::one(self.block.own.get(run.start as usize..run.end() as usize).unwrap_or_default())
        } else {
            run::doc_pieces(self.doc, self.line.anchor.block, self.line.anchor.byte, run)
        }
    }

    fn range_runs(&self, from: u32, to: u32) -> impl Iterator<Item = (&str, Style)> + '_ {
        let runs = self.block.runs.get(from as usize..to as usize).unwrap_or_default();
        runs.iter().enumerate().flat_map(move |(k, &run)| {
            let style = run.style(from as usize + k, &self.block.aside);
            self.run_pieces(run).map(move |text| (text, style))
        })
    }

    /// The texts of runs `from..to`, without their styles.
    fn range_texts(&self, from: u32, to: u32) -> impl Iterator<Item = &str> + '_ {
        let runs = self.block.runs.get(from as usize..to as usize).unwrap_or_default();
        runs.iter().flat_map(move |&run| self.run_pieces(run))
    }

    /// The pieces of text after the prefix, without their styles (as search reads them).
    pub fn content_pieces(&self) -> impl Iterator<Item = &str> + '_ {
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

    /// Words of running text before this line.
    pub fn words_before(&self) -> usize {
        self.line.words_before as usize
    }
}

/// Line `k` of a block's lines.
fn line_in<'a>(doc: &'a Document, block: &Arc<Lines>, k: usize) -> Option<LineRef<'a>> {
    let line = *block.lines.get(k)?;
    let end_run = block.lines.get(k + 1).map_or(block.runs.len() as u32, |next| next.first_run);
    Some(LineRef { doc, block: Arc::clone(block), line, end_run })
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
            b.whole_block(i as u32, block);
            if i % BLOCKS == BLOCKS - 1 {
                doc.source().release_all();
            }
        }
        let layout = b.finish(doc);
        doc.source().release_all();
        layout
    }

    /// Lays out `doc` as [`Layout::new`] does, giving `line` every line as it is made, in
    /// order: one pass for a reader of every line (`render`), where reading the layout's
    /// lines afterwards would lay each block out twice.
    pub fn each_line(doc: &Arc<Document>, width: u16, mut line: impl FnMut(&LineRef<'_>)) -> Layout {
        let mut b = Builder::new(doc, usize::from(width.max(1)));
        for (i, block) in doc.blocks.iter().enumerate() {
            b.whole_block_with(i as u32, block, |out| {
                let lines = Arc::new(std::mem::take(out));
                for k in 0..lines.lines.len() {
                    if let Some(l) = line_in(doc, &lines, k) {
                        line(&l);
                    }
                }
                // The buffers are used again for the next block (unless a line was kept).
                *out = Arc::try_unwrap(lines).unwrap_or_default();
            });
        }
        b.finish(doc)
    }

    /// The document this layout was made from.
    pub fn document(&self) -> &Arc<Document> {
        &self.doc
    }

    /// Bytes the layout holds on the heap, the shared document not counted (nor the few
    /// blocks' lines kept from the last frames).
    pub fn heap_size(&self) -> usize {
        use std::mem::size_of;
        (self.block_lines.capacity() + self.block_words.capacity() + self.markers.capacity())
            * size_of::<u32>()
            + (self.maps.heading_lines.capacity() + self.maps.note_lines.capacity()) * size_of::<usize>()
            + (self.maps.note_refs.capacity()
                + self.maps.link_refs.capacity()
                + self.maps.autolink_refs.capacity())
                * size_of::<NoteRef>()
    }

    /// The lines of block `block`, laid out now or kept from before.
    fn lines_of_block(&self, block: u32) -> Arc<Lines> {
        let mut kept = self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, lines)) = kept.iter().rev().find(|(b, _)| *b == block) {
            return Arc::clone(lines);
        }
        let lines = Arc::new(self.lay_out_block(block));
        if kept.len() == KEPT_BLOCKS {
            kept.pop_front();
        }
        kept.push_back((block, Arc::clone(&lines)));
        lines
    }

    /// Lays out block `block` alone, as the whole layout laid it out.
    fn lay_out_block(&self, block: u32) -> Lines {
        self.lay_out_block_with(&mut Builder::for_block(&self.doc, self.width, &self.markers), block, None)
    }

    /// [`Layout::lay_out_block`] with `builder` (made by [`Builder::for_block`] for this
    /// layout), its lines put in `spare`'s buffers if given: a walk over every block lays
    /// them out with one builder and one set of buffers.
    fn lay_out_block_with<'d>(
        &'d self,
        builder: &mut Builder<'d>,
        block: u32,
        spare: Option<Lines>,
    ) -> Lines {
        let i = block as usize;
        let (Some(&first), Some(&words), Some(kind)) =
            (self.block_lines.get(i), self.block_words.get(i), self.doc.blocks.get(i))
        else {
            return Lines::default();
        };
        let lines = builder.again(block, kind, first as usize, words as usize, spare.unwrap_or_default());
        debug_assert_eq!(
            lines.lines.len(),
            (self.block_lines[i + 1] - first) as usize,
            "block {block} laid out alone has as many lines as in the whole"
        );
        lines
    }

    /// The block line `line` belongs to (the last block starting at or before it).
    fn block_of_line(&self, line: usize) -> u32 {
        let blocks = &self.block_lines[..self.block_lines.len().saturating_sub(1)];
        blocks.partition_point(|&first| first as usize <= line).saturating_sub(1) as u32
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
        self.line(line).map_or(self.words, |l| l.words_before())
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.block_lines.last().map_or(0, |&n| n as usize)
    }

    /// Whether there are no lines.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Line `i`, if it exists.
    pub fn line(&self, i: usize) -> Option<LineRef<'_>> {
        if i >= self.len() {
            return None;
        }
        let block = self.block_of_line(i);
        let first = self.block_lines[block as usize] as usize;
        line_in(&self.doc, &self.lines_of_block(block), i - first)
    }

    /// All lines in order (laid out a block at a time as they are read; blocks laid out
    /// lately are taken as they are, and the others are not kept).
    pub fn lines(&self) -> impl Iterator<Item = LineRef<'_>> {
        Walk {
            layout: self,
            builder: Builder::for_block(&self.doc, self.width, &self.markers),
            next_block: 0,
            lines: Arc::default(),
            k: 0,
        }
    }

    /// Block `block`'s lines if they are kept from before.
    fn kept_lines(&self, block: u32) -> Option<Arc<Lines>> {
        let kept = self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.iter().find(|(b, _)| *b == block).map(|(_, lines)| Arc::clone(lines))
    }

    /// The line that shows `anchor`: the last line starting at or before it.
    pub fn line_of(&self, anchor: Anchor) -> usize {
        let blocks = self.block_words.len();
        if anchor.block as usize >= blocks {
            return self.len().saturating_sub(1);
        }
        let first = self.block_lines[anchor.block as usize] as usize;
        let lines = self.lines_of_block(anchor.block);
        let within = lines.lines.partition_point(|l| l.anchor <= anchor);
        (first + within).saturating_sub(1)
    }

    /// The first line of heading `index` (its place in [`Document::headings`]).
    pub fn heading_line(&self, index: usize) -> Option<usize> {
        self.maps.heading_lines.get(index).copied()
    }

    /// The first line of each heading, in order.
    pub fn heading_lines(&self) -> &[usize] {
        &self.maps.heading_lines
    }

    /// The heading whose section line `line` is in (the last heading at or above it).
    pub fn heading_at(&self, line: usize) -> Option<usize> {
        self.maps.heading_lines.partition_point(|&h| h <= line).checked_sub(1)
    }

    /// The first line of note `n` (numbered from 1).
    pub fn note_line(&self, n: u32) -> Option<usize> {
        self.maps.note_lines.get((n as usize).checked_sub(1)?).copied().filter(|&l| l != usize::MAX)
    }

    /// Every note reference, in reading order (by line, then column).
    pub fn note_refs(&self) -> &[NoteRef] {
        &self.maps.note_refs
    }

    /// The note references on lines `lines` (those on screen), in reading order.
    pub fn note_refs_on(&self, lines: std::ops::Range<usize>) -> &[NoteRef] {
        refs_on(&self.maps.note_refs, lines)
    }

    /// The pieces of text of links that show their own address (`note` is the number in
    /// the document's `autolinks`) on lines `lines`, in reading order.
    pub fn autolink_refs_on(&self, lines: std::ops::Range<usize>) -> &[NoteRef] {
        refs_on(&self.maps.autolink_refs, lines)
    }

    /// Every link's `[n]` in the text, in reading order: the links `f` follows.
    pub fn link_refs(&self) -> &[NoteRef] {
        &self.maps.link_refs
    }

    /// The links' `[n]` on lines `lines` (those on screen), in reading order.
    pub fn link_refs_on(&self, lines: std::ops::Range<usize>) -> &[NoteRef] {
        refs_on(&self.maps.link_refs, lines)
    }
}

/// A walk over every line of a layout, a block at a time.
struct Walk<'a> {
    layout: &'a Layout,
    builder: Builder<'a>,
    next_block: u32,
    /// The block being walked, and the line of it to give next.
    lines: Arc<Lines>,
    k: usize,
}

impl<'a> Iterator for Walk<'a> {
    type Item = LineRef<'a>;

    fn next(&mut self) -> Option<LineRef<'a>> {
        loop {
            if let Some(line) = line_in(&self.layout.doc, &self.lines, self.k) {
                self.k += 1;
                return Some(line);
            }
            let block = self.next_block;
            if block as usize >= self.layout.block_words.len() {
                return None;
            }
            self.next_block += 1;
            self.k = 0;
            let done = std::mem::take(&mut self.lines);
            self.lines = match self.layout.kept_lines(block) {
                Some(kept) => kept,
                // The last block's buffers serve again, unless one of its lines is still held.
                None => {
                    Arc::new(self.layout.lay_out_block_with(&mut self.builder, block, Arc::into_inner(done)))
                }
            };
        }
    }
}

/// The references of `refs` (in reading order) on lines `lines`.
fn refs_on(refs: &[NoteRef], lines: std::ops::Range<usize>) -> &[NoteRef] {
    let first = refs.partition_point(|r| r.line < lines.start);
    let end = refs.partition_point(|r| r.line < lines.end).max(first);
    &refs[first..end]
}

#[cfg(test)]
mod tests;
