//! Styles written short. ratatui's crossterm backend sets both colours whenever either
//! changes, one attribute per sequence, and names the bright colours by their 256-colour
//! index: the outline's grey bar costs `ESC[38;5;8;49m` (twelve bytes) on every line, where
//! `ESC[90m` (five) says the same. This backend writes each change of style as one SGR
//! sequence holding only what changed. A typical first frame of a styled essay is a tenth
//! smaller, which a slow link and the terminal's parser both feel (and it fits more often
//! in the 4 KiB a pseudo-terminal passes on at a time).
//!
//! The eight standard colours keep their 256-colour form (`38;5;n`): as `30`–`37` a
//! terminal that shows bold text in bright colours would brighten bold headings.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

/// A backend that draws cells with the shortest changes of style, and leaves everything
/// else to the backend it wraps (which must take raw bytes too).
pub struct Pen<B> {
    inner: B,
    /// The parameters of the SGR sequence being made (reused between cells).
    params: String,
}

impl<B> Pen<B> {
    /// Wraps `inner`.
    pub fn new(inner: B) -> Pen<B> {
        Pen { inner, params: String::new() }
    }
}

/// The style the terminal's pen is in.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Ink {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Ink {
    const PLAIN: Ink =
        Ink { fg: Color::Reset, bg: Color::Reset, underline: Color::Reset, modifier: Modifier::empty() };

    fn of(cell: &Cell) -> Ink {
        Ink { fg: cell.fg, bg: cell.bg, underline: cell.underline_color, modifier: cell.modifier }
    }
}

/// Appends one SGR parameter (or several joined by `;`) to `params`.
fn param(params: &mut String, p: impl std::fmt::Display) {
    use std::fmt::Write as _;
    if !params.is_empty() {
        params.push(';');
    }
    let _ = write!(params, "{p}");
}

/// The parameters that take the pen from `from` to `to`.
fn change(params: &mut String, from: Ink, to: Ink) {
    let (was, now) = (from.modifier, to.modifier);
    let removed = was - now;
    for (modifier, code) in [
        (Modifier::REVERSED, 27),
        (Modifier::ITALIC, 23),
        (Modifier::UNDERLINED, 24),
        (Modifier::CROSSED_OUT, 29),
        (Modifier::HIDDEN, 28),
    ] {
        if removed.contains(modifier) {
            param(params, code);
        }
    }
    // One code ends both bold and dim, and one both blinks: whichever stays is put back.
    for (pair, end) in [
        ([(Modifier::BOLD, 1), (Modifier::DIM, 2)], 22),
        ([(Modifier::SLOW_BLINK, 5), (Modifier::RAPID_BLINK, 6)], 25),
    ] {
        if removed.intersects(pair[0].0 | pair[1].0) {
            param(params, end);
            for (modifier, code) in pair {
                if now.contains(modifier) {
                    param(params, code);
                }
            }
        }
    }
    let added = now - was;
    for (modifier, code) in [
        (Modifier::BOLD, 1),
        (Modifier::DIM, 2),
        (Modifier::ITALIC, 3),
        (Modifier::UNDERLINED, 4),
        (Modifier::SLOW_BLINK, 5),
        (Modifier::RAPID_BLINK, 6),
        (Modifier::REVERSED, 7),
        (Modifier::HIDDEN, 8),
        (Modifier::CROSSED_OUT, 9),
    ] {
        if added.contains(modifier) {
            param(params, code);
        }
    }
    if to.fg != from.fg {
        colour(params, to.fg, 30);
    }
    if to.bg != from.bg {
        colour(params, to.bg, 40);
    }
    if to.underline != from.underline {
        colour(params, to.underline, 50);
    }
}

/// The parameters for colour `c` as foreground (`base` 30), background (40) or underline
/// colour (50, which has only the extended forms).
fn colour(params: &mut String, c: Color, base: u16) {
    let index = match c {
        Color::Reset => return param(params, base + 9),
        Color::Rgb(r, g, b) => return param(params, format_args!("{};2;{r};{g};{b}", base + 8)),
        Color::Indexed(n) => n,
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
    };
    match index {
        // The bright colours' own codes (90–97, 100–107); no terminal brightens those.
        8..=15 if base < 50 => param(params, base + 60 + u16::from(index - 8)),
        _ => param(params, format_args!("{};5;{index}", base + 8)),
    }
}

impl<B: Backend<Error = io::Error> + Write> Backend for Pen<B> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        // Every frame starts and ends with the pen plain.
        let mut ink = Ink::PLAIN;
        let mut last: Option<(u16, u16)> = None;
        for (x, y, cell) in content {
            if !matches!(last, Some((lx, ly)) if ly == y && lx.checked_add(1) == Some(x)) {
                write!(self.inner, "\x1b[{};{}H", u32::from(y) + 1, u32::from(x) + 1)?;
            }
            last = Some((x, y));
            let want = Ink::of(cell);
            if want != ink {
                self.params.clear();
                change(&mut self.params, ink, want);
                write!(self.inner, "\x1b[{}m", self.params)?;
                ink = want;
            }
            self.inner.write_all(cell.symbol().as_bytes())?;
        }
        if ink != Ink::PLAIN {
            self.inner.write_all(b"\x1b[0m")?;
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::backend::CrosstermBackend;

    const COLOURS: [Color; 8] = [
        Color::Reset,
        Color::Cyan,
        Color::DarkGray,
        Color::White,
        Color::Indexed(3),
        Color::Indexed(12),
        Color::Indexed(200),
        Color::Rgb(10, 200, 30),
    ];

    fn cell(symbol: &str, fg: usize, bg: usize, modifier: u16) -> Cell {
        let mut cell = Cell::EMPTY;
        cell.set_symbol(symbol);
        cell.fg = COLOURS[fg];
        cell.bg = COLOURS[bg];
        cell.modifier = Modifier::from_bits_truncate(modifier);
        cell
    }

    /// What a terminal shows after `cells` are drawn by `draw`, cell by cell.
    fn shown(cells: &[(u16, u16, Cell)], draw: impl FnOnce(&[(u16, u16, Cell)]) -> Vec<u8>) -> Vec<String> {
        let mut parser = vt100::Parser::new(4, 12, 0);
        parser.process(&draw(cells));
        let screen = parser.screen();
        let mut out = Vec::new();
        for row in 0..4 {
            for col in 0..12 {
                let Some(c) = screen.cell(row, col) else { continue };
                out.push(format!(
                    "{row},{col} {:?} {:?} {:?} b{} d{} i{} u{} r{}",
                    c.contents(),
                    c.fgcolor(),
                    c.bgcolor(),
                    c.bold(),
                    c.dim(),
                    c.italic(),
                    c.underline(),
                    c.inverse()
                ));
            }
        }
        out
    }

    /// Bytes written, kept where the test can read them after the backend has them.
    #[derive(Clone, Default)]
    struct Written(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Write for Written {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn ours(cells: &[(u16, u16, Cell)]) -> Vec<u8> {
        let written = Written::default();
        let mut pen = Pen::new(CrosstermBackend::new(written.clone()));
        pen.draw(cells.iter().map(|(x, y, c)| (*x, *y, c))).expect("memory takes any write");
        written.0.take()
    }

    fn crossterm(cells: &[(u16, u16, Cell)]) -> Vec<u8> {
        let written = Written::default();
        let mut backend = CrosstermBackend::new(written.clone());
        backend.draw(cells.iter().map(|(x, y, c)| (*x, *y, c))).expect("memory takes any write");
        written.0.take()
    }

    proptest! {
        /// Any frame shows on the terminal exactly as ratatui's own backend shows it.
        #[test]
        fn a_frame_shows_as_the_crossterm_backend_shows_it(
            cells in proptest::collection::vec(
                (0u16..12, 0u16..4, prop::sample::select(vec!["a", "é", "—", " ", "x"]), 0..8usize, 0..8usize, 0u16..512),
                0..40,
            ),
        ) {
            let mut cells: Vec<(u16, u16, Cell)> =
                cells.into_iter().map(|(x, y, s, fg, bg, m)| (x, y, cell(s, fg, bg, m))).collect();
            // A frame writes each cell once, in order.
            cells.sort_by_key(|&(x, y, _)| (y, x));
            cells.dedup_by_key(|&mut (x, y, _)| (y, x));
            prop_assert_eq!(shown(&cells, ours), shown(&cells, crossterm));
        }
    }

    #[test]
    fn the_outline_bar_and_text_after_it_cost_a_few_bytes() {
        let (bar, text) = (cell("│", 2, 0, 0), cell("a", 0, 0, 0));
        let cells = [(0, 0, bar.clone()), (1, 0, text.clone()), (0, 1, bar), (1, 1, text)];
        let bytes = String::from_utf8(ours(&cells)).expect("UTF-8");
        assert_eq!(bytes, "\x1b[1;1H\x1b[90m│\x1b[39ma\x1b[2;1H\x1b[90m│\x1b[39ma");
        assert!(bytes.len() * 3 < 2 * crossterm(&cells).len(), "{bytes:?}");
    }

    #[test]
    fn bold_headings_keep_the_256_colour_form_of_the_standard_colours() {
        let heading = cell("H", 1, 0, Modifier::BOLD.bits());
        let bytes = String::from_utf8(ours(&[(0, 0, heading)])).expect("UTF-8");
        assert_eq!(bytes, "\x1b[1;1H\x1b[1;38;5;6mH\x1b[0m");
    }
}
