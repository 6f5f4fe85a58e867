//! Timestamps: RFC 3339 in UTC, as stored in the files.

use std::time::SystemTime;

/// Now, to the second: `2026-05-01T12:00:00Z` (for `created`, which people read).
pub fn now_seconds() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// Now, to the millisecond: `2026-05-01T12:00:00.123Z` (for `updated`, which decides merges).
pub fn now_millis() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
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

    #[test]
    fn stamps_are_utc_rfc3339() {
        let s = now_seconds();
        assert_eq!(s.len(), "2026-05-01T12:00:00Z".len());
        assert!(s.ends_with('Z'));
        let m = now_millis();
        assert_eq!(m.len(), "2026-05-01T12:00:00.123Z".len());
        assert!(parse(&m) >= parse(&s));
        assert_eq!(now_compact().len(), "20260501T120000Z".len());
    }

    #[test]
    fn garbage_is_oldest() {
        assert_eq!(parse("yesterday-ish"), SystemTime::UNIX_EPOCH);
        assert!(parse("2026-05-01T12:00:00.5Z") > parse("2026-05-01T12:00:00Z"));
    }
}
