//! A property of essay identity and bookmarks together: whatever ordinary edits happen to
//! an essay's file (paragraphs inserted and deleted, the title changed, the file moved or
//! renamed, the essay replaced by another one), a bookmark either lands on its own passage
//! or is reported lost (its passage not found, or its essay detached). It never lands on
//! other text, and never in another essay.

use std::fs;
use std::path::{Path, PathBuf};

use essayreader::core::position::{Resolution, capture, resolve};
use essayreader::library::{Library, load_text};
use proptest::prelude::*;

/// A paragraph's text: made of words no other paragraph has, long enough to hold a whole
/// anchor, so "its passage" is unambiguous.
fn paragraph(uid: u32) -> String {
    let words: Vec<String> = (0..24).map(|j| format!("p{uid}w{j}")).collect();
    format!("{}.", words.join(" "))
}

/// The essay the bookmark is in, as the test knows it.
#[derive(Debug, Clone)]
struct Model {
    title: String,
    paragraphs: Vec<u32>,
    path: PathBuf,
    /// Gone from the library (deleted, or replaced by the other essay).
    gone: bool,
}

impl Model {
    fn text(&self) -> String {
        let body: Vec<String> = self.paragraphs.iter().map(|&p| paragraph(p)).collect();
        format!("# {}\n\n{}\n", self.title, body.join("\n\n"))
    }
}

#[derive(Debug, Clone)]
enum Edit {
    /// A new paragraph at this index (modulo the length).
    Insert(usize),
    /// The paragraph at this index removed.
    Delete(usize),
    /// A new title.
    Retitle(u8),
    /// Moved into a subfolder and renamed.
    Move(u8),
    /// Deleted, and the other essay (same title) moved into its place.
    ReplacedByOther,
    /// Every paragraph but the one at this index replaced by new ones.
    Rewrite(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (0usize..40).prop_map(Edit::Insert),
        4 => (0usize..40).prop_map(Edit::Delete),
        2 => any::<u8>().prop_map(Edit::Retitle),
        2 => any::<u8>().prop_map(Edit::Move),
        1 => Just(Edit::ReplacedByOther),
        1 => (0usize..40).prop_map(Edit::Rewrite),
    ]
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap();
    }
    fs::write(path, text).unwrap();
}

fn check(edits: Vec<Edit>, marked: usize, rescan_each: bool) -> Result<(), TestCaseError> {
    let tmp = tempfile::tempdir().unwrap();
    let dirs = vec![tmp.path().to_path_buf()];
    let mut essay = Model {
        title: "Twin".into(),
        paragraphs: (0..8).collect(),
        path: tmp.path().join("a.md"),
        gone: false,
    };
    let other = Model {
        title: "Twin".into(),
        paragraphs: (1000..1008).collect(),
        path: tmp.path().join("b.md"),
        gone: false,
    };
    write(&essay.path, &essay.text());
    write(&other.path, &other.text());
    let mut library = Library::scan_known(&dirs, Vec::new());
    let id = library.essays.iter().find(|e| e.path == essay.path).unwrap().id.clone();
    let other_id = library.essays.iter().find(|e| e.path == other.path).unwrap().id.clone();

    // The bookmark: the start of one paragraph.
    let passage = essay.paragraphs[marked % essay.paragraphs.len()];
    let text = essay.text();
    let offset = text.find(&paragraph(passage)).unwrap();
    let anchor = capture(&text, offset, vec![essay.title.clone()]);

    let mut next_uid = 100;
    for e in edits {
        if essay.gone {
            break;
        }
        match e {
            Edit::Insert(at) => {
                let at = at % (essay.paragraphs.len() + 1);
                essay.paragraphs.insert(at, next_uid);
                next_uid += 1;
            }
            Edit::Delete(at) if !essay.paragraphs.is_empty() => {
                let at = at % essay.paragraphs.len();
                essay.paragraphs.remove(at);
            }
            Edit::Delete(_) => {}
            Edit::Retitle(n) => essay.title = format!("Twin, retitled {n}"),
            Edit::Rewrite(keep) => {
                let kept = essay.paragraphs.get(keep % essay.paragraphs.len().max(1)).copied();
                essay.paragraphs = (0..8).map(|i| next_uid + i).collect();
                next_uid += 8;
                essay.paragraphs.extend(kept);
            }
            Edit::Move(n) => {
                let to = tmp.path().join(format!("sub{}/moved{n}.md", n % 3));
                if to != essay.path && to != other.path && !to.exists() {
                    fs::create_dir_all(to.parent().unwrap()).unwrap();
                    fs::rename(&essay.path, &to).unwrap();
                    essay.path = to;
                }
            }
            Edit::ReplacedByOther => {
                fs::remove_file(&essay.path).unwrap();
                fs::rename(&other.path, &essay.path).unwrap();
                essay.gone = true;
                let lib = Library::scan_known(&dirs, library.known.clone());
                let moved = lib.essays.iter().find(|e| e.path == essay.path).unwrap();
                prop_assert_eq!(&moved.id, &other_id, "the other essay keeps its own id when moved");
                library = lib;
                continue;
            }
        }
        write(&essay.path, &essay.text());
        if rescan_each {
            library = Library::scan_known(&dirs, library.known.clone());
        }
    }
    // A restart: a fresh scan with the registry the last one left.
    let library = Library::scan_known(&dirs, library.known.clone());
    let Some(found) = library.get(&id) else {
        // Detached: kept, not given to anyone. The registry still knows it.
        prop_assert!(library.known(&id).is_some(), "a detached essay stays in the registry");
        return Ok(());
    };
    prop_assert!(!essay.gone, "the bookmark's essay id went to another essay: {}", found.path.display());
    prop_assert_eq!(&found.path, &essay.path, "the id names the bookmarked essay");
    let now = load_text(found).unwrap().text;
    match resolve(&now, &anchor) {
        Resolution::Exact(at) | Resolution::Moved(at) => {
            prop_assert!(
                essay.paragraphs.contains(&passage),
                "landed at {at} though the passage was deleted"
            );
            prop_assert!(
                now[at..].starts_with(&paragraph(passage)),
                "landed on other text: {:?}",
                &now[at..(at + 60).min(now.len())]
            );
        }
        Resolution::Unresolved => {
            prop_assert!(!essay.paragraphs.contains(&passage), "the passage is there but was not found");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn a_bookmark_lands_on_its_passage_or_is_reported_lost(
        edits in proptest::collection::vec(edit(), 1..8),
        marked in 0usize..8,
        rescan_each in any::<bool>(),
    ) {
        check(edits, marked, rescan_each)?;
    }
}
