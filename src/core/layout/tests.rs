//! The layout engine's unit tests: wrapping, prefixes, headings, notes, tables, sharing.

use super::*;

fn lines(src: &str, width: u16) -> Vec<String> {
    let doc = Arc::new(Document::parse(src));
    Layout::new(&doc, width).lines().map(|l| l.text()).collect()
}

#[test]
fn paragraphs_wrap_at_the_width_and_collapse_spaces() {
    let out = lines("one two  three four five six seven\n", 10);
    assert_eq!(out, ["one two", "three four", "five six", "seven"]);
}

#[test]
fn a_word_longer_than_the_line_is_broken() {
    let out = lines("abcdefghijkl mn\n", 5);
    assert_eq!(out, ["abcde", "fghij", "kl mn"]);
}

#[test]
fn wide_characters_never_straddle_the_edge() {
    let out = lines("漢字漢字漢字 x\n", 5);
    assert!(out.iter().all(|l| l.width() <= 5), "{out:?}");
    assert_eq!(out.concat().replace(' ', ""), "漢字漢字漢字x");
}

#[test]
fn grapheme_clusters_are_never_split() {
    let family = "👨\u{200d}👩\u{200d}👧";
    let text = format!("{}e\u{301}{}\n", family.repeat(3), family);
    let doc = Arc::new(Document::parse(&text));
    let layout = Layout::new(&doc, 3);
    for line in layout.lines() {
        let t = line.text();
        assert!(t.width() <= 3);
        assert!(!t.starts_with('\u{301}') && !t.starts_with('\u{200d}'), "{t:?}");
    }
}

#[test]
fn a_zero_width_character_starts_its_line_at_every_width() {
    // A paragraph starting with U+200B used to have its first line start at the word
    // after it (and lose the space between): the anchor then depended on the width.
    let doc = Arc::new(Document::parse("- a\n- \u{200b} word here\n"));
    for width in [1u16, 5, 40] {
        let layout = Layout::new(&doc, width);
        let first = layout.lines().find(|l| l.anchor().block == 1).map(|l| l.anchor());
        assert_eq!(first, Some(Anchor { block: 1, byte: 0 }), "width {width}");
    }
    assert_eq!(lines("\u{200b} word\n", 40), ["\u{200b} word"]);
    // A word too long for the line still starts a line of its own after one.
    assert_eq!(lines("\u{2060} abcd\n", 2), ["\u{2060}", "ab", "cd"]);
}

#[test]
fn no_break_space_keeps_words_together() {
    let out = lines("aaaa bb\u{a0}cc\n", 6);
    assert_eq!(out, ["aaaa", "bb\u{a0}cc"]);
}

#[test]
fn a_lone_no_break_space_never_starts_a_line() {
    let out = lines("aaaa bbbb. \u{a0} cccc\n", 11);
    assert_eq!(out, ["aaaa bbbb.", "cccc"]);
    let out = lines("aaaa bbbb. \u{a0} cccc\n", 30);
    assert_eq!(out, ["aaaa bbbb. \u{a0} cccc"]);
}

#[test]
fn no_break_spaces_stuck_to_words_never_start_or_end_a_line() {
    for text in ["aaaa bbbb. \u{a0}Cccc dddd\n", "aaaa bbbb.\u{a0} Cccc dddd\n"] {
        let out = lines(text, 11);
        assert_eq!(out, ["aaaa bbbb.", "Cccc dddd"], "{text:?}");
    }
}

#[test]
fn no_break_spaces_indent_a_paragraph_and_a_line_after_a_hard_break_only() {
    // Plain text's indented lines arrive as no-break spaces (see `formats::escape_line`).
    let out = lines("\u{a0}\u{a0}\u{a0}\u{a0}four in\\\n\u{a0}\u{a0}two in\\\nnone\n", 40);
    assert_eq!(out, ["\u{a0}\u{a0}\u{a0}\u{a0}four in", "\u{a0}\u{a0}two in", "none"]);
    // A line the wrap starts is never indented by them.
    let out = lines("\u{a0}\u{a0}aaaa bbbb.\u{a0}\u{a0}cccc\n", 12);
    assert_eq!(out, ["\u{a0}\u{a0}aaaa", "bbbb.\u{a0}\u{a0}cccc"]);
    for width in 6..20 {
        let out = lines("\u{a0}\u{a0}aaaa bbbb. \u{a0}\u{a0}cccc dd\n", width);
        assert!(out[0].starts_with("\u{a0}\u{a0}aaaa"), "width {width}: {out:?}");
        assert!(out[1..].iter().all(|l| !l.starts_with('\u{a0}')), "width {width}: {out:?}");
    }
}

#[test]
fn words_are_counted_once_at_any_width() {
    let src = "# Two words\n\nthree four five averyveryverylongword six\n\n- seven\n";
    for width in [3u16, 8, 80] {
        let doc = Arc::new(Document::parse(src));
        let layout = Layout::new(&doc, width);
        assert_eq!(layout.words(), 8, "width {width}");
        assert_eq!(layout.words_before(0), 0);
        // The list item's first line (at width 3 there is no room for its marker).
        let item = layout.lines().position(|l| l.content_text().starts_with('s') && l.anchor().byte == 0);
        assert_eq!(layout.words_before(item.unwrap()), 7, "width {width}");
    }
}

#[test]
fn headings_get_rules_and_known_lines() {
    let doc = Arc::new(Document::parse("# Title\n\nIntro text.\n\n## Part\n\nBody.\n"));
    let layout = Layout::new(&doc, 20);
    let text: Vec<String> = layout.lines().map(|l| l.text()).collect();
    assert_eq!(text, ["Title", "━━━━━", "", "Intro text.", "", "Part", "────", "", "Body."]);
    assert_eq!(layout.heading_lines(), [0, 5]);
    assert_eq!(layout.heading_at(4), Some(0));
    assert_eq!(layout.heading_at(8), Some(1));
}

#[test]
fn quotes_get_bars_and_nest() {
    let out = lines("> outer\n>\n> > inner words here\n", 12);
    assert_eq!(out, ["│ outer", "│", "│ │ inner", "│ │ words", "│ │ here"]);
}

#[test]
fn lists_hang_their_continuation_lines() {
    let out = lines("- first item wraps\n- second\n  1. nested one\n", 12);
    assert_eq!(out, ["• first item", "  wraps", "• second", "  1. nested", "     one"]);
}

#[test]
fn continuation_lines_keep_their_text_out_of_the_prefix() {
    // The hanging indent of a list item is styled like plain text; it used to swallow
    // the text after it, so search (which reads only the content) missed those words.
    let doc = Arc::new(Document::parse("- first item wraps\n- A  \nB\n"));
    let layout = Layout::new(&doc, 12);
    let split: Vec<(String, String)> =
        layout.lines().map(|l| (l.prefix().map(|(t, _)| t).collect(), l.content_text())).collect();
    let expected = [("• ", "first item"), ("  ", "wraps"), ("• ", "A"), ("  ", "B")];
    let expected: Vec<(String, String)> =
        expected.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect();
    assert_eq!(split, expected);
}

#[test]
fn code_blocks_keep_spacing_and_expand_tabs() {
    let out = lines("```\na\tb  c\n```\n", 40);
    assert_eq!(out, ["  a   b  c"]);
}

#[test]
fn a_broken_code_line_is_only_code_after_its_indent() {
    // The indent used to be content, so the joined pieces of a long code line read
    // "abcdefghij  klmno" to search instead of "abcdefghijklmno".
    let doc = Arc::new(Document::parse("```\nabcdefghijklmno\n```\n"));
    let layout = Layout::new(&doc, 12);
    let parts: Vec<(usize, String, bool)> =
        layout.lines().map(|l| (l.prefix_width(), l.content_text(), l.joined())).collect();
    assert_eq!(parts, [(2, "abcdefghij".to_string(), false), (2, "klmno".to_string(), true)]);
}

#[test]
fn tables_fit_the_width_by_wrapping_cells() {
    let src = "| Name | Description |\n|---|---:|\n| a | a long description of it |\n";
    for width in [16u16, 30, 80] {
        let out = lines(src, width);
        assert!(out.iter().all(|l| l.width() <= width as usize), "{width}: {out:?}");
        assert!(out.concat().contains("long"));
        assert!(out[0].starts_with("Nam"));
    }
    let out = lines(src, 80);
    assert_eq!(out[0], "Name │              Description");
    assert!(out[1].contains("┼"));
}

#[test]
fn notes_and_links_are_collected_at_the_end() {
    let doc = Arc::new(Document::parse("Claim[^n] and [a link](http://x.org).\n\n[^n]: The note.\n"));
    let layout = Layout::new(&doc, 40);
    let text: Vec<String> = layout.lines().map(|l| l.text()).collect();
    assert_eq!(text[0], "Claim[1] and a link[1].");
    assert!(text.contains(&"[1] The note.".to_string()), "{text:?}");
    assert!(text.contains(&"[1] http://x.org".to_string()), "{text:?}");
    let note = layout.note_line(1).unwrap();
    assert_eq!(layout.line(note).unwrap().text(), "[1] The note.");
    assert_eq!(layout.note_refs(), [NoteRef { line: 0, start: 5, end: 8, note: 1 }]);
    assert_eq!(layout.link_refs(), [NoteRef { line: 0, start: 19, end: 22, note: 1 }]);
}

#[test]
fn every_note_reference_on_a_line_has_its_own_columns() {
    let doc = Arc::new(Document::parse("> Two claims[^a] and ünïcode[^b] here.\n\n[^a]: A.\n[^b]: B.\n"));
    let layout = Layout::new(&doc, 60);
    let line = layout.line(0).unwrap().text();
    assert_eq!(line, "│ Two claims[1] and ünïcode[2] here.");
    let refs = layout.note_refs_on(0..1);
    assert_eq!(refs.len(), 2);
    for (r, label) in refs.iter().zip(["[1]", "[2]"]) {
        let before: String = line.chars().take(r.start).collect();
        let at: String = line.chars().skip(r.start).take(r.end - r.start).collect();
        assert_eq!(at, label, "after {before:?}");
    }
    assert_eq!((refs[0].note, refs[1].note), (1, 2));
    assert!(layout.note_refs_on(1..layout.len()).iter().all(|r| r.line >= 1));
}

#[test]
fn anchors_find_the_same_passage_at_any_width() {
    let src = "# T\n\n".to_string() + &"word ".repeat(300) + "\n\nfinal paragraph\n";
    let doc = Arc::new(Document::parse(&src));
    let narrow = Layout::new(&doc, 20);
    let wide = Layout::new(&doc, 70);
    for i in 0..narrow.len() {
        let a = narrow.line(i).unwrap().anchor();
        let j = wide.line_of(a);
        let wa = wide.line(j).unwrap().anchor();
        assert!(wa <= a);
        assert_eq!(wa.block, a.block);
    }
    let last = narrow.len() - 1;
    let j = wide.line_of(narrow.line(last).unwrap().anchor());
    assert_eq!(wide.line(j).unwrap().text(), "final paragraph");
}

#[test]
fn the_prose_is_read_from_the_document_not_copied() {
    // Long paragraphs with emphasis, code, links and notes, a code block, a table, a
    // quote and a list: the layout makes up only prefixes, markers, rules and padding.
    let mut src = String::new();
    for i in 0..400 {
        src += &format!("Para {i} has *some* words, `code`, a [link](http://x.org/{i}) and a note[^n{i}]. ");
        src += &"Plain running words of prose, wrapped at the width. ".repeat(8);
        src += "\n\n";
    }
    src += "```\nfn main() {\n    let x = 1;\n}\n```\n\n| a | b |\n|---|---|\n| cell one | cell two |\n\n";
    src += "> quoted words here\n\n- an item\n- another\n\n";
    for i in 0..400 {
        src += &format!("[^n{i}]: Note {i}.\n");
    }
    let doc = Arc::new(Document::parse(&src));
    let layout = Layout::new(&doc, 60);
    let shown: usize = layout.lines().map(|l| l.content_text().len()).sum();
    assert!(shown > 150_000, "{shown}");
    // The layout keeps where blocks, headings and references fall, not its lines: a few
    // bytes a block and a reference, next to the text it shows.
    let refs = layout.note_refs().len() + layout.link_refs().len();
    let places = doc.blocks.len() + doc.containers.len() + doc.headings.len() + doc.notes as usize;
    assert!(layout.heap_size() <= 12 * places + 32 * refs + 64, "{} for {layout:?}", layout.heap_size());
    assert!(layout.heap_size() * 4 < shown, "kept {} of {shown}", layout.heap_size());
    assert!(Arc::ptr_eq(layout.document(), &doc));
    // What is read back is still the text (a spot check; the tests above check it all).
    assert!(layout.lines().any(|l| l.text() == "  fn main() {"));
    assert!(layout.lines().any(|l| l.text().starts_with("cell one │ cell two")));
}

#[test]
fn deep_nesting_never_crowds_out_the_text() {
    let src = ">".repeat(500) + " deep text here\n";
    let out = lines(&src, 20);
    assert!(out.iter().all(|l| l.width() <= 20));
    assert!(out.concat().contains("deep"));
}

#[test]
fn cells_past_what_a_run_can_name_are_copied_and_still_shown() {
    // Runs name table columns in 8 bits; the cells beyond are copied into the layout.
    let columns = 300;
    let header: String = (0..columns).map(|c| format!("| h{c} ")).collect::<String>() + "|\n";
    let rule = "|---".repeat(columns) + "|\n";
    let row: String = (0..columns).map(|c| format!("| c{c} ")).collect::<String>() + "|\n";
    let doc = Arc::new(Document::parse(&(header + &rule + &row)));
    for width in [u16::MAX, 72] {
        let text: String = Layout::new(&doc, width).lines().map(|l| l.text()).collect::<Vec<_>>().join("\n");
        for c in [0, 253, 254, 299] {
            assert!(
                text.contains(&format!("h{c}")) && text.contains(&format!("c{c}")),
                "width {width}: column {c}"
            );
        }
    }
}

#[test]
fn a_link_numbered_past_what_a_run_holds_keeps_its_number() {
    // A run keeps a role's number in 16 bits; a larger one is kept aside, by run index.
    let src = "[a](http://x.org) ".repeat(65_537) + "\n";
    let doc = Arc::new(Document::parse(&src));
    let layout = Layout::new(&doc, 72);
    let last = layout.link_refs().last().copied().expect("links");
    assert_eq!(last.note, 65_537);
    let line = layout.line(last.line).expect("its line");
    let styles: Vec<Style> = line.runs().map(|(_, s)| s).collect();
    for n in [65_534, 65_535, 65_537] {
        assert!(styles.contains(&Style::role(crate::core::style::Role::LinkRef(n))), "{n}: {styles:?}");
    }
    let text = line.text();
    assert!(text.contains("a[65537]"), "{text}");
}

#[test]
fn a_piece_longer_than_a_run_holds_is_laid_down_whole_in_several() {
    // One grapheme of 40,000 combining marks (80 KB, wider than a run can say) in a
    // paragraph, and a rule under a heading at the widest terminal (196 KB of the layout's
    // own text): nothing is lost where they are cut into runs.
    let cluster = format!("x{}", "\u{301}".repeat(40_000));
    let out = lines(&format!("{cluster} tail\n"), 20);
    assert_eq!(out.concat().replace(' ', ""), format!("{cluster}tail"));
    let ruled = lines("Above\n\n---\n", u16::MAX);
    let counts: Vec<usize> = ruled.iter().map(|l| l.chars().count()).collect();
    assert!(counts.iter().any(|&n| n == usize::from(u16::MAX)), "a full-width rule: {counts:?}");
    // A heading's runs keep their style aside (it carries the level), and are cut too.
    let title = "é".repeat(40_000);
    let headed = lines(&format!("## {title}\n"), u16::MAX);
    assert_eq!(headed.first().map(String::as_str), Some(title.as_str()));
}
