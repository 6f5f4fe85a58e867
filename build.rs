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
    order_the_text();
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

/// Places the functions a typical session runs (`link/text-order.txt`, written by
/// `link/text-order.sh`) together at the start of the release binary's text section. The kernel
/// maps a program's code in windows around each page it runs (64–128 KiB); scattered over the
/// whole text, the code a session runs made nearly all of its 4.2 MiB resident: 4.0 MiB with
/// the bundled leaking essay open, 1.7 MiB in this order (VmHWM 8.0 → 5.7 MiB; `gen1`'s 1 MiB
/// essay, 10.9 → 8.7 MiB), and `essayreader --version` takes 0.75 ms of processor time, not 0.81.
///
/// Only for a release build linked by a linker that takes the order: rust-lld, the default on
/// x86_64 Linux since Rust 1.90, and lld; a short test link with the same compiler, flags and
/// linker decides. Listed names the binary does not have are ignored (the names' hashes change
/// with the compiler and the dependencies): a stale list costs memory, never the build.
/// `ESSAYREADER_TEXT_ORDER=0` at build time leaves the order to the linker.
fn order_the_text() {
    println!("cargo:rerun-if-changed=link/text-order.txt");
    println!("cargo:rerun-if-env-changed=ESSAYREADER_TEXT_ORDER");
    let var = |key: &str| std::env::var(key).unwrap_or_default();
    if var("PROFILE") != "release" || var("ESSAYREADER_TEXT_ORDER") == "0" {
        return;
    }
    let Some(manifest) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
        return;
    };
    let list = manifest.join("link").join("text-order.txt");
    // The path goes to the linker inside a `-Wl,` argument, which commas would split.
    let Some(list) = list.to_str().filter(|p| !p.contains(',') && list.is_file()) else {
        return;
    };
    let args = ["-Wl,--no-warn-symbol-ordering".to_string(), format!("-Wl,--symbol-ordering-file={list}")];
    if linker_takes(&args) {
        for arg in args {
            println!("cargo:rustc-link-arg-bins={arg}");
        }
    }
}

/// Whether a test program links with these linker arguments, compiled by the same compiler for
/// the same target, with the same flags and linker as the binary.
fn linker_takes(args: &[String]) -> bool {
    let var = |key: &str| std::env::var_os(key);
    let (Some(rustc), Some(target), Some(out_dir)) = (var("RUSTC"), var("TARGET"), var("OUT_DIR")) else {
        return false;
    };
    let dir = PathBuf::from(out_dir).join("link-probe");
    let source = dir.join("probe.rs");
    if std::fs::create_dir_all(&dir).is_err() || std::fs::write(&source, "fn main() {}\n").is_err() {
        return false;
    }
    let mut command = std::process::Command::new(rustc);
    command.arg("--target").arg(target).arg("--out-dir").arg(&dir).arg(&source);
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    command.args(flags.split('\x1f').filter(|f| !f.is_empty()));
    if let Some(linker) = var("RUSTC_LINKER") {
        command.arg("-C").arg(format!("linker={}", linker.to_string_lossy()));
    }
    for arg in args {
        command.arg("-C").arg(format!("link-arg={arg}"));
    }
    let linked = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let _ = std::fs::remove_dir_all(&dir);
    linked
}
