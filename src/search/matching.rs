//! Finding a query's terms in one essay and scoring it: every term must occur; essays
//! where the terms come close together (the smallest stretch holding one of each) and
//! often rank first.

use super::query::Query;
use crate::core::fold::{Folded, fold};

/// At most this many occurrences of one term are looked at in one essay, so a one-letter
/// word in a huge library stays fast.
const MAX_OCCURRENCES: usize = 20_000;

/// How one essay matched.
#[derive(Debug, Clone, PartialEq)]
pub struct EssayMatch {
    /// Higher is better.
    pub score: f64,
    /// Occurrences of all terms together.
    pub count: usize,
    /// The folded byte range of the best stretch (closest terms, first such in the text).
    pub window: (usize, usize),
    /// The term whose occurrence starts that stretch.
    pub first_term: usize,
}

/// Matches `query` against `folded` (the essay's text folded and lower-cased, with the
/// way back to `original`). `None` when a term does not occur.
pub fn match_essay(query: &Query, folded: &Folded, original: &str) -> Option<EssayMatch> {
    if query.is_empty() {
        return None;
    }
    let hay = folded.as_str().as_bytes();
    let mut lists: Vec<Vec<usize>> = Vec::with_capacity(query.terms.len());
    for term in &query.terms {
        let finder = memchr::memmem::Finder::new(term.folded.as_bytes());
        let mut found: Vec<usize> = Vec::new();
        for at in finder.find_iter(hay) {
            if query.case_sensitive && !cased_match(folded, original, at, term.folded.len(), &term.cased) {
                continue;
            }
            found.push(at);
            if found.len() >= MAX_OCCURRENCES {
                break;
            }
        }
        if found.is_empty() {
            return None;
        }
        lists.push(found);
    }
    let lens: Vec<usize> = query.terms.iter().map(|t| t.folded.len()).collect();
    let (window, first_term) = smallest_window(&lists, &lens);
    let count: usize = lists.iter().map(Vec::len).sum();
    let letters: usize = lens.iter().sum();
    // The gap the terms leave between them in the best stretch: 0 for a phrase or words
    // side by side, growing with every word between them.
    let gap = (window.1 - window.0).saturating_sub(letters);
    #[allow(clippy::cast_precision_loss)] // counts far below 2^52
    let score = 4.0 / (1.0 + gap as f64 / 8.0) + (1.0 + count as f64).log10();
    Some(EssayMatch { score, count, window, first_term })
}

/// Whether the lower-cased match at folded `at..at+len` also matches `cased` with its case.
fn cased_match(folded: &Folded, original: &str, at: usize, len: usize, cased: &str) -> bool {
    let (s, e) = folded.original_range(at, at + len);
    // Most matches are plain text, equal byte for byte; only the others need folding.
    original.get(s..e).is_some_and(|o| o == cased || fold(o, false).contains(cased))
}

/// The smallest folded range holding an occurrence of every term (the first such), and
/// which term starts it. `lists` are sorted starts, one non-empty list per term.
fn smallest_window(lists: &[Vec<usize>], lens: &[usize]) -> ((usize, usize), usize) {
    let mut next = vec![0usize; lists.len()];
    let mut best: Option<((usize, usize), usize)> = None;
    loop {
        let (mut lo, mut lo_term, mut hi) = (usize::MAX, 0, 0);
        for (t, list) in lists.iter().enumerate() {
            let at = list[next[t]];
            if at < lo {
                lo = at;
                lo_term = t;
            }
            hi = hi.max(at + lens[t]);
        }
        if best.is_none_or(|((s, e), _)| hi - lo < e - s) {
            best = Some(((lo, hi), lo_term));
        }
        next[lo_term] += 1;
        if next[lo_term] >= lists[lo_term].len() {
            break;
        }
    }
    best.unwrap_or(((0, 0), 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(query: &str, text: &str) -> Option<EssayMatch> {
        match_essay(&Query::parse(query), &Folded::new(text, true), text)
    }

    #[test]
    fn every_word_must_occur() {
        assert!(score("class consciousness", "class struggle").is_none());
        assert!(score("class consciousness", "consciousness of a class").is_some());
    }

    #[test]
    fn words_together_beat_words_far_apart() {
        let filler = "and then some other words went on ".repeat(30);
        let near = score("class consciousness", &format!("{filler} class consciousness {filler}")).unwrap();
        let far = score("class consciousness", &format!("class {filler} consciousness")).unwrap();
        assert!(near.score > far.score, "{near:?} vs {far:?}");
    }

    #[test]
    fn more_often_ranks_higher_when_as_close() {
        let once = score("exit", "voice and exit").unwrap();
        let often = score("exit", "exit, exit, and exit").unwrap();
        assert!(often.score > once.score);
        assert_eq!(often.count, 3);
    }

    #[test]
    fn the_window_is_the_closest_stretch() {
        let text = "alpha x x x x x beta ... alpha beta";
        let m = score("beta alpha", text).unwrap();
        assert_eq!(&text[m.window.0..m.window.1], "alpha beta");
        assert_eq!(m.first_term, 1);
    }

    #[test]
    fn smart_case() {
        assert!(score("Marx", "marx and engels").is_none());
        assert!(score("Marx", "Marx and Engels").is_some());
        assert!(score("marx", "MARX").is_some());
    }

    #[test]
    fn typography_is_ignored() {
        assert!(score("don't", "I don’t know").is_some());
        assert!(score("Lukacs", "Georg Lukács wrote").is_some());
        assert!(score("\"also probably\"", "but also\u{a0}probably").is_some());
        assert!(score("self-made", "a self‐made man").is_some());
    }
}
