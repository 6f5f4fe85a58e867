//! Plain text (`.txt`) → Markdown: prose, never markup.
//!
//! Pure: text in, Markdown out. Every character of the text is escaped so that nothing in
//! it is taken as Markdown; the structure the text shows by its layout becomes Markdown:
//! a title line, paragraphs (hard-wrapped lines joined), lines kept where the text is laid
//! out by line (verse, addresses, indented lines, bullets), sections at runs of blank lines
//! or separator lines, headings in capitals or `CHAPTER I.` style. A Project Gutenberg
//! file keeps only what lies between its `*** START OF` and `*** END OF` markers, and its
//! `Title:`, `Author:`, `Release Date:` lines become the metadata. Site chrome at the end
//! of a saved blog page (comment form, share block) is left out, and a last line says how
//! many lines were.

use super::{Meta, escape_inline, escape_line};

/// A converted plain-text essay: its metadata and its Markdown body (title heading first).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plain {
    /// Title, author, date and source found in the text.
    pub meta: Meta,
    /// The Markdown body, starting with `# Title`.
    pub body: String,
    /// Non-blank lines of site chrome left out at the end.
    pub left_out: usize,
}

/// Lines longer than this are prose, not a title or heading.
const SHORT_LINE: usize = 60;
/// A title line is at most this long.
const TITLE_MAX: usize = 100;
/// Words a section named by its first words takes.
const NAME_WORDS: usize = 8;

/// Converts plain `text`; `fallback_title` is used when the text has no title line.
pub fn convert(text: &str, fallback_title: &str) -> Plain {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normal = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = normal.lines().map(str::trim_end).collect();
    let mut meta = Meta::default();
    let (mut lines, left_out) = match gutenberg(&lines, &mut meta) {
        Some(inner) => (inner, 0),
        None => cut_chrome(&lines),
    };
    if meta.title.is_none() {
        meta.title = title_line(&mut lines);
    }
    let title = meta.title.clone().unwrap_or_else(|| fallback_title.to_string());
    meta.title = Some(title.clone());
    let mut body = format!("# {}\n\n", escape_inline(&title));
    write_blocks(&blocks(&lines), &mut body);
    if left_out > 0 {
        let s = if left_out == 1 { "" } else { "s" };
        body.push_str(&format!(
            "---\n\n_{left_out} line{s} of the saved page around the essay (comment form, share buttons) left out; `essayreader render --raw` shows the file as it is._\n"
        ));
    }
    Plain { meta, body, left_out }
}

/// The lines between a Project Gutenberg file's START and END markers, with its header's
/// metadata put in `meta`; `None` if the file is not one.
fn gutenberg<'a>(lines: &[&'a str], meta: &mut Meta) -> Option<Vec<&'a str>> {
    let marker = |l: &str, word: &str| {
        let l = l.trim_start_matches('*').trim().to_ascii_uppercase();
        l.starts_with(word) && l.contains("PROJECT GUTENBERG")
    };
    let start = lines.iter().position(|l| l.starts_with("***") && marker(l, "START OF"))?;
    let end = lines[start..].iter().position(|l| l.starts_with("***") && marker(l, "END OF"));
    let end = end.map_or(lines.len(), |e| start + e);
    super::gutenberg_header(lines[..start].iter().copied(), meta);
    if meta.source.is_none() {
        meta.source = Some("Project Gutenberg".to_string());
    }
    let mut inner = lines[start + 1..end].to_vec();
    // "End of the Project Gutenberg EBook of …" (one or two lines) just before the END marker.
    let tail = inner.len().saturating_sub(6);
    let closing = |l: &&str| {
        let lower = l.to_lowercase();
        lower.starts_with("end of") && lower.contains("project gutenberg")
    };
    if let Some(at) = inner[tail..].iter().position(closing) {
        inner.truncate(tail + at);
    }
    Some(inner)
}

/// Whether a line starts the chrome a blog puts after a post.
fn is_chrome(line: &str) -> bool {
    let l = line.trim().trim_start_matches(|c: char| c.is_ascii_digit() || c == '.').trim();
    let lower = l.to_lowercase();
    const STARTS: &[&str] = &[
        "leave a reply",
        "leave a comment",
        "post a comment",
        "fill in your details below",
        "you are commenting using your",
        "share this:",
        "like this:",
        "pingback:",
        "trackback:",
        "newer post",
        "older post",
        "subscribe to:",
    ];
    const WHOLE: &[&str] = &["related", "subscribe", "share", "comments", "like loading...", "loading..."];
    if STARTS.iter().any(|s| lower.starts_with(s)) || WHOLE.contains(&lower.as_str()) {
        return true;
    }
    // "One thought on “…”", "12 responses to …", "3 comments on …"
    let whole = line.trim().to_lowercase();
    let mut words = whole.split_whitespace();
    let count = words
        .next()
        .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()) || ["one", "two", "three", "no"].contains(&w));
    let noun = words.next().is_some_and(|w| {
        ["thought", "thoughts", "response", "responses", "comment", "comments", "reply", "replies"]
            .contains(&w)
    });
    let prep = words.next().is_some_and(|w| w == "on" || w == "to");
    count && noun && prep
}

/// Cuts chrome from the second half of the text: returns the lines before it and how
/// many non-blank lines were left out.
fn cut_chrome<'a>(lines: &[&'a str]) -> (Vec<&'a str>, usize) {
    let half = lines.len() / 2;
    match lines.iter().enumerate().skip(half).find(|(_, l)| is_chrome(l)) {
        Some((i, _)) => {
            let left_out = lines[i..].iter().filter(|l| !l.trim().is_empty()).count();
            (lines[..i].to_vec(), left_out)
        }
        None => (lines.to_vec(), 0),
    }
}

/// Takes the first line as the title when it stands alone and reads as one.
fn title_line(lines: &mut Vec<&str>) -> Option<String> {
    let first = lines.iter().position(|l| !l.trim().is_empty())?;
    let line = lines[first].trim();
    let alone = lines.get(first + 1).is_none_or(|l| l.trim().is_empty());
    // A text of one line is all text, not all title.
    let more = lines[first + 1..].iter().any(|l| !l.trim().is_empty());
    let ends = (line.ends_with('.') && !line.ends_with("...")) || line.ends_with([',', ';']);
    if !alone || !more || ends || line.chars().count() > TITLE_MAX || line.split_whitespace().count() > 20 {
        return None;
    }
    let title = line.split_whitespace().collect::<Vec<_>>().join(" ");
    lines.drain(..=first);
    Some(title)
}

/// A block of lines between blank lines, with what came before it.
#[derive(Debug)]
struct Block<'a> {
    lines: Vec<&'a str>,
    /// Two or more blank lines, or a separator line, came before it.
    after_break: bool,
    /// A separator line (`* * *`) came right before it.
    after_separator: bool,
    /// The text is not hard-wrapped (its paragraphs are long lines), so every line break
    /// in it was meant.
    unwrapped: bool,
}

/// Lines longer than this are whole paragraphs, not hard-wrapped ones.
const WRAPPED_MAX: usize = 100;

/// A line that only separates sections: `* * *`, `***`, `§`, `#`, `~~~`.
fn is_separator(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.chars().count() <= 20
        && t.chars().all(|c| matches!(c, '*' | '#' | '§' | '~' | '·' | '•' | '⁂') || c.is_whitespace())
        && (t.chars().filter(|c| !c.is_whitespace()).count() >= 3 || matches!(t, "#" | "§" | "⁂" | "§ §"))
}

fn blocks<'a>(lines: &[&'a str]) -> Vec<Block<'a>> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut blanks = 0;
    let mut separator = false;
    let flush = |current: &mut Vec<&'a str>, out: &mut Vec<Block<'a>>, brk: bool, sep: bool| {
        if !current.is_empty() {
            let lines = std::mem::take(current);
            out.push(Block { lines, after_break: brk, after_separator: sep, unwrapped: false });
        }
    };
    let mut pending_break = false;
    let mut pending_separator = false;
    for &line in lines {
        if line.trim().is_empty() {
            blanks += 1;
            continue;
        }
        if is_separator(line) {
            flush(&mut current, &mut out, pending_break, pending_separator);
            separator = true;
            blanks = 0;
            continue;
        }
        if blanks > 0 || separator {
            flush(&mut current, &mut out, pending_break, pending_separator);
            pending_break = blanks >= 2 || separator;
            pending_separator = separator;
            blanks = 0;
            separator = false;
        }
        current.push(line);
    }
    flush(&mut current, &mut out, pending_break, pending_separator);
    // A fifth of the lines longer than any wrapping would leave them: paragraphs are lines.
    let total: usize = out.iter().map(|b| b.lines.len()).sum();
    let long = out.iter().flat_map(|b| &b.lines).filter(|l| l.chars().count() > WRAPPED_MAX).count();
    let unwrapped = long * 5 >= total && long > 0;
    for block in &mut out {
        block.unwrapped = unwrapped;
    }
    out
}

/// Whether a block is laid out by line: indented, bulleted, or lines too short and uneven
/// to be hard-wrapped prose (verse, addresses).
fn by_line(block: &Block) -> bool {
    if block.lines.len() < 2 {
        return block.lines.iter().any(|l| l.starts_with([' ', '\t']));
    }
    if block.unwrapped {
        return true;
    }
    let indented = block.lines.iter().any(|l| l.starts_with([' ', '\t']));
    let bullet = |l: &&str| {
        let t = l.trim_start();
        t.starts_with(['•', '◦', '▪', '–', '-', '*', '+'])
            && t.chars().nth(1).is_some_and(char::is_whitespace)
    };
    let bulleted = block.lines.iter().filter(|l| bullet(l)).count() >= 2;
    let widths: Vec<usize> = block.lines.iter().map(|l| l.chars().count()).collect();
    let max = widths.iter().copied().max().unwrap_or(0);
    let wrapped = max >= 50 && widths[..widths.len() - 1].iter().all(|&w| w * 4 >= max * 3);
    indented || bulleted || !wrapped
}

/// Prose: a paragraph joined from its lines, with a long line in it.
fn is_prose(block: &Block) -> bool {
    !by_line(block) && block.lines.iter().any(|l| l.chars().count() >= SHORT_LINE)
}

/// A heading by its look: capitals (`INTRODUCTION.`), `CHAPTER I.`, `PART II`.
fn looks_like_heading(block: &Block) -> bool {
    if block.lines.len() > 2 || block.lines.iter().any(|l| l.trim().chars().count() > 80) {
        return false;
    }
    let text = block.lines.join(" ");
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.len() >= 2 && letters.iter().all(|c| !c.is_lowercase());
    capitals || is_numbered(block)
}

/// A chapter line: `CHAPTER I.`, `PART II`, `BOOK THE FIRST`.
fn is_numbered(block: &Block) -> bool {
    let text = block.lines.join(" ");
    let first = text.split_whitespace().next().unwrap_or("").to_uppercase();
    ["CHAPTER", "PART", "BOOK", "SECTION", "LETTER"].contains(&first.as_str())
        && text.split_whitespace().count() <= 8
        && block.lines.len() <= 2
}

/// A chapter line with its name on the next line ("CHAPTER I." then "THE FIRST DAY" or
/// "Loomings") and prose after them: the text of the one heading they make.
fn chapter_with_name(blocks: &[Block], i: usize) -> Option<String> {
    let [chapter, name, after] = blocks.get(i..i + 3)? else { return None };
    let named = looks_like_heading(name) || looks_like_title(name);
    if !is_numbered(chapter) || !named || name.after_break || after.after_break || !is_prose(after) {
        return None;
    }
    let chapter = chapter.lines.join(" ");
    let chapter = chapter.trim();
    let between = if chapter.ends_with(['.', ':']) { " " } else { ": " };
    Some(format!("{chapter}{between}{}", name.lines.join(" ").trim()))
}

/// A short line standing alone that names what follows ("On Common Sense").
fn looks_like_title(block: &Block) -> bool {
    let [line] = block.lines.as_slice() else { return false };
    let t = line.trim();
    t.chars().count() <= SHORT_LINE
        && t.split_whitespace().count() <= 10
        && !t.ends_with(['.', '?', '!', ',', ';', ':'])
        && t.chars().next().is_some_and(char::is_uppercase)
}

fn write_blocks(blocks: &[Block], out: &mut String) {
    let mut seen_prose = false;
    let mut i = 0;
    while i < blocks.len() {
        let block = &blocks[i];
        let next_prose = blocks.get(i + 1).is_some_and(|b| !b.after_break && is_prose(b));
        // A section: after a break, once the essay has begun, if prose comes before the
        // next break (looked at only at breaks, so the whole text is read about once).
        let section_has_prose = || {
            let rest = blocks[i..].iter().enumerate();
            rest.take_while(|(k, b)| *k == 0 || !b.after_break).any(|(_, b)| is_prose(b))
        };
        if let Some(text) = chapter_with_name(blocks, i) {
            heading(&text, out);
            i += 2;
            continue;
        }
        if block.after_break && seen_prose && section_has_prose() {
            if next_prose && (looks_like_heading(block) || looks_like_title(block)) {
                heading(&block.lines.join(" "), out);
                i += 1;
                continue;
            }
            quiet_heading(&first_words(block), out);
        } else if block.after_separator && i > 0 {
            // The text's own separator (between stanzas, say) is never dropped.
            quiet_heading(&first_words(block), out);
        } else if next_prose
            && looks_like_heading(block)
            && ends_sentence(i.checked_sub(1).map(|p| &blocks[p]))
        {
            heading(&block.lines.join(" "), out);
            i += 1;
            continue;
        }
        write_block(block, out);
        seen_prose |= is_prose(block);
        i += 1;
    }
}

/// Whether the block before ends a sentence (so a line in capitals after it is not the
/// signature or last word of a paragraph).
fn ends_sentence(before: Option<&Block>) -> bool {
    before.and_then(|b| b.lines.last()).is_none_or(|l| l.trim_end().ends_with(['.', '!', '?', ':', '"', '”']))
}

fn heading(text: &str, out: &mut String) {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    out.push_str("## ");
    out.push_str(&escape_inline(&text));
    out.push_str("\n\n");
}

/// A section break named by its first words: in the outline, drawn as a quiet break.
fn quiet_heading(text: &str, out: &mut String) {
    heading(text, out);
    out.truncate(out.len() - 2);
    out.push_str(" {.");
    out.push_str(crate::core::document::QUIET_CLASS);
    out.push_str("}\n\n");
}

/// A section's name: the first words of its first block, "Who am I? If I’m not a member…".
fn first_words(block: &Block) -> String {
    let text = block.lines.join(" ");
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut name = words.iter().take(NAME_WORDS).copied().collect::<Vec<_>>().join(" ");
    if words.len() > NAME_WORDS {
        name = name.trim_end_matches([',', ';', ':', '—', '–', '-']).to_string();
        name.push('…');
    }
    name
}

fn write_block(block: &Block, out: &mut String) {
    let long = |l: &&str| l.trim().chars().count() >= SHORT_LINE;
    if block.unwrapped && block.lines.iter().filter(|l| long(l)).count() >= 2 {
        // Text not hard-wrapped (copied from a browser) may have no blank lines at all:
        // each long line is then a paragraph of its own, and runs of short lines (a
        // greeting, an address, verse) keep their lines. (One long line with a short one
        // is a paragraph with a line break, as a blog's "continued here" link line.)
        let mut rest = &block.lines[..];
        while let Some(first) = rest.first() {
            let n = if long(first) { 1 } else { rest.iter().position(long).unwrap_or(rest.len()) };
            write_lines(&rest[..n], out);
            rest = &rest[n..];
        }
    } else if by_line(block) {
        write_lines(&block.lines, out);
    } else {
        let joined = block.lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
        out.push_str(&escape_line(&joined));
        out.push_str("\n\n");
    }
}

/// `lines` as one paragraph that keeps its line breaks.
fn write_lines(lines: &[&str], out: &mut String) {
    let last = lines.len().saturating_sub(1);
    for (n, line) in lines.iter().enumerate() {
        out.push_str(&escape_line(line));
        out.push_str(if n == last { "\n" } else { "\\\n" });
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_lines_are_recognised() {
        for l in ["Leave a Reply", "One thought on “X”", "12 Responses to \"Y\"", "Share this:", "Related"]
        {
            assert!(is_chrome(l), "{l}");
        }
        for l in ["Related to this, I think", "One thought only", "Share the wealth."] {
            assert!(!is_chrome(l), "{l}");
        }
    }

    #[test]
    fn a_separator_line_between_stanzas_is_a_section_not_lost() {
        // Verse has no prose paragraph, and its `* * *` once vanished without a trace.
        let text = "Two Poems\n\nI\n\nRoses are red\nViolets are blue\n\n* * *\n\nII\n\nThe rain in Spain\nfalls mainly\n";
        let doc = crate::core::document::Document::parse(&convert(text, "x").body);
        let names: Vec<&str> = doc.headings.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(names, ["Two Poems", "II"], "{}", convert(text, "x").body);
        // Before any text, a separator is only decoration.
        let doc = crate::core::document::Document::parse(
            &convert("A Title\n\n***\n\nRoses are red\nViolets are blue\n", "x").body,
        );
        assert_eq!(doc.headings.len(), 1);
    }

    #[test]
    fn text_copied_with_a_paragraph_per_line_reads_as_paragraphs() {
        // Copied from a browser: no blank lines, each paragraph one long line. It once read
        // as one block of text, its paragraphs run together.
        let para = "The question of organisation is not a technical one but a political one, and those who treat it as a matter of efficiency alone end up building machines.";
        let text = format!("A Title\n\nDear friends,\n{para}\n{para}\n{para}\nYours,\nJo\n");
        let doc = crate::core::document::Document::parse(&convert(&text, "x").body);
        let paragraphs = doc.paragraph_texts();
        assert_eq!(
            paragraphs,
            ["Dear friends,", para, para, para, "Yours,\nJo"],
            "{}",
            convert(&text, "x").body
        );
    }

    /// The titles of a converted text's headings, in order.
    fn outline(text: &str) -> Vec<String> {
        let doc = crate::core::document::Document::parse(&convert(text, "Fallback").body);
        doc.headings.iter().map(|h| h.title.clone()).collect()
    }

    #[test]
    fn a_chapter_line_with_its_name_below_is_one_heading() {
        // "CHAPTER I." followed by its name was left out of the outline (only the name was
        // in it), while "CHAPTER II." with none was in it.
        let prose = "The proletarians have nothing to lose but their chains. They have a\nworld to win. Working men of all countries, unite! This sentence is here\nto make the paragraph long enough to be plainly hard-wrapped prose.\n";
        let text = format!(
            "THE BOOK\n\nCHAPTER I.\n\nTHE FIRST DAY\n\n{prose}\n\n\nCHAPTER II\n\nLoomings\n\n{prose}\n\nCHAPTER III.\n\n{prose}"
        );
        assert_eq!(
            outline(&text),
            ["THE BOOK", "CHAPTER I. THE FIRST DAY", "CHAPTER II: Loomings", "CHAPTER III."]
        );
    }

    #[test]
    fn a_text_of_one_line_is_not_all_title() {
        // Its one line became the title and the essay had no text at all.
        assert_eq!(outline("just one line of text without a newline"), ["Fallback"]);
        let md = convert("just one line of text\n", "Fallback").body;
        assert!(md.contains("\njust one line of text\n"), "{md}");
    }

    #[test]
    fn separators() {
        for l in ["* * *", "***", "§", "#", "  *  *  *  "] {
            assert!(is_separator(l), "{l}");
        }
        for l in ["*", "# Heading", "**bold**"] {
            assert!(!is_separator(l), "{l}");
        }
    }
}
