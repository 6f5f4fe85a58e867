//! The real binary in a pseudo-terminal with a small folder of essays that link to each
//! other: `f` labels links, follows an anchor, opens another essay at a heading, follows a
//! footnote there, and `Backspace` comes back through all of it to the first passage; web
//! links reach `$BROWSER` with exactly their address, and a `file:` link never does.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use std::os::unix::fs::PermissionsExt;

use common::folders::{Folders, quit, top_text};
use common::{Key, Term};

/// Paragraphs of filler, so that only the links meant to be on screen are.
fn filler(what: &str, n: usize) -> String {
    (0..n).map(|i| format!("{what} filler paragraph number {i}.\n\n")).collect()
}

fn first() -> String {
    format!(
        "# First essay\n\nThe opening paragraph of the first essay.\n\n{}\
         See [the part](#part-two), [the other essay](other%20essay#later) and \
         [the web](https://example.org/x?y=1).\n\n{}## Part two\n\nRead on in \
         [the other essay](other%20essay.md#later).\n\n{}",
        filler("Early", 3),
        filler("Middle", 30),
        filler("Late", 30)
    )
}

fn other() -> String {
    format!(
        "# Other essay\n\n{}## Later\n\nLater words, with a note.[^n]\n\nThe last paragraph.\n\n\
         [^n]: The note of the other essay.\n",
        filler("Other", 30)
    )
}

const WEB: &str = "# Web essay\n\nA [local file](file:///etc/passwd) and \
[a page](https://example.org/x?y=1&z=2), then two notes.[^a][^b]\n\n\
[^a]: The first note.\n\n[^b]: The second note.\n";

/// A reader of `essay` with the three essays in its folder and `BROWSER` set to a script
/// that appends each argument it gets to `browser.log`.
struct Reader {
    term: Term,
    folders: Folders,
}

fn launch(essay: &str) -> Reader {
    let folders = Folders::new();
    folders.write("first.md", &first());
    folders.write("other essay.md", &other());
    folders.write("web.md", WEB);
    let term = folders.spawn_with(&[essay], &[("BROWSER", &browser(&folders))], 100, 24);
    Reader { term, folders }
}

/// A script that appends each argument it gets to `browser.log`; returns its path.
fn browser(folders: &Folders) -> String {
    let log = folders.root.join("browser.log");
    let script = folders.root.join("browser.sh");
    let body = format!("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '{}'; done\n", log.display());
    std::fs::write(&script, body).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script.display().to_string()
}

fn wait_top(term: &Term, text: &str) {
    term.wait_until(|_| top_text(term) == text, &format!("{text:?} on the top line"));
}

/// Waits (polling, up to ten seconds) for the browser script to have written its log.
fn browser_log(path: &Path) -> String {
    let start = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && text.ends_with('\n')
        {
            return text;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "the browser was never started");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn f_with_three_links_on_screen_shows_three_labels_with_their_targets() {
    let r = launch("first");
    r.term.wait_for("min left");
    r.term.send("f");
    let screen = r.term.wait_for("Follow:");
    assert!(screen.contains("parta1]"), "{screen}");
    assert!(screen.contains("essays2]"), "{screen}");
    assert!(screen.contains("webd3]"), "{screen}");
    assert!(!screen.contains("f4]"), "only three targets: {screen}");
    r.term.send_key(Key::Esc);
    r.term.wait_for("part[1]");
}

#[test]
fn an_anchor_another_essay_and_a_footnote_there_then_back_to_the_first_passage() {
    let mut r = launch("first");
    r.term.wait_for("min left");
    r.term.send("jjj");
    r.term.wait_until(|_| top_text(&r.term).starts_with("The opening paragraph"), "three lines down");
    let passage = top_text(&r.term);

    r.term.send("fa");
    wait_top(&r.term, "Part two");
    // One target on screen: `f` follows it at once, into the other essay at its heading.
    r.term.send("f");
    wait_top(&r.term, "Later");
    r.term.wait_for("Other essay");
    r.term.send("f");
    wait_top(&r.term, "[1] The note of the other essay.");

    r.term.send_key(Key::Backspace);
    wait_top(&r.term, "Later");
    r.term.send_key(Key::Backspace);
    wait_top(&r.term, "Part two");
    r.term.wait_for("First essay");
    r.term.send_key(Key::Ctrl('o'));
    wait_top(&r.term, &passage);
    // Forward again retraces the way.
    r.term.send_key(Key::Ctrl('n'));
    wait_top(&r.term, "Part two");

    quit(&mut r.term);
}

#[test]
fn a_web_link_reaches_the_browser_with_exactly_its_address_and_a_file_link_never_does() {
    let r = launch("web");
    r.term.wait_for("min left");
    r.term.send("fa");
    r.term.wait_for("file: links are not opened");
    r.term.send("fs");
    r.term.wait_for("Opening https://example.org/x?y=1&z=2");
    let log = browser_log(&r.folders.root.join("browser.log"));
    assert_eq!(log, "https://example.org/x?y=1&z=2\n");
    // The browser wrote nothing over the reader.
    assert!(r.term.screen_text().contains("Web essay"));
}

#[test]
fn the_second_of_two_footnote_references_on_one_line_can_be_followed() {
    let r = launch("web");
    r.term.wait_for("min left");
    r.term.send("f");
    r.term.wait_for("Follow:");
    r.term.send("f");
    r.term.wait_until(|_| top_text(&r.term).contains("The second note."), "the second note on top");
}

#[test]
fn a_bare_address_in_the_text_is_a_link_too() {
    let folders = Folders::new();
    folders.write(
        "bare.md",
        "# Bare essay\n\nRead more at https://example.org/a_b_(c)/d?e=1, or www.example.net.\n",
    );
    let mut term = folders.spawn_with(&["bare"], &[("BROWSER", &browser(&folders))], 100, 24);
    term.wait_for("min left");
    // Two addresses on screen, each labelled; the first is followed whole: its underscores
    // and balanced parentheses kept, the sentence's comma left out.
    term.send("f");
    term.wait_for("Follow:");
    term.send("a");
    term.wait_for("Opening https://example.org/a_b_(c)/d?e=1");
    let log = browser_log(&folders.root.join("browser.log"));
    assert_eq!(log, "https://example.org/a_b_(c)/d?e=1\n");
    quit(&mut term);
}
