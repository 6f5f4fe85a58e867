//! Control characters made visible and harmless.
//!
//! Nothing an essay contains may reach the terminal as a control sequence: C0 controls
//! (newline and tab excepted, the engine handles those), ESC, DEL, the C1 range, and the
//! bidirectional overrides and isolates that can make text read differently from how it
//! is stored. Each becomes a visible stand-in.

use std::borrow::Cow;

/// Whether `c` must not be written to a terminal as it is.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Appends the visible stand-in for an unsafe character to `out`.
fn push_visible(c: char, out: &mut String) {
    match c {
        // C0 controls have their own "control pictures" block: ␀ ␁ … ␛ … ␟.
        '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
        '\u{7f}' => out.push('\u{2421}'), // ␡
        _ => {
            use std::fmt::Write;
            let _ = write!(out, "<U+{:04X}>", c as u32);
        }
    }
}

/// Returns `text` with every unsafe character replaced by a visible stand-in.
/// Newlines and tabs are kept; callers decide what they mean.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            push_visible(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like [`clean`], but also turns newlines and tabs into spaces: for one-line fields
/// such as titles and authors.
pub fn clean_line(text: &str) -> String {
    let flat: String = text.chars().map(|c| if matches!(c, '\n' | '\t' | '\r') { ' ' } else { c }).collect();
    clean(&flat).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_becomes_a_control_picture() {
        assert_eq!(clean("a\u{1b}[31mred"), "a\u{241b}[31mred");
    }

    #[test]
    fn c1_and_bidi_become_visible_codes() {
        assert_eq!(clean("x\u{9b}y"), "x<U+009B>y");
        assert_eq!(clean("\u{202e}abc"), "<U+202E>abc");
        assert_eq!(clean("\u{2066}"), "<U+2066>");
    }

    #[test]
    fn del_and_bell_are_visible() {
        assert_eq!(clean("\u{7f}\u{7}"), "\u{2421}\u{2407}");
    }

    #[test]
    fn ordinary_text_is_borrowed_untouched() {
        let s = "Leaking — “quotes” and\ttabs\nlines é 漢字";
        assert!(matches!(clean(s), Cow::Borrowed(_)));
    }

    #[test]
    fn clean_line_flattens_whitespace() {
        assert_eq!(clean_line("  a\nb\tc\r "), "a b c");
    }

    #[test]
    fn no_output_character_is_unsafe() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        assert!(!clean(&all).chars().any(|c| is_unsafe(c) || c == '\r'));
    }
}
