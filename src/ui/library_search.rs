//! The search over every essay (`S`): a panel of results, each an essay's title, the
//! section of the passage, how often the words occur, and a snippet with the words marked.
//! What is typed shows in the status line, like every prompt.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::overlay::panel;
use super::{Theme, cells, put};
use crate::app::keymap::{Context, Keymap};
use crate::app::library_search::LibrarySearch;
use crate::search::{Query, highlights};

/// Rows each result takes: title line, snippet line, a gap.
const ROWS_PER_HIT: u16 = 3;

pub(super) fn draw(search: &LibrarySearch, keys: &Keymap, theme: Theme, area: Rect, buf: &mut Buffer) {
    let title = format!(" Search every essay · {} ", keys.hints(Context::LibrarySearch));
    let inner = panel(&title, 100, area.height, area, theme, buf);
    if inner.height == 0 {
        return;
    }
    let query = Query::parse(&search.query);
    let summary = summary(search, &query);
    put(buf, inner.x + 1, inner.y, &summary, inner.width.saturating_sub(1), theme.dim());
    let list = Rect { y: inner.y + 2, height: inner.height.saturating_sub(2), ..inner };
    let rows = usize::from((list.height / ROWS_PER_HIT).max(1));
    let first = search.selected.saturating_sub(rows.saturating_sub(1));
    for (row, (i, hit)) in search.hits.iter().enumerate().skip(first).take(rows).enumerate() {
        let y = list.y.saturating_add(cells(row).saturating_mul(ROWS_PER_HIT));
        if y >= list.bottom() {
            break;
        }
        let selected = i == search.selected;
        let style = if selected { theme.selected() } else { Style::default() };
        if selected {
            buf.set_style(Rect { y, height: 1, ..list }, style);
        }
        let count = if hit.matches == 1 { "1 match".to_string() } else { format!("{} matches", hit.matches) };
        let count_w = cells(count.chars().count());
        let right = list.right().saturating_sub(count_w + 1);
        let x = put(
            buf,
            list.x + 1,
            y,
            &hit.title,
            right.saturating_sub(list.x + 2),
            style.add_modifier(Modifier::BOLD),
        );
        if !hit.section.is_empty() && x + 4 < right {
            put(
                buf,
                x,
                y,
                &format!(" · {}", hit.section),
                right.saturating_sub(x + 1),
                style.patch(theme.dim()),
            );
        }
        put(buf, right, y, &count, count_w, style.patch(theme.dim()));
        if y + 1 < list.bottom() {
            snippet(&hit.snippet, &query, theme, list.x + 3, y + 1, list.width.saturating_sub(4), buf);
        }
    }
}

/// The line above the results: how many, or why there are none.
fn summary(search: &LibrarySearch, query: &Query) -> String {
    let n = search.hits.len();
    let essays = search.essays;
    match (search.answered, n) {
        _ if search.query.trim().is_empty() => {
            "Type words (all must occur) or \"a phrase\"; a capital makes case matter".into()
        }
        _ if query.is_empty() => "Nothing to search for: type a word".into(),
        (false, 0) => "Searching…".into(),
        (false, _) => format!("{n} essays · searching…"),
        (true, 0) => format!("No essay matches (searched {essays})"),
        (true, 1) => format!("1 essay of {essays}"),
        (true, n) => format!("{n} essays of {essays}, best first"),
    }
}

/// Draws `text` on one row from `x`, at most `max` cells, with the query's words marked.
fn snippet(text: &str, query: &Query, theme: Theme, x: u16, y: u16, max: u16, buf: &mut Buffer) {
    let end = x.saturating_add(max);
    let mut at = x;
    let mut from = 0;
    let marks = highlights(text, query);
    for (start, stop) in marks.into_iter().chain([(text.len(), text.len())]) {
        if start < from || at >= end {
            continue;
        }
        at = put(buf, at, y, &text[from..start], end - at, theme.dim());
        if start < stop && at < end {
            at = put(
                buf,
                at,
                y,
                &text[start..stop],
                end - at,
                theme.matched(false).add_modifier(Modifier::BOLD),
            );
        }
        from = stop;
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::super::{Theme, render};
    use crate::app::library_search::{LibraryAnswer, LibrarySearch};
    use crate::app::{Mode, Msg, update};
    use crate::search::Hit;

    fn hit(title: &str, section: &str, snippet: &str, matches: usize) -> Hit {
        Hit {
            essay: title.to_lowercase(),
            title: title.into(),
            section: section.into(),
            snippet: snippet.into(),
            offset: 0,
            matches,
            term: "lukacs".into(),
            score: 1.0,
        }
    }

    #[test]
    fn rows_show_title_section_count_and_the_words_marked() {
        let mut model = crate::app::testing::reading("# T\n\nText.\n", "T", (90, 20));
        model.mode =
            Mode::LibrarySearch(Box::new(LibrarySearch { query: "lukacs".into(), ..Default::default() }));
        update(&mut model, Msg::Tick(std::time::Instant::now()));
        let Mode::LibrarySearch(s) = &model.mode else { panic!("the box closed") };
        let answer = LibraryAnswer {
            generation: s.generation,
            hits: vec![
                hit("Reification", "Consciousness", "as Georg Lukács wrote \u{1b}[31m", 3),
                hit("Other", "", "Lukacs again", 1),
            ],
            essays: 40,
        };
        update(&mut model, Msg::LibraryHits(answer));
        let mut terminal = Terminal::new(TestBackend::new(90, 20)).expect("terminal");
        terminal.draw(|frame| render(&model, Theme::MONO, frame)).expect("draw");
        let buf = terminal.backend().buffer().clone();
        let rows: Vec<String> =
            (0..20).map(|y| (0..90).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>()).collect();
        let text = rows.join("\n");
        assert!(text.contains("2 essays of 40, best first"), "{text}");
        let first = rows.iter().position(|r| r.contains("Reification · Consciousness")).expect("first row");
        assert!(rows[first].contains("3 matches"), "{}", rows[first]);
        assert!(
            rows[first + 1].contains("as Georg Lukács wrote ␛[31m"),
            "escape shown harmless: {}",
            rows[first + 1]
        );
        assert!(text.contains("1 match"), "{text}");
        assert!(rows[19].contains("Search all: lukacs"), "the prompt: {}", rows[19]);
        // The matched word is marked, the words around it are not.
        let y = u16::try_from(first + 1).unwrap_or(0);
        let x =
            rows[first + 1].chars().position(|c| c == 'L').and_then(|x| u16::try_from(x).ok()).unwrap_or(0);
        let marked = |x: u16| buf[(x, y)].modifier.contains(ratatui::style::Modifier::UNDERLINED);
        assert!(marked(x) && !marked(x - 2), "Lukács marked at {x}");
    }
}
