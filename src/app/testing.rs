//! Models for tests: an essay opened the way the shell opens one.

use super::{Entry, Model, Msg, OpenedEssay, update};
use crate::core::essay::EssayInfo;

/// A library entry with this id and title.
pub fn entry(id: &str, title: &str) -> Entry {
    let essay = EssayInfo { id: id.into(), title: title.into(), words: 100, ..EssayInfo::default() };
    Entry { essay, progress: None, last_read: None }
}

/// A model reading `source` (id "essay", title `title`) in a terminal of `size`.
pub fn reading(source: &str, title: &str, size: (u16, u16)) -> Model {
    let mut model = Model::new(vec![entry("essay", title)], size);
    let opened = OpenedEssay::new("essay", title, source);
    update(&mut model, Msg::Opened(Box::new(opened)));
    model
}
