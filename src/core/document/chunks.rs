//! A long essay parsed in pieces, so that pulldown-cmark's block tree (about three times the
//! text) is never built for the whole book at once: one piece of some 256 KiB at a time,
//! each its own parser, all fed in order into the one [`Builder`].
//!
//! The result must be the document the one-piece parse gives, so:
//! - pieces are cut only before a line that starts a new top-level block whatever came
//!   before it: at column 0, after a blank line, starting with `#` or a letter (so not a
//!   list item, quote, fence, HTML block or definition, and not a lazy continuation), and
//!   not inside a fenced code block or an HTML block of kinds 1–5 (which run past blank
//!   lines) as a quick scan of the lines sees them;
//! - definitions are the whole document's: link reference definitions found by the scan
//!   are given to every piece through the broken-link callback, and a piece that refers to
//!   footnotes defined in another gets stub definitions of those labels appended to its
//!   copy (pulldown-cmark's footnotes are GitHub's: a reference to a label with no
//!   definition is plain text), whose events are dropped;
//! - what the scan assumed is checked against what each piece's parser found (no code or
//!   HTML block runs to the cut, the definitions are the ones scanned, piece by piece, and
//!   pulldown-cmark's cap on expanding reference links is not reached). If anything
//!   disagrees the caller parses the essay in one piece, which is always right, just not
//!   bounded in memory.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Parser, Tag, TagEnd};
use unicase::UniCase;

use super::SharedSource;
use super::build::{Builder, Take, options};

/// The size of a piece: big enough that the per-piece costs vanish, small enough that the
/// tree of one piece is a small fraction of the document being built.
pub(super) const CHUNK: usize = 256 * 1024;

/// pulldown-cmark stops expanding reference links after this many bytes of targets (or the
/// text's length, if longer); see `Parser::new_with_broken_link_callback`.
const EXPANSION_FLOOR: usize = 100_000;

/// Beyond this many runs of lines with link definitions, the essay is parsed whole.
const MAX_LINK_GROUPS: usize = 1000;

/// What the quick scan of the lines found.
#[derive(Debug, Default)]
struct Plan {
    /// Where pieces after the first start (byte offsets in the body), ascending.
    cuts: Vec<usize>,
    /// Footnote definitions: where each one's `[^` is, and its label as pulldown-cmark
    /// keys it, in order.
    notes: Vec<(usize, String)>,
    /// Runs of non-blank lines that may hold link reference definitions.
    link_groups: Vec<Range<usize>>,
}

/// A link reference definition's target and title.
type LinkDef = (String, Option<String>);

/// Parses `body` (at `base` in `source`) in pieces of about `chunk` bytes into a builder,
/// or `None` when the essay has no place to cut or the pieces would not parse as the whole
/// does (then the caller parses it whole).
pub(super) fn parse<'s>(
    shared: &'s SharedSource,
    body: &str,
    base: usize,
    chunk: usize,
) -> Option<Builder<'s>> {
    let source = shared.as_str();
    let plan = plan(body, chunk, |read| shared.release(base + read.start..base + read.end));
    // Each run of definitions is a parser of its own: thousands of them would cost more
    // than the memory they save.
    if plan.cuts.is_empty() || plan.link_groups.len() > MAX_LINK_GROUPS {
        return None;
    }
    let links = link_definitions(body, &plan.link_groups);
    let mut notes: HashMap<UniCase<String>, Vec<usize>> = HashMap::new();
    for (at, label) in &plan.notes {
        notes.entry(UniCase::new(label.clone())).or_default().push(*at);
    }
    let mut builder = Builder::new(source, base);
    let mut links_seen: HashSet<UniCase<String>> = HashSet::new();
    let mut expanded_total = 0;
    let mut next_note = 0;
    let mut start = 0;
    for end in plan.cuts.iter().copied().chain([body.len()]) {
        let piece = &body[start..end];
        let stubs = note_stubs(piece, start, &notes);
        let text: std::borrow::Cow<str> = if stubs.is_empty() {
            piece.into()
        } else if !piece.ends_with(['\n', '\r']) {
            // An essay's last line without its line end can read differently with one
            // (`- [x]` is a task only before white space): not worth the risk.
            return None;
        } else {
            let mut copy =
                String::with_capacity(piece.len() + 2 + stubs.iter().map(|l| l.len() + 8).sum::<usize>());
            copy.push_str(piece);
            // A blank line first, so no stub joins the piece's last block.
            copy.push('\n');
            for label in &stubs {
                copy.push_str("[^");
                copy.push_str(label);
                copy.push_str("]: .\n");
            }
            copy.into()
        };
        let callback = |link: BrokenLink<'_>| {
            let (dest, title) = links.get(&UniCase::new(link.reference.to_string()))?;
            Some((CowStr::from(dest.clone()), CowStr::from(title.clone().unwrap_or_default())))
        };
        let parser = Parser::new_with_broken_link_callback(&text, options(), Some(callback));
        // The piece's own link definitions must be the document's (the first of each label).
        for (label, def) in parser.reference_definitions().iter() {
            let key = UniCase::new(label.to_string());
            let same = links
                .get(&key)
                .is_some_and(|(dest, title)| *dest == *def.dest && title.as_deref() == def.title.as_deref());
            if !same {
                return None;
            }
            links_seen.insert(key);
        }
        let mut check = Check {
            start,
            len: piece.len(),
            // The last piece may end in an open block, as the essay does, unless stubs follow.
            closed_end: end < body.len() || !stubs.is_empty(),
            stubbed: !stubs.is_empty(),
            notes: &plan.notes,
            next_note,
            expanded: 0,
            in_stub: false,
            refused: false,
        };
        let events = parser.into_offset_iter();
        // A copy's text is still the source's where the piece's bytes are.
        builder.alias = match &text {
            std::borrow::Cow::Owned(copy) => Some(super::text::Alias::of(copy, piece.len(), base + start)),
            std::borrow::Cow::Borrowed(_) => None,
        };
        builder.feed(events, base + start, |event, range| check.take(event, range));
        builder.alias = None;
        // The piece's pages, read again for it, go back after it (see `SharedSource::release`).
        shared.release(base + start..base + end);
        // Every footnote definition the scan saw in the piece was one.
        let all_notes = plan.notes.get(check.next_note).is_none_or(|(at, _)| *at >= end);
        if check.refused || !all_notes || check.expanded >= text.len().max(EXPANSION_FLOOR) {
            return None;
        }
        next_note = check.next_note;
        expanded_total += check.expanded;
        start = end;
    }
    // Every definition scanned was found by a piece.
    let complete = links_seen.len() == links.len() && expanded_total < body.len().max(EXPANSION_FLOOR);
    complete.then_some(builder)
}

/// A piece's events on their way to the builder, checked against the scan (at the first
/// disagreement the piece is `refused`), the stubs' left out.
struct Check<'p> {
    /// Where the piece starts in the body, and its length (the stubs start after it).
    start: usize,
    len: usize,
    /// No code or HTML block may run to the piece's end.
    closed_end: bool,
    /// Stub definitions follow the piece.
    stubbed: bool,
    /// The scan's footnote definitions, and the next one expected.
    notes: &'p [(usize, String)],
    next_note: usize,
    /// Bytes of targets expanded from reference definitions.
    expanded: usize,
    in_stub: bool,
    refused: bool,
}

impl Check<'_> {
    #[inline]
    fn take(&mut self, event: &Event<'_>, range: &Range<usize>) -> Take {
        if self.in_stub {
            self.in_stub = !matches!(event, Event::End(TagEnd::FootnoteDefinition));
            return Take::Skip;
        }
        if self.stubbed
            && range.start >= self.len
            && !matches!(event, Event::Start(Tag::FootnoteDefinition(_)))
        {
            // Something of the piece runs into the stubs (or a stub is not a definition).
            self.refused = true;
            return Take::Stop;
        }
        let Event::Start(tag) = event else {
            return Take::Yes;
        };
        match tag {
            Tag::FootnoteDefinition(_) if range.start >= self.len => {
                self.in_stub = true;
                return Take::Skip;
            }
            Tag::FootnoteDefinition(label) => {
                let expected = self.notes.get(self.next_note).is_some_and(|(at, scanned)| {
                    *at == self.start + range.start
                        && UniCase::new(scanned.as_str()) == UniCase::new(&**label)
                });
                if !expected {
                    self.refused = true;
                    return Take::Stop;
                }
                self.next_note += 1;
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock if self.closed_end && range.end >= self.len => {
                // It runs into the next piece (or the stubs): not a place to cut.
                self.refused = true;
                return Take::Stop;
            }
            Tag::Link { link_type, dest_url, title, .. } | Tag::Image { link_type, dest_url, title, .. }
                if is_reference(*link_type) =>
            {
                self.expanded += dest_url.len() + title.len()
            }
            _ => {}
        }
        Take::Yes
    }
}

/// Whether a link's target came from a reference definition (so counts towards the cap).
fn is_reference(link_type: LinkType) -> bool {
    matches!(
        link_type,
        LinkType::Reference
            | LinkType::ReferenceUnknown
            | LinkType::Collapsed
            | LinkType::CollapsedUnknown
            | LinkType::Shortcut
            | LinkType::ShortcutUnknown
    )
}

/// The footnote labels a piece (at `start` in the body) refers to that are defined only
/// elsewhere (all of those when a reference's label is one the scan cannot match, to be
/// safe).
fn note_stubs<'a>(
    piece: &str,
    start: usize,
    notes: &'a HashMap<UniCase<String>, Vec<usize>>,
) -> Vec<&'a str> {
    if notes.is_empty() {
        return Vec::new();
    }
    // Positions are in order: a label defined a thousand times is still one search.
    let here = |at: &Vec<usize>| {
        at.get(at.partition_point(|&p| p < start)).is_some_and(|&p| p < start + piece.len())
    };
    let mut wanted: Vec<&str> = Vec::new();
    for at in memchr::memmem::find_iter(piece.as_bytes(), b"[^") {
        let found = label(&piece[at + 2..]).and_then(|(l, _)| notes.get_key_value(&UniCase::new(l)));
        match found {
            Some((_, defined)) if here(defined) => {}
            Some((label, _)) => wanted.push(label.as_str()),
            None => {
                // Unmatched (plain text, or a label written in a way the scan does not
                // read): with every label defined, the piece resolves as the whole does.
                wanted = notes.iter().filter(|(_, at)| !here(at)).map(|(label, _)| label.as_str()).collect();
                break;
            }
        }
    }
    wanted.sort_unstable();
    wanted.dedup();
    wanted
}

/// A link label as pulldown-cmark keys it (`scan_link_label_rest`): from just after the
/// opening bracket to the closing one, runs of white space made one space, trimmed; `None`
/// if it is not one (a `[` inside, only white space, no `]`, too long). Also where the
/// closing bracket is.
fn label(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut mark = 0;
    let mut i = 0;
    let mut only_space = true;
    loop {
        if i >= 1000 {
            return None;
        }
        match *bytes.get(i)? {
            b'[' => return None,
            b']' => break,
            b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                i += 2;
                only_space = false;
            }
            b if b.is_ascii_whitespace() => {
                let run = i;
                let mut weight = 0;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    weight += if bytes[i] == b' ' { 1 } else { 2 };
                    i += 1;
                }
                if weight > 1 {
                    out.push_str(&text[mark..run]);
                    out.push(' ');
                    mark = i;
                }
            }
            _ => {
                only_space = false;
                i += 1;
            }
        }
    }
    if only_space {
        return None;
    }
    out.push_str(&text[mark..i]);
    Some((out.trim_matches([' ', '\t', '\r', '\n']).to_string(), i))
}

/// The link reference definitions of the document as pulldown-cmark reads them, the first
/// of each label winning: each run of lines that may hold one is parsed on its own.
fn link_definitions(body: &str, groups: &[Range<usize>]) -> HashMap<UniCase<String>, LinkDef> {
    let mut defs = HashMap::new();
    for group in groups {
        let parser = Parser::new_ext(&body[group.clone()], options());
        // Within a run the parser keeps the first of a label; across runs, the earlier run.
        for (label, def) in parser.reference_definitions().iter() {
            let title = def.title.as_ref().map(|t| t.to_string());
            defs.entry(UniCase::new(label.to_string())).or_insert((def.dest.to_string(), title));
        }
    }
    defs
}

/// The quick scan: places to cut, footnote definitions, and runs of lines that may define
/// links, outside what it reads as fenced code and HTML blocks of kinds 1–5. It tells
/// `read` each stretch of about a MiB it has read through, so their pages can go back.
fn plan(body: &str, chunk: usize, mut read: impl FnMut(Range<usize>)) -> Plan {
    const STRETCH: usize = 1 << 20;
    let mut read_to = 0;
    let bytes = body.as_bytes();
    let mut plan = Plan::default();
    let mut fence: Option<(u8, usize)> = None;
    let mut html_end: Option<&'static str> = None;
    let mut prev_blank = true;
    let mut group_start = 0;
    let mut group_has_link = false;
    let mut last_cut = 0;
    let mut start = 0;
    while start < bytes.len() {
        if start >= read_to + STRETCH {
            read(read_to..start);
            read_to = start;
        }
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = &bytes[start..end];
        // Most lines are prose, starting with a letter: nothing but text can start so.
        let first = line.first().copied().unwrap_or(b' ');
        let prose = first.is_ascii_alphabetic();
        let blank = !prose && line.iter().all(|&b| matches!(b, b' ' | b'\t' | b'\r'));
        if let Some((ch, n)) = fence {
            if closes_fence(line, ch, n) {
                fence = None;
            }
        } else if let Some(tag) = html_end {
            if body[start..end].contains(tag) {
                html_end = None;
            }
        } else if blank {
            if group_has_link {
                plan.link_groups.push(group_start..start);
            }
            group_has_link = false;
        } else {
            if prev_blank {
                group_start = start;
                // A heading is the better place (notes kept with their section, so fewer
                // stubs), so a paragraph is taken only a quarter of a piece later.
                let size = start - last_cut;
                let heading = first == b'#';
                if (size >= chunk && heading || size >= chunk + chunk / 4)
                    && starts_block_anyway(&body[start..end])
                {
                    plan.cuts.push(start);
                    last_cut = start;
                }
            }
            if !prose {
                // Definitions may sit in quotes and list items: seen through their markers.
                let bare = after_markers(&body[start..end]);
                group_has_link |= may_define_link(bare);
                let indent = line.iter().take_while(|&&b| b == b' ').count();
                if indent < 4 && line.get(indent) != Some(&b'\t') {
                    let rest = &line[indent..];
                    fence = opens_fence(rest);
                    html_end = rest
                        .strip_prefix(b"<")
                        .and_then(html_block_end)
                        .filter(|tag| !body[start + indent..end].contains(*tag));
                    if let Some(label) = note_definition(bare) {
                        plan.notes.push((end - bare.len(), label));
                    }
                }
            }
        }
        prev_blank = blank && fence.is_none() && html_end.is_none();
        start = end + 1;
    }
    if group_has_link && fence.is_none() && html_end.is_none() {
        plan.link_groups.push(group_start..bytes.len());
    }
    read(read_to..bytes.len());
    plan
}

/// Whether a line after a blank line starts a top-level block whatever is open: a `#` or
/// a letter at the margin is no container's marker and continues no container.
fn starts_block_anyway(line: &str) -> bool {
    line.chars().next().is_some_and(|c| c == '#' || c.is_alphabetic())
}

/// Whether a line (without its markers) may hold a link reference definition: it starts
/// `[` (not `[^`) and has a `]:`. (A label broken over lines is missed, and the check of
/// the pieces then refuses.)
fn may_define_link(bare: &str) -> bool {
    bare.starts_with('[') && !bare.starts_with("[^") && memchr::memmem::find(bare.as_bytes(), b"]:").is_some()
}

/// The label of the footnote definition a line (without its markers) starts, if it does.
fn note_definition(bare: &str) -> Option<String> {
    let (label, close) = label(bare.strip_prefix("[^")?)?;
    let defines = bare.as_bytes().get(close + 3) == Some(&b':') && !label.contains(['\n', '\r']);
    defines.then_some(label)
}

/// A line without the quote markers (`>`) and list markers (`-`, `*`, `+`, `1.`, `1)`)
/// that open it, and the white space around them.
fn after_markers(line: &str) -> &str {
    let mut rest = line;
    loop {
        let text = rest.trim_start_matches([' ', '\t']);
        let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let marker = match text.as_bytes().first() {
            Some(b'>') => Some(&text[1..]),
            Some(b'-' | b'*' | b'+') => Some(&text[1..]).filter(|r| r.starts_with([' ', '\t'])),
            Some(b'0'..=b'9') if digits <= 9 => {
                text[digits..].strip_prefix(['.', ')']).filter(|r| r.starts_with([' ', '\t']))
            }
            _ => None,
        };
        match marker {
            Some(after) => rest = after,
            None => return text,
        }
    }
}

/// The fence a line opens (its character and length), as pulldown-cmark's `scan_code_fence`.
fn opens_fence(rest: &[u8]) -> Option<(u8, usize)> {
    let ch = *rest.first().filter(|&&c| c == b'`' || c == b'~')?;
    let n = rest.iter().take_while(|&&c| c == ch).count();
    (n >= 3 && !(ch == b'`' && rest[n..].contains(&b'`'))).then_some((ch, n))
}

/// Whether a line closes a fence of `n` × `ch`: up to three spaces, at least `n` of `ch`,
/// then only spaces.
fn closes_fence(line: &[u8], ch: u8, n: usize) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let indent = line.iter().take_while(|&&b| b == b' ').count();
    let run = line[indent..].iter().take_while(|&&b| b == ch).count();
    indent < 4 && run >= n && line[indent + run..].iter().all(|&b| b == b' ')
}

/// The end marker of an HTML block of kinds 1–5 starting `<` + `after` (as pulldown-cmark's
/// `get_html_end_tag`): such a block runs, blank lines and all, to the line holding it.
fn html_block_end(after: &[u8]) -> Option<&'static str> {
    let tags: [(&[u8], &str); 4] =
        [(b"pre", "</pre>"), (b"style", "</style>"), (b"script", "</script>"), (b"textarea", "</textarea>")];
    for (tag, end) in tags {
        if after.len() >= tag.len() && after[..tag.len()].eq_ignore_ascii_case(tag) {
            match after.get(tag.len()) {
                None => return Some(end),
                Some(&b) if b.is_ascii_whitespace() || b == b'>' => return Some(end),
                _ => {}
            }
        }
    }
    for (start, end) in [(&b"!--"[..], "-->"), (b"?", "?>"), (b"![CDATA[", "]]>")] {
        if after.starts_with(start) {
            return Some(end);
        }
    }
    (after.len() > 1 && after[0] == b'!' && after[1].is_ascii_alphabetic()).then_some(">")
}

/// How many places to cut the scan finds (for the tests).
#[cfg(test)]
pub(super) fn plan_cuts(body: &str, chunk: usize) -> usize {
    plan(body, chunk, |_| {}).cuts.len()
}
