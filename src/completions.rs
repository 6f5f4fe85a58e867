//! Shell completions: `essayreader completions SHELL` prints a small script that asks the
//! binary itself what to offer at each Tab, so ESSAY arguments complete the essays in the
//! library as it is now (not as it was when the script was written).

use std::ffi::OsStr;
use std::io::{self, Write};

use clap_complete::Shell;
use clap_complete::engine::CompletionCandidate;
use clap_complete::env::{CompleteEnv, Shells};

use crate::library::{Library, Paths};

/// The variable the registration script sets when it asks the binary for candidates (not
/// clap's usual `COMPLETE`, which another program's setup might leave exported).
pub const COMPLETE_VAR: &str = "ESSAYREADER_COMPLETE";

/// Answers a completion request (the shell calling back with `ESSAYREADER_COMPLETE=SHELL` set) and exits;
/// returns at once on a normal run. Must run before anything is written to stdout.
pub fn answer_if_asked() {
    CompleteEnv::with_factory(<crate::cli::Cli as clap::CommandFactory>::command)
        .var(COMPLETE_VAR)
        .complete();
}

/// Writes the registration script for `shell`. It calls `essayreader` by name, so it keeps
/// working when the binary is reinstalled or moved along `PATH`.
pub fn write_script(shell: Shell, out: &mut impl Write) -> io::Result<()> {
    let name = shell.to_string();
    let shells = Shells::builtins();
    let Some(completer) = shells.completer(&name) else {
        // Every shell clap_complete names has a dynamic completer; a new one would land here.
        return Err(io::Error::other(format!("no completions for {name}")));
    };
    let mut buf = Vec::new();
    completer.write_registration(COMPLETE_VAR, "essayreader", "essayreader", "essayreader", &mut buf)?;
    out.write_all(&buf)
}

/// Candidates for an ESSAY argument: the ids of the essays whose id starts with what was
/// typed, then of those whose id or title holds it (case-insensitive), so `lea<Tab>` finds
/// "Why I support leaking…". Each comes with its title as help where the shell shows it.
/// Reads the folders the environment names (`--dir` on the line being typed is not seen).
pub fn essay_candidates(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    // A path is completed as a path by the shell's fallback; nothing from the library fits.
    if typed.contains('/') {
        return Vec::new();
    }
    let Ok(paths) = Paths::resolve(None, Vec::new()) else { return Vec::new() };
    let (store, _notices) = paths.open_store();
    let library = Library::scan_known(&paths.essay_dirs(), store.known().to_vec());
    let needle = typed.to_lowercase();
    let mut first = Vec::new();
    let mut then = Vec::new();
    for essay in &library.essays {
        let candidate = || {
            let help = crate::core::sanitize::clean_line(&essay.title);
            CompletionCandidate::new(essay.id.clone()).help(Some(help.into()))
        };
        if essay.id.starts_with(typed.as_ref()) {
            first.push(candidate());
        } else if essay.id.to_lowercase().contains(&needle) || essay.title.to_lowercase().contains(&needle) {
            then.push(candidate());
        }
    }
    // Shells that filter by prefix (zsh) keep only the first group; the others offer both.
    first.extend(then);
    first
}
