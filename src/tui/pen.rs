//! Frames written short. ratatui's crossterm backend sets both colours whenever either
//! changes, one attribute per sequence, and names the bright colours by their 256-colour
//! index: the outline's grey bar costs `ESC[38;5;8;49m` (twelve bytes) on every line, where
//! `ESC[90m` (five) says the same. This backend writes each change of style as one SGR
//! sequence holding only what changed, the cells of one style together (see [`by_ink`]),
//! and each cursor move the shortest safe way (see [`move_to`]). A first frame of a styled
//! essay is about a quarter smaller, which a slow link and the terminal's parser both feel
//! (and it fits more often in the 4 KiB a pseudo-terminal passes on at a time).
//!
//! The eight standard colours keep their 256-colour form (`38;5;n`): as `30`–`37` a
//! terminal that shows bold text in bright colours would brighten bold headings.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

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

/// The column after `cell`, drawn at column `x`.
fn end_of(x: u16, cell: &Cell) -> u16 {
    let symbol = cell.symbol();
    // Nearly every cell holds one ASCII character: one column, no table to look up.
    let width = if symbol.len() == 1 { 1 } else { symbol.width().max(1) };
    x.saturating_add(width as u16)
}

/// The shortest way to move the cursor from `cursor` to `to`, if it must move.
#[derive(Debug, PartialEq, Eq)]
enum Move {
    /// To this column of the same row (`ESC[nG`). Right even when the cursor waits past the
    /// last column for a character that would wrap: the row is still the cursor's.
    Column(u16),
    /// Down this many rows, to the same column (`ESC[nB`, which never scrolls).
    Down(u16),
    /// One column back and down this many rows: the next cell of a bar down the screen.
    BackDown(u16),
    /// Anywhere (`ESC[row;colH`).
    To(u16, u16),
}

/// How the cursor gets from `cursor` (after the last cell written; `None` before the first)
/// to `to`. `reach` is one past the rightmost column a cell of the frame starts at: a cursor
/// short of it is on the screen, not waiting past the last column for a character that
/// would wrap, so moving it relative to where it stands is safe.
fn move_to(cursor: Option<(u16, u16)>, reach: u16, to: (u16, u16)) -> Option<Move> {
    let (x, y) = to;
    let Some((cx, cy)) = cursor else { return Some(Move::To(x, y)) };
    Some(match () {
        _ if (cx, cy) == (x, y) => return None,
        _ if cy == y => Move::Column(x),
        _ if y > cy && cx < reach && x == cx => Move::Down(y - cy),
        _ if y > cy && cx < reach && x.checked_add(1) == Some(cx) => Move::BackDown(y - cy),
        _ => Move::To(x, y),
    })
}

impl std::fmt::Display for Move {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let down = |f: &mut std::fmt::Formatter<'_>, rows: u16| match rows {
            1 => f.write_str("\x1b[B"),
            n => write!(f, "\x1b[{n}B"),
        };
        match *self {
            Move::Column(x) => write!(f, "\x1b[{}G", u32::from(x) + 1),
            Move::Down(rows) => down(f, rows),
            Move::BackDown(rows) => {
                f.write_str("\x08")?;
                down(f, rows)
            }
            Move::To(x, y) => write!(f, "\x1b[{};{}H", u32::from(y) + 1, u32::from(x) + 1),
        }
    }
}

/// More styles in one frame than this and its cells are written in the order given: the
/// frame is a picture, not text, and sorting it would cost more than it saves.
const MOST_INKS: usize = 16;

/// The order to write `cells` in: all the cells of one style together, plain ones first, each
/// style's in the order given. A cell's place is written with it, so the screen shows the same
/// whatever the order (ratatui never sends a cell a wide character covers), and a style
/// changes once per style rather than at every boundary: the outline's bar beside the text
/// cost two changes a row, a tenth of a first frame.
fn by_ink(cells: &[(u16, u16, &Cell)]) -> Vec<usize> {
    let mut inks = vec![Ink::PLAIN];
    let mut groups = Vec::with_capacity(cells.len());
    // Neighbours mostly share a style: the last one's group is tried first.
    let mut last = 0;
    for (_, _, cell) in cells {
        let ink = Ink::of(cell);
        let group = if inks[last] == ink {
            last
        } else {
            match inks.iter().position(|&known| known == ink) {
                Some(group) => group,
                None if inks.len() < MOST_INKS => {
                    inks.push(ink);
                    inks.len() - 1
                }
                None => return (0..cells.len()).collect(),
            }
        };
        groups.push(group as u8);
        last = group;
    }
    // Counted into place: where each group's cells start, then each cell after the last.
    let mut next = [0usize; MOST_INKS];
    for &group in &groups {
        next[usize::from(group)] += 1;
    }
    let mut start = 0;
    for slot in &mut next {
        (*slot, start) = (start, start + *slot);
    }
    let mut order = vec![0; cells.len()];
    for (i, &group) in groups.iter().enumerate() {
        let slot = &mut next[usize::from(group)];
        order[*slot] = i;
        *slot += 1;
    }
    order
}

impl<B: Backend<Error = io::Error> + Write> Backend for Pen<B> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let cells: Vec<(u16, u16, &Cell)> = content.collect();
        // Every frame starts and ends with the pen plain.
        let mut ink = Ink::PLAIN;
        // Where the terminal's cursor is: after the last cell written, on its row.
        let mut cursor: Option<(u16, u16)> = None;
        let reach = cells.iter().map(|&(x, ..)| x.saturating_add(1)).max().unwrap_or(0);
        for i in by_ink(&cells) {
            let (x, y, cell) = cells[i];
            if let Some(to) = move_to(cursor, reach, (x, y)) {
                write!(self.inner, "{to}")?;
            }
            cursor = Some((end_of(x, cell), y));
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
        /// Any frame shows on the terminal exactly as ratatui's own backend shows it,
        /// whatever order the cells are written in and however the cursor gets to them.
        #[test]
        fn a_frame_shows_as_the_crossterm_backend_shows_it(
            cells in proptest::collection::vec(
                (0u16..12, 0u16..4, prop::sample::select(vec!["a", "é", "—", " ", "x", "世"]), 0..8usize, 0..8usize, 0u16..512),
                0..40,
            ),
        ) {
            let mut cells: Vec<(u16, u16, Cell)> =
                cells.into_iter().map(|(x, y, s, fg, bg, m)| (x, y, cell(s, fg, bg, m))).collect();
            // A frame writes each cell once, in order, and never a cell that a wide
            // character covers (nor a wide character that would not fit).
            cells.sort_by_key(|&(x, y, _)| (y, x));
            cells.dedup_by_key(|&mut (x, y, _)| (y, x));
            let mut covered = None;
            cells.retain(|(x, y, c)| {
                let keep = covered != Some((*x, *y)) && !(c.symbol() == "世" && *x == 11);
                if keep && c.symbol() == "世" {
                    covered = Some((x + 1, *y));
                }
                keep
            });
            prop_assert_eq!(shown(&cells, ours), shown(&cells, crossterm));
        }
    }

    #[test]
    fn the_outline_bar_and_text_after_it_cost_a_few_bytes() {
        let (bar, text) = (cell("│", 2, 0, 0), cell("a", 0, 0, 0));
        let cells =
            [(0, 0, bar.clone()), (1, 0, text.clone()), (0, 1, bar.clone()), (1, 1, text), (0, 2, bar)];
        let bytes = String::from_utf8(ours(&cells)).expect("UTF-8");
        // The plain cells first, then the bar in one colour, down the screen a row at a time.
        assert_eq!(bytes, "\x1b[1;2Ha\x1b[2;2Ha\x1b[1;1H\x1b[90m│\x08\x1b[B│\x08\x1b[B│\x1b[0m");
        assert!(bytes.len() * 2 < crossterm(&cells).len(), "{bytes:?}");
    }

    #[test]
    fn the_cursor_moves_the_shortest_way_it_safely_can() {
        // Along the row: only the column.
        assert_eq!(move_to(Some((5, 2)), 80, (9, 2)), Some(Move::Column(9)));
        assert_eq!(move_to(Some((5, 2)), 80, (5, 2)), None);
        // Down to the same column, or to the column just written.
        assert_eq!(move_to(Some((5, 2)), 80, (5, 4)), Some(Move::Down(2)));
        assert_eq!(move_to(Some((5, 2)), 80, (4, 3)), Some(Move::BackDown(1)));
        // A cursor past every cell of the frame may be waiting past the last column: placed.
        assert_eq!(move_to(Some((80, 2)), 80, (79, 3)), Some(Move::To(79, 3)));
        // Up, or anywhere else, and the first cell of a frame: placed.
        assert_eq!(move_to(Some((5, 2)), 80, (5, 1)), Some(Move::To(5, 1)));
        assert_eq!(move_to(None, 80, (0, 0)), Some(Move::To(0, 0)));
        let written: Vec<String> =
            [Move::Column(9), Move::Down(1), Move::Down(3), Move::BackDown(1), Move::To(4, 2)]
                .iter()
                .map(ToString::to_string)
                .collect();
        assert_eq!(written, ["\x1b[10G", "\x1b[B", "\x1b[3B", "\x08\x1b[B", "\x1b[3;5H"]);
    }

    #[test]
    fn a_frame_of_many_styles_is_written_in_the_order_given() {
        let frame = |styles: usize| -> Vec<(u16, u16, Cell)> {
            (0..40u16)
                .map(|i| {
                    let mut c = cell("x", 0, 0, 0);
                    c.fg = Color::Indexed(100 + (usize::from(i) % styles) as u8);
                    (i % 10, i / 10, c)
                })
                .collect()
        };
        let order = |cells: &[(u16, u16, Cell)]| {
            let refs: Vec<(u16, u16, &Cell)> = cells.iter().map(|(x, y, c)| (*x, *y, c)).collect();
            by_ink(&refs)
        };
        let few = order(&frame(2));
        assert_eq!(few[..3], [0, 2, 4], "a few styles: each style's cells together");
        assert_eq!(order(&frame(20)), (0..40).collect::<Vec<_>>(), "twenty styles: as given");
    }

    #[test]
    fn bold_headings_keep_the_256_colour_form_of_the_standard_colours() {
        let heading = cell("H", 1, 0, Modifier::BOLD.bits());
        let bytes = String::from_utf8(ours(&[(0, 0, heading)])).expect("UTF-8");
        assert_eq!(bytes, "\x1b[1;1H\x1b[1;38;5;6mH\x1b[0m");
    }
}
