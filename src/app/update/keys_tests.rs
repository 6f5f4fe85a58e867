//! Keys that live in the keymap table like every other: the prompts' Ctrl-w and Ctrl-u, the
//! help's paging, the library's PgDn/PgUp, and keys rebound from config.toml.

use std::sync::Arc;

use super::*;
use crate::app::keymap::{Key, Keymap, Rebind};
use crate::app::testing::{entry, reading};

const ESSAY: &str =
    "# Title\n\nFirst paragraph.\n\n## Second\n\nThe picket line held.\n\n## Third\n\nThe end.\n";

fn press(model: &mut Model, keys: &[Key]) {
    for &key in keys {
        update(model, Msg::Key(key));
    }
}

fn typed(model: &mut Model, text: &str) {
    press(model, &text.chars().map(Key::Char).collect::<Vec<_>>());
}

fn query(model: &Model) -> String {
    model.reader.as_ref().and_then(|r| r.search.as_ref()).map(|s| s.query.clone()).unwrap_or_default()
}

#[test]
fn ctrl_w_deletes_a_word_and_ctrl_u_everything_in_a_prompt() {
    let mut model = reading(ESSAY, "Title", (80, 24));
    typed(&mut model, "/picket\u{a0}line  held ");
    press(&mut model, &[Key::Ctrl('w')]);
    assert_eq!(query(&model), "picket\u{a0}line  ");
    press(&mut model, &[Key::Ctrl('w')]);
    assert_eq!(query(&model), "picket\u{a0}");
    press(&mut model, &[Key::Ctrl('u')]);
    assert_eq!(query(&model), "");
    // Still in the prompt: the keys edited it and did not page the text.
    assert!(matches!(model.mode, Mode::SearchInput { .. }));
}

#[test]
fn the_help_pages_and_goes_to_its_ends() {
    let mut model = reading(ESSAY, "Title", (80, 12));
    press(&mut model, &[Key::Char('?'), Key::Char('G')]);
    let Mode::Help(last) = model.mode else { panic!("help closed") };
    assert!(last > 10, "{last}");
    press(&mut model, &[Key::Char('g'), Key::Char(' ')]);
    let Mode::Help(page) = model.mode else { panic!("help closed") };
    assert!(page > 1 && page < last, "{page}");
    press(&mut model, &[Key::PageUp]);
    assert_eq!(model.mode, Mode::Help(0));
}

#[test]
fn pgdn_and_pgup_move_a_page_of_essays() {
    let entries = (0..50).map(|i| entry(&format!("e{i}"), &format!("Essay {i:02}"))).collect();
    let mut model = Model::new(entries, (80, 12));
    press(&mut model, &[Key::PageDown]);
    assert!(model.selected > 5, "{}", model.selected);
    press(&mut model, &[Key::PageUp]);
    assert_eq!(model.selected, 0);
}

#[test]
fn a_rebound_key_does_its_new_action_and_the_help_says_so() {
    let mut model = reading(ESSAY, "Title", (80, 24));
    let rebind = Rebind { context: Context::Reader, action: Action::NextHeading, keys: vec![Key::Char('n')] };
    model.keys = Arc::new(Keymap::with(&[rebind]));
    press(&mut model, &[Key::Char('n')]);
    let reader = model.reader.as_ref().expect("reading");
    assert_eq!(reader.section(), Some("Second"));
    // `]` no longer moves; `n` is no longer the next match.
    press(&mut model, &[Key::Char(']')]);
    assert_eq!(model.reader.as_ref().and_then(|r| r.section()), Some("Second"));
    let help = model.keys.help_lines();
    assert!(help.iter().any(|(keys, text)| keys == "n" && text == "next heading"), "{help:?}");
    assert!(help.iter().any(|(keys, text)| keys == "—" && text == "next match"), "{help:?}");
}

#[test]
fn the_status_line_hints_name_the_keys_as_bound() {
    let mut model = reading(ESSAY, "Title", (80, 24));
    let rebind = Rebind { context: Context::Global, action: Action::Help, keys: vec![Key::Char('h')] };
    model.keys = Arc::new(Keymap::with(&[rebind]));
    assert_eq!(model.keys.hints_with_global(Context::Reader), "h help · q back");
    press(&mut model, &[Key::Char('h')]);
    assert_eq!(model.mode, Mode::Help(0));
    // `?` no longer opens it.
    press(&mut model, &[Key::Esc, Key::Char('?')]);
    assert_eq!(model.mode, Mode::Normal);
}
