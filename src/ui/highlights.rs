//! Selections, highlights and notes on screen: the marks they put on the text's lines,
//! the note prompt (which grows with the note) and the list of highlights.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Clear, Widget};
use unicode_width::UnicodeWidthStr;

use super::overlay::panel;
use super::{Theme, cells, put};
use crate::app::highlights::{highlight_list, highlight_row};
use crate::app::keymap::{Action, Context};
use crate::app::{ListSelection, Mode, Model, Reader};
use crate::core::selection::{covered, line_words};

/// What is marked on the screen's lines: the selection's range, and the highlights whose
/// passages reach the screen (with whether each has a note).
pub(super) struct OnScreen {
    selection: Option<Range<usize>>,
    /// Each highlight's range, the line it starts on, and whether it has a note.
    highlights: Vec<(Range<usize>, usize, bool)>,
}

/// The ranges marked on the screen from `reader.top` on, `height` lines.
pub(super) fn on_screen(model: &Model, reader: &Reader, height: usize) -> OnScreen {
    let selection = match &model.mode {
        Mode::Selecting(s) => reader.selection_range(s),
        _ => None,
    };
    let source_at = |line: usize| {
        reader.layout.line(line).map(|l| l.anchor()).map(|a| reader.doc.source_of(a.block, a.byte))
    };
    let first = source_at(reader.top).unwrap_or(0);
    let last = source_at(reader.top + height + 1).unwrap_or(usize::MAX);
    let highlights = reader
        .highlights
        .iter()
        .filter_map(|h| h.range.clone().map(|r| (r, h.has_note())))
        .filter(|(r, _)| r.end >= first && r.start <= last)
        .map(|(r, note)| {
            let (block, byte) = reader.doc.place_of_source(r.start);
            let line = reader.layout.line_of(crate::core::layout::Anchor { block, byte });
            (r, line, note)
        })
        .collect();
    OnScreen { selection, highlights }
}

/// Adds line `index`'s marks (content byte ranges with their style) to `marks`; true if a
/// highlight with a note starts on it (or, for one begun above the screen, on the top line).
pub(super) fn marks(
    reader: &Reader,
    on: &OnScreen,
    index: usize,
    theme: Theme,
    marks: &mut Vec<(usize, usize, Style)>,
) -> bool {
    if on.selection.is_none() && on.highlights.is_empty() {
        return false;
    }
    let words = line_words(&reader.doc, &reader.layout, index);
    let mut noted = false;
    for (range, start, note) in &on.highlights {
        let parts = covered(&words, range);
        // Beside its first line, or beside the top line if that is above the screen.
        let starts_here = *start == index || (index == reader.top && *start < index && !parts.is_empty());
        noted |= *note && starts_here;
        marks.extend(parts.into_iter().map(|p| (p.start, p.end, theme.highlight())));
    }
    if let Some(range) = &on.selection {
        marks.extend(covered(&words, range).into_iter().map(|p| (p.start, p.end, theme.selection())));
    }
    noted
}

/// The note prompt: as many rows above the status line as the note needs (up to half the
/// text's height), the text wrapped, the cursor at its end.
pub(super) fn note_prompt(model: &Model, theme: Theme, body: Rect, buf: &mut Buffer) {
    let Mode::NoteInput { text, .. } = &model.mode else { return };
    let width = usize::from(body.width.saturating_sub(2)).max(1);
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::from("Note: ");
    for word in format!("{text}▏").split_inclusive(' ') {
        if row.width() + word.width() > width && !row.trim().is_empty() {
            rows.push(std::mem::take(&mut row));
        }
        row.push_str(word);
    }
    rows.push(row);
    let max = usize::from(body.height / 2).max(1);
    let shown = &rows[rows.len().saturating_sub(max)..];
    let height = cells(shown.len());
    let area = Rect { y: body.bottom().saturating_sub(height), height, ..body };
    Clear.render(area, buf);
    let style = theme.dim().add_modifier(Modifier::BOLD);
    for (i, line) in shown.iter().enumerate() {
        put(buf, area.x + 1, area.y + cells(i), line, body.width.saturating_sub(2), style);
    }
}

/// The list of highlights: per row its section (and essay, in the library), the passage,
/// its note and date; those whose passage is gone say so, last.
pub(super) fn list(model: &Model, theme: Theme, selection: &ListSelection, area: Rect, buf: &mut Buffer) {
    let list = highlight_list(model);
    let selected = highlight_row(model, selection);
    let what = if model.reader.is_some() { "Highlights" } else { "All highlights" };
    let title = format!(" {what} · {} ", model.keys.hints(Context::Highlights));
    let height = cells(list.len()).saturating_mul(3).saturating_add(2).max(5);
    let inner = panel(&title, 80, height, area, theme, buf);
    if list.is_empty() {
        let (v, h) = (
            model.keys.key_for(Context::Reader, Action::StartSelection),
            model.keys.key_for(Context::Select, Action::Highlight),
        );
        let text = format!("No highlights yet: press {v} while reading, then {h}.");
        put(buf, inner.x + 1, inner.y, &text, inner.width, theme.dim());
        return;
    }
    let rows = usize::from(inner.height / 3).max(1);
    let first = selected.saturating_sub(rows.saturating_sub(1));
    for (row, (i, h)) in list.iter().enumerate().skip(first).take(rows).enumerate() {
        let y = inner.y.saturating_add(cells(row).saturating_mul(3));
        let style = if i == selected { theme.selected() } else { Style::default() };
        if i == selected {
            buf.set_style(Rect { y, height: 1, ..inner }, style);
        }
        let mut head = match &model.reader {
            Some(_) => h.section.clone(),
            None => format!("{} · {}", h.title, h.section),
        };
        if model.reader.is_some() && h.range.is_none() {
            head.push_str("  (passage not found)");
        } else if model.reader.is_none() && h.detached {
            head.push_str("  (essay not in the library; its text is kept)");
        }
        let x = put(
            buf,
            inner.x + 1,
            y,
            &head,
            inner.width.saturating_sub(14),
            style.add_modifier(Modifier::BOLD),
        );
        let date: String = h.created.chars().take(10).collect();
        put(buf, inner.right().saturating_sub(11).max(x + 1), y, &date, 10, style.patch(theme.dim()));
        // One line of words: a Markdown hard break (`\` at a line's end) is a break, not a word.
        let passage = h.text.replace("\\\n", "\n").split_whitespace().collect::<Vec<_>>().join(" ");
        if y + 1 < inner.bottom() {
            put(
                buf,
                inner.x + 3,
                y + 1,
                &format!("“{passage}”"),
                inner.width.saturating_sub(4),
                Style::default(),
            );
        }
        if h.has_note() && y + 2 < inner.bottom() {
            let note = h.note.split_whitespace().collect::<Vec<_>>().join(" ");
            put(buf, inner.x + 3, y + 2, &format!("✎ {note}"), inner.width.saturating_sub(4), theme.dim());
        }
    }
}
