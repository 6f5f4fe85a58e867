//! Essays that are not Markdown, turned into the Markdown (with front matter) the engine
//! reads: one file per format, each pure (text in, Markdown out); reading files stays in
//! the library. Reading a file in place and `essayreader import` use the same conversion.

mod footnotes;
pub mod html;
pub mod plain;

use std::fmt::Write as _;
use std::path::Path;

/// What the reader says when a file that declares no character set and is not UTF-8 was
/// read as Windows-1252.
pub const WINDOWS_1252_NOTICE: &str = "Not UTF-8 and no character set declared: read as Windows-1252";

/// The text of bytes that declare no character set: UTF-8 if they are, else Windows-1252
/// (the guess browsers make: a superset of Latin-1, and every byte is a character, so no
/// letter of an old text or page is lost) with `true`.
pub fn decode_undeclared(bytes: &[u8]) -> (String, bool) {
    // UTF-16 says so by its byte order mark (Windows Notepad's "Unicode").
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes)
        && encoding != encoding_rs::UTF_8
    {
        return (encoding.decode_without_bom_handling(&bytes[bom..]).0.into_owned(), false);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), false),
        Err(_) => (encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(), true),
    }
}

/// Metadata a format finds in its text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Meta {
    /// The essay's title.
    pub title: Option<String>,
    /// Who wrote it.
    pub author: Option<String>,
    /// When it was written or published, as written.
    pub date: Option<String>,
    /// Where it comes from.
    pub source: Option<String>,
}

/// The formats an essay file can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown: read as it is.
    Markdown,
    /// Plain text (`.txt`): prose, no markup.
    Plain,
    /// A saved web page (`.html`, `.htm`): its article is read.
    Html,
}

impl Format {
    /// The format of the file at `path`, by its extension.
    pub fn of(path: &Path) -> Format {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if ext.eq_ignore_ascii_case("txt") {
            Format::Plain
        } else if ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm") {
            Format::Html
        } else {
            Format::Markdown
        }
    }
}

/// The Markdown the engine reads for `text` in `format`: Markdown as it is; plain text
/// converted, with front matter (title, author, date, source). `file_name` gives the title
/// when the text has none.
pub fn to_markdown(text: String, format: Format, file_name: &str) -> String {
    match format {
        // An empty file stays empty, so it is said to be one rather than shown as a title.
        Format::Markdown => text,
        Format::Plain if text.trim_start_matches('\u{feff}').trim().is_empty() => text,
        Format::Plain => {
            let plain = plain::convert(&text, &super::meta::readable_name(file_name));
            let mut out = front_matter(&plain.meta, &[]);
            out.push_str(&plain.body);
            out
        }
        Format::Html => html_to_markdown(text.as_bytes(), file_name).0,
    }
}

/// The Markdown, with front matter, for a saved web page's `bytes` (decoded by its own
/// declared character set, so these are the file's bytes, not text already decoded).
/// The second value is whether the page was read as Windows-1252 (see [`decode_undeclared`]).
pub fn html_to_markdown(bytes: &[u8], file_name: &str) -> (String, bool) {
    let page = html::convert(bytes, &super::meta::readable_name(file_name));
    let mut out = front_matter(&page.meta, &[]);
    out.push_str(&page.body);
    (out, page.windows_1252)
}

/// The metadata of a Project Gutenberg header (the lines before its START marker): its
/// `Title:`, `Author:` and `Release Date:` lines, the eBook number as the source. Shared by
/// the plain-text and the HTML editions.
pub(crate) fn gutenberg_header<'a>(lines: impl Iterator<Item = &'a str>, meta: &mut Meta) {
    for line in lines {
        let line = line.trim();
        let field =
            |name: &str| line.strip_prefix(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        if let Some(v) = field("Title:") {
            meta.title.get_or_insert(v);
        } else if let Some(v) = field("Author:") {
            meta.author.get_or_insert(v);
        } else if let Some(v) = field("Release Date:") {
            let (date, number) = match v.find('[') {
                Some(i) => (v[..i].trim().to_string(), ebook_number(&v[i..])),
                None => (v.clone(), None),
            };
            meta.date.get_or_insert(date);
            if let Some(n) = number {
                meta.source.get_or_insert(format!("Project Gutenberg eBook #{n}"));
            }
        }
    }
}

/// The number in "[EBook #147]".
fn ebook_number(text: &str) -> Option<String> {
    let after = &text[text.find('#')? + 1..];
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

/// A YAML front matter block with `meta` and then `extra` (name, value) fields.
pub fn front_matter(meta: &Meta, extra: &[(&str, &str)]) -> String {
    let mut out = String::from("---\n");
    let fields =
        [("title", &meta.title), ("author", &meta.author), ("date", &meta.date), ("source", &meta.source)];
    for (name, value) in fields {
        if let Some(v) = value {
            let _ = writeln!(out, "{name}: {}", yaml_string(v));
        }
    }
    for (name, value) in extra {
        let _ = writeln!(out, "{name}: {value}");
    }
    out.push_str("---\n\n");
    out
}

/// `text` as a double-quoted YAML string on one line.
pub fn yaml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text escaped so that no character of it is Markdown inline markup. Only what could
/// be markup is escaped (`!` is harmless once `[` is, `&` only before a name or `#`), so an
/// imported essay stays readable as a file.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let entity = c == '&' && chars.peek().is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#');
        if entity || matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '#' | '~' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One line of text escaped so that nothing in it is markup, at its start either (list
/// markers, headings, quotes, rules, indented code); leading spaces kept as no-break spaces.
pub fn escape_line(line: &str) -> String {
    let trimmed = line.trim_start_matches([' ', '\t']);
    let indent: usize =
        line[..line.len() - trimmed.len()].chars().map(|c| if c == '\t' { 4 } else { 1 }).sum();
    let mut out = "\u{a0}".repeat(indent);
    let trimmed = trimmed.trim_end();
    // A list marker, setext underline or rule at the start of a line.
    if trimmed.starts_with(['-', '+', '=', '>']) {
        out.push('\\');
        out.push_str(&escape_inline(trimmed));
        return out;
    }
    // "1. " or "1) " would start an ordered list.
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && trimmed[digits..].starts_with(['.', ')']) {
        out.push_str(&trimmed[..digits]);
        out.push('\\');
        out.push_str(&escape_inline(&trimmed[digits..]));
        return out;
    }
    out.push_str(&escape_inline(trimmed));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::document::Document;

    #[test]
    fn escaped_lines_are_text_not_markup() {
        let lines = [
            "# not a heading",
            "- not a list",
            "1. not a list",
            "> not a quote",
            "*not em*",
            "===",
            "[x](y)",
        ];
        for line in lines {
            let md = format!("{}\n", escape_line(line));
            let doc = Document::parse(&md);
            assert!(doc.headings.is_empty(), "{line}");
            assert!(doc.containers.is_empty(), "{line}");
            assert!(doc.links.is_empty(), "{line}");
            let shown = doc.paragraph_texts();
            assert_eq!(shown, [line]);
        }
    }

    #[test]
    fn yaml_strings_round_trip_through_front_matter() {
        let meta = Meta { title: Some("A \"quoted\": \\ title".into()), ..Meta::default() };
        let fm = front_matter(&meta, &[]);
        let split = crate::core::frontmatter::split(&fm);
        assert_eq!(split.front.and_then(|f| f.title).as_deref(), Some("A \"quoted\": \\ title"));
    }
}
