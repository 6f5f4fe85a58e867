//! Ranking essays against what the reader types: fuzzy, over title, author and tags. The
//! library's filter and the reader's library view both rank with this.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// Indices of the items matching `query`, best first (ties keep their order). Each word
/// of the query must match, fuzzily, somewhere in the title, author or tags; smart case
/// (an uppercase letter makes that word case-sensitive); accents are ignored. An empty
/// query keeps every item in order.
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

    #[test]
    fn a_title_match_ranks_first_and_misses_are_left_out() {
        let tags = [String::from("capital")];
        let items = [
            ("Notes", Some("Anon"), &tags[..]),
            ("Capital, volume one", None, &[][..]),
            ("Other", None, &[][..]),
        ];
        assert_eq!(rank(items.iter().copied(), "capital"), [1, 0]);
    }
}
