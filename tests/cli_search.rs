//! `essayreader search` as a script meets it: the real binary over a folder of generated
//! essays with known phrases, in throwaway folders with a scrubbed environment.

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

/// The bundled essay's id.
const BUNDLED: &str = "why-i-support-leaking-leftist-documents";

/// A user's folders, all temporary.
struct World {
    tmp: TempDir,
}

impl World {
    fn new() -> World {
        let tmp = tempfile::tempdir().expect("tempdir");
        fs::create_dir_all(tmp.path().join("essays")).expect("essays folder");
        fs::create_dir_all(tmp.path().join("home")).expect("home folder");
        World { tmp }
    }

    fn essay(&self, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.tmp.path().join("essays").join(name);
        fs::write(&path, text).expect("write essay");
        path
    }

    fn run(&self, args: &[&str]) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_essayreader"))
            .args(args)
            .env("ESSAYREADER_CONFIG_DIR", self.tmp.path().join("config"))
            .env("ESSAYREADER_ESSAYS_DIR", self.tmp.path().join("essays"))
            .env("HOME", self.tmp.path().join("home"))
            .env("XDG_CONFIG_HOME", self.tmp.path().join("home/.config"))
            .env("XDG_DATA_HOME", self.tmp.path().join("home/.local/share"))
            .env_remove("NO_COLOR")
            .stdin(Stdio::null())
            .output()
            .expect("run essayreader");
        let stderr = String::from_utf8_lossy(&out.stderr).to_lowercase();
        assert!(!stderr.contains("panicked") && !stderr.contains("internal error"), "{stderr}");
        out
    }

    /// `search --json ARGS`, which must succeed: the results.
    fn json(&self, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["search", "--json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let value: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
        value.as_array().cloned().expect("a JSON array")
    }

    /// The essay ids `search --json ARGS` answers, best first, leaving out the bundled
    /// essay (always in the library, and it speaks of consciousness too).
    fn ids(&self, args: &[&str]) -> Vec<String> {
        let hits = self.json(args);
        let ids = hits.iter().map(|h| h["essay"].as_str().unwrap_or_default().to_string());
        ids.filter(|id| id != BUNDLED).collect()
    }

    /// `search ARGS` finds nothing: exit 1, one line on stderr, nothing on stdout.
    fn assert_nothing(&self, args: &[&str]) {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("essayreader: no essay matches"), "{stderr}");
    }
}

/// Prose that says nothing in particular, `n` sentences of it.
fn filler(n: usize) -> String {
    "The meeting went on and the minutes were read aloud once more. ".repeat(n)
}

fn essay(id: &str, title: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: {title}\n---\n# {title}\n\n## Opening\n\n{}\n\n## The point\n\n{body}\n",
        filler(5)
    )
}

#[test]
fn json_has_the_contract_fields_and_the_offset_points_at_the_passage() {
    let w = World::new();
    let path = w.essay("exit.md", essay("exit", "Voice and exit", "There are two options: voice and exit."));
    let hits = w.json(&["voice", "options", "exit"]);
    // The bundled essay speaks of voice and exit too; ours has them side by side.
    assert_eq!(hits[0]["essay"], "exit");
    let hit = hits[0].as_object().expect("an object");
    let keys: Vec<&str> = hit.keys().map(String::as_str).collect();
    for key in ["essay", "title", "section", "snippet", "offset"] {
        assert!(keys.contains(&key), "{key} missing from {keys:?}");
    }
    assert_eq!(hit["essay"], "exit");
    assert_eq!(hit["title"], "Voice and exit");
    assert_eq!(hit["section"], "The point");
    assert!(hit["snippet"].as_str().unwrap_or_default().contains("two options: voice and exit"));
    let offset = usize::try_from(hit["offset"].as_u64().expect("offset")).unwrap_or(usize::MAX);
    let source = fs::read_to_string(path).expect("read");
    assert!(source[offset..].starts_with("options: voice and exit"), "{}", &source[offset..]);
}

#[test]
fn the_phrase_ranks_above_the_words_far_apart() {
    let w = World::new();
    w.essay("apart.md", essay("apart", "Apart", &format!("Class {} consciousness.", filler(30))));
    w.essay("together.md", essay("together", "Together", "On class consciousness, briefly."));
    w.essay("neither.md", essay("neither", "Neither", "Nothing of the kind."));
    assert_eq!(w.ids(&["consciousness", "class"]), ["together", "apart"]);
    // A phrase must occur as typed.
    assert_eq!(w.ids(&["class consciousness"]), ["together"]);
    assert_eq!(w.ids(&["\"class consciousness\""]), ["together"]);
    let best = w.json(&["--limit", "1", "class", "consciousness"]);
    assert_eq!(best.len(), 1);
    assert_eq!(best[0]["essay"], "together");
}

#[test]
fn typography_is_ignored() {
    let w = World::new();
    w.essay("a.md", essay("curly", "Curly", "I don’t know what Lukács meant by “totality”."));
    w.essay("b.md", essay("nbsp", "Nbsp", "But also\u{a0}probably not."));
    assert_eq!(w.ids(&["don't"]), ["curly"]);
    assert_eq!(w.ids(&["Lukacs"]), ["curly"]);
    assert_eq!(w.ids(&["\"totality\""]), ["curly"]);
    assert_eq!(w.ids(&["also probably"]), ["nbsp"]);
    // Smart case: a capital makes case matter.
    w.assert_nothing(&["LUKACS"]);
}

#[test]
fn no_match_is_one_line_and_exit_1() {
    let w = World::new();
    w.essay("a.md", essay("a", "A", "Words."));
    w.assert_nothing(&["zebra"]);
    w.assert_nothing(&["words", "zebra"]);
}

#[test]
fn removed_essays_vanish_and_added_ones_appear() {
    let w = World::new();
    let path = w.essay("a.md", essay("a", "A", "The dialectic of enlightenment."));
    assert_eq!(w.ids(&["dialectic"]), ["a"]);
    fs::remove_file(path).expect("remove");
    w.assert_nothing(&["dialectic"]);
    w.essay("b.md", essay("b", "B", "A dialectic again."));
    assert_eq!(w.ids(&["dialectic"]), ["b"]);
}

#[test]
fn bad_files_and_bad_queries_answer_quickly() {
    let w = World::new();
    w.essay("good.md", essay("good", "Good", "Solidarity forever."));
    w.essay("binary.md", b"solidarity\0\x01\x02 binary solidarity".as_slice());
    w.essay("empty.md", "");
    w.essay("latin1.txt", b"solidarity caf\xe9 ".as_slice());
    let ids = w.ids(&["solidarity"]);
    assert!(ids.contains(&"good".to_string()) && !ids.iter().any(|i| i.contains("binary")), "{ids:?}");
    assert_eq!(ids.len(), 2, "the non-UTF-8 file is searched lossily: {ids:?}");
    let start = Instant::now();
    w.assert_nothing(&["!!!", "...", "—"]);
    let huge = "solidarity ".repeat(10_000);
    w.assert_nothing(&[&huge]);
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn the_query_is_required() {
    let w = World::new();
    let out = w.run(&["search"]);
    assert_eq!(out.status.code(), Some(2));
}
