//! The command line (clap definitions only; `main` dispatches).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;

/// A calm terminal reader for long-form essays in Markdown.
#[derive(Debug, Parser)]
// Not `args_conflicts_with_subcommands`: clap counts the global `--config-dir`/`--dir` as
// arguments too, so `essayreader --config-dir X paths` took `paths` for an essay. `main`
// refuses an essay together with a command instead.
#[command(
    name = "essayreader",
    version,
    about,
    override_usage = "essayreader [OPTIONS] [ESSAY]\n       essayreader [OPTIONS] <COMMAND>"
)]
pub struct Cli {
    /// Config folder (bookmarks, positions, config.toml); overrides ESSAYREADER_CONFIG_DIR.
    #[arg(long, global = true, value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// Another folder of essays (repeatable).
    #[arg(long = "dir", global = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// What to do; without one, the reader opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// An essay to open: a path, an id, or part of a title.
    #[arg(add = essay_completer())]
    pub essay: Option<String>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print an essay laid out as the reader shows it.
    Render {
        /// A path, an id, or part of a title.
        #[arg(add = essay_completer())]
        essay: String,
        /// Width of the text column in cells (default: 72, or the terminal's width if narrower).
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1000))]
        width: Option<u16>,
        /// When to use colour and styles.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// Print the file as it is, not converted (a `.txt` with the lines left out).
        #[arg(long)]
        raw: bool,
    },
    /// Print an essay's headings, indented by level.
    Outline {
        /// A path, an id, or part of a title.
        #[arg(add = essay_completer())]
        essay: String,
        /// As JSON: [{"level","title","slug"}].
        #[arg(long)]
        json: bool,
    },
    /// List the library.
    List {
        /// As JSON: [{"id","title","author","words","source","path"}].
        #[arg(long)]
        json: bool,
    },
    /// Show the config folder, the bookmark and state files, and the essay folders.
    Paths {
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
    /// List bookmarks, of one essay or of all.
    Bookmarks {
        /// A path, an id, or part of a title.
        #[arg(add = essay_completer())]
        essay: Option<String>,
        /// As JSON: [{"essay","label","section","snippet","created"}].
        #[arg(long)]
        json: bool,
        /// Write all bookmarks with their passages as Markdown notes.
        #[arg(long, value_enum, conflicts_with = "json")]
        export: Option<ExportFormat>,
    },
    /// List highlights and notes, of one essay or of all; or export them.
    Highlights {
        /// A path, an id, or part of a title.
        #[arg(add = essay_completer())]
        essay: Option<String>,
        /// As JSON: [{"essay","title","section","text","note","created"}].
        #[arg(long)]
        json: bool,
        /// Export: md (grouped by essay, each passage quoted with its citation and note)
        /// or csv (Highlight,Title,Author,URL,Note,Location,Date, as Readwise imports).
        #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "json")]
        export: Option<HighlightFormat>,
    },
    /// Copy essays into the essays folder.
    Add {
        /// Markdown or text files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Replace essays of the same name.
        #[arg(long)]
        force: bool,
    },
    /// Search every essay: words must all occur, "quoted phrases" exactly; a capital makes
    /// case matter; quotes, dashes, spaces, ligatures and accents are ignored.
    Search {
        /// Words and "phrases" (all must occur in an essay).
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// As JSON: [{"essay","title","section","snippet","offset"}], best first.
        #[arg(long)]
        json: bool,
        /// At most this many essays.
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
        limit: u32,
    },
    /// Turn plain-text files and saved web pages into Markdown essays in the essays folder.
    Import {
        /// Plain-text files or saved web pages (.html, .htm); `-` reads standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print the Markdown instead of writing it.
        #[arg(long)]
        stdout: bool,
        /// Replace an essay of the same name.
        #[arg(long)]
        force: bool,
    },
    /// Print shell completions (bash, zsh, fish, elvish, powershell); ESSAY arguments
    /// complete the library's essays.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): commands, keys, folders.
    Man,
    /// Check config.toml (its path, then one line per problem; exit 1 if there is one), or
    /// print a commented example with every setting and its default.
    Config {
        /// Print the example config.toml instead: every setting, every key, at its default.
        #[arg(long)]
        example: bool,
    },
}

/// Completes an ESSAY argument with the library's essays (see [`crate::completions`]).
fn essay_completer() -> ArgValueCompleter {
    ArgValueCompleter::new(crate::completions::essay_candidates)
}

/// When `render` uses styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Styles when stdout is a terminal (and NO_COLOR is unset).
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Formats for `bookmarks --export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Markdown notes.
    Md,
}

/// Formats for `highlights --export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HighlightFormat {
    /// Markdown: per essay its title, author, date and source; each passage quoted with
    /// its section, citation and note.
    Md,
    /// CSV with the columns Highlight,Title,Author,URL,Note,Location,Date.
    Csv,
}
