//! Following what is on screen (`f`): with one target, follow it; with several, each gets a
//! short label of home-row letters drawn over it, and typing a label follows that one
//! (`Esc` cancels). Targets are footnote references today, taken from the layout; links
//! can join them as another kind of target.

use super::keymap::{Action, Context, Key, lookup};
use super::{Mode, Model};

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
    /// The note it refers to.
    pub note: u32,
}

/// `n` labels, none a prefix of another: single letters while they suffice, else pairs.
pub fn labels(n: usize) -> Vec<String> {
    if n <= LABEL_KEYS.len() {
        return LABEL_KEYS.iter().take(n).map(|c| c.to_string()).collect();
    }
    LABEL_KEYS.iter().flat_map(|a| LABEL_KEYS.iter().map(move |b| format!("{a}{b}"))).take(n).collect()
}

/// `f`: follows the one target on a screen `height` rows tall, or labels them all.
pub(crate) fn start(model: &mut Model, height: usize) {
    let Some(reader) = model.reader.as_ref() else { return };
    let on_screen = reader.layout.note_refs_on(reader.top..reader.top + height);
    match on_screen {
        [] => model.notice = Some("No footnote reference on screen".into()),
        [only] => {
            let note = only.note;
            go(model, note);
        }
        several => {
            let targets = labels(several.len())
                .into_iter()
                .zip(several)
                .map(|(label, r)| Target { label, line: r.line, column: r.start, note: r.note })
                .collect();
            model.mode = Mode::Labels { targets, typed: String::new() };
        }
    }
}

/// A key while labels are shown: a label's letters follow it, `Esc` (or any other key)
/// cancels.
pub(crate) fn label_key(model: &mut Model, key: Key, targets: Vec<Target>, mut typed: String) {
    model.mode = Mode::Normal;
    let Some(Action::FollowLabel) = lookup(Context::Labels, key) else { return };
    let Key::Char(c) = key else { return };
    typed.push(c);
    match targets.iter().find(|t| t.label == typed) {
        Some(t) => go(model, t.note),
        None if targets.iter().any(|t| t.label.starts_with(&typed)) => {
            model.mode = Mode::Labels { targets, typed };
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
        let refs = reader.layout.note_refs();
        targets
            .iter()
            .all(|t| refs.iter().any(|r| r.line == t.line && r.start == t.column && r.note == t.note))
    });
    if !still {
        model.mode = Mode::Normal;
    }
}

/// Shows note `note`, remembering where the reader was.
fn go(model: &mut Model, note: u32) {
    let Some(reader) = model.reader.as_mut() else { return };
    match reader.layout.note_line(note) {
        Some(line) => {
            reader.note_returns.push(reader.anchor);
            reader.set_top(line);
            let back = super::keymap::key_for(Context::Reader, Action::NoteBack);
            model.notice = Some(format!("Footnote ({back} goes back)"));
        }
        None => model.notice = Some(format!("Note {note} is missing")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Msg, OpenedEssay, update};

    fn reader_with_two_notes(size: (u16, u16)) -> Model {
        let mut model = Model::new(vec![], size);
        let source =
            "First claims[^a] and then a few more words[^b] here.\n\n[^a]: A.\n[^b]: B.\n".to_string();
        let essay = OpenedEssay {
            id: "n".into(),
            title: "N".into(),
            source,
            resume: None,
            reload: false,
            window: None,
        };
        update(&mut model, Msg::Opened(Box::new(essay)));
        model
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
