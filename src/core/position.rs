//! Width-independent positions: a source byte offset plus the text around it.
//!
//! A reading position or bookmark is never a line number. It is an offset into the essay's
//! source together with a quote and its context, so it survives other widths, resizes and
//! edits of the file. [`capture`] makes an anchor, [`resolve`] finds it again.
//!
//! Matching compares text with every whitespace run collapsed to one space, so a paragraph
//! that was re-wrapped or re-indented in the source still matches.

use serde::{Deserialize, Serialize};
use std::cell::OnceCell;

/// Bytes of context kept before the quote.
const BEFORE_LEN: usize = 32;
/// Bytes of quote kept from the offset on.
const QUOTE_LEN: usize = 64;
/// Bytes of context kept after the quote.
const AFTER_LEN: usize = 32;
/// Fallback pieces shorter than this match too many places to mean anything.
const MIN_PIECE: usize = 12;
/// Occurrences of one piece looked at; bounds the work on pathological, repetitive text.
const MAX_OCCURRENCES: usize = 10_000;

/// A place in an essay's source that can be found again after edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextAnchor {
    /// Byte offset in the source the anchor was captured from (a char boundary).
    pub offset: usize,
    /// Up to 32 bytes of text just before the offset.
    pub before: String,
    /// Up to 64 bytes of text from the offset on.
    pub quote: String,
    /// Up to 32 bytes of text after the quote.
    pub after: String,
    /// FNV-1a 64 hash of the whole source at capture time (stored as hex text, which no
    /// JSON tool rounds the way it may round a number above 2^53).
    #[serde(with = "hex_u64")]
    pub source_hash: u64,
    /// Titles of the enclosing headings, outermost first.
    pub heading_path: Vec<String>,
}

/// Where an anchor lands in a (possibly edited) source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// The source is unchanged: the stored offset is still right.
    Exact(usize),
    /// The source changed; the passage (or the best part of it) is at this offset now.
    Moved(usize),
    /// The passage and its context are gone.
    Unresolved,
}

impl Resolution {
    /// The offset to jump to, if the anchor was found.
    pub fn offset(self) -> Option<usize> {
        match self {
            Resolution::Exact(o) | Resolution::Moved(o) => Some(o),
            Resolution::Unresolved => None,
        }
    }
}

/// Stable 64-bit FNV-1a hash; unlike `DefaultHasher` it never changes between Rust versions.
pub fn source_hash(source: &str) -> u64 {
    hash_more(HASH_START, source.as_bytes())
}

/// The [`source_hash`] of no bytes, to go on from with [`hash_more`].
pub(crate) const HASH_START: u64 = 0xcbf2_9ce4_8422_2325;

/// The [`source_hash`] of the bytes hashed to `hash`, then `bytes`: a text hashed a piece
/// at a time hashes as it does whole.
pub(crate) fn hash_more(hash: u64, bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(hash, |h, &b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// Captures an anchor at `offset` (clamped into the source and down to a char boundary).
pub fn capture(source: &str, offset: usize, heading_path: Vec<String>) -> TextAnchor {
    capture_hashed(source, source_hash(source), offset, heading_path)
}

/// [`capture`] in a source whose [`source_hash`] is known: hashing a book takes
/// milliseconds, too long for every key that records a place (see
/// [`crate::core::document::SharedSource::hash`]).
pub fn capture_hashed(source: &str, hash: u64, offset: usize, heading_path: Vec<String>) -> TextAnchor {
    let offset = floor_boundary(source, offset);
    let before_start = ceil_boundary(source, offset.saturating_sub(BEFORE_LEN));
    let quote_end = floor_boundary(source, offset + QUOTE_LEN);
    let after_end = floor_boundary(source, quote_end + AFTER_LEN);
    TextAnchor {
        offset,
        before: source[before_start..offset].to_owned(),
        quote: source[offset..quote_end].to_owned(),
        after: source[quote_end..after_end].to_owned(),
        source_hash: hash,
        heading_path,
    }
}

/// Finds `anchor` in `source`; see [`Resolver::resolve`]. Use a [`Resolver`] for many anchors.
pub fn resolve(source: &str, anchor: &TextAnchor) -> Resolution {
    Resolver::new(source).resolve(anchor)
}

/// Resolves many anchors against one source, hashing and normalising it only once.
pub struct Resolver<'a> {
    source: &'a str,
    hash: u64,
    normalized: OnceCell<Normalized>,
}

impl<'a> Resolver<'a> {
    /// Prepares to resolve anchors in `source`.
    pub fn new(source: &'a str) -> Self {
        Resolver::hashed(source, source_hash(source))
    }

    /// Prepares to resolve anchors in `source`, whose [`source_hash`] is `hash`.
    pub fn hashed(source: &'a str, hash: u64) -> Self {
        Resolver { source, hash, normalized: OnceCell::new() }
    }

    /// Same hash → `Exact`. Otherwise the quote is searched again (whitespace-normalised):
    /// the occurrence with the most matching context wins, ties go to the one nearest the old
    /// offset. If the quote itself is gone, its halves and the before/after context are tried
    /// the same way, and a match counts only if at least 40% of the anchor's text matches
    /// there without a break. Nothing found → `Unresolved`.
    pub fn resolve(&self, anchor: &TextAnchor) -> Resolution {
        if anchor.source_hash == self.hash {
            return Resolution::Exact(floor_boundary(self.source, anchor.offset));
        }
        let hay = self.normalized.get_or_init(|| Normalized::new(self.source));
        let needle = AnchorText::new(anchor);
        if needle.full.trim().is_empty() {
            return Resolution::Unresolved;
        }
        // The whole quote first: if it is still there, a partial piece must not outvote it.
        let whole = [(needle.quote_start, needle.quote_end)];
        if let Some(found) = best(hay, &needle, &whole, anchor.offset) {
            return Resolution::Moved(hay.source_offset(found.start));
        }
        // A fallback piece must carry at least this much of the anchor's text with it, so a
        // stock phrase that survives elsewhere does not pass for the lost passage.
        let enough = needle.full.len() * 2 / 5;
        match best(hay, &needle, &needle.fallback_pieces(), anchor.offset) {
            Some(found) if found.score >= enough => {
                let start = match found.covers_start {
                    true => found.start,
                    false => refine_start(hay, &needle, found.start),
                };
                Resolution::Moved(hay.source_offset(start))
            }
            _ => Resolution::Unresolved,
        }
    }
}

/// One place where a piece of the anchor matched.
struct Candidate {
    /// Bytes of the anchor's text matching here without a break (piece plus extensions).
    score: usize,
    /// Distance from the old offset in the source, the tie-breaker.
    distance: usize,
    /// Where the quote starts (or would start) in the normalised text.
    start: usize,
    /// Whether the unbroken match reaches the quote's start, making `start` exact.
    covers_start: bool,
}

/// The best-scoring candidate among all occurrences of `pieces`.
fn best(
    hay: &Normalized,
    needle: &AnchorText,
    pieces: &[(usize, usize)],
    old_offset: usize,
) -> Option<Candidate> {
    let mut winner: Option<Candidate> = None;
    for &(a, b) in pieces {
        let piece = &needle.full[a..b];
        if piece.trim().is_empty() {
            continue;
        }
        for (p, _) in hay.text.match_indices(piece).take(MAX_OCCURRENCES) {
            let back = common_suffix(&hay.text[..p], &needle.full[..a]);
            let forward = common_prefix(&hay.text[p + piece.len()..], &needle.full[b..]);
            let score = back + piece.len() + forward;
            // Where the quote would start, given where this piece sits inside the anchor.
            let start = floor_boundary(&hay.text, (p + needle.quote_start).saturating_sub(a));
            let distance = hay.source_offset(start).abs_diff(old_offset);
            if winner.as_ref().is_none_or(|w| score > w.score || (score == w.score && distance < w.distance))
            {
                let covers_start = a - back <= needle.quote_start && needle.quote_start <= b + forward;
                winner = Some(Candidate { score, distance, start, covers_start });
            }
        }
    }
    winner
}

/// Improves a guessed quote start (off by however much an edit inside the quote changed its
/// length) by finding the end of the before-context close by.
fn refine_start(hay: &Normalized, needle: &AnchorText, guess: usize) -> usize {
    const WINDOW: usize = 256;
    const TAIL: usize = 16;
    let before = &needle.full[..needle.quote_start];
    let tail = &before[ceil_boundary(before, before.len().saturating_sub(TAIL))..];
    if tail.trim().len() < TAIL / 2 {
        return guess;
    }
    let lo = floor_boundary(&hay.text, guess.saturating_sub(WINDOW));
    let hi = floor_boundary(&hay.text, guess + WINDOW);
    hay.text[lo..hi]
        .match_indices(tail)
        .map(|(i, _)| lo + i + tail.len())
        .min_by_key(|end| end.abs_diff(guess))
        .unwrap_or(guess)
}

/// An anchor's before + quote + after, normalised as one text so a whitespace run split by
/// the capture boundaries collapses the same way it does in the source.
struct AnchorText {
    full: String,
    quote_start: usize,
    quote_end: usize,
}

impl AnchorText {
    fn new(anchor: &TextAnchor) -> Self {
        let raw = format!("{}{}{}", anchor.before, anchor.quote, anchor.after);
        let norm = Normalized::new(&raw);
        let quote_start = norm.normalized_offset(anchor.before.len());
        let quote_end = norm.normalized_offset(anchor.before.len() + anchor.quote.len());
        AnchorText { full: norm.text, quote_start, quote_end }
    }

    /// Halves of the quote, then the context on either side, each long enough to mean something.
    fn fallback_pieces(&self) -> Vec<(usize, usize)> {
        let (qs, qe) = (self.quote_start, self.quote_end);
        let mid = floor_boundary(&self.full, qs + (qe - qs) / 2);
        [(qs, mid), (mid, qe), (0, qs), (qe, self.full.len())]
            .into_iter()
            .filter(|&(a, b)| self.full[a..b].trim().len() >= MIN_PIECE)
            .collect()
    }
}

/// Text with every whitespace run collapsed to one space, and a way back to source offsets.
struct Normalized {
    text: String,
    /// `(normalised, source)` offsets where the two start to differ by a new amount; between
    /// two checkpoints the texts correspond byte for byte.
    checkpoints: Vec<(usize, usize)>,
}

impl Normalized {
    fn new(source: &str) -> Self {
        let mut text = String::with_capacity(source.len());
        let mut checkpoints = vec![(0, 0)];
        // Copies whole stretches between whitespace runs: this runs over entire books.
        let (mut copied, mut i) = (0, 0);
        while i < source.len() {
            let bytes = source.as_bytes();
            // Non-whitespace, or a lone space that is already normal: copied later in bulk.
            let lone_space = bytes[i] == b' ' && whitespace_len(source, i + 1) == 0;
            if lone_space || whitespace_len(source, i) == 0 {
                i += 1;
                continue;
            }
            text.push_str(&source[copied..i]);
            let run_start = i;
            while let w @ 1.. = whitespace_len(source, i) {
                i += w;
            }
            text.push(' ');
            // A one-byte run keeps both texts aligned; anything longer shifts them.
            if i - run_start != 1 {
                checkpoints.push((text.len(), i));
            }
            copied = i;
        }
        text.push_str(&source[copied..]);
        Normalized { text, checkpoints }
    }

    /// The source offset of normalised offset `n`.
    fn source_offset(&self, n: usize) -> usize {
        let k = self.checkpoints.partition_point(|&(norm, _)| norm <= n) - 1;
        let (norm, src) = self.checkpoints[k];
        src + (n - norm)
    }

    /// The normalised offset of source offset `s`; inside a collapsed run, the offset after it.
    fn normalized_offset(&self, s: usize) -> usize {
        let k = self.checkpoints.partition_point(|&(_, src)| src <= s) - 1;
        let (norm, src) = self.checkpoints[k];
        let n = norm + (s - src);
        match self.checkpoints.get(k + 1) {
            Some(&(next, _)) => n.min(next),
            None => n.min(self.text.len()),
        }
    }
}

/// The byte length of the whitespace char starting at byte `i`, or 0 (also inside a char).
fn whitespace_len(s: &str, i: usize) -> usize {
    match s.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => usize::from(char::from(b).is_whitespace()),
        // Only a lead byte starts a char; continuation bytes are 0b10xx_xxxx.
        Some(&b) if b >= 0xC0 => {
            s[i..].chars().next().filter(|c| c.is_whitespace()).map_or(0, char::len_utf8)
        }
        _ => 0,
    }
}

/// Bytes at the end of `a` that equal the end of `b`, compared char by char.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum()
}

/// Bytes at the start of `a` that equal the start of `b`, compared char by char.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum()
}

/// The largest char boundary at or below `i`, within `s`.
fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary at or above `i`, within `s`.
fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `u64` as 16 hex digits in files; a plain number is accepted too.
mod hex_u64 {
    use serde::de::{Error, Visitor};
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{value:016x}"))
    }

    /// A number (older files) or hex text. A visitor, not an untagged enum: this is read
    /// once per saved bookmark and position, and an untagged enum buffers and retries.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        struct Stored;
        impl Visitor<'_> for Stored {
            type Value = u64;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a hash as a number or hex text")
            }
            fn visit_u64<E: Error>(self, n: u64) -> Result<u64, E> {
                Ok(n)
            }
            fn visit_str<E: Error>(self, h: &str) -> Result<u64, E> {
                u64::from_str_radix(h, 16).map_err(E::custom)
            }
        }
        d.deserialize_any(Stored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_hash_reads_as_hex_text_or_as_an_older_number() {
        let anchor = capture("Some text to anchor in.", 5, vec![]);
        let mut json = serde_json::to_value(&anchor).expect("json");
        assert_eq!(serde_json::from_value::<TextAnchor>(json.clone()).expect("hex"), anchor);
        json["source_hash"] = serde_json::json!(anchor.source_hash);
        assert_eq!(serde_json::from_value::<TextAnchor>(json.clone()).expect("number"), anchor);
        json["source_hash"] = serde_json::json!("not hex");
        assert!(serde_json::from_value::<TextAnchor>(json).is_err());
    }

    const ESSAY: &str = "# Why I support leaking\n\n\
## Section one\n\n\
Well, that unfortunately is part of right-wing cultural logic. There are two options in life\n\
when dealing with things that need to be corrected: voice and exit. Most people choose exit.\n\n\
## Section two\n\n\
An organisation that cannot hear criticism from its own members will hear it from the press\n\
instead, and the press is rarely kind. Secrecy protects the leadership, not the membership.\n\n\
## Section three\n\n\
So the question is never whether documents leak but what the members learn when they do.\n";

    fn at(source: &str, needle: &str) -> usize {
        source.find(needle).expect("needle in test text")
    }

    #[test]
    fn unchanged_source_resolves_exactly() {
        let offset = at(ESSAY, "An organisation");
        let anchor = capture(ESSAY, offset, vec!["Section two".into()]);
        assert_eq!(resolve(ESSAY, &anchor), Resolution::Exact(offset));
        assert_eq!(anchor.heading_path, ["Section two"]);
        assert!(anchor.quote.starts_with("An organisation"));
        assert!(anchor.before.ends_with("## Section two\n\n"));
    }

    #[test]
    fn insertion_above_moves_the_offset_to_the_passage() {
        let anchor = capture(ESSAY, at(ESSAY, "An organisation"), vec![]);
        let edited = ESSAY.replace(
            "## Section one\n\n",
            "## Section one\n\nA new opening paragraph, added after the bookmark was made.\n\n",
        );
        assert_eq!(resolve(&edited, &anchor), Resolution::Moved(at(&edited, "An organisation")));
    }

    #[test]
    fn deletion_above_moves_the_offset_to_the_passage() {
        let anchor = capture(ESSAY, at(ESSAY, "instead, and the press"), vec![]);
        let edited = ESSAY.replace("Most people choose exit.", "");
        assert_eq!(resolve(&edited, &anchor), Resolution::Moved(at(&edited, "instead, and the press")));
    }

    #[test]
    fn edits_after_the_passage_leave_it_in_place() {
        let offset = at(ESSAY, "An organisation");
        let anchor = capture(ESSAY, offset, vec![]);
        let edited = ESSAY.replace("So the question", "So, in the end, the question");
        assert_eq!(resolve(&edited, &anchor), Resolution::Moved(offset));
    }

    #[test]
    fn rewrapped_paragraph_still_matches() {
        let anchor = capture(ESSAY, at(ESSAY, "An organisation"), vec![]);
        // The paragraph re-flowed at another column and indented: only whitespace changed.
        let edited = ESSAY
            .replace("its own members will", "its own\n   members   will")
            .replace("press\ninstead", "press instead");
        assert_eq!(resolve(&edited, &anchor), Resolution::Moved(at(&edited, "An organisation")));
    }

    #[test]
    fn edit_inside_the_quote_falls_back_to_a_partial_match() {
        let offset = at(ESSAY, "An organisation");
        let anchor = capture(ESSAY, offset, vec![]);
        // The start of the quote is rewritten; the rest of it and the context survive.
        let edited = ESSAY.replace("An organisation that cannot", "A party that can't");
        assert_eq!(resolve(&edited, &anchor), Resolution::Moved(at(&edited, "A party that")));
    }

    #[test]
    fn edit_in_the_middle_of_the_quote_lands_at_its_start() {
        let offset = at(ESSAY, "An organisation");
        let anchor = capture(ESSAY, offset, vec![]);
        let edited = ESSAY.replace("criticism from", "any criticism at all from");
        assert_eq!(resolve(&edited, &anchor), Resolution::Moved(offset));
    }

    #[test]
    fn deleted_passage_is_unresolved() {
        let anchor = capture(ESSAY, at(ESSAY, "criticism from its own"), vec![]);
        let start = at(ESSAY, "## Section two");
        let end = at(ESSAY, "## Section three");
        let edited = format!("{}{}", &ESSAY[..start], &ESSAY[end..]);
        assert_eq!(resolve(&edited, &anchor), Resolution::Unresolved);
    }

    #[test]
    fn a_surviving_stock_phrase_does_not_pass_for_a_lost_passage() {
        let refrain = "Solidarity forever, for the union makes us strong.";
        let passage = "The passage we bookmarked tells of the long strike of nineteen twelve, \
                       of the mills and the songs, and of what the strikers won in the end.";
        let source = format!("Intro.\n\n{refrain}\n\n{passage}\n\nLater on.\n\n{refrain}\n");
        let anchor = capture(&source, at(&source, "The passage"), vec![]);
        let edited = source.replace(passage, "");
        assert_eq!(resolve(&edited, &anchor), Resolution::Unresolved);
    }

    #[test]
    fn repeated_passage_prefers_matching_context() {
        let refrain = "Workers of the world, unite; you have nothing to lose but your chains.";
        let source = format!(
            "First the preface.\n\n{refrain}\n\nThen the long middle part of the text.\n\n{refrain}\n\nThe end.\n"
        );
        let second = source.rfind(refrain).expect("refrain");
        let anchor = capture(&source, second, vec![]);
        // An edit elsewhere changes the hash; the second copy still has the right context.
        let edited = source.replace("First the preface.", "First, a much longer preface.");
        let second_now = edited.rfind(refrain).expect("refrain");
        assert_eq!(resolve(&edited, &anchor), Resolution::Moved(second_now));
    }

    #[test]
    fn identical_repeats_go_to_the_nearest() {
        let block = "The same paragraph, word for word, repeated in the source.\n\n";
        let source = block.repeat(5);
        let third = block.len() * 2;
        let mut anchor = capture(&source, third, vec![]);
        anchor.source_hash ^= 1; // pretend the file changed so the search runs
        assert_eq!(resolve(&source, &anchor), Resolution::Moved(third));
    }

    #[test]
    fn multibyte_text_never_splits_a_char() {
        let source = "Ἐν ἀρχῇ ἦν ὁ λόγος — «пролетарии всех стран, соединяйтесь!» 労働者 ✊🏽 end";
        for offset in 0..=source.len() + 3 {
            let anchor = capture(source, offset, vec![]);
            assert!(source.is_char_boundary(anchor.offset));
            let edited = format!("Préface ✍️\n{source}");
            if let Some(found) = resolve(&edited, &anchor).offset() {
                assert!(edited.is_char_boundary(found), "offset {offset} → {found}");
            }
        }
    }

    #[test]
    fn offset_beyond_the_end_is_clamped() {
        let anchor = capture(ESSAY, ESSAY.len() + 100, vec![]);
        assert_eq!(anchor.offset, ESSAY.len());
        assert!(anchor.quote.is_empty());
        assert_eq!(resolve(ESSAY, &anchor), Resolution::Exact(ESSAY.len()));
        // A stored anchor past the end of a shorter, unchanged source is clamped too.
        let mut stale = capture("short", 3, vec![]);
        stale.offset = 99;
        assert_eq!(resolve("short", &stale), Resolution::Exact(5));
        // At the very end the before-context alone finds the place again.
        let edited = format!("Intro.\n\n{ESSAY}");
        assert_eq!(resolve(&edited, &anchor), Resolution::Moved(edited.len()));
    }

    #[test]
    fn empty_sources_do_not_panic() {
        let anchor = capture("", 10, vec![]);
        assert_eq!(resolve("", &anchor), Resolution::Exact(0));
        assert_eq!(resolve("something else", &anchor), Resolution::Unresolved);
        let other = capture(ESSAY, 40, vec![]);
        assert_eq!(resolve("", &other), Resolution::Unresolved);
    }

    #[test]
    fn hash_is_stable_fnv1a() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(source_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(source_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(source_hash("foobar"), 0x8594_4171_f739_67e8);
    }

    proptest::proptest! {
        #[test]
        fn any_edit_resolves_to_a_char_boundary_or_nothing(
            source in "[a-zé ✊\n\t]{0,300}",
            offset in 0usize..320,
            cut in 0usize..320,
            insert in "[b-zñ \n]{0,40}",
        ) {
            let anchor = capture(&source, offset, vec![]);
            let cut = floor_boundary(&source, cut);
            let edited = format!("{}{insert}{}", &source[..cut], &source[cut..]);
            if let Some(found) = resolve(&edited, &anchor).offset() {
                proptest::prop_assert!(edited.is_char_boundary(found));
            }
        }
    }

    #[test]
    fn hash_is_stored_as_hex_text() {
        let anchor = capture("text", 0, vec![]);
        let json = serde_json::to_value(&anchor).expect("json");
        assert_eq!(json["source_hash"], format!("{:016x}", source_hash("text")));
        let back: TextAnchor = serde_json::from_value(json).expect("read back");
        assert_eq!(back, anchor);
        let mut numeric = serde_json::to_value(&anchor).expect("json");
        numeric["source_hash"] = anchor.source_hash.into();
        let back: TextAnchor = serde_json::from_value(numeric).expect("number accepted");
        assert_eq!(back.source_hash, anchor.source_hash);
    }

    #[test]
    fn resolver_handles_a_large_source() {
        let filler = "A sentence of ordinary filler prose, repeated to make a long book. ";
        let mut big = filler.repeat(150_000); // about 10 MiB
        let target = "The one sentence that matters is right here, near the end.";
        big.push_str(target);
        big.push_str(&filler.repeat(100));
        let anchor = capture(&big, big.find(target).expect("target"), vec![]);
        let edited = format!("A new first line.\n{big}");
        let resolver = Resolver::new(&edited);
        assert_eq!(resolver.resolve(&anchor), Resolution::Moved(edited.find(target).expect("target")));
    }
}
