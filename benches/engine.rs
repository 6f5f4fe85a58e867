//! Engine benchmarks on generated essays of book size (1 MiB and 10 MiB).
//!
//! `cargo bench --bench engine`. What the numbers are for (PRODUCT.md, "Fast at book
//! scale"): `parse_and_layout` of 1 MiB is the first frame's cost (target: under 15 ms);
//! `frame` at the start and at the end of the 10 MiB essay should cost the same (within
//! 1.5×), since a key press redraws one frame. Nothing here asserts a time.
//!
//! The essays are generated deterministically (see `essay_gen`) with the typography of
//! published essays (curly quotes, apostrophes, dashes, accented names); the `ascii`
//! cases are the same prose in pure ASCII, to compare.

use std::hint::black_box;
use std::sync::{Arc, LazyLock};

use divan::Bencher;
use divan::counter::BytesCount;
use essayreader::app::search::Search;
use essayreader::app::{Model, Msg, OpenedEssay, update};
use essayreader::core::document::{Document, SharedSource};
use essayreader::core::layout::Layout;
use essayreader::ui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod essay_gen;
use essay_gen::{Shape, generate};

fn main() {
    // `BENCH_DUMP_ESSAY=1 cargo bench --bench engine > essay.md` writes the 1 MiB essay, to
    // compare with `less essay.md` or to read with the app (`=10`: the 10 MiB one, `=ascii`:
    // the 1 MiB one in ASCII).
    if let Some(which) = std::env::var_os("BENCH_DUMP_ESSAY") {
        let essay: &str = match which.to_str() {
            Some("10") => &ESSAY_10,
            Some("ascii") => &ASCII_1,
            _ => &ESSAY_1,
        };
        print!("{essay}");
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

static ESSAY_1: LazyLock<String> = LazyLock::new(|| generate(MIB, 1, Shape::Typographic));
static ESSAY_10: LazyLock<String> = LazyLock::new(|| generate(10 * MIB, 10, Shape::Typographic));
static ASCII_1: LazyLock<String> = LazyLock::new(|| generate(MIB, 1, Shape::Ascii));
static ASCII_10: LazyLock<String> = LazyLock::new(|| generate(10 * MIB, 10, Shape::Ascii));
/// The essays as the reader holds a text it has read: shared, so parsing does not copy it.
static SHARED: LazyLock<[SharedSource; 4]> = LazyLock::new(|| {
    [&ESSAY_1, &ASCII_1, &ASCII_10, &ESSAY_10].map(|text| SharedSource::from(text.as_str()))
});
static DOC_1: LazyLock<Arc<Document>> = LazyLock::new(|| Arc::new(Document::parse(shared("1 MiB"))));
static DOC_10: LazyLock<Arc<Document>> = LazyLock::new(|| Arc::new(Document::parse(shared("10 MiB"))));

/// [`essay`] as the reader holds it.
fn shared(size: &str) -> &'static SharedSource {
    let i = match size {
        "1 MiB" => 0,
        "1 MiB ascii" => 1,
        "10 MiB ascii" => 2,
        _ => 3,
    };
    &SHARED[i]
}

fn essay(size: &str) -> &'static str {
    match size {
        "1 MiB" => &ESSAY_1,
        "1 MiB ascii" => &ASCII_1,
        "10 MiB ascii" => &ASCII_10,
        _ => &ESSAY_10,
    }
}

fn doc(size: &str) -> &'static Arc<Document> {
    if size == "1 MiB" { &DOC_1 } else { &DOC_10 }
}

// --- Engine ----------------------------------------------------------------------------

#[divan::bench(args = SIZES)]
fn parse(bencher: Bencher, size: &str) {
    let src = shared(size);
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
#[divan::bench(args = ["1 MiB", "1 MiB ascii"])]
fn parse_and_layout(bencher: Bencher, size: &str) {
    let src = shared(size);
    // Both are returned, so that freeing them (outside the timing) is not counted.
    bencher.counter(BytesCount::of_str(src)).bench(|| {
        let doc = Arc::new(Document::parse(black_box(src)));
        let layout = Layout::new(&doc, WIDTH);
        (doc, layout)
    });
}

/// What `essayreader render` does after reading the file: parse, lay out at 72 columns and
/// write plain text (target: 1 MiB within 30 ms, on typographic text as on ASCII).
#[divan::bench(args = ["1 MiB", "1 MiB ascii"])]
fn render_text(bencher: Bencher, size: &str) {
    let src = shared(size);
    bencher.counter(BytesCount::of_str(src)).bench(|| {
        let doc = Arc::new(Document::parse(black_box(src)));
        let mut out = String::with_capacity(src.len() + src.len() / 4);
        let layout = Layout::each_line(&doc, WIDTH, |line| {
            essayreader::ui::ansi::write_line(line, Theme::DARK, false, &mut out);
        });
        (doc, layout, out)
    });
}

// --- Frames ----------------------------------------------------------------------------

/// A reader with `src` open at the frame benchmarks' screen size.
fn reader_model(src: &str) -> Model {
    let mut model = Model::new(vec![], SCREEN);
    update(&mut model, Msg::Opened(Box::new(OpenedEssay::new("bench", "On Leaks and Loyalty", src))));
    model
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(SCREEN.0, SCREEN.1)).expect("a test backend never fails")
}

static MODEL_10: LazyLock<Model> = LazyLock::new(|| reader_model(&ESSAY_10));

/// The first frame of the 1 MiB essay as the reader sends it to the terminal: a new
/// terminal (its two screen buffers made), the frame drawn, and its bytes written from a
/// blank screen (gaps as spaces, a style at a time, short cursor moves). Counts the bytes.
#[divan::bench]
fn first_frame_written(bencher: Bencher) {
    let model = reader_model(&ESSAY_1);
    let mut out = Vec::with_capacity(64 * 1024);
    bencher
        .counter(BytesCount::new(first_frame(&model, &mut out)))
        .bench_local(|| first_frame(&model, &mut out));
}

/// Writes `model`'s first frame into `out` (emptied first); returns its length.
fn first_frame(model: &Model, out: &mut Vec<u8>) -> usize {
    out.clear();
    let mut terminal =
        essayreader::tui::terminal::frames_into(&mut *out, SCREEN).expect("memory takes any write");
    terminal.draw(|f| render(black_box(model), Theme::DARK, f)).expect("draw");
    drop(terminal);
    out.len()
}

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

/// A key and the frame it brings, at the start and at the end of the 10 MiB essay: `G` (to
/// the end), `]` (the next heading) and `n` (the next match of a search for "solidarity"),
/// each a jump that also records where it started. Both places should cost the same.
#[divan::bench(args = ["G start", "G end", "] start", "] end", "n start", "n end"])]
fn key_to_frame(bencher: Bencher, case: &str) {
    use essayreader::app::keymap::Key;
    let (key, at) = case.split_once(' ').expect("a key and a place");
    let key = key.chars().next().expect("a key");
    let mut model = MODEL_10.clone();
    if key == 'n' {
        for c in "/solidarity".chars() {
            update(&mut model, Msg::Key(Key::Char(c)));
        }
        update(&mut model, Msg::Key(Key::Enter));
    }
    let len = model.reader.as_ref().expect("the essay is open").layout.len();
    let top = if at == "start" { 0 } else { len.saturating_sub(usize::from(SCREEN.1) * 3) };
    let mut terminal = terminal();
    bencher.bench_local(|| {
        model.reader.as_mut().expect("the essay is open").set_top(top);
        let effects = update(&mut model, Msg::Key(Key::Char(key)));
        terminal.draw(|f| render(black_box(&model), Theme::DARK, f)).expect("draw");
        effects
    });
}

/// Extending a selection by a line (`v`, then `j`) and the frame it brings, at the start
/// and at the end of the 10 MiB essay.
#[divan::bench(args = ["start", "end"])]
fn select_line_to_frame(bencher: Bencher, at: &str) {
    use essayreader::app::keymap::Key;
    let mut model = MODEL_10.clone();
    let len = model.reader.as_ref().expect("the essay is open").layout.len();
    let top = if at == "start" { 0 } else { len.saturating_sub(usize::from(SCREEN.1) * 3) };
    model.reader.as_mut().expect("the essay is open").set_top(top);
    update(&mut model, Msg::Key(Key::Char('v')));
    let mut terminal = terminal();
    bencher.bench_local(|| {
        let effects = update(&mut model, Msg::Key(Key::Char('j')));
        terminal.draw(|f| render(black_box(&model), Theme::DARK, f)).expect("draw");
        effects
    });
}

/// A resize to another text width and back (each lays the whole essay out again at the
/// new width) and the frame, at the start and at the end of the 10 MiB essay: the same
/// cost at both places.
#[divan::bench(args = ["start", "end"], sample_count = 10)]
fn resize_to_frame(bencher: Bencher, at: &str) {
    let mut model = MODEL_10.clone();
    let len = model.reader.as_ref().expect("the essay is open").layout.len();
    let top = if at == "start" { 0 } else { len.saturating_sub(usize::from(SCREEN.1) * 3) };
    model.reader.as_mut().expect("the essay is open").set_top(top);
    let mut terminal = terminal();
    let mut narrow = false;
    bencher.bench_local(|| {
        narrow = !narrow;
        let width = if narrow { 70 } else { SCREEN.0 };
        let effects = update(&mut model, Msg::Resize(width, SCREEN.1));
        terminal.draw(|f| render(black_box(&model), Theme::DARK, f)).expect("draw");
        effects
    });
}

/// Taking a text anchor in the 10 MiB essay (every jump and save takes one): with the
/// essay's hash known, as the reader does now, and hashing the whole text again, as it did.
#[divan::bench(args = ["hash kept", "hash again"])]
fn anchor_10(bencher: Bencher, how: &str) {
    use essayreader::core::position;
    let source = SharedSource::from(essay("10 MiB"));
    let at = source.len() / 2;
    bencher.bench(|| match how {
        "hash kept" => position::capture_hashed(&source, source.hash(), black_box(at), Vec::new()),
        _ => position::capture(&source, black_box(at), Vec::new()),
    });
}

/// Opening a 1 MiB essay and drawing its first frame: what "as fast as `less`" measures.
#[divan::bench]
fn open_and_first_frame(bencher: Bencher) {
    let src = essay("1 MiB");
    let mut terminal = terminal();
    bencher.with_inputs(|| src.to_string()).bench_local_values(|source| {
        let mut model = Model::new(vec![], SCREEN);
        update(&mut model, Msg::Opened(Box::new(OpenedEssay::new("bench", "t", source))));
        terminal.draw(|f| render(&model, Theme::DARK, f)).expect("draw");
        model
    });
}

// --- Search ----------------------------------------------------------------------------

static LAYOUT_10: LazyLock<Layout> = LazyLock::new(|| Layout::new(&DOC_10, WIDTH));

/// The first search in the 10 MiB layout (once per essay opened or relaid out, and per
/// kind of search): the lines walked, their text folded (kept for the searches after it)
/// and matched.
#[divan::bench]
fn first_search(bencher: Bencher) {
    let layout = &*LAYOUT_10;
    bencher.bench(|| {
        let mut search = Search::new(black_box(layout));
        search.set_query(layout, "solidarity");
        search
    });
}

/// Finding every match over the 10 MiB layout: a lower-case query (case-insensitive, so the
/// text is folded) and a capitalised one (case-sensitive).
#[divan::bench(args = ["solidarity", "Solidarity", "voice and exit"])]
fn search(bencher: Bencher, query: &str) {
    let mut search = Search::new(&LAYOUT_10);
    bencher.bench_local(|| {
        search.set_query(&LAYOUT_10, black_box(query));
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
