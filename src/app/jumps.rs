//! The jump list: one history of the places every jump started from (links, footnotes,
//! other essays, search, the outline, bookmarks, `g`/`G`, heading jumps, and this machine's
//! own place in an essay that opened where another device left it), so `Backspace` /
//! `Ctrl-o` goes back to the exact passage and the forward key undoes that. Places are text
//! anchors like bookmarks, never screen lines, so they survive resizes and live reloads
//! (an anchor is found again by the text around it) and reopening another essay.

use super::{Effect, Model, Reader};
use crate::core::position::{self, TextAnchor};

/// How many places the list keeps each way; the oldest go first.
pub const MAX_JUMPS: usize = 100;

/// A passage in an essay.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The essay's id.
    pub essay: String,
    /// The passage at the top of the screen.
    pub anchor: TextAnchor,
}

/// Where an essay opened by a jump lands.
#[derive(Debug, Clone, PartialEq)]
pub enum Landing {
    /// A passage the reader was at (going back or forward).
    Passage(TextAnchor),
    /// The heading with this slug (a link's `#part`).
    Heading(String),
    /// A byte offset in the essay's text (a result of the search over every essay).
    Offset(usize),
}

/// Places to go back to and forward to again, most recent last.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Jumps {
    back: Vec<Place>,
    forward: Vec<Place>,
}

impl Jumps {
    /// A jump starts at `from`: it is where back goes, and a new jump forgets the way forward.
    pub fn record(&mut self, from: Place) {
        self.forward.clear();
        if self.back.last() != Some(&from) {
            self.back.push(from);
        }
        if self.back.len() > MAX_JUMPS {
            self.back.remove(0);
        }
    }

    /// Goes back from `here`: the place to go to, with `here` kept for going forward.
    pub fn back(&mut self, here: Place) -> Option<Place> {
        let to = self.back.pop()?;
        self.forward.push(here);
        Some(to)
    }

    /// Goes forward again from `here` (after going back).
    pub fn forward(&mut self, here: Place) -> Option<Place> {
        let to = self.forward.pop()?;
        self.back.push(here);
        Some(to)
    }

    /// How many places back goes through.
    pub fn back_len(&self) -> usize {
        self.back.len()
    }
}

/// The passage at the top of the open essay.
pub(crate) fn here(reader: &Reader) -> Place {
    Place { essay: reader.id.clone(), anchor: reader.top_anchor() }
}

/// Remembers the passage at the top as the start of a jump about to happen.
pub(crate) fn record(model: &mut Model) {
    if let Some(reader) = model.reader.as_ref() {
        let from = here(reader);
        model.jumps.record(from);
    }
}

/// The open essay resumed where another device read it last: says so, and makes this
/// machine's own place (if it has one) where `Backspace` goes.
pub(crate) fn continued(model: &mut Model, essay: String, device: &str, own: Option<TextAnchor>) {
    if model.reader.as_ref().is_none_or(|r| r.id != essay) {
        return;
    }
    let back = match own {
        Some(anchor) => {
            model.jumps.record(Place { essay, anchor });
            " · Backspace: where you were here"
        }
        None => "",
    };
    model.notice = Some(format!("Continued from {device}{back}"));
}

/// `Backspace` / `Ctrl-o` (`forward` false) or the forward key.
pub(crate) fn step(model: &mut Model, forward: bool, effects: &mut Vec<Effect>) {
    let Some(reader) = model.reader.as_ref() else { return };
    let here = here(reader);
    let to = if forward { model.jumps.forward(here) } else { model.jumps.back(here) };
    match to {
        Some(place) => go(model, place, effects),
        None if forward => model.notice = Some("Nothing to go forward to".into()),
        None => model.notice = Some("No jump to go back from".into()),
    }
}

/// Shows `place`: in the open essay at once, in another by opening it there.
fn go(model: &mut Model, place: Place, effects: &mut Vec<Effect>) {
    let Some(reader) = model.reader.as_mut() else { return };
    if reader.id == place.essay {
        match position::Resolver::hashed(&reader.source, reader.source.hash()).resolve(&place.anchor).offset()
        {
            Some(offset) => reader.go_to_source(offset),
            None => model.notice = Some("That passage is no longer in the essay".into()),
        }
    } else {
        effects.extend(super::lifecycle::save_position(model));
        effects.push(Effect::OpenAt { essay: place.essay, at: Landing::Passage(place.anchor) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(essay: &str, offset: usize) -> Place {
        let source = "Some words of an essay, long enough to quote around any offset in it.";
        Place { essay: essay.into(), anchor: position::capture(source, offset, Vec::new()) }
    }

    #[test]
    fn back_and_forward_retrace_the_jumps() {
        let mut jumps = Jumps::default();
        jumps.record(place("a", 0));
        jumps.record(place("a", 10));
        assert_eq!(jumps.back(place("b", 5)), Some(place("a", 10)));
        assert_eq!(jumps.back(place("a", 10)), Some(place("a", 0)));
        assert_eq!(jumps.back(place("a", 0)), None);
        assert_eq!(jumps.forward(place("a", 0)), Some(place("a", 10)));
        assert_eq!(jumps.forward(place("a", 10)), Some(place("b", 5)));
        assert_eq!(jumps.forward(place("b", 5)), None);
    }

    #[test]
    fn a_new_jump_forgets_the_way_forward() {
        let mut jumps = Jumps::default();
        jumps.record(place("a", 0));
        jumps.back(place("a", 20));
        jumps.record(place("a", 0));
        assert_eq!(jumps.forward(place("a", 30)), None);
        assert_eq!(jumps.back_len(), 1, "the same start twice is one place");
    }

    #[test]
    fn the_list_keeps_the_latest_places() {
        let mut jumps = Jumps::default();
        for i in 0..MAX_JUMPS + 5 {
            jumps.record(place("a", i % 60));
            jumps.record(place("b", i % 60));
        }
        assert_eq!(jumps.back_len(), MAX_JUMPS);
        assert_eq!(jumps.back(place("c", 0)).map(|p| p.essay), Some("b".into()));
    }
}
