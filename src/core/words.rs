//! Words and reading time: the one word count and the one reading speed, used by the
//! library's lengths and the reader's "min left" alike, so the two always agree.

/// Reading speed for every reading-time estimate, in words per minute.
pub const WORDS_PER_MINUTE: usize = 238;

/// Words: whitespace-separated tokens with at least one letter or digit, so list
/// markers, rules and lone punctuation do not count.
pub fn count(text: &str) -> usize {
    // This runs over every byte of every essay when a library opens. ASCII (most of any
    // essay) goes through a table and branch-free arithmetic; other characters are decoded.
    const SPACE: u8 = 1;
    const ALNUM: u8 = 2;
    const CLASS: [u8; 128] = {
        let mut table = [0u8; 128];
        let mut b = 0;
        while b < 128 {
            let c = b as u8;
            if c.is_ascii_whitespace() || c == 0x0b {
                table[b] = SPACE;
            } else if c.is_ascii_alphanumeric() {
                table[b] = ALNUM;
            }
            b += 1;
        }
        table
    };
    let bytes = text.as_bytes();
    let mut count = 0usize;
    let mut word = 0u8; // 1 while inside a token that has a letter or digit
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (space, alnum) = if b < 128 {
            let class = CLASS[usize::from(b)];
            i += 1;
            (class & SPACE, (class & ALNUM) >> 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            (u8::from(c.is_whitespace()), u8::from(c.is_alphanumeric()))
        };
        count += usize::from(word & space);
        word = (word | alnum) & (space ^ 1);
    }
    count + usize::from(word)
}

/// Reading time of `words` words in minutes, rounded up (0 only for no words).
pub fn minutes(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_need_a_letter_or_digit() {
        assert_eq!(count(""), 0);
        assert_eq!(count("one"), 1);
        assert_eq!(count(" -- a.b\u{a0}c\n\n—\t9 "), 3);
        assert_eq!(count("漢字 ... ¿qué?"), 2);
    }

    #[test]
    fn minutes_round_up() {
        assert_eq!(minutes(0), 0);
        assert_eq!(minutes(1), 1);
        assert_eq!(minutes(WORDS_PER_MINUTE), 1);
        assert_eq!(minutes(WORDS_PER_MINUTE + 1), 2);
    }
}
