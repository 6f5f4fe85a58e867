//! YAML front matter: the `---` block at the very start of an essay.
//!
//! Pure text in, metadata out; no file system. Every string that leaves this module has
//! been through [`clean_line`], because titles, authors and tags reach the terminal.

use crate::core::sanitize::clean_line;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;
use yaml_rust2::{Yaml, YamlLoader};

/// The metadata an essay may declare in its front matter.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct FrontMatter {
    /// A stable id chosen by the author (wins over the id taken from the content).
    pub id: Option<String>,
    /// The essay's title.
    pub title: Option<String>,
    /// Who wrote it; a YAML list of authors is joined with ", ".
    pub author: Option<String>,
    /// When it was written, as written (YAML dates are kept as text).
    pub date: Option<String>,
    /// Tags, from a YAML list or a comma-separated string.
    pub tags: Vec<String>,
    /// Where it was first published (a URL or a name).
    pub source: Option<String>,
    /// A free note about the essay.
    pub note: Option<String>,
}

/// An essay's text split into its front matter and its Markdown body.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    /// The parsed front matter, if there was a well-formed block.
    pub front: Option<FrontMatter>,
    /// The Markdown that follows the front matter (the whole text when there is none).
    pub body: &'a str,
    /// Byte offset of `body` in the original text.
    pub body_start: usize,
    /// Why a front matter block could not be read, if it could not.
    pub error: Option<String>,
}

const BOM: char = '\u{feff}';

/// YAML front matter only at the very start of the text (`---` line, YAML, `---` or `...`
/// line; tolerate a UTF-8 BOM and CRLF). Malformed YAML: front = None, error = Some(message),
/// body_start = after the closing fence (the block is still not treated as Markdown). No
/// closing fence: no front matter, body is the whole text. Non-string scalars (numbers,
/// dates, bools) become strings; tags may be a list or a comma-separated string.
///
/// A leading BOM is never part of the body. A block whose YAML is valid but is not a
/// `key: value` mapping (say a paragraph between two thematic breaks) is not front matter.
pub fn split(text: &str) -> Split<'_> {
    let start = if text.starts_with(BOM) { BOM.len_utf8() } else { 0 };
    let whole = Split { front: None, body: &text[start..], body_start: start, error: None };
    let Some((yaml, body_start)) = find_block(text, start) else {
        return whole;
    };
    let with = |front, error| Split { front, body: &text[body_start..], body_start, error };
    match parse_yaml(yaml) {
        Parsed::Mapping(front) => with(Some(front), None),
        Parsed::Empty => with(Some(FrontMatter::default()), None),
        Parsed::NotAMapping => whole,
        Parsed::Error(message) => with(None, Some(message)),
    }
}

/// Finds the fenced block starting at `start`: returns the YAML between the fences and
/// the offset just past the closing fence's line.
fn find_block(text: &str, start: usize) -> Option<(&str, usize)> {
    let mut lines = LineIter { text, pos: start };
    let (first, _) = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let yaml_start = lines.pos;
    while let Some((line, line_start)) = lines.next() {
        let fence = line.trim_end();
        if fence == "---" || fence == "..." {
            return Some((&text[yaml_start..line_start], lines.pos));
        }
    }
    None
}

/// Lines of `text` from `pos`, each without its `\n` (a `\r` stays; callers trim it),
/// paired with its start offset.
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (&'a str, usize);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (line, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        Some((line, start))
    }
}

enum Parsed {
    Mapping(FrontMatter),
    Empty,
    NotAMapping,
    Error(String),
}

fn parse_yaml(yaml: &str) -> Parsed {
    // yaml-rust2 expands aliases by cloning, so a few lines of nested aliases could take
    // gigabytes ("billion laughs"). Essay metadata never needs them: refuse up front.
    match count_aliases(yaml) {
        Err(message) => return Parsed::Error(message),
        Ok(0) => {}
        Ok(_) => return Parsed::Error("YAML aliases (*name) are not supported".into()),
    }
    let docs = match YamlLoader::load_from_str(yaml) {
        Ok(docs) => docs,
        Err(e) => return Parsed::Error(clean_line(&e.to_string())),
    };
    match docs.into_iter().next() {
        None | Some(Yaml::Null) => Parsed::Empty,
        Some(Yaml::Hash(map)) => Parsed::Mapping(from_mapping(&map)),
        Some(_) => Parsed::NotAMapping,
    }
}

/// Counts alias events without building any values.
fn count_aliases(yaml: &str) -> Result<usize, String> {
    struct Counter(usize);
    impl MarkedEventReceiver for Counter {
        fn on_event(&mut self, ev: Event, _mark: Marker) {
            if matches!(ev, Event::Alias(_)) {
                self.0 += 1;
            }
        }
    }
    let mut counter = Counter(0);
    Parser::new_from_str(yaml).load(&mut counter, true).map_err(|e| clean_line(&e.to_string()))?;
    Ok(counter.0)
}

fn from_mapping(map: &yaml_rust2::yaml::Hash) -> FrontMatter {
    let mut front = FrontMatter::default();
    for (key, value) in map {
        let Some(key) = scalar(key) else { continue };
        // Keys are matched case-insensitively: hand-written front matter says "Title" too.
        match key.to_lowercase().as_str() {
            "id" => front.id = scalar(value),
            "title" => front.title = scalar(value),
            "author" | "authors" => front.author = front.author.or_else(|| joined(value)),
            "date" => front.date = scalar(value),
            // `tags` wins over `keywords`, whichever comes first.
            "tags" => front.tags = list(value),
            "keywords" if front.tags.is_empty() => front.tags = list(value),
            "source" => front.source = scalar(value),
            "note" => front.note = scalar(value),
            _ => {}
        }
    }
    front
}

/// A scalar as one clean line of text; `None` for null, empty, lists and mappings.
fn scalar(value: &Yaml) -> Option<String> {
    let raw = match value {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        _ => return None,
    };
    Some(clean_line(&raw)).filter(|s| !s.is_empty())
}

/// A scalar, or a list of scalars joined with ", ".
fn joined(value: &Yaml) -> Option<String> {
    match value {
        Yaml::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(scalar).collect();
            Some(parts.join(", ")).filter(|s| !s.is_empty())
        }
        other => scalar(other),
    }
}

/// A list of scalars, or one comma-separated scalar.
fn list(value: &Yaml) -> Vec<String> {
    match value {
        Yaml::Array(items) => items.iter().filter_map(scalar).collect(),
        other => scalar(other)
            .map(|s| s.split(',').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(text: &str) -> FrontMatter {
        split(text).front.expect("front matter")
    }

    #[test]
    fn reads_the_usual_fields() {
        let text = "---\ntitle: Why I support leaking\nauthor: Someone\ndate: 2019-05-01\n\
                    tags: [politics, media]\nsource: https://example.org/x\nnote: reread\n\
                    id: leaking\n---\n# Heading\n";
        let s = split(text);
        let f = s.front.expect("front");
        assert_eq!(f.title.as_deref(), Some("Why I support leaking"));
        assert_eq!(f.author.as_deref(), Some("Someone"));
        assert_eq!(f.date.as_deref(), Some("2019-05-01"));
        assert_eq!(f.tags, ["politics", "media"]);
        assert_eq!(f.source.as_deref(), Some("https://example.org/x"));
        assert_eq!(f.note.as_deref(), Some("reread"));
        assert_eq!(f.id.as_deref(), Some("leaking"));
        assert_eq!(s.body, "# Heading\n");
        assert_eq!(&text[s.body_start..], s.body);
        assert_eq!(s.error, None);
    }

    #[test]
    fn no_front_matter_means_the_whole_text_is_body() {
        let s = split("# Title\n\ntext\n");
        assert_eq!(s.front, None);
        assert_eq!(s.body, "# Title\n\ntext\n");
        assert_eq!(s.body_start, 0);
    }

    #[test]
    fn front_matter_must_be_at_the_very_start() {
        let s = split("\n---\ntitle: x\n---\nbody");
        assert_eq!(s.front, None);
        assert_eq!(s.body_start, 0);
    }

    #[test]
    fn bom_and_crlf_are_tolerated() {
        let text = "\u{feff}---\r\ntitle: Windows essay\r\n---\r\nBody\r\n";
        let s = split(text);
        assert_eq!(front(text).title.as_deref(), Some("Windows essay"));
        assert_eq!(s.body, "Body\r\n");
        assert_eq!(&text[s.body_start..], "Body\r\n");
    }

    #[test]
    fn a_bom_is_never_part_of_the_body() {
        let s = split("\u{feff}# Title");
        assert_eq!(s.body, "# Title");
        assert_eq!(s.body_start, 3);
    }

    #[test]
    fn dots_close_the_block_too() {
        let s = split("---\ntitle: Dots\n...\nbody");
        assert_eq!(s.front.and_then(|f| f.title).as_deref(), Some("Dots"));
        assert_eq!(s.body, "body");
    }

    #[test]
    fn no_closing_fence_is_no_front_matter() {
        let text = "---\ntitle: never closed\n\nJust an essay that starts with a rule.\n";
        let s = split(text);
        assert_eq!(s.front, None);
        assert_eq!(s.error, None);
        assert_eq!(s.body, text);
    }

    #[test]
    fn malformed_yaml_is_an_error_but_still_hidden() {
        let text = "---\ntitle: [unclosed\n---\nBody\n";
        let s = split(text);
        assert_eq!(s.front, None);
        assert!(s.error.is_some());
        assert_eq!(s.body, "Body\n");
    }

    #[test]
    fn valid_yaml_that_is_not_a_mapping_is_markdown() {
        let text = "---\nA paragraph between two rules.\n---\nMore text\n";
        let s = split(text);
        assert_eq!(s.front, None);
        assert_eq!(s.error, None);
        assert_eq!(s.body, text);
    }

    #[test]
    fn empty_block_is_empty_front_matter() {
        let s = split("---\n---\nbody");
        assert_eq!(s.front, Some(FrontMatter::default()));
        assert_eq!(s.body, "body");
    }

    #[test]
    fn block_at_end_of_text_without_trailing_newline() {
        let s = split("---\ntitle: Only metadata\n---");
        assert_eq!(s.front.and_then(|f| f.title).as_deref(), Some("Only metadata"));
        assert_eq!(s.body, "");
    }

    #[test]
    fn non_string_scalars_become_strings() {
        let f = front("---\ntitle: 1984\nid: 42\ndate: 2020-01-02\nnote: true\nsource: 1.5\n---\n");
        assert_eq!(f.title.as_deref(), Some("1984"));
        assert_eq!(f.id.as_deref(), Some("42"));
        assert_eq!(f.date.as_deref(), Some("2020-01-02"));
        assert_eq!(f.note.as_deref(), Some("true"));
        assert_eq!(f.source.as_deref(), Some("1.5"));
    }

    #[test]
    fn tags_as_comma_separated_string() {
        let f = front("---\ntags: labour, strikes ,, history\n---\n");
        assert_eq!(f.tags, ["labour", "strikes", "history"]);
    }

    #[test]
    fn tags_as_block_list_with_numbers() {
        let f = front("---\ntags:\n  - one\n  - 2\n  - ~\n---\n");
        assert_eq!(f.tags, ["one", "2"]);
    }

    #[test]
    fn author_list_is_joined() {
        let f = front("---\nauthors: [Ann, Bob]\n---\n");
        assert_eq!(f.author.as_deref(), Some("Ann, Bob"));
    }

    #[test]
    fn keys_are_case_insensitive_and_unknown_keys_ignored() {
        let f = front("---\nTitle: Capital\nlayout: post\n---\n");
        assert_eq!(f.title.as_deref(), Some("Capital"));
    }

    #[test]
    fn null_and_empty_values_are_none() {
        let f = front("---\ntitle:\nauthor: ''\ndate: ~\n---\n");
        assert_eq!(f, FrontMatter::default());
    }

    #[test]
    fn control_characters_are_neutralised() {
        let f = front("---\ntitle: \"evil\\e[31m title\"\ntags: [\"a\\tb\"]\n---\n");
        let title = f.title.expect("title");
        assert!(!title.contains('\u{1b}'), "{title:?}");
        assert_eq!(f.tags, ["a b"]);
    }

    #[test]
    fn aliases_are_refused_instead_of_expanded() {
        let text = "---\na: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\ntitle: t\n---\nbody";
        let s = split(text);
        assert_eq!(s.front, None);
        assert!(s.error.expect("error").contains("alias"));
        assert_eq!(s.body, "body");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = format!("---\nx: {}\n---\nbody", "[".repeat(100_000));
        let s = split(&text);
        assert_eq!(s.front, None);
        assert!(s.error.is_some());
    }

    #[test]
    fn fence_with_trailing_spaces_counts() {
        let s = split("---  \ntitle: t\n---\t\nbody");
        assert_eq!(s.front.and_then(|f| f.title).as_deref(), Some("t"));
        assert_eq!(s.body, "body");
    }

    #[test]
    fn longer_rule_is_not_a_fence() {
        let s = split("----\ntitle: t\n----\nbody");
        assert_eq!(s.front, None);
    }
}
