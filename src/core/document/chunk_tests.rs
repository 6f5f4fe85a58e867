//! The parse in pieces gives the document the one-piece parse gives: on generated Markdown
//! with everything that crosses a cut (fences and HTML comments with blank lines and `#`
//! lines inside, footnotes and link definitions before and after their use), on the
//! bundled essays and on the benchmarks' generated book.

use proptest::prelude::*;

use super::build::{Builder, Take, options};
use super::{Document, chunks};
use crate::core::frontmatter;

#[allow(dead_code)]
#[path = "../../../benches/essay_gen/mod.rs"]
pub(super) mod essay_gen;

/// The document parsed whole and in pieces of `chunk` bytes, as text to compare.
fn both(source: &str, chunk: usize) -> (String, String) {
    let whole = format!("{:#?}", Document::parse_with_chunk(source.into(), usize::MAX));
    let pieces = format!("{:#?}", Document::parse_with_chunk(source.into(), chunk));
    (whole, pieces)
}

/// Whether the essay was really parsed in pieces (rather than whole, after a check failed).
fn cut(source: &str, chunk: usize) -> bool {
    let shared = super::SharedSource::from(source);
    let split = frontmatter::split(&shared);
    chunks::parse(&shared, split.body, split.body_start, chunk).is_some()
}

fn assert_same(source: &str, chunk: usize) {
    let (whole, pieces) = both(source, chunk);
    if whole != pieces {
        let at = whole.lines().zip(pieces.lines()).position(|(a, b)| a != b).unwrap_or(0);
        let context = |s: &str| s.lines().skip(at.saturating_sub(5)).take(12).collect::<Vec<_>>().join("\n");
        panic!("differs at line {at}:\nwhole:\n{}\npieces:\n{}", context(&whole), context(&pieces));
    }
}

const WORDS: &[&str] = &[
    "the",
    "party’s",
    "“leak”",
    "*loyalty*",
    "**voice**",
    "exit",
    "Wörter",
    "—",
    "x",
    "snake_case_name",
    "https://x.org/a_b_*c*",
    "\\*not\\*",
    "&amp;&#42;",
    "[x]",
];
const NOTES: &[&str] = &["1", "2", "note", "Note", "a b"];
const REFS: &[&str] = &["ref", "Ref", "other", "3"];

fn words() -> impl Strategy<Value = String> {
    proptest::collection::vec(0..WORDS.len(), 1..8)
        .prop_map(|ix| ix.into_iter().map(|i| WORDS[i]).collect::<Vec<_>>().join(" "))
}

/// One block of Markdown (without the blank line after it).
fn block() -> impl Strategy<Value = String> {
    let note = (0..NOTES.len()).prop_map(|i| NOTES[i]);
    let reference = (0..REFS.len()).prop_map(|i| REFS[i]);
    prop_oneof![
        (1..4usize, words()).prop_map(|(n, w)| format!("{} {w}", "#".repeat(n))),
        (words(), words()).prop_map(|(a, b)| format!("{a}\n{b}")),
        (words(), note.clone(), words()).prop_map(|(a, n, b)| format!("{a}[^{n}] {b}")),
        (words(), reference.clone(), words()).prop_map(|(a, r, b)| format!("{a} [{b}][{r}] and [{r}]")),
        (words(), 0..3u8)
            .prop_map(|(w, n)| format!("See [{w}](https://example.org/{n}) or https://x.org/{n}.")),
        (note.clone(), words(), any::<bool>()).prop_map(|(n, w, more)| {
            let more = if more { "\n\n    More of the note." } else { "" };
            format!("[^{n}]: {w}{more}")
        }),
        (reference, 0..3u8).prop_map(|(r, n)| format!("[{r}]: https://example.org/ref/{n} \"Title {n}\"")),
        (words(), any::<bool>(), any::<bool>()).prop_map(|(w, tilde, closed)| {
            let fence = if tilde { "~~~" } else { "```" };
            let end = if closed { fence } else { "" };
            format!("{fence}rust\n# not a heading\n\n{w}\n\nText at the margin\n[^1]: not a note\n{end}")
        }),
        words().prop_map(|w| format!("````\n```\n\n# inside\n```\n\n{w}\n````")),
        words().prop_map(|w| format!("<!--\n{w}\n\n# commented out\n\nText\n-->")),
        words().prop_map(|w| format!("<pre>\n{w}\n\nLetters\n</pre>")),
        words().prop_map(|w| format!("<div>\n{w}\n</div>")),
        (words(), words()).prop_map(|(a, b)| format!("- {a}\n- {b}\n\n  continued {a}\n1. one\n2. {b}")),
        words().prop_map(|w| format!("- item\n\n  ```\n  # code in item\n\n  {w}\n  ```")),
        (words(), note).prop_map(|(w, n)| format!("> {w}\n>\n> [^{n}]: quoted note\n> more {w}")),
        words().prop_map(|w| format!("| a | b |\n|---|:-:|\n| {w} | 2 |\n| x |")),
        Just("---".to_string()),
        words().prop_map(|w| format!("    indented code {w}\n\n    # still code")),
        prop_oneof![
            Just("<script>\n\nvar x;\n\n# x\n</script>"),
            Just("<?php\n\nText\n?>"),
            Just("<!DOCTYPE x\n\nText\n>"),
            Just("<![CDATA[\n\nText\n]]>"),
            Just("Setext title\n====="),
            Just("[Ref]:\n  https://example.org/multi\n  'title on the next line'"),
            Just("[^2]:\n    indented code in a note\n\n    more"),
            Just("  ```\n  indented fence\n\n# x\n   ```"),
            Just("> ```\n> quoted fence\n\nText after"),
            Just("1. item\n\n   [other]: https://example.org/in-list"),
            Just("- [^note]: in a list\n\nText [^note]"),
        ]
        .prop_map(str::to_string),
    ]
}

/// A document: blocks separated by one or two blank lines, sometimes none.
pub(super) fn document() -> impl Strategy<Value = String> {
    proptest::collection::vec((block(), 0..4u8), 1..40).prop_map(|blocks| {
        let mut out = String::new();
        for (b, gap) in blocks {
            out.push_str(&b);
            out.push_str(match gap {
                0 => "\n",
                1 | 2 => "\n\n",
                _ => "\n\n\n",
            });
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// The builder's own merging of adjacent text is pulldown-cmark's `TextMergeWithOffset`.
    #[test]
    fn text_is_merged_as_pulldown_cmark_merges_it(source in document()) {
        let mut ours = Builder::new(&source, 0);
        ours.run(&source);
        let mut theirs = Builder::new(&source, 0);
        let events = pulldown_cmark::Parser::new_ext(&source, options()).into_offset_iter();
        theirs.feed(pulldown_cmark::TextMergeWithOffset::new(events), 0, |_, _| Take::Yes);
        prop_assert_eq!(format!("{:?}", ours.finish()), format!("{:?}", theirs.finish()));
    }

    /// Any document parses the same in pieces as whole.
    #[test]
    fn pieces_parse_as_the_whole(
        source in document(),
        chunk in prop_oneof![Just(1usize), Just(64), Just(200)],
        crlf in any::<bool>(),
        unterminated in any::<bool>(),
    ) {
        let source = if crlf { source.replace('\n', "\r\n") } else { source };
        let source = if unterminated { source.trim_end().to_string() } else { source };
        let (whole, pieces) = both(&source, chunk);
        prop_assert!(whole == pieces, "source:\n{source}");
    }
}

#[test]
fn a_long_essay_is_really_cut() {
    let source = essay_gen::generate(200_000, 3, essay_gen::Shape::Typographic);
    assert!(cut(&source, 4096), "the generated essay has places to cut and passes every check");
    assert_same(&source, 4096);
}

#[test]
fn notes_and_links_defined_in_other_pieces_resolve() {
    let mut source = String::from("# Title\n\nA claim.[^late] See [the post][site].\n\n");
    for i in 0..50 {
        source.push_str(&format!("Paragraph {i} with more words in it.\n\n"));
    }
    source.push_str("## Notes\n\n[^late]: Defined at the end.\n\n[site]: https://example.org/post\n");
    assert!(cut(&source, 256));
    assert_same(&source, 256);
    let doc = Document::parse_with_chunk(source.as_str().into(), 256);
    assert_eq!(doc.notes, 1);
    assert_eq!(doc.links, ["https://example.org/post"]);
}

#[test]
fn a_fence_open_across_a_would_be_cut_is_not_cut_or_is_refused() {
    let mut source = String::from("Intro.\n\n```\n");
    for i in 0..40 {
        source.push_str(&format!("# comment {i}\n\nLine {i} at the margin\n\n"));
    }
    source.push_str("```\n\n# After\n\nText.\n");
    assert_same(&source, 64);
}

#[test]
fn the_bundled_essays_parse_the_same_in_pieces() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("essays");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("essays folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            let source = std::fs::read_to_string(&path).expect("readable essay");
            for chunk in [64, 1024, 8192] {
                assert_same(&source, chunk);
            }
            assert!(cut(&source, 8192), "{} is cut", path.display());
            seen += 1;
        }
    }
    assert!(seen >= 3);
}

#[test]
fn the_benchmarks_book_parses_the_same_in_pieces() {
    let source = essay_gen::generate(1 << 20, 1, essay_gen::Shape::Typographic);
    assert!(cut(&source, chunks::CHUNK));
    assert_same(&source, chunks::CHUNK);
    assert_same(&source, 16 * 1024);
}

/// The property above tests the pieces, not only the fallback: most generated documents
/// with places to cut pass every check and are parsed in pieces.
#[test]
fn most_generated_documents_are_really_cut() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut with_cuts, mut cut_ok) = (0, 0);
    for _ in 0..300 {
        let source = document().new_tree(&mut runner).expect("a document").current();
        let split = frontmatter::split(&source);
        if chunks::plan_cuts(split.body, 64) > 0 {
            with_cuts += 1;
            cut_ok += usize::from(cut(&source, 64));
        }
    }
    // The rest are refused on purpose: a label defined twice with two targets, a fence left
    // open across a cut, and the like.
    assert!(with_cuts > 150 && cut_ok * 2 > with_cuts, "{cut_ok} of {with_cuts} cut");
}

#[test]
fn thousands_of_separate_link_definitions_are_parsed_whole_and_the_same() {
    let mut source = String::from("# Links\n\n");
    for i in 0..1500 {
        source.push_str(&format!("Text with [a link][l{i}].\n\n[l{i}]: https://example.org/{i}\n\n"));
    }
    assert!(!cut(&source, 4096), "too many runs of definitions to parse one by one");
    assert_same(&source, 4096);
    let mut fewer = String::from("# Links\n\n");
    for i in 0..200 {
        fewer.push_str(&format!("Text with [a link][l{i}].\n\n[l{i}]: https://example.org/{i}\n\n"));
    }
    assert!(cut(&fewer, 4096));
    assert_same(&fewer, 4096);
}
