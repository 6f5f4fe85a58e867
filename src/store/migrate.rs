//! Moving `bookmarks.json`, `positions.json` and `highlights.json` of earlier versions (one file each, in the
//! config folder) into this machine's files in the sync folder.
//!
//! Each bookmark and position becomes a line stamped with its own date, so a newer change
//! made on another machine still wins. The old files are renamed `<name>.migrated` once
//! their contents are saved in the sync folder, and removed at the next start that reads
//! the sync folder cleanly. Until saved (a read-only folder), they are read at every start.

use std::fs;

use super::folder::Slot;
use super::records::{Bookmark, Highlight, SavedPosition};
use super::sync::ops::{Line, Op};
use super::sync::{KINDS, Kind};
use super::{BOOKMARKS_FILE, HIGHLIGHTS_FILE, POSITIONS_FILE, Store, stamp_of};

/// How a migrated file's backup is named: `bookmarks.json.migrated`.
const BACKUP: &str = "migrated";

impl Store {
    /// Removes the backups an earlier start left, then moves the old files in.
    pub(super) fn migrate(&mut self) {
        self.remove_backups();
        let mut found = Vec::new();
        let bookmarks: Slot<Bookmark> = self.load_legacy(BOOKMARKS_FILE, &mut found);
        let positions: Slot<SavedPosition> = self.load_legacy(POSITIONS_FILE, &mut found);
        let highlights: Slot<Highlight> = self.load_legacy(HIGHLIGHTS_FILE, &mut found);
        if found.is_empty() {
            return;
        }
        let (machine, device): (String, std::sync::Arc<str>) =
            (self.sync.machine.clone(), self.sync.device.as_str().into());
        let line = |at: &str, op: Op| Line { at: stamp_of(at, &machine), dev: device.clone(), op };
        let mut batch: Vec<(Kind, Line)> = Vec::new();
        for b in &bookmarks.items {
            batch.push((Kind::Bookmarks, line(&b.created, Op::Add(b.clone()))));
        }
        for p in &positions.items {
            batch.push((Kind::Positions, line(&p.updated, Op::Position(p.clone()))));
        }
        for h in &highlights.items {
            // Stamped by its last edit, if any: the note it has is that edit's.
            let when = if h.edited.is_empty() { &h.created } else { &h.edited };
            batch.push((Kind::Highlights, line(when, Op::Highlight(h.clone()))));
        }
        // Shown now even if they cannot be saved: nothing is lost from view.
        for (_, line) in &batch {
            self.sync.merged.join(line.clone());
            self.sync.clock.observe(&line.at);
        }
        self.sync.merged.refresh(&self.sync.machine);
        if !self.writable() || self.write(&batch).is_err() {
            return;
        }
        // A file from a newer essayreader is read every time, never renamed.
        let newer = [
            (BOOKMARKS_FILE, bookmarks.blocked.is_some()),
            (POSITIONS_FILE, positions.blocked.is_some()),
            (HIGHLIGHTS_FILE, highlights.blocked.is_some()),
        ];
        for name in found {
            if newer.iter().any(|(n, blocked)| *n == name && *blocked) {
                continue;
            }
            let dir = &self.folder.dir;
            if let Err(e) = fs::rename(dir.join(name), dir.join(format!("{name}.{BACKUP}"))) {
                self.folder
                    .notices
                    .push(format!("{name} was copied to the sync folder but not renamed: {e}"));
            }
        }
    }

    /// Reads an old file if there is one, noting its name in `found`.
    fn load_legacy<T: super::records::Record>(
        &mut self,
        name: &'static str,
        found: &mut Vec<&'static str>,
    ) -> Slot<T> {
        let there = fs::symlink_metadata(self.folder.dir.join(name)).is_ok();
        let slot = self.folder.load::<T>();
        if there && fs::symlink_metadata(self.folder.dir.join(name)).is_ok_and(|m| m.is_file()) {
            found.push(name);
        }
        slot
    }

    /// Removes `<old>.migrated` once this machine's files read cleanly (so the migration's
    /// lines are in them).
    fn remove_backups(&mut self) {
        let clean = KINDS.iter().all(|&k| self.sync.blocked(k).is_none());
        if !clean || self.folder.blocked.is_some() {
            return;
        }
        let olds = [
            (BOOKMARKS_FILE, Kind::Bookmarks),
            (POSITIONS_FILE, Kind::Positions),
            (HIGHLIGHTS_FILE, Kind::Highlights),
        ];
        for (name, kind) in olds {
            let backup = self.folder.dir.join(format!("{name}.{BACKUP}"));
            let saved = self.sync.own_file(kind).is_file() || !self.sync.own[kind.index()].lines.is_empty();
            if backup.is_file() && saved {
                // Best effort: a backup that stays is harmless and tried again next time.
                let _ = fs::remove_file(backup);
            }
        }
    }
}
