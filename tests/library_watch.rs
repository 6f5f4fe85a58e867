//! Watching folders that come and go: an essays folder deleted and made again, and a
//! folder that does not exist yet when the reader starts.
//!
//! Each test waits like the reader does: rescan on every hint from the watcher, until
//! the library shows what the user just did, or fail after a few seconds.

use essayreader::library::{EssayInfo, Library, SETTLE, Source, Watcher};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn write(dir: &Path, rel: &str, content: &str) {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create parent");
    }
    fs::write(&path, content).expect("write");
}

fn titles(lib: &Library) -> Vec<&str> {
    let user = lib.essays.iter().filter(|e| e.source == Source::User);
    user.map(|e: &EssayInfo| e.title.as_str()).collect()
}

/// Rescans `lib` on every hint until `title` is listed (or is gone, with `present` false).
fn wait_for_title(watcher: &Watcher, lib: Library, dirs: &[PathBuf], title: &str, present: bool) -> Library {
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut lib = lib;
    loop {
        if titles(&lib).contains(&title) == present {
            return lib;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(
            !left.is_zero(),
            "{title:?} present={present} not seen within 5 s; listed: {:?}",
            titles(&lib)
        );
        let wait = if lib.settling.is_empty() { left } else { left.min(SETTLE) };
        if watcher.wait_changed(wait) || !lib.settling.is_empty() {
            lib = lib.rescan(dirs);
        }
    }
}

/// Lets the hints of what was just done pass, so the next step is seen on its own.
fn settle(watcher: &Watcher) {
    while watcher.wait_changed(Duration::from_millis(700)) {}
}

fn both(test: impl Fn(bool)) {
    test(false);
    test(true);
}

fn start(dirs: &[PathBuf], polling: bool) -> Watcher {
    let (watcher, _) = if polling { Watcher::start_polling(dirs) } else { Watcher::start(dirs) };
    watcher
}

#[test]
fn a_folder_deleted_and_made_again_is_watched_again() {
    both(|polling| {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("essays");
        write(&dir, "first.md", "# First essay\n");
        let dirs = [dir.clone()];
        let watcher = start(&dirs, polling);
        let mut lib = Library::scan(&dirs);
        lib = wait_for_title(&watcher, lib, &dirs, "First essay", true);

        fs::remove_dir_all(&dir).expect("delete the folder");
        lib = wait_for_title(&watcher, lib, &dirs, "First essay", false);
        settle(&watcher);

        write(&dir, "second.md", "# Second essay\n");
        lib = wait_for_title(&watcher, lib, &dirs, "Second essay", true);
        // And it keeps being watched after that.
        write(&dir, "third.md", "# Third essay\n");
        wait_for_title(&watcher, lib, &dirs, "Third essay", true);
    });
}

#[test]
fn a_folder_that_appears_after_start_is_picked_up() {
    both(|polling| {
        let tmp = tempfile::tempdir().expect("tempdir");
        // Two levels missing: the watch must climb to the nearest folder that exists.
        let dir = tmp.path().join("later").join("essays");
        let dirs = [dir.clone()];
        let watcher = start(&dirs, polling);
        let mut lib = Library::scan(&dirs);
        settle(&watcher);
        assert!(lib.warnings.iter().any(|w| w.contains("not found")));

        write(&dir, "late.md", "# Arrived late\n");
        lib = wait_for_title(&watcher, lib, &dirs, "Arrived late", true);
        write(&dir, "later.md", "# Arrived later still\n");
        wait_for_title(&watcher, lib, &dirs, "Arrived later still", true);
    });
}

#[test]
fn a_folder_moved_away_and_back_is_watched_again() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("essays");
    let aside = tmp.path().join("aside");
    write(&dir, "a.md", "# Essay A\n");
    let dirs = [dir.clone()];
    let watcher = start(&dirs, false);
    let mut lib = Library::scan(&dirs);
    lib = wait_for_title(&watcher, lib, &dirs, "Essay A", true);
    fs::rename(&dir, &aside).expect("move away");
    lib = wait_for_title(&watcher, lib, &dirs, "Essay A", false);
    settle(&watcher);
    // Written in the moved-away folder: not the library's any more.
    write(&aside, "b.md", "# Essay B\n");
    fs::rename(&aside, &dir).expect("move back");
    lib = wait_for_title(&watcher, lib, &dirs, "Essay B", true);
    write(&dir, "c.md", "# Essay C\n");
    wait_for_title(&watcher, lib, &dirs, "Essay C", true);
}

#[test]
fn changes_beside_a_missing_folder_do_not_wake_the_watcher() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dirs = [tmp.path().join("essays")];
    let watcher = start(&dirs, false);
    settle(&watcher);
    // The parent is watched for the folder to appear; its other entries are not essays.
    write(tmp.path(), "unrelated.txt", "not in the essays folder\n");
    fs::create_dir(tmp.path().join("other")).expect("mkdir");
    assert!(!watcher.wait_changed(Duration::from_millis(800)), "a change beside the folder woke the watcher");
}
