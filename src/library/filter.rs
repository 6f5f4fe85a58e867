//! Narrowing the library as the reader types: fuzzy, over title, author and tags.

use super::EssayInfo;
pub use crate::core::rank::rank;

/// Indices into `lib` of the essays matching `query`, best first (ties keep library
/// order). Each word of the query must match, fuzzily, somewhere in the title, author or
/// tags; smart case (an uppercase letter makes that word case-sensitive); accents are
/// ignored. An empty query keeps every essay in order.
pub fn filter(lib: &[EssayInfo], query: &str) -> Vec<usize> {
    rank(lib.iter().map(|e| (e.title.as_str(), e.author.as_deref(), e.tags.as_slice())), query)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{Location, Source};

    fn essay(title: &str, author: Option<&str>, tags: &[&str]) -> EssayInfo {
        EssayInfo {
            id: String::new(),
            base_id: String::new(),
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
