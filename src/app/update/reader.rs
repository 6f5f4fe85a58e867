//! The reader's actions: scrolling, heading jumps, search and footnotes.

use super::super::keymap::{Action, Context};
use super::super::search::Search;
use super::super::{Mode, Model, Reader};
use super::body_height;
use crate::core::layout::Anchor;

/// Keeps the search typed, saying how many matches it has; a jump from where it began.
pub(super) fn accept_search(model: &mut Model) {
    let mode = std::mem::take(&mut model.mode);
    let Some(reader) = model.reader.as_ref() else { return };
    if let Mode::SearchInput { from } = mode
        && from != reader.anchor
    {
        let offset = reader.doc.source_of(from.block, from.byte);
        let anchor = reader.anchor_at(offset, Vec::new());
        model.jumps.record(super::super::jumps::Place { essay: reader.id.clone(), anchor });
    }
    match reader.search.as_ref().map(|s| s.matches.len()) {
        Some(0) => model.notice = Some(format!("Not found: {}", reader.search_query())),
        None => {}
        Some(1) => model.notice = Some("1 match".into()),
        Some(n) => model.notice = Some(format!("{n} matches")),
    }
}

/// Drops the search typed and goes back to where it began.
pub(super) fn cancel_search(model: &mut Model) {
    let Mode::SearchInput { from } = std::mem::take(&mut model.mode) else { return };
    if let Some(reader) = model.reader.as_mut() {
        reader.search = None;
        let line = reader.layout.line_of(from);
        reader.set_top(line);
    }
}

/// Searches for `query` from the place the search began, showing the first match after it.
pub(super) fn set_search_query(model: &mut Model, from: Anchor, query: &str) {
    let height = body_height(model);
    let Some(reader) = model.reader.as_mut() else { return };
    let search = reader.search.get_or_insert_with(|| Search::new(&reader.layout));
    search.set_query(&reader.layout, query);
    let start = reader.layout.line_of(from);
    if let Some((i, _)) = search.first_from(start) {
        search.current = Some(i);
        let line = search.match_line(i).unwrap_or(start);
        reader.set_top(line.saturating_sub(height / 3));
    } else {
        reader.set_top(start);
    }
}

impl Reader {
    fn search_query(&self) -> &str {
        self.search.as_ref().map_or("", |s| s.query.as_str())
    }
}

pub(super) fn scroll(model: &mut Model, delta: isize) {
    let height = body_height(model);
    if let Some(reader) = model.reader.as_mut() {
        let max_top = reader.layout.len().saturating_sub(height);
        let target = reader.top.saturating_add_signed(delta);
        let target = if delta > 0 { target.min(max_top.max(reader.top)) } else { target };
        reader.set_top(target);
    }
}

/// The heading level that counts as "top-level": the highest level, unless only a lone
/// title has it, in which case the next one down.
pub(crate) fn section_level(reader: &Reader) -> Option<u8> {
    let headings = &reader.doc.headings;
    let top = headings.iter().map(|h| h.level).min()?;
    let at_top = headings.iter().filter(|h| h.level == top).count();
    if at_top == 1 && headings.len() > 1 {
        headings.iter().map(|h| h.level).filter(|&l| l > top).min()
    } else {
        Some(top)
    }
}

pub(super) fn jump_heading(model: &mut Model, forward: bool, top_level_only: bool) {
    let Some(reader) = model.reader.as_mut() else { return };
    let level = if top_level_only { section_level(reader) } else { None };
    let lines = reader.layout.heading_lines();
    let eligible =
        |i: &usize| level.is_none_or(|l| reader.doc.headings.get(*i).is_some_and(|h| h.level == l));
    let target = if forward {
        (0..lines.len()).filter(eligible).find(|&i| lines[i] > reader.top)
    } else {
        (0..lines.len()).rev().filter(eligible).find(|&i| lines[i] < reader.top)
    };
    match target {
        Some(i) => reader.set_top(lines[i]),
        None => {
            let what = if top_level_only { "section" } else { "heading" };
            model.notice = Some(if forward {
                format!("No {what} after this one")
            } else {
                format!("No {what} before this one")
            });
        }
    }
}

pub(super) fn step_search(model: &mut Model, forward: bool) {
    let height = body_height(model);
    let Some(reader) = model.reader.as_mut() else { return };
    let Some(search) = reader.search.as_mut().filter(|s| !s.query.is_empty()) else {
        model.notice = Some(format!(
            "No search yet: press {} to search",
            model.keys.key_for(Context::Reader, Action::Search)
        ));
        return;
    };
    match search.step(forward) {
        Some((i, wrapped)) => {
            search.current = Some(i);
            let line = search.match_line(i).unwrap_or(0);
            let total = search.matches.len();
            reader.set_top(line.saturating_sub(height / 3));
            if wrapped {
                let end = if forward { "end" } else { "start" };
                model.notice = Some(format!("Search wrapped past the {end} ({}/{total})", i + 1));
            }
        }
        None => model.notice = Some(format!("Not found: {}", search.query)),
    }
}
