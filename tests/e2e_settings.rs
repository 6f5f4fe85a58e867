//! Settings as a user meets them in the real binary: config.toml read at start (a mistake is
//! said on screen, and the rest still applies), keys rebound, and what the user chose while
//! reading kept for the next start.

mod common;

use std::fs;

use common::folders::{Folders, quit};

/// Folders with `config.toml` holding `text`, and one more essays folder `more/` beside it
/// holding an essay titled "Extra folder essay".
fn with_config(text: &str) -> Folders {
    let folders = Folders::new();
    fs::create_dir_all(&folders.config).expect("config folder");
    fs::write(folders.config.join("config.toml"), text).expect("write config.toml");
    let more = folders.config.join("more");
    fs::create_dir_all(&more).expect("more folder");
    fs::write(more.join("extra.md"), "# Extra folder essay\n\nSome words.\n").expect("write essay");
    folders
}

#[test]
fn a_bad_config_is_said_in_the_status_line_and_its_folders_still_count() {
    let folders = with_config("dirs = [\"more\"]\nwidth = = 3\n");
    let mut term = folders.spawn(&[], 120, 24);
    let screen = term.wait_for("Extra folder essay");
    term.wait_until(|s| s.contains("config.toml:2:"), "the warning in the status line");
    assert!(!screen.contains("panicked"));
    quit(&mut term);
}

/// The widest line of text on screen (the status line left out), in characters.
fn widest_text(term: &common::Term) -> usize {
    let rows = term.rows();
    let body = &rows[..rows.len().saturating_sub(1)];
    body.iter().map(|r| r.rsplit('│').next().unwrap_or(r).trim().chars().count()).max().unwrap_or(0)
}

/// Opens the bundled essay with the outline hidden by config.toml (plus `extra`), and waits
/// for its first screen.
fn open_leaking(folders: &Folders) -> common::Term {
    let term = folders.spawn(&["leaking"], 140, 30);
    term.wait_for("min left");
    term
}

#[test]
fn config_width_applies_and_a_width_chosen_with_minus_is_kept_until_config_changes() {
    let folders = with_config("outline = false\n");
    let mut term = open_leaking(&folders);
    let first = widest_text(&term);
    assert!((65..=72).contains(&first), "default column 72, widest line {first}");
    term.send("---");
    term.wait_for("Text column 60");
    quit(&mut term);
    assert!(folders.config.join("view.json").is_file());
    assert_eq!(fs::read_to_string(folders.config.join("config.toml")).expect("config"), "outline = false\n");

    // The next start keeps the width chosen.
    let mut term = open_leaking(&folders);
    let kept = widest_text(&term);
    assert!((54..=60).contains(&kept), "remembered column 60, widest line {kept}");
    quit(&mut term);

    // config.toml's width, once changed, wins over the old choice.
    fs::write(folders.config.join("config.toml"), "outline = false\nwidth = 40\n").expect("config");
    let mut term = open_leaking(&folders);
    let set = widest_text(&term);
    assert!((34..=40).contains(&set), "config column 40, widest line {set}");
    quit(&mut term);
}

#[test]
fn the_outline_hidden_with_o_stays_hidden_at_the_next_start() {
    let folders = Folders::new();
    let mut term = folders.spawn(&["leaking"], 120, 30);
    term.wait_for("Outline");
    term.send("o");
    term.wait_until(|s| !s.contains("Outline"), "the outline hidden");
    quit(&mut term);
    let mut term = folders.spawn(&["leaking"], 120, 30);
    let screen = term.wait_for("min left");
    assert!(!screen.contains("Outline"), "{screen}");
    quit(&mut term);
}

#[test]
fn a_remapped_key_works_and_the_help_shows_it() {
    let folders = with_config("[keys]\nnext_heading = \"n\"\n");
    let mut term = folders.spawn(&["leaking"], 120, 40);
    term.wait_for("min left");
    term.send("n");
    term.wait_until(|_| common::folders::top_text(&term) == "Who am I?", "n went to the next heading");
    // `]` no longer does.
    term.send("]");
    term.send("?");
    let help = term.wait_for("Help");
    let line = help.lines().find(|l| l.contains("next heading") && !l.contains("top-level")).expect("listed");
    assert!(line.contains(" n "), "{line}");
    assert!(!line.contains(']'), "{line}");
    term.send_key(common::Key::Esc);
    term.wait_until(|s| !s.contains("Help ·"), "help closed");
    assert_eq!(common::folders::top_text(&term), "Who am I?");
    quit(&mut term);
}

/// The colour the title (the top line of the text) is drawn in.
fn title_colour(term: &common::Term) -> vt100::Color {
    let row = term.row(0);
    let col = row.find("Why I support").expect("the title on the top line");
    let col = u16::try_from(row[..col].chars().count()).expect("column");
    term.with_screen(|s| s.cell(0, col).map(|c| c.fgcolor()).unwrap_or_default())
}

#[test]
fn theme_light_draws_headings_in_blue_and_auto_asks_the_terminal_without_typing_its_answer() {
    let folders = with_config("theme = \"light\"\n");
    let mut term = open_leaking(&folders);
    assert_eq!(title_colour(&term), vt100::Color::Idx(4), "blue on a light background");
    quit(&mut term);

    // The test terminal answers OSC 11 with a black background: auto is dark (cyan
    // headings), and the answer was not read as keys (`]` would have moved to a heading).
    let folders = with_config("theme = \"auto\"\n");
    let mut term = open_leaking(&folders);
    assert_eq!(title_colour(&term), vt100::Color::Idx(6), "cyan on a dark background");
    assert!(common::folders::top_text(&term).starts_with("Why I support"));
    quit(&mut term);

    // A terminal with a light background: auto is light (blue headings), whether the answer
    // came before the first frame or after it (the first frame never waits for it).
    let folders = with_config("theme = \"auto\"\n");
    let light = [(common::BACKGROUND_VAR, "fdfd/f6f6/e3e3")];
    let mut term = folders.spawn_with(&["leaking"], &light, 140, 30);
    term.wait_for("min left");
    term.wait_until(|_| title_colour(&term) == vt100::Color::Idx(4), "blue headings on a light background");
    assert!(common::folders::top_text(&term).starts_with("Why I support"), "the answer moved nothing");
    quit(&mut term);

    let folders = with_config("theme = \"mono\"\n");
    let mut term = open_leaking(&folders);
    assert_eq!(title_colour(&term), vt100::Color::Default, "no colour in mono");
    quit(&mut term);
}

#[test]
fn width_theme_and_a_remapped_key_from_config_all_take_effect() {
    // The test of done: width = 64, theme = "light" and one remapped key.
    let folders = with_config("width = 64\ntheme = \"light\"\noutline = false\n[keys]\nquit = \"ctrl-q\"\n");
    let mut term = open_leaking(&folders);
    let widest = widest_text(&term);
    assert!((58..=64).contains(&widest), "column 64, widest line {widest}");
    assert_eq!(title_colour(&term), vt100::Color::Idx(4));
    // Ctrl-c no longer quits (it was given to nothing else, so it does nothing); Ctrl-q does.
    term.send_key(common::Key::Ctrl('c'));
    term.send("]");
    term.wait_until(|_| common::folders::top_text(&term) == "Who am I?", "still reading after Ctrl-c");
    term.send_key(common::Key::Ctrl('q'));
    assert!(term.wait_exit().success());
    term.assert_restored();
}

#[test]
fn the_help_screen_names_no_key_that_was_rebound_away() {
    // The help row once said "help (Esc or ? closes)" whatever the keys: with the help
    // screen closed by `x` only, it named two keys that do nothing there.
    let folders = with_config("[keys]\nhelp = \"z\"\n[keys.help_screen]\nclose = \"x\"\n");
    // Tall enough for the whole help screen.
    let mut term = folders.spawn(&["leaking"], 140, 90);
    term.wait_for("min left");
    term.send("z");
    // Waits for the whole help screen, not just its first row.
    let screen = term.wait_until(|s| s.contains("x closes") && s.contains("quit at once"), "the whole help");
    assert!(screen.contains("Everywhere") && screen.contains("z "), "{screen}");
    assert!(!screen.contains("? closes") && !screen.contains("Esc closes"), "{screen}");
    term.send("x");
    term.wait_until(|s| !s.contains("x closes"), "x closes the help");
    quit(&mut term);
}
