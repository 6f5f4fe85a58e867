//! Following a link: `#anchor` → a heading of this essay; a relative path → another essay
//! of the library (only files the library holds, so nothing outside the essays folders);
//! `http`, `https`, `mailto` → the system's browser; anything else is refused. Which is
//! which is decided here, on the link's text alone, before anything reaches the shell.

use std::path::{Component, Path, PathBuf};

use super::jumps::{self, Landing};
use super::{Effect, Model};

/// The schemes handed to the system's browser; no other ever is.
pub const WEB_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// What a link's target is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A heading of this essay, by slug.
    Anchor(String),
    /// Another essay, by a path relative to this one's file, and maybe a heading in it.
    Essay {
        /// The path, percent-decoded.
        path: String,
        /// The slug after `#`, if any.
        anchor: Option<String>,
    },
    /// A web or mail address, for the browser.
    Web(String),
    /// Anything else, with why it is not followed.
    Refused(String),
}

/// Sorts a link's target.
pub fn classify(url: &str) -> LinkTarget {
    let url = url.trim();
    if let Some(anchor) = url.strip_prefix('#') {
        return LinkTarget::Anchor(percent_decode(anchor));
    }
    if let Some(scheme) = scheme(url) {
        let scheme = scheme.to_ascii_lowercase();
        return if WEB_SCHEMES.contains(&scheme.as_str()) {
            LinkTarget::Web(url.to_string())
        } else {
            LinkTarget::Refused(format!("{scheme}: links are not opened"))
        };
    }
    if url.starts_with('/') || url.starts_with('\\') {
        return LinkTarget::Refused("Links to absolute paths are not followed".into());
    }
    let (path, anchor) = match url.split_once('#') {
        Some((path, anchor)) => (path, Some(percent_decode(anchor)).filter(|a| !a.is_empty())),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() {
        return LinkTarget::Refused("This link has no target".into());
    }
    LinkTarget::Essay { path: percent_decode(path), anchor }
}

/// A URL's scheme (`https` in `https://…`), if it has one: letters first, then letters,
/// digits, `+`, `-` or `.`, then `:`. A Windows drive (`C:`) is not a scheme.
fn scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && scheme.len() > 1
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// `%20` → ` `; a malformed escape stays as written, bytes that are not UTF-8 are replaced.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `base/../x/./y` → `x/y`, on the path's text alone; `None` if it climbs above its root.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// The library essay a relative `link` from the essay `from` (its file's path) names:
/// the same path, or the same path less its extension. Only essays the library holds match,
/// so a link never opens a file outside the essays folders (bundled essays, whose paths are
/// `essays/…`, reach only each other).
fn essay_at<'a>(model: &'a Model, from: &Path, link: &str) -> Option<&'a super::Entry> {
    let target = normalize(&from.parent()?.join(link))?;
    let strip = |p: &Path| p.with_extension("");
    model.entries.iter().find(|e| {
        let Some(path) = normalize(&e.path) else { return false };
        path == target || (target.extension().is_none() && strip(&path) == target)
    })
}

/// Follows a link of the open essay to `url`.
pub(crate) fn follow(model: &mut Model, url: Option<String>, effects: &mut Vec<Effect>) {
    let (Some(reader), Some(url)) = (model.reader.as_ref(), url) else { return };
    match classify(&url) {
        LinkTarget::Anchor(slug) => go_to_heading(model, &slug, &url),
        LinkTarget::Web(url) => {
            model.notice = Some(format!("Opening {url} in the browser"));
            effects.push(Effect::Browse(url));
        }
        LinkTarget::Refused(why) => model.notice = Some(format!("{why}: {url}")),
        LinkTarget::Essay { path, anchor } => {
            let from = model.entries.iter().find(|e| e.id == reader.id).map(|e| e.path.clone());
            let essay = from.as_deref().and_then(|from| essay_at(model, from, &path));
            match essay {
                Some(e) if e.id == reader.id => match anchor {
                    Some(slug) => go_to_heading(model, &slug, &url),
                    None => model.notice = Some(format!("{url} is this essay")),
                },
                Some(e) => {
                    let (id, title) = (e.id.clone(), e.title.clone());
                    jumps::record(model);
                    effects.extend(super::lifecycle::save_position(model));
                    model.notice = Some(format!("→ {title}"));
                    let at = anchor.map(Landing::Heading);
                    effects.push(match at {
                        Some(at) => Effect::OpenAt { essay: id, at },
                        None => Effect::Open { essay: id, bookmark: None },
                    });
                }
                None => model.notice = Some(format!("Not an essay of the library: {url}")),
            }
        }
    }
}

/// Puts the heading with slug `slug` (or whose slug is the slug of `slug`) on the top line.
fn go_to_heading(model: &mut Model, slug: &str, url: &str) {
    let Some(reader) = model.reader.as_ref() else { return };
    let line = reader.doc.heading_of_anchor(slug).and_then(|i| reader.layout.heading_line(i));
    match line {
        Some(line) => {
            jumps::record(model);
            if let Some(reader) = model.reader.as_mut() {
                reader.set_top(line);
            }
            model.notice = Some(format!("→ {url}"));
        }
        None => model.notice = Some(format!("No heading {url} in this essay")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_sorted_by_what_they_point_at() {
        assert_eq!(classify("#part-two"), LinkTarget::Anchor("part-two".into()));
        assert_eq!(classify("https://x.org/a?b#c"), LinkTarget::Web("https://x.org/a?b#c".into()));
        assert_eq!(classify("MAILTO:a@b.org"), LinkTarget::Web("MAILTO:a@b.org".into()));
        assert_eq!(
            classify("../sub/other%20essay.md#part"),
            LinkTarget::Essay { path: "../sub/other essay.md".into(), anchor: Some("part".into()) }
        );
        assert_eq!(classify("other"), LinkTarget::Essay { path: "other".into(), anchor: None });
        for refused in ["file:///etc/passwd", "javascript:alert(1)", "ftp://x", "/etc/passwd", "#"] {
            let t = classify(refused);
            assert!(
                matches!(t, LinkTarget::Refused(_)) || t == LinkTarget::Anchor(String::new()),
                "{refused}: {t:?}"
            );
        }
    }

    #[test]
    fn paths_never_climb_above_their_root() {
        assert_eq!(normalize(Path::new("a/b/../c/./d.md")), Some(PathBuf::from("a/c/d.md")));
        assert_eq!(normalize(Path::new("essays/../../x.md")), None);
    }

    #[test]
    fn percent_escapes_are_decoded_and_broken_ones_kept() {
        assert_eq!(percent_decode("caf%C3%A9%20x"), "café x");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
