//! Where things live: flag, then environment variable, then the platform's folders.

use super::LibraryError;
use crate::config::Config;
use serde::{Serialize, Serializer};
use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The folders and files essayreader uses, resolved once at start.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paths {
    /// Holds config.toml, bookmarks and reading positions.
    #[serde(serialize_with = "lossy")]
    pub config_dir: PathBuf,
    /// The user's own essays folder (created on first run).
    #[serde(serialize_with = "lossy")]
    pub essays_dir: PathBuf,
    /// More folders to read essays from: `--dir` flags, then `dirs` in config.toml.
    #[serde(serialize_with = "lossy_all")]
    pub extra_dirs: Vec<PathBuf>,
    /// `<config>/config.toml`.
    #[serde(serialize_with = "lossy")]
    pub config_file: PathBuf,
    /// Bookmarks, positions and highlights of every machine: `<config>/sync` unless
    /// `ESSAYREADER_SYNC_DIR` or `sync_dir` in config.toml moves it.
    #[serde(serialize_with = "lossy")]
    pub sync_dir: PathBuf,
    /// This machine's own bookmarks file in the sync folder (`<sync>/<machine id>/bookmarks.jsonl`).
    #[serde(serialize_with = "lossy")]
    pub bookmarks_file: PathBuf,
    /// This machine's own reading positions file in the sync folder.
    #[serde(serialize_with = "lossy")]
    pub positions_file: PathBuf,
    /// `<config>/essays.json`: every essay seen, by id, so an essay stays itself when its
    /// file is retitled, edited or moved.
    #[serde(serialize_with = "lossy")]
    pub essays_file: PathBuf,
    /// `<config>/library-cache.json`: remembered metadata, derived and safe to delete.
    #[serde(serialize_with = "lossy")]
    pub library_cache_file: PathBuf,
    /// Problems worth telling the user that did not stop anything (a bad config.toml).
    #[serde(skip)]
    pub warnings: Vec<String>,
    /// What config.toml says (read once, here; its warnings are in `warnings` too).
    #[serde(skip)]
    pub config: Config,
}

/// Environment variable that overrides the config folder.
pub const CONFIG_DIR_VAR: &str = "ESSAYREADER_CONFIG_DIR";
/// Environment variable that overrides the essays folder.
pub const ESSAYS_DIR_VAR: &str = "ESSAYREADER_ESSAYS_DIR";
/// Environment variable that moves the sync folder (before `sync_dir` in config.toml).
pub const SYNC_DIR_VAR: &str = "ESSAYREADER_SYNC_DIR";

impl Paths {
    /// Resolves the paths from the `--config-dir` flag, the `--dir` flags, the process
    /// environment and the platform's folders; reads config.toml.
    pub fn resolve(
        config_dir_flag: Option<PathBuf>,
        extra_dirs: Vec<PathBuf>,
    ) -> Result<Paths, LibraryError> {
        Self::resolve_with(|name| std::env::var_os(name), config_dir_flag, extra_dirs)
    }

    /// Like [`Paths::resolve`], with the environment given as a function so tests need
    /// not change the process's environment.
    pub fn resolve_with(
        env: impl Fn(&str) -> Option<OsString>,
        config_dir_flag: Option<PathBuf>,
        extra_dirs: Vec<PathBuf>,
    ) -> Result<Paths, LibraryError> {
        // An empty variable is treated as unset: `VAR= essayreader` should not mean "here".
        let var = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let project = || directories::ProjectDirs::from("", "", "essayreader");
        let config_dir = match config_dir_flag.or_else(|| var(CONFIG_DIR_VAR)) {
            Some(dir) => dir,
            None => project().ok_or(LibraryError::NoHome("configuration"))?.config_dir().to_path_buf(),
        };
        let essays_dir = match var(ESSAYS_DIR_VAR) {
            Some(dir) => dir,
            None => project().ok_or(LibraryError::NoHome("essays folder"))?.data_dir().join("essays"),
        };
        let config_file = config_dir.join(crate::config::FILE_NAME);
        let home = var("HOME").or_else(|| directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf()));
        let config = Config::load(&config_dir, home.as_deref());
        let warnings = config.warnings.clone();
        let sync_dir = var(SYNC_DIR_VAR)
            .or_else(|| config.sync_dir.clone())
            .unwrap_or_else(|| config_dir.join(crate::store::SYNC_DIR));
        // Named for certain (the machine's id made) only by `paths`: see `Paths::name_own_files`.
        let (bookmarks_file, positions_file) = crate::store::Store::files(&config_dir, &sync_dir, false);
        // Duplicates dropped in one pass: a config.toml may list a great many folders.
        let mut seen: HashSet<PathBuf> = HashSet::from([essays_dir.clone()]);
        let extra: Vec<PathBuf> = extra_dirs
            .into_iter()
            .chain(config.dirs.iter().cloned())
            .filter(|dir| seen.insert(dir.clone()))
            .collect();
        Ok(Paths {
            bookmarks_file,
            positions_file,
            sync_dir,
            essays_file: config_dir.join(crate::store::ESSAYS_FILE),
            library_cache_file: config_dir.join(crate::store::LIBRARY_CACHE_FILE),
            config_file,
            config_dir,
            essays_dir,
            extra_dirs: extra,
            warnings,
            config,
        })
    }

    /// Names this machine's own files for certain, making its id if it has none yet.
    pub fn name_own_files(&mut self) {
        (self.bookmarks_file, self.positions_file) =
            crate::store::Store::files(&self.config_dir, &self.sync_dir, true);
    }

    /// The name this machine's changes are recorded with, if config.toml gives one.
    pub fn device(&self) -> Option<&str> {
        self.config.device.as_deref()
    }

    /// The saved state these folders name: the config folder, the sync folder and this
    /// machine's name together (the one way every command and the reader open it), with
    /// notices for the user.
    pub fn open_store(&self) -> (crate::store::Store, Vec<String>) {
        crate::store::Store::open_in(&self.config_dir, &self.sync_dir, self.device())
    }

    /// Every folder to read essays from, the essays folder first.
    pub fn essay_dirs(&self) -> Vec<PathBuf> {
        let mut dirs = vec![self.essays_dir.clone()];
        dirs.extend(self.extra_dirs.iter().cloned());
        dirs
    }

    /// Creates the essays folder if it is missing (first run). Returns whether it was
    /// created; a failure is for the caller to report, not a reason to stop.
    pub fn ensure_essays_dir(&self) -> Result<bool, LibraryError> {
        if self.essays_dir.is_dir() {
            return Ok(false);
        }
        std::fs::create_dir_all(&self.essays_dir)
            .map_err(|err| LibraryError::Unwritable { path: self.essays_dir.clone(), err })?;
        Ok(true)
    }
}

/// Paths go to JSON as text even when they are not valid UTF-8 (serde would refuse).
fn lossy<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

fn lossy_all<S: Serializer>(paths: &[PathBuf], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(paths.iter().map(|p| p.to_string_lossy()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &Path)]) -> impl Fn(&str) -> Option<OsString> + use<> {
        let pairs: Vec<(String, OsString)> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.as_os_str().to_owned())).collect();
        move |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn flag_beats_variable() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let flag = tmp.path().join("flag");
        let var = tmp.path().join("var");
        let essays = tmp.path().join("essays");
        let env = env_of(&[(CONFIG_DIR_VAR, &var), (ESSAYS_DIR_VAR, &essays)]);
        let paths = Paths::resolve_with(env, Some(flag.clone()), vec![]).expect("paths");
        assert_eq!(paths.config_dir, flag);
        assert!(paths.bookmarks_file.starts_with(flag.join("sync")), "{:?}", paths.bookmarks_file);
        assert!(paths.positions_file.ends_with("positions.jsonl"));
        assert_eq!(paths.sync_dir, flag.join("sync"));
        assert_eq!(paths.config_file, flag.join("config.toml"));
        assert_eq!(paths.essays_dir, essays);
    }

    #[test]
    fn variables_are_used_without_flags() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let env = env_of(&[(CONFIG_DIR_VAR, tmp.path()), (ESSAYS_DIR_VAR, tmp.path())]);
        let paths = Paths::resolve_with(env, None, vec![]).expect("paths");
        assert_eq!(paths.config_dir, tmp.path());
        assert_eq!(paths.essay_dirs(), vec![tmp.path().to_path_buf()]);
    }

    #[test]
    fn platform_folders_when_nothing_is_set() {
        // Only reads where the platform would put things; creates nothing.
        let Ok(paths) = Paths::resolve_with(|_| None, None, vec![]) else {
            return; // no home folder in this environment: nothing to check
        };
        assert!(paths.config_dir.to_string_lossy().contains("essayreader"));
        assert!(paths.essays_dir.ends_with("essays"));
    }

    #[test]
    fn config_dirs_are_added_after_flag_dirs() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let cfg = tmp.path();
        std::fs::write(cfg.join("config.toml"), "width = 72\ndirs = [\"notes\", \"~/papers\", \"/abs\"]\n")
            .expect("write");
        let home = tmp.path().join("home");
        let env = env_of(&[(CONFIG_DIR_VAR, cfg), (ESSAYS_DIR_VAR, cfg), ("HOME", &home)]);
        let paths = Paths::resolve_with(env, None, vec![PathBuf::from("flagdir")]).expect("ok");
        assert_eq!(
            paths.extra_dirs,
            vec![PathBuf::from("flagdir"), cfg.join("notes"), home.join("papers"), PathBuf::from("/abs"),]
        );
        assert!(paths.warnings.is_empty());
        assert_eq!(paths.essay_dirs()[0], cfg);
    }

    #[test]
    fn the_sync_folder_moves_by_variable_then_config() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let cfg = tmp.path();
        std::fs::write(cfg.join("config.toml"), "sync_dir = \"~/Sync/essays\"\ndevice = \"laptop\"\n")
            .expect("write");
        let home = tmp.path().join("home");
        let env = env_of(&[(CONFIG_DIR_VAR, cfg), (ESSAYS_DIR_VAR, cfg), ("HOME", &home)]);
        let paths = Paths::resolve_with(env, None, vec![]).expect("ok");
        assert_eq!(paths.sync_dir, home.join("Sync/essays"));
        assert_eq!(paths.device(), Some("laptop"));
        assert!(paths.bookmarks_file.starts_with(&paths.sync_dir));
        let var = tmp.path().join("shared");
        let env = env_of(&[(CONFIG_DIR_VAR, cfg), (ESSAYS_DIR_VAR, cfg), (SYNC_DIR_VAR, &var)]);
        assert_eq!(Paths::resolve_with(env, None, vec![]).expect("ok").sync_dir, var);
    }

    #[test]
    fn bad_config_is_a_warning() {
        let tmp = tempfile::tempdir().expect("tempdir");
        std::fs::write(tmp.path().join("config.toml"), "dirs = [unquoted\n").expect("write");
        let env = env_of(&[(CONFIG_DIR_VAR, tmp.path()), (ESSAYS_DIR_VAR, tmp.path())]);
        let paths = Paths::resolve_with(env, None, vec![]).expect("still ok");
        assert!(paths.extra_dirs.is_empty());
        assert_eq!(paths.warnings.len(), 1);
        assert!(paths.warnings[0].contains("config.toml"));
        assert!(!paths.warnings[0].contains('\n'));
    }

    #[test]
    fn dirs_of_the_wrong_type_is_a_warning() {
        let tmp = tempfile::tempdir().expect("tempdir");
        std::fs::write(tmp.path().join("config.toml"), "dirs = \"one\"\n").expect("write");
        let env = env_of(&[(CONFIG_DIR_VAR, tmp.path()), (ESSAYS_DIR_VAR, tmp.path())]);
        let paths = Paths::resolve_with(env, None, vec![]).expect("still ok");
        assert_eq!(paths.warnings.len(), 1);
    }

    #[test]
    fn duplicate_dirs_are_listed_once() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let env = env_of(&[(CONFIG_DIR_VAR, tmp.path()), (ESSAYS_DIR_VAR, tmp.path())]);
        let a = PathBuf::from("a");
        let dirs = vec![a.clone(), a.clone(), tmp.path().to_path_buf()];
        let paths = Paths::resolve_with(env, None, dirs).expect("ok");
        assert_eq!(paths.extra_dirs, vec![a]);
    }

    #[test]
    fn ensure_creates_the_essays_folder_once() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let essays = tmp.path().join("data/essays");
        let env = env_of(&[(CONFIG_DIR_VAR, tmp.path()), (ESSAYS_DIR_VAR, &essays)]);
        let paths = Paths::resolve_with(env, None, vec![]).expect("ok");
        assert!(paths.ensure_essays_dir().expect("created"));
        assert!(essays.is_dir());
        assert!(!paths.ensure_essays_dir().expect("exists"));
    }

    #[test]
    fn json_has_the_documented_fields() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let env = env_of(&[(CONFIG_DIR_VAR, tmp.path()), (ESSAYS_DIR_VAR, tmp.path())]);
        let paths = Paths::resolve_with(env, None, vec![]).expect("ok");
        let json = serde_json::to_value(&paths).expect("json");
        let mut keys: Vec<&str> = json.as_object().expect("object").keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "bookmarks_file",
                "config_dir",
                "config_file",
                "essays_dir",
                "essays_file",
                "extra_dirs",
                "library_cache_file",
                "positions_file",
                "sync_dir"
            ]
        );
    }
}
