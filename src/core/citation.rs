//! Quoting a passage with its source: the passage as a Markdown `>` quote of its source
//! text, then one citation line (author, title, date, section, the source's address). The
//! same citation is what `y` copies and what the exports write, in Markdown or, for
//! reading-notes services, in CSV.

use super::frontmatter::FrontMatter;
use super::highlight::Highlight;

/// What a citation names of an essay.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EssayMeta {
    /// The essay's title.
    pub title: String,
    /// Who wrote it.
    pub author: Option<String>,
    /// When, as the front matter writes it.
    pub date: Option<String>,
    /// The address it was published at, if the front matter's `source` holds one.
    pub url: Option<String>,
}

impl EssayMeta {
    /// The metadata of an essay titled `title` with front matter `front`.
    pub fn new(title: &str, front: Option<&FrontMatter>) -> EssayMeta {
        let text = |v: Option<&String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        EssayMeta {
            title: title.to_string(),
            author: text(front.and_then(|f| f.author.as_ref())),
            date: text(front.and_then(|f| f.date.as_ref())),
            url: front.and_then(|f| f.source.as_deref()).and_then(url_in).map(str::to_string),
        }
    }
}

/// The first `http(s)` address in `text` (a front matter `source` such as "Project
/// Gutenberg eBook #147 (`https://www.gutenberg.org/ebooks/147`)"), without the punctuation
/// of the sentence around it.
pub fn url_in(text: &str) -> Option<&str> {
    let start = text.find("https://").or_else(|| text.find("http://"))?;
    let rest = &text[start..];
    let end = rest.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"')).unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', ']', '\'']);
    (url.len() > "https://".len()).then_some(url)
}

/// The passage as a Markdown block quote: each line of its source text after `> `, a blank
/// line as a bare `>`.
pub fn quote(text: &str) -> String {
    let mut out = String::new();
    for line in text.trim().lines() {
        let line = line.trim_end();
        out.push('>');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// The citation line: `— Author, *Title* (Date), “Section”. <URL>`, each part left out
/// when unknown (and the section when it is only the title again).
pub fn citation_line(meta: &EssayMeta, section: &str) -> String {
    let mut line = String::from("— ");
    if let Some(author) = &meta.author {
        line.push_str(author);
        line.push_str(", ");
    }
    line.push_str(&format!("*{}*", meta.title.trim()));
    if let Some(date) = &meta.date {
        line.push_str(&format!(" ({date})"));
    }
    let section = section.trim();
    if !section.is_empty() && section != meta.title.trim() {
        line.push_str(&format!(", “{section}”"));
    }
    if let Some(url) = &meta.url {
        line.push_str(&format!(". <{url}>"));
    }
    line
}

/// The passage as a quote, then its citation: what `y` copies.
pub fn cite(text: &str, meta: &EssayMeta, section: &str) -> String {
    format!("{}\n{}\n", quote(text), citation_line(meta, section))
}

/// Highlights as a Markdown file to paste into a draft: per essay (in the order given) a
/// heading with its title, author, date and source; per section a heading (none for the
/// passages before the first, or in the section the title heads); per passage the quote
/// with its citation, and the note below it.
pub fn export_markdown<'a>(items: impl IntoIterator<Item = (&'a Highlight, &'a EssayMeta)>) -> String {
    let mut out = String::from("# Highlights\n");
    let mut current: Option<&str> = None;
    // The section heading written last in this essay ("" before any).
    let mut section_now = "";
    for (h, meta) in items {
        if current != Some(h.essay.as_str()) {
            current = Some(&h.essay);
            section_now = "";
            out.push_str(&format!("\n## {}\n", meta.title.trim()));
            if meta.author.is_some() || meta.date.is_some() || meta.url.is_some() {
                out.push('\n');
            }
            let byline: Vec<&str> =
                [meta.author.as_deref(), meta.date.as_deref()].into_iter().flatten().collect();
            if !byline.is_empty() {
                out.push_str(&format!("{}\n", byline.join(" · ")));
            }
            if let Some(url) = &meta.url {
                out.push_str(&format!("Source: <{url}>\n"));
            }
        }
        let section = match h.section.trim() {
            s if s == meta.title.trim() => "",
            s => s,
        };
        if section != section_now {
            // Back before any section after one (an essay whose later heading repeats its
            // title): said, not left under the last section's heading.
            out.push_str(&format!("\n### {}\n", if section.is_empty() { "(no section)" } else { section }));
            section_now = section;
        }
        out.push('\n');
        out.push_str(&cite(&h.text, meta, &h.section));
        if h.has_note() {
            out.push_str(&format!("\n**Note:** {}\n", h.note.trim()));
        }
    }
    out
}

/// The CSV columns reading-notes services import (Readwise's format).
pub const CSV_HEADER: &str = "Highlight,Title,Author,URL,Note,Location,Date";

/// Highlights as CSV with [`CSV_HEADER`]'s columns; `Location` is the passage's byte
/// offset in the essay, `Date` when it was made (`YYYY-MM-DD HH:MM:SS`, UTC).
pub fn export_csv<'a>(items: impl IntoIterator<Item = (&'a Highlight, &'a EssayMeta)>) -> String {
    let mut out = format!("{CSV_HEADER}\r\n");
    for (h, meta) in items {
        let date = h.created.replace('T', " ").trim_end_matches('Z').chars().take(19).collect::<String>();
        let fields = [
            h.text.trim(),
            meta.title.trim(),
            meta.author.as_deref().unwrap_or(""),
            meta.url.as_deref().unwrap_or(""),
            h.note.trim(),
            &h.start.offset.to_string(),
            &date,
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One CSV field by RFC 4180: quoted when it holds a comma, a quote or a line break, with
/// each quote doubled.
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::position::capture;

    fn paine() -> EssayMeta {
        EssayMeta {
            title: "Common Sense".into(),
            author: Some("Thomas Paine".into()),
            date: Some("1776".into()),
            url: Some("https://www.gutenberg.org/ebooks/147".into()),
        }
    }

    fn highlight(essay: &str, section: &str, text: &str, note: &str) -> Highlight {
        Highlight {
            id: "1".into(),
            essay: essay.into(),
            section: section.into(),
            text: text.into(),
            note: note.into(),
            created: "2026-11-27T14:20:34.123Z".into(),
            edited: String::new(),
            start: capture(text, 0, vec![]),
            end: capture(text, text.len(), vec![]),
        }
    }

    #[test]
    fn the_url_is_found_inside_a_source_line() {
        let source = "Project Gutenberg eBook #147 (https://www.gutenberg.org/ebooks/147)";
        assert_eq!(url_in(source), Some("https://www.gutenberg.org/ebooks/147"));
        assert_eq!(url_in("blog post, saved copy"), None);
        assert_eq!(url_in("see http://example.org/a."), Some("http://example.org/a"));
    }

    #[test]
    fn a_citation_quotes_the_source_text_and_names_its_source() {
        let text =
            "Society is produced by our wants,\nand government by our wickedness;\n\nthe former promotes";
        let got = cite(text, &paine(), "Of the Origin and Design of Government");
        assert_eq!(
            got,
            "> Society is produced by our wants,\n> and government by our wickedness;\n>\n> the former promotes\n\
             \n— Thomas Paine, *Common Sense* (1776), “Of the Origin and Design of Government”. \
             <https://www.gutenberg.org/ebooks/147>\n"
        );
    }

    #[test]
    fn a_citation_leaves_out_what_is_unknown() {
        let meta = EssayMeta { title: "Why I support leaking".into(), ..EssayMeta::default() };
        assert_eq!(citation_line(&meta, "Why I support leaking"), "— *Why I support leaking*");
        assert_eq!(citation_line(&meta, ""), "— *Why I support leaking*");
        assert_eq!(citation_line(&meta, "Section one"), "— *Why I support leaking*, “Section one”");
    }

    #[test]
    fn markdown_export_groups_by_essay_with_sections_quotes_and_notes() {
        let meta = paine();
        let other = EssayMeta { title: "Leaking".into(), ..EssayMeta::default() };
        let a = highlight("paine", "Of Monarchy", "first passage", "");
        let b = highlight("paine", "Thoughts", "second passage", "an objection");
        let c = highlight("leak", "", "third passage", "");
        let d = highlight("leak", "Leaking", "fourth passage, under the title", "");
        let e = highlight("leak", "Exit", "fifth passage", "");
        let f = highlight("leak", "Exit", "sixth passage", "");
        let md = export_markdown([
            (&a, &meta),
            (&b, &meta),
            (&c, &other),
            (&d, &other),
            (&e, &other),
            (&f, &other),
        ]);
        assert_eq!(md.matches("\n## ").count(), 2, "{md}");
        // Before any section and in the title's own, straight under the essay's heading;
        // one heading for a section's passages.
        assert!(md.contains("## Leaking\n\n> third passage\n\n— *Leaking*\n\n> fourth passage"), "{md}");
        assert_eq!(md.matches("### Exit").count(), 1, "{md}");
        assert!(!md.contains("### Leaking") && !md.contains("(no section)"), "{md}");
        assert!(md.contains(
            "## Common Sense\n\nThomas Paine · 1776\nSource: <https://www.gutenberg.org/ebooks/147>\n"
        ));
        assert!(md.contains(
            "### Thoughts\n\n> second passage\n\n— Thomas Paine, *Common Sense* (1776), “Thoughts”."
        ));
        assert!(md.contains("> second passage\n\n— Thomas Paine, *Common Sense* (1776), “Thoughts”. <https://www.gutenberg.org/ebooks/147>\n\n**Note:** an objection\n"));
    }

    #[test]
    fn csv_quotes_commas_quotes_and_newlines() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        let h = highlight("paine", "Thoughts", "Society, in every state", "He says \"evil\",\nbut why?");
        let csv = export_csv([(&h, &paine())]);
        assert_eq!(
            csv,
            "Highlight,Title,Author,URL,Note,Location,Date\r\n\
             \"Society, in every state\",Common Sense,Thomas Paine,https://www.gutenberg.org/ebooks/147,\
             \"He says \"\"evil\"\",\nbut why?\",0,2026-11-27 14:20:34\r\n"
        );
    }
}
