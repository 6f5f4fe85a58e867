//! Making ids unique: the first essay keeps an id, later ones get `-2`, `-3`, ….

use super::EssayInfo;
use std::collections::HashSet;

/// Sets each essay's `id` from its `base_id`, in the given order (bundled first, then
/// the folders in scan order), so that every id is unique.
pub(crate) fn assign(essays: &mut [EssayInfo]) {
    let mut taken: HashSet<String> = HashSet::with_capacity(essays.len());
    // Base ids are claimed first, so "essay-2" written in a front matter is not taken
    // away by a suffixed duplicate that happens to come earlier.
    let bases: HashSet<&str> = essays.iter().map(|e| e.base_id.as_str()).collect();
    let bases: HashSet<String> = bases.into_iter().map(String::from).collect();
    for essay in essays.iter_mut() {
        let id = if taken.contains(&essay.base_id) {
            (2..)
                .map(|n| format!("{}-{n}", essay.base_id))
                .find(|candidate| !taken.contains(candidate) && !bases.contains(candidate))
                .unwrap_or_else(|| essay.base_id.clone())
        } else {
            essay.base_id.clone()
        };
        taken.insert(id.clone());
        essay.id = id;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{Location, Source};

    fn essay(base: &str) -> EssayInfo {
        EssayInfo {
            id: String::new(),
            base_id: base.into(),
            title: base.into(),
            author: None,
            date: None,
            tags: vec![],
            words: 0,
            source: Source::User,
            path: format!("{base}.md").into(),
            location: Location::File(format!("{base}.md").into()),
            problem: None,
            modified: None,
            size: 0,
        }
    }

    fn ids(bases: &[&str]) -> Vec<String> {
        let mut essays: Vec<EssayInfo> = bases.iter().map(|b| essay(b)).collect();
        assign(&mut essays);
        essays.into_iter().map(|e| e.id).collect()
    }

    #[test]
    fn later_duplicates_get_suffixes() {
        assert_eq!(ids(&["a", "b", "a", "a"]), ["a", "b", "a-2", "a-3"]);
    }

    #[test]
    fn a_suffix_never_steals_a_declared_id() {
        assert_eq!(ids(&["a", "a", "a-2"]), ["a", "a-3", "a-2"]);
    }
}
