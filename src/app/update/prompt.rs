//! Prompts: the search, the library filter and the bookmark label being typed. Typed keys
//! and pastes edit the text here, bounded to [`MAX_PROMPT_CHARS`], and the prompt's owner
//! (the search, the filter) sees the new text once per edit, never once per pasted character.

use super::super::{Mode, Model};
use super::library::refresh_visible;
use super::reader::set_search_query;

/// The longest text a prompt takes, in characters: far more than a label or a query needs,
/// small enough that a huge paste cannot slow the reader down.
pub const MAX_PROMPT_CHARS: usize = 500;

/// The text of the prompt being typed, if one is open.
fn prompt_text(model: &Model) -> Option<String> {
    match &model.mode {
        Mode::SearchInput { .. } => {
            Some(model.reader.as_ref()?.search.as_ref().map_or(String::new(), |s| s.query.clone()))
        }
        Mode::FilterInput => Some(model.filter.clone()),
        Mode::LabelInput { text, .. } => Some(text.clone()),
        Mode::LibrarySearch(s) => Some(s.query.clone()),
        Mode::NoteInput { text, .. } => Some(text.clone()),
        _ => None,
    }
}

/// Gives the open prompt its new text, and its owner the one update that follows from it.
fn set_prompt_text(model: &mut Model, text: String) {
    match &mut model.mode {
        Mode::SearchInput { from } => {
            let from = *from;
            set_search_query(model, from, &text);
        }
        Mode::FilterInput => {
            model.filter = text;
            model.selected = 0;
            refresh_visible(model);
        }
        Mode::LabelInput { text: label, .. } => *label = text,
        Mode::NoteInput { text: note, .. } => *note = text,
        // The search is asked for once the update is done (see `library_search::flush`).
        Mode::LibrarySearch(s) => s.query = text,
        _ => {}
    }
}

/// Appends `add` to `text` up to [`MAX_PROMPT_CHARS`]; returns whether some was cut.
fn append(text: &mut String, add: impl IntoIterator<Item = char>) -> bool {
    let room = MAX_PROMPT_CHARS.saturating_sub(text.chars().count());
    let mut add = add.into_iter();
    text.extend(add.by_ref().take(room));
    add.next().is_some()
}

/// Types a character into the open prompt (if there is room).
pub(super) fn type_char(model: &mut Model, c: char) {
    let Some(mut text) = prompt_text(model) else { return };
    if append(&mut text, [c]) {
        model.notice = Some(format!("At most {MAX_PROMPT_CHARS} characters"));
        return;
    }
    set_prompt_text(model, text);
}

/// Deletes the last character of the open prompt.
pub(super) fn erase(model: &mut Model) {
    let Some(mut text) = prompt_text(model) else { return };
    text.pop();
    set_prompt_text(model, text);
}

/// Deletes the last word of the open prompt (and the spaces after it), as a shell's Ctrl-w.
pub(super) fn erase_word(model: &mut Model) {
    let Some(text) = prompt_text(model) else { return };
    let kept = text.trim_end();
    let cut = kept.char_indices().rfind(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
    set_prompt_text(model, kept[..cut].to_string());
}

/// Empties the open prompt, as a shell's Ctrl-u.
pub(super) fn erase_all(model: &mut Model) {
    if prompt_text(model).is_some() {
        set_prompt_text(model, String::new());
    }
}

/// Puts pasted text into the open prompt in one step, line breaks and tabs as spaces.
/// Outside a prompt a paste means nothing and is ignored.
pub(super) fn paste(model: &mut Model, pasted: &str) {
    let Some(mut text) = prompt_text(model) else { return };
    let flat = pasted.replace("\r\n", "\n");
    let flat = flat.chars().map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c });
    if append(&mut text, flat) {
        model.notice = Some(format!("Paste cut to {MAX_PROMPT_CHARS} characters"));
    }
    set_prompt_text(model, text);
}
