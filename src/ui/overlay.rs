//! What layers over the screen: the help, the bookmarks list, the search of every essay.

use super::cells;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::{Theme, put};
use crate::app::keymap::{Action, Context, Keymap};
use crate::app::{ListSelection, Mode, Model, bookmark_list, bookmark_row};

pub(super) fn draw(model: &Model, theme: Theme, body: Rect, buf: &mut Buffer) {
    match &model.mode {
        Mode::Help(scroll) => help(&model.keys, theme, *scroll, body, buf),
        Mode::BookmarkList(selection) => bookmarks(model, theme, bookmark_row(model, selection), body, buf),
        Mode::LibrarySearch(search) => super::library_search::draw(search, &model.keys, theme, body, buf),
        Mode::HighlightList(selection) => super::highlights::list(model, theme, selection, body, buf),
        Mode::NoteInput { target: crate::app::highlights::NoteTarget::Edit(id), .. } => {
            super::highlights::list(model, theme, &ListSelection::of(id.as_str()), body, buf);
            super::highlights::note_prompt(model, theme, body, buf);
        }
        Mode::NoteInput { .. } => super::highlights::note_prompt(model, theme, body, buf),
        Mode::LabelInput { renaming: Some(id), .. } => {
            bookmarks(model, theme, bookmark_row(model, &ListSelection::of(id.as_str())), body, buf)
        }
        _ => {}
    }
}

/// A bordered box centred in `area`, cleared, with a title; returns its inside.
pub(super) fn panel(
    title: &str,
    width: u16,
    height: u16,
    area: Rect,
    theme: Theme,
    buf: &mut Buffer,
) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    let rect =
        Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    Clear.render(rect, buf);
    let block = Block::default().borders(Borders::ALL).border_style(theme.dim()).title(title.to_string());
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

fn help(keys: &Keymap, theme: Theme, scroll: usize, area: Rect, buf: &mut Buffer) {
    let lines = keys.help_lines();
    let title = format!(" Help · {} ", keys.hints(Context::Help));
    let inner = panel(&title, 64, cells(lines.len()).saturating_add(2), area, theme, buf);
    let first = scroll.min(lines.len().saturating_sub(usize::from(inner.height)));
    for (row, (keys, text)) in lines.iter().skip(first).take(usize::from(inner.height)).enumerate() {
        let y = inner.y.saturating_add(cells(row));
        if keys.is_empty() {
            put(buf, inner.x + 1, y, text, inner.width.saturating_sub(1), theme.current());
        } else {
            let x = put(buf, inner.x + 2, y, keys, 22, Style::default().add_modifier(Modifier::BOLD));
            let x = x.max(inner.x + 24);
            put(buf, x, y, text, inner.right().saturating_sub(x), Style::default());
        }
    }
}

fn bookmarks(model: &Model, theme: Theme, selected: usize, area: Rect, buf: &mut Buffer) {
    let list = bookmark_list(model);
    let what = if model.reader.is_some() { "Bookmarks" } else { "All bookmarks" };
    let title = format!(" {what} · {} ", model.keys.hints(Context::Bookmarks));
    let height = cells(list.len()).saturating_mul(2).saturating_add(2).max(5);
    let inner = panel(&title, 76, height, area, theme, buf);
    if list.is_empty() {
        let text = format!(
            "No bookmarks yet: press {} while reading.",
            model.keys.key_for(Context::Reader, Action::Bookmark)
        );
        put(buf, inner.x + 1, inner.y, &text, inner.width, theme.dim());
        return;
    }
    let rows = usize::from(inner.height / 2).max(1);
    let first = selected.saturating_sub(rows.saturating_sub(1));
    for (row, (i, b)) in list.iter().enumerate().skip(first).take(rows).enumerate() {
        let y = inner.y.saturating_add(cells(row).saturating_mul(2));
        let style = if i == selected { theme.selected() } else { Style::default() };
        if i == selected {
            buf.set_style(Rect { y, height: 1, ..inner }, style);
        }
        let mut label = b.label.clone();
        if b.offset.is_none() && model.reader.is_some() {
            label.push_str("  (passage not found)");
        }
        if model.reader.as_ref().is_some_and(|r| r.file_gone && r.id == b.essay) {
            label.push_str("  (file deleted)");
        } else if b.detached {
            let key = model.keys.key_for(Context::Bookmarks, Action::Attach);
            label.push_str(&format!("  (detached: {key} attaches it)"));
        }
        let x = put(
            buf,
            inner.x + 1,
            y,
            &label,
            inner.width.saturating_sub(14),
            style.add_modifier(Modifier::BOLD),
        );
        let date: String = b.created.chars().take(10).collect();
        put(buf, inner.right().saturating_sub(11).max(x + 1), y, &date, 10, style.patch(theme.dim()));
        let detail = match &model.reader {
            Some(_) => format!("{} — {}", b.section, b.snippet),
            None => format!("{} · {} — {}", b.title, b.section, b.snippet),
        };
        if y + 1 < inner.bottom() {
            put(buf, inner.x + 3, y + 1, &detail, inner.width.saturating_sub(4), theme.dim());
        }
    }
}
