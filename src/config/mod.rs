//! `config.toml`, the settings a user writes by hand: read once at start, never written.
//! A problem in it (bad TOML, a wrong type, an unknown name, a key that does not exist, a key
//! bound twice) is one warning line naming the file and line; everything else still applies,
//! so a typo never stops the reader from starting. `keys` reads the `[keys]` tables and
//! `example` is the commented file `essayreader config --example` prints.

mod example;
mod keys;

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use crate::app::keymap::Rebind;
use crate::app::{MAX_COLUMN, MIN_COLUMN};
use crate::store::{Links, ReadError, read_file};

pub use example::example;

/// The file's name in the config folder.
pub const FILE_NAME: &str = "config.toml";

/// The colours asked for (`theme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    /// Ask the terminal whether its background is dark or light (dark if it does not say).
    #[default]
    Auto,
    /// Light text on a dark background.
    Dark,
    /// Dark text on a light background.
    Light,
    /// No colour: bold, underline and reverse only.
    Mono,
}

impl ThemeName {
    /// Every theme with its name in config.toml.
    pub const ALL: [(ThemeName, &'static str); 4] = [
        (ThemeName::Auto, "auto"),
        (ThemeName::Dark, "dark"),
        (ThemeName::Light, "light"),
        (ThemeName::Mono, "mono"),
    ];
}

/// What config.toml says; `None` (or empty) where it says nothing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Config {
    /// More folders of essays, `~` expanded, relative to the config folder.
    pub dirs: Vec<PathBuf>,
    /// The text column's width at start, in cells.
    pub width: Option<u16>,
    /// The colours.
    pub theme: ThemeName,
    /// Whether the outline is shown at start.
    pub outline: Option<bool>,
    /// The folder that follows the reader to other machines (`~` expanded, relative to the
    /// config folder).
    pub sync_dir: Option<PathBuf>,
    /// This machine's name among those sharing the sync folder.
    pub device: Option<String>,
    /// The user's key bindings, in the order written.
    pub keys: Vec<Rebind>,
    /// One line per problem found, naming the file and line.
    pub warnings: Vec<String>,
}

/// Every setting's name, for the warning about an unknown one.
const NAMES: [&str; 7] = ["dirs", "width", "theme", "outline", "sync_dir", "device", "keys"];

impl Config {
    /// Reads `config_dir/config.toml`; a missing file is the defaults, with no warning (a
    /// link to a missing file, with one).
    /// `home` expands a leading `~`.
    pub fn load(config_dir: &Path, home: Option<&Path>) -> Config {
        let file = config_dir.join(FILE_NAME);
        // Never blocks on a FIFO, never reads a device or more than a sane cap.
        match read_file(&file, Links::Follow) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Config::parse(&text, &file, home),
                // A character an editor saved in another encoding (most often in a comment)
                // costs only its line: the rest is read, with one warning naming that line.
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                    let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                    let mut config = Config::parse(&text, &file, home);
                    let warning = format!("{}:{line}: not UTF-8 (save the file as UTF-8)", file.display());
                    config.warnings.insert(0, crate::core::sanitize::clean_line(&warning));
                    config
                }
            },
            Err(ReadError::Missing) => match std::fs::read_link(&file) {
                // A link to a file that is not there (a dotfiles folder not yet in place): the
                // defaults, but said, since the user did write a config.
                Ok(target) => {
                    let warning = format!(
                        "{}: a link to {}, which does not exist; the defaults are used",
                        file.display(),
                        target.display()
                    );
                    Config {
                        warnings: vec![crate::core::sanitize::clean_line(&warning)],
                        ..Config::default()
                    }
                }
                Err(_) => Config::default(),
            },
            Err(e) => {
                Config { warnings: vec![format!("{}: {e}; ignored", file.display())], ..Config::default() }
            }
        }
    }

    /// Reads the text of `file` (which names it in warnings and places relative folders).
    pub fn parse(text: &str, file: &Path, home: Option<&Path>) -> Config {
        let mut reader = Reader { text, file, home, config: Config::default() };
        // Best effort past a syntax error: the settings on other lines still apply, and
        // what the parser guessed on the broken lines is not used.
        let (table, errors) = DeTable::parse_recoverable(text);
        let broken: Vec<usize> =
            errors.iter().filter_map(|e| e.span()).map(|s| reader.line(s.start)).collect();
        if let Some(e) = errors.first() {
            let more = match errors.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            let message = e.message().lines().next().unwrap_or("not valid TOML").trim().to_string();
            reader.warn(e.span(), format!("not valid TOML: {message}{more}"));
        }
        for (key, value) in in_file_order(table.get_ref()) {
            let lines = reader.line(key.span().start)..=reader.line(value.span().end);
            // An entry the parser made up on a broken line may have no place at all.
            let made_up = key.span().is_empty() || value.span().is_empty();
            if (!broken.is_empty() && made_up) || broken.iter().any(|l| lines.contains(l)) {
                continue;
            }
            reader.setting(key.get_ref(), key.span(), value.get_ref(), value.span());
        }
        reader.config
    }
}

/// The status line's short form of the warnings: the first, its file named without its
/// folder so the line and problem fit, and how many more `essayreader config` lists.
pub fn status_line(file: &Path, warnings: &[String]) -> Option<String> {
    let first = warnings.first()?;
    let full = file.display().to_string();
    let short = match first.strip_prefix(&full) {
        Some(rest) => format!("{FILE_NAME}{rest}"),
        None => first.clone(),
    };
    Some(match warnings.len() {
        1 => short,
        n => format!("{short} (and {} more: essayreader config)", n - 1),
    })
}

/// The state of one reading: where warnings point, and what was read so far.
struct Reader<'a> {
    text: &'a str,
    file: &'a Path,
    home: Option<&'a Path>,
    config: Config,
}

impl Reader<'_> {
    /// The line (from 1) of byte `offset`.
    fn line(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
    }

    /// Adds a warning about what is at `span` (the file alone if there is no span).
    fn warn(&mut self, span: Option<Range<usize>>, problem: String) {
        let file = self.file.display();
        let line = match span {
            Some(span) => format!("{file}:{}: ", self.line(span.start)),
            None => format!("{file}: "),
        };
        // One line, whatever the file holds: no control character reaches the terminal.
        self.config.warnings.push(crate::core::sanitize::clean_line(&format!("{line}{problem}")));
    }

    /// What the file has at `span`, shortened, for a warning.
    fn quote(&self, span: &Range<usize>) -> String {
        let raw = self.text.get(span.clone()).unwrap_or("").trim();
        let short: String = raw.chars().take(40).collect();
        if short.len() < raw.len() { format!("{short}…") } else { short }
    }

    fn setting(&mut self, name: &str, name_span: Range<usize>, value: &DeValue, span: Range<usize>) {
        match name {
            "dirs" => self.dirs(value, span),
            "width" => self.width(value, span),
            "theme" => self.theme(value, span),
            "outline" => self.outline(value, span),
            "sync_dir" => match self.folder(value) {
                Some(dir) => self.config.sync_dir = Some(dir),
                None => self.wrong("sync_dir", "a folder name", span),
            },
            "device" => self.device(value, span),
            "keys" => keys::read(self, value, span),
            _ => self.warn(
                Some(name_span),
                format!("unknown setting `{name}` (the settings are {})", NAMES.join(", ")),
            ),
        }
    }

    /// Warns that `name` should be `what`, quoting what it is.
    fn wrong(&mut self, name: &str, what: &str, span: Range<usize>) {
        let quoted = self.quote(&span);
        self.warn(Some(span), format!("`{name}` should be {what}, not {quoted}"));
    }

    /// A folder named by a string: `~` is the home folder, and a relative name is taken
    /// relative to the config folder, since a config file has no working directory.
    fn folder(&self, value: &DeValue) -> Option<PathBuf> {
        let entry = value.as_str().filter(|s| !s.trim().is_empty())?;
        let config_dir = self.file.parent().unwrap_or(Path::new("."));
        Some(expand(entry, config_dir, self.home))
    }

    fn dirs(&mut self, value: &DeValue, span: Range<usize>) {
        let Some(items) = value.as_array() else {
            return self.wrong("dirs", "a list of folder names", span);
        };
        let mut first_wrong = None;
        for item in items.iter() {
            match self.folder(item.get_ref()) {
                Some(dir) => self.config.dirs.push(dir),
                None => {
                    first_wrong.get_or_insert(item.span());
                }
            }
        }
        // One warning however many entries are wrong; the good ones are kept.
        if let Some(span) = first_wrong {
            self.wrong("dirs", "a list of folder names", span);
        }
    }

    fn width(&mut self, value: &DeValue, span: Range<usize>) {
        let range = format!("a width in cells from {MIN_COLUMN} to {MAX_COLUMN}");
        let Some(n) = value.as_integer().and_then(|n| i64::from_str_radix(n.as_str(), n.radix()).ok()) else {
            return self.wrong("width", &range, span);
        };
        let clamped = n.clamp(MIN_COLUMN.into(), MAX_COLUMN.into());
        if clamped != n {
            self.warn(Some(span), format!("`width` should be {range}, not {n}: {clamped} is used"));
        }
        self.config.width = u16::try_from(clamped).ok();
    }

    fn theme(&mut self, value: &DeValue, span: Range<usize>) {
        let name = value.as_str().map(|s| s.trim().to_ascii_lowercase());
        match ThemeName::ALL.iter().find(|(_, n)| Some(*n) == name.as_deref()) {
            Some((theme, _)) => self.config.theme = *theme,
            None => self.wrong("theme", "\"auto\", \"dark\", \"light\" or \"mono\"", span),
        }
    }

    fn outline(&mut self, value: &DeValue, span: Range<usize>) {
        let shown = match value {
            DeValue::Boolean(b) => Some(*b),
            DeValue::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "shown" | "show" => Some(true),
                "hidden" | "hide" => Some(false),
                _ => None,
            },
            _ => None,
        };
        match shown {
            Some(shown) => self.config.outline = Some(shown),
            None => self.wrong("outline", "true (shown) or false (hidden)", span),
        }
    }

    fn device(&mut self, value: &DeValue, span: Range<usize>) {
        // The name may become part of file names in the sync folder: never a path.
        let ok =
            |s: &&str| !s.trim().is_empty() && !s.chars().any(|c| c.is_control() || matches!(c, '/' | '\\'));
        match value.as_str().filter(ok) {
            Some(name) => self.config.device = Some(name.trim().to_string()),
            None => self.wrong("device", "a name for this machine (no slashes)", span),
        }
    }
}

/// A table's entries in the order the file has them (the parser sorts them by name), so
/// warnings come in reading order and the first of two clashing keys is the first written.
fn in_file_order<'t, 'i>(
    table: &'t DeTable<'i>,
) -> Vec<(&'t Spanned<DeString<'i>>, &'t Spanned<DeValue<'i>>)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

/// `~` and `~/…` are the home folder; other relative names are relative to `base`.
pub fn expand(entry: &str, base: &Path, home: Option<&Path>) -> PathBuf {
    if let (Some(rest), Some(home)) = (entry.strip_prefix("~/"), home) {
        return home.join(rest);
    }
    if entry == "~"
        && let Some(home) = home
    {
        return home.to_path_buf();
    }
    base.join(entry)
}

#[cfg(test)]
mod tests;
