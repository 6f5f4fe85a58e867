//! The library's actions: the selection, the filter and the order.

use super::super::{Entry, Mode, Model, Sort};

pub(super) fn selected_entry(model: &Model) -> Option<&Entry> {
    model.visible.get(model.selected).and_then(|&i| model.entries.get(i))
}

/// Recomputes which library entries show, in which order.
pub fn refresh_visible(model: &mut Model) {
    let entries = &model.entries;
    let mut visible: Vec<usize> = (0..entries.len()).collect();
    match model.sort {
        Sort::Title => {}
        Sort::Author => {
            visible.sort_by_key(|&i| entries[i].author.clone().unwrap_or_default().to_lowercase())
        }
        Sort::Date => visible.sort_by(|&a, &b| entries[b].date.cmp(&entries[a].date)),
        Sort::Recent => visible.sort_by(|&a, &b| entries[b].last_read.cmp(&entries[a].last_read)),
    }
    if !model.filter.trim().is_empty() {
        // Filtering ranks by how well each essay matches, best first.
        let items = entries.iter().map(|e| (e.title.as_str(), e.author.as_deref(), e.tags.as_slice()));
        visible = crate::core::rank::rank(items, &model.filter);
    }
    model.visible = visible;
    model.selected = model.selected.min(model.visible.len().saturating_sub(1));
}

/// Leaves the filter prompt, clearing the filter.
pub(super) fn clear_filter(model: &mut Model) {
    model.filter.clear();
    model.mode = Mode::Normal;
    refresh_visible(model);
}

pub(super) fn move_selection(model: &mut Model, delta: isize) {
    let len = model.visible.len();
    if len > 0 {
        model.selected = model.selected.saturating_add_signed(delta).min(len - 1);
    }
}
