//! Screens drawn from models built by `update`, read back as text.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_width::UnicodeWidthStr;

use super::{Theme, render};
use crate::app::keymap::Key;
use crate::app::{BookmarkEntry, Model, Msg, update};

const LEAKING: &str = include_str!("../../essays/why-i-support-leaking-leftist-documents.md");

/// A model reading `source` in a `w`×`h` terminal.
fn reading(source: &str, w: u16, h: u16) -> Model {
    crate::app::testing::reading(source, "Essay", (w, h))
}

fn press(model: &mut Model, keys: &[Key]) {
    for &key in keys {
        update(model, Msg::Key(key));
    }
}

fn typed(model: &mut Model, text: &str) {
    for c in text.chars() {
        update(model, Msg::Key(Key::Char(c)));
    }
}

/// The screen as text, one line per row, wide characters once.
fn screen(model: &Model) -> Vec<String> {
    let (w, h) = model.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|frame| render(model, Theme::MONO, frame)).unwrap();
    let buf = terminal.backend().buffer();
    (0..h)
        .map(|y| {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..w {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let symbol = buf[(x, y)].symbol();
                skip = symbol.width().saturating_sub(1);
                line.push_str(symbol);
            }
            line.trim_end().to_string()
        })
        .collect()
}

fn status(model: &Model) -> String {
    screen(model).last().cloned().unwrap_or_default()
}

#[test]
fn control_characters_in_a_label_and_a_notice_show_as_stand_ins() {
    let mut model = reading(LEAKING, 100, 24);
    let label = "evil\u{1b}[31m\u{202e}eman";
    let bookmark = BookmarkEntry {
        bookmark: crate::core::bookmark::Bookmark {
            id: "b1".into(),
            essay: "essay".into(),
            label: label.into(),
            section: "Who am I?".into(),
            snippet: "a\nsnippet".into(),
            created: "2026-01-01".into(),
            anchor: crate::core::position::capture("", 0, Vec::new()),
        },
        title: "Essay".into(),
        offset: Some(0),
        detached: false,
    };
    update(&mut model, Msg::Bookmarks(vec![bookmark]));
    press(&mut model, &[Key::Char('\'')]);
    let text = screen(&model).join("\n");
    assert!(text.contains("evil\u{241b}[31m<U+202E>eman"), "{text}");
    assert!(text.contains("a snippet"), "{text}");

    update(&mut model, Msg::Notice("Cannot open: bad\u{1b}name.md".into()));
    assert!(status(&model).contains("bad\u{241b}name.md"), "{}", status(&model));
}

#[test]
fn a_bookmark_made_after_a_heading_jump_does_not_repeat_the_heading() {
    let mut model = reading(LEAKING, 100, 30);
    press(&mut model, &[Key::Char(']'), Key::Char('m')]);
    let effects = update(&mut model, Msg::Key(Key::Enter));
    let Some(crate::app::Effect::AddBookmark { label, section, snippet, .. }) = effects.first() else {
        panic!("no bookmark added: {effects:?}");
    };
    assert_eq!(section, "Who am I?");
    // The passage under the heading (which happens to begin with the same words), not the
    // heading again.
    assert!(snippet.starts_with("Who am I?") && snippet.contains("If I’m not a member"), "{snippet}");
    assert_ne!(label, section);
    let bookmark = BookmarkEntry {
        bookmark: crate::core::bookmark::Bookmark {
            id: "b1".into(),
            essay: "essay".into(),
            label: label.clone(),
            section: section.clone(),
            snippet: snippet.clone(),
            created: "2026-01-01".into(),
            anchor: crate::core::position::capture("", 0, Vec::new()),
        },
        title: "Essay".into(),
        offset: Some(0),
        detached: false,
    };
    update(&mut model, Msg::Bookmarks(vec![bookmark]));
    press(&mut model, &[Key::Char('\'')]);
    let text = screen(&model).join("\n");
    assert!(text.contains("If I’m not a member"), "{text}");
}

/// The percentage and the minutes of the status line.
fn progress(model: &Model) -> (u32, usize) {
    let line = status(model);
    let percent = line.split('%').next().and_then(|s| s.rsplit(' ').next()).and_then(|n| n.parse().ok());
    let minutes =
        line.split(" min left").next().and_then(|s| s.rsplit(' ').next()).and_then(|n| n.parse().ok());
    percent.zip(minutes).unwrap_or_else(|| panic!("no progress in {line:?}"))
}

#[test]
fn percent_and_minutes_agree_at_the_end_and_fall_together() {
    let mut model = reading(LEAKING, 100, 30);
    press(&mut model, &[Key::Char('G')]);
    assert_eq!(progress(&model), (100, 0));
    press(&mut model, &[Key::Char('k')]);
    let (percent, minutes) = progress(&model);
    assert!(percent < 100 && minutes > 0, "one line up from the end: {percent}% · {minutes} min");
    // Scrolling up, the percentage never rises and the minutes never fall.
    let mut last = progress(&model);
    for _ in 0..200 {
        press(&mut model, &[Key::Char('k')]);
        let now = progress(&model);
        assert!(now.0 <= last.0 && now.1 >= last.1, "{last:?} then {now:?}");
        assert_eq!(now.0 == 100, now.1 == 0, "{now:?}");
        last = now;
    }
}

#[test]
fn a_heading_just_below_the_top_line_is_the_current_section() {
    let mut model = reading(LEAKING, 100, 30);
    press(&mut model, &[Key::Char(']'), Key::Char(']'), Key::Char('k')]);
    let rows = screen(&model);
    // The heading is on the second row, not the top one.
    assert!(rows[1].contains("The concept of totality"), "{rows:#?}");
    assert!(status(&model).contains("The concept of totality"), "{}", status(&model));
    let marked = rows.iter().find(|r| r.starts_with('▌')).cloned().unwrap_or_default();
    assert!(marked.contains("The concept of tota"), "{rows:#?}");
}

#[test]
fn the_outline_uses_free_columns_to_show_whole_headings() {
    let model = reading(LEAKING, 160, 30);
    let rows = screen(&model);
    let outline: Vec<&str> = rows.iter().map(|r| r.split('│').next().unwrap_or("")).collect();
    assert!(outline.iter().any(|r| r.contains("Membership numbers and revolutionary ideas")), "{rows:#?}");
    assert!(outline.iter().all(|r| !r.contains('…')), "{rows:#?}");
}

#[test]
fn a_prompt_at_40_columns_shows_the_end_of_what_is_typed() {
    let mut model = reading(LEAKING, 40, 12);
    typed(&mut model, "/revolutionary socialism");
    assert!(status(&model).contains("socialism▏"), "{:?}", status(&model));
    press(&mut model, &[Key::Esc]);
    typed(&mut model, "mthe label I typed for this passage");
    assert!(status(&model).contains("this passage▏"), "{:?}", status(&model));
}

#[test]
fn f_labels_cover_the_references_beside_the_outline() {
    let source = "# Notes\n\n## Part\n\nOne claim[^a] and another[^b] here.\n\n[^a]: A.\n[^b]: B.\n";
    let mut model = reading(source, 120, 20);
    let row = |m: &Model| screen(m).into_iter().find(|l| l.contains("here.")).unwrap_or_default();
    assert!(row(&model).contains("One claim[1] and another[2] here."), "{}", row(&model));
    assert!(screen(&model).iter().any(|l| l.contains("Outline")), "the outline is shown");
    press(&mut model, &[Key::Char('f')]);
    assert!(row(&model).contains("One claima1] and anothers2] here."), "{}", row(&model));
    assert!(status(&model).contains("Follow:"), "{}", status(&model));
    press(&mut model, &[Key::Esc]);
    assert!(row(&model).contains("One claim[1] and another[2] here."), "{}", row(&model));
}

#[test]
fn prompts_show_their_end_at_every_width() {
    for w in 20..=120 {
        let mut model = reading(LEAKING, w, 10);
        typed(&mut model, "/the revolutionary left");
        assert!(status(&model).contains("left▏"), "{w}: {:?}", status(&model));
        // With a notice beside it, the typed end still shows.
        update(&mut model, Msg::Paste("x".repeat(600)));
        let line = status(&model);
        assert!(line.contains("xxx▏"), "{w}: {line:?}");
        assert!(line.width() <= usize::from(w), "{w}: {line:?}");
    }
}

#[test]
fn f_labels_cover_links_and_notes_with_the_targets_in_the_status_line() {
    let source = "# Links\n\nSee [the part](#part)[^a], [the other](other.md) and\n\
[the web](https://example.org) here.\n\n## Part\n\nText.\n\n[^a]: A note.\n";
    let mut model = reading(source, 64, 12);
    press(&mut model, &[Key::Char('f')]);
    insta::assert_snapshot!("follow_labels", screen(&model).join("\n"));
    // Esc takes the labels away.
    press(&mut model, &[Key::Esc]);
    assert!(
        screen(&model).iter().any(|l| l.contains("See the part[1][1], the other[2]")),
        "{:#?}",
        screen(&model)
    );
}
