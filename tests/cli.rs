//! The command line as a user meets it: the real `essayreader` binary, run in throwaway
//! folders with its output piped, checked for what a user (or a script) would notice.
//!
//! Every run gets its own config, essays and home folders and a scrubbed environment, so no
//! test reads or writes the real home folder, and none depends on the developer's `NO_COLOR`.

use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

use essayreader::core::position::capture;
use essayreader::store::{Bookmark, Store};
use serde_json::Value;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

/// The bundled essay's id.
const LEAKING: &str = "why-i-support-leaking-leftist-documents";
/// Its title as the file spells it: a no-break space between the last two words.
const LEAKING_TITLE: &str = "Why I support leaking Leftist\u{a0}documents";
/// How many essays are bundled (the leaking essay, Civil Disobedience, Common Sense).
const BUNDLED: usize = 3;
/// Its section headings, in order.
const SECTIONS: [&str; 4] = [
    "Who am I?",
    "The concept of totality",
    "What goes on at the local levels",
    "Membership numbers and revolutionary ideas",
];

/// Environment variables that could change what the binary does, removed from every run.
const SCRUBBED: &[&str] = &["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "COLUMNS", "LINES", "TERM"];

/// The bundled essay's source file in the repository.
fn leaking_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("essays").join(format!("{LEAKING}.md"))
}

fn leaking_source() -> String {
    fs::read_to_string(leaking_file()).expect("read the bundled essay")
}

/// A user's world: a home, a config folder and an essays folder, all temporary.
struct World {
    tmp: TempDir,
}

/// What one run of the binary left behind.
struct Run {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: String,
    what: String,
}

impl World {
    fn new() -> World {
        let tmp = tempfile::tempdir().expect("tempdir");
        for dir in ["home", "work"] {
            fs::create_dir_all(tmp.path().join(dir)).expect("create folder");
        }
        World { tmp }
    }

    fn home(&self) -> PathBuf {
        self.tmp.path().join("home")
    }

    fn config(&self) -> PathBuf {
        self.tmp.path().join("config")
    }

    fn essays(&self) -> PathBuf {
        self.tmp.path().join("essays")
    }

    /// A scratch folder for files that are not in the library (also the working folder).
    fn work(&self) -> PathBuf {
        self.tmp.path().join("work")
    }

    /// Writes `content` to `dir/name` (creating `dir`) and returns the path.
    fn write(&self, dir: &Path, name: impl AsRef<OsStr>, content: impl AsRef<[u8]>) -> PathBuf {
        fs::create_dir_all(dir).expect("create folder");
        let path = dir.join(name.as_ref());
        fs::write(&path, content).expect("write file");
        path
    }

    /// The binary with this world's folders and nothing of the developer's environment.
    fn command<S: AsRef<OsStr>>(&self, args: &[S]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_essayreader"));
        cmd.args(args)
            .current_dir(self.work())
            .env("ESSAYREADER_CONFIG_DIR", self.config())
            .env("ESSAYREADER_ESSAYS_DIR", self.essays())
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env("XDG_DATA_HOME", self.home().join(".local/share"))
            // A panic would print a backtrace with this set; the tests make sure none appears.
            .env("RUST_BACKTRACE", "1")
            .stdin(Stdio::null());
        for var in SCRUBBED {
            cmd.env_remove(var);
        }
        cmd
    }

    fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Run {
        self.run_with(args, &[])
    }

    /// Runs with extra environment variables set.
    fn run_with<S: AsRef<OsStr>>(&self, args: &[S], env: &[(&str, &OsStr)]) -> Run {
        let mut cmd = self.command(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let output = cmd.output().expect("run essayreader");
        let what = args.iter().map(|a| a.as_ref().to_string_lossy().into_owned()).collect::<Vec<_>>();
        let run = Run {
            status: output.status,
            stdout: output.stdout,
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            what: format!("essayreader {}", what.join(" ")),
        };
        run.assert_no_panic();
        run
    }
}

impl Run {
    fn out(&self) -> String {
        String::from_utf8(self.stdout.clone())
            .unwrap_or_else(|e| panic!("{}: stdout is not UTF-8: {e}", self.what))
    }

    fn code(&self) -> Option<i32> {
        self.status.code()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout)
            .unwrap_or_else(|e| panic!("{}: stdout is not JSON ({e}):\n{}", self.what, self.out()))
    }

    fn stderr_lines(&self) -> Vec<&str> {
        self.stderr.lines().collect()
    }

    /// No panic message or backtrace, whatever happened.
    fn assert_no_panic(&self) {
        let lower = self.stderr.to_lowercase();
        for bad in ["panicked", "backtrace", "rust_backtrace", "internal error"] {
            assert!(!lower.contains(bad), "{}: stderr mentions {bad:?}:\n{}", self.what, self.stderr);
        }
    }

    /// Exit 0 and nothing on stderr.
    fn assert_ok(&self) -> &Run {
        assert_eq!(self.code(), Some(0), "{} failed; stderr:\n{}", self.what, self.stderr);
        assert!(self.stderr.is_empty(), "{}: unexpected stderr:\n{}", self.what, self.stderr);
        self
    }

    /// Exit 1, nothing on stdout, and one `essayreader: …` line on stderr (returned).
    fn assert_error(&self) -> &str {
        assert_eq!(self.code(), Some(1), "{}: expected exit 1; stderr:\n{}", self.what, self.stderr);
        assert!(self.stdout.is_empty(), "{}: stdout should be empty:\n{}", self.what, self.out());
        let lines = self.stderr_lines();
        assert_eq!(lines.len(), 1, "{}: expected one line on stderr:\n{}", self.what, self.stderr);
        assert!(lines[0].starts_with("essayreader: "), "{}: {:?}", self.what, lines[0]);
        lines[0]
    }

    /// Exit 2 (clap's usage error), with a message and nothing on stdout.
    fn assert_usage_error(&self) {
        assert_eq!(self.code(), Some(2), "{}: expected exit 2; stderr:\n{}", self.what, self.stderr);
        assert!(self.stdout.is_empty(), "{}: stdout should be empty", self.what);
        assert!(self.stderr.contains("error"), "{}: no message:\n{}", self.what, self.stderr);
    }
}

/// The bytes of every ESC sequence in `bytes`, failing on anything that is not SGR
/// (`ESC [ digits-and-semicolons m`).
fn sgr_sequences(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != 0x1b {
            i += 1;
            continue;
        }
        let start = i;
        assert_eq!(bytes.get(i + 1), Some(&b'['), "ESC not followed by [ at byte {i}");
        i += 2;
        while bytes.get(i).is_some_and(|b| b.is_ascii_digit() || *b == b';') {
            i += 1;
        }
        assert_eq!(
            bytes.get(i),
            Some(&b'm'),
            "not an SGR sequence at byte {start}: {:?}",
            String::from_utf8_lossy(&bytes[start..(i + 1).min(bytes.len())])
        );
        i += 1;
        found.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    found
}

/// Fails if `bytes` hold ESC, a C1 control (raw or as UTF-8) or a bidi override/isolate.
fn assert_terminal_safe(bytes: &[u8], what: &str) {
    assert!(!bytes.contains(&0x1b), "{what}: an ESC byte reached the output");
    assert!(
        !bytes.windows(2).any(|w| w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1])),
        "{what}: a C1 control (UTF-8) reached the output"
    );
    let text = String::from_utf8_lossy(bytes);
    let bad = text.chars().find(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'));
    assert_eq!(bad, None, "{what}: a bidi control reached the output");
    let control = text.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\t'));
    assert_eq!(control, None, "{what}: a control character reached the output");
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value.as_object().expect("a JSON object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

fn sorted(mut items: Vec<&str>) -> Vec<&str> {
    items.sort_unstable();
    items
}

/// The words of `text`, split at any whitespace (no-break spaces too).
fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// The words of an essay's body as a reader sees them: no front matter, no `#` markers,
/// no hard-break backslashes.
fn body_words(source: &str) -> Vec<String> {
    let body = source
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(source, |(_, body)| body);
    let mut out = Vec::new();
    for line in body.lines() {
        let line = line.trim_start_matches('#');
        let line = line.strip_suffix('\\').unwrap_or(line);
        out.extend(words(line).into_iter().map(str::to_string));
    }
    out
}

// ---- render -------------------------------------------------------------------------

#[test]
fn render_at_40_columns_is_a_cleanly_set_column() {
    let world = World::new();
    let run = world.run(&["render", "leaking", "--width", "40"]);
    run.assert_ok();
    insta::assert_snapshot!("render_leaking_width_40", run.out());
}

#[test]
fn render_at_80_columns_is_a_cleanly_set_column() {
    let world = World::new();
    let run = world.run(&["render", "leaking", "--width", "80"]);
    run.assert_ok();
    insta::assert_snapshot!("render_leaking_width_80", run.out());
}

#[test]
fn no_rendered_line_is_wider_than_asked() {
    let world = World::new();
    for width in [1usize, 2, 7, 20, 40, 72, 80, 1000] {
        let run = world.run(&["render", "leaking", "--width", &width.to_string()]);
        run.assert_ok();
        let out = run.out();
        assert!(out.lines().count() > 60, "width {width}: too little output");
        for (n, line) in out.lines().enumerate() {
            assert!(line.width() <= width, "width {width}, line {}: {} cells: {line:?}", n + 1, line.width());
        }
    }
}

#[test]
fn piped_render_without_width_uses_the_default_column() {
    let world = World::new();
    let out = world.run(&["render", "leaking"]).assert_ok().out();
    let widest = out.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
    assert!(widest <= 72, "widest line is {widest} cells");
    assert!(widest > 60, "text is set far narrower than 72 columns: {widest}");
}

#[test]
fn render_shows_the_title_and_all_four_sections_in_order() {
    let world = World::new();
    for width in ["40", "80"] {
        let out = world.run(&["render", "leaking", "--width", width]).assert_ok().out();
        let lines: Vec<&str> = out.lines().collect();
        // A heading is its lines (it may wrap) between a blank line and its rule, then a
        // blank line: ━ under the title, ─ under a section.
        let mut headings = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let Some(rule) = line.chars().next().filter(|c| matches!(c, '━' | '─')) else { continue };
            assert!(line.chars().all(|c| c == rule), "width {width}: ragged rule {line:?}");
            let start = lines[..i].iter().rposition(|l| l.is_empty()).map_or(0, |b| b + 1);
            assert!(start < i, "width {width}: a rule with no heading above it at line {}", i + 1);
            let title = lines[start..i].join(" ");
            let widest = lines[start..i].iter().map(|l| l.width()).max().unwrap_or(0);
            assert_eq!(line.width(), widest, "width {width}: the rule under {title:?} is not as wide as it");
            assert_eq!(lines.get(i + 1), Some(&""), "width {width}: no blank line after {title:?}");
            headings.push((rule, title));
        }
        let mut expected = vec![('━', LEAKING_TITLE.replace('\u{a0}', " "))];
        expected.extend(SECTIONS.iter().map(|s| ('─', s.to_string())));
        let found: Vec<(char, String)> =
            headings.into_iter().map(|(r, t)| (r, t.replace('\u{a0}', " "))).collect();
        assert_eq!(found, expected, "width {width}");
        assert!(lines[0].starts_with("Why I support"), "the title comes first");
    }
}

/// The essay's source has "end.\u{a0} Next" and "end. \u{a0}Next": a no-break space glued
/// to a word by the no-break rule, next to a real space. Where the line breaks there, the
/// no-break space is left at the end of a line or, worse, starts the next one as an indent.
#[test]
fn no_line_starts_or_ends_with_a_no_break_space() {
    let world = World::new();
    for width in ["40", "80"] {
        let out = world.run(&["render", "leaking", "--width", width]).assert_ok().out();
        for line in out.lines() {
            assert!(!line.starts_with('\u{a0}'), "width {width}: indented by a no-break space: {line:?}");
            assert!(!line.ends_with('\u{a0}'), "width {width}: trailing no-break space: {line:?}");
        }
    }
}

#[test]
fn render_keeps_every_word_of_the_essay_in_order() {
    let expected = body_words(&leaking_source());
    assert!(expected.len() > 2500, "the essay is long: {} words", expected.len());
    assert!(!expected.iter().any(|w| w.ends_with('\\')), "hard-break backslashes are not words");
    let world = World::new();
    for width in ["40", "80"] {
        let out = world.run(&["render", "leaking", "--width", width]).assert_ok().out();
        // Heading rules are decoration, not words.
        let got: Vec<&str> =
            words(&out).into_iter().filter(|w| !w.chars().all(|c| c == '━' || c == '─')).collect();
        if let Some(i) = (0..expected.len().max(got.len()))
            .find(|&i| got.get(i).copied() != expected.get(i).map(String::as_str))
        {
            let from = i.saturating_sub(5);
            panic!(
                "width {width}: word {i} differs\n expected: {:?}\n rendered: {:?}",
                &expected[from..(i + 5).min(expected.len())],
                &got[from..(i + 5).min(got.len())]
            );
        }
    }
}

#[test]
fn piped_render_has_no_escape_sequences() {
    let world = World::new();
    let run = world.run(&["render", "leaking", "--width", "60"]);
    run.assert_ok();
    assert_terminal_safe(&run.stdout, "render | cat");
    let auto = world.run(&["render", "leaking", "--width", "60", "--color", "auto"]);
    assert_eq!(auto.stdout, run.stdout, "--color auto is the default");
}

#[test]
fn color_always_styles_with_sgr_and_never_does_not() {
    let world = World::new();
    let plain = world.run(&["render", "leaking", "--width", "60", "--color", "never"]);
    plain.assert_ok();
    assert!(!plain.stdout.contains(&0x1b), "--color never printed an ESC");

    let styled = world.run(&["render", "leaking", "--width", "60", "--color", "always"]);
    styled.assert_ok();
    let sequences = sgr_sequences(&styled.stdout);
    assert!(!sequences.is_empty(), "--color always printed no styles");
    assert!(sequences.iter().any(|s| s == "\x1b[0m"), "styles are reset");
    // Styles are added around the text, never instead of it.
    let mut stripped = String::from_utf8(styled.stdout.clone()).expect("utf-8");
    for s in &sequences {
        stripped = stripped.replace(s.as_str(), "");
    }
    assert_eq!(stripped, plain.out());
    // The title line is styled.
    let first = String::from_utf8_lossy(&styled.stdout).lines().next().unwrap_or_default().to_string();
    assert!(first.starts_with('\x1b'), "title not styled: {first:?}");
}

#[test]
fn no_color_keeps_auto_plain() {
    let world = World::new();
    let args = ["render", "leaking", "--width", "60", "--color", "auto"];
    let plain = world.run(&["render", "leaking", "--width", "60", "--color", "never"]);
    let run = world.run_with(&args, &[("NO_COLOR", OsStr::new("1"))]);
    run.assert_ok();
    assert_eq!(run.stdout, plain.stdout);
    // NO_COLOR with the default colour choice as well.
    let run = world.run_with(&["render", "leaking"], &[("NO_COLOR", OsStr::new("1"))]);
    assert!(!run.assert_ok().stdout.contains(&0x1b));
}

// ---- outline ------------------------------------------------------------------------

#[test]
fn outline_is_the_headings_indented_by_level() {
    let world = World::new();
    let out = world.run(&["outline", "leaking"]).assert_ok().out();
    let mut expected = format!("{LEAKING_TITLE}\n");
    for s in SECTIONS {
        expected.push_str(&format!("  {s}\n"));
    }
    assert_eq!(out, expected);
}

#[test]
fn outline_json_is_level_title_slug_in_document_order() {
    let world = World::new();
    let json = world.run(&["outline", "leaking", "--json"]).assert_ok().json();
    let entries = json.as_array().expect("a JSON array");
    assert_eq!(entries.len(), 5);
    for entry in entries {
        assert_eq!(keys(entry), ["level", "slug", "title"]);
    }
    assert_eq!(entries[0]["level"], 1);
    assert_eq!(entries[0]["title"], LEAKING_TITLE);
    assert_eq!(entries[0]["slug"], LEAKING);
    for (entry, title) in entries[1..].iter().zip(SECTIONS) {
        assert_eq!(entry["level"], 2);
        assert_eq!(entry["title"], title);
    }
    assert_eq!(entries[1]["slug"], "who-am-i");
}

#[test]
fn outline_by_id_title_and_path_agree() {
    let world = World::new();
    let by_title = world.run(&["outline", "leaking"]).assert_ok().out();
    let by_id = world.run(&["outline", LEAKING]).assert_ok().out();
    let file = leaking_file();
    let by_path = world.run(&[OsStr::new("outline"), file.as_os_str()]).assert_ok().out();
    assert_eq!(by_id, by_title);
    assert_eq!(by_path, by_title);
    // A relative path works from the current folder.
    fs::copy(&file, world.work().join("copy.md")).expect("copy");
    assert_eq!(world.run(&["outline", "copy.md"]).assert_ok().out(), by_title);
    assert_eq!(
        world.run(&["outline", "./copy.md", "--json"]).assert_ok().json().as_array().map(Vec::len),
        Some(5)
    );
}

// ---- list ---------------------------------------------------------------------------

const USER_ESSAY: &str = "---\ntitle: Notes on the General Strike\nauthor: R. Luxemburg\n---\n\n\
    # Notes on the General Strike\n\nThe mass strike is not a tactic to be chosen at will.\n";

#[test]
fn list_json_has_exactly_the_contract_fields() {
    let world = World::new();
    world.write(&world.essays(), "strike.md", USER_ESSAY);
    let json = world.run(&["list", "--json"]).assert_ok().json();
    let entries = json.as_array().expect("a JSON array");
    assert_eq!(entries.len(), BUNDLED + 1, "{json:#}");
    for entry in entries {
        assert_eq!(keys(entry), sorted(vec!["id", "title", "author", "words", "source", "path"]));
    }
    let bundled = entries.iter().find(|e| e["id"] == LEAKING).expect("bundled essay listed");
    assert_eq!(bundled["source"], "bundled");
    assert_eq!(bundled["title"], LEAKING_TITLE);
    assert_eq!(bundled["author"], "unknown");
    assert_eq!(bundled["path"], format!("essays/{LEAKING}.md"));
    assert!(bundled["words"].as_u64().is_some_and(|w| w > 2500), "{bundled}");

    let user = entries.iter().find(|e| e["source"] == "user").expect("user essay listed");
    // Without a front matter `id`, the id comes from the content: 12 hex digits.
    let id = user["id"].as_str().expect("id is text");
    assert!(id.len() == 12 && id.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
    assert_eq!(user["title"], "Notes on the General Strike");
    assert_eq!(user["author"], "R. Luxemburg");
    assert_eq!(user["words"], 17);
    let path = PathBuf::from(user["path"].as_str().expect("path is text"));
    assert_eq!(path, world.essays().join("strike.md"));
}

#[test]
fn a_user_essay_without_an_author_lists_null() {
    let world = World::new();
    world.write(&world.essays(), "plain.txt", "Just some words.\n");
    let json = world.run(&["list", "--json"]).assert_ok().json();
    let user = json.as_array().and_then(|a| a.iter().find(|e| e["source"] == "user")).expect("listed");
    assert_eq!(user["author"], Value::Null);
    assert_eq!(user["title"], "Plain");
}

#[test]
fn list_text_shows_id_title_and_source() {
    let world = World::new();
    world.write(&world.essays(), "strike.md", USER_ESSAY);
    let out = world.run(&["list"]).assert_ok().out();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), BUNDLED + 1, "{out}");
    // Bundled essays come first.
    let leaking = lines[..BUNDLED].iter().find(|l| l.starts_with(LEAKING)).expect("bundled essay first");
    assert!(leaking.contains(LEAKING_TITLE) && leaking.contains("bundled"), "{out}");
    assert!(leaking.contains("13 min"), "{out}");
    assert!(lines[BUNDLED].starts_with(&strike_id(&world)), "{out}");
    assert!(
        lines[BUNDLED].contains("Notes on the General Strike — R. Luxemburg")
            && lines[BUNDLED].contains("user"),
        "{out}"
    );
}

#[test]
fn extra_folders_from_dir_are_listed() {
    let world = World::new();
    let extra = world.tmp.path().join("extra");
    world.write(&extra, "strike.md", USER_ESSAY);
    let run = world.run(&[OsStr::new("list"), OsStr::new("--json"), OsStr::new("--dir"), extra.as_os_str()]);
    let json = run.assert_ok().json();
    assert!(json.as_array().is_some_and(|a| a.iter().any(|e| e["title"] == "Notes on the General Strike")));
    // A --dir that does not exist is one warning line, and the list still comes out.
    let missing = world.tmp.path().join("nowhere");
    let run = world.run(&[OsStr::new("list"), OsStr::new("--dir"), missing.as_os_str()]);
    assert_eq!(run.code(), Some(0));
    assert!(run.out().contains(LEAKING));
    assert_eq!(run.stderr_lines().len(), 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("essayreader: ") && run.stderr.contains("nowhere"), "{}", run.stderr);
}

#[test]
fn a_broken_config_file_is_one_warning_and_changes_nothing_else() {
    let world = World::new();
    world.write(&world.config(), "config.toml", "dirs = [unquoted\n");
    let run = world.run(&["list"]);
    assert_eq!(run.code(), Some(0));
    assert!(run.out().contains(LEAKING));
    assert_eq!(run.stderr_lines().len(), 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("essayreader: ") && run.stderr.contains("config.toml"), "{}", run.stderr);
}

// ---- ESSAY resolution ---------------------------------------------------------------

#[test]
fn essay_is_found_by_id_part_of_title_and_path() {
    let world = World::new();
    let expected = world.run(&["render", LEAKING, "--width", "50"]).assert_ok().out();
    // Any case; a plain space matches the title's no-break space.
    for query in
        ["leaking", "LEFTIST DOCUMENTS", "Support Leaking", "why i support leaking leftist documents"]
    {
        let out = world.run(&["render", query, "--width", "50"]).assert_ok().out();
        assert!(out == expected, "{query:?} found something else");
    }
    let file = leaking_file();
    let run = world.run(&[OsStr::new("render"), file.as_os_str(), OsStr::new("--width"), OsStr::new("50")]);
    assert!(run.assert_ok().out() == expected, "by path");
}

#[test]
fn a_user_essay_is_found_by_title_and_by_its_path() {
    let world = World::new();
    let file = world.write(&world.essays(), "strike.md", USER_ESSAY);
    let by_title = world.run(&["render", "general strike"]).assert_ok().out();
    assert!(by_title.starts_with("Notes on the General Strike\n"), "{by_title}");
    let by_path = world.run(&[OsStr::new("render"), file.as_os_str()]).assert_ok().out();
    assert_eq!(by_path, by_title);
}

#[test]
fn an_ambiguous_title_names_every_match() {
    let world = World::new();
    world.write(&world.essays(), "a.md", "# Notes on Capital\n\nOne.\n");
    world.write(&world.essays(), "b.md", "# More notes on Capital\n\nTwo.\n");
    let run = world.run(&["render", "capital"]);
    let line = run.assert_error();
    let list = world.run(&["list", "--json"]).json();
    let entries = list.as_array().expect("array");
    let ids: Vec<&str> =
        entries.iter().filter(|e| e["source"] == "user").filter_map(|e| e["id"].as_str()).collect();
    assert_eq!(ids.len(), 2, "{list}");
    for name in [ids[0], "Notes on Capital", ids[1], "More notes on Capital"] {
        assert!(line.contains(name), "{name:?} missing from {line:?}");
    }
    // The same for the other commands that take an essay.
    world.run(&["outline", "CAPITAL"]).assert_error();
    world.run(&["bookmarks", "capital"]).assert_error();
    // A whole title wins over titles that merely contain it.
    let out = world.run(&["render", "notes on capital"]).assert_ok().out();
    assert!(out.starts_with("Notes on Capital\n"), "{out}");
}

#[test]
fn an_unknown_essay_is_one_line() {
    let world = World::new();
    let line = world.run(&["render", "no such essay anywhere"]).assert_error().to_string();
    assert!(line.contains("no such essay anywhere"), "{line}");
    world.run(&["outline", "zzz"]).assert_error();
    world.run(&["bookmarks", "zzz"]).assert_error();
    world.run(&["render", ""]).assert_error();
    // Without a command, too: the word is taken as an essay, not as a misspelt command.
    world.run(&["frobnicate"]).assert_error();
}

// ---- bad input ----------------------------------------------------------------------

#[test]
fn a_missing_file_is_one_line() {
    let world = World::new();
    let line = world.run(&["render", "missing.md"]).assert_error().to_string();
    assert!(line.contains("missing.md"), "{line}");
    let path = world.tmp.path().join("gone/away.md");
    world.run(&[OsStr::new("render"), path.as_os_str()]).assert_error();
    world.run(&[OsStr::new("outline"), path.as_os_str()]).assert_error();
}

#[test]
fn a_folder_is_not_an_essay() {
    let world = World::new();
    let line = world.run(&[OsStr::new("render"), world.essays().as_os_str()]).assert_error().to_string();
    assert!(line.contains("folder"), "{line}");
    fs::create_dir_all(world.work().join("dir.md")).expect("mkdir");
    world.run(&["outline", "dir.md"]).assert_error();
}

#[test]
fn a_binary_file_is_refused() {
    let world = World::new();
    world.write(&world.work(), "image.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    let line = world.run(&["render", "image.md"]).assert_error().to_string();
    assert!(line.contains("binary"), "{line}");
    world.run(&["outline", "image.md"]).assert_error();
}

#[test]
fn an_empty_file_says_so() {
    let world = World::new();
    world.write(&world.work(), "empty.md", "");
    world.write(&world.work(), "blank.md", "\n  \n\t\n");
    for file in ["empty.md", "blank.md"] {
        let line = world.run(&["render", file]).assert_error().to_string();
        assert!(line.contains("empty"), "{line}");
        world.run(&["outline", file]).assert_error();
    }
}

#[test]
fn a_file_that_is_not_utf8_renders_with_a_notice() {
    let world = World::new();
    world.write(&world.work(), "latin1.md", b"# Caf\xe9\n\nR\xe9sum\xe9 of the \xabdebate\xbb.\n");
    let run = world.run(&["render", "latin1.md"]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    let out = run.out();
    assert!(out.starts_with("Caf\u{fffd}\n"), "{out}");
    assert!(out.contains("R\u{fffd}sum\u{fffd} of the \u{fffd}debate\u{fffd}."), "{out}");
    let lines = run.stderr_lines();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(lines[0].starts_with("essayreader: ") && lines[0].contains("UTF-8"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2() {
    let world = World::new();
    for args in [
        &["render", "leaking", "--bogus"][..],
        &["leaking", "list"],
        &["leaking", "render", "leaking"],
        &["--bogus"],
        &["list", "--bogus"],
        &["frobnicate", "leaking"],
        &["render"],
        &["outline"],
        &["add"],
        &["render", "leaking", "--width", "0"],
        &["render", "leaking", "--width", "-3"],
        &["render", "leaking", "--width", "1001"],
        &["render", "leaking", "--width", "wide"],
        &["render", "leaking", "--color", "sometimes"],
        &["bookmarks", "--json", "--export", "md"],
        &["bookmarks", "--export", "pdf"],
    ] {
        world.run(args).assert_usage_error();
    }
    assert_eq!(world.run(&["--help"]).assert_ok().out().lines().next(), Some(env!("CARGO_PKG_DESCRIPTION")));
    assert!(world.run(&["--version"]).assert_ok().out().contains(env!("CARGO_PKG_VERSION")));
}

// ---- hostile content ----------------------------------------------------------------

const HOSTILE: &str = "# Title \x1b[2J here\n\n\
    Clear \x1b[2J screen, clipboard \x1b]52;c;aGk=\x07 done. C1 \u{9b}31m red. \
    Entities &#27;[31m and &#x9b; and &#x1b; and &#155; and &#x202e;. \
    Bidi \u{202e}reversed\u{202c} and \u{2066}isolated\u{2069}. Bell \x07, DEL \x7f, CR \r here.\n\n\
    `code \x1b[31m red`\n\n```\nfence \x1b[2J \u{202e}\n```\n\n\
    > quote \x1b]0;title\x07\n\n- item \u{9b}\n\n\
    | head\x1b[1m | b |\n|---|---|\n| c\u{9b} | d |\n\n\
    footnote[^1] and [a link \x1b[5m](https://example.org/\x1b[2J)\n\n[^1]: note \x1b[2J\n";

#[test]
fn hostile_text_cannot_reach_the_terminal() {
    let world = World::new();
    let file = world.write(&world.work(), "hostile.md", HOSTILE);
    let run = world.run(&["render", "hostile.md", "--width", "50"]);
    run.assert_ok();
    assert_terminal_safe(&run.stdout, "render");
    // The text is shown, not dropped: the escape is visible as ␛.
    let out = run.out();
    assert!(out.contains("Clear ␛[2J screen"), "{out}");
    assert!(out.contains("<U+202E>"), "{out}");

    let styled = world.run(&["render", "hostile.md", "--width", "50", "--color", "always"]);
    styled.assert_ok();
    assert!(!sgr_sequences(&styled.stdout).is_empty());

    for args in [&["outline", "hostile.md"][..], &["outline", "hostile.md", "--json"]] {
        let run = world.run(args);
        run.assert_ok();
        assert_terminal_safe(&run.stdout, &run.what);
    }
    // In the library too, as an essay of the user's folder.
    fs::copy(&file, world.essays().join("hostile.md")).expect("copy");
    for args in [&["list"][..], &["list", "--json"]] {
        let run = world.run(args);
        run.assert_ok();
        assert_terminal_safe(&run.stdout, &run.what);
    }
    let json = world.run(&["list", "--json"]).json();
    let titles: Vec<&str> =
        json.as_array().expect("array").iter().filter_map(|e| e["title"].as_str()).collect();
    assert!(titles.contains(&"Title ␛[2J here"), "{titles:?}");
}

#[test]
fn hostile_file_names_cannot_reach_the_terminal() {
    let world = World::new();
    let names = ["x\x1b[31mred\u{202e}.md", "two\nlines.md", "c1\u{9b}2J.md"];
    for name in names {
        world.write(&world.essays(), name, "# Harmless\n\nBody text.\n");
        let bad = world.write(&world.work(), name, b"\0binary");
        // The name is in the error message, made visible, on one line.
        let run = world.run(&[OsStr::new("render"), bad.as_os_str()]);
        run.assert_error();
        assert_terminal_safe(run.stderr.as_bytes(), &run.what);
        let run = world.run(&[OsStr::new("add"), bad.as_os_str()]);
        run.assert_error();
        assert_terminal_safe(run.stderr.as_bytes(), &run.what);
    }
    for args in [&["list"][..], &["list", "--json"], &["paths"]] {
        let run = world.run(args);
        run.assert_ok();
        assert_terminal_safe(&run.stdout, &run.what);
    }
    // JSON escapes what it must and stays exact: the paths round-trip.
    let json = world.run(&["list", "--json"]).json();
    let paths: Vec<&str> =
        json.as_array().expect("array").iter().filter_map(|e| e["path"].as_str()).collect();
    for name in names {
        let path = world.essays().join(name);
        assert!(paths.contains(&path.to_str().expect("utf-8 path")), "{name:?} not in {paths:?}");
    }
    // Adding a hostile name says what was added without escapes.
    let other = world.tmp.path().join("other");
    let good = world.write(&other, "y\x1b[2J.md", "# Fine\n\nText.\n");
    let run = world.run(&[OsStr::new("add"), good.as_os_str()]);
    run.assert_ok();
    assert_terminal_safe(&run.stdout, &run.what);
}

// ---- closed pipes -------------------------------------------------------------------

/// Runs with stdout a pipe the reader closes after `keep` bytes (0: closed before start),
/// like `essayreader … | head -c keep`; returns the status and stderr.
fn run_into_closed_pipe(world: &World, args: &[&str], keep: usize) -> (ExitStatus, String) {
    let mut cmd = world.command(args);
    cmd.stderr(Stdio::piped());
    let mut child = if keep == 0 {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        cmd.stdout(writer).spawn().expect("spawn")
    } else {
        cmd.stdout(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut buf = vec![0; keep];
        stdout.read_exact(&mut buf).expect("read the first bytes");
        drop(stdout);
        child
    };
    let mut stderr = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut stderr).expect("read stderr");
    (child.wait().expect("wait"), stderr)
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let world = World::new();
    // Bigger than any pipe buffer, so the write is still going when the reader goes away.
    let big: String = (0..20_000).map(|i| format!("Paragraph {i} of a long pamphlet.\n\n")).collect();
    world.write(&world.work(), "big.md", format!("# Big\n\n{big}"));
    let cases: [(&[&str], usize); 8] = [
        (&["render", "leaking"], 40),
        (&["render", "leaking"], 0),
        (&["render", "big.md"], 100),
        (&["render", "big.md", "--color", "always"], 100),
        (&["big.md"], 100),
        (&["list"], 0),
        (&["outline", "leaking", "--json"], 0),
        (&["paths", "--json"], 0),
    ];
    for (args, keep) in cases {
        let (status, stderr) = run_into_closed_pipe(&world, args, keep);
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
        assert!(status.success(), "{args:?}: {status}");
    }
    // `add` reports what it added on stdout; a closed pipe must not turn that into a crash.
    let file = world.write(&world.work(), "short.md", "# Short\n\nText.\n");
    let file = file.to_str().expect("utf-8 path");
    let (status, stderr) = run_into_closed_pipe(&world, &["add", file], 0);
    assert!(stderr.is_empty(), "add: {stderr}");
    assert!(status.success(), "add: {status}");
    assert!(world.essays().join("short.md").is_file());
}

// ---- paths --------------------------------------------------------------------------

/// This machine's own file `name` in the default sync folder of config folder `config`
/// (named by the machine id `paths` made).
fn own_file(config: &Path, name: &str) -> PathBuf {
    let id = fs::read_to_string(config.join("machine-id")).expect("machine id made by paths");
    config.join("sync").join(id.trim()).join(name)
}

#[test]
fn paths_are_the_folders_the_environment_names() {
    let world = World::new();
    let out = world.run(&["paths"]).assert_ok().out();
    let config = world.config();
    for (label, path) in [
        ("config folder:", config.clone()),
        ("config file:", config.join("config.toml")),
        ("sync folder:", config.join("sync")),
        ("bookmarks file:", own_file(&config, "bookmarks.jsonl")),
        ("positions file:", own_file(&config, "positions.jsonl")),
        ("essays folder:", world.essays()),
    ] {
        let line =
            out.lines().find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("{label} missing:\n{out}"));
        assert_eq!(line[label.len()..].trim(), path.to_str().expect("utf-8"), "{label}");
    }
    // The essays folder is made on first run.
    assert!(world.essays().is_dir());
    // Nothing is written to the home folder.
    assert_eq!(fs::read_dir(world.home()).expect("home").count(), 0);
}

#[test]
fn paths_json_has_the_files_and_folders() {
    let world = World::new();
    let json = world.run(&["paths", "--json"]).assert_ok().json();
    let k = keys(&json);
    for key in ["config_dir", "essays_dir", "bookmarks_file", "positions_file", "config_file", "extra_dirs"] {
        assert!(k.contains(&key), "{key} missing: {json:#}");
    }
    let path = |key: &str| PathBuf::from(json[key].as_str().unwrap_or_else(|| panic!("{key} is not text")));
    assert_eq!(path("config_dir"), world.config());
    assert_eq!(path("essays_dir"), world.essays());
    assert_eq!(path("sync_dir"), world.config().join("sync"));
    assert_eq!(path("bookmarks_file"), own_file(&world.config(), "bookmarks.jsonl"));
    assert_eq!(path("positions_file"), own_file(&world.config(), "positions.jsonl"));
    assert_eq!(path("essays_file"), world.config().join("essays.json"));
    assert_eq!(path("library_cache_file"), world.config().join("library-cache.json"));
    for key in [
        "config_dir",
        "essays_dir",
        "sync_dir",
        "bookmarks_file",
        "positions_file",
        "essays_file",
        "library_cache_file",
    ] {
        assert!(path(key).starts_with(world.tmp.path()), "{key} escapes the test folder");
    }
    assert_eq!(json["extra_dirs"], serde_json::json!([]));
}

#[test]
fn config_dir_flag_beats_the_environment() {
    let world = World::new();
    let flag = world.tmp.path().join("flagged");
    let args = [OsStr::new("paths"), OsStr::new("--json"), OsStr::new("--config-dir"), flag.as_os_str()];
    let json = world.run(&args).assert_ok().json();
    assert_eq!(PathBuf::from(json["config_dir"].as_str().expect("text")), flag);
    assert_eq!(
        PathBuf::from(json["bookmarks_file"].as_str().expect("text")),
        own_file(&flag, "bookmarks.jsonl")
    );
    // Global: it may come before the command, too (`paths` is the command, not an essay).
    let args = [OsStr::new("--config-dir"), flag.as_os_str(), OsStr::new("paths"), OsStr::new("--json")];
    assert_eq!(
        PathBuf::from(world.run(&args).assert_ok().json()["config_dir"].as_str().expect("text")),
        flag
    );
    let args = [OsStr::new("--dir"), flag.as_os_str(), OsStr::new("list"), OsStr::new("--json")];
    assert!(world.run_with(&args, &[]).json().is_array());
    // Extra folders are shown.
    let extra = world.tmp.path().join("more");
    let args = [OsStr::new("paths"), OsStr::new("--dir"), extra.as_os_str()];
    let out = world.run(&args).assert_ok().out();
    assert!(out.lines().any(|l| l.starts_with("also essays in:") && l.ends_with("more")), "{out}");
}

// ---- add ----------------------------------------------------------------------------

#[test]
fn add_copies_into_the_essays_folder() {
    let world = World::new();
    let file = world.write(&world.work(), "strike.md", USER_ESSAY);
    let run = world.run(&[OsStr::new("add"), file.as_os_str()]);
    let out = run.assert_ok().out();
    let dest = world.essays().join("strike.md");
    assert_eq!(fs::read_to_string(&dest).expect("copied"), USER_ESSAY);
    assert!(out.starts_with("added ") && out.contains(dest.to_str().expect("utf-8")), "{out}");
    assert!(file.is_file(), "the original stays");
    // And the library lists it.
    let json = world.run(&["list", "--json"]).json();
    assert!(json.as_array().is_some_and(|a| a.iter().any(|e| e["title"] == "Notes on the General Strike")));
    // No temporary files left behind.
    let names: Vec<_> =
        fs::read_dir(world.essays()).expect("dir").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(names, ["strike.md"]);
}

#[test]
fn add_never_overwrites_without_force() {
    let world = World::new();
    let file = world.write(&world.work(), "strike.md", USER_ESSAY);
    let dest = world.essays().join("strike.md");
    world.run(&[OsStr::new("add"), file.as_os_str()]).assert_ok();
    fs::write(&file, "# Rewritten\n\nNew text.\n").expect("edit");

    let line = world.run(&[OsStr::new("add"), file.as_os_str()]).assert_error().to_string();
    assert!(line.contains("exists") && line.contains("--force"), "{line}");
    assert_eq!(
        fs::read_to_string(&dest).expect("still there"),
        USER_ESSAY,
        "the existing essay is unchanged"
    );

    let run = world.run(&[OsStr::new("add"), OsStr::new("--force"), file.as_os_str()]);
    run.assert_ok();
    assert_eq!(fs::read_to_string(&dest).expect("replaced"), "# Rewritten\n\nNew text.\n");
}

#[test]
fn add_refuses_what_is_not_an_essay() {
    let world = World::new();
    let binary = world.write(&world.work(), "scan.md", b"%PDF\0\0\x01\x02");
    let line = world.run(&[OsStr::new("add"), binary.as_os_str()]).assert_error().to_string();
    assert!(line.contains("binary"), "{line}");
    let pdf = world.write(&world.work(), "paper.pdf", "text, but not an essay's name");
    world.run(&[OsStr::new("add"), pdf.as_os_str()]).assert_error();
    world.run(&[OsStr::new("add"), world.work().join("nope.md").as_os_str()]).assert_error();
    world.run(&[OsStr::new("add"), world.work().as_os_str()]).assert_error();
    assert_eq!(fs::read_dir(world.essays()).expect("dir").count(), 0, "nothing was added");
}

#[test]
fn add_of_several_files_adds_the_good_ones_and_names_the_bad() {
    let world = World::new();
    let good = world.write(&world.work(), "good.md", "# Good\n\nText.\n");
    let bad = world.write(&world.work(), "bad.md", b"\0\0");
    let run = world.run(&[OsStr::new("add"), good.as_os_str(), bad.as_os_str()]);
    assert_eq!(run.code(), Some(1));
    assert!(run.out().contains("good.md"));
    let lines = run.stderr_lines();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert!(lines.iter().all(|l| l.starts_with("essayreader: ")));
    assert!(lines[0].contains("bad.md") && lines[1].contains("1 of 2"), "{}", run.stderr);
    assert!(world.essays().join("good.md").is_file());
    assert!(!world.essays().join("bad.md").exists());
}

// ---- bookmarks ----------------------------------------------------------------------

/// Saves bookmarks through the store, as the reader does: one in the bundled essay, one in
/// a user essay.
fn save_bookmarks(world: &World) {
    world.write(&world.essays(), "strike.md", USER_ESSAY);
    let (mut store, notices) = Store::open(&world.config());
    assert!(notices.is_empty(), "{notices:?}");
    let source = leaking_source();
    let offset = source.find("Well, that unfortunately").expect("passage");
    let anchor = capture(&source, offset, vec![LEAKING_TITLE.into(), "Who am I?".into()]);
    let snippet = "Well, that unfortunately is part of right-wing cultural logic.";
    let mark = Bookmark::new(LEAKING, "Voice and exit", "Who am I?", snippet, anchor);
    store.add_bookmark(mark).expect("save bookmark");
    let anchor = capture(USER_ESSAY, 60, vec![]);
    let mark = Bookmark::new("notes-on-the-general-strike", "Mass strike", "", "The mass strike", anchor);
    store.add_bookmark(mark).expect("save bookmark");
}

#[test]
fn no_bookmarks_is_an_empty_list() {
    let world = World::new();
    assert_eq!(world.run(&["bookmarks", "--json"]).assert_ok().json(), serde_json::json!([]));
    assert_eq!(world.run(&["bookmarks", "leaking", "--json"]).assert_ok().json(), serde_json::json!([]));
    let out = world.run(&["bookmarks"]).assert_ok().out();
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("No bookmarks"), "{out}");
    // Looking does not create files.
    assert!(!world.config().join("bookmarks.json").exists());
}

#[test]
fn bookmarks_json_has_exactly_the_contract_fields() {
    let world = World::new();
    save_bookmarks(&world);
    let json = world.run(&["bookmarks", "--json"]).assert_ok().json();
    let list = json.as_array().expect("array");
    assert_eq!(list.len(), 2, "{json:#}");
    for b in list {
        // The five contract fields, and the bookmark's id, its essay's title and path, and
        // the device it was made on.
        assert_eq!(
            keys(b),
            sorted(vec!["essay", "label", "section", "snippet", "created", "id", "title", "path", "device"])
        );
        let created = b["created"].as_str().expect("text");
        assert!(created.len() >= 20 && created.ends_with('Z') && created.contains('T'), "{created}");
    }
    assert_eq!(list[0]["essay"], LEAKING);
    assert_eq!(list[0]["label"], "Voice and exit");
    assert_eq!(list[0]["section"], "Who am I?");
    assert_eq!(list[0]["snippet"], "Well, that unfortunately is part of right-wing cultural logic.");
    // Saved under the id essays had before ids came from content, carried over.
    assert_eq!(list[1]["essay"], strike_id(&world));
    assert_eq!(list[1]["title"], "Notes on the General Strike");
    assert_eq!(list[1]["path"], world.essays().join("strike.md").display().to_string());
    assert_eq!(list[0]["title"], LEAKING_TITLE);
    assert!(list[0]["id"].as_str().is_some_and(|id| !id.is_empty()));
}

/// The id `list --json` gives the user essay `strike.md`.
fn strike_id(world: &World) -> String {
    let list = world.run(&["list", "--json"]).json();
    let strike = list.as_array().and_then(|a| a.iter().find(|e| e["source"] == "user")).expect("listed");
    strike["id"].as_str().expect("text").to_string()
}

#[test]
fn bookmarks_of_one_essay() {
    let world = World::new();
    save_bookmarks(&world);
    for query in ["leaking", LEAKING] {
        let json = world.run(&["bookmarks", query, "--json"]).assert_ok().json();
        let list = json.as_array().expect("array");
        assert_eq!(list.len(), 1, "{query}: {json:#}");
        assert_eq!(list[0]["label"], "Voice and exit");
    }
    let json = world.run(&["bookmarks", "general strike", "--json"]).assert_ok().json();
    assert_eq!(json.as_array().map(Vec::len), Some(1));
    assert_eq!(json[0]["label"], "Mass strike");
    // The user essay by its path keeps its library id, and so its bookmarks.
    let path = world.essays().join("strike.md");
    let args = [OsStr::new("bookmarks"), path.as_os_str(), OsStr::new("--json")];
    assert_eq!(world.run(&args).assert_ok().json()[0]["label"], "Mass strike");

    let out = world.run(&["bookmarks", "leaking"]).assert_ok().out();
    assert!(out.contains("Voice and exit") && out.contains("[Why I support leaking"), "{out}");
    assert!(out.contains("Who am I?") && out.contains("right-wing cultural logic"), "{out}");
    assert!(!out.contains("Mass strike"), "{out}");
}

#[test]
fn a_newline_in_a_bookmark_does_not_look_like_another_entry() {
    let world = World::new();
    let (mut store, _) = Store::open(&world.config());
    let source = leaking_source();
    let anchor = capture(&source, 0, vec![]);
    let mark = Bookmark::new(LEAKING, "two\nlines", "Who\nam I?", "first line\n2026-01-01  fake", anchor);
    store.add_bookmark(mark).expect("save bookmark");
    let out = world.run(&["bookmarks"]).assert_ok().out();
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains("two lines") && out.contains("Who am I? — first line 2026-01-01 fake"), "{out}");
}

#[test]
fn bookmarks_export_as_markdown_notes() {
    let world = World::new();
    save_bookmarks(&world);
    let out = world.run(&["bookmarks", "--export", "md"]).assert_ok().out();
    assert!(out.starts_with("# Bookmarks\n"), "{out}");
    assert!(out.contains("\n## Voice and exit\n"), "{out}");
    assert!(out.contains("\n## Mass strike\n"), "{out}");
    // Essays by title, not id; the title's no-break space is a plain space in a note.
    assert!(out.contains("- Essay: Why I support leaking Leftist documents\n"), "{out}");
    assert!(out.contains("- Section: Who am I?\n"), "{out}");
    assert!(out.contains("> Well, that unfortunately is part of right-wing cultural logic.\n"), "{out}");
    let one = world.run(&["bookmarks", "general strike", "--export", "md"]).assert_ok().out();
    assert!(one.contains("## Mass strike") && !one.contains("Voice and exit"), "{one}");
}

#[test]
fn a_damaged_bookmarks_file_is_reported_not_fatal() {
    let world = World::new();
    world.write(&world.config(), "bookmarks.json", "{ this is not json");
    let run = world.run(&["bookmarks", "--json"]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    assert_eq!(run.json(), serde_json::json!([]));
    assert_eq!(run.stderr_lines().len(), 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("essayreader: ") && run.stderr.contains("bookmarks"), "{}", run.stderr);
}

// ---- no command ---------------------------------------------------------------------

#[test]
fn without_a_terminal_no_arguments_prints_the_library() {
    let world = World::new();
    world.write(&world.essays(), "strike.md", USER_ESSAY);
    let list = world.run(&["list"]).assert_ok().out();
    let bare: [&str; 0] = [];
    assert_eq!(world.run(&bare).assert_ok().out(), list);
}

#[test]
fn without_a_terminal_an_essay_argument_prints_the_essay() {
    let world = World::new();
    let rendered = world.run(&["render", "leaking"]).assert_ok().out();
    let out = world.run(&["leaking"]).assert_ok().out();
    assert_eq!(out, rendered);
    assert!(out.starts_with(LEAKING_TITLE));
    let file = leaking_file();
    assert_eq!(world.run(&[file.as_os_str()]).assert_ok().out(), rendered);
}

#[test]
fn many_matches_list_a_few_and_say_how_many_more() {
    let world = World::new();
    for n in 0..200 {
        world.write(&world.essays(), format!("e{n:03}.md"), format!("# Common words {n:03}\n\nText.\n"));
    }
    let line = world.run(&["render", "common words"]).assert_error().to_string();
    assert!(line.len() < 600, "{} bytes: {line}", line.len());
    assert!(line.contains("200 essays match"), "{line}");
    assert!(line.contains("and 195 more"), "{line}");
    assert_eq!(line.matches("Common words").count(), 5, "{line}");
}

#[test]
fn an_outline_without_headings_says_so() {
    let world = World::new();
    world.write(&world.essays(), "flat.md", "# \n\nJust a paragraph, no headings at all.\n");
    world.write(&world.essays(), "plain.md", "---\ntitle: Only prose\n---\nNothing but prose here.\n");
    let run = world.run(&["outline", "only prose"]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    assert!(run.out().is_empty(), "{}", run.out());
    assert_eq!(run.stderr_lines(), ["essayreader: \"Only prose\" has no headings"]);
    let json = world.run(&["outline", "only prose", "--json"]);
    assert_eq!(json.code(), Some(0));
    assert_eq!(json.json(), serde_json::json!([]));
}

#[test]
fn many_missing_folders_are_a_few_lines_and_a_count() {
    let world = World::new();
    let dirs: Vec<String> =
        (0..1000).map(|n| format!("{:?}", world.tmp.path().join(format!("gone-{n}")))).collect();
    fs::create_dir_all(world.config()).expect("config folder");
    fs::write(world.config().join("config.toml"), format!("dirs = [{}]\n", dirs.join(", "))).expect("config");
    let run = world.run(&["list"]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    let lines = run.stderr_lines();
    assert_eq!(lines.len(), 6, "{}", run.stderr);
    assert!(lines[0].contains("folder not found"), "{}", lines[0]);
    assert_eq!(lines[5], "essayreader: and 995 more problems with the essay folders");
}
