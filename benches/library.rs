//! The library at scale: scanning a folder of 1,000 essays of 50 KiB each (50 MiB), as the
//! first frame of the library needs, and a rescan after one file changed.
//!
//! Run with `cargo bench --bench library`. Compare with `cat` over the same files (the
//! README's benchmark notes give figures).

use std::path::PathBuf;

use essayreader::library::Library;

fn main() {
    divan::main();
}

/// A folder of `count` generated essays of about `size` bytes, made once per run.
fn folder(count: usize, size: usize) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let words = ["the", "party", "line", "members", "leaked", "documents", "democracy", "branch", "debate"];
    let mut seed = 12345u64;
    for i in 0..count {
        let mut text =
            format!("---\ntitle: Essay number {i}\nauthor: Writer {}\n---\n\n# Essay number {i}\n\n", i % 37);
        while text.len() < size {
            for _ in 0..80 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(words[(seed >> 33) as usize % words.len()]);
                text.push(' ');
            }
            text.push_str("\n\n");
        }
        std::fs::write(dir.path().join(format!("essay-{i:04}.md")), text).expect("write essay");
    }
    let dirs = vec![dir.path().to_path_buf()];
    (dir, dirs)
}

#[divan::bench(sample_count = 10)]
fn scan_1000_essays_of_50_kib(bencher: divan::Bencher) {
    let (_dir, dirs) = folder(1000, 50 * 1024);
    bencher.bench(|| Library::scan(divan::black_box(&dirs)));
}

#[divan::bench(sample_count = 10)]
fn rescan_1000_essays_after_one_change(bencher: divan::Bencher) {
    let (dir, dirs) = folder(1000, 50 * 1024);
    let library = Library::scan(&dirs);
    std::fs::write(dir.path().join("essay-0007.md"), "# Changed\n\nNew text.\n").expect("write");
    bencher.bench(|| library.rescan(divan::black_box(&dirs)));
}

/// What knowing an essay by its content costs per essay (fingerprint and sketch of 50 KiB),
/// next to counting its words, which every scan does anyway.
#[divan::bench(sample_count = 50)]
fn identity_of_a_50_kib_essay(bencher: divan::Bencher) {
    let (dir, _) = folder(1, 50 * 1024);
    let text = std::fs::read_to_string(dir.path().join("essay-0000.md")).expect("read");
    bencher.bench(|| {
        let body = divan::black_box(text.as_str());
        essayreader::core::identity::identify(body)
    });
}

#[divan::bench(sample_count = 50)]
fn word_count_of_a_50_kib_essay(bencher: divan::Bencher) {
    let (dir, _) = folder(1, 50 * 1024);
    let text = std::fs::read_to_string(dir.path().join("essay-0000.md")).expect("read");
    bencher.bench(|| essayreader::core::words::count(divan::black_box(text.as_str())));
}

/// Start-up from the library cache: the cache file read and parsed, every file checked
/// against it, ids given from the registry (no essay read).
#[divan::bench(sample_count = 10)]
fn open_1000_essays_from_the_cache(bencher: divan::Bencher) {
    let (_dir, dirs) = folder(1000, 50 * 1024);
    let library = Library::scan(&dirs);
    let json = serde_json::to_vec(&library.to_cache()).expect("cache");
    let known = library.known.clone();
    bencher.bench(|| {
        let cached: Vec<essayreader::library::EssayInfo> = serde_json::from_slice(&json).expect("parse");
        Library::from_cache(cached, known.clone()).refresh(divan::black_box(&dirs))
    });
}
