//! `update` driven by messages as the shell sends them, checked on the model.

use super::*;
use crate::app::keymap::Key;
use crate::app::testing::entry;
use crate::app::{BookmarkEntry, OpenedEssay};

const ESSAY: &str = "# Title\n\nFirst paragraph about the strike.\n\n## Second\n\n\
The picket line held for nine days.\n\n## Third\n\nThe settlement came on a Sunday.\n";

/// A model with `source` open at 80×24.
fn reading(source: &str) -> Model {
    crate::app::testing::reading(source, "Title", (80, 24))
}

fn keys(model: &mut Model, keys: &str) {
    for c in keys.chars() {
        update(model, Msg::Key(Key::Char(c)));
    }
}

fn key(model: &mut Model, key: Key) -> Vec<Effect> {
    update(model, Msg::Key(key))
}

fn query(model: &Model) -> String {
    model.reader.as_ref().and_then(|r| r.search.as_ref()).map(|s| s.query.clone()).unwrap_or_default()
}

#[test]
fn a_paste_goes_into_the_search_in_one_step_with_newlines_as_spaces() {
    let mut model = reading(ESSAY);
    keys(&mut model, "/");
    update(&mut model, Msg::Paste("picket\r\nline".into()));
    assert_eq!(query(&model), "picket line");
    let search = model.reader.as_ref().and_then(|r| r.search.as_ref()).unwrap();
    assert_eq!(search.matches.len(), 1);
    assert_eq!(search.current, Some(0));
}

#[test]
fn a_huge_paste_is_cut_to_the_prompt_limit_and_says_so() {
    let mut model = reading(ESSAY);
    keys(&mut model, "/");
    update(&mut model, Msg::Paste("x".repeat(100_000)));
    assert_eq!(query(&model).chars().count(), MAX_PROMPT_CHARS);
    assert!(model.notice.as_deref().is_some_and(|n| n.contains("cut")), "{:?}", model.notice);
    // Typing more says the prompt is full; Backspace still works.
    keys(&mut model, "y");
    assert_eq!(query(&model).chars().count(), MAX_PROMPT_CHARS);
    assert!(model.notice.as_deref().is_some_and(|n| n.contains("At most")), "{:?}", model.notice);
    key(&mut model, Key::Backspace);
    assert_eq!(query(&model).chars().count(), MAX_PROMPT_CHARS - 1);
    // Esc and q still answer at once.
    key(&mut model, Key::Esc);
    assert_eq!(model.mode, Mode::Normal);
}

#[test]
fn a_paste_goes_into_the_label_and_the_filter() {
    let mut model = reading(ESSAY);
    keys(&mut model, "m");
    update(&mut model, Msg::Paste("my\nlabel".into()));
    assert_eq!(model.mode, Mode::LabelInput { text: "my label".into(), renaming: None });
    let effects = key(&mut model, Key::Enter);
    assert!(
        matches!(&effects[..], [Effect::AddBookmark { label, .. }] if label == "my label"),
        "{effects:?}"
    );

    let mut library = Model::new(vec![entry("a", "Apples"), entry("b", "Bananas")], (80, 24));
    keys(&mut library, "/");
    update(&mut library, Msg::Paste("banan".into()));
    assert_eq!(library.filter, "banan");
    assert_eq!(library.visible, vec![1]);
}

#[test]
fn a_paste_outside_a_prompt_is_ignored() {
    let mut model = reading(ESSAY);
    let top = model.reader.as_ref().map(|r| r.top);
    let effects = update(&mut model, Msg::Paste("jjjjq".into()));
    assert!(effects.is_empty());
    assert_eq!(model.mode, Mode::Normal);
    assert!(!model.quit);
    assert_eq!(model.reader.as_ref().map(|r| r.top), top);
}

fn bookmark(id: &str, offset: usize) -> BookmarkEntry {
    BookmarkEntry {
        bookmark: crate::core::bookmark::Bookmark {
            id: id.into(),
            essay: "essay".into(),
            label: format!("label {id}"),
            section: String::new(),
            snippet: String::new(),
            created: String::new(),
            anchor: crate::core::position::capture("", 0, Vec::new()),
        },
        title: "Title".into(),
        offset: Some(offset),
        detached: false,
    }
}

/// The reading model with two bookmarks, as the shell sends them.
fn with_bookmarks() -> Model {
    let mut model = reading(ESSAY);
    update(&mut model, Msg::Bookmarks(vec![bookmark("a", 10), bookmark("b", 50)]));
    model
}

fn selected(model: &Model) -> Option<String> {
    match &model.mode {
        Mode::BookmarkList(selection) => {
            bookmark_list(model).get(bookmark_row(model, selection)).map(|b| b.id.clone())
        }
        _ => None,
    }
}

#[test]
fn delete_undo_and_rename_act_on_the_selected_bookmark() {
    let mut model = with_bookmarks();
    keys(&mut model, "'j");
    assert_eq!(selected(&model).as_deref(), Some("b"));

    // Rename keeps the renamed bookmark selected, so the next d deletes it.
    keys(&mut model, "r");
    assert_eq!(model.mode, Mode::LabelInput { text: "label b".into(), renaming: Some("b".into()) });
    key(&mut model, Key::Backspace);
    keys(&mut model, "B");
    let effects = key(&mut model, Key::Enter);
    assert_eq!(effects, [Effect::RenameBookmark("b".into(), "label B".into())]);
    assert_eq!(selected(&model).as_deref(), Some("b"));
    let effects = update(&mut model, Msg::Bookmarks(vec![bookmark("a", 10), bookmark("b", 50)]));
    assert!(effects.is_empty());
    assert_eq!(selected(&model).as_deref(), Some("b"));

    let effects = key(&mut model, Key::Char('d'));
    assert_eq!(effects, [Effect::DeleteBookmark("b".into())]);
    update(&mut model, Msg::Bookmarks(vec![bookmark("a", 10)]));
    assert_eq!(selected(&model).as_deref(), Some("a"));

    // Undo selects the bookmark it brings back.
    let effects = key(&mut model, Key::Char('u'));
    assert_eq!(effects, [Effect::UndoDelete]);
    update(&mut model, Msg::Bookmarks(vec![bookmark("a", 10), bookmark("b", 50)]));
    assert_eq!(selected(&model).as_deref(), Some("b"));

    // Esc in a rename goes back to the list, same row.
    keys(&mut model, "r");
    key(&mut model, Key::Esc);
    assert_eq!(selected(&model).as_deref(), Some("b"));
    key(&mut model, Key::Esc);
    assert_eq!(model.mode, Mode::Normal);
}

#[test]
fn a_list_that_re_sorts_keeps_the_selected_bookmark() {
    let mut model = with_bookmarks();
    keys(&mut model, "'j");
    // The passages moved in the text: "b" is now first, and the selection follows it.
    let picket = ESSAY.find("The picket").unwrap();
    let settlement = ESSAY.find("The settlement").unwrap();
    update(&mut model, Msg::Bookmarks(vec![bookmark("a", settlement), bookmark("b", picket)]));
    assert_eq!(bookmark_list(&model)[0].id, "b");
    assert_eq!(selected(&model).as_deref(), Some("b"));
    key(&mut model, Key::Enter);
    assert_eq!(model.mode, Mode::Normal);
    let reader = model.reader.as_ref().unwrap();
    assert!(snippet(reader, 20).starts_with("The picket"), "{}", snippet(reader, 20));
}

fn top(model: &Model) -> usize {
    model.reader.as_ref().map_or(0, |r| r.top)
}

/// An essay long enough to scroll through.
fn long_essay() -> String {
    let mut text = String::from("# Long\n\n");
    for i in 0..40 {
        text.push_str(&format!(
            "## Part {i}\n\nParagraph {i} of the long essay, with a few words in it.\n\n"
        ));
    }
    text
}

#[test]
fn half_page_keys_move_half_the_screen() {
    let mut model = reading(&long_essay());
    let half = usize::from(model.geometry().body_height) / 2;
    keys(&mut model, "d");
    assert_eq!(top(&model), half);
    keys(&mut model, "d");
    assert_eq!(top(&model), 2 * half);
    keys(&mut model, "u");
    assert_eq!(top(&model), half);
}

#[test]
fn o_hides_and_shows_the_outline_and_the_text_keeps_its_place() {
    let mut model = reading(&long_essay());
    keys(&mut model, "}}");
    let section = model.reader.as_ref().and_then(|r| r.section().map(str::to_string));
    assert!(model.geometry().outline.is_some());
    keys(&mut model, "o");
    assert!(model.geometry().outline.is_none());
    assert_eq!(model.reader.as_ref().and_then(|r| r.section().map(str::to_string)), section);
    keys(&mut model, "o");
    assert!(model.geometry().outline.is_some());
}

#[test]
fn plus_and_minus_change_the_column_and_say_so() {
    let mut model = reading(ESSAY);
    model.column = 40;
    update(&mut model, Msg::Resize(80, 24));
    keys(&mut model, "+");
    assert_eq!(model.geometry().column, 44);
    assert_eq!(model.notice.as_deref(), Some("Text column 44"));
    keys(&mut model, "--");
    assert_eq!(model.geometry().column, 36);
    // No wider than the window allows, and it says why.
    for _ in 0..40 {
        keys(&mut model, "+");
    }
    let widest = model.geometry().column;
    assert!(widest < 80, "{widest}");
    assert!(model.notice.as_deref().is_some_and(|n| n.contains("as wide as the window allows")));
}

#[test]
fn help_scrolls_and_closes_with_its_own_keys() {
    let mut model = reading(ESSAY);
    keys(&mut model, "?jjk");
    assert_eq!(model.mode, Mode::Help(1));
    key(&mut model, Key::Down);
    assert_eq!(model.mode, Mode::Help(2));
    // q closes the help; it does not leave the essay.
    keys(&mut model, "q");
    assert_eq!(model.mode, Mode::Normal);
    assert!(model.reader.is_some());
    keys(&mut model, "?");
    key(&mut model, Key::Esc);
    assert_eq!(model.mode, Mode::Normal);
    // Scrolling stops at the end, so one k always moves back up.
    keys(&mut model, "?");
    for _ in 0..500 {
        keys(&mut model, "j");
    }
    let Mode::Help(end) = model.mode else { panic!("{:?}", model.mode) };
    assert!(end > 0 && end < model.keys.help_lines().len(), "{end}");
    keys(&mut model, "k");
    assert_eq!(model.mode, Mode::Help(end - 1));
}

#[test]
fn keys_in_a_prompt_are_typed_and_ctrl_c_still_quits() {
    let mut model = reading(ESSAY);
    keys(&mut model, "/q?j");
    assert_eq!(query(&model), "q?j");
    assert!(model.reader.is_some() && !model.quit);
    let effects = key(&mut model, Key::Ctrl('c'));
    assert!(model.quit);
    assert!(matches!(&effects[..], [Effect::SavePosition { .. }]), "{effects:?}");
}

/// Sends the same essay again as the shell does after a change on disk.
fn reload(model: &mut Model, source: &str) {
    let reader = model.reader.as_ref().unwrap();
    let anchor = crate::core::position::capture(&reader.source, reader.top_offset(), Vec::new());
    let resume = crate::core::position::resolve(source, &anchor).offset();
    let opened = OpenedEssay { resume, reload: true, ..OpenedEssay::new("essay", "Title", source) };
    update(model, Msg::Opened(Box::new(opened)));
}

const NOTED: &str = "# Title\n\nFirst paragraph.\n\n## Claims\n\nA claim that needs support.[^1] More text.\n\n\
## Later\n\nThe settlement came on a Sunday.\n\n[^1]: The supporting note.\n";

#[test]
fn a_reload_keeps_the_jump_list_and_the_search_match_on_their_passages() {
    let mut model = reading(NOTED);
    keys(&mut model, "]f");
    assert!(snippet(model.reader.as_ref().unwrap(), 30).starts_with("The supporting note"));
    // The search's current match is the note's, the second of two.
    keys(&mut model, "/support");
    key(&mut model, Key::Enter);
    assert_eq!(model.reader.as_ref().and_then(|r| r.search.as_ref()).and_then(|s| s.current), Some(1));

    // Twelve paragraphs, each with a match, are inserted above both.
    let inserted: String = (0..12).map(|i| format!("Inserted support paragraph {i}.\n\n")).collect();
    let edited = NOTED.replace("First paragraph.\n\n", &format!("First paragraph.\n\n{inserted}"));
    reload(&mut model, &edited);

    // Backspace comes back to where the search began (the note), then to the claim, not
    // to an inserted paragraph.
    key(&mut model, Key::Backspace);
    assert!(snippet(model.reader.as_ref().unwrap(), 30).starts_with("The supporting note"));
    key(&mut model, Key::Backspace);
    let reader = model.reader.as_ref().unwrap();
    assert!(snippet(reader, 30).starts_with("A claim that needs support"), "{}", snippet(reader, 30));
    let search = reader.search.as_ref().unwrap();
    let line = search.current.and_then(|c| search.match_line(c)).unwrap();
    let text = reader.layout.line(line).map(|l| l.content_text()).unwrap_or_default();
    assert!(text.contains("supporting note"), "{text}");
}

#[test]
fn the_wheel_moves_what_is_in_front() {
    let mut model = with_bookmarks();
    let before = top(&model);
    keys(&mut model, "'");
    update(&mut model, Msg::Scroll(3));
    assert_eq!(selected(&model).as_deref(), Some("b"), "the list's selection moves");
    assert_eq!(model.reader.as_ref().map(|r| r.top), Some(before), "the text behind it does not");
    key(&mut model, Key::Esc);
    keys(&mut model, "?");
    update(&mut model, Msg::Scroll(3));
    assert_eq!(model.mode, Mode::Help(3));
}

#[test]
fn back_in_the_library_the_essay_just_read_is_the_one_selected() {
    let entries = vec![entry("alpha", "Alpha"), entry("essay", "Middle"), entry("omega", "Omega")];
    let mut model = Model::new(entries, (100, 30));
    assert_eq!(model.selected, 0);
    // Opened without choosing it in the library (from the command line, a link).
    update(&mut model, Msg::Opened(Box::new(OpenedEssay::new("essay", "Middle", ESSAY))));
    key(&mut model, Key::Char('q'));
    assert!(model.reader.is_none());
    let selected = model.visible.get(model.selected).map(|&i| model.entries[i].essay.id.as_str());
    assert_eq!(selected, Some("essay"));
}

#[test]
fn ctrl_z_asks_to_suspend_from_anywhere_and_changes_nothing_else() {
    let mut model = reading(ESSAY);
    key(&mut model, Key::Ctrl('z'));
    assert!(std::mem::take(&mut model.suspend), "while reading");
    keys(&mut model, "/str");
    key(&mut model, Key::Ctrl('z'));
    assert!(std::mem::take(&mut model.suspend), "in a prompt");
    assert_eq!(query(&model), "str", "nothing typed");
    assert!(!model.quit && model.reader.is_some());
}
