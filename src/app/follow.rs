//! Following what is on screen (`f`): with one target, follow it; with several, each gets a
//! short label of home-row letters drawn over it, and typing a label follows that one
//! (`Esc` cancels). Targets are footnote references and links' `[n]`, taken from the
//! layout; what a link leads to is [`super::links`]'s to decide.

use super::keymap::{Action, Context, Key};
use super::{Effect, Mode, Model};
use crate::core::layout::NoteRef;

/// Letters labels are made of: the home row, easiest to type without looking.
pub const LABEL_KEYS: [char; 9] = ['a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l'];

/// Something on screen that `f` can follow, with the label drawn over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// What to type to follow it.
    pub label: String,
    /// The layout line it is on.
    pub line: usize,
    /// Its first column on that line (prefix included).
    pub column: usize,
    /// What it leads to.
    pub to: To,
}

/// What a target leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum To {
    /// Footnote `n` (from 1).
    Note(u32),
    /// Link `n` (from 1) of the document's links.
    Link(u32),
    /// Link `n` (from 1) of the document's links that show their own address.
    AutoLink(u32),
}

impl To {
    /// The address a link target leads to; `None` for a note.
    pub fn url(self, doc: &crate::core::document::Document) -> Option<&str> {
        let (list, n) = match self {
            To::Note(_) => return None,
            To::Link(n) => (&doc.links, n),
            To::AutoLink(n) => (&doc.autolinks, n),
        };
        list.get((n as usize).checked_sub(1)?).map(String::as_str)
    }
}

/// `n` labels, none a prefix of another: single letters while they suffice, else pairs.
pub fn labels(n: usize) -> Vec<String> {
    if n <= LABEL_KEYS.len() {
        return LABEL_KEYS.iter().take(n).map(|c| c.to_string()).collect();
    }
    LABEL_KEYS.iter().flat_map(|a| LABEL_KEYS.iter().map(move |b| format!("{a}{b}"))).take(n).collect()
}

/// Every target on lines `lines` of the open essay, in reading order, labels not yet given.
fn on_lines(model: &Model, lines: std::ops::Range<usize>) -> Vec<(NoteRef, To)> {
    let Some(reader) = model.reader.as_ref() else { return Vec::new() };
    let notes = reader.layout.note_refs_on(lines.clone()).iter().map(|r| (*r, To::Note(r.note)));
    let links = reader.layout.link_refs_on(lines.clone()).iter().map(|r| (*r, To::Link(r.note)));
    let auto = reader.layout.autolink_refs_on(lines).iter().map(|r| (*r, To::AutoLink(r.note)));
    let mut all: Vec<_> = notes.chain(links).chain(auto).collect();
    all.sort_by_key(|(r, _)| (r.line, r.start));
    // An address wrapped over two lines is one target, labelled where it starts.
    let mut seen = std::collections::HashSet::new();
    all.retain(|(_, to)| !matches!(to, To::AutoLink(_)) || seen.insert(*to));
    all
}

/// `f`: follows the one target on a screen `height` rows tall, or labels them all.
pub(crate) fn start(model: &mut Model, height: usize, effects: &mut Vec<Effect>) {
    let Some(reader) = model.reader.as_ref() else { return };
    let on_screen = on_lines(model, reader.top..reader.top + height);
    match on_screen.as_slice() {
        [] => model.notice = Some("No link or footnote reference on screen".into()),
        [(_, only)] => go(model, *only, effects),
        several => {
            let targets = labels(several.len())
                .into_iter()
                .zip(several)
                .map(|(label, (r, to))| Target { label, line: r.line, column: r.start, to: *to })
                .collect();
            model.mode = Mode::Labels { targets, typed: String::new() };
            show_targets(model);
        }
    }
}

/// While labels are shown, the status line says where the labels still typeable lead.
fn show_targets(model: &mut Model) {
    let (Mode::Labels { targets, typed }, Some(reader)) = (&model.mode, model.reader.as_ref()) else {
        return;
    };
    let shown: Vec<String> = targets
        .iter()
        .filter(|t| t.label.starts_with(typed.as_str()))
        .filter_map(|t| t.to.url(&reader.doc).map(|url| format!("{} {url}", t.label)))
        .collect();
    if !shown.is_empty() {
        model.notice = Some(shown.join(" · "));
    }
}

/// A key while labels are shown: a label's letters follow it, `Esc` (or any other key)
/// cancels.
pub(crate) fn label_key(
    model: &mut Model,
    key: Key,
    targets: Vec<Target>,
    mut typed: String,
    effects: &mut Vec<Effect>,
) {
    model.mode = Mode::Normal;
    let Some(Action::FollowLabel) = model.keys.lookup(Context::Labels, key) else { return };
    let Key::Char(c) = key else { return };
    typed.push(c);
    match targets.iter().find(|t| t.label == typed) {
        Some(t) => go(model, t.to, effects),
        None if targets.iter().any(|t| t.label.starts_with(&typed)) => {
            model.mode = Mode::Labels { targets, typed };
            show_targets(model);
        }
        None => model.notice = Some(format!("No label {typed}")),
    }
}

/// Takes the labels away once they no longer sit on their targets (the text was laid out
/// again at another width, reloaded, or closed), so a label is never drawn over the wrong
/// text.
pub(crate) fn drop_stale_labels(model: &mut Model) {
    let Mode::Labels { targets, .. } = &model.mode else { return };
    let still = model.reader.as_ref().is_some_and(|reader| {
        let (notes, links) = (reader.layout.note_refs(), reader.layout.link_refs());
        targets.iter().all(|t| {
            let at = |r: &&NoteRef| r.line == t.line && r.start == t.column;
            match t.to {
                To::Note(n) => notes.iter().filter(at).any(|r| r.note == n),
                To::Link(n) => links.iter().filter(at).any(|r| r.note == n),
                To::AutoLink(n) => {
                    let line = t.line..t.line + 1;
                    reader.layout.autolink_refs_on(line).iter().filter(at).any(|r| r.note == n)
                }
            }
        })
    });
    if !still {
        model.mode = Mode::Normal;
    }
}

/// Follows a target: shows a note (a jump), or follows a link.
fn go(model: &mut Model, to: To, effects: &mut Vec<Effect>) {
    let note = match to {
        To::Note(n) => n,
        link => {
            let url = model.reader.as_ref().and_then(|r| link.url(&r.doc)).map(str::to_string);
            return super::links::follow(model, url, effects);
        }
    };
    let Some(line) = model.reader.as_ref().and_then(|r| r.layout.note_line(note)) else {
        model.notice = Some(format!("Note {note} is missing"));
        return;
    };
    super::jumps::record(model);
    if let Some(reader) = model.reader.as_mut() {
        reader.set_top(line);
    }
    let back = model.keys.key_for(Context::Reader, Action::JumpBack);
    model.notice = Some(format!("Footnote ({back} goes back)"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Msg, update};

    fn reader_with_two_notes(size: (u16, u16)) -> Model {
        let source = "First claims[^a] and then a few more words[^b] here.\n\n[^a]: A.\n[^b]: B.\n";
        crate::app::testing::reading(source, "N", size)
    }

    #[test]
    fn labels_go_away_when_the_text_is_laid_out_again() {
        let mut model = reader_with_two_notes((80, 20));
        update(&mut model, Msg::Key(Key::Char('f')));
        assert!(matches!(model.mode, Mode::Labels { .. }), "{:?}", model.mode);
        update(&mut model, Msg::Resize(80, 21));
        assert!(matches!(model.mode, Mode::Labels { .. }), "the same layout keeps them");
        // Narrow enough that the second reference wraps onto the next line.
        update(&mut model, Msg::Resize(40, 20));
        assert_eq!(model.mode, Mode::Normal);
    }

    #[test]
    fn labels_are_never_prefixes_of_each_other() {
        for n in [0, 1, 2, 9, 10, 40, 81] {
            let l = labels(n);
            assert_eq!(l.len(), n);
            for (i, a) in l.iter().enumerate() {
                for (j, b) in l.iter().enumerate() {
                    assert!(i == j || !b.starts_with(a.as_str()), "{a} / {b}");
                }
            }
        }
        assert_eq!(labels(2), ["a", "s"]);
    }
}
