//! The reader's state machine: [`Model`] holds everything on screen, [`update`] changes it
//! in answer to a [`Msg`] and returns [`Effect`]s for the shell to perform (loading an
//! essay, saving a position). Nothing here draws or touches files.

pub mod follow;
#[cfg(test)]
mod follow_tests;
pub mod highlights;
pub mod jumps;
pub mod keymap;
pub mod library_search;
mod lifecycle;
pub mod links;
mod reader;
pub mod search;
#[cfg(test)]
pub(crate) mod testing;
mod update;

pub use lifecycle::{Autosave, SAVE_EVERY};
pub use reader::Reader;
pub use update::{MAX_PROMPT_CHARS, bookmark_list, bookmark_row, default_label, snippet, update};

use crate::core::bookmark::Bookmark;
use crate::core::essay::EssayInfo;
use crate::core::highlight::Highlight;
use crate::core::layout::{Anchor, Layout};
use crate::core::position::TextAnchor;
use keymap::Key;

/// Default width of the text column, in cells.
pub const DEFAULT_COLUMN: u16 = 72;
/// Narrowest text column `-` allows.
pub const MIN_COLUMN: u16 = 20;
/// Widest text column `+` allows.
pub const MAX_COLUMN: u16 = 200;
/// Reading speed for "minutes left" (the core's, so lengths and time left agree).
pub use crate::core::words::WORDS_PER_MINUTE;

/// An essay as the library list shows it: its metadata (read through this entry) and
/// what the reader did with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The essay's metadata, as the library knows it.
    pub essay: EssayInfo,
    /// How far the reader got (0–1), if they opened it before.
    pub progress: Option<f32>,
    /// When it was last read (seconds since the epoch), for sorting.
    pub last_read: Option<u64>,
}

impl std::ops::Deref for Entry {
    type Target = EssayInfo;

    fn deref(&self) -> &EssayInfo {
        &self.essay
    }
}

impl Entry {
    /// Reading time in minutes at [`WORDS_PER_MINUTE`].
    pub fn minutes(&self) -> usize {
        self.essay.reading_minutes()
    }
}

/// A bookmark as the reader lists it: the stored bookmark (its fields read through this
/// entry) and where it stands now.
#[derive(Debug, Clone, PartialEq)]
pub struct BookmarkEntry {
    /// The bookmark as saved.
    pub bookmark: Bookmark,
    /// Its essay's title; the last one known if the essay is not in the library now.
    pub title: String,
    /// Where it points in this essay's current text; `None` if it could not be placed.
    pub offset: Option<usize>,
    /// Its essay is not in the library (deleted, or moved and rewritten beyond
    /// recognition): the bookmark is kept, detached, until attached to an essay.
    pub detached: bool,
}

impl std::ops::Deref for BookmarkEntry {
    type Target = Bookmark;

    fn deref(&self) -> &Bookmark {
        &self.bookmark
    }
}

/// A highlight as the reader lists and draws it: the stored highlight (its fields read
/// through this entry) and where its passage is now.
#[derive(Debug, Clone, PartialEq)]
pub struct HighlightEntry {
    /// The highlight as saved.
    pub highlight: Highlight,
    /// Its essay's title; the last one known if the essay is not in the library now.
    pub title: String,
    /// Where its passage is in the open essay's current text; `None` if it could not be
    /// found there (or, in the library's list, not looked for).
    pub range: Option<std::ops::Range<usize>>,
    /// Its essay is not in the library: the highlight (and its text) is kept all the same.
    pub detached: bool,
}

impl std::ops::Deref for HighlightEntry {
    type Target = Highlight;

    fn deref(&self) -> &Highlight {
        &self.highlight
    }
}

/// How the library is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// As found: bundled first, then by title.
    #[default]
    Title,
    /// By author.
    Author,
    /// By date, newest first.
    Date,
    /// Most recently read first.
    Recent,
}

impl Sort {
    /// The next order in the cycle.
    pub fn next(self) -> Sort {
        match self {
            Sort::Title => Sort::Author,
            Sort::Author => Sort::Date,
            Sort::Date => Sort::Recent,
            Sort::Recent => Sort::Title,
        }
    }

    /// Its name in the status line.
    pub fn label(self) -> &'static str {
        match self {
            Sort::Title => "title",
            Sort::Author => "author",
            Sort::Date => "date",
            Sort::Recent => "recently read",
        }
    }
}

/// Which pane has the keyboard in the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    /// The text.
    #[default]
    Text,
    /// The outline.
    Outline,
}

/// What is layered over the screen, taking keys first.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Mode {
    /// Nothing: keys go to the library or the reader.
    #[default]
    Normal,
    /// The help screen, scrolled to a line.
    Help(usize),
    /// Typing a search; the reader goes back to `from` on Esc.
    SearchInput {
        /// The top line when the search began.
        from: Anchor,
    },
    /// Typing a library filter.
    FilterInput,
    /// Typing a bookmark label (new, or a rename of `renaming`).
    LabelInput {
        /// The text typed so far.
        text: String,
        /// The bookmark being renamed, if this is a rename.
        renaming: Option<String>,
    },
    /// The list of bookmarks with the selected one.
    BookmarkList(ListSelection),
    /// Picking, in the library, the essay a detached essay's saved state goes to.
    Attach {
        /// The detached essay's id.
        from: String,
        /// Its last known title.
        title: String,
    },
    /// Searching every essay (`S`).
    LibrarySearch(Box<library_search::LibrarySearch>),
    /// Making a selection (after `v`).
    Selecting(highlights::Selection),
    /// Typing a highlight's note.
    NoteInput {
        /// The note so far.
        text: String,
        /// The highlight it is for.
        target: highlights::NoteTarget,
    },
    /// The list of highlights with the selected one.
    HighlightList(ListSelection),
    /// Labels over the targets `f` can follow, and the letters typed so far.
    Labels {
        /// The targets with their labels.
        targets: Vec<follow::Target>,
        /// The start of a label typed so far.
        typed: String,
    },
}

/// The selected row of a list that can change under it (a bookmark deleted, renamed,
/// re-sorted): kept by the item's id, so every action applies to the row the user sees.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListSelection {
    /// The selected item's id; `None` until the list has items.
    pub id: Option<String>,
    /// Its row when last seen, the fallback when the item is gone (e.g. just deleted).
    pub row: usize,
}

impl ListSelection {
    /// A selection of the item with this id.
    pub fn of(id: impl Into<String>) -> ListSelection {
        ListSelection { id: Some(id.into()), row: 0 }
    }

    /// The selected row in `ids` (the list as shown now): the item's row if it is still
    /// there, else the row it was on, kept inside the list.
    pub fn row_in<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> usize {
        let mut len = 0;
        for (i, id) in ids.into_iter().enumerate() {
            if self.id.as_deref() == Some(id) {
                return i;
            }
            len = i + 1;
        }
        self.row.min(len.saturating_sub(1))
    }
}

/// Everything the screen shows.
#[derive(Debug, Clone)]
pub struct Model {
    /// The essays in the library.
    pub entries: Vec<Entry>,
    /// Indices into `entries` that pass the filter, in display order.
    pub visible: Vec<usize>,
    /// The selected row of `visible`.
    pub selected: usize,
    /// The library filter text.
    pub filter: String,
    /// The library's order.
    pub sort: Sort,
    /// Where to drop files, shown when the user has no essays of their own.
    pub essays_dir: String,
    /// The open essay.
    pub reader: Option<Reader>,
    /// What is layered on top.
    pub mode: Mode,
    /// Which reader pane has focus.
    pub focus: Focus,
    /// Whether the outline is shown.
    pub show_outline: bool,
    /// The preferred text column width.
    pub column: u16,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// A short message for the status line, cleared by the next key.
    pub notice: Option<String>,
    /// A lasting note for the status line (e.g. bookmarks cannot be saved).
    pub status_note: Option<String>,
    /// All bookmarks (for the library-wide list).
    pub all_bookmarks: Vec<BookmarkEntry>,
    /// Ids of the bookmarks deleted from the list, most recent last (what `u` brings back).
    pub deleted: Vec<String>,
    /// All highlights (for the library-wide list).
    pub all_highlights: Vec<HighlightEntry>,
    /// Ids of the highlights deleted from the list, most recent last.
    pub deleted_highlights: Vec<String>,
    /// Set when the app should end.
    pub quit: bool,
    /// Set when the reader is to give the terminal back to the shell until continued
    /// (`Ctrl-z`): the loop does, before the next frame.
    pub suspend: bool,
    /// When and where the reading position was last saved by the clock.
    pub autosave: Autosave,
    /// Where jumps started, across essays, for going back and forward.
    pub jumps: jumps::Jumps,
    /// The keys in use: the default table with config.toml's `[keys]` applied. Key handling,
    /// the help screen and every hint read it.
    pub keys: std::sync::Arc<keymap::Keymap>,
}

/// Something that happened: a key, a resize, or a result from the shell.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key press.
    Key(Key),
    /// Text pasted into the terminal (bracketed paste): one message for the whole paste.
    Paste(String),
    /// The mouse wheel: lines to scroll (negative is up).
    Scroll(i32),
    /// The terminal changed size.
    Resize(u16, u16),
    /// The shell loaded an essay.
    Opened(Box<OpenedEssay>),
    /// The library changed on disk.
    Library(Vec<Entry>),
    /// Bookmarks changed (all of them).
    Bookmarks(Vec<BookmarkEntry>),
    /// Something to tell the user.
    Notice(String),
    /// The whole document of an essay opened with a window, parsed and laid out in the
    /// background (the layout holds the document).
    Parsed(String, Box<Layout>),
    /// The file of the open essay with this id was deleted.
    FileGone(String),
    /// Time passes: sent by the shell now and then (at least every tenth of a second).
    Tick(std::time::Instant),
    /// The reader is being stopped from outside (a signal, the terminal gone): last chance
    /// to keep what should be kept.
    Stopping,
    /// Results of a search over every essay.
    LibraryHits(library_search::LibraryAnswer),
    /// The essay just opened resumes where another device read it last.
    Continued {
        /// The essay's id.
        essay: String,
        /// The device whose place it opened at.
        device: String,
        /// This machine's own place in it, where `Backspace` goes; `None` if never read here.
        here: Option<crate::core::position::TextAnchor>,
    },
    /// Highlights changed (all of them).
    Highlights(Vec<HighlightEntry>),
    /// A note came back from the editor `Ctrl-e` handed it to.
    NoteEdited(String),
}

/// An essay loaded by the shell, ready to read.
#[derive(Debug, Clone)]
pub struct OpenedEssay {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Source text (shared with the background parse of a long essay, never copied).
    pub source: crate::core::document::SharedSource,
    /// Where to start reading (a source offset), if the essay was read before.
    pub resume: Option<usize>,
    /// `resume` is the essay's saved reading place (the newest any machine saved), not a
    /// bookmark, a link's or a search's landing: leaving it unmoved saves nothing.
    pub at_saved_place: bool,
    /// Whether it is the same essay reloaded after a change on disk.
    pub reload: bool,
    /// For a long essay: parse only this part of the source now (around where reading
    /// starts), to show the first screen at once; the whole document follows as
    /// [`Msg::Parsed`].
    pub window: Option<std::ops::Range<usize>>,
    /// The source is a part of a longer text (a long essay's first screen read from its
    /// file on its own): where the part starts in that text, and the text's length.
    pub part_of: Option<(usize, usize)>,
}

impl OpenedEssay {
    /// Essay `id` titled `title` with text `source`, opened afresh: at its start, the whole
    /// text parsed at once (the other fields say otherwise, set after this).
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        source: impl Into<crate::core::document::SharedSource>,
    ) -> OpenedEssay {
        OpenedEssay {
            id: id.into(),
            title: title.into(),
            source: source.into(),
            resume: None,
            at_saved_place: false,
            reload: false,
            window: None,
            part_of: None,
        }
    }
}

/// Work for the shell.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load an essay and answer with [`Msg::Opened`].
    Open {
        /// The essay's id.
        essay: String,
        /// A bookmark's id to start at, instead of the saved reading position.
        bookmark: Option<String>,
    },
    /// Load an essay as [`Effect::Open`] does, landing at a passage or heading instead of
    /// the saved reading position (a jump across essays).
    OpenAt {
        /// The essay's id.
        essay: String,
        /// Where to land.
        at: jumps::Landing,
    },
    /// Hand an `http`, `https` or `mailto` address to the system's browser.
    Browse(String),
    /// Remember where the reader is in an essay.
    SavePosition {
        /// Essay id.
        essay: String,
        /// The passage at the top of the screen.
        anchor: TextAnchor,
        /// How far through (0–1).
        progress: f32,
    },
    /// Add a bookmark.
    AddBookmark {
        /// Essay id.
        essay: String,
        /// Label.
        label: String,
        /// Section title.
        section: String,
        /// The first words of the passage.
        snippet: String,
        /// The passage.
        anchor: TextAnchor,
    },
    /// Delete a bookmark by id.
    DeleteBookmark(String),
    /// Undo the last deletion.
    UndoDelete,
    /// Give the saved state (bookmarks, reading position) of a detached essay to another.
    Attach {
        /// The detached essay's id.
        from: String,
        /// The essay that takes its state.
        to: String,
    },
    /// Rename a bookmark.
    RenameBookmark(String, String),
    /// Save a new highlight.
    AddHighlight {
        /// Essay id.
        essay: String,
        /// Section title.
        section: String,
        /// The passage's source text.
        text: String,
        /// The note (empty for none).
        note: String,
        /// Where the passage starts.
        start: TextAnchor,
        /// Where it ends.
        end: TextAnchor,
    },
    /// Delete a highlight by id.
    DeleteHighlight(String),
    /// Bring back the last deleted highlight.
    UndoDeleteHighlight,
    /// Change a highlight's note: its id and the new note.
    SetHighlightNote(String, String),
    /// Put this text (a quote with its citation) on the clipboard.
    Copy(String),
    /// Hand this note to `$VISUAL`/`$EDITOR`, the terminal given back meanwhile; answered
    /// with [`Msg::NoteEdited`].
    EditNote(String),
    /// Search every essay for `query` (in the background) and answer with
    /// [`Msg::LibraryHits`]; a newer search makes an older one moot.
    SearchLibrary {
        /// What was typed.
        query: String,
        /// The search's number, repeated in the answer.
        generation: u64,
    },
}

/// Where things go on screen, computed the same way by `update` (to lay out) and by the UI
/// (to draw).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    /// The outline pane's x and width, if shown.
    pub outline: Option<(u16, u16)>,
    /// The text pane's x and width.
    pub text: (u16, u16),
    /// The text column's width (what the essay is laid out at).
    pub column: u16,
    /// Rows for text (the screen less the status line).
    pub body_height: u16,
    /// Too small to read in: show a message instead.
    pub too_small: bool,
}

/// Smallest terminal the reader draws in.
pub const MIN_SIZE: (u16, u16) = (20, 5);

impl Geometry {
    /// Computes the panes for a terminal of `size` with the given preferences;
    /// `outline_want` is the width the outline's longest entry needs.
    pub fn new(size: (u16, u16), show_outline: bool, column: u16, outline_want: u16) -> Geometry {
        let (w, h) = size;
        let too_small = w < MIN_SIZE.0 || h < MIN_SIZE.1;
        let body_height = h.saturating_sub(1);
        let outline = (show_outline && w >= 60).then(|| {
            let base = (w / 4).clamp(20, 34);
            // Columns the text column (with margins of four and the rule) leaves free: the
            // outline may grow into them to show whole headings, up to half the screen.
            let free = w.saturating_sub(column.saturating_add(9));
            (0, outline_want.min(free).min(w / 2).max(base))
        });
        let text_x = outline.map_or(0, |(_, ow)| ow + 1);
        let text_w = w.saturating_sub(text_x);
        let column = column.min(text_w.saturating_sub(2)).max(1);
        Geometry { outline, text: (text_x, text_w), column, body_height, too_small }
    }
}

impl Model {
    /// A model showing the library.
    pub fn new(entries: Vec<Entry>, size: (u16, u16)) -> Model {
        let mut model = Model {
            visible: Vec::new(),
            entries,
            selected: 0,
            filter: String::new(),
            sort: Sort::default(),
            essays_dir: String::new(),
            reader: None,
            mode: Mode::Normal,
            focus: Focus::Text,
            show_outline: true,
            column: DEFAULT_COLUMN,
            size,
            notice: None,
            status_note: None,
            all_bookmarks: Vec::new(),
            deleted: Vec::new(),
            all_highlights: Vec::new(),
            deleted_highlights: Vec::new(),
            quit: false,
            suspend: false,
            autosave: Autosave::default(),
            jumps: jumps::Jumps::default(),
            keys: std::sync::Arc::default(),
        };
        update::refresh_visible(&mut model);
        model
    }

    /// Whether the terminal is wide enough to show the outline.
    pub fn outline_fits(&self) -> bool {
        Geometry::new(self.size, true, self.column, 0).outline.is_some()
    }

    /// The screen's panes as things stand.
    pub fn geometry(&self) -> Geometry {
        let want = self.reader.as_ref().map_or(0, Reader::outline_want);
        Geometry::new(self.size, self.show_outline, self.column, want)
    }
}
