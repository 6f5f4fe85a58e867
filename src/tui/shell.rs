//! The real shell: performs the app's effects with the library and the store (opening an
//! essay, saving a position, changing bookmarks), and hands over what happened outside:
//! background work finished, essays added to the folders, the open essay changed on disk.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::window::first_screen_window;
use super::worker::{self, Outcome, Worker};
use super::{Shell, convert};
use crate::app::jumps::Landing;
use crate::app::{BookmarkEntry, Effect, Entry, Model, Msg, OpenedEssay};
use crate::core::document::{Document, SharedSource};
use crate::core::layout::Layout;
use crate::core::position;
use crate::library::{self, EssayInfo, FileStamp, Library, Paths, Watcher};
use crate::store::{Bookmark, Highlight, SavedPosition, Store};

/// How long quitting waits for saves held up by another program's lock.
const QUIT_WAIT: Duration = Duration::from_secs(5);
/// How many essays opened by path the library cache remembers.
const OPENED_KEPT: usize = 32;

/// The open essay's file, to notice when it changes on disk.
struct OpenFile {
    id: String,
    path: PathBuf,
    stamp: Option<FileStamp>,
    /// Its text's source hash once the reader has computed it (for the library cache).
    hash: Option<u64>,
}

/// Effects performed for real.
pub struct AppShell {
    paths: Paths,
    library: Library,
    /// Essays opened by path that are not in the library's folders.
    extra: Vec<EssayInfo>,
    /// Essays opened by path in earlier runs, as the library cache remembers them.
    opened: Vec<EssayInfo>,
    store: Store,
    /// Watching the essay folders; `None` until the first tick (see [`AppShell::new`]).
    watcher: Option<Watcher>,
    open: Option<OpenFile>,
    deleted: Vec<Bookmark>,
    /// Highlights deleted from the list, for undo.
    deleted_highlights: Vec<Highlight>,
    /// The screen was given to another program (the note's editor): draw all of it again.
    redraw: bool,
    rescan_at: Option<Instant>,
    /// The whole document of a long essay, being parsed in the background.
    parsing: Option<Worker<(String, Document)>>,
    /// That document laid out, at the width the open essay is read at, in the background too.
    laying_out: Option<Worker<(String, Layout)>>,
    /// The first reading of the essay folders, when it happens in the background.
    first_scan: Option<Worker<Library>>,
    /// The search over every essay, started by the first `S`.
    searcher: Option<crate::search::Searcher>,
    /// The registry of essays is to be saved on the next tick: after the first frame,
    /// which never waits for a file to be written (see [`AppShell::remember_essays_soon`]).
    remember_pending: bool,
    /// When to look next for what a sync tool has brought into the sync folder.
    sync_check_at: Instant,
    /// That look, under way on another thread.
    looking: Option<Worker<crate::store::Brought>>,
}

/// How often a running reader looks for other machines' changes in the sync folder.
const SYNC_CHECK_EVERY: Duration = Duration::from_secs(2);

impl AppShell {
    /// A shell over the library found at start-up; `first_scan`, if any, replaces it when
    /// the folders have been read. Without a `watcher`, the folders are watched from the
    /// first tick, after the first frame (starting a watcher waits for its thread).
    /// `outside` holds the essays opened by path from outside
    /// the folders: this run's, and those the library cache remembers from earlier runs.
    pub fn new(
        paths: Paths,
        library: Library,
        outside: (Vec<EssayInfo>, Vec<EssayInfo>),
        store: Store,
        watcher: Option<Watcher>,
        first_scan: Option<Worker<Library>>,
    ) -> AppShell {
        let (extra, opened) = outside;
        AppShell {
            paths,
            library,
            extra,
            opened,
            store,
            watcher,
            open: None,
            deleted: Vec::new(),
            deleted_highlights: Vec::new(),
            redraw: false,
            rescan_at: None,
            parsing: None,
            laying_out: None,
            first_scan,
            searcher: None,
            remember_pending: false,
            sync_check_at: Instant::now() + SYNC_CHECK_EVERY,
            looking: None,
        }
    }

    /// Every [`SYNC_CHECK_EVERY`]: what other machines did, as a sync tool has brought it
    /// since, shown now (bookmarks, highlights, places in the library), and said. The open
    /// essay stays where it is: if another machine has read on in it, the reader is told,
    /// and opening it again continues there.
    fn rejoin(&mut self, model: &Model) -> Vec<Msg> {
        let brought = match self.looking.as_ref().map(Worker::poll) {
            None => {
                if Instant::now() >= self.sync_check_at {
                    let look = self.store.look();
                    self.looking = Some(worker::spawn("look at the sync folder", move || look.run()));
                }
                return Vec::new();
            }
            // A folder that does not answer is waited for, never looked at twice at once.
            Some(Outcome::Pending) => return Vec::new(),
            Some(Outcome::Done(brought)) => Ok(brought),
            Some(Outcome::Failed(why)) => Err(why),
        };
        self.looking = None;
        self.sync_check_at = Instant::now() + SYNC_CHECK_EVERY;
        let brought = match brought {
            Ok(brought) if !brought.is_empty() => brought,
            Ok(_) => return Vec::new(),
            Err(why) => return vec![Msg::Notice(why)],
        };
        let open = model.reader.as_ref().map(|r| r.id.as_str());
        let place = |store: &Store| {
            open.and_then(|id| store.position(id)).map(|p| (p.updated.clone(), p.anchor.offset))
        };
        let before = place(&self.store);
        let devices = self.store.take_in(brought);
        let mut msgs: Vec<Msg> = self.store.take_notices().into_iter().map(Msg::Notice).collect();
        if devices.is_empty() {
            return msgs;
        }
        let read_on =
            open.filter(|_| place(&self.store) != before).and_then(|id| self.store.continued_from(id));
        msgs.push(Msg::Notice(match read_on {
            Some(device) => format!("Read on at {device}: open this essay again to continue there"),
            None => format!("Synced from {}", devices.join(", ")),
        }));
        msgs.push(Msg::Bookmarks(self.bookmark_entries(model)));
        msgs.push(Msg::Highlights(self.highlight_entries()));
        msgs.push(Msg::Library(self.entries()));
        msgs
    }

    /// The folder new essays go in, as the library shows it.
    pub fn essays_dir(&self) -> String {
        self.paths.essays_dir.display().to_string()
    }

    /// Gives queued saves up to a second, quietly: before the screen is given back, which
    /// can fail on a closed terminal.
    pub fn settle_saves(&mut self) {
        self.store.settle(Duration::from_secs(1));
    }

    /// Ends background saving once the screen is given back: waits at most `QUIT_WAIT`
    /// for a lock held by another program, saying so on stderr, and says what was not saved.
    pub fn finish_saves(&mut self) {
        self.store.finish(QUIT_WAIT, &mut |line| crate::commands::report(line));
    }

    /// Remembers the library's metadata for a quick next start; `model`'s open essay gives
    /// its source hash, if it was computed.
    pub fn save_library_cache(&self, model: &Model) {
        // Only a cache: failing to write it costs the next start some time, nothing else.
        let opened = self.opened_to_cache(model);
        let _ = crate::store::save_library_cache(&self.paths.config_dir, &self.library.to_cache(), &opened);
    }

    /// The essays opened by path to remember, by canonical path: this run's first, then
    /// those remembered before, at most [`OPENED_KEPT`].
    fn opened_to_cache(&self, model: &Model) -> Vec<EssayInfo> {
        // The open essay's hash, if its text is still the one of the file's stamp (not
        // reloaded since it was opened).
        let hash_of = |essay: &EssayInfo| {
            let open = self.open.as_ref().filter(|o| o.id == essay.id && o.stamp == essay.stamp)?;
            let reader = model.reader.as_ref().filter(|r| r.id == open.id);
            open.hash.or_else(|| reader?.source.known_hash())
        };
        let mut out: Vec<EssayInfo> = Vec::new();
        for essay in self.extra.iter().filter(|e| e.stamp.is_some()) {
            // A file gone by now is not remembered.
            if let Ok(path) = essay.path.canonicalize()
                && !out.iter().any(|o| o.path == path)
            {
                let source_hash = hash_of(essay).or(essay.source_hash);
                out.push(EssayInfo { path, source_hash, ..essay.clone() });
            }
        }
        for essay in &self.opened {
            if !out.iter().any(|o| o.path == essay.path) {
                out.push(essay.clone());
            }
        }
        out.truncate(OPENED_KEPT);
        out
    }

    fn info(&self, id: &str) -> Option<&EssayInfo> {
        self.library.get(id).or_else(|| self.extra.iter().find(|e| e.id == id))
    }

    /// The library as the app lists it, with progress from saved positions.
    pub fn entries(&self) -> Vec<Entry> {
        convert::entries(&self.library, &self.store)
    }

    /// All bookmarks for the app; those of the open essay are placed in its current text.
    pub fn bookmark_entries(&self, model: &Model) -> Vec<BookmarkEntry> {
        let open = model.reader.as_ref().map(|r| (r.id.as_str(), &r.source));
        convert::bookmark_entries(&self.library, &self.extra, &self.store, open)
    }

    /// All highlights for the app.
    pub fn highlight_entries(&self) -> Vec<crate::app::HighlightEntry> {
        convert::highlight_entries(&self.library, &self.extra, &self.store)
    }

    fn highlights_changed(&mut self, result: Result<(), crate::store::StoreError>) -> Vec<Msg> {
        let mut msgs = Vec::new();
        if let Err(e) = result {
            msgs.push(Msg::Notice(format!("Highlight not saved: {e}")));
        }
        msgs.extend(self.store.take_notices().into_iter().map(Msg::Notice));
        msgs.push(Msg::Highlights(self.highlight_entries()));
        msgs
    }

    /// Loads an essay; `bookmark` (an id) chooses where to start instead of the saved place.
    fn open(&mut self, id: &str, bookmark: Option<&str>, at: Option<Landing>) -> Vec<Msg> {
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
        let lossy = text.lossy;
        // Shared with the reader and the background parse, and hashed at most once: not at
        // all if the file is still as it was when its hash was remembered.
        let unchanged = info.stamp.is_some() && info.file().is_some_and(|p| library::stamp(p) == info.stamp);
        let source = match info.source_hash.filter(|_| unchanged) {
            Some(hash) => SharedSource::with_hash(text.text, hash),
            None => text.text,
        };
        let resolve =
            |a: &position::TextAnchor| position::Resolver::hashed(&source, source.hash()).resolve(a);
        let mut resume = anchor.and_then(|a| resolve(&a).offset());
        let plain_open = bookmark.is_none() && at.is_none();
        let mut missing = None;
        match at {
            Some(Landing::Passage(a)) => resume = resolve(&a).offset().or(resume),
            Some(Landing::Heading(slug)) => {
                let heading = Document::parse(&source).heading_offset(&slug);
                missing = heading.is_none().then(|| format!("No heading #{slug} in {}", info.title));
                resume = heading.or(resume);
            }
            Some(Landing::Offset(at)) => {
                resume = Some(at).filter(|&at| source.is_char_boundary(at)).or(resume)
            }
            None => {}
        }
        self.open = info.file().map(|path| OpenFile {
            id: info.id.clone(),
            path: path.to_path_buf(),
            stamp: library::stamp(path),
            hash: source.known_hash(),
        });
        // Bookmarks are placed in the text as it is now, before the reader sees them.
        let bookmarks =
            convert::bookmark_entries(&self.library, &self.extra, &self.store, Some((&info.id, &source)));
        let window = first_screen_window(&source, resume);
        if window.is_some() {
            self.parse_in_background(&info.id, source.clone());
        }
        let mut msgs = vec![
            Msg::Bookmarks(bookmarks),
            Msg::Highlights(self.highlight_entries()),
            Msg::Opened(Box::new(OpenedEssay {
                resume,
                at_saved_place: plain_open && resume.is_some(),
                window,
                ..OpenedEssay::new(info.id.as_str(), info.title.as_str(), source)
            })),
        ];
        if lossy {
            msgs.push(Msg::Notice("Not valid UTF-8: shown with replacement characters".into()));
        }
        if text.windows_1252 {
            msgs.push(Msg::Notice(library::formats::WINDOWS_1252_NOTICE.into()));
        }
        msgs.extend(missing.map(Msg::Notice));
        // Opened at the place another device read last: said, and this machine's own place
        // is where Backspace goes.
        if plain_open && let Some(device) = self.store.continued_from(id) {
            let here = self.store.position_here(id).map(|p| p.anchor.clone());
            msgs.push(Msg::Continued { essay: info.id.clone(), device: device.to_string(), here });
        }
        msgs
    }

    /// Saves what the last scan learnt of the essays' identities (the first time, moving
    /// saved state from the ids of earlier versions); the store's notices, if any.
    pub fn remember_essays(&mut self) -> Vec<Msg> {
        let dirs = self.paths.essay_dirs();
        let library = &self.library;
        // Only a loss of memory for moved files if it fails: the store said why at start.
        let ids: std::collections::HashSet<&str> =
            library.essays.iter().chain(&self.extra).map(|e| e.id.as_str()).collect();
        let present = |id: &str| ids.contains(id);
        let _ = self.store.remember_essays(&library.known, present, || library.legacy_ids(&dirs));
        self.store.take_notices().into_iter().map(Msg::Notice).collect()
    }

    /// [`AppShell::remember_essays`] on the first tick, after the first frame, unless saved
    /// state must first move from the ids of an earlier version: then now, before anything
    /// is shown under the new ids (once per config folder). Returns the store's notices.
    pub fn remember_essays_soon(&mut self) -> Vec<Msg> {
        let dirs = self.paths.essay_dirs();
        let library = &self.library;
        if self.store.carries_over(|| library.legacy_ids(&dirs)) {
            return self.remember_essays();
        }
        self.remember_pending = true;
        Vec::new()
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
        match self.store.save_position(SavedPosition::new(essay, anchor, progress)) {
            Ok(()) => self.store.take_notices().into_iter().map(Msg::Notice).collect(),
            Err(e) => vec![Msg::Notice(format!("Reading position not saved: {e}"))],
        }
    }

    /// Parses a long essay on another thread; [`Shell::tick`] hands the result over.
    fn parse_in_background(&mut self, id: &str, source: SharedSource) {
        let id = id.to_string();
        // A layout still being made of an earlier text (the essay opened again, or changed
        // on disk) is not wanted any more: its result is dropped with it.
        self.laying_out = None;
        self.parsing = Some(worker::spawn("background parse", move || {
            let doc = Document::parse(&source);
            // The text's hash too (every jump, save and bookmark takes an anchor with it):
            // not computed before the first frame, and not on the first key either.
            source.hash();
            (id, doc)
        }));
    }

    /// The open essay's file changed: read it again and stay at the same passage.
    fn reload_open(&mut self, model: &Model) -> Vec<Msg> {
        let (Some(open), Some(reader)) = (self.open.as_mut(), model.reader.as_ref()) else {
            return Vec::new();
        };
        if open.id != reader.id {
            return Vec::new();
        }
        let stamp = library::stamp(&open.path);
        if stamp.is_none() && !open.path.exists() {
            // Said once: the model ignores it for a reader that already knows.
            return vec![Msg::FileGone(reader.id.clone())];
        }
        if stamp == open.stamp || stamp.is_none() {
            return Vec::new();
        }
        open.stamp = stamp;
        open.hash = None;
        let Ok(text) = library::load_path(&open.path) else { return Vec::new() };
        let resume = position::resolve(&text.text, &reader.top_anchor()).offset();
        vec![
            Msg::Opened(Box::new(OpenedEssay {
                resume,
                reload: true,
                ..OpenedEssay::new(reader.id.as_str(), reader.title.as_str(), text.text)
            })),
            Msg::Notice("The essay changed on disk and was reloaded".into()),
        ]
    }
}

impl Shell for AppShell {
    fn perform(&mut self, effect: Effect, model: &Model) -> Vec<Msg> {
        match effect {
            Effect::Open { essay, bookmark } => self.open(&essay, bookmark.as_deref(), None),
            Effect::SearchLibrary { query, generation } => {
                let searcher = self.searcher.get_or_insert_with(crate::search::Searcher::spawn);
                let essays: Vec<&EssayInfo> = self.library.essays.iter().collect();
                searcher.search(&essays, &query, generation, crate::app::library_search::MAX_RESULTS);
                Vec::new()
            }
            Effect::OpenAt { essay, at } => self.open(&essay, None, Some(at)),
            Effect::Browse(url) => match super::browser::open(&url) {
                Ok(()) => Vec::new(),
                Err(e) => vec![Msg::Notice(format!("Cannot open {url}: {e}"))],
            },
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
            Effect::Attach { from, to } => {
                let result = self.store.attach(&from, &to);
                let title = self.info(&to).map(|e| e.title.clone()).unwrap_or_else(|| to.clone());
                let done = result.is_ok();
                let mut msgs = self.bookmarks_changed(model, result);
                self.library.known.retain(|k| k.id != from);
                if done {
                    msgs.push(Msg::Notice(format!("Attached to {title}")));
                }
                msgs.push(Msg::Library(self.entries()));
                msgs
            }
            Effect::RenameBookmark(id, label) => {
                let result = self.store.rename_bookmark(&id, &label);
                self.bookmarks_changed(model, result)
            }
            Effect::AddHighlight { essay, section, text, note, start, end } => {
                let result =
                    self.store.add_highlight(Highlight::new(&essay, &section, &text, &note, start, end));
                self.highlights_changed(result)
            }
            Effect::DeleteHighlight(id) => {
                let result =
                    self.store.delete_highlight(&id).map(|deleted| self.deleted_highlights.extend(deleted));
                self.highlights_changed(result)
            }
            Effect::UndoDeleteHighlight => match self.deleted_highlights.pop() {
                Some(h) => {
                    let result = self.store.restore_highlight(h);
                    self.highlights_changed(result)
                }
                None => vec![Msg::Notice("Nothing to undo".into())],
            },
            Effect::SetHighlightNote(id, note) => {
                let result = self.store.set_highlight_note(&id, &note);
                self.highlights_changed(result)
            }
            Effect::Copy(text) => vec![Msg::Notice(super::clipboard::copy(&text))],
            Effect::EditNote(note) => {
                self.redraw = true;
                match super::editor::edit(&note) {
                    Ok(note) => vec![Msg::NoteEdited(note)],
                    Err(e) => vec![Msg::Notice(format!("No editor: {e}"))],
                }
            }
        }
    }

    fn take_redraw(&mut self) -> bool {
        std::mem::take(&mut self.redraw)
    }

    fn busy(&self) -> bool {
        self.first_scan.is_some()
            || self.remember_pending
            || self.watcher.is_none()
            || self.parsing.is_some()
            || self.laying_out.is_some()
            || self.searcher.as_ref().is_some_and(|s| s.busy())
    }

    fn tick(&mut self, model: &Model) -> Vec<Msg> {
        // Saves happen on the store's thread: take what it has to say.
        let saved = self.store.poll();
        let mut msgs: Vec<Msg> = saved.notices.into_iter().map(Msg::Notice).collect();
        if let (Some(open), Some(reader)) = (self.open.as_mut(), model.reader.as_ref())
            && open.hash.is_none()
            && open.id == reader.id
        {
            // Kept for the library cache once known (the reader may be closed by then).
            open.hash = reader.source.known_hash();
        }
        if std::mem::take(&mut self.remember_pending) {
            msgs.extend(self.remember_essays());
        }
        if self.watcher.is_none() {
            let (watcher, notice) = Watcher::start(&self.paths.essay_dirs());
            self.watcher = Some(watcher);
            msgs.extend(notice.map(Msg::Notice));
            if self.first_scan.is_none() {
                // What changed before the watch began (the open essay too) is seen now.
                self.rescan_at = Some(Instant::now());
            }
        }
        msgs.extend(self.rejoin(model));
        if saved.changed {
            msgs.push(Msg::Bookmarks(self.bookmark_entries(model)));
            msgs.push(Msg::Highlights(self.highlight_entries()));
            msgs.push(Msg::Library(self.entries()));
        }
        match self.first_scan.as_ref().map(Worker::poll) {
            None | Some(Outcome::Pending) => {}
            Some(Outcome::Done(library)) => {
                self.first_scan = None;
                self.library = library;
                // The folders are watched from before this point on, maybe not from before
                // the scan read them: what changed in between is seen by a rescan now.
                self.rescan_at = Some(Instant::now());
                msgs.extend(self.remember_essays());
                msgs.push(Msg::Library(self.entries()));
                msgs.push(Msg::Bookmarks(self.bookmark_entries(model)));
                msgs.push(Msg::Highlights(self.highlight_entries()));
            }
            Some(Outcome::Failed(why)) => {
                self.first_scan = None;
                msgs.push(Msg::Notice(why));
            }
        }
        match self.parsing.as_ref().map(Worker::poll) {
            None | Some(Outcome::Pending) => {}
            Some(Outcome::Done((id, doc))) => {
                self.parsing = None;
                // Laid out off this thread too: a 10 MiB book's layout takes some 50 ms, which
                // keys pressed meanwhile would wait for. At the width the essay is read at
                // now (the reader relays it out if that changes before it arrives).
                if let Some(reader) = model.reader.as_ref().filter(|r| r.id == id) {
                    let width = u16::try_from(reader.layout.width()).unwrap_or(u16::MAX);
                    self.laying_out = Some(worker::spawn("background layout", move || {
                        // What the parse left free goes first.
                        worker::give_back_freed_memory();
                        (id, Layout::new(&Arc::new(doc), width))
                    }));
                }
            }
            Some(Outcome::Failed(why)) => {
                self.parsing = None;
                msgs.push(Msg::Notice(why));
            }
        }
        match self.laying_out.as_ref().map(Worker::poll) {
            None | Some(Outcome::Pending) => {}
            Some(Outcome::Done((id, layout))) => {
                self.laying_out = None;
                msgs.push(Msg::Parsed(id, Box::new(layout)));
            }
            Some(Outcome::Failed(why)) => {
                self.laying_out = None;
                msgs.push(Msg::Notice(why));
            }
        }
        if let Some(answer) = self.searcher.as_ref().and_then(crate::search::Searcher::poll) {
            let crate::search::Answer { generation, hits, essays } = answer;
            msgs.push(Msg::LibraryHits(crate::app::library_search::LibraryAnswer {
                generation,
                hits,
                essays,
            }));
        }
        let changed = self.watcher.as_ref().is_some_and(Watcher::try_changed);
        let due = self.rescan_at.is_some_and(|at| Instant::now() >= at);
        if changed || due {
            self.rescan_at = None;
            let before: std::collections::HashSet<String> =
                std::mem::take(&mut self.library.warnings).into_iter().collect();
            self.library = self.library.rescan(&self.paths.essay_dirs());
            // New trouble in a folder (a broken link, an unreadable folder) is said once.
            if let Some(warning) = self.library.warnings.iter().find(|w| !before.contains(*w)) {
                msgs.push(Msg::Notice(warning.clone()));
            }
            if !self.library.settling.is_empty() {
                // Files still being written: look again once they have settled.
                self.rescan_at = Some(Instant::now() + library::SETTLE);
            }
            msgs.extend(self.remember_essays());
            msgs.push(Msg::Library(self.entries()));
            msgs.push(Msg::Bookmarks(self.bookmark_entries(model)));
            msgs.push(Msg::Highlights(self.highlight_entries()));
            msgs.extend(self.reload_open(model));
        }
        msgs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{CONFIG_DIR_VAR, ESSAYS_DIR_VAR};
    use crate::store::ESSAYS_FILE;
    use std::path::Path;

    /// A shell as `startup` makes it, over the config folder `config` and essays `essays`.
    fn shell_in(config: &Path, essays: &Path) -> AppShell {
        let env = |name: &str| match name {
            CONFIG_DIR_VAR => Some(config.as_os_str().to_owned()),
            ESSAYS_DIR_VAR => Some(essays.as_os_str().to_owned()),
            _ => None,
        };
        let paths = Paths::resolve_with(env, None, Vec::new()).expect("paths");
        let (mut store, _) = Store::open_in(&paths.config_dir, &paths.sync_dir, paths.device());
        let library = Library::scan_known(&paths.essay_dirs(), store.known().to_vec());
        store.save_in_background();
        AppShell::new(paths, library, (Vec::new(), Vec::new()), store, None, None)
    }

    #[test]
    fn the_registry_is_written_and_the_folders_watched_on_the_first_tick_after_the_first_frame() {
        let dir = tempfile::tempdir().unwrap();
        let (config, essays) = (dir.path().join("config"), dir.path().join("essays"));
        std::fs::create_dir_all(&essays).unwrap();
        std::fs::write(essays.join("alpha.md"), "# Alpha\n\none two three\n").unwrap();
        let mut shell = shell_in(&config, &essays);
        assert!(shell.remember_essays_soon().is_empty());
        assert!(!config.join(ESSAYS_FILE).exists(), "nothing written before the first frame");
        assert!(shell.busy(), "the loop looks again soon");
        assert!(shell.watcher.is_none(), "the folders are watched from the first tick");
        let model = Model::new(shell.entries(), (80, 24));
        shell.tick(&model);
        assert!(shell.watcher.is_some());
        let registry = std::fs::read_to_string(config.join(ESSAYS_FILE)).unwrap();
        assert!(registry.contains("Alpha"), "{registry}");
        assert!(!shell.remember_pending);
    }

    #[test]
    fn state_saved_under_an_old_id_is_carried_over_before_the_first_frame() {
        let dir = tempfile::tempdir().unwrap();
        let (config, essays) = (dir.path().join("config"), dir.path().join("essays"));
        std::fs::create_dir_all(&essays).unwrap();
        let text = "# Alpha\n\none two three\n";
        std::fs::write(essays.join("alpha.md"), text).unwrap();
        // A position saved by an earlier version, under the title's slug.
        let (mut old, _) = Store::open(&config);
        let anchor = position::capture(text, 9, Vec::new());
        old.save_position(SavedPosition::new("alpha", anchor, 0.5)).unwrap();
        drop(old);
        let mut shell = shell_in(&config, &essays);
        let id = shell.library.essays.iter().find(|e| e.title == "Alpha").unwrap().id.clone();
        assert_ne!(id, "alpha");
        shell.remember_essays_soon();
        assert!(config.join(ESSAYS_FILE).exists(), "the carry-over is marked done at once");
        assert!(shell.store.position(&id).is_some(), "the position follows the new id");
    }
}
