//! Keys and actions by name, as config.toml's `[keys]` writes them: `next_heading = ["]", "n"]`,
//! `quit = "ctrl-q"`, `[keys.library] page_down = "pgdn"`.

use super::{Action, Context, Key};

impl Key {
    /// The key a config file names: one character (`"n"`, `"]"`, `"G"`), `ctrl-x`, or a named
    /// key (`space`, `enter`, `esc`, `tab`, `shift-tab`, `backspace`, `del`, `up`, `down`,
    /// `left`, `right`, `pgup`, `pgdn`, `home`, `end`); names ignore case, characters do not.
    /// The help screen's own labels (`Ctrl-u`, `PgDn`, `↑`) are read too.
    pub fn parse(name: &str) -> Option<Key> {
        let lower = name.trim().to_ascii_lowercase();
        let named = match lower.as_str() {
            "space" => Key::Char(' '),
            "up" | "↑" => Key::Up,
            "down" | "↓" => Key::Down,
            "left" | "←" => Key::Left,
            "right" | "→" => Key::Right,
            "pgup" | "pageup" | "page-up" => Key::PageUp,
            "pgdn" | "pagedown" | "page-down" => Key::PageDown,
            "home" => Key::Home,
            "end" => Key::End,
            "enter" | "return" => Key::Enter,
            "esc" | "escape" => Key::Esc,
            "tab" => Key::Tab,
            "shift-tab" | "backtab" => Key::BackTab,
            "backspace" => Key::Backspace,
            "del" | "delete" => Key::Delete,
            _ => {
                if let Some(rest) = lower.strip_prefix("ctrl-").or_else(|| lower.strip_prefix("ctrl+")) {
                    return single(rest).filter(char::is_ascii_graphic).map(Key::Ctrl);
                }
                // A lone space is written `space`; other characters stand for themselves.
                return single(name).filter(|c| !c.is_control() && !c.is_whitespace()).map(Key::Char);
            }
        };
        Some(named)
    }
}

fn single(text: &str) -> Option<char> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

impl Action {
    /// The action's name in config.toml: its Rust name in snake case (`NextHeading` is
    /// `next_heading`), so a new action is named without another list to keep.
    pub fn name(self) -> String {
        let mut out = String::new();
        for (i, c) in format!("{self:?}").chars().enumerate() {
            if c.is_ascii_uppercase() {
                if i > 0 {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    }
}

impl Context {
    /// The table of config.toml that rebinds this context's keys: `None` for the main
    /// `[keys]` table (reading, and what applies everywhere), else `[keys.NAME]`. No name is
    /// an action's of the main table (`bookmarks`, `search`, `help` are), or TOML would
    /// read the two as one key.
    pub fn table(self) -> Option<&'static str> {
        match self {
            Context::Anywhere | Context::Global | Context::Reader => None,
            Context::Library => Some("library"),
            Context::Outline => Some("outline"),
            Context::Bookmarks => Some("bookmark_list"),
            Context::Labels => Some("follow"),
            Context::Help => Some("help_screen"),
            Context::Search => Some("search_prompt"),
            Context::Filter => Some("filter"),
            Context::Label => Some("bookmark_label"),
            Context::Attach => Some("attach"),
            Context::LibrarySearch => Some("library_search"),
            Context::Select => Some("selection"),
            Context::Highlights => Some("highlight_list"),
            Context::Note => Some("highlight_note"),
        }
    }

    /// Every context, in the order the help screen and the example config list them.
    pub const ALL: [Context; 16] = [
        Context::Reader,
        Context::Global,
        Context::Anywhere,
        Context::Labels,
        Context::Outline,
        Context::Select,
        Context::Highlights,
        Context::Bookmarks,
        Context::Attach,
        Context::Library,
        Context::Search,
        Context::LibrarySearch,
        Context::Filter,
        Context::Label,
        Context::Note,
        Context::Help,
    ];

    /// The contexts one table of `[keys]` rebinds share a scope: a key the user gives an
    /// action is taken from the others of its scope. The reading keys and those that apply
    /// everywhere are one scope (the main `[keys]` table), so `help = "j"` takes `j` from
    /// `line_down`; a list's own keys keep their meaning in that list.
    pub fn scope(self) -> Context {
        match self.table() {
            None => Context::Reader,
            Some(_) => self,
        }
    }

    /// Whether a plain character cannot be bound here: it would no longer be typed (in a
    /// prompt, and for what applies everywhere, prompts included).
    pub fn types_characters(self) -> bool {
        self.is_prompt() || self == Context::Anywhere
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_the_help_shows_reads_back_as_its_key() {
        for b in super::super::KEYMAP {
            for &key in b.keys {
                assert_eq!(Key::parse(&key.label()), Some(key), "{key:?}");
            }
        }
    }

    #[test]
    fn key_names() {
        assert_eq!(Key::parse("ctrl-q"), Some(Key::Ctrl('q')));
        assert_eq!(Key::parse("Ctrl-Q"), Some(Key::Ctrl('q')));
        assert_eq!(Key::parse("G"), Some(Key::Char('G')));
        assert_eq!(Key::parse("PgDn"), Some(Key::PageDown));
        assert_eq!(Key::parse("space"), Some(Key::Char(' ')));
        assert_eq!(Key::parse("ctrl-"), None);
        assert_eq!(Key::parse("hyper-x"), None);
        assert_eq!(Key::parse(""), None);
        assert_eq!(Key::parse("\u{1b}"), None);
    }

    #[test]
    fn no_table_of_keys_is_named_like_an_action_of_the_main_table() {
        for b in super::super::KEYMAP.iter().filter(|b| b.context.table().is_none()) {
            let name = b.action.name();
            assert!(Context::ALL.iter().all(|c| c.table() != Some(name.as_str())), "{name}");
        }
    }

    #[test]
    fn every_context_of_the_table_can_be_rebound_and_is_in_the_example() {
        for b in super::super::KEYMAP {
            assert!(Context::ALL.contains(&b.context), "{:?} missing from Context::ALL", b.context);
        }
    }

    #[test]
    fn action_names_are_snake_case() {
        assert_eq!(Action::NextHeading.name(), "next_heading");
        assert_eq!(Action::Quit.name(), "quit");
        assert_eq!(Action::SearchLibrary.name(), "search_library");
    }
}
