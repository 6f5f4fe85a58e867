//! The real shell: performs the app's effects with the library and the store, watches the
//! essay folders, and saves the reading position now and then.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use anyhow::Result;

use super::{Shell, TerminalEvents, TerminalGuard, run_loop};
use crate::app::{BookmarkEntry, Effect, Entry, Model, Msg, OpenedEssay, update};
use crate::core::document::Document;
use crate::core::position;
use crate::library::{self, EssayInfo, Library, Location, Paths, Resolved, Source, Watcher};
use crate::store::{Bookmark, SavedPosition, Store};
use crate::ui::Theme;

/// How often the reading position is saved while reading.
const SAVE_EVERY: Duration = Duration::from_secs(20);
/// How long quitting waits for saves held up by another program's lock.
const QUIT_WAIT: Duration = Duration::from_secs(5);

/// The open essay's file, to notice when it changes on disk.
struct OpenFile {
    id: String,
    path: PathBuf,
    stamp: Option<(u64, SystemTime)>,
}

/// Effects performed for real.
pub struct AppShell {
    paths: Paths,
    library: Library,
    /// Essays opened by path that are not in the library's folders.
    extra: Vec<EssayInfo>,
    store: Store,
    watcher: Option<Watcher>,
    open: Option<OpenFile>,
    deleted: Vec<Bookmark>,
    last_save: Instant,
    saved_offset: Option<(String, usize)>,
    rescan_at: Option<Instant>,
    /// The whole document of a long essay, being parsed in the background.
    parsing: Option<mpsc::Receiver<(String, Document)>>,
    /// The first reading of the essay folders, when it happens in the background.
    first_scan: Option<mpsc::Receiver<Library>>,
}

fn file_stamp(path: &PathBuf) -> Option<(u64, SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

impl AppShell {
    fn info(&self, id: &str) -> Option<&EssayInfo> {
        self.library.get(id).or_else(|| self.extra.iter().find(|e| e.id == id))
    }

    /// The library as the app lists it, with progress from saved positions.
    pub fn entries(&self) -> Vec<Entry> {
        self.library
            .essays
            .iter()
            .map(|e| {
                let position = self.store.position(&e.id);
                Entry {
                    id: e.id.clone(),
                    title: e.title.clone(),
                    author: e.author.clone(),
                    date: e.date.clone(),
                    tags: e.tags.clone(),
                    words: e.words,
                    source: match e.source {
                        Source::Bundled => "bundled",
                        Source::User => "user",
                    },
                    problem: e.problem.clone(),
                    progress: position.map(|p| p.progress),
                    last_read: position
                        .and_then(|p| {
                            crate::store::parse_time(&p.updated).duration_since(SystemTime::UNIX_EPOCH).ok()
                        })
                        .map(|d| d.as_secs()),
                }
            })
            .collect()
    }

    /// All bookmarks for the app; those of the open essay are placed in its current text.
    fn bookmark_entries(&self, model: &Model) -> Vec<BookmarkEntry> {
        self.bookmarks_for(model.reader.as_ref().map(|r| (r.id.as_str(), r.source.as_str())))
    }

    /// All bookmarks; those of `open` (an essay id and its text) are placed in that text.
    fn bookmarks_for(&self, open: Option<(&str, &str)>) -> Vec<BookmarkEntry> {
        // Made only when the open essay has bookmarks: it hashes the whole text.
        let mut resolver = None;
        self.store
            .bookmarks(None)
            .into_iter()
            .map(|b| {
                let offset = match open {
                    Some((id, source)) if id == b.essay => resolver
                        .get_or_insert_with(|| position::Resolver::new(source))
                        .resolve(&b.anchor)
                        .offset(),
                    _ => Some(b.anchor.offset),
                };
                BookmarkEntry {
                    id: b.id.clone(),
                    essay: b.essay.clone(),
                    label: b.label.clone(),
                    section: b.section.clone(),
                    snippet: b.snippet.clone(),
                    created: b.created.clone(),
                    offset,
                }
            })
            .collect()
    }

    /// Loads an essay; `bookmark` (an id) chooses where to start instead of the saved place.
    fn open(&mut self, id: &str, bookmark: Option<&str>) -> Vec<Msg> {
        let Some(info) = self.info(id).cloned() else {
            return vec![Msg::Notice(format!("No essay with id {id} any more"))];
        };
        let text = match library::load_text(&info) {
            Ok(text) => text,
            Err(e) => return vec![Msg::Notice(format!("Cannot open: {e}"))],
        };
        let anchor = match bookmark {
            Some(b) => self.store.bookmark(b).map(|b| b.anchor.clone()),
            None => self.store.position(id).map(|p| p.anchor.clone()),
        };
        let resume = anchor.and_then(|a| position::resolve(&text.text, &a).offset());
        self.open = match &info.location {
            Location::File(path) => {
                Some(OpenFile { id: info.id.clone(), path: path.clone(), stamp: file_stamp(path) })
            }
            Location::Bundled(_) => None,
        };
        // Bookmarks are placed in the text as it is now, before the reader sees them.
        let bookmarks = self.bookmarks_for(Some((&info.id, &text.text)));
        let window = first_screen_window(&text.text, resume);
        if window.is_some() {
            self.parse_in_background(&info.id, &text.text);
        }
        let mut msgs = vec![
            Msg::Bookmarks(bookmarks),
            Msg::Opened(Box::new(OpenedEssay {
                id: info.id.clone(),
                title: info.title.clone(),
                source: text.text,
                resume,
                reload: false,
                window,
            })),
        ];
        if text.lossy {
            msgs.push(Msg::Notice("Not valid UTF-8: shown with replacement characters".into()));
        }
        msgs
    }

    fn bookmarks_changed(&mut self, model: &Model, result: Result<(), crate::store::StoreError>) -> Vec<Msg> {
        let mut msgs = Vec::new();
        if let Err(e) = result {
            msgs.push(Msg::Notice(format!("Bookmark not saved: {e}")));
        }
        msgs.extend(self.store.take_notices().into_iter().map(Msg::Notice));
        msgs.push(Msg::Bookmarks(self.bookmark_entries(model)));
        msgs
    }

    fn save_position(&mut self, essay: &str, anchor: position::TextAnchor, progress: f32) -> Vec<Msg> {
        let offset = anchor.offset;
        match self.store.save_position(SavedPosition::new(essay, anchor, progress)) {
            Ok(()) => {
                self.saved_offset = Some((essay.to_string(), offset));
                self.store.take_notices().into_iter().map(Msg::Notice).collect()
            }
            Err(e) => vec![Msg::Notice(format!("Reading position not saved: {e}"))],
        }
    }

    /// Parses a long essay on another thread; [`Shell::tick`] hands the result over.
    fn parse_in_background(&mut self, id: &str, source: &str) {
        let (tx, rx) = mpsc::channel();
        let (id, source) = (id.to_string(), source.to_string());
        std::thread::spawn(move || {
            let doc = Document::parse(&source);
            let _ = tx.send((id, doc));
        });
        self.parsing = Some(rx);
    }

    /// The open essay's file changed: read it again and stay at the same passage.
    fn reload_open(&mut self, model: &Model) -> Vec<Msg> {
        let (Some(open), Some(reader)) = (self.open.as_mut(), model.reader.as_ref()) else {
            return Vec::new();
        };
        if open.id != reader.id {
            return Vec::new();
        }
        let stamp = file_stamp(&open.path);
        if stamp == open.stamp || stamp.is_none() {
            return Vec::new();
        }
        open.stamp = stamp;
        let Ok(text) = library::load_path(&open.path) else { return Vec::new() };
        let anchor = position::capture(&reader.source, reader.top_offset(), reader.heading_path());
        let resume = position::resolve(&text.text, &anchor).offset();
        vec![
            Msg::Opened(Box::new(OpenedEssay {
                id: reader.id.clone(),
                title: reader.title.clone(),
                source: text.text,
                resume,
                reload: true,
                window: None,
            })),
            Msg::Notice("The essay changed on disk and was reloaded".into()),
        ]
    }
}

impl Shell for AppShell {
    fn perform(&mut self, effect: Effect, model: &Model) -> Vec<Msg> {
        match effect {
            Effect::Open(target) => {
                let (id, bookmark) = match target.split_once('#') {
                    Some((id, b)) => (id.to_string(), Some(b.to_string())),
                    None => (target, None),
                };
                self.open(&id, bookmark.as_deref())
            }
            Effect::SavePosition { essay, anchor, progress } => {
                let mut msgs = self.save_position(&essay, anchor, progress);
                msgs.push(Msg::Library(self.entries()));
                msgs
            }
            Effect::AddBookmark { essay, label, section, snippet, anchor } => {
                let result =
                    self.store.add_bookmark(Bookmark::new(&essay, &label, &section, &snippet, anchor));
                self.bookmarks_changed(model, result)
            }
            Effect::DeleteBookmark(id) => {
                let result = self.store.delete_bookmark(&id).map(|deleted| self.deleted.extend(deleted));
                self.bookmarks_changed(model, result)
            }
            Effect::UndoDelete => match self.deleted.pop() {
                Some(b) => {
                    let result = self.store.restore_bookmark(b);
                    self.bookmarks_changed(model, result)
                }
                None => vec![Msg::Notice("Nothing to undo".into())],
            },
            Effect::RenameBookmark(id, label) => {
                let result = self.store.rename_bookmark(&id, &label);
                self.bookmarks_changed(model, result)
            }
        }
    }

    fn busy(&self) -> bool {
        self.first_scan.is_some() || self.parsing.is_some()
    }

    fn tick(&mut self, model: &Model) -> Vec<Msg> {
        // Saves happen on the store's thread: take what it has to say.
        let saved = self.store.poll();
        let mut msgs: Vec<Msg> = saved.notices.into_iter().map(Msg::Notice).collect();
        if saved.changed {
            msgs.push(Msg::Bookmarks(self.bookmark_entries(model)));
            msgs.push(Msg::Library(self.entries()));
        }
        if let Some(rx) = self.first_scan.as_ref() {
            match rx.try_recv() {
                Ok(library) => {
                    self.first_scan = None;
                    self.library = library;
                    msgs.push(Msg::Library(self.entries()));
                }
                Err(mpsc::TryRecvError::Disconnected) => self.first_scan = None,
                Err(mpsc::TryRecvError::Empty) => {}
            }
        }
        if let Some(rx) = self.parsing.as_ref() {
            match rx.try_recv() {
                Ok((id, doc)) => {
                    msgs.push(Msg::Parsed(id, Box::new(doc)));
                    self.parsing = None;
                }
                Err(mpsc::TryRecvError::Disconnected) => self.parsing = None,
                Err(mpsc::TryRecvError::Empty) => {}
            }
        }
        let changed = self.watcher.as_ref().is_some_and(Watcher::try_changed);
        let due = self.rescan_at.is_some_and(|at| Instant::now() >= at);
        if changed || due {
            self.rescan_at = None;
            let before = std::mem::take(&mut self.library.warnings);
            self.library = self.library.rescan(&self.paths.essay_dirs());
            // New trouble in a folder (a broken link, an unreadable folder) is said once.
            if let Some(warning) = self.library.warnings.iter().find(|w| !before.contains(w)) {
                msgs.push(Msg::Notice(warning.clone()));
            }
            if !self.library.settling.is_empty() {
                // Files still being written: look again once they have settled.
                self.rescan_at = Some(Instant::now() + library::SETTLE);
            }
            msgs.push(Msg::Library(self.entries()));
            msgs.extend(self.reload_open(model));
        }
        if let Some(reader) = model.reader.as_ref()
            && self.last_save.elapsed() >= SAVE_EVERY
        {
            self.last_save = Instant::now();
            let offset = reader.top_offset();
            if self.saved_offset.as_ref() != Some(&(reader.id.clone(), offset)) {
                let height = usize::from(model.geometry().body_height);
                let anchor = position::capture(&reader.source, offset, reader.heading_path());
                msgs.extend(self.save_position(&reader.id.clone(), anchor, reader.progress(height)));
            }
        }
        msgs
    }
}

/// Essays longer than this show their first screen from a part while the rest parses.
const WINDOW_FROM: usize = 256 * 1024;
/// About how much text around the reading place is parsed for the first screen.
const WINDOW_LEN: usize = 64 * 1024;

/// The part of a long essay to parse for its first screen: from a paragraph break a little
/// before the place to resume (or the start) to one a screenful or two after it.
fn first_screen_window(source: &str, resume: Option<usize>) -> Option<std::ops::Range<usize>> {
    if source.len() < WINDOW_FROM {
        return None;
    }
    let boundary = |mut i: usize| {
        while !source.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let at = resume.unwrap_or(0).min(source.len());
    let back = boundary(at.saturating_sub(WINDOW_LEN / 4));
    let start = match source.get(..back).and_then(|s| s.rfind("\n\n")) {
        Some(i) if back > 0 => i + 2,
        _ => 0,
    };
    let ahead = boundary((at + WINDOW_LEN).min(source.len()));
    let end = source.get(ahead..).and_then(|s| s.find("\n\n")).map_or(source.len(), |i| ahead + i + 2);
    (end - start < source.len() / 2).then_some(start..end)
}

/// Runs the full-screen reader: the library, or `essay` opened.
pub fn run_app(paths: Paths, essay: Option<String>) -> Result<ExitCode> {
    let dirs = paths.essay_dirs();
    // Remembered metadata: only files changed since the last run are read before the
    // first frame.
    let cached: Vec<library::CachedEssay> = crate::store::load_library_cache(&paths.config_dir);
    // With nothing remembered and no essay to find, the library shows at once with the
    // bundled essays and fills in when the folders have been read on another thread.
    let mut first_scan = None;
    let library = if !cached.is_empty() {
        Library::from_cache(cached).refresh(&dirs)
    } else if essay.is_none() {
        let (tx, rx) = mpsc::channel();
        let folders = dirs.clone();
        std::thread::spawn(move || {
            let _ = tx.send(Library::scan(&folders));
        });
        first_scan = Some(rx);
        Library::scan(&[])
    } else {
        Library::scan(&dirs)
    };
    // Resolve the argument before taking over the screen, so a bad one is a plain error.
    let mut extra = Vec::new();
    let start = match essay.as_deref() {
        Some(query) => {
            let resolved = library::resolve(&library, query)?;
            let id = resolved.info().id.clone();
            if let Resolved::File(info) = resolved {
                extra.push(*info);
            }
            Some(id)
        }
        None => None,
    };
    let (mut store, mut notices) = Store::open(&paths.config_dir);
    // The screen never waits for the folder lock: saves go to a background thread.
    store.save_in_background();
    let (watcher, watch_notice) = Watcher::start(&dirs);
    notices.extend(watch_notice);
    notices.extend(library.warnings.iter().cloned());
    let mut shell = AppShell {
        paths,
        library,
        extra,
        store,
        watcher: Some(watcher),
        open: None,
        deleted: Vec::new(),
        last_save: Instant::now(),
        saved_offset: None,
        rescan_at: None,
        parsing: None,
        first_scan,
    };
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    let mut model = Model::new(shell.entries(), (size.width, size.height));
    model.essays_dir = shell.paths.essays_dir.display().to_string();
    model.status_note = (!notices.is_empty()).then(|| notices.join(" · "));
    model.all_bookmarks = shell.bookmark_entries(&model);
    if let Some(id) = start {
        for msg in shell.perform(Effect::Open(id), &model) {
            for effect in update(&mut model, msg) {
                shell.perform(effect, &model);
            }
        }
    }
    let result = run_loop(
        &mut guard.terminal,
        &mut TerminalEvents,
        &mut shell,
        &mut model,
        Theme::from_env(),
        &guard.stop,
    );
    // Stopped by a signal or an error: still keep the reader's place.
    if !model.quit
        && let Some(reader) = model.reader.as_ref()
    {
        let height = usize::from(model.geometry().body_height);
        let anchor = position::capture(&reader.source, reader.top_offset(), reader.heading_path());
        shell.save_position(&reader.id.clone(), anchor, reader.progress(height));
    }
    // A terminal that went away counts as a hang-up: quietly, like SIGHUP.
    let hung_up = matches!(&result, Err(e) if e.to_string() == super::HUNG_UP);
    let signal = guard.signal().or(hung_up.then_some(signal_hook::consts::SIGHUP));
    let result = if hung_up { Ok(()) } else { result };
    // Saved before the screen is given back: giving it back may fail on a closed terminal.
    shell.store.settle(Duration::from_secs(1));
    drop(guard);
    shell.store.finish(QUIT_WAIT, &mut |line| crate::commands::report(line));
    // Only a cache: failing to write it costs the next start some time, nothing else.
    let _ = crate::store::save_library_cache(&shell.paths.config_dir, &shell.library.to_cache());
    result.map_err(|e: io::Error| anyhow::anyhow!("terminal error: {e}"))?;
    Ok(match signal {
        Some(sig) => ExitCode::from(128u8.saturating_add(sig as u8)),
        None => ExitCode::SUCCESS,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long_essay() -> String {
        let mut text = String::from("# Long\n\n");
        for i in 0..4000 {
            text.push_str(&format!("Paragraph {i} — with “quotes” and some words to fill the line.\n\n"));
        }
        text
    }

    #[test]
    fn short_essays_are_parsed_whole() {
        assert_eq!(first_screen_window("# Short\n\ntext\n", None), None);
    }

    #[test]
    fn a_long_essay_opens_on_a_window_around_the_place_to_resume() {
        let text = long_essay();
        let at = text.find("Paragraph 3000 ").unwrap();
        let window = first_screen_window(&text, Some(at)).unwrap();
        assert!(window.start < at && at < window.end, "{window:?} around {at}");
        assert!(text[..window.start].ends_with("\n\n") && text[..window.end].ends_with("\n\n"));
        let start = first_screen_window(&text, None).unwrap();
        assert_eq!(start.start, 0);
    }

    #[test]
    fn a_window_keeps_the_offsets_of_the_whole_essay() {
        let text = long_essay();
        let at = text.find("Paragraph 3000 ").unwrap();
        let window = first_screen_window(&text, Some(at)).unwrap();
        let part = Document::parse_part(&text, window);
        let whole = Document::parse(&text);
        let (pb, pbyte) = part.place_of_source(at);
        let (wb, wbyte) = whole.place_of_source(at);
        assert_eq!(part.source_of(pb, pbyte), at);
        assert_eq!(whole.source_of(wb, wbyte), at);
    }
}
