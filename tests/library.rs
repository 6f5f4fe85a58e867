//! The library as a user meets it: folders of real files, good and bad.
//!
//! Every test works in its own temporary folder and passes paths explicitly; nothing
//! touches the real home folder or the process environment.

use essayreader::library::{
    EssayInfo, Library, LibraryError, ResolveError, Resolved, SETTLE, Source, Watcher, add_files, bundled,
    load_path, load_text, resolve,
};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn write(dir: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create parent");
    }
    fs::write(&path, content).expect("write");
    path
}

fn scan(dir: &Path) -> Library {
    Library::scan(&[dir.to_path_buf()])
}

fn user(lib: &Library) -> Vec<&EssayInfo> {
    lib.essays.iter().filter(|e| e.source == Source::User).collect()
}

fn named<'a>(lib: &'a Library, file: &str) -> Option<&'a EssayInfo> {
    user(lib).into_iter().find(|e| e.path.file_name().is_some_and(|n| n == file))
}

fn listed<'a>(lib: &'a Library, file: &str) -> &'a EssayInfo {
    named(lib, file).unwrap_or_else(|| panic!("{file} is not listed: {:#?}", lib.essays))
}

// ---- bundled essays ----------------------------------------------------------------

#[test]
fn bundled_essays_are_listed_from_the_binary() {
    let lib = Library::scan(&[]);
    assert_eq!(lib.essays.len(), bundled().len());
    for essay in &lib.essays {
        assert_eq!(essay.source, Source::Bundled);
        let (_, text) = bundled()
            .iter()
            .find(|(name, _)| essay.path == Path::new("essays").join(name))
            .expect("path is essays/<file name>");
        assert_eq!(load_text(essay).expect("bundled text").text, *text);
    }
}

// ---- what gets listed ----------------------------------------------------------------

#[test]
fn finds_essays_in_subfolders_with_every_extension() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for name in ["a.md", "b.MARKDOWN", "c.mdown", "d.mkd", "e.txt", "sub/deeper/f.Md"] {
        write(tmp.path(), name, "# Title\n\nwords here\n");
    }
    write(tmp.path(), "g.html", "<h1>yes</h1>");
    write(tmp.path(), "i.HTM", "<h1>yes</h1>");
    write(tmp.path(), "h.pdf", "%PDF");
    let lib = scan(tmp.path());
    assert_eq!(user(&lib).len(), 8, "{:#?}", lib.essays);
    assert!(lib.warnings.is_empty(), "{:?}", lib.warnings);
}

#[test]
fn hidden_swap_and_temp_files_are_skipped() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "real.md", "# Real\n");
    for name in [
        ".hidden.md",
        ".real.md.swp",
        ".real.md.swx",
        "real.md~",
        ".#real.md",
        "#real.md#",
        "real.md.tmp",
        "real.md.part",
        "4913",
        ".git/notes.md",
        ".obsidian/x.md",
    ] {
        write(tmp.path(), name, "# Not an essay\n");
    }
    let lib = scan(tmp.path());
    let files: Vec<_> = user(&lib).iter().map(|e| e.path.clone()).collect();
    assert_eq!(files, [tmp.path().join("real.md")]);
}

#[test]
fn a_folder_named_like_an_essay_is_a_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(tmp.path().join("x.md")).expect("mkdir");
    write(tmp.path(), "x.md/inside.md", "# Inside\n");
    let lib = scan(tmp.path());
    let files: Vec<_> = user(&lib).iter().map(|e| e.path.clone()).collect();
    assert_eq!(files, [tmp.path().join("x.md/inside.md")]);
}

#[cfg(unix)]
#[test]
fn symlink_loops_end_and_linked_files_are_listed_once() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "sub/essay.md", "# Once\n");
    std::os::unix::fs::symlink(tmp.path(), tmp.path().join("sub/loop")).expect("symlink");
    std::os::unix::fs::symlink(tmp.path().join("sub/essay.md"), tmp.path().join("alias.md"))
        .expect("symlink");
    std::os::unix::fs::symlink(tmp.path().join("gone.md"), tmp.path().join("dangling.md")).expect("symlink");
    let lib = scan(tmp.path());
    assert_eq!(user(&lib).len(), 1, "{:#?}", lib.essays);
    assert!(lib.warnings.iter().any(|w| w.contains("dangling.md")), "{:?}", lib.warnings);
}

#[test]
fn overlapping_folders_list_each_file_once() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "sub/a.md", "# A\n");
    let lib = Library::scan(&[tmp.path().to_path_buf(), tmp.path().join("sub")]);
    assert_eq!(user(&lib).len(), 1);
}

#[test]
fn a_missing_folder_is_a_warning() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "a.md", "# A\n");
    let missing = tmp.path().join("nope");
    let lib = Library::scan(&[missing, tmp.path().to_path_buf()]);
    assert_eq!(user(&lib).len(), 1);
    assert_eq!(lib.warnings.len(), 1);
    assert!(lib.warnings[0].contains("nope"));
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_an_essay_is_not_opened() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let fifo = tmp.path().join("pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo on this system: nothing to test
    }
    let lib = scan(tmp.path()); // would hang if the FIFO were opened
    assert!(user(&lib).is_empty());
    assert!(matches!(load_path(&fifo), Err(LibraryError::NotAFile(_))));
}

// ---- bad files -----------------------------------------------------------------------

#[test]
fn binary_files_are_listed_with_a_problem_and_never_loaded() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = write(tmp.path(), "photo.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let lib = scan(tmp.path());
    let info = listed(&lib, "photo.md");
    assert_eq!(info.problem.as_deref(), Some("binary file"));
    assert_eq!(info.title, "Photo");
    let err = load_text(info).expect_err("binary");
    assert!(matches!(err, LibraryError::Binary(_)));
    assert!(err.to_string().ends_with("looks like a binary file"));
    assert!(load_path(&path).is_err());
}

#[test]
fn non_utf8_is_read_lossily_and_says_so() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "latin1.md", b"# Caf\xe9 society\n\nUn caf\xe9 cr\xe8me.\n");
    let lib = scan(tmp.path());
    let info = listed(&lib, "latin1.md");
    assert_eq!(info.problem.as_deref(), Some("not valid UTF-8 (read with replacement characters)"));
    assert_eq!(info.title, "Caf\u{fffd} society");
    let text = load_text(info).expect("lossy text");
    assert!(text.lossy);
    assert!(text.text.contains("cr\u{fffd}me"));
}

#[test]
fn empty_files_are_listed_as_empty() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "blank_page.md", "");
    write(tmp.path(), "spaces.md", "  \n\n\t\n");
    let lib = scan(tmp.path());
    for name in ["blank_page.md", "spaces.md"] {
        let info = listed(&lib, name);
        assert_eq!(info.problem.as_deref(), Some("empty file"), "{name}");
        assert_eq!(info.words, 0);
        assert_eq!(info.reading_minutes(), 0);
    }
    assert_eq!(listed(&lib, "blank_page.md").title, "Blank page");
}

#[test]
fn files_over_the_limit_are_listed_without_being_read() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("huge.md");
    let file = fs::File::create(&path).expect("create");
    // Sparse: costs no disk and no time, but its size is 51 MiB.
    file.set_len(51 * 1024 * 1024).expect("set_len");
    let lib = scan(tmp.path());
    let info = listed(&lib, "huge.md");
    assert_eq!(info.problem.as_deref(), Some("too large (51 MiB)"));
    assert_eq!(info.stamp.map(|s| s.size), Some(51 * 1024 * 1024));
    assert!(matches!(load_text(info), Err(LibraryError::TooLarge { .. })));
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_listed_with_a_problem() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = write(tmp.path(), "secret.md", "# Secret\n");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&path).is_ok() {
        // Running as root (as CI does): permissions do not stop reads, nothing to test.
        return;
    }
    let lib = scan(tmp.path());
    let info = listed(&lib, "secret.md");
    assert!(info.problem.as_deref().is_some_and(|p| p.starts_with("unreadable")));
    let err = load_text(info).expect_err("unreadable");
    assert!(err.to_string().starts_with("cannot read"), "{err}");
}

#[test]
fn a_file_removed_after_the_scan_is_a_clear_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = write(tmp.path(), "fleeting.md", "# Fleeting\n");
    let lib = scan(tmp.path());
    fs::remove_file(&path).expect("remove");
    let err = load_text(listed(&lib, "fleeting.md")).expect_err("gone");
    assert!(matches!(err, LibraryError::NotFound(_)));
    assert!(err.to_string().starts_with("no such file: "), "{err}");
}

#[test]
fn loading_a_folder_says_it_is_a_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let err = load_path(tmp.path()).expect_err("folder");
    assert!(err.to_string().ends_with("is a folder, not an essay"), "{err}");
}

#[test]
fn control_characters_never_reach_titles_or_authors() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(
        tmp.path(),
        "evil.md",
        "---\nauthor: \"Mallory\\e]0;pwned\\a\"\ntags: [\"\\e[2J\"]\n---\n# Title \u{1b}[31mred\n",
    );
    let lib = scan(tmp.path());
    let info = listed(&lib, "evil.md");
    let all = format!("{}{:?}{:?}", info.title, info.author, info.tags);
    assert!(!all.contains('\u{1b}') && !all.contains('\u{7}'), "{all}");
}

// ---- metadata ------------------------------------------------------------------------

#[test]
fn title_falls_back_from_front_matter_to_heading_to_file_name() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "a.md", "---\ntitle: From the front matter\n---\n# Heading\n");
    write(tmp.path(), "b.md", "Some intro.\n\n# From the *first* heading\n");
    write(tmp.path(), "my_essay-draft.md", "Just text, no heading.\n");
    write(tmp.path(), "d.md", "```\n# in a code block\n```\nSetext title\n===\n");
    let lib = scan(tmp.path());
    assert_eq!(listed(&lib, "a.md").title, "From the front matter");
    assert_eq!(listed(&lib, "b.md").title, "From the first heading");
    assert_eq!(listed(&lib, "my_essay-draft.md").title, "My essay draft");
    assert_eq!(listed(&lib, "d.md").title, "Setext title");
}

#[test]
fn front_matter_fills_author_date_tags_and_words_skip_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = "\u{feff}---\r\ntitle: T\r\nauthor: [Ann, Bob]\r\ndate: 2019-05-01\r\n\
                tags: strikes, history\r\n---\r\none two three\r\n";
    write(tmp.path(), "fm.md", text);
    write(tmp.path(), "broken.md", "---\ntitle: [oops\n---\n# Still readable\n");
    let lib = scan(tmp.path());
    let fm = listed(&lib, "fm.md");
    assert_eq!(fm.author.as_deref(), Some("Ann, Bob"));
    assert_eq!(fm.date.as_deref(), Some("2019-05-01"));
    assert_eq!(fm.tags, ["strikes", "history"]);
    assert_eq!(fm.words, 3);
    assert_eq!(fm.problem, None);
    let broken = listed(&lib, "broken.md");
    assert_eq!(broken.title, "Still readable");
    assert!(broken.problem.as_deref().is_some_and(|p| p.contains("front matter")));
}

#[test]
fn reading_time_is_238_words_a_minute() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "long.md", "word ".repeat(239));
    let lib = scan(tmp.path());
    let info = listed(&lib, "long.md");
    assert_eq!(info.words, 239);
    assert_eq!(info.reading_minutes(), 2);
}

#[test]
fn sorted_bundled_first_then_by_title() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "1.md", "# zebra\n");
    write(tmp.path(), "2.md", "# Apple\n");
    write(tmp.path(), "3.md", "# mango\n");
    let lib = scan(tmp.path());
    let titles: Vec<&str> = user(&lib).iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["Apple", "mango", "zebra"]);
    let first_user = lib.essays.iter().position(|e| e.source == Source::User);
    assert_eq!(first_user, Some(bundled().len()));
}

#[test]
fn list_json_has_exactly_the_contract_fields() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "a.md", "---\nauthor: Ann\n---\n# A\n\nsome words\n");
    let lib = scan(tmp.path());
    let entries: Vec<_> = lib.essays.iter().map(|e| e.list_entry()).collect();
    let json = serde_json::to_value(&entries).expect("json");
    for entry in json.as_array().expect("array") {
        let mut keys: Vec<&String> = entry.as_object().expect("object").keys().collect();
        keys.sort();
        assert_eq!(keys, ["author", "id", "path", "source", "title", "words"]);
    }
    let mine = json.as_array().and_then(|a| a.iter().find(|e| e["source"] == "user")).expect("user entry");
    assert_eq!(mine["author"], "Ann");
    assert_eq!(mine["words"], 3);
}

// ---- ids -----------------------------------------------------------------------------

#[test]
fn moving_a_file_into_a_subfolder_keeps_its_id() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = write(tmp.path(), "strike.md", "# On the General Strike of 1926\n");
    let before = listed(&scan(tmp.path()), "strike.md").id.clone();
    // Not the title's slug: an id from the content, so a title can change too.
    assert_ne!(before, "on-the-general-strike-of-1926");
    fs::create_dir_all(tmp.path().join("history/britain")).expect("mkdir");
    fs::rename(&path, tmp.path().join("history/britain/renamed.md")).expect("move");
    let after = listed(&scan(tmp.path()), "renamed.md").id.clone();
    assert_eq!(before, after);
}

#[test]
fn front_matter_id_survives_a_title_change() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = write(tmp.path(), "a.md", "---\nid: my-essay\n---\n# First title\n");
    assert_eq!(listed(&scan(tmp.path()), "a.md").id, "my-essay");
    fs::write(&path, "---\nid: my-essay\n---\n# Better title\n").expect("edit");
    assert_eq!(listed(&scan(tmp.path()), "a.md").id, "my-essay");
}

#[test]
fn the_same_content_twice_gets_numbered_suffixes_in_path_order() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "a.md", "# Same Title\n\nSame text.\n");
    write(tmp.path(), "b/c.md", "# Same Title\r\n\r\nSame   text.\r\n");
    write(tmp.path(), "d.md", "---\ntitle: Other title\n---\n# Same Title\n\nSame text.\n");
    write(tmp.path(), "e.md", "# Same Title\n\nOther text.\n");
    let lib = scan(tmp.path());
    let first = listed(&lib, "a.md").id.clone();
    assert_eq!(listed(&lib, "c.md").id, format!("{first}-2"));
    assert_eq!(listed(&lib, "d.md").id, format!("{first}-3"));
    assert!(!listed(&lib, "e.md").id.starts_with(&first));
    let mut ids: Vec<&str> = lib.essays.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), lib.essays.len(), "ids are unique");
}

// ---- resolving ESSAY -----------------------------------------------------------------

fn resolve_fixture() -> (tempfile::TempDir, Library) {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "a.md", "# Notes on the zebra\u{a0}syndicalists\n");
    write(tmp.path(), "b.md", "# Zebra economics, part one\n");
    write(tmp.path(), "c.md", "# Zebra economics, part two\n");
    write(tmp.path(), "d.md", "---\nid: quokka\n---\n# Quokka manifesto\n");
    let lib = scan(tmp.path());
    (tmp, lib)
}

#[test]
fn resolve_by_exact_id() {
    let (_tmp, lib) = resolve_fixture();
    let found = resolve(&lib, "quokka").expect("by id");
    assert_eq!(found.info().title, "Quokka manifesto");
    assert!(matches!(found, Resolved::Listed(_)));
}

#[test]
fn resolve_by_part_of_a_title_ignoring_case_and_nbsp() {
    let (_tmp, lib) = resolve_fixture();
    let found = resolve(&lib, "ZEBRA  syndicalists").expect("by title");
    assert_eq!(found.info().path.file_name().and_then(|n| n.to_str()), Some("a.md"));
    let found = resolve(&lib, "zebra\u{a0}syndicalists").expect("nbsp in the query too");
    assert_eq!(found.info().title, "Notes on the zebra\u{a0}syndicalists");
}

#[test]
fn several_matches_are_listed() {
    let (_tmp, lib) = resolve_fixture();
    let err = resolve(&lib, "zebra economics").expect_err("ambiguous");
    let ResolveError::Ambiguous(lines) = &err else {
        panic!("expected ambiguous, got {err}");
    };
    let id = |file: &str| listed(&lib, file).id.clone();
    assert_eq!(
        lines,
        &[
            format!("{} — Zebra economics, part one", id("b.md")),
            format!("{} — Zebra economics, part two", id("c.md")),
        ]
    );
    assert!(!err.to_string().contains('\n'));
}

#[test]
fn nothing_matching_is_not_found() {
    let (_tmp, lib) = resolve_fixture();
    let err = resolve(&lib, "no such words anywhere xyzzy").expect_err("none");
    assert!(matches!(err, ResolveError::NotFound(_)));
    assert!(err.to_string().contains("xyzzy"));
    assert!(matches!(resolve(&lib, "   "), Err(ResolveError::NotFound(_))));
}

#[test]
fn resolve_a_path_outside_the_library() {
    let (_tmp, lib) = resolve_fixture();
    let other = tempfile::tempdir().expect("tempdir");
    let path = write(other.path(), "loose.md", "---\ntitle: A loose essay\n---\ntext\n");
    let found = resolve(&lib, path.to_str().expect("utf8 path")).expect("by path");
    let Resolved::File(info) = found else {
        panic!("expected an ad-hoc file");
    };
    assert_eq!(info.title, "A loose essay");
    // Not in the library: known by its content, as it would be in it.
    assert_eq!(info.id, listed(&scan(other.path()), "loose.md").id);
    assert_eq!(info.source, Source::User);
    assert_eq!(load_text(&info).expect("text").text, fs::read_to_string(&path).expect("read"));
}

#[test]
fn resolve_a_path_inside_the_library_gives_the_listed_essay() {
    let (tmp, lib) = resolve_fixture();
    let path = tmp.path().join("c.md");
    let found = resolve(&lib, path.to_str().expect("utf8 path")).expect("by path");
    assert!(matches!(found, Resolved::Listed(_)));
    assert_eq!(found.info().id, listed(&lib, "c.md").id);
}

#[test]
fn resolve_a_missing_path_or_a_folder() {
    let (tmp, lib) = resolve_fixture();
    let err = resolve(&lib, "missing-essay.md").expect_err("missing");
    assert_eq!(err.to_string(), "no such file: missing-essay.md");
    let err = resolve(&lib, tmp.path().join("nope/x").to_str().expect("utf8")).expect_err("x");
    assert!(err.to_string().starts_with("no such file"), "{err}");
    let folder = format!("{}/", tmp.path().display());
    let err = resolve(&lib, &folder).expect_err("folder");
    assert!(err.to_string().ends_with("is a folder, not an essay"), "{err}");
}

// ---- add -----------------------------------------------------------------------------

#[test]
fn add_copies_into_a_new_essays_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = write(tmp.path(), "in/essay.md", "# Added\n");
    let dest = tmp.path().join("data/essays");
    let results = add_files(&[src], &dest, false);
    let added = results.into_iter().next().expect("one").expect("added");
    assert_eq!(added, dest.join("essay.md"));
    assert_eq!(fs::read_to_string(&added).expect("read"), "# Added\n");
    let names: Vec<_> = fs::read_dir(&dest).expect("dir").flatten().collect();
    assert_eq!(names.len(), 1, "no temporary file left behind");
}

#[test]
fn add_does_not_overwrite_without_force() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dest = tmp.path().join("essays");
    write(&dest, "essay.md", "# Original\n");
    let src = write(tmp.path(), "in/essay.md", "# Replacement\n");
    let refused = add_files(std::slice::from_ref(&src), &dest, false);
    let err = refused.into_iter().next().expect("one").expect_err("exists");
    assert!(err.to_string().ends_with("already exists (use --force)"), "{err}");
    assert_eq!(fs::read_to_string(dest.join("essay.md")).expect("read"), "# Original\n");
    let forced = add_files(&[src], &dest, true);
    assert!(forced.iter().all(Result::is_ok));
    assert_eq!(fs::read_to_string(dest.join("essay.md")).expect("read"), "# Replacement\n");
}

#[test]
fn add_refuses_binary_folders_and_other_kinds_but_adds_the_rest() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dest = tmp.path().join("essays");
    let binary = write(tmp.path(), "in/pic.md", b"GIF89a\0\0");
    let pdf = write(tmp.path(), "in/paper.pdf", "%PDF-1.4");
    let folder = tmp.path().join("in/folder.md");
    fs::create_dir_all(&folder).expect("mkdir");
    let good = write(tmp.path(), "in/good.txt", "Plain text essay.\n");
    let missing = tmp.path().join("in/missing.md");
    let results = add_files(&[binary, pdf, folder, good, missing], &dest, false);
    assert!(matches!(results[0], Err(LibraryError::Binary(_))));
    assert!(matches!(results[1], Err(LibraryError::NotAnEssay(_))));
    assert!(matches!(results[2], Err(LibraryError::IsFolder(_))));
    assert!(results[3].is_ok());
    assert!(matches!(results[4], Err(LibraryError::NotFound(_))));
    let lib = scan(&dest);
    assert_eq!(user(&lib).len(), 1);
}

// ---- rescanning and watching ---------------------------------------------------------

#[test]
fn rescan_reuses_unchanged_files_and_holds_back_fresh_ones() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let old = write(tmp.path(), "old.md", "# Old\n");
    let old_time = std::time::SystemTime::now() - Duration::from_secs(60);
    fs::File::options().write(true).open(&old).and_then(|f| f.set_modified(old_time)).expect("backdate");
    let first = scan(tmp.path());
    write(tmp.path(), "fresh.md", "# Fresh\n");
    let second = first.rescan(&[tmp.path().to_path_buf()]);
    assert_eq!(listed(&second, "old.md"), listed(&first, "old.md"));
    if named(&second, "fresh.md").is_none() {
        // Still within SETTLE: held back and named so the caller rescans.
        assert_eq!(second.settling, [tmp.path().join("fresh.md")]);
    }
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut lib = second;
    while named(&lib, "fresh.md").is_none() && Instant::now() < deadline {
        std::thread::sleep(SETTLE / 3);
        lib = lib.rescan(&[tmp.path().to_path_buf()]);
    }
    assert_eq!(listed(&lib, "fresh.md").title, "Fresh");
    assert!(lib.settling.is_empty());
}

/// Waits like a caller would: rescan on every hint, and again after [`SETTLE`] while files
/// are settling, until `done` holds or 2 s pass.
fn wait_for(
    watcher: &Watcher,
    lib: Library,
    dirs: &[PathBuf],
    what: &str,
    done: impl Fn(&Library) -> bool,
) -> Library {
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut lib = lib;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            panic!("{what}: not seen within 2 s; library: {:#?}", user(&lib));
        }
        let wait = if lib.settling.is_empty() { left } else { left.min(SETTLE) };
        if watcher.wait_changed(wait) || !lib.settling.is_empty() {
            lib = lib.rescan(dirs);
            if done(&lib) {
                return lib;
            }
        }
    }
}

fn watch_scenario(polling: bool) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("essays");
    let outside = tmp.path().join("outside");
    fs::create_dir_all(&dir).expect("mkdir");
    fs::create_dir_all(&outside).expect("mkdir");
    let dirs = [dir.clone()];
    let (watcher, notice) = if polling { Watcher::start_polling(&dirs) } else { Watcher::start(&dirs) };
    assert_eq!(watcher.is_polling(), polling || notice.is_some(), "{notice:?}");
    let lib = Library::scan(&dirs);

    // Copied in.
    let src = write(&outside, "copied.md", "# Copied in\n");
    fs::copy(&src, dir.join("copied.md")).expect("copy");
    let lib = wait_for(&watcher, lib, &dirs, "copy in", |l| named(l, "copied.md").is_some());

    // Saved the way editors do: write a temporary file, then rename it over the name.
    write(&dir, "saved.md.tmp", "# Saved by an editor\n");
    fs::rename(dir.join("saved.md.tmp"), dir.join("saved.md")).expect("rename");
    let lib = wait_for(&watcher, lib, &dirs, "temp + rename", |l| {
        named(l, "saved.md").is_some_and(|e| e.title == "Saved by an editor")
    });

    // Moved in from elsewhere on the same file system.
    let moved = write(&outside, "moved.md", "# Moved in\n");
    fs::rename(&moved, dir.join("sub-moved.md")).expect("move in");
    let lib = wait_for(&watcher, lib, &dirs, "move in", |l| named(l, "sub-moved.md").is_some());

    // Modified in place.
    fs::write(dir.join("copied.md"), "# Copied, then edited\n\nmore words\n").expect("edit");
    let lib = wait_for(&watcher, lib, &dirs, "modify", |l| {
        named(l, "copied.md").is_some_and(|e| e.title == "Copied, then edited")
    });

    // Deleted.
    fs::remove_file(dir.join("saved.md")).expect("delete");
    let lib = wait_for(&watcher, lib, &dirs, "delete", |l| named(l, "saved.md").is_none());
    assert_eq!(user(&lib).len(), 2);
}

#[test]
fn the_watcher_sees_copies_saves_moves_edits_and_deletes() {
    watch_scenario(false);
}

#[test]
fn the_polling_watcher_sees_them_too() {
    watch_scenario(true);
}

#[test]
fn reading_essays_does_not_wake_the_watcher() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = write(tmp.path(), "a.md", "# A\n");
    let dirs = [tmp.path().to_path_buf()];
    let (watcher, _) = Watcher::start(&dirs);
    // Events from writing the file above may still be on their way: let them pass.
    while watcher.wait_changed(Duration::from_millis(600)) {}
    for _ in 0..3 {
        let lib = Library::scan(&dirs);
        load_path(&path).expect("read");
        assert_eq!(user(&lib).len(), 1);
    }
    // Opening and reading files must not look like a change, or rescans would loop.
    assert!(!watcher.wait_changed(Duration::from_millis(800)));
}

#[cfg(unix)]
#[test]
fn watching_a_folder_with_a_symlink_loop_still_works() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("essays");
    fs::create_dir_all(dir.join("sub")).expect("mkdir");
    std::os::unix::fs::symlink(&dir, dir.join("sub/loop")).expect("symlink");
    let dirs = [dir.clone()];
    let (watcher, _notice) = Watcher::start(&dirs);
    let lib = Library::scan(&dirs);
    write(&dir, "sub/new.md", "# New in a looped folder\n");
    wait_for(&watcher, lib, &dirs, "file in subfolder", |l| named(l, "new.md").is_some());
}

#[test]
fn the_same_file_on_two_machines_is_the_same_essay() {
    let (one, two) = (tempfile::tempdir().expect("tempdir"), tempfile::tempdir().expect("tempdir"));
    let text = "# On the strike\n\nThe picket line held for nine days.\n";
    write(one.path(), "strike.md", text);
    // Elsewhere, under another name, saved with Windows line endings.
    write(two.path(), "notes/the-strike.md", text.replace('\n', "\r\n"));
    assert_eq!(listed(&scan(one.path()), "strike.md").id, listed(&scan(two.path()), "the-strike.md").id);
}
