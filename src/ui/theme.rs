//! Colours: restrained, in one of three palettes (`dark`, `light`, `mono`; `auto` picks dark
//! or light from the terminal's background, see `tui::background`), and none at all under
//! `NO_COLOR`. Every style the screen uses comes from here, so each palette is checked in one
//! place for being readable on its background (see the tests).

use ratatui::style::{Color, Modifier, Style as TermStyle};

use crate::config::ThemeName;
use crate::core::style::{Role, Style};

/// The palettes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Palette {
    /// Light text on a dark background.
    Dark,
    /// Dark text on a light background.
    Light,
    /// No colour: bold, underline, reverse.
    Mono,
}

/// How engine styles and UI accents look on this terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// The palette in use.
    pub palette: Palette,
}

impl Theme {
    /// Light text on a dark background.
    pub const DARK: Theme = Theme { palette: Palette::Dark };
    /// Dark text on a light background.
    pub const LIGHT: Theme = Theme { palette: Palette::Light };
    /// No colour at all (what `NO_COLOR` gives).
    pub const MONO: Theme = Theme { palette: Palette::Mono };

    /// The theme for this environment when nothing else says: dark, or mono when `NO_COLOR`
    /// is set and non-empty.
    pub fn from_env() -> Theme {
        Theme::pick(ThemeName::Dark, None)
    }

    /// The theme config.toml names; `auto` is `light_background`'s answer (dark if the
    /// terminal did not say). `NO_COLOR` wins over every name: it is the user's word for all
    /// programs.
    pub fn pick(name: ThemeName, light_background: Option<bool>) -> Theme {
        if no_color() {
            return Theme::MONO;
        }
        match name {
            ThemeName::Dark => Theme::DARK,
            ThemeName::Light => Theme::LIGHT,
            ThemeName::Mono => Theme::MONO,
            ThemeName::Auto if light_background == Some(true) => Theme::LIGHT,
            ThemeName::Auto => Theme::DARK,
        }
    }

    /// Whether `name` needs the terminal's background to be asked (`auto`, with colour).
    pub fn needs_background(name: ThemeName) -> bool {
        name == ThemeName::Auto && !no_color()
    }

    /// Whether it uses colour at all.
    pub fn has_color(self) -> bool {
        self.palette != Palette::Mono
    }

    /// The palette's colour for a part of the screen (none in mono).
    fn fg(self, dark: Color, light: Color) -> TermStyle {
        match self.palette {
            Palette::Dark => TermStyle::default().fg(dark),
            Palette::Light => TermStyle::default().fg(light),
            Palette::Mono => TermStyle::default(),
        }
    }

    /// The terminal style of an engine style.
    pub fn text(self, style: Style) -> TermStyle {
        let quiet = self.fg(Color::DarkGray, Color::DarkGray);
        let base = match style.role {
            Role::Text | Role::AutoLink(_) => TermStyle::default(),
            Role::Heading(1 | 2) => self.fg(Color::Cyan, Color::Blue).add_modifier(Modifier::BOLD),
            Role::Heading(_) => TermStyle::default().add_modifier(Modifier::BOLD),
            Role::HeadingRule(_) => quiet,
            Role::Code | Role::CodeBlock => self.fg(Color::Yellow, Color::Magenta),
            Role::QuoteBar | Role::Rule | Role::TableRule | Role::Html => quiet,
            Role::Marker => self.fg(Color::Cyan, Color::Blue),
            Role::LinkRef(_) | Role::NoteRef(_) => self.fg(Color::LightBlue, Color::Blue),
            Role::Meta => quiet.add_modifier(Modifier::ITALIC),
        };
        let mut out = base;
        if style.has(Style::BOLD) {
            out = out.add_modifier(Modifier::BOLD);
        }
        if style.has(Style::ITALIC) {
            out = out.add_modifier(Modifier::ITALIC);
        }
        if style.has(Style::STRIKE) {
            out = out.add_modifier(Modifier::CROSSED_OUT);
        }
        if style.has(Style::LINK) {
            out = out.add_modifier(Modifier::UNDERLINED);
        }
        out
    }

    /// A search match (the current one stands out more).
    pub fn matched(self, current: bool) -> TermStyle {
        let plain = TermStyle::default();
        match (self.palette, current) {
            (Palette::Dark | Palette::Light, true) => plain.bg(Color::Yellow).fg(Color::Black),
            (Palette::Dark, false) => plain.bg(Color::DarkGray).fg(Color::White),
            (Palette::Light, false) => plain.bg(Color::Gray).fg(Color::Black),
            (Palette::Mono, true) => plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (Palette::Mono, false) => plain.add_modifier(Modifier::UNDERLINED),
        }
    }

    /// The selected row of a list.
    pub fn selected(self) -> TermStyle {
        TermStyle::default().add_modifier(Modifier::REVERSED)
    }

    /// A passage being selected in the text (before it is highlighted or copied).
    pub fn selection(self) -> TermStyle {
        let plain = TermStyle::default();
        match self.palette {
            Palette::Dark => plain.bg(Color::Blue).fg(Color::White),
            Palette::Light => plain.bg(Color::Cyan).fg(Color::Black),
            Palette::Mono => plain.add_modifier(Modifier::REVERSED),
        }
    }

    /// A highlighted passage: a marker pen's colour, apart from search matches.
    pub fn highlight(self) -> TermStyle {
        let plain = TermStyle::default();
        match self.palette {
            // Restrained: the text keeps its place in the column, marked as a pen would,
            // never louder than a search match.
            Palette::Dark => plain.fg(Color::LightYellow).add_modifier(Modifier::UNDERLINED),
            Palette::Light => {
                plain.bg(Color::LightYellow).fg(Color::Black).add_modifier(Modifier::UNDERLINED)
            }
            Palette::Mono => plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
    }

    /// The mark beside a highlight that has a note.
    pub fn note_mark(self) -> TermStyle {
        self.fg(Color::LightMagenta, Color::Magenta).add_modifier(Modifier::BOLD)
    }

    /// The section being read, in the outline.
    pub fn current(self) -> TermStyle {
        self.fg(Color::Cyan, Color::Blue).add_modifier(Modifier::BOLD)
    }

    /// Quiet text: the outline, secondary columns, the status line.
    pub fn dim(self) -> TermStyle {
        self.fg(Color::DarkGray, Color::DarkGray)
    }

    /// A problem shown in a list.
    pub fn warning(self) -> TermStyle {
        self.fg(Color::LightRed, Color::Red)
    }

    /// Something to notice: the status line's notices.
    pub fn notice(self) -> TermStyle {
        self.fg(Color::Yellow, Color::Blue).add_modifier(Modifier::BOLD)
    }
}

/// Whether `NO_COLOR` is set and non-empty (<https://no-color.org>).
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod screens;
