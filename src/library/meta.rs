//! What the library list needs from an essay: title, author, words, and an id.

use super::load::load_path;
use super::read::stamp_of;
use super::{EssayInfo, LibraryError, Source};
use crate::core::frontmatter;
use crate::core::identity::{Sketch, content_id, fingerprint_of_name, identify_reading};
use crate::core::sanitize::clean_line;
use std::path::Path;

/// Reads the metadata from `text`; `file_name` gives the last-resort title.
pub(crate) fn from_text(text: &str, file_name: &str) -> EssayInfo {
    from_text_counting(text, file_name, true)
}

/// [`from_text`], counting the words only if asked: counting reads every byte, which a
/// file opened by path (never listed) does not need.
pub(crate) fn from_text_counting(text: &str, file_name: &str, count_words: bool) -> EssayInfo {
    from_text_known(text, file_name, count_words, None, &|_| {})
}

/// [`from_text_counting`] with the body's fingerprint and sketch already `known` (from a
/// file unchanged since they were computed), so the body is not hashed again.
fn from_text_known(
    text: &str,
    file_name: &str,
    count_words: bool,
    known: Option<(u64, &Sketch)>,
    read: &(dyn Fn(std::ops::Range<usize>) + Sync),
) -> EssayInfo {
    let split = frontmatter::split(text);
    let front = split.front.unwrap_or_default();
    let title = front.title.or_else(|| first_heading(split.body)).unwrap_or_else(|| readable_name(file_name));
    let declared_id = front.id.as_deref().map(slug).filter(|s| !s.is_empty());
    // Nothing to know an empty file by but its name.
    let (fingerprint, sketch) = match (split.body.trim(), known) {
        ("", _) => (fingerprint_of_name(file_name), Sketch::default()),
        (_, Some((fingerprint, sketch))) => (fingerprint, sketch.clone()),
        _ => identify_reading(split.body, &|r| read(split.body_start + r.start..split.body_start + r.end)),
    };
    let problem = if text.trim().is_empty() {
        Some("empty file".to_string())
    } else {
        split.error.map(|e| format!("front matter ignored: {e}"))
    };
    EssayInfo {
        // The library gives the id (see `core::identity`); until then, the content's.
        id: declared_id.clone().unwrap_or_else(|| content_id(fingerprint)),
        title,
        author: front.author,
        date: front.date,
        tags: front.tags,
        words: if count_words { word_count(split.body) } else { 0 },
        declared_id,
        fingerprint,
        sketch,
        problem,
        ..EssayInfo::default()
    }
}

/// The title of an essay whose text starts with `start`, if that part decides it: its
/// front matter's title, else its first level-1 heading (as [`from_text`] gives it). `None`
/// when neither is in the part, or its front matter does not end in it.
pub(crate) fn title_from_start(start: &str) -> Option<String> {
    let split = frontmatter::split(start);
    let unclosed =
        split.front.is_none() && split.error.is_none() && split.body.trim_start().starts_with("---");
    if unclosed {
        return None;
    }
    split.front.and_then(|f| f.title).or_else(|| first_heading(split.body))
}

/// The [`EssayInfo`] of a bundled essay.
pub(crate) fn bundled_info(name: &'static str, text: &'static str) -> EssayInfo {
    let mut info = from_text(text, name);
    info.source = Source::Bundled;
    info.path = Path::new("essays").join(name);
    info
}

/// The [`EssayInfo`] of the file at `path`, or `None` if it vanished meanwhile. Files
/// that cannot be read as text are still listed, with a `problem` saying why.
pub(crate) fn file_info(path: &Path, source: Source) -> Option<EssayInfo> {
    file_info_counting(path, source, true)
}

/// [`file_info`], counting words only if asked (see [`from_text_counting`]).
pub(crate) fn file_info_counting(path: &Path, source: Source, count_words: bool) -> Option<EssayInfo> {
    file_info_remembered(path, source, count_words, None)
}

/// [`file_info_counting`] for a file whose metadata may be `remembered` from an earlier
/// read: if the file's size and modification time are still the remembered ones, its
/// fingerprint and sketch are taken as they were (hashing a 10 MiB book costs ~15 ms
/// before its first frame); a changed file is hashed again.
pub(crate) fn file_info_remembered(
    path: &Path,
    source: Source,
    count_words: bool,
    remembered: Option<&EssayInfo>,
) -> Option<EssayInfo> {
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // Taken before reading, so a change made while reading shows as a change next time.
    let stamp = std::fs::metadata(path).ok().and_then(|m| stamp_of(&m));
    let known =
        remembered.filter(|r| stamp.is_some() && r.stamp == stamp).map(|r| (r.fingerprint, &r.sketch));
    // Converted as it is read, so a `.txt` lists with the title and words the reader shows.
    let (mut info, problem) = match load_path(path) {
        Ok(essay) => {
            // A mapped book's pages go back as they are read through (see `mapped`).
            let release = |range| essay.text.release(range);
            let mut meta = from_text_known(&essay.text, &file_name, count_words, known, &release);
            essay.text.release_all();
            let lossy = "not valid UTF-8 (read with replacement characters)";
            let problem = if essay.lossy { Some(lossy.to_string()) } else { meta.problem.take() };
            if !count_words {
                // Named by path: it is about to be opened or rendered (see `keep_for_open`).
                super::load::keep_for_open(path, stamp, essay);
            }
            (meta, problem)
        }
        Err(LibraryError::NotFound(_) | LibraryError::IsFolder(_)) => return None,
        Err(e) => {
            let problem = match e {
                LibraryError::Binary(_) => "binary file".to_string(),
                LibraryError::TooLarge { mib, .. } => format!("too large ({mib} MiB)"),
                LibraryError::Unreadable { err, .. } => format!("unreadable: {err}"),
                other => other.to_string(),
            };
            (from_text("", &file_name), Some(problem))
        }
    };
    info.source = source;
    info.problem = problem.map(|p| clean_line(&p));
    info.path = path.to_path_buf();
    // Remembered with the identity, for the same unchanged file.
    info.source_hash = known.and(remembered.and_then(|r| r.source_hash));
    info.stamp = stamp;
    Some(info)
}

/// Words of `text`, by the core's one rule (see [`crate::core::words::count`]).
pub(crate) fn word_count(text: &str) -> usize {
    crate::core::words::count(text)
}

/// The slug of a title, by the core's one rule.
pub use crate::core::slug::slug;

/// A title's slug, with a stand-in for titles made only of punctuation (the id essays
/// had before ids came from content; kept to carry saved state over).
pub(crate) fn title_slug(title: &str) -> String {
    let s = slug(title);
    if s.is_empty() { "essay".to_string() } else { s }
}

/// "my_essay-draft.md" → "My essay draft".
pub(crate) fn readable_name(file_name: &str) -> String {
    let stem = Path::new(file_name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let spaced = stem.replace(['_', '-'], " ");
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let joined = clean_line(&words.join(" "));
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Untitled".to_string(),
    }
}

/// The text of the first level-1 heading (ATX `# ` or setext `===`) outside code fences.
fn first_heading(body: &str) -> Option<String> {
    let mut fence: Option<(char, usize)> = None;
    let mut previous: Option<&str> = None;
    for raw in body.lines() {
        let line = raw.trim_end();
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim_start();
        if let Some((c, n)) = fence {
            if indent < 4 && trimmed.chars().take_while(|&x| x == c).count() >= n {
                let rest = trimmed.trim_start_matches(c);
                if rest.trim().is_empty() {
                    fence = None;
                }
            }
            previous = None;
            continue;
        }
        if indent < 4 {
            if let Some(open) = fence_open(trimmed) {
                fence = Some(open);
                previous = None;
                continue;
            }
            if let Some(text) = atx_h1(trimmed) {
                return Some(text).filter(|t| !t.is_empty());
            }
            if let Some(prev) = previous
                && trimmed.chars().all(|c| c == '=')
                && !trimmed.is_empty()
            {
                let text = inline_text(prev.trim());
                if !text.is_empty() {
                    return Some(text);
                }
            }
        }
        previous = (!trimmed.is_empty() && indent < 4).then_some(line);
    }
    None
}

/// A code fence opener: three or more backticks or tildes.
fn fence_open(line: &str) -> Option<(char, usize)> {
    let c = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = line.chars().take_while(|&x| x == c).count();
    (n >= 3).then_some((c, n))
}

/// The text of an ATX level-1 heading line (`# Title #`), if it is one.
fn atx_h1(line: &str) -> Option<String> {
    let rest = line.strip_prefix('#')?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = rest.trim();
    // A closing sequence of #s is not part of the title if a space precedes it.
    let without_close = rest.trim_end_matches('#');
    let content = if without_close.is_empty() || without_close.ends_with([' ', '\t']) {
        without_close.trim_end()
    } else {
        rest
    };
    Some(inline_text(content))
}

/// Heading Markdown as plain text: `*Why* I \_support\_` → "Why I _support_".
fn inline_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    clean_line(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_prefers_front_matter_then_heading_then_file_name() {
        let fm = from_text("---\ntitle: From front\n---\n# From heading\n", "f.md");
        assert_eq!(fm.title, "From front");
        let h1 = from_text("Intro\n\n# From *heading* #\n", "f.md");
        assert_eq!(h1.title, "From heading");
        let name = from_text("no heading here\n", "my_essay-draft.md");
        assert_eq!(name.title, "My essay draft");
    }

    #[test]
    fn setext_heading_counts() {
        assert_eq!(from_text("Big title\n=========\n\ntext", "x.md").title, "Big title");
    }

    #[test]
    fn headings_in_code_fences_and_level_two_do_not() {
        let text = "```\n# not a title\n```\n## Second level\n~~~~\n# no\n~~~~\n#hashtag\n";
        assert_eq!(from_text(text, "fallback.md").title, "Fallback");
    }

    #[test]
    fn indented_code_is_not_a_heading() {
        assert_eq!(from_text("    # code\n", "n.md").title, "N");
    }

    #[test]
    fn words_skip_punctuation_and_front_matter() {
        let meta = from_text("---\ntitle: A B C D\n---\n- one, two —\n\n* 3 ...\n", "x.md");
        assert_eq!(meta.words, 3);
    }

    #[test]
    fn front_matter_id_is_slugged_and_the_fingerprint_skips_front_matter() {
        let declared = from_text("---\nid: My Id\ntitle: T\n---\nBody\n", "x.md");
        assert_eq!(declared.declared_id.as_deref(), Some("my-id"));
        assert_eq!(from_text("---\nid: '???'\ntitle: T\n---\n", "x.md").declared_id, None);
        let retitled = from_text("---\ntitle: Other\n---\nBody\n", "y.md");
        assert_eq!(declared.fingerprint, retitled.fingerprint);
        assert_ne!(from_text("", "a.md").fingerprint, from_text("", "b.md").fingerprint);
    }

    #[test]
    fn empty_and_bad_front_matter_are_problems() {
        assert_eq!(from_text(" \n\n", "x.md").problem.as_deref(), Some("empty file"));
        let bad = from_text("---\ntitle: [x\n---\n# Heading\n", "x.md");
        assert!(bad.problem.expect("problem").starts_with("front matter ignored"));
        assert_eq!(bad.title, "Heading");
    }

    #[test]
    fn titles_are_sanitised() {
        let meta = from_text("# Red \u{1b}[31m title\n", "x.md");
        assert!(!meta.title.contains('\u{1b}'));
        let name = readable_name("evil\u{1b}name.md");
        assert!(!name.contains('\u{1b}'));
    }

    #[test]
    fn readable_name_edge_cases() {
        assert_eq!(readable_name("___.md"), "Untitled");
        assert_eq!(readable_name("élan-vital.txt"), "Élan vital");
    }
}
