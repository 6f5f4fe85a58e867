//! Saved web pages (`.html`, `.htm`): the article of a WordPress, Blogger, Substack and
//! Marxists Internet Archive page without the site around it, character sets, the Project
//! Gutenberg HTML classics, `import`, and hostile pages (binary, huge, deeply nested,
//! script-only, control characters) read by the real binary.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use essayreader::core::document::Document;
use essayreader::core::layout::Layout;
use essayreader::library::formats::{Meta, html};
use serde_json::Value;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("data").join(name)
}

fn page(name: &str) -> html::Html {
    let bytes = fs::read(data(&format!("pages/{name}"))).expect("read page");
    html::convert(&bytes, "fallback")
}

fn headings(body: &str) -> Vec<String> {
    Document::parse(body).headings.iter().map(|h| h.title.clone()).collect()
}

/// The laid-out text at `width`, as `render` prints it without colour.
fn rendered(markdown: &str, width: u16) -> String {
    let layout = Layout::new(&Arc::new(Document::parse(markdown)), width);
    let mut out = String::new();
    essayreader::ui::ansi::write_layout(&layout, essayreader::ui::Theme::MONO, false, &mut out);
    out
}

/// Words that only the site around each test page's article contains.
const CHROME_WORDS: &[&str] = &[
    "must never appear",
    "SCRIPT",
    "PRELOAD",
    "Menu",
    "Sidebar",
    "Footer",
    "Leave a Reply",
    "Share",
    "Subscribe",
    "Navbar",
    "Older Post",
    "MIA",
    "color:",
];

fn assert_no_chrome(body: &str) {
    for word in CHROME_WORDS {
        assert!(!body.contains(word), "{word:?} in:\n{body}");
    }
}

#[test]
fn a_wordpress_post_reads_as_its_article_with_metadata_and_without_comments() {
    let wp = page("wordpress.html");
    assert_eq!(
        wp.meta,
        Meta {
            title: Some("On the Working Day".into()),
            author: Some("Rosa Example".into()),
            date: Some("2021-05-01T09:00:00+00:00".into()),
            source: Some("https://rednotes.example.org/2021/05/01/on-the-working-day/".into()),
        }
    );
    assert_eq!(headings(&wp.body), ["On the Working Day", "A history of struggle", "What it means today"]);
    assert_no_chrome(&wp.body);
    // Block quotes, lists, emphasis and links survive.
    let doc = Document::parse(&wp.body);
    assert_eq!(doc.links.len(), 1);
    assert!(wp.body.contains("> Eight hours for work"), "{}", wp.body);
    assert!(wp.body.contains("*workplaces*") || wp.body.contains("_workplaces_"), "{}", wp.body);
    insta::assert_snapshot!("wordpress_rendered", rendered(&wp.body, 72));
}

#[test]
fn a_blogger_post_keeps_its_sections_and_loses_the_blog_around_it() {
    let post = page("blogger.html");
    assert_eq!(post.meta.title.as_deref(), Some("Notes from the Picket Line"));
    assert_eq!(post.meta.author.as_deref(), Some("Sam Striker"));
    assert_eq!(post.meta.date.as_deref(), Some("2019-03-09T10:00:00Z"));
    assert_eq!(
        post.meta.source.as_deref(),
        Some("https://longweekend.blogspot.com/2019/03/notes-from-picket-line.html")
    );
    assert_eq!(
        headings(&post.body),
        ["Notes from the Picket Line", "The first morning", "The second morning"]
    );
    assert_no_chrome(&post.body);
}

#[test]
fn a_substack_post_keeps_its_sections_and_loses_the_subscribe_boxes() {
    let post = page("substack.html");
    assert_eq!(post.meta.title.as_deref(), Some("Why Rest Is Political"));
    assert_eq!(post.meta.author.as_deref(), Some("Alex Organiser"));
    assert_eq!(post.meta.date.as_deref(), Some("2023-09-04T12:00:00.000Z"));
    assert_eq!(post.meta.source.as_deref(), Some("https://dispatch.substack.com/p/why-rest-is-political"));
    let h = headings(&post.body);
    assert!(h.ends_with(&["Rest as a demand".to_string(), "Rest as a practice".to_string()]), "{h:?}");
    assert!(post.body.contains("1. Take the whole lunch hour."), "{}", post.body);
    assert_no_chrome(&post.body);
}

#[test]
fn a_marxists_internet_archive_page_reads_as_the_work_alone() {
    let work = page("marxists.htm");
    assert_eq!(work.meta.title.as_deref(), Some("The Shorter Day"));
    assert_eq!(work.meta.author.as_deref(), Some("Karl Example"));
    assert_eq!(work.meta.date.as_deref(), Some("March 1891"));
    assert_eq!(headings(&work.body), ["The Shorter Day", "I. The Question", "II. The Answer"]);
    // Declared as ISO-8859-1: the é is an é.
    assert!(work.body.contains("café talk aside"), "{}", work.body);
    assert!(work.body.trim_end().ends_with("to the end."), "{}", work.body);
    assert_no_chrome(&work.body);
}

#[test]
fn declared_latin1_is_read_correctly_and_undeclared_non_utf8_as_windows_1252_with_a_notice() {
    let latin = page("latin1.html");
    assert_eq!(latin.meta.title.as_deref(), Some("Café naïve À la révolution"));
    assert!(latin.body.contains("« Nous voulons du temps »"), "{}", latin.body);
    assert!(!latin.body.contains('\u{fffd}'));
    assert!(!latin.body.contains("Windows-1252"));
    let guessed = page("undeclared-1252.html");
    assert!(guessed.body.contains("“Solidarity” is café talk"), "{}", guessed.body);
    assert!(guessed.body.contains("read as Windows-1252"), "{}", guessed.body);
}

#[test]
fn the_gutenberg_html_classics_have_title_author_parts_and_no_licence() {
    let sense = html::convert(&fs::read(data("common-sense.htm")).expect("htm"), "x");
    assert_eq!(sense.meta.title.as_deref(), Some("Common Sense"));
    assert_eq!(sense.meta.author.as_deref(), Some("Thomas Paine"));
    let h = headings(&sense.body);
    for part in [
        "OF THE ORIGIN AND DESIGN OF GOVERNMENT IN GENERAL, WITH CONCISE REMARKS ON THE ENGLISH CONSTITUTION.",
        "OF MONARCHY AND HEREDITARY SUCCESSION.",
        "THOUGHTS ON THE PRESENT STATE OF AMERICAN AFFAIRS.",
        "OF THE PRESENT ABILITY OF AMERICA, WITH SOME MISCELLANEOUS REFLEXIONS.",
    ] {
        assert!(h.iter().any(|t| t == part), "{part} not in {h:?}");
    }
    let civil = html::convert(&fs::read(data("civil-disobedience.htm")).expect("htm"), "x");
    assert_eq!(civil.meta.title.as_deref(), Some("On the Duty of Civil Disobedience"));
    assert_eq!(civil.meta.author.as_deref(), Some("Henry David Thoreau"));
    assert!(civil.body.contains("That government is best which governs"));
    for text in [&sense.body, &civil.body] {
        assert!(!text.contains("Project Gutenberg License"), "licence kept");
        assert!(!text.contains("START OF TH"));
        assert!(!text.contains("END OF TH"));
    }
}

/// Runs the binary with throwaway config and essays folders.
fn run(config: &Path, essays: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_essayreader"))
        .args(args)
        .env("ESSAYREADER_CONFIG_DIR", config)
        .env("ESSAYREADER_ESSAYS_DIR", essays)
        .env("HOME", config)
        .stdin(Stdio::null())
        .output()
        .expect("run essayreader")
}

#[test]
fn import_of_a_web_page_then_list_shows_it_with_its_metadata() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (config, essays) = (tmp.path().join("config"), tmp.path().join("essays"));
    let file = data("pages/wordpress.html");
    let out = run(&config, &essays, &["import", file.to_str().expect("path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written = essays.join("on-the-working-day.md");
    let md = fs::read_to_string(&written).expect("written essay");
    assert!(md.contains("source: \"https://rednotes.example.org/2021/05/01/on-the-working-day/\""), "{md}");
    assert!(md.contains("date: \"2021-05-01T09:00:00+00:00\""), "{md}");
    assert!(md.contains("the web page wordpress.html"), "{md}");
    let list = run(&config, &essays, &["list", "--json"]);
    let entries: Value = serde_json::from_slice(&list.stdout).expect("json");
    let entry = entries.as_array().expect("array").iter().find(|e| e["source"] == "user").expect("listed");
    assert_eq!(entry["id"], "on-the-working-day");
    assert_eq!(entry["title"], "On the Working Day");
    assert_eq!(entry["author"], "Rosa Example");
}

#[test]
fn a_web_page_in_the_folder_is_listed_outlined_and_rendered() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (config, essays) = (tmp.path().join("config"), tmp.path().join("essays"));
    fs::create_dir_all(&essays).expect("essays");
    fs::copy(data("pages/substack.html"), essays.join("Saved Page.HTM")).expect("copy");
    let list = run(&config, &essays, &["list", "--json"]);
    let entries: Value = serde_json::from_slice(&list.stdout).expect("json");
    let entry = entries.as_array().expect("array").iter().find(|e| e["source"] == "user").expect("listed");
    assert_eq!(entry["title"], "Why Rest Is Political");
    let path = essays.join("Saved Page.HTM");
    let path = path.to_str().expect("path");
    let outline: Value =
        serde_json::from_slice(&run(&config, &essays, &["outline", path, "--json"]).stdout).expect("json");
    assert!(outline.as_array().expect("array").len() >= 3, "{outline}");
    let render = String::from_utf8(run(&config, &essays, &["render", path]).stdout).expect("utf-8");
    assert!(render.contains("Rest as a practice"));
    assert!(!render.contains("Subscribe"));
}

/// Renders `bytes` saved as `name` with the real binary: (exit code, stdout, stderr).
fn render_file(name: &str, bytes: &[u8]) -> (Option<i32>, String, String) {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join(name);
    fs::write(&file, bytes).expect("write");
    let (config, essays) = (tmp.path().join("config"), tmp.path().join("essays"));
    let out = run(&config, &essays, &["render", "--color", "never", file.to_str().expect("path")]);
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn a_hundred_thousand_nested_divs_end_normally_with_the_text_and_a_message() {
    let n = 100_000;
    let page = format!(
        "<html><head><title>Deep</title></head><body>{}<p>The text at the bottom.</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    // A stack overflow would abort the child (a signal, no exit code).
    let (code, out, err) = render_file("deep.html", page.as_bytes());
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("The text at the bottom."), "{out}");
    assert!(out.contains("nests its tags too deeply"), "{out}");
    // `<html>` and `<body>` hold the divs.
    assert_eq!(html::nesting_depth(&page), n + 2);
}

#[test]
fn binary_huge_empty_of_article_malformed_and_script_only_pages_give_a_message_or_a_result() {
    let (code, _, err) = render_file("image.html", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert_eq!(code, Some(1));
    assert!(err.contains("binary"), "{err}");
    // Over the library's 50 MiB limit: refused before it is read.
    let mut huge = b"<html><body><p>".to_vec();
    huge.resize(51 * 1024 * 1024, b'a');
    let (code, _, err) = render_file("huge.html", &huge);
    assert_eq!(code, Some(1));
    assert!(err.contains("too large"), "{err}");
    let (code, out, _) = render_file(
        "nav.html",
        b"<html><head><title>Links</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
    );
    assert_eq!(code, Some(0));
    assert!(out.contains("Links") && out.contains("No article was found"), "{out}");
    let (code, out, _) = render_file(
        "broken.html",
        b"<html><title>Broken</title><body><p>An unclosed <b>paragraph of real prose <i>that goes on<div></p></span>and on</table> to the end of the page",
    );
    assert_eq!(code, Some(0));
    assert!(out.contains("Broken") && out.contains("paragraph of real prose"), "{out}");
    let (code, out, _) =
        render_file("script.html", b"<script>document.write('SCRIPT TEXT')</script><style>p{}</style>");
    assert_eq!(code, Some(0));
    assert!(!out.contains("SCRIPT TEXT"), "{out}");
}

#[test]
fn control_characters_and_bidi_overrides_reach_the_terminal_only_as_stand_ins() {
    let page = "<html><head><title>Evil\u{1b}[2J \u{202e}title</title></head><body><article><h1>Evil\u{1b}[2J \u{202e}title</h1>\
        <p>A paragraph with an escape \u{1b}]0;pwned\u{7} and a \u{202e}bidi override\u{202c} inside its prose, long enough to be an article.</p>\
        <p>A second paragraph of ordinary prose, so that the page reads as an article rather than a fragment of one.</p></article></body></html>";
    let (code, out, err) = render_file("evil.html", page.as_bytes());
    assert_eq!(code, Some(0), "{err}");
    for bad in ['\u{1b}', '\u{7}', '\u{202e}', '\u{202c}'] {
        assert!(!out.contains(bad), "{bad:?} reached the terminal: {out:?}");
    }
    assert!(out.contains("<U+202E>"), "{out}");
}

#[test]
fn a_web_page_piped_to_import_is_read_as_one() {
    use std::io::Write;
    let tmp = tempfile::tempdir().expect("tmp");
    let mut child = Command::new(env!("CARGO_BIN_EXE_essayreader"))
        .args(["import", "--stdout", "-"])
        .env("ESSAYREADER_CONFIG_DIR", tmp.path().join("config"))
        .env("ESSAYREADER_ESSAYS_DIR", tmp.path().join("essays"))
        .env("HOME", tmp.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run essayreader");
    let page = fs::read(data("pages/substack.html")).expect("page");
    child.stdin.take().expect("stdin").write_all(&page).expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let md = String::from_utf8(out.stdout).expect("utf-8");
    assert!(md.starts_with("---\nid: \"why-rest-is-political\"\n"), "{md}");
    assert!(md.contains("the web page standard input"), "{md}");
    assert!(md.contains("## Rest as a practice") && !md.contains("Subscribe"), "{md}");
    // Printed, not written: the essays folder (made on first run) holds no essay.
    let written = fs::read_dir(tmp.path().join("essays")).map(|d| d.count()).unwrap_or(0);
    assert_eq!(written, 0);
}

/// A post whose footnotes are written the way `site` writes them: `reference` in the text,
/// `notes` after it.
fn footnoted(reference: &str, notes: &str) -> String {
    let prose = "The working day is not a law of nature but the outcome of a long struggle, and every hour won back was won by people who organised together.";
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Notes Post</title></head><body>\
         <article><h1>Notes Post</h1><p>{prose} A claim that needs a source.{reference} {prose}</p>\
         <p>{prose}</p>{notes}</article></body></html>"
    )
}

#[test]
fn footnotes_of_wordpress_substack_and_the_marxists_archive_are_footnotes() {
    // They were links to `#fn1`, which the reader could only answer "No heading #fn1".
    let pages = [
        (
            "WordPress",
            footnoted(
                "<sup data-fn=\"a1\" class=\"fn\"><a href=\"#a1\" id=\"a1-link\">1</a></sup>",
                "<ol class=\"wp-block-footnotes\"><li id=\"a1\">Marx, Capital, volume one, chapter ten. <a href=\"#a1-link\" aria-label=\"Jump to footnote reference 1\">↩︎</a></li></ol>",
            ),
        ),
        (
            "Substack",
            footnoted(
                "<a class=\"footnote-anchor\" id=\"footnote-anchor-1\" href=\"#footnote-1\">1</a>",
                "<div class=\"footnote\"><a id=\"footnote-1\" href=\"#footnote-anchor-1\" class=\"footnote-number\">1</a><div class=\"footnote-content\"><p>Marx, Capital, volume one, chapter ten.</p></div></div>",
            ),
        ),
        (
            "Marxists Internet Archive",
            footnoted(
                "<sup class=\"enote\"><a href=\"#f1\" name=\"n1\">[1]</a></sup>",
                "<hr class=\"end\"><p class=\"endnote\"><a name=\"f1\" href=\"#n1\">1.</a> Marx, Capital, volume one, chapter ten.</p>",
            ),
        ),
    ];
    for (site, page) in pages {
        let converted = html::convert(page.as_bytes(), "fallback");
        let doc = Document::parse(&converted.body);
        assert_eq!(doc.notes, 1, "{site}: no footnote in\n{}", converted.body);
        assert!(!doc.links.iter().any(|l| l.starts_with('#')), "{site}: {:?}\n{}", doc.links, converted.body);
        let text = rendered(&converted.body, 80);
        assert_eq!(text.matches("Marx, Capital, volume one, chapter ten.").count(), 1, "{site}:\n{text}");
        assert!(!text.contains('↩'), "{site}: the back link is kept:\n{text}");
    }
}
