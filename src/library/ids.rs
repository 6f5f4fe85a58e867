//! Giving essays their ids (see [`crate::core::identity`]), and the ids essays had before
//! ids came from content, to carry saved state over.

use super::meta::title_slug;
use super::{EssayInfo, Library, Source};
use crate::core::identity::{self, Found, KnownEssay};
use std::collections::HashSet;
use std::path::PathBuf;

/// Sets each essay's `id`, in the given order (bundled first, then the folders in scan
/// order: earlier essays win a contested id), and returns the registry brought up to date.
pub(crate) fn assign(essays: &mut [EssayInfo], known: &[KnownEssay]) -> Vec<KnownEssay> {
    let found: Vec<Found> = essays
        .iter()
        .map(|e| Found {
            path: &e.path,
            fingerprint: e.fingerprint,
            sketch: &e.sketch,
            declared: e.declared_id.as_deref(),
            title: &e.title,
        })
        .collect();
    let (ids, registry) = identity::assign(&found, known);
    for (essay, id) in essays.iter_mut().zip(ids) {
        essay.id = id;
    }
    registry
}

impl Library {
    /// Gives an essay opened by path from outside the folders its id from the registry, as
    /// if it were one of the library's (so its bookmarks follow it when it is edited or
    /// moved into a folder), and keeps it in the registry.
    pub fn adopt(&mut self, mut outsider: EssayInfo) -> EssayInfo {
        let mut all: Vec<EssayInfo> = self.essays.clone();
        all.push(outsider.clone());
        self.known = assign(&mut all, &self.known);
        outsider.id = all.pop().map(|e| e.id).unwrap_or(outsider.id);
        outsider
    }

    /// The ids this library's essays had before ids came from content (the front matter
    /// `id`, else the title's slug, `-2`, `-3` for later duplicates in scan order), paired
    /// with their ids now, where the two differ: saved state keyed the old way is moved
    /// to the new ids once.
    pub fn legacy_ids(&self, dirs: &[PathBuf]) -> Vec<(String, String)> {
        // Scan order: bundled first, then each folder depth-first in file-name order, which
        // is the order of paths compared component by component.
        let folder = |e: &EssayInfo| dirs.iter().position(|d| e.path.starts_with(d)).unwrap_or(usize::MAX);
        let mut order: Vec<&EssayInfo> = self.essays.iter().collect();
        order.sort_by_cached_key(|e| (e.source != Source::Bundled, folder(e), e.path.clone()));
        let bases: Vec<String> =
            order.iter().map(|e| e.declared_id.clone().unwrap_or_else(|| title_slug(&e.title))).collect();
        let declared: HashSet<&str> = bases.iter().map(String::as_str).collect();
        let mut taken: HashSet<String> = HashSet::new();
        let mut pairs = Vec::new();
        for (essay, base) in order.iter().zip(&bases) {
            let old = if taken.contains(base) {
                (2..)
                    .map(|n| format!("{base}-{n}"))
                    .find(|c| !taken.contains(c) && !declared.contains(c.as_str()))
                    .unwrap_or_else(|| base.clone())
            } else {
                base.clone()
            };
            taken.insert(old.clone());
            if old != essay.id {
                pairs.push((old, essay.id.clone()));
            }
        }
        pairs
    }
}
