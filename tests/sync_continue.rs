//! "Continued from desktop": an essay read further on another machine opens there after a
//! sync, says so in the status line, and `Backspace` goes back to where this machine was.

mod common;

use std::fs;
use std::path::Path;

use common::folders::{Folders, quit, top_text};
use common::{Key, Term};

/// An essay long enough that each part starts screens apart.
fn essay() -> String {
    let mut text = String::from("# Travelling essay\n\n");
    for part in ["Part one", "Part two", "Part three"] {
        text.push_str(&format!("## {part}\n\n"));
        for n in 0..30 {
            text.push_str(&format!("{part}, paragraph {n}: words to read on any machine at all.\n\n"));
        }
    }
    text
}

/// A machine: its folders, its device name and its copy of the sync folder.
struct Machine {
    folders: Folders,
    sync: String,
    /// Seconds this machine's clock is off (`ESSAYREADER_TEST_CLOCK_OFFSET`).
    clock: &'static str,
}

impl Machine {
    fn new(device: &str, clock: &'static str) -> Machine {
        let folders = Folders::new();
        fs::create_dir_all(&folders.config).expect("config folder");
        fs::write(folders.config.join("config.toml"), format!("device = \"{device}\"\n")).expect("config");
        folders.write("travelling.md", &essay());
        let sync = folders.root.join("Sync").display().to_string();
        Machine { folders, sync, clock }
    }

    fn open(&self) -> Term {
        let env =
            [("ESSAYREADER_SYNC_DIR", self.sync.as_str()), ("ESSAYREADER_TEST_CLOCK_OFFSET", self.clock)];
        self.folders.spawn_with(&["travelling"], &env, 100, 24)
    }

    /// Opens the essay, goes `headings` headings down with `]`, and quits (saving the place).
    fn read_to(&self, headings: usize, heading: &str) {
        let mut term = self.open();
        term.wait_for("Travelling essay");
        for _ in 0..headings {
            term.send("]");
        }
        term.wait_until(|_| top_text(&term) == heading, heading);
        quit(&mut term);
    }
}

/// Syncs two machines' sync folders as Syncthing does.
fn sync(a: &Machine, b: &Machine) {
    syncthing(Path::new(&a.sync), Path::new(&b.sync));
}

/// Copies every file one side lacks or has older, both ways (as Syncthing does).
fn syncthing(a: &Path, b: &Path) {
    for (from, to) in [(a, b), (b, a)] {
        fs::create_dir_all(to).expect("folder");
        let Ok(entries) = fs::read_dir(from) else { continue };
        for entry in entries.map(|e| e.expect("entry")) {
            let (src, dst) = (entry.path(), to.join(entry.file_name()));
            if entry.file_type().expect("type").is_dir() {
                syncthing(&src, &dst);
                continue;
            }
            let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
            if modified(&dst).is_none_or(|t| modified(&src).is_some_and(|s| s > t)) {
                fs::copy(&src, &dst).expect("copy");
                let time = modified(&src).expect("time");
                fs::File::options().write(true).open(&dst).and_then(|f| f.set_modified(time)).expect("time");
            }
        }
    }
}

#[test]
fn an_essay_read_further_elsewhere_continues_there_and_backspace_returns_here() {
    // The laptop's clock is 10 minutes slow: what it reads after the desktop still counts
    // as read last.
    let (desk, laptop) = (Machine::new("desktop", "0"), Machine::new("laptop", "-600"));
    laptop.read_to(1, "Part one");
    sync(&laptop, &desk);
    // The desktop (which never read it) opens at the laptop's place, then reads on.
    {
        let mut term = desk.open();
        term.wait_for("Continued from laptop");
        assert_eq!(top_text(&term), "Part one");
        term.send("]");
        term.wait_until(|_| top_text(&term) == "Part two", "Part two");
        term.send("]");
        term.wait_until(|_| top_text(&term) == "Part three", "Part three");
        quit(&mut term);
    }
    sync(&desk, &laptop);

    let mut term = laptop.open();
    term.wait_for("Continued from desktop");
    assert_eq!(top_text(&term), "Part three", "opened where the desktop stopped");
    term.send_key(Key::Backspace);
    term.wait_until(|_| top_text(&term) == "Part one", "back at the laptop's own place");
    quit(&mut term);

    // Read last here now: the next start opens here and says nothing of the desktop.
    let mut term = laptop.open();
    term.wait_for("Travelling essay");
    term.wait_until(|_| top_text(&term) == "Part one", "the laptop's place");
    assert!(!term.screen_text().contains("Continued from"), "{}", term.screen_text());
    quit(&mut term);

    // And the desktop, whose clock says the laptop read 10 minutes before it did, still
    // takes the laptop's place as the latest.
    sync(&laptop, &desk);
    let mut term = desk.open();
    term.wait_for("Continued from laptop");
    assert_eq!(top_text(&term), "Part one");
    term.send_key(Key::Backspace);
    term.wait_until(|_| top_text(&term) == "Part three", "back at the desktop's own place");
    quit(&mut term);
}

#[test]
fn a_reader_left_open_elsewhere_does_not_take_back_the_place_read_since() {
    let (desk, laptop) = (Machine::new("desktop", "0"), Machine::new("laptop", "0"));
    laptop.read_to(1, "Part one");
    // The laptop opens the essay at its place and is left so...
    let mut left_open = laptop.open();
    left_open.wait_for("Travelling essay");
    left_open.wait_until(|_| top_text(&left_open) == "Part one", "the laptop's place");
    // ...while the desktop reads on from there, and the sync tool brings that back.
    sync(&laptop, &desk);
    desk.read_to(2, "Part three");
    sync(&desk, &laptop);
    // Back at the laptop, the reader is closed without reading on.
    quit(&mut left_open);
    drop(left_open);
    sync(&laptop, &desk);

    // The place read last is still the desktop's, on both machines.
    let mut term = laptop.open();
    term.wait_for("Continued from desktop");
    assert_eq!(top_text(&term), "Part three", "opened where the desktop stopped");
    quit(&mut term);
    let mut term = desk.open();
    term.wait_for("Travelling essay");
    term.wait_until(|_| top_text(&term) == "Part three", "the desktop's place");
    assert!(!term.screen_text().contains("Continued from"), "{}", term.screen_text());
    quit(&mut term);
}

#[test]
fn a_running_reader_takes_in_what_another_machine_did_meanwhile() {
    let (desk, laptop) = (Machine::new("desktop", "0"), Machine::new("laptop", "0"));
    laptop.read_to(1, "Part one");
    sync(&laptop, &desk);
    let mut open = laptop.open();
    open.wait_until(|_| top_text(&open) == "Part one", "the laptop's place");
    // Meanwhile the desktop bookmarks the laptop's place and reads on to the third part.
    {
        let mut term = desk.open();
        term.wait_for("Continued from laptop");
        term.send("m");
        term.wait_for("Bookmark label:");
        term.send("marked on the desktop");
        term.send_key(Key::Enter);
        term.wait_for("Bookmarked: marked on the desktop");
        term.send("]]");
        term.wait_until(|_| top_text(&term) == "Part three", "Part three");
        quit(&mut term);
    }
    sync(&desk, &laptop);
    // The laptop's reader, still open, says so without moving the text...
    open.wait_for("Read on at desktop");
    assert_eq!(top_text(&open), "Part one", "the text stays where it is read");
    // ...lists the desktop's bookmark...
    open.send("'");
    open.wait_for("marked on the desktop");
    open.send_key(Key::Esc);
    open.wait_until(|screen| !screen.contains("Bookmarks ·"), "the list closed");
    // ...and opened again, continues where the desktop stopped.
    open.send("q");
    open.wait_for("Library ·");
    open.send_key(Key::Enter);
    open.wait_for("Continued from desktop");
    assert_eq!(top_text(&open), "Part three");
    quit(&mut open);
}
