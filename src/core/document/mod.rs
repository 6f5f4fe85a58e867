//! Markdown → [`Document`]: a flat list of blocks, each inside a chain of containers.
//!
//! The document is flat on purpose: block quotes, list items and notes are containers that
//! blocks point into by index, so a file nested 50,000 levels deep is a long chain of
//! small records rather than a deep tree, and nothing here or in the layout recurses.
//! All text is sanitised as it is read, so nothing downstream sees a raw control character.
//!
//! - this file: the document's types, parsing, and the heading path of a block;
//! - `build`: pulldown-cmark events → blocks, containers, headings and slugs, notes, links;
//! - `chunks`: a long essay parsed in pieces, so pulldown-cmark's tree is never the book's;
//! - `source_map`: source offsets ↔ places in blocks;
//! - `text`: where an inline's text is kept (the source itself, as a rule) and how it is read.

mod bare_urls;
mod build;
#[cfg(test)]
mod chunk_tests;
mod chunks;
mod shared;
mod source_map;
mod text;
#[cfg(test)]
mod text_tests;

pub use shared::{Paged, SharedSource};
pub use text::TextPieces;

use super::frontmatter::{self, FrontMatter};
use super::style::Style;
use super::words;
use build::Builder;

/// A parsed essay: blocks in reading order, headings, notes and links.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Front matter, when the file starts with a readable one.
    pub front: Option<FrontMatter>,
    /// Why the front matter could not be read, if it could not.
    pub front_error: Option<String>,
    /// The leaf blocks in reading order: the body, then notes, then links.
    pub blocks: Vec<Block>,
    /// Block quotes, list items and notes that blocks sit in.
    pub containers: Vec<Container>,
    /// The headings of the body, in order.
    pub headings: Vec<Heading>,
    /// Link targets; a link's `[n]` refers to `links[n - 1]`.
    pub links: Vec<String>,
    /// Targets of links whose text is their address (no `[n]`, not in the list at the
    /// end); a [`Role::AutoLink`](crate::core::style::Role::AutoLink)`(n)` is `autolinks[n - 1]`.
    pub autolinks: Vec<String>,
    /// Number of notes (footnotes are numbered 1..=notes in reading order).
    pub notes: u32,
    /// Length of the source text in bytes.
    pub source_len: usize,
    /// Words of the parsed body by the core's one count ([`super::words::count`]): the
    /// same number the library lists, so reading times agree everywhere.
    pub words: usize,
    /// Blocks by source offset, for mapping offsets to blocks.
    by_source: Vec<(usize, u32)>,
    /// The spans of every inline, one inline's after another (see [`Inline`]).
    spans: Vec<Span>,
    /// The text parsed: the text of most spans is read from it where it stands, so the
    /// prose of an essay is held once (see [`Document::text_pieces`]).
    source: SharedSource,
    /// The text of spans that is not the source's as it stands (an entity, an escape, a
    /// note's `[n]`, a hard line break, text made safe), one after another.
    extra: String,
}

/// A leaf block: something laid out as lines.
#[derive(Debug, Clone)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// The innermost container, if any.
    pub container: Option<u32>,
    /// Byte offset in the source where the block starts.
    pub src: usize,
    /// Whether a blank line separates it from the block before.
    pub gap_before: bool,
}

/// The kinds of leaf block.
#[derive(Debug, Clone)]
pub enum BlockKind {
    /// Running text.
    Paragraph(Inline),
    /// A heading; `index` is its place in [`Document::headings`].
    Heading {
        /// 1–6.
        level: u8,
        /// The heading's text.
        inline: Inline,
        /// Index into the document's headings.
        index: usize,
        /// A section break rather than a titled heading (`{.break}`, as plain text's
        /// sections named by their first words are written): in the outline by its title,
        /// drawn in the text as a quiet mark, since its title is the text that follows.
        quiet: bool,
    },
    /// Preformatted text, one source line per line.
    Code(String),
    /// A thematic break.
    Rule,
    /// A table; the first row is the header. Boxed: tables are few, and every block is as
    /// big as the biggest kind.
    Table(Box<Table>),
    /// A block of raw HTML, shown as text.
    Html(String),
}

/// Styled text: spans covering its text end to end, kept by the document with every
/// other inline's in one list ([`Document::spans`]), so a book's hundreds of thousands of
/// spans are one allocation rather than one per paragraph. The text itself is the
/// document's to read ([`Document::inline_text`], [`Document::text_pieces`]); `\n` in it is
/// a hard line break, and byte offsets into it ("the inline's text") are what layouts and
/// places use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Inline {
    /// Its spans are the document's `first..end`.
    first: u32,
    end: u32,
    /// The length of its text in bytes.
    len: u32,
}

/// A run of an inline's text with one style, where it came from in the source, and where
/// its text is kept: 20 bytes, as a book has hundreds of thousands of them.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    /// Start byte in the inline text.
    pub start: u32,
    /// End byte in the inline text.
    pub end: u32,
    /// Byte offset in the source of the span's first character.
    pub src: u32,
    /// Where its text is kept: an offset in the parsed source (whose soft line ends read
    /// as spaces), or, with [`text::EXTRA`] set, in the document's extra text.
    pub(crate) text_at: u32,
    /// Its style, packed ([`Style::pack`]).
    style: u32,
}

impl Span {
    pub(crate) fn new(start: u32, end: u32, style: Style, src: u32, text_at: u32) -> Span {
        Span { start, end, src, text_at, style: style.pack() }
    }

    /// Its style.
    #[inline]
    pub fn style(&self) -> Style {
        Style::unpack(self.style)
    }

    pub(crate) fn set_style(&mut self, style: Style) {
        self.style = style.pack();
    }
}

impl Inline {
    /// The length of its text in bytes.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether it has no text.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A table: rows of cells, the first row the header.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Column alignments.
    pub aligns: Vec<Align>,
    /// Rows of cells.
    pub rows: Vec<Vec<Inline>>,
}

/// A column's alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Left (also the default).
    Left,
    /// Centred.
    Center,
    /// Right.
    Right,
}

/// A block quote, list item or note that blocks sit in.
#[derive(Debug, Clone)]
pub struct Container {
    /// What it is.
    pub kind: ContainerKind,
    /// The container it sits in.
    pub parent: Option<u32>,
}

/// The kinds of container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerKind {
    /// A block quote: a bar in front of each line.
    Quote,
    /// A list item with its marker (`•`, `3.`, `[x]`).
    Item(String),
    /// A footnote with its number.
    Note(u32),
}

/// The heading class that makes a heading a quiet section break (`## First words {.break}`).
pub const QUIET_CLASS: &str = "break";

/// A heading as the outline sees it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// Plain text.
    pub title: String,
    /// URL-style slug, unique in the document.
    pub slug: String,
    /// Byte offset in the source.
    #[serde(skip)]
    pub src: usize,
    /// Index of its block.
    #[serde(skip)]
    pub block: usize,
}

/// Words of `body`, a part of `source`, counted a stretch at a time, each stretch's pages
/// released once counted (if the source is paged): a book's pages are never all held.
fn count_words(source: &SharedSource, body: &str) -> usize {
    let base = body.as_ptr() as usize - source.as_ptr() as usize;
    let mut total = 0;
    for stretch in words::stretches(body) {
        total += words::count(&body[stretch.clone()]);
        source.release(base + stretch.start..base + stretch.end);
    }
    total
}

impl Document {
    /// Parses an essay (front matter and Markdown). The document keeps the source (a
    /// [`SharedSource`] is shared, not copied; other text is taken over or copied once) and
    /// reads its prose from it.
    pub fn parse(source: impl Into<SharedSource>) -> Document {
        Document::parse_with_chunk(source.into(), chunks::CHUNK)
    }

    /// [`Document::parse`] in pieces of about `chunk` bytes (the one-piece parse when the
    /// essay is shorter, or has nowhere to cut): the same document, in bounded memory.
    pub(crate) fn parse_with_chunk(shared: SharedSource, chunk: usize) -> Document {
        let source = shared.as_str();
        let split = frontmatter::split(source);
        let (body, start) = (split.body, split.body_start);
        let chunked = if body.len() > chunk { chunks::parse(&shared, body, start, chunk) } else { None };
        let builder = chunked.unwrap_or_else(|| {
            let mut builder = Builder::new(source, start);
            builder.run(body);
            shared.release_all();
            builder
        });
        Document::finished(builder, split, &shared, body)
    }

    /// Parses only the part of `source` in `range` (after the front matter), with offsets
    /// still counted from the start of `source`: a quick first screen of a long essay.
    /// The range should start and end at paragraph breaks.
    pub fn parse_part(source: impl Into<SharedSource>, range: std::ops::Range<usize>) -> Document {
        let shared = source.into();
        let source = shared.as_str();
        let split = frontmatter::split(source);
        let start = range.start.max(split.body_start).min(source.len());
        let end = range.end.clamp(start, source.len());
        let body = source.get(start..end).unwrap_or(split.body);
        let mut builder = Builder::new(source, start);
        builder.run(body);
        Document::finished(builder, split, &shared, body)
    }

    /// The document `builder` made of `body` (a part of `source`), with the front matter
    /// `split` found and the words of `body`.
    fn finished(
        builder: Builder,
        split: frontmatter::Split<'_>,
        source: &SharedSource,
        body: &str,
    ) -> Document {
        let mut doc = builder.finish();
        doc.front = split.front;
        doc.front_error = split.error;
        doc.source_len = source.len();
        doc.words = count_words(source, body);
        doc.source = source.clone();
        doc
    }

    /// The text parsed.
    pub fn source(&self) -> &SharedSource {
        &self.source
    }

    /// The spans of `inline`, in order, contiguous, covering all of its text.
    #[inline]
    pub fn spans(&self, inline: &Inline) -> &[Span] {
        self.spans.get(inline.first as usize..inline.end as usize).unwrap_or_default()
    }

    /// The text of every paragraph, in order (what tests of the formats compare).
    #[cfg(test)]
    pub(crate) fn paragraph_texts(&self) -> Vec<String> {
        self.blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Paragraph(i) => Some(self.inline_text(i)),
                _ => None,
            })
            .collect()
    }

    /// The essay's title: front matter, else the first level-1 heading.
    pub fn title(&self) -> Option<&str> {
        self.front
            .as_ref()
            .and_then(|f| f.title.as_deref())
            .or_else(|| self.headings.iter().find(|h| h.level == 1).map(|h| h.title.as_str()))
    }

    /// The heading a link's `#anchor` names: the one with that slug (or explicit id), else
    /// the one whose slug is the anchor's slug (`#Part-Two` finds `part-two`), else the one
    /// GitHub would give that anchor (`#lété` finds "L'été").
    pub fn heading_of_anchor(&self, anchor: &str) -> Option<usize> {
        let headings = &self.headings;
        headings
            .iter()
            .position(|h| h.slug == anchor)
            .or_else(|| {
                let slug = crate::core::slug::slug(anchor);
                headings.iter().position(|h| h.slug == slug)
            })
            // A link written for GitHub, whose rule drops punctuation inside words.
            .or_else(|| headings.iter().position(|h| crate::core::slug::github_slug(&h.title) == anchor))
    }

    /// The source offset of the heading a link's `#anchor` names.
    pub fn heading_offset(&self, anchor: &str) -> Option<usize> {
        self.heading_of_anchor(anchor).and_then(|i| self.headings.get(i)).map(|h| h.src)
    }

    /// The headings enclosing block `block`, outermost first (for bookmarks and the status).
    pub fn heading_path(&self, block: u32) -> Vec<&Heading> {
        let mut path: Vec<&Heading> = Vec::new();
        for h in self.headings.iter().take_while(|h| h.block <= block as usize) {
            while path.last().is_some_and(|p| p.level >= h.level) {
                path.pop();
            }
            path.push(h);
        }
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(doc: &Document) -> Vec<String> {
        doc.paragraph_texts()
    }

    #[test]
    fn spans_and_blocks_stay_small() {
        // A 10 MiB book has some 170,000 spans and 22,000 blocks.
        assert_eq!(std::mem::size_of::<Span>(), 20);
        assert_eq!(std::mem::size_of::<Block>(), 56);
    }

    #[test]
    fn an_explicit_heading_id_is_its_anchor() {
        let doc = Document::parse("# Title\n\n## The long part {#part}\n\nText.\n\n## Part\n");
        let slugs: Vec<_> = doc.headings.iter().map(|h| (h.title.as_str(), h.slug.as_str())).collect();
        assert_eq!(slugs, [("Title", "title"), ("The long part", "part"), ("Part", "part-1")]);
        assert_eq!(doc.heading_of_anchor("part"), Some(1));
        assert_eq!(doc.heading_of_anchor("Title"), Some(0), "an anchor is matched by its slug too");
        assert_eq!(doc.heading_of_anchor("missing"), None);
    }

    #[test]
    fn an_anchor_written_for_github_finds_its_heading() {
        let doc = Document::parse("# Title\n\n## L'été 1968\n\nText.\n");
        assert_eq!(doc.headings[1].slug, "l-été-1968");
        assert_eq!(doc.heading_of_anchor("lété-1968"), Some(1));
        assert_eq!(doc.heading_of_anchor("l-été-1968"), Some(1));
    }

    #[test]
    fn headings_keep_level_text_slug_and_offset() {
        let src = "# Title\n\nText.\n\n## Section *one*\n\nMore.\n\n## Section one\n";
        let doc = Document::parse(src);
        let h: Vec<_> = doc.headings.iter().map(|h| (h.level, h.title.as_str(), h.slug.as_str())).collect();
        assert_eq!(
            h,
            [(1, "Title", "title"), (2, "Section one", "section-one"), (2, "Section one", "section-one-1")]
        );
        assert_eq!(&src[doc.headings[1].src..doc.headings[1].src + 2], "##");
        assert!(matches!(doc.blocks[doc.headings[2].block].kind, BlockKind::Heading { .. }));
    }

    #[test]
    fn a_break_heading_is_in_the_outline_but_drawn_as_a_quiet_mark() {
        let doc = Document::parse("# Essay\n\nOpening.\n\n## Who am I? If… {.break}\n\nWho am I? If I am.\n");
        assert_eq!(doc.headings[1].title, "Who am I? If…");
        assert!(matches!(doc.blocks[doc.headings[1].block].kind, BlockKind::Heading { quiet: true, .. }));
        let layout = crate::core::layout::Layout::new(&std::sync::Arc::new(doc), 40);
        let text: Vec<String> = layout.lines().map(|l| l.text()).collect();
        let at = layout.heading_line(1).expect("laid out");
        assert_eq!(text[at].trim(), "*   *   *", "{text:#?}");
        assert!(!text.iter().any(|l| l.contains("If…")), "the name is not drawn: {text:#?}");
    }

    #[test]
    fn front_matter_is_not_text() {
        let doc = Document::parse("---\ntitle: \"T\"\n---\n# Heading\n\nBody.\n");
        assert_eq!(doc.title(), Some("T"));
        assert_eq!(paragraphs(&doc), ["Body."]);
        assert_eq!(doc.headings[0].title, "Heading");
    }

    #[test]
    fn entities_cannot_smuggle_control_characters() {
        let doc = Document::parse("a &#27;[31m b &#x9b; c \u{1b}]0;x\u{7}\n");
        let text = paragraphs(&doc).join("");
        assert!(!text.chars().any(crate::core::sanitize::is_unsafe), "{text:?}");
        assert!(text.contains('\u{241b}'));
    }

    #[test]
    fn footnotes_are_numbered_and_collected_after_the_body() {
        let doc = Document::parse("Claim.[^b] Other.[^a]\n\n[^a]: Note A.\n\n[^b]: Note B.\n\nLast.\n");
        assert_eq!(doc.notes, 2);
        let texts = paragraphs(&doc);
        assert_eq!(texts, ["Claim.[1] Other.[2]", "Last.", "Note B.", "Note A."]);
    }

    #[test]
    fn links_get_numbers_unless_the_text_is_the_target() {
        let doc = Document::parse("See [the post](https://example.org/a) and <https://example.org/b>.\n");
        assert_eq!(doc.links, ["https://example.org/a"]);
        assert_eq!(paragraphs(&doc)[0], "See the post[1] and https://example.org/b.");
    }

    #[test]
    fn tight_list_items_have_no_gap_and_task_markers_show() {
        let doc = Document::parse("- [x] done\n- [ ] todo\n\n1. one\n2. two\n");
        let markers: Vec<_> = doc
            .containers
            .iter()
            .filter_map(|c| match &c.kind {
                ContainerKind::Item(m) => Some(m.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(markers, ["[x]", "[ ]", "1.", "2."]);
        let gaps: Vec<_> = doc.blocks.iter().map(|b| b.gap_before).collect();
        assert_eq!(gaps, [true, false, true, false]);
    }

    #[test]
    fn heading_path_lists_enclosing_headings() {
        let doc = Document::parse("# A\n\n## B\n\n### C\n\ntext\n\n## D\n\nmore\n");
        let last = doc.blocks.len() as u32 - 1;
        let path: Vec<_> = doc.heading_path(last).iter().map(|h| h.title.clone()).collect();
        assert_eq!(path, ["A", "D"]);
    }
}
