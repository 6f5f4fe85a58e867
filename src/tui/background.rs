//! Asking the terminal for its background colour (OSC 11), for `theme = "auto"`, followed by
//! a device-attributes query (DA1) that every terminal answers (crossterm keeps that answer
//! out of the keys). The question is asked just after the first frame, which is drawn in the
//! dark theme: the first frame never waits for a terminal, and one that does not answer
//! costs nothing. The answer arrives through the event stream as keys; [`LateReply`] takes
//! it out (a reply must never act as key presses: `g`, `b` and digits would move the text)
//! and hands over the colour, and the reader redraws in the theme it calls for.

use std::fs::OpenOptions;
use std::io::Write;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// OSC 11 "what is your background?", then DA1.
const QUERY: &[u8] = b"\x1b]11;?\x07\x1b[c";

/// Asks the terminal for its background; false if there is no terminal to ask. The
/// terminal must be in raw mode (replies are not line-buffered or echoed); the answer
/// arrives through the event stream, where [`LateReply`] takes it out of the keys.
pub fn ask() -> bool {
    let Ok(mut tty) = OpenOptions::new().write(true).open("/dev/tty") else { return false };
    tty.write_all(QUERY).and_then(|()| tty.flush()).is_ok()
}

/// Takes a background answer that came after the first frame out of the keys: crossterm
/// reads `ESC ] 11 ; rgb:…` as Alt-`]` then characters (`g`, `b`, `f`, `/` would act), up to
/// `ESC \` (Alt-`\`) or BEL (Ctrl-g). Armed for a few seconds after the question. The
/// colour it spells is kept for [`LateReply::take_light`].
#[derive(Debug, Clone)]
pub struct LateReply {
    until: Instant,
    /// The characters of an answer being taken out, so far.
    dropping: Option<String>,
    /// Whether the background the answer named is light, once it is complete.
    light: Option<bool>,
}

impl LateReply {
    /// How long after the question an answer is still expected.
    const ARMED: Duration = Duration::from_secs(10);
    /// The most keys an answer makes (`rgb:RRRR/GGGG/BBBB` and its start and end).
    const MOST: usize = 40;

    /// Armed from `now`.
    pub fn new(now: Instant) -> LateReply {
        LateReply { until: now + Self::ARMED, dropping: None, light: None }
    }

    /// Whether the answer taken out named a light background (once; `None` until then).
    pub fn take_light(&mut self) -> Option<bool> {
        self.light.take()
    }

    /// Whether `key` (pressed at `now`) is part of a late answer, to be dropped.
    pub fn drops(&mut self, key: &KeyEvent, now: Instant) -> bool {
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match self.dropping.as_mut() {
            Some(text) => {
                let ctrl_g = key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('g');
                let end =
                    (alt && key.code == KeyCode::Char('\\')) || ctrl_g || text.chars().count() >= Self::MOST;
                if let (false, KeyCode::Char(c)) = (end, key.code) {
                    text.push(c);
                }
                if end {
                    // One answer was asked for: once it is taken, keys are keys again.
                    let reply = format!("\x1b]{text}\x07");
                    self.light = parse_reply(reply.as_bytes()).map(is_light);
                    self.dropping = None;
                    self.until = now;
                }
                true
            }
            None if now < self.until && alt && key.code == KeyCode::Char(']') => {
                self.dropping = Some(String::new());
                true
            }
            None => false,
        }
    }
}

/// The background colour in an OSC 11 reply (`ESC ] 11 ; rgb:RRRR/GGGG/BBBB` ended by BEL or
/// `ESC \`; each part 1 to 4 hex digits; `rgba:` too), as red, green, blue from 0 to 1.
pub fn parse_reply(reply: &[u8]) -> Option<(f64, f64, f64)> {
    let text = String::from_utf8_lossy(reply);
    let start = text.find("\x1b]11;")? + 5;
    let rest = &text[start..];
    let end = rest.find(['\x07', '\x1b']).unwrap_or(rest.len());
    let body = &rest[..end];
    let spec = body.strip_prefix("rgb:").or_else(|| body.strip_prefix("rgba:"))?;
    let mut parts = spec.split('/').map(|p| {
        let digits = u32::try_from(p.len()).ok().filter(|n| (1..=4).contains(n))?;
        let value = u32::from_str_radix(p, 16).ok()?;
        Some(f64::from(value) / f64::from(16u32.pow(digits) - 1))
    });
    Some((parts.next()??, parts.next()??, parts.next()??))
}

/// Whether a background of this colour is light (its luma above the middle).
pub fn is_light((r, g, b): (f64, f64, f64)) -> bool {
    0.299 * r + 0.587 * g + 0.114 * b > 0.5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_of_every_length_and_ending_are_read() {
        assert_eq!(parse_reply(b"\x1b]11;rgb:0000/0000/0000\x1b\\"), Some((0.0, 0.0, 0.0)));
        assert_eq!(parse_reply(b"\x1b]11;rgb:ffff/ffff/ffff\x07"), Some((1.0, 1.0, 1.0)));
        assert_eq!(parse_reply(b"\x1b]11;rgb:f/f/f\x07"), Some((1.0, 1.0, 1.0)));
        let (r, _, _) = parse_reply(b"\x1b]11;rgba:8080/0000/0000/ffff\x1b\\").expect("rgba");
        assert!((r - 0.502).abs() < 0.01);
        // With the DA1 answer after it, and junk before it.
        let both = b"x\x1b]11;rgb:fdf6/e3e3/d0d0\x1b\\\x1b[?1;2c";
        assert_eq!(parse_reply(both).map(is_light), Some(true));
    }

    #[test]
    fn no_reply_or_a_broken_one_is_nothing() {
        assert_eq!(parse_reply(b""), None);
        assert_eq!(parse_reply(b"\x1b[?1;2c"), None);
        assert_eq!(parse_reply(b"\x1b]11;rgb:zz/00/00\x07"), None);
        assert_eq!(parse_reply(b"\x1b]11;rgb:00000/0/0\x07"), None);
        assert_eq!(parse_reply(b"\x1b]11;rgb:00/00\x07"), None);
        assert_eq!(parse_reply(b"\x1b]11;#ffffff\x07"), None);
    }

    #[test]
    fn dark_and_light_backgrounds() {
        assert!(!is_light((0.0, 0.0, 0.0)));
        assert!(!is_light((0.16, 0.17, 0.2)));
        assert!(is_light((0.99, 0.96, 0.89)));
        assert!(is_light((1.0, 1.0, 1.0)));
    }

    #[test]
    fn a_late_answer_read_as_keys_is_dropped_and_keys_after_it_are_not() {
        let t0 = Instant::now();
        let mut late = LateReply::new(t0);
        let key = |code, modifiers| KeyEvent::new(code, modifiers);
        let plain = |c| key(KeyCode::Char(c), KeyModifiers::NONE);
        assert!(!late.drops(&plain('j'), t0));
        assert!(late.drops(&key(KeyCode::Char(']'), KeyModifiers::ALT), t0));
        for c in "11;rgb:ffff/ffff/ffff".chars() {
            assert!(late.drops(&plain(c), t0), "{c}");
        }
        assert!(late.drops(&key(KeyCode::Char('\\'), KeyModifiers::ALT), t0));
        assert_eq!(late.take_light(), Some(true), "the late answer still sets the theme");
        assert_eq!(late.take_light(), None, "once");
        assert!(!late.drops(&plain('g'), t0));
        // Once dropped, or once the time is past, Alt-] is a key again.
        assert!(!late.drops(&key(KeyCode::Char(']'), KeyModifiers::ALT), t0));
        let mut late = LateReply::new(t0);
        let after = t0 + Duration::from_secs(11);
        assert!(!late.drops(&key(KeyCode::Char(']'), KeyModifiers::ALT), after));
    }
}
