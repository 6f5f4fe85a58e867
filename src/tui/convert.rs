//! The library and the store's records as the app lists them: essays with their reading
//! progress, and bookmarks placed in the open essay's current text.

use std::time::SystemTime;

use crate::app::{BookmarkEntry, Entry, HighlightEntry};
use crate::core::document::SharedSource;
use crate::core::position;
use crate::library::{EssayInfo, Library};
use crate::store::Store;

/// The library as the app lists it, with progress from saved positions.
pub fn entries(library: &Library, store: &Store) -> Vec<Entry> {
    library
        .essays
        .iter()
        .map(|e| {
            let position = store.position(&e.id);
            Entry {
                essay: e.clone(),
                progress: position.map(|p| p.progress),
                last_read: position
                    .and_then(|p| {
                        crate::store::parse_time(&p.updated).duration_since(SystemTime::UNIX_EPOCH).ok()
                    })
                    .map(|d| d.as_secs()),
            }
        })
        .collect()
}

/// All bookmarks, each with its essay's title; those of `open` (an essay id and its text)
/// are placed in that text; those whose essay is neither in `library` nor in `extra`
/// (essays opened by path) are detached.
pub fn bookmark_entries(
    library: &Library,
    extra: &[EssayInfo],
    store: &Store,
    open: Option<(&str, &SharedSource)>,
) -> Vec<BookmarkEntry> {
    // Made only when the open essay has bookmarks: it hashes the whole text.
    let mut resolver = None;
    store
        .bookmarks(None)
        .into_iter()
        .map(|b| {
            let offset = match open {
                Some((id, source)) if id == b.essay => resolver
                    .get_or_insert_with(|| position::Resolver::hashed(source, source.hash()))
                    .resolve(&b.anchor)
                    .offset(),
                _ => Some(b.anchor.offset),
            };
            let extra_title = || extra.iter().find(|e| e.id == b.essay).map(|e| e.title.as_str());
            let title = library.title_of(&b.essay).or_else(extra_title).or(b.heading_title());
            BookmarkEntry {
                title: title.unwrap_or(&b.essay).to_string(),
                detached: library.get(&b.essay).is_none() && extra_title().is_none(),
                bookmark: b.clone(),
                offset,
            }
        })
        .collect()
}

/// All highlights, each with its essay's title, grouped by essay (by title) in the order
/// of their passages; the open essay places its own in its text.
pub fn highlight_entries(library: &Library, extra: &[EssayInfo], store: &Store) -> Vec<HighlightEntry> {
    let mut out: Vec<HighlightEntry> = store
        .highlights(None)
        .into_iter()
        .map(|h| {
            let extra_title = || extra.iter().find(|e| e.id == h.essay).map(|e| e.title.as_str());
            let title = library.title_of(&h.essay).or_else(extra_title).or(h.heading_title());
            HighlightEntry {
                title: title.unwrap_or(&h.essay).to_string(),
                detached: library.get(&h.essay).is_none() && extra_title().is_none(),
                highlight: h.clone(),
                range: None,
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.title, &a.essay, a.start.offset).cmp(&(&b.title, &b.essay, b.start.offset)));
    out
}
