//! Highlights in the store as a user would notice them: saved with their passage and note,
//! deleted and undone, notes edited, kept by two running copies, and moved with their essay.

use essayreader::core::position::capture;
use essayreader::store::{Highlight, Store};
use std::time::Duration;

const ESSAY: &str = "# Voice and exit\n\nThere are two options in life when dealing with things \
that need to be corrected: voice and exit. Most people choose exit.\n";

fn highlight(essay: &str, note: &str) -> Highlight {
    let (start, end) = (18, 68);
    let text = &ESSAY[start..end];
    let path = vec!["Voice and exit".to_string()];
    Highlight::new(
        essay,
        "Voice and exit",
        text,
        note,
        capture(ESSAY, start, path.clone()),
        capture(ESSAY, end, path),
    )
}

fn notes(store: &Store, essay: Option<&str>) -> Vec<String> {
    store.highlights(essay).iter().map(|h| h.note.clone()).collect()
}

#[test]
fn highlights_are_saved_with_their_text_and_survive_a_restart() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = Store::open(tmp.path());
    store.add_highlight(highlight("leaking", "")).expect("save");
    store.add_highlight(highlight("leaking", "exit is easier")).expect("save");
    store.add_highlight(highlight("other", "elsewhere")).expect("save");

    let (again, notices) = Store::open(tmp.path());
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(notes(&again, Some("leaking")), ["", "exit is easier"]);
    assert_eq!(again.highlights(None).len(), 3);
    let first = again.highlights(Some("leaking"))[0];
    assert_eq!(first.text, "There are two options in life when dealing with th");
    assert!(!first.has_note());
}

#[test]
fn delete_undo_and_note_edit() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = Store::open(tmp.path());
    let h = highlight("leaking", "first thought");
    let id = h.id.clone();
    store.add_highlight(h).expect("save");

    store.set_highlight_note(&id, "second thought").expect("edit");
    let edited = store.highlight(&id).expect("still there");
    assert_eq!(edited.note, "second thought");
    assert!(!edited.edited.is_empty(), "the edit is dated");

    let removed = store.delete_highlight(&id).expect("delete").expect("it was there");
    assert!(store.highlights(None).is_empty());
    assert_eq!(Store::open(tmp.path()).0.highlights(None).len(), 0, "the deletion is saved");
    assert!(store.delete_highlight(&id).expect("second delete").is_none());

    store.restore_highlight(removed).expect("undo");
    let (again, _) = Store::open(tmp.path());
    assert_eq!(notes(&again, None), ["second thought"]);
    let (mut again, _) = Store::open(tmp.path());
    assert!(again.set_highlight_note("missing", "x").is_err(), "no such highlight");
}

#[test]
fn two_running_copies_keep_each_others_highlights() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (mut one, _) = Store::open(tmp.path());
    let (mut two, _) = Store::open(tmp.path());
    one.save_in_background();
    one.add_highlight(highlight("leaking", "from one")).expect("queued");
    two.add_highlight(highlight("leaking", "from two")).expect("save");
    one.finish(Duration::from_secs(5), &mut |line| panic!("nothing should go wrong: {line}"));

    let (again, _) = Store::open(tmp.path());
    let mut all = notes(&again, None);
    all.sort();
    assert_eq!(all, ["from one", "from two"]);
}

#[test]
fn highlights_follow_their_essay_when_it_is_attached_elsewhere() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = Store::open(tmp.path());
    store.add_highlight(highlight("old-id", "kept")).expect("save");
    assert!(store.has_state("old-id"), "a highlight is state the registry must keep");
    store.attach("old-id", "new-id").expect("attach");
    let (again, _) = Store::open(tmp.path());
    assert_eq!(notes(&again, Some("new-id")), ["kept"]);
    assert!(again.highlights(Some("old-id")).is_empty());
}
