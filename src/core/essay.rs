//! An essay's metadata: one type for the library, its cache, the command line and the
//! app's list (which adds only what the reader did with it).

use crate::core::identity::{Sketch, hex_u64};
use crate::core::words;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Where an essay comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Compiled into the binary from the repository's `essays/` folder.
    Bundled,
    /// A file in one of the user's folders, or named on the command line.
    #[default]
    User,
}

impl Source {
    /// `"bundled"` or `"user"`, as lists and JSON say it.
    pub fn name(self) -> &'static str {
        match self {
            Source::Bundled => "bundled",
            Source::User => "user",
        }
    }
}

/// What tells a file's versions apart without reading it: its size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, in nanoseconds since the Unix epoch.
    pub modified_ns: u64,
}

/// One essay as the library knows it: enough to show, sort, open and recognise it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EssayInfo {
    /// Stable id (see [`crate::core::identity`]); unique within a library.
    pub id: String,
    /// The front matter's `id`, slugged, if it declares one.
    pub declared_id: Option<String>,
    /// Title: front matter, else the first level-1 heading, else the file name.
    pub title: String,
    /// Author from the front matter.
    pub author: Option<String>,
    /// Date from the front matter, as written.
    pub date: Option<String>,
    /// Tags from the front matter.
    pub tags: Vec<String>,
    /// Words in the body (front matter excluded).
    pub words: usize,
    /// Bundled or the user's.
    pub source: Source,
    /// The file's path; `essays/<file name>` for bundled essays.
    pub path: PathBuf,
    /// Why the essay may not read well ("binary file", "empty file", …), if it may not.
    pub problem: Option<String>,
    /// A hash of the body's words (see [`crate::core::identity`]).
    #[serde(with = "hex_u64")]
    pub fingerprint: u64,
    /// A summary of the body's text, to recognise it after an edit.
    pub sketch: Sketch,
    /// The file's size and time when it was read (none for bundled essays).
    pub stamp: Option<FileStamp>,
    /// The text's source hash (as anchors store it) when the file had `stamp`, if known:
    /// remembered for essays opened by path, so resuming one unchanged needs no hashing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_hash: Option<u64>,
}

impl EssayInfo {
    /// Reading time in minutes, rounded up; at least 1 for a non-empty essay.
    pub fn reading_minutes(&self) -> usize {
        words::minutes(self.words)
    }

    /// The file to read the essay from; `None` for a bundled essay (its text is in the binary).
    pub fn file(&self) -> Option<&Path> {
        (self.source == Source::User).then_some(self.path.as_path())
    }

    /// The fields `essayreader list --json` prints, and nothing else.
    pub fn list_entry(&self) -> ListEntry<'_> {
        ListEntry {
            id: &self.id,
            title: &self.title,
            author: self.author.as_deref(),
            words: self.words,
            source: self.source,
            path: self.path.to_string_lossy().into_owned(),
        }
    }
}

/// An essay as `list --json` shows it: `id, title, author, words, source, path`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListEntry<'a> {
    /// Stable id.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Author, `null` when unknown.
    pub author: Option<&'a str>,
    /// Word count.
    pub words: usize,
    /// `"bundled"` or `"user"`.
    pub source: Source,
    /// Path as text (lossy for paths that are not UTF-8, which JSON cannot hold).
    pub path: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(words: usize) -> EssayInfo {
        EssayInfo { id: "x".into(), title: "X".into(), words, path: "x.md".into(), ..EssayInfo::default() }
    }

    #[test]
    fn reading_minutes_round_up() {
        assert_eq!(info(0).reading_minutes(), 0);
        assert_eq!(info(1).reading_minutes(), 1);
        assert_eq!(info(238).reading_minutes(), 1);
        assert_eq!(info(239).reading_minutes(), 2);
    }

    #[test]
    fn the_list_entry_has_exactly_the_list_fields() {
        let json = serde_json::to_value(info(5).list_entry()).expect("json");
        let keys: Vec<&str> = json.as_object().expect("object").keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 6);
        for k in ["id", "title", "author", "words", "source", "path"] {
            assert!(keys.contains(&k), "{k} missing");
        }
        assert_eq!(json["source"], "user");
        assert_eq!(json["author"], serde_json::Value::Null);
    }
}
