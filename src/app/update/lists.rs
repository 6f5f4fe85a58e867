//! Bookmarks: the label prompt (new bookmark or rename) and the bookmark list.

use super::super::keymap::{Action, Context, Key, lookup};
use super::super::{BookmarkEntry, Effect, Mode, Model, Reader};
use super::edit;

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
    mut text: String,
    renaming: Option<String>,
    effects: &mut Vec<Effect>,
) {
    match key {
        Key::Esc => model.mode = Mode::Normal,
        Key::Enter => {
            model.mode = Mode::Normal;
            match renaming {
                Some(id) => {
                    if !text.trim().is_empty() {
                        effects.push(Effect::RenameBookmark(id, text.trim().to_string()));
                    }
                    model.mode = Mode::BookmarkList(0);
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
            if edit(&mut text, key) {
                model.mode = Mode::LabelInput { text, renaming };
            }
        }
    }
}

/// The text at the top of the screen, for a bookmark's snippet and default label.
pub fn snippet(reader: &Reader, max_chars: usize) -> String {
    let mut out = String::new();
    for line in (reader.top..reader.layout.len()).filter_map(|i| reader.layout.line(i)) {
        let text = line.content_text();
        let text = text.trim();
        if text.is_empty() || text.chars().all(|c| matches!(c, '─' | '━')) {
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

pub(super) fn bookmark_list_key(model: &mut Model, key: Key, selected: usize, effects: &mut Vec<Effect>) {
    let list = bookmark_list(model);
    let len = list.len();
    let current = list.get(selected).cloned();
    if key == Key::Esc {
        model.mode = Mode::Normal;
        return;
    }
    match lookup(Context::Bookmarks, key) {
        Some(Action::SelectNext) => {
            model.mode = Mode::BookmarkList((selected + 1).min(len.saturating_sub(1)))
        }
        Some(Action::SelectPrev) => model.mode = Mode::BookmarkList(selected.saturating_sub(1)),
        Some(Action::Open) => {
            model.mode = Mode::Normal;
            let Some(b) = current else { return };
            match model.reader.as_mut() {
                Some(reader) => match b.offset {
                    Some(offset) => reader.go_to_source(offset),
                    None => model.notice = Some("This bookmark's passage is no longer in the essay".into()),
                },
                None => effects.push(Effect::Open(format!("{}#{}", b.essay, b.id))),
            }
        }
        Some(Action::Delete) => {
            if let Some(b) = current {
                effects.push(Effect::DeleteBookmark(b.id));
                model.notice = Some("Bookmark deleted (u undoes)".into());
            }
        }
        Some(Action::Undo) => effects.push(Effect::UndoDelete),
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
