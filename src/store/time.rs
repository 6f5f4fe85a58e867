//! Timestamps: RFC 3339 in UTC, as stored in the files.

use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

/// Test-only: seconds (may be negative) added to this machine's wall clock, so a test can
/// play a machine whose clock is wrong. Not for users: it changes every date saved.
pub const CLOCK_OFFSET_VAR: &str = "ESSAYREADER_TEST_CLOCK_OFFSET";

/// The wall clock, as this process sees it (see [`CLOCK_OFFSET_VAR`]).
pub fn now() -> SystemTime {
    static OFFSET: OnceLock<i64> = OnceLock::new();
    let offset = *OFFSET.get_or_init(|| {
        std::env::var(CLOCK_OFFSET_VAR).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(0)
    });
    let now = SystemTime::now();
    let shift = Duration::from_secs(offset.unsigned_abs());
    let shifted = if offset < 0 { now.checked_sub(shift) } else { now.checked_add(shift) };
    shifted.unwrap_or(now)
}

/// Now, to the second: `2026-05-01T12:00:00Z` (for `created`, which people read).
pub fn now_seconds() -> String {
    humantime::format_rfc3339_seconds(now()).to_string()
}

/// Now, to the millisecond: `2026-05-01T12:00:00.123Z` (for `updated`, which decides merges).
pub fn now_millis() -> String {
    humantime::format_rfc3339_millis(now()).to_string()
}

/// Now as a file-name-safe stamp: `20260501T120000Z`.
pub fn now_compact() -> String {
    compact(&now_seconds())
}

/// Now to the millisecond, file-name and id safe: `20260501T120000.123Z`.
pub fn now_compact_millis() -> String {
    compact(&now_millis())
}

fn compact(stamp: &str) -> String {
    stamp.chars().filter(|c| !matches!(c, '-' | ':')).collect()
}

/// Parses a stored timestamp; anything unreadable counts as the oldest possible time, so a
/// hand-edited or garbled entry never beats a real one.
pub fn parse(stamp: &str) -> SystemTime {
    humantime::parse_rfc3339_weak(stamp).unwrap_or(SystemTime::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `stamp` has exactly the shape of `pattern`, where `9` stands for any digit.
    fn shaped(stamp: &str, pattern: &str) -> bool {
        stamp.len() == pattern.len()
            && stamp
                .chars()
                .zip(pattern.chars())
                .all(|(c, p)| if p == '9' { c.is_ascii_digit() } else { c == p })
    }

    #[test]
    fn stamps_are_utc_rfc3339_and_say_now() {
        let before = SystemTime::now() - std::time::Duration::from_secs(1);
        let (s, m, c) = (now_seconds(), now_millis(), now_compact());
        let after = SystemTime::now() + std::time::Duration::from_secs(1);
        assert!(shaped(&s, "9999-99-99T99:99:99Z"), "{s}");
        assert!(shaped(&m, "9999-99-99T99:99:99.999Z"), "{m}");
        assert!(shaped(&c, "99999999T999999Z"), "{c}");
        assert!(shaped(&now_compact_millis(), "99999999T999999.999Z"));
        for stamp in [&s, &m] {
            let t = parse(stamp);
            assert!(before <= t && t <= after, "{stamp} is not now");
        }
        assert!(parse(&m) >= parse(&s));
        // The compact stamp is the same instant with the separators dropped.
        assert!(c == compact(&s) || c > compact(&s), "{c} vs {s}");
        assert_eq!(compact("2026-05-01T12:00:00Z"), "20260501T120000Z");
    }

    #[test]
    fn garbage_is_oldest() {
        assert_eq!(parse("yesterday-ish"), SystemTime::UNIX_EPOCH);
        assert!(parse("2026-05-01T12:00:00.5Z") > parse("2026-05-01T12:00:00Z"));
    }
}
