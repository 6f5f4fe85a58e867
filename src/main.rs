//! `essayreader`: parse the command line, run the command, report errors in one line.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use essayreader::cli::Cli;

fn main() -> ExitCode {
    essayreader::tui::worker::map_large_allocations_apart();
    // A bug must not show users a panic message and backtrace: one line, exit 1. (The
    // reader's own hook puts the terminal back first.)
    std::panic::set_hook(Box::new(|info| {
        REPORTED.store(true, Ordering::SeqCst);
        report_panic(info.payload());
    }));
    // A shell asking for completions (`ESSAYREADER_COMPLETE=bash essayreader -- …`) is answered here,
    // before anything else is written.
    essayreader::completions::answer_if_asked();
    let cli = Cli::parse();
    if let (Some(essay), Some(_)) = (&cli.essay, &cli.command) {
        // A usage error like clap's own (exit 2): `essayreader leaking list` must not quietly
        // ignore the essay.
        let essay = essayreader::core::sanitize::clean_line(essay);
        let message = format!("'{essay}' cannot come before a command (as in: essayreader render ESSAY)");
        Cli::command().error(ErrorKind::ArgumentConflict, message).exit();
    }
    match std::panic::catch_unwind(|| essayreader::commands::run(cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(error)) => {
            essayreader::commands::report(format_args!("{error:#}"));
            ExitCode::FAILURE
        }
        Err(payload) => {
            // A panic carried over from another thread (`resume_unwind`) skips the hook.
            if !REPORTED.load(Ordering::SeqCst) {
                report_panic(payload.as_ref());
            }
            ExitCode::FAILURE
        }
    }
}

/// Set once a panic has been reported, so it is said once.
static REPORTED: AtomicBool = AtomicBool::new(false);

/// Says a panic in one line, as an internal error.
fn report_panic(payload: &(dyn std::any::Any + Send)) {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown error".into());
    essayreader::commands::report(format_args!("internal error: {message} (please report it)"));
}
