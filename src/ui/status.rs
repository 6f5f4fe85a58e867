//! The status line: where am I, how much is left, and what just happened.

use super::cells;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

use super::{Theme, put, shorten, shorten_start};
use crate::app::keymap::Context;
use crate::app::{Mode, Model};

pub(super) fn draw(model: &Model, theme: Theme, area: Rect, buf: &mut Buffer) {
    if let Some((prompt, hint)) = prompt(model) {
        return draw_prompt(model, theme, area, buf, &prompt, &hint);
    }
    let height = usize::from(model.geometry().body_height);
    let (left, right) = match &model.reader {
        Some(reader) => {
            let mut tail = Vec::new();
            if let Some(section) = reader.section().filter(|s| *s != reader.title) {
                tail.push(section.to_string());
            }
            // Reckoned from a part while the rest of a long essay is still being read.
            let about = if reader.is_partial() { "~" } else { "" };
            tail.push(format!("{about}{}%", reader.percent(height)));
            tail.push(format!("{about}{} min left", reader.minutes_left(height)));
            if let Some(search) = reader.search.as_ref().filter(|s| !s.query.is_empty()) {
                let at = search.current.map_or(0, |c| c + 1);
                tail.push(format!("/{} {at}/{}", search.query, search.matches.len()));
            }
            // The title gives way first, then the section: position and time left matter most.
            let mut right = model.keys.hints_with_global(Context::Reader);
            if reader.file_gone {
                right = format!("file deleted · {right}");
            }
            let budget = usize::from(area.width).saturating_sub(right.width() + 4);
            let mut tail_text = tail.join(" · ");
            if tail_text.width() > budget && tail.len() > 2 {
                tail_text = tail[1..].join(" · ");
            }
            let room = budget.saturating_sub(tail_text.width() + 3);
            let left = if room >= 8 {
                format!("{} · {tail_text}", shorten(&reader.title, room))
            } else {
                tail_text
            };
            (left, right)
        }
        None => ("essayreader".to_string(), model.keys.hints_with_global(Context::Library)),
    };
    let (right, right_style) = match (&model.notice, &model.status_note) {
        (Some(n), _) => (n.clone(), theme.notice()),
        (None, Some(n)) => (format!("{n} · {right}"), theme.dim()),
        _ => (right, theme.dim()),
    };
    // A notice answers the last key: it may take the whole line; hints give way to the left.
    let right_max =
        if model.notice.is_some() { area.width.saturating_sub(2) } else { area.width / 2 + area.width / 4 };
    let right_w = cells(right.width()).min(right_max);
    let left_w = area.width.saturating_sub(right_w + 2);
    put(buf, area.x + 1, area.y, &left, left_w, theme.dim().add_modifier(Modifier::BOLD));
    put(buf, area.right().saturating_sub(right_w + 1), area.y, &right, right_w, right_style);
}

/// The open prompt's text (with its cursor) and its hint, if a prompt is open.
fn prompt(model: &Model) -> Option<(String, String)> {
    Some(match (&model.mode, &model.reader) {
        (Mode::SearchInput { .. }, Some(reader)) => {
            let search = reader.search.as_ref();
            let query = search.map_or("", |s| s.query.as_str());
            let count = match search {
                Some(s) if !s.query.is_empty() && s.matches.is_empty() => "no match · ".to_string(),
                Some(s) if !s.query.is_empty() => {
                    format!("{}/{} · ", s.current.map_or(0, |c| c + 1), s.matches.len())
                }
                _ => String::new(),
            };
            (format!("/{query}▏"), format!("{count}{}", model.keys.hints(Context::Search)))
        }
        (Mode::LibrarySearch(s), _) => {
            (format!("Search all: {}▏", s.query), model.keys.hints(Context::LibrarySearch))
        }
        (Mode::FilterInput, _) => (format!("Filter: {}▏", model.filter), model.keys.hints(Context::Filter)),
        (Mode::LabelInput { text, renaming }, reader) => {
            let hint = match (renaming, reader) {
                (None, Some(r)) if text.is_empty() => {
                    format!("Enter: “{}”", crate::app::default_label(r))
                }
                _ => model.keys.hints(Context::Label),
            };
            let verb = if renaming.is_some() { "Rename bookmark" } else { "Bookmark label" };
            (format!("{verb}: {text}▏"), hint)
        }
        (Mode::Attach { title, .. }, None) => {
            (format!("Attach the bookmarks of “{title}” to:"), model.keys.hints(Context::Attach))
        }
        (Mode::Selecting(s), Some(reader)) => {
            let (a, b) = s.lines_in(reader);
            let lines = a.abs_diff(b) + 1;
            let n = if lines == 1 { "1 line".to_string() } else { format!("{lines} lines") };
            (format!("Selecting {n}"), model.keys.hints(Context::Select))
        }
        (Mode::NoteInput { .. }, _) => ("Note".to_string(), model.keys.hints(Context::Note)),
        (Mode::Labels { typed, .. }, Some(_)) => {
            (format!("Follow: {typed}▏"), format!("type a label · {}", model.keys.hints(Context::Labels)))
        }
        _ => return None,
    })
}

/// A prompt: what is typed comes first and shows its end; the hint gets what room is left,
/// or gives way to a notice.
fn draw_prompt(model: &Model, theme: Theme, area: Rect, buf: &mut Buffer, prompt: &str, hint: &str) {
    let width = usize::from(area.width.saturating_sub(2));
    let (right, right_style) = match &model.notice {
        Some(n) => (n.as_str(), theme.notice()),
        None => (hint, theme.dim()),
    };
    // The typed text keeps at least half the line (all of it if the hint does not fit).
    let right_w = if prompt.width() + 2 + right.width() <= width || model.notice.is_some() {
        right.width().min(width / 2)
    } else {
        0
    };
    let left_w = width.saturating_sub(if right_w > 0 { right_w + 2 } else { 0 });
    let shown = shorten_start(prompt, left_w);
    put(buf, area.x + 1, area.y, &shown, cells(left_w), theme.dim().add_modifier(Modifier::BOLD));
    if right_w > 0 {
        put(
            buf,
            area.right().saturating_sub(cells(right_w).saturating_add(1)),
            area.y,
            right,
            cells(right_w),
            right_style,
        );
    }
}
