//! A saved blog page dropped into a running library as `.txt`: it appears under its real
//! title, opens with its sections in the outline, `]` lands on the next section, and the
//! comment form is not part of it (its last line says how many lines were left out).

mod common;

use common::folders::{Folders, quit, top_text};

#[test]
fn a_txt_dropped_into_the_folder_reads_with_its_title_sections_and_no_comment_form() {
    let folders = Folders::new();
    let mut term = folders.spawn(&[], 110, 30);
    term.wait_for("Library");
    let seed = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("data").join("leaking-seed.txt"),
    )
    .expect("seed");
    // Written beside, then moved in whole, as a browser's "save as" ends.
    let tmp = folders.root.join("saved.txt");
    std::fs::write(&tmp, seed).expect("write");
    std::fs::rename(&tmp, folders.essays.join("000_25b3807837c86136.txt")).expect("move in");
    // The user's copy lists after the bundled essays, under the same title.
    term.wait_until(
        |s| s.matches("Why I support leaking Leftist").count() >= 2,
        "the .txt listed by its title",
    );
    // The three bundled essays come first.
    term.send("jjj");
    let picked =
        |s: &str| s.lines().any(|l| l.contains('›') && l.contains("Why I support") && l.contains("user"));
    term.wait_until(picked, "the user's copy picked");
    term.send_key(common::Key::Enter);
    let screen = term.wait_for("min left");
    assert!(
        screen.contains("Who am I? If I’m not a m") && screen.contains("Lukacs taught"),
        "no sections:\n{screen}"
    );
    // A section named by its first words is a quiet break in the text: the break lands on
    // the top line with the section's own first words right below it.
    term.send("]");
    let screen = term.wait_until(|_| top_text(&term).trim() == "*   *   *", "] on the first section's break");
    let below = screen.lines().skip_while(|l| !l.contains("*   *   *")).nth(2).unwrap_or_default();
    assert!(
        below.contains("Who am I?") && below.contains("If I’m not a member of something"),
        "not the section's text:\n{screen}"
    );
    // The status line names the section; the text above it does not draw the name.
    let rows: Vec<&str> = screen.lines().collect();
    let text = rows[..rows.len().saturating_sub(1)].join("\n");
    assert!(!text.contains("not a member…"), "the name is not drawn as a title:\n{screen}");
    term.send("G");
    let end = term.wait_for("13 lines of the saved page");
    assert!(!end.contains("Leave a Reply") && !end.contains("You are commenting"), "{end}");
    quit(&mut term);
}
