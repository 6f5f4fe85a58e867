//! Fewer bytes for a frame drawn on a blank screen. ratatui writes only the cells that
//! changed, and on a blank screen the spaces between words have not changed: each word
//! then costs a cursor move (`ESC[row;colH`, six to eight bytes) where one space would do.
//! A page of prose is some four hundred words, so the first frame (and the first after a
//! clear) was half escape sequences: more to send over a slow link and more for the
//! terminal to parse before anything shows. Short gaps of blank cells on a screen known to
//! be blank are written as the blank cells they are.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use unicode_width::UnicodeWidthStr;

/// Gaps up to this many cells are written as spaces: a cursor move costs about as much.
const MAX_GAP: u16 = 8;

/// A backend that writes short runs of blank cells instead of moving the cursor over
/// them, while what is on the screen is known to be blank (until the first frame after
/// the screen was entered or cleared has been drawn).
pub struct Compact<B> {
    inner: B,
    blank: bool,
}

impl<B> Compact<B> {
    /// Wraps `inner`, whose screen has just been cleared.
    pub fn new(inner: B) -> Compact<B> {
        Compact { inner, blank: true }
    }
}

/// The cells to write for the changed `cells` of a frame drawn on a blank screen: the
/// same cells, with each short gap between two on one row filled with blank cells when
/// the cell before it leaves the pen as a blank cell's (no style to change for it).
pub fn fill_gaps<'a>(
    cells: impl Iterator<Item = (u16, u16, &'a Cell)>,
) -> impl Iterator<Item = (u16, u16, &'a Cell)> {
    static BLANK: Cell = Cell::EMPTY;
    let mut last: Option<(u16, u16, &'a Cell)> = None;
    cells.flat_map(move |(x, y, cell)| {
        let gap = match last {
            Some((lx, ly, prev)) if ly == y && plain(prev) => {
                // A wide character covers the cells after it: those are not blank.
                let from = lx.saturating_add(prev.symbol().width().max(1) as u16);
                (from < x && x - from <= MAX_GAP).then_some(from..x)
            }
            _ => None,
        };
        last = Some((x, y, cell));
        gap.into_iter().flatten().map(move |gx| (gx, y, &BLANK)).chain(std::iter::once((x, y, cell)))
    })
}

/// Whether `cell` is drawn with a blank cell's colours and modifiers.
fn plain(cell: &Cell) -> bool {
    let blank = &Cell::EMPTY;
    cell.fg == blank.fg && cell.bg == blank.bg && cell.modifier == blank.modifier
}

impl<B: Backend> Backend for Compact<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        if std::mem::take(&mut self.blank) {
            self.inner.draw(fill_gaps(content))
        } else {
            self.inner.draw(content)
        }
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.blank = true;
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        // Only a whole clear leaves the screen known to be blank.
        self.blank = clear_type == ClearType::All;
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Style};

    fn cell(symbol: &str) -> Cell {
        let mut cell = Cell::EMPTY;
        cell.set_symbol(symbol);
        cell
    }

    fn written(cells: &[(u16, u16, Cell)]) -> Vec<(u16, u16, String)> {
        fill_gaps(cells.iter().map(|(x, y, c)| (*x, *y, c)))
            .map(|(x, y, c)| (x, y, c.symbol().to_string()))
            .collect()
    }

    #[test]
    fn short_gaps_between_words_are_written_as_spaces_and_long_ones_skipped() {
        let cells = [(0, 0, cell("a")), (2, 0, cell("b")), (30, 0, cell("c")), (1, 1, cell("d"))];
        let out = written(&cells);
        let expect: Vec<(u16, u16, String)> =
            [(0, 0, "a"), (1, 0, " "), (2, 0, "b"), (30, 0, "c"), (1, 1, "d")]
                .map(|(x, y, s)| (x, y, s.into()))
                .into();
        assert_eq!(out, expect, "no fill across rows or over long gaps");
    }

    #[test]
    fn the_cell_after_a_wide_character_is_not_overwritten() {
        let out = written(&[(0, 0, cell("世")), (4, 0, cell("x"))]);
        let xs: Vec<u16> = out.iter().map(|(x, ..)| *x).collect();
        assert_eq!(xs, vec![0, 2, 3, 4], "{out:?}");
    }

    #[test]
    fn no_gap_is_filled_after_a_styled_cell() {
        // A blank after a coloured cell would cost a change of colours: the cursor moves.
        let mut styled = cell("a");
        styled.set_style(Style::default().fg(Color::Cyan));
        let out = written(&[(0, 0, styled), (2, 0, cell("b"))]);
        assert_eq!(out.len(), 2, "{out:?}");
    }

    #[test]
    fn only_the_first_frame_after_a_clear_is_filled() {
        use ratatui::backend::TestBackend;
        // A mark the frames never draw, put straight on the screen: a filled gap wipes it.
        let mark = |backend: &mut Compact<TestBackend>| {
            let z = cell("z");
            backend.inner.draw(std::iter::once((1, 0, &z))).unwrap();
        };
        let at_1 = |backend: &Compact<TestBackend>| backend.inner.buffer()[(1, 0)].symbol().to_string();
        let frame = [(0, 0, cell("a")), (2, 0, cell("b"))];
        let mut backend = Compact::new(TestBackend::new(10, 1));
        mark(&mut backend);
        backend.draw(frame.iter().map(|(x, y, c)| (*x, *y, c))).unwrap();
        assert_eq!(at_1(&backend), " ", "the first frame writes the gap");
        mark(&mut backend);
        backend.draw(frame.iter().map(|(x, y, c)| (*x, *y, c))).unwrap();
        assert_eq!(at_1(&backend), "z", "later frames leave unchanged cells alone");
        backend.clear().unwrap();
        mark(&mut backend);
        backend.draw(frame.iter().map(|(x, y, c)| (*x, *y, c))).unwrap();
        assert_eq!(at_1(&backend), " ", "the first frame after a clear writes it again");
        backend.clear_region(ClearType::CurrentLine).unwrap();
        assert!(!backend.blank, "a partial clear leaves the rest of the screen as it was");
    }
}
