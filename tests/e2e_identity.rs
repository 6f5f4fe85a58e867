//! The real binary in a pseudo-terminal: an essay stays itself (its bookmarks and reading
//! position with it) when its title is edited or its file renamed, two essays with one
//! title are never confused, and saved state that cannot be placed with confidence is kept
//! as detached and can be attached again from the bookmark list.

mod common;

use std::fs;
use std::path::Path;

use common::Key;
use common::folders::{Folders as Setup, quit, top_text};
use essayreader::core::position::capture;
use serde_json::Value;

/// What these tests ask the command line about the folders.
trait Queries {
    /// Runs a command with the same folders and parses its JSON output.
    fn json(&self, args: &[&str]) -> Value;
    /// The `list --json` id of the essay at `path`.
    fn id_of(&self, path: &Path) -> String;
    /// The essay ids of all bookmarks, from `bookmarks --json`.
    fn bookmarked_essays(&self) -> Vec<String>;
}

impl Queries for Setup {
    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.run(args)).unwrap()
    }

    fn id_of(&self, path: &Path) -> String {
        let list = self.json(&["list", "--json"]);
        let entry = list.as_array().unwrap().iter().find(|e| e["path"] == path.display().to_string());
        entry.unwrap_or_else(|| panic!("{} not listed: {list}", path.display()))["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn bookmarked_essays(&self) -> Vec<String> {
        let list = self.json(&["bookmarks", "--json"]);
        list.as_array().unwrap().iter().map(|b| b["essay"].as_str().unwrap().to_string()).collect()
    }
}

/// An essay titled by its first heading, long enough that a section is not at 0% or 100%.
fn essay(title: &str, tag: &str) -> String {
    let filler = |n: usize| -> String {
        (0..n)
            .map(|i| {
                format!("{tag} paragraph {i}, with enough words in it to fill a line or two of text.\n\n")
            })
            .collect()
    };
    format!("# {title}\n\n{}## Middle of {tag}\n\n{}## End of {tag}\n\n{}", filler(8), filler(12), filler(8))
}

/// Opens `args`, goes to the second heading, bookmarks it as `label`, quits.
fn bookmark_middle(s: &Setup, args: &[&str], tag: &str, label: &str) {
    let mut term = s.spawn(args, 100, 24);
    term.wait_for("min left");
    term.send("]");
    let middle = format!("Middle of {tag}");
    term.wait_until(|_| top_text(&term) == middle, "at the middle");
    term.send("m");
    term.wait_for("Bookmark label:");
    term.send(label);
    term.send_key(Key::Enter);
    term.wait_for(&format!("Bookmarked: {label}"));
    quit(&mut term);
}

#[test]
fn a_retitled_essay_keeps_its_bookmark_and_reading_position() {
    let s = Setup::new();
    let path = s.essays.join("solo.md");
    fs::write(&path, essay("Solo Essy", "solo")).unwrap();
    bookmark_middle(&s, &["solo"], "solo", "mid");

    // Fix the typo in the title.
    fs::write(&path, essay("Solo Essay", "solo")).unwrap();

    // The reading position: opened again, the reader is back at the middle.
    let mut term = s.spawn(&["solo essay"], 100, 24);
    term.wait_for("min left");
    assert_eq!(top_text(&term), "Middle of solo", "resumed where reading stopped");
    quit(&mut term);

    // The library-wide bookmark list names the essay by its new title and opens it.
    let mut term = s.spawn(&[], 100, 24);
    term.wait_for("Solo Essay");
    term.send("'");
    term.wait_for("mid");
    term.wait_for("Solo Essay ·");
    term.send_key(Key::Enter);
    term.wait_until(|_| top_text(&term) == "Middle of solo", "the bookmark's passage");
    assert!(!term.screen_text().contains("any more"), "{}", term.screen_text());
    quit(&mut term);
    assert_eq!(s.bookmarked_essays(), [s.id_of(&path)]);
}

#[test]
fn two_essays_with_one_title_are_never_confused_by_a_rename_or_a_retitle() {
    let s = Setup::new();
    let first = s.essays.join("a.md");
    let second = s.essays.join("b.md");
    fs::write(&first, essay("Twin", "first")).unwrap();
    fs::write(&second, essay("Twin", "second")).unwrap();
    let first_arg = first.display().to_string();
    bookmark_middle(&s, &[&first_arg], "first", "one");
    assert_eq!(s.bookmarked_essays(), [s.id_of(&first)]);

    // Renamed: the bookmark and the reading position go with the file.
    let renamed = s.essays.join("c.md");
    fs::rename(&first, &renamed).unwrap();
    assert_eq!(s.bookmarked_essays(), [s.id_of(&renamed)]);
    assert_ne!(s.id_of(&renamed), s.id_of(&second));
    let second_arg = second.display().to_string();
    let mut term = s.spawn(&[&second_arg], 100, 24);
    term.wait_for("min left");
    assert!(top_text(&term).starts_with("Twin"), "the other essay starts at the top");
    term.send("'");
    term.wait_for("No bookmarks yet");
    term.send_key(Key::Esc);
    term.wait_until(|s| !s.contains("No bookmarks yet"), "list closed");
    quit(&mut term);
    let renamed_arg = renamed.display().to_string();
    let mut term = s.spawn(&[&renamed_arg], 100, 24);
    term.wait_for("min left");
    assert_eq!(top_text(&term), "Middle of first", "resumed where reading stopped");
    quit(&mut term);

    // Retitled: the same.
    fs::write(&renamed, essay("Twin, the first", "first")).unwrap();
    assert_eq!(s.bookmarked_essays(), [s.id_of(&renamed)]);
    let mut term = s.spawn(&["twin, the first"], 100, 24);
    term.wait_for("min left");
    assert_eq!(top_text(&term), "Middle of first");
    term.send("'");
    term.wait_for("one");
    term.send_key(Key::Enter);
    term.wait_until(|_| top_text(&term) == "Middle of first", "the bookmark's passage");
    quit(&mut term);
}

#[test]
fn saved_state_keyed_by_title_slugs_is_carried_over_on_first_start() {
    let s = Setup::new();
    let text = essay("Solo Essy", "solo");
    fs::write(s.essays.join("solo.md"), &text).unwrap();
    // The state files as the previous version wrote them: keyed by the title's slug.
    let offset = text.find("## Middle of solo").unwrap();
    let anchor = capture(&text, offset, vec!["Solo Essy".into(), "Middle of solo".into()]);
    let bookmarks = serde_json::json!({"version": 1, "bookmarks": [{
        "id": "20261101T100000000-1-0", "essay": "solo-essy", "label": "old mark",
        "section": "Middle of solo", "snippet": "solo paragraph 0", "created": "2026-11-01T10:00:00Z",
        "anchor": anchor,
    }]});
    let positions = serde_json::json!({"version": 1, "positions": [{
        "essay": "solo-essy", "updated": "2026-11-01T10:00:00.000Z", "progress": 0.4, "anchor": anchor,
    }]});
    fs::create_dir_all(&s.config).unwrap();
    fs::write(s.config.join("bookmarks.json"), bookmarks.to_string()).unwrap();
    fs::write(s.config.join("positions.json"), positions.to_string()).unwrap();

    let mut term = s.spawn(&[], 100, 24);
    term.wait_for("Solo Essy");
    term.wait_for("40%");
    term.send("'");
    term.wait_for("old mark");
    term.wait_for("Solo Essy ·");
    term.send_key(Key::Enter);
    term.wait_until(|_| top_text(&term) == "Middle of solo", "the bookmark's passage");
    quit(&mut term);
    let id = s.id_of(&s.essays.join("solo.md"));
    assert_eq!(s.bookmarked_essays(), std::slice::from_ref(&id));
    let paths: serde_json::Value = serde_json::from_str(&s.run(&["paths", "--json"])).unwrap();
    let positions = fs::read_to_string(paths["positions_file"].as_str().unwrap()).unwrap();
    // Kept as a backup until a later start (`bookmarks` above) succeeded.
    assert!(!s.config.join("positions.json").exists() && !s.config.join("positions.json.migrated").exists());
    let moved = format!("\"rekey\":{{\"from\":\"solo-essy\",\"to\":\"{id}\"}}");
    assert!(positions.contains(&moved), "{positions}");
}

#[test]
fn a_moved_and_rewritten_essay_leaves_its_bookmark_detached_until_it_is_attached() {
    let s = Setup::new();
    let path = s.essays.join("solo.md");
    fs::write(&path, essay("Solo Essay", "solo")).unwrap();
    bookmark_middle(&s, &["solo"], "solo", "mid");

    // Moved and rewritten beyond recognition, though one section survives.
    fs::remove_file(&path).unwrap();
    let kept =
        "## Middle of solo\n\nsolo paragraph 0, with enough words in it to fill a line or two of text.\n\n";
    let fresh: String = (0..30)
        .map(|i| format!("Entirely new prose, part {i}: the argument now runs another way altogether.\n\n"))
        .collect();
    let rewritten = format!("# Rewritten\n\n{fresh}{kept}");
    let moved = s.essays.join("sub/rewritten.md");
    fs::create_dir_all(moved.parent().unwrap()).unwrap();
    fs::write(&moved, rewritten).unwrap();

    // The command line names the detached bookmark's essay by its last title too.
    let export = s.run(&["bookmarks", "--export", "md"]);
    assert!(export.contains("- Essay: Solo Essay\n"), "{export}");
    let list = s.json(&["bookmarks", "--json"]);
    assert_eq!(list[0]["title"], "Solo Essay", "{list}");
    assert_eq!(list[0]["path"], path.display().to_string(), "the last known file: {list}");

    let mut term = s.spawn(&[], 100, 30);
    term.wait_for("Rewritten");
    term.send("'");
    term.wait_for("mid");
    term.wait_for("(detached");
    term.wait_for("Solo Essay ·");
    // Not given to the rewritten essay, nor to any other.
    term.send_key(Key::Enter);
    term.wait_for("not in the library");
    term.send("'");
    term.wait_for("mid");
    term.send("a");
    term.wait_for("Attach the bookmarks of “Solo Essay”");
    term.wait_until(
        |_| {
            let screen = term.screen_text();
            let on_it = screen.lines().any(|l| l.contains('›') && l.contains("Rewritten"));
            if !on_it {
                term.send("j");
            }
            on_it
        },
        "the rewritten essay selected",
    );
    term.send_key(Key::Enter);
    term.wait_for("Attached to Rewritten");
    term.send("'");
    term.wait_for("Rewritten ·");
    assert!(!term.screen_text().contains("detached"), "{}", term.screen_text());
    term.send_key(Key::Enter);
    term.wait_until(|_| top_text(&term) == "Middle of solo", "the bookmark's passage in the rewritten essay");
    quit(&mut term);
    assert_eq!(s.bookmarked_essays(), [s.id_of(&moved)]);
}

#[test]
fn an_open_essay_whose_file_is_deleted_says_so_and_keeps_new_bookmarks() {
    let s = Setup::new();
    let path = s.essays.join("solo.md");
    fs::write(&path, essay("Solo Essay", "solo")).unwrap();
    let mut term = s.spawn(&["solo"], 100, 24);
    term.wait_for("min left");
    term.send("]");
    term.wait_until(|_| top_text(&term) == "Middle of solo", "at the middle");

    fs::remove_file(&path).unwrap();
    term.wait_for("file was deleted");
    assert_eq!(top_text(&term), "Middle of solo", "the text stays");
    term.send("m");
    term.wait_for("Bookmark label:");
    term.send("after");
    term.send_key(Key::Enter);
    term.wait_for("Bookmarked: after");
    term.send("'");
    term.wait_for("after");
    term.wait_for("(file deleted)");
    term.send_key(Key::Esc);
    term.wait_until(|s| !s.contains("(file deleted)"), "list closed");
    term.wait_for("file deleted · ? help");
    quit(&mut term);
    let list = s.json(&["bookmarks", "--json"]);
    assert_eq!(list[0]["label"], "after", "{list}");
    assert_eq!(list[0]["title"], "Solo Essay", "{list}");
}

#[test]
fn an_essay_opened_by_path_from_outside_the_folders_keeps_its_bookmark_when_edited() {
    let s = Setup::new();
    let outside = s.config.parent().unwrap().join("elsewhere/loose.md");
    fs::create_dir_all(outside.parent().unwrap()).unwrap();
    fs::write(&outside, essay("Loose", "loose")).unwrap();
    let arg = outside.display().to_string();
    bookmark_middle(&s, &[&arg], "loose", "kept");

    let edited = essay("Loose", "loose").replace("# Loose\n\n", "# Loose\n\nA new opening line.\n\n");
    fs::write(&outside, edited).unwrap();
    let list = s.json(&["bookmarks", &arg, "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    let mut term = s.spawn(&[&arg], 100, 24);
    term.wait_for("min left");
    assert_eq!(top_text(&term), "Middle of loose", "resumed where reading stopped");
    quit(&mut term);
}

#[test]
fn an_essay_opened_by_path_is_remembered_and_opened_again_unchanged_where_reading_stopped() {
    let s = Setup::new();
    let outside = s.config.parent().unwrap().join("elsewhere/again.md");
    fs::create_dir_all(outside.parent().unwrap()).unwrap();
    fs::write(&outside, essay("Again", "again")).unwrap();
    let arg = outside.display().to_string();
    bookmark_middle(&s, &[&arg], "again", "here");
    // Remembered by its real path, size and time, with what it is known by.
    let cache: Value =
        serde_json::from_str(&fs::read_to_string(s.config.join("library-cache.json")).unwrap()).unwrap();
    let opened = cache["opened"].as_array().cloned().unwrap_or_default();
    let canonical = outside.canonicalize().unwrap().display().to_string();
    assert!(
        opened
            .iter()
            .any(|e| e["path"] == canonical.as_str() && e["stamp"].is_object() && e["source_hash"].is_u64()),
        "{cache}"
    );
    // Opened again, unchanged: its identity comes from the cache, and it is still itself.
    let mut term = s.spawn(&[&arg], 100, 24);
    term.wait_for("min left");
    assert_eq!(top_text(&term), "Middle of again", "resumed where reading stopped");
    quit(&mut term);
    let list = s.json(&["bookmarks", &arg, "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
}

#[test]
fn an_essay_opened_by_path_and_only_read_is_remembered_with_its_text_hash() {
    // Opening a long essay no longer hashes its text unless something needs it: the hash
    // a saved position takes must still be remembered, or the next open hashes the whole
    // book before its first frame.
    let s = Setup::new();
    let outside = s.config.parent().unwrap().join("elsewhere/read.md");
    fs::create_dir_all(outside.parent().unwrap()).unwrap();
    fs::write(&outside, essay("Read", "read")).unwrap();
    let arg = outside.display().to_string();
    let mut term = s.spawn(&[&arg], 100, 24);
    term.wait_for("min left");
    term.send("]");
    term.wait_until(|_| top_text(&term) == "Middle of read", "at the middle");
    quit(&mut term);
    let cache: Value =
        serde_json::from_str(&fs::read_to_string(s.config.join("library-cache.json")).unwrap()).unwrap();
    let opened = cache["opened"].as_array().cloned().unwrap_or_default();
    assert!(opened.iter().any(|e| e["source_hash"].is_u64()), "{cache}");
    let mut term = s.spawn(&[&arg], 100, 24);
    term.wait_for("min left");
    assert_eq!(top_text(&term), "Middle of read", "resumed where reading stopped");
    quit(&mut term);
}
