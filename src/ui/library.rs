//! The library: every essay with its author, length, progress and source.

use super::cells;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::{Theme, put};
use crate::app::keymap::{Action, Context};
use crate::app::{Mode, Model};
use crate::core::essay::Source;

pub(super) fn draw(model: &Model, theme: Theme, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let count = model.visible.len();
    let total = model.entries.len();
    let noun = if total == 1 { "essay" } else { "essays" };
    let mut header = format!(" Library · {total} {noun} · sorted by {}", model.sort.label());
    if !model.filter.is_empty() || model.mode == Mode::FilterInput {
        header = format!(" Library · {count} of {} match “{}”", model.entries.len(), model.filter);
    }
    if let Mode::Attach { title, .. } = &model.mode {
        header = format!(" Attach the bookmarks of “{title}” to: pick an essay, Enter attaches, Esc cancels");
    }
    put(buf, area.x, area.y, &header, area.width, theme.current());
    let wide = area.width >= 70;
    // Columns from the right: source, progress, length, author; the title takes the rest.
    let source_w = 8u16;
    let progress_w = 6u16;
    let length_w = 10u16;
    let author_w = if wide { (area.width / 5).min(24) } else { 0 };
    let fixed = source_w + progress_w + length_w + author_w + 2;
    let title_w = area.width.saturating_sub(fixed).max(10);
    let top = area.y + 2;
    if wide {
        let y = area.y + 1;
        let mut x = area.x + 2;
        for (label, w) in
            [("Title", title_w), ("Author", author_w), ("Length", length_w), ("Read", progress_w)]
        {
            put(buf, x, y, label, w.saturating_sub(1), theme.dim().add_modifier(Modifier::UNDERLINED));
            x += w;
        }
        put(buf, x, y, "Source", source_w, theme.dim().add_modifier(Modifier::UNDERLINED));
    }
    let rows = usize::from(area.height.saturating_sub(2));
    let first = model.selected.saturating_sub(rows.saturating_sub(1));
    for (row, &i) in model.visible.iter().enumerate().skip(first).take(rows) {
        let e = &model.entries[i];
        let y = top.saturating_add(cells(row - first));
        let selected = row == model.selected;
        let row_style = if selected { theme.selected() } else { Style::default() };
        if selected {
            buf.set_style(Rect { x: area.x, y, width: area.width, height: 1 }, row_style);
        }
        let mut x = area.x;
        x = put(buf, x, y, if selected { "› " } else { "  " }, 2, row_style);
        let title_style = row_style.add_modifier(Modifier::BOLD);
        put(buf, x, y, &e.title, title_w.saturating_sub(1), title_style);
        x += title_w;
        if wide {
            put(buf, x, y, e.author.as_deref().unwrap_or("—"), author_w.saturating_sub(1), row_style);
            x += author_w;
        }
        let length = match (&e.problem, e.words) {
            (Some(_), 0) => "—".to_string(),
            _ => format!("{} min", e.minutes().max(1)),
        };
        put(buf, x, y, &length, length_w - 1, row_style);
        x += length_w;
        let progress = e.progress.map(|p| format!("{:.0}%", p * 100.0)).unwrap_or_default();
        put(buf, x, y, &progress, progress_w - 1, row_style);
        x += progress_w;
        put(buf, x, y, e.source.name(), source_w, row_style.patch(theme.dim()));
        if let Some(problem) = &e.problem {
            // Problems replace the author column where there is one, else follow the title.
            let px = area.x + 2 + title_w.saturating_sub(1).min(cells(e.title.len()).saturating_add(1));
            let pw = if wide { author_w + title_w.saturating_sub(px - area.x) } else { title_w / 2 };
            put(buf, px, y, &format!(" ({problem})"), pw, row_style.patch(theme.warning()));
        }
    }
    if count == 0 {
        let msg = if model.entries.is_empty() {
            "No essays yet."
        } else {
            &format!(
                "No essay matches the filter ({} clears).",
                model.keys.key_for(Context::Filter, Action::Cancel)
            )
        };
        put(buf, area.x + 2, top, msg, area.width.saturating_sub(2), theme.dim());
    }
    let user_essays = model.entries.iter().filter(|e| e.source == Source::User).count();
    let hint_y = top.saturating_add(cells(count.min(rows))).saturating_add(1);
    if user_essays == 0 && !model.essays_dir.is_empty() && hint_y < area.bottom() {
        let hint = format!("Add your own: drop .md or .txt files into {}", model.essays_dir);
        put(buf, area.x + 2, hint_y, &hint, area.width.saturating_sub(2), theme.dim());
    }
}
