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
