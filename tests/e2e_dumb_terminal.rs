//! A terminal that cannot draw a full-screen reader (`TERM=dumb`: Emacs' shell, some
//! editors' terminals): `essayreader ESSAY` prints the essay as into a pipe and
//! `essayreader` prints the list, then both exit; nothing is drawn.

mod common;

use common::folders::Folders;

const LEAKING: &str = "why-i-support-leaking-leftist-documents";

/// The last line of text that `out` holds.
fn last_line(out: &str) -> &str {
    out.lines().rev().map(str::trim).find(|l| !l.is_empty()).expect("some text")
}

#[test]
fn an_essay_is_printed_not_drawn_on_a_dumb_terminal() {
    let folders = Folders::new();
    let piped = folders.run(&["render", LEAKING, "--color", "never"]);
    let mut term = folders.spawn_with(&[LEAKING], &[("TERM", "dumb")], 80, 24);
    // A reader would wait for keys; printing ends by itself, with the essay's end left on
    // the screen (a full-screen reader would have taken it away on leaving).
    assert!(term.wait_exit().success());
    let screen = term.screen_text();
    assert!(screen.contains(last_line(&piped)), "the essay's end is not on the screen:\n{screen}");
    assert!(!term.alternate_screen());
    // Plain text, as into a pipe: a dumb terminal would show escape sequences as text.
    let styled = term.with_screen(|screen| {
        let (rows, cols) = screen.size();
        (0..rows).flat_map(|r| (0..cols).map(move |c| (r, c))).any(|(r, c)| {
            screen.cell(r, c).is_some_and(|cell| cell.bold() || cell.fgcolor() != vt100::Color::Default)
        })
    });
    assert!(!styled, "the essay was printed with styles");
    term.assert_restored();
}

#[test]
fn the_library_is_listed_not_drawn_on_a_dumb_terminal() {
    let folders = Folders::new();
    let mut term = folders.spawn_with(&[], &[("TERM", "dumb")], 100, 24);
    assert!(term.wait_exit().success());
    let screen = term.screen_text();
    for id in [LEAKING, "common-sense", "on-the-duty-of-civil-disobedience"] {
        assert!(screen.contains(id), "{id} is not listed:\n{screen}");
    }
    term.assert_restored();
}
