//! `update`: the only place the model changes.

use super::keymap::{Action, Context, Key, lookup};
use super::search::Search;
use super::{BookmarkEntry, Effect, Focus, MAX_COLUMN, MIN_COLUMN, Mode, Model, Msg, Reader, Sort};

/// Applies `msg` to the model and returns the work the shell must do.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    let mut effects = Vec::new();
    match msg {
        Msg::Key(key) => {
            model.notice = None;
            key_pressed(model, key, &mut effects);
        }
        Msg::Scroll(lines) => match model.reader.as_mut() {
            Some(_) if model.mode == Mode::Normal => scroll(model, lines as isize),
            Some(_) => {}
            None => move_selection(model, lines.signum() as isize),
        },
        Msg::Resize(w, h) => {
            model.size = (w, h);
            relayout(model);
        }
        Msg::Opened(essay) => {
            let column = model.geometry().column;
            let reload = essay.reload && model.reader.as_ref().is_some_and(|r| r.id == essay.id);
            match model.reader.as_mut() {
                Some(reader) if reload => {
                    let offset = essay.resume.unwrap_or_else(|| reader.top_offset());
                    reader.reload(essay.source, offset);
                }
                _ => {
                    let mut reader = Reader::new(*essay, column);
                    reader.bookmarks = bookmarks_of(&model.all_bookmarks, &reader.id);
                    model.reader = Some(reader);
                    model.mode = Mode::Normal;
                    model.focus = Focus::Text;
                }
            }
        }
        Msg::Library(entries) => {
            let selected_id = selected_entry(model).map(|e| e.id.clone());
            model.entries = entries;
            refresh_visible(model);
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
            if let Mode::BookmarkList(sel) = model.mode {
                let len = bookmark_list(model).len();
                model.mode = Mode::BookmarkList(sel.min(len.saturating_sub(1)));
            }
        }
        Msg::Notice(text) => model.notice = Some(text),
        Msg::Parsed(id, doc) => {
            if let Some(reader) = model.reader.as_mut().filter(|r| r.id == id) {
                reader.complete(*doc);
            }
        }
    }
    effects
}

/// An essay's bookmarks in reading order; those whose passage is gone come last.
fn bookmarks_of(all: &[BookmarkEntry], id: &str) -> Vec<BookmarkEntry> {
    let mut list: Vec<BookmarkEntry> = all.iter().filter(|b| b.essay == id).cloned().collect();
    list.sort_by_key(|b| b.offset.unwrap_or(usize::MAX));
    list
}

/// The bookmarks the list shows: this essay's in the reader, all of them in the library.
pub fn bookmark_list(model: &Model) -> &[BookmarkEntry] {
    match &model.reader {
        Some(reader) => &reader.bookmarks,
        None => &model.all_bookmarks,
    }
}

fn selected_entry(model: &Model) -> Option<&super::Entry> {
    model.visible.get(model.selected).and_then(|&i| model.entries.get(i))
}

/// Recomputes which library entries show, in which order.
pub fn refresh_visible(model: &mut Model) {
    let entries = &model.entries;
    let mut visible: Vec<usize> = (0..entries.len()).collect();
    match model.sort {
        Sort::Title => {}
        Sort::Author => {
            visible.sort_by_key(|&i| entries[i].author.clone().unwrap_or_default().to_lowercase())
        }
        Sort::Date => visible.sort_by(|&a, &b| entries[b].date.cmp(&entries[a].date)),
        Sort::Recent => visible.sort_by(|&a, &b| entries[b].last_read.cmp(&entries[a].last_read)),
    }
    if !model.filter.trim().is_empty() {
        // Filtering ranks by how well each essay matches, best first.
        let items = entries.iter().map(|e| (e.title.as_str(), e.author.as_deref(), e.tags.as_slice()));
        visible = crate::core::rank::rank(items, &model.filter);
    }
    model.visible = visible;
    model.selected = model.selected.min(model.visible.len().saturating_sub(1));
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

fn key_pressed(model: &mut Model, key: Key, effects: &mut Vec<Effect>) {
    if key == Key::Ctrl('c') {
        leave_reader(model, effects);
        model.quit = true;
        return;
    }
    match model.mode.clone() {
        Mode::Help(line) => match key {
            Key::Esc | Key::Char('?') | Key::Char('q') => model.mode = Mode::Normal,
            Key::Char('j') | Key::Down => model.mode = Mode::Help(line + 1),
            Key::Char('k') | Key::Up => model.mode = Mode::Help(line.saturating_sub(1)),
            _ => {}
        },
        Mode::SearchInput { from } => search_key(model, key, from),
        Mode::FilterInput => filter_key(model, key),
        Mode::LabelInput { text, renaming } => label_key(model, key, text, renaming, effects),
        Mode::BookmarkList(selected) => bookmark_list_key(model, key, selected, effects),
        Mode::Normal => {
            let context = match (&model.reader, model.focus) {
                (None, _) => Context::Library,
                (Some(_), Focus::Outline) => Context::Outline,
                (Some(_), Focus::Text) => Context::Reader,
            };
            if let Some(action) = lookup(context, key) {
                act(model, context, action, effects);
            }
        }
    }
}

fn edit(text: &mut String, key: Key) -> bool {
    match key {
        Key::Char(c) => text.push(c),
        Key::Backspace => {
            text.pop();
        }
        _ => return false,
    }
    true
}

fn search_key(model: &mut Model, key: Key, from: crate::core::layout::Anchor) {
    let height = body_height(model);
    let Some(reader) = model.reader.as_mut() else {
        model.mode = Mode::Normal;
        return;
    };
    match key {
        Key::Enter => {
            model.mode = Mode::Normal;
            match reader.search.as_ref().map(|s| s.matches.len()) {
                Some(0) => model.notice = Some(format!("Not found: {}", reader.search_query())),
                None => {}
                Some(1) => model.notice = Some("1 match".into()),
                Some(n) => model.notice = Some(format!("{n} matches")),
            }
        }
        Key::Esc => {
            model.mode = Mode::Normal;
            reader.search = None;
            let line = reader.layout.line_of(from);
            reader.set_top(line);
        }
        _ => {
            let search = reader.search.get_or_insert_with(|| Search::new(&reader.layout));
            let mut query = search.query.clone();
            if edit(&mut query, key) {
                search.set_query(&query);
                let start = reader.layout.line_of(from);
                if let Some((i, _)) = search.first_from(start) {
                    search.current = Some(i);
                    let line = search.match_line(i).unwrap_or(start);
                    reader.set_top(line.saturating_sub(height / 3));
                } else {
                    reader.set_top(start);
                }
            }
        }
    }
}

impl Reader {
    fn search_query(&self) -> &str {
        self.search.as_ref().map_or("", |s| s.query.as_str())
    }
}

fn filter_key(model: &mut Model, key: Key) {
    match key {
        Key::Enter => model.mode = Mode::Normal,
        Key::Esc => {
            model.filter.clear();
            model.mode = Mode::Normal;
        }
        Key::Down => move_selection(model, 1),
        Key::Up => move_selection(model, -1),
        _ => {
            let mut filter = std::mem::take(&mut model.filter);
            edit(&mut filter, key);
            model.filter = filter;
            model.selected = 0;
        }
    }
    refresh_visible(model);
}

fn label_key(
    model: &mut Model,
    key: Key,
    mut text: String,
    renaming: Option<String>,
    effects: &mut Vec<Effect>,
) {
    match key {
        Key::Esc => model.mode = Mode::Normal,
        Key::Enter => {
            model.mode = Mode::Normal;
            match renaming {
                Some(id) => {
                    if !text.trim().is_empty() {
                        effects.push(Effect::RenameBookmark(id, text.trim().to_string()));
                    }
                    model.mode = Mode::BookmarkList(0);
                }
                None => {
                    if let Some(reader) = model.reader.as_ref() {
                        let label = if text.trim().is_empty() {
                            default_label(reader)
                        } else {
                            text.trim().to_string()
                        };
                        effects.push(Effect::AddBookmark {
                            essay: reader.id.clone(),
                            label: label.clone(),
                            section: reader.section().unwrap_or("").to_string(),
                            snippet: snippet(reader, 80),
                            anchor: reader.top_anchor(),
                        });
                        model.notice = Some(format!("Bookmarked: {label}"));
                    }
                }
            }
        }
        _ => {
            if edit(&mut text, key) {
                model.mode = Mode::LabelInput { text, renaming };
            }
        }
    }
}

/// The text at the top of the screen, for a bookmark's snippet and default label.
pub fn snippet(reader: &Reader, max_chars: usize) -> String {
    let mut out = String::new();
    for line in (reader.top..reader.layout.len()).filter_map(|i| reader.layout.line(i)) {
        let text = line.content_text();
        let text = text.trim();
        if text.is_empty() || text.chars().all(|c| matches!(c, '─' | '━')) {
            if out.is_empty() {
                continue;
            }
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(text);
        if out.chars().count() >= max_chars {
            break;
        }
    }
    match out.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", out[..i].trim_end()),
        None => out,
    }
}

/// The label `m` then `Enter` gives: the section and the first words of the passage.
pub fn default_label(reader: &Reader) -> String {
    let words: Vec<String> = snippet(reader, 60).split_whitespace().take(6).map(str::to_string).collect();
    let words = words.join(" ");
    match reader.section() {
        Some(section) if !words.starts_with(section) => format!("{section}: {words}"),
        _ => words,
    }
}

fn bookmark_list_key(model: &mut Model, key: Key, selected: usize, effects: &mut Vec<Effect>) {
    let list = bookmark_list(model);
    let len = list.len();
    let current = list.get(selected).cloned();
    if key == Key::Esc {
        model.mode = Mode::Normal;
        return;
    }
    match lookup(Context::Bookmarks, key) {
        Some(Action::SelectNext) => {
            model.mode = Mode::BookmarkList((selected + 1).min(len.saturating_sub(1)))
        }
        Some(Action::SelectPrev) => model.mode = Mode::BookmarkList(selected.saturating_sub(1)),
        Some(Action::Open) => {
            model.mode = Mode::Normal;
            let Some(b) = current else { return };
            match model.reader.as_mut() {
                Some(reader) => match b.offset {
                    Some(offset) => reader.go_to_source(offset),
                    None => model.notice = Some("This bookmark's passage is no longer in the essay".into()),
                },
                None => effects.push(Effect::Open(format!("{}#{}", b.essay, b.id))),
            }
        }
        Some(Action::Delete) => {
            if let Some(b) = current {
                effects.push(Effect::DeleteBookmark(b.id));
                model.notice = Some("Bookmark deleted (u undoes)".into());
            }
        }
        Some(Action::Undo) => effects.push(Effect::UndoDelete),
        Some(Action::Rename) => {
            if let Some(b) = current {
                model.mode = Mode::LabelInput { text: b.label, renaming: Some(b.id) };
            }
        }
        Some(Action::Back) => model.mode = Mode::Normal,
        Some(Action::Help) => model.mode = Mode::Help(0),
        _ => {}
    }
}

fn move_selection(model: &mut Model, delta: isize) {
    let len = model.visible.len();
    if len > 0 {
        model.selected = model.selected.saturating_add_signed(delta).min(len - 1);
    }
}

fn scroll(model: &mut Model, delta: isize) {
    let height = body_height(model);
    if let Some(reader) = model.reader.as_mut() {
        let max_top = reader.layout.len().saturating_sub(height);
        let target = reader.top.saturating_add_signed(delta);
        let target = if delta > 0 { target.min(max_top.max(reader.top)) } else { target };
        reader.set_top(target);
    }
}

/// The heading level that counts as "top-level": the highest level, unless only a lone
/// title has it, in which case the next one down.
fn section_level(reader: &Reader) -> Option<u8> {
    let headings = &reader.doc.headings;
    let top = headings.iter().map(|h| h.level).min()?;
    let at_top = headings.iter().filter(|h| h.level == top).count();
    if at_top == 1 && headings.len() > 1 {
        headings.iter().map(|h| h.level).filter(|&l| l > top).min()
    } else {
        Some(top)
    }
}

fn jump_heading(model: &mut Model, forward: bool, top_level_only: bool) {
    let Some(reader) = model.reader.as_mut() else { return };
    let level = if top_level_only { section_level(reader) } else { None };
    let lines = reader.layout.heading_lines();
    let eligible =
        |i: &usize| level.is_none_or(|l| reader.doc.headings.get(*i).is_some_and(|h| h.level == l));
    let target = if forward {
        (0..lines.len()).filter(eligible).find(|&i| lines[i] > reader.top)
    } else {
        (0..lines.len()).rev().filter(eligible).find(|&i| lines[i] < reader.top)
    };
    match target {
        Some(i) => reader.set_top(lines[i]),
        None => {
            let what = if top_level_only { "section" } else { "heading" };
            model.notice = Some(if forward {
                format!("No {what} after this one")
            } else {
                format!("No {what} before this one")
            });
        }
    }
}

fn leave_reader(model: &mut Model, effects: &mut Vec<Effect>) {
    let height = body_height(model);
    if let Some(reader) = model.reader.as_ref() {
        effects.push(Effect::SavePosition {
            essay: reader.id.clone(),
            anchor: reader.top_anchor(),
            progress: reader.progress(height),
        });
    }
}

fn act(model: &mut Model, context: Context, action: Action, effects: &mut Vec<Effect>) {
    let height = body_height(model) as isize;
    match action {
        Action::Quit => {
            leave_reader(model, effects);
            model.quit = true;
        }
        Action::Back => {
            if model.reader.is_some() {
                leave_reader(model, effects);
                model.reader = None;
                model.focus = Focus::Text;
            } else {
                model.quit = true;
            }
        }
        Action::Help => model.mode = Mode::Help(0),
        Action::Bookmarks => model.mode = Mode::BookmarkList(0),
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
        Action::ToggleFocus => {
            model.focus = match model.focus {
                Focus::Text => {
                    if !model.show_outline {
                        model.show_outline = true;
                        relayout(model);
                    }
                    Focus::Outline
                }
                Focus::Outline => Focus::Text,
            };
        }
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
        Action::SearchNext | Action::SearchPrev => step_search(model, action == Action::SearchNext),
        Action::Bookmark => model.mode = Mode::LabelInput { text: String::new(), renaming: None },
        Action::FollowNote => follow_note(model),
        Action::NoteBack => {
            if let Some(reader) = model.reader.as_mut() {
                match reader.note_returns.pop() {
                    Some(anchor) => {
                        let line = reader.layout.line_of(anchor);
                        reader.set_top(line);
                    }
                    None => model.notice = Some("No footnote to come back from".into()),
                }
            }
        }
        Action::SelectNext | Action::SelectPrev | Action::SelectFirst | Action::SelectLast => {
            select(model, context, action)
        }
        Action::Open => open(model, context, effects),
        Action::CycleSort => {
            model.sort = model.sort.next();
            refresh_visible(model);
            model.notice = Some(format!("Sorted by {}", model.sort.label()));
        }
        Action::Delete | Action::Undo | Action::Rename => {}
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
                    _ => effects.push(Effect::Open(entry.id.clone())),
                }
            }
        }
    }
}

fn step_search(model: &mut Model, forward: bool) {
    let height = body_height(model);
    let Some(reader) = model.reader.as_mut() else { return };
    let Some(search) = reader.search.as_mut().filter(|s| !s.query.is_empty()) else {
        model.notice = Some("No search yet: press / to search".into());
        return;
    };
    match search.step(forward) {
        Some((i, wrapped)) => {
            search.current = Some(i);
            let line = search.match_line(i).unwrap_or(0);
            let total = search.matches.len();
            reader.set_top(line.saturating_sub(height / 3));
            if wrapped {
                let end = if forward { "end" } else { "start" };
                model.notice = Some(format!("Search wrapped past the {end} ({}/{total})", i + 1));
            }
        }
        None => model.notice = Some(format!("Not found: {}", search.query)),
    }
}

fn follow_note(model: &mut Model) {
    let height = body_height(model);
    let Some(reader) = model.reader.as_mut() else { return };
    let refs = reader.layout.note_refs();
    let first = refs.partition_point(|&(line, _)| line < reader.top);
    let target = refs.get(first).filter(|&&(line, _)| line < reader.top + height).copied();
    match target.and_then(|(_, n)| reader.layout.note_line(n)) {
        Some(note_line) => {
            reader.note_returns.push(reader.anchor);
            reader.set_top(note_line);
            model.notice = Some("Footnote (Backspace goes back)".into());
        }
        None => model.notice = Some("No footnote reference on screen".into()),
    }
}
