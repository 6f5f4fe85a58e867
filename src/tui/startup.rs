//! From the command line to the first frame and back: reading the library (from its cache,
//! or in the background), resolving the essay asked for before the screen is taken, running
//! the loop, and what is kept on the way out.

use std::io;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;

use super::shell::AppShell;
use super::{Shell, TerminalEvents, TerminalGuard, run_loop, worker};
use crate::app::keymap::Keymap;
use crate::app::{DEFAULT_COLUMN, Effect, Model, OpenedEssay, update};
use crate::config::Config;
use crate::library::{self, Library, Paths, Resolved};
use crate::store::{Chosen, View};
use crate::ui::Theme;

/// How long after start `theme = "auto"` asks the terminal for its background: after the
/// first frame, in a write of its own.
const BACKGROUND_AFTER: Duration = Duration::from_millis(15);

/// How long a long essay's first screen is left to the terminal before the whole essay is
/// read, identified and parsed. The terminal shares the processors with that work, and draws
/// the screen sooner without it: on this 2-core machine, `ttff.py`'s first frames measured
/// 2.6 / 0.6 / 1.1 ms sooner for `gen1` / `real1` / `gen10` (medians of 41 alternating runs).
/// Only work the user does not see waits: the first screen is already there, and the window
/// it was drawn from holds several more.
const FIRST_SCREEN_TO_THE_TERMINAL: Duration = Duration::from_millis(5);

/// Runs the full-screen reader: the library, or `essay` opened.
pub fn run_app(paths: Paths, essay: Option<String>) -> Result<ExitCode> {
    let dirs = paths.essay_dirs();
    let (mut store, mut notices) = paths.open_store();
    // Ids are given with the registry of essays seen before (see `core::identity`).
    let known = store.known().to_vec();
    // Remembered metadata: only files changed since the last run are read before the
    // first frame.
    let (cache, cache_notice): (crate::store::LibraryCache<library::EssayInfo>, _) =
        crate::store::load_library_cache(&paths.config_dir);
    let crate::store::LibraryCache { essays: cached, opened } = cache;
    let (view, view_writable, view_notice) = crate::store::load_view(&paths.config_dir);
    notices.extend(view_notice);
    // A long essay named by path shows its first screen now, from a part of its file, and
    // the screen is taken for it; anything else is resolved before the screen is taken.
    let known_before =
        super::preview::Known { cached: &cached, opened: &opened, registry: &known, store: &store };
    let early = essay.as_deref().and_then(|query| {
        let ahead = super::window::screen_ahead(crossterm::terminal::size().unwrap_or_default());
        super::preview::prepare(query, &known_before, ahead)
    });
    let early_guard = match early {
        Some(opened) => {
            let guard = draw_preview(opened, &paths, &view, &notices)?;
            std::thread::sleep(FIRST_SCREEN_TO_THE_TERMINAL);
            Some(guard)
        }
        None => None,
    };
    // With nothing remembered and no essay to find, the library shows at once with the
    // bundled essays and fills in when the folders have been read on another thread.
    let mut first_scan = None;
    let mut library = if !cached.is_empty() {
        Library::from_cache(cached, known).refresh(&dirs)
    } else if essay.is_none() {
        let folders = dirs.clone();
        first_scan = Some(worker::spawn("first scan of the essay folders", move || {
            Library::scan_known(&folders, known)
        }));
        Library::scan(&[])
    } else {
        Library::scan_known(&dirs, known)
    };
    // Resolve the argument before taking over the screen, so a bad one is a plain error
    // (the screen is already taken only for a first screen drawn from a readable file).
    let mut extra = Vec::new();
    let start = match essay.as_deref() {
        Some(query) => {
            // An essay opened by path before and unchanged since is not hashed again.
            let resolved = library::resolve_remembering(&library, query, &opened)?;
            let id = resolved.info().id.clone();
            match resolved {
                Resolved::File(info) => {
                    let info = library.adopt(*info);
                    let id = info.id.clone();
                    extra.push(info);
                    Some(id)
                }
                Resolved::Listed(_) => Some(id),
            }
        }
        None => None,
    };
    // The screen never waits for the folder lock: saves go to a background thread.
    store.save_in_background();
    // Said before the screen is taken too (on stderr), but that is hidden until the end.
    notices.extend(crate::config::status_line(&paths.config_file, &paths.config.warnings));
    notices.extend(cache_notice);
    notices.extend(library::few_warnings(&library.warnings));
    let scanned = first_scan.is_none();
    let config = paths.config.clone();
    let config_dir = paths.config_dir.clone();
    let mut shell = AppShell::new(paths, library, (extra, opened), store, None, first_scan);
    if scanned {
        // What the scan learnt of identities is kept after the first frame (a background
        // scan's, when it ends).
        for msg in shell.remember_essays_soon() {
            if let crate::app::Msg::Notice(n) = msg {
                notices.push(n);
            }
        }
    }
    let mut guard = match early_guard {
        Some(guard) => guard,
        None => TerminalGuard::enter()?,
    };
    let size = guard.terminal.size()?;
    let mut model = Model::new(shell.entries(), (size.width, size.height));
    model.essays_dir = shell.essays_dir();
    let start_view = apply_settings(&mut model, &config, &view);
    model.status_note = (!notices.is_empty()).then(|| notices.join(" · "));
    model.all_bookmarks = shell.bookmark_entries(&model);
    model.all_highlights = shell.highlight_entries();
    if let Some(id) = start {
        for msg in shell.perform(Effect::Open { essay: id, bookmark: None }, &model) {
            for effect in update(&mut model, msg) {
                shell.perform(effect, &model);
            }
        }
    }
    // `auto` starts dark and asks the terminal once the first frame is out: the first frame
    // never waits for a terminal (one that answers nothing would cost a timeout on every
    // start), and the answer redraws the screen in the theme it calls for.
    let theme = Theme::pick(config.theme, None);
    let signals = Arc::clone(&guard.signals);
    let mut events = TerminalEvents::new(Arc::clone(&signals));
    if Theme::needs_background(config.theme) {
        events.ask_background(BACKGROUND_AFTER);
    }
    let result = run_loop(&mut guard.terminal, &mut events, &mut shell, &mut model, theme, &signals.stop);
    let signal = signals.stopped_by();
    shell.settle_saves();
    drop(guard);
    shell.finish_saves();
    shell.save_library_cache(&model);
    if view_writable {
        remember_view(&config_dir, &config, &view, start_view, &model);
    }
    result.map_err(|e: io::Error| anyhow::anyhow!("terminal error: {e}"))?;
    Ok(match signal {
        Some(sig) => ExitCode::from(128u8.saturating_add(sig as u8)),
        None => ExitCode::SUCCESS,
    })
}

/// Takes the screen and draws `essay`'s first screen on it, in a model of its own: the
/// full open, once the library is read, draws over it what it adds.
fn draw_preview(essay: OpenedEssay, paths: &Paths, view: &View, notices: &[String]) -> Result<TerminalGuard> {
    let config = &paths.config;
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    let mut model = Model::new(Vec::new(), (size.width, size.height));
    apply_settings(&mut model, config, view);
    let mut notices = notices.to_vec();
    notices.extend(crate::config::status_line(&paths.config_file, &config.warnings));
    model.status_note = (!notices.is_empty()).then(|| notices.join(" · "));
    update(&mut model, crate::app::Msg::Opened(Box::new(essay)));
    let theme = Theme::pick(config.theme, None);
    guard.terminal.draw(|frame| crate::ui::render(&model, theme, frame))?;
    Ok(guard)
}

/// Puts config.toml's settings and the remembered view into a new model: the keys, and the
/// text width and outline (each the user's last choice while config.toml still says what it
/// said then, see [`Chosen::start`]). Returns the width and outline it started with.
fn apply_settings(model: &mut Model, config: &Config, view: &View) -> (u16, bool) {
    model.keys = Arc::new(Keymap::with(&config.keys));
    model.column = Chosen::start(view.width, config.width, DEFAULT_COLUMN);
    model.show_outline = Chosen::start(view.outline, config.outline, true);
    (model.column, model.show_outline)
}

/// Keeps, for the next start, what the user changed while reading (nothing is written if
/// nothing was changed). Said on stderr if it cannot be kept: the screen is gone by now.
fn remember_view(config_dir: &Path, config: &Config, view: &View, start: (u16, bool), model: &Model) {
    let mut now = *view;
    if model.column != start.0 {
        now.width = Some(Chosen { value: model.column, config: config.width });
    }
    if model.show_outline != start.1 {
        now.outline = Some(Chosen { value: model.show_outline, config: config.outline });
    }
    if now != *view
        && let Err(e) = crate::store::save_view(config_dir, &now)
    {
        crate::commands::report(format_args!("cannot remember the text width and outline: {e}"));
    }
}
