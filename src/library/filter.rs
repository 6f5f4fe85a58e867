//! Narrowing the library as the reader types: fuzzy, over title, author and tags.

use super::EssayInfo;
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// Indices into `lib` of the essays matching `query`, best first (ties keep library
/// order). Each word of the query must match, fuzzily, somewhere in the title, author or
/// tags; smart case (an uppercase letter makes that word case-sensitive); accents are
/// ignored. An empty query keeps every essay in order.
pub fn filter(lib: &[EssayInfo], query: &str) -> Vec<usize> {
    rank(lib.iter().map(|e| (e.title.as_str(), e.author.as_deref(), e.tags.as_slice())), query)
}

/// [`filter`] over anything with a title, an author and tags: indices of the matching
/// items, best first.
pub fn rank<'a>(
    items: impl Iterator<Item = (&'a str, Option<&'a str>, &'a [String])>,
    query: &str,
) -> Vec<usize> {
    // Plain fuzzy words: fzf's ^ ! ' $ operators would surprise someone typing a title.
    let pattern = Pattern::new(query, CaseMatching::Smart, Normalization::Smart, AtomKind::Fuzzy);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, usize)> = items
        .enumerate()
        .filter_map(|(i, (title, author, tags))| {
            let haystack = searchable(title, author, tags);
            let all = pattern.score(Utf32Str::new(&haystack, &mut buf), &mut matcher)?;
            // A match within the title alone counts double: titles are what people type.
            let title = pattern.score(Utf32Str::new(title, &mut buf), &mut matcher).unwrap_or(0);
            Some((all + title, i))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

fn searchable(title: &str, author: Option<&str>, tags: &[String]) -> String {
    let mut text = title.to_string();
    for part in author.into_iter().chain(tags.iter().map(String::as_str)) {
        text.push_str(" · ");
        text.push_str(part);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{Location, Source};

    fn essay(title: &str, author: Option<&str>, tags: &[&str]) -> EssayInfo {
        EssayInfo {
            id: String::new(),
            declared_id: None,
            fingerprint: 0,
            sketch: Default::default(),
            title: title.into(),
            author: author.map(String::from),
            date: None,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            words: 0,
            source: Source::User,
            path: "x.md".into(),
            location: Location::File("x.md".into()),
            problem: None,
            modified: None,
            size: 0,
        }
    }

    fn lib() -> Vec<EssayInfo> {
        vec![
            essay("On the general strike", Some("Rosa Luxemburg"), &["labour"]),
            essay("Why I support leaking Leftist documents", None, &["media"]),
            essay("Mass strike, party and trade unions", Some("Rosa Luxemburg"), &[]),
            essay("L'été 1968", Some("Anon"), &["france", "labour"]),
        ]
    }

    #[test]
    fn empty_query_keeps_everything_in_order() {
        assert_eq!(filter(&lib(), ""), [0, 1, 2, 3]);
        assert_eq!(filter(&lib(), "   "), [0, 1, 2, 3]);
    }

    #[test]
    fn fuzzy_title_match() {
        assert_eq!(filter(&lib(), "leak docs"), [1]);
    }

    #[test]
    fn words_may_match_different_fields() {
        assert_eq!(filter(&lib(), "luxemburg general"), [0]);
        let labour = filter(&lib(), "labour");
        assert_eq!(labour.len(), 2);
        assert!(labour.contains(&0) && labour.contains(&3));
    }

    #[test]
    fn accents_and_case_are_forgiven() {
        assert_eq!(filter(&lib(), "ete 1968"), [3]);
        assert_eq!(filter(&lib(), "MASS"), Vec::<usize>::new()); // smart case: uppercase is exact
        assert_eq!(filter(&lib(), "mass"), [2]);
    }

    #[test]
    fn title_matches_rank_before_tag_matches() {
        let lib = vec![essay("Notes", Some("Anon"), &["capital"]), essay("Capital, volume one", None, &[])];
        assert_eq!(filter(&lib, "capital"), [1, 0]);
    }

    #[test]
    fn nothing_matches() {
        assert!(filter(&lib(), "xyzzy").is_empty());
    }
}
