//! The files' JSON shape: `{"version": 1, "<key>": [ … ]}`, pretty-printed for people.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

use super::records::Record;

/// The file format version this build writes and fully understands.
pub const VERSION: u64 = 1;

/// What a file's bytes turned out to hold.
#[derive(Debug)]
pub(crate) enum Parsed<T> {
    /// A version-1 file and its entries.
    Current(Vec<T>),
    /// A file from a newer essayreader: the entries that could be read, never to be rewritten.
    Newer(Vec<T>),
    /// Not a file we can make sense of; why, in a few words.
    Damaged(String),
}

/// Reads a file's bytes. Unknown fields are ignored, so a newer file's extras do no harm.
pub(crate) fn parse<T: Record>(bytes: &[u8]) -> Parsed<T> {
    // Editors on some systems add a byte-order mark; it is not damage.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // An empty file (say, touched by hand) holds nothing to lose: treat it as no entries.
    if bytes.trim_ascii().is_empty() {
        return Parsed::Current(Vec::new());
    }
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return Parsed::Damaged(e.to_string()),
    };
    let Some(object) = value.as_object() else {
        return Parsed::Damaged("not a JSON object".into());
    };
    let version = match object.get("version").and_then(Value::as_u64) {
        Some(v) if v >= VERSION => v,
        Some(v) => return Parsed::Damaged(format!("unknown version {v}")),
        None => return Parsed::Damaged("no usable version number".into()),
    };
    let list = object.get(T::KEY).cloned().unwrap_or(Value::Array(Vec::new()));
    if version > VERSION {
        // Keep whatever entries still look like ours; the file itself stays untouched.
        let items = match list {
            Value::Array(entries) => {
                entries.into_iter().filter_map(|e| serde_json::from_value(e).ok()).collect()
            }
            _ => Vec::new(),
        };
        return Parsed::Newer(items);
    }
    match serde_json::from_value::<Vec<T>>(list) {
        Ok(mut items) => {
            T::tidy(&mut items);
            Parsed::Current(items)
        }
        Err(e) => Parsed::Damaged(e.to_string()),
    }
}

/// The file's text for `items`: version first, then the list, ending in a newline.
pub(crate) fn render<T: Record>(items: &[T]) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(&Envelope { items })?;
    text.push('\n');
    Ok(text)
}

/// Serialises as `{"version": 1, "<key>": items}` with `version` first, which a derived
/// struct could not do for a key that depends on the record type.
struct Envelope<'a, T> {
    items: &'a [T],
}

impl<T: Record> Serialize for Envelope<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("version", &VERSION)?;
        map.serialize_entry(T::KEY, self.items)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::position::capture;
    use crate::store::records::{Bookmark, SavedPosition};

    #[test]
    fn round_trip_keeps_version_first() {
        let b = Bookmark::new("e", "l", "s", "snip", capture("text", 0, vec![]));
        let text = render(std::slice::from_ref(&b)).expect("render");
        assert!(text.starts_with("{\n  \"version\": 1,\n  \"bookmarks\": ["));
        match parse::<Bookmark>(text.as_bytes()) {
            Parsed::Current(items) => assert_eq!(items, vec![b]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn damage_is_recognised() {
        for bad in [
            &b"{\"version\": 1, \"bookmarks\": [{\"id\": 3}]}"[..],
            b"[1, 2]",
            b"{\"bookmarks\": []}",
            b"{\"version\": 0}",
            b"{\"version\": 1.5}",
            b"\xff\xfe not utf-8",
        ] {
            assert!(matches!(parse::<Bookmark>(bad), Parsed::Damaged(_)), "{bad:?}");
        }
    }

    #[test]
    fn empty_file_and_byte_order_mark_are_not_damage() {
        assert!(matches!(parse::<Bookmark>(b" \n"), Parsed::Current(v) if v.is_empty()));
        let with_bom = b"\xEF\xBB\xBF{\"version\": 1, \"bookmarks\": []}";
        assert!(matches!(parse::<Bookmark>(with_bom), Parsed::Current(v) if v.is_empty()));
    }

    #[test]
    fn newer_file_keeps_what_it_can() {
        let p = SavedPosition::new("e", capture("text", 0, vec![]), 0.5);
        let mut entry = serde_json::to_value(&p).expect("value");
        entry["colour"] = "blue".into();
        let file = serde_json::json!({"version": 2, "positions": [entry, {"essay": 1}]});
        match parse::<SavedPosition>(file.to_string().as_bytes()) {
            Parsed::Newer(items) => assert_eq!(items, vec![p]),
            other => panic!("{other:?}"),
        }
    }
}
