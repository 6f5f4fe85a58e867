//! The essays compiled into the binary from the repository's `essays/` folder.

/// The bundled essays as (file name, text), sorted by file name.
pub fn bundled() -> &'static [(&'static str, &'static str)] {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"))
}
