//! Building a [`Layout`] block by block: each line's prefix (quote bars, list and note
//! markers, hanging indents, kept to half the width), wrapped text pushed as styled runs,
//! heading rules, and the maps from headings and notes to their lines.

use unicode_width::UnicodeWidthStr;

use std::sync::Arc;

use super::run::{self, MAIN, OWN, Run};
use super::wrap::{InlineText, Piece, PieceText, Wrapped};
use super::{Anchor, JOINED, Layout, Line, Lines, Maps, NoteRef};
use crate::core::document::{Block, BlockKind, ContainerKind, Document, Inline};
use crate::core::style::{Role, Style};

/// What a quiet section break (a heading of class `break`) is drawn as, centred.
const QUIET_MARK: &str = "*   *   *";

/// One segment of a line prefix.
#[derive(Clone, PartialEq)]
pub(super) struct PrefixPart {
    pub(super) text: String,
    pub(super) style: Style,
}

/// Which list and note markers have been shown: recorded as the whole text is laid out,
/// read when one block is laid out again.
enum Markers<'d> {
    Record(Vec<u32>),
    Read(&'d [u32]),
}

/// Lays out one document at one width: the whole of it, a block at a time, keeping only
/// where lines fall ([`Builder::whole_block`]), or one block again with its lines
/// ([`Builder::for_block`]).
pub(super) struct Builder<'d> {
    pub(super) doc: &'d Document,
    pub(super) width: usize,
    /// The lines of the block being laid out.
    pub(super) out: Lines,
    /// Lines before the block's first, in the whole layout.
    base: usize,
    /// Words of running text before the line being built.
    words: usize,
    /// The first line of each block and the words before it (whole layouts only).
    block_lines: Vec<u32>,
    block_words: Vec<u32>,
    maps: Maps,
    markers: Markers<'d>,
    pub(super) wrapped: Wrapped,
    /// Runs before this index are closed: a new run never merges into them. Set at the
    /// start of each line and again where its content starts, so text never merges into
    /// the prefix (a list item's indentation has the same style as plain text).
    pub(super) merge_floor: u32,
    /// The first run of the line being built (to measure columns).
    pub(super) line_first_run: u32,
    /// The block being laid out, and the table row (the strings runs point into).
    pub(super) block: u32,
    pub(super) row: u32,
    /// The text of the inline being laid out, read out (reused between blocks).
    pub(super) text: String,
}

impl<'d> Builder<'d> {
    /// A builder for the whole of `doc`, a block at a time ([`Builder::whole_block`]).
    pub(super) fn new(doc: &'d Document, width: usize) -> Self {
        let maps = Maps {
            heading_lines: vec![0; doc.headings.len()],
            note_lines: vec![usize::MAX; doc.notes as usize],
            ..Maps::default()
        };
        let mut b = Builder::with(doc, width, Markers::Record(vec![u32::MAX; doc.containers.len()]));
        b.maps = maps;
        b.block_lines = Vec::with_capacity(doc.blocks.len() + 1);
        b.block_words = Vec::with_capacity(doc.blocks.len());
        b
    }

    /// A builder for blocks of a whole layout, one at a time ([`Builder::again`]):
    /// `markers` says which markers the whole layout showed where.
    pub(super) fn for_block(doc: &'d Document, width: usize, markers: &'d [u32]) -> Self {
        Builder::with(doc, width, Markers::Read(markers))
    }

    /// Lays block `index` out again, as the whole layout did, into `out`'s buffers:
    /// `base` lines and `words` words come before it.
    pub(super) fn again(
        &mut self,
        index: u32,
        block: &Block,
        base: usize,
        words: usize,
        mut out: Lines,
    ) -> Lines {
        out.clear();
        self.out = out;
        (self.base, self.words) = (base, words);
        self.block(index, block);
        std::mem::take(&mut self.out)
    }

    fn with(doc: &'d Document, width: usize, markers: Markers<'d>) -> Self {
        Builder {
            doc,
            width,
            out: Lines::default(),
            base: 0,
            words: 0,
            block_lines: Vec::new(),
            block_words: Vec::new(),
            maps: Maps::default(),
            markers,
            wrapped: Wrapped::default(),
            merge_floor: 0,
            line_first_run: 0,
            block: 0,
            row: 0,
            text: String::new(),
        }
    }

    /// Lays out block `index` as part of the whole: where its lines fall is kept, the
    /// lines themselves are not.
    pub(super) fn whole_block(&mut self, index: u32, block: &Block) {
        self.whole_block_with(index, block, |_| {});
    }

    /// [`Builder::whole_block`], handing the block's lines to `lines` before they go.
    pub(super) fn whole_block_with(&mut self, index: u32, block: &Block, lines: impl FnOnce(&mut Lines)) {
        self.block_lines.push(self.base as u32);
        self.block_words.push(self.words as u32);
        self.block(index, block);
        self.base += self.out.lines.len();
        lines(&mut self.out);
        self.out.clear();
    }

    /// The whole layout, its maps shrunk to what they hold.
    pub(super) fn finish(mut self, doc: &Arc<Document>) -> Layout {
        self.block_lines.push(self.base as u32);
        let maps = &mut self.maps;
        maps.note_refs.shrink_to_fit();
        maps.link_refs.shrink_to_fit();
        maps.autolink_refs.shrink_to_fit();
        // Only a whole layout's builder (`new`) is finished: its markers are recorded.
        let markers = match self.markers {
            Markers::Record(markers) => markers,
            Markers::Read(_) => Vec::new(),
        };
        Layout {
            doc: Arc::clone(doc),
            width: self.width,
            words: self.words,
            block_lines: self.block_lines,
            block_words: self.block_words,
            markers,
            maps: self.maps,
            kept: std::sync::Mutex::default(),
        }
    }

    /// Whether container `c`'s marker was shown before the block being laid out.
    fn marker_shown(&self, c: u32) -> bool {
        let at = match &self.markers {
            Markers::Record(m) => m.get(c as usize),
            Markers::Read(m) => m.get(c as usize),
        };
        at.is_some_and(|&b| b < self.block)
    }

    /// Records that the block being laid out shows container `c`'s marker.
    fn show_marker(&mut self, c: u32) {
        if let Markers::Record(m) = &mut self.markers
            && let Some(at) = m.get_mut(c as usize)
        {
            *at = self.block;
        }
    }

    /// The number, in the whole layout, of the line being built next.
    fn line_number(&self) -> usize {
        self.base + self.out.lines.len()
    }

    /// The containers a block sits in that can be shown, innermost first: as many as fit
    /// in half the width, so deep nesting never crowds the text out.
    fn visible_chain(&self, container: Option<u32>) -> Vec<u32> {
        let budget = self.width.saturating_sub(1) / 2;
        let mut used = 0;
        let mut chain = Vec::new();
        let mut at = container;
        while let Some(c) = at {
            let node = &self.doc.containers[c as usize];
            used += match &node.kind {
                ContainerKind::Quote => 2,
                ContainerKind::Item(m) => m.width() + 1,
                ContainerKind::Note(n) => n.to_string().len() + 3,
            };
            if used > budget {
                break;
            }
            chain.push(c);
            at = node.parent;
        }
        chain
    }

    /// The prefix for a line: `first` shows list markers not yet shown.
    fn prefix(&mut self, chain: &[u32], first: bool) -> Vec<PrefixPart> {
        let mut parts = Vec::with_capacity(chain.len());
        for &c in chain.iter().rev() {
            let kind = &self.doc.containers[c as usize].kind;
            let (text, style) = match kind {
                ContainerKind::Quote => ("│ ".to_string(), Style::role(Role::QuoteBar)),
                ContainerKind::Item(m) if first && !self.marker_shown(c) => {
                    self.show_marker(c);
                    (format!("{m} "), Style::role(Role::Marker))
                }
                ContainerKind::Note(n) if first && !self.marker_shown(c) => {
                    self.show_marker(c);
                    let line = self.line_number();
                    if let Some(slot) =
                        (*n as usize).checked_sub(1).and_then(|i| self.maps.note_lines.get_mut(i))
                    {
                        *slot = line;
                    }
                    (format!("[{n}] "), Style::role(Role::Marker))
                }
                ContainerKind::Item(m) => (" ".repeat(m.width() + 1), Style::default()),
                ContainerKind::Note(n) => (" ".repeat(n.to_string().len() + 3), Style::default()),
            };
            parts.push(PrefixPart { text, style });
        }
        parts
    }

    /// Adds text the layout makes up (a prefix, a rule, padding) to the line.
    pub(super) fn push_run(&mut self, text: &str, style: Style) {
        if text.is_empty() {
            return;
        }
        let start = self.out.own.len() as u32;
        self.out.own.push_str(text);
        let end = self.out.own.len() as u32;
        self.push_range(OWN, start, end, style);
    }

    /// Adds bytes `start..end` of string `src` (see [`run`]) to the line, merged into the
    /// run before where it continues it.
    pub(super) fn push_range(&mut self, src: u8, mut start: u32, end: u32, style: Style) {
        // Longer than a run can say (a grapheme of thousands of marks): several runs, cut
        // between characters.
        while end - start > run::MAX_LEN {
            let cut = self.char_start_at_or_before(src, start + run::MAX_LEN);
            if cut <= start {
                break;
            }
            self.push_run_of(src, start, cut, style);
            start = cut;
        }
        self.push_run_of(src, start, end.min(start + run::MAX_LEN), style);
    }

    /// [`Builder::push_range`] of at most [`run::MAX_LEN`] bytes.
    fn push_run_of(&mut self, src: u8, start: u32, end: u32, style: Style) {
        if start == end {
            return;
        }
        let open = self.out.runs.len() as u32 > self.merge_floor;
        let index = self.out.runs.len() as u32;
        let Some(new) = Run::new(start, end, src, style) else {
            // Kept aside; merged into the run before when that is the same style kept aside.
            if let Some(last) = self.out.runs.last_mut()
                && open
                && last.is_aside()
                && last.src() == src
                && last.end() == start
                && end - last.start <= run::MAX_LEN
                && self.out.aside.last() == Some(&(index - 1, style))
            {
                last.end_at(end);
                return;
            }
            self.out.aside.push((index, style));
            self.out.runs.push(Run::aside(start, end, src));
            return;
        };
        match self.out.runs.last_mut() {
            Some(r) if open && r.continued_by(new) => r.end_at(end),
            _ => self.out.runs.push(new),
        }
    }

    /// The start of the character of string `src` (see [`run`]) that holds byte `at`.
    fn char_start_at_or_before(&self, src: u8, mut at: u32) -> u32 {
        let starts = |b: u32| match src {
            OWN => self.out.own.is_char_boundary(b as usize),
            _ => match (&self.doc.blocks.get(self.block as usize).map(|b| &b.kind), src) {
                (Some(BlockKind::Paragraph(inline) | BlockKind::Heading { inline, .. }), MAIN) => {
                    self.doc.is_char_boundary(inline, b)
                }
                (Some(BlockKind::Code(text) | BlockKind::Html(text)), MAIN) => {
                    text.is_char_boundary(b as usize)
                }
                (Some(BlockKind::Table(table)), c) if c >= run::CELL => table
                    .rows
                    .get(self.row as usize)
                    .and_then(|r| r.get(usize::from(c - run::CELL)))
                    .is_none_or(|cell| self.doc.is_char_boundary(cell, b)),
                _ => true,
            },
        };
        while at > 0 && !starts(at) {
            at -= 1;
        }
        at
    }

    /// Display width of the line being built so far.
    fn line_width(&self) -> usize {
        let out = &self.out;
        out.runs[self.line_first_run as usize..]
            .iter()
            .map(|&r| {
                if r.src() == OWN {
                    out.own.get(r.start as usize..r.end() as usize).unwrap_or_default().width()
                } else {
                    run::doc_pieces(self.doc, self.block, self.row, r).map(UnicodeWidthStr::width).sum()
                }
            })
            .sum()
    }

    /// Starts a line: pushes its prefix; returns the index of its first run.
    pub(super) fn begin_line(&mut self, prefix: &[PrefixPart]) -> (u32, u32) {
        let first = self.out.runs.len() as u32;
        self.merge_floor = first;
        self.line_first_run = first;
        for p in prefix {
            self.push_run(&p.text, p.style);
        }
        self.merge_floor = self.out.runs.len() as u32;
        (first, self.out.runs.len() as u32)
    }

    pub(super) fn end_line(&mut self, (first, content): (u32, u32), anchor: Anchor, joined: bool) {
        let words_before = self.words as u32;
        let content_run = if joined { content | JOINED } else { content };
        self.out.lines.push(Line { first_run: first, content_run, anchor, words_before });
    }

    pub(super) fn block(&mut self, index: u32, block: &Block) {
        self.block = index;
        self.row = 0;
        let chain = self.visible_chain(block.container);
        if block.gap_before && self.line_number() > 0 {
            // A blank line keeps the quote bars both neighbours share.
            let shared: Vec<u32> = match index.checked_sub(1) {
                Some(p) => {
                    let prev = self.visible_chain(self.doc.blocks[p as usize].container);
                    chain
                        .iter()
                        .copied()
                        .filter(|c| {
                            prev.contains(c) && self.doc.containers[*c as usize].kind == ContainerKind::Quote
                        })
                        .collect()
                }
                None => Vec::new(),
            };
            let prefix = self.prefix(&shared, false);
            let mut line = self.begin_line(&prefix);
            // Trailing bar only: no dangling space at the end of a blank line.
            if let Some(last) = self.out.runs.last_mut()
                && prefix.last().is_some_and(|p| p.style.role == Role::QuoteBar)
                && last.src() == OWN
                && last.end() as usize == self.out.own.len()
                && self.out.own.ends_with(' ')
            {
                last.end_at(last.end() - 1);
                self.out.own.pop();
                if last.is_empty() {
                    self.out.runs.pop();
                    line.1 = line.1.min(self.out.runs.len() as u32);
                }
            }
            self.end_line(line, Anchor { block: index, byte: 0 }, false);
        }
        let first_prefix = self.prefix(&chain, true);
        let rest_prefix = self.prefix(&chain, false);
        let prefix_width: usize = first_prefix.iter().map(|p| p.text.width()).sum();
        let avail = self.width.saturating_sub(prefix_width).max(1);
        match &block.kind {
            BlockKind::Paragraph(inline) => {
                self.inline(index, inline, avail, &first_prefix, &rest_prefix);
            }
            BlockKind::Heading { level, inline, index: h, quiet } => {
                let line = self.line_number();
                if let Some(slot) = self.maps.heading_lines.get_mut(*h) {
                    *slot = line;
                }
                if *quiet {
                    // Its title is the text that follows: the break alone is drawn.
                    let mark = QUIET_MARK.width();
                    let pad = avail.saturating_sub(mark) / 2;
                    let line = self.begin_line(&first_prefix);
                    self.push_run(&format!("{}{QUIET_MARK}", " ".repeat(pad)), Style::role(Role::Rule));
                    self.end_line(line, Anchor { block: index, byte: 0 }, false);
                    return;
                }
                let widest = self.inline(index, inline, avail, &first_prefix, &rest_prefix);
                if *level <= 2 {
                    let rule = if *level == 1 { "━" } else { "─" };
                    let line = self.begin_line(&rest_prefix);
                    self.push_run(&rule.repeat(widest.min(avail)), Style::role(Role::HeadingRule(*level)));
                    self.end_line(line, Anchor { block: index, byte: inline.len() as u32 }, false);
                }
            }
            BlockKind::Code(text) => {
                self.preformatted(index, text, Role::CodeBlock, avail, &first_prefix, &rest_prefix)
            }
            BlockKind::Html(text) => {
                self.preformatted(index, text, Role::Html, avail, &first_prefix, &rest_prefix)
            }
            BlockKind::Rule => {
                let line = self.begin_line(&first_prefix);
                self.push_run(&"─".repeat(avail), Style::role(Role::Rule));
                self.end_line(line, Anchor { block: index, byte: 0 }, false);
            }
            BlockKind::Table(table) => self.table(index, table, avail, &first_prefix, &rest_prefix),
        }
    }

    /// Lays out wrapped text; returns the width of its widest line.
    fn inline(
        &mut self,
        index: u32,
        inline: &Inline,
        avail: usize,
        first: &[PrefixPart],
        rest: &[PrefixPart],
    ) -> usize {
        let mut wrapped = std::mem::take(&mut self.wrapped);
        let mut text = std::mem::take(&mut self.text);
        text.clear();
        self.doc.write_inline_text(inline, &mut text);
        let inline = InlineText { spans: self.doc.spans(inline), text: &text };
        wrapped.wrap(&inline, avail);
        let mut widest = 0;
        for (n, wl) in wrapped.lines.iter().enumerate() {
            let line = self.begin_line(if n == 0 { first } else { rest });
            self.push_pieces(&inline, MAIN, &wrapped.pieces[wl.pieces.0 as usize..wl.pieces.1 as usize]);
            widest = widest.max(wl.width);
            self.end_line(line, Anchor { block: index, byte: wl.byte }, wl.joined);
            self.words += wl.words as usize;
        }
        self.wrapped = wrapped;
        self.text = text;
        widest
    }

    /// Pushes wrapped pieces of `inline`, which is string `src` of the block (see [`run`]).
    pub(super) fn push_pieces(&mut self, inline: &InlineText<'_>, src: u8, pieces: &[Piece]) {
        let bytes = inline.text.as_bytes();
        // A stretch of the text as a run of the document's string, or (a table cell past
        // what a run can name) a copy.
        let push_text = |b: &mut Self, s: u32, e: u32, style: Style| {
            if src == OWN {
                b.push_run(&inline.text[s as usize..e as usize], style);
            } else {
                b.push_range(src, s, e, style);
            }
        };
        // A stretch of the inline's own text, pushed as one run: words and the single
        // spaces between them usually are exactly the source text.
        let mut pending: Option<(u32, u32, Style)> = None;
        for p in pieces {
            let extends = |(s, e, style): (u32, u32, Style)| -> Option<(u32, u32, Style)> {
                match p.text {
                    PieceText::Src(ps, pe) if ps == e && p.style == style => Some((s, pe, style)),
                    PieceText::Space if bytes.get(e as usize) == Some(&b' ') && p.style == style => {
                        Some((s, e + 1, style))
                    }
                    _ => None,
                }
            };
            if let Some(grown) = pending.and_then(extends) {
                pending = Some(grown);
                continue;
            }
            let flushed_end = pending.take().map(|(s, e, style)| {
                push_text(self, s, e, style);
                e
            });
            match p.text {
                PieceText::Src(s, e) => {
                    if let Role::NoteRef(n) | Role::LinkRef(n) | Role::AutoLink(n) = p.style.role {
                        let start = self.line_width();
                        let end = start + inline.text[s as usize..e as usize].width();
                        let line = self.line_number();
                        let refs = match p.style.role {
                            Role::NoteRef(_) => &mut self.maps.note_refs,
                            Role::LinkRef(_) => &mut self.maps.link_refs,
                            _ => &mut self.maps.autolink_refs,
                        };
                        refs.push(NoteRef { line, start, end, note: n });
                    }
                    pending = Some((s, e, p.style));
                }
                // A space the text has right there is the text's (a word after it in the
                // same style then continues the run); a collapsed tab or run of spaces is not.
                PieceText::Space => match flushed_end {
                    Some(e) if src != OWN && bytes.get(e as usize) == Some(&b' ') => {
                        pending = Some((e, e + 1, p.style));
                    }
                    _ => self.push_run(" ", p.style),
                },
                PieceText::TooWide => self.push_run("?", Style::role(Role::Meta)),
            }
        }
        if let Some((s, e, style)) = pending {
            push_text(self, s, e, style);
        }
    }
}
