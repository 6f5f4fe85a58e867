//! Folding text for search, so what a reader types finds what the typesetter printed:
//! curly and straight quotes and apostrophes are one, every kind of space is a space (and
//! a run of them one space), hyphens and dashes are `-`, ligatures are their letters,
//! accents are dropped, and (when asked) case is ignored. The folded text keeps a map back
//! to byte offsets in the original, so a match is highlighted on the right cells.
//!
//! The in-essay search uses this; the library-wide search is meant to use the same.

/// Text folded for search, with the way back to the original's byte offsets.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    text: String,
    /// Every character whose fold is not one character of the same length, in order.
    changes: Vec<Change>,
}

/// One character of the original that folded to something of another length (or to
/// several characters, or to nothing): 16 bytes, as a book has tens of thousands. One
/// text's offsets fit in 32 bits (an essay's source is read with 32-bit offsets throughout).
#[derive(Debug, Clone, Copy)]
struct Change {
    folded: u32,
    folded_end: u32,
    original: u32,
    original_end: u32,
}

impl Change {
    /// Where the original character is, for byte `at` of the folded text at or after it.
    fn original_of(self, at: usize, end: bool) -> usize {
        let folded_end = self.folded_end as usize;
        match () {
            _ if at < folded_end && end => self.original_end as usize,
            _ if at < folded_end => self.original as usize,
            _ => self.original_end as usize + (at - folded_end),
        }
    }
}

/// What one character folds to.
enum Fold {
    One(char),
    Many(&'static str),
    Space,
    Nothing,
}

/// The fold of a non-ASCII character (before any lower-casing).
fn fold_char(c: char) -> Fold {
    match c {
        // Invisible: soft hyphens, zero-width spaces and joiners, combining accents.
        '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{300}'..='\u{36f}' => Fold::Nothing,
        c if c.is_whitespace() => Fold::Space,
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{2bc}' | '\u{ff07}' => {
            Fold::One('\'')
        }
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '«' | '»' | '\u{ff02}' => {
            Fold::One('"')
        }
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{2043}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => {
            Fold::One('-')
        }
        '…' => Fold::Many("..."),
        'ﬀ' => Fold::Many("ff"),
        'ﬁ' => Fold::Many("fi"),
        'ﬂ' => Fold::Many("fl"),
        'ﬃ' => Fold::Many("ffi"),
        'ﬄ' => Fold::Many("ffl"),
        'ﬅ' | 'ﬆ' => Fold::Many("st"),
        'æ' => Fold::Many("ae"),
        'Æ' => Fold::Many("AE"),
        'œ' => Fold::Many("oe"),
        'Œ' => Fold::Many("OE"),
        'ß' => Fold::Many("ss"),
        c => Fold::One(nucleo_matcher::chars::normalize(c)),
    }
}

impl Folded {
    /// Folds `text`; `ignore_case` also lower-cases it.
    pub fn new(text: &str, ignore_case: bool) -> Folded {
        let mut folder = Folder::new(ignore_case, text.len());
        folder.push(text);
        folder.finish()
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original offset where a match starting at folded offset `at` starts.
    pub fn original_start(&self, at: usize) -> usize {
        let i = self.changes.partition_point(|c| c.folded as usize <= at);
        match i.checked_sub(1).map(|k| self.changes[k]) {
            None => at,
            Some(c) => c.original_of(at, false),
        }
    }

    /// The original offset where a match ending at folded offset `at` ends.
    pub fn original_end(&self, at: usize) -> usize {
        let i = self.changes.partition_point(|c| (c.folded as usize) < at);
        match i.checked_sub(1).map(|k| self.changes[k]) {
            None => at,
            Some(c) => c.original_of(at, true),
        }
    }

    /// The original byte range of the folded range `start..end`.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.original_start(start);
        (s, self.original_end(end).max(s))
    }
}

/// Folds text given in pieces, as if it were one string (a search folds a book's lines
/// without joining them into a copy first).
#[derive(Debug)]
pub struct Folder {
    out: String,
    changes: Vec<Change>,
    /// Whether the last character written is a space, so a run of spaces becomes one.
    in_space: bool,
    ignore_case: bool,
    /// Where the next piece starts in the original.
    base: usize,
}

impl Folder {
    /// A folder for about `len` bytes of text; `ignore_case` also lower-cases it.
    pub fn new(ignore_case: bool, len: usize) -> Folder {
        Folder { out: String::with_capacity(len), changes: Vec::new(), in_space: false, ignore_case, base: 0 }
    }

    /// Folds the next piece of the text.
    pub fn push(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Runs of ASCII other than spaces and tabs, the bulk of prose, in one step.
            let run = bytes[i..]
                .iter()
                .position(|&b| b >= 0x80 || b == b' ' || b == b'\t')
                .unwrap_or(bytes.len() - i);
            if run > 0 {
                let at = self.out.len();
                self.out.push_str(&text[i..i + run]);
                if self.ignore_case {
                    self.out[at..].make_ascii_lowercase();
                }
                self.in_space = false;
                i += run;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            let start = self.out.len();
            let same_length = match if c == ' ' || c == '\t' { Fold::Space } else { fold_char(c) } {
                Fold::Space if self.in_space => false,
                Fold::Space => {
                    self.out.push(' ');
                    self.in_space = true;
                    c == ' '
                }
                Fold::Nothing => false,
                Fold::One(f) => {
                    self.in_space = false;
                    push_case(&mut self.out, f, self.ignore_case);
                    self.out.len() - start == len && self.out[start..].chars().nth(1).is_none()
                }
                Fold::Many(s) => {
                    self.in_space = false;
                    for f in s.chars() {
                        push_case(&mut self.out, f, self.ignore_case);
                    }
                    false
                }
            };
            if !same_length {
                let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                self.changes.push(Change {
                    folded: at(start),
                    folded_end: at(self.out.len()),
                    original: at(self.base + i),
                    original_end: at(self.base + i + len),
                });
            }
            i += len;
        }
        self.base += text.len();
    }

    /// The text folded.
    pub fn finish(mut self) -> Folded {
        // A book's folded text is held while its search is open: only what it needs.
        self.out.shrink_to_fit();
        self.changes.shrink_to_fit();
        Folded { text: self.out, changes: self.changes }
    }
}

/// Pushes `c`, lower-cased if asked.
fn push_case(out: &mut String, c: char, ignore_case: bool) {
    if ignore_case {
        out.extend(c.to_lowercase());
    } else {
        out.push(c);
    }
}

/// The folded form of `text` alone (for a query).
pub fn fold(text: &str, ignore_case: bool) -> String {
    Folded::new(text, ignore_case).text
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Text folded in pieces is the text folded whole, and maps back the same way
        /// (runs of spaces across pieces become one, offsets count from the first piece).
        #[test]
        fn folding_in_pieces_is_folding_whole(
            text in "[a-zA-Z ’“—…ﬁæ\u{a0}\u{ad}\t]{0,40}",
            cuts in proptest::collection::vec(0usize..40, 0..4),
            ignore_case: bool,
        ) {
            let mut cuts: Vec<usize> = cuts.into_iter().filter(|&c| text.is_char_boundary(c.min(text.len()))).map(|c| c.min(text.len())).collect();
            cuts.sort_unstable();
            let mut folder = Folder::new(ignore_case, text.len());
            let mut at = 0;
            for cut in cuts.into_iter().chain([text.len()]) {
                folder.push(&text[at..cut]);
                at = cut;
            }
            let (pieces, whole) = (folder.finish(), Folded::new(&text, ignore_case));
            proptest::prop_assert_eq!(pieces.as_str(), whole.as_str());
            for k in 0..=whole.as_str().len() {
                proptest::prop_assert_eq!(pieces.original_range(k, k), whole.original_range(k, k));
            }
        }
    }

    /// The original text of every match of `query` (folded alike) in `text`.
    fn find<'a>(text: &'a str, query: &str) -> Vec<&'a str> {
        let folded = Folded::new(text, true);
        let needle = fold(query, true);
        folded
            .as_str()
            .match_indices(&needle)
            .map(|(at, m)| {
                let (s, e) = folded.original_range(at, at + m.len());
                &text[s..e]
            })
            .collect()
    }

    #[test]
    fn a_change_is_sixteen_bytes_and_maps_back_past_the_first_sixty_four_kib() {
        assert_eq!(std::mem::size_of::<Change>(), 16);
        let text = format!("{}don’t", "a ".repeat(40_000));
        assert_eq!(find(&text, "don't"), ["don’t"]);
    }

    #[test]
    fn quotes_and_apostrophes_are_one() {
        assert_eq!(find("I don’t know", "don't"), ["don’t"]);
        assert_eq!(find("I don't know", "don’t"), ["don't"]);
        assert_eq!(find("“Leninism.”", "\"leninism.\""), ["“Leninism.”"]);
    }

    #[test]
    fn every_space_is_a_space_and_runs_are_one() {
        assert_eq!(find("but also\u{a0}probably", "also probably"), ["also\u{a0}probably"]);
        assert_eq!(find("ten\u{2009}000 and a\u{202f}b", "ten 000"), ["ten\u{2009}000"]);
        assert_eq!(find("end. \u{a0} Next", "end. next"), ["end. \u{a0} Next"]);
        assert_eq!(find("two  spaces", "two spaces"), ["two  spaces"]);
    }

    #[test]
    fn hyphens_and_dashes_are_one() {
        assert_eq!(find("1968–1970 and self‐made", "1968-1970"), ["1968–1970"]);
        assert_eq!(find("self‐made", "self-made"), ["self‐made"]);
        assert_eq!(find("a — b", "a - b"), ["a — b"]);
    }

    #[test]
    fn ligatures_and_accents_are_letters() {
        assert_eq!(find("ﬁnal ofﬁce", "office"), ["ofﬁce"]);
        assert_eq!(find("Georg Lukács", "lukacs"), ["Lukács"]);
        assert_eq!(find("Georg Lukacs", "lukács"), ["Lukacs"]);
        assert_eq!(find("cafe\u{301} crème", "cafe creme"), ["cafe\u{301} crème"]);
        assert_eq!(find("Wait…", "wait..."), ["Wait…"]);
    }

    #[test]
    fn a_match_inside_a_ligature_covers_all_of_it() {
        assert_eq!(find("ﬁ", "i"), ["ﬁ"]);
        assert_eq!(find("ﬃx", "fix"), ["ﬃx"]);
    }

    #[test]
    fn case_is_kept_unless_ignored() {
        let kept = Folded::new("Don’t DON’T", false);
        assert_eq!(kept.as_str(), "Don't DON'T");
        assert_eq!(fold("Straße ÆON", true), "strasse aeon");
    }

    #[test]
    fn plain_ascii_is_unchanged_and_maps_to_itself() {
        let f = Folded::new("Plain words, nothing else.", true);
        assert_eq!(f.as_str(), "plain words, nothing else.");
        assert_eq!(f.original_range(6, 11), (6, 11));
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// Strings of the characters folding cares about, and plain ones between them.
        fn text() -> impl Strategy<Value = String> {
            let chars = vec![
                'a', 'B', 'f', 'i', ' ', ' ', '\n', '\t', '\'', '"', '-', '.', '\u{a0}', '\u{2009}',
                '\u{202f}', '’', '“', '–', '—', 'ﬁ', 'ﬃ', 'á', 'Á', 'é', '\u{301}', '\u{ad}', '\u{200b}',
                'æ', 'ß', 'İ', '…', '漢',
            ];
            prop::collection::vec(prop::sample::select(chars), 0..40).prop_map(|v| v.into_iter().collect())
        }

        proptest! {
            #[test]
            fn offsets_map_back_to_character_boundaries_in_order(s in text(), ignore_case in any::<bool>()) {
                let f = Folded::new(&s, ignore_case);
                let mut last = (0, 0);
                for p in (0..=f.as_str().len()).filter(|&p| f.as_str().is_char_boundary(p)) {
                    let (start, end) = (f.original_start(p), f.original_end(p));
                    prop_assert!(s.is_char_boundary(start) && s.is_char_boundary(end), "{p}: {start} {end}");
                    prop_assert!(start >= last.0 && end >= last.1, "{p} goes back");
                    last = (start, end);
                }
            }

            #[test]
            fn any_passage_is_found_and_its_match_covers_it(s in text(), a in 0usize..40, b in 0usize..40, ignore_case in any::<bool>()) {
                let cuts: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
                let (a, b) = (cuts[a % cuts.len()], cuts[b % cuts.len()]);
                let passage = &s[a.min(b)..a.max(b)];
                let needle = fold(passage, ignore_case);
                prop_assume!(!needle.is_empty());
                let f = Folded::new(&s, ignore_case);
                let found: Vec<(usize, usize)> = f
                    .as_str()
                    .match_indices(&needle)
                    .map(|(at, m)| f.original_range(at, at + m.len()))
                    .collect();
                prop_assert!(!found.is_empty(), "{passage:?} not found in {s:?}");
                for (start, end) in found {
                    prop_assert!(fold(&s[start..end], ignore_case).contains(&needle), "{start}..{end} of {s:?}");
                }
            }
        }
    }
}
