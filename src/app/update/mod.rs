//! `update`: the only place the model changes. Every key goes through the keymap to one
//! [`Action`] for the context that has the keyboard, and one dispatch ([`act`]) hands it to
//! the part it concerns: [`reader`] (scrolling, headings, search, footnotes), [`library`]
//! (selection, filter, sort), [`lists`] (bookmark labels and the bookmark list) and
//! [`prompt`] (typing and pasting into a prompt).

mod library;
mod lists;
mod prompt;
mod reader;

use super::keymap::{Action, Context, Key};
use super::search::Search;
use super::{Effect, Focus, ListSelection, MAX_COLUMN, MIN_COLUMN, Mode, Model, Msg, Reader};
use library::{move_selection, selected_entry};
use lists::bookmarks_of;
use reader::{jump_heading, scroll, step_search};

pub use library::refresh_visible;
pub use lists::{bookmark_list, bookmark_row, default_label, snippet};
pub use prompt::MAX_PROMPT_CHARS;
pub(crate) use reader::section_level;

/// Why `Tab` and `o` do not show the outline in a narrow terminal.
const OUTLINE_TOO_NARROW: &str = "Outline hidden: terminal too narrow";

/// Applies `msg` to the model and returns the work the shell must do.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    let mut effects = Vec::new();
    match msg {
        Msg::Key(key) => {
            model.notice = None;
            key_pressed(model, key, &mut effects);
        }
        // The wheel moves what is in front: the text, a list, or the help.
        Msg::Scroll(lines) => match context(model) {
            Context::Reader | Context::Outline => scroll(model, lines as isize),
            // The labels would no longer sit on their targets: they go, the text moves.
            Context::Labels => {
                model.mode = Mode::Normal;
                scroll(model, lines as isize);
            }
            Context::Library | Context::Filter | Context::Attach => {
                move_selection(model, lines.signum() as isize)
            }
            Context::Bookmarks => lists::select(model, lines.signum() as isize),
            Context::Highlights => super::highlights::select(model, lines.signum() as isize),
            Context::Select => {
                let height = body_height(model);
                super::highlights::extend(model, lines as isize, false, height)
            }
            Context::LibrarySearch => super::library_search::select(model, lines.signum() as isize),
            Context::Help => {
                let action = if lines > 0 { Action::LineDown } else { Action::LineUp };
                for _ in 0..lines.unsigned_abs() {
                    act(model, Context::Help, action, &mut effects);
                }
            }
            Context::Search | Context::Label | Context::Note | Context::Global | Context::Anywhere => {}
        },
        Msg::Resize(w, h) => {
            model.size = (w, h);
            if model.geometry().outline.is_none() {
                model.focus = Focus::Text;
            }
            relayout(model);
        }
        Msg::Opened(essay) => {
            let landing =
                if essay.reload { None } else { super::library_search::take_opening(model, &essay.id) };
            let column = model.geometry().column;
            let reload = essay.reload && model.reader.as_ref().is_some_and(|r| r.id == essay.id);
            match model.reader.as_mut() {
                Some(_) if reload => {
                    reloaded(model, *essay);
                    end_selection(model);
                }
                _ => {
                    // A saved place opened is saved already: left unmoved, it is not saved
                    // again (see `lifecycle::save_position`).
                    let at_saved_place = essay.at_saved_place;
                    let mut reader = Reader::new(*essay, column);
                    model.autosave.opened(&reader, at_saved_place);
                    reader.bookmarks = bookmarks_of(&model.all_bookmarks, &reader.id);
                    reader.place_highlights(&model.all_highlights);
                    model.reader = Some(reader);
                    model.mode = Mode::Normal;
                    model.focus = Focus::Text;
                }
            }
            if let Some(hit) = landing {
                super::library_search::land(model, hit);
            }
        }
        Msg::Library(entries) => {
            let selected_id = selected_entry(model).map(|e| e.id.clone());
            model.entries = entries;
            refresh_visible(model);
            super::library_search::library_changed(model);
            if let Some(id) = selected_id
                && let Some(row) = model.visible.iter().position(|&i| model.entries[i].id == id)
            {
                model.selected = row;
            }
        }
        Msg::Bookmarks(all) => {
            if let Some(reader) = model.reader.as_mut() {
                reader.bookmarks = bookmarks_of(&all, &reader.id);
            }
            model.all_bookmarks = all;
            lists::reselect(model);
        }
        Msg::Highlights(all) => {
            if let Some(reader) = model.reader.as_mut() {
                reader.place_highlights(&all);
            }
            model.all_highlights = all;
            super::highlights::reselect(model);
        }
        Msg::NoteEdited(note) => super::highlights::note_edited(model, note),
        Msg::Notice(text) => model.notice = Some(text),
        Msg::FileGone(id) => {
            if let Some(reader) = model.reader.as_mut().filter(|r| r.id == id && !r.file_gone) {
                reader.file_gone = true;
                model.notice =
                    Some("This essay's file was deleted: the text stays, bookmarks are kept".into());
            }
        }
        Msg::Paste(text) => {
            model.notice = None;
            prompt::paste(model, &text);
        }
        Msg::Parsed(id, layout) => {
            if let Some(reader) = model.reader.as_mut().filter(|r| r.id == id) {
                reader.complete(*layout);
                // The selection's lines were lines of the layout just replaced.
                end_selection(model);
            }
        }
        Msg::Tick(now) => super::lifecycle::tick(model, now, &mut effects),
        Msg::Stopping => super::lifecycle::stopping(model, &mut effects),
        Msg::LibraryHits(answer) => super::library_search::answered(model, answer),
        Msg::Continued { essay, device, here } => super::jumps::continued(model, essay, &device, here),
    }
    super::follow::drop_stale_labels(model);
    super::library_search::flush(model, &mut effects);
    effects
}

/// The open essay changed on disk: every place held in its old text (the top line, the
/// bookmarks, the search's start) is found again in the new one.
fn reloaded(model: &mut Model, essay: super::OpenedEssay) {
    let Some(reader) = model.reader.as_mut() else { return };
    let offset = essay.resume.unwrap_or_else(|| reader.top_offset());
    let mut extra = Vec::new();
    if let Mode::SearchInput { from } = &model.mode {
        extra.push(*from);
    }
    reader.reload(essay.source, offset, &mut extra);
    if let (Mode::SearchInput { from }, Some(new)) = (&mut model.mode, extra.first()) {
        *from = *new;
    }
    // The library-wide list shows the same bookmarks, placed in the new text.
    for b in model.all_bookmarks.iter_mut().filter(|b| b.essay == reader.id) {
        if let Some(placed) = reader.bookmarks.iter().find(|r| r.id == b.id) {
            b.offset = placed.offset;
        }
    }
    lists::reselect(model);
}

/// Ends a selection whose lines belong to a layout that is gone (the text changed), saying so.
fn end_selection(model: &mut Model) {
    if let Mode::Selecting(_) = model.mode {
        model.mode = Mode::Normal;
        model.notice = Some("The text changed: select again".into());
    }
}

fn relayout(model: &mut Model) {
    let column = model.geometry().column;
    if let Some(reader) = model.reader.as_mut() {
        reader.relayout(column);
    }
}

fn body_height(model: &Model) -> usize {
    usize::from(model.geometry().body_height.max(1))
}

/// What has the keyboard: the mode on top, else the focused pane.
pub fn context(model: &Model) -> Context {
    match (&model.mode, &model.reader, model.focus) {
        (Mode::Help(_), ..) => Context::Help,
        (Mode::SearchInput { .. }, ..) => Context::Search,
        (Mode::FilterInput, ..) => Context::Filter,
        (Mode::LabelInput { .. }, ..) => Context::Label,
        (Mode::BookmarkList(_), ..) => Context::Bookmarks,
        (Mode::Labels { .. }, ..) => Context::Labels,
        (Mode::Attach { .. }, ..) => Context::Attach,
        (Mode::LibrarySearch(_), ..) => Context::LibrarySearch,
        (Mode::Selecting(_), ..) => Context::Select,
        (Mode::NoteInput { .. }, ..) => Context::Note,
        (Mode::HighlightList(_), ..) => Context::Highlights,
        (Mode::Normal, None, _) => Context::Library,
        (Mode::Normal, Some(_), Focus::Outline) => Context::Outline,
        (Mode::Normal, Some(_), Focus::Text) => Context::Reader,
    }
}

/// Every key goes through the keymap; in a prompt, a character with no binding is text.
fn key_pressed(model: &mut Model, key: Key, effects: &mut Vec<Effect>) {
    let context = context(model);
    // Labels take every key but Ctrl-c: a label's letters follow it, any other key cancels.
    if let Mode::Labels { targets, typed } = &model.mode
        && !matches!(model.keys.lookup(context, key), Some(Action::Quit | Action::Suspend))
    {
        let (targets, typed) = (targets.clone(), typed.clone());
        super::follow::label_key(model, key, targets, typed, effects);
        return;
    }
    match (model.keys.lookup(context, key), key) {
        (Some(action), _) => act(model, context, action, effects),
        (None, Key::Char(c)) if context.is_prompt() => prompt::type_char(model, c),
        (None, _) => {}
    }
}

fn leave_reader(model: &mut Model, effects: &mut Vec<Effect>) {
    effects.extend(super::lifecycle::save_position(model));
}

/// Whether `action` in `context` is a jump: where it starts goes on the jump list when it
/// moves the text. Scrolling is not a jump.
fn is_jump(context: Context, action: Action) -> bool {
    use Action as A;
    match action {
        A::Top | A::Bottom | A::NextHeading | A::PrevHeading | A::NextSection | A::PrevSection => {
            context == Context::Reader
        }
        A::SearchNext | A::SearchPrev => true,
        A::Open => matches!(context, Context::Outline | Context::Bookmarks | Context::Highlights),
        _ => false,
    }
}

fn act(model: &mut Model, context: Context, action: Action, effects: &mut Vec<Effect>) {
    let start = model
        .reader
        .as_ref()
        .filter(|_| is_jump(context, action))
        .map(|r| (r.id.clone(), r.anchor, super::jumps::here(r)));
    act_on(model, context, action, effects);
    if let (Some((id, anchor, from)), Some(reader)) = (start, model.reader.as_ref())
        && reader.id == id
        && reader.anchor != anchor
    {
        model.jumps.record(from);
    }
}

fn act_on(model: &mut Model, context: Context, action: Action, effects: &mut Vec<Effect>) {
    let height = body_height(model) as isize;
    match action {
        Action::Quit => {
            leave_reader(model, effects);
            model.quit = true;
        }
        Action::Suspend => model.suspend = true,
        Action::Back => {
            if model.reader.is_some() {
                // Leaving for another essay by way of the library is a jump too: back
                // from the next essay reopens this one here.
                super::jumps::record(model);
                leave_reader(model, effects);
                // The library opens on the essay just read (opened from the command line
                // or a link, it was not the one chosen there).
                let closed = model.reader.take().map(|r| r.id);
                if let Some(row) =
                    closed.and_then(|id| model.visible.iter().position(|&i| model.entries[i].id == id))
                {
                    model.selected = row;
                }
                model.focus = Focus::Text;
            } else {
                model.quit = true;
            }
        }
        Action::Help => model.mode = Mode::Help(0),
        Action::Close => model.mode = Mode::Normal,
        Action::Bookmarks => {
            model.mode = Mode::BookmarkList(ListSelection::default());
            lists::reselect(model);
        }
        Action::LineDown
        | Action::LineUp
        | Action::PageDown
        | Action::PageUp
        | Action::Top
        | Action::Bottom
            if context == Context::Help =>
        {
            if let Mode::Help(line) = model.mode {
                // No further than the last line at the bottom of the help panel (its borders
                // take two rows), so k answers at once after many j's.
                let lines = model.keys.help_lines().len();
                let page = body_height(model).saturating_sub(2);
                let last = lines.saturating_sub(page);
                let page = page.saturating_sub(1).max(1);
                let line = match action {
                    Action::LineDown => line + 1,
                    Action::LineUp => line.saturating_sub(1),
                    Action::PageDown => line + page,
                    Action::PageUp => line.saturating_sub(page),
                    Action::Top => 0,
                    _ => last,
                };
                model.mode = Mode::Help(line.min(last));
            }
        }
        Action::LineDown | Action::LineUp | Action::PageDown | Action::PageUp
            if context == Context::Select =>
        {
            let page = (height - 1).max(1);
            let delta = match action {
                Action::LineDown => 1,
                Action::LineUp => -1,
                Action::PageDown => page,
                _ => -page,
            };
            super::highlights::extend(model, delta, false, height as usize);
        }
        Action::NextSection | Action::PrevSection if context == Context::Select => {
            let forward = action == Action::NextSection;
            super::highlights::extend(model, if forward { 1 } else { -1 }, true, height as usize);
        }
        Action::PageDown | Action::PageUp if context == Context::Library => {
            let page = (height - 1).max(1);
            move_selection(model, if action == Action::PageDown { page } else { -page });
        }
        Action::LineDown => scroll(model, 1),
        Action::LineUp => scroll(model, -1),
        Action::PageDown => scroll(model, (height - 1).max(1)),
        Action::PageUp => scroll(model, -(height - 1).max(1)),
        Action::HalfPageDown => scroll(model, (height / 2).max(1)),
        Action::HalfPageUp => scroll(model, -(height / 2).max(1)),
        Action::Top => scroll(model, isize::MIN / 2),
        Action::Bottom => scroll(model, isize::MAX / 2),
        Action::NextHeading => jump_heading(model, true, false),
        Action::PrevHeading => jump_heading(model, false, false),
        Action::NextSection => jump_heading(model, true, true),
        Action::PrevSection => jump_heading(model, false, true),
        Action::ToggleFocus => match model.focus {
            Focus::Outline => model.focus = Focus::Text,
            // The keyboard never goes to a pane the user cannot see.
            Focus::Text if !model.outline_fits() => model.notice = Some(OUTLINE_TOO_NARROW.into()),
            Focus::Text => {
                if !model.show_outline {
                    model.show_outline = true;
                    relayout(model);
                }
                model.focus = Focus::Outline;
            }
        },
        // Toggling a pane that cannot show would change nothing the user can see.
        Action::ToggleOutline if !model.outline_fits() => model.notice = Some(OUTLINE_TOO_NARROW.into()),
        Action::ToggleOutline => {
            model.show_outline = !model.show_outline;
            model.focus = Focus::Text;
            relayout(model);
        }
        Action::Wider | Action::Narrower => {
            let step: i32 = if action == Action::Wider { 4 } else { -4 };
            let wanted =
                (i32::from(model.geometry().column) + step).clamp(MIN_COLUMN.into(), MAX_COLUMN.into());
            model.column = wanted as u16;
            relayout(model);
            let actual = model.geometry().column;
            model.notice = Some(if actual < model.column && step > 0 {
                format!("Text column {actual} (as wide as the window allows)")
            } else {
                format!("Text column {actual}")
            });
        }
        Action::Search if context == Context::Library => model.mode = Mode::FilterInput,
        Action::Search => {
            if let Some(reader) = model.reader.as_mut() {
                model.mode = Mode::SearchInput { from: reader.anchor };
                reader.search = Some(Search::new(&reader.layout));
            }
        }
        Action::SearchLibrary => super::library_search::start(model),
        Action::SearchNext | Action::SearchPrev => step_search(model, action == Action::SearchNext),
        Action::Bookmark => model.mode = Mode::LabelInput { text: String::new(), renaming: None },
        Action::FollowNote => super::follow::start(model, body_height(model), effects),
        Action::JumpBack | Action::JumpForward => {
            super::jumps::step(model, action == Action::JumpForward, effects)
        }
        Action::SelectNext | Action::SelectPrev | Action::SelectFirst | Action::SelectLast => {
            select(model, context, action)
        }
        Action::Open if context == Context::Bookmarks => lists::open(model, effects),
        Action::Open if context == Context::Highlights => super::highlights::open(model, effects),
        Action::Open => open(model, context, effects),
        Action::CycleSort => {
            model.sort = model.sort.next();
            refresh_visible(model);
            model.notice = Some(format!("Sorted by {}", model.sort.label()));
        }
        // Typed while the labels are shown (see `key_pressed`).
        Action::FollowLabel => {}
        Action::Delete if context == Context::Highlights => super::highlights::delete(model, effects),
        Action::Undo if context == Context::Highlights => super::highlights::undo(model, effects),
        Action::Delete => lists::delete(model, effects),
        Action::Undo => lists::undo(model, effects),
        Action::StartSelection => super::highlights::start(model),
        Action::Highlight => super::highlights::highlight(model, false, effects),
        Action::HighlightWithNote => super::highlights::highlight(model, true, effects),
        Action::CopyQuote => super::highlights::copy(model, effects),
        Action::Highlights => super::highlights::list(model),
        Action::EditNote => super::highlights::edit_note(model),
        Action::NoteInEditor => super::highlights::edit_in_editor(model, effects),
        Action::Rename => lists::rename(model),
        Action::Attach => lists::attach(model),
        Action::Accept => match context {
            Context::Attach => lists::accept_attach(model, effects),
            Context::Search => reader::accept_search(model),
            Context::Label => lists::accept_label(model, effects),
            Context::LibrarySearch => super::library_search::accept(model, effects),
            Context::Note => super::highlights::accept_note(model, effects),
            _ => model.mode = Mode::Normal,
        },
        Action::Cancel => match context {
            Context::Attach => lists::cancel_attach(model),
            Context::Search => reader::cancel_search(model),
            Context::Label => lists::cancel_label(model),
            Context::LibrarySearch | Context::Select => model.mode = Mode::Normal,
            Context::Note => super::highlights::cancel_note(model, effects),
            _ => library::clear_filter(model),
        },
        Action::Erase => prompt::erase(model),
        Action::EraseWord => prompt::erase_word(model),
        Action::EraseAll => prompt::erase_all(model),
    }
}

fn select(model: &mut Model, context: Context, action: Action) {
    let delta = match action {
        Action::SelectNext => 1,
        Action::SelectPrev => -1,
        Action::SelectFirst => isize::MIN / 2,
        _ => isize::MAX / 2,
    };
    match (context, model.reader.as_mut()) {
        (Context::Outline, Some(reader)) => {
            let len = reader.doc.headings.len();
            if len > 0 {
                reader.outline_selected = reader.outline_selected.saturating_add_signed(delta).min(len - 1);
            }
        }
        _ if context == Context::Bookmarks => lists::select(model, delta),
        _ if context == Context::Highlights => super::highlights::select(model, delta),
        _ if context == Context::LibrarySearch => super::library_search::select(model, delta),
        _ => move_selection(model, delta),
    }
}

fn open(model: &mut Model, context: Context, effects: &mut Vec<Effect>) {
    match (context, model.reader.as_mut()) {
        (Context::Outline, Some(reader)) => {
            if let Some(line) = reader.layout.heading_line(reader.outline_selected) {
                let selected = reader.outline_selected;
                reader.set_top(line);
                reader.outline_selected = selected;
            }
            model.focus = Focus::Text;
        }
        _ => {
            if let Some(entry) = selected_entry(model) {
                match &entry.problem {
                    Some(problem) if entry.words == 0 => {
                        model.notice = Some(format!("Cannot open: {problem}"))
                    }
                    _ => effects.push(Effect::Open { essay: entry.id.clone(), bookmark: None }),
                }
            }
        }
    }
}

#[cfg(test)]
mod keys_tests;
#[cfg(test)]
mod tests;
