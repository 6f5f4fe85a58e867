//! Snapshots of a whole reading screen in each palette: the text as drawn, then every run of
//! cells that is not plain, with its colours and modifiers, so a change of what a heading, the
//! current outline entry, a search match or the status line looks like shows in review.

use std::fmt::Write as _;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Style as TermStyle;

use super::Theme;
use crate::app::keymap::Key;
use crate::app::{Msg, update};

const ESSAY: &str = "# The strike\n\nThe picket line held for nine days. Nobody crossed it.\n\n\
## Demands\n\nA shorter week, a `closed shop` and a [hall](https://example.org).\n\n\
> The union makes us strong.\n\n## Result\n\nThe picket won: the line held.\n";

/// The screen as text, then each row's styled runs (`row 3, 0-12: fg Cyan bold`).
fn styled(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out.push_str("--- styles ---\n");
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let style = buf[(x, y)].style();
            let start = x;
            while x < buf.area.width && buf[(x, y)].style() == style {
                x += 1;
            }
            if let Some(text) = describe(style) {
                let _ = writeln!(out, "row {y}, {start}-{}: {text}", x - 1);
            }
        }
    }
    out
}

fn describe(style: TermStyle) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(fg) = style.fg.filter(|c| *c != ratatui::style::Color::Reset) {
        parts.push(format!("fg {fg:?}"));
    }
    if let Some(bg) = style.bg.filter(|c| *c != ratatui::style::Color::Reset) {
        parts.push(format!("bg {bg:?}"));
    }
    if !style.add_modifier.is_empty() {
        parts.push(format!("{:?}", style.add_modifier).to_lowercase());
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The essay opened at 80×14 with a search for "picket" kept, in `theme`.
fn reading_screen(theme: Theme) -> String {
    let mut model = crate::app::testing::reading(ESSAY, "The strike", (80, 14));
    for c in "/picket".chars() {
        update(&mut model, Msg::Key(Key::Char(c)));
    }
    update(&mut model, Msg::Key(Key::Enter));
    let mut terminal = Terminal::new(TestBackend::new(80, 14)).expect("test terminal");
    terminal.draw(|frame| super::super::render(&model, theme, frame)).expect("draw");
    styled(terminal.backend().buffer())
}

#[test]
fn dark() {
    insta::assert_snapshot!("theme_dark", reading_screen(Theme::DARK));
}

#[test]
fn light() {
    insta::assert_snapshot!("theme_light", reading_screen(Theme::LIGHT));
}

#[test]
fn mono() {
    let screen = reading_screen(Theme::MONO);
    assert!(!screen.contains("fg ") && !screen.contains("bg "), "{screen}");
    insta::assert_snapshot!("theme_mono", screen);
}
