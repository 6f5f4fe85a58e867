//! Long essays open on a window: the first screen is parsed from a part of the text
//! around the place to resume, while the whole essay parses in the background.

/// Essays longer than this show their first screen from a part while the rest parses.
const WINDOW_FROM: usize = 256 * 1024;
/// About how much text after the reading place is parsed for the first screen (a quarter
/// of it before): some six screens of 120×40 ahead, more than can be paged through before the
/// background parse of a 10 MiB book ends; 64 KiB cost the first frame 2–8 ms more.
const WINDOW_LEN: usize = 24 * 1024;

/// The part of a long essay to parse for its first screen: from a paragraph break a little
/// before the place to resume (or the start) to one a screenful or two after it.
pub(super) fn first_screen_window(source: &str, resume: Option<usize>) -> Option<std::ops::Range<usize>> {
    if source.len() < WINDOW_FROM {
        return None;
    }
    let boundary = |mut i: usize| {
        while !source.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let at = resume.unwrap_or(0).min(source.len());
    let back = boundary(at.saturating_sub(WINDOW_LEN / 4));
    let start = match source.get(..back).and_then(|s| s.rfind("\n\n")) {
        Some(i) if back > 0 => i + 2,
        _ => 0,
    };
    let ahead = boundary((at + WINDOW_LEN).min(source.len()));
    let end = source.get(ahead..).and_then(|s| s.find("\n\n")).map_or(source.len(), |i| ahead + i + 2);
    (end - start < source.len() / 2).then_some(start..end)
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
}
