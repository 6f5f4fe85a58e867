//! Searching every essay of the library at once.
//!
//! The whole text of every essay is kept in memory, folded once by the core's folding
//! function ([`crate::core::fold`], the one the in-essay search uses), and each query scans
//! it with `memchr`'s substring search: 1,000 essays of 50 KiB answer in a few tens of
//! milliseconds on two cores (see `benches/search.rs`), so no index is kept on disk and
//! nothing has to be rebuilt. [`Corpus::sync`] follows the library: essays whose file is
//! unchanged are kept, changed and new ones read, removed ones dropped.
//!
//! `query` parses what is typed, `matching` finds and scores one essay, `snippet` makes
//! what a result shows (section, snippet, marked words).

mod matching;
mod query;
mod service;
mod snippet;

pub use query::{MAX_QUERY_BYTES, Query, Term};
pub use service::{Answer, Searcher};
pub use snippet::highlights;

use std::path::PathBuf;
use std::sync::Arc;

use crate::core::essay::{EssayInfo, FileStamp};
use crate::core::fold::Folded;
use crate::core::frontmatter;

/// One essay, ready to be searched.
#[derive(Debug)]
pub struct SearchDoc {
    /// The essay's id.
    pub id: String,
    /// Its title.
    pub title: String,
    path: PathBuf,
    stamp: Option<FileStamp>,
    text: String,
    /// The body (after any front matter), folded and lower-cased.
    folded: Folded,
    /// Where the body starts in `text`.
    body_start: usize,
    headings: Vec<(usize, String)>,
}

impl SearchDoc {
    /// Prepares `text`, the whole file of essay `id`; `markdown` says whether its lines
    /// can be headings (plain text has none).
    pub fn new(id: &str, title: &str, text: String, markdown: bool) -> SearchDoc {
        let body_start = if markdown { frontmatter::split(&text).body_start } else { 0 };
        let folded = Folded::new(&text[body_start..], true);
        let headings = if markdown { snippet::headings(&text, body_start) } else { Vec::new() };
        SearchDoc {
            id: id.to_string(),
            title: title.to_string(),
            path: PathBuf::new(),
            stamp: None,
            text,
            folded,
            body_start,
            headings,
        }
    }

    /// Bytes of text held.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether the essay has no text.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// One essay that matched, at its best passage.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The essay's id.
    pub essay: String,
    /// Its title.
    pub title: String,
    /// The heading above the passage ("" before the first).
    pub section: String,
    /// One line of text around the passage.
    pub snippet: String,
    /// Byte offset of the passage in the essay's file.
    pub offset: usize,
    /// How many times the query's terms occur in the essay.
    pub matches: usize,
    /// The term the passage starts with: what the in-essay search looks for so that `n`
    /// and `N` go on from this passage.
    pub term: String,
    /// Higher is better.
    pub score: f64,
}

/// Every essay's searchable text. Cheap to clone (the essays are shared), so a search can
/// run on another thread while the library changes.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    docs: Vec<Arc<SearchDoc>>,
}

impl Corpus {
    /// The corpus of `essays`, read now.
    pub fn build(essays: &[EssayInfo]) -> Corpus {
        let mut corpus = Corpus::default();
        corpus.sync(essays);
        corpus
    }

    /// A corpus of essays already prepared (for tests and benchmarks).
    pub fn from_docs(docs: Vec<SearchDoc>) -> Corpus {
        Corpus { docs: docs.into_iter().map(Arc::new).collect() }
    }

    /// Follows the library: keeps essays whose file is unchanged, reads the changed and new
    /// ones, drops the rest. Files that cannot be read (binary, vanished, too big) are left
    /// out; invalid UTF-8 is searched as the reader shows it, with replacement characters.
    pub fn sync(&mut self, essays: &[EssayInfo]) {
        // By id, so following a library of thousands costs one look-up per essay.
        let known: std::collections::HashMap<&str, &Arc<SearchDoc>> =
            self.docs.iter().map(|d| (d.id.as_str(), d)).collect();
        let unchanged = |e: &EssayInfo| {
            known
                .get(e.id.as_str())
                .filter(|d| d.path == e.path && d.stamp == e.stamp && d.title == e.title)
                .map(|d| Arc::clone(d))
        };
        let docs = crate::library::parallel::map(essays, |e| {
            unchanged(e).or_else(|| {
                let text = crate::library::load_text(e).ok()?;
                // Every format arrives as the Markdown the reader shows (plain text and web
                // pages converted), so offsets land where the reader puts them.
                let mut doc = SearchDoc::new(&e.id, &e.title, text.text.into_string(), true);
                doc.path = e.path.clone();
                doc.stamp = e.stamp;
                Some(Arc::new(doc))
            })
        });
        self.docs = docs.into_iter().flatten().collect();
    }

    /// How many essays are searchable.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no essay is searchable.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The essays matching `query`, best first, at most `limit`. `cancelled` is asked
    /// between essays: once it says yes the search stops and answers `None`.
    pub fn search(
        &self,
        query: &Query,
        limit: usize,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        if query.is_empty() || limit == 0 {
            return Some(Vec::new());
        }
        let found = crate::library::parallel::map(&self.docs, |doc| {
            if cancelled() {
                return None;
            }
            let m = matching::match_essay(query, &doc.folded, &doc.text[doc.body_start..])?;
            Some((Arc::clone(doc), m))
        });
        if cancelled() {
            return None;
        }
        let mut found: Vec<_> = found.into_iter().flatten().collect();
        found.sort_by(|(a, x), (b, y)| y.score.total_cmp(&x.score).then_with(|| a.title.cmp(&b.title)));
        found.truncate(limit);
        Some(found.into_iter().map(|(doc, m)| hit(&doc, query, &m)).collect())
    }
}

/// What a match shows.
fn hit(doc: &SearchDoc, query: &Query, m: &matching::EssayMatch) -> Hit {
    let body = &doc.text[doc.body_start..];
    let offset = doc.body_start + doc.folded.original_start(m.window.0).min(body.len());
    Hit {
        essay: doc.id.clone(),
        title: doc.title.clone(),
        section: snippet::section_at(&doc.headings, offset).to_string(),
        snippet: snippet::snippet(&doc.text, offset),
        offset,
        matches: m.count,
        term: query.terms.get(m.first_term).map(|t| t.raw.clone()).unwrap_or_default(),
        score: m.score,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(essays: &[(&str, &str)]) -> Corpus {
        Corpus::from_docs(
            essays.iter().map(|(id, text)| SearchDoc::new(id, id, (*text).to_string(), true)).collect(),
        )
    }

    fn ids(corpus: &Corpus, query: &str) -> Vec<String> {
        let hits = corpus.search(&Query::parse(query), 10, &|| false).unwrap_or_default();
        hits.into_iter().map(|h| h.essay).collect()
    }

    #[test]
    fn the_phrase_beats_the_words_far_apart() {
        let filler = "and so the argument went on for a while ".repeat(40);
        let c = corpus(&[
            ("apart", &format!("class {filler} consciousness")),
            ("together", &format!("{filler} class consciousness {filler}")),
            ("neither", "nothing here"),
        ]);
        assert_eq!(ids(&c, "consciousness class"), ["together", "apart"]);
    }

    #[test]
    fn a_hit_names_its_section_snippet_and_offset() {
        let text = "---\ntitle: T\n---\n# T\n\n## Voice\n\nThere are two options: voice and exit.\n";
        let c = corpus(&[("e", text)]);
        let hits = c.search(&Query::parse("exit voice"), 10, &|| false).unwrap_or_default();
        let h = &hits[0];
        assert_eq!(h.section, "Voice");
        assert_eq!(&text[h.offset..h.offset + 14], "voice and exit");
        assert!(h.snippet.contains("voice and exit"), "{}", h.snippet);
        assert_eq!(h.term, "voice");
        assert_eq!(h.matches, 3);
    }

    #[test]
    fn front_matter_is_not_searched() {
        let c = corpus(&[("e", "---\nauthor: Lukács\n---\nbody text\n")]);
        assert!(ids(&c, "lukacs").is_empty());
    }

    #[test]
    fn offsets_of_folded_text_point_at_the_original() {
        let text = "# Ü\n\nÆther and “Lukács” – don’t.";
        let c = corpus(&[("e", text)]);
        let hits = c.search(&Query::parse("don't"), 10, &|| false).unwrap_or_default();
        assert!(text[hits[0].offset..].starts_with("don’t"));
    }

    #[test]
    fn a_cancelled_search_answers_nothing() {
        let c = corpus(&[("e", "word")]);
        assert!(c.search(&Query::parse("word"), 10, &|| true).is_none());
    }

    #[test]
    fn sync_reads_changed_essays_and_drops_removed_and_unreadable_ones() {
        use crate::core::essay::Source;
        let dir = tempfile::tempdir().expect("tempdir");
        let info = |name: &str, text: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).expect("write");
            let stamp = crate::library::stamp(&path);
            EssayInfo {
                id: name.into(),
                title: name.into(),
                path,
                source: Source::User,
                stamp,
                ..EssayInfo::default()
            }
        };
        let a = info("a.md", b"# A\n\nold words\n");
        let binary = info("b.md", b"old\0\0 words");
        let mut corpus = Corpus::build(&[a, binary]);
        assert_eq!(corpus.len(), 1, "the binary file is not searched");
        let a = info("a.md", b"# A\n\nnew words, a little longer\n");
        corpus.sync(std::slice::from_ref(&a));
        assert_eq!(ids(&corpus, "new"), ["a.md"]);
        assert!(ids(&corpus, "old").is_empty());
        corpus.sync(&[]);
        assert!(corpus.is_empty());
    }

    #[test]
    fn limit_keeps_the_best() {
        let c = corpus(&[("a", "word"), ("b", "word word word")]);
        assert_eq!(ids(&c, "word"), ["b", "a"]);
        let one = c.search(&Query::parse("word"), 1, &|| false).unwrap_or_default();
        assert_eq!(one.len(), 1);
    }
}
