//! Building a [`Layout`] block by block: each line's prefix (quote bars, list and note
//! markers, hanging indents, kept to half the width), wrapped text pushed as styled runs,
//! heading rules, and the maps from headings and notes to their lines.

use unicode_width::UnicodeWidthStr;

use std::sync::Arc;

use super::run::{self, MAIN, OWN, Run};
use super::wrap::{InlineText, Piece, PieceText, Wrapped};
use super::{Anchor, JOINED, Layout, Line, NoteRef};
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

/// Lays out one document at one width.
pub(super) struct Builder<'d> {
    pub(super) doc: &'d Document,
    pub(super) width: usize,
    pub(super) layout: Layout,
    pub(super) wrapped: Wrapped,
    /// Whether each container has shown its marker yet.
    pub(super) started: Vec<bool>,
    pub(super) previous_block: Option<u32>,
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
    pub(super) fn new(doc: &'d Arc<Document>, width: usize) -> Self {
        // Room for a line per `width` bytes of the source plus a blank between blocks:
        // growing these buffers would copy them over and over ([`Builder::finish`] gives
        // back what is left over).
        // The source the blocks come from: for the first screen of a long essay, a window
        // of a few KiB, not the whole book.
        let (low, high) =
            doc.blocks.iter().fold((usize::MAX, 0), |(lo, hi), b| (lo.min(b.src), hi.max(b.src)));
        let span = (high.saturating_sub(low) + 4096).min(doc.source_len);
        let lines = span / width + 2 * doc.blocks.len();
        let layout = Layout {
            doc: Arc::clone(doc),
            width,
            runs: Vec::with_capacity(lines * 2),
            lines: Vec::with_capacity(lines),
            heading_lines: vec![0; doc.headings.len()],
            note_lines: vec![usize::MAX; doc.notes as usize],
            ..Layout::default()
        };
        Builder {
            doc,
            width,
            layout,
            wrapped: Wrapped::default(),
            started: vec![false; doc.containers.len()],
            previous_block: None,
            merge_floor: 0,
            line_first_run: 0,
            block: 0,
            row: 0,
            text: String::new(),
        }
    }

    /// The layout, its buffers shrunk to what they hold.
    pub(super) fn finish(mut self) -> Layout {
        let layout = &mut self.layout;
        layout.own.shrink_to_fit();
        layout.runs.shrink_to_fit();
        layout.aside.shrink_to_fit();
        layout.lines.shrink_to_fit();
        layout.note_refs.shrink_to_fit();
        layout.link_refs.shrink_to_fit();
        layout.autolink_refs.shrink_to_fit();
        self.layout
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
                ContainerKind::Item(m) if first && !self.started[c as usize] => {
                    self.started[c as usize] = true;
                    (format!("{m} "), Style::role(Role::Marker))
                }
                ContainerKind::Note(n) if first && !self.started[c as usize] => {
                    self.started[c as usize] = true;
                    if let Some(slot) =
                        (*n as usize).checked_sub(1).and_then(|i| self.layout.note_lines.get_mut(i))
                    {
                        *slot = self.layout.lines.len();
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
        let start = self.layout.own.len() as u32;
        self.layout.own.push_str(text);
        let end = self.layout.own.len() as u32;
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
        let open = self.layout.runs.len() as u32 > self.merge_floor;
        let index = self.layout.runs.len() as u32;
        let Some(new) = Run::new(start, end, src, style) else {
            // Kept aside; merged into the run before when that is the same style kept aside.
            if let Some(last) = self.layout.runs.last_mut()
                && open
                && last.is_aside()
                && last.src() == src
                && last.end() == start
                && end - last.start <= run::MAX_LEN
                && self.layout.aside.last() == Some(&(index - 1, style))
            {
                last.end_at(end);
                return;
            }
            self.layout.aside.push((index, style));
            self.layout.runs.push(Run::aside(start, end, src));
            return;
        };
        match self.layout.runs.last_mut() {
            Some(r) if open && r.continued_by(new) => r.end_at(end),
            _ => self.layout.runs.push(new),
        }
    }

    /// The start of the character of string `src` (see [`run`]) that holds byte `at`.
    fn char_start_at_or_before(&self, src: u8, mut at: u32) -> u32 {
        let starts = |b: u32| match src {
            OWN => self.layout.own.is_char_boundary(b as usize),
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
        let layout = &self.layout;
        layout.runs[self.line_first_run as usize..]
            .iter()
            .map(|&r| {
                if r.src() == OWN {
                    layout.own.get(r.start as usize..r.end() as usize).unwrap_or_default().width()
                } else {
                    run::doc_pieces(self.doc, self.block, self.row, r).map(UnicodeWidthStr::width).sum()
                }
            })
            .sum()
    }

    /// Starts a line: pushes its prefix; returns the index of its first run.
    pub(super) fn begin_line(&mut self, prefix: &[PrefixPart]) -> (u32, u32) {
        let first = self.layout.runs.len() as u32;
        self.merge_floor = first;
        self.line_first_run = first;
        for p in prefix {
            self.push_run(&p.text, p.style);
        }
        self.merge_floor = self.layout.runs.len() as u32;
        (first, self.layout.runs.len() as u32)
    }

    pub(super) fn end_line(&mut self, (first, content): (u32, u32), anchor: Anchor, joined: bool) {
        let words_before = self.layout.words as u32;
        let content_run = if joined { content | JOINED } else { content };
        self.layout.lines.push(Line { first_run: first, content_run, anchor, words_before });
    }

    pub(super) fn block(&mut self, index: u32, block: &Block) {
        self.block = index;
        self.row = 0;
        let chain = self.visible_chain(block.container);
        if block.gap_before && !self.layout.lines.is_empty() {
            // A blank line keeps the quote bars both neighbours share.
            let shared: Vec<u32> = match self.previous_block {
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
            if let Some(last) = self.layout.runs.last_mut()
                && prefix.last().is_some_and(|p| p.style.role == Role::QuoteBar)
                && last.src() == OWN
                && last.end() as usize == self.layout.own.len()
                && self.layout.own.ends_with(' ')
            {
                last.end_at(last.end() - 1);
                self.layout.own.pop();
                if last.is_empty() {
                    self.layout.runs.pop();
                    line.1 = line.1.min(self.layout.runs.len() as u32);
                }
            }
            self.end_line(line, Anchor { block: index, byte: 0 }, false);
        }
        self.previous_block = Some(index);
        let first_prefix = self.prefix(&chain, true);
        let rest_prefix = self.prefix(&chain, false);
        let prefix_width: usize = first_prefix.iter().map(|p| p.text.width()).sum();
        let avail = self.width.saturating_sub(prefix_width).max(1);
        match &block.kind {
            BlockKind::Paragraph(inline) => {
                self.inline(index, inline, avail, &first_prefix, &rest_prefix);
            }
            BlockKind::Heading { level, inline, index: h, quiet } => {
                if let Some(slot) = self.layout.heading_lines.get_mut(*h) {
                    *slot = self.layout.lines.len();
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
            self.layout.words += wl.words as usize;
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
                        let line = self.layout.lines.len();
                        let refs = match p.style.role {
                            Role::NoteRef(_) => &mut self.layout.note_refs,
                            Role::LinkRef(_) => &mut self.layout.link_refs,
                            _ => &mut self.layout.autolink_refs,
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
