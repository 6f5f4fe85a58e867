use super::*;
use crate::core::document::Document;
use crate::core::layout::Layout;
use proptest::prelude::*;
use std::sync::Arc;

const ESSAY: &str = "# Voice and exit\n\n## Section one\n\n\
Well, that unfortunately is part of right-wing cultural logic. There are two options in life\n\
when dealing with things that need to be corrected: voice and exit. Most people choose exit.\n\n\
## Section two\n\n\
An organisation that cannot hear criticism from its own members will hear it from the press\n\
instead, and the press is rarely kind. Secrecy protects the leadership, not the membership.\n";

fn range_of(source: &str, needle: &str) -> Range<usize> {
    let start = source.find(needle).expect("needle");
    start..start + needle.len()
}

fn found(source: &str, stored: &str, range: &Range<usize>) -> Option<String> {
    let (start, end) = capture(stored, range, vec![]);
    let text = &stored[range.clone()];
    resolve(&Resolver::new(source), source, &start, &end, text).map(|r| source[r].to_string())
}

#[test]
fn a_selection_inside_words_grows_to_whole_words() {
    let r = range_of(ESSAY, "ortunately is part of right-wi");
    assert_eq!(&ESSAY[snap(ESSAY, r)], "unfortunately is part of right-wing");
    let r = range_of(ESSAY, "life\nwhen");
    let r = r.start + 4..r.start + 5;
    assert!(snap(ESSAY, r).is_empty(), "only whitespace: nothing");
}

#[test]
fn unchanged_file_gives_the_same_range() {
    let r = range_of(ESSAY, "There are two options in life\nwhen dealing");
    assert_eq!(found(ESSAY, ESSAY, &r).as_deref(), Some(&ESSAY[r]));
}

#[test]
fn insertion_above_and_rewrapping_keep_the_passage() {
    let r = range_of(ESSAY, "An organisation that cannot hear criticism");
    let edited = ESSAY
        .replace("## Section one\n\n", "## Section one\n\nA new paragraph above everything.\n\n")
        .replace("cannot hear", "cannot\n   hear");
    assert_eq!(found(&edited, ESSAY, &r).as_deref(), Some("An organisation that cannot\n   hear criticism"));
}

#[test]
fn an_edited_passage_lands_on_what_remains_of_it() {
    let r = range_of(ESSAY, "An organisation that cannot hear criticism from its own members will hear it");
    let edited = ESSAY.replace("from its own members ", "");
    let now = found(&edited, ESSAY, &r).expect("most of it remains");
    assert!(now.starts_with("An organisation that cannot hear criticism"), "{now}");
    assert!(!now.contains("press"), "{now}");
}

#[test]
fn a_deleted_passage_is_not_found() {
    let r = range_of(ESSAY, "There are two options in life");
    let edited = ESSAY.replace(
        "There are two options in life\nwhen dealing with things that need to be corrected: voice and exit.",
        "",
    );
    assert_eq!(found(&edited, ESSAY, &r), None);
    // Even a short one, whose text after it survives.
    let r = range_of(ESSAY, "Most people choose exit.");
    let edited = ESSAY.replace("Most people choose exit.", "");
    assert_eq!(found(&edited, ESSAY, &r), None);
}

#[test]
fn lines_give_their_words_source_ranges_across_headings() {
    let doc = Arc::new(Document::parse(ESSAY));
    let layout = Layout::new(&doc, 30);
    let first =
        (0..layout.len()).find(|&l| layout.line(l).is_some_and(|x| x.text().contains("Well"))).expect("line");
    let range = lines_range(&doc, &layout, ESSAY, (first, first + 8)).expect("words");
    let text = &ESSAY[range];
    assert!(text.starts_with("Well, that"), "{text}");
    assert!(text.contains("## Section two"), "a selection crosses headings: {text}");
}

/// An essay of paragraphs of plain words, with a heading now and then.
fn essay() -> impl Strategy<Value = String> {
    let word = "[a-zA-Zé]{1,9}[,.;]?";
    let para = prop::collection::vec(word, 1..30).prop_map(|w| w.join(" "));
    prop::collection::vec((para, any::<bool>()), 1..6).prop_map(|paras| {
        let mut out = String::from("# Title\n\n");
        for (p, heading) in paras {
            if heading {
                out.push_str("## A heading\n\n");
            }
            out.push_str(&p);
            out.push_str("\n\n");
        }
        out
    })
}

/// The words a layout at `width` draws as covered by `range`.
fn drawn(source: &str, width: u16, range: &Range<usize>) -> Vec<String> {
    let doc = Arc::new(Document::parse(source));
    let layout = Layout::new(&doc, width);
    let mut out = Vec::new();
    for l in 0..layout.len() {
        let content = layout.line(l).map(|x| x.content_text()).unwrap_or_default();
        for part in covered(&line_words(&doc, &layout, l), range) {
            out.extend(content[part].split_whitespace().map(str::to_string));
        }
    }
    out
}

proptest! {
    #[test]
    fn any_selection_snaps_to_word_boundaries(source in "[a-z é\n✊]{0,80}", a in 0usize..90, b in 0usize..90) {
        let r = snap(&source, a.min(b)..a.max(b));
        prop_assert!(source.is_char_boundary(r.start) && source.is_char_boundary(r.end));
        if !r.is_empty() {
            let before = source[..r.start].chars().next_back();
            let after = source[r.end..].chars().next();
            prop_assert!(before.is_none_or(char::is_whitespace), "{:?}", &source[r.clone()]);
            prop_assert!(after.is_none_or(char::is_whitespace), "{:?}", &source[r.clone()]);
            prop_assert!(!source[r.clone()].starts_with(char::is_whitespace));
            prop_assert!(!source[r.clone()].ends_with(char::is_whitespace));
        }
    }

    #[test]
    fn a_range_round_trips_through_anchors_at_any_width(
        source in essay(), a in 0usize..400, len in 1usize..200, width in 8u16..90,
    ) {
        let body = source.find("\n\n").unwrap_or(0) + 2;
        let start = body + a % (source.len() - body);
        let r = snap(&source, start..(start + len).min(source.len()));
        prop_assume!(!r.is_empty() && !source[r.clone()].contains('#'));
        let (s, e) = capture(&source, &r, vec![]);
        let back = resolve(&Resolver::new(&source), &source, &s, &e, &source[r.clone()]);
        prop_assert_eq!(back.clone(), Some(r.clone()));
        // A word longer than the line is broken over two: compared without the breaks.
        let want: String = source[r.clone()].split_whitespace().collect();
        prop_assert_eq!(drawn(&source, width, &r).concat(), want);
    }

    #[test]
    fn a_range_resolves_onto_the_same_words_after_insertions_above(
        source in essay(), a in 0usize..400, len in 1usize..200, insert in "[a-z ]{1,60}",
    ) {
        let body = source.find("\n\n").unwrap_or(0) + 2;
        let start = body + a % (source.len() - body);
        let r = snap(&source, start..(start + len).min(source.len()));
        prop_assume!(!r.is_empty());
        let (s, e) = capture(&source, &r, vec![]);
        let edited = format!("{}{insert}\n\n{}", &source[..body], &source[body..]);
        let text = &source[r.clone()];
        let back = resolve(&Resolver::new(&edited), &edited, &s, &e, text).expect("found");
        let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        prop_assert_eq!(words(&edited[back]), words(text));
    }
}
