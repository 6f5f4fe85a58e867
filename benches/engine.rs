//! Engine benchmarks on generated essays of book size (1 MiB and 10 MiB).
//!
//! `cargo bench --bench engine`. What the numbers are for (PRODUCT.md, "Fast at book
//! scale"): `parse_and_layout` of 1 MiB is the first frame's cost (target: under 15 ms);
//! `frame` at the start and at the end of the 10 MiB essay should cost the same (within
//! 1.5×), since a key press redraws one frame. Nothing here asserts a time.
//!
//! The essays are generated deterministically (a small LCG, no randomness crate) to look
//! like the real thing: paragraphs of 60–200 words with some emphasis, links and footnotes,
//! a heading every ~20 paragraphs, a few lists and quotes, half the paragraphs hard-wrapped.

use std::hint::black_box;
use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::BytesCount;
use essayreader::app::search::Search;
use essayreader::app::{Model, Msg, OpenedEssay, update};
use essayreader::core::document::Document;
use essayreader::core::layout::Layout;
use essayreader::ui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    // `BENCH_DUMP_ESSAY=1 cargo bench --bench engine > essay.md` writes the 1 MiB essay, to
    // compare with `less essay.md` or to read with the app.
    if std::env::var_os("BENCH_DUMP_ESSAY").is_some() {
        print!("{}", *ESSAY_1);
        return;
    }
    divan::main();
}

const MIB: usize = 1 << 20;
const SIZES: [&str; 2] = ["1 MiB", "10 MiB"];
/// The reader's default text column.
const WIDTH: u16 = 72;
/// The terminal the frame benchmarks draw.
const SCREEN: (u16, u16) = (120, 40);

// --- Essay generator -------------------------------------------------------------------

/// Knuth's MMIX linear congruential generator: deterministic and good enough for prose.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.next() % (hi - lo + 1)
    }

    /// True one time in `n`.
    fn one_in(&mut self, n: u32) -> bool {
        self.next().is_multiple_of(n)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() as usize % items.len()]
    }
}

const WORDS: &[&str] = &[
    "the",
    "the",
    "the",
    "of",
    "of",
    "and",
    "and",
    "to",
    "to",
    "a",
    "in",
    "that",
    "is",
    "it",
    "for",
    "as",
    "with",
    "was",
    "on",
    "be",
    "by",
    "not",
    "this",
    "are",
    "but",
    "from",
    "or",
    "have",
    "an",
    "they",
    "which",
    "one",
    "were",
    "their",
    "we",
    "there",
    "been",
    "has",
    "more",
    "if",
    "no",
    "so",
    "what",
    "about",
    "up",
    "movement",
    "party",
    "workers",
    "class",
    "organising",
    "leadership",
    "members",
    "document",
    "leak",
    "accountability",
    "democracy",
    "internal",
    "bulletin",
    "comrades",
    "solidarity",
    "struggle",
    "union",
    "strike",
    "capital",
    "labour",
    "politics",
    "left",
    "right-wing",
    "culture",
    "logic",
    "voice",
    "exit",
    "loyalty",
    "criticism",
    "faction",
    "conference",
    "resolution",
    "majority",
    "minority",
    "secretary",
    "committee",
    "branch",
    "newspaper",
    "pamphlet",
    "argument",
    "history",
    "tradition",
    "question",
    "transparency",
    "bureaucracy",
    "discipline",
    "centralism",
    "organisation",
    "revolutionary",
    "reform",
    "electoral",
    "campaign",
    "activists",
    "ordinary",
    "people",
    "because",
    "however",
    "therefore",
    "nevertheless",
    "unfortunately",
    "obviously",
    "perhaps",
    "never",
    "always",
    "public",
    "private",
    "responsibility",
    "naïve",
    "rôle",
    "café",
    "“honest”",
    "decades",
    "years",
    "power",
    "state",
];

const TITLE_WORDS: &[&str] = &[
    "Voice",
    "Exit",
    "Loyalty",
    "Leaks",
    "Democracy",
    "Party",
    "Members",
    "Secrets",
    "Power",
    "Candour",
    "Bureaucracy",
    "Accountability",
    "Factions",
    "Discipline",
];

struct Essay {
    rng: Lcg,
    out: String,
    notes: Vec<String>,
    note_count: usize,
    links: usize,
}

impl Essay {
    fn words(&mut self, n: u32) -> String {
        let mut s = String::new();
        let mut since_stop = 0;
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            let w = self.rng.pick(WORDS);
            if since_stop == 0 {
                let mut c = w.chars();
                if let Some(first) = c.next() {
                    s.extend(first.to_uppercase());
                    s.push_str(c.as_str());
                }
            } else if self.rng.one_in(40) {
                s.push_str(&format!("*{w}*"));
            } else if self.rng.one_in(90) {
                s.push_str(&format!("**{w} {}**", self.rng.pick(WORDS)));
            } else if self.rng.one_in(150) {
                self.links += 1;
                s.push_str(&format!(
                    "[{w} {}](https://example.org/archive/{})",
                    self.rng.pick(WORDS),
                    self.links
                ));
            } else if self.rng.one_in(60) {
                s.push_str(&format!("`{w}`"));
            } else {
                s.push_str(w);
            }
            if self.rng.one_in(300) {
                self.note_count += 1;
                let n = self.note_count;
                s.push_str(&format!("[^{n}]"));
                let len = self.rng.range(8, 30);
                let body = self.words(len);
                self.notes.push(format!("[^{n}]: {body}."));
            }
            since_stop += 1;
            if since_stop > 6 && self.rng.one_in(12) {
                s.push('.');
                since_stop = 0;
            } else if self.rng.one_in(10) {
                s.push(',');
            }
        }
        s.push('.');
        s
    }

    /// Hard-wraps half of the paragraphs at about 78 columns, as many essays are written.
    fn push_paragraph(&mut self, prefix: &str, text: &str) {
        if self.rng.one_in(2) {
            self.out.push_str(prefix);
            self.out.push_str(text);
            self.out.push('\n');
        } else {
            let mut col = 0;
            self.out.push_str(prefix);
            for (i, w) in text.split(' ').enumerate() {
                if i > 0 {
                    if col + w.len() > 78 {
                        self.out.push('\n');
                        self.out.push_str(prefix);
                        col = 0;
                    } else {
                        self.out.push(' ');
                        col += 1;
                    }
                }
                self.out.push_str(w);
                col += w.len();
            }
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    fn flush_notes(&mut self) {
        for note in std::mem::take(&mut self.notes) {
            self.out.push_str(&note);
            self.out.push_str("\n\n");
        }
    }
}

/// A deterministic essay of at least `size` bytes.
fn generate(size: usize, seed: u64) -> String {
    let mut e = Essay {
        rng: Lcg(seed),
        out: String::with_capacity(size + 4096),
        notes: Vec::new(),
        note_count: 0,
        links: 0,
    };
    e.out.push_str("---\nid: bench\ntitle: \"On Leaks and Loyalty\"\nauthor: Bench Mark\n---\n\n# On Leaks and Loyalty\n\n");
    let mut paragraph = 0u32;
    let mut section = 0u32;
    while e.out.len() < size {
        paragraph += 1;
        if paragraph.is_multiple_of(20) || (paragraph > 3 && e.rng.one_in(25)) {
            e.flush_notes();
            section += 1;
            let hashes = if e.rng.one_in(4) { "###" } else { "##" };
            let (a, b) = (e.rng.pick(TITLE_WORDS), e.rng.pick(TITLE_WORDS));
            e.out.push_str(&format!("{hashes} {section}. {a} and {b}\n\n"));
        }
        if e.rng.one_in(15) {
            for _ in 0..e.rng.range(3, 6) {
                let n = e.rng.range(5, 20);
                let item = e.words(n);
                e.out.push_str("- ");
                e.out.push_str(&item);
                e.out.push('\n');
            }
            e.out.push('\n');
        } else if e.rng.one_in(12) {
            let n = e.rng.range(40, 80);
            let text = e.words(n);
            e.push_paragraph("> ", &text);
        } else {
            let n = e.rng.range(60, 200);
            let text = e.words(n);
            e.push_paragraph("", &text);
        }
    }
    e.flush_notes();
    e.out
}

static ESSAY_1: LazyLock<String> = LazyLock::new(|| generate(MIB, 1));
static ESSAY_10: LazyLock<String> = LazyLock::new(|| generate(10 * MIB, 10));
static DOC_1: LazyLock<Document> = LazyLock::new(|| Document::parse(&ESSAY_1));
static DOC_10: LazyLock<Document> = LazyLock::new(|| Document::parse(&ESSAY_10));

fn essay(size: &str) -> &'static str {
    if size == "1 MiB" { &ESSAY_1 } else { &ESSAY_10 }
}

fn doc(size: &str) -> &'static Document {
    if size == "1 MiB" { &DOC_1 } else { &DOC_10 }
}

// --- Engine ----------------------------------------------------------------------------

#[divan::bench(args = SIZES)]
fn parse(bencher: Bencher, size: &str) {
    let src = essay(size);
    bencher.counter(BytesCount::of_str(src)).bench(|| Document::parse(black_box(src)));
}

/// The floor under `parse`: pulldown-cmark's own events, with the options the engine uses.
#[divan::bench(args = SIZES)]
fn parse_pulldown_only(bencher: Bencher, size: &str) {
    use pulldown_cmark::{Options, Parser};
    let src = essay(size);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    bencher
        .counter(BytesCount::of_str(src))
        .bench(|| Parser::new_ext(black_box(src), options).into_offset_iter().count());
}

#[divan::bench(args = SIZES)]
fn layout(bencher: Bencher, size: &str) {
    let doc = doc(size);
    bencher.counter(BytesCount::of_str(essay(size))).bench(|| Layout::new(black_box(doc), WIDTH));
}

/// The cost of showing a 1 MiB essay at all (target: under 15 ms).
#[divan::bench]
fn parse_and_layout(bencher: Bencher) {
    let src = essay("1 MiB");
    // Both are returned, so that freeing them (outside the timing) is not counted.
    bencher.counter(BytesCount::of_str(src)).bench(|| {
        let doc = Document::parse(black_box(src));
        let layout = Layout::new(&doc, WIDTH);
        (doc, layout)
    });
}

// --- Frames ----------------------------------------------------------------------------

/// A reader with `src` open at the frame benchmarks' screen size.
fn reader_model(src: &str) -> Model {
    let mut model = Model::new(vec![], SCREEN);
    update(
        &mut model,
        Msg::Opened(Box::new(OpenedEssay {
            id: "bench".into(),
            title: "On Leaks and Loyalty".into(),
            source: src.into(),
            resume: None,
            reload: false,
            window: None,
        })),
    );
    model
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(SCREEN.0, SCREEN.1)).expect("a test backend never fails")
}

static MODEL_10: LazyLock<Model> = LazyLock::new(|| reader_model(&ESSAY_10));

/// One 120×40 frame of the 10 MiB essay at its start and at its end: a key press redraws
/// one frame, so both should cost the same.
#[divan::bench(args = ["start", "end"])]
fn frame(bencher: Bencher, at: &str) {
    let mut model = MODEL_10.clone();
    let reader = model.reader.as_mut().expect("the essay is open");
    let top = if at == "start" { 0 } else { reader.layout.len().saturating_sub(usize::from(SCREEN.1)) };
    reader.set_top(top);
    let mut terminal = terminal();
    bencher.bench_local(|| {
        terminal.draw(|f| render(black_box(&model), Theme::DARK, f)).expect("draw");
    });
}

/// Opening a 1 MiB essay and drawing its first frame: what "as fast as `less`" measures.
#[divan::bench]
fn open_and_first_frame(bencher: Bencher) {
    let src = essay("1 MiB");
    let mut terminal = terminal();
    bencher.with_inputs(|| src.to_string()).bench_local_values(|source| {
        let mut model = Model::new(vec![], SCREEN);
        update(
            &mut model,
            Msg::Opened(Box::new(OpenedEssay {
                id: "bench".into(),
                title: "t".into(),
                source,
                resume: None,
                reload: false,
                window: None,
            })),
        );
        terminal.draw(|f| render(&model, Theme::DARK, f)).expect("draw");
        model
    });
}

// --- Search ----------------------------------------------------------------------------

static LAYOUT_10: LazyLock<Layout> = LazyLock::new(|| Layout::new(&DOC_10, WIDTH));

/// Building the search index of the 10 MiB layout (done once per search and per relayout).
#[divan::bench]
fn search_index(bencher: Bencher) {
    let layout = &*LAYOUT_10;
    bencher.bench(|| Search::new(black_box(layout)));
}

/// Finding every match over the 10 MiB layout: a lower-case query (case-insensitive, so the
/// text is folded) and a capitalised one (case-sensitive).
#[divan::bench(args = ["solidarity", "Solidarity", "voice and exit"])]
fn search(bencher: Bencher, query: &str) {
    let mut search = Search::new(&LAYOUT_10);
    bencher.bench_local(|| {
        search.set_query(black_box(query));
        search.matches.len()
    });
}

/// The 10 MiB layout's text, lines joined as the search joins them.
static TEXT_10: LazyLock<String> =
    LazyLock::new(|| LAYOUT_10.lines().map(|l| l.content_text()).collect::<Vec<_>>().join(" "));

/// Folding that text for a case-insensitive search (quotes, spaces, dashes, ligatures,
/// accents, case): done once, on the first search after an essay is opened or relaid out.
#[divan::bench]
fn search_fold(bencher: Bencher) {
    let text = &*TEXT_10;
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| essayreader::core::fold::Folded::new(black_box(text), true).as_str().len());
}
