//! Markdown → [`Document`]: a flat list of blocks, each inside a chain of containers.
//!
//! The document is flat on purpose: block quotes, list items and notes are containers that
//! blocks point into by index, so a file nested 50,000 levels deep is a long chain of
//! small records rather than a deep tree, and nothing here or in the layout recurses.
//! All text is sanitised as it is read, so nothing downstream sees a raw control character.

mod source_map;

use std::collections::HashMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::frontmatter::{self, FrontMatter};
use super::sanitize::clean;
use super::style::{Role, Style};

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
    /// Number of notes (footnotes are numbered 1..=notes in reading order).
    pub notes: u32,
    /// Length of the source text in bytes.
    pub source_len: usize,
    /// Blocks by source offset, for mapping offsets to blocks.
    by_source: Vec<(usize, u32)>,
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
    },
    /// Preformatted text, one source line per line.
    Code(String),
    /// A thematic break.
    Rule,
    /// A table; the first row is the header.
    Table(Table),
    /// A block of raw HTML, shown as text.
    Html(String),
}

/// Styled text: one string with styled spans covering it end to end.
#[derive(Debug, Clone, Default)]
pub struct Inline {
    /// The text; `\n` is a hard line break.
    pub text: String,
    /// Spans in order, contiguous, covering all of `text`.
    pub spans: Vec<Span>,
}

/// A run of [`Inline::text`] with one style and where it came from in the source.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    /// Start byte in the inline text.
    pub start: u32,
    /// End byte in the inline text.
    pub end: u32,
    /// Its style.
    pub style: Style,
    /// Byte offset in the source of the span's first character.
    pub src: u32,
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

impl Document {
    /// Parses an essay (front matter and Markdown).
    pub fn parse(source: &str) -> Document {
        Document::parse_part(source, 0..source.len())
    }

    /// Parses only the part of `source` in `range` (after the front matter), with offsets
    /// still counted from the start of `source`: a quick first screen of a long essay.
    /// The range should start and end at paragraph breaks.
    pub fn parse_part(source: &str, range: std::ops::Range<usize>) -> Document {
        let split = frontmatter::split(source);
        let start = range.start.max(split.body_start).min(source.len());
        let end = range.end.clamp(start, source.len());
        let body = source.get(start..end).unwrap_or(split.body);
        let mut builder = Builder::new(start);
        builder.run(body);
        let mut doc = builder.finish();
        doc.front = split.front;
        doc.front_error = split.error;
        doc.source_len = source.len();
        doc
    }

    /// The essay's title: front matter, else the first level-1 heading.
    pub fn title(&self) -> Option<&str> {
        self.front
            .as_ref()
            .and_then(|f| f.title.as_deref())
            .or_else(|| self.headings.iter().find(|h| h.level == 1).map(|h| h.title.as_str()))
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

/// Where parsed blocks go: the body, or the note being defined.
enum Sink {
    Body,
    Note(usize),
}

/// What an open inline element contributes when it closes.
enum OpenInline {
    Style(u8),
    Link(String),
    Image,
    Other,
}

/// Turns pulldown-cmark events into a flat [`Document`].
struct Builder {
    base: usize,
    body: Vec<Block>,
    note_bodies: Vec<(String, Vec<Block>)>,
    sink: Sink,
    containers: Vec<Container>,
    /// The innermost open container, per sink (a note starts a fresh chain).
    current: Option<u32>,
    saved_current: Option<u32>,
    headings: Vec<Heading>,
    slugs: HashMap<String, usize>,
    links: Vec<String>,
    note_numbers: HashMap<String, u32>,
    /// Ordered list counters, innermost last.
    lists: Vec<Option<u64>>,
    /// The inline being collected, the source offset its block starts at, and whether it
    /// came without a paragraph (the text of a tight list item).
    inline: Option<(Inline, usize)>,
    implicit: bool,
    /// A list just opened outside any item: its first block keeps its blank line.
    new_list: bool,
    flags: u8,
    open: Vec<OpenInline>,
    heading_level: Option<u8>,
    code: Option<(String, usize)>,
    html: Option<(String, usize)>,
    table: Option<(Table, usize)>,
}

impl Builder {
    fn new(base: usize) -> Self {
        Builder {
            base,
            body: Vec::new(),
            note_bodies: Vec::new(),
            sink: Sink::Body,
            containers: Vec::new(),
            current: None,
            saved_current: None,
            headings: Vec::new(),
            slugs: HashMap::new(),
            links: Vec::new(),
            note_numbers: HashMap::new(),
            lists: Vec::new(),
            inline: None,
            implicit: false,
            new_list: false,
            flags: 0,
            open: Vec::new(),
            heading_level: None,
            code: None,
            html: None,
            table: None,
        }
    }

    fn run(&mut self, body: &str) {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS;
        for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
            let at = self.base + range.start;
            self.event(event, at);
        }
        self.flush_inline();
    }

    fn event(&mut self, event: Event<'_>, at: usize) {
        match event {
            Event::Start(tag) => self.start(tag, at),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some((code, src)) = self.code.as_mut() {
                    if code.is_empty() {
                        *src = at;
                    }
                    code.push_str(&clean(&text.replace("\r\n", "\n")));
                } else {
                    let style = self.inline_style(Role::Text);
                    self.push_text(&text, style, at);
                }
            }
            Event::Code(text) => {
                let style = self.inline_style(Role::Code);
                self.push_text(&text, style, at);
            }
            Event::Html(text) => match self.html.as_mut() {
                Some((html, _)) => html.push_str(&clean(&text.replace("\r\n", "\n"))),
                None => self.push_text(&text, Style::role(Role::Html), at),
            },
            Event::InlineHtml(text) => self.push_text(&text, Style::role(Role::Html), at),
            Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.push_text(&text, Style::role(Role::Code), at)
            }
            Event::FootnoteReference(label) => {
                let n = self.note_number(&label);
                self.push_raw(&format!("[{n}]"), Style::role(Role::NoteRef(n)), at);
            }
            Event::SoftBreak => self.push_raw(" ", self.inline_style(Role::Text), at),
            Event::HardBreak => self.push_raw("\n", Style::default(), at),
            Event::Rule => {
                self.flush_inline();
                self.push_block(BlockKind::Rule, at);
            }
            Event::TaskListMarker(done) => {
                if let Some(c) = self.current {
                    let marker = if done { "[x]" } else { "[ ]" };
                    self.containers[c as usize].kind = ContainerKind::Item(marker.to_string());
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, at: usize) {
        match tag {
            Tag::Paragraph => self.begin_inline(at),
            Tag::Heading { level, .. } => {
                self.flush_inline();
                self.heading_level = Some(level as u8);
                self.begin_inline(at);
            }
            Tag::BlockQuote(_) => {
                self.flush_inline();
                self.open_container(ContainerKind::Quote);
            }
            Tag::CodeBlock(_) => {
                self.flush_inline();
                self.code = Some((String::new(), at));
            }
            Tag::HtmlBlock => {
                self.flush_inline();
                self.html = Some((String::new(), at));
            }
            Tag::List(first) => {
                self.flush_inline();
                let nested = self
                    .current
                    .is_some_and(|c| matches!(self.containers[c as usize].kind, ContainerKind::Item(_)));
                self.new_list = !nested;
                self.lists.push(first);
            }
            Tag::Item => {
                self.flush_inline();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}.");
                        *n += 1;
                        m
                    }
                    _ => "•".to_string(),
                };
                self.open_container(ContainerKind::Item(marker));
            }
            Tag::FootnoteDefinition(label) => {
                self.flush_inline();
                let n = self.note_number(&label);
                self.note_bodies.push((label.to_string(), Vec::new()));
                self.sink = Sink::Note(self.note_bodies.len() - 1);
                self.saved_current = self.current.take();
                self.open_container(ContainerKind::Note(n));
            }
            Tag::Table(aligns) => {
                self.flush_inline();
                let aligns = aligns
                    .iter()
                    .map(|a| match a {
                        pulldown_cmark::Alignment::Center => Align::Center,
                        pulldown_cmark::Alignment::Right => Align::Right,
                        _ => Align::Left,
                    })
                    .collect();
                self.table = Some((Table { aligns, rows: Vec::new() }, at));
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some((table, _)) = self.table.as_mut() {
                    table.rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.begin_inline(at),
            Tag::Emphasis => self.open_style(Style::ITALIC),
            Tag::Strong => self.open_style(Style::BOLD),
            Tag::Strikethrough => self.open_style(Style::STRIKE),
            Tag::Link { dest_url, .. } => {
                self.ensure_inline(at);
                self.open.push(OpenInline::Link(clean(&dest_url).into_owned()));
                self.flags |= Style::LINK;
            }
            Tag::Image { .. } => {
                self.ensure_inline(at);
                self.push_raw("[image: ", Style::role(Role::Meta), at);
                self.open.push(OpenInline::Image);
            }
            _ => {
                self.ensure_inline(at);
                self.open.push(OpenInline::Other);
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.flush_inline(),
            TagEnd::Heading(_) => {
                self.flush_inline();
                self.heading_level = None;
            }
            TagEnd::BlockQuote(_) | TagEnd::Item => {
                self.flush_inline();
                self.close_container();
            }
            TagEnd::FootnoteDefinition => {
                self.flush_inline();
                self.close_container();
                self.current = self.saved_current.take();
                self.sink = Sink::Body;
            }
            TagEnd::CodeBlock => {
                if let Some((mut text, at)) = self.code.take() {
                    if text.ends_with('\n') {
                        text.pop();
                    }
                    self.push_block(BlockKind::Code(text), at);
                }
            }
            TagEnd::HtmlBlock => {
                if let Some((mut text, at)) = self.html.take() {
                    while text.ends_with('\n') {
                        text.pop();
                    }
                    self.push_block(BlockKind::Html(text), at);
                }
            }
            TagEnd::List(_) => {
                self.flush_inline();
                self.lists.pop();
            }
            TagEnd::TableCell => {
                let cell = self.inline.take().map(|(i, _)| i).unwrap_or_default();
                if let Some(row) = self.table.as_mut().and_then(|(t, _)| t.rows.last_mut()) {
                    row.push(cell);
                }
            }
            TagEnd::Table => {
                if let Some((table, at)) = self.table.take() {
                    self.push_block(BlockKind::Table(table), at);
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image => {
                self.close_inline()
            }
            TagEnd::TableHead | TagEnd::TableRow => {}
            _ => {
                if matches!(self.open.last(), Some(OpenInline::Other)) {
                    self.open.pop();
                }
            }
        }
    }

    fn open_style(&mut self, flag: u8) {
        self.open.push(OpenInline::Style(self.flags));
        self.flags |= flag;
    }

    fn close_inline(&mut self) {
        match self.open.pop() {
            Some(OpenInline::Style(previous)) => self.flags = previous,
            Some(OpenInline::Link(url)) => {
                self.flags &= !Style::LINK;
                let at = self.inline.as_ref().map_or(0, |(_, at)| *at);
                let shown = self.inline.as_ref().is_some_and(|(i, _)| {
                    let text = i.text.trim_end();
                    !url.is_empty() && text.ends_with(url.trim_start_matches("mailto:"))
                });
                if !url.is_empty() && !shown {
                    self.links.push(url);
                    let n = self.links.len();
                    self.push_raw(&format!("[{n}]"), Style::role(Role::LinkRef), at);
                }
            }
            Some(OpenInline::Image) => {
                let at = self.inline.as_ref().map_or(0, |(_, at)| *at);
                self.push_raw("]", Style::role(Role::Meta), at);
            }
            Some(OpenInline::Other) | None => {}
        }
    }

    fn inline_style(&self, role: Role) -> Style {
        let image = self.open.iter().any(|o| matches!(o, OpenInline::Image));
        let role = if image { Role::Meta } else { role };
        let role = match (role, self.heading_level) {
            (Role::Text, Some(level)) => Role::Heading(level),
            (role, _) => role,
        };
        Style { role, flags: self.flags }
    }

    fn note_number(&mut self, label: &str) -> u32 {
        let next = self.note_numbers.len() as u32 + 1;
        *self.note_numbers.entry(label.to_string()).or_insert(next)
    }

    fn open_container(&mut self, kind: ContainerKind) {
        self.containers.push(Container { kind, parent: self.current });
        self.current = Some(self.containers.len() as u32 - 1);
    }

    fn close_container(&mut self) {
        if let Some(c) = self.current {
            self.current = self.containers[c as usize].parent;
        }
    }

    fn begin_inline(&mut self, at: usize) {
        self.flush_inline();
        self.inline = Some((Inline::default(), at));
        self.implicit = false;
    }

    /// Tight list items hold text without a paragraph: start one implicitly.
    fn ensure_inline(&mut self, at: usize) {
        if self.inline.is_none() {
            self.inline = Some((Inline::default(), at));
            self.implicit = true;
        }
    }

    fn push_text(&mut self, text: &str, style: Style, at: usize) {
        if is_plain(text) {
            self.push_raw(text, style, at);
        } else {
            // Inside a paragraph, tabs and line ends are spaces; then controls are made visible.
            let flat: String =
                text.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect();
            self.push_raw(&clean(&flat), style, at);
        }
    }

    /// Appends text that holds no control characters (a lone `\n` is a hard break).
    fn push_raw(&mut self, text: &str, style: Style, at: usize) {
        self.ensure_inline(at);
        let Some((inline, _)) = self.inline.as_mut() else {
            return;
        };
        let start = inline.text.len() as u32;
        inline.text.push_str(text);
        let end = inline.text.len() as u32;
        let src = at as u32;
        match inline.spans.last_mut() {
            Some(last) if last.style == style && last.end == start => last.end = end,
            _ => inline.spans.push(Span { start, end, style, src }),
        }
    }

    fn flush_inline(&mut self) {
        if self.table.is_some() {
            return;
        }
        let Some((inline, at)) = self.inline.take() else {
            return;
        };
        if let Some(level) = self.heading_level {
            // Line breaks and runs of spaces become one space; no-break spaces are kept.
            let title =
                inline.text.split([' ', '\n']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
            let slug = self.unique_slug(&title);
            let index = self.headings.len();
            let in_note = matches!(self.sink, Sink::Note(_));
            if !in_note {
                self.headings.push(Heading { level, title, slug, src: at, block: 0 });
            }
            let index = if in_note { usize::MAX } else { index };
            self.push_block(BlockKind::Heading { level, inline, index }, at);
        } else if !inline.text.trim().is_empty() {
            self.push_block(BlockKind::Paragraph(inline), at);
        }
    }

    fn unique_slug(&mut self, title: &str) -> String {
        let mut base = String::new();
        for c in title.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                base.push(c);
            } else if c.is_whitespace() {
                base.push('-');
            }
        }
        let count = self.slugs.entry(base.clone()).or_insert(0);
        *count += 1;
        if *count == 1 { base } else { format!("{base}-{}", *count - 1) }
    }

    fn push_block(&mut self, kind: BlockKind, src: usize) {
        // The items of a tight list follow each other without blank lines.
        let tight_text = self.implicit && matches!(kind, BlockKind::Paragraph(_));
        let gap_before = !tight_text || self.new_list;
        self.new_list = false;
        self.implicit = false;
        let block = Block { kind, container: self.current, src, gap_before };
        match self.sink {
            Sink::Body => self.body.push(block),
            Sink::Note(i) => self.note_bodies[i].1.push(block),
        }
    }

    fn finish(mut self) -> Document {
        self.flush_inline();
        let mut blocks = std::mem::take(&mut self.body);
        let mut containers = std::mem::take(&mut self.containers);
        // Notes go after the body, in the order of their numbers, under a rule.
        let mut notes = std::mem::take(&mut self.note_bodies);
        notes.sort_by_key(|(label, _)| self.note_numbers.get(label).copied().unwrap_or(u32::MAX));
        if !notes.is_empty() {
            let end = blocks.last().map_or(self.base, |b| b.src);
            blocks.push(Block { kind: BlockKind::Rule, container: None, src: end, gap_before: true });
            for (_, note) in notes {
                blocks.extend(note);
            }
        }
        if !self.links.is_empty() {
            let end = blocks.last().map_or(self.base, |b| b.src);
            blocks.push(Block {
                kind: BlockKind::Paragraph(Inline::from_text("Links", Style::role(Role::Meta), end)),
                container: None,
                src: end,
                gap_before: true,
            });
            for (i, url) in self.links.iter().enumerate() {
                containers
                    .push(Container { kind: ContainerKind::Item(format!("[{}]", i + 1)), parent: None });
                blocks.push(Block {
                    kind: BlockKind::Paragraph(Inline::from_text(url, Style::role(Role::Meta), end)),
                    container: Some(containers.len() as u32 - 1),
                    src: end,
                    gap_before: false,
                });
            }
        }
        for (i, block) in blocks.iter().enumerate() {
            if let BlockKind::Heading { index, .. } = block.kind
                && let Some(h) = self.headings.get_mut(index)
            {
                h.block = i;
            }
        }
        let mut by_source: Vec<(usize, u32)> =
            blocks.iter().enumerate().map(|(i, b)| (b.src, i as u32)).collect();
        by_source.sort_by_key(|&(src, i)| (src, i));
        Document {
            front: None,
            front_error: None,
            blocks,
            containers,
            headings: self.headings,
            links: self.links,
            notes: self.note_numbers.len() as u32,
            source_len: 0,
            by_source,
        }
    }
}

/// Whether a text event is plain: no control, C1 or bidi character, no tab or line end,
/// so the common case needs no copy. This sees every byte of every essay opened, so both
/// checks are ones the compiler and `memchr` make fast.
fn is_plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    let controls = bytes.iter().fold(false, |found, &b| found | (b < 0x20) | (b == 0x7f));
    // C1 is U+0080–U+009F (C2 80–C2 9F); the bidi embeddings, overrides and isolates are
    // U+202A–U+202E (E2 80 AA–AE) and U+2066–U+2069 (E2 81 A6–A9).
    !controls
        && !memchr::memchr2_iter(0xc2, 0xe2, bytes).any(|i| {
            let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
            match bytes[i] {
                0xc2 => (0x80..=0x9f).contains(&next(1)),
                _ => {
                    (next(1) == 0x80 && (0xaa..=0xae).contains(&next(2)))
                        || (next(1) == 0x81 && (0xa6..=0xa9).contains(&next(2)))
                }
            }
        })
}

impl Inline {
    /// An inline of one style.
    pub fn from_text(text: &str, style: Style, src: usize) -> Inline {
        let text = clean(text).into_owned();
        let spans = vec![Span { start: 0, end: text.len() as u32, style, src: src as u32 }];
        Inline { text, spans }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(doc: &Document) -> Vec<&str> {
        doc.blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Paragraph(i) => Some(i.text.as_str()),
                _ => None,
            })
            .collect()
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
    fn plain_text_is_told_from_text_with_unsafe_characters() {
        assert!(is_plain("end.\u{a0} Next — “quoted”"));
        for bad in ["\u{1b}", "\u{9b}", "\u{202e}", "\u{2066}", "\t", "\u{7f}", "\r"] {
            assert!(!is_plain(&format!("a{bad}b")), "{bad:?}");
        }
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        for c in all.chars() {
            let expected = !crate::core::sanitize::is_unsafe(c) && !matches!(c, '\t' | '\n');
            assert_eq!(is_plain(&c.to_string()), expected, "{c:?}");
        }
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
