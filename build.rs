//! Compiles every `essays/*.md` file into the binary, so an installed essayreader has the
//! bundled essays wherever it runs. Adding an essay needs no code change: drop the file
//! into `essays/` and rebuild.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // A folder's mtime changes when files are added or removed; `include_str!` already
    // makes cargo track each file's contents.
    println!("cargo:rerun-if-changed=essays");
    link_at_a_fixed_address();
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let out_dir = std::env::var_os("OUT_DIR").map(PathBuf::from);
    let (Some(manifest), Some(out_dir)) = (manifest, out_dir) else {
        panic!("cargo did not set CARGO_MANIFEST_DIR and OUT_DIR");
    };
    let essays = essay_files(&manifest.join("essays"));
    let mut code = String::from("&[\n");
    for (name, path) in &essays {
        // `{:?}` writes a valid Rust string literal, escapes included.
        let _ = writeln!(code, "    ({name:?}, include_str!({:?})),", path.to_string_lossy());
    }
    code.push_str("]\n");
    if let Err(e) = std::fs::write(out_dir.join("bundled.rs"), code) {
        panic!("cannot write bundled.rs: {e}");
    }
}

/// `*.md` files directly in `dir`, sorted by name; nothing if the folder is missing.
fn essay_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(String, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| Some((e.file_name().into_string().ok()?, e.path())))
        .filter(|(name, _)| !name.starts_with('.') && name.to_lowercase().ends_with(".md"))
        .collect();
    files.sort();
    files
}

/// Links the reader on Linux (glibc) as a position-dependent executable. A position-
/// independent one has some 23,500 addresses in its tables fixed by the loader at every
/// start, which writes to 115 of its pages: a start (`essayreader --version`) took 1.49 ms
/// against 1.11 ms linked at a fixed address, about what `less --version` takes. The shared
/// libraries are still placed at random; the reader's own code (safe Rust, but for a few
/// calls into libc) no longer is. `ESSAYREADER_PIE=1` at build time links it as usual.
fn link_at_a_fixed_address() {
    println!("cargo:rerun-if-env-changed=ESSAYREADER_PIE");
    let target = |key: &str| std::env::var(key).unwrap_or_default();
    if target("CARGO_CFG_TARGET_OS") == "linux"
        && target("CARGO_CFG_TARGET_ENV") == "gnu"
        && std::env::var_os("ESSAYREADER_PIE").is_none()
    {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
