//! The first screen of a long Markdown essay named by path, drawn from a part of its file
//! before anything else is done: before the library is read, the whole file read and its
//! identity hashed (about 20 ms for a 10 MiB book on its first open). The part is the very
//! window the full open parses first (see [`super::window`]), so when the full open follows
//! a few milliseconds later the screen stays as it is; only what the preview does not know
//! arrives then (highlights, notices, "Continued from …").
//!
//! It resumes only where the place to resume is known without reading the whole file: an
//! essay remembered unchanged (by path, size and time) with its reading position saved in
//! that very text; one never seen starts at the top. Anything else (a remembered file
//! edited since, a place saved in another version of the text, another format, a file
//! whose start does not give its title) is opened the ordinary way.

use std::path::Path;

use super::window::{NeedMore, is_long, window_in, window_reach};
use crate::app::OpenedEssay;
use crate::core::identity::KnownEssay;
use crate::library::formats::Format;
use crate::library::{self, EssayInfo, Source};
use crate::store::Store;

/// What is known before the library is read: whether an essay was seen before, and where
/// reading stopped in it.
pub(super) struct Known<'a> {
    /// The library's remembered metadata (library-cache.json).
    pub cached: &'a [EssayInfo],
    /// Essays opened by path before, remembered the same way.
    pub opened: &'a [EssayInfo],
    /// The registry of essays seen before.
    pub registry: &'a [KnownEssay],
    /// Saved state.
    pub store: &'a Store,
}

/// The essay to draw a first screen of for the command-line argument `query`, if it names
/// a long Markdown file whose first screen can be read from a part of it: the part that
/// reaches `ahead` bytes past the place to resume (see [`super::window::screen_ahead`]).
pub(super) fn prepare(query: &str, known: &Known<'_>, ahead: usize) -> Option<OpenedEssay> {
    let path = Path::new(query);
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    let len = usize::try_from(meta.len()).ok()?;
    if !is_long(len) || Format::of(path) != Format::Markdown {
        return None;
    }
    let stamp = library::stamp(path)?;
    let canonical = path.canonicalize().ok()?;
    let remembered = known
        .opened
        .iter()
        .chain(known.cached.iter().filter(|e| e.source == Source::User))
        .find(|e| e.stamp == Some(stamp) && (e.path == canonical || e.path == path));
    let (id, title, resume) = match remembered {
        Some(info) => (info.id.clone(), Some(info.title.clone()), place_to_resume(info, known.store)?),
        None => {
            // Seen before at this path (since edited, or no longer remembered): its place
            // may be anywhere, so it is found the ordinary way.
            if has_state(known, &canonical) || has_state(known, path) {
                return None;
            }
            (String::new(), None, None)
        }
    };
    let at = resume.unwrap_or(0).min(len);
    let (before, after) = window_reach(ahead);
    let (base, part) =
        library::read_part(path, at.saturating_sub(before), at - at.saturating_sub(before) + after)?;
    // Anchors are taken at character boundaries; the whole text's open floors one anyway.
    let resume = resume.map(|mut r| {
        while r > base && !part.is_char_boundary(r - base) {
            r -= 1;
        }
        r
    });
    let window = match window_in(&part, base, len, resume, ahead) {
        Ok(Some(window)) => window,
        Ok(None) | Err(NeedMore) => return None,
    };
    let text = part.get(window.start - base..window.end - base)?;
    let title = match title {
        Some(title) => title,
        // Never seen: its title must be decided by the part read (front matter, first
        // heading), as the full open will decide it.
        None if window.start == 0 => library::title_from_start(text)?,
        None => return None,
    };
    // A part from the middle is read without the front matter: one that starts with a
    // fence line would be taken for front matter.
    if window.start > 0 && (text.starts_with("---") || text.starts_with('\u{feff}')) {
        return None;
    }
    let resume = resume.map(|r| {
        let mut r = r.clamp(window.start, window.end) - window.start;
        while !text.is_char_boundary(r) {
            r -= 1;
        }
        r
    });
    Some(OpenedEssay { resume, part_of: Some((window.start, len)), ..OpenedEssay::new(id, title, text) })
}

/// Where the remembered essay `info` is to be opened: `Some(None)` at its start (nothing
/// saved), `Some(Some(offset))` at its saved place when that place was saved in this very
/// text, `None` when the place can only be found by reading the whole text.
fn place_to_resume(info: &EssayInfo, store: &Store) -> Option<Option<usize>> {
    match store.position(&info.id) {
        None => Some(None),
        Some(saved) if Some(saved.anchor.source_hash) == info.source_hash => Some(Some(saved.anchor.offset)),
        Some(_) => None,
    }
}

/// Whether the essay the registry last saw at `path` has anything saved.
fn has_state(known: &Known<'_>, path: &Path) -> bool {
    known.registry.iter().filter(|k| k.path == path).any(|k| {
        let store = known.store;
        store.position(&k.id).is_some()
            || !store.bookmarks(Some(&k.id)).is_empty()
            || !store.highlights(Some(&k.id)).is_empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Model, Msg, update};
    use crate::core::position;
    use crate::store::SavedPosition;
    use crate::ui::Theme;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn book() -> String {
        let mut text = String::from("---\ntitle: The Long Book\n---\n\n# The Long Book\n\n");
        for n in 1..=4000 {
            text.push_str(&format!(
                "## Part {n}\n\nPart {n} argues “patiently” — at length — about what is to be done.\n\n"
            ));
        }
        text
    }

    /// How far a first screen at 100×24 reaches.
    fn ahead() -> usize {
        super::super::window::screen_ahead((100, 24))
    }

    /// The screen of a model that opened `essay`, at 100×24.
    fn screen_of(essay: OpenedEssay) -> Vec<String> {
        let mut model = Model::new(Vec::new(), (100, 24));
        update(&mut model, Msg::Opened(Box::new(essay)));
        let mut terminal = Terminal::new(TestBackend::new(100, 24)).expect("terminal");
        terminal
            .draw(|f| crate::ui::render(&model, Theme::pick(crate::config::ThemeName::Dark, None), f))
            .expect("draw");
        let buffer = terminal.backend().buffer().clone();
        (0..24).map(|y| (0..100).map(|x| buffer[(x, y)].symbol().to_string()).collect()).collect()
    }

    /// The screen the full open draws first: the whole text, parsed on the window around
    /// `resume` (as the shell opens a long essay).
    fn full_open(text: &str, id: &str, resume: Option<usize>) -> Vec<String> {
        screen_of(OpenedEssay {
            resume,
            window: super::super::window::first_screen_window(text, resume),
            ..OpenedEssay::new(id, "The Long Book", text)
        })
    }

    /// `screen` with the status line's estimate of the minutes left taken out, and that
    /// estimate. A first screen's part reaches less far than the open's window, and each
    /// reckons the whole essay's words from its own: the two agree within a few percent.
    fn estimate_apart(mut screen: Vec<String>) -> (Vec<String>, f64) {
        let status = screen.last_mut().expect("a status line");
        let end = status.find(" min left").expect("minutes left");
        let start = status[..end].rfind('~').expect("an estimate") + 1;
        let minutes = status[start..end].parse().expect("a number");
        status.replace_range(start..end, "");
        (screen, minutes)
    }

    /// Whether `first` is the open's screen `open`, text and outline cell by cell.
    fn same_screen(first: Vec<String>, open: Vec<String>) {
        let ((first, a), (open, b)) = (estimate_apart(first), estimate_apart(open));
        assert_eq!(first, open);
        assert!((a - b).abs() <= 0.05 * b, "~{a} min left, then ~{b}");
    }

    #[test]
    fn the_first_screen_drawn_from_a_part_of_the_file_is_the_full_opens_first_screen() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("book.md");
        let text = book();
        std::fs::write(&path, &text).expect("write");
        let (mut store, _) =
            Store::open_in(&dir.path().join("config"), &dir.path().join("sync"), Some("here"));
        let none = Known { cached: &[], opened: &[], registry: &[], store: &store };

        // Never seen: its start.
        let query = path.to_str().expect("utf-8");
        let first = prepare(query, &none, ahead()).expect("a long Markdown file");
        assert_eq!(first.title, "The Long Book");
        same_screen(screen_of(first), full_open(&text, "", None));

        // Remembered unchanged, with its place saved in this text: that place.
        let at = text.find("## Part 2700\n").expect("part");
        let id = "long-book";
        store
            .save_position(SavedPosition::new(id, position::capture(&text, at, Vec::new()), 0.5))
            .expect("save");
        let info = EssayInfo {
            id: id.into(),
            title: "The Long Book".into(),
            path: path.canonicalize().expect("canonical"),
            stamp: library::stamp(&path),
            source_hash: Some(position::source_hash(&text)),
            source: Source::User,
            ..EssayInfo::default()
        };
        let opened = [info.clone()];
        let known = Known { cached: &[], opened: &opened, registry: &[], store: &store };
        let deep = prepare(query, &known, ahead()).expect("a remembered essay");
        let shown = screen_of(deep);
        assert!(shown[0].contains("Part 2700"), "{shown:#?}");
        same_screen(shown, full_open(&text, id, Some(at)));

        // Its place saved in another version of the text: found the ordinary way.
        let other = [EssayInfo { source_hash: Some(1), ..info.clone() }];
        assert!(prepare(query, &Known { opened: &other, ..known }, ahead()).is_none());
        // The file changed since it was remembered, and its place was saved: the same.
        std::fs::write(&path, format!("{text}\nOne more line.\n")).expect("write");
        let seen = KnownEssay {
            id: id.into(),
            fingerprint: 1,
            sketch: Default::default(),
            path: path.clone(),
            title: "The Long Book".into(),
        };
        let registry = [seen];
        assert!(prepare(query, &Known { opened: &opened, registry: &registry, ..known }, ahead()).is_none());
        // A short essay has no first screen apart from its whole.
        let short = dir.path().join("short.md");
        std::fs::write(&short, "# Short\n\nA few words.\n").expect("write");
        assert!(prepare(short.to_str().expect("utf-8"), &Known { opened: &[], ..known }, ahead()).is_none());
    }
}
