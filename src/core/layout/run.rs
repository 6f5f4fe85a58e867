//! Runs: the styled pieces of laid-out lines, 8 bytes each (a book has a quarter of a
//! million). A run is a byte range of one string: the document's own text (a paragraph's or
//! heading's inline, a code block, a table cell) or, for what the layout makes up (prefixes,
//! rules, markers, padding), the layout's small buffer. The prose itself is never copied.

use crate::core::document::{BlockKind, Document, TextPieces};
use crate::core::style::{Style, pack_role, unpack_role};

/// The run's text is in the layout's own buffer.
pub(super) const OWN: u8 = 0;
/// The run's text is in its block's text: the inline of a paragraph or heading, or the
/// text of a code block or raw HTML.
pub(super) const MAIN: u8 = 1;
/// Sources from this one up are table cells: column `src - CELL` of the row the line's
/// anchor names (a table line's anchor byte is its row).
pub(super) const CELL: u8 = 2;

/// The most bytes a run holds; a longer stretch of one style is laid down as several runs.
pub(super) const MAX_LEN: u32 = u16::MAX as u32;

/// The role tag that says the style is kept aside by the layout.
const ASIDE: u16 = 0xF;

/// A byte range of one string and its style, packed: the start, the length (16 bits), and
/// flags (4 bits), role (4 bits) and source (8 bits). A role that carries a number (a
/// heading's level, a note's or link's number) is kept aside by the layout, as are styles
/// with flags that do not fit: a few runs in a hundred.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Run {
    pub(super) start: u32,
    len: u16,
    meta: u16,
}

impl Run {
    /// A run of `src`'s bytes `start..end` (at most [`MAX_LEN`] of them) in `style`; `None`
    /// where the style carries a number or does not fit: the caller keeps it aside with
    /// [`Run::aside`].
    pub(super) fn new(start: u32, end: u32, src: u8, style: Style) -> Option<Run> {
        let (tag, number) = pack_role(style.role);
        if style.flags >= 16 || number != 0 {
            return None;
        }
        let meta = u16::from(style.flags) | u16::from(tag) << 4 | u16::from(src) << 8;
        Some(Run { start, len: Run::len_of(start, end), meta })
    }

    /// A run whose style is kept aside, by the run's index, in the layout.
    pub(super) fn aside(start: u32, end: u32, src: u8) -> Run {
        Run { start, len: Run::len_of(start, end), meta: ASIDE << 4 | u16::from(src) << 8 }
    }

    fn len_of(start: u32, end: u32) -> u16 {
        debug_assert!(end >= start && end - start <= MAX_LEN, "a run of {start}..{end}");
        end.saturating_sub(start).min(MAX_LEN) as u16
    }

    /// The byte after the run.
    #[inline]
    pub(super) fn end(self) -> u32 {
        self.start + u32::from(self.len)
    }

    /// Whether the run holds no bytes.
    pub(super) fn is_empty(self) -> bool {
        self.len == 0
    }

    /// Makes the run end at `end` (after its start, at most [`MAX_LEN`] bytes on).
    pub(super) fn end_at(&mut self, end: u32) {
        self.len = Run::len_of(self.start, end);
    }

    /// Where the run's text is: [`OWN`], [`MAIN`] or a table cell.
    #[inline]
    pub(super) fn src(self) -> u8 {
        (self.meta >> 8) as u8
    }

    /// Whether the style is kept aside.
    #[inline]
    pub(super) fn is_aside(self) -> bool {
        (self.meta >> 4) & 0xF == ASIDE
    }

    /// Whether `other` continues this run: same string, same style (not one kept aside,
    /// whose styles the caller compares), starting where this ends, and room for both.
    pub(super) fn continued_by(self, other: Run) -> bool {
        self.meta == other.meta
            && self.end() == other.start
            && !self.is_aside()
            && u32::from(self.len) + u32::from(other.len) <= MAX_LEN
    }

    /// The run's style; `aside` holds the styles kept aside, by run index.
    #[inline]
    pub(super) fn style(self, index: usize, aside: &[(u32, Style)]) -> Style {
        if self.is_aside() {
            let at = aside.partition_point(|&(i, _)| (i as usize) < index);
            return aside.get(at).filter(|(i, _)| *i as usize == index).map_or(Style::default(), |&(_, s)| s);
        }
        let flags = (self.meta & 0xF) as u8;
        let role = unpack_role(((self.meta >> 4) & 0xF) as u8, 0);
        Style { role, flags }
    }
}

/// The text of `run` (not one of the layout's own), a run of a line of block `block` whose
/// anchor byte is `row` (tables): pieces of the document's text, none where there is none.
#[inline]
pub(super) fn doc_pieces(doc: &Document, block: u32, row: u32, run: Run) -> TextPieces<'_> {
    let Some(block) = doc.blocks.get(block as usize) else { return TextPieces::one("") };
    let (start, end) = (run.start, run.end());
    match (&block.kind, run.src()) {
        (BlockKind::Paragraph(inline) | BlockKind::Heading { inline, .. }, MAIN) => {
            doc.text_pieces(inline, start, end)
        }
        (BlockKind::Code(text) | BlockKind::Html(text), MAIN) => {
            TextPieces::one(text.get(start as usize..end as usize).unwrap_or_default())
        }
        (BlockKind::Table(table), c) if c >= CELL => {
            match table.rows.get(row as usize).and_then(|r| r.get(usize::from(c - CELL))) {
                Some(cell) => doc.text_pieces(cell, start, end),
                None => TextPieces::one(""),
            }
        }
        _ => TextPieces::one(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::style::Role;

    #[test]
    fn every_style_comes_back_as_it_went_in() {
        let plain = [Role::Text, Role::Code, Role::CodeBlock, Role::QuoteBar, Role::Marker, Role::Rule];
        let more = [Role::TableRule, Role::Html, Role::Meta];
        let flags = Style::BOLD | Style::ITALIC | Style::STRIKE | Style::LINK;
        for role in plain.into_iter().chain(more) {
            for flags in [0, Style::BOLD, flags] {
                let style = Style { role, flags };
                let run = Run::new(3, 9, CELL + 200, style).unwrap();
                assert_eq!((run.style(0, &[]), run.src(), run.start, run.end()), (style, CELL + 200, 3, 9));
            }
        }
        // A role with a number is kept aside, and found there by the run's index.
        for role in [Role::Heading(3), Role::HeadingRule(1), Role::LinkRef(7), Role::NoteRef(70_000)] {
            let style = Style::role(role);
            assert!(Run::new(0, 1, MAIN, style).is_none());
            let run = Run::aside(0, 1, MAIN);
            assert_eq!(run.style(5, &[(2, Style::default()), (5, style)]), style);
            assert!(!run.continued_by(Run::aside(1, 2, MAIN)));
        }
    }

    #[test]
    fn a_run_is_eight_bytes_and_a_long_one_does_not_grow_past_what_it_can_say() {
        assert_eq!(std::mem::size_of::<Run>(), 8);
        let run = Run::new(10, 10 + MAX_LEN, MAIN, Style::default()).unwrap();
        assert_eq!(run.end(), 10 + MAX_LEN);
        assert!(!run.continued_by(Run::new(10 + MAX_LEN, 11 + MAX_LEN, MAIN, Style::default()).unwrap()));
    }
}
