//! Laid-out lines as text for `render`: plain, or with ANSI styles for a terminal.

use std::fmt::Write as _;

use ratatui::style::{Color, Modifier};

use super::theme::Theme;
use crate::core::layout::{Layout, LineRef};

fn color_code(color: Color, background: bool) -> Option<String> {
    let base = if background { 40 } else { 30 };
    Some(match color {
        Color::Black => (base).to_string(),
        Color::Red => (base + 1).to_string(),
        Color::Green => (base + 2).to_string(),
        Color::Yellow => (base + 3).to_string(),
        Color::Blue => (base + 4).to_string(),
        Color::Magenta => (base + 5).to_string(),
        Color::Cyan => (base + 6).to_string(),
        Color::Gray => (base + 7).to_string(),
        Color::DarkGray => (base + 60).to_string(),
        Color::LightRed => (base + 61).to_string(),
        Color::LightGreen => (base + 62).to_string(),
        Color::LightYellow => (base + 63).to_string(),
        Color::LightBlue => (base + 64).to_string(),
        Color::LightMagenta => (base + 65).to_string(),
        Color::LightCyan => (base + 66).to_string(),
        Color::White => (base + 67).to_string(),
        Color::Indexed(i) => format!("{};5;{i}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
        _ => return None,
    })
}

/// Writes `layout` as text, one line per laid-out line; with `styled`, ANSI SGR sequences
/// carry the styles (the text itself holds no control characters: the engine removed them).
pub fn write_layout(layout: &Layout, theme: Theme, styled: bool, out: &mut String) {
    for line in layout.lines() {
        write_line(&line, theme, styled, out);
    }
}

/// Writes one laid-out line as [`write_layout`] does, its line end included.
pub fn write_line(line: &LineRef<'_>, theme: Theme, styled: bool, out: &mut String) {
    for (text, style) in line.runs() {
        if !styled {
            out.push_str(text);
            continue;
        }
        let s = theme.text(style);
        let mut codes: Vec<String> = Vec::new();
        for (m, code) in [
            (Modifier::BOLD, "1"),
            (Modifier::DIM, "2"),
            (Modifier::ITALIC, "3"),
            (Modifier::UNDERLINED, "4"),
            (Modifier::REVERSED, "7"),
            (Modifier::CROSSED_OUT, "9"),
        ] {
            if s.add_modifier.contains(m) {
                codes.push(code.to_string());
            }
        }
        codes.extend(s.fg.and_then(|c| color_code(c, false)));
        codes.extend(s.bg.and_then(|c| color_code(c, true)));
        if codes.is_empty() {
            out.push_str(text);
        } else {
            let _ = write!(out, "\x1b[{}m{text}\x1b[0m", codes.join(";"));
        }
    }
    out.push('\n');
}
