//! Following links and going back, driven through `update` as the shell drives it.

use super::jumps::Landing;
use super::keymap::Key;
use super::testing::entry;
use super::{Effect, Mode, Model, Msg, OpenedEssay, update};

const FIRST: &str = "# First\n\nOpening words.\n\nSee [the part](#part-two), [the other](other.md#later), \
[the web](https://example.org/a?b=1) and [a file](file:///etc/passwd).\n\n## Part two\n\nSecond part text.\n";

const OTHER: &str = "# Other\n\nOther opening.\n\n## Later\n\nLater words of the other essay.\n";

fn opened(id: &str, source: &str, resume: Option<usize>) -> Msg {
    let essay = OpenedEssay { resume, ..OpenedEssay::new(id, id, source) };
    Msg::Opened(Box::new(essay))
}

/// The first essay open, both essays in the library at `dir/first.md` and `dir/other.md`.
fn library() -> Model {
    let mut first = entry("first", "First");
    first.essay.path = "/essays/first.md".into();
    let mut other = entry("other", "Other");
    other.essay.path = "/essays/other.md".into();
    let mut model = Model::new(vec![first, other], (80, 24));
    update(&mut model, opened("first", FIRST, None));
    model
}

fn keys(model: &mut Model, keys: &str) -> Vec<Effect> {
    keys.chars().flat_map(|c| update(model, Msg::Key(Key::Char(c)))).collect()
}

fn top_text(model: &Model) -> String {
    let reader = model.reader.as_ref().expect("reading");
    reader.layout.line(reader.top).map(|l| l.content_text()).unwrap_or_default()
}

fn labels(model: &Model) -> Vec<String> {
    match &model.mode {
        Mode::Labels { targets, .. } => targets.iter().map(|t| t.label.clone()).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn f_labels_every_link_on_screen() {
    let mut model = library();
    keys(&mut model, "f");
    assert_eq!(labels(&model), ["a", "s", "d", "f"]);
    let notice = model.notice.clone().unwrap_or_default();
    assert!(notice.contains("a #part-two") && notice.contains("f file:///etc/passwd"), "{notice}");
}

#[test]
fn an_anchor_puts_its_heading_on_the_top_line_and_back_returns() {
    let mut model = library();
    keys(&mut model, "fa");
    assert_eq!(top_text(&model), "Part two");
    update(&mut model, Msg::Key(Key::Backspace));
    assert_eq!(top_text(&model), "First");
    update(&mut model, Msg::Key(Key::Ctrl('n')));
    assert_eq!(top_text(&model), "Part two");
}

#[test]
fn a_web_link_goes_to_the_browser_and_a_file_link_never_does() {
    let mut model = library();
    let effects = keys(&mut model, "fd");
    assert_eq!(effects, [Effect::Browse("https://example.org/a?b=1".into())]);
    assert!(model.notice.as_deref().is_some_and(|n| n.contains("https://example.org/a?b=1")));
    let effects = keys(&mut model, "ff");
    assert!(effects.is_empty(), "{effects:?}");
    assert!(model.notice.as_deref().is_some_and(|n| n.contains("file: links are not opened")));
}

#[test]
fn another_essay_opens_at_its_heading_and_back_reopens_the_first_at_its_passage() {
    let mut model = library();
    keys(&mut model, "j");
    let passage = top_text(&model);
    let effects = keys(&mut model, "fs");
    let open = effects.iter().find(|e| matches!(e, Effect::OpenAt { .. }));
    assert_eq!(open, Some(&Effect::OpenAt { essay: "other".into(), at: Landing::Heading("later".into()) }));
    update(&mut model, opened("other", OTHER, OTHER.find("## Later")));
    assert_eq!(top_text(&model), "Later");

    let effects = update(&mut model, Msg::Key(Key::Ctrl('o')));
    let Some(Effect::OpenAt { essay, at: Landing::Passage(anchor) }) =
        effects.iter().find(|e| matches!(e, Effect::OpenAt { .. }))
    else {
        panic!("back opens the first essay: {effects:?}");
    };
    assert_eq!(essay, "first");
    let resume = crate::core::position::resolve(FIRST, anchor).offset();
    update(&mut model, opened("first", FIRST, resume));
    assert_eq!(top_text(&model), passage);
}

#[test]
fn a_link_outside_the_library_is_refused() {
    let mut model = Model::new(vec![], (80, 24));
    let mut e = entry("first", "First");
    e.essay.path = "/essays/first.md".into();
    model.entries.push(e);
    update(&mut model, opened("first", "[up](../../etc/passwd) and [gone](missing.md)\n", None));
    let effects = keys(&mut model, "fa");
    assert!(effects.is_empty());
    assert!(model.notice.as_deref().is_some_and(|n| n.starts_with("Not an essay of the library")));
    keys(&mut model, "fs");
    assert!(model.notice.as_deref().is_some_and(|n| n.contains("missing.md")));
}

#[test]
fn heading_jumps_are_jumps_and_scrolling_is_not() {
    let mut model = library();
    keys(&mut model, "]");
    assert_eq!(top_text(&model), "Part two");
    keys(&mut model, "kk");
    update(&mut model, Msg::Key(Key::Backspace));
    assert_eq!(top_text(&model), "First", "back to where ] started, not a scrolled line");
    update(&mut model, Msg::Key(Key::Backspace));
    assert!(model.notice.as_deref().is_some_and(|n| n.contains("No jump")));
    keys(&mut model, "G");
    update(&mut model, Msg::Key(Key::Backspace));
    assert_eq!(top_text(&model), "First");
}

#[test]
fn jumps_survive_a_resize() {
    let mut model = library();
    keys(&mut model, "jjj");
    let offset = model.reader.as_ref().map(|r| r.top_offset()).unwrap_or_default();
    keys(&mut model, "]");
    update(&mut model, Msg::Resize(30, 24));
    update(&mut model, Msg::Key(Key::Backspace));
    let reader = model.reader.as_ref().expect("reading");
    // The top line at the new width is the one holding the passage where `]` started.
    let mut expected = reader.clone();
    expected.go_to_source(offset);
    assert_eq!(reader.top, expected.top);
    assert!(reader.top_offset() <= offset && offset > 0, "{} / {offset}", reader.top_offset());
}

#[test]
fn back_from_an_essay_opened_in_the_library_reopens_the_one_left() {
    let mut model = library();
    keys(&mut model, "jjj");
    let passage = top_text(&model);
    keys(&mut model, "q");
    assert!(model.reader.is_none());
    update(&mut model, opened("other", OTHER, None));
    let effects = update(&mut model, Msg::Key(Key::Backspace));
    let Some(Effect::OpenAt { essay, at: Landing::Passage(anchor) }) =
        effects.iter().find(|e| matches!(e, Effect::OpenAt { .. }))
    else {
        panic!("back opens the first essay: {effects:?}");
    };
    assert_eq!(essay, "first");
    update(&mut model, opened("first", FIRST, crate::core::position::resolve(FIRST, anchor).offset()));
    assert_eq!(top_text(&model), passage);
}

#[test]
fn a_link_that_shows_its_address_is_a_target_too() {
    let mut model = library();
    let source = "Read <https://example.org/bare> and [a page](https://example.org/named) here.\n";
    update(&mut model, opened("first", source, None));
    keys(&mut model, "f");
    assert_eq!(labels(&model), ["a", "s"]);
    let notice = model.notice.clone().unwrap_or_default();
    assert!(notice.contains("a https://example.org/bare"), "{notice}");
    let effects = keys(&mut model, "a");
    assert_eq!(effects, [Effect::Browse("https://example.org/bare".into())]);
    // Still shown as it was, with no number and nothing in the list at the end.
    let reader = model.reader.as_ref().expect("reading");
    assert_eq!(reader.doc.links, ["https://example.org/named"]);
}
