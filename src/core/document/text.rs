//! Where an inline's text is kept, and how it is read.
//!
//! Most of an essay's prose is the source as it stands: a paragraph's words are the bytes
//! of its lines, and a soft line end inside it reads as a space. A span whose text is that
//! keeps only an offset into the source, so the prose is held once (the document holds the
//! source it was parsed from, shared). What is not the source's bytes (an entity or escape
//! resolved, a note's `[n]`, a hard line break, text made safe, the list of links at the
//! end) is kept in the document's extra text, one piece after another.
//!
//! Offsets into "the inline's text" (layouts, places, selections) are unchanged by this:
//! they count the text as read, in which a soft line end is one space, as in the source.

use super::{Document, Inline, Span};

/// The flag in [`Span::text_at`] that says the text is in the document's extra text.
pub(crate) const EXTRA: u32 = 1 << 31;

/// A copy of part of the source that is being parsed instead of the source itself: the
/// copy's address and length, and where in the source its bytes are.
#[derive(Debug, Clone, Copy)]
pub(super) struct Alias {
    pub(super) address: usize,
    pub(super) len: usize,
    pub(super) at: usize,
}

impl Alias {
    /// The copy of `source[at..at + len]` at the start of `copy`.
    pub(super) fn of(copy: &str, len: usize, at: usize) -> Alias {
        Alias { address: copy.as_ptr() as usize, len: len.min(copy.len()), at }
    }
}

/// Where new text goes: read where it stands in `source` when it is the source's own bytes
/// at one place (the copy `alias` being parsed counts as the source), else appended to
/// `extra`.
pub(super) fn keep(source: &str, alias: Option<Alias>, extra: &mut String, text: &str, at: usize) -> u32 {
    match in_source(source, alias, text, at).filter(|&o| o < EXTRA as usize) {
        Some(offset) => offset as u32,
        None => apart(extra, text),
    }
}

/// Keeps `text` in `extra` (it is not the source's): where it is, flagged.
pub(super) fn apart(extra: &mut String, text: &str) -> u32 {
    let offset = extra.len();
    extra.push_str(text);
    EXTRA | (offset as u32 & !EXTRA)
}

/// Where `text` stands in `source`, if it is the source's bytes: the very slice (parsed in
/// place), or the bytes at `at`; a space may stand for a soft line end. Text holding a line
/// end is a hard break, never the source's.
fn in_source(source: &str, alias: Option<Alias>, text: &str, at: usize) -> Option<usize> {
    if text.is_empty() || text.contains('\n') {
        return None;
    }
    let within = |start: usize, base: usize, len: usize| start >= base && start + text.len() <= base + len;
    let (start, base) = (text.as_ptr() as usize, source.as_ptr() as usize);
    if within(start, base, source.len()) {
        return Some(start - base);
    }
    if let Some(alias) = alias.filter(|a| within(start, a.address, a.len)) {
        return Some(start - alias.address + alias.at);
    }
    let here = source.as_bytes().get(at..at + text.len())?;
    let same = here == text.as_bytes() || (text == " " && here == b"\n");
    same.then_some(at)
}

/// Whether a span can grow by text kept at `text_at`: the same store, right after it.
pub(super) fn continues(span: &Span, text_at: u32) -> bool {
    span.text_at & EXTRA == text_at & EXTRA && span.text_at.wrapping_add(span.end - span.start) == text_at
}

impl Document {
    /// The text of `span` as kept: a source span's soft line ends are still `\n` here.
    fn kept(&self, span: &Span) -> (&str, bool) {
        let len = (span.end - span.start) as usize;
        let at = (span.text_at & !EXTRA) as usize;
        if span.text_at & EXTRA != 0 {
            (self.extra.get(at..at + len).unwrap_or_default(), false)
        } else {
            (self.source.get(at..at + len).unwrap_or_default(), true)
        }
    }

    /// The text of `inline`, whole.
    pub fn inline_text(&self, inline: &Inline) -> String {
        let mut out = String::with_capacity(inline.len());
        self.write_inline_text(inline, &mut out);
        out
    }

    /// Appends the text of `inline` to `out`.
    pub fn write_inline_text(&self, inline: &Inline, out: &mut String) {
        out.reserve(inline.len());
        for span in self.spans(inline) {
            let (mut kept, in_source) = self.kept(span);
            if in_source {
                while let Some(k) = kept.find('\n') {
                    out.push_str(&kept[..k]);
                    out.push(' ');
                    kept = &kept[k + 1..];
                }
            }
            out.push_str(kept);
        }
    }

    /// The text of `inline` from byte `start` to byte `end`, in pieces as it is kept (a
    /// soft line end is a piece `" "` of its own).
    pub fn text_pieces<'a>(&'a self, inline: &'a Inline, start: u32, end: u32) -> TextPieces<'a> {
        let spans = self.spans(inline);
        let first = spans.partition_point(|s| s.end <= start);
        self.text_pieces_of(spans.get(first..).unwrap_or_default(), start, end)
    }

    fn text_pieces_of<'a>(&'a self, spans: &'a [Span], start: u32, end: u32) -> TextPieces<'a> {
        TextPieces { doc: Some(self), spans, at: start, end, rest: "" }
    }

    /// Whether byte `byte` of `inline`'s text starts a character (or is its end).
    pub fn is_char_boundary(&self, inline: &Inline, byte: u32) -> bool {
        let spans = self.spans(inline);
        let i = spans.partition_point(|s| s.end <= byte);
        match spans.get(i) {
            Some(span) if span.start <= byte => {
                self.kept(span).0.is_char_boundary((byte - span.start) as usize)
            }
            _ => true,
        }
    }
}

/// Pieces of text, borrowed: a range of an inline's text as it is kept, or one string.
#[derive(Debug, Clone)]
pub struct TextPieces<'a> {
    doc: Option<&'a Document>,
    /// The spans from the one holding `at` on.
    spans: &'a [Span],
    at: u32,
    end: u32,
    /// What is left to give of a source span's text, still to be split at its soft line
    /// ends (or, with no document, of the one string).
    rest: &'a str,
}

impl<'a> TextPieces<'a> {
    /// One string as a single piece (none if it is empty).
    pub fn one(text: &'a str) -> TextPieces<'a> {
        TextPieces { doc: None, spans: &[], at: 0, end: 0, rest: text }
    }
}

impl<'a> Iterator for TextPieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        loop {
            if !self.rest.is_empty() {
                if self.doc.is_none() {
                    return Some(std::mem::take(&mut self.rest));
                }
                return Some(match self.rest.find('\n') {
                    Some(0) => {
                        self.rest = &self.rest[1..];
                        " "
                    }
                    Some(k) => {
                        let (piece, rest) = self.rest.split_at(k);
                        self.rest = rest;
                        piece
                    }
                    None => std::mem::take(&mut self.rest),
                });
            }
            let doc = self.doc?;
            if self.at >= self.end {
                return None;
            }
            let (span, later) = self.spans.split_first()?;
            self.spans = later;
            let (from, to) = (self.at.max(span.start), self.end.min(span.end));
            self.at = to;
            let (kept, in_source) = doc.kept(span);
            let piece = kept
                .get((from - span.start) as usize..(to.max(from) - span.start) as usize)
                .unwrap_or_default();
            if in_source {
                self.rest = piece;
            } else if !piece.is_empty() {
                return Some(piece);
            }
        }
    }
}
