//! Runs: the styled pieces of laid-out lines, 12 bytes each. A run is a byte range of one
//! string: the document's own text (a paragraph's or heading's inline, a code block, a
//! table cell) or, for what the layout makes up (prefixes, rules, markers, padding), the
//! layout's small buffer. The prose itself is never copied.

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

/// The payload value that says the style did not fit in the run and is kept aside.
const ASIDE: u32 = 0xFFFF;

/// A byte range of one string and its style, packed: flags (4 bits), role (4 bits), source
/// (8 bits) and the role's number (16 bits; a larger one is kept aside by the layout).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Run {
    pub(super) start: u32,
    pub(super) end: u32,
    meta: u32,
}

impl Run {
    /// A run of `src`'s bytes `start..end` in `style`; `None` where the style does not fit
    /// in 32 bits with the source (a note numbered 65535 or more): the caller keeps it aside
    /// with [`Run::aside`].
    pub(super) fn new(start: u32, end: u32, src: u8, style: Style) -> Option<Run> {
        let (tag, payload) = pack_role(style.role);
        if style.flags >= 16 || payload >= ASIDE {
            return None;
        }
        let meta = u32::from(style.flags) | u32::from(tag) << 4 | u32::from(src) << 8 | payload << 16;
        Some(Run { start, end, meta })
    }

    /// A run whose style is kept aside, by the run's index, in the layout.
    pub(super) fn aside(start: u32, end: u32, src: u8) -> Run {
        Run { start, end, meta: u32::from(src) << 8 | ASIDE << 16 }
    }

    /// Where the run's text is: [`OWN`], [`MAIN`] or a table cell.
    #[inline]
    pub(super) fn src(self) -> u8 {
        (self.meta >> 8) as u8
    }

    /// Whether the style is kept aside (then runs never merge: their styles may differ).
    #[inline]
    pub(super) fn is_aside(self) -> bool {
        self.meta >> 16 == ASIDE
    }

    /// Whether `other` continues this run: same string, same style, and starting where this ends.
    pub(super) fn continued_by(self, other: Run) -> bool {
        self.meta == other.meta && self.end == other.start && !self.is_aside()
    }

    /// The run's style; `aside` holds the styles kept aside, by run index.
    #[inline]
    pub(super) fn style(self, index: usize, aside: &[(u32, Style)]) -> Style {
        if self.is_aside() {
            let at = aside.partition_point(|&(i, _)| (i as usize) < index);
            return aside.get(at).filter(|(i, _)| *i as usize == index).map_or(Style::default(), |&(_, s)| s);
        }
        let flags = (self.meta & 0xF) as u8;
        let role = unpack_role(((self.meta >> 4) & 0xF) as u8, self.meta >> 16);
        Style { role, flags }
    }
}

/// The text of `run` (not one of the layout's own), a run of a line of block `block` whose
/// anchor byte is `row` (tables): pieces of the document's text, none where there is none.
#[inline]
pub(super) fn doc_pieces(doc: &Document, block: u32, row: u32, run: Run) -> TextPieces<'_> {
    let Some(block) = doc.blocks.get(block as usize) else { return TextPieces::one("") };
    let (start, end) = (run.start, run.end);
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
        let roles = [
            Role::Text,
            Role::Heading(3),
            Role::HeadingRule(1),
            Role::Code,
            Role::CodeBlock,
            Role::QuoteBar,
            Role::Marker,
            Role::LinkRef(7),
            Role::AutoLink(65534),
            Role::NoteRef(1),
            Role::Rule,
            Role::TableRule,
            Role::Html,
            Role::Meta,
        ];
        let flags = Style::BOLD | Style::ITALIC | Style::STRIKE | Style::LINK;
        for role in roles {
            for flags in [0, Style::BOLD, flags] {
                let style = Style { role, flags };
                let run = Run::new(3, 9, CELL + 200, style).unwrap();
                assert_eq!((run.style(0, &[]), run.src(), run.start, run.end), (style, CELL + 200, 3, 9));
            }
        }
        // A note past what 16 bits hold is kept aside, and found there by the run's index.
        let big = Style::role(Role::NoteRef(70_000));
        assert!(Run::new(0, 1, MAIN, big).is_none());
        let run = Run::aside(0, 1, MAIN);
        assert_eq!(run.style(5, &[(2, Style::default()), (5, big)]), big);
        assert!(!run.continued_by(Run::aside(1, 2, MAIN)));
    }

    #[test]
    fn a_run_is_twelve_bytes() {
        assert_eq!(std::mem::size_of::<Run>(), 12);
    }
}
