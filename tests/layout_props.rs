//! Properties of parse + layout over generated Markdown, at any width from 1 to 200.
//!
//! Three generators, from tame to wild:
//! - **plain**: words (ASCII, accented, CJK, emoji with ZWJ and skin tones, combining marks
//!   and zero-width characters) separated by spaces, line breaks and blank lines. The words must come out in the same
//!   order, none lost, none added.
//! - **markup**: the same words mixed with emphasis, code, links, headings, quotes, lists,
//!   rules, fences, footnotes, tables, inline HTML and entities. Every word must still be
//!   somewhere in the output. The generator avoids the constructs where CommonMark itself
//!   drops text (listed at [`markup_input`]).
//! - **chaos**: everything, including control characters, stray pipes, colons, quotes and
//!   half-open constructs; only the safety properties are checked.
//!
//! Always: no panic, no line wider than the width, no character a terminal would act on,
//! anchors in order, heading lines strictly increasing, and a line's anchor finds a line of
//! the same block at another width (positions do not depend on the width).

use std::sync::Arc;

use essayreader::core::document::{BlockKind, Document};
use essayreader::core::layout::{Anchor, Layout, LineRef};
use essayreader::core::sanitize::is_unsafe;
use essayreader::core::style::Style;
use proptest::prelude::*;
use proptest::sample::select;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

// --- Generators ------------------------------------------------------------------------

const ACCENTED: &[&str] =
    &["café", "naïve", "Straße", "Ærøskøbing", "façade", "élan", "Łódź", "ångström", "Citroën", "Ñuñoa"];
const CJK: &[&str] = &["漢字", "政治", "革命的", "労働者", "연대", "團結", "ストライキ", "工人阶级"];
const EMOJI: &[&str] = &[
    "👍🏽",
    "✊🏿",
    "👨\u{200d}👩\u{200d}👧",
    "🏳\u{fe0f}\u{200d}🌈",
    "🇫🇷",
    "👩🏾\u{200d}🏭",
    "❤\u{fe0f}",
    "word👍",
];
const COMBINING: &[&str] =
    &["e\u{301}te\u{301}", "n\u{303}o", "a\u{308}\u{304}", "Zal\u{336}go\u{35c}", "q\u{323}\u{307}"];
/// The typography of published prose, measured without segmentation (one cell per
/// character), beside the same characters joined by marks that do need it.
const TYPOGRAPHIC: &[&str] = &[
    "don’t",
    "“quoted”",
    "1914–1918",
    "so—and",
    "Lukács…",
    "‘single’",
    "’\u{301}s",
    "—\u{fe0f}",
    "“\u{200d}”",
    "é\u{20dd}",
    "…\u{1f3fd}",
];
/// Zero-width and invisible characters that are not white space.
const INVISIBLE: &[&str] =
    &["\u{200b}", "zero\u{200b}width", "\u{2060}", "soft\u{ad}hyphen", "\u{feff}", "\u{200d}"];

/// A word with no Markdown meaning: only letters, marks and emoji.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[a-zA-Z]{1,12}",
        2 => select(ACCENTED).prop_map(String::from),
        2 => select(TYPOGRAPHIC).prop_map(String::from),
        2 => select(CJK).prop_map(String::from),
        1 => select(EMOJI).prop_map(String::from),
        1 => select(COMBINING).prop_map(String::from),
        1 => select(INVISIBLE).prop_map(String::from),
        // Long enough to be broken at narrow widths.
        1 => "[a-z]{20,60}",
    ]
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop_oneof![8 => Just(" "), 2 => Just("\n"), 1 => Just("\n\n")]
}

/// Plain prose: words and white space only, up to about 2 KB.
fn plain_input() -> impl Strategy<Value = String> {
    prop::collection::vec((word(), separator()), 0..160).prop_map(|parts| {
        let mut s = String::new();
        for (w, sep) in parts {
            s.push_str(&w);
            s.push_str(sep);
        }
        s
    })
}

/// A piece of a markup input: a word the output must keep, or markup.
#[derive(Debug, Clone)]
enum Token {
    Word(String),
    Mark(&'static str),
    /// A GFM table with no row wider than its header (wider rows lose cells, by spec).
    Table(Vec<Vec<String>>),
}

/// Markup that never makes CommonMark drop a word next to it. Avoided on purpose:
/// - `:` and quotes: `[a]: b "c"` is a link reference definition, and `"title"` a link
///   title; both are metadata, never shown.
/// - fences followed by text on the same line: the text is an info string (only `\n```\n`
///   is generated, and runs of backticks or tildes are kept apart, see [`markup_input`]).
/// - `<!--`, `<?`, `<!X`, `<![CDATA[`: HTML comments and declarations.
/// - stray `|`: a row with more cells than its table's header loses the extra cells.
/// - `!`: images are fine (their text is shown), but `![` joins `!` to words as noise.
const MARKS: &[&str] = &[
    "*",
    "**",
    "_",
    "__",
    "~~",
    "`",
    "[",
    "](",
    ")",
    "\n# ",
    "\n## ",
    "\n###### ",
    "# ",
    "\n> ",
    "> ",
    "\n>> ",
    "\n- ",
    "- ",
    "\n  - ",
    "\n1. ",
    "1. ",
    "\n    ",
    "\n---\n",
    "\n***\n",
    "\n```\n",
    "[^1]",
    "[^note]",
    "\n[^1]: ",
    "\n[^note]: ",
    "<b>",
    "</b>",
    "<span>",
    "&amp;",
    "&#27;",
    "&lt;",
    "&#x9b;",
    "&nbsp;",
    "&#8238;",
    ".",
    ",",
    "?",
    ";",
    "—",
    "\t",
    "\\",
    "  \n",
    "\n\n",
    "\n",
    " ",
    " ",
    " ",
    " ",
];

fn table() -> impl Strategy<Value = Token> {
    (1usize..5).prop_flat_map(|columns| {
        prop::collection::vec(prop::collection::vec(word_ascii(), 1..=columns), 1..5).prop_map(
            move |mut rows| {
                rows[0].resize(columns, "head".to_string());
                Token::Table(rows)
            },
        )
    })
}

fn word_ascii() -> impl Strategy<Value = String> {
    prop_oneof![4 => "[a-zA-Z]{1,10}", 1 => "[a-z]{15,40}"]
}

fn token() -> impl Strategy<Value = Token> {
    prop_oneof![
        10 => word().prop_map(Token::Word),
        10 => select(MARKS).prop_map(Token::Mark),
        1 => table(),
    ]
}

/// Markdown with markup, up to about 2 KB, and the words it was built from.
fn markup_input() -> impl Strategy<Value = (String, Vec<String>)> {
    prop::collection::vec(token(), 0..300).prop_map(|tokens| {
        let mut s = String::new();
        let mut words = Vec::new();
        for t in tokens {
            let piece = match t {
                Token::Word(w) => {
                    words.push(w.clone());
                    w
                }
                Token::Mark(m) => m.to_string(),
                Token::Table(rows) => {
                    let columns = rows[0].len();
                    let mut t = String::from("\n\n");
                    for (r, row) in rows.iter().enumerate() {
                        words.extend(row.iter().cloned());
                        t.push_str(&format!("| {} |\n", row.join(" | ")));
                        if r == 0 {
                            t.push_str(&format!("|{}\n", ":--|".repeat(columns)));
                        }
                    }
                    t.push('\n');
                    t
                }
            };
            // Keep backtick and tilde runs apart, so only `\n```\n` opens a fence.
            if let (Some(last), Some(first)) = (s.chars().last(), piece.chars().next())
                && last == first
                && matches!(first, '`' | '~')
            {
                s.push(' ');
            }
            s.push_str(&piece);
        }
        (s, words)
    })
}

/// Anything goes: control characters, stray structure, half-open constructs.
fn chaos_input() -> impl Strategy<Value = String> {
    const CHAOS: &[&str] = &[
        "|",
        "|---|",
        ":",
        "\"",
        "'",
        "![",
        "<!--",
        "-->",
        "<http://x.org>",
        "<a href='",
        "[a]: /u \"t\"\n",
        "~~~",
        "```rust",
        "\u{1b}[31m",
        "\u{1b}]0;t\u{7}",
        "\u{9b}",
        "\u{85}",
        "\u{202e}",
        "\u{2066}",
        "\0",
        "\r",
        "\r\n",
        "\u{7f}",
        "\u{200b}",
        "\u{feff}",
        "\u{a0}",
        "\u{3000}",
        "\u{2028}",
        "&#0;",
        "&#x7f;",
        "&#155;",
        "$x$",
        "- [ ] ",
        "- [x] ",
        "+ ",
        "9999999999. ",
        "***",
        "___",
        "\\",
        "\n    \t",
    ];
    prop::collection::vec(
        prop_oneof![
            4 => word(),
            4 => select(MARKS).prop_map(String::from),
            3 => select(CHAOS).prop_map(String::from),
            1 => any::<char>().prop_map(String::from),
        ],
        0..300,
    )
    .prop_map(|parts| parts.concat())
}

// --- Checks ----------------------------------------------------------------------------

/// The checks every layout must pass, whatever the input.
/// What a reader sees of a line: its styled pieces, where it starts, whether it continues
/// a broken word, and the words before it.
type Seen = (Vec<(String, Style)>, Anchor, bool, usize);

fn seen(line: &LineRef<'_>) -> Seen {
    let runs = line.runs().map(|(text, style)| (text.to_string(), style)).collect();
    (runs, line.anchor(), line.joined(), line.words_before())
}

/// A layout's lines are laid out again a block at a time when they are read: read in
/// order, or one by one from the end (each block alone, or kept from before), they are
/// the lines the whole pass made, and anchors find them.
fn check_lines_laid_out_again(doc: &Arc<Document>, width: u16) -> Result<(), TestCaseError> {
    let mut whole = Vec::new();
    let layout = Layout::each_line(doc, width, |line| whole.push(seen(line)));
    prop_assert_eq!(whole.len(), layout.len());
    let in_order: Vec<Seen> = layout.lines().map(|l| seen(&l)).collect();
    prop_assert_eq!(&in_order, &whole);
    let fresh = Layout::new(doc, width);
    for i in (0..whole.len()).rev() {
        let line = fresh.line(i).map(|l| seen(&l));
        prop_assert_eq!(line.as_ref(), Some(&whole[i]), "line {} read alone", i);
        prop_assert_eq!(fresh.words_before(i), whole[i].3);
        let found = fresh.line_of(whole[i].1);
        prop_assert!(found >= i && whole[found].1 == whole[i].1, "line {} found at {}", i, found);
    }
    prop_assert!(fresh.line(whole.len()).is_none());
    // Read in order again: the blocks kept from the reads above are taken as they are.
    let again: Vec<Seen> = fresh.lines().map(|l| seen(&l)).collect();
    prop_assert_eq!(&again, &whole);
    Ok(())
}

fn check_layout(doc: &Document, layout: &Layout, width: u16) -> Result<(), TestCaseError> {
    check_lines_laid_out_again(layout.document(), width)?;
    let width = usize::from(width);
    let mut previous = None;
    for (i, line) in layout.lines().enumerate() {
        let text = line.text();
        let cells: usize = text.graphemes(true).map(UnicodeWidthStr::width).sum();
        prop_assert!(
            cells <= width && text.width() <= width,
            "line {i} is {cells} cells ({} by str width) at width {width}: {text:?}",
            text.width()
        );
        prop_assert!(
            !text.chars().any(|c| is_unsafe(c) || c.is_control()),
            "line {i} holds a control character: {text:?}"
        );
        let anchor = line.anchor();
        prop_assert!(previous <= Some(anchor), "line {i}: anchor {anchor:?} before {previous:?}");
        previous = Some(anchor);
    }
    let headings = layout.heading_lines();
    prop_assert_eq!(headings.len(), doc.headings.len());
    prop_assert!(headings.windows(2).all(|w| w[0] < w[1]), "heading lines not increasing: {headings:?}");
    for (h, &line) in doc.headings.iter().zip(headings) {
        let at = layout.line(line).map(|l| l.anchor().block);
        prop_assert_eq!(at, Some(h.block as u32), "heading {:?} is not on its line", h.title);
    }
    // Each footnote reference's columns (what `f` labels) cover its `[n]` on its line (two
    // references to one note with only a space between are one target).
    let refs = layout.note_refs();
    prop_assert!(
        refs.windows(2).all(|w| (w[0].line, w[0].start) < (w[1].line, w[1].start)),
        "refs out of order"
    );
    for r in refs {
        let text = layout.line(r.line).map(|l| l.text()).unwrap_or_default();
        let mut col = 0;
        let mut covered = String::new();
        for g in text.graphemes(true) {
            // Zero-width characters (a word joiner before the reference) take no cell.
            if col >= r.start && col < r.end && g.width() > 0 {
                covered.extend(g.chars().filter(|c| c.to_string().width() > 0));
            }
            col += g.width();
        }
        prop_assert!(
            !covered.is_empty()
                && covered.chars().all(|c| c == '[' || c == ']' || c == ' ' || c.is_ascii_digit()),
            "note {} at {}..{} covers {covered:?} of {text:?}",
            r.note,
            r.start,
            r.end
        );
        if covered.len() > 1 && covered.starts_with('[') {
            prop_assert!(covered.starts_with(&format!("[{}", r.note)), "{covered:?} is not note {}", r.note);
        }
    }
    Ok(())
}

/// Every line's anchor, looked up in a layout at another width, lands on a line of the same
/// block that starts at or before it.
fn check_anchors_across_widths(a: &Layout, b: &Layout) -> Result<(), TestCaseError> {
    for (i, line) in a.lines().enumerate() {
        let anchor = line.anchor();
        let j = b.line_of(anchor);
        let found = b.line(j).map(|l| l.anchor());
        prop_assert!(
            found.is_some_and(|f| f.block == anchor.block && f <= anchor),
            "line {i} ({anchor:?}) at width {} maps to line {j} ({found:?}) at width {}",
            a.width(),
            b.width()
        );
    }
    Ok(())
}

/// The output's text with broken words put back together: lines of a paragraph joined by a
/// space, or by nothing where a word was broken (`joined`). Table cells are read column by
/// column, each column's pieces of a row concatenated (cells never say where a word was
/// broken, so words run together: enough to find each word, not to count them).
fn reassembled(doc: &Document, layout: &Layout) -> String {
    let mut out = String::new();
    let mut row: Option<(u32, u32)> = None;
    let mut columns: Vec<String> = Vec::new();
    let flush = |out: &mut String, columns: &mut Vec<String>| {
        for c in columns.drain(..) {
            out.push('\n');
            out.push_str(&c);
        }
    };
    for line in layout.lines() {
        let anchor = line.anchor();
        let content = line.content_text();
        let is_table =
            matches!(doc.blocks.get(anchor.block as usize).map(|b| &b.kind), Some(BlockKind::Table(_)));
        if is_table {
            if row != Some((anchor.block, anchor.byte)) {
                flush(&mut out, &mut columns);
                row = Some((anchor.block, anchor.byte));
            }
            for (c, cell) in content.split(" │ ").enumerate() {
                if columns.len() <= c {
                    columns.resize(c + 1, String::new());
                }
                columns[c].push_str(cell.trim());
            }
            continue;
        }
        flush(&mut out, &mut columns);
        row = None;
        if !line.joined() {
            out.push('\n');
        }
        out.push_str(&content);
    }
    flush(&mut out, &mut columns);
    out
}

/// `word` with every grapheme too wide for the width replaced by `?`, as the layout shows it.
fn as_shown(word: &str, width: usize) -> String {
    word.graphemes(true).map(|g| if g.width() > width { "?" } else { g }).collect()
}

/// 256 cases of up to about 2 KB keep the suite to a few seconds; `PROPTEST_CASES=20000`
/// hunts longer. Failures are not saved to a regressions file: each one found becomes a
/// named unit test next to its fix.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn plain_words_come_out_in_order(src in plain_input(), width in 1u16..=200, other in 1u16..=200) {
        let doc = Arc::new(Document::parse(&src));
        let layout = Layout::new(&doc, width);
        check_layout(&doc, &layout, width)?;
        // A byte-order mark at the very start marks the encoding; it is not text.
        let body = src.strip_prefix('\u{feff}').unwrap_or(&src);
        let expected: Vec<String> = body.split_whitespace().map(|w| as_shown(w, width.into())).collect();
        let text = reassembled(&doc, &layout);
        let got: Vec<&str> = text.split_whitespace().collect();
        prop_assert_eq!(got, expected);
        let second = Layout::new(&doc, other);
        check_layout(&doc, &second, other)?;
        check_anchors_across_widths(&layout, &second)?;
        check_anchors_across_widths(&second, &layout)?;
    }

    #[test]
    fn markup_keeps_every_word((src, words) in markup_input(), width in 1u16..=200, other in 1u16..=200) {
        let doc = Arc::new(Document::parse(&src));
        let layout = Layout::new(&doc, width);
        check_layout(&doc, &layout, width)?;
        let text = reassembled(&doc, &layout);
        for w in &words {
            // Words whose characters are all one cell wide are shown as written at any
            // width; others may become `?` at width 1 (checked in the plain property).
            if w.chars().all(|c| c.is_alphanumeric() && c.to_string().width() == 1) {
                prop_assert!(text.contains(w.as_str()), "{w:?} is missing from the output at width {width}:\n{text}");
            }
        }
        let second = Layout::new(&doc, other);
        check_layout(&doc, &second, other)?;
        check_anchors_across_widths(&layout, &second)?;
        check_anchors_across_widths(&second, &layout)?;
    }

    #[test]
    fn chaos_is_safe_at_any_width(src in chaos_input(), width in 1u16..=200, other in 1u16..=200) {
        let doc = Arc::new(Document::parse(&src));
        let layout = Layout::new(&doc, width);
        check_layout(&doc, &layout, width)?;
        let second = Layout::new(&doc, other);
        check_layout(&doc, &second, other)?;
        check_anchors_across_widths(&layout, &second)?;
        // Saved positions are source offsets: any offset maps to a place and back without
        // a panic, and the place is a line of the layout.
        for offset in 0..=src.len() + 1 {
            let (block, byte) = doc.place_of_source(offset);
            let _ = doc.source_of(block, byte);
            let line = layout.line_of(essayreader::core::layout::Anchor { block, byte });
            prop_assert!(line < layout.len().max(1));
        }
    }
}

/// What the two prefix fixes mean for a reader: search reads a line's content only, so text
/// that merged into a list item's hanging indent, or a code line split around its indent,
/// could not be found.
#[test]
fn search_finds_text_on_continuation_lines() {
    use essayreader::app::search::Search;
    let src = "- first item wraps here\n\n[^1]: a note that wraps onto more lines\n\n```\nabcdefghijklmnopqrstuvwxyz\n```\n\nRef[^1].\n";
    let doc = Arc::new(Document::parse(src));
    let layout = Layout::new(&doc, 14);
    let mut search = Search::new(&layout);
    for query in ["wraps here", "more lines", "abcdefghijklmnopqrstuvwxyz"] {
        search.set_query(&layout, query);
        assert_eq!(search.matches.len(), 1, "{query:?} not found once");
    }
}
