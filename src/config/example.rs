//! The commented config.toml that `essayreader config --example` prints: every setting with
//! its default, and every key binding as the keymap table has it, so it is complete by
//! construction and reads back without a warning (a test checks both).

use std::fmt::Write as _;

use crate::app::keymap::{Context, KEYMAP, Key};
use crate::app::{DEFAULT_COLUMN, MAX_COLUMN, MIN_COLUMN};

/// The example config.toml: every setting at its default, commented.
pub fn example() -> String {
    let mut out = format!(
        r#"# essayreader's settings. Save as config.toml in the config folder (`essayreader paths`
# shows where) and change what you like: every value below is the default. A mistake is
# one warning at start-up (on stderr and in the status line), and the rest still applies.

# More folders of essays. `~` is your home folder; other relative names are relative to
# the config folder.
dirs = []

# Width of the text column at start, in cells ({MIN_COLUMN} to {MAX_COLUMN}). `+` and `-` change it while
# reading, and that choice is remembered (in view.json, beside this file) until you
# change this line.
width = {DEFAULT_COLUMN}

# Colours: "auto" asks the terminal whether its background is dark or light (dark if it
# does not answer); "dark", "light", or "mono" (no colour: bold, underline and reverse
# only, as NO_COLOR gives).
theme = "auto"

# Whether the outline is shown at start; `o` shows or hides it, remembered like the width.
outline = true

# The folder that follows you to other machines (bookmarks, highlights, positions): for
# example one that Syncthing or Nextcloud keeps. Unset: inside the config folder.
# sync_dir = "~/Sync/essayreader"

# This machine's name in the sync folder. Unset: the host's name.
# device = "laptop"

# Keys: `action = "key"` or `action = ["key", "key"]`. A list replaces the default keys
# of that action, and a key you give is taken from what had it before. A key is one
# character ("n", "G", "]"), "ctrl-x", or one of: space, enter, esc, tab, shift-tab,
# backspace, del, up, down, left, right, pgup, pgdn, home, end. `[keys]` holds the
# reading keys and those that work everywhere; the tables after it, the keys of each
# list and prompt (in a prompt, only ctrl- and named keys: characters are typed).
"#
    );
    for context in Context::ALL {
        let rows: Vec<_> = KEYMAP
            .iter()
            .filter(|b| b.context == context && b.action != crate::app::keymap::Action::FollowLabel)
            .collect();
        if rows.is_empty() {
            continue;
        }
        match context.table() {
            None if context == Context::Reader => out.push_str("[keys]\n"),
            None => {}
            Some(table) => {
                let _ = write!(out, "\n# {}\n[keys.{table}]\n", context.title());
            }
        }
        for b in rows {
            let keys: Vec<String> = b.keys.iter().map(|&k| quoted(k)).collect();
            let value = match keys.as_slice() {
                [one] => one.clone(),
                _ => format!("[{}]", keys.join(", ")),
            };
            let _ = writeln!(out, "{} = {value}  # {}", b.action.name(), b.help);
        }
    }
    out
}

/// A key as a TOML string, in the words config.toml reads best (`down`, not `↓`).
fn quoted(key: Key) -> String {
    let name = match key {
        Key::Up => "up".to_string(),
        Key::Down => "down".to_string(),
        Key::Left => "left".to_string(),
        Key::Right => "right".to_string(),
        Key::Char(' ') => "space".to_string(),
        Key::Ctrl(c) => format!("ctrl-{c}"),
        Key::BackTab => "shift-tab".to_string(),
        Key::Char(c) => c.to_string(),
        other => other.label().to_lowercase(),
    };
    let mut out = String::from("\"");
    for c in name.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}
