//! Preformatted text (code blocks and raw HTML): lines kept as written, tabs expanded to
//! the next stop, a line longer than the column broken between grapheme clusters. Lines
//! are runs of the block's text; only a line with tabs is copied, expanded.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::run::MAIN;
use super::{Anchor, Builder, PrefixPart};
use crate::core::style::{Role, Style};

/// Columns a tab advances to in code blocks.
const TAB_STOP: usize = 4;

impl Builder<'_> {
    /// Code and raw HTML: lines kept as written, tabs expanded, broken where too long.
    pub(super) fn preformatted(
        &mut self,
        index: u32,
        text: &str,
        role: Role,
        avail: usize,
        first: &[PrefixPart],
        rest: &[PrefixPart],
    ) {
        let indent = if avail >= 12 { 2 } else { 0 };
        let avail = avail - indent;
        // The indent belongs to the prefix, so a line's content is only code: search joins
        // the pieces of a broken code line, and an indent between them would split a word.
        let pad = PrefixPart { text: " ".repeat(indent), style: Style::default() };
        let first: Vec<PrefixPart> = first.iter().cloned().chain([pad.clone()]).collect();
        let rest: Vec<PrefixPart> = rest.iter().cloned().chain([pad]).collect();
        let style = Style::role(role);
        let mut offset = 0u32;
        let mut expanded = String::new();
        for (n, source_line) in text.split('\n').enumerate() {
            let tabs = source_line.contains('\t');
            if tabs {
                expanded.clear();
                let mut col = 0;
                for g in source_line.graphemes(true) {
                    if g == "\t" {
                        let to = (col / TAB_STOP + 1) * TAB_STOP;
                        expanded.extend(std::iter::repeat_n(' ', to - col));
                        col = to;
                    } else {
                        expanded.push_str(g);
                        col += g.width();
                    }
                }
            }
            let shown = if tabs { expanded.as_str() } else { source_line };
            let mut pieces = break_graphemes(shown, avail).peekable();
            let mut piece_n = 0;
            while let Some(piece) = pieces.next() {
                let line = self.begin_line(if n == 0 && piece_n == 0 { &first } else { &rest });
                match piece {
                    Some((start, end)) if !tabs => {
                        self.push_range(MAIN, offset + start as u32, offset + end as u32, style)
                    }
                    Some((start, end)) => self.push_run(&expanded[start..end], style),
                    None => self.push_run("?", style),
                }
                self.end_line(line, Anchor { block: index, byte: offset }, piece_n > 0);
                piece_n += 1;
                if pieces.peek().is_none() {
                    break;
                }
            }
            offset += source_line.len() as u32 + 1;
        }
    }
}

/// Splits `text` into pieces at most `avail` cells wide, between grapheme clusters, as
/// byte ranges. A grapheme wider than `avail` gets a piece of its own, shown as `?` (`None`).
fn break_graphemes(text: &str, avail: usize) -> impl Iterator<Item = Option<(usize, usize)>> + '_ {
    let mut rest = text;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        if rest.is_empty() {
            done = true;
            let at = text.len();
            return Some(Some((at, at)));
        }
        let mut width = 0;
        let mut end = 0;
        for (i, g) in rest.grapheme_indices(true) {
            let gw = g.width();
            if width + gw > avail && end > 0 {
                break;
            }
            if gw > avail {
                // Cannot fit at all: drop it from this line rather than overflow.
                end = i + g.len();
                break;
            }
            width += gw;
            end = i + g.len();
        }
        let (piece, tail) = rest.split_at(end);
        let start = text.len() - rest.len();
        rest = tail;
        if rest.is_empty() {
            done = true;
        }
        let fits = piece.graphemes(true).all(|g| g.width() <= avail);
        Some(fits.then_some((start, start + end)))
    })
}
