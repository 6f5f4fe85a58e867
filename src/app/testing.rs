//! Models for tests: an essay opened the way the shell opens one.

use super::{Entry, Model, Msg, OpenedEssay, update};

/// A library entry with this id and title.
pub fn entry(id: &str, title: &str) -> Entry {
    Entry {
        id: id.into(),
        title: title.into(),
        author: None,
        date: None,
        tags: Vec::new(),
        words: 100,
        source: "user",
        problem: None,
        progress: None,
        last_read: None,
    }
}

/// A model reading `source` (id "essay", title `title`) in a terminal of `size`.
pub fn reading(source: &str, title: &str, size: (u16, u16)) -> Model {
    let mut model = Model::new(vec![entry("essay", title)], size);
    let opened = OpenedEssay {
        id: "essay".into(),
        title: title.into(),
        source: source.into(),
        resume: None,
        reload: false,
        window: None,
    };
    update(&mut model, Msg::Opened(Box::new(opened)));
    model
}
