//! `view.json`: how the user last set the reader up (the text width chosen with `+`/`-`, the
//! outline shown or hidden with `o`), kept on this machine beside config.toml and never in
//! it (a file a person edits is never rewritten). Each choice is kept with the config.toml
//! value it was made against: when that value changes, config.toml wins again.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::read::{Links, read_file};
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

/// The remembered view, and whether it may be saved over (not if a newer essayreader wrote
/// it). A missing, damaged or foreign file is no view: what it held is only a preference.
pub fn load_view(config_dir: &Path) -> (View, bool) {
    let Ok(bytes) = read_file(&config_dir.join(VIEW_FILE), Links::Refuse) else {
        return (View::default(), true);
    };
    match serde_json::from_slice::<VersionOnly>(&bytes) {
        Ok(v) if v.version > VIEW_VERSION => (View::default(), false),
        _ => match serde_json::from_slice::<ViewFile>(&bytes) {
            Ok(file) => (file.view, true),
            Err(_) => (View::default(), true),
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
        assert_eq!(load_view(dir.path()), (view, true));
    }

    #[test]
    fn junk_or_nothing_is_no_view_and_a_newer_one_is_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(load_view(dir.path()), (View::default(), true));
        std::fs::write(dir.path().join(VIEW_FILE), "{not json").expect("write");
        assert_eq!(load_view(dir.path()), (View::default(), true));
        std::fs::write(dir.path().join(VIEW_FILE), r#"{"version": 9, "width": 3}"#).expect("write");
        assert_eq!(load_view(dir.path()), (View::default(), false));
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
