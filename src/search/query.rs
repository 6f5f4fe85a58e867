//! The query language: words that must all occur, `"exact phrases"`, smart case (a
//! capital anywhere makes the whole query case-sensitive). Terms are folded by the core's
//! one folding function ([`crate::core::fold`]), as the in-essay search folds them.

use crate::core::fold::fold;

/// A query longer than this (in bytes) is not a passage anyone remembers: it answers nothing
/// at once rather than scanning the library for it.
pub const MAX_QUERY_BYTES: usize = 1_000;
/// At most this many terms are searched for; a longer query answers nothing.
pub const MAX_TERMS: usize = 16;

/// One word or phrase of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// As typed (a phrase without its quotes).
    pub raw: String,
    /// Folded and lower-cased: what is looked for in the folded, lower-cased text.
    pub folded: String,
    /// Folded with its case kept: what a case-sensitive match must contain.
    pub cased: String,
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// The terms, in the order typed, each once.
    pub terms: Vec<Term>,
    /// Whether case matters (the query has a capital letter).
    pub case_sensitive: bool,
}

impl Query {
    /// Parses `text`: whitespace separates words, `"…"` (straight or curly quotes) holds
    /// a phrase (an unclosed quote runs to the end). Terms without a letter or digit are
    /// dropped, so a query of punctuation only is empty; so is one that is too long.
    pub fn parse(text: &str) -> Query {
        if text.len() > MAX_QUERY_BYTES {
            return Query::default();
        }
        let case_sensitive = text.chars().any(char::is_uppercase);
        let mut terms: Vec<Term> = Vec::new();
        for raw in split_terms(text) {
            let folded = fold(raw.trim(), true);
            let folded = folded.trim();
            if !folded.chars().any(char::is_alphanumeric) || terms.iter().any(|t| t.folded == folded) {
                continue;
            }
            let cased = fold(raw.trim(), false).trim().to_string();
            terms.push(Term { raw: raw.trim().to_string(), folded: folded.to_string(), cased });
        }
        if terms.len() > MAX_TERMS {
            return Query::default();
        }
        Query { terms, case_sensitive }
    }

    /// Whether nothing is looked for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// Splits `text` into words and quoted phrases.
fn split_terms(text: &str) -> Vec<&str> {
    let is_quote = |c: char| matches!(c, '"' | '“' | '”' | '„' | '«' | '»');
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        let Some(first) = rest.chars().next() else { break };
        if is_quote(first) {
            let inner = &rest[first.len_utf8()..];
            let end = inner.find(is_quote).unwrap_or(inner.len());
            out.push(&inner[..end]);
            let close = inner[end..].chars().next().map_or(0, char::len_utf8);
            rest = &inner[end + close..];
        } else {
            let end = rest.find(|c: char| c.is_whitespace() || is_quote(c)).unwrap_or(rest.len());
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(q: &Query) -> Vec<&str> {
        q.terms.iter().map(|t| t.folded.as_str()).collect()
    }

    #[test]
    fn words_and_phrases() {
        let q = Query::parse(r#"lukacs "class consciousness"  reified"#);
        assert_eq!(folded(&q), ["lukacs", "class consciousness", "reified"]);
        assert!(!q.case_sensitive);
        let q = Query::parse("“voice and exit” Hirschman");
        assert_eq!(folded(&q), ["voice and exit", "hirschman"]);
        assert!(q.case_sensitive);
        assert_eq!(q.terms[1].cased, "Hirschman");
    }

    #[test]
    fn unclosed_phrase_runs_to_the_end() {
        assert_eq!(folded(&Query::parse("\"voice and ex")), ["voice and ex"]);
    }

    #[test]
    fn typography_is_folded() {
        assert_eq!(folded(&Query::parse("Don’t Lukács")), ["don't", "lukacs"]);
    }

    #[test]
    fn punctuation_only_and_huge_queries_are_empty() {
        assert!(Query::parse("!!! ... -- \"\"").is_empty());
        assert!(Query::parse(&"word ".repeat(20_000)).is_empty());
        assert!(Query::parse(&(0..40).map(|i| format!("w{i} ")).collect::<String>()).is_empty());
        assert!(Query::parse("   ").is_empty());
    }

    #[test]
    fn a_repeated_word_counts_once() {
        assert_eq!(folded(&Query::parse("state State")), ["state"]);
    }
}
