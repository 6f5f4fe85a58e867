//! Turning the ESSAY argument into an essay: a path, an id, or part of a title.

use super::meta::file_info_remembered;
use super::read::has_essay_extension;
use super::{EssayInfo, Library, LibraryError, Source};
use crate::core::sanitize::clean_line;
use std::path::Path;

/// The essay an ESSAY argument names.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved<'a> {
    /// An essay of the library.
    Listed(&'a EssayInfo),
    /// A file named by path that is not in the library, read with the same metadata code.
    File(Box<EssayInfo>),
}

impl Resolved<'_> {
    /// The essay's metadata.
    pub fn info(&self) -> &EssayInfo {
        match self {
            Resolved::Listed(info) => info,
            Resolved::File(info) => info,
        }
    }

    /// The essay's metadata, owned.
    pub fn into_info(self) -> EssayInfo {
        match self {
            Resolved::Listed(info) => info.clone(),
            Resolved::File(info) => *info,
        }
    }
}

/// Why an ESSAY argument names no single essay; displays as one line.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// Several titles match; each entry is an "id — title" line. Shown as a few of them
    /// and how many more, so a query matching hundreds stays one readable line.
    #[error("{}", ambiguous_line(.0))]
    Ambiguous(Vec<String>),
    /// Nothing matches the query (kept sanitised, since it is printed).
    #[error("no essay matches \"{0}\" (see `essayreader list`)")]
    NotFound(String),
    /// The argument is a path that cannot be opened as an essay.
    #[error(transparent)]
    File(#[from] LibraryError),
}

/// How many matches an ambiguous ESSAY names before "and N more".
const MATCHES_SHOWN: usize = 5;

fn ambiguous_line(matches: &[String]) -> String {
    let shown = matches.iter().take(MATCHES_SHOWN).map(String::as_str).collect::<Vec<_>>().join("; ");
    let more = matches.len().saturating_sub(MATCHES_SHOWN);
    let tail = if more > 0 { format!("; and {more} more (see `essayreader list`)") } else { String::new() };
    format!("{} essays match: {shown}{tail}", matches.len())
}

/// Resolves ESSAY: a path (if it names an existing file, contains a `/` or ends with an
/// essay extension), else an exact id, else an exact title, else a case-insensitive part
/// of a title, accents and curly quotes ignored as search ignores them. Any whitespace (a
/// no-break space too) matches a plain space.
pub fn resolve<'a>(lib: &'a Library, query: &str) -> Result<Resolved<'a>, ResolveError> {
    resolve_remembering(lib, query, &[])
}

/// [`resolve`], where a file named by path that is not in the library may be one of the
/// essays `opened` by path before (remembered by canonical path, with the file's size and
/// time): if unchanged, its identity is not computed again.
pub fn resolve_remembering<'a>(
    lib: &'a Library,
    query: &str,
    opened: &[EssayInfo],
) -> Result<Resolved<'a>, ResolveError> {
    if looks_like_path(query) {
        return resolve_path(lib, Path::new(query), opened);
    }
    let wanted = normalize(query);
    if wanted.is_empty() {
        return Err(ResolveError::NotFound(clean_line(query)));
    }
    if let Some(info) = lib.essays.iter().find(|e| e.id.to_lowercase() == wanted) {
        return Ok(Resolved::Listed(info));
    }
    let titles: Vec<(String, &EssayInfo)> = lib.essays.iter().map(|e| (normalize(&e.title), e)).collect();
    // A full title wins over titles that merely contain it ("Capital" vs "Capital II").
    let exact: Vec<&EssayInfo> = titles.iter().filter(|(t, _)| *t == wanted).map(|(_, e)| *e).collect();
    let matches = if exact.is_empty() {
        titles.iter().filter(|(t, _)| t.contains(&wanted)).map(|(_, e)| *e).collect()
    } else {
        exact
    };
    match matches.as_slice() {
        [] => Err(ResolveError::NotFound(clean_line(query))),
        [one] => Ok(Resolved::Listed(one)),
        many => {
            Err(ResolveError::Ambiguous(many.iter().map(|e| format!("{} — {}", e.id, e.title)).collect()))
        }
    }
}

fn looks_like_path(query: &str) -> bool {
    let path = Path::new(query);
    query.contains('/')
        || query.contains(std::path::MAIN_SEPARATOR)
        || has_essay_extension(path)
        || std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

fn resolve_path<'a>(
    lib: &'a Library,
    path: &Path,
    opened: &[EssayInfo],
) -> Result<Resolved<'a>, ResolveError> {
    let meta = std::fs::metadata(path).map_err(|e| LibraryError::from_read(path.into(), e))?;
    if meta.is_dir() {
        return Err(LibraryError::IsFolder(path.into()).into());
    }
    // A path into a library folder is that library essay, so it keeps the library's id
    // (which may carry a -2 suffix) and its bookmarks.
    let canonical = path.canonicalize().ok();
    if let Some(canonical) = &canonical {
        let listed = lib
            .essays
            .iter()
            .find(|e| e.source == Source::User && e.path.canonicalize().is_ok_and(|p| p == *canonical));
        if let Some(info) = listed {
            return Ok(Resolved::Listed(info));
        }
    }
    // Opened by path, the essay is read or rendered, never listed: no word count needed.
    let remembered = canonical.and_then(|c| opened.iter().find(|e| e.path == c));
    file_info_remembered(path, Source::User, false, remembered)
        .map(|info| Resolved::File(Box::new(info)))
        .ok_or_else(|| LibraryError::NotFound(path.into()).into())
}

/// Folded as search folds (case, accents, quotes, dashes), every run of whitespace (U+00A0
/// and friends included) as one space, trimmed.
fn normalize(text: &str) -> String {
    let folded = crate::core::fold::fold(text, true);
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unchanged_file_opened_before_keeps_its_remembered_identity_and_a_changed_one_is_hashed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.md");
        std::fs::write(&path, "# Book\n\nthe first words of a long book\n").unwrap();
        let lib = Library::default();
        let fresh = resolve(&lib, path.to_str().unwrap()).unwrap().into_info();
        // A remembered fingerprint no hash gives shows that the body was not hashed.
        let remembered = EssayInfo {
            path: path.canonicalize().unwrap(),
            fingerprint: 42,
            sketch: crate::core::identity::Sketch(vec![7]),
            source_hash: Some(5),
            ..fresh.clone()
        };
        let opened = [remembered];
        let again = resolve_remembering(&lib, path.to_str().unwrap(), &opened).unwrap().into_info();
        assert_eq!((again.fingerprint, again.sketch.0.as_slice()), (42, &[7][..]));
        assert_eq!((again.title.as_str(), &again.path), ("Book", &path));
        assert_eq!((fresh.source_hash, again.source_hash), (None, Some(5)), "the text's hash too");
        // Another file is not taken for it.
        let other = dir.path().join("other.md");
        std::fs::write(&other, "# Book\n\nthe first words of a long book\n").unwrap();
        let elsewhere = resolve_remembering(&lib, other.to_str().unwrap(), &opened).unwrap().into_info();
        assert_eq!(elsewhere.fingerprint, fresh.fingerprint);
        // Changed (another size): hashed again.
        std::fs::write(&path, "# Book\n\nthe first words of a long book, edited\n").unwrap();
        let changed = resolve_remembering(&lib, path.to_str().unwrap(), &opened).unwrap().into_info();
        let body = crate::core::identity::identify("# Book\n\nthe first words of a long book, edited\n");
        assert_eq!((changed.fingerprint, changed.sketch.clone()), body);
        assert_ne!(changed.fingerprint, 42);
        assert_eq!(changed.source_hash, None);
        // Same size, another modification time: hashed again too.
        let opened = [EssayInfo { fingerprint: 42, path: path.canonicalize().unwrap(), ..changed.clone() }];
        std::fs::write(&path, "# Book\n\nthe first words of a long book, EDITED\n").unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options().write(true).open(&path).unwrap().set_modified(later).unwrap();
        let touched = resolve_remembering(&lib, path.to_str().unwrap(), &opened).unwrap().into_info();
        assert_ne!(touched.fingerprint, 42);
    }

    #[test]
    fn a_title_is_found_without_its_accents_and_curly_quotes() {
        // `essayreader miserables` said no essay matches "Les Misérables".
        assert_eq!(normalize("Les Misérables"), normalize("les miserables"));
        assert_eq!(normalize("Lenin’s “State”"), normalize("lenin's \"state\""));
    }

    #[test]
    fn normalize_treats_nbsp_as_space() {
        assert_eq!(normalize("  Leftist\u{a0}\u{2009}Documents "), "leftist documents");
    }
}
