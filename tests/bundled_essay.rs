//! The first bundled essay must be the saved blog post, word for word: the editors only added
//! front matter and section headings and dropped the blog's comment section.

const ESSAY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/essays/why-i-support-leaking-leftist-documents.md");
/// A copy of the blog post as it was saved (`shared/seed/000_25b3807837c86136.txt` outside
/// the repository), kept here so the check never depends on a file the repository lacks.
const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/leaking-seed.txt");
/// The title as the blog saved it: a no-break space sits between "Leftist" and "documents".
const TITLE: &str = "Why I support leaking Leftist\u{a0}documents";

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Splits the essay into its front matter lines and the Markdown body after it.
fn split_front_matter(essay: &str) -> (Vec<&str>, &str) {
    let rest = essay.strip_prefix("---\n").expect("the essay should start with a `---` front matter line");
    let end = rest.find("\n---\n").expect("the front matter should be closed by a `---` line");
    (rest[..end].lines().collect(), &rest[end + "\n---\n".len()..])
}

/// Paragraphs of a text: runs of non-empty lines, joined with `\n`.
fn paragraphs<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in lines.chain(std::iter::once("")) {
        if line.is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    out
}

fn is_heading(block: &str) -> bool {
    block.starts_with('#')
}

#[test]
fn front_matter_names_the_essay_and_explains_the_edits() {
    let essay = read(ESSAY);
    let (front, _) = split_front_matter(&essay);
    let value = |key: &str| {
        front
            .iter()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
            .map(str::trim)
            .unwrap_or_else(|| panic!("front matter has no `{key}:` line"))
    };
    assert_eq!(value("id"), "why-i-support-leaking-leftist-documents");
    assert_eq!(value("title"), format!("\"{TITLE}\""));
    assert_eq!(value("author"), "unknown");
    let note = value("note");
    assert!(
        note.contains("headings") && note.contains("comment"),
        "the note should say the headings were restored and the comments removed: {note}"
    );
    value("tags");
    value("source");
}

#[test]
fn one_title_heading_and_four_section_headings() {
    let essay = read(ESSAY);
    assert!(
        essay.ends_with('\n') && !essay.ends_with("\n\n"),
        "the essay should end with exactly one newline"
    );
    let (_, body) = split_front_matter(&essay);
    let titles: Vec<&str> = body.lines().filter(|l| l.starts_with("# ")).collect();
    assert_eq!(titles, [format!("# {TITLE}")], "exactly one `# ` title heading");
    let sections = body.lines().filter(|l| l.starts_with("## ")).count();
    assert_eq!(sections, 4, "one `## ` heading per section break of the saved post");
}

#[test]
fn paragraphs_are_the_saved_post_verbatim() {
    let seed = read(SEED);
    let mut seed_lines = seed.lines();
    assert_eq!(seed_lines.next(), Some(TITLE), "the seed's first line is the title");
    let expected = paragraphs(seed_lines.take_while(|l| !l.starts_with("One thought on")));

    let essay = read(ESSAY);
    let (_, body) = split_front_matter(&essay);
    let actual: Vec<String> = paragraphs(body.lines())
        .into_iter()
        .filter(|block| !is_heading(block))
        // A trailing backslash is a Markdown hard line break, not part of the text.
        .map(|block| block.replace("\\\n", "\n"))
        .collect();

    for (i, (got, want)) in actual.iter().zip(&expected).enumerate() {
        if got != want {
            let at = got
                .char_indices()
                .zip(want.chars())
                .find(|((_, a), b)| a != b)
                .map_or(got.len().min(want.len()), |((at, _), _)| at);
            panic!(
                "paragraph {} differs from the saved post (first difference at byte {at}):\n\
                 essay: {got:?}\n\
                 seed:  {want:?}",
                i + 1
            );
        }
    }
    assert_eq!(
        actual.len(),
        expected.len(),
        "the essay has {} paragraphs, the saved post {}; first unmatched: {:?}",
        actual.len(),
        expected.len(),
        actual.get(expected.len()).or(expected.get(actual.len()))
    );
}
