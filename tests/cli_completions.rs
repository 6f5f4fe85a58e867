//! Shell completions and the man page as a user installs them: the real binary's scripts
//! loaded into the real shell (bash) completing commands and essay names, the completion
//! engine answering every other shell, and the man page holding the commands, the keys of
//! the keymap table and the folders, as valid roff. Every run gets throwaway folders.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use essayreader::app::keymap::Keymap;
use tempfile::TempDir;

const LEAKING: &str = "why-i-support-leaking-leftist-documents";
const SHELLS: [&str; 5] = ["bash", "zsh", "fish", "elvish", "powershell"];
const COMMANDS: [&str; 10] =
    ["render", "outline", "list", "paths", "bookmarks", "add", "search", "import", "completions", "man"];

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_essayreader"))
}

/// The binary in throwaway folders, `PATH` leading to it as an installed one would be.
fn command(world: &TempDir, program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut cmd = Command::new(program);
    let bin_dir = bin().parent().expect("the binary has a folder");
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    cmd.env("PATH", path)
        .env("HOME", world.path())
        .env("XDG_CONFIG_HOME", world.path().join(".config"))
        .env("XDG_DATA_HOME", world.path().join(".local/share"))
        .env("ESSAYREADER_CONFIG_DIR", world.path().join("config"))
        .env("ESSAYREADER_ESSAYS_DIR", world.path().join("essays"))
        .env_remove(essayreader::completions::COMPLETE_VAR)
        .stdin(Stdio::null());
    cmd
}

fn run(world: &TempDir, args: &[&str]) -> Output {
    command(world, bin()).args(args).output().expect("run essayreader")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A world with one essay of the user's besides the bundled ones.
fn world() -> TempDir {
    let world = tempfile::tempdir().expect("tempdir");
    let essays = world.path().join("essays");
    fs::create_dir_all(&essays).expect("essays folder");
    fs::write(essays.join("reform.md"), "---\ntitle: Reform or Revolution\n---\n\n# Reform\n\nText.\n")
        .expect("write essay");
    world
}

fn has(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// What bash offers for the command line `words` (the last word being completed), with the
/// script from `essayreader completions bash` loaded as a user's `.bashrc` would.
fn bash_complete(world: &TempDir, words: &[&str]) -> Vec<String> {
    let script = stdout(&run(world, &["completions", "bash"]));
    let words_array = words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" ");
    let last = words.last().expect("a word");
    let prev = words[words.len().saturating_sub(2)];
    let program = format!(
        "{script}\nCOMP_WORDS=({words_array}); COMP_CWORD={}; COMP_TYPE=9\n\
         _clap_complete_essayreader essayreader '{last}' '{prev}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words.len() - 1
    );
    let output = command(world, "bash").args(["--norc", "-c", &program]).output().expect("run bash");
    assert!(output.status.success(), "bash failed: {}", String::from_utf8_lossy(&output.stderr));
    stdout(&output).lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

/// The id the library gives the user's essay (from `list --json`).
fn reform_id(world: &TempDir) -> String {
    let list: serde_json::Value =
        serde_json::from_slice(&run(world, &["list", "--json"]).stdout).expect("json");
    let essays = list.as_array().expect("a list");
    let reform =
        essays.iter().find(|e| e["title"] == "Reform or Revolution").expect("the user's essay is listed");
    reform["id"].as_str().expect("an id").to_string()
}

#[test]
fn the_bash_script_is_valid_bash() {
    if !has("bash") {
        return;
    }
    let world = world();
    let script = run(&world, &["completions", "bash"]);
    assert!(script.status.success());
    let mut check = command(&world, "bash").arg("-n").stdin(Stdio::piped()).spawn().expect("bash -n");
    std::io::Write::write_all(&mut check.stdin.take().expect("stdin"), &script.stdout).expect("feed bash");
    assert!(check.wait().expect("bash -n").success(), "bash -n refused:\n{}", stdout(&script));
}

#[test]
fn bash_completes_commands_then_essays_by_id_or_part_of_a_title() {
    if !has("bash") {
        return;
    }
    let world = world();
    assert_eq!(bash_complete(&world, &["essayreader", "ren"]), ["render"]);
    // `lea` is inside the id and the title, not at their start: still found, as ESSAY is.
    assert_eq!(bash_complete(&world, &["essayreader", "render", "lea"]), [LEAKING]);
    // A user's essay without a declared id: its id, found by a word of its title.
    let reform = reform_id(&world);
    assert_eq!(bash_complete(&world, &["essayreader", "outline", "revol"]), [reform.as_str()]);
    // The reader's own ESSAY argument, without a command.
    assert!(bash_complete(&world, &["essayreader", "comm"]).contains(&"common-sense".to_string()));
    let all = bash_complete(&world, &["essayreader", "render", ""]);
    assert!(all.contains(&LEAKING.to_string()) && all.contains(&reform), "{all:?}");
}

#[test]
fn every_shell_gets_a_script_and_its_completions_name_the_commands_and_essays() {
    let world = world();
    for shell in SHELLS {
        let script = run(&world, &["completions", shell]);
        assert!(script.status.success(), "completions {shell}");
        let text = stdout(&script);
        assert!(
            text.contains("essayreader") && text.contains(essayreader::completions::COMPLETE_VAR),
            "{shell} script:\n{text}"
        );
        // What the script asks at each Tab, answered as that shell reads it.
        let asked = |words: &[&str]| {
            let mut cmd = command(&world, bin());
            cmd.env(essayreader::completions::COMPLETE_VAR, shell)
                .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string());
            cmd.env("_CLAP_IFS", "\n").arg("--").args(words);
            stdout(&cmd.output().expect("ask for completions"))
        };
        let commands = asked(&["essayreader", ""]);
        for name in COMMANDS {
            assert!(commands.contains(name), "{shell} does not offer {name}:\n{commands}");
        }
        let essays = asked(&["essayreader", "render", "why"]);
        assert!(essays.contains(LEAKING), "{shell} does not offer the essay:\n{essays}");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = run(&world(), &["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("bash"), "the error names the shells");
}

/// How the page writes `text`: characters beyond ASCII as `\[uXXXX]`.
fn roff_escaped(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii() { c.to_string() } else { format!("\\[u{:04X}]", u32::from(c)) })
        .collect()
}

#[test]
fn the_man_page_holds_the_commands_the_keys_and_the_folders() {
    let output = run(&world(), &["man"]);
    assert!(output.status.success());
    // roff writes a hyphen as `\-` and an apostrophe as `\*(Aq`.
    let page = stdout(&output).replace("\\-", "-").replace("\\*(Aq", "'");
    assert!(page.starts_with(".ie") || page.contains(".TH"), "not roff:\n{page}");
    for name in COMMANDS {
        assert!(page.contains(&format!("essayreader {name}")), "the page lacks {name}");
    }
    // Every key and what it does, from the keymap table (non-ASCII keys are escaped).
    for (keys, text) in Keymap::default().help_lines() {
        let (keys, text) = (roff_escaped(&keys), roff_escaped(&text));
        assert!(page.contains(&text), "the page lacks {text:?}");
        assert!(page.contains(&keys), "the page lacks the keys {keys:?}");
    }
    assert!(page.contains("\\[u2193]"), "the arrow keys are written as roff escapes");
    for folder in ["Config folder", "Essays folder", "ESSAYREADER_CONFIG_DIR", "ESSAYREADER_ESSAYS_DIR"] {
        assert!(page.contains(folder), "the page lacks {folder}");
    }
    assert!(page.contains(env!("CARGO_PKG_VERSION")), "the page has the version");
}

#[test]
fn the_man_page_is_roff_groff_reads_without_a_warning() {
    if !has("groff") {
        return;
    }
    let world = world();
    let page = run(&world, &["man"]).stdout;
    let mut groff = command(&world, "groff")
        .args(["-man", "-Tutf8", "-ww"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("groff");
    std::io::Write::write_all(&mut groff.stdin.take().expect("stdin"), &page).expect("feed groff");
    let output = groff.wait_with_output().expect("groff");
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "", "groff warned");
    assert!(stdout(&output).contains("essayreader"), "groff wrote the page");
}

#[test]
fn version_says_the_version() {
    let output = run(&world(), &["--version"]);
    assert!(output.status.success());
    assert_eq!(stdout(&output).trim(), format!("essayreader {}", env!("CARGO_PKG_VERSION")));
}
