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

/// `text` cut into stretches of about a MiB, each ending just after a space or a line end,
/// so no word runs across a cut: what is counted or hashed word by word a stretch at a time
/// comes out as it does whole (and a long text kept in pages can give each stretch back).
pub fn stretches(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    const STRETCH: usize = 1 << 20;
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        if from >= bytes.len() {
            return None;
        }
        let to = bytes
            .get(from + STRETCH..)
            .and_then(|rest| memchr::memchr2(b' ', b'\n', rest))
            .map_or(bytes.len(), |i| from + STRETCH + i + 1);
        let stretch = from..to;
        from = to;
        Some(stretch)
    })
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
    fn stretches_cover_the_text_once_and_count_as_the_whole() {
        let text = "It’s a long essay — on trust.\n\nAnd\u{a0}on pages. ".repeat(100_000);
        let cuts: Vec<_> = stretches(&text).collect();
        assert!(cuts.len() >= 4, "{cuts:?}");
        assert!(cuts.windows(2).all(|w| w[0].end == w[1].start), "{cuts:?}");
        assert_eq!((cuts[0].start, cuts.last().unwrap().end), (0, text.len()));
        assert_eq!(cuts.iter().map(|r| count(&text[r.clone()])).sum::<usize>(), count(&text));
        assert_eq!(stretches("").count(), 0);
    }

    #[test]
    fn minutes_round_up() {
        assert_eq!(minutes(0), 0);
        assert_eq!(minutes(1), 1);
        assert_eq!(minutes(WORDS_PER_MINUTE), 1);
        assert_eq!(minutes(WORDS_PER_MINUTE + 1), 2);
    }
}
