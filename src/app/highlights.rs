//! Selecting passages and what is done with them: `v` starts a selection at the top line,
//! `j`/`k`/`Space`/`b`/`}`/`{` move its far end (scrolling as needed), `h` highlights it,
//! `a` highlights it with a note, `y` copies it as a quote with its source. `H` lists the
//! highlights (this essay's in the reader, all of them in the library).
//!
//! A selection is two layout places (so a resize keeps it on the same text); what it
//! covers is a range of the source snapped to whole words (see [`crate::core::selection`]).

use std::ops::Range;

use super::keymap::{Action, Context};
use super::{Effect, HighlightEntry, ListSelection, Mode, Model, Reader};
use crate::core::citation::{self, EssayMeta};
use crate::core::layout::Anchor;
use crate::core::position::{Resolver, TextAnchor};
use crate::core::selection;

/// A selection being made: where it began and its moving end, as lines of the layout it
/// was made in and as places that find those lines again in a layout of another width
/// (a heading and its rule share one place, so lines are kept too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// The line it began on (the top line when `v` was pressed).
    pub start: Anchor,
    /// The line its moving end is on.
    pub cursor: Anchor,
    /// Both lines, in the layout of width `width`.
    pub lines: (usize, usize),
    /// The width of the layout `lines` are lines of.
    pub width: usize,
}

impl Selection {
    /// A selection of line `line` of `reader`'s layout.
    fn at(reader: &Reader, line: usize) -> Selection {
        let at = reader.layout.line(line).map(|l| l.anchor()).unwrap_or_default();
        Selection { start: at, cursor: at, lines: (line, line), width: reader.layout.width() }
    }

    /// Its first and last lines in `reader`'s layout as it is now.
    pub fn lines_in(&self, reader: &Reader) -> (usize, usize) {
        match reader.layout.width() == self.width {
            true => self.lines,
            false => (reader.layout.line_of(self.start), reader.layout.line_of(self.cursor)),
        }
    }
}

/// A passage marked with `a`, waiting for its note.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// The essay's id.
    pub essay: String,
    /// The section the passage starts in.
    pub section: String,
    /// The passage's source text.
    pub text: String,
    /// Where it starts.
    pub start: TextAnchor,
    /// Where it ends.
    pub end: TextAnchor,
}

/// What a note being typed is for.
#[derive(Debug, Clone, PartialEq)]
pub enum NoteTarget {
    /// A new highlight (saved, without a note, even if the note is cancelled).
    New(Box<Pending>),
    /// The note of the highlight with this id (back to the list afterwards).
    Edit(String),
}

/// The longest note a prompt takes, in characters; `Ctrl-e` hands longer ones to an editor.
pub const MAX_NOTE_CHARS: usize = 4000;

impl Reader {
    /// The source range the selection covers (whole words), if it covers any.
    pub fn selection_range(&self, s: &Selection) -> Option<Range<usize>> {
        let lines = s.lines_in(self);
        selection::lines_range(&self.doc, &self.layout, &self.source, lines)
    }

    /// Finds this essay's highlights in its current text, in reading order; those whose
    /// passage is gone come last.
    pub fn place_highlights(&mut self, all: &[HighlightEntry]) {
        let mut mine: Vec<HighlightEntry> = all.iter().filter(|h| h.essay == self.id).cloned().collect();
        if mine.is_empty() {
            // Nothing to place: the text is not hashed (a long essay's first frame waits
            // for nothing it does not need).
            self.highlights = mine;
            return;
        }
        let resolver = Resolver::hashed(&self.source, self.source.hash());
        for h in &mut mine {
            let hl = &h.highlight;
            h.range = selection::resolve(&resolver, &self.source, &hl.start, &hl.end, &hl.text);
        }
        mine.sort_by_key(|h| h.range.as_ref().map_or(usize::MAX, |r| r.start));
        self.highlights = mine;
    }

    /// What a citation of this essay names: its title and front matter.
    pub fn meta(&self) -> EssayMeta {
        EssayMeta::new(&self.title, self.doc.front.as_ref())
    }
}

/// `v`: a selection of the top line.
pub(super) fn start(model: &mut Model) {
    if let Some(reader) = model.reader.as_ref() {
        model.mode = Mode::Selecting(Selection::at(reader, reader.top));
    }
}

/// Moves the selection's far end by `delta` lines (or to a section's edge with
/// `section`), scrolling so it stays on screen.
pub(super) fn extend(model: &mut Model, delta: isize, section: bool, height: usize) {
    let Mode::Selecting(s) = model.mode else { return };
    let Some(reader) = model.reader.as_mut() else { return };
    let last = reader.layout.len().saturating_sub(1);
    let (start, cursor) = s.lines_in(reader);
    let line = match section {
        false => cursor.saturating_add_signed(delta).min(last),
        true => section_edge(reader, cursor, delta > 0).unwrap_or(cursor),
    };
    let s = Selection {
        cursor: reader.layout.line(line).map(|l| l.anchor()).unwrap_or(s.cursor),
        lines: (start, line),
        width: reader.layout.width(),
        ..s
    };
    if line < reader.top {
        reader.set_top(line);
    } else if line >= reader.top + height {
        reader.set_top(line + 1 - height);
    }
    model.mode = Mode::Selecting(s);
}

/// With `}`, the last line of the section after the cursor's line; with `{`, the first
/// line of the section before it (top-level sections, as `}`/`{` move while reading).
fn section_edge(reader: &Reader, cursor: usize, forward: bool) -> Option<usize> {
    let level = super::update::section_level(reader);
    let starts: Vec<usize> = reader
        .layout
        .heading_lines()
        .iter()
        .enumerate()
        .filter(|(i, _)| level.is_none_or(|l| reader.doc.headings.get(*i).is_some_and(|h| h.level == l)))
        .map(|(_, &line)| line)
        .collect();
    match forward {
        true => {
            let next = starts.iter().copied().find(|&l| l > cursor + 1);
            Some(next.map_or(reader.layout.len().saturating_sub(1), |l| l - 1))
        }
        false => starts.iter().copied().rev().find(|&l| l < cursor),
    }
}

/// The selection as a passage to keep: its text, section and anchors.
fn pending(model: &Model) -> Option<Pending> {
    let (Mode::Selecting(s), Some(reader)) = (&model.mode, model.reader.as_ref()) else { return None };
    let range = reader.selection_range(s)?;
    let (block, _) = reader.doc.place_of_source(range.start);
    let path: Vec<String> = reader.doc.heading_path(block).into_iter().map(|h| h.title.clone()).collect();
    let section = path.last().cloned().unwrap_or_default();
    let (start, end) = selection::capture(&reader.source, &range, path);
    let text = reader.source[range].to_string();
    Some(Pending { essay: reader.id.clone(), section, text, start, end })
}

/// `h` (`with_note` false) or `a`: keeps the selection as a highlight, `a` asking for a note.
pub(super) fn highlight(model: &mut Model, with_note: bool, effects: &mut Vec<Effect>) {
    let Some(p) = pending(model) else {
        model.mode = Mode::Normal;
        model.notice = Some("Nothing selected: no words on these lines".into());
        return;
    };
    if with_note {
        model.mode = Mode::NoteInput { text: String::new(), target: NoteTarget::New(Box::new(p)) };
        return;
    }
    model.mode = Mode::Normal;
    effects.push(add(p, String::new()));
    let key = model.keys.key_for(Context::Reader, Action::Highlights);
    model.notice = Some(format!("Highlighted ({key} lists highlights)"));
}

fn add(p: Pending, note: String) -> Effect {
    Effect::AddHighlight {
        essay: p.essay,
        section: p.section,
        text: p.text,
        note,
        start: p.start,
        end: p.end,
    }
}

/// `y`: the selection as a Markdown quote with its citation, to the clipboard.
pub(super) fn copy(model: &mut Model, effects: &mut Vec<Effect>) {
    let p = pending(model);
    model.mode = Mode::Normal;
    let (Some(p), Some(reader)) = (p, model.reader.as_ref()) else {
        model.notice = Some("Nothing selected: no words on these lines".into());
        return;
    };
    effects.push(Effect::Copy(citation::cite(&p.text, &reader.meta(), &p.section)));
}

/// Enter in the note prompt: saves the highlight with its note, or the edited note.
pub(super) fn accept_note(model: &mut Model, effects: &mut Vec<Effect>) {
    let Mode::NoteInput { text, target } = std::mem::take(&mut model.mode) else { return };
    let note = text.trim().to_string();
    match target {
        NoteTarget::New(p) => {
            effects.push(add(*p, note));
            model.notice = Some("Highlighted with a note".into());
        }
        NoteTarget::Edit(id) => {
            effects.push(Effect::SetHighlightNote(id.clone(), note));
            model.mode = Mode::HighlightList(ListSelection::of(id));
        }
    }
}

/// Esc in the note prompt: a new highlight is kept without a note; an edit is dropped.
pub(super) fn cancel_note(model: &mut Model, effects: &mut Vec<Effect>) {
    let Mode::NoteInput { target, .. } = std::mem::take(&mut model.mode) else { return };
    match target {
        NoteTarget::New(p) => {
            effects.push(add(*p, String::new()));
            model.notice = Some("Highlighted, without a note".into());
        }
        NoteTarget::Edit(id) => model.mode = Mode::HighlightList(ListSelection::of(id)),
    }
}

/// `Ctrl-e` in the note prompt: the note goes to `$VISUAL`/`$EDITOR`.
pub(super) fn edit_in_editor(model: &Model, effects: &mut Vec<Effect>) {
    if let Mode::NoteInput { text, .. } = &model.mode {
        effects.push(Effect::EditNote(text.clone()));
    }
}

/// The note came back from the editor: it is what the prompt holds now.
pub(super) fn note_edited(model: &mut Model, note: String) {
    if let Mode::NoteInput { text, .. } = &mut model.mode {
        *text = note.trim_end().chars().take(MAX_NOTE_CHARS).collect();
    }
}

/// The highlights `H` lists: this essay's in the reader, all in the library.
pub fn highlight_list(model: &Model) -> &[HighlightEntry] {
    match &model.reader {
        Some(reader) => &reader.highlights,
        None => &model.all_highlights,
    }
}

/// The row `selection` shows as selected.
pub fn highlight_row(model: &Model, selection: &ListSelection) -> usize {
    selection.row_in(highlight_list(model).iter().map(|h| h.id.as_str()))
}

fn current(model: &Model) -> (usize, Option<HighlightEntry>) {
    let row = match &model.mode {
        Mode::HighlightList(s) => highlight_row(model, s),
        _ => 0,
    };
    (row, highlight_list(model).get(row).cloned())
}

fn select_row(model: &Model, row: usize) -> ListSelection {
    let list = highlight_list(model);
    let row = row.min(list.len().saturating_sub(1));
    ListSelection { id: list.get(row).map(|h| h.id.clone()), row }
}

/// The selection again after the list changed.
pub(super) fn reselect(model: &mut Model) {
    if let Mode::HighlightList(s) = &model.mode {
        let row = highlight_row(model, s);
        model.mode = Mode::HighlightList(select_row(model, row));
    }
}

/// `H`: the list, on its first row.
pub(super) fn list(model: &mut Model) {
    model.mode = Mode::HighlightList(ListSelection::default());
    reselect(model);
}

/// Moves the list's selection by `delta` rows.
pub(super) fn select(model: &mut Model, delta: isize) {
    let (row, _) = current(model);
    model.mode = Mode::HighlightList(select_row(model, row.saturating_add_signed(delta)));
}

/// Enter: to the passage (in the library: its essay opened there).
pub(super) fn open(model: &mut Model, effects: &mut Vec<Effect>) {
    let (_, h) = current(model);
    model.mode = Mode::Normal;
    let Some(h) = h else { return };
    match model.reader.as_mut() {
        Some(reader) => match &h.range {
            Some(r) => reader.go_to_source(r.start),
            None => model.notice = Some("This highlight's passage is no longer in the essay".into()),
        },
        None if h.detached => {
            model.notice = Some("This highlight's essay is not in the library (its text is kept)".into())
        }
        None => effects.push(Effect::OpenAt {
            essay: h.highlight.essay.clone(),
            at: super::jumps::Landing::Passage(h.highlight.start.clone()),
        }),
    }
}

/// `d`: deletes the selected highlight (`u` brings it back).
pub(super) fn delete(model: &mut Model, effects: &mut Vec<Effect>) {
    let (row, Some(h)) = current(model) else { return };
    let list = highlight_list(model);
    let next = list.get(row + 1).or_else(|| list.get(row.wrapping_sub(1)));
    model.mode = Mode::HighlightList(ListSelection { id: next.map(|n| n.id.clone()), row });
    model.deleted_highlights.push(h.id.clone());
    effects.push(Effect::DeleteHighlight(h.id.clone()));
    let key = model.keys.key_for(Context::Highlights, Action::Undo);
    model.notice = Some(format!("Highlight deleted ({key} undoes)"));
}

/// `u`: the last deleted highlight back, selected.
pub(super) fn undo(model: &mut Model, effects: &mut Vec<Effect>) {
    let (row, _) = current(model);
    if let Some(id) = model.deleted_highlights.pop() {
        model.mode = Mode::HighlightList(ListSelection { id: Some(id), row });
    }
    effects.push(Effect::UndoDeleteHighlight);
}

/// `e`: the selected highlight's note in the note prompt.
pub(super) fn edit_note(model: &mut Model) {
    if let (_, Some(h)) = current(model) {
        model.mode = Mode::NoteInput { text: h.note.clone(), target: NoteTarget::Edit(h.id.clone()) };
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::reading;

    #[test]
    fn an_essay_without_highlights_is_not_hashed_when_opened() {
        // Hashing a 10 MiB text takes ~13 ms: opening an essay with nothing to place in it
        // must not pay that before its first frame.
        let model = reading("# Essay\n\nSome words to read.\n", "Essay", (80, 24));
        let reader = model.reader.as_ref().expect("open");
        assert_eq!(reader.source.known_hash(), None);
    }
}
