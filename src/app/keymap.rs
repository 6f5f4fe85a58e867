//! Keys as data: one table maps keys to actions per context, and the help screen is
//! generated from the same table, so the two can never disagree. [`KEYMAP`] is the default;
//! [`Keymap`] is the one in use, with config.toml's `[keys]` applied (`bound`), and `names`
//! reads and writes keys and actions as config.toml names them.

mod bound;
mod names;

pub use bound::{Bound, Keymap, Rebind};

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

/// Where a binding applies: what has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere, prompts included.
    Anywhere,
    /// Everywhere but in a prompt (where keys are typed).
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
    /// The help screen.
    Help,
    /// The search prompt: other keys are typed into the query.
    Search,
    /// The library's filter prompt: other keys are typed into the filter.
    Filter,
    /// The bookmark label prompt: other keys are typed into the label.
    Label,
    /// Picking, in the library, the essay a detached essay's bookmarks go to.
    Attach,
    /// The search over every essay (after `S`): other keys are typed into the query.
    LibrarySearch,
    /// Making a selection (after `v`).
    Select,
    /// The list of highlights (after `H`).
    Highlights,
    /// A highlight's note prompt: other keys are typed into the note.
    Note,
}

impl Context {
    /// The heading of this context's part of the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Context::Anywhere | Context::Global => "Everywhere",
            Context::Library => "Library",
            Context::Reader => "Reading",
            Context::Outline => "Outline (after Tab)",
            Context::Bookmarks => "Bookmarks (after ')",
            Context::Labels => "Labels (after f, with several targets)",
            Context::Help => "This help",
            Context::Search => "Search (after /; type to search)",
            Context::Filter => "Library filter (after /; type to filter)",
            Context::Label => "Bookmark label (after m or r; type the label)",
            Context::Attach => "Attaching (after a on a detached bookmark)",
            Context::LibrarySearch => "Search every essay (after S; type words or \"a phrase\")",
            Context::Select => "Selecting (after v)",
            Context::Highlights => "Highlights (after H)",
            Context::Note => "Note (after a or e; type the note)",
        }
    }

    /// Whether keys without a binding here are typed as text.
    pub fn is_prompt(self) -> bool {
        matches!(
            self,
            Context::Search | Context::Filter | Context::Label | Context::LibrarySearch | Context::Note
        )
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
    /// Search every essay of the library.
    SearchLibrary,
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
    /// Follow the link or footnote reference on screen, or label them all if there are several.
    FollowNote,
    /// Type a letter of a label (while labels are shown).
    FollowLabel,
    /// Go back to where the last jump started.
    JumpBack,
    /// Go forward again after going back.
    JumpForward,
    /// Show help.
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
    /// Close what is layered over the screen (help, a list).
    Close,
    /// Take what the prompt holds.
    Accept,
    /// Leave the prompt without taking it.
    Cancel,
    /// Delete the last typed character.
    Erase,
    /// Start selecting a passage at the top line.
    StartSelection,
    /// Highlight the selection.
    Highlight,
    /// Highlight the selection and write a note to it.
    HighlightWithNote,
    /// Copy the selection as a Markdown quote with its source.
    CopyQuote,
    /// List highlights and notes.
    Highlights,
    /// Edit the selected highlight's note.
    EditNote,
    /// Hand the note being typed to `$VISUAL`/`$EDITOR`.
    NoteInEditor,
    /// Delete the last typed word.
    EraseWord,
    /// Delete everything typed.
    EraseAll,
    /// Back: reader → library → quit.
    Back,
    /// Quit at once.
    Quit,
    /// Give the terminal back to the shell until it continues the reader (`fg`).
    Suspend,
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
    /// The word a hint on screen gives it ("" for none), e.g. "deletes" for "d deletes".
    pub hint: &'static str,
}

const fn bind(context: Context, keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding { context, keys, action, help, hint: "" }
}

impl Binding {
    /// The same binding, hinted on screen with `hint`.
    const fn hint(self, hint: &'static str) -> Binding {
        Binding { hint, ..self }
    }
}

use Action as A;
use Context as C;
use Key as K;

/// The keymap: the one source of truth for key handling, the help screen and the hints
/// on screen.
pub const KEYMAP: &[Binding] = &[
    bind(C::Global, &[K::Char('?')], A::Help, "show this help").hint("help"),
    bind(C::Global, &[K::Char('q')], A::Back, "back: reader → library → quit").hint("back"),
    bind(C::Anywhere, &[K::Ctrl('c')], A::Quit, "quit at once"),
    bind(C::Anywhere, &[K::Ctrl('z')], A::Suspend, "suspend (the shell's fg resumes)"),
    bind(C::Reader, &[K::Char('j'), K::Down], A::LineDown, "line down"),
    bind(C::Reader, &[K::Char('k'), K::Up], A::LineUp, "line up"),
    bind(C::Reader, &[K::Char(' '), K::PageDown, K::Ctrl('d')], A::PageDown, "page down"),
    bind(C::Reader, &[K::Char('b'), K::PageUp, K::Ctrl('u')], A::PageUp, "page up"),
    bind(C::Reader, &[K::Char('d')], A::HalfPageDown, "half a page down"),
    bind(C::Reader, &[K::Char('u')], A::HalfPageUp, "half a page up"),
    bind(C::Reader, &[K::Char('g'), K::Home], A::Top, "start"),
    bind(C::Reader, &[K::Char('G'), K::End], A::Bottom, "end"),
    bind(C::Reader, &[K::Char(']')], A::NextHeading, "next heading"),
    bind(C::Reader, &[K::Char('[')], A::PrevHeading, "previous heading"),
    bind(C::Reader, &[K::Char('}')], A::NextSection, "next top-level section"),
    bind(C::Reader, &[K::Char('{')], A::PrevSection, "previous top-level section"),
    bind(C::Reader, &[K::Tab], A::ToggleFocus, "focus the outline"),
    bind(C::Reader, &[K::Char('o')], A::ToggleOutline, "show / hide the outline"),
    bind(C::Reader, &[K::Char('/')], A::Search, "search (smart case), Enter"),
    bind(C::Reader, &[K::Char('n')], A::SearchNext, "next match"),
    bind(C::Reader, &[K::Char('N')], A::SearchPrev, "previous match"),
    bind(C::Reader, &[K::Char('S')], A::SearchLibrary, "search every essay"),
    bind(C::Reader, &[K::Char('m')], A::Bookmark, "bookmark this passage"),
    bind(C::Reader, &[K::Char('\'')], A::Bookmarks, "bookmarks of this essay"),
    bind(C::Reader, &[K::Char('v')], A::StartSelection, "select a passage, from the top line"),
    bind(C::Reader, &[K::Char('H')], A::Highlights, "highlights and notes of this essay"),
    bind(C::Reader, &[K::Char('f')], A::FollowNote, "follow a link or footnote on screen"),
    bind(C::Reader, &[K::Backspace, K::Ctrl('o')], A::JumpBack, "back to where the last jump started"),
    bind(C::Reader, &[K::Ctrl('n')], A::JumpForward, "forward again (after going back)"),
    bind(C::Reader, &[K::Char('+'), K::Char('=')], A::Wider, "wider text column"),
    bind(C::Reader, &[K::Char('-')], A::Narrower, "narrower text column"),
    bind(C::Outline, &[K::Char('j'), K::Down], A::SelectNext, "next entry"),
    bind(C::Outline, &[K::Char('k'), K::Up], A::SelectPrev, "previous entry"),
    bind(C::Outline, &[K::Char('g'), K::Home], A::SelectFirst, "first entry"),
    bind(C::Outline, &[K::Char('G'), K::End], A::SelectLast, "last entry"),
    bind(C::Outline, &[K::Enter], A::Open, "jump to the heading").hint("jumps"),
    bind(C::Outline, &[K::Tab, K::Esc], A::ToggleFocus, "back to the text"),
    bind(C::Library, &[K::Char('j'), K::Down], A::SelectNext, "next essay"),
    bind(C::Library, &[K::Char('k'), K::Up], A::SelectPrev, "previous essay"),
    bind(C::Library, &[K::Char('g'), K::Home], A::SelectFirst, "first essay"),
    bind(C::Library, &[K::Char('G'), K::End], A::SelectLast, "last essay"),
    bind(C::Library, &[K::PageDown], A::PageDown, "a page of essays down"),
    bind(C::Library, &[K::PageUp], A::PageUp, "a page of essays up"),
    bind(C::Library, &[K::Enter], A::Open, "open the essay").hint("open"),
    bind(C::Library, &[K::Char('/')], A::Search, "filter by title, author, tags").hint("filter"),
    bind(C::Library, &[K::Char('S')], A::SearchLibrary, "search every essay"),
    bind(C::Library, &[K::Char('s')], A::CycleSort, "change the sort order").hint("sort"),
    bind(C::Library, &[K::Char('\'')], A::Bookmarks, "all bookmarks").hint("bookmarks"),
    bind(C::Library, &[K::Char('H')], A::Highlights, "all highlights and notes"),
    bind(C::Library, &[K::Esc], A::Cancel, "clear the filter"),
    bind(C::Library, &[K::Char('q')], A::Back, "quit").hint("quit"),
    bind(C::Bookmarks, &[K::Char('j'), K::Down], A::SelectNext, "next bookmark"),
    bind(C::Bookmarks, &[K::Char('k'), K::Up], A::SelectPrev, "previous bookmark"),
    bind(C::Bookmarks, &[K::Enter], A::Open, "jump to the bookmark").hint("jumps"),
    bind(C::Bookmarks, &[K::Char('d'), K::Delete], A::Delete, "delete it").hint("deletes"),
    bind(C::Bookmarks, &[K::Char('u')], A::Undo, "undo the last delete").hint("undoes"),
    bind(C::Bookmarks, &[K::Char('r')], A::Rename, "rename it").hint("renames"),
    bind(C::Bookmarks, &[K::Esc, K::Char('q')], A::Close, "close the list"),
    bind(
        C::Bookmarks,
        &[K::Char('a')],
        A::Attach,
        "attach a detached essay's bookmarks to an essay you pick",
    ),
    bind(C::Select, &[K::Char('j'), K::Down], A::LineDown, "extend the selection a line down"),
    bind(C::Select, &[K::Char('k'), K::Up], A::LineUp, "shrink it (or extend it up) a line"),
    bind(C::Select, &[K::Char(' '), K::PageDown], A::PageDown, "extend it a page down"),
    bind(C::Select, &[K::Char('b'), K::PageUp], A::PageUp, "a page up"),
    bind(C::Select, &[K::Char('}')], A::NextSection, "to the end of the section"),
    bind(C::Select, &[K::Char('{')], A::PrevSection, "to the start of the section"),
    bind(C::Select, &[K::Char('h')], A::Highlight, "highlight it").hint("highlight"),
    bind(C::Select, &[K::Char('a')], A::HighlightWithNote, "highlight it with a note").hint("note"),
    bind(C::Select, &[K::Char('y')], A::CopyQuote, "copy it as a Markdown quote with its source")
        .hint("copy"),
    bind(C::Select, &[K::Esc, K::Char('q')], A::Cancel, "cancel").hint("cancels"),
    bind(C::Highlights, &[K::Char('j'), K::Down], A::SelectNext, "next highlight"),
    bind(C::Highlights, &[K::Char('k'), K::Up], A::SelectPrev, "previous highlight"),
    bind(C::Highlights, &[K::Enter], A::Open, "jump to the passage").hint("jumps"),
    bind(C::Highlights, &[K::Char('d'), K::Delete], A::Delete, "delete it").hint("deletes"),
    bind(C::Highlights, &[K::Char('u')], A::Undo, "undo the last delete").hint("undoes"),
    bind(C::Highlights, &[K::Char('e')], A::EditNote, "edit its note").hint("edits the note"),
    bind(C::Highlights, &[K::Esc, K::Char('q')], A::Close, "close the list"),
    bind(C::Note, &[K::Enter], A::Accept, "save the note").hint("saves"),
    bind(C::Note, &[K::Esc], A::Cancel, "no note (a new highlight is kept)").hint("no note"),
    bind(C::Note, &[K::Backspace], A::Erase, "delete a character"),
    bind(C::Note, &[K::Ctrl('e')], A::NoteInEditor, "write the note in $VISUAL or $EDITOR").hint("editor"),
    bind(C::Attach, &[K::Char('j'), K::Down], A::SelectNext, "next essay"),
    bind(C::Attach, &[K::Char('k'), K::Up], A::SelectPrev, "previous essay"),
    bind(C::Attach, &[K::Enter], A::Accept, "attach the bookmarks to this essay").hint("attaches"),
    bind(C::Attach, &[K::Esc, K::Char('q')], A::Cancel, "cancel").hint("cancels"),
    bind(
        C::Labels,
        &[
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
        A::FollowLabel,
        "type a label to follow it",
    ),
    bind(C::Labels, &[K::Esc], A::Cancel, "cancel").hint("cancels"),
    bind(C::Help, &[K::Esc, K::Char('?'), K::Char('q')], A::Close, "close the help").hint("closes"),
    bind(C::Help, &[K::Char('j'), K::Down], A::LineDown, "scroll down").hint("scroll"),
    bind(C::Help, &[K::Char('k'), K::Up], A::LineUp, "scroll up").hint("scroll"),
    bind(C::Help, &[K::Char(' '), K::PageDown], A::PageDown, "a page down"),
    bind(C::Help, &[K::Char('b'), K::PageUp], A::PageUp, "a page up"),
    bind(C::Help, &[K::Char('g'), K::Home], A::Top, "to the start"),
    bind(C::Help, &[K::Char('G'), K::End], A::Bottom, "to the end"),
    bind(C::Search, &[K::Enter], A::Accept, "keep the search").hint("keeps"),
    bind(C::Search, &[K::Esc], A::Cancel, "cancel, back to where the search began").hint("cancels"),
    bind(C::Search, &[K::Backspace], A::Erase, "delete a character"),
    bind(C::Search, &[K::Ctrl('w')], A::EraseWord, "delete a word"),
    bind(C::Search, &[K::Ctrl('u')], A::EraseAll, "delete all typed"),
    bind(C::Filter, &[K::Enter], A::Accept, "keep the filter").hint("keeps"),
    bind(C::Filter, &[K::Esc], A::Cancel, "clear the filter").hint("clears"),
    bind(C::Filter, &[K::Backspace], A::Erase, "delete a character"),
    bind(C::Filter, &[K::Ctrl('w')], A::EraseWord, "delete a word"),
    bind(C::Filter, &[K::Ctrl('u')], A::EraseAll, "delete all typed"),
    bind(C::Filter, &[K::Down], A::SelectNext, "next essay"),
    bind(C::Filter, &[K::Up], A::SelectPrev, "previous essay"),
    bind(C::LibrarySearch, &[K::Enter], A::Accept, "open the essay at the passage").hint("opens"),
    bind(C::LibrarySearch, &[K::Esc], A::Cancel, "close the search").hint("closes"),
    bind(C::LibrarySearch, &[K::Backspace], A::Erase, "delete a character"),
    bind(C::LibrarySearch, &[K::Ctrl('w')], A::EraseWord, "delete a word"),
    bind(C::LibrarySearch, &[K::Ctrl('u')], A::EraseAll, "delete all typed"),
    bind(C::LibrarySearch, &[K::Down, K::Ctrl('n')], A::SelectNext, "next result").hint("move"),
    bind(C::LibrarySearch, &[K::Up, K::Ctrl('p')], A::SelectPrev, "previous result").hint("move"),
    bind(C::Label, &[K::Enter], A::Accept, "save the bookmark").hint("saves"),
    bind(C::Label, &[K::Esc], A::Cancel, "cancel").hint("cancels"),
    bind(C::Label, &[K::Backspace], A::Erase, "delete a character"),
    bind(C::Label, &[K::Ctrl('w')], A::EraseWord, "delete a word"),
    bind(C::Label, &[K::Ctrl('u')], A::EraseAll, "delete all typed"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(context: Context, key: Key) -> Option<Action> {
        Keymap::default().lookup(context, key)
    }

    fn key_for(context: Context, action: Action) -> String {
        Keymap::default().key_for(context, action)
    }

    fn hints(context: Context) -> String {
        Keymap::default().hints(context)
    }

    fn hints_with_global(context: Context) -> String {
        Keymap::default().hints_with_global(context)
    }

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
            (Char('S'), A::SearchLibrary),
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
    fn highlight_keys_are_bound() {
        use Key::*;
        assert_eq!(lookup(Context::Reader, Char('v')), Some(A::StartSelection));
        assert_eq!(lookup(Context::Reader, Char('H')), Some(A::Highlights));
        assert_eq!(lookup(Context::Library, Char('H')), Some(A::Highlights));
        for (key, action) in [
            (Char('j'), A::LineDown),
            (Char('k'), A::LineUp),
            (Char(' '), A::PageDown),
            (Char('b'), A::PageUp),
            (Char('}'), A::NextSection),
            (Char('{'), A::PrevSection),
            (Char('h'), A::Highlight),
            (Char('a'), A::HighlightWithNote),
            (Char('y'), A::CopyQuote),
            (Esc, A::Cancel),
        ] {
            assert_eq!(lookup(Context::Select, key), Some(action), "{key:?}");
        }
        for (key, action) in
            [(Enter, A::Open), (Char('d'), A::Delete), (Char('u'), A::Undo), (Char('e'), A::EditNote)]
        {
            assert_eq!(lookup(Context::Highlights, key), Some(action), "{key:?}");
        }
        assert_eq!(lookup(Context::Note, Ctrl('e')), Some(A::NoteInEditor));
        assert_eq!(lookup(Context::Note, Char('q')), None, "typed into the note");
    }

    #[test]
    fn the_label_keys_are_the_ones_labels_are_made_of() {
        for c in super::super::follow::LABEL_KEYS {
            assert_eq!(lookup(Context::Labels, Key::Char(c)), Some(A::FollowLabel), "{c}");
        }
        assert_eq!(lookup(Context::Labels, Key::Esc), Some(A::Cancel));
    }

    #[test]
    fn help_lists_every_binding() {
        let help = Keymap::default().help_lines();
        for b in KEYMAP {
            assert!(help.iter().any(|(_, text)| text == b.help), "{}", b.help);
        }
    }

    #[test]
    fn prompts_type_what_is_not_theirs_but_ctrl_c_still_quits() {
        for ctx in [Context::Search, Context::Filter, Context::Label, Context::LibrarySearch] {
            assert_eq!(lookup(ctx, Key::Char('q')), None, "{ctx:?}");
            assert_eq!(lookup(ctx, Key::Char('?')), None, "{ctx:?}");
            assert_eq!(lookup(ctx, Key::Ctrl('c')), Some(A::Quit), "{ctx:?}");
            assert_eq!(lookup(ctx, Key::Esc), Some(A::Cancel), "{ctx:?}");
            assert_eq!(lookup(ctx, Key::Backspace), Some(A::Erase), "{ctx:?}");
        }
        assert_eq!(lookup(Context::Bookmarks, Key::Esc), Some(A::Close));
        assert_eq!(lookup(Context::Help, Key::Char('q')), Some(A::Close));
        assert_eq!(lookup(Context::Help, Key::Char('j')), Some(A::LineDown));
    }

    #[test]
    fn hints_on_screen_come_from_the_table() {
        assert_eq!(hints(Context::Bookmarks), "Enter jumps · d deletes · u undoes · r renames");
        assert_eq!(hints(Context::Help), "Esc closes · j/k scroll");
        assert_eq!(hints(Context::Search), "Enter keeps · Esc cancels");
        assert_eq!(hints_with_global(Context::Reader), "? help · q back");
        assert_eq!(
            hints_with_global(Context::Library),
            "Enter open · / filter · s sort · ' bookmarks · ? help · q quit"
        );
    }

    #[test]
    fn keys_named_in_messages_are_bound() {
        for (ctx, action, key) in [
            (Context::Filter, A::Cancel, "Esc"),
            (Context::Reader, A::Bookmark, "m"),
            (Context::Bookmarks, A::Undo, "u"),
            (Context::Reader, A::Search, "/"),
            (Context::Reader, A::JumpBack, "Backspace"),
        ] {
            assert_eq!(key_for(ctx, action), key, "{ctx:?} {action:?}");
        }
    }
}
