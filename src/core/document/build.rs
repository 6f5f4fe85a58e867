//! The event builder: pulldown-cmark's events turned into a flat
//! [`Document`](super::Document). Containers (quotes, list items, notes) are opened and
//! closed as a chain of indices; inline text is collected with its styles and source
//! offsets and sanitised as it comes; headings get unique slugs; notes and link targets are
//! gathered after the body (`finish`).

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use super::{Align, Block, BlockKind, Container, ContainerKind, Heading, Inline, QUIET_CLASS, Span, Table};
use crate::core::sanitize::clean;
use crate::core::slug::UniqueSlugs;
use crate::core::style::{Role, Style};

mod finish;

/// Where parsed blocks go: the body, or the note being defined.
enum Sink {
    Body,
    Note(usize),
}

/// What an open inline element contributes when it closes.
enum OpenInline {
    Style(u8),
    /// A link's target and the index of the first span of its text.
    Link(String, usize),
    Image,
    Other,
}

/// The Markdown the engine reads: pulldown-cmark's options.
pub(super) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        // `## Part {#part}`: the heading's explicit id is its anchor.
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// What [`Builder::feed`] does with an event.
pub(super) enum Take {
    /// Builds it into the document.
    Yes,
    /// Leaves it out.
    Skip,
    /// Stops reading.
    Stop,
}

/// Turns pulldown-cmark events into a flat [`Document`](super::Document).
pub(super) struct Builder<'s> {
    /// The whole text parsed (pieces of it are fed), which spans' text is read from.
    source: &'s str,
    /// Text of spans that is not the source's as it stands (see [`super::text`]).
    extra: String,
    /// The text of the inline being collected, as it reads.
    text: String,
    /// The spans of every inline so far (see [`Inline`]); the inline being collected has
    /// the last ones.
    spans: Vec<Span>,
    /// A copy of part of the source being parsed in its place (see [`super::chunks`]).
    pub(super) alias: Option<super::text::Alias>,
    base: usize,
    body: Vec<Block>,
    note_bodies: Vec<(String, Vec<Block>)>,
    sink: Sink,
    containers: Vec<Container>,
    /// The innermost open container, per sink (a note starts a fresh chain).
    current: Option<u32>,
    saved_current: Option<u32>,
    headings: Vec<Heading>,
    slugs: UniqueSlugs,
    links: Vec<String>,
    autolinks: Vec<String>,
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
    /// The explicit `{#id}` of the heading being read, if it has one.
    heading_id: Option<String>,
    /// The open heading has the class `break` (see [`BlockKind::Heading`]).
    heading_quiet: bool,
    code: Option<(String, usize)>,
    html: Option<(String, usize)>,
    table: Option<(Table, usize)>,
}

impl<'s> Builder<'s> {
    /// A builder of the document of `source`, whose body starts at `base`.
    pub(super) fn new(source: &'s str, base: usize) -> Self {
        Builder {
            source,
            extra: String::new(),
            text: String::new(),
            spans: Vec::new(),
            alias: None,
            base,
            body: Vec::new(),
            note_bodies: Vec::new(),
            sink: Sink::Body,
            containers: Vec::new(),
            current: None,
            saved_current: None,
            headings: Vec::new(),
            slugs: UniqueSlugs::default(),
            links: Vec::new(),
            autolinks: Vec::new(),
            note_numbers: HashMap::new(),
            lists: Vec::new(),
            inline: None,
            implicit: false,
            new_list: false,
            flags: 0,
            open: Vec::new(),
            heading_level: None,
            heading_id: None,
            heading_quiet: false,
            code: None,
            html: None,
            table: None,
        }
    }

    pub(super) fn run(&mut self, body: &str) {
        let events = Parser::new_ext(body, options()).into_offset_iter();
        self.feed(events, self.base, |_, _| Take::Yes);
        self.flush_inline();
    }

    /// Takes pulldown-cmark's events, whose ranges start `offset` bytes into the source, as
    /// `take` says of each.
    ///
    /// Adjacent text is merged first, so an address with `_` or `*` in it (where the parser
    /// splits text) is seen whole: as pulldown-cmark's `TextMergeWithOffset` merges it (a
    /// merged run that comes to nothing is dropped), into one reused buffer.
    pub(super) fn feed<'a>(
        &mut self,
        events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
        offset: usize,
        mut take: impl FnMut(&Event<'a>, &Range<usize>) -> Take,
    ) {
        let mut first: Option<(CowStr<'a>, usize)> = None;
        let mut merged = String::new();
        let mut run = 0;
        for (event, range) in events {
            match take(&event, &range) {
                Take::Yes => {}
                Take::Skip => continue,
                Take::Stop => return,
            }
            if let Event::Text(text) = event {
                match &first {
                    None => first = Some((text, offset + range.start)),
                    Some((head, _)) => {
                        if run == 1 {
                            merged.push_str(head);
                        }
                        merged.push_str(&text);
                    }
                }
                run += 1;
                continue;
            }
            self.merged_text(&mut first, &mut merged, run);
            run = 0;
            self.event(event, offset + range.start);
        }
        self.merged_text(&mut first, &mut merged, run);
    }

    /// Hands over the text run [`Builder::feed`] was merging (`run` events long).
    fn merged_text(&mut self, first: &mut Option<(CowStr<'_>, usize)>, merged: &mut String, run: usize) {
        let Some((head, at)) = first.take() else { return };
        if run == 1 {
            self.event(Event::Text(head), at);
        } else if !merged.is_empty() {
            self.event(Event::Text(CowStr::Borrowed(merged)), at);
            merged.clear();
        }
    }

    // This and the handlers it calls most are inlined into `feed` (one copy for the whole
    // parse, one for the pieces'), as they were into the one loop before: measured, 3% of
    // the parse's instructions.
    #[inline(always)]
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
                } else if self.flags & Style::LINK == 0 {
                    self.push_text_with_addresses(&text, at);
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

    #[inline(always)]
    fn start(&mut self, tag: Tag<'_>, at: usize) {
        match tag {
            Tag::Paragraph => self.begin_inline(at),
            Tag::Heading { level, id, classes, .. } => {
                self.flush_inline();
                self.heading_level = Some(level as u8);
                self.heading_id = id.map(|id| id.into_string());
                self.heading_quiet = classes.iter().any(|c| &**c == QUIET_CLASS);
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
                let first_span = self.inline.as_ref().map_or(0, |(i, _)| (i.end - i.first) as usize);
                self.open.push(OpenInline::Link(clean(&dest_url).into_owned(), first_span));
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

    #[inline(always)]
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
                    self.push_block(BlockKind::Table(Box::new(table)), at);
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
            Some(OpenInline::Link(url, first_span)) => {
                self.flags &= !Style::LINK;
                let at = self.inline.as_ref().map_or(0, |(_, at)| *at);
                let shown = self.inline.is_some() && {
                    let text = self.text.trim_end();
                    !url.is_empty() && text.ends_with(url.trim_start_matches("mailto:"))
                };
                if !url.is_empty() && !shown {
                    self.links.push(url);
                    let n = self.links.len();
                    self.push_raw(&format!("[{n}]"), Style::role(Role::LinkRef(n as u32)), at);
                } else if shown {
                    // The text is the address: the text itself is what `f` follows.
                    self.autolinks.push(url);
                    let role = Role::AutoLink(self.autolinks.len() as u32);
                    let spans =
                        self.inline.map_or(0..0, |(i, _)| i.first as usize + first_span..i.end as usize);
                    for span in self.spans.get_mut(spans).into_iter().flatten() {
                        let style = span.style();
                        if style.has(Style::LINK) && style.role == Role::Text {
                            span.set_style(Style { role, ..style });
                        }
                    }
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
        self.new_inline(at);
        self.implicit = false;
    }

    /// Tight list items hold text without a paragraph: start one implicitly.
    fn ensure_inline(&mut self, at: usize) {
        if self.inline.is_none() {
            self.new_inline(at);
            self.implicit = true;
        }
    }

    fn new_inline(&mut self, at: usize) {
        let here = self.spans.len() as u32;
        self.inline = Some((Inline { first: here, end: here, len: 0 }, at));
        self.text.clear();
    }

    /// Text outside a link: bare web addresses in it become links (as GitHub-flavoured
    /// Markdown reads them), followed by `f` on the address itself like `<https://…>`.
    #[inline(always)]
    fn push_text_with_addresses(&mut self, text: &str, at: usize) {
        let mut done = 0;
        for (start, end) in super::bare_urls::find(text) {
            if start > done {
                let style = self.inline_style(Role::Text);
                self.push_text(&text[done..start], style, at + done);
            }
            let shown = &text[start..end];
            let target =
                if shown.starts_with("www.") { format!("http://{shown}") } else { shown.to_string() };
            self.autolinks.push(clean(&target).into_owned());
            let mut style = self.inline_style(Role::AutoLink(self.autolinks.len() as u32));
            style.flags |= Style::LINK;
            self.push_text(shown, style, at + start);
            done = end;
        }
        if done < text.len() {
            let style = self.inline_style(Role::Text);
            self.push_text(&text[done..], style, at + done);
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
        let start = self.text.len() as u32;
        self.text.push_str(text);
        let end = self.text.len() as u32;
        let text_at = super::text::keep(self.source, self.alias, &mut self.extra, text, at);
        inline.len = end;
        // The inline being collected has the last spans.
        debug_assert_eq!(inline.end as usize, self.spans.len(), "another inline's spans came between");
        let last = self.spans.last_mut().filter(|_| inline.end > inline.first);
        match last {
            Some(last)
                if last.style() == style && last.end == start && super::text::continues(last, text_at) =>
            {
                last.end = end
            }
            _ => {
                self.spans.push(Span::new(start, end, style, at as u32, text_at));
                inline.end += 1;
            }
        }
    }

    /// An inline of one style whose text is made up (not the source's).
    pub(super) fn made_inline(&mut self, text: &str, style: Style, src: usize) -> Inline {
        let text = clean(text);
        let text_at = super::text::apart(&mut self.extra, &text);
        let first = self.spans.len() as u32;
        self.spans.push(Span::new(0, text.len() as u32, style, src as u32, text_at));
        Inline { first, end: first + 1, len: text.len() as u32 }
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
            let title = self.text.split([' ', '\n']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
            let slug = match self.heading_id.take() {
                Some(id) => self.slugs.explicit(&id),
                None => self.slugs.next(&title),
            };
            let index = self.headings.len();
            let in_note = matches!(self.sink, Sink::Note(_));
            if !in_note {
                self.headings.push(Heading { level, title, slug, src: at, block: 0 });
            }
            let index = if in_note { usize::MAX } else { index };
            let quiet = std::mem::take(&mut self.heading_quiet);
            self.push_block(BlockKind::Heading { level, inline, index, quiet }, at);
        } else if !self.text.trim().is_empty() {
            self.push_block(BlockKind::Paragraph(inline), at);
        } else if inline.end as usize == self.spans.len() {
            // No text worth a block: its spans go.
            self.spans.truncate(inline.first as usize);
        }
    }

    fn push_block(&mut self, mut kind: BlockKind, src: usize) {
        // Text grown by pushing holds up to twice its length: a book keeps only its text.
        if let BlockKind::Code(text) | BlockKind::Html(text) = &mut kind {
            text.shrink_to_fit();
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
