//! What most end-to-end tests of essayreader need around the harness: temporary config and
//! essays folders (never the real home), the reader started on them, and the few screen
//! readings and actions every reading test repeats.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Term, essayreader_bin};

/// Temporary config and essays folders, kept for the test's life (across several runs of
/// the reader), and the reader started on them.
pub struct Folders {
    _root: tempfile::TempDir,
    /// The root of both folders, for anything else a test wants to put beside them.
    pub root: PathBuf,
    /// The config folder (made by the reader when it first saves).
    pub config: PathBuf,
    /// The essays folder (made here, empty).
    pub essays: PathBuf,
}

impl Folders {
    /// Fresh folders: an empty essays folder and a config folder not made yet.
    pub fn new() -> Folders {
        let root = tempfile::tempdir().expect("temporary folder");
        let config = root.path().join("config");
        let essays = root.path().join("essays");
        fs::create_dir_all(&essays).expect("essays folder");
        Folders { root: root.path().to_path_buf(), _root: root, config, essays }
    }

    /// The environment that points the reader at these folders.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("ESSAYREADER_CONFIG_DIR", self.config.display().to_string()),
            ("ESSAYREADER_ESSAYS_DIR", self.essays.display().to_string()),
        ]
    }

    /// Starts the reader on these folders in a `cols`×`rows` terminal.
    pub fn spawn(&self, args: &[&str], cols: u16, rows: u16) -> Term {
        self.spawn_with(args, &[], cols, rows)
    }

    /// Like [`Folders::spawn`], with more environment variables set.
    pub fn spawn_with(&self, args: &[&str], extra_env: &[(&str, &str)], cols: u16, rows: u16) -> Term {
        let env = self.env();
        let mut env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        env.extend_from_slice(extra_env);
        Term::spawn(essayreader_bin(), args, &env, cols, rows)
    }

    /// Runs a command (not the reader) on these folders; returns its stdout, failing the
    /// test if it fails.
    pub fn run(&self, args: &[&str]) -> String {
        let mut cmd = Command::new(essayreader_bin());
        cmd.args(args).env_remove("NO_COLOR");
        for (k, v) in self.env() {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run essayreader");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// Writes an essay into the essays folder; returns its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.essays.join(name);
        fs::write(&path, text).expect("write an essay");
        path
    }
}

/// The text pane's first row (right of the outline's rule), trimmed.
pub fn top_text(term: &Term) -> String {
    let row = term.row(0);
    row.rsplit('│').next().unwrap_or(&row).trim().to_string()
}

/// Saves like an editor that writes a temporary file and renames it over the essay.
pub fn editor_save(path: &Path, text: &str) {
    let tmp = path.with_extension("md.tmp~");
    fs::write(&tmp, text).expect("write the temporary file");
    fs::rename(&tmp, path).expect("rename it over the essay");
}

/// Back to the library (unless it is showing), quit, and check the terminal was given back.
pub fn quit(term: &mut Term) {
    // In the library `q` quits at once: waiting for the library after it would race the exit.
    if !term.row(0).trim_start().starts_with("Library") {
        term.send("q");
        term.wait_for("Library");
    }
    term.send("q");
    assert!(term.wait_exit().success());
    term.assert_restored();
}
