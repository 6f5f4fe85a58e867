//! Several machines on one computer, each with its own config folder, device name and copy of
//! the sync folder, carried between them as Syncthing does (every file newer on one side is
//! copied to the other) or through a git repository. Whatever order they read and bookmark
//! in, after a sync every machine shows the same bookmarks: nothing added anywhere is lost,
//! nothing deleted anywhere comes back.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use essayreader::core::position::capture;
use essayreader::store::{Bookmark, Highlight, SavedPosition, Store};
use serde_json::Value;

const ESSAY: &str = "# Voice and exit\n\nThere are two options in life when dealing with things \
that need to be corrected: voice and exit. Most people choose exit.\n";

/// One machine: its config folder (with `device` and `sync_dir` in config.toml), its essays
/// folder and its copy of the sync folder.
struct Machine {
    device: &'static str,
    config: PathBuf,
    essays: PathBuf,
    sync: PathBuf,
}

impl Machine {
    fn new(root: &Path, device: &'static str) -> Machine {
        let home = root.join(device);
        let (config, essays, sync) =
            (home.join("config"), home.join("essays"), home.join("Sync/essayreader"));
        for dir in [&config, &essays, &sync] {
            fs::create_dir_all(dir).expect("folder");
        }
        let toml = format!("device = \"{device}\"\nsync_dir = \"{}\"\n", sync.display());
        fs::write(config.join("config.toml"), toml).expect("config.toml");
        Machine { device, config, essays, sync }
    }

    /// The store as the app opens it on this machine.
    fn store(&self) -> Store {
        let (store, notices) = Store::open_in(&self.config, &self.sync, Some(self.device));
        assert!(notices.is_empty(), "{}: {notices:?}", self.device);
        store
    }

    /// Runs essayreader on this machine; its stdout.
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_essayreader"))
            .args(args)
            .env("ESSAYREADER_CONFIG_DIR", &self.config)
            .env("ESSAYREADER_ESSAYS_DIR", &self.essays)
            .env_remove("ESSAYREADER_SYNC_DIR")
            .output()
            .expect("run essayreader");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && stderr.is_empty(), "{}: {args:?}: {stderr}", self.device);
        String::from_utf8(out.stdout).expect("UTF-8")
    }

    /// `essayreader bookmarks --json` on this machine.
    fn bookmarks_json(&self) -> Value {
        serde_json::from_str(&self.run(&["bookmarks", "--json"])).expect("JSON")
    }

    /// This machine's id: the name of its folder in the sync folder.
    fn id(&self) -> String {
        fs::read_to_string(self.config.join("machine-id")).expect("machine id").trim().to_string()
    }
}

fn bookmark(label: &str) -> Bookmark {
    let anchor = capture(ESSAY, 40, vec!["Voice and exit".into()]);
    Bookmark::new("leaking", label, "Voice and exit", "There are two options", anchor)
}

fn labels(json: &Value) -> BTreeSet<String> {
    json.as_array().expect("list").iter().map(|b| b["label"].as_str().expect("label").to_string()).collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Every file under `from` that `to` lacks or has older is copied over, keeping its time,
/// both ways: what Syncthing does when no file changed on both sides.
fn syncthing(a: &Path, b: &Path) {
    copy_newer(a, b);
    copy_newer(b, a);
}

fn copy_newer(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).expect("list") {
        let entry = entry.expect("entry");
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().expect("type").is_dir() {
            fs::create_dir_all(&dst).expect("folder");
            copy_newer(&src, &dst);
            continue;
        }
        let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
        if modified(&dst).is_none_or(|t| modified(&src).is_some_and(|s| s > t)) {
            fs::copy(&src, &dst).expect("copy");
            let time = modified(&src).expect("time");
            fs::File::options().write(true).open(&dst).and_then(|f| f.set_modified(time)).expect("set time");
        }
    }
}

#[test]
fn two_machines_apart_then_synced_show_exactly_the_union() {
    let root = tempfile::tempdir().expect("tempdir");
    let (desk, laptop) = (Machine::new(root.path(), "desktop"), Machine::new(root.path(), "laptop"));
    let (shared, kept) = (bookmark("shared, deleted on desktop"), bookmark("shared, renamed on desktop"));
    {
        let mut store = desk.store();
        store.add_bookmark(shared.clone()).expect("add");
        store.add_bookmark(kept.clone()).expect("add");
    }
    syncthing(&desk.sync, &laptop.sync);
    assert_eq!(labels(&laptop.bookmarks_json()), labels(&desk.bookmarks_json()));

    // Apart: both change the same bookmarks and add their own.
    {
        let mut store = desk.store();
        store.delete_bookmark(&shared.id).expect("delete");
        store.rename_bookmark(&kept.id, "renamed on desktop").expect("rename");
        store.add_bookmark(bookmark("made on desktop")).expect("add");
        // And moves the essay's bookmarks to another essay (as attaching a detached one does).
        store.attach("leaking", "moved-essay").expect("attach");
    }
    {
        let mut store = laptop.store();
        store.rename_bookmark(&shared.id, "renamed on laptop, deleted on desktop").expect("rename");
        store.add_bookmark(bookmark("made on laptop")).expect("add");
        let doomed = bookmark("made and deleted on laptop");
        store.add_bookmark(doomed.clone()).expect("add");
        store.delete_bookmark(&doomed.id).expect("delete");
    }
    syncthing(&desk.sync, &laptop.sync);

    let (on_desk, on_laptop) = (desk.bookmarks_json(), laptop.bookmarks_json());
    assert_eq!(on_desk, on_laptop, "both machines show the same, in the same order");
    assert_eq!(labels(&on_desk), set(&["renamed on desktop", "made on desktop", "made on laptop"]));
    let device = |label: &str| {
        let list = on_desk.as_array().expect("list");
        list.iter().find(|b| b["label"] == label).map(|b| b["device"].clone()).expect("listed")
    };
    assert_eq!(device("made on laptop"), "laptop");
    let essay = |label: &str| {
        let list = on_desk.as_array().expect("list");
        list.iter().find(|b| b["label"] == label).map(|b| b["essay"].clone()).expect("listed")
    };
    assert_eq!(essay("renamed on desktop"), "moved-essay", "moved on the desktop");
    assert_eq!(essay("made on laptop"), "leaking", "made on the laptop after, unknown to the move");
    assert_eq!(device("renamed on desktop"), "desktop", "where it was made, not renamed");

    // Each machine wrote only its own folder: the same two folders on both sides.
    for machine in [&desk, &laptop] {
        let folders: BTreeSet<String> = fs::read_dir(&machine.sync)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(folders, BTreeSet::from([desk.id(), laptop.id()]));
    }
}

#[test]
fn three_machines_synced_in_a_chain_agree() {
    let root = tempfile::tempdir().expect("tempdir");
    let machines = ["desktop", "laptop", "server"].map(|d| Machine::new(root.path(), d));
    let first = bookmark("made everywhere's first");
    machines[0].store().add_bookmark(first.clone()).expect("add");
    syncthing(&machines[0].sync, &machines[1].sync);
    syncthing(&machines[1].sync, &machines[2].sync);
    for (i, machine) in machines.iter().enumerate() {
        let mut store = machine.store();
        store.add_bookmark(bookmark(&format!("from {}", machine.device))).expect("add");
        if i == 2 {
            store.delete_bookmark(&first.id).expect("the server deletes the first");
        }
    }
    // desktop ↔ laptop ↔ server, then once more so what the server did reaches the desktop.
    for _ in 0..2 {
        syncthing(&machines[0].sync, &machines[1].sync);
        syncthing(&machines[1].sync, &machines[2].sync);
    }
    let lists = machines.each_ref().map(Machine::bookmarks_json);
    assert_eq!(lists[0], lists[1]);
    assert_eq!(lists[1], lists[2]);
    assert_eq!(labels(&lists[0]), set(&["from desktop", "from laptop", "from server"]));
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git").args(args).current_dir(dir).output().expect("git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_git_repository_merges_without_conflicts() {
    let root = tempfile::tempdir().expect("tempdir");
    let remote = root.path().join("remote.git");
    fs::create_dir_all(&remote).expect("folder");
    git(&remote, &["init", "--bare", "-q"]);
    let (desk, laptop) = (Machine::new(root.path(), "desktop"), Machine::new(root.path(), "laptop"));
    for m in [&desk, &laptop] {
        git(&m.sync, &["init", "-q"]);
        git(&m.sync, &["config", "user.name", m.device]);
        git(&m.sync, &["config", "user.email", "reader@example.org"]);
        git(&m.sync, &["config", "pull.rebase", "false"]);
        git(&m.sync, &["remote", "add", "origin", remote.to_str().expect("path")]);
    }
    let commit = |m: &Machine, message: &str| {
        git(&m.sync, &["add", "-A"]);
        git(&m.sync, &["commit", "-q", "-m", message]);
    };
    let shared = bookmark("shared");
    desk.store().add_bookmark(shared.clone()).expect("add");
    commit(&desk, "desktop: first");
    git(&desk.sync, &["push", "-q", "origin", "HEAD:main"]);
    git(&laptop.sync, &["pull", "-q", "--no-edit", "origin", "main"]);

    // Both change things and commit before either pulls.
    {
        let mut store = desk.store();
        store.add_bookmark(bookmark("desktop, later")).expect("add");
        store.save_position(SavedPosition::new("leaking", capture(ESSAY, 60, vec![]), 0.5)).expect("pos");
    }
    {
        let mut store = laptop.store();
        store.delete_bookmark(&shared.id).expect("delete");
        store.add_bookmark(bookmark("laptop, later")).expect("add");
    }
    commit(&desk, "desktop: more");
    commit(&laptop, "laptop: more");
    git(&desk.sync, &["push", "-q", "origin", "HEAD:main"]);
    // A merge of two histories that touched different files: never a conflict.
    git(&laptop.sync, &["pull", "-q", "--no-edit", "origin", "main"]);
    git(&laptop.sync, &["push", "-q", "origin", "HEAD:main"]);
    git(&desk.sync, &["pull", "-q", "--no-edit", "origin", "main"]);

    let (on_desk, on_laptop) = (desk.bookmarks_json(), laptop.bookmarks_json());
    assert_eq!(on_desk, on_laptop);
    assert_eq!(labels(&on_desk), set(&["desktop, later", "laptop, later"]));
    assert_eq!(laptop.store().position("leaking").map(|p| p.progress), Some(0.5));
}

#[test]
fn a_machine_ten_minutes_slow_still_wins_with_what_it_did_last() {
    let root = tempfile::tempdir().expect("tempdir");
    let (desk, laptop) = (Machine::new(root.path(), "desktop"), Machine::new(root.path(), "laptop"));
    let b = bookmark("first name");
    let place = |progress| SavedPosition::new("leaking", capture(ESSAY, 60, vec![]), progress);
    {
        let mut store = desk.store();
        store.add_bookmark(b.clone()).expect("add");
        store.rename_bookmark(&b.id, "named on desktop").expect("rename");
        store.save_position(place(0.3)).expect("position");
    }
    syncthing(&desk.sync, &laptop.sync);
    {
        // The laptop's clock is 10 minutes behind; it renames and reads on after the desktop.
        let mut store = laptop.store();
        store.set_clock_offset(-600);
        store.rename_bookmark(&b.id, "named later on the slow laptop").expect("rename");
        store.save_position(place(0.7)).expect("position");
    }
    syncthing(&desk.sync, &laptop.sync);
    for machine in [&desk, &laptop] {
        assert_eq!(labels(&machine.bookmarks_json()), set(&["named later on the slow laptop"]));
        assert_eq!(machine.store().position("leaking").map(|p| p.progress), Some(0.7), "{}", machine.device);
    }
    let store = desk.store();
    assert_eq!(store.continued_from("leaking"), Some("laptop"));
    assert_eq!(store.position_here("leaking").map(|p| p.progress), Some(0.3), "the desktop's own place");
    assert_eq!(laptop.store().continued_from("leaking"), None, "the laptop's own place is the newest");
}

#[test]
fn conflict_copies_are_read_as_more_of_the_same_machine() {
    let root = tempfile::tempdir().expect("tempdir");
    let (desk, laptop) = (Machine::new(root.path(), "desktop"), Machine::new(root.path(), "laptop"));
    let early = bookmark("in the older copy");
    laptop.store().add_bookmark(early.clone()).expect("add");
    syncthing(&desk.sync, &laptop.sync);
    let old_copy = fs::read(laptop.sync.join(laptop.id()).join("bookmarks.jsonl")).expect("file");
    {
        let mut store = laptop.store();
        store.delete_bookmark(&early.id).expect("delete");
        store.add_bookmark(bookmark("in the newer copy")).expect("add");
    }
    syncthing(&desk.sync, &laptop.sync);
    // A sync tool kept both versions of the laptop's file on the desktop: the older one
    // under the usual name, the newer as conflict copies (Syncthing's and Dropbox's names).
    let theirs = desk.sync.join(laptop.id());
    let newer = fs::read(theirs.join("bookmarks.jsonl")).expect("file");
    fs::write(theirs.join("bookmarks.sync-conflict-20261127-120000-ABCDEFG.jsonl"), &newer).expect("copy");
    fs::write(theirs.join("bookmarks (conflicted copy 2026-11-27).jsonl"), &newer).expect("copy");
    fs::write(theirs.join("bookmarks.jsonl"), &old_copy).expect("older");

    // Never an error (the run asserts an empty stderr), never a loss, the delete kept.
    assert_eq!(labels(&desk.bookmarks_json()), set(&["in the newer copy"]));
    assert_eq!(desk.bookmarks_json(), laptop.bookmarks_json());
}

#[test]
fn old_files_are_migrated_kept_as_a_backup_once_and_then_removed() {
    let root = tempfile::tempdir().expect("tempdir");
    let desk = Machine::new(root.path(), "desktop");
    let b = bookmark("from before the sync folder");
    let p = SavedPosition::new("leaking", capture(ESSAY, 60, vec![]), 0.4);
    let bookmarks = serde_json::json!({"version": 1, "bookmarks": [b]});
    let positions = serde_json::json!({"version": 1, "positions": [p]});
    fs::write(desk.config.join("bookmarks.json"), bookmarks.to_string()).expect("seed");
    fs::write(desk.config.join("positions.json"), positions.to_string()).expect("seed");

    assert_eq!(labels(&desk.bookmarks_json()), set(&["from before the sync folder"]));
    for name in ["bookmarks.json", "positions.json"] {
        assert!(!desk.config.join(name).exists(), "{name} moved");
        assert!(desk.config.join(format!("{name}.migrated")).exists(), "{name} kept as a backup");
    }
    // The next start reads the sync folder cleanly: the backups go, nothing is lost.
    assert_eq!(labels(&desk.bookmarks_json()), set(&["from before the sync folder"]));
    for name in ["bookmarks.json.migrated", "positions.json.migrated"] {
        assert!(!desk.config.join(name).exists(), "{name} removed");
    }
    let store = desk.store();
    assert_eq!(store.position("leaking").map(|p| p.progress), Some(0.4));
    assert_eq!(store.bookmark_device(&b.id), Some("desktop"));

    // A newer change on another machine still beats a migrated one (stamped by its own date).
    let laptop = Machine::new(root.path(), "laptop");
    syncthing(&desk.sync, &laptop.sync);
    laptop.store().rename_bookmark(&b.id, "renamed on the laptop").expect("rename");
    syncthing(&desk.sync, &laptop.sync);
    assert_eq!(labels(&desk.bookmarks_json()), set(&["renamed on the laptop"]));
}

#[test]
fn paths_names_the_sync_folder_and_the_variable_moves_it() {
    let root = tempfile::tempdir().expect("tempdir");
    let desk = Machine::new(root.path(), "desktop");
    let json: Value = serde_json::from_str(&desk.run(&["paths", "--json"])).expect("JSON");
    assert_eq!(PathBuf::from(json["sync_dir"].as_str().expect("text")), desk.sync);
    let own = desk.sync.join(desk.id());
    assert_eq!(PathBuf::from(json["bookmarks_file"].as_str().expect("text")), own.join("bookmarks.jsonl"));
    let elsewhere = root.path().join("elsewhere");
    let out = Command::new(env!("CARGO_BIN_EXE_essayreader"))
        .args(["paths", "--json"])
        .env("ESSAYREADER_CONFIG_DIR", &desk.config)
        .env("ESSAYREADER_ESSAYS_DIR", &desk.essays)
        .env("ESSAYREADER_SYNC_DIR", &elsewhere)
        .output()
        .expect("run");
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        PathBuf::from(json["sync_dir"].as_str().expect("text")),
        elsewhere,
        "the variable beats config.toml"
    );
}

#[test]
fn highlights_made_on_two_machines_are_listed_on_both_after_a_sync() {
    let root = tempfile::tempdir().expect("tempdir");
    let (desk, laptop) = (Machine::new(root.path(), "desk"), Machine::new(root.path(), "laptop"));
    for (machine, note) in [(&desk, "from the desk"), (&laptop, "from the laptop")] {
        let (start, end) = (18, 68);
        let path = vec!["Voice and exit".to_string()];
        let (a, b) = (capture(ESSAY, start, path.clone()), capture(ESSAY, end, path));
        let highlight = Highlight::new("leaking", "Voice and exit", &ESSAY[start..end], note, a, b);
        machine.store().add_highlight(highlight).expect("save");
    }
    syncthing(&desk.sync, &laptop.sync);
    for machine in [&desk, &laptop] {
        let json: Value = serde_json::from_str(&machine.run(&["highlights", "--json"])).expect("JSON");
        let notes: BTreeSet<String> = json
            .as_array()
            .expect("list")
            .iter()
            .map(|h| h["note"].as_str().unwrap_or("").to_string())
            .collect();
        assert_eq!(notes, set(&["from the desk", "from the laptop"]), "{}", machine.device);
        for h in json.as_array().expect("list") {
            let made = if h["note"] == "from the desk" { "desk" } else { "laptop" };
            assert_eq!(h["device"], made, "where it was made, on {}", machine.device);
        }
    }
}

#[test]
fn a_store_left_open_takes_in_what_the_sync_tool_brings_while_it_runs() {
    let root = tempfile::tempdir().expect("tempdir");
    let (desk, laptop) = (Machine::new(root.path(), "desktop"), Machine::new(root.path(), "laptop"));
    let place = |progress| SavedPosition::new("leaking", capture(ESSAY, 60, vec![]), progress);
    let mut open = laptop.store();
    open.save_position(place(0.2)).expect("position");
    assert!(open.rejoin().is_empty(), "nothing brought yet");
    // The desktop (its clock 10 minutes fast) bookmarks and reads on; the sync tool copies
    // that over.
    {
        let mut store = desk.store();
        store.set_clock_offset(600);
        store.add_bookmark(bookmark("made on the desktop")).expect("add");
        store.save_position(place(0.6)).expect("position");
    }
    syncthing(&desk.sync, &laptop.sync);
    assert_eq!(open.rejoin(), vec!["desktop".to_string()], "what arrived, and from where");
    let labels: Vec<&str> = open.bookmarks(None).iter().map(|b| b.label.as_str()).collect();
    assert_eq!(labels, ["made on the desktop"]);
    assert_eq!(open.position("leaking").map(|p| p.progress), Some(0.6), "read on at the desktop");
    assert_eq!(open.continued_from("leaking"), Some("desktop"));
    assert!(open.rejoin().is_empty(), "nothing new: nothing read again");
    // What the laptop does next counts as later than what it took in, fast clock and all.
    open.save_position(place(0.3)).expect("position");
    assert_eq!(open.continued_from("leaking"), None);
    assert_eq!(open.position("leaking").map(|p| p.progress), Some(0.3));
}
