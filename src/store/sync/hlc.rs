//! Hybrid logical clock: timestamps that order every change across machines even when their
//! clocks disagree.
//!
//! A stamp is (milliseconds, counter, machine id). A machine never stamps a change lower than
//! anything it has read, so once it has seen another machine's files its own next change is
//! newer than all of them, whatever its wall clock says: a laptop 10 minutes slow that reads
//! after a desktop still wins "latest read". The machine id breaks ties, so two stamps are
//! never equal unless they are the same change.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// One change's place in the order of all changes on all machines.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) struct Hlc {
    /// Wall-clock milliseconds since 1970 (or more, if another machine was ahead).
    pub ms: u64,
    /// Orders changes within one millisecond.
    pub count: u32,
    /// The machine that made the change (shared: thousands of stamps name the same few).
    pub machine: Arc<str>,
}

impl Ord for Hlc {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.ms, self.count, &self.machine).cmp(&(other.ms, other.count, &other.machine))
    }
}

impl PartialOrd for Hlc {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hlc {
    /// A stamp for a change made at `time` on `machine` (for migrated state: its own date).
    pub fn at(time: SystemTime, machine: &str) -> Hlc {
        Hlc { ms: millis(time), count: 0, machine: machine.into() }
    }
}

/// `0001764245837123.00000.<machine>`: fixed-width numbers, so the text sorts as the stamp.
impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016}.{:05}.{}", self.ms, self.count, self.machine)
    }
}

impl Serialize for Hlc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl Visitor<'_> for Text {
            type Value = Hlc;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a clock stamp")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Hlc, E> {
                let mut parts = v.splitn(3, '.');
                let ms = parts.next().and_then(|p| p.parse().ok());
                let count = parts.next().and_then(|p| p.parse().ok());
                match (ms, count, parts.next()) {
                    (Some(ms), Some(count), Some(machine)) => {
                        Ok(Hlc { ms, count, machine: intern(&LAST_MACHINE, machine) })
                    }
                    _ => Err(E::custom(format!("not a clock stamp: {v}"))),
                }
            }
        }
        d.deserialize_str(Text)
    }
}

thread_local! {
    static LAST_MACHINE: RefCell<Option<Arc<str>>> = const { RefCell::new(None) };
    static LAST_DEVICE: RefCell<Option<Arc<str>>> = const { RefCell::new(None) };
}

/// `text` as a shared string, the same allocation as the last one read if it is equal: a
/// file's lines name one machine and one device over and over.
fn intern(last: &'static std::thread::LocalKey<RefCell<Option<Arc<str>>>>, text: &str) -> Arc<str> {
    last.with_borrow_mut(|last| match last {
        Some(kept) if &**kept == text => kept.clone(),
        _ => {
            let fresh: Arc<str> = text.into();
            *last = Some(fresh.clone());
            fresh
        }
    })
}

/// Reads a device name (a line's `dev`) as a shared string.
pub(crate) fn device<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
    struct Text;
    impl Visitor<'_> for Text {
        type Value = Arc<str>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a device name")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Arc<str>, E> {
            Ok(intern(&LAST_DEVICE, v))
        }
    }
    d.deserialize_str(Text)
}

/// Writes a device name.
pub(crate) fn write_device<S: Serializer>(dev: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(dev)
}

/// This machine's clock: the newest stamp seen or made, never going back.
#[derive(Debug, Clone)]
pub(crate) struct Clock {
    machine: Arc<str>,
    last: Hlc,
    /// Milliseconds this clock runs off the wall clock (tests play a machine set wrong).
    pub offset_ms: i64,
}

impl Clock {
    /// A clock for `machine` that has seen nothing yet.
    pub fn new(machine: &str) -> Clock {
        Clock { machine: machine.into(), last: Hlc::default(), offset_ms: 0 }
    }

    /// A fresh clock for another machine id, running as far off as this one.
    pub fn renamed(&self, machine: &str) -> Clock {
        Clock { offset_ms: self.offset_ms, ..Clock::new(machine) }
    }

    /// Takes note of a stamp read from any machine's files.
    pub fn observe(&mut self, seen: &Hlc) {
        if (seen.ms, seen.count) > (self.last.ms, self.last.count) {
            self.last = Hlc { ms: seen.ms, count: seen.count, machine: self.machine.clone() };
        }
    }

    /// A stamp for a change made now: later than the wall clock's now and than every stamp
    /// observed.
    pub fn tick(&mut self) -> Hlc {
        let now = millis(super::super::time::now()).saturating_add_signed(self.offset_ms);
        self.last = if now > self.last.ms {
            Hlc { ms: now, count: 0, machine: self.machine.clone() }
        } else {
            Hlc { ms: self.last.ms, count: self.last.count.saturating_add(1), machine: self.machine.clone() }
        };
        self.last.clone()
    }
}

fn millis(time: SystemTime) -> u64 {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slow_machine_that_has_read_a_newer_stamp_stamps_after_it() {
        let mut slow = Clock::new("b");
        let ahead = Hlc { ms: millis(SystemTime::now()) + 600_000, count: 3, machine: "a".into() };
        slow.observe(&ahead);
        let mine = slow.tick();
        assert!(mine > ahead, "{mine} after {ahead}");
        assert!(slow.tick() > mine);
    }

    #[test]
    fn stamps_round_trip_and_sort_as_text() {
        let a = Hlc { ms: 99, count: 2, machine: "m.x".into() };
        let b = Hlc { ms: 100, count: 0, machine: "a".into() };
        let json = serde_json::to_string(&a).expect("json");
        assert_eq!(serde_json::from_str::<Hlc>(&json).expect("back"), a);
        assert!(a < b && a.to_string() < b.to_string());
        assert!(serde_json::from_str::<Hlc>("\"yesterday\"").is_err());
    }
}
