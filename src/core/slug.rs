//! Slugs: the one rule that turns a title into an id-like name, for essay ids (from a
//! title or a front matter `id`) and for heading anchors alike.

use std::collections::{HashMap, HashSet};

/// The slug of a title: lowercase letters and digits, other runs become one `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// The anchor GitHub gives a heading titled `text`: lowercase, punctuation removed (not
/// replaced, so `l'été` is `lété`), each space a `-`. Links written for GitHub use it; the
/// reader's own slugs differ only where punctuation sits inside a word or spaces repeat.
pub fn github_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

/// Slugs made unique within one document: the second "Notes" is `notes-1`, the third
/// `notes-2`, skipping any name a heading already took.
#[derive(Debug, Default)]
pub struct UniqueSlugs {
    /// Every slug handed out so far.
    taken: HashSet<String>,
    /// The next number to try for each base slug.
    next: HashMap<String, usize>,
}

impl UniqueSlugs {
    /// An explicit id (`{#id}`), taken as written unless another heading has it already.
    pub fn explicit(&mut self, id: &str) -> String {
        if !id.is_empty() && self.taken.insert(id.to_string()) {
            return id.to_string();
        }
        self.next(id)
    }

    /// The slug of `title`, unique among those handed out so far.
    pub fn next(&mut self, title: &str) -> String {
        let base = slug(title);
        if self.taken.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_slugs_drop_punctuation_and_keep_each_space() {
        assert_eq!(github_slug("Who am I?"), "who-am-i");
        assert_eq!(github_slug("l'été 1968!"), "lété-1968");
        assert_eq!(github_slug("Voice — and exit"), "voice--and-exit");
        assert_eq!(github_slug("snake_case and-dash"), "snake_case-and-dash");
    }

    #[test]
    fn slug_rules() {
        assert_eq!(
            slug("Why I support leaking Leftist documents"),
            "why-i-support-leaking-leftist-documents"
        );
        assert_eq!(slug("  «Ça va?» — l'été 1968!  "), "ça-va-l-été-1968");
        assert_eq!(slug("a\u{a0}b"), "a-b");
        assert_eq!(slug("!!!"), "");
    }

    #[test]
    fn repeated_titles_get_numbered_slugs_that_never_collide() {
        let mut slugs = UniqueSlugs::default();
        let got: Vec<String> =
            ["Notes", "Notes", "Notes 1", "Notes", "Who am I?"].iter().map(|t| slugs.next(t)).collect();
        assert_eq!(got, ["notes", "notes-1", "notes-1-1", "notes-2", "who-am-i"]);
    }
}
