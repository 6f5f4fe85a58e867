//! The real binary in a pseudo-terminal: essays dropped into the folder appear while the
//! library is open, and bookmarks and reading positions survive quitting, resizing,
//! editing and moving the file.

mod common;

use std::fs;

use common::Key;
use common::folders::{Folders as Setup, editor_save, quit, top_text};

const USER_ESSAY: &str = "# Notes on the strike\n\nOpening paragraph of the notes.\n\n\
## The picket line\n\nThe picket line held for nine days and nobody crossed it.\n\n\
## The settlement\n\nThe settlement came on a Sunday.\n";

#[test]
fn essays_dropped_into_the_folder_appear_and_vanish_while_the_library_is_open() {
    let s = Setup::new();
    let mut term = s.spawn(&[], 100, 24);
    term.wait_for("Why I support leaking Leftist");
    term.wait_for("drop .md or .txt files into");

    editor_save(&s.essays.join("strike.md"), USER_ESSAY);
    term.wait_for("Notes on the strike");

    // Junk next to it changes nothing and breaks nothing.
    fs::write(s.essays.join(".hidden.md"), "# Hidden\n").unwrap();
    fs::write(s.essays.join("strike.md.swp"), [0u8, 1, 2]).unwrap();
    fs::write(s.essays.join("binary.md"), [0u8, 159, 146, 150, 0]).unwrap();
    term.wait_for("binary file");
    assert!(!term.screen_text().contains("Hidden"));
    // A link to nothing is not listed, and the status line says why.
    std::os::unix::fs::symlink(s.essays.join("nowhere.md"), s.essays.join("dangling.md")).unwrap();
    term.wait_for("broken link");

    fs::remove_file(s.essays.join("strike.md")).unwrap();
    term.wait_until(|screen| !screen.contains("Notes on the strike"), "the removed essay gone");
    term.send("q");
    assert!(term.wait_exit().success());
    term.assert_restored();
}

#[test]
fn an_open_essay_changed_on_disk_is_reloaded_at_the_same_passage() {
    let s = Setup::new();
    let path = s.essays.join("strike.md");
    fs::write(&path, USER_ESSAY).unwrap();
    let mut term = s.spawn(&["strike"], 100, 24);
    term.wait_for("min left");
    term.send("]");
    term.wait_until(|_| top_text(&term) == "The picket line", "at the picket line");

    let edited = USER_ESSAY.replace("Opening paragraph", "A new first paragraph.\n\nOpening paragraph");
    editor_save(&path, &edited);
    term.wait_for("changed on disk");
    assert_eq!(top_text(&term), "The picket line");
    term.wait_until(
        |_| {
            term.send("g");
            term.screen_text().contains("A new first paragraph.")
        },
        "the new text on screen",
    );
    quit(&mut term);
}

#[test]
fn a_bookmark_survives_quitting_resizing_and_reopening() {
    let s = Setup::new();
    let mut term = s.spawn(&["leaking"], 110, 30);
    term.wait_for("min left");
    term.send("}}");
    term.wait_until(|_| top_text(&term) == "The concept of totality", "two sections on");
    term.send("m");
    term.wait_for("Bookmark label:");
    term.send_key(Key::Enter);
    term.wait_for("Bookmarked");
    quit(&mut term);

    let json: serde_json::Value = serde_json::from_str(&s.run(&["bookmarks", "--json"])).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), 1, "{json}");
    let b = &list[0];
    assert_eq!(b["essay"], "why-i-support-leaking-leftist-documents");
    assert_eq!(b["section"], "The concept of totality");
    assert!(b["label"].as_str().unwrap().starts_with("The concept of totality"), "{b}");
    let mut keys: Vec<&str> = b.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["created", "device", "essay", "id", "label", "path", "section", "snippet", "title"]);

    // Another size: the reader resumes at the same section, and the bookmark jumps there.
    let mut term = s.spawn(&["leaking"], 70, 20);
    term.wait_for("min left");
    assert_eq!(top_text(&term), "The concept of totality");
    term.send("g");
    term.wait_until(|_| top_text(&term).starts_with("Why I support"), "back at the start");
    term.send("'");
    term.wait_for("Bookmarks");
    term.send_key(Key::Enter);
    term.wait_until(|_| top_text(&term) == "The concept of totality", "the bookmark's passage at the top");
    quit(&mut term);
}

#[test]
fn a_bookmark_survives_an_edit_above_it_and_a_move_to_a_subfolder() {
    let s = Setup::new();
    let path = s.essays.join("strike.md");
    fs::write(&path, USER_ESSAY).unwrap();
    let mut term = s.spawn(&["strike"], 100, 24);
    term.wait_for("min left");
    term.send("]]");
    term.wait_until(|_| top_text(&term) == "The settlement", "at the settlement");
    term.send("m");
    term.wait_for("Bookmark label:");
    term.send("sunday");
    term.send_key(Key::Enter);
    term.wait_for("Bookmarked: sunday");
    quit(&mut term);

    // Edit above the passage, then move the file into a subfolder.
    let edited = USER_ESSAY.replace(
        "Opening paragraph of the notes.",
        "Opening paragraph of the notes.\n\nTwo new paragraphs.\n\nPushed the rest down.",
    );
    fs::write(&path, edited).unwrap();
    fs::create_dir_all(s.essays.join("archive")).unwrap();
    fs::rename(&path, s.essays.join("archive/strike.md")).unwrap();

    let listed = s.run(&["bookmarks", "strike"]);
    assert!(listed.contains("sunday"), "{listed}");
    let mut term = s.spawn(&["strike"], 80, 24);
    term.wait_for("min left");
    assert_eq!(top_text(&term), "The settlement", "resumed at the passage");
    term.send("g'");
    term.wait_for("sunday");
    term.send_key(Key::Enter);
    term.wait_until(|_| top_text(&term) == "The settlement", "the bookmark still lands on its passage");
    quit(&mut term);
}
