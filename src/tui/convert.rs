//! The library and the store's records as the app lists them: essays with their reading
//! progress, and bookmarks placed in the open essay's current text.

use std::time::SystemTime;

use crate::app::{BookmarkEntry, Entry};
use crate::core::position;
use crate::library::{Library, Source};
use crate::store::Store;

/// The library as the app lists it, with progress from saved positions.
pub fn entries(library: &Library, store: &Store) -> Vec<Entry> {
    library
        .essays
        .iter()
        .map(|e| {
            let position = store.position(&e.id);
            Entry {
                id: e.id.clone(),
                title: e.title.clone(),
                author: e.author.clone(),
                date: e.date.clone(),
                tags: e.tags.clone(),
                words: e.words,
                source: match e.source {
                    Source::Bundled => "bundled",
                    Source::User => "user",
                },
                problem: e.problem.clone(),
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

/// All bookmarks; those of `open` (an essay id and its text) are placed in that text.
pub fn bookmark_entries(store: &Store, open: Option<(&str, &str)>) -> Vec<BookmarkEntry> {
    // Made only when the open essay has bookmarks: it hashes the whole text.
    let mut resolver = None;
    store
        .bookmarks(None)
        .into_iter()
        .map(|b| {
            let offset = match open {
                Some((id, source)) if id == b.essay => resolver
                    .get_or_insert_with(|| position::Resolver::new(source))
                    .resolve(&b.anchor)
                    .offset(),
                _ => Some(b.anchor.offset),
            };
            BookmarkEntry {
                id: b.id.clone(),
                essay: b.essay.clone(),
                label: b.label.clone(),
                section: b.section.clone(),
                snippet: b.snippet.clone(),
                created: b.created.clone(),
                offset,
            }
        })
        .collect()
}
