//! Wrapping one inline into lines at most so many cells wide: words broken at spaces
//! (never at no-break spaces), measured by display width, grapheme clusters kept whole,
//! a word longer than the line broken between clusters. The result is pieces of the
//! inline's text grouped into lines, which the builder turns into runs.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::core::document::Span;
use crate::core::style::Style;

/// An inline's spans with its text read out: what the wrapper reads.
#[derive(Clone, Copy)]
pub(super) struct InlineText<'a> {
    /// The inline's spans.
    pub(super) spans: &'a [Span],
    /// Its text, whole.
    pub(super) text: &'a str,
}

/// Wrapped text as pieces of an inline, grouped into lines; reused between blocks.
#[derive(Default)]
pub(super) struct Wrapped {
    pub(super) pieces: Vec<Piece>,
    pub(super) lines: Vec<WrapLine>,
    /// The widest single word, for sizing table columns.
    pub(super) widest_word: usize,
    /// The pieces of the word being collected (kept to reuse its allocation).
    word: Vec<(u32, u32, Style)>,
}

/// What a piece shows.
#[derive(Clone, Copy)]
pub(super) enum PieceText {
    /// A byte range of the inline's text.
    Src(u32, u32),
    /// A collapsed run of white space.
    Space,
    /// A grapheme too wide for a one-cell line.
    TooWide,
}

/// A styled piece of a wrapped line.
#[derive(Clone, Copy)]
pub(super) struct Piece {
    pub(super) text: PieceText,
    pub(super) style: Style,
}

/// One wrapped line: a range of pieces, its width and where it starts in the inline.
#[derive(Clone, Copy)]
pub(super) struct WrapLine {
    pub(super) pieces: (u32, u32),
    pub(super) width: usize,
    pub(super) byte: u32,
    pub(super) joined: bool,
    /// Words that start on this line.
    pub(super) words: u32,
}

/// Whether `c` is a space a line may break at (no-break spaces are not).
fn is_break_space(c: char) -> bool {
    c == ' ' || (c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}' | '\n'))
}

/// Display width of a piece of text that holds no break spaces, per grapheme cluster (as
/// the terminal buffer measures it).
fn text_width(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    // Most non-ASCII words in prose are Latin letters, quotes and dashes: one cell per
    // character, each its own grapheme, so no segmentation is needed.
    if s.chars().all(is_simple_narrow) {
        return s.chars().count();
    }
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// A character that is one cell wide and never joins a grapheme cluster with its
/// neighbours: Latin-1 and Latin Extended letters (below the combining marks at U+0300),
/// and the general punctuation of prose (dashes, quotes, ellipsis) without the invisible
/// format characters of that block.
pub(super) fn is_simple_narrow(c: char) -> bool {
    matches!(c, '\u{a0}'..='\u{2ff}' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}') && c != '\u{ad}'
}

impl Wrapped {
    fn clear(&mut self) {
        self.pieces.clear();
        self.lines.clear();
        self.widest_word = 0;
    }

    /// Wraps `inline` into lines at most `avail` cells wide.
    pub(super) fn wrap(&mut self, inline: &InlineText<'_>, avail: usize) {
        self.clear();
        let avail = avail.max(1);
        let mut w = WrapState {
            line_start: 0,
            width: 0,
            pending_space: false,
            line_byte: 0,
            joined: false,
            words: 0,
        };
        let mut word = std::mem::take(&mut self.word);
        word.clear();
        // The width of the word being collected, measured as it is read; `None` once it
        // holds a character that needs grapheme segmentation to measure.
        let mut width = Some(0);
        for span in inline.spans {
            let text = &inline.text[span.start as usize..span.end as usize];
            let mut piece_start: Option<usize> = None;
            let bytes = text.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                // Runs of ASCII word characters, the bulk of prose, in one step.
                let run = bytes[i..]
                    .iter()
                    .position(|&b| b == b' ' || b == b'\n' || b == b'\t' || b >= 0x80)
                    .unwrap_or(bytes.len() - i);
                if run > 0 {
                    piece_start.get_or_insert(i);
                    width = width.map(|w| w + run);
                    i += run;
                    continue;
                }
                // Bytes, not chars: only non-ASCII needs decoding.
                let b = bytes[i];
                let (c, len) = if b < 0x80 {
                    (b as char, 1)
                } else {
                    let c = text[i..].chars().next().unwrap_or(' ');
                    (c, c.len_utf8())
                };
                let breaking = c == '\n' || is_break_space(c);
                match (breaking, piece_start) {
                    (false, None) => piece_start = Some(i),
                    (true, Some(s)) => {
                        word.push((span.start + s as u32, span.start + i as u32, span.style()));
                        piece_start = None;
                    }
                    _ => {}
                }
                if breaking {
                    self.place_word(inline, &mut word, width, avail, &mut w);
                    width = Some(0);
                    if c == '\n' {
                        self.end_line(&mut w, span.start + i as u32 + 1, false);
                    } else if self.pieces.len() > w.line_start {
                        w.pending_space = true;
                    }
                } else if b < 0x80 || is_simple_narrow(c) {
                    width = width.map(|w| w + 1);
                } else {
                    width = None;
                }
                i += len;
            }
            if let Some(s) = piece_start {
                word.push((span.start + s as u32, span.end, span.style()));
            }
        }
        self.place_word(inline, &mut word, width, avail, &mut w);
        self.word = word;
        if w.width > 0 || self.lines.is_empty() || self.pieces.len() > w.line_start {
            let end = inline.text.len() as u32;
            self.end_line(&mut w, end, false);
        }
    }

    /// Drops white space (a no-break space stuck to the last word) from the end of the line
    /// being ended, so no line ends in invisible padding.
    fn trim_line_end(&mut self, inline: &InlineText<'_>, w: &mut WrapState) {
        while self.pieces.len() > w.line_start {
            let Some(last) = self.pieces.last_mut() else { break };
            match last.text {
                PieceText::Src(s, e) => {
                    let text = &inline.text[s as usize..e as usize];
                    let kept = text.trim_end_matches(char::is_whitespace);
                    if kept.len() == text.len() {
                        break;
                    }
                    w.width -= text_width(&text[kept.len()..]);
                    if kept.is_empty() {
                        self.pieces.pop();
                    } else {
                        last.text = PieceText::Src(s, s + kept.len() as u32);
                        break;
                    }
                }
                PieceText::Space => {
                    self.pieces.pop();
                    w.width -= 1;
                }
                PieceText::TooWide => break,
            }
        }
    }

    fn end_line(&mut self, w: &mut WrapState, next_byte: u32, joined_next: bool) {
        self.lines.push(WrapLine {
            pieces: (w.line_start as u32, self.pieces.len() as u32),
            width: w.width,
            byte: w.line_byte,
            joined: w.joined,
            words: w.words,
        });
        w.words = 0;
        w.line_start = self.pieces.len();
        w.width = 0;
        w.pending_space = false;
        w.line_byte = next_byte;
        w.joined = joined_next;
    }

    fn place_word(
        &mut self,
        inline: &InlineText<'_>,
        word: &mut Vec<(u32, u32, Style)>,
        width: Option<usize>,
        avail: usize,
        w: &mut WrapState,
    ) {
        if word.is_empty() {
            return;
        }
        let mut word_width = width.unwrap_or_else(|| {
            word.iter().map(|&(s, e, _)| text_width(&inline.text[s as usize..e as usize])).sum()
        });
        // "Nothing on the line yet" is tested by pieces, not width: a zero-width character
        // (U+200B) is something, and the line must start at it and keep the space after it.
        let started = self.pieces.len() > w.line_start;
        // A run of no-break spaces standing alone (as in "end. \u{a0} Next") is spacing, kept
        // inside a line but never allowed to start or overflow one.
        // (Break spaces never get into a word, so only a word starting with a non-ASCII
        // byte can be all white space.)
        let spacing = inline.text.as_bytes()[word[0].0 as usize] >= 0x80
            && word
                .iter()
                .all(|&(s, e, _)| inline.text[s as usize..e as usize].chars().all(char::is_whitespace));
        if spacing && (!started || w.width + 1 + word_width > avail) {
            word.clear();
            return;
        }
        let space = usize::from(w.pending_space && started);
        // At the paragraph's start or after a hard break, leading no-break spaces are the
        // text's own indentation (plain text's indented lines); only a wrap drops them.
        let at = word[0].0 as usize;
        let hard_start = !started && (at == 0 || inline.text.as_bytes().get(at - 1) == Some(&b'\n'));
        if (!started || w.width + space + word_width > avail) && !hard_start {
            // A no-break space stuck to the front of a word must not indent a line.
            strip_leading_spaces(inline, word);
            if word.is_empty() {
                return;
            }
            word_width = word.iter().map(|&(s, e, _)| text_width(&inline.text[s as usize..e as usize])).sum();
        }
        self.widest_word = self.widest_word.max(word_width);
        if w.width + space + word_width <= avail {
            if space == 1 {
                self.push_space(inline, word[0]);
                w.width += 1;
            }
            if !started {
                w.line_byte = word[0].0;
            }
            self.push_word(word, w.line_start);
            w.width += word_width;
            w.words += u32::from(!spacing);
        } else if word_width <= avail {
            self.trim_line_end(inline, w);
            self.end_line(w, word[0].0, false);
            self.push_word(word, w.line_start);
            w.width = word_width;
            w.words += 1;
        } else {
            self.break_word(inline, word, avail, w);
        }
        w.pending_space = false;
        word.clear();
    }

    /// The space before `next`: where the source has a plain space there and the styles
    /// agree, the piece before simply grows over it (fewer, longer pieces lay out faster).
    fn push_space(&mut self, inline: &InlineText<'_>, next: (u32, u32, Style)) {
        let bytes = inline.text.as_bytes();
        if let Some(last) = self.pieces.last_mut()
            && let PieceText::Src(s, e) = last.text
            && last.style == next.2
            && next.0 == e + 1
            && bytes.get(e as usize) == Some(&b' ')
        {
            last.text = PieceText::Src(s, e + 1);
            return;
        }
        let before = self.pieces.last().map_or(Style::default(), |p| p.style);
        let flags = before.flags & next.2.flags;
        self.pieces.push(Piece { text: PieceText::Space, style: Style { role: before.role, flags } });
    }

    /// Appends a word's pieces, growing the line's last piece where they continue it.
    fn push_word(&mut self, word: &[(u32, u32, Style)], line_start: usize) {
        for &(s, e, style) in word {
            if self.pieces.len() > line_start
                && let Some(last) = self.pieces.last_mut()
                && let PieceText::Src(ls, le) = last.text
                && le == s
                && last.style == style
            {
                last.text = PieceText::Src(ls, e);
                continue;
            }
            self.pieces.push(Piece { text: PieceText::Src(s, e), style });
        }
    }

    /// Breaks a word longer than a line between grapheme clusters.
    fn break_word(
        &mut self,
        inline: &InlineText<'_>,
        word: &[(u32, u32, Style)],
        avail: usize,
        w: &mut WrapState,
    ) {
        if self.pieces.len() > w.line_start {
            self.trim_line_end(inline, w);
            self.end_line(w, word[0].0, false);
        }
        if w.width == 0 && self.pieces.len() == w.line_start {
            w.line_byte = word[0].0;
        }
        w.words += 1;
        for &(s, e, style) in word {
            let text = &inline.text[s as usize..e as usize];
            for (i, g) in text.grapheme_indices(true) {
                let at = s + i as u32;
                let gw = g.width();
                if w.width + gw > avail && w.width > 0 {
                    self.end_line(w, at, true);
                }
                let piece = if gw > avail {
                    w.width += 1;
                    PieceText::TooWide
                } else {
                    w.width += gw;
                    PieceText::Src(at, at + g.len() as u32)
                };
                let on_this_line = self.pieces.len() > w.line_start;
                match (self.pieces.last_mut(), piece) {
                    (Some(last), PieceText::Src(_, end))
                        if on_this_line
                            && last.style == style
                            && matches!(last.text, PieceText::Src(_, e) if e == at) =>
                    {
                        if let PieceText::Src(_, e) = &mut last.text {
                            *e = end;
                        }
                    }
                    _ => self.pieces.push(Piece { text: piece, style }),
                }
            }
        }
    }
}

/// Removes white space from the front of a word's pieces (dropping pieces left empty).
fn strip_leading_spaces(inline: &InlineText<'_>, word: &mut Vec<(u32, u32, Style)>) {
    while let Some(first) = word.first_mut() {
        let text = &inline.text[first.0 as usize..first.1 as usize];
        let kept = text.trim_start_matches(char::is_whitespace);
        first.0 += (text.len() - kept.len()) as u32;
        if first.0 < first.1 {
            break;
        }
        word.remove(0);
    }
}

struct WrapState {
    line_start: usize,
    width: usize,
    pending_space: bool,
    line_byte: u32,
    joined: bool,
    words: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The width measured without segmentation where it can be is the width of the
        /// string's grapheme clusters, also with the marks, joiners, selectors, flags and
        /// jamo that make clusters of several characters.
        #[test]
        fn text_width_agrees_with_grapheme_widths(
            s in "[a-zé’“”–—…\u{a0}\u{301}\u{20dd}\u{200d}\u{fe0f}\u{1f1eb}\u{1f1f7}\u{1100}\u{1161}\u{11a8}漢👍\u{1f3fd}]{0,24}"
        ) {
            let slow: usize = s.graphemes(true).map(UnicodeWidthStr::width).sum();
            proptest::prop_assert_eq!(text_width(&s), slow);
        }
    }

    #[test]
    fn the_narrow_fast_path_agrees_with_grapheme_widths() {
        for c in (0xa0u32..0x3000).filter_map(char::from_u32).filter(|&c| is_simple_narrow(c)) {
            let s = format!("a{c}b{c}");
            let slow: usize = s.graphemes(true).map(UnicodeWidthStr::width).sum();
            assert_eq!(slow, 4, "{c:?} U+{:04X}", c as u32);
            assert_eq!(s.graphemes(true).count(), 4, "{c:?} joins a neighbour");
        }
    }
}
