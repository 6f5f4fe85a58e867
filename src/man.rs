//! The man page (`essayreader man`): the command line from the clap definitions, the keys
//! from the one keymap table (as the help screen is), and the folders.

use std::io::{self, Write};

use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::app::keymap::Keymap;
use crate::cli::Cli;
use crate::library::{CONFIG_DIR_VAR, ESSAYS_DIR_VAR};

/// Writes the whole page, in roff, to `out`.
pub fn write_page(out: &mut impl Write) -> io::Result<()> {
    let cmd = Cli::command();
    let man = Man::new(cmd.clone()).date("").manual("essayreader manual");
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    let mut roff = Roff::new();
    commands(&mut roff, &cmd);
    essay_argument(&mut roff);
    keys(&mut roff);
    folders(&mut roff);
    roff.to_writer(&mut buf)?;
    man.render_version_section(&mut buf)?;
    out.write_all(ascii_only(&String::from_utf8_lossy(&buf)).as_bytes())
}

/// troff reads bytes, not UTF-8 (only `man` runs `preconv` first): every other character
/// (the arrow keys, dashes in titles) becomes its `\[uXXXX]` escape, readable everywhere.
fn ascii_only(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    for c in page.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

/// Each command with its usage and what it does (clap_mangen would point at one page per
/// command, which is not installed).
fn commands(roff: &mut Roff, cmd: &clap::Command) {
    roff.control("SH", ["COMMANDS"]);
    let mut cmd = cmd.clone();
    cmd.build();
    for sub in cmd.get_subcommands_mut().filter(|s| !s.is_hide_set() && s.get_name() != "help") {
        roff.control("TP", []);
        let usage = sub.render_usage().to_string();
        let usage = usage.trim_start_matches("Usage: ").to_string();
        roff.text([bold(usage)]);
        if let Some(about) = sub.get_long_about().or_else(|| sub.get_about()) {
            roff.text([roman(about.to_string())]);
        }
        roff.control("RS", []);
        let shown =
            sub.get_arguments().filter(|a| !a.is_hide_set() && !a.is_global_set() && a.get_id() != "help");
        for arg in shown {
            let Some(help) = arg.get_help() else { continue };
            let name = match arg.get_long() {
                Some(long) => format!("--{long}"),
                None => arg.get_id().as_str().to_uppercase(),
            };
            roff.control("TP", []);
            roff.text([italic(name)]);
            roff.text([roman(help.to_string())]);
        }
        roff.control("RE", []);
    }
}

fn essay_argument(roff: &mut Roff) {
    roff.control("SH", ["ESSAY"]);
    roff.text([roman(
        "ESSAY is a path, an essay id, or a case-insensitive part of a title that matches one essay \
         (several matches: exit 1 and a list of them). Errors are one line on stderr with exit 1; \
         usage errors exit 2. When standard output is not a terminal, or the terminal cannot draw \
         a full-screen reader (TERM=dumb), essayreader ESSAY prints the essay and essayreader \
         alone prints the list.",
    )]);
}

/// The keys, generated from the keymap table in the help screen's order.
fn keys(roff: &mut Roff) {
    roff.control("SH", ["KEYS"]);
    roff.text([roman(
        "As the help screen (?) shows them, by where they apply: the defaults, which the [keys] \
         tables of config.toml can change (essayreader config --example lists every action).",
    )]);
    for (keys, text) in Keymap::default().help_lines() {
        if keys.is_empty() {
            roff.control("PD", []);
            roff.control("SS", [text.as_str()]);
            // One line per key, as in the help screen.
            roff.control("PD", ["0"]);
        } else {
            roff.control("TP", []);
            roff.text([bold(keys)]);
            roff.text([roman(text)]);
        }
    }
}

fn folders(roff: &mut Roff) {
    roff.control("PD", []);
    roff.control("SH", ["FILES"]);
    let entries = [
        (
            "Config folder",
            format!(
                "The platform's config folder for essayreader (essayreader paths shows it); \
                 {CONFIG_DIR_VAR} or --config-dir moves it. Bookmarks, reading positions \
                 and config.toml live here."
            ),
        ),
        (
            "Essays folder",
            format!(
                "The platform's data folder for essayreader, then essays; made on first run. \
                 {ESSAYS_DIR_VAR} moves it; --dir DIR (repeatable) adds more folders. Essays are \
                 .md, .markdown, .mdown and .mkd (Markdown), .txt (plain prose) and .html or .htm \
                 (a saved web page)."
            ),
        ),
        (
            "config.toml",
            "In the config folder, written by hand and never by essayreader: dirs (more essay \
             folders), width (the text column), theme (auto, dark, light or mono), outline (shown \
             at start or not), sync_dir, device, and [keys]. essayreader config checks it; \
             essayreader config --example prints every setting with its default. A mistake is one \
             warning naming the line, and the rest still applies."
                .to_string(),
        ),
        (
            "view.json",
            "In the config folder: the text width chosen with + and - and the outline shown or \
             hidden with o, kept for the next start until config.toml's width or outline changes."
                .to_string(),
        ),
        (
            "Bundled essays",
            "Compiled into the binary, so they are there wherever it is installed.".to_string(),
        ),
    ];
    for (name, text) in entries {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(text)]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, text) in [
        (CONFIG_DIR_VAR, "The config folder."),
        (ESSAYS_DIR_VAR, "The essays folder."),
        ("NO_COLOR", "When set and not empty: no colour, only bold, underline and reverse."),
        ("TERM", "dumb: print instead of drawing the full-screen reader."),
    ] {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(text)]);
    }
}
