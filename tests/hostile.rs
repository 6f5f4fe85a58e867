//! Hostile input: files built to break a Markdown reader. Each one goes through parse and
//! layout at widths 1, 2, 20, 72 and 200; none may panic, no laid-out line may hold a
//! character that a terminal would act on, and no line may be wider than its width.
//!
//! Time is bounded by finishing: these tests assert no timings (a loaded CI machine would
//! make that flaky). Each prints how long it took when run with `--nocapture`, and
//! `benches/engine.rs` measures the speed of ordinary essays. The big inputs are built in
//! code so the repository stays small.

use std::sync::Arc;
use std::time::Instant;

use essayreader::app::{Model, Msg, OpenedEssay, update};
use essayreader::core::document::{BlockKind, Document};
use essayreader::core::layout::Layout;
use essayreader::core::sanitize::is_unsafe;
use essayreader::ui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

const WIDTHS: [u16; 5] = [1, 2, 20, 72, 200];

/// Whether a terminal could act on `c`: C0 (newline included: a line holds none), DEL, C1,
/// and the bidi overrides and isolates.
fn dangerous(c: char) -> bool {
    is_unsafe(c) || c.is_control()
}

/// The width of a line as the terminal buffer measures it (per grapheme cluster) and as
/// `unicode-width` measures the whole string; a line must fit by both.
fn widths_of(text: &str) -> (usize, usize) {
    if text.is_ascii() {
        return (text.len(), text.len());
    }
    let by_grapheme = text.graphemes(true).map(UnicodeWidthStr::width).sum();
    (by_grapheme, text.width())
}

/// Parses and lays out `src` at every width and checks every line; returns the document.
fn check(name: &str, src: &str) -> Arc<Document> {
    let started = Instant::now();
    let doc = Arc::new(Document::parse(src));
    let parsed = started.elapsed();
    let mut timings = Vec::new();
    for width in WIDTHS {
        let laid = Instant::now();
        let layout = Layout::new(&doc, width);
        timings.push(format!("{width}: {:.1?}", laid.elapsed()));
        let mut previous = None;
        for (i, line) in layout.lines().enumerate() {
            let text = line.text();
            if let Some(c) = text.chars().find(|&c| dangerous(c)) {
                panic!("{name}, width {width}, line {i}: unsafe {c:?} in {:?}", excerpt(&text));
            }
            let (cells, str_cells) = widths_of(&text);
            assert!(
                cells <= usize::from(width) && str_cells <= usize::from(width),
                "{name}, width {width}, line {i}: {cells} cells ({str_cells} by str width): {:?}",
                excerpt(&text)
            );
            // Lines are in anchor order: positions are found by binary search.
            assert!(previous <= Some(line.anchor()), "{name}, width {width}, line {i}: anchor out of order");
            previous = Some(line.anchor());
        }
        let headings = layout.heading_lines();
        assert!(
            headings.windows(2).all(|w| w[0] < w[1]),
            "{name}, width {width}: heading lines out of order"
        );
    }
    eprintln!(
        "{name}: {} bytes, {} blocks; parse {parsed:.1?}; layout at width {}",
        src.len(),
        doc.blocks.len(),
        timings.join(", ")
    );
    doc
}

fn excerpt(text: &str) -> String {
    text.chars().take(80).collect()
}

/// All the text the document holds, for checking that something survived.
fn all_text(doc: &Arc<Document>) -> String {
    let layout = Layout::new(doc, 200);
    layout.lines().map(|l| l.content_text()).collect::<Vec<_>>().join("\n")
}

/// Opens `src` in the reader and draws a frame at the top and one at the end; no cell of
/// either may hold an unsafe character. This covers the outline and status line too.
fn check_frames(name: &str, src: &str, title: &str) {
    for (w, h) in [(120u16, 40u16), (20, 5), (61, 10)] {
        let mut model = Model::new(vec![], (w, h));
        update(&mut model, Msg::Opened(Box::new(OpenedEssay::new("hostile", title, src))));
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
        let last = model.reader.as_ref().map_or(0, |r| r.layout.len());
        for top in [0, last.saturating_sub(usize::from(h))] {
            model.reader.as_mut().expect("essay opened").set_top(top);
            terminal.draw(|f| render(&model, Theme::DARK, f)).expect("draw");
            let buffer = terminal.backend().buffer();
            for cell in buffer.content() {
                if let Some(c) = cell.symbol().chars().find(|&c| dangerous(c)) {
                    panic!("{name}: {w}x{h} frame at line {top} shows {c:?}");
                }
            }
        }
    }
}

// --- Control characters and escape sequences -------------------------------------------

const ESCAPES: &str = "\u{1b}[31mred\u{1b}[0m and \u{1b}]0;pwned title\u{7} and \
                       \u{1b}]52;c;ZWNobyBwd25lZA==\u{7} clipboard, \u{1b}P+q\u{1b}\\ dcs, \u{7} bell";

#[test]
fn raw_escape_sequences_everywhere() {
    let src = format!(
        "---\ntitle: {ESCAPES}\nauthor: \u{1b}[2J\n---\n\
         # Heading {ESCAPES}\n\n\
         Paragraph {ESCAPES}\n\n\
         > Quote {ESCAPES}\n\n\
         - item {ESCAPES}\n\n\
         `code {ESCAPES}`\n\n\
         ```\u{1b}[31m\nfenced {ESCAPES}\n\t\u{1b}c\n```\n\n    indented \u{1b}[1m code\n\n\
         | a \u{1b}[7m | b |\n|---|---|\n| {ESCAPES} | x |\n\n\
         [link {ESCAPES}](http://x.org/\u{1b}[31m) and <http://y.org/\u{1b}>\n\n\
         <div>\n{ESCAPES}\n</div>\n\n\
         text <span \u{1b}[5m>html</span>\n\n\
         Note[^\u{1b}n].\n\n[^\u{1b}n]: {ESCAPES}\n"
    );
    let doc = check("raw escapes", &src);
    assert!(all_text(&doc).contains('\u{241b}'), "the escape should be shown as ␛");
    check_frames("raw escapes", &src, "title \u{1b}]0;x\u{7}");
}

#[test]
fn c1_controls_raw_and_as_entities() {
    let src = "CSI \u{9b}31m red \u{9b}2J, NEL \u{85}, \u{90}dcs\u{9c}\n\n\
               ESC &#27;[31m &#x1b;[31m &#X1B;]0;t&#7; CSI &#x9b;31m &#155;2J NUL &#0; DEL &#x7f; \
               &#127; &#x85; &#1114111; &#1114112; &#xD800; &#9999999999;\n\n\
               # &#27;[31m heading\n\n`&#27; stays literal in code`\n\n\
               [&#27;link](http://x.org/&#27;[31m&#x9b;)\n";
    let doc = check("C1 and entities", src);
    let text = all_text(&doc);
    assert!(text.contains('\u{241b}') && text.contains("<U+009B>"), "{text}");
    check_frames("C1 and entities", src, "t");
}

#[test]
fn bidi_overrides_and_isolates() {
    let codes = [
        "\u{202a}", "\u{202b}", "\u{202c}", "\u{202d}", "\u{202e}", "\u{2066}", "\u{2067}", "\u{2068}",
        "\u{2069}",
    ];
    let mut src = String::from("# Title \u{202e}desrever\u{202c}\n\n");
    for code in codes {
        src.push_str(&format!(
            "text {code}gnirts{code} `code{code}` **bold{code}**\n\n| a{code} |\n|--|\n| b{code} |\n\n"
        ));
    }
    src.push_str("```\n\u{202e}tx\u{2066}et\n```\n\n&#x202e;entity &#8238;entity\n");
    check("bidi", &src);
    check_frames("bidi", &src, "\u{202e}eltit");
}

#[test]
fn nul_bytes() {
    let src = "a\0b\0\0c\n\n\0# not a heading\n\n```\n\0\0\n```\n\n| \0 | b |\n|--|--|\n| \0 | \0 |\n\0";
    check("NUL", src);
    check("NUL only", &"\0".repeat(100_000));
}

// --- Pathological nesting and delimiter runs ------------------------------------------

#[test]
fn fifty_thousand_nested_quotes() {
    let src = ">".repeat(50_000) + " deep text\n";
    let doc = check("50,000 nested >", &src);
    assert!(all_text(&doc).contains("deep text"));
    let spaced =
        "> ".repeat(50_000) + "deep\n" + &"> ".repeat(50_000) + "\n" + &"> ".repeat(25_000) + "shallower\n";
    check("50,000 nested > (spaced, three lines)", &spaced);
}

#[test]
fn ten_thousand_nested_list_items_on_one_line() {
    let src = "- ".repeat(10_000) + "deep item\n";
    let doc = check("10,000 nested `- ` on one line", &src);
    assert!(all_text(&doc).contains("deep item"));
    check("10,000 nested `1. ` on one line", &("1. ".repeat(10_000) + "deep item\n"));
    check("10,000 nested `> - ` on one line", &("> - ".repeat(10_000) + "deep item\n"));
}

#[test]
fn deeply_indented_nested_list() {
    // Each level indented two more spaces: 10,000 levels would be 100 MB of spaces, so this
    // uses 3,000 (9 MB); the one-line test above reaches 10,000 levels.
    let mut src = String::new();
    for level in 0..3_000 {
        src.push_str(&" ".repeat(2 * level));
        src.push_str("- item\n");
    }
    let doc = check("3,000-deep indented list", &src);
    assert!(doc.blocks.len() >= 3_000);
}

#[test]
fn fifty_thousand_open_brackets() {
    check("[ × 50,000", &"[".repeat(50_000));
    check("[a]( × 10,000", &"[a](".repeat(10_000));
    check("![ × 50,000", &"![".repeat(25_000));
    check("[^ × 50,000", &"[^".repeat(25_000));
    check("[ × 50,000 then ]", &("[".repeat(50_000) + &"]".repeat(50_000)));
}

#[test]
fn fifty_thousand_stars_and_underscores() {
    check("* × 50,000", &"*".repeat(50_000));
    check("*a × 50,000", &"*a".repeat(50_000));
    check("** a × 25,000", &"** a".repeat(25_000));
    check("_ × 50,000", &"_".repeat(50_000));
    check("~~ × 25,000", &"~~a".repeat(25_000));
}

#[test]
fn fifty_thousand_backticks() {
    check("` × 50,000", &"`".repeat(50_000));
    check("`a × 50,000", &"`a".repeat(50_000));
    // Code spans of every length 1..=300, none closed: a classic quadratic trap.
    let mut src = String::new();
    for n in 1..=300 {
        src.push_str(&"`".repeat(n));
        src.push_str("a ");
    }
    check("unclosed backtick runs 1..=300", &src);
}

#[test]
fn fifty_thousand_angle_brackets() {
    check("< × 50,000", &"<".repeat(50_000));
    check("<a × 50,000", &"<a".repeat(50_000));
    check("<!-- × 20,000", &"<!--".repeat(20_000));
    check("<a href=' × 10,000", &"<a href='".repeat(10_000));
}

// --- Sheer size ------------------------------------------------------------------------

#[test]
fn ten_megabyte_line_of_words() {
    let mut src = String::with_capacity(10 << 20);
    let words = ["the", "leaked", "document", "shows", "that", "organising", "is", "hard"];
    let mut i = 0;
    while src.len() < 10 << 20 {
        src.push_str(words[i % words.len()]);
        src.push(' ');
        i += 1;
    }
    src.push('\n');
    let doc = check("10 MB single line of words", &src);
    assert_eq!(Layout::new(&doc, 72).words(), i, "every word is laid out and counted once");
}

#[test]
fn ten_megabyte_line_without_spaces() {
    let src = "abcdefghij".repeat(1 << 20) + "\n";
    check("10 MB line without spaces", &src);
    let wide = "漢字".repeat(1 << 19) + "\n";
    check("3 MB line of CJK without spaces", &wide);
}

#[test]
fn ten_thousand_table_columns() {
    let header = "|".to_string() + &"h|".repeat(10_000) + "\n";
    let rule = "|".to_string() + &"-|".repeat(10_000) + "\n";
    let row = "|".to_string() + &"cell|".repeat(10_000) + "\n";
    check("10,000 table columns", &(header + &rule + &row.repeat(3)));
}

#[test]
fn ten_thousand_table_rows() {
    let mut src = String::from("| name | value | note |\n|:--|--:|:-:|\n");
    for i in 0..10_000 {
        src.push_str(&format!("| row {i} | {} | some *emphasised* note text |\n", i * 7));
    }
    check("10,000 table rows", &src);
}

#[test]
fn a_table_with_ragged_and_huge_cells() {
    let mut src = String::from("| a | b |\n|---|---|\n");
    src.push_str(&format!("| {} | short |\n", "longword".repeat(5_000)));
    src.push_str(&format!("| {} |\n", "w ".repeat(20_000)));
    src.push_str("| 1 | 2 | 3 | 4 | 5 |\n");
    check("ragged table", &src);
}

// --- Line endings, front matter, whitespace -------------------------------------------

#[test]
fn crlf_and_lone_cr_line_endings() {
    let body = "# Title\n\nFirst paragraph\nstill first.\n\n> quote\n\n- a\n- b\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
    check("CRLF", &format!("---\r\ntitle: x\r\n---\r\n{}", body.replace('\n', "\r\n")));
    check("lone CR", &body.replace('\n', "\r"));
    check("mixed endings", &body.replace("\n\n", "\r\n\r").replace('\n', "\n\r"));
    check("CR × 100,000", &"\r".repeat(100_000));
    check("CRLF × 100,000 with text", &"a\r\n".repeat(100_000));
}

#[test]
fn front_matter_that_never_ends() {
    let src = "---\ntitle: open\n".to_string() + &"body text line\n".repeat(100_000);
    let doc = check("unterminated front matter", &src);
    assert!(doc.front.is_none());
    check("just ---", "---");
    check("---\\n only", "---\n");
    check("two --- lines", "---\n---\n");
}

#[test]
fn yaml_bombs_in_front_matter() {
    let nested = format!("---\ntitle: {}{}\n---\nbody\n", "[".repeat(50_000), "]".repeat(50_000));
    check("front matter [[[[ × 50,000", &nested);
    check("front matter unclosed [ × 50,000", &format!("---\ntags: {}\n---\nbody\n", "[".repeat(50_000)));
    check("front matter {{{{ × 50,000", &format!("---\na: {}\n---\nbody\n", "{".repeat(50_000)));
    // Billion laughs: each alias doubles the size of the one before.
    let mut laughs = String::from("---\na0: &a0 [lol, lol]\n");
    for i in 1..40 {
        laughs.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}]\n", p = i - 1));
    }
    laughs.push_str("title: *a39\n---\nbody\n");
    check("billion laughs", &laughs);
    let deep_map = "---\n".to_string()
        + &(0..2_000).map(|i| format!("{}k:\n", " ".repeat(i))).collect::<String>()
        + "---\nbody\n";
    check("front matter 2,000-deep map", &deep_map);
}

#[test]
fn only_whitespace() {
    check("empty", "");
    check("spaces", &" ".repeat(100_000));
    check("newlines", &"\n".repeat(100_000));
    check("tabs", &"\t".repeat(100_000));
    check("mixed whitespace", &" \t\n\r\n\u{a0}\u{3000}\u{2028}\u{2029}\u{feff}".repeat(10_000));
}

// --- Structure at scale ----------------------------------------------------------------

#[test]
fn ten_thousand_headings_in_a_row() {
    let src: String = (0..10_000).map(|i| format!("{} Heading\n", "#".repeat(i % 6 + 1))).collect();
    let doc = check("10,000 headings", &src);
    assert_eq!(doc.headings.len(), 10_000);
    let slugs: std::collections::HashSet<_> = doc.headings.iter().map(|h| h.slug.as_str()).collect();
    assert_eq!(slugs.len(), 10_000, "slugs stay unique");
    check("10,000 setext headings", &"Heading\n===\n".repeat(10_000));
    check("10,000 empty headings", &"#\n".repeat(10_000));
}

#[test]
fn footnotes_that_reference_each_other() {
    let mut src = String::from("Start[^0].\n\n");
    for i in 0..10_000 {
        src.push_str(&format!("[^{i}]: See [^{}] and [^{i}].\n\n", i + 1));
    }
    src.push_str("[^10000]: Back to [^0].\n");
    let doc = check("10,000 chained footnotes", &src);
    assert_eq!(doc.notes, 10_001);
    check("self-referencing footnote", "A[^a].\n\n[^a]: Itself[^a], again[^a].\n");
    check("footnote inside a footnote", "A[^a].\n\n[^a]: outer\n\n    [^b]: inner\n\n    > [^c]: quoted\n");
    check("footnote defs in lists and quotes", "- [^a]: in a list\n\n> [^b]: in a quote\n\nRef[^a][^b].\n");
    check("10,000 undefined references", &"[^nope]".repeat(10_000));
}

#[test]
fn ten_thousand_links() {
    let src: String = (0..10_000).map(|i| format!("[link {i}](https://example.org/{i}) ")).collect();
    let doc = check("10,000 links", &src);
    assert_eq!(doc.links.len(), 10_000);
}

#[test]
fn grapheme_monsters() {
    let zalgo = "e".to_string() + &"\u{301}\u{316}\u{35c}".repeat(20_000);
    check("one letter with 60,000 combining marks", &format!("{zalgo} tail\n"));
    let family = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
    check("ZWJ chain", &(family.repeat(10_000) + "\n"));
    check("ZWJ × 50,000", &"\u{200d}".repeat(50_000));
    check("zero-width spaces between words", &"\u{200b} a \u{2060} ".repeat(20_000));
    check("skin tones without a base", &"\u{1f3fd}".repeat(10_000));
    check("regional indicators", &"\u{1f1eb}".repeat(10_001));
    check("variation selectors", &"\u{fe0f}\u{fe0e}".repeat(10_000));
    check("combining marks at line starts", &"\u{301}a \u{301}b\n\n\u{301}\n".repeat(5_000));
    check("wide characters in code", &format!("```\n{}\n\t漢\t字\n```\n", "漢字".repeat(1_000)));
    check("Hangul jamo", &"\u{1100}\u{1161}\u{11a8}".repeat(10_000));
}

#[test]
fn code_blocks_that_never_close() {
    check("unclosed fence", &("```\n".to_string() + &"code line\n".repeat(100_000)));
    check("10,000 fences", &"```\n".repeat(10_000));
    check("tabs in a long code line", &format!("```\n{}\n```\n", "\ta".repeat(100_000)));
    check("html block never closed", &("<div>\n".to_string() + &"<p>x\n".repeat(100_000)));
}

#[test]
fn many_small_blocks() {
    check("100,000 rules", &"---\n\n".repeat(100_000));
    check("100,000 one-word paragraphs", &"word\n\n".repeat(100_000));
    check("100,000 list items", &"- item\n".repeat(100_000));
    check("50,000 quotes each a new block", &"> q\n\n".repeat(50_000));
    check("hard breaks × 100,000", &"a\\\n".repeat(100_000));
}

#[test]
fn the_document_keeps_its_text() {
    // Not hostile, but the checks above are only useful if text survives the trip.
    let doc = check("sanity", "# T\n\nSome *text* here.\n");
    assert!(matches!(doc.blocks[1].kind, BlockKind::Paragraph(_)));
    assert!(all_text(&doc).contains("Some text here."));
}
