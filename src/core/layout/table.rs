//! Tables: column widths fitted to the width (natural widths, else minimums plus a fair
//! share, else a squeeze), cells wrapped inside their columns, the header in bold and
//! ruled off; a table too narrow for columns is stacked, one cell per line.

use super::run::{CELL, OWN};
use super::wrap::{InlineText, Piece, Wrapped};
use super::{Anchor, Builder, PrefixPart};
use crate::core::document::{Align, Document, Inline, Table};
use crate::core::style::{Role, Style};

impl Builder<'_> {
    pub(super) fn table(
        &mut self,
        index: u32,
        table: &Table,
        avail: usize,
        first: &[PrefixPart],
        rest: &[PrefixPart],
    ) {
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let separators = 3 * (columns - 1);
        // The cells' texts, read out once.
        let texts: Vec<Vec<String>> = table
            .rows
            .iter()
            .map(|row| row.iter().map(|cell| self.doc.inline_text(cell)).collect())
            .collect();
        let doc = self.doc;
        let cell_text = |r, c, cell| cell_text(doc, &texts, r, c, cell);
        // Natural and minimum widths of each column.
        let mut natural = vec![0usize; columns];
        let mut minimum = vec![1usize; columns];
        let mut wrapped = std::mem::take(&mut self.wrapped);
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                wrapped.wrap(&cell_text(r, c, cell), usize::MAX / 2);
                natural[c] = natural[c].max(wrapped.lines.iter().map(|l| l.width).max().unwrap_or(0)).max(1);
                minimum[c] = minimum[c].max(wrapped.widest_word.min(20));
            }
        }
        self.wrapped = wrapped;
        if avail < separators + columns {
            return self.stacked_table(index, table, &texts, avail, (first, rest));
        }
        let space = avail - separators;
        let widths = fit_columns(&natural, &minimum, space);
        let mut first_line = true;
        for (r, row) in table.rows.iter().enumerate() {
            self.row = r as u32;
            let mut cells: Vec<Wrapped> = Vec::with_capacity(columns);
            for (c, &w) in widths.iter().enumerate() {
                let mut wr = Wrapped::default();
                if let Some(cell) = row.get(c) {
                    wr.wrap(&cell_text(r, c, cell), w);
                }
                cells.push(wr);
            }
            let height = cells.iter().map(|c| c.lines.len()).max().unwrap_or(1).max(1);
            for k in 0..height {
                let line = self.begin_line(if first_line { first } else { rest });
                first_line = false;
                for (c, &w) in widths.iter().enumerate() {
                    if c > 0 {
                        self.push_run(" │ ", Style::role(Role::TableRule));
                    }
                    let cell_line = cells[c].lines.get(k).copied();
                    let used = cell_line.map_or(0, |l| l.width);
                    let pad = w.saturating_sub(used);
                    let align = table.aligns.get(c).copied().unwrap_or(Align::Left);
                    let (left, right) = match align {
                        Align::Left => (0, pad),
                        Align::Right => (pad, 0),
                        Align::Center => (pad / 2, pad - pad / 2),
                    };
                    self.push_run(&" ".repeat(left), Style::default());
                    if let (Some(l), Some(cell)) = (cell_line, row.get(c)) {
                        let pieces = cells[c].pieces[l.pieces.0 as usize..l.pieces.1 as usize].to_vec();
                        let pieces: Vec<Piece> = pieces
                            .into_iter()
                            .map(|mut p| {
                                if r == 0 && p.style.role == Role::Text {
                                    p.style.flags |= Style::BOLD;
                                }
                                p
                            })
                            .collect();
                        self.push_pieces(&cell_text(r, c, cell), cell_src(c), &pieces);
                    }
                    // No trailing padding after the last column.
                    if c + 1 < columns {
                        self.push_run(&" ".repeat(right), Style::default());
                    }
                }
                self.end_line(line, Anchor { block: index, byte: r as u32 }, false);
            }
            if r == 0 && table.rows.len() > 1 {
                let line = self.begin_line(rest);
                let rule: Vec<String> = widths.iter().map(|&w| "─".repeat(w)).collect();
                self.push_run(&rule.join("─┼─"), Style::role(Role::TableRule));
                self.end_line(line, Anchor { block: index, byte: r as u32 }, false);
            }
        }
    }

    /// A table too wide for any column layout: each cell (whose texts are `texts`) as its
    /// own wrapped line.
    fn stacked_table(
        &mut self,
        index: u32,
        table: &Table,
        texts: &[Vec<String>],
        avail: usize,
        (first, rest): (&[PrefixPart], &[PrefixPart]),
    ) {
        let mut first_line = true;
        for (r, row) in table.rows.iter().enumerate() {
            self.row = r as u32;
            for (c, cell) in row.iter().enumerate() {
                let cell = cell_text(self.doc, texts, r, c, cell);
                let mut wrapped = std::mem::take(&mut self.wrapped);
                wrapped.wrap(&cell, avail);
                for wl in &wrapped.lines {
                    let line = self.begin_line(if first_line { first } else { rest });
                    first_line = false;
                    let pieces = &wrapped.pieces[wl.pieces.0 as usize..wl.pieces.1 as usize];
                    self.push_pieces(&cell, cell_src(c), pieces);
                    self.end_line(line, Anchor { block: index, byte: r as u32 }, wl.joined);
                }
                self.wrapped = wrapped;
            }
        }
    }
}

/// The cell in row `r`, column `c`, with its text (of `texts`, the table's read out).
fn cell_text<'a>(
    doc: &'a Document,
    texts: &'a [Vec<String>],
    r: usize,
    c: usize,
    cell: &'a Inline,
) -> InlineText<'a> {
    InlineText {
        spans: doc.spans(cell),
        text: texts.get(r).and_then(|t| t.get(c)).map_or("", String::as_str),
    }
}

/// The run source of column `c`'s cells: past what a run can name, their text is copied.
fn cell_src(c: usize) -> u8 {
    u8::try_from(c).ok().and_then(|c| c.checked_add(CELL)).unwrap_or(OWN)
}

/// Column widths that fit in `space`: natural widths if they fit, else the minimum widths
/// plus a fair share of what is left, else a proportional squeeze to at least 1 each.
fn fit_columns(natural: &[usize], minimum: &[usize], space: usize) -> Vec<usize> {
    let total: usize = natural.iter().sum();
    if total <= space {
        return natural.to_vec();
    }
    let min_total: usize = minimum.iter().sum();
    if min_total <= space {
        let extra = space - min_total;
        let want: usize = natural.iter().zip(minimum).map(|(n, m)| n.saturating_sub(*m)).sum();
        let mut widths: Vec<usize> = natural
            .iter()
            .zip(minimum)
            .map(|(n, m)| m + (n.saturating_sub(*m) * extra).checked_div(want).unwrap_or(0))
            .collect();
        let mut left = space - widths.iter().sum::<usize>();
        for (w, n) in widths.iter_mut().zip(natural) {
            if left == 0 {
                break;
            }
            if *w < *n {
                *w += 1;
                left -= 1;
            }
        }
        return widths;
    }
    let mut widths: Vec<usize> = minimum.iter().map(|m| (m * space / min_total).max(1)).collect();
    while widths.iter().sum::<usize>() > space {
        if let Some(w) = widths.iter_mut().filter(|w| **w > 1).max() {
            *w -= 1;
        } else {
            break;
        }
    }
    widths
}
