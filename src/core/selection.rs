//! Selections and highlights as ranges of the source: snapped to whole words, kept as two
//! [`TextAnchor`]s (like a bookmark's, one at each end), and found again after the file
//! was edited. Also the narrow bridge to the layout a selection needs: which words a laid-out
//! line shows and where each is in the source, so a range is drawn on the same words at
//! any width.

use std::ops::Range;

use super::document::{BlockKind, Document};
use super::layout::Layout;
use super::position::{self, Resolver, TextAnchor};

/// A range of the source moved out to whole words: the start back to the start of its
/// word, the end on to the end of its word, whitespace at either edge left out. A range
/// with no word in it comes back empty, at its (snapped) start.
pub fn snap(source: &str, range: Range<usize>) -> Range<usize> {
    let mut start = floor(source, range.start.min(source.len()));
    let mut end = floor(source, range.end.min(source.len())).max(start);
    // Whitespace at the edges is not part of the passage.
    start += source[start..end].len() - source[start..end].trim_start().len();
    end -= source[start..end].len() - source[start..end].trim_end().len();
    if start == end {
        return start..start;
    }
    while let Some(c) = source[..start].chars().next_back().filter(|c| !c.is_whitespace()) {
        start -= c.len_utf8();
    }
    while let Some(c) = source[end..].chars().next().filter(|c| !c.is_whitespace()) {
        end += c.len_utf8();
    }
    start..end
}

/// The anchors of a (snapped) range: one at its start, one at its end.
pub fn capture(source: &str, range: &Range<usize>, heading_path: Vec<String>) -> (TextAnchor, TextAnchor) {
    let start = position::capture(source, range.start, heading_path.clone());
    let end = position::capture(source, range.end, heading_path);
    (start, end)
}

/// Where a stored passage (`text`, anchored by `start` and `end`) is in `source` now: the
/// same range if the file is unchanged; after an edit, the passage found again by its own
/// text or, if it changed, what remains of it; `None` if too little of it remains (the
/// caller keeps it as "passage not found").
pub fn resolve(
    resolver: &Resolver<'_>,
    source: &str,
    start: &TextAnchor,
    end: &TextAnchor,
    text: &str,
) -> Option<Range<usize>> {
    if text.trim().is_empty() {
        return None;
    }
    // The whole passage as the quote, with the text around both ends as its context: found
    // whole if it is still there, else by its surviving parts.
    let whole = TextAnchor {
        offset: start.offset,
        before: start.before.clone(),
        quote: text.to_string(),
        after: format!("{}{}", end.quote, end.after),
        source_hash: start.source_hash,
        heading_path: start.heading_path.clone(),
    };
    let s = resolver.resolve(&whole).offset()?;
    let tail = TextAnchor { before: tail_of(text, 64).to_string(), ..end.clone() };
    let len = text.len();
    let e = match resolver.resolve(&tail).offset() {
        Some(e) if e > s && e - s <= len * 2 + 64 => e,
        _ => s + len,
    };
    let range = snap(source, s..e);
    enough_remains(text, &source[range.clone()]).then_some(range)
}

/// Whether `found` holds enough of the stored passage's words to be what remains of it.
fn enough_remains(stored: &str, found: &str) -> bool {
    let found: std::collections::HashSet<String> = words(found).collect();
    let stored: Vec<String> = words(stored).collect();
    let kept = stored.iter().filter(|w| found.contains(*w)).count();
    !stored.is_empty() && kept * 5 >= stored.len() * 2
}

/// Lower-cased words without the punctuation around them (a word of punctuation alone,
/// such as `##` or `—`, as it is).
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace().map(|w| match w.trim_matches(|c: char| !c.is_alphanumeric()) {
        "" => w.to_string(),
        word => word.to_lowercase(),
    })
}

/// At most the last `max` bytes of `text`, on a char boundary.
fn tail_of(text: &str, max: usize) -> &str {
    let mut i = text.len().saturating_sub(max);
    while !text.is_char_boundary(i) {
        i += 1;
    }
    &text[i..]
}

/// The largest char boundary at or below `i`.
fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A word shown on a laid-out line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineWord {
    /// Its bytes in the line's content text (what follows the prefix).
    pub content: Range<usize>,
    /// Its bytes in the source; empty for text the layout added (a link's `[1]`).
    pub source: Range<usize>,
}

/// The words line `index` shows, each with where it is in the source, in order.
pub fn line_words(doc: &Document, layout: &Layout, index: usize) -> Vec<LineWord> {
    let Some(line) = layout.line(index) else { return Vec::new() };
    let anchor = line.anchor();
    let content = line.content_text();
    let block = doc.blocks.get(anchor.block as usize);
    // The text the line's words are looked for in, and where it starts in its block's text:
    // for running text, the line's own stretch (read out for this line alone, not its
    // whole paragraph: this runs for every line on screen while something is marked).
    let (base, text): (usize, Option<std::borrow::Cow<str>>) = match block.map(|b| &b.kind) {
        Some(BlockKind::Paragraph(inline) | BlockKind::Heading { inline, .. }) => {
            let end = layout
                .line(index + 1)
                .map(|next| next.anchor())
                .filter(|next| next.block == anchor.block)
                .map_or(inline.len() as u32, |next| next.byte.max(anchor.byte));
            (anchor.byte as usize, Some(doc.text_pieces(inline, anchor.byte, end).collect::<String>().into()))
        }
        Some(BlockKind::Code(text) | BlockKind::Html(text)) => (0, Some(text.as_str().into())),
        _ => (0, None),
    };
    let text = text.as_deref();
    let at_block = doc.source_of(anchor.block, anchor.byte);
    let mut cursor = (anchor.byte as usize - base).min(text.map_or(0, str::len));
    let mut last_end = at_block;
    let mut out = Vec::new();
    for (i, word) in split_words(&content) {
        let found = text.and_then(|t| {
            let window = &t.get(cursor..)?;
            let p = window.find(word)?;
            // Only whitespace or a little markup-free text may be skipped: a match far
            // ahead is another occurrence, not this word.
            (p <= 16 || window[..p].trim().is_empty()).then_some(cursor + p)
        });
        let source = match found {
            Some(p) => {
                cursor = p + word.len();
                let start = doc.source_of(anchor.block, (base + p) as u32);
                let end = doc.source_of(anchor.block, (base + cursor) as u32).max(start);
                last_end = end;
                start..end
            }
            // Tables and the layout's own additions: the place the line starts at.
            None if text.is_none() => at_block..at_block,
            None => last_end..last_end,
        };
        out.push(LineWord { content: i..i + word.len(), source });
    }
    out
}

/// The non-blank words of `text` with their byte offsets.
fn split_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive(char::is_whitespace)
        .scan(0, |at, piece| {
            let start = *at;
            *at += piece.len();
            Some((start, piece.trim_end()))
        })
        .filter(|(_, w)| !w.is_empty())
}

/// The source range lines `lines` (inclusive, either order) show, snapped to whole words;
/// `None` if they show no words.
pub fn lines_range(
    doc: &Document,
    layout: &Layout,
    source: &str,
    lines: (usize, usize),
) -> Option<Range<usize>> {
    let (a, b) = (lines.0.min(lines.1), lines.0.max(lines.1));
    let real = |w: &LineWord| !w.source.is_empty();
    let start = (a..=b).find_map(|l| line_words(doc, layout, l).into_iter().find(real))?.source.start;
    let end = (a..=b).rev().find_map(|l| line_words(doc, layout, l).into_iter().rfind(real))?.source.end;
    (end > start).then(|| snap(source, start..end))
}

/// The parts of line `index`'s content (byte ranges) that show words of `range`; the space
/// between two such words is part of it, so a highlight reads as one stretch.
pub fn covered(words: &[LineWord], range: &Range<usize>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut previous_in = false;
    for w in words {
        // What the layout added (a link's number, a heading's rule) goes with the word
        // before it on the line, if any.
        let inside = match w.source.is_empty() {
            true => previous_in,
            false => w.source.start < range.end && w.source.end > range.start,
        };
        if inside {
            match out.last_mut() {
                Some(last) if previous_in => last.end = w.content.end,
                _ => out.push(w.content.clone()),
            }
        }
        previous_in = inside;
    }
    out
}

#[cfg(test)]
mod tests;
