//! [`Document`] + width → [`Layout`]: styled lines, and the maps from headings, notes and
//! width-independent places to line numbers.
//!
//! Lines are stored compactly (one text buffer, runs as ranges into it) so a 10 MiB essay
//! lays out without an allocation per line. No line is ever wider than the width: words
//! are wrapped by display width, grapheme clusters are never split, and a word longer
//! than the line is broken.
//!
//! - `wrap`: one inline's text wrapped into lines of pieces;
//! - `build`: blocks to lines: prefixes, runs, heading rules, heading and note lines;
//! - `table`: tables fitted to the width;
//! - `preformatted`: code blocks and raw HTML.

use unicode_width::UnicodeWidthStr;

mod build;
mod preformatted;
mod table;
mod wrap;

use super::document::Document;
use super::style::Style;
use build::{Builder, PrefixPart};

/// A width-independent place in a document: a block and a byte in that block's text.
/// Lines are laid out in increasing anchor order, so anchors find lines by binary search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Anchor {
    /// Index into [`Document::blocks`].
    pub block: u32,
    /// Byte into the block's text.
    pub byte: u32,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    start: u32,
    end: u32,
    style: Style,
}

#[derive(Debug, Clone, Copy)]
struct Line {
    first_run: u32,
    end_run: u32,
    /// Runs before this index are the prefix (quote bars, list markers, indentation).
    content_run: u32,
    anchor: Anchor,
    /// The line continues a word broken at the end of the previous line.
    joined: bool,
    /// Words of running text before this line (for the reading time left).
    words_before: u32,
}

/// An essay laid out at one width.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    width: usize,
    /// Words of running text (paragraphs and headings).
    words: usize,
    text: String,
    runs: Vec<Run>,
    lines: Vec<Line>,
    heading_lines: Vec<usize>,
    note_lines: Vec<usize>,
    note_refs: Vec<NoteRef>,
    link_refs: Vec<NoteRef>,
    autolink_refs: Vec<NoteRef>,
}

/// Where a footnote reference (or a link's `[n]`) sits on screen, like a heading's line:
/// targets for `f`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteRef {
    /// The line it is on.
    pub line: usize,
    /// Its first column, counted from the start of the line (prefix included).
    pub start: usize,
    /// The column after it.
    pub end: usize,
    /// The note (or, for a link, the entry of the document's links) it refers to,
    /// numbered from 1.
    pub note: u32,
}

/// One laid-out line, borrowed from its layout.
#[derive(Debug, Clone, Copy)]
pub struct LineRef<'a> {
    layout: &'a Layout,
    line: Line,
}

impl<'a> LineRef<'a> {
    /// The line's styled pieces, prefix included.
    pub fn runs(&self) -> impl Iterator<Item = (&'a str, Style)> + 'a {
        self.range_runs(self.line.first_run, self.line.end_run)
    }

    /// The prefix's pieces: quote bars, list markers, indentation.
    pub fn prefix(&self) -> impl Iterator<Item = (&'a str, Style)> + 'a {
        self.range_runs(self.line.first_run, self.line.content_run)
    }

    /// The pieces after the prefix: the text itself.
    pub fn content(&self) -> impl Iterator<Item = (&'a str, Style)> + 'a {
        self.range_runs(self.line.content_run, self.line.end_run)
    }

    /// Display width of the prefix (bars, markers, indentation).
    pub fn prefix_width(&self) -> usize {
        self.range_runs(self.line.first_run, self.line.content_run).map(|(t, _)| t.width()).sum()
    }

    fn range_runs(&self, from: u32, to: u32) -> impl Iterator<Item = (&'a str, Style)> + 'a {
        let layout = self.layout;
        layout.runs[from as usize..to as usize]
            .iter()
            .map(move |r| (&layout.text[r.start as usize..r.end as usize], r.style))
    }

    /// The whole line as plain text.
    pub fn text(&self) -> String {
        self.runs().map(|(t, _)| t).collect()
    }

    /// The text after the prefix as plain text.
    pub fn content_text(&self) -> String {
        self.content().map(|(t, _)| t).collect()
    }

    /// Display width of the whole line.
    pub fn width(&self) -> usize {
        self.runs().map(|(t, _)| t.width()).sum()
    }

    /// Where the line starts in the document.
    pub fn anchor(&self) -> Anchor {
        self.line.anchor
    }

    /// Whether the line continues a word broken at the end of the line before.
    pub fn joined(&self) -> bool {
        self.line.joined
    }
}

impl Layout {
    /// Lays out `doc` in a column `width` cells wide (at least 1).
    pub fn new(doc: &Document, width: u16) -> Layout {
        let width = usize::from(width.max(1));
        let mut b = Builder::new(doc, width);
        for (i, block) in doc.blocks.iter().enumerate() {
            b.block(i as u32, block);
        }
        b.layout
    }

    /// The column width this layout was made for.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Words placed on lines of running text (paragraphs and headings). This tally says
    /// how the text is spread over lines; the essay's length is [`Document::words`] (the
    /// core's one count, which the library shows), apportioned by this.
    pub fn words(&self) -> usize {
        self.words
    }

    /// Words of running text before line `line`: what has been read when it is at the top.
    pub fn words_before(&self, line: usize) -> usize {
        self.lines.get(line).map_or(self.words, |l| l.words_before as usize)
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether there are no lines.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Line `i`, if it exists.
    pub fn line(&self, i: usize) -> Option<LineRef<'_>> {
        self.lines.get(i).map(|&line| LineRef { layout: self, line })
    }

    /// All lines in order.
    pub fn lines(&self) -> impl Iterator<Item = LineRef<'_>> {
        self.lines.iter().map(move |&line| LineRef { layout: self, line })
    }

    /// The line that shows `anchor`: the last line starting at or before it.
    pub fn line_of(&self, anchor: Anchor) -> usize {
        self.lines.partition_point(|l| l.anchor <= anchor).saturating_sub(1)
    }

    /// The first line of heading `index` (its place in [`Document::headings`]).
    pub fn heading_line(&self, index: usize) -> Option<usize> {
        self.heading_lines.get(index).copied()
    }

    /// The first line of each heading, in order.
    pub fn heading_lines(&self) -> &[usize] {
        &self.heading_lines
    }

    /// The heading whose section line `line` is in (the last heading at or above it).
    pub fn heading_at(&self, line: usize) -> Option<usize> {
        self.heading_lines.partition_point(|&h| h <= line).checked_sub(1)
    }

    /// The first line of note `n` (numbered from 1).
    pub fn note_line(&self, n: u32) -> Option<usize> {
        self.note_lines.get((n as usize).checked_sub(1)?).copied().filter(|&l| l != usize::MAX)
    }

    /// Every note reference, in reading order (by line, then column).
    pub fn note_refs(&self) -> &[NoteRef] {
        &self.note_refs
    }

    /// The note references on lines `lines` (those on screen), in reading order.
    pub fn note_refs_on(&self, lines: std::ops::Range<usize>) -> &[NoteRef] {
        let first = self.note_refs.partition_point(|r| r.line < lines.start);
        let end = self.note_refs.partition_point(|r| r.line < lines.end).max(first);
        &self.note_refs[first..end]
    }

    /// The pieces of text of links that show their own address (`note` is the number in
    /// the document's `autolinks`) on lines `lines`, in reading order.
    pub fn autolink_refs_on(&self, lines: std::ops::Range<usize>) -> &[NoteRef] {
        let first = self.autolink_refs.partition_point(|r| r.line < lines.start);
        let end = self.autolink_refs.partition_point(|r| r.line < lines.end).max(first);
        &self.autolink_refs[first..end]
    }

    /// Every link's `[n]` in the text, in reading order: the links `f` follows.
    pub fn link_refs(&self) -> &[NoteRef] {
        &self.link_refs
    }

    /// The links' `[n]` on lines `lines` (those on screen), in reading order.
    pub fn link_refs_on(&self, lines: std::ops::Range<usize>) -> &[NoteRef] {
        let first = self.link_refs.partition_point(|r| r.line < lines.start);
        let end = self.link_refs.partition_point(|r| r.line < lines.end).max(first);
        &self.link_refs[first..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(src: &str, width: u16) -> Vec<String> {
        let doc = Document::parse(src);
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
        let doc = Document::parse(&text);
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
        let doc = Document::parse("- a\n- \u{200b} word here\n");
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
            let doc = Document::parse(src);
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
        let doc = Document::parse("# Title\n\nIntro text.\n\n## Part\n\nBody.\n");
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
        let doc = Document::parse("- first item wraps\n- A  \nB\n");
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
        let doc = Document::parse("```\nabcdefghijklmno\n```\n");
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
        let doc = Document::parse("Claim[^n] and [a link](http://x.org).\n\n[^n]: The note.\n");
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
        let doc = Document::parse("> Two claims[^a] and ünïcode[^b] here.\n\n[^a]: A.\n[^b]: B.\n");
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
        let doc = Document::parse(&src);
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
    fn deep_nesting_never_crowds_out_the_text() {
        let src = ">".repeat(500) + " deep text here\n";
        let out = lines(&src, 20);
        assert!(out.iter().all(|l| l.width() <= 20));
        assert!(out.concat().contains("deep"));
    }
}
