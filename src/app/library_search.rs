//! The search over every essay (`S`): a prompt whose results follow what is typed, a list
//! of essays with the passage that matched, and `Enter` to open one there with the in-essay
//! search set to the word that starts the passage, so `n`/`N` go on from it.
//!
//! The search itself runs on the shell's thread ([`Effect::SearchLibrary`]); the answer
//! comes back as [`Msg::LibraryHits`](super::Msg::LibraryHits) and is kept only if it answers the query typed last,
//! so typing is never held up by a slow search.

use std::sync::atomic::{AtomicU64, Ordering};

use super::jumps::Landing;
use super::{Effect, Mode, Model};
use crate::search::Hit;

/// At most this many essays are listed.
pub const MAX_RESULTS: usize = 200;

/// The search box and its results.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LibrarySearch {
    /// What is typed.
    pub query: String,
    /// The essays that match, best first.
    pub hits: Vec<Hit>,
    /// The selected row of `hits`.
    pub selected: usize,
    /// The text last sent to be searched (`None`: nothing yet, or the library changed).
    pub asked: Option<String>,
    /// The number of the search last asked for; answers to earlier ones are dropped.
    pub generation: u64,
    /// Whether `hits` answer the query as typed now.
    pub answered: bool,
    /// How many essays the last answer searched.
    pub essays: usize,
    /// The result being opened: the reader lands on it once the essay arrives.
    pub opening: Option<Hit>,
}

/// The shell's answer to [`Effect::SearchLibrary`].
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryAnswer {
    /// The search it answers.
    pub generation: u64,
    /// The essays that match, best first.
    pub hits: Vec<Hit>,
    /// How many essays were searched.
    pub essays: usize,
}

/// Numbers searches across the whole run, so an answer to a search of an earlier box is
/// never taken for one of this box.
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// Opens the search box (empty; the shell starts reading the essays at once).
pub fn start(model: &mut Model) {
    model.mode = Mode::LibrarySearch(Box::default());
}

/// The open search box.
pub fn state(model: &mut Model) -> Option<&mut LibrarySearch> {
    match &mut model.mode {
        Mode::LibrarySearch(s) => Some(s),
        _ => None,
    }
}

/// Sends the query to be searched if it changed since it was last sent (called once at the
/// end of every update, so a paste or a burst of keys asks once).
pub fn flush(model: &mut Model, effects: &mut Vec<Effect>) {
    let Some(s) = state(model) else { return };
    if s.asked.as_deref() == Some(s.query.as_str()) {
        return;
    }
    s.generation = GENERATION.fetch_add(1, Ordering::Relaxed) + 1;
    s.asked = Some(s.query.clone());
    s.answered = false;
    effects.push(Effect::SearchLibrary { query: s.query.clone(), generation: s.generation });
}

/// The essays changed: the results are searched again.
pub fn library_changed(model: &mut Model) {
    if let Some(s) = state(model) {
        s.asked = None;
    }
}

/// Takes the shell's answer if it answers the query typed last.
pub fn answered(model: &mut Model, answer: LibraryAnswer) {
    let Some(s) = state(model).filter(|s| s.generation == answer.generation) else { return };
    // The selection stays on its essay when the results are refreshed.
    let selected = s.hits.get(s.selected).map(|h| h.essay.clone());
    s.hits = answer.hits;
    s.essays = answer.essays;
    s.answered = true;
    s.selected = selected.and_then(|id| s.hits.iter().position(|h| h.essay == id)).unwrap_or(0);
}

/// Moves the selection by `delta` rows, within the results.
pub fn select(model: &mut Model, delta: isize) {
    if let Some(s) = state(model) {
        s.selected = s.selected.saturating_add_signed(delta).min(s.hits.len().saturating_sub(1));
    }
}

/// Opens the selected result's essay at its passage.
pub fn accept(model: &mut Model, effects: &mut Vec<Effect>) {
    let Some(s) = state(model) else { return };
    match s.hits.get(s.selected).cloned() {
        Some(hit) => {
            let (essay, offset) = (hit.essay.clone(), hit.offset);
            s.opening = Some(hit);
            // A jump: Backspace comes back to where the reader was.
            super::jumps::record(model);
            effects.extend(super::lifecycle::save_position(model));
            effects.push(Effect::OpenAt { essay, at: Landing::Offset(offset) });
        }
        None if s.query.trim().is_empty() => model.notice = Some("Type words to search every essay".into()),
        None => model.notice = Some("No essay matches".into()),
    }
}

/// The result being opened, if `id` is its essay: the reader lands on it (see `land`).
pub fn take_opening(model: &mut Model, id: &str) -> Option<Hit> {
    let s = state(model)?;
    s.opening.take_if(|h| h.essay == id)
}

/// The essay of `hit` has just opened at its passage: the in-essay search is set to the
/// term that starts the passage, on the first match from the top line, so `n`/`N` go on
/// from there.
pub fn land(model: &mut Model, hit: Hit) {
    let height = usize::from(model.geometry().body_height.max(1));
    let Some(reader) = model.reader.as_mut() else { return };
    let mut search = super::search::Search::new(&reader.layout);
    search.set_query(&reader.layout, &hit.term);
    let start = reader.layout.line_of(reader.anchor);
    let found = search.first_from(start);
    search.current = found.map(|(i, _)| i);
    let line = found.and_then(|(i, _)| search.match_line(i));
    let n = search.matches.len();
    reader.search = Some(search);
    if let Some(line) = line {
        reader.set_top(line.saturating_sub(height / 3));
    }
    // Found, the status line says "/term 2/3" by itself; not found (the passage is in
    // markup the reader does not show as written), the reader is at least at the place.
    if n == 0 {
        model.notice = Some(format!("Opened at the passage; \"{}\" is not in the text as shown", hit.term));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::reading;
    use crate::app::{Msg, update};

    fn hit(essay: &str, offset: usize, term: &str) -> Hit {
        Hit {
            essay: essay.into(),
            title: "T".into(),
            section: String::new(),
            snippet: String::new(),
            offset,
            matches: 1,
            term: term.into(),
            score: 1.0,
        }
    }

    fn searching(model: &mut Model) -> &mut LibrarySearch {
        state(model).expect("the search box is open")
    }

    #[test]
    fn typing_asks_once_per_change_and_only_the_last_answer_counts() {
        let mut model = reading("# T\n\nText.\n", "T", (80, 24));
        let effects = update(&mut model, Msg::Key(crate::app::keymap::Key::Char('S')));
        assert!(matches!(effects.as_slice(), [Effect::SearchLibrary { query, .. }] if query.is_empty()));
        let effects = update(&mut model, Msg::Paste("class war".into()));
        let Some(Effect::SearchLibrary { generation: asked, query }) = effects.first().cloned() else {
            panic!("no search asked: {effects:?}")
        };
        assert_eq!(query, "class war");
        let stale = LibraryAnswer { generation: asked - 1, hits: vec![hit("old", 0, "x")], essays: 3 };
        update(&mut model, Msg::LibraryHits(stale));
        assert!(searching(&mut model).hits.is_empty());
        let fresh = LibraryAnswer {
            generation: asked,
            hits: vec![hit("a", 0, "class"), hit("b", 0, "war")],
            essays: 3,
        };
        update(&mut model, Msg::LibraryHits(fresh));
        assert_eq!(searching(&mut model).hits.len(), 2);
        update(&mut model, Msg::Key(crate::app::keymap::Key::Down));
        let effects = update(&mut model, Msg::Key(crate::app::keymap::Key::Enter));
        assert!(
            effects.contains(&Effect::OpenAt { essay: "b".into(), at: Landing::Offset(0) }),
            "{effects:?}"
        );
    }

    #[test]
    fn esc_closes_and_a_library_change_searches_again() {
        let mut model = reading("# T\n\nText.\n", "T", (80, 24));
        update(&mut model, Msg::Key(crate::app::keymap::Key::Char('S')));
        update(&mut model, Msg::Key(crate::app::keymap::Key::Char('w')));
        let entries = model.entries.clone();
        let effects = update(&mut model, Msg::Library(entries));
        assert!(matches!(effects.as_slice(), [Effect::SearchLibrary { query, .. }] if query == "w"));
        update(&mut model, Msg::Key(crate::app::keymap::Key::Esc));
        assert_eq!(model.mode, Mode::Normal);
    }

    #[test]
    fn enter_lands_on_the_passage_with_the_in_essay_search_set() {
        use crate::app::OpenedEssay;
        let source = format!(
            "# T\n\nFirst exit here.\n\n{}Second exit there.\n\nThird exit.\n",
            "Filler.\n\n".repeat(60)
        );
        let at = source.find("Second").unwrap_or(0);
        let mut model = reading(&source, "T", (80, 24));
        update(&mut model, Msg::Key(crate::app::keymap::Key::Char('S')));
        update(&mut model, Msg::Paste("exit".into()));
        let generation = searching(&mut model).generation;
        update(
            &mut model,
            Msg::LibraryHits(LibraryAnswer { generation, hits: vec![hit("essay", at, "exit")], essays: 1 }),
        );
        let effects = update(&mut model, Msg::Key(crate::app::keymap::Key::Enter));
        assert!(effects.contains(&Effect::OpenAt { essay: "essay".into(), at: Landing::Offset(at) }));
        let opened = OpenedEssay { resume: Some(at), ..OpenedEssay::new("essay", "T", &source) };
        update(&mut model, Msg::Opened(Box::new(opened)));
        assert_eq!(model.mode, Mode::Normal);
        let reader = model.reader.as_ref().expect("reading");
        let search = reader.search.as_ref().expect("the in-essay search is set");
        assert_eq!((search.query.as_str(), search.matches.len(), search.current), ("exit", 3, Some(1)));
        let line = search.match_line(1).unwrap_or(0);
        assert!(reader.top <= line && line < reader.top + 23, "the passage is on screen");
        update(&mut model, Msg::Key(crate::app::keymap::Key::Char('n')));
        let search = model.reader.as_ref().and_then(|r| r.search.as_ref()).expect("search");
        assert_eq!(search.current, Some(2), "n goes on to the next match");
    }

    #[test]
    fn landing_in_a_long_essay_keeps_its_match_when_the_whole_essay_arrives() {
        use crate::app::OpenedEssay;
        use crate::core::document::Document;
        let source = format!(
            "# T\n\nexit one.\n\n{}exit two.\n\n{}exit three.\n",
            "Filler.\n\n".repeat(300),
            "More.\n\n".repeat(300)
        );
        let at = source.find("exit two").unwrap_or(0);
        let mut model = reading("# Other\n", "T", (80, 24));
        update(&mut model, Msg::Key(crate::app::keymap::Key::Char('S')));
        update(&mut model, Msg::Paste("exit".into()));
        let generation = searching(&mut model).generation;
        update(
            &mut model,
            Msg::LibraryHits(LibraryAnswer { generation, hits: vec![hit("long", at, "exit")], essays: 1 }),
        );
        update(&mut model, Msg::Key(crate::app::keymap::Key::Enter));
        let window = Some(at.saturating_sub(500)..(at + 500).min(source.len()));
        let opened = OpenedEssay { resume: Some(at), window, ..OpenedEssay::new("long", "T", &source) };
        update(&mut model, Msg::Opened(Box::new(opened)));
        let width = model.reader.as_ref().map_or(72, |r| r.layout.width() as u16);
        let whole = crate::core::layout::Layout::new(&std::sync::Arc::new(Document::parse(&source)), width);
        update(&mut model, Msg::Parsed("long".into(), Box::new(whole)));
        let search = model.reader.as_ref().and_then(|r| r.search.as_ref()).expect("search");
        assert_eq!((search.matches.len(), search.current), (3, Some(1)), "still on the second match");
        update(&mut model, Msg::Key(crate::app::keymap::Key::Char('n')));
        let search = model.reader.as_ref().and_then(|r| r.search.as_ref()).expect("search");
        assert_eq!(search.current, Some(2));
    }
}
