//! The real binary in a pseudo-terminal: passages marked with `v` … `h` / `a` are saved
//! with their text and note, drawn on the same words at another width (underlined, so
//! visible without colour), kept on their words after the file is edited above them, and
//! listed and exported by `essayreader highlights`.

mod common;

use std::fs;

use common::Term;
use common::folders::{Folders, editor_save, quit, top_text};

const VOICE: &str = "---\ntitle: Voice and exit\nauthor: Ana Member\ndate: \"2019\"\n\
source: \"the branch bulletin (https://example.org/bulletin/voice)\"\n---\n\n# Voice and exit\n\n\
## Loyalty\n\n\
Members who disagree with a decision have two options: they can speak up inside the \
organisation, or they can leave it quietly. Speaking up costs time and goodwill, leaving costs \
nothing but the membership card. Whoever writes the rules decides which of the two is cheaper, \
and most organisations make leaving the cheap one without ever meaning to.\n\n\
## Criticism\n\n\
An organisation that cannot hear criticism from its own members will hear it from the press \
instead, and the press is rarely kind. Secrecy protects the leadership, not the membership, and \
a leadership that is protected from its members soon forgets what it was elected to do.\n\n\
## Afterword\n\n\
The rest of this bulletin is filler, so the reader can scroll past the passages above without \
reaching the end of the text too soon.\n\n\
One more paragraph of filler follows here, long enough to take up several lines of the screen \
at any width the tests use.\n\n\
And a last one, for the same reason, with nothing in it that anyone would want to quote.\n";

/// Paragraphs after the passages, so every passage can be scrolled to the top line.
const FILLER: &str = "A filler paragraph at the end of the essay, long enough to take two or three \
lines at the widths the tests use, and saying nothing at all.\n\n";

/// The essay about voice and exit, with room to scroll.
fn voice() -> String {
    format!("{VOICE}\n{}", FILLER.repeat(15))
}

const STRIKE: &str = "---\ntitle: Notes on the strike\nauthor: Bo Picket\ndate: \"1912\"\n---\n\n\
# Notes on the strike\n\n## The picket line\n\n\
The picket line held for nine days and nobody crossed it, though the company sent three trains \
of replacement workers and the newspapers called the strikers a mob every morning.\n\n\
## The settlement\n\nThe settlement came on a Sunday, and nobody trusted it for a week.\n\n\
## Filler\n\nFiller paragraph one, to leave room to scroll.\n\nFiller paragraph two.\n\n\
Filler paragraph three.\n\nFiller paragraph four.\n";

/// The notes on the strike, with room to scroll.
fn strike() -> String {
    format!("{STRIKE}\n{}", FILLER.repeat(15))
}

/// `]` to `heading` (the next one, or one after it), then down to the first line of its
/// paragraph.
fn next_paragraph(term: &Term, heading: &str) {
    for _ in 0..4 {
        term.send("]");
        let before = top_text(term);
        term.wait_until(|_| top_text(term) != before || top_text(term) == heading, "the next heading");
        if top_text(term) == heading {
            break;
        }
    }
    term.wait_until(|_| top_text(term) == heading, heading);
    term.send("jjj");
    term.wait_until(
        |_| top_text(term) != heading && !top_text(term).is_empty() && !top_text(term).starts_with('─'),
        "the paragraph",
    );
}

/// Selects the top line and `more` lines below it, and highlights them (with a note if given).
fn mark(term: &Term, more: usize, note: Option<&str>) {
    term.send("v");
    term.wait_for("Selecting 1 line");
    term.send(&"j".repeat(more));
    term.wait_for(&format!("Selecting {} lines", more + 1));
    match note {
        None => {
            term.send("h");
            term.wait_for("Highlighted");
        }
        Some(note) => {
            term.send("a");
            term.wait_for("Note:");
            term.send(note);
            term.send("\r");
            term.wait_for("Highlighted with a note");
        }
    }
}

/// The words on screen that are underlined, in reading order.
fn underlined(term: &Term) -> String {
    term.with_screen(|screen| {
        let (rows, cols) = screen.size();
        let mut out = String::new();
        for row in 0..rows.saturating_sub(1) {
            for col in 0..cols {
                match screen.cell(row, col) {
                    Some(cell) if cell.underline() => out.push_str(cell.contents()),
                    _ => out.push(' '),
                }
            }
            out.push(' ');
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    })
}

/// `text` with its whitespace runs as single spaces.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn json(s: &Folders, args: &[&str]) -> Vec<serde_json::Value> {
    serde_json::from_str(&s.run(args)).expect("JSON")
}

/// Jumps through `H` to the highlight on row `row` of the list and waits for its words.
fn jump_to(term: &Term, row: usize, first_words: &str) {
    term.send("H");
    term.wait_for("Highlights ·");
    term.send(&"j".repeat(row));
    term.send("\r");
    term.wait_until(|_| !term.screen_text().contains("Highlights ·"), "the list closed");
    term.wait_until(|_| underlined(term).contains(first_words), first_words);
}

#[test]
fn marked_passages_are_saved_drawn_on_the_same_words_at_another_width_and_survive_edits() {
    let s = Folders::new();
    let path = s.write("voice.md", &voice());
    let mut term = s.spawn(&["voice"], 100, 24);
    term.wait_for("min left");
    next_paragraph(&term, "Loyalty");
    mark(&term, 2, None);
    next_paragraph(&term, "Criticism");
    mark(&term, 1, Some("exit is easier"));
    quit(&mut term);

    let all = json(&s, &["highlights", "--json"]);
    assert_eq!(all.len(), 2, "{all:?}");
    for field in ["essay", "title", "section", "text", "note", "created"] {
        assert!(all.iter().all(|h| h.get(field).is_some()), "{field} in {all:?}");
    }
    let text = |i: usize| all[i]["text"].as_str().expect("text").to_string();
    assert!(text(0).starts_with("Members who disagree with a decision"), "{}", text(0));
    assert!(text(1).starts_with("An organisation that cannot hear criticism"), "{}", text(1));
    assert_eq!(all[0]["note"], "");
    assert_eq!(all[1]["note"], "exit is easier");
    assert_eq!(
        (all[0]["section"].as_str(), all[1]["section"].as_str()),
        (Some("Loyalty"), Some("Criticism"))
    );
    assert_eq!(all[1]["title"], "Voice and exit");

    // Another width, no colour: each passage underlined, word for word.
    let mut term = s.spawn_with(&["voice"], &[("NO_COLOR", "1")], 70, 30);
    term.wait_for("min left");
    jump_to(&term, 0, "Members who disagree");
    // Both on screen, and nothing else underlined.
    let both = format!("{} {}", words(&text(0)), words(&text(1)));
    assert_eq!(underlined(&term), both, "\n{}", term.screen_text());
    jump_to(&term, 1, "An organisation");
    assert!(underlined(&term).contains(&words(&text(1))), "{}\n{}", underlined(&term), term.screen_text());
    assert!(term.screen_text().contains('✎'), "the note is marked:\n{}", term.screen_text());

    // Edited above both passages while open: both still land on their words.
    let edited = voice().replace("## Loyalty\n\n", "## Loyalty\n\nA new first paragraph, written later.\n\n");
    editor_save(&path, &edited);
    term.wait_for("reloaded");
    jump_to(&term, 0, "Members who disagree");
    assert_eq!(underlined(&term), both, "\n{}", term.screen_text());
    jump_to(&term, 1, "An organisation");
    assert!(underlined(&term).contains(&words(&text(1))), "{}", underlined(&term));
    quit(&mut term);
}

#[test]
fn a_deleted_passage_is_listed_as_not_found_and_still_exported() {
    let s = Folders::new();
    let path = s.write("voice.md", &voice());
    let mut term = s.spawn(&["voice"], 100, 24);
    term.wait_for("min left");
    next_paragraph(&term, "Criticism");
    mark(&term, 1, None);
    quit(&mut term);

    let text = voice();
    let start = text.find("## Criticism").expect("section");
    let end = text.find("## Afterword").expect("section");
    fs::write(&path, format!("{}{}", &text[..start], &text[end..])).expect("edit");
    let mut term = s.spawn(&["voice"], 100, 24);
    term.wait_for("min left");
    term.send("H");
    term.wait_for("(passage not found)");
    term.send("\r");
    term.wait_for("no longer in the essay");
    quit(&mut term);
    let md = s.run(&["highlights", "--export", "md"]);
    assert!(md.contains("> An organisation that cannot hear criticism"), "{md}");
}

/// Runs a command in a private tmux server; its stdout.
fn tmux(socket: &str, args: &[&str]) -> String {
    let out = std::process::Command::new("tmux").args(["-L", socket, "-f", "/dev/null"]).args(args).output();
    let out = out.expect("tmux runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Waits (polling, never a fixed sleep) until tmux's pane shows `text`.
fn tmux_wait(socket: &str, text: &str) -> String {
    let until = std::time::Instant::now() + common::DEFAULT_TIMEOUT;
    loop {
        let pane = tmux(socket, &["capture-pane", "-p", "-t", "reader"]);
        if pane.contains(text) {
            return pane;
        }
        assert!(std::time::Instant::now() < until, "waited for {text:?} in:\n{pane}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Kills the private tmux server however the test ends.
struct Server(String);

impl Drop for Server {
    fn drop(&mut self) {
        tmux(&self.0, &["kill-server"]);
    }
}

#[test]
fn y_in_tmux_puts_the_quote_with_its_citation_in_the_paste_buffer() {
    let s = Folders::new();
    s.write("voice.md", &voice());
    let socket = format!("essayreader-test-{}", std::process::id());
    let server = Server(socket.clone());
    let env: Vec<String> = s.env().iter().map(|(k, v)| format!("{k}={v}")).collect();
    let bin = common::essayreader_bin().display().to_string();
    let command = format!("env {} {bin} voice", env.join(" "));
    tmux(
        &server.0,
        &[
            "new-session",
            "-d",
            "-s",
            "reader",
            "-x",
            "100",
            "-y",
            "24",
            &command,
            ";",
            "set-option",
            "-g",
            "set-clipboard",
            "on",
        ],
    );
    tmux_wait(&socket, "min left");
    tmux(&socket, &["send-keys", "-t", "reader", "]"]);
    tmux_wait(&socket, "─────");
    tmux(&socket, &["send-keys", "-t", "reader", "j", "j", "j", "v", "j"]);
    tmux_wait(&socket, "Selecting 2 lines");
    tmux(&socket, &["send-keys", "-t", "reader", "y"]);
    tmux_wait(&socket, "Quote copied to the terminal");
    let buffer = tmux(&socket, &["show-buffer"]);
    assert!(buffer.starts_with("> Members who disagree with a decision"), "{buffer}");
    assert!(
        buffer.contains(
            "\n\n— Ana Member, *Voice and exit* (2019), “Loyalty”. <https://example.org/bulletin/voice>"
        ),
        "{buffer}"
    );
    tmux(&socket, &["send-keys", "-t", "reader", "q", "q"]);
}

#[test]
fn three_passages_in_two_essays_export_as_markdown_after_resizing_editing_and_moving() {
    let s = Folders::new();
    let voice_path = s.write("voice.md", &voice());
    s.write("strike.md", &strike());
    let mut term = s.spawn(&["voice"], 100, 24);
    term.wait_for("min left");
    next_paragraph(&term, "Loyalty");
    mark(&term, 1, None);
    term.resize(80, 30);
    next_paragraph(&term, "Criticism");
    mark(&term, 1, Some("the press is not the enemy, \"secrecy\" is"));
    quit(&mut term);

    // Edited above the passages, and the other essay moved into a folder of its own.
    editor_save(
        &voice_path,
        &voice().replace("# Voice and exit\n\n", "# Voice and exit\n\nA preface added later.\n\n"),
    );
    let mut term = s.spawn(&["strike"], 90, 24);
    term.wait_for("min left");
    next_paragraph(&term, "The picket line");
    mark(&term, 1, None);
    quit(&mut term);
    fs::create_dir_all(s.essays.join("labour")).expect("folder");
    fs::rename(s.essays.join("strike.md"), s.essays.join("labour/the-strike.md")).expect("move");

    let md = s.run(&["highlights", "--export", "md"]);
    assert_eq!(md.matches("\n## ").count(), 2, "{md}");
    assert_eq!(md.matches("\n### ").count(), 3, "{md}");
    assert!(
        md.contains("## Voice and exit\n\nAna Member · 2019\nSource: <https://example.org/bulletin/voice>\n"),
        "{md}"
    );
    assert!(md.contains("### Loyalty\n\n> Members who disagree with a decision"), "{md}");
    assert!(
        md.contains(
            "\n\n— Ana Member, *Voice and exit* (2019), “Loyalty”. <https://example.org/bulletin/voice>\n"
        ),
        "{md}"
    );
    assert!(md.contains("### Criticism\n\n> An organisation that cannot hear criticism"), "{md}");
    assert!(md.contains("\n\n**Note:** the press is not the enemy, \"secrecy\" is\n"), "{md}");
    assert!(
        md.contains(
            "## Notes on the strike\n\nBo Picket · 1912\n\n### The picket line\n\n> The picket line held"
        ),
        "{md}"
    );
    assert!(md.contains("— Bo Picket, *Notes on the strike* (1912), “The picket line”\n"), "{md}");

    // The same three in the import format, the note's quotes doubled.
    let csv = s.run(&["highlights", "--export", "csv"]);
    let mut lines = csv.split("\r\n");
    assert_eq!(lines.next(), Some("Highlight,Title,Author,URL,Note,Location,Date"));
    assert_eq!(csv.matches("\r\n").count(), 4, "{csv}");
    assert!(csv.contains(",\"the press is not the enemy, \"\"secrecy\"\" is\","), "{csv}");
    // Listed as text: date, essay, section, passage and note.
    let list = s.run(&["highlights"]);
    assert_eq!(list.matches("[Voice and exit] · ").count(), 2, "{list}");
    assert!(list.contains("[Notes on the strike] · The picket line\n    The picket line held"), "{list}");
    assert!(list.contains("    note: the press is not the enemy"), "{list}");
    // And only one essay's, by a part of its title.
    assert_eq!(json(&s, &["highlights", "strike", "--json"]).len(), 1);
}

#[test]
fn ctrl_e_writes_the_note_in_the_editor_with_the_terminal_given_back() {
    use std::os::unix::fs::PermissionsExt;
    let s = Folders::new();
    s.write("voice.md", &voice());
    let editor = s.root.join("editor.sh");
    let stty = s.root.join("stty.txt");
    let script = format!(
        "#!/bin/sh\nstty -a > '{}'\nprintf 'a long note, written in the editor' > \"$1\"\n",
        stty.display()
    );
    fs::write(&editor, script).expect("editor script");
    fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).expect("executable");
    let editor = editor.display().to_string();
    let mut term = s.spawn_with(&["voice"], &[("VISUAL", editor.as_str())], 100, 24);
    term.wait_for("min left");
    next_paragraph(&term, "Loyalty");
    term.send("va");
    term.wait_for("Note:");
    term.send("draft");
    term.send_key(common::Key::Ctrl('e'));
    term.wait_for("Note: a long note, written in the editor");
    let modes = fs::read_to_string(&stty).expect("the editor ran");
    assert!(modes.contains(" icanon") && modes.contains(" echo "), "cooked for the editor: {modes}");
    assert!(term.screen_text().contains("Loyalty"), "redrawn after:\n{}", term.screen_text());
    term.send("\r");
    term.wait_for("Highlighted with a note");
    quit(&mut term);
    let all = json(&s, &["highlights", "--json"]);
    assert_eq!(all[0]["note"], "a long note, written in the editor");
}
