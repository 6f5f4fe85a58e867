//! The commands behind the command line: each takes the parsed arguments and writes to
//! stdout; errors come back as one readable line for `main` to print.

use std::fmt::{Display, Write as _};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::{Cli, ColorChoice, Command};
use crate::core::document::Document;
use crate::core::layout::Layout;
use crate::core::sanitize::{clean, clean_line, is_unsafe};
use crate::library::{self, EssayInfo, EssayText, Library, Paths};
use crate::store::{Store, export_markdown};
use crate::ui::Theme;
use crate::ui::ansi::write_layout;

/// Width of the text column when nothing says otherwise.
const DEFAULT_WIDTH: u16 = crate::app::DEFAULT_COLUMN;

/// Runs the command line; returns the exit code.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let paths = Paths::resolve(cli.config_dir.clone(), cli.dirs.clone())?;
    for warning in &paths.warnings {
        report(warning);
    }
    // The essays folder is made on first run, so `paths` points at something real.
    if let Err(e) = paths.ensure_essays_dir() {
        report(e);
    }
    match cli.command {
        None => {
            if io::stdout().is_terminal() && io::stdin().is_terminal() {
                return crate::tui::startup::run_app(paths, cli.essay);
            }
            // Not a terminal: print instead of drawing a TUI into a pipe.
            match cli.essay {
                Some(essay) => render(&paths, &essay, None, ColorChoice::Auto),
                None => list(&paths, false),
            }
        }
        Some(Command::Render { essay, width, color }) => render(&paths, &essay, width, color),
        Some(Command::Outline { essay, json }) => outline(&paths, &essay, json),
        Some(Command::List { json }) => list(&paths, json),
        Some(Command::Paths { json }) => show_paths(&paths, json),
        Some(Command::Bookmarks { essay, json, export }) => {
            bookmarks(&paths, essay.as_deref(), json, export.is_some())
        }
        Some(Command::Add { files, force }) => add(&paths, &files, force),
    }
}

/// Prints `message` on stderr as one line after `essayreader: `. File names and essay text
/// may hold newlines and control characters; they are made visible, so the message stays
/// one line and cannot drive the terminal. A closed stderr is not worth a panic.
pub fn report(message: impl Display) {
    let _ = writeln!(io::stderr().lock(), "essayreader: {}", clean_line(&message.to_string()));
}

/// Writes text made of names and titles (which may come from hostile files) to stdout with
/// every control character made visible.
fn emit_text(text: &str) -> Result<ExitCode> {
    emit(&clean(text))
}

/// Writes `value` as pretty JSON. serde_json escapes only C0 controls; DEL, C1 controls and
/// bidi overrides are escaped here too (`\u009b`): the same data for a JSON reader, harmless
/// on a screen. Outside strings JSON holds only ASCII punctuation, so this touches strings only.
fn emit_json(value: &impl serde::Serialize) -> Result<ExitCode> {
    let json = serde_json::to_string_pretty(value)?;
    let mut out = String::with_capacity(json.len() + 1);
    for c in json.chars() {
        if is_unsafe(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    emit(&out)
}

/// Writes `text` to stdout; a closed pipe (`| head`) ends quietly.
fn emit(text: &str) -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e).context("cannot write to standard output"),
    }
}

/// Scans the library, reporting what it had to skip on stderr.
pub fn scan(paths: &Paths) -> Library {
    let library = Library::scan(&paths.essay_dirs());
    for warning in &library.warnings {
        report(warning);
    }
    library
}

/// Finds ESSAY and reads its text (a notice on stderr when it was not valid UTF-8).
fn load(paths: &Paths, query: &str) -> Result<(EssayInfo, EssayText)> {
    let library = if looks_like_file(query) { Library::default() } else { scan(paths) };
    let info = library::resolve(&library, query)?.into_info();
    let text = library::load_text(&info)?;
    // As the reader refuses to open it: an empty page with exit 0 would look like a bug.
    if text.text.trim_start_matches('\u{feff}').trim().is_empty() {
        bail!("{} is empty: nothing to read", info.path.display());
    }
    if text.lossy {
        report(format_args!("{} is not valid UTF-8; shown with replacement characters", info.path.display()));
    }
    Ok((info, text))
}

/// An existing file needs no library scan to be found.
fn looks_like_file(query: &str) -> bool {
    PathBuf::from(query).is_file()
}

fn render(paths: &Paths, query: &str, width: Option<u16>, color: ColorChoice) -> Result<ExitCode> {
    let (_, text) = load(paths, query)?;
    let terminal = io::stdout().is_terminal();
    let width = width.unwrap_or_else(|| {
        let columns = terminal.then(|| ratatui::crossterm::terminal::size().ok()).flatten().map(|(w, _)| w);
        columns.map_or(DEFAULT_WIDTH, |w| w.clamp(1, DEFAULT_WIDTH))
    });
    let theme = Theme::from_env();
    let styled = match color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && theme.color,
    };
    let doc = Document::parse(&text.text);
    let layout = Layout::new(&doc, width);
    let mut out = String::with_capacity(text.text.len() + text.text.len() / 4);
    write_layout(&layout, Theme { color: true }, styled, &mut out);
    emit(&out)
}

fn outline(paths: &Paths, query: &str, json: bool) -> Result<ExitCode> {
    let (info, text) = load(paths, query)?;
    let doc = Document::parse(&text.text);
    if doc.headings.is_empty() {
        // Not an error (the essay is fine), but an empty answer deserves a word.
        eprintln!("essayreader: \"{}\" has no headings", clean_line(&info.title));
    }
    if json {
        return emit_json(&doc.headings);
    }
    let min = doc.headings.iter().map(|h| h.level).min().unwrap_or(1);
    let mut out = String::new();
    for h in &doc.headings {
        out.push_str(&"  ".repeat(usize::from(h.level - min)));
        out.push_str(&h.title);
        out.push('\n');
    }
    emit_text(&out)
}

fn list(paths: &Paths, json: bool) -> Result<ExitCode> {
    let library = scan(paths);
    if json {
        return emit_json(&library.essays);
    }
    let id_width = library.essays.iter().map(|e| e.id.chars().count()).max().unwrap_or(0).min(40);
    let mut out = String::new();
    for e in &library.essays {
        let author = e.author.as_deref().map(|a| format!(" — {a}")).unwrap_or_default();
        let problem = e.problem.as_deref().map(|p| format!(" ({p})")).unwrap_or_default();
        let source = match e.source {
            library::Source::Bundled => "bundled",
            library::Source::User => "user",
        };
        out.push_str(&format!(
            "{:<id_width$}  {}{author}  [{} min, {source}]{problem}\n",
            e.id,
            e.title,
            e.reading_minutes()
        ));
    }
    if library.essays.is_empty() {
        out.push_str("No essays.\n");
    }
    emit_text(&out)
}

fn show_paths(paths: &Paths, json: bool) -> Result<ExitCode> {
    if json {
        return emit_json(paths);
    }
    let mut out = String::new();
    out.push_str(&format!("config folder:   {}\n", paths.config_dir.display()));
    out.push_str(&format!("config file:     {}\n", paths.config_file.display()));
    out.push_str(&format!("bookmarks file:  {}\n", paths.bookmarks_file.display()));
    out.push_str(&format!("positions file:  {}\n", paths.positions_file.display()));
    out.push_str(&format!("essays folder:   {}\n", paths.essays_dir.display()));
    for dir in &paths.extra_dirs {
        out.push_str(&format!("also essays in:  {}\n", dir.display()));
    }
    emit_text(&out)
}

fn bookmarks(paths: &Paths, query: Option<&str>, json: bool, export: bool) -> Result<ExitCode> {
    let (store, notices) = Store::open(&paths.config_dir);
    for notice in notices {
        report(notice);
    }
    let library = scan(paths);
    let essay = match query {
        Some(q) => Some(library::resolve(&library, q)?.info().id.clone()),
        None => None,
    };
    let list = store.bookmarks(essay.as_deref());
    if export {
        let title = |id: &str| library.get(id).map(|e| e.title.clone());
        return emit_text(&export_markdown(list.iter().copied(), title));
    }
    if json {
        let views: Vec<_> = list.iter().map(|b| b.view()).collect();
        return emit_json(&views);
    }
    let mut out = String::new();
    for b in &list {
        let date: String = b.created.chars().take(10).collect();
        out.push_str(&format!("{date}  {}  [{}]\n    {} — {}\n", b.label, b.essay, b.section, b.snippet));
    }
    if list.is_empty() {
        out.push_str("No bookmarks yet (press m while reading).\n");
    }
    emit_text(&out)
}

fn add(paths: &Paths, files: &[PathBuf], force: bool) -> Result<ExitCode> {
    let mut results = library::add_files(files, &paths.essays_dir, force);
    // One file, one line: its own error is the whole message.
    if let [Err(_)] = results.as_slice()
        && let Some(Err(e)) = results.pop()
    {
        return Err(e.into());
    }
    let mut failed = 0;
    for (file, result) in files.iter().zip(results) {
        match result {
            // Through `emit`, so `add … | head -0` does not panic on the closed pipe.
            Ok(dest) => {
                emit_text(&format!("added {} → {}\n", file.display(), dest.display()))?;
            }
            Err(e) => {
                report(e);
                failed += 1;
            }
        }
    }
    if failed > 0 {
        bail!("{failed} of {} files not added", files.len());
    }
    Ok(ExitCode::SUCCESS)
}
