//! Files that are not UTF-8 and declare no character set (a Latin-1 text, an old saved web
//! page) are read as Windows-1252, the usual guess browsers make, and the reader says so in
//! the status line when such an essay is opened, on stderr for the commands, and `import`
//! keeps every letter.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::essayreader_bin;
use common::folders::{Folders, quit};

/// A French text saved as Latin-1 (é, è, â, ï, «, », ç, û) and a Windows-1252 euro and dash.
const LATIN1_TEXT: &[u8] = b"Les Mis\xe9rables\n\nC'\xe9tait un homme tr\xe8s \xe2g\xe9, na\xefve \xab fran\xe7ais \xbb qui paie 5 \x80 \x96 enfin.\n";

#[test]
fn a_latin1_text_reads_with_its_letters_and_the_status_line_says_how_it_was_read() {
    let folders = Folders::new();
    fs::write(folders.essays.join("miserables.txt"), LATIN1_TEXT).expect("write");
    let mut term = folders.spawn(&["Les Mis"], 100, 24);
    let screen = term.wait_for("min left");
    assert!(screen.contains("Les Misérables"), "the title's é:\n{screen}");
    assert!(
        screen.contains("C'était un homme très âgé, naïve « français » qui paie 5 € – enfin."),
        "{screen}"
    );
    assert!(!screen.contains('\u{fffd}'), "replacement characters:\n{screen}");
    let status = term.row(23);
    assert!(status.contains("Windows-1252"), "the status line does not say how it was read: {status}");
    quit(&mut term);
}

#[test]
fn an_undeclared_non_utf8_page_says_so_in_the_status_line_when_opened() {
    let folders = Folders::new();
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pages/undeclared-1252.html");
    fs::copy(&page, folders.essays.join("quotes.html")).expect("copy");
    let mut term = folders.spawn(&["quotes"], 100, 24);
    let screen = term.wait_for("min left");
    assert!(screen.contains("“Solidarity” is café talk"), "{screen}");
    let status = term.row(23);
    assert!(status.contains("Windows-1252"), "the status line does not say how it was read: {status}");
    quit(&mut term);
}

#[test]
fn render_and_import_of_a_latin1_text_say_how_it_was_read_and_keep_every_letter() {
    let folders = Folders::new();
    let file = folders.root.join("miserables.txt");
    fs::write(&file, LATIN1_TEXT).expect("write");
    let run = |args: &[&str]| {
        let mut cmd = Command::new(essayreader_bin());
        cmd.args(args).env_remove("NO_COLOR");
        for (k, v) in folders.env() {
            cmd.env(k, v);
        }
        cmd.output().expect("run essayreader")
    };
    let file_arg = file.to_str().expect("UTF-8 temporary path");
    let render = run(&["render", file_arg]);
    assert!(render.status.success());
    let out = String::from_utf8(render.stdout).expect("UTF-8 output");
    assert!(out.contains("très âgé") && out.contains("5 €"), "{out}");
    let stderr = String::from_utf8_lossy(&render.stderr);
    assert!(stderr.contains("Windows-1252") && !stderr.contains("replacement"), "{stderr}");

    let import = run(&["import", file_arg]);
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    let stderr = String::from_utf8_lossy(&import.stderr);
    assert!(stderr.contains("Windows-1252"), "{stderr}");
    let written = String::from_utf8(import.stdout).expect("UTF-8 output");
    let md = fs::read_to_string(written.trim()).expect("the imported essay is UTF-8");
    assert!(md.contains("title: \"Les Misérables\"") && md.contains("« français »"), "{md}");
    assert!(!md.contains('\u{fffd}'), "letters lost:\n{md}");
}

#[test]
fn a_library_cache_from_before_this_reading_is_not_trusted() {
    // A Latin-1 text listed by an older essayreader was cached with replacement
    // characters in its title; unchanged, the file kept that title after the upgrade.
    let folders = Folders::new();
    let file = folders.essays.join("miserables.txt");
    fs::write(&file, LATIN1_TEXT).expect("write");
    let meta = fs::metadata(&file).expect("metadata");
    let modified = meta.modified().expect("mtime").duration_since(std::time::UNIX_EPOCH).expect("after 1970");
    let entry = serde_json::json!({
        "id": "c146abeb9170", "declared_id": null, "title": "Les Mis\u{fffd}rables", "author": null,
        "date": null, "tags": [], "words": 12, "source": "user", "path": file,
        "problem": "not valid UTF-8 (read with replacement characters)",
        "fingerprint": "c146abeb9170ecdc", "sketch": "",
        "stamp": {"size": meta.len(), "modified_ns": modified.as_nanos() as u64},
    });
    fs::create_dir_all(&folders.config).expect("config folder");
    let cache = serde_json::json!({"version": 3, "essays": [entry]});
    fs::write(folders.config.join("library-cache.json"), cache.to_string()).expect("write cache");
    let mut term = folders.spawn(&[], 100, 24);
    term.wait_for("Library");
    term.wait_until(|s| s.contains("Les Misérables"), "the title read again");
    term.send("q");
    assert!(term.wait_exit().success());
    term.assert_restored();
}

/// `text` as Windows Notepad's "Unicode" saves it: UTF-16, little-endian, with a BOM.
fn utf16le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

#[test]
fn a_text_saved_as_utf16_reads_instead_of_being_called_binary() {
    // Its zero bytes made it "a binary file", refused.
    let folders = Folders::new();
    let text = "Sixteen Bits\r\n\r\nSaved by Notepad as Unicode, which is UTF-16 with a byte order mark: ça marche.\r\n";
    fs::write(folders.essays.join("sixteen.txt"), utf16le(text)).expect("write");
    fs::write(
        folders.essays.join("sixteen-md.md"),
        utf16le("# Sixteen Markdown\r\n\r\nÇa marche aussi.\r\n"),
    )
    .expect("write");
    let listed = folders.run(&["list"]);
    assert!(listed.contains("Sixteen Bits") && listed.contains("Sixteen Markdown"), "{listed}");
    assert!(!listed.contains("binary"), "{listed}");
    let out = folders.run(&["render", "Sixteen Bits", "--width", "200"]);
    assert!(out.contains("byte order mark: ça marche."), "{out}");
    let out = folders.run(&["render", "Sixteen Markdown"]);
    assert!(out.contains("Ça marche aussi."), "{out}");
}
