//! Long essays open on a window: the first screen is parsed from a part of the text
//! around the place to resume, while the whole essay parses in the background.

/// Essays longer than this show their first screen from a part while the rest parses.
const WINDOW_FROM: usize = 256 * 1024;
/// About how much text after the reading place is parsed when a long essay opens (a quarter
/// of it before): some six screens of 120×40 ahead, more than can be paged through before the
/// background parse of a 10 MiB book ends; 64 KiB cost the first frame 2–8 ms more.
const WINDOW_LEN: usize = 24 * 1024;
/// The least text ahead of the reading place that a first screen drawn before the essay
/// opens is parsed from (see [`screen_ahead`]).
const SCREEN_AHEAD_LEAST: usize = 8 * 1024;

/// The part of a long essay to parse for its first screen: from a paragraph break a little
/// before the place to resume (or the start) to one a screenful or two after it. `None`
/// for an essay short enough to parse whole before the first frame.
pub(super) fn first_screen_window(source: &str, resume: Option<usize>) -> Option<std::ops::Range<usize>> {
    window_in(source, 0, source.len(), resume, WINDOW_LEN).unwrap_or(None)
}

/// How much text ahead of the reading place fills a terminal of `size` (columns, rows) for
/// certain: twice its cells, as bytes (markup, and lines that end short, take more than the
/// text shows), at least 8 KiB, at most an open's window. The first screen drawn before the
/// essay opens needs no more: nothing scrolls until it has opened, on its own window. On a
/// 120×40 terminal that parses 10 KiB, not 24, and the screen shows 0.2 ms sooner.
pub(super) fn screen_ahead(size: (u16, u16)) -> usize {
    (2 * usize::from(size.0) * usize::from(size.1)).clamp(SCREEN_AHEAD_LEAST, WINDOW_LEN)
}

/// Whether an essay of `len` bytes opens on a window at all.
pub(super) fn is_long(len: usize) -> bool {
    len >= WINDOW_FROM
}

/// How much text before and after the place to resume decides its window, reaching `ahead`
/// after it: the window itself and some slack to find the paragraph breaks it ends at.
pub(super) fn window_reach(ahead: usize) -> (usize, usize) {
    (WINDOW_LEN / 4 + WINDOW_SLACK, ahead + WINDOW_SLACK)
}

/// Slack on each side of a window, for [`window_reach`].
const WINDOW_SLACK: usize = 16 * 1024;

/// Not decidable from the part of the text at hand: a paragraph break lies outside it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct NeedMore;

/// The window reaching `ahead` bytes past the place to resume of an essay `len` bytes long,
/// of which only `part`, starting at byte `base` (on a character boundary), is at hand: the
/// same window as the whole text gives, or [`NeedMore`] if the part does not reach the
/// paragraph breaks it ends at. Every window around one place starts at the same paragraph,
/// however far it reaches: a first screen drawn from a short one is the one the open's
/// ([`first_screen_window`]) shows.
pub(super) fn window_in(
    part: &str,
    base: usize,
    len: usize,
    resume: Option<usize>,
    ahead: usize,
) -> Result<Option<std::ops::Range<usize>>, NeedMore> {
    if len < WINDOW_FROM {
        return Ok(None);
    }
    let part_end = base + part.len();
    let boundary = |mut i: usize| {
        if i < base || i > part_end {
            return Err(NeedMore);
        }
        while !part.is_char_boundary(i - base) {
            i -= 1;
        }
        Ok(i)
    };
    let at = resume.unwrap_or(0).min(len);
    let back = if at <= WINDOW_LEN / 4 { 0 } else { boundary(at - WINDOW_LEN / 4)? };
    let start = if back == 0 {
        0
    } else {
        match part[..back - base].rfind("\n\n") {
            Some(i) => base + i + 2,
            None if base == 0 => 0,
            None => return Err(NeedMore),
        }
    };
    let ahead = boundary((at + ahead).min(len))?;
    let end = match part[ahead - base..].find("\n\n") {
        Some(i) => ahead + i + 2,
        None if part_end == len => len,
        None => return Err(NeedMore),
    };
    Ok((end - start < len / 2).then_some(start..end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::document::Document;

    fn long_essay() -> String {
        let mut text = String::from("# Long\n\n");
        for i in 0..4000 {
            text.push_str(&format!("Paragraph {i} — with “quotes” and some words to fill the line.\n\n"));
        }
        text
    }

    #[test]
    fn short_essays_are_parsed_whole() {
        assert_eq!(first_screen_window("# Short\n\ntext\n", None), None);
    }

    #[test]
    fn a_long_essay_opens_on_a_window_around_the_place_to_resume() {
        let text = long_essay();
        let at = text.find("Paragraph 3000 ").unwrap();
        let window = first_screen_window(&text, Some(at)).unwrap();
        assert!(window.start < at && at < window.end, "{window:?} around {at}");
        assert!(text[..window.start].ends_with("\n\n") && text[..window.end].ends_with("\n\n"));
        let start = first_screen_window(&text, None).unwrap();
        assert_eq!(start.start, 0);
    }

    #[test]
    fn a_first_screen_reaches_twice_a_terminals_cells_within_bounds() {
        assert_eq!(screen_ahead((120, 40)), 9600);
        assert_eq!(screen_ahead((80, 24)), SCREEN_AHEAD_LEAST, "a small terminal: the least");
        assert_eq!(screen_ahead((400, 200)), WINDOW_LEN, "a huge one: no more than an open's");
        assert_eq!(screen_ahead((0, 0)), SCREEN_AHEAD_LEAST);
    }

    #[test]
    fn a_window_keeps_the_offsets_of_the_whole_essay() {
        let text = long_essay();
        let at = text.find("Paragraph 3000 ").unwrap();
        let window = first_screen_window(&text, Some(at)).unwrap();
        let part = Document::parse_part(&text, window);
        let whole = Document::parse(&text);
        let (pb, pbyte) = part.place_of_source(at);
        let (wb, wbyte) = whole.place_of_source(at);
        assert_eq!(part.source_of(pb, pbyte), at);
        assert_eq!(whole.source_of(wb, wbyte), at);
    }

    #[test]
    fn a_part_around_the_place_to_resume_gives_the_window_the_whole_text_gives() {
        // The first frame of a long book is drawn from a part of its file read on its own:
        // it must be the very window the whole text gives, or the screen would jump when
        // the whole text has been read.
        let text = long_essay();
        let (before, after) = window_reach(WINDOW_LEN);
        for at in [None, Some(0), Some(5), Some(7000), Some(text.len() / 3), Some(text.len() - 10)] {
            let whole = first_screen_window(&text, at);
            let mut base = at.unwrap_or(0).saturating_sub(before);
            // Parts from the middle start inside a character now and then.
            while !text.is_char_boundary(base) {
                base += 1;
            }
            let mut end = (at.unwrap_or(0) + after).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            assert_eq!(
                window_in(&text[base..end], base, text.len(), at, WINDOW_LEN),
                Ok(whole.clone()),
                "at {at:?}"
            );
            // A shorter reach ends sooner, never starts elsewhere.
            let short = window_in(&text[base..end], base, text.len(), at, SCREEN_AHEAD_LEAST);
            let (short, whole) = (short.expect("decidable").expect("long"), whole.expect("long"));
            assert_eq!(short.start, whole.start, "at {at:?}");
            assert!(short.end <= whole.end, "at {at:?}: {short:?} within {whole:?}");
        }
        // Too little text to see the paragraph break after the window: not guessed.
        let at = text.find("Paragraph 2000 ").unwrap();
        assert_eq!(
            window_in(&text[at - 100..at + 100], at - 100, text.len(), Some(at), WINDOW_LEN),
            Err(NeedMore)
        );
    }
}
