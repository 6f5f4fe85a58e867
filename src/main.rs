//! `essayreader`: parse the command line, run the command, report errors in one line.

use std::process::ExitCode;

use clap::Parser;
use essayreader::cli::Cli;

fn main() -> ExitCode {
    // A bug must not show users a panic message and backtrace: one line, exit 1. (The
    // reader's own hook puts the terminal back first.)
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown error".into());
        eprintln!("essayreader: internal error: {message} (please report it)");
    }));
    let cli = Cli::parse();
    match std::panic::catch_unwind(|| essayreader::commands::run(cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(error)) => {
            eprintln!("essayreader: {error:#}");
            ExitCode::FAILURE
        }
        Err(_) => ExitCode::FAILURE,
    }
}
