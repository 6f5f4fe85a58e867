//! What a result shows: the section a match is in and a one-line snippet around it with
//! the matched words marked.

use super::query::Query;
use crate::core::fold::Folded;

/// Bytes of text shown before the match in a snippet (about).
const BEFORE: usize = 60;
/// Bytes of text a snippet holds (about).
const LENGTH: usize = 180;

/// The headings of Markdown `text` as (byte offset, title), in order: ATX (`## Title`) and
/// setext (a line underlined with `===` or `---`), outside fenced code. A light scan rather
/// than a parse, so a thousand essays cost milliseconds.
pub fn headings(text: &str, body_start: usize) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    let mut previous: Option<(usize, &str)> = None;
    let mut at = body_start.min(text.len());
    for line in text.get(at..).unwrap_or_default().split_inclusive('\n') {
        let start = at;
        at += line.len();
        let trimmed = line.trim_end();
        let lead = trimmed.trim_start();
        let indent = trimmed.len() - lead.len();
        if indent < 4 && (lead.starts_with("```") || lead.starts_with("~~~")) {
            let mark = &lead[..3];
            fence = match fence {
                Some(open) if open == mark => None,
                Some(open) => Some(open),
                None => Some(mark),
            };
            previous = None;
            continue;
        }
        if fence.is_some() {
            continue;
        }
        let hashes = lead.bytes().take_while(|&b| b == b'#').count();
        if indent < 4
            && (1..=6).contains(&hashes)
            && lead[hashes..].chars().next().is_none_or(char::is_whitespace)
        {
            let title = lead[hashes..].trim().trim_end_matches('#').trim();
            out.push((start, plain(title)));
            previous = None;
            continue;
        }
        let underline = !lead.is_empty()
            && indent < 4
            && (lead.bytes().all(|b| b == b'=') || lead.bytes().all(|b| b == b'-'));
        match previous {
            Some((p, title)) if underline && !title.trim().is_empty() => {
                out.push((p, plain(title.trim())));
                previous = None;
            }
            _ => {
                previous =
                    (!lead.is_empty() && !lead.starts_with(['-', '*', '>', '|'])).then_some((start, trimmed))
            }
        }
    }
    out
}

/// A heading's text without the commonest inline markup.
fn plain(title: &str) -> String {
    title.chars().filter(|c| !matches!(c, '*' | '_' | '`')).collect()
}

/// The title of the last heading at or before `offset`.
pub fn section_at(headings: &[(usize, String)], offset: usize) -> &str {
    let i = headings.partition_point(|(at, _)| *at <= offset);
    i.checked_sub(1).map_or("", |i| headings[i].1.as_str())
}

/// One line of `text` around byte `offset`, within its paragraph: whitespace runs as one
/// space, emphasis and code marks dropped, cut at word boundaries, with `…` where it was cut.
pub fn snippet(text: &str, offset: usize) -> String {
    let offset = floor_boundary(text, offset.min(text.len()));
    let para_start = text[..offset].rfind("\n\n").map_or(0, |i| i + 2);
    let para_end = text[offset..].find("\n\n").map_or(text.len(), |i| offset + i);
    let mut start = floor_boundary(text, offset.saturating_sub(BEFORE)).max(para_start);
    if start > para_start {
        // Start at a word, unless the word is the match itself.
        if let Some(space) = text[start..offset].find(char::is_whitespace) {
            start += space;
        }
    }
    let mut end = floor_boundary(text, (start + LENGTH).min(para_end));
    if end < para_end
        && let Some(space) = text[offset.max(start)..end].rfind(char::is_whitespace)
    {
        end = offset.max(start) + space;
    }
    let mut out = String::new();
    if start > para_start {
        out.push('…');
    }
    let shown = unescape(&text[start..end]);
    let words: Vec<&str> = shown.split_whitespace().collect();
    out.extend(words.join(" ").chars().filter(|c| !matches!(c, '*' | '`')));
    if end < para_end {
        out.push('…');
    }
    out
}

/// Markdown's backslashes as a reader sees them: `\\*` is a `*`, and a backslash ending a
/// line (a hard break) is a space.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some('\n')) => out.push(' '),
            ('\\', Some(&next)) if next.is_ascii_punctuation() => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// The byte ranges of `snippet` that match a term of `query` (folded alike), in order,
/// for drawing them marked.
pub fn highlights(snippet: &str, query: &Query) -> Vec<(usize, usize)> {
    let folded = Folded::new(snippet, true);
    let mut out: Vec<(usize, usize)> = Vec::new();
    for term in &query.terms {
        for (at, m) in folded.as_str().match_indices(term.folded.as_str()) {
            out.push(folded.original_range(at, at + m.len()));
        }
    }
    out.sort_unstable();
    out
}

/// The largest character boundary at or before `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_atx_and_setext_outside_code() {
        let text = "# Title\n\nText\n\nPart *two*\n---------\n\n```\n# not a heading\n```\n\n## Three ##\n";
        let h = headings(text, 0);
        let titles: Vec<&str> = h.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(titles, ["Title", "Part two", "Three"]);
        assert_eq!(section_at(&h, text.find("Text").unwrap_or(0)), "Title");
        assert_eq!(section_at(&h, text.len()), "Three");
        assert_eq!(section_at(&h[1..], 0), "");
    }

    #[test]
    fn snippet_shows_escapes_and_hard_breaks_as_read() {
        let text = "Of Government in general,\\\nwith \\#concise\\_ remarks.";
        assert_eq!(snippet(text, 3), "Of Government in general, with #concise_ remarks.");
    }

    #[test]
    fn snippet_is_one_line_around_the_offset() {
        let text =
            format!("{}the passage\nwe remember{}", "early words ".repeat(20), " and later".repeat(40));
        let at = text.find("the passage").unwrap_or(0);
        let s = snippet(&text, at);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("the passage we remember"), "{s}");
        assert!(!s.contains('\n'));
        let s = snippet("## Part\n\nThe *passage* we remember.\n\nNext paragraph.", 12);
        assert_eq!(s, "The passage we remember.", "within its paragraph, without marks");
    }

    #[test]
    fn snippet_of_multibyte_text_cuts_on_boundaries() {
        let text = "ü".repeat(300);
        let s = snippet(&text, 301);
        assert!(s.chars().all(|c| c == 'ü' || c == '…'));
    }

    #[test]
    fn highlights_mark_folded_matches() {
        let q = Query::parse("lukacs don't");
        let s = "Georg Lukács: I don’t";
        let marked: Vec<&str> = highlights(s, &q).into_iter().map(|(a, b)| &s[a..b]).collect();
        assert_eq!(marked, ["Lukács", "don’t"]);
    }
}
