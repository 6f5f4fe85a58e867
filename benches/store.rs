//! Reading the sync folder at scale: 10,000 bookmarks and 10,000 reading positions written
//! by five machines, joined into what the reader shows, as every start does.
//!
//! Run with `cargo bench --bench store` (the README's sync section gives the figure).

use std::fmt::Write;
use std::path::Path;

use essayreader::core::position::capture;
use essayreader::store::{Bookmark, SavedPosition, Store};

fn main() {
    cpu_time_per_open();
    divan::main();
}

/// Wall time on a busy machine says little: the processor time one open takes (both
/// threads' together, so an upper bound of the wall time on an idle machine) is printed too.
fn cpu_time_per_open() {
    let root = folders();
    let cpu = || {
        let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: a valid timespec to fill.
        unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
        t.tv_sec as f64 * 1e3 + t.tv_nsec as f64 / 1e6
    };
    let runs = 10;
    let start = cpu();
    for _ in 0..runs {
        drop(divan::black_box(open(root.path())));
    }
    println!("processor time per open: {:.1} ms", (cpu() - start) / f64::from(runs));
}

const MACHINES: usize = 5;
const EACH: usize = 2_000;

/// A config folder and a sync folder holding `EACH` bookmarks and `EACH` positions from
/// each of `MACHINES` machines, written as those machines write them.
fn folders() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("temporary folder");
    let source = "# A long essay\n\n## Its middle\n\nThere are two options in life when dealing \
                  with things that need to be corrected: voice and exit.\n";
    for m in 0..MACHINES {
        let machine = format!("{m:016x}");
        let dir = root.path().join("sync").join(&machine);
        std::fs::create_dir_all(&dir).expect("folder");
        let (mut bookmarks, mut positions) = (
            String::from("{\"essayreader\":\"bookmarks\",\"version\":1}\n"),
            String::from("{\"essayreader\":\"positions\",\"version\":1}\n"),
        );
        for i in 0..EACH {
            let essay = format!("essay{:07}", m * EACH + i);
            let anchor = capture(source, 40, vec!["A long essay".into(), "Its middle".into()]);
            let mut b =
                Bookmark::new(&essay, "a label", "Its middle", "There are two options", anchor.clone());
            b.id = format!("{m}-{i}");
            let p = SavedPosition::new(&essay, anchor, 0.5);
            let at = |n: usize| format!("{:016}.00000.{machine}", 1_764_000_000_000u64 + n as u64);
            let line = |op: &str, body: String| {
                format!("{{\"at\":\"{}\",\"dev\":\"m{m}\",\"op\":{{\"{op}\":{body}}}}}\n", at(i),)
            };
            bookmarks.push_str(&line("add", serde_json::to_string(&b).expect("json")));
            write!(positions, "{}", line("position", serde_json::to_string(&p).expect("json")))
                .expect("text");
        }
        std::fs::write(dir.join("bookmarks.jsonl"), bookmarks).expect("write");
        std::fs::write(dir.join("positions.jsonl"), positions).expect("write");
    }
    root
}

fn open(root: &Path) -> Store {
    let (store, notices) = Store::open_in(&root.join("config"), &root.join("sync"), Some("bench"));
    assert!(notices.is_empty(), "{notices:?}");
    store
}

#[divan::bench(sample_count = 20)]
fn open_10000_bookmarks_and_10000_positions_from_5_machines(bencher: divan::Bencher) {
    let root = folders();
    let store = open(root.path());
    assert_eq!(store.bookmarks(None).len(), MACHINES * EACH);
    assert_eq!(store.all_positions().len(), MACHINES * EACH);
    bencher.bench(|| open(divan::black_box(root.path())));
}
