//! A saved page's footnotes made Markdown footnotes, so the reader follows them with `f`
//! (as links to `#fn1` they led nowhere: no heading has that name). A reference is a link
//! to `#name` labelled like a note (`1`, `[2]`, `*`), in a `<sup>` or not; its note is the
//! `li`, `p`, `div`, `aside` or `dd` that holds the target, short and not holding the
//! reference. WordPress, Substack and the Marxists Internet Archive write them so.

use std::collections::HashMap;

use dom_query::{Document, NodeRef};

/// Notes longer than this are a section a link points to, not a note.
const MAX_NOTE: usize = 3000;
/// More notes than this are left as links: editing the tree costs more per note as the page
/// grows, and no essay has so many.
const MAX_NOTES: usize = 2000;

/// The placeholder put where the reference to note `n` (from 1) was: letters alone, so
/// extraction and the Markdown conversion leave it as it is.
fn token(n: usize) -> String {
    format!("ERFOOTNOTEREF{n}X")
}

/// Takes the notes out of `doc` and puts a placeholder where each is referred to; returns
/// their texts in order (note `n` is at `n - 1`), for [`finish`].
pub(super) fn take(doc: &Document) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    let mut taken: Vec<(String, usize)> = Vec::new();
    let refs: Vec<NodeRef> = doc.select("a[href^='#']").nodes().to_vec();
    if refs.is_empty() {
        return notes;
    }
    // Every name once, so a page of many links and names is read in one pass.
    let mut names: HashMap<String, NodeRef> = HashMap::new();
    for (sel, attr) in [("a[name]", "name"), ("[id]", "id")] {
        for node in doc.select(sel).nodes() {
            if let Some(v) = node.attr(attr) {
                names.insert(v.to_string(), *node);
            }
        }
    }
    let attached = |n: &NodeRef| n.ancestors_it(None).any(|a| a.is_document());
    for link in refs {
        if notes.len() >= MAX_NOTES {
            break;
        }
        // A back link inside a note taken out before is no longer in the page.
        if !attached(&link) {
            continue;
        }
        let Some(href) = link.attr("href") else { continue };
        let name = href[1..].to_string();
        let text = link.text();
        let label = text.trim().trim_matches(['[', ']', '(', ')']).trim_end_matches('.');
        let labelled = (1..=4).contains(&label.chars().count())
            && label.chars().all(|c| c.is_alphanumeric() || "*†‡".contains(c));
        if name.is_empty() || !labelled {
            continue;
        }
        let n = match taken.iter().find(|(t, _)| *t == name) {
            Some(&(_, n)) => n,
            None => {
                let target = names.get(&name).copied().filter(attached);
                let Some(note) = target.and_then(|t| note_of(t, &link)) else { continue };
                let Some(text) = note_text(&note, label) else { continue };
                note.remove_from_parent();
                notes.push(text);
                taken.push((name, notes.len()));
                notes.len()
            }
        };
        // The `<sup>` around the reference goes with it.
        let parent = link
            .parent()
            .filter(|p| p.node_name().is_some_and(|t| &*t == "sup") && p.text().trim() == text.trim());
        parent.unwrap_or(link).replace_with_html(token(n));
    }
    notes
}

/// The block holding `target`, if it is a note: a list item, paragraph or box, not the
/// block that holds the reference itself.
fn note_of<'a>(target: NodeRef<'a>, reference: &NodeRef<'a>) -> Option<NodeRef<'a>> {
    let is_block = |n: &NodeRef| {
        n.node_name().is_some_and(|t| matches!(&*t, "li" | "p" | "div" | "aside" | "dd" | "section"))
    };
    let note = std::iter::once(target).chain(target.ancestors_it(None)).find(is_block)?;
    let holds_reference = reference.ancestors_it(None).any(|a| a.id == note.id);
    (!holds_reference).then_some(note)
}

/// A note's text: without its back links and its own number, on one line.
fn note_text(note: &NodeRef, label: &str) -> Option<String> {
    let text = note.text();
    if text.chars().count() > MAX_NOTE {
        return None;
    }
    let links: Vec<NodeRef> =
        note.descendants_it().filter(|d| d.attr("href").is_some_and(|h| h.starts_with('#'))).collect();
    for back in links {
        if back.text().trim().chars().count() <= 4 {
            back.remove_from_parent();
        }
    }
    let text = note.text();
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut text = words.join(" ");
    // "1. The note", "[1] The note": its number is drawn by the reader.
    for start in [format!("{label}."), format!("[{label}]"), label.to_string()] {
        if let Some(rest) = text.strip_prefix(&format!("{start} ")) {
            text = rest.to_string();
            break;
        }
    }
    let text = text.trim_end_matches(['↩', '\u{fe0e}', '\u{fe0f}', '↑', ' ']).to_string();
    (!text.is_empty()).then_some(text)
}

/// The Markdown with each placeholder made a footnote reference `[^n]`, and the notes
/// referred to appended as definitions (in one pass: a page may have thousands).
pub(super) fn finish(markdown: &str, notes: &[String]) -> String {
    const MARK: &str = "ERFOOTNOTEREF";
    let mut out = String::with_capacity(markdown.len());
    let mut used = vec![false; notes.len()];
    let mut rest = markdown;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let after = &rest[at + MARK.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let n = after[..digits].parse::<usize>().ok().filter(|n| (1..=notes.len()).contains(n));
        match n {
            Some(n) if after[digits..].starts_with('X') => {
                out.push_str(&format!("[^{n}]"));
                used[n - 1] = true;
                rest = &after[digits + 1..];
            }
            _ => {
                out.push_str(MARK);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    if used.contains(&true) {
        out.truncate(out.trim_end().len());
        out.push('\n');
        for (i, note) in notes.iter().enumerate().filter(|(i, _)| used[*i]) {
            out.push_str(&format!("\n[^{}]: {}\n", i + 1, super::escape_inline(note)));
        }
    }
    out
}
