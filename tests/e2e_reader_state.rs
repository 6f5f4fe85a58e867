//! The real binary in a pseudo-terminal: the reader's state stays true to what the user
//! sees. List actions apply to the selected row, a live reload keeps every bookmark on its
//! passage, a hidden outline never takes the keyboard, prompts take pastes whole.

mod common;

use std::fs;

use common::folders::{Folders as Setup, editor_save, quit, top_text};
use common::{Key, Term};

/// Bookmarks the passage at the top under `label`.
fn bookmark(term: &Term, label: &str) {
    term.send("m");
    term.wait_for("Bookmark label:");
    term.send(label);
    term.send_key(Key::Enter);
    term.wait_for(&format!("Bookmarked: {label}"));
}

/// Opens at the start and bookmarks "The picket line" as alpha, "The settlement" as beta.
fn bookmark_both_sections(term: &Term) {
    term.wait_for("min left");
    term.send("]");
    term.wait_until(|_| top_text(term) == "The picket line", "at the picket line");
    bookmark(term, "alpha");
    term.send("]");
    term.wait_until(|_| top_text(term) == "The settlement", "at the settlement");
    bookmark(term, "beta");
}

const USER_ESSAY: &str = "# Notes on the strike\n\nOpening paragraph of the notes.\n\n\
## The picket line\n\nThe picket line held for nine days and nobody crossed it.\n\n\
## The settlement\n\nThe settlement came on a Sunday.\n";

#[test]
fn delete_after_rename_deletes_the_renamed_bookmark() {
    let s = Setup::new();
    fs::write(s.essays.join("strike.md"), USER_ESSAY).unwrap();
    let mut term = s.spawn(&["strike"], 100, 24);
    bookmark_both_sections(&term);

    term.send("'");
    term.wait_for("beta");
    term.send("j");
    term.send("r");
    term.wait_for("Rename bookmark: beta");
    for _ in 0.."beta".len() {
        term.send_key(Key::Backspace);
    }
    term.send("gamma");
    term.send_key(Key::Enter);
    term.wait_until(|screen| screen.contains("gamma") && !screen.contains("Rename"), "the renamed row");
    term.send("d");
    term.wait_for("Bookmark deleted");
    term.wait_until(|screen| !screen.contains("gamma"), "the renamed bookmark gone");
    assert!(term.screen_text().contains("alpha"), "the other bookmark kept:\n{}", term.screen_text());

    // Undo brings it back, selected, and Enter jumps to its passage.
    term.send("u");
    term.wait_for("gamma");
    term.send_key(Key::Enter);
    term.wait_until(|_| top_text(&term) == "The settlement", "the restored bookmark's passage");
    quit(&mut term);
}

#[test]
fn tab_does_not_focus_a_hidden_outline() {
    let s = Setup::new();
    let mut term = s.spawn(&["leaking"], 40, 12);
    term.wait_for("min left");
    let start = top_text(&term);
    term.send_key(Key::Tab);
    term.wait_for("Outline hidden: terminal too narrow");
    // j still scrolls the text: the keyboard stayed with it.
    term.send("j");
    term.wait_until(|_| top_text(&term) != start, "j scrolls the text");
    term.send("o");
    term.wait_for("Outline hidden: terminal too narrow");
    assert!(!term.screen_text().contains("Outline ·"), "{}", term.screen_text());
    quit(&mut term);
}

#[test]
fn bookmarks_land_on_their_passages_after_a_live_reload() {
    let s = Setup::new();
    let path = s.essays.join("strike.md");
    fs::write(&path, USER_ESSAY).unwrap();
    let mut term = s.spawn(&["strike"], 100, 24);
    bookmark_both_sections(&term);

    // Another program inserts twelve paragraphs near the top while the essay is open.
    let inserted: String =
        (1..=12).map(|n| format!("Inserted paragraph number {n}, pushing the rest down.\n\n")).collect();
    let edited = USER_ESSAY.replace(
        "Opening paragraph of the notes.\n\n",
        &format!("Opening paragraph of the notes.\n\n{inserted}"),
    );
    editor_save(&path, &edited);
    term.wait_for("changed on disk");

    for (down, passage) in [(0, "The picket line"), (1, "The settlement")] {
        term.send("g");
        term.wait_until(|_| top_text(&term) == "Notes on the strike", "back at the start");
        term.send("'");
        term.wait_for("beta");
        for _ in 0..down {
            term.send("j");
        }
        term.send_key(Key::Enter);
        term.wait_until(|_| top_text(&term) == passage, passage);
    }
    quit(&mut term);
}

/// Sends `text` as a terminal does for a paste when bracketed paste is on.
fn paste(term: &Term, text: &str) {
    term.send(&format!("\u{1b}[200~{text}\u{1b}[201~"));
}

#[test]
fn a_pasted_label_is_one_line_and_its_control_characters_show_as_stand_ins() {
    let s = Setup::new();
    fs::write(s.essays.join("strike.md"), USER_ESSAY).unwrap();
    let mut term = s.spawn(&["strike"], 100, 24);
    term.wait_for("min left");
    term.send("m");
    term.wait_for("Bookmark label:");
    // A paste is one edit: its ESC does not cancel the prompt, its line break is a space.
    paste(&term, "evil\u{1b}[31m\u{202e}name\nsecond line");
    term.wait_for("second line▏");
    term.send_key(Key::Enter);
    term.wait_for("Bookmarked:");
    term.send("'");
    term.wait_for("evil\u{241b}[31m<U+202E>name second line");
    term.send_key(Key::Esc);
    term.wait_until(|screen| !screen.contains("Bookmarks ·"), "the list closed");
    quit(&mut term);
}
