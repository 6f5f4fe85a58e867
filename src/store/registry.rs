//! The essay registry (`essays.json`): every essay seen, by id, with what it is known by
//! (see [`crate::core::identity`]); and moving saved state from one essay id to another,
//! once for the ids of earlier versions and whenever the reader attaches detached state.

use std::collections::BTreeMap;
use std::time::Duration;

use super::error::StoreError;
use super::records::Record;
use super::{Change, Store};
use crate::core::identity::KnownEssay;

/// The registry's name in the config folder.
pub const ESSAYS_FILE: &str = "essays.json";

/// How long the one-time carry-over of old ids may wait for the folder lock.
const CARRY_OVER_WAIT: Duration = Duration::from_secs(2);

impl Record for KnownEssay {
    const FILE: &'static str = ESSAYS_FILE;
    const KEY: &'static str = "essays";
    const WHAT: &'static str = "known essays";

    /// By id; one entry per id, the last one given.
    fn tidy(items: &mut Vec<Self>) {
        let by_id: BTreeMap<String, KnownEssay> = items.drain(..).map(|k| (k.id.clone(), k)).collect();
        items.extend(by_id.into_values());
    }
}

impl Store {
    /// The registry as last read or written.
    pub fn known(&self) -> &[KnownEssay] {
        &self.known.items
    }

    /// Saves the registry a scan brought up to date (entries another running copy added
    /// meanwhile are kept). An essay that is not `present` and has no saved state is
    /// forgotten: nothing would be lost or detached, and the registry stays the size of
    /// the library. The first time a config folder gets a registry, saved state keyed by
    /// the ids of earlier versions is first moved to the new ids: `legacy` gives the
    /// (old, new) pairs.
    ///
    /// Never waits for another copy's lock: what is not saved now is saved after the next
    /// scan.
    pub fn remember_essays(
        &mut self,
        known: &[KnownEssay],
        present: impl Fn(&str) -> bool,
        legacy: impl FnOnce() -> Vec<(String, String)>,
    ) -> Result<(), StoreError> {
        let wait = std::mem::replace(&mut self.folder.lock_wait, Duration::ZERO);
        let result = self.remember_now(known, present, legacy);
        self.folder.lock_wait = wait;
        result
    }

    fn remember_now(
        &mut self,
        known: &[KnownEssay],
        present: impl Fn(&str) -> bool,
        legacy: impl FnOnce() -> Vec<(String, String)>,
    ) -> Result<(), StoreError> {
        if self.first_registry {
            let pairs = legacy();
            if !pairs.is_empty() {
                // Saved now, not by a background saver: the registry written below marks
                // the carry-over as done, so it must be on disk first. It happens once, so
                // it may wait a moment for a lock that is only briefly held (another copy
                // saving, a child process between fork and exec) rather than leave the
                // old ids showing for this run.
                let wait = std::mem::replace(&mut self.folder.lock_wait, CARRY_OVER_WAIT);
                let carried = self.change_now(Change::Rekey(pairs));
                self.folder.lock_wait = wait;
                carried?;
            }
        }
        let kept: Vec<KnownEssay> =
            known.iter().filter(|k| present(&k.id) || self.has_state(&k.id)).cloned().collect();
        let known = kept.as_slice();
        if !self.first_registry && self.known.items == known {
            return Ok(());
        }
        let result = self.folder.update(&mut self.known, |items| {
            // An entry this scan did not give (another running copy's) stays if state
            // hangs on it; else it is one this scan forgot or never needed.
            let merged = &self.sync.merged;
            let has_state = |id: &str| {
                merged.bookmarks().any(|b| b.essay == id)
                    || merged.whereabouts(id).is_some()
                    || merged.highlights().any(|h| h.essay == id)
            };
            items.retain(|k| !known.iter().any(|mine| mine.id == k.id) && has_state(&k.id));
            items.extend_from_slice(known);
            Ok(())
        });
        if result.is_ok() {
            self.first_registry = false;
        }
        result
    }

    /// Gives the saved state of essay `from` (a detached one) to essay `to`: its bookmarks,
    /// and its reading position unless `to` has a newer one. `from` leaves the registry.
    pub fn attach(&mut self, from: &str, to: &str) -> Result<(), StoreError> {
        self.change(Change::Rekey(vec![(from.to_string(), to.to_string())]))?;
        // Forgetting `from` can wait for a later save; the screen cannot wait for a lock.
        let wait = std::mem::replace(&mut self.folder.lock_wait, Duration::ZERO);
        let forgot = self.folder.update(&mut self.known, |items| {
            items.retain(|k| k.id != from);
            Ok(())
        });
        self.folder.lock_wait = wait;
        // Not an error for the reader: the state moved; the registry entry goes next time.
        if forgot.is_err() {
            self.known.items.retain(|k| k.id != from);
        }
        Ok(())
    }

    /// Whether any bookmark, reading position or highlight is saved under essay `id`.
    pub fn has_state(&self, id: &str) -> bool {
        self.sync.merged.bookmarks().any(|b| b.essay == id)
            || self.position(id).is_some()
            || self.sync.merged.highlights().any(|h| h.essay == id)
    }
}
