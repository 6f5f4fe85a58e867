//! Bookmarks: the label prompt (new bookmark or rename) and the bookmark list, whose
//! selection is kept by id so every action applies to the row the user sees.

use super::super::keymap::{Action, Context};
use super::super::{BookmarkEntry, Effect, ListSelection, Mode, Model, Reader};

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

/// Leaves the label prompt: a rename goes back to the list, on the same bookmark.
pub(super) fn cancel_label(model: &mut Model) {
    model.mode = match std::mem::take(&mut model.mode) {
        Mode::LabelInput { renaming: Some(id), .. } => Mode::BookmarkList(ListSelection::of(id)),
        _ => Mode::Normal,
    }
}

/// Saves what the label prompt holds: a new bookmark of the passage at the top (an empty
/// label takes the default), or the rename, back in the list on the renamed bookmark.
pub(super) fn accept_label(model: &mut Model, effects: &mut Vec<Effect>) {
    let Mode::LabelInput { text, renaming } = std::mem::take(&mut model.mode) else { return };
    match renaming {
        Some(id) => {
            if !text.trim().is_empty() {
                effects.push(Effect::RenameBookmark(id.clone(), text.trim().to_string()));
            }
            model.mode = Mode::BookmarkList(ListSelection::of(id));
        }
        None => {
            let Some(reader) = model.reader.as_ref() else { return };
            let label = if text.trim().is_empty() { default_label(reader) } else { text.trim().to_string() };
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

/// The text at the top of the screen, for a bookmark's snippet and default label.
pub fn snippet(reader: &Reader, max_chars: usize) -> String {
    let mut out = String::new();
    let layout = &reader.layout;
    // The blocks of the headings, as the document knows them: asking the layout would lay
    // every heading's block out again (a book has hundreds) for one snippet.
    let headings: Vec<u32> = layout.document().headings.iter().map(|h| h.block as u32).collect();
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
    crate::core::bookmark::cut_at_word(&out, max_chars)
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

/// The list's selected row and the bookmark on it.
fn current(model: &Model) -> (usize, Option<BookmarkEntry>) {
    let row = match &model.mode {
        Mode::BookmarkList(selection) => bookmark_row(model, selection),
        _ => 0,
    };
    (row, bookmark_list(model).get(row).cloned())
}

/// Moves the selection by `delta` rows (clamped to the list).
pub(super) fn select(model: &mut Model, delta: isize) {
    let (row, _) = current(model);
    model.mode = Mode::BookmarkList(select_row(model, row.saturating_add_signed(delta)));
}

/// Jumps to the selected bookmark (in the library: opens its essay there).
pub(super) fn open(model: &mut Model, effects: &mut Vec<Effect>) {
    let (_, bookmark) = current(model);
    model.mode = Mode::Normal;
    let Some(b) = bookmark else { return };
    match model.reader.as_mut() {
        Some(reader) => match b.offset {
            Some(offset) => reader.go_to_source(offset),
            None => model.notice = Some("This bookmark's passage is no longer in the essay".into()),
        },
        None if b.detached => {
            let key = model.keys.key_for(Context::Bookmarks, Action::Attach);
            model.notice = Some(format!("This bookmark's essay is not in the library: {key} attaches it"));
        }
        None => effects.push(Effect::Open { essay: b.bookmark.essay, bookmark: Some(b.bookmark.id) }),
    }
}

/// Starts picking, in the library, the essay a detached bookmark's essay's state goes to.
pub(super) fn attach(model: &mut Model) {
    match current(model) {
        (_, Some(b)) if b.detached && model.reader.is_none() => {
            model.mode = Mode::Attach { from: b.bookmark.essay, title: b.title };
        }
        // In the reader the library, where the essay is picked, is not on screen.
        (_, Some(b)) if b.detached => {
            model.notice = Some("Attach it from the library's bookmark list".into());
        }
        (_, Some(_)) => model.notice = Some("This bookmark's essay is in the library".into()),
        (_, None) => {}
    }
}

/// Attaches the detached essay's state to the essay selected in the library.
pub(super) fn accept_attach(model: &mut Model, effects: &mut Vec<Effect>) {
    if let Mode::Attach { from, .. } = std::mem::take(&mut model.mode)
        && let Some(to) = super::library::selected_entry(model).map(|e| e.id.clone())
    {
        effects.push(Effect::Attach { from, to });
    }
}

/// Leaves the picking with nothing attached.
pub(super) fn cancel_attach(model: &mut Model) {
    model.mode = Mode::Normal;
    model.notice = Some("Nothing attached".into());
}

/// Deletes the selected bookmark; the one after it moves up into the selected row.
pub(super) fn delete(model: &mut Model, effects: &mut Vec<Effect>) {
    let (row, Some(b)) = current(model) else { return };
    let list = bookmark_list(model);
    let next = list.get(row + 1).or_else(|| list.get(row.wrapping_sub(1)));
    model.mode = Mode::BookmarkList(ListSelection { id: next.map(|n| n.id.clone()), row });
    model.deleted.push(b.id.clone());
    effects.push(Effect::DeleteBookmark(b.bookmark.id));
    model.notice =
        Some(format!("Bookmark deleted ({} undoes)", model.keys.key_for(Context::Bookmarks, Action::Undo)));
}

/// Brings back the last deleted bookmark, selected once it is back.
pub(super) fn undo(model: &mut Model, effects: &mut Vec<Effect>) {
    let (row, _) = current(model);
    if let Some(id) = model.deleted.pop() {
        model.mode = Mode::BookmarkList(ListSelection { id: Some(id), row });
    }
    effects.push(Effect::UndoDelete);
}

/// Opens the label prompt on the selected bookmark's label.
pub(super) fn rename(model: &mut Model) {
    if let (_, Some(b)) = current(model) {
        model.mode = Mode::LabelInput { text: b.bookmark.label, renaming: Some(b.bookmark.id) };
    }
}
