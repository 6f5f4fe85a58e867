//! A long essay (over the 256 KiB at which the reader first shows a window of it) opens at
//! the place where reading stopped, and when the whole essay has been parsed in the
//! background the reader is still on that passage, with the whole outline and the true
//! percentage, start and end.

mod common;

use std::fs;

use common::folders::top_text;
use common::{Key, Term, essayreader_bin};

const PARTS: usize = 3000;

fn long_essay() -> String {
    let mut text = String::from("# The long essay\n\n");
    for n in 1..=PARTS {
        text.push_str(&format!("## Part {n}\n\n"));
        text.push_str(&format!(
            "Paragraph of part {n}: the movement argues with itself, patiently and at length, \
             about what is to be done and by whom.\n\n"
        ));
    }
    assert!(text.len() > 300 * 1024, "long enough to open on a window: {}", text.len());
    text
}

/// Opens the essay named by `args`, waits for the whole of it, goes to Part 2000 (two
/// thirds in) and leaves the reader there.
fn read_to_part_2000_and_leave(args: &[&str], env: &[(&str, &str)]) {
    let mut term = Term::spawn(essayreader_bin(), args, env, 100, 24);
    term.wait_for("min left");
    // Until the whole essay has arrived in the background, `G` reaches only the end of the
    // part shown first: press it until the essay's true end is on screen.
    term.wait_until(
        |s| {
            let there = s.contains(&format!("Paragraph of part {PARTS}:"));
            if !there {
                term.send("G");
            }
            there
        },
        "the true end",
    );
    term.send("/Part 2000");
    term.send_key(Key::Enter);
    term.wait_for("Paragraph of part 2000");
    // The match shows a little below the top: one heading at a time until it is on top,
    // each key waited for, so none is still queued when the reader leaves.
    let mut top = top_text(&term);
    while top != "Part 2000" {
        assert!(top.is_empty() || top == "Part 1999", "the search left the top at {top:?}");
        term.send("]");
        term.wait_until(|_| top_text(&term) != top, "the next heading on top");
        top = top_text(&term);
    }
    leave(&mut term);
}

/// The reader opened on Part 2000, and stays there when the whole essay has arrived (the
/// status gives the whole essay's two thirds, no longer reckoned from a part: `~66%`).
fn resumes_at_part_2000_and_hands_over(term: &Term) {
    term.wait_until(|_| top_text(term) == "Part 2000", "the reading place on the first screen");
    term.wait_until(
        |s| s.contains("· 66%") || s.contains("· 67%"),
        "the whole essay's percentage, not reckoned from a part",
    );
    assert_eq!(top_text(term), "Part 2000", "still on the passage after the hand-over");
}

/// Back to the library and out.
fn leave(term: &mut Term) {
    term.send("q");
    term.wait_until(|s| !s.contains("min left"), "back in the library");
    term.send("q");
    assert!(term.wait_exit().success());
    term.assert_restored();
}

#[test]
fn a_long_essay_resumes_on_its_passage_and_hands_over_to_the_whole() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (config, essays) = (tmp.path().join("config"), tmp.path().join("essays"));
    fs::create_dir_all(&essays).expect("mkdir");
    fs::write(essays.join("long.md"), long_essay()).expect("write");
    let env = [
        ("ESSAYREADER_CONFIG_DIR", config.to_str().expect("utf-8")),
        ("ESSAYREADER_ESSAYS_DIR", essays.to_str().expect("utf-8")),
    ];

    // First visit: go two thirds of the way in and leave.
    read_to_part_2000_and_leave(&["long essay"], &env);

    // Second visit: the first screen is the passage, and it stays the passage once the
    // whole essay has arrived: the status says two thirds, the ends are the essay's.
    let mut term = Term::spawn(essayreader_bin(), &["long essay"], &env, 100, 24);
    resumes_at_part_2000_and_hands_over(&term);
    term.send("G");
    term.wait_for(&format!("Paragraph of part {PARTS}:"));
    term.wait_for("100%");
    term.send("g");
    term.wait_until(|_| top_text(&term) == "The long essay", "the true start");
    leave(&mut term);
}

#[test]
fn a_long_essay_named_by_path_resumes_on_its_passage_and_hands_over_to_the_whole() {
    // Named by path and remembered unchanged, a long essay's first screen is drawn from a
    // part of its file before the rest is read (see `tui::preview`, whose tests compare
    // that screen with the full open's): it resumes there, and the whole follows.
    let tmp = tempfile::tempdir().expect("tempdir");
    let (config, essays) = (tmp.path().join("config"), tmp.path().join("essays"));
    let book = tmp.path().join("elsewhere/long.md");
    fs::create_dir_all(book.parent().expect("parent")).expect("mkdir");
    fs::create_dir_all(&essays).expect("mkdir");
    fs::write(&book, long_essay()).expect("write");
    let env = [
        ("ESSAYREADER_CONFIG_DIR", config.to_str().expect("utf-8")),
        ("ESSAYREADER_ESSAYS_DIR", essays.to_str().expect("utf-8")),
    ];
    let arg = book.to_str().expect("utf-8");
    read_to_part_2000_and_leave(&[arg], &env);

    let mut term = Term::spawn(essayreader_bin(), &[arg], &env, 100, 24);
    resumes_at_part_2000_and_hands_over(&term);
    term.send("g");
    term.wait_until(|_| top_text(&term) == "The long essay", "the true start");
    leave(&mut term);
}

#[test]
fn a_long_essay_moved_since_it_was_read_still_opens_at_its_place() {
    // A path never seen starts on the essay's first screen; once the file is known for
    // the essay it is (moved, same text), the reader goes to where reading stopped.
    let tmp = tempfile::tempdir().expect("tempdir");
    let (config, essays) = (tmp.path().join("config"), tmp.path().join("essays"));
    let (before, after) = (tmp.path().join("a/long.md"), tmp.path().join("b/renamed.md"));
    for dir in [before.parent(), after.parent(), Some(essays.as_path())] {
        fs::create_dir_all(dir.expect("parent")).expect("mkdir");
    }
    fs::write(&before, long_essay()).expect("write");
    let env = [
        ("ESSAYREADER_CONFIG_DIR", config.to_str().expect("utf-8")),
        ("ESSAYREADER_ESSAYS_DIR", essays.to_str().expect("utf-8")),
    ];
    read_to_part_2000_and_leave(&[before.to_str().expect("utf-8")], &env);
    fs::rename(&before, &after).expect("move");

    let mut term = Term::spawn(essayreader_bin(), &[after.to_str().expect("utf-8")], &env, 100, 24);
    term.wait_until(|_| top_text(&term) == "Part 2000", "the reading place");
    term.wait_until(
        |s| s.contains("· 66%") || s.contains("· 67%"),
        "the whole essay's percentage, not reckoned from a part",
    );
    leave(&mut term);
}

#[test]
fn a_book_written_over_in_place_while_open_is_read_again_and_its_writer_never_waits() {
    // A book (over 1 MiB) is mapped from its file under a lease rather than read into the
    // reader's memory (`library::mapped`): a program writing the file in place must go on
    // at once, and the reader must neither read the cut file nor keep the old text.
    let tmp = tempfile::tempdir().expect("tempdir");
    let (config, essays) = (tmp.path().join("config"), tmp.path().join("essays"));
    fs::create_dir_all(&essays).expect("mkdir");
    let book = essays.join("book.md");
    let mut text = String::from("# The long essay\n\n");
    for n in 1..=PARTS * 5 {
        text.push_str(&format!(
            "## Part {n}\n\nParagraph of part {n}: it’s patient, and “long” — on purpose.\n\n"
        ));
    }
    assert!(text.len() > 1 << 20, "a book: {}", text.len());
    fs::write(&book, &text).expect("write");
    let env = [
        ("ESSAYREADER_CONFIG_DIR", config.to_str().expect("utf-8")),
        ("ESSAYREADER_ESSAYS_DIR", essays.to_str().expect("utf-8")),
    ];
    let mut term = Term::spawn(essayreader_bin(), &["long essay"], &env, 100, 24);
    term.wait_for("min left");
    term.wait_until(
        |s| {
            let there = s.contains("Paragraph of part 15000:");
            if !there {
                term.send("G");
            }
            there
        },
        "the true end",
    );
    let maps = fs::read_to_string(format!("/proc/{}/maps", term.pid())).expect("maps");
    assert!(maps.contains(book.to_str().expect("utf-8")), "the book is mapped, not read:\n{maps}");

    // Written over in place (truncated, then a shorter text): the write goes on at once.
    let (done, finished) = std::sync::mpsc::channel();
    let path = book.clone();
    std::thread::spawn(move || {
        let rewritten = "# The long essay\n\n## Part 1\n\nRewritten paragraph, much shorter now.\n";
        done.send(fs::write(&path, rewritten)).expect("send");
    });
    let written = finished.recv_timeout(std::time::Duration::from_secs(20));
    assert!(matches!(written, Ok(Ok(()))), "the writer waited on the reader: {written:?}");

    // The reader reads the new text, and is still whole.
    term.send("g");
    term.wait_for("Rewritten paragraph, much shorter now.");
    term.send("G");
    term.wait_for("100%");
    leave(&mut term);
}
