//! The commands behind the command line: each takes the parsed arguments and writes to
//! stdout; errors come back as one readable line for `main` to print.

mod highlights;

use std::fmt::{Display, Write as _};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::{Cli, ColorChoice, Command};
use crate::core::document::Document;
use crate::core::layout::Layout;
use crate::core::sanitize::{clean, clean_line, is_unsafe};
use crate::library::{self, EssayInfo, EssayText, Library, Paths};
use crate::store::{Bookmark, Store, export_markdown};
use crate::ui::Theme;
use crate::ui::ansi::write_line;

/// How many of config.toml's problems a command other than `config` says.
const CONFIG_WARNINGS_SHOWN: usize = 3;

/// Width of the text column when nothing says otherwise.
const DEFAULT_WIDTH: u16 = crate::app::DEFAULT_COLUMN;

/// Runs the command line; returns the exit code.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let paths = Paths::resolve(cli.config_dir.clone(), cli.dirs.clone())?;
    // `config` says every problem of config.toml; other commands the first few.
    let all = matches!(cli.command, Some(Command::Config { example: false }));
    let shown = if all { paths.warnings.len() } else { CONFIG_WARNINGS_SHOWN };
    for warning in paths.warnings.iter().take(shown) {
        report(warning);
    }
    if paths.warnings.len() > shown {
        let more = paths.warnings.len() - shown;
        report(format_args!("and {more} more problems in config.toml (essayreader config lists them)"));
    }
    // The essays folder is made on first run, so `paths` points at something real.
    if let Err(e) = paths.ensure_essays_dir() {
        report(e);
    }
    match cli.command {
        None => {
            if io::stdout().is_terminal() && io::stdin().is_terminal() && can_draw() {
                return crate::tui::startup::run_app(paths, cli.essay);
            }
            // Not a terminal (or one that cannot draw): print instead of drawing a TUI.
            match cli.essay {
                Some(essay) => render(&paths, &essay, None, ColorChoice::Auto),
                None => list(&paths, false),
            }
        }
        Some(Command::Render { essay, width, color, raw: false }) => render(&paths, &essay, width, color),
        Some(Command::Render { essay, raw: true, .. }) => render_raw(&paths, &essay),
        Some(Command::Outline { essay, json }) => outline(&paths, &essay, json),
        Some(Command::List { json }) => list(&paths, json),
        Some(Command::Paths { json }) => show_paths(&paths, json),
        Some(Command::Bookmarks { essay, json, export }) => {
            bookmarks(&paths, essay.as_deref(), json, export.is_some())
        }
        Some(Command::Highlights { essay, json, export }) => {
            highlights::run(&paths, essay.as_deref(), json, export)
        }
        Some(Command::Add { files, force }) => add(&paths, &files, force),
        Some(Command::Search { query, json, limit }) => search(&paths, &query, json, limit),
        Some(Command::Import { files, stdout, force }) => import(&paths, &files, stdout, force),
        Some(Command::Completions { shell }) => {
            let mut script = Vec::new();
            crate::completions::write_script(shell, &mut script)?;
            emit(&String::from_utf8_lossy(&script))
        }
        Some(Command::Config { example: true }) => emit(&crate::config::example()),
        Some(Command::Config { example: false }) => check_config(&paths),
        Some(Command::Man) => {
            let mut page = Vec::new();
            crate::man::write_page(&mut page)?;
            emit(&String::from_utf8_lossy(&page))
        }
    }
}

/// Whether the terminal can draw a full-screen reader: `TERM=dumb` (Emacs' shell, some
/// editors' terminals) has no cursor movement, so the essay is printed there instead.
fn can_draw() -> bool {
    std::env::var_os("TERM").is_none_or(|term| term != "dumb")
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
    let (mut store, _) = paths.open_store();
    scan_with(paths, &mut store)
}

/// Scans the library with the ids `store`'s registry remembers, and saves what the scan
/// learnt (see [`crate::core::identity`]); reports what it had to skip on stderr.
fn scan_with(paths: &Paths, store: &mut Store) -> Library {
    let dirs = paths.essay_dirs();
    let library = Library::scan_known(&dirs, store.known().to_vec());
    // A registry that cannot be saved costs only the memory of moved files: said once, by
    // the store's notices when it is opened.
    let ids: std::collections::HashSet<&str> = library.essays.iter().map(|e| e.id.as_str()).collect();
    let present = |id: &str| ids.contains(id);
    let _ = store.remember_essays(&library.known, present, || library.legacy_ids(&dirs));
    for warning in library::few_warnings(&library.warnings) {
        report(warning);
    }
    library
}

/// The saved state, the library scanned with it, and the id of the essay `query` names
/// (`None`: every essay), as the bookmark and highlight commands read them.
fn saved_state(paths: &Paths, query: Option<&str>) -> Result<(Store, Library, Option<String>)> {
    let (mut store, notices) = paths.open_store();
    for notice in notices {
        report(notice);
    }
    let library = scan_with(paths, &mut store);
    let essay = match query {
        Some(q) => match library::resolve(&library, q)? {
            library::Resolved::Listed(info) => Some(info.id.clone()),
            // A file outside the folders has the id the registry gives it.
            library::Resolved::File(info) => Some(library.clone().adopt(*info).id),
        },
        None => None,
    };
    Ok((store, library, essay))
}

/// An essay's file, as listed now or else as last seen (a detached essay), for JSON.
fn essay_path(library: &Library, id: &str) -> Option<String> {
    let path = library.get(id).map(|e| &e.path).or_else(|| library.known(id).map(|k| &k.path));
    path.map(|p| p.to_string_lossy().into_owned())
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
    if text.windows_1252 {
        report(windows_1252_notice(&info.path));
    }
    Ok((info, text))
}

/// The line for a file that declares no character set, is not UTF-8 and was read as
/// Windows-1252.
fn windows_1252_notice(path: &Path) -> String {
    format!("{} is not UTF-8 and declares no character set; read as Windows-1252", path.display())
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
        // A dumb terminal would show the escape sequences as text.
        ColorChoice::Auto => terminal && theme.has_color() && can_draw(),
    };
    let mut out = String::with_capacity(text.text.len() + text.text.len() / 4);
    // The document takes the text over: its prose is read where it stands, not copied.
    // config.toml's theme (`auto` is dark here: a printed essay asks the terminal nothing).
    let theme = Theme::pick(paths.config.theme, None);
    // Each line is written as it is laid out: the lines are not kept, nor laid out twice.
    let doc = std::sync::Arc::new(Document::parse(text.text));
    Layout::each_line(&doc, width, |line| write_line(line, theme, styled, &mut out));
    emit(&out)
}

/// `render --raw`: the file as it is (a `.txt` before conversion), control characters
/// made visible.
fn render_raw(paths: &Paths, query: &str) -> Result<ExitCode> {
    let (info, _) = load(paths, query)?;
    let text = match info.file() {
        Some(path) => library::load_raw(path)?.text,
        None => library::load_text(&info)?.text,
    };
    emit_text(&text)
}

fn outline(paths: &Paths, query: &str, json: bool) -> Result<ExitCode> {
    let (info, text) = load(paths, query)?;
    let doc = Document::parse(text.text);
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
        let entries: Vec<_> = library.essays.iter().map(EssayInfo::list_entry).collect();
        return emit_json(&entries);
    }
    let id_width = library.essays.iter().map(|e| e.id.chars().count()).max().unwrap_or(0).min(40);
    let mut out = String::new();
    for e in &library.essays {
        let author = e.author.as_deref().map(|a| format!(" — {a}")).unwrap_or_default();
        let problem = e.problem.as_deref().map(|p| format!(" ({p})")).unwrap_or_default();
        let source = e.source.name();
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

/// `config`: where config.toml is and whether it reads cleanly (its problems were already
/// said on stderr, one line each, as every command says them).
fn check_config(paths: &Paths) -> Result<ExitCode> {
    let file = paths.config_file.display();
    if !paths.config.warnings.is_empty() {
        return Ok(ExitCode::FAILURE);
    }
    if paths.config_file.exists() {
        emit_text(&format!("{file}: no problems\n"))
    } else {
        emit_text(&format!("{file}: no such file, the defaults apply (essayreader config --example)\n"))
    }
}

fn show_paths(paths: &Paths, json: bool) -> Result<ExitCode> {
    let mut paths = paths.clone();
    paths.name_own_files();
    let paths = &paths;
    if json {
        return emit_json(paths);
    }
    let mut out = String::new();
    out.push_str(&format!("config folder:   {}\n", paths.config_dir.display()));
    out.push_str(&format!("config file:     {}\n", paths.config_file.display()));
    out.push_str(&format!("sync folder:     {}\n", paths.sync_dir.display()));
    out.push_str(&format!("bookmarks file:  {}\n", paths.bookmarks_file.display()));
    out.push_str(&format!("positions file:  {}\n", paths.positions_file.display()));
    out.push_str(&format!("essays registry: {}\n", paths.essays_file.display()));
    out.push_str(&format!("library cache:   {}\n", paths.library_cache_file.display()));
    out.push_str(&format!("essays folder:   {}\n", paths.essays_dir.display()));
    for dir in &paths.extra_dirs {
        out.push_str(&format!("also essays in:  {}\n", dir.display()));
    }
    emit_text(&out)
}

fn bookmarks(paths: &Paths, query: Option<&str>, json: bool, export: bool) -> Result<ExitCode> {
    let (store, library, essay) = saved_state(paths, query)?;
    let list = store.bookmarks(essay.as_deref());
    // The essay's title: as listed now, else as last seen (a detached essay).
    let title = |id: &str| library.title_of(id).map(str::to_string);
    let path = |id: &str| essay_path(&library, id);
    let essay_title = |b: &Bookmark| title(&b.essay).or_else(|| b.heading_title().map(str::to_string));
    if export {
        return emit_text(&export_markdown(list.iter().copied(), title));
    }
    if json {
        let titles: Vec<String> = list.iter().map(|b| essay_title(b).unwrap_or_default()).collect();
        let views: Vec<_> = list
            .iter()
            .zip(&titles)
            .map(|(b, t)| b.view(t, path(&b.essay)).made_on(store.bookmark_device(&b.id)))
            .collect();
        return emit_json(&views);
    }
    let mut out = String::new();
    for b in &list {
        let date: String = b.created.chars().take(10).collect();
        let essay = essay_title(b).unwrap_or_else(|| b.essay.clone());
        let detached = if library.get(&b.essay).is_none() { " (detached)" } else { "" };
        // Each field on its own line of the entry: a newline inside one would look like
        // the start of another entry.
        let (label, essay, section, snippet) =
            (one_line(&b.label), one_line(&essay), one_line(&b.section), one_line(&b.snippet));
        out.push_str(&format!("{date}  {label}  [{essay}]{detached}\n    {section} — {snippet}\n"));
    }
    if list.is_empty() {
        out.push_str("No bookmarks yet (press m while reading).\n");
    }
    emit_text(&out)
}

/// Text on one line: every run of whitespace (newlines too) as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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

/// One result of `search --json`.
#[derive(serde::Serialize)]
struct SearchEntry<'a> {
    essay: &'a str,
    title: &'a str,
    section: &'a str,
    snippet: &'a str,
    offset: usize,
}

fn search(paths: &Paths, words: &[String], json: bool, limit: u32) -> Result<ExitCode> {
    // Each argument is a word or, quoted by the shell, a phrase: `search "voice and exit"`.
    let text = words
        .iter()
        .map(|w| {
            if w.trim().contains(char::is_whitespace) && !w.contains(['"', '“', '”']) {
                format!("\"{w}\"")
            } else {
                w.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let query = crate::search::Query::parse(&text);
    let library = scan(paths);
    let hits = if query.is_empty() {
        Vec::new()
    } else {
        let corpus = crate::search::Corpus::build(&library.essays);
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        corpus.search(&query, limit, &|| false).unwrap_or_default()
    };
    if hits.is_empty() {
        // A pasted page as a query is not worth repeating in full.
        let shown: String = text.chars().take(80).collect();
        let more = if shown.len() < text.len() { "…" } else { "" };
        bail!("no essay matches {}{more}", clean_line(&shown));
    }
    if json {
        let entries: Vec<_> = hits
            .iter()
            .map(|h| SearchEntry {
                essay: &h.essay,
                title: &h.title,
                section: &h.section,
                snippet: &h.snippet,
                offset: h.offset,
            })
            .collect();
        return emit_json(&entries);
    }
    let mut out = String::new();
    for h in &hits {
        let section =
            if h.section.is_empty() { String::new() } else { format!(" · {}", one_line(&h.section)) };
        let n = if h.matches == 1 { "1 match".to_string() } else { format!("{} matches", h.matches) };
        out.push_str(&format!("{}  [{}]{section}  ({n})\n    {}\n", one_line(&h.title), h.essay, h.snippet));
    }
    emit_text(&out)
}

/// `import`: each file made a Markdown essay, written into the essays folder (its path
/// printed) or, with `--stdout`, printed (control characters made visible, as all output).
fn import(paths: &Paths, files: &[PathBuf], stdout: bool, force: bool) -> Result<ExitCode> {
    let mut failed = 0;
    for file in files {
        let result = library::import_file(file).and_then(|imported| {
            if imported.windows_1252 {
                report(windows_1252_notice(file));
            }
            if stdout {
                return Ok(imported.markdown);
            }
            let path = library::save_import(&imported, &paths.essays_dir, force)?;
            Ok(format!("{}\n", path.display()))
        });
        match result {
            Ok(out) => {
                emit_text(&out)?;
            }
            // One file, one line: its own error is the whole message.
            Err(e) if files.len() == 1 => return Err(e.into()),
            Err(e) => {
                report(e);
                failed += 1;
            }
        }
    }
    if failed > 0 {
        bail!("{failed} of {} files not imported", files.len());
    }
    Ok(ExitCode::SUCCESS)
}
