//! Bookmarks as Markdown notes, for people who keep their reading notes elsewhere.

use super::records::Bookmark;
use crate::core::bookmark::whole_words;
use std::fmt::Write;

/// All `bookmarks` as Markdown: one section per bookmark (label, essay, section, date) with
/// the snippet as a quote. `title` turns an essay id into its title, if known; an essay
/// known to nothing (deleted before it had a registry entry) is named by the heading
/// around the passage, and only as a last resort by its id.
pub fn export_markdown<'a>(
    bookmarks: impl IntoIterator<Item = &'a Bookmark>,
    title: impl Fn(&str) -> Option<String>,
) -> String {
    let mut out = String::from("# Bookmarks\n");
    for b in bookmarks {
        let essay = title(&b.essay)
            .or_else(|| b.heading_title().map(str::to_string))
            .unwrap_or_else(|| b.essay.clone());
        // Writing to a String cannot fail.
        let _ = write!(out, "\n## {}\n\n", one_line(&b.label));
        let _ = writeln!(out, "- Essay: {}", one_line(&essay));
        if !b.section.trim().is_empty() {
            let _ = writeln!(out, "- Section: {}", one_line(&b.section));
        }
        let _ = writeln!(out, "- Saved: {}", b.created);
        if !b.snippet.trim().is_empty() {
            out.push('\n');
            for line in whole_words(b.snippet.trim()).lines().map(str::trim_end) {
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
    fn a_lost_essay_is_named_by_its_heading_and_no_passage_ends_mid_word() {
        let anchor = capture("# Solo Essay\n\ntext", 14, vec!["Solo Essay".into()]);
        let b = Bookmark::new("0123456789ab", "l", "", "a passage that was cu…", anchor);
        let md = export_markdown([&b], |_| None);
        assert!(md.contains("- Essay: Solo Essay\n"), "{md}");
        assert!(md.contains("> a passage that was…\n"), "{md}");
    }

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
