//! Which machine this is: a random id made once and kept in the config folder (never in the
//! sync folder, which every machine shares), and the name people know it by.

use std::hash::BuildHasher;
use std::io;
use std::path::Path;

use crate::store::atomic::write_atomic;
use crate::store::read::{Links, read_text};

/// The machine id's file in the config folder.
pub const MACHINE_FILE: &str = "machine-id";

/// This machine's id if the config folder has one.
pub(crate) fn read_id(config_dir: &Path) -> Option<String> {
    let text = read_text(&config_dir.join(MACHINE_FILE), Links::Refuse).ok()?;
    Some(text.trim().to_owned()).filter(|id| valid(id))
}

/// Keeps `id` as this machine's id unless the config folder has one already (another copy
/// made it first): returns the id that is kept. Called under the folder lock.
pub(crate) fn save_id(config_dir: &Path, id: &str) -> io::Result<String> {
    if let Some(kept) = read_id(config_dir) {
        return Ok(kept);
    }
    std::fs::create_dir_all(config_dir)?;
    write_atomic(&config_dir.join(MACHINE_FILE), format!("{id}\n").as_bytes())?;
    Ok(id.to_owned())
}

/// This machine's id, made and kept now if there is none (a fresh, unkept one if the config
/// folder cannot be written).
pub(crate) fn machine_id(config_dir: &Path) -> String {
    read_id(config_dir).unwrap_or_else(|| {
        let id = fresh_id();
        save_id(config_dir, &id).unwrap_or(id)
    })
}

/// 16 hex digits; nothing else is accepted, since the id names a folder.
fn valid(id: &str) -> bool {
    id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// 64 random bits: std's hasher keys are seeded from the system's randomness.
pub(crate) fn fresh_id() -> String {
    let seed = (super::super::time::now_millis(), std::process::id());
    format!("{:016x}", std::collections::hash_map::RandomState::new().hash_one(seed))
}

/// The name changes from this machine are shown with: `device` from config.toml, else the
/// host name, else "this machine".
pub(crate) fn device_name(configured: Option<&str>) -> String {
    let clean =
        |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty() && !s.chars().any(char::is_control));
    configured
        .and_then(clean)
        .or_else(|| host_name().as_deref().and_then(clean))
        .or_else(|| std::env::var("HOSTNAME").ok().as_deref().and_then(clean))
        .unwrap_or_else(|| "this machine".to_owned())
}

#[cfg(unix)]
fn host_name() -> Option<String> {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname writes at most that much.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return std::fs::read_to_string("/etc/hostname").ok();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8(buf[..end].to_vec()).ok()
}

#[cfg(not(unix))]
fn host_name() -> Option<String> {
    std::env::var("COMPUTERNAME").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_made_once_and_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = machine_id(dir.path());
        assert!(valid(&first), "{first}");
        assert_eq!(machine_id(dir.path()), first);
        assert_eq!(save_id(dir.path(), &fresh_id()).expect("kept"), first, "the first id stays");
        let other = tempfile::tempdir().expect("tempdir");
        assert_ne!(machine_id(other.path()), first);
    }

    #[test]
    fn the_configured_name_wins_and_something_is_always_named() {
        assert_eq!(device_name(Some(" laptop ")), "laptop");
        assert!(!device_name(Some("")).is_empty());
        assert!(!device_name(None).is_empty());
    }
}
