//! Asking the terminal for its background colour (OSC 11), for `theme = "auto"`. The query is
//! followed by a device-attributes query (DA1) that every terminal answers, so a terminal
//! that does not know OSC 11 costs one round trip, not the whole timeout. Both answers are
//! read here, from the terminal itself, before the event loop starts reading keys: a reply
//! must never arrive as key presses (`g`, `b` and digits would move the text).

use std::fs::OpenOptions;
use std::io::Write;
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// OSC 11 "what is your background?", then DA1.
const QUERY: &[u8] = b"\x1b]11;?\x1b\\\x1b[c";

/// What the terminal said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    /// Whether its background is light; `None` if it did not say.
    pub light: Option<bool>,
    /// Whether its answers may still come, after the wait: they must not be read as keys
    /// (see [`LateReply`]).
    pub late: bool,
}

/// Asks whether the terminal's background is light, waiting at most `timeout`. The terminal
/// must already be in raw mode (replies are not line-buffered or echoed).
pub fn ask(timeout: Duration) -> Answer {
    match light_background(timeout) {
        Some((light, done)) => Answer { light, late: !done },
        None => Answer { light: None, late: false },
    }
}

/// The answer, and whether the terminal finished answering; `None` if nothing was asked.
fn light_background(timeout: Duration) -> Option<(Option<bool>, bool)> {
    let mut tty = OpenOptions::new().read(true).write(true).open("/dev/tty").ok()?;
    tty.write_all(QUERY).ok()?;
    tty.flush().ok()?;
    let fd = tty.as_raw_fd();
    let deadline = Instant::now() + timeout;
    let mut reply = Vec::new();
    let mut chunk = [0u8; 256];
    while !answered(&reply) && reply.len() < 4096 {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        let mut pfd = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
        let ms = libc::c_int::try_from(left.as_millis().max(1)).unwrap_or(libc::c_int::MAX);
        // SAFETY: one valid pollfd, a count of 1, a bounded wait.
        let ready = unsafe { libc::poll(&mut pfd, 1, ms) };
        if ready <= 0 || pfd.revents & libc::POLLIN == 0 {
            break;
        }
        // SAFETY: `chunk` is valid for writes of its length; `fd` is open for the call.
        let n = unsafe { libc::read(fd, chunk.as_mut_ptr().cast(), chunk.len()) };
        let Ok(n @ 1..) = usize::try_from(n) else { break };
        reply.extend_from_slice(&chunk[..n]);
    }
    Some((parse_reply(&reply).map(is_light), answered(&reply)))
}

/// Drops a background answer that came after the wait, so it is not read as keys: crossterm
/// reads `ESC ] 11 ; rgb:…` as Alt-`]` then characters (`g`, `b`, `f`, `/` would act), up to
/// `ESC \` (Alt-`\`) or BEL (Ctrl-g). Armed for a few seconds after the question.
#[derive(Debug, Clone, Copy)]
pub struct LateReply {
    until: Instant,
    /// Keys dropped so far of an answer being dropped.
    dropping: Option<usize>,
}

impl LateReply {
    /// How long after the question an answer is still expected.
    const ARMED: Duration = Duration::from_secs(10);
    /// The most keys an answer makes (`rgb:RRRR/GGGG/BBBB` and its start and end).
    const MOST: usize = 40;

    /// Armed from `now`.
    pub fn new(now: Instant) -> LateReply {
        LateReply { until: now + Self::ARMED, dropping: None }
    }

    /// Whether `key` (pressed at `now`) is part of a late answer, to be dropped.
    pub fn drops(&mut self, key: &KeyEvent, now: Instant) -> bool {
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match self.dropping {
            Some(n) => {
                let ctrl_g = key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('g');
                let end = (alt && key.code == KeyCode::Char('\\')) || ctrl_g || n >= Self::MOST;
                // One answer was asked for: once it is dropped, keys are keys again.
                self.dropping = if end { None } else { Some(n + 1) };
                if end {
                    self.until = now;
                }
                true
            }
            None if now < self.until && alt && key.code == KeyCode::Char(']') => {
                self.dropping = Some(0);
                true
            }
            None => false,
        }
    }
}

/// Whether the DA1 answer (`ESC [ ? … c`), which comes after any OSC 11 answer, is in.
fn answered(reply: &[u8]) -> bool {
    reply.windows(3).enumerate().any(|(i, w)| {
        w == b"\x1b[?" && reply[i + 3..].iter().find(|b| !(b.is_ascii_digit() || **b == b';')) == Some(&b'c')
    })
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
        assert!(answered(both));
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
        assert!(!late.drops(&plain('g'), t0));
        // Once dropped, or once the time is past, Alt-] is a key again.
        assert!(!late.drops(&key(KeyCode::Char(']'), KeyModifiers::ALT), t0));
        let mut late = LateReply::new(t0);
        let after = t0 + Duration::from_secs(11);
        assert!(!late.drops(&key(KeyCode::Char(']'), KeyModifiers::ALT), after));
    }

    #[test]
    fn only_a_device_attributes_answer_ends_the_wait() {
        assert!(answered(b"\x1b[?64;1;2c"));
        assert!(!answered(b"\x1b]11;rgb:0/0/0\x07"));
        assert!(!answered(b"\x1b[?64;1"));
    }
}
