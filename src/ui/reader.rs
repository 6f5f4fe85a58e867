//! The reading view: the outline pane and the text column.

use super::cells;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{Theme, put};
use crate::app::keymap::Context;
use crate::app::{Focus, Geometry, Model, Reader};

pub(super) fn draw(model: &Model, reader: &Reader, g: &Geometry, theme: Theme, body: Rect, buf: &mut Buffer) {
    if let Some((x, w)) = g.outline {
        outline(model, reader, theme, Rect { x: body.x + x, width: w, ..body }, buf);
    }
    let (tx, tw) = g.text;
    let left = text_left(g, body);
    let passages = super::highlights::on_screen(model, reader, usize::from(body.height));
    for row in 0..body.height {
        let index = reader.top + usize::from(row);
        let Some(line) = reader.layout.line(index) else { break };
        let y = body.y + row;
        let mut x = left;
        let limit = body.x + tx + tw;
        for (text, style) in line.prefix() {
            x = put(buf, x, y, text, limit.saturating_sub(x), theme.text(style));
        }
        let mut marks: Vec<(usize, usize, Style)> = reader
            .search
            .as_ref()
            .map(|s| s.highlights(index))
            .unwrap_or_default()
            .into_iter()
            .map(|(s, e, current)| (s, e, theme.matched(current)))
            .collect();
        let noted = super::highlights::marks(reader, &passages, index, theme, &mut marks);
        // In the margin, a cell away from the text if there is room.
        let pane = body.x + tx;
        if let Some(mark_x) =
            [2, 1].into_iter().filter_map(|d| left.checked_sub(d)).find(|&x| noted && x >= pane)
        {
            put(buf, mark_x, y, "✎", 1, theme.note_mark());
        }
        let mut at = 0;
        for (text, style) in line.content() {
            let base = theme.text(style);
            let end = at + text.len();
            // Split the run wherever a mark starts or ends; each piece gets every mark on it.
            let mut cuts: Vec<usize> = vec![at, end];
            for &(s, e, _) in marks.iter().filter(|(s, e, _)| *s < end && *e > at) {
                cuts.extend([s.max(at), e.min(end)]);
            }
            cuts.sort_unstable();
            cuts.dedup();
            for pair in cuts.windows(2) {
                let (s, e) = (pair[0], pair[1]);
                let Some(piece) = text.get(s - at..e - at) else { continue };
                let style =
                    marks.iter().filter(|(ms, me, _)| *ms <= s && *me >= e).fold(base, |b, m| b.patch(m.2));
                x = put(buf, x, y, piece, limit.saturating_sub(x), style);
            }
            at = end;
        }
    }
}

/// The screen column where the text's lines start (the column is centred in its pane).
pub(super) fn text_left(g: &Geometry, body: Rect) -> u16 {
    let (tx, tw) = g.text;
    body.x + tx + tw.saturating_sub(g.column) / 2
}

fn outline(model: &Model, reader: &Reader, theme: Theme, area: Rect, buf: &mut Buffer) {
    let focused = model.focus == Focus::Outline;
    let border = if focused { theme.current() } else { theme.dim() };
    // Right-hand rule separating the outline from the text.
    let rule_x = area.right();
    for y in area.y..area.bottom() {
        if rule_x < buf.area.right() {
            buf.set_stringn(rule_x, y, "│", 1, border);
        }
    }
    let title = if focused {
        format!(" Outline · {}", model.keys.hints(Context::Outline))
    } else {
        " Outline".into()
    };
    put(buf, area.x, area.y, &title, area.width, border);
    let headings = &reader.doc.headings;
    if headings.is_empty() {
        put(buf, area.x + 1, area.y + 2, "(no headings)", area.width.saturating_sub(1), theme.dim());
        return;
    }
    let rows = usize::from(area.height.saturating_sub(2));
    let current = reader.current_heading();
    let focus_row = if focused { reader.outline_selected } else { current.unwrap_or(0) };
    let first = focus_row.saturating_sub(rows / 2).min(headings.len().saturating_sub(rows));
    let min_level = headings.iter().map(|h| h.level).min().unwrap_or(1);
    for (row, (i, h)) in headings.iter().enumerate().skip(first).take(rows).enumerate() {
        let y = area.y.saturating_add(2).saturating_add(cells(row));
        let indent = usize::from(h.level - min_level).min(6) * 2;
        let is_current = current == Some(i);
        let mut style = if is_current { theme.current() } else { Style::default() };
        if focused && i == reader.outline_selected {
            style = style.patch(theme.selected());
        }
        // Only the current entry has a mark: the others' column stays a plain blank cell
        // (a styled blank costs every frame's first drawing two colour changes a row).
        let x = if is_current {
            put(buf, area.x, y, "▌", 1, theme.current())
        } else {
            area.x.saturating_add(1)
        };
        let x = x + cells(indent.min(usize::from(area.width / 2)));
        put(buf, x, y, &h.title, area.right().saturating_sub(x + 1), style);
    }
}
