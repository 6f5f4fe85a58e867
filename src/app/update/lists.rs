//! Bookmarks: the label prompt (new bookmark or rename) and the bookmark list.

use super::super::keymap::{Action, Context, Key, lookup};
use super::super::{BookmarkEntry, Effect, ListSelection, Mode, Model, Reader};
use super::prompt;

/// An essay's bookmarks in reading order; those whose passage is gone come last.
pub(super) fn bookmarks_of(all: &[BookmarkEntry], id: &str) -> Vec<BookmarkEntry> {
    let mut list: Vec<BookmarkEntry> = all.iter().filter(|b| b.essay == id).cloned().collect();
    list.sort_by_key(|b| b.offset.unwrap_or(usize::MAX));
    list
}

/// The bookmarks the list shows: this essay's in the reader, all of them in the library.
pub fn bookmark_list(model: &Model) -> &[BookmarkEntry] {
    match &model.reader {
        Some(reader) => &reader.bookmarks,
        None => &model.all_bookmarks,
    }
}

pub(super) fn label_key(
    model: &mut Model,
    key: Key,
    text: String,
    renaming: Option<String>,
    effects: &mut Vec<Effect>,
) {
    match key {
        Key::Esc => {
            model.mode = match renaming {
                Some(id) => Mode::BookmarkList(ListSelection::of(id)),
                None => Mode::Normal,
            }
        }
        Key::Enter => {
            model.mode = Mode::Normal;
            match renaming {
                Some(id) => {
                    if !text.trim().is_empty() {
                        effects.push(Effect::RenameBookmark(id.clone(), text.trim().to_string()));
                    }
                    // Back to the list with the renamed bookmark still selected.
                    model.mode = Mode::BookmarkList(ListSelection::of(id));
                }
                None => {
                    if let Some(reader) = model.reader.as_ref() {
                        let label = if text.trim().is_empty() {
                            default_label(reader)
                        } else {
                            text.trim().to_string()
                        };
                        effects.push(Effect::AddBookmark {
                            essay: reader.id.clone(),
                            label: label.clone(),
                            section: reader.section().unwrap_or("").to_string(),
                            snippet: snippet(reader, 80),
                            anchor: reader.top_anchor(),
                        });
                        model.notice = Some(format!("Bookmarked: {label}"));
                    }
                }
            }
        }
        _ => {
            prompt::type_key(model, key);
        }
    }
}

/// The text at the top of the screen, for a bookmark's snippet and default label.
pub fn snippet(reader: &Reader, max_chars: usize) -> String {
    let mut out = String::new();
    let layout = &reader.layout;
    // The blocks of the headings, known by the lines they start on.
    let headings: Vec<u32> =
        layout.heading_lines().iter().filter_map(|&l| layout.line(l)).map(|l| l.anchor().block).collect();
    for line in (reader.top..reader.layout.len()).filter_map(|i| reader.layout.line(i)) {
        let text = line.content_text();
        let text = text.trim();
        // A heading at the top is the section, said apart: the snippet is the passage under it.
        let heading = headings.contains(&line.anchor().block);
        if text.is_empty() || heading || text.chars().all(|c| matches!(c, '─' | '━')) {
            if out.is_empty() {
                continue;
            }
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(text);
        if out.chars().count() >= max_chars {
            break;
        }
    }
    match out.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", out[..i].trim_end()),
        None => out,
    }
}

/// The label `m` then `Enter` gives: the section and the first words of the passage.
pub fn default_label(reader: &Reader) -> String {
    let words: Vec<String> = snippet(reader, 60).split_whitespace().take(6).map(str::to_string).collect();
    let words = words.join(" ");
    match reader.section() {
        Some(section) if !words.starts_with(section) => format!("{section}: {words}"),
        _ => words,
    }
}

/// The row of the bookmark list that `selection` shows as selected.
pub fn bookmark_row(model: &Model, selection: &ListSelection) -> usize {
    selection.row_in(bookmark_list(model).iter().map(|b| b.id.as_str()))
}

/// `selection` pinned to the bookmark on `row` (clamped into the list).
fn select_row(model: &Model, row: usize) -> ListSelection {
    let list = bookmark_list(model);
    let row = row.min(list.len().saturating_sub(1));
    ListSelection { id: list.get(row).map(|b| b.id.clone()), row }
}

/// The selection again after the list changed: the same bookmark if it is still there,
/// else the one now on its row.
pub(super) fn reselect(model: &mut Model) {
    if let Mode::BookmarkList(selection) = &model.mode {
        let row = bookmark_row(model, selection);
        model.mode = Mode::BookmarkList(select_row(model, row));
    }
}

pub(super) fn bookmark_list_key(
    model: &mut Model,
    key: Key,
    selection: ListSelection,
    effects: &mut Vec<Effect>,
) {
    let row = bookmark_row(model, &selection);
    let current = bookmark_list(model).get(row).cloned();
    if key == Key::Esc {
        model.mode = Mode::Normal;
        return;
    }
    match lookup(Context::Bookmarks, key) {
        Some(Action::SelectNext) => model.mode = Mode::BookmarkList(select_row(model, row + 1)),
        Some(Action::SelectPrev) => model.mode = Mode::BookmarkList(select_row(model, row.saturating_sub(1))),
        Some(Action::Open) => {
            model.mode = Mode::Normal;
            let Some(b) = current else { return };
            match model.reader.as_mut() {
                Some(reader) => match b.offset {
                    Some(offset) => reader.go_to_source(offset),
                    None => model.notice = Some("This bookmark's passage is no longer in the essay".into()),
                },
                None => effects.push(Effect::Open { essay: b.essay, bookmark: Some(b.id) }),
            }
        }
        Some(Action::Delete) => {
            if let Some(b) = current {
                // The row stays where it is, so the next bookmark moves up into it.
                let next = bookmark_list(model)
                    .get(row + 1)
                    .or_else(|| bookmark_list(model).get(row.wrapping_sub(1)));
                model.mode = Mode::BookmarkList(ListSelection { id: next.map(|n| n.id.clone()), row });
                model.deleted.push(b.id.clone());
                effects.push(Effect::DeleteBookmark(b.id));
                model.notice = Some("Bookmark deleted (u undoes)".into());
            }
        }
        Some(Action::Undo) => {
            // The restored bookmark is selected when it comes back.
            if let Some(id) = model.deleted.pop() {
                model.mode = Mode::BookmarkList(ListSelection { id: Some(id), row });
            }
            effects.push(Effect::UndoDelete);
        }
        Some(Action::Rename) => {
            if let Some(b) = current {
                model.mode = Mode::LabelInput { text: b.label, renaming: Some(b.id) };
            }
        }
        Some(Action::Back) => model.mode = Mode::Normal,
        Some(Action::Help) => model.mode = Mode::Help(0),
        _ => {}
    }
}
