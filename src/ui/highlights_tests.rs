//! Selections, highlights and notes as drawn: snapshots of whole screens where a reversed
//! cell is shown between `[` `]` and an underlined one between `_` `_`, so the snapshot
//! holds what a user without colour sees.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

use super::{Theme, render};
use crate::app::keymap::Key;
use crate::app::{Effect, HighlightEntry, Mode, Model, Msg, update};
use crate::core::highlight::Highlight;

const ESSAY: &str = "---\ntitle: Voice and exit\nauthor: A. Member\ndate: 2019\n\
source: \"https://example.org/voice\"\n---\n\n# Voice and exit\n\n## Section one\n\n\
Well, that unfortunately is part of right-wing cultural logic. There are two options in life \
when dealing with things that need to be corrected: voice and exit. Most people choose exit.\n\n\
## Section two\n\n\
An organisation that cannot hear criticism from its own members will hear it from the press \
instead, and the press is rarely kind. Secrecy protects the leadership, not the membership.\n";

fn reading(w: u16, h: u16) -> Model {
    let mut model = crate::app::testing::reading(ESSAY, "Voice and exit", (w, h));
    model.show_outline = false;
    update(&mut model, Msg::Resize(w, h));
    model
}

/// Puts the line showing `text` at the top.
fn to_line(model: &mut Model, text: &str) {
    let reader = model.reader.as_mut().expect("reading");
    let line = (0..reader.layout.len())
        .find(|&l| reader.layout.line(l).is_some_and(|x| x.text().contains(text)))
        .expect("a line with the text");
    reader.set_top(line);
}

/// Presses keys; returns the effects of the last.
fn press(model: &mut Model, keys: &[Key]) -> Vec<Effect> {
    keys.iter().map(|&k| update(model, Msg::Key(k))).last().unwrap_or_default()
}

/// What the shell does with a new highlight: saves it and sends all of them back.
fn saved(model: &mut Model, effects: Vec<Effect>) {
    let mut all = model.all_highlights.clone();
    for effect in effects {
        if let Effect::AddHighlight { essay, section, text, note, start, end } = effect {
            let highlight = Highlight {
                id: format!("h{}", all.len()),
                essay,
                section,
                text,
                note,
                created: "2026-11-27T14:00:00Z".into(),
                edited: String::new(),
                start,
                end,
            };
            all.push(HighlightEntry {
                highlight,
                title: "Voice and exit".into(),
                range: None,
                detached: false,
            });
        }
    }
    update(model, Msg::Highlights(all));
}

/// The screen with `[reversed]` and `_underlined_` stretches marked.
fn screen(model: &Model) -> String {
    let (w, h) = model.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|frame| render(model, Theme::MONO, frame)).expect("draw");
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut state = (false, false);
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buf[(x, y)];
            let m = cell.modifier;
            let now = (m.contains(Modifier::REVERSED), m.contains(Modifier::UNDERLINED));
            if now.0 != state.0 {
                line.push(if now.0 { '[' } else { ']' });
            }
            if now.1 != state.1 {
                line.push('_');
            }
            state = now;
            skip = cell.symbol().width().saturating_sub(1);
            line.push_str(cell.symbol());
        }
        if state.0 {
            line.push(']');
        }
        if state.1 {
            line.push('_');
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn a_selection_is_drawn_reversed_and_grows_with_j() {
    let mut model = reading(60, 14);
    to_line(&mut model, "Well, that");
    press(&mut model, &[Key::Char('v'), Key::Char('j'), Key::Char('j')]);
    insta::assert_snapshot!("selection", screen(&model));
    press(&mut model, &[Key::Char('k')]);
    assert!(screen(&model).contains("Selecting 2 lines"));
    press(&mut model, &[Key::Esc]);
    assert_eq!(model.mode, Mode::Normal);
    assert!(!screen(&model).contains('['), "Esc cancels: nothing reversed");
}

#[test]
fn highlights_are_underlined_and_a_note_is_marked_in_the_margin() {
    let mut model = reading(70, 20);
    model.column = 60;
    update(&mut model, Msg::Resize(70, 20));
    to_line(&mut model, "Well, that");
    let effects = press(&mut model, &[Key::Char('v'), Key::Char('j'), Key::Char('h')]);
    assert!(matches!(&effects[..], [Effect::AddHighlight { note, .. }] if note.is_empty()), "{effects:?}");
    saved(&mut model, effects);
    to_line(&mut model, "An organisation");
    press(&mut model, &[Key::Char('v'), Key::Char('j'), Key::Char('a')]);
    assert!(matches!(model.mode, Mode::NoteInput { .. }));
    for c in "exit is easier than voice".chars() {
        press(&mut model, &[Key::Char(c)]);
    }
    let effects = press(&mut model, &[Key::Enter]);
    saved(&mut model, effects);
    press(&mut model, &[Key::Char('g')]);
    insta::assert_snapshot!("highlights_and_note_mark", screen(&model));
    let placed: Vec<_> =
        model.reader.as_ref().expect("reader").highlights.iter().map(|h| h.range.is_some()).collect();
    assert_eq!(placed, [true, true]);
}

#[test]
fn the_note_prompt_grows_with_the_note() {
    let mut model = reading(40, 14);
    to_line(&mut model, "Well, that");
    press(&mut model, &[Key::Char('v'), Key::Char('j'), Key::Char('j'), Key::Char('j'), Key::Char('a')]);
    let note = "A long objection: the choice is not between voice and exit alone, loyalty matters too.";
    update(&mut model, Msg::Paste(note.into()));
    insta::assert_snapshot!("note_prompt", screen(&model));
    update(&mut model, Msg::NoteEdited("written in an editor\n".into()));
    let Mode::NoteInput { text, .. } = &model.mode else { panic!("still typing the note") };
    assert_eq!(text, "written in an editor");
    assert_eq!(press(&mut model, &[Key::Ctrl('e')]), [Effect::EditNote("written in an editor".into())]);
}

#[test]
fn the_list_shows_section_passage_note_and_date_and_edits_notes() {
    let mut model = reading(70, 16);
    to_line(&mut model, "Well, that");
    let effects = press(&mut model, &[Key::Char('v'), Key::Char('j'), Key::Char('a')]);
    assert!(effects.is_empty());
    update(&mut model, Msg::Paste("a note".into()));
    let effects = press(&mut model, &[Key::Enter]);
    saved(&mut model, effects);
    press(&mut model, &[Key::Char('H')]);
    insta::assert_snapshot!("highlight_list", screen(&model));
    press(&mut model, &[Key::Char('e')]);
    update(&mut model, Msg::Paste(", edited".into()));
    let effects = press(&mut model, &[Key::Enter]);
    assert_eq!(effects, [Effect::SetHighlightNote("h0".into(), "a note, edited".into())]);
    assert!(matches!(model.mode, Mode::HighlightList(_)), "back in the list");
    assert_eq!(press(&mut model, &[Key::Char('d')]), [Effect::DeleteHighlight("h0".into())]);
    assert_eq!(press(&mut model, &[Key::Char('u')]), [Effect::UndoDeleteHighlight]);
}

#[test]
fn y_copies_the_source_text_as_a_quote_with_its_citation() {
    let mut model = reading(30, 14);
    to_line(&mut model, "Well, that");
    let effects = press(&mut model, &[Key::Char('v'), Key::Char('j'), Key::Char('y')]);
    let [Effect::Copy(text)] = &effects[..] else { panic!("{effects:?}") };
    // Source text, not the 30-column screen lines.
    assert!(text.starts_with("> Well, that unfortunately is part of right-wing"), "{text}");
    assert!(!text.contains("\n> is"), "{text}");
    assert!(
        text.ends_with(
            "\n\n— A. Member, *Voice and exit* (2019), “Section one”. <https://example.org/voice>\n"
        ),
        "{text}"
    );
}

#[test]
fn enter_in_the_list_jumps_to_the_passage_and_backspace_returns() {
    let mut model = reading(70, 10);
    to_line(&mut model, "An organisation");
    let effects = press(&mut model, &[Key::Char('v'), Key::Char('j'), Key::Char('h')]);
    saved(&mut model, effects);
    press(&mut model, &[Key::Char('g'), Key::Char('H'), Key::Enter]);
    assert!(screen(&model).starts_with(" _An organisation"), "{}", screen(&model));
    press(&mut model, &[Key::Backspace]);
    assert!(screen(&model).starts_with(" Voice and exit"), "{}", screen(&model));
}

#[test]
fn in_the_library_h_lists_every_highlight_and_enter_opens_its_essay_at_the_passage() {
    let mut model = reading(70, 16);
    to_line(&mut model, "An organisation");
    let effects = press(&mut model, &[Key::Char('v'), Key::Char('h')]);
    saved(&mut model, effects);
    press(&mut model, &[Key::Char('q'), Key::Char('H')]);
    assert!(model.reader.is_none());
    let shown = screen(&model);
    assert!(shown.contains("All highlights") && shown.contains("Voice and exit · Section two"), "{shown}");
    let effects = press(&mut model, &[Key::Enter]);
    let [Effect::OpenAt { essay, at: crate::app::jumps::Landing::Passage(anchor) }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(essay, "essay");
    assert!(anchor.quote.starts_with("An organisation"), "{anchor:?}");
}

#[test]
fn a_selection_ends_when_the_text_under_it_changes() {
    let mut model = reading(70, 16);
    press(&mut model, &[Key::Char('v'), Key::Char('j')]);
    let changed = ESSAY.replace("Well, that", "Well then, that");
    let opened = crate::app::OpenedEssay {
        reload: true,
        ..crate::app::OpenedEssay::new("essay", "Voice and exit", changed)
    };
    update(&mut model, Msg::Opened(Box::new(opened)));
    assert_eq!(model.mode, Mode::Normal);
}

#[test]
fn overlapping_highlights_are_both_kept_and_drawn_as_one_stretch() {
    let mut model = reading(70, 16);
    to_line(&mut model, "Well, that");
    let first = press(&mut model, &[Key::Char('v'), Key::Char('h')]);
    saved(&mut model, first);
    let second = press(&mut model, &[Key::Char('v'), Key::Char('j'), Key::Char('h')]);
    saved(&mut model, second);
    let reader = model.reader.as_ref().expect("reading");
    let ranges: Vec<_> = reader.highlights.iter().map(|h| h.range.clone().expect("placed")).collect();
    assert_eq!(ranges.len(), 2);
    assert!(ranges[0].start == ranges[1].start && ranges[0].end != ranges[1].end, "{ranges:?}");
    let shown = screen(&model);
    let underlined: Vec<&str> = shown.lines().filter(|l| l.contains('_')).collect();
    assert_eq!(underlined.len(), 2, "{shown}");
    assert!(underlined.iter().all(|l| l.trim_start().starts_with('_') && l.ends_with('_')), "{shown}");
}

#[test]
fn the_list_shows_a_passage_with_a_hard_line_break_as_words_without_its_backslash() {
    let mut model = reading(70, 16);
    let at = crate::core::position::capture(ESSAY, 0, vec![]);
    let highlight = Highlight {
        id: "h0".into(),
        essay: model.reader.as_ref().expect("reading").id.clone(),
        section: "Section one".into(),
        text: "heading.\\\ncontinued here".into(),
        note: String::new(),
        created: "2026-11-27T14:00:00Z".into(),
        edited: String::new(),
        start: at.clone(),
        end: at,
    };
    let entry = HighlightEntry { highlight, title: "Voice and exit".into(), range: None, detached: false };
    update(&mut model, Msg::Highlights(vec![entry]));
    press(&mut model, &[Key::Char('H')]);
    let shown = screen(&model);
    assert!(shown.contains("“heading. continued here”"), "{shown}");
}
