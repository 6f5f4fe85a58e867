//! Whole screens through ratatui's `TestBackend`, driven by scripted keys through the real
//! event loop (`tui::run_loop`), with a fake shell that serves the bundled essay.

use std::collections::VecDeque;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use essayreader::app::keymap::Key;
use essayreader::app::{Effect, Entry, Model, Msg, OpenedEssay};
use essayreader::core::essay::{EssayInfo, Source};
use essayreader::tui::{EventSource, Shell, run_loop};
use essayreader::ui::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const ESSAY: &str = include_str!("../essays/why-i-support-leaking-leftist-documents.md");
const ESSAY_ID: &str = "why-i-support-leaking-leftist-documents";

const NOTES: &str = "# Notes essay\n\nA claim that needs support.[^1] More text follows here.\n\n\
## Second\n\nBody of the second section.\n\n[^1]: The supporting note.\n";

/// Messages from a list, one per wait; once the list has run out and the loop has waited
/// again (so it has drawn the final state), asks the loop to stop.
struct Script<'a> {
    msgs: VecDeque<Msg>,
    stop: &'a AtomicUsize,
}

impl EventSource for Script<'_> {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Msg>> {
        // The loop polls with no timeout only to drain what is already waiting: a script
        // delivers one message per real wait, as a person types.
        if timeout.is_zero() {
            return Ok(None);
        }
        let msg = self.msgs.pop_front();
        if msg.is_none() {
            self.stop.store(1, Ordering::Relaxed);
        }
        Ok(msg)
    }
}

/// Serves essays from memory and records effects.
#[derive(Default)]
struct FakeShell {
    effects: Vec<Effect>,
}

impl Shell for FakeShell {
    fn perform(&mut self, effect: Effect, _model: &Model) -> Vec<Msg> {
        self.effects.push(effect.clone());
        match effect {
            Effect::Open { essay: id, .. } => {
                let (title, source) = match id.as_str() {
                    ESSAY_ID => ("Why I support leaking Leftist\u{a0}documents", ESSAY),
                    _ => ("Notes essay", NOTES),
                };
                vec![Msg::Opened(Box::new(OpenedEssay::new(id, title, source)))]
            }
            _ => Vec::new(),
        }
    }

    fn tick(&mut self, _model: &Model) -> Vec<Msg> {
        Vec::new()
    }
}

fn entries() -> Vec<Entry> {
    let essay = |id: &str, title: &str, author: Option<&str>, tags: &[&str], words, source| EssayInfo {
        id: id.into(),
        title: title.into(),
        author: author.map(String::from),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        words,
        source,
        ..EssayInfo::default()
    };
    vec![
        Entry {
            essay: essay(
                ESSAY_ID,
                "Why I support leaking Leftist\u{a0}documents",
                Some("unknown"),
                &["leaks"],
                3100,
                Source::Bundled,
            ),
            progress: None,
            last_read: None,
        },
        Entry {
            essay: essay("notes", "Notes essay", None, &[], 14, Source::User),
            progress: Some(0.5),
            last_read: None,
        },
    ]
}

fn keys(text: &str) -> Vec<Msg> {
    text.chars().map(|c| Msg::Key(Key::Char(c))).collect()
}

/// Runs the real loop over `msgs` on a `w`×`h` test terminal; returns the final screen,
/// the model and the shell.
fn run(w: u16, h: u16, msgs: Vec<Msg>) -> (String, Model, FakeShell) {
    let stop = AtomicUsize::new(0);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut model = Model::new(entries(), (w, h));
    model.essays_dir = "/tmp/essays".into();
    let mut shell = FakeShell::default();
    let mut script = Script { msgs: msgs.into(), stop: &stop };
    run_loop(&mut terminal, &mut script, &mut shell, &mut model, Theme::MONO, &stop).unwrap();
    (screen(terminal.backend()), model, shell)
}

fn screen(backend: &TestBackend) -> String {
    let buf = backend.buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The first text line of the reading pane (right of the outline), trimmed.
fn first_text_line(screen: &str) -> String {
    let line = screen.lines().next().unwrap_or("");
    line.split('│').next_back().unwrap_or(line).trim().to_string()
}

fn open_essay() -> Vec<Msg> {
    vec![Msg::Key(Key::Enter)]
}

#[test]
fn library_lists_essays_with_author_length_and_source() {
    let (screen, _, _) = run(90, 12, vec![]);
    assert!(screen.contains("Why I support leaking Leftist"));
    assert!(screen.contains("14 min"));
    assert!(screen.contains("bundled"));
    assert!(screen.contains("50%"));
    insta::assert_snapshot!("library", screen);
}

#[test]
fn reader_shows_outline_text_and_status() {
    let (screen, model, _) = run(110, 30, open_essay());
    assert!(model.reader.is_some());
    assert!(screen.contains("Outline"));
    assert!(screen.contains("Who am I?"));
    assert!(screen.contains("% ·"), "status shows progress:\n{screen}");
    assert!(screen.contains("min left"), "\n{screen}");
    insta::assert_snapshot!("reader", screen);
}

#[test]
fn next_heading_puts_the_heading_on_the_first_line() {
    let mut msgs = open_essay();
    msgs.extend(keys("]"));
    let (screen, _, _) = run(110, 30, msgs);
    assert_eq!(first_text_line(&screen), "Who am I?", "\n{screen}");

    let mut msgs = open_essay();
    msgs.extend(keys("]]]]"));
    let (screen, _, _) = run(110, 30, msgs);
    assert_eq!(first_text_line(&screen), "Membership numbers and revolutionary ideas", "\n{screen}");

    let mut msgs = open_essay();
    msgs.extend(keys("]]]]["));
    let (screen, _, _) = run(110, 30, msgs);
    assert_eq!(first_text_line(&screen), "What goes on at the local levels", "\n{screen}");
}

#[test]
fn sections_skip_by_top_level_and_the_last_one_says_so() {
    let mut msgs = open_essay();
    msgs.extend(keys("}}}}}"));
    let (screen, model, _) = run(110, 30, msgs);
    assert_eq!(first_text_line(&screen), "Membership numbers and revolutionary ideas");
    assert_eq!(model.notice.as_deref(), Some("No section after this one"));
    assert!(screen.contains("No section after this one"));
}

#[test]
fn outline_focus_moves_and_enter_jumps() {
    let mut msgs = open_essay();
    msgs.push(Msg::Key(Key::Tab));
    msgs.extend(keys("jjj"));
    msgs.push(Msg::Key(Key::Enter));
    let (screen, _, _) = run(110, 30, msgs);
    assert_eq!(first_text_line(&screen), "What goes on at the local levels", "\n{screen}");
}

#[test]
fn help_is_generated_from_the_keymap() {
    let mut msgs = open_essay();
    msgs.extend(keys("?"));
    let (screen, _, _) = run(100, 40, msgs);
    assert!(screen.contains("next heading"));
    assert!(screen.contains("bookmark this passage"));
    insta::assert_snapshot!("help", screen);
}

#[test]
fn search_highlights_counts_and_steps() {
    let mut msgs = open_essay();
    msgs.extend(keys("/internet"));
    msgs.push(Msg::Key(Key::Enter));
    msgs.extend(keys("n"));
    let (screen, model, _) = run(110, 30, msgs);
    let search = model.reader.as_ref().unwrap().search.as_ref().unwrap();
    assert!(search.matches.len() > 5, "smart case finds Internet too");
    assert_eq!(search.current, Some(1));
    assert!(screen.contains(&format!("/internet 2/{}", search.matches.len())), "\n{screen}");
    insta::assert_snapshot!("search", screen);
}

#[test]
fn search_escape_returns_to_where_it_started() {
    let mut msgs = open_essay();
    msgs.extend(keys("]/Lukacs"));
    msgs.push(Msg::Key(Key::Esc));
    let (screen, model, _) = run(110, 30, msgs);
    assert!(model.reader.as_ref().unwrap().search.is_none());
    assert_eq!(first_text_line(&screen), "Who am I?");
}

#[test]
fn resize_keeps_the_same_passage_at_the_top() {
    let mut msgs = open_essay();
    msgs.extend(keys("]]jjjjjjj"));
    let (wide, model, _) = run(120, 30, msgs.clone());
    let anchor = model.reader.as_ref().unwrap().anchor;
    msgs.push(Msg::Resize(50, 20));
    let (narrow, model, _) = run(120, 30, msgs);
    let reader = model.reader.as_ref().unwrap();
    assert_eq!(reader.layout.line(reader.top).unwrap().anchor().block, anchor.block);
    // The first word on screen after the resize is on the top line before it.
    let before = first_text_line(&wide);
    let after = first_text_line(&narrow);
    let first_word = after.split_whitespace().next().unwrap();
    assert!(before.contains(first_word), "before: {before:?}\nafter: {after:?}");
}

#[test]
fn tiny_terminals_never_panic_and_say_so() {
    for (w, h) in [(1, 1), (2, 2), (10, 3), (19, 40), (200, 4)] {
        let mut msgs = open_essay();
        msgs.extend(keys("]]jG"));
        let (screen, _, _) = run(w, h, msgs);
        if w >= 10 && h >= 3 {
            assert!(screen.contains("Terminal"), "{w}x{h}:\n{screen}");
        }
    }
    let (screen, _, _) = run(30, 3, vec![]);
    insta::assert_snapshot!("tiny", screen);
}

#[test]
fn footnotes_can_be_followed_and_returned_from() {
    let msgs = vec![Msg::Key(Key::Down), Msg::Key(Key::Enter), Msg::Key(Key::Char('f'))];
    let (screen, model, _) = run(100, 12, msgs.clone());
    assert_eq!(first_text_line(&screen), "[1] The supporting note.", "\n{screen}");
    assert_eq!(model.jumps.back_len(), 1, "the footnote is on the jump list");
    let mut back = msgs;
    back.push(Msg::Key(Key::Backspace));
    let (screen, _, _) = run(100, 12, back);
    assert_eq!(first_text_line(&screen), "Notes essay");
}

#[test]
fn wider_and_narrower_change_the_column() {
    let mut msgs = open_essay();
    msgs.extend(keys("----"));
    let (_, model, _) = run(120, 30, msgs);
    assert_eq!(model.reader.as_ref().unwrap().layout.width(), 56);
    assert!(model.reader.as_ref().unwrap().layout.lines().all(|l| l.width() <= 56));
}

#[test]
fn q_goes_back_to_the_library_then_quits_saving_the_position() {
    let mut msgs = open_essay();
    msgs.extend(keys("]q"));
    let (screen, model, shell) = run(100, 20, msgs);
    assert!(model.reader.is_none());
    assert!(!model.quit);
    assert!(screen.contains("Library"));
    let saved = shell.effects.iter().find_map(|e| match e {
        Effect::SavePosition { essay, anchor, .. } => {
            Some((essay.clone(), anchor.offset, anchor.heading_path.clone()))
        }
        _ => None,
    });
    let (essay, offset, headings) = saved.expect("position saved on leaving");
    assert_eq!(essay, ESSAY_ID);
    assert!(ESSAY[offset..].starts_with("Who am I?"), "{:?}", &ESSAY[offset..offset + 20]);
    assert_eq!(headings.last().map(String::as_str), Some("Who am I?"));
    let (_, model, _) = run(100, 20, keys("q"));
    assert!(model.quit);
}

#[test]
fn bookmark_prompt_offers_a_default_label() {
    let mut msgs = open_essay();
    msgs.extend(keys("]]m"));
    let (screen, _, _) = run(110, 30, msgs.clone());
    assert!(screen.contains("Bookmark label:"), "\n{screen}");
    assert!(screen.contains("Enter: “The concept of totality"), "\n{screen}");
    msgs.push(Msg::Key(Key::Enter));
    let (_, _, shell) = run(110, 30, msgs);
    let added = shell.effects.iter().find_map(|e| match e {
        Effect::AddBookmark { label, section, snippet, .. } => {
            Some((label.clone(), section.clone(), snippet.clone()))
        }
        _ => None,
    });
    let (label, section, snippet) = added.expect("bookmark effect");
    assert_eq!(section, "The concept of totality");
    assert!(label.starts_with("The concept of totality: In Marxism"), "{label}");
    // The snippet is the passage under the heading, not the heading again.
    assert!(snippet.starts_with("In Marxism we believe"), "{snippet}");
}

#[test]
fn library_filter_is_fuzzy_and_escape_clears_it() {
    let mut msgs = keys("/essay");
    let (screen, model, _) = run(90, 12, msgs.clone());
    assert_eq!(model.visible.len(), 1, "\n{screen}");
    assert_eq!(model.entries[model.visible[0]].title, "Notes essay");
    assert!(screen.contains("1 of 2 match"), "\n{screen}");
    msgs.push(Msg::Key(Key::Esc));
    let (_, model, _) = run(90, 12, msgs);
    assert_eq!(model.visible.len(), 2);
}

#[test]
fn library_sort_cycles_and_says_so() {
    let (screen, model, _) = run(90, 12, keys("s"));
    assert_eq!(model.sort, essayreader::app::Sort::Author);
    assert!(screen.contains("Sorted by author"), "\n{screen}");
}

#[test]
fn the_mouse_wheel_scrolls_three_lines() {
    let mut msgs = open_essay();
    msgs.push(Msg::Scroll(3));
    msgs.push(Msg::Scroll(3));
    msgs.push(Msg::Scroll(-3));
    let (_, model, _) = run(110, 30, msgs);
    assert_eq!(model.reader.as_ref().unwrap().top, 3);
}

#[test]
fn an_essays_bookmarks_are_listed_in_reading_order() {
    use essayreader::app::BookmarkEntry;
    use essayreader::core::bookmark::Bookmark;
    use essayreader::core::position::capture;
    let mark = |id: &str, label: &str, offset: Option<usize>| BookmarkEntry {
        bookmark: Bookmark {
            id: id.into(),
            essay: ESSAY_ID.into(),
            label: label.into(),
            section: String::new(),
            snippet: String::new(),
            created: "2026-11-26T08:00:00Z".into(),
            anchor: capture("", 0, vec![]),
        },
        title: "Why I support leaking Leftist documents".into(),
        offset,
        detached: false,
    };
    let mut msgs = open_essay();
    msgs.push(Msg::Bookmarks(vec![
        mark("a", "late", Some(9000)),
        mark("b", "lost", None),
        mark("c", "early", Some(100)),
    ]));
    msgs.extend(keys("'"));
    let (screen, model, _) = run(110, 30, msgs);
    let labels: Vec<&str> =
        model.reader.as_ref().unwrap().bookmarks.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(labels, ["early", "late", "lost"]);
    let (early, late) = (screen.find("early").unwrap(), screen.find("late").unwrap());
    assert!(early < late, "\n{screen}");
    assert!(screen.contains("lost  (passage not found)"), "\n{screen}");
}

#[test]
fn the_library_lists_all_bookmarks_and_opens_one_at_its_passage() {
    use essayreader::app::BookmarkEntry;
    use essayreader::core::bookmark::Bookmark;
    use essayreader::core::position::capture;
    let mark = BookmarkEntry {
        bookmark: Bookmark {
            id: "b1".into(),
            essay: ESSAY_ID.into(),
            label: "on totality".into(),
            section: "The concept of totality".into(),
            snippet: "In Marxism we believe".into(),
            created: "2026-11-26T08:00:00Z".into(),
            anchor: capture("", 0, vec![]),
        },
        title: "Why I support leaking Leftist documents".into(),
        offset: Some(100),
        detached: false,
    };
    let mut msgs = vec![Msg::Bookmarks(vec![mark])];
    msgs.extend(keys("'"));
    let (screen, _, _) = run(110, 20, msgs.clone());
    assert!(screen.contains("All bookmarks"), "\n{screen}");
    assert!(screen.contains("on totality"), "\n{screen}");
    msgs.push(Msg::Key(Key::Enter));
    let (_, _, shell) = run(110, 20, msgs);
    let open = Effect::Open { essay: ESSAY_ID.into(), bookmark: Some("b1".into()) };
    assert!(shell.effects.contains(&open), "{:?}", shell.effects);
}
