//! A paste into a prompt (search, library filter, bookmark label) arrives whole: it is
//! added at once, cut to a sane length (and said), and the search or filter runs once for
//! it, not once per character. Outside a prompt a paste is ignored.

use super::library::refresh_visible;
use super::reader::set_search_query;
use super::{Mode, Model};

/// The longest a prompt's text may be, in characters.
pub const MAX_PROMPT: usize = 500;

/// Adds pasted `text` to the prompt being typed, if there is one.
pub(super) fn pasted(model: &mut Model, text: &str) {
    // One line of plain characters: line breaks and tabs become spaces, controls go.
    let clean = text.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).filter(|c| !c.is_control());
    let cut = match model.mode.clone() {
        Mode::SearchInput { from } => {
            let query = model.reader.as_ref().and_then(|r| r.search.as_ref()).map(|s| s.query.clone());
            let mut query = query.unwrap_or_default();
            let cut = append(&mut query, clean);
            set_search_query(model, from, &query);
            cut
        }
        Mode::FilterInput => {
            let cut = append(&mut model.filter, clean);
            model.selected = 0;
            refresh_visible(model);
            cut
        }
        Mode::LabelInput { mut text, renaming } => {
            let cut = append(&mut text, clean);
            model.mode = Mode::LabelInput { text, renaming };
            cut
        }
        _ => return,
    };
    if cut {
        model.notice = Some(format!("Pasted text cut to {MAX_PROMPT} characters"));
    }
}

/// Appends up to [`MAX_PROMPT`] characters in all; returns whether some were left out.
fn append(text: &mut String, mut more: impl Iterator<Item = char>) -> bool {
    let room = MAX_PROMPT.saturating_sub(text.chars().count());
    text.extend(more.by_ref().take(room));
    more.next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::Key;
    use crate::app::{Msg, update};

    #[test]
    fn a_long_paste_into_the_filter_is_cut_and_said() {
        let mut model = Model::new(Vec::new(), (100, 30));
        update(&mut model, Msg::Key(Key::Char('/')));
        assert_eq!(model.mode, Mode::FilterInput);
        update(&mut model, Msg::Paste("word\n".repeat(1000)));
        assert_eq!(model.filter.chars().count(), MAX_PROMPT);
        assert!(!model.filter.contains('\n'));
        assert!(model.notice.as_deref().is_some_and(|n| n.contains("cut")), "{:?}", model.notice);
    }

    #[test]
    fn a_paste_outside_a_prompt_changes_nothing() {
        let mut model = Model::new(Vec::new(), (100, 30));
        let effects = update(&mut model, Msg::Paste("qqq".into()));
        assert!(effects.is_empty() && !model.quit && model.filter.is_empty());
    }
}
