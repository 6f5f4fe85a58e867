//! `essayreader config`: the example config.toml prints every setting at its default and
//! reads back without a warning; a bad file is one line per problem, naming file and line.

mod common;

use std::fs;
use std::process::{Command, Output};

use common::essayreader_bin;
use common::folders::Folders;

fn run(folders: &Folders, args: &[&str]) -> Output {
    let mut cmd = Command::new(essayreader_bin());
    cmd.args(args).env_remove("NO_COLOR");
    for (k, v) in folders.env() {
        cmd.env(k, v);
    }
    cmd.output().expect("run essayreader")
}

fn write_config(folders: &Folders, text: &str) {
    fs::create_dir_all(&folders.config).expect("config folder");
    fs::write(folders.config.join("config.toml"), text).expect("write config.toml");
}

#[test]
fn the_example_has_every_setting_and_reads_back_clean() {
    let folders = Folders::new();
    let example = folders.run(&["config", "--example"]);
    for setting in
        ["dirs =", "width = 72", "theme = \"auto\"", "outline = true", "sync_dir", "device", "[keys]"]
    {
        assert!(example.contains(setting), "{setting} missing from:\n{example}");
    }
    write_config(&folders, &example);
    let out = run(&folders, &["config"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no problems"));
}

#[test]
fn a_missing_config_is_the_defaults() {
    let folders = Folders::new();
    let out = run(&folders, &["config"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("the defaults apply"));
}

#[test]
fn each_problem_is_one_line_naming_file_and_line_and_the_rest_applies() {
    let folders = Folders::new();
    fs::create_dir_all(folders.root.join("more")).expect("folder");
    write_config(
        &folders,
        "dirs = [\"../more\"]\ntheme = \"purple\"\n[keys]\nnext_heading = \"n\"\nprev_heading = \"n\"\nzoom = \"z\"\n",
    );
    let out = run(&folders, &["config"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(lines[0].contains("config.toml:2: `theme` should be"), "{stderr}");
    assert!(lines[1].contains("config.toml:5: n is bound twice"), "{stderr}");
    assert!(lines[2].contains("config.toml:6: no action `zoom`"), "{stderr}");
    // Every other setting still applies: the folder is listed, and commands still work.
    let paths = run(&folders, &["paths"]);
    assert!(paths.status.success());
    assert!(String::from_utf8_lossy(&paths.stdout).contains("more"));
}

#[test]
fn config_lists_every_problem_and_other_commands_the_first_few() {
    let folders = Folders::new();
    let text: String = (1..=6).map(|i| format!("unknown{i} = {i}\n")).collect();
    write_config(&folders, &text);
    let out = run(&folders, &["config"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 6, "{stderr}");
    assert!(stderr.contains("config.toml:6: unknown setting `unknown6`"), "{stderr}");
    let out = run(&folders, &["list"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 4, "{stderr}");
    assert!(stderr.contains("and 3 more problems in config.toml"), "{stderr}");
}
