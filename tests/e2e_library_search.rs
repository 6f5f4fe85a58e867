//! The search over every essay in a real pseudo-terminal: `S`, type, `Enter` lands on the
//! passage and `n` goes on; essays added or removed while the box is open are found or
//! vanish without a key.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::folders::quit;
use common::{Key, Term, essayreader_bin};

/// A reader over a temporary essays folder.
struct Reader {
    term: Term,
    essays: PathBuf,
    _dirs: tempfile::TempDir,
}

fn launch(essays: &[(&str, String)]) -> Reader {
    launch_with(&[], essays)
}

/// [`launch`] with command-line arguments (an essay to open).
fn launch_with(args: &[&str], essays: &[(&str, String)]) -> Reader {
    let dirs = tempfile::tempdir().expect("tempdir");
    let config = dirs.path().join("config");
    let folder = dirs.path().join("essays");
    fs::create_dir_all(&folder).expect("essays folder");
    for (name, text) in essays {
        fs::write(folder.join(name), text).expect("write essay");
    }
    let env = [("ESSAYREADER_CONFIG_DIR", path(&config)), ("ESSAYREADER_ESSAYS_DIR", path(&folder))];
    let term = Term::spawn(essayreader_bin(), args, &env, 100, 30);
    Reader { term, essays: folder, _dirs: dirs }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

/// Paragraphs that say nothing in particular.
fn filler(n: usize) -> String {
    "The branch met again and the minutes were read aloud once more.\n\n".repeat(n)
}

/// An essay with "dialectical" three times, and "dialectical materialism" side by side
/// only in its second section.
fn alpha() -> String {
    format!(
        "# Alpha essay\n\n## First part\n\nA dialectical turn.\n\n{}## Second part\n\n\
         Here is dialectical materialism at last.\n\n{}## Third part\n\nDialectical again, and materialism.\n",
        filler(40),
        filler(40)
    )
}

#[test]
fn s_type_enter_lands_on_the_passage_and_n_goes_on() {
    let mut r = launch(&[
        ("alpha.md", alpha()),
        ("beta.md", format!("# Beta essay\n\n{}Nothing about it.\n", filler(3))),
    ]);
    r.term.wait_for("Alpha essay");
    r.term.send("S");
    r.term.wait_for("Search every essay");
    r.term.send("dialectical materialism");
    let screen = r.term.wait_for("1 essay of");
    assert!(screen.contains("Second part"), "the section of the best passage:\n{screen}");
    assert!(screen.contains("Here is dialectical materialism at last"), "the snippet:\n{screen}");
    assert!(!screen.contains("Beta essay"), "{screen}");
    r.term.send_key(Key::Enter);
    // The second of three: the passage where the words are side by side.
    let screen = r.term.wait_for("/dialectical 2/3");
    assert!(screen.contains("Here is dialectical materialism at last"), "on screen:\n{screen}");
    r.term.send("n");
    r.term.wait_for("/dialectical 3/3");
    quit(&mut r.term);
}

#[test]
fn essays_added_and_removed_while_searching_are_found_and_vanish() {
    let mut r = launch(&[("alpha.md", alpha())]);
    r.term.wait_for("Alpha essay");
    r.term.send("S");
    r.term.send("zanzibar");
    r.term.wait_for("No essay matches");
    let added = r.essays.join("zanzibar.md");
    fs::write(&added, format!("# Gamma essay\n\n{}The Zanzibar strike.\n", filler(2))).expect("write");
    let screen = r.term.wait_for("1 essay of");
    assert!(screen.contains("Gamma essay"), "{screen}");
    fs::remove_file(&added).expect("remove");
    r.term.wait_for("No essay matches");
    r.term.send_key(Key::Esc);
    r.term.wait_until(|s| !s.contains("Search every essay"), "the box closed");
    r.term.send("q");
    let status = r.term.wait_exit();
    assert!(status.success(), "{status:?}");
    r.term.assert_restored();
}

#[test]
fn s_works_from_the_reader_esc_returns_to_it_and_backspace_comes_back() {
    let mut r = launch_with(&["alpha"], &[("alpha.md", alpha())]);
    r.term.wait_for("A dialectical turn");
    r.term.send("S");
    r.term.send("\"materialism at last\"");
    r.term.wait_for("1 essay of");
    r.term.send_key(Key::Esc);
    r.term.wait_until(|s| s.contains("A dialectical turn") && !s.contains("Search every essay"), "back");
    r.term.send("S");
    r.term.send("\"materialism at last\"");
    r.term.wait_for("1 essay of");
    r.term.send_key(Key::Enter);
    let screen = r.term.wait_for("/materialism at last 1/1");
    assert!(!screen.contains("A dialectical turn"), "{screen}");
    // Opening a result is a jump: Backspace goes back to where the reader was.
    r.term.send_key(Key::Backspace);
    r.term.wait_for("A dialectical turn");
    r.term.send_key(Key::Ctrl('c'));
    r.term.wait_exit();
    r.term.assert_restored();
}
