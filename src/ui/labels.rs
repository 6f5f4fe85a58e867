//! The labels `f` draws over the targets on screen when there are several: each label
//! covers the start of its target, in a style that stands out; labels that no longer fit
//! what has been typed are dimmed.

use super::cells;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Theme, put};
use crate::app::follow::Target;
use crate::app::{Geometry, Reader};

/// Draws `targets`' labels over the text column of `body` (given the letters `typed`).
pub(super) fn draw(
    reader: &Reader,
    targets: &[Target],
    typed: &str,
    g: &Geometry,
    theme: Theme,
    body: Rect,
    buf: &mut Buffer,
) {
    let left = super::reader::text_left(g, body);
    let limit = body.x + g.text.0 + g.text.1;
    for t in targets {
        let Some(row) = t.line.checked_sub(reader.top).filter(|&r| r < usize::from(body.height)) else {
            continue;
        };
        let x = left.saturating_add(u16::try_from(t.column).unwrap_or(u16::MAX));
        let style = if t.label.starts_with(typed) { theme.matched(true) } else { theme.dim() };
        put(buf, x, body.y.saturating_add(cells(row)), &t.label, limit.saturating_sub(x), style);
    }
}
