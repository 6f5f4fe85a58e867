//! `essayreader import`: a plain-text file or saved web page made into a Markdown essay with front matter,
//! by the same conversion as reading it in place.

use super::LibraryError;
use super::formats::{self, Format, Meta};
use super::meta::{readable_name, slug};
use super::read::{MAX_BYTES, mib, read_bytes};
use crate::store::write_atomic;
use std::io::Read;
use std::path::{Path, PathBuf};

/// An imported essay: its Markdown and the file name it is saved under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The essay as Markdown, front matter first.
    pub markdown: String,
    /// `<slug of the title>.md`.
    pub file_name: String,
    /// Whether the input declared no character set, was not UTF-8 and was read as
    /// Windows-1252 (see [`formats::decode_undeclared`]).
    pub windows_1252: bool,
}

/// The essay made from plain `text`; `name` (a file name, or `-`) gives a title when the
/// text has none, and `from` is said in the front matter's note.
pub fn import_text(text: &str, name: &str, from: &str) -> Imported {
    let plain = formats::plain::convert(text, &readable_name(name));
    essay(&plain.meta, &plain.body, &format!("the plain text {from}"))
}

/// The essay made from a saved web page's `bytes` (decoded by its declared charset), as
/// [`import_text`] makes one from plain text.
pub fn import_html(bytes: &[u8], name: &str, from: &str) -> Imported {
    let page = formats::html::convert(bytes, &readable_name(name));
    let mut imported = essay(&page.meta, &page.body, &format!("the web page {from}"));
    imported.windows_1252 = page.windows_1252;
    imported
}

/// An essay file with `meta` and `body`: front matter with an id made from the title,
/// tags empty and a note saying it was imported from `from`.
fn essay(meta: &Meta, body: &str, from: &str) -> Imported {
    let title = meta.title.clone().unwrap_or_default();
    let id = match slug(&title) {
        s if s.is_empty() => "essay".to_string(),
        s => s,
    };
    let note = formats::yaml_string(&format!("Imported by essayreader from {from}."));
    let id_line = formats::yaml_string(&id);
    let mut markdown = String::from("---\n");
    markdown.push_str(&format!("id: {id_line}\n"));
    // The same fields as reading the file in place, then tags and the note.
    let fields = formats::front_matter(meta, &[("tags", "[]"), ("note", &note)]);
    markdown.push_str(fields.trim_start_matches("---\n"));
    markdown.push_str(body);
    Imported { markdown, file_name: format!("{id}.md"), windows_1252: false }
}

/// Imports the file at `path` (`-`: standard input).
pub fn import_file(path: &Path) -> Result<Imported, LibraryError> {
    if path == Path::new("-") {
        return import_stdin();
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if Format::of(path) == Format::Html {
        let bytes = read_bytes(path)?;
        if bytes.trim_ascii().is_empty() {
            return Err(LibraryError::Empty(path.to_path_buf()));
        }
        return Ok(import_html(&bytes, &name, &name));
    }
    if Format::of(path) != Format::Plain && path.extension().is_some_and(|e| !e.is_empty()) {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
        // Any other text (`.text`, `.asc`, no extension) is read as plain text; Markdown is not.
        if ["md", "markdown", "mdown", "mkd"].contains(&ext.as_str()) {
            return Err(LibraryError::NotPlainText(path.to_path_buf()));
        }
    }
    let (text, windows_1252) = formats::decode_undeclared(&read_bytes(path)?);
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(LibraryError::Empty(path.to_path_buf()));
    }
    let mut imported = import_text(&text, &name, &name);
    imported.windows_1252 = windows_1252;
    Ok(imported)
}

fn import_stdin() -> Result<Imported, LibraryError> {
    let stdin = PathBuf::from("standard input");
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| LibraryError::from_read(stdin.clone(), e))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(LibraryError::TooLarge {
            path: stdin,
            mib: mib(bytes.len() as u64),
            limit: mib(MAX_BYTES),
        });
    }
    if bytes.contains(&0) && !super::read::is_utf16(&bytes) {
        return Err(LibraryError::Binary(stdin));
    }
    // A saved web page piped in reads as one, as it would from its file.
    let start = bytes.trim_ascii_start();
    let head = String::from_utf8_lossy(&start[..start.len().min(15)]).to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return Ok(import_html(&bytes, "imported.html", "standard input"));
    }
    let (text, windows_1252) = formats::decode_undeclared(&bytes);
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(LibraryError::Empty(stdin));
    }
    let mut imported = import_text(&text, "imported.txt", "standard input");
    imported.windows_1252 = windows_1252;
    Ok(imported)
}

/// Writes `imported` into `dest` (created if needed) through the store's one atomic
/// write; an existing essay of that name is kept unless `force`.
pub fn save_import(imported: &Imported, dest: &Path, force: bool) -> Result<PathBuf, LibraryError> {
    let target = dest.join(&imported.file_name);
    if !force && std::fs::symlink_metadata(&target).is_ok() {
        return Err(LibraryError::Exists(target));
    }
    std::fs::create_dir_all(dest).map_err(|err| LibraryError::Unwritable { path: dest.into(), err })?;
    write_atomic(&target, imported.markdown.as_bytes())
        .map_err(|err| LibraryError::Unwritable { path: target.clone(), err })?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_reads_as_the_text_does_in_place() {
        let text = "A Title\n\nSome prose that goes on for a while, long enough to be a real paragraph.\n";
        let imported = import_text(text, "a.txt", "a.txt");
        let in_place = formats::to_markdown(text.to_string(), Format::Plain, "a.txt");
        let body = |md: &str| crate::core::frontmatter::split(md).body.to_string();
        assert_eq!(body(&imported.markdown), body(&in_place));
        let front = crate::core::frontmatter::split(&imported.markdown).front.expect("front matter");
        assert_eq!(front.id.as_deref(), Some("a-title"));
        assert_eq!(front.title.as_deref(), Some("A Title"));
        assert!(front.tags.is_empty());
        assert!(front.note.is_some_and(|n| n.contains("a.txt")));
        assert_eq!(imported.file_name, "a-title.md");
    }
}
