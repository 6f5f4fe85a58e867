//! Library-wide search at scale: 1,000 generated essays of 50 KiB (50 MiB), each query a
//! scan of the folded text kept in memory. Target: a query within 50 ms on two cores.
//!
//! Run with `cargo bench --bench search`. Compare with `grep -rci WORD` over the same files
//! (the README's benchmark notes give figures from one run of both).

use std::path::PathBuf;

use essayreader::library::Library;
use essayreader::search::{Corpus, Query};

fn main() {
    divan::main();
}

/// Words of the generated prose: a vocabulary of a few hundred, like a pamphlet's.
fn vocabulary() -> Vec<String> {
    let base = [
        "the",
        "party",
        "line",
        "members",
        "leaked",
        "documents",
        "democracy",
        "branch",
        "debate",
        "class",
        "struggle",
        "union",
        "strike",
        "wage",
        "labour",
        "capital",
        "state",
        "power",
        "movement",
        "history",
    ];
    let mut words: Vec<String> = base.iter().map(|w| (*w).to_string()).collect();
    for w in base {
        for suffix in ["s", "ed", "ing", "ism", "ist", "ity", "al", "ly", "er", "ment"] {
            words.push(format!("{w}{suffix}"));
        }
    }
    words
}

/// A folder of `count` generated essays of about `size` bytes; every 100th holds the
/// phrase "false consciousness of the proletariat", every 50th Lukács.
fn folder(count: usize, size: usize) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let words = vocabulary();
    let mut seed = 12345u64;
    for i in 0..count {
        let mut text = format!("---\ntitle: Essay number {i}\n---\n\n# Essay number {i}\n\n");
        let mut section = 0;
        while text.len() < size {
            section += 1;
            text.push_str(&format!("## Part {section}\n\n"));
            for _ in 0..80 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(&words[(seed >> 33) as usize % words.len()]);
                text.push(' ');
            }
            if i % 100 == 0 && section == 5 {
                text.push_str("the false consciousness of the proletariat ");
            }
            if i % 50 == 0 && section == 3 {
                text.push_str("as Georg Lukács wrote ");
            }
            text.push_str("\n\n");
        }
        std::fs::write(dir.path().join(format!("essay-{i:04}.md")), text).expect("write essay");
    }
    let dirs = vec![dir.path().to_path_buf()];
    (dir, dirs)
}

/// The corpus of 1,000 essays of 50 KiB.
fn corpus() -> (tempfile::TempDir, Corpus) {
    let (dir, dirs) = folder(1000, 50 * 1024);
    let library = Library::scan(&dirs);
    (dir, Corpus::build(&library.essays))
}

fn query(bencher: divan::Bencher, text: &str) {
    let (_dir, corpus) = corpus();
    let query = Query::parse(text);
    bencher.bench(|| corpus.search(divan::black_box(&query), 50, &|| false));
}

/// Reading and folding the whole library, as the first `S` (or `essayreader search`) does.
#[divan::bench(sample_count = 5)]
fn build_1000_essays_of_50_kib(bencher: divan::Bencher) {
    let (_dir, dirs) = folder(1000, 50 * 1024);
    let library = Library::scan(&dirs);
    bencher.bench(|| Corpus::build(divan::black_box(&library.essays)));
}

/// A word that is in no essay: the whole text is scanned once.
#[divan::bench(sample_count = 20)]
fn word_in_no_essay(bencher: divan::Bencher) {
    query(bencher, "zebra");
}

/// A rare name in 20 essays, typed without its accent.
#[divan::bench(sample_count = 20)]
fn rare_word(bencher: divan::Bencher) {
    query(bencher, "lukacs");
}

/// Three common words in every essay, thousands of times: the worst case for ranking.
#[divan::bench(sample_count = 20)]
fn three_common_words(bencher: divan::Bencher) {
    query(bencher, "class struggle union");
}

/// A phrase in 10 essays.
#[divan::bench(sample_count = 20)]
fn phrase(bencher: divan::Bencher) {
    query(bencher, "\"false consciousness\"");
}

/// A case-sensitive word (each lower-cased match is checked against the original).
#[divan::bench(sample_count = 20)]
fn case_sensitive_common_word(bencher: divan::Bencher) {
    query(bencher, "Party");
}

/// 10,000 essays of 50 KiB (500 MiB) made in memory, without files: the larger
/// library (about 1 GiB held, text and its folded copy).
fn ten_thousand() -> Corpus {
    let words = vocabulary();
    let mut seed = 777u64;
    let docs = (0..10_000)
        .map(|i| {
            let mut text = format!("# Essay number {i}\n\n");
            while text.len() < 50 * 1024 {
                for _ in 0..80 {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    text.push_str(&words[(seed >> 33) as usize % words.len()]);
                    text.push(' ');
                }
                text.push_str("\n\n");
            }
            essayreader::search::SearchDoc::new(&format!("e{i}"), &format!("Essay {i}"), text, true)
        })
        .collect();
    Corpus::from_docs(docs)
}

/// A word in none of 10,000 essays.
#[divan::bench(sample_count = 5)]
fn ten_thousand_word_in_no_essay(bencher: divan::Bencher) {
    let corpus = ten_thousand();
    let query = Query::parse("zebra");
    bencher.bench(|| corpus.search(divan::black_box(&query), 50, &|| false));
}

/// Three words in every one of 10,000 essays.
#[divan::bench(sample_count = 5)]
fn ten_thousand_three_common_words(bencher: divan::Bencher) {
    let corpus = ten_thousand();
    let query = Query::parse("class struggle union");
    bencher.bench(|| corpus.search(divan::black_box(&query), 50, &|| false));
}
