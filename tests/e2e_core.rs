//! The core's promises as a reader sees them in a real pseudo-terminal: the library and
//! the reader agree on an essay's length, search sees through typography, and `f` can
//! follow any footnote reference on screen.

mod common;

use common::folders::Folders;
use common::{Key, Term};

/// A reader with empty temporary config and essays folders.
struct Reader {
    term: Term,
    _folders: Folders,
}

fn launch_with(args: &[&str], files: &[(&str, &str)], cols: u16, rows: u16) -> Reader {
    let folders = Folders::new();
    for (name, text) in files {
        folders.write(name, text);
    }
    Reader { term: folders.spawn(args, cols, rows), _folders: folders }
}

fn launch(args: &[&str], cols: u16, rows: u16) -> Reader {
    launch_with(args, &[], cols, rows)
}

/// The number just before `unit` on the screen (as in "12 min left").
fn number_before(screen: &str, unit: &str) -> Option<usize> {
    let at = screen.find(unit)?;
    let digits: String = screen[..at]
        .trim_end()
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok()
}

#[test]
fn the_library_and_the_reader_agree_on_the_bundled_essays_length() {
    let mut r = launch(&[], 110, 30);
    let library = r.term.wait_for("Why I support leaking Leftist");
    let row = library.lines().find(|l| l.contains("Why I support leaking")).unwrap().to_string();
    let listed = number_before(&row, "min").unwrap_or_else(|| panic!("no minutes in {row:?}"));
    // Other essays are bundled too: pick this one by its title.
    r.term.send("/why i support");
    r.term.wait_for("› Why I support leaking");
    r.term.send_key(Key::Enter);
    r.term.wait_for("Enter open");
    r.term.send_key(Key::Enter);
    let screen = r.term.wait_for("min left");
    let left = number_before(&screen, "min left").unwrap();
    assert_eq!(left, listed, "the library says {listed} min, the reader at the top {left} min left");
    r.term.send_key(Key::Ctrl('c'));
    r.term.wait_exit();
    r.term.assert_restored();
}

#[test]
fn the_library_and_the_reader_agree_where_dashes_stand_between_words() {
    // 201 words and 100 lone dashes: a dash is not a word, so this is one minute's reading
    // (238 words a minute) in the library and at the top of the reader alike.
    let essay = format!("# Dashes\n\n{}\n", "word word — ".repeat(100) + "end");
    // A short window, so the end is not on screen at the top.
    let mut r = launch_with(&[], &[("dashes.md", &essay)], 110, 10);
    let library = r.term.wait_for("Dashes");
    let row = library.lines().find(|l| l.contains("Dashes")).unwrap().to_string();
    assert_eq!(number_before(&row, "min"), Some(1), "{row:?}");
    r.term.send("/dashes");
    // Ranked first (a bundled title may match the letters too).
    r.term.wait_for("› Dashes");
    r.term.send_key(Key::Enter);
    r.term.wait_for("Enter open");
    r.term.send_key(Key::Enter);
    let screen = r.term.wait_for("min left");
    assert_eq!(number_before(&screen, "min left"), Some(1), "{screen}");
    r.term.send_key(Key::Ctrl('c'));
    r.term.wait_exit();
    r.term.assert_restored();
}

#[test]
fn search_finds_a_curly_apostrophe_typed_straight() {
    let mut r = launch(&["leaking"], 110, 30);
    r.term.wait_for("min left");
    // Every "don’t" of the essay, curly or straight, in any case.
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/essays/why-i-support-leaking-leftist-documents.md"
    ))
    .unwrap();
    let expected = source.to_lowercase().replace('’', "'").matches("don't").count();
    assert!(expected >= 9, "the bundled essay has its curly apostrophes");
    r.term.send("/don't");
    r.term.send_key(Key::Enter);
    r.term.wait_for(&format!("/don't 1/{expected}"));
    r.term.send_key(Key::Ctrl('c'));
    r.term.wait_exit();
    r.term.assert_restored();
}

#[test]
fn search_finds_words_joined_by_a_no_break_space() {
    let mut r = launch(&["leaking"], 110, 30);
    r.term.wait_for("min left");
    r.term.send("/also probably");
    r.term.send_key(Key::Enter);
    r.term.wait_until(|s| s.contains("/also probably 1/"), "a match for 'also probably'");
    r.term.send_key(Key::Ctrl('c'));
    r.term.wait_exit();
    r.term.assert_restored();
}

/// An essay with two footnote references on its first line of text and its notes far
/// below, so neither note is on screen at the start.
fn two_notes_essay() -> String {
    let filler: String = (1..=30).map(|i| format!("Filler paragraph number {i}.\n\n")).collect();
    format!(
        "# Notes\n\nFirst claim[^a] and second claim[^b] on one line.\n\n{filler}[^a]: The first note says alpha.\n[^b]: The second note says beta.\n"
    )
}

#[test]
fn f_labels_two_references_on_a_line_and_the_second_label_follows_the_second() {
    let essay = two_notes_essay();
    let mut r = launch_with(&["notes"], &[("notes.md", &essay)], 80, 14);
    r.term.wait_for("second claim[2] on one line");
    r.term.send("f");
    // Each reference is covered by its label: "a" over "[1]", "s" over "[2]".
    let screen = r.term.wait_for("Follow:");
    assert!(screen.contains("First claima1] and second claims2]"), "{screen}");
    r.term.send("s");
    let screen = r.term.wait_for("The second note says beta");
    assert!(!screen.contains("alpha"), "the second note is shown, not the first: {screen}");
    // Backspace goes back to the references.
    r.term.send_key(Key::Backspace);
    r.term.wait_for("second claim[2] on one line");
    r.term.send("fa");
    r.term.wait_for("The first note says alpha");
    r.term.send_key(Key::Ctrl('c'));
    r.term.wait_exit();
    r.term.assert_restored();
}

#[test]
fn esc_takes_the_labels_away() {
    let essay = two_notes_essay();
    let mut r = launch_with(&["notes"], &[("notes.md", &essay)], 80, 14);
    r.term.wait_for("second claim[2] on one line");
    r.term.send("f");
    r.term.wait_for("Follow:");
    r.term.send_key(Key::Esc);
    r.term.wait_until(|s| s.contains("second claim[2]") && s.contains("min left"), "labels gone");
    r.term.send_key(Key::Ctrl('c'));
    r.term.wait_exit();
    r.term.assert_restored();
}

#[test]
fn one_reference_on_screen_is_followed_at_once() {
    let filler: String = (1..=30).map(|i| format!("Filler paragraph number {i}.\n\n")).collect();
    let essay = format!("# Single\n\nOnly one claim[^a] here.\n\n{filler}[^a]: The only note.\n");
    let mut r = launch_with(&["single"], &[("single.md", &essay)], 80, 14);
    r.term.wait_for("Only one claim[1] here.");
    r.term.send("f");
    r.term.wait_for("The only note");
    r.term.send_key(Key::Ctrl('c'));
    r.term.wait_exit();
    r.term.assert_restored();
}
