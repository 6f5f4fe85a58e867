//! Drawing: `render(&Model, &mut Frame)` reads the model and writes cells, nothing else.
//! No layout, parsing or file access happens here; only the visible lines are touched.

// Screen coordinates are u16: a cast that could wrap would draw in the wrong place, so
// every narrowing here is checked or saturating.
#![warn(clippy::cast_possible_truncation)]

pub mod ansi;
mod highlights;
mod labels;
mod library;
mod library_search;
mod overlay;
mod reader;
mod status;
pub mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::app::Model;
use crate::core::sanitize;
pub use theme::Theme;

/// Draws the whole screen for `model`.
pub fn render(model: &Model, theme: Theme, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let geometry = model.geometry();
    if geometry.too_small {
        too_small(area, buf);
        return;
    }
    let body = Rect { height: geometry.body_height, ..area };
    match &model.reader {
        Some(reader) => {
            reader::draw(model, reader, &geometry, theme, body, buf);
            if let crate::app::Mode::Labels { targets, typed } = &model.mode {
                labels::draw(reader, targets, typed, &geometry, theme, body, buf);
            }
        }
        None => library::draw(model, theme, body, buf),
    }
    let status = Rect { y: area.y + geometry.body_height, height: 1, ..area };
    status::draw(model, theme, status, buf);
    overlay::draw(model, theme, body, buf);
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let lines = ["Terminal too small", "(enlarge it, or q to quit)"];
    for (i, text) in lines.iter().enumerate() {
        let y = area.y + (area.height / 2).saturating_sub(1).saturating_add(cells(i));
        if y >= area.bottom() {
            break;
        }
        let width = cells(text.width().min(usize::from(area.width)));
        let x = area.x + (area.width - width) / 2;
        put(buf, x, y, text, area.right().saturating_sub(x), Style::default());
    }
}

/// Writes `text` at (x, y), at most `max` cells wide, cutting with `…` if it does not fit.
/// Returns the x after the text. Control characters (from a label, a file name, a notice)
/// are shown as the core's visible stand-ins, never dropped, so what shows is the real text.
pub(crate) fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, max: u16, style: Style) -> u16 {
    if max == 0 || y >= buf.area.bottom() {
        return x;
    }
    let text = visible(text);
    buf.set_stringn(x, y, shorten(&text, usize::from(max)), usize::from(max), style).0
}

/// `text` if it fits in `max` cells, else `…` and its last grapheme clusters: for what is
/// being typed, whose end is what matters.
pub(crate) fn shorten_start(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if text.width() <= max {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut width = 0;
    let mut start = text.len();
    for (i, g) in text.grapheme_indices(true).rev() {
        let w = g.width();
        if width + w + 1 > max {
            break;
        }
        width += w;
        start = i;
    }
    std::borrow::Cow::Owned(format!("…{}", &text[start..]))
}

/// `text` as one line of a screen: line breaks and tabs as spaces, other control
/// characters as their stand-ins (`␛`, `<U+202E>`).
fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| matches!(c, '\n' | '\r' | '\t') || sanitize::is_unsafe(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let flat: String = text.chars().map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c }).collect();
    std::borrow::Cow::Owned(sanitize::clean(&flat).into_owned())
}

/// `text` if it fits in `max` cells, else its first grapheme clusters and `…`.
pub(crate) fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if text.width() <= max {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut cut = String::new();
    let mut width = 0;
    for g in text.graphemes(true) {
        let w = g.width();
        if width + w + 1 > max {
            break;
        }
        cut.push_str(g);
        width += w;
    }
    cut.push('…');
    std::borrow::Cow::Owned(cut)
}

/// A count of cells as a screen coordinate, saturating instead of wrapping.
fn cells(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod highlights_tests;
#[cfg(test)]
mod tests;
