//! Writing a long note in the user's editor (`$VISUAL`, else `$EDITOR`, else `vi`): the
//! terminal is given back for the editor's time and taken again after, whatever happens.

use std::io::{self, Write};
use std::process::Command;

use super::terminal;

/// Opens `note` in the editor and returns what it was saved as.
pub fn edit(note: &str) -> io::Result<String> {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let path = std::env::temp_dir().join(format!("essayreader-note-{}-{nanos}.md", std::process::id()));
    // A new file only: never written through a link someone left at that name.
    std::fs::OpenOptions::new().write(true).create_new(true).open(&path)?.write_all(note.as_bytes())?;
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().into_owned())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".into());
    // `$EDITOR` may hold arguments ("code --wait"): run through the shell, with the file
    // as its own argument so its name is never parsed.
    terminal::restore_terminal();
    let status = Command::new("sh").arg("-c").arg(format!("{editor} \"$1\"")).arg("sh").arg(&path).status();
    terminal::retake()?;
    let saved = std::fs::read_to_string(&path);
    let _ = std::fs::remove_file(&path);
    match status {
        Ok(s) if s.success() => Ok(saved?.trim_end().to_string()),
        Ok(s) => Err(io::Error::other(format!("{editor} exited with {s}; the note is as it was"))),
        Err(e) => Err(io::Error::other(format!("cannot start {editor}: {e}"))),
    }
}
