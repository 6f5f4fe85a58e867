//! The library's sort orders, as the rows appear on screen: title, author, date (newest
//! first, undated last) and recently read (the last essay read first).

mod common;

use std::fs;

use common::{Key, Term, essayreader_bin};

fn essay(title: &str, author: &str, date: Option<&str>) -> String {
    let date = date.map(|d| format!("date: {d}\n")).unwrap_or_default();
    format!("---\ntitle: {title}\nauthor: {author}\n{date}---\n\nSome words of {title}.\n")
}

/// The rows of the user's essays, top to bottom, by the titles they show.
fn order(term: &Term) -> Vec<&'static str> {
    let rows = term.rows();
    let mut found: Vec<(usize, &'static str)> = Vec::new();
    for title in ["Alpha essay", "Beta essay", "Gamma essay"] {
        if let Some(row) = rows.iter().position(|r| r.contains(title)) {
            found.push((row, title));
        }
    }
    found.sort();
    found.into_iter().map(|(_, t)| t).collect()
}

fn wait_order(term: &Term, want: &[&str], what: &str) {
    term.wait_until(|_| order(term) == want, what);
}

#[test]
fn each_sort_puts_the_rows_in_its_order() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (config, essays) = (tmp.path().join("config"), tmp.path().join("essays"));
    fs::create_dir_all(&essays).expect("mkdir");
    fs::write(essays.join("a.md"), essay("Alpha essay", "Zetkin", Some("2020-01-05"))).expect("write");
    fs::write(essays.join("b.md"), essay("Beta essay", "Adams", Some("2024-03-01"))).expect("write");
    fs::write(essays.join("c.md"), essay("Gamma essay", "Marx", None)).expect("write");
    let env = [
        ("ESSAYREADER_CONFIG_DIR", config.to_str().expect("utf-8")),
        ("ESSAYREADER_ESSAYS_DIR", essays.to_str().expect("utf-8")),
    ];
    let mut term = Term::spawn(essayreader_bin(), &[], &env, 110, 24);
    wait_order(&term, &["Alpha essay", "Beta essay", "Gamma essay"], "title order at start");

    // Read Gamma, then Alpha: Alpha is the most recently read.
    for title in ["Gamma essay", "Alpha essay"] {
        term.send("/");
        term.send(title);
        term.wait_until(|_| order(&term) == [title], "filtered to one essay");
        term.send_key(Key::Enter); // ends typing the filter
        term.wait_for("Enter open");
        term.send_key(Key::Enter); // opens the one essay left
        term.wait_for("min left");
        term.send("q");
        term.wait_until(|s| !s.contains("min left"), "back in the library");
        // Esc in the library clears a kept filter.
        term.send_key(Key::Esc);
        wait_order(&term, &["Alpha essay", "Beta essay", "Gamma essay"], "filter cleared");
    }

    term.send("s");
    term.wait_for("author");
    wait_order(&term, &["Beta essay", "Gamma essay", "Alpha essay"], "by author: Adams, Marx, Zetkin");
    term.send("s");
    term.wait_for("date");
    wait_order(&term, &["Beta essay", "Alpha essay", "Gamma essay"], "by date: 2024, 2020, undated");
    term.send("s");
    term.wait_for("recently read");
    wait_order(&term, &["Alpha essay", "Gamma essay", "Beta essay"], "recently read: Alpha, Gamma, never");
    term.send("s");
    wait_order(&term, &["Alpha essay", "Beta essay", "Gamma essay"], "back to title order");

    term.send("q");
    assert!(term.wait_exit().success());
    term.assert_restored();
}
