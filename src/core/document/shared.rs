//! An essay's source text shared, not copied: the reader, the background parse of a long
//! essay and every anchor taken in it hold the one text, and hash it at most once.
//!
//! The text is the reader's own memory, or [`Paged`]: kept by the system (a file mapped, see
//! `library::mapped`), which takes back the pages not read lately and reads them again when
//! they are. Whoever has just read a long stretch says so ([`SharedSource::release`]), so a
//! book costs the reader the few pages on screen, not the whole text.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::{Arc, OnceLock};

/// An essay's source text, shared between threads (a clone is a reference, not a copy).
#[derive(Clone, Default)]
pub struct SharedSource(Arc<Inner>);

#[derive(Default)]
struct Inner {
    text: Text,
    /// [`crate::core::position::source_hash`] of the text, computed the first time asked.
    hash: OnceLock<u64>,
}

enum Text {
    Owned(String),
    Paged(Box<dyn Paged>),
}

impl Default for Text {
    fn default() -> Text {
        Text::Owned(String::new())
    }
}

/// Text held outside the reader's own memory, whose pages the system may take back and
/// read again: it stays at one address and never changes until it is dropped.
pub trait Paged: Send + Sync {
    /// The text.
    fn text(&self) -> &str;

    /// Says that the bytes in `range` will not be read again soon: the system may take
    /// their pages back (a hint only: the text reads the same afterwards).
    fn release(&self, range: Range<usize>);
}

impl SharedSource {
    /// The text as a string slice.
    pub fn as_str(&self) -> &str {
        match &self.0.text {
            Text::Owned(text) => text,
            Text::Paged(paged) => paged.text(),
        }
    }

    /// A text kept by the system rather than copied into the reader's memory.
    pub fn paged(text: Box<dyn Paged>) -> SharedSource {
        SharedSource(Arc::new(Inner { text: Text::Paged(text), hash: OnceLock::new() }))
    }

    /// Whether the text is [`Paged`].
    pub fn is_paged(&self) -> bool {
        matches!(self.0.text, Text::Paged(_))
    }

    /// Says that `range` of the text has just been read and will not be read again soon
    /// (see [`Paged::release`]); nothing for text in the reader's own memory.
    pub fn release(&self, range: Range<usize>) {
        if let Text::Paged(paged) = &self.0.text {
            paged.release(range);
        }
    }

    /// [`SharedSource::release`] of the whole text: after a pass over all of it.
    pub fn release_all(&self) {
        self.release(0..self.len());
    }

    /// The text's source hash (as anchors store it), computed once.
    pub fn hash(&self) -> u64 {
        use crate::core::position::{HASH_START, hash_more};
        // A paged text is hashed a stretch at a time, each stretch's pages let go after it.
        const STRETCH: usize = 1 << 20;
        *self.0.hash.get_or_init(|| {
            let mut hash = HASH_START;
            for (i, piece) in self.as_bytes().chunks(STRETCH).enumerate() {
                hash = hash_more(hash, piece);
                self.release(i * STRETCH..i * STRETCH + piece.len());
            }
            hash
        })
    }

    /// The text with its source hash already known (remembered for a file unchanged since
    /// it was computed): the caller vouches that `hash` is the text's.
    pub fn with_hash(text: impl Into<SharedSource>, hash: u64) -> SharedSource {
        let text = text.into();
        // A text already hashed keeps the hash it has: the same one, if the caller is right.
        let _ = text.0.hash.set(hash);
        text
    }

    /// The text as a `String`: taken over if it is in the reader's memory and held nowhere
    /// else, copied otherwise.
    pub fn into_string(self) -> String {
        match Arc::try_unwrap(self.0) {
            Ok(Inner { text: Text::Owned(text), .. }) => text,
            Ok(inner) => SharedSource(Arc::new(inner)).as_str().to_string(),
            Err(shared) => SharedSource(shared).as_str().to_string(),
        }
    }

    /// The source hash if it has been computed (or given), without computing it.
    pub fn known_hash(&self) -> Option<u64> {
        self.0.hash.get().copied()
    }
}

impl From<String> for SharedSource {
    /// Takes the text over without copying it.
    fn from(text: String) -> SharedSource {
        SharedSource(Arc::new(Inner { text: Text::Owned(text), hash: OnceLock::new() }))
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
        self.as_str()
    }
}

impl AsRef<str> for SharedSource {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for SharedSource {
    fn eq(&self, other: &SharedSource) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedSource {}

impl PartialEq<str> for SharedSource {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedSource {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedSource {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl fmt::Debug for SharedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A book-length text in a debug print helps no one: its length says enough.
        write!(f, "SharedSource({} bytes{})", self.len(), if self.is_paged() { ", paged" } else { "" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text "kept by the system" that records what it is told it may give back.
    struct Pages {
        text: String,
        released: Arc<std::sync::Mutex<Vec<Range<usize>>>>,
    }

    impl Paged for Pages {
        fn text(&self) -> &str {
            &self.text
        }

        fn release(&self, range: Range<usize>) {
            self.released.lock().unwrap().push(range);
        }
    }

    #[test]
    fn a_paged_text_is_hashed_a_stretch_at_a_time_giving_each_back() {
        let text = "It’s long — on purpose. ".repeat(150_000);
        let released = Arc::new(std::sync::Mutex::new(Vec::new()));
        let source =
            SharedSource::paged(Box::new(Pages { text: text.clone(), released: Arc::clone(&released) }));
        assert!(source.is_paged());
        assert_eq!(format!("{source:?}"), format!("SharedSource({} bytes, paged)", text.len()));
        assert_eq!(source.hash(), crate::core::position::source_hash(&text), "the whole text's hash");
        let released = released.lock().unwrap().clone();
        assert!(released.len() >= 3, "in stretches: {released:?}");
        assert!(released.windows(2).all(|w| w[0].end == w[1].start), "{released:?}");
        assert_eq!((released[0].start, released.last().unwrap().end), (0, text.len()));
        assert_eq!(source.clone().into_string(), text, "a paged text is copied out");
    }

    #[test]
    fn a_text_in_memory_is_taken_over_and_never_released() {
        let source = SharedSource::from("words".to_string());
        let at = source.as_ptr();
        source.release_all();
        assert!(!source.is_paged());
        let text = source.into_string();
        assert_eq!((text.as_str(), text.as_ptr()), ("words", at), "taken over, not copied");
    }

    #[test]
    fn a_clone_shares_the_text_and_its_hash() {
        let a = SharedSource::from("Some essay text.");
        let b = a.clone();
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_eq!(a.hash(), crate::core::position::source_hash("Some essay text."));
        assert_eq!(b.hash(), a.hash());
    }
}
