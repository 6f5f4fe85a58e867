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
    loop {
        // A run of ASCII in a tight loop: no decoding, no branch but the loop's.
        while let Some(&b) = bytes.get(i)
            && b < 128
        {
            let class = CLASS[usize::from(b)];
            let space = class & SPACE;
            count += usize::from(word & space);
            word = (word | (class >> 1)) & (space ^ 1);
            i += 1;
        }
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else { break };
        i += c.len_utf8();
        let space = u8::from(c.is_whitespace());
        count += usize::from(word & space);
        word = (word | u8::from(c.is_alphanumeric())) & (space ^ 1);
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

    proptest::proptest! {
        /// The fast count is the plain definition: tokens between white space with a
        /// letter or digit in them.
        #[test]
        fn the_count_is_tokens_with_a_letter_or_digit(text in "[a-z0-9 .,\t\n\u{b}\u{a0}\u{2003}’—é漢-]{0,80}") {
            let plain = text.split(char::is_whitespace).filter(|t| t.chars().any(char::is_alphanumeric)).count();
            proptest::prop_assert_eq!(count(&text), plain);
        }
    }

    #[test]
    fn minutes_round_up() {
        assert_eq!(minutes(0), 0);
        assert_eq!(minutes(1), 1);
        assert_eq!(minutes(WORDS_PER_MINUTE), 1);
        assert_eq!(minutes(WORDS_PER_MINUTE + 1), 2);
    }
}
