//! Colours: restrained, and none at all under `NO_COLOR`.

use ratatui::style::{Color, Modifier, Style as TermStyle};

use crate::core::style::{Role, Style};

/// How engine styles and UI accents look on this terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether to use colour at all (modifiers such as bold are kept without it).
    pub color: bool,
}

impl Theme {
    /// The theme for this environment: no colour when `NO_COLOR` is set and non-empty.
    pub fn from_env() -> Theme {
        Theme { color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) }
    }

    fn fg(self, color: Color) -> TermStyle {
        if self.color { TermStyle::default().fg(color) } else { TermStyle::default() }
    }

    /// The terminal style of an engine style.
    pub fn text(self, style: Style) -> TermStyle {
        let base = match style.role {
            Role::Text | Role::AutoLink(_) => TermStyle::default(),
            Role::Heading(1 | 2) => self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Role::Heading(_) => TermStyle::default().add_modifier(Modifier::BOLD),
            Role::HeadingRule(_) => self.fg(Color::DarkGray),
            Role::Code | Role::CodeBlock => self.fg(Color::Yellow),
            Role::QuoteBar | Role::Rule | Role::TableRule | Role::Html => self.fg(Color::DarkGray),
            Role::Marker => self.fg(Color::Cyan),
            Role::LinkRef(_) | Role::NoteRef(_) => self.fg(Color::Blue),
            Role::Meta => self.fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
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
        match (self.color, current) {
            (true, true) => TermStyle::default().bg(Color::Yellow).fg(Color::Black),
            (true, false) => TermStyle::default().bg(Color::DarkGray),
            (false, true) => TermStyle::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (false, false) => TermStyle::default().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// A selection being made: reversed, readable without colour.
    pub fn selection(self) -> TermStyle {
        TermStyle::default().add_modifier(Modifier::REVERSED)
    }

    /// A highlighted passage: underlined, which reads on dark and light terminals alike and
    /// without colour.
    pub fn highlight(self) -> TermStyle {
        TermStyle::default().add_modifier(Modifier::UNDERLINED)
    }

    /// The mark in the margin beside a highlight with a note.
    pub fn note_mark(self) -> TermStyle {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// The selected row of a list.
    pub fn selected(self) -> TermStyle {
        TermStyle::default().add_modifier(Modifier::REVERSED)
    }

    /// The section being read, in the outline.
    pub fn current(self) -> TermStyle {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// Quiet text: the outline, secondary columns, the status line.
    pub fn dim(self) -> TermStyle {
        if self.color { self.fg(Color::DarkGray) } else { TermStyle::default() }
    }

    /// A problem shown in a list.
    pub fn warning(self) -> TermStyle {
        self.fg(Color::Red)
    }

    /// Something to notice: the status line's notices.
    pub fn notice(self) -> TermStyle {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
}
