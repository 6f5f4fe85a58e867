//! The reader over time: the reading position is saved now and then while reading
//! ([`Msg::Tick`](super::Msg::Tick)) and once more when the reader is stopped from outside
//! ([`Msg::Stopping`](super::Msg::Stopping)). What to save is decided here; the shell only
//! performs the [`Effect::SavePosition`] it is handed.

use std::time::{Duration, Instant};

use super::{Effect, Model, Reader};

/// How often the reading position is saved while reading.
pub const SAVE_EVERY: Duration = Duration::from_secs(20);

/// When the clock last saved the reading position, and which place is saved.
#[derive(Debug, Clone, Default)]
pub struct Autosave {
    /// When the current interval began: the first tick with an essay open, or the last save.
    since: Option<Instant>,
    /// The essay and top-of-screen source offset known to be saved: saved last, or the
    /// saved place the essay was opened at.
    saved: Option<(String, usize)>,
}

impl Autosave {
    /// `reader` has just opened, at its saved place if `at_saved_place`.
    pub(super) fn opened(&mut self, reader: &Reader, at_saved_place: bool) {
        self.saved = at_saved_place.then(|| (reader.id.clone(), reader.top_offset()));
    }
}

/// The effect that keeps the open essay's place, if an essay is open and its place is not
/// saved already. Saving a place again would give it a new time: a reader left open on one
/// machine, then closed without reading on, would take "read last" back from the place read
/// since on another machine, which a sync tool has brought over in the meantime.
pub(super) fn save_position(model: &Model) -> Option<Effect> {
    let height = usize::from(model.geometry().body_height.max(1));
    let reader = model.reader.as_ref()?;
    if model.autosave.saved.as_ref().is_some_and(|(id, at)| *id == reader.id && *at == reader.top_offset()) {
        return None;
    }
    Some(Effect::SavePosition {
        essay: reader.id.clone(),
        anchor: reader.top_anchor(),
        progress: reader.progress(height),
    })
}

/// Time passed: every [`SAVE_EVERY`] of reading, the place is saved if it moved.
pub(super) fn tick(model: &mut Model, now: Instant, effects: &mut Vec<Effect>) {
    let Some(reader) = model.reader.as_ref() else {
        // Each time an essay is opened, its first save comes a full interval later.
        model.autosave.since = None;
        return;
    };
    let since = *model.autosave.since.get_or_insert(now);
    if now.saturating_duration_since(since) < SAVE_EVERY {
        return;
    }
    model.autosave.since = Some(now);
    let place = (reader.id.clone(), reader.top_offset());
    if model.autosave.saved.as_ref() == Some(&place) {
        return;
    }
    effects.extend(save_position(model));
    model.autosave.saved = Some(place);
}

/// Stopped from outside (a signal, the terminal gone): keep the place, as quitting does.
pub(super) fn stopping(model: &Model, effects: &mut Vec<Effect>) {
    if !model.quit {
        effects.extend(save_position(model));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::Key;
    use crate::app::{Msg, update};

    fn reading() -> Model {
        let mut source = String::from("# Essay\n\n");
        for i in 0..200 {
            source.push_str(&format!("Paragraph {i} of an essay long enough to scroll through.\n\n"));
        }
        crate::app::testing::reading(&source, "Essay", (100, 30))
    }

    fn saves(effects: &[Effect]) -> usize {
        effects.iter().filter(|e| matches!(e, Effect::SavePosition { essay, .. } if essay == "essay")).count()
    }

    #[test]
    fn the_place_is_saved_once_the_interval_has_passed() {
        let mut model = reading();
        let start = Instant::now();
        assert_eq!(saves(&update(&mut model, Msg::Tick(start))), 0);
        let almost = start + SAVE_EVERY - Duration::from_millis(1);
        assert_eq!(saves(&update(&mut model, Msg::Tick(almost))), 0, "not before the interval");
        assert_eq!(saves(&update(&mut model, Msg::Tick(start + SAVE_EVERY))), 1, "saved after it");
    }

    #[test]
    fn an_unmoved_place_is_not_saved_again_but_a_moved_one_is() {
        let mut model = reading();
        let start = Instant::now();
        update(&mut model, Msg::Tick(start));
        assert_eq!(saves(&update(&mut model, Msg::Tick(start + SAVE_EVERY))), 1);
        assert_eq!(saves(&update(&mut model, Msg::Tick(start + SAVE_EVERY * 2))), 0, "nothing moved");
        update(&mut model, Msg::Key(Key::PageDown));
        let effects = update(&mut model, Msg::Tick(start + SAVE_EVERY * 3));
        let Some(Effect::SavePosition { anchor, .. }) = effects.first() else {
            panic!("the moved place is saved: {effects:?}")
        };
        let top = model.reader.as_ref().map(|r| r.top_offset());
        assert_eq!(Some(anchor.offset), top, "the place saved is the top of the screen");
    }

    /// The model of `reading()`, with the essay opened again at `at`: its saved place if
    /// `saved`, else a landing (a bookmark's, a link's, a search's).
    fn reopened_at(at: usize, saved: bool) -> Model {
        let mut model = reading();
        let source = model.reader.as_ref().expect("open").source.clone();
        let opened = crate::app::OpenedEssay {
            resume: Some(at),
            at_saved_place: saved,
            ..crate::app::OpenedEssay::new("essay", "Essay", &source)
        };
        update(&mut model, Msg::Opened(Box::new(opened)));
        model
    }

    #[test]
    fn a_saved_place_left_unmoved_is_not_saved_again() {
        let at = reading().reader.as_ref().expect("open").source.find("Paragraph 120 ").expect("paragraph");
        // Closed, stopped or ticked where it opened: its saved time stays, so a place read
        // since on another machine stays the one read last.
        let mut model = reopened_at(at, true);
        let start = Instant::now();
        update(&mut model, Msg::Tick(start));
        assert_eq!(saves(&update(&mut model, Msg::Tick(start + SAVE_EVERY))), 0, "the clock");
        assert_eq!(saves(&update(&mut model, Msg::Stopping)), 0, "a signal");
        assert_eq!(saves(&update(&mut model, Msg::Key(Key::Char('q')))), 0, "closing it");
        // Moved, it is saved; moved back to where it opened, nothing new is said.
        let mut model = reopened_at(at, true);
        update(&mut model, Msg::Key(Key::PageDown));
        assert_eq!(saves(&update(&mut model, Msg::Key(Key::Char('q')))), 1, "read on");
        let mut model = reopened_at(at, true);
        update(&mut model, Msg::Key(Key::PageDown));
        update(&mut model, Msg::Key(Key::PageUp));
        assert_eq!(saves(&update(&mut model, Msg::Key(Key::Char('q')))), 0, "back where it was");
        // Opened somewhere else than its saved place, it is saved there unmoved.
        let mut model = reopened_at(at, false);
        assert_eq!(saves(&update(&mut model, Msg::Key(Key::Char('q')))), 1, "a landing");
    }

    #[test]
    fn the_library_is_never_autosaved() {
        let mut model = Model::new(Vec::new(), (100, 30));
        let start = Instant::now();
        update(&mut model, Msg::Tick(start));
        assert!(update(&mut model, Msg::Tick(start + SAVE_EVERY * 3)).is_empty());
    }

    #[test]
    fn stopping_saves_the_place_unless_quitting_already_did() {
        let mut model = reading();
        update(&mut model, Msg::Key(Key::PageDown));
        assert_eq!(saves(&update(&mut model, Msg::Stopping)), 1);
        let quitting = update(&mut model, Msg::Key(Key::Ctrl('c')));
        assert_eq!(saves(&quitting), 1, "Ctrl-c saves as it quits");
        assert_eq!(saves(&update(&mut model, Msg::Stopping)), 0, "not twice");
    }
}
