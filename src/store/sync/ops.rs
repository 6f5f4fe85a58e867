//! The sync folder's files: JSON Lines, a header and then one change per line.
//!
//! ```text
//! {"essayreader":"bookmarks","version":1}
//! {"at":"0001764245837123.00000.3f9c…","dev":"laptop","op":{"add":{"id":"…","essay":"…",…}}}
//! {"at":"0001764245900001.00000.3f9c…","dev":"laptop","op":{"delete":{"id":"…"}}}
//! ```
//!
//! A line is a fact ("bookmark X was deleted at stamp S"), never a whole state, so reading
//! the same line twice (a conflict copy, a file synced twice) changes nothing.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::hlc::Hlc;
use crate::store::records::{Bookmark, Highlight, SavedPosition};

/// The format version this build writes and fully understands.
pub(crate) const VERSION: u64 = 1;

/// One change, stamped and signed with the device it was made on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Line {
    /// When, in the order of all machines' changes.
    pub at: Hlc,
    /// The device's name when it was made (for "continued from laptop").
    #[serde(deserialize_with = "super::hlc::device", serialize_with = "super::hlc::write_device")]
    pub dev: Arc<str>,
    /// What changed.
    pub op: Op,
}

/// What one line changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Op {
    /// A bookmark made, or put back by undo: its body, its label and "it exists".
    Add(Bookmark),
    /// A bookmark deleted (a tombstone: it stays deleted whatever older line says).
    Delete {
        /// The bookmark's id.
        id: String,
    },
    /// A bookmark's new label.
    Label {
        /// The bookmark's id.
        id: String,
        /// Its label from now on.
        label: String,
    },
    /// Where the reader was in an essay.
    Position(SavedPosition),
    /// A highlight made, or put back by undo: its body, its note and "it exists".
    Highlight(Highlight),
    /// A highlight deleted (a tombstone).
    Unhighlight {
        /// The highlight's id.
        id: String,
    },
    /// A highlight's note, as edited.
    Note {
        /// The highlight's id.
        id: String,
        /// The note from now on (empty: none).
        note: String,
        /// When it was edited, RFC 3339 UTC.
        edited: String,
    },
    /// Everything saved under essay `from` before this line belongs to essay `to`.
    Rekey {
        /// The old essay id.
        from: String,
        /// The new one.
        to: String,
    },
}

/// The first line of every file.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    essayreader: String,
    version: u64,
}

/// What a file's bytes held.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// The lines that could be read.
    pub lines: Vec<Line>,
    /// The file's version, if its header could be read.
    pub version: Option<u64>,
    /// How many lines could not be read (from this version: damage).
    pub bad: usize,
}

impl Parsed {
    /// Whether a file of this version holds something this build could not read.
    pub fn damaged(&self) -> bool {
        self.version.is_none() || (self.version == Some(VERSION) && self.bad > 0)
    }

    /// Whether a newer essayreader wrote it.
    pub fn newer(&self) -> bool {
        self.version.is_some_and(|v| v > VERSION)
    }
}

/// Reads a file's bytes: the header, then every line that parses. An empty file holds
/// nothing and is not damaged.
pub(crate) fn parse(bytes: &[u8]) -> Parsed {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let rows = || bytes.split(|&b| b == b'\n').filter(|l| !l.trim_ascii().is_empty());
    let Some(first) = rows().next() else {
        return Parsed { version: Some(VERSION), ..Parsed::default() };
    };
    let version = serde_json::from_slice::<Header>(first).ok().map(|h| h.version).filter(|&v| v >= 1);
    let mut parsed = Parsed { version, ..Parsed::default() };
    // No header: still read what looks like ours, so nothing is lost from view.
    let skip = usize::from(version.is_some());
    for row in rows().skip(skip) {
        match serde_json::from_slice::<Line>(row) {
            Ok(line) => parsed.lines.push(line),
            Err(_) => parsed.bad += 1,
        }
    }
    parsed
}

/// A file's text: the header for `kind`, then the lines, each ending in a newline.
pub(crate) fn render(kind: &str, lines: &[Line]) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string(&Header { essayreader: kind.to_owned(), version: VERSION })?;
    text.push('\n');
    for line in lines {
        text.push_str(&serde_json::to_string(line)?);
        text.push('\n');
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::position::capture;

    fn stamp(ms: u64) -> Hlc {
        Hlc { ms, count: 0, machine: "m".into() }
    }

    #[test]
    fn lines_round_trip_and_damage_is_counted() {
        let b = Bookmark::new("e", "l", "s", "snip", capture("text", 0, vec![]));
        let lines = vec![
            Line { at: stamp(1), dev: "laptop".into(), op: Op::Add(b) },
            Line { at: stamp(2), dev: "laptop".into(), op: Op::Delete { id: "x".into() } },
        ];
        let text = render("bookmarks", &lines).expect("render");
        let back = parse(text.as_bytes());
        assert_eq!(back.lines, lines);
        assert!(!back.damaged() && !back.newer());
        let torn = format!("{text}{{\"at\":\"00");
        let back = parse(torn.as_bytes());
        assert_eq!((back.lines.len(), back.bad, back.damaged()), (2, 1, true));
    }

    #[test]
    fn a_newer_file_keeps_what_it_can_and_is_not_damage() {
        let text = "{\"essayreader\":\"bookmarks\",\"version\":2}\n{\"at\":\"0000000000000001.00000.m\",\"dev\":\"d\",\"op\":{\"frobnicate\":1}}\n";
        let back = parse(text.as_bytes());
        assert!(back.newer() && !back.damaged());
        assert!(parse(b"").lines.is_empty() && !parse(b"\n").damaged());
    }
}
