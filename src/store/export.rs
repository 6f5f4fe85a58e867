//! Bookmarks as Markdown notes, for people who keep their reading notes elsewhere.

use super::records::Bookmark;
use std::fmt::Write;

/// All `bookmarks` as Markdown: one section per bookmark (label, essay, section, date) with
/// the snippet as a quote. `title` turns an essay id into its title, if known.
pub fn export_markdown<'a>(
    bookmarks: impl IntoIterator<Item = &'a Bookmark>,
    title: impl Fn(&str) -> Option<String>,
) -> String {
    let mut out = String::from("# Bookmarks\n");
    for b in bookmarks {
        let essay = title(&b.essay).unwrap_or_else(|| b.essay.clone());
        // Writing to a String cannot fail.
        let _ = write!(out, "\n## {}\n\n", one_line(&b.label));
        let _ = writeln!(out, "- Essay: {}", one_line(&essay));
        if !b.section.trim().is_empty() {
            let _ = writeln!(out, "- Section: {}", one_line(&b.section));
        }
        let _ = writeln!(out, "- Saved: {}", b.created);
        if !b.snippet.trim().is_empty() {
            out.push('\n');
            for line in b.snippet.trim().lines().map(str::trim_end) {
                let gap = if line.is_empty() { "" } else { " " };
                let _ = writeln!(out, ">{gap}{line}");
            }
        }
    }
    out
}

/// Labels and titles go in headings and list items, which end at a newline.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::position::capture;

    #[test]
    fn notes_carry_label_essay_section_date_and_snippet() {
        let mut b = Bookmark::new(
            "leaking",
            "Voice and\nexit",
            "Section one",
            "There are two options in life\nwhen dealing with things",
            capture("text", 0, vec![]),
        );
        b.created = "2026-05-01T12:00:00Z".into();
        let md = export_markdown([&b], |id| (id == "leaking").then(|| "Why I leak".into()));
        assert_eq!(
            md,
            "# Bookmarks\n\n## Voice and exit\n\n- Essay: Why I leak\n- Section: Section one\n\
             - Saved: 2026-05-01T12:00:00Z\n\n> There are two options in life\n\
             > when dealing with things\n"
        );
    }
}
