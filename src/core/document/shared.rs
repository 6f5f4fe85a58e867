//! An essay's source text shared, not copied: the reader, the background parse of a long
//! essay and every anchor taken in it hold the one text, and hash it at most once.

use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

/// An essay's source text, shared between threads (a clone is a reference, not a copy).
#[derive(Clone, Default)]
pub struct SharedSource(Arc<Inner>);

#[derive(Default)]
struct Inner {
    text: String,
    /// [`crate::core::position::source_hash`] of the text, computed the first time asked.
    hash: OnceLock<u64>,
}

impl SharedSource {
    /// The text as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0.text
    }

    /// The text's source hash (as anchors store it), computed once.
    pub fn hash(&self) -> u64 {
        *self.0.hash.get_or_init(|| crate::core::position::source_hash(&self.0.text))
    }

    /// The text with its source hash already known (remembered for a file unchanged since
    /// it was computed): the caller vouches that `hash` is the text's.
    pub fn with_hash(text: String, hash: u64) -> SharedSource {
        SharedSource(Arc::new(Inner { text, hash: OnceLock::from(hash) }))
    }

    /// The source hash if it has been computed (or given), without computing it.
    pub fn known_hash(&self) -> Option<u64> {
        self.0.hash.get().copied()
    }
}

impl From<String> for SharedSource {
    /// Takes the text over without copying it.
    fn from(text: String) -> SharedSource {
        SharedSource(Arc::new(Inner { text, hash: OnceLock::new() }))
    }
}

impl From<&str> for SharedSource {
    /// A copy of the text.
    fn from(text: &str) -> SharedSource {
        SharedSource::from(text.to_string())
    }
}

impl From<&String> for SharedSource {
    /// A copy of the text.
    fn from(text: &String) -> SharedSource {
        SharedSource::from(text.as_str())
    }
}

impl From<&SharedSource> for SharedSource {
    /// The same text, shared.
    fn from(text: &SharedSource) -> SharedSource {
        text.clone()
    }
}

impl Deref for SharedSource {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0.text
    }
}

impl AsRef<str> for SharedSource {
    fn as_ref(&self) -> &str {
        &self.0.text
    }
}

impl PartialEq for SharedSource {
    fn eq(&self, other: &SharedSource) -> bool {
        self.as_str() == other.as_str()
    }
}

impl fmt::Debug for SharedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A book-length text in a debug print helps no one: its length says enough.
        write!(f, "SharedSource({} bytes)", self.0.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_shares_the_text_and_its_hash() {
        let a = SharedSource::from("Some essay text.");
        let b = a.clone();
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_eq!(a.hash(), crate::core::position::source_hash("Some essay text."));
        assert_eq!(b.hash(), a.hash());
    }
}
