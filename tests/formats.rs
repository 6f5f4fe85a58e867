//! Plain-text essays (`.txt`): the seed as a saved blog page, the Project Gutenberg
//! classics, Markdown-looking lines and verse, read in place and through `import`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use essayreader::core::document::{BlockKind, Document};
use essayreader::core::layout::Layout;
use essayreader::library::formats::{Format, to_markdown};
use serde_json::Value;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("data").join(name)
}

/// The shared Gutenberg texts, kept beside the tests.
fn text(name: &str) -> String {
    fs::read_to_string(data(name)).expect("read test text")
}

fn convert(text: &str, name: &str) -> String {
    to_markdown(text.to_string(), Format::Plain, name)
}

/// The text of each paragraph, in order, with runs of whitespace made one space.
fn paragraphs(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        if let BlockKind::Paragraph(inline) = &block.kind {
            out.push(doc.inline_text(inline).split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    out
}

fn headings(doc: &Document) -> Vec<(u8, String)> {
    doc.headings.iter().map(|h| (h.level, h.title.clone())).collect()
}

/// The laid-out text at `width`, as `render` prints it without colour.
fn rendered(markdown: &str, width: u16) -> String {
    let layout = Layout::new(&Arc::new(Document::parse(markdown)), width);
    let mut out = String::new();
    essayreader::ui::ansi::write_layout(&layout, essayreader::ui::Theme::MONO, false, &mut out);
    out
}

#[test]
fn the_seed_as_text_reads_like_the_bundled_essay_without_its_restored_headings() {
    let seed = text("leaking-seed.txt");
    let md = convert(&seed, "000_25b3807837c86136.txt");
    let doc = Document::parse(&md);
    assert_eq!(doc.title(), Some("Why I support leaking Leftist documents"));
    let h = headings(&doc);
    assert_eq!(h.len(), 5, "{h:?}");
    assert_eq!(h[0], (1, "Why I support leaking Leftist documents".to_string()));
    assert_eq!(h[1], (2, "Who am I? If I’m not a member…".to_string()));
    assert!(h[2].1.starts_with("In Marxism we believe"), "{h:?}");
    // Every paragraph of the essay is one paragraph here, whole; the comment form is not.
    let paras = paragraphs(&doc);
    let essay = &seed[..seed.find("One thought on").expect("the seed's comment section")];
    let seed_lines: Vec<String> = essay
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| l.chars().count() > 80)
        .collect();
    assert!(seed_lines.len() > 30);
    for line in &seed_lines {
        assert!(paras.iter().any(|p| p == line), "not a whole paragraph: {line}");
    }
    for chrome in
        ["Leave a Reply", "Fill in your details", "You are commenting", "Pingback", "One thought on"]
    {
        assert!(!md.contains(chrome), "{chrome} shown");
    }
    let last = paras.last().expect("paragraphs");
    assert!(last.starts_with("13 lines of the saved page"), "{last}");
    insta::assert_snapshot!("seed_txt_rendered", rendered(&md, 72));
}

#[test]
fn gutenberg_texts_lose_header_and_footer_and_keep_title_author_and_joined_paragraphs() {
    for (file, title, author, first) in [
        (
            "civil-disobedience.txt",
            "On the Duty of Civil Disobedience",
            "Henry David Thoreau",
            "I heartily accept the motto,—“That government is best which governs least;” and",
        ),
        (
            "common-sense.txt",
            "Common Sense",
            "Thomas Paine",
            "Perhaps the sentiments contained in the following pages, are not yet sufficiently",
        ),
    ] {
        let raw = text(file);
        assert!(raw.contains("\r\n"), "the test text keeps Gutenberg's CRLF");
        let md = convert(&raw, file);
        let doc = Document::parse(&md);
        let front = doc.front.clone().expect("front matter");
        assert_eq!(front.title.as_deref(), Some(title));
        assert_eq!(front.author.as_deref(), Some(author));
        assert!(front.source.is_some_and(|s| s.starts_with("Project Gutenberg eBook #")));
        assert!(front.date.is_some());
        for boilerplate in [
            "START OF",
            "END OF",
            "gutenberg.org",
            "Gutenberg License",
            "This eBook is for the use",
            "EBook of",
        ] {
            assert!(!crate::body(&md).contains(boilerplate), "{file}: {boilerplate}");
        }
        assert!(paragraphs(&doc).iter().any(|p| p.starts_with(first)), "{file}: paragraph not joined");
    }
}

/// The Markdown after the front matter.
fn body(md: &str) -> &str {
    essayreader::core::frontmatter::split(md).body
}

#[test]
fn common_sense_outline_shows_its_parts() {
    let md = convert(&text("common-sense.txt"), "common-sense.txt");
    let doc = Document::parse(&md);
    let titles: Vec<String> = headings(&doc).into_iter().map(|(_, t)| t).collect();
    insta::assert_debug_snapshot!("common_sense_outline", titles);
    let civil = Document::parse(convert(&text("civil-disobedience.txt"), "civil-disobedience.txt"));
    insta::assert_debug_snapshot!("civil_disobedience_outline", headings(&civil));
}

#[test]
fn markdown_looking_lines_stay_text() {
    let plain = "Notes\n\n# not a heading\n\n- not a list\n\n1. not numbered\n\n> not a quote\n\n*not emphasis* and _this_ and [not](a link) and `code` and <b>html</b> &amp;\n\n---\n\n    not code\n";
    let md = convert(plain, "notes.txt");
    let doc = Document::parse(&md);
    assert_eq!(headings(&doc), [(1, "Notes".to_string())]);
    assert!(doc.containers.is_empty(), "a list or quote was made");
    assert!(doc.links.is_empty());
    assert!(
        !doc.blocks
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Rule | BlockKind::Code(_) | BlockKind::Html(_)))
    );
    let paras = paragraphs(&doc);
    for line in ["# not a heading", "- not a list", "1. not numbered", "> not a quote", "not code"] {
        assert!(paras.iter().any(|p| p == line), "{line} not kept: {paras:?}");
    }
    assert!(
        paras
            .iter()
            .any(|p| p == "*not emphasis* and _this_ and [not](a link) and `code` and <b>html</b> &amp;")
    );
    insta::assert_snapshot!("markdown_looking_lines", rendered(&md, 60));
}

#[test]
fn verse_addresses_and_bullets_keep_their_lines_and_prose_is_joined() {
    let plain = "A Poem and a Letter\n\nThe woods are lovely, dark and deep,\nBut I have promises to keep,\nAnd miles to go before I sleep.\n\n\
        This is prose that was wrapped at seventy characters by an e-mail program\r\n\
        and should be read as one paragraph, joined, set at the reader's width.\r\n\r\n\
        • one thing\n• another thing\n\n   An indented line\n   and another\n";
    let md = convert(plain, "poem.txt");
    let out = rendered(&md, 100);
    for line in [
        "The woods are lovely, dark and deep,",
        "But I have promises to keep,",
        "• one thing",
        "• another thing",
    ] {
        assert!(out.lines().any(|l| l.trim() == line), "{line} not on its own line:\n{out}");
    }
    assert!(out.contains("seventy characters by an e-mail program and should be read"), "{out}");
    insta::assert_snapshot!("verse_and_prose", out);
}

#[test]
fn separator_lines_and_blank_runs_make_sections() {
    let long = "This is a paragraph of prose long enough to count as the essay having begun, surely.";
    let plain = format!(
        "Title\n\n{long}\n\n* * *\n\nSecond part starts here and goes on {long}\n\n\n\nThird part begins {long}\n\n§\n\nFourth {long}\n"
    );
    let doc = Document::parse(convert(&plain, "t.txt"));
    let h: Vec<String> = headings(&doc).into_iter().map(|(_, t)| t).collect();
    assert_eq!(h.len(), 4, "{h:?}");
    assert!(h[1].starts_with("Second part starts here"));
    assert!(h[2].starts_with("Third part begins"));
    assert!(h[3].starts_with("Fourth"));
}

#[test]
fn without_a_title_line_the_file_name_is_the_title() {
    let md = convert("This first line is a sentence.\nAnd it goes on.\n", "my_notes-on-things.txt");
    assert_eq!(Document::parse(&md).title(), Some("My notes on things"));
}

/// Runs the binary with throwaway config and essays folders.
fn run(config: &Path, essays: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_essayreader"));
    cmd.args(args)
        .env("ESSAYREADER_CONFIG_DIR", config)
        .env("ESSAYREADER_ESSAYS_DIR", essays)
        .env("HOME", config)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run essayreader");
    if let Some(bytes) = stdin {
        use std::io::Write;
        child.stdin.take().expect("stdin").write_all(bytes).expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait")
}

#[test]
fn a_txt_in_the_folder_is_listed_rendered_and_outlined_converted_and_raw_shows_the_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (config, essays) = (tmp.path().join("config"), tmp.path().join("essays"));
    fs::create_dir_all(&essays).expect("essays");
    fs::copy(data("leaking-seed.txt"), essays.join("saved-page.txt")).expect("copy");
    let list = run(&config, &essays, &["list", "--json"], None);
    let entries: Value = serde_json::from_slice(&list.stdout).expect("json");
    let user: Vec<&Value> =
        entries.as_array().expect("array").iter().filter(|e| e["source"] == "user").collect();
    assert_eq!(user.len(), 1);
    assert_eq!(user[0]["title"], "Why I support leaking Leftist documents");
    let path = essays.join("saved-page.txt");
    let path = path.to_str().expect("utf-8 path");
    let outline = run(&config, &essays, &["outline", path, "--json"], None);
    let outline: Value = serde_json::from_slice(&outline.stdout).expect("json");
    assert_eq!(outline.as_array().expect("array").len(), 5);
    let render = String::from_utf8(run(&config, &essays, &["render", path], None).stdout).expect("utf-8");
    assert!(!render.contains("Leave a Reply"));
    assert!(render.contains("13 lines of the saved page"));
    let raw = run(&config, &essays, &["render", "--raw", path], None);
    assert_eq!(raw.stdout, fs::read(data("leaking-seed.txt")).expect("seed"));
}

#[test]
fn import_then_list_shows_the_essay_and_it_is_not_overwritten_without_force() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (config, essays) = (tmp.path().join("config"), tmp.path().join("essays"));
    let file = data("common-sense.txt");
    let out = run(&config, &essays, &["import", file.to_str().expect("path")], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written = PathBuf::from(String::from_utf8(out.stdout).expect("utf-8").trim());
    assert_eq!(written, essays.join("common-sense.md"));
    let md = fs::read_to_string(&written).expect("written essay");
    assert!(md.starts_with("---\nid: \"common-sense\"\n"), "{md:.200}");
    let list = run(&config, &essays, &["list", "--json"], None);
    let entries: Value = serde_json::from_slice(&list.stdout).expect("json");
    // Common Sense is bundled too; the imported copy is the user's, under the next free id.
    let entry = entries.as_array().expect("array").iter().find(|e| e["source"] == "user").expect("listed");
    assert_eq!(entry["id"], "common-sense-2");
    assert_eq!(entry["title"], "Common Sense");
    assert_eq!(entry["author"], "Thomas Paine");
    assert_eq!(entry["source"], "user");
    let again = run(&config, &essays, &["import", file.to_str().expect("path")], None);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let forced = run(&config, &essays, &["import", "--force", file.to_str().expect("path")], None);
    assert!(forced.status.success());
}

#[test]
fn import_from_stdin_prints_with_stdout_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (config, essays) = (tmp.path().join("config"), tmp.path().join("essays"));
    let input = b"Piped In\n\nA paragraph of text that came through a pipe rather than from a file.\n";
    let out = run(&config, &essays, &["import", "-", "--stdout"], Some(input));
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).expect("utf-8");
    assert!(md.contains("title: \"Piped In\"") && md.contains("# Piped In"), "{md}");
    assert!(fs::read_dir(&essays).map(|d| d.count()).unwrap_or(0) == 0, "--stdout wrote a file");
    let binary = run(&config, &essays, &["import", "-"], Some(b"abc\0def"));
    assert_eq!(binary.status.code(), Some(1));
    let empty = run(&config, &essays, &["import", "-"], Some(b" \n\n"));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("empty: nothing to import"));
    let markdown = run(&config, &essays, &["import", "README.md"], None);
    assert_eq!(markdown.status.code(), Some(1));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
    /// Whatever the text, it converts without a panic into prose: no link, list, quote,
    /// code or HTML, and headings only the title and sections.
    #[test]
    fn any_text_converts_to_prose_only(text in "([a-zA-Z#*_\\[\\]()<>`~|&!\\-+=>0-9.§ \t\u{1b}\u{202e}’—]{0,30}(\r\n|\n|\r)?){0,40}") {
        let md = convert(&text, "x.txt");
        let doc = Document::parse(&md);
        proptest::prop_assert!(doc.links.is_empty(), "{md}");
        proptest::prop_assert!(doc.containers.is_empty(), "{md}");
        proptest::prop_assert!(doc.headings.iter().all(|h| h.level <= 2), "{md}");
        let odd = doc.blocks.iter().any(|b| matches!(b.kind, BlockKind::Code(_) | BlockKind::Html(_) | BlockKind::Table(_)));
        proptest::prop_assert!(!odd, "{md}");
        // A blank text stays blank (an empty file); any other starts with its title.
        let title = if text.trim().is_empty() { None } else { Some(1) };
        proptest::prop_assert_eq!(doc.headings.first().map(|h| h.level), title);
    }
}

#[test]
fn an_empty_txt_is_still_an_empty_file_not_a_title_alone() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (config, essays) = (tmp.path().join("config"), tmp.path().join("essays"));
    fs::create_dir_all(&essays).expect("essays");
    let path = essays.join("blank.txt");
    fs::write(&path, "  \r\n\n").expect("write");
    let list = String::from_utf8(run(&config, &essays, &["list"], None).stdout).expect("utf-8");
    assert!(list.lines().any(|l| l.contains("Blank") && l.contains("(empty file)")), "{list}");
    let render = run(&config, &essays, &["render", path.to_str().expect("path")], None);
    assert_eq!(render.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&render.stderr).contains("is empty"));
}
