//! Copying to the clipboard: OSC 52 to the terminal (which reaches the local clipboard
//! over ssh and inside tmux), and, where one is installed, the platform's own tool. Says
//! where the text went, for the status line.

use std::io::{self, Write};
use std::process::{Command, Stdio};

/// Puts `text` on the clipboard every way there is; returns what to tell the user.
pub fn copy(text: &str) -> String {
    let mut places = Vec::new();
    if osc52(text).is_ok() {
        places.push("the terminal (OSC 52)");
    }
    if let Some(tool) = platform_tool(text) {
        places.push(tool);
    }
    match places.is_empty() {
        true => "Could not copy: no clipboard reachable".into(),
        false => format!("Quote copied to {}", places.join(" and ")),
    }
}

/// Writes the OSC 52 sequence that sets the clipboard. Inside tmux it goes to tmux (which,
/// with `set-clipboard on`, keeps it as a paste buffer and passes it on).
fn osc52(text: &str) -> io::Result<()> {
    let encoded = base64(text.as_bytes());
    let mut out = io::stdout().lock();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

/// The first clipboard tool that fits this session and takes the text, by name.
fn platform_tool(text: &str) -> Option<&'static str> {
    let wayland = std::env::var_os("WAYLAND_DISPLAY").is_some();
    let x11 = std::env::var_os("DISPLAY").is_some();
    let tools: &[(&str, &[&str], bool)] = &[
        ("wl-copy", &[], wayland),
        ("xclip", &["-selection", "clipboard"], x11),
        ("xsel", &["--clipboard", "--input"], x11),
        ("pbcopy", &[], cfg!(target_os = "macos")),
    ];
    tools
        .iter()
        .filter(|(_, _, fits)| *fits)
        .find_map(|(name, args, _)| pipe(name, args, text).then_some(*name))
}

/// Starts `name` with the text on its input; it is not waited for (xclip and wl-copy stay
/// to serve the clipboard), but reaped by a thread so no zombie is left.
fn pipe(name: &str, args: &[&str], text: &str) -> bool {
    let child = Command::new(name)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else { return false };
    let written = child.stdin.take().is_some_and(|mut input| input.write_all(text.as_bytes()).is_ok());
    std::thread::spawn(move || child.wait());
    written
}

/// Standard base64 with padding (RFC 4648), as OSC 52 carries its text.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_rfc_vectors() {
        let vectors = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")];
        for (plain, encoded) in vectors {
            assert_eq!(super::base64(plain.as_bytes()), encoded);
        }
    }
}
