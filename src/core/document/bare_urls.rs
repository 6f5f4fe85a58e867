//! Addresses written out in the text (`https://…`, `www.…`), which GitHub-flavoured
//! Markdown makes links although no markup says so: where each one starts and ends.

/// The byte ranges of the bare web addresses in `text`, in order.
///
/// An address starts with `http://`, `https://` or `www.` at the start of a word and runs
/// to the next space or `<`; the punctuation of the sentence around it (a final `.`, `,`,
/// `:`, `;`, `!`, `?`, quotes, `*`, `_`, `~`) and a `)` with no `(` to match are not part
/// of it, as GitHub reads them.
pub(super) fn find(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    if !may_hold_address(text.as_bytes()) {
        return found;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let at_word_start =
            i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'(' | b'*' | b'_' | b'~');
        let prefix = ["https://", "http://", "www."].into_iter().find(|p| text[i..].starts_with(p));
        match prefix {
            Some(prefix) if at_word_start => {
                let end = address_end(text, i);
                // Something must follow the prefix, or it is just the word.
                if end > i + prefix.len() {
                    found.push((i, end));
                    i = end;
                    continue;
                }
                i += prefix.len();
            }
            _ => i += 1,
        }
        while i < bytes.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    found
}

/// Whether `text` holds `://` or `www.` anywhere: one quick pass over the rare bytes `/`
/// and `.` instead of two substring searches, since this runs over all of an essay's text.
fn may_hold_address(bytes: &[u8]) -> bool {
    memchr::memchr2_iter(b'/', b'.', bytes).any(|i| match bytes[i] {
        b'/' => i > 0 && bytes[i - 1] == b':' && bytes.get(i + 1) == Some(&b'/'),
        _ => i >= 3 && &bytes[i - 3..i] == b"www",
    })
}

/// Where the address starting at `start` ends.
fn address_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let mut end = start + rest.find(|c: char| c.is_whitespace() || c == '<').unwrap_or(rest.len());
    loop {
        let Some(last) = text[start..end].chars().next_back() else { return end };
        let trailing =
            matches!(last, '.' | ',' | ':' | ';' | '!' | '?' | '"' | '\'' | '*' | '_' | '~' | '’' | '”');
        let unbalanced = last == ')' && {
            let url = &text[start..end];
            url.matches('(').count() < url.matches(')').count()
        };
        if trailing || unbalanced {
            end -= last.len_utf8();
        } else {
            return end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The quick check never misses an address the substring searches would find.
        #[test]
        fn the_quick_check_agrees_with_substring_search(text in "[w.:/a ]{0,40}") {
            let slow = text.contains("://") || text.contains("www.");
            proptest::prop_assert_eq!(may_hold_address(text.as_bytes()), slow);
        }
    }

    fn urls(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn addresses_end_before_the_sentence_goes_on() {
        assert_eq!(urls("See https://example.org/a."), ["https://example.org/a"]);
        assert_eq!(
            urls("(see https://example.org/a_b_(c)/d?e=1), then"),
            ["https://example.org/a_b_(c)/d?e=1"]
        );
        assert_eq!(urls("at www.example.net, or http://x.org/”"), ["www.example.net", "http://x.org/"]);
        assert_eq!(urls("a<https://x.org>b"), Vec::<&str>::new());
    }

    #[test]
    fn only_at_the_start_of_a_word_and_with_something_after() {
        assert_eq!(urls("nothttps://x.org and https:// alone and www. too"), Vec::<&str>::new());
        assert_eq!(urls("plain text with no address"), Vec::<&str>::new());
        assert_eq!(urls("ünïcödé https://x.org/ä ok"), ["https://x.org/ä"]);
    }
}
