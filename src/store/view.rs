//! `view.json`: how the user last set the reader up (the text width chosen with `+`/`-`, the
//! outline shown or hidden with `o`), kept on this machine beside config.toml and never in
//! it (a file a person edits is never rewritten). Each choice is kept with the config.toml
//! value it was made against: when that value changes, config.toml wins again.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::folder::rename_aside;
use super::read::{Links, ReadError, read_file};
use super::write_atomic;

/// The file's name in the config folder.
pub const VIEW_FILE: &str = "view.json";
/// The format; a newer one is neither read nor overwritten.
const VIEW_VERSION: u64 = 1;

/// A setting the user chose while reading, and config.toml's value for it at the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chosen<T> {
    /// What the user chose.
    pub value: T,
    /// What config.toml said then (`None`: it said nothing).
    pub config: Option<T>,
}

impl<T: Copy + PartialEq> Chosen<T> {
    /// The value to start with: the user's choice while config.toml still says what it said
    /// when it was made, else config.toml's value, else `default`.
    pub fn start(chosen: Option<Chosen<T>>, config: Option<T>, default: T) -> T {
        match chosen {
            Some(c) if c.config == config => c.value,
            _ => config.unwrap_or(default),
        }
    }
}

/// What `view.json` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct View {
    /// The text column's width, in cells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<Chosen<u16>>,
    /// Whether the outline is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outline: Option<Chosen<bool>>,
}

#[derive(Deserialize)]
struct VersionOnly {
    version: u64,
}

#[derive(Serialize, Deserialize)]
struct ViewFile {
    version: u64,
    #[serde(flatten)]
    view: View,
}

/// The remembered view, whether it may be saved over (not if a newer essayreader wrote
/// it), and what to tell the user. A missing file is no view. A damaged one is no view
/// either (it held only a preference) but is kept, renamed `view.json.corrupt-<time>`, and
/// something that is not a file (a link, a FIFO) is set aside as `view.json.aside-<time>`:
/// the next save writes a file of its own and loses nothing of what stood there.
pub fn load_view(config_dir: &Path) -> (View, bool, Option<String>) {
    let aside = |suffix: &str, what: &str| match rename_aside(config_dir, VIEW_FILE, suffix) {
        Ok(name) => {
            let notice =
                format!("{VIEW_FILE} {what}: kept as {name}; width and outline start from config.toml");
            (View::default(), true, Some(notice))
        }
        Err(e) => {
            let notice = format!("{VIEW_FILE} {what} and could not be set aside ({e}): it is left as it is");
            (View::default(), false, Some(notice))
        }
    };
    let bytes = match read_file(&config_dir.join(VIEW_FILE), Links::Refuse) {
        Ok(bytes) => bytes,
        Err(ReadError::Missing) => return (View::default(), true, None),
        Err(ReadError::Link | ReadError::Special(_)) => return aside("aside", "is not a file"),
        Err(e) => return (View::default(), false, Some(format!("{VIEW_FILE} {e}: it is left as it is"))),
    };
    match serde_json::from_slice::<VersionOnly>(&bytes) {
        Ok(v) if v.version > VIEW_VERSION => (
            View::default(),
            false,
            Some(format!("{VIEW_FILE} was written by a newer essayreader: left as it is")),
        ),
        _ => match serde_json::from_slice::<ViewFile>(&bytes) {
            Ok(file) => (file.view, true, None),
            Err(_) => aside("corrupt", "was damaged"),
        },
    }
}

/// Writes `view` atomically (creating the config folder if needed).
pub fn save_view(config_dir: &Path, view: &View) -> std::io::Result<()> {
    std::fs::create_dir_all(config_dir)?;
    let mut bytes = serde_json::to_vec_pretty(&ViewFile { version: VIEW_VERSION, view: *view })?;
    bytes.push(b'\n');
    write_atomic(&config_dir.join(VIEW_FILE), &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_round_trips() {
        let dir = tempfile::tempdir().expect("tempdir");
        let view = View {
            width: Some(Chosen { value: 60, config: None }),
            outline: Some(Chosen { value: false, config: Some(true) }),
        };
        save_view(dir.path(), &view).expect("save");
        assert_eq!(load_view(dir.path()), (view, true, None));
    }

    /// The names in `dir` other than view.json.
    fn others(dir: &Path) -> Vec<String> {
        let names = std::fs::read_dir(dir).expect("list").map(|e| e.expect("entry").file_name());
        names.map(|n| n.to_string_lossy().into_owned()).filter(|n| n != VIEW_FILE).collect()
    }

    #[test]
    fn nothing_is_no_view_and_junk_is_said_and_kept_aside() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(load_view(dir.path()), (View::default(), true, None));
        std::fs::write(dir.path().join(VIEW_FILE), "{not json").expect("write");
        let (view, writable, notice) = load_view(dir.path());
        assert_eq!((view, writable), (View::default(), true));
        let notice = notice.expect("said");
        let kept = others(dir.path());
        assert_eq!(kept.len(), 1, "{kept:?}");
        assert!(kept[0].starts_with("view.json.corrupt-") && notice.contains(&kept[0]), "{notice}");
        let aside = std::fs::read_to_string(dir.path().join(&kept[0])).expect("kept");
        assert_eq!(aside, "{not json", "kept as it was");
        assert!(!dir.path().join(VIEW_FILE).exists(), "the next save writes a file of its own");
    }

    #[test]
    fn a_newer_view_is_left_alone_and_a_link_is_set_aside() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(VIEW_FILE), r#"{"version": 9, "width": 3}"#).expect("write");
        let (view, writable, notice) = load_view(dir.path());
        assert_eq!((view, writable), (View::default(), false));
        assert!(notice.expect("said").contains("newer essayreader"));
        assert!(others(dir.path()).is_empty(), "not moved");
        std::fs::remove_file(dir.path().join(VIEW_FILE)).expect("remove");
        let target = dir.path().join("theirs.json");
        std::fs::write(&target, r#"{"version": 1}"#).expect("write");
        std::os::unix::fs::symlink(&target, dir.path().join(VIEW_FILE)).expect("link");
        let (_, writable, notice) = load_view(dir.path());
        assert!(writable && notice.expect("said").contains("not a file"));
        assert!(others(dir.path()).iter().any(|n| n.starts_with("view.json.aside-")));
        assert_eq!(std::fs::read_to_string(&target).expect("theirs"), r#"{"version": 1}"#, "untouched");
    }

    #[test]
    fn a_choice_holds_until_config_toml_changes() {
        let chosen = Some(Chosen { value: 60, config: Some(72) });
        assert_eq!(Chosen::start(chosen, Some(72), 80), 60);
        assert_eq!(Chosen::start(chosen, Some(64), 80), 64);
        assert_eq!(Chosen::start(chosen, None, 80), 80);
        assert_eq!(Chosen::start(None, None, 80), 80);
    }
}
