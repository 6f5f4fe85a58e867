//! Keys as data: one table maps keys to actions per context, and the help screen is
//! generated from the same table, so the two can never disagree.

/// A key press as the app sees it (the terminal layer translates into this).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// A printable character.
    Char(char),
    /// A character with Ctrl held.
    Ctrl(char),
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// Home.
    Home,
    /// End.
    End,
    /// Enter / Return.
    Enter,
    /// Escape.
    Esc,
    /// Tab.
    Tab,
    /// Shift-Tab.
    BackTab,
    /// Backspace.
    Backspace,
    /// Delete.
    Delete,
}

impl Key {
    /// How the key is written in the help screen.
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{c}"),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::Left => "←".into(),
            Key::Right => "→".into(),
            Key::PageUp => "PgUp".into(),
            Key::PageDown => "PgDn".into(),
            Key::Home => "Home".into(),
            Key::End => "End".into(),
            Key::Enter => "Enter".into(),
            Key::Esc => "Esc".into(),
            Key::Tab => "Tab".into(),
            Key::BackTab => "Shift-Tab".into(),
            Key::Backspace => "Backspace".into(),
            Key::Delete => "Del".into(),
        }
    }
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Anywhere.
    Global,
    /// The library list.
    Library,
    /// The text of an open essay.
    Reader,
    /// The outline pane, when it has focus.
    Outline,
    /// The list of bookmarks.
    Bookmarks,
    /// Labels drawn over what `f` can follow.
    Labels,
}

impl Context {
    /// The heading of this context's part of the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Library => "Library",
            Context::Reader => "Reading",
            Context::Outline => "Outline (after Tab)",
            Context::Bookmarks => "Bookmarks (after ')",
            Context::Labels => "Labels (after f, with several targets)",
        }
    }
}

/// Something the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Scroll one line down.
    LineDown,
    /// Scroll one line up.
    LineUp,
    /// Scroll a page down.
    PageDown,
    /// Scroll a page up.
    PageUp,
    /// Scroll half a page down.
    HalfPageDown,
    /// Scroll half a page up.
    HalfPageUp,
    /// Go to the start.
    Top,
    /// Go to the end.
    Bottom,
    /// Next heading of any level.
    NextHeading,
    /// Previous heading of any level.
    PrevHeading,
    /// Next top-level section.
    NextSection,
    /// Previous top-level section.
    PrevSection,
    /// Move focus between outline and text.
    ToggleFocus,
    /// Show or hide the outline.
    ToggleOutline,
    /// Start a search (or a filter in the library).
    Search,
    /// Next search match.
    SearchNext,
    /// Previous search match.
    SearchPrev,
    /// Bookmark the passage at the top.
    Bookmark,
    /// List bookmarks.
    Bookmarks,
    /// Widen the text column.
    Wider,
    /// Narrow the text column.
    Narrower,
    /// Follow the footnote reference on screen, or label them all if there are several.
    FollowNote,
    /// Type a letter of a label (while labels are shown).
    FollowLabel,
    /// Go back to where a followed reference was.
    NoteBack,
    /// Show or hide help.
    Help,
    /// Move the selection down.
    SelectNext,
    /// Move the selection up.
    SelectPrev,
    /// Select the first entry.
    SelectFirst,
    /// Select the last entry.
    SelectLast,
    /// Open or jump to the selection.
    Open,
    /// Delete the selected bookmark.
    Delete,
    /// Undo the last bookmark deletion.
    Undo,
    /// Rename the selected bookmark.
    Rename,
    /// Attach a detached bookmark's essay (its saved state) to an essay of the library.
    Attach,
    /// Cycle the library's sort order.
    CycleSort,
    /// Back: reader → library → quit.
    Back,
    /// Quit at once.
    Quit,
}

/// One row of the keymap.
pub struct Binding {
    /// Where it applies.
    pub context: Context,
    /// The keys, first one shown first.
    pub keys: &'static [Key],
    /// What they do.
    pub action: Action,
    /// The help text.
    pub help: &'static str,
}

use Action as A;
use Context as C;
use Key as K;

/// The keymap: the one source of truth for key handling and the help screen.
pub const KEYMAP: &[Binding] = &[
    Binding { context: C::Global, keys: &[K::Char('?')], action: A::Help, help: "help (Esc or ? closes)" },
    Binding {
        context: C::Global,
        keys: &[K::Char('q')],
        action: A::Back,
        help: "back: reader → library → quit",
    },
    Binding { context: C::Global, keys: &[K::Ctrl('c')], action: A::Quit, help: "quit at once" },
    Binding { context: C::Reader, keys: &[K::Char('j'), K::Down], action: A::LineDown, help: "line down" },
    Binding { context: C::Reader, keys: &[K::Char('k'), K::Up], action: A::LineUp, help: "line up" },
    Binding {
        context: C::Reader,
        keys: &[K::Char(' '), K::PageDown, K::Ctrl('d')],
        action: A::PageDown,
        help: "page down",
    },
    Binding {
        context: C::Reader,
        keys: &[K::Char('b'), K::PageUp, K::Ctrl('u')],
        action: A::PageUp,
        help: "page up",
    },
    Binding { context: C::Reader, keys: &[K::Char('d')], action: A::HalfPageDown, help: "half a page down" },
    Binding { context: C::Reader, keys: &[K::Char('u')], action: A::HalfPageUp, help: "half a page up" },
    Binding { context: C::Reader, keys: &[K::Char('g'), K::Home], action: A::Top, help: "start" },
    Binding { context: C::Reader, keys: &[K::Char('G'), K::End], action: A::Bottom, help: "end" },
    Binding { context: C::Reader, keys: &[K::Char(']')], action: A::NextHeading, help: "next heading" },
    Binding { context: C::Reader, keys: &[K::Char('[')], action: A::PrevHeading, help: "previous heading" },
    Binding {
        context: C::Reader,
        keys: &[K::Char('}')],
        action: A::NextSection,
        help: "next top-level section",
    },
    Binding {
        context: C::Reader,
        keys: &[K::Char('{')],
        action: A::PrevSection,
        help: "previous top-level section",
    },
    Binding { context: C::Reader, keys: &[K::Tab], action: A::ToggleFocus, help: "focus the outline" },
    Binding {
        context: C::Reader,
        keys: &[K::Char('o')],
        action: A::ToggleOutline,
        help: "show / hide the outline",
    },
    Binding {
        context: C::Reader,
        keys: &[K::Char('/')],
        action: A::Search,
        help: "search (smart case), Enter",
    },
    Binding { context: C::Reader, keys: &[K::Char('n')], action: A::SearchNext, help: "next match" },
    Binding { context: C::Reader, keys: &[K::Char('N')], action: A::SearchPrev, help: "previous match" },
    Binding { context: C::Reader, keys: &[K::Char('m')], action: A::Bookmark, help: "bookmark this passage" },
    Binding {
        context: C::Reader,
        keys: &[K::Char('\'')],
        action: A::Bookmarks,
        help: "bookmarks of this essay",
    },
    Binding {
        context: C::Reader,
        keys: &[K::Char('f')],
        action: A::FollowNote,
        help: "follow a footnote on screen",
    },
    Binding {
        context: C::Reader,
        keys: &[K::Backspace, K::Char('F')],
        action: A::NoteBack,
        help: "back from a followed footnote",
    },
    Binding {
        context: C::Reader,
        keys: &[K::Char('+'), K::Char('=')],
        action: A::Wider,
        help: "wider text column",
    },
    Binding { context: C::Reader, keys: &[K::Char('-')], action: A::Narrower, help: "narrower text column" },
    Binding {
        context: C::Outline,
        keys: &[K::Char('j'), K::Down],
        action: A::SelectNext,
        help: "next entry",
    },
    Binding {
        context: C::Outline,
        keys: &[K::Char('k'), K::Up],
        action: A::SelectPrev,
        help: "previous entry",
    },
    Binding {
        context: C::Outline,
        keys: &[K::Char('g'), K::Home],
        action: A::SelectFirst,
        help: "first entry",
    },
    Binding { context: C::Outline, keys: &[K::Char('G'), K::End], action: A::SelectLast, help: "last entry" },
    Binding { context: C::Outline, keys: &[K::Enter], action: A::Open, help: "jump to the heading" },
    Binding {
        context: C::Outline,
        keys: &[K::Tab, K::Esc],
        action: A::ToggleFocus,
        help: "back to the text",
    },
    Binding {
        context: C::Library,
        keys: &[K::Char('j'), K::Down],
        action: A::SelectNext,
        help: "next essay",
    },
    Binding {
        context: C::Library,
        keys: &[K::Char('k'), K::Up],
        action: A::SelectPrev,
        help: "previous essay",
    },
    Binding {
        context: C::Library,
        keys: &[K::Char('g'), K::Home],
        action: A::SelectFirst,
        help: "first essay",
    },
    Binding { context: C::Library, keys: &[K::Char('G'), K::End], action: A::SelectLast, help: "last essay" },
    Binding { context: C::Library, keys: &[K::Enter], action: A::Open, help: "open the essay" },
    Binding {
        context: C::Library,
        keys: &[K::Char('/')],
        action: A::Search,
        help: "filter by title, author, tags",
    },
    Binding {
        context: C::Library,
        keys: &[K::Char('s')],
        action: A::CycleSort,
        help: "change the sort order",
    },
    Binding { context: C::Library, keys: &[K::Char('\'')], action: A::Bookmarks, help: "all bookmarks" },
    Binding {
        context: C::Bookmarks,
        keys: &[K::Char('j'), K::Down],
        action: A::SelectNext,
        help: "next bookmark",
    },
    Binding {
        context: C::Bookmarks,
        keys: &[K::Char('k'), K::Up],
        action: A::SelectPrev,
        help: "previous bookmark",
    },
    Binding { context: C::Bookmarks, keys: &[K::Enter], action: A::Open, help: "jump to the bookmark" },
    Binding { context: C::Bookmarks, keys: &[K::Char('d'), K::Delete], action: A::Delete, help: "delete it" },
    Binding { context: C::Bookmarks, keys: &[K::Char('u')], action: A::Undo, help: "undo the last delete" },
    Binding { context: C::Bookmarks, keys: &[K::Char('r')], action: A::Rename, help: "rename it" },
    Binding {
        context: C::Bookmarks,
        keys: &[K::Char('a')],
        action: A::Attach,
        help: "attach a detached essay's bookmarks to an essay you pick",
    },
    Binding {
        context: C::Labels,
        keys: &[
            K::Char('a'),
            K::Char('s'),
            K::Char('d'),
            K::Char('f'),
            K::Char('g'),
            K::Char('h'),
            K::Char('j'),
            K::Char('k'),
            K::Char('l'),
        ],
        action: A::FollowLabel,
        help: "type a label to follow it",
    },
    Binding { context: C::Labels, keys: &[K::Esc], action: A::Back, help: "cancel" },
];

/// The action bound to `key` in `context` (falling back to the global bindings).
pub fn lookup(context: Context, key: Key) -> Option<Action> {
    let find =
        |ctx: Context| KEYMAP.iter().find(|b| b.context == ctx && b.keys.contains(&key)).map(|b| b.action);
    find(context).or_else(|| find(Context::Global))
}

/// The help screen's lines: per context, keys and what they do.
pub fn help_lines() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for ctx in [C::Reader, C::Labels, C::Global, C::Outline, C::Bookmarks, C::Library] {
        out.push((String::new(), ctx.title().to_string()));
        for b in KEYMAP.iter().filter(|b| b.context == ctx) {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            out.push((keys.join(" "), b.help.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in KEYMAP.iter().enumerate() {
            for b in &KEYMAP[i + 1..] {
                if a.context == b.context {
                    for k in a.keys {
                        assert!(!b.keys.contains(k), "{k:?} bound twice in {:?}", a.context);
                    }
                }
            }
        }
    }

    #[test]
    fn product_keys_are_bound() {
        use Key::*;
        let reader = [
            (Char('j'), A::LineDown),
            (Down, A::LineDown),
            (Char(' '), A::PageDown),
            (Ctrl('d'), A::PageDown),
            (Char('b'), A::PageUp),
            (Ctrl('u'), A::PageUp),
            (Char('g'), A::Top),
            (End, A::Bottom),
            (Char(']'), A::NextHeading),
            (Char('['), A::PrevHeading),
            (Char('}'), A::NextSection),
            (Char('{'), A::PrevSection),
            (Tab, A::ToggleFocus),
            (Char('o'), A::ToggleOutline),
            (Char('/'), A::Search),
            (Char('n'), A::SearchNext),
            (Char('N'), A::SearchPrev),
            (Char('m'), A::Bookmark),
            (Char('\''), A::Bookmarks),
            (Char('+'), A::Wider),
            (Char('-'), A::Narrower),
            (Char('?'), A::Help),
            (Char('q'), A::Back),
            (Ctrl('c'), A::Quit),
        ];
        for (key, action) in reader {
            assert_eq!(lookup(Context::Reader, key), Some(action), "{key:?}");
        }
    }

    #[test]
    fn the_label_keys_are_the_ones_labels_are_made_of() {
        for c in super::super::follow::LABEL_KEYS {
            assert_eq!(lookup(Context::Labels, Key::Char(c)), Some(A::FollowLabel), "{c}");
        }
        assert_eq!(lookup(Context::Labels, Key::Esc), Some(A::Back));
    }

    #[test]
    fn help_lists_every_binding() {
        let help = help_lines();
        for b in KEYMAP {
            assert!(help.iter().any(|(_, text)| text == b.help), "{}", b.help);
        }
    }
}
