//! Essay identity: which essay a file is, from its content, not its title or path.
//!
//! An essay's id is its front matter `id` if it declares one. Otherwise it is given once,
//! from a hash of its body (front matter excluded, whitespace normalised, so CRLF and LF
//! copies, or the same file on two machines, get the same id), and then remembered in a
//! registry of [`KnownEssay`]s: each known id with the content's fingerprint, a small
//! similarity sketch, the last path and title. A later scan gives a file a known id when
//! it is unchanged (same fingerprint, wherever it is now), edited in place (same path,
//! still similar) or moved and lightly edited (very similar, and its old path is gone).
//! What cannot be matched with confidence keeps its id in the registry, unclaimed: its
//! saved state is detached, never handed to another essay.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Hex digits of a content id: 48 bits, so two different essays of one library (or a
/// reader's lifetime) sharing one by chance is out of the question.
const ID_HEX: usize = 12;
/// Words per shingle in a sketch: pairs would call two essays on one subject similar,
/// longer runs would let every small edit count for too much.
const SHINGLE: usize = 3;
/// Hashes a sketch keeps (the smallest of all shingles' hashes).
pub const SKETCH_LEN: usize = 32;
/// An essay edited in place (same path) must still be at least this similar.
const SAME_PATH_SIMILARITY: f32 = 0.2;
/// An essay moved and edited must be at least this similar to its remembered content.
const MOVED_SIMILARITY: f32 = 0.5;

/// A hash of an essay's words: equal for texts that differ only in whitespace.
pub fn fingerprint(body: &str) -> u64 {
    identify(body).0
}

/// The fingerprint and the sketch of `body`, in one pass over its words: this runs over
/// every essay of a library the first time it is read, and over a long essay opened by
/// path before its first frame, so a long text is hashed in two halves on two threads.
pub fn identify(body: &str) -> (u64, Sketch) {
    identify_reading(body, &|_| {})
}

/// [`identify`], telling `read` each stretch of `body` it has read through (byte ranges of
/// `body`), so that a caller whose text is kept in pages the system can take back (a
/// mapped file) can let them go as it goes.
pub fn identify_reading(body: &str, read: &(dyn Fn(Range<usize>) + Sync)) -> (u64, Sketch) {
    let text = body.trim_start_matches('\u{feff}');
    let at = body.len() - text.len();
    let mut fold = Fold::default();
    match split_for_threads(text) {
        Some((first, second)) => {
            // The second half's words are hashed (and its own runs of words sketched) on
            // another thread; the fingerprint folds them in order afterwards.
            let (hashes, inner) = std::thread::scope(|scope| {
                let other = scope.spawn(|| {
                    let mut hashes = Vec::with_capacity(second.len() / 5);
                    word_hashes_reading(second, at + first.len(), read, |h| hashes.push(h));
                    let mut inner = Smallest::default();
                    for run in hashes.windows(SHINGLE) {
                        inner.offer(shingle_hash(run));
                    }
                    (hashes, inner)
                });
                word_hashes_reading(first, at, read, |h| fold.push(h));
                // Only if the thread could not run: then the second half is done here.
                other.join().ok()
            })
            .unwrap_or_else(|| {
                let mut hashes = Vec::new();
                for_each_word_hash(second, |h| hashes.push(h));
                let mut inner = Smallest::default();
                hashes.windows(SHINGLE).for_each(|run| inner.offer(shingle_hash(run)));
                (hashes, inner)
            });
            // The runs that start in the first half were not sketched by the thread.
            for (i, &h) in hashes.iter().enumerate() {
                if i < SHINGLE - 1 {
                    fold.push(h);
                } else {
                    fold.push_unsketched(h);
                }
            }
            fold.smallest.merge(inner);
        }
        None => word_hashes_reading(text, at, read, |h| fold.push(h)),
    }
    fold.finish()
}

/// Texts at least this long are hashed on two threads.
const TWO_THREADS_FROM: usize = 1 << 20;

/// `text` cut in two at an ASCII space or line end near its middle (so no word is cut),
/// if it is long enough to be worth a second thread.
fn split_for_threads(text: &str) -> Option<(&str, &str)> {
    if text.len() < TWO_THREADS_FROM {
        return None;
    }
    let mid = text.len() / 2;
    let at = mid + text.as_bytes()[mid..].iter().position(|&b| b == b' ' || b == b'\n')?;
    Some(text.split_at(at))
}

/// The fingerprint and sketch being built, word by word.
#[derive(Default)]
struct Fold {
    whole: u64,
    recent: [u64; SHINGLE],
    seen: usize,
    smallest: Smallest,
}

impl Fold {
    #[inline]
    fn push(&mut self, h: u64) {
        self.push_unsketched(h);
        if self.seen >= SHINGLE {
            self.smallest.offer(shingle_hash(&self.recent));
        }
    }

    /// A word whose run of words was sketched elsewhere.
    #[inline]
    fn push_unsketched(&mut self, h: u64) {
        // Order matters for the fingerprint: each word is folded in after the ones before.
        self.whole = (self.whole ^ h).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(23);
        self.recent.rotate_left(1);
        self.recent[SHINGLE - 1] = h;
        self.seen += 1;
    }

    fn finish(mut self) -> (u64, Sketch) {
        if self.seen < SHINGLE {
            self.smallest.offer(shingle_hash(&self.recent[SHINGLE - self.seen..]));
        }
        (mix(self.whole ^ self.seen as u64), Sketch(self.smallest.kept))
    }
}

/// The [`SKETCH_LEN`] smallest distinct hashes offered so far, in ascending order.
struct Smallest {
    kept: Vec<u32>,
    /// Hashes at or above this cannot be kept: the largest kept once full.
    bound: u32,
}

impl Default for Smallest {
    fn default() -> Smallest {
        Smallest { kept: Vec::with_capacity(SKETCH_LEN + 1), bound: u32::MAX }
    }
}

impl Smallest {
    #[inline]
    fn offer(&mut self, hash: u32) {
        // Past the first few hundred words almost every hash is above the bound.
        if hash >= self.bound && self.kept.len() == SKETCH_LEN {
            return;
        }
        self.insert(hash);
    }

    #[cold]
    fn insert(&mut self, hash: u32) {
        if let Err(at) = self.kept.binary_search(&hash) {
            self.kept.insert(at, hash);
            self.kept.truncate(SKETCH_LEN);
            if self.kept.len() == SKETCH_LEN {
                self.bound = self.kept[SKETCH_LEN - 1];
            }
        }
    }

    fn merge(&mut self, other: Smallest) {
        for hash in other.kept {
            self.offer(hash);
        }
    }
}

/// The fingerprint of something with no words, told apart by `name` (an empty or unreadable
/// file has no content to be known by, only its name).
pub fn fingerprint_of_name(name: &str) -> u64 {
    let mut hash = Fnv::new();
    hash.write(b"\0name\0");
    hash.write(name.as_bytes());
    mix(hash.0)
}

/// The id an essay gets from its content the first time it is seen.
pub fn content_id(fingerprint: u64) -> String {
    format!("{fingerprint:016x}")[..ID_HEX].to_string()
}

/// A small summary of an essay's text: the smallest hashes of its runs of words, so two
/// versions of one text can be compared without keeping either.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sketch(pub Vec<u32>);

impl Sketch {
    /// The sketch of `body` (see [`identify`] for both at once).
    pub fn of(body: &str) -> Sketch {
        identify(body).1
    }

    /// Estimated share of runs of words the two texts have in common, 0 to 1.
    pub fn similarity(&self, other: &Sketch) -> f32 {
        let (a, b) = (&self.0, &other.0);
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        // The smallest hashes of the union, and how many of them both texts have.
        let (mut i, mut j, mut taken, mut shared) = (0, 0, 0, 0);
        while taken < SKETCH_LEN && (i < a.len() || j < b.len()) {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x == y => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
                (Some(x), Some(y)) if x < y => i += 1,
                (Some(_), None) => i += 1,
                _ => j += 1,
            }
            taken += 1;
        }
        shared as f32 / taken as f32
    }
}

/// Stored as one hex string: a thousand essays' sketches stay small and quick to read.
impl Serialize for Sketch {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text: String = self.0.iter().map(|h| format!("{h:08x}")).collect();
        serializer.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for Sketch {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let hashes = text
            .as_bytes()
            .chunks(8)
            .map(|c| std::str::from_utf8(c).ok().and_then(|s| u32::from_str_radix(s, 16).ok()))
            .collect::<Option<Vec<u32>>>()
            .ok_or_else(|| serde::de::Error::custom("not a sketch"))?;
        Ok(Sketch(hashes))
    }
}

/// The fingerprint as stored: hex text, which no JSON tool rounds.
pub mod hex_u64 {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `value` as 16 hex digits.
    pub fn serialize<S: Serializer>(value: &u64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("{value:016x}"))
    }

    /// Reads hex digits.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
        let text = String::deserialize(deserializer)?;
        u64::from_str_radix(&text, 16).map_err(serde::de::Error::custom)
    }
}

/// An essay as the registry remembers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KnownEssay {
    /// Its id, which its bookmarks and reading position are saved under.
    pub id: String,
    /// The fingerprint of its content when last seen.
    #[serde(with = "hex_u64")]
    pub fingerprint: u64,
    /// The sketch of its content when last seen.
    pub sketch: Sketch,
    /// Where it was last seen.
    pub path: PathBuf,
    /// Its title when last seen (what a detached bookmark's essay is called).
    pub title: String,
}

/// One essay found by a scan, to be given an id.
#[derive(Debug, Clone, Copy)]
pub struct Found<'a> {
    /// Where it is.
    pub path: &'a Path,
    /// Its content's fingerprint.
    pub fingerprint: u64,
    /// Its content's sketch.
    pub sketch: &'a Sketch,
    /// The id its front matter declares (already slugged), if any.
    pub declared: Option<&'a str>,
    /// Its title.
    pub title: &'a str,
}

/// Gives every found essay an id (in the order given: earlier essays win a contested id)
/// and returns the ids with the registry brought up to date: matched entries updated, new
/// essays added, unmatched entries kept as they were (their state is detached).
pub fn assign(found: &[Found], known: &[KnownEssay]) -> (Vec<String>, Vec<KnownEssay>) {
    let mut c =
        Claims { ids: vec![None; found.len()], known_taken: HashSet::new(), ids_taken: HashSet::new() };
    let known_by_id: HashMap<&str, usize> =
        known.iter().enumerate().map(|(i, k)| (k.id.as_str(), i)).collect();
    // Declared ids first: a front matter `id` is the essay's, whatever else matches.
    for (n, f) in found.iter().enumerate() {
        let Some(declared) = f.declared else { continue };
        let id = unique(declared, &c.ids_taken, &HashSet::new());
        if let Some(&k) = known_by_id.get(id.as_str()) {
            c.known_taken.insert(k);
        }
        c.ids_taken.insert(id.clone());
        c.ids[n] = Some(id);
    }
    let present: HashSet<&Path> = found.iter().map(|f| f.path).collect();
    let mut by_fingerprint: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut by_path: HashMap<&Path, Vec<usize>> = HashMap::new();
    for (k, entry) in known.iter().enumerate() {
        by_fingerprint.entry(entry.fingerprint).or_default().push(k);
        by_path.entry(entry.path.as_path()).or_default().push(k);
    }
    // 1. Unchanged and in place. 2. Unchanged, moved (or copied: the copy gets a new id).
    for exact in [true, false] {
        for (n, f) in found.iter().enumerate() {
            if c.ids[n].is_some() {
                continue;
            }
            let candidates = by_fingerprint.get(&f.fingerprint).map(Vec::as_slice).unwrap_or_default();
            let hit =
                candidates.iter().copied().find(|&k| c.free(k, known) && (!exact || known[k].path == f.path));
            if let Some(k) = hit {
                c.claim(n, k, known);
            }
        }
    }
    // 3. Edited in place: the same path, still similar.
    for (n, f) in found.iter().enumerate() {
        if c.ids[n].is_some() {
            continue;
        }
        let candidates = by_path.get(f.path).map(Vec::as_slice).unwrap_or_default();
        let hit = candidates
            .iter()
            .copied()
            .find(|&k| c.free(k, known) && known[k].sketch.similarity(f.sketch) >= SAME_PATH_SIMILARITY);
        if let Some(k) = hit {
            c.claim(n, k, known);
        }
    }
    // 4. Moved and edited: very similar to an essay whose place is now empty; the most
    // similar pairs are matched first.
    let open: Vec<usize> = (0..found.len()).filter(|&n| c.ids[n].is_none()).collect();
    let gone: Vec<usize> = (0..known.len())
        .filter(|&k| c.free(k, known) && !present.contains(known[k].path.as_path()))
        .collect();
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for &n in &open {
        for &k in &gone {
            let s = known[k].sketch.similarity(found[n].sketch);
            if s >= MOVED_SIMILARITY {
                pairs.push((s, n, k));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, n, k) in pairs {
        if c.ids[n].is_none() && c.free(k, known) {
            c.claim(n, k, known);
        }
    }
    // 5. New essays: an id from the content, suffixed if a known or present essay has it.
    let known_ids: HashSet<String> = known.iter().map(|k| k.id.clone()).collect();
    for (n, f) in found.iter().enumerate() {
        if c.ids[n].is_none() {
            let id = unique(&content_id(f.fingerprint), &c.ids_taken, &known_ids);
            c.ids_taken.insert(id.clone());
            c.ids[n] = Some(id);
        }
    }
    let ids: Vec<String> = c.ids.into_iter().map(Option::unwrap_or_default).collect();
    // Entries no essay took stay (detached), unless a present essay now has their id.
    let ids_now: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let mut registry: Vec<KnownEssay> = known
        .iter()
        .enumerate()
        .filter(|(k, e)| !c.known_taken.contains(k) && !ids_now.contains(e.id.as_str()))
        .map(|(_, e)| e.clone())
        .collect();
    registry.extend(found.iter().zip(&ids).map(|(f, id)| KnownEssay {
        id: id.clone(),
        fingerprint: f.fingerprint,
        sketch: f.sketch.clone(),
        path: f.path.to_path_buf(),
        title: f.title.to_string(),
    }));
    registry.sort_by(|a, b| a.id.cmp(&b.id));
    (ids, registry)
}

/// The ids given so far and the registry entries and ids already taken.
struct Claims {
    ids: Vec<Option<String>>,
    known_taken: HashSet<usize>,
    ids_taken: HashSet<String>,
}

impl Claims {
    /// Whether known entry `k` can still be given to an essay.
    fn free(&self, k: usize, known: &[KnownEssay]) -> bool {
        !self.known_taken.contains(&k) && !self.ids_taken.contains(&known[k].id)
    }

    /// Gives found essay `n` the id of known entry `k`.
    fn claim(&mut self, n: usize, k: usize, known: &[KnownEssay]) {
        self.known_taken.insert(k);
        self.ids_taken.insert(known[k].id.clone());
        self.ids[n] = Some(known[k].id.clone());
    }
}

/// `base`, or `base-2`, `base-3`, … whichever is in neither set.
fn unique(base: &str, taken: &HashSet<String>, reserved: &HashSet<String>) -> String {
    let free = |id: &str| !taken.contains(id) && !reserved.contains(id);
    if free(base) {
        return base.to_string();
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| free(id)).unwrap_or_else(|| base.to_string())
}

/// Calls `f` with the hash of each whitespace-separated word of `text` (a leading
/// byte-order mark dropped). ASCII goes byte by byte; only other characters are decoded.
/// The hash must never change: ids are made from it.
fn for_each_word_hash(text: &str, f: impl FnMut(u64)) {
    word_hashes(text.trim_start_matches('\u{feff}'), f);
}

/// [`for_each_word_hash`] of `text` (which starts `at` bytes into the text identified) a
/// stretch at a time ([`crate::core::words::stretches`]: no word spans a cut, so the hashes
/// are the same), telling `read` each stretch read through.
fn word_hashes_reading(text: &str, at: usize, read: &(dyn Fn(Range<usize>) + Sync), mut f: impl FnMut(u64)) {
    for stretch in crate::core::words::stretches(text) {
        word_hashes(&text[stretch.clone()], &mut f);
        read(at + stretch.start..at + stretch.end);
    }
}

/// The words' hashes of `text`, taken as it is (a byte order mark is a character here).
fn word_hashes(text: &str, mut f: impl FnMut(u64)) {
    const BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    const SPACE: [bool; 128] = {
        let mut table = [false; 128];
        let mut b = 0;
        while b < 128 {
            table[b] = (b as u8).is_ascii_whitespace() || b == 0x0b;
            b += 1;
        }
        table
    };
    let bytes = text.as_bytes();
    let (mut hash, mut in_word, mut i) = (BASIS, false, 0);
    while i < bytes.len() {
        // A run of ASCII word bytes, the bulk of any text, in a tight loop.
        while let Some(&b) = bytes.get(i)
            && b < 0x80
            && !SPACE[usize::from(b)]
        {
            hash = (hash ^ u64::from(b)).wrapping_mul(PRIME);
            in_word = true;
            i += 1;
        }
        let Some(&b) = bytes.get(i) else { break };
        let (space, len) = if b < 0x80 {
            (true, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        };
        if space {
            if in_word {
                f(hash);
                hash = BASIS;
                in_word = false;
            }
        } else {
            for &byte in &bytes[i..i + len] {
                hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
            }
            in_word = true;
        }
        i += len;
    }
    if in_word {
        f(hash);
    }
}

/// A run of words' hash from the words' hashes (order matters).
fn shingle_hash(words: &[u64]) -> u32 {
    let combined =
        words.iter().fold(0u64, |acc, &h| (acc ^ h).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29));
    (mix(combined) >> 32) as u32
}

/// FNV-1a 64: stable across Rust versions and machines, unlike `DefaultHasher`.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// SplitMix64's finaliser: spreads FNV's bits so every hex digit of an id varies.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(n: usize, tag: &str) -> String {
        (0..n).map(|i| format!("The {tag}{i} sentence is {tag}{} and {tag}w{i}.\n\n", i * 7)).collect()
    }

    struct Essay {
        path: PathBuf,
        fingerprint: u64,
        sketch: Sketch,
        declared: Option<String>,
        title: String,
    }

    fn essay(path: &str, body: &str) -> Essay {
        Essay {
            path: path.into(),
            fingerprint: fingerprint(body),
            sketch: Sketch::of(body),
            declared: None,
            title: path.into(),
        }
    }

    fn run(essays: &[Essay], known: &[KnownEssay]) -> (Vec<String>, Vec<KnownEssay>) {
        let found: Vec<Found> = essays
            .iter()
            .map(|e| Found {
                path: &e.path,
                fingerprint: e.fingerprint,
                sketch: &e.sketch,
                declared: e.declared.as_deref(),
                title: &e.title,
            })
            .collect();
        assign(&found, known)
    }

    #[test]
    fn whitespace_and_line_endings_do_not_change_the_fingerprint() {
        let lf = "Some words\nand more.\n\nA paragraph.\n";
        assert_eq!(fingerprint(lf), fingerprint(&lf.replace('\n', "\r\n")));
        assert_eq!(fingerprint(lf), fingerprint("\u{feff}  Some words and\tmore.  A paragraph."));
        assert_ne!(fingerprint(lf), fingerprint("Some words and more. A paragraph!"));
        assert_eq!(content_id(fingerprint(lf)).len(), 12);
    }

    #[test]
    fn similarity_tells_light_edits_from_other_texts() {
        let a = text(40, "red");
        let edited = a.replace("red7 sentence", "red7 sentence, now rewritten,");
        assert!(Sketch::of(&a).similarity(&Sketch::of(&a)) == 1.0);
        assert!(Sketch::of(&a).similarity(&Sketch::of(&edited)) > 0.7);
        assert!(Sketch::of(&a).similarity(&Sketch::of(&text(40, "blue"))) < 0.2);
        // A text that repeats itself keeps every distinct run, however few.
        assert_eq!(Sketch::of(&"a b c ".repeat(500)).0.len(), 3);
        assert_eq!(Sketch::of("").0.len(), 1);
        let sketch = Sketch::of(&a);
        let json = serde_json::to_string(&sketch).unwrap();
        assert_eq!(serde_json::from_str::<Sketch>(&json).unwrap(), sketch);
    }

    #[test]
    fn first_seen_ids_come_from_the_content_and_duplicates_get_suffixes() {
        let body = text(5, "x");
        let (ids, registry) = run(&[essay("a.md", &body), essay("b.md", &body)], &[]);
        let base = content_id(fingerprint(&body));
        assert_eq!(ids, [base.clone(), format!("{base}-2")]);
        assert_eq!(registry.len(), 2);
        // The same again: each keeps its own.
        let (again, _) = run(&[essay("a.md", &body), essay("b.md", &body)], &registry);
        assert_eq!(again, ids);
    }

    #[test]
    fn an_essay_keeps_its_id_when_edited_moved_or_both() {
        let body = text(30, "x");
        let other = text(30, "y");
        let (ids, reg) = run(&[essay("a.md", &body), essay("b.md", &other)], &[]);
        let edited = body.replace("x3 sentence", "x3 rewritten sentence");
        let (in_place, reg2) = run(&[essay("a.md", &edited), essay("b.md", &other)], &reg);
        assert_eq!(in_place, ids);
        let (moved, reg3) = run(&[essay("b.md", &other), essay("sub/c.md", &edited)], &reg2);
        assert_eq!(moved, [ids[1].clone(), ids[0].clone()]);
        let more = edited.replace("x9 sentence", "x9 changed sentence");
        let (both, _) = run(&[essay("d.md", &more), essay("b.md", &other)], &reg3);
        assert_eq!(both, ids);
    }

    #[test]
    fn a_moved_and_rewritten_essay_is_new_and_its_old_id_stays_unclaimed() {
        let (ids, reg) = run(&[essay("a.md", &text(30, "x"))], &[]);
        let (new, reg2) = run(&[essay("b.md", &text(30, "z"))], &reg);
        assert_ne!(new, ids);
        assert!(reg2.iter().any(|k| k.id == ids[0]), "kept as detached");
        // Rewritten in place: not the same essay either.
        let (rewritten, _) = run(&[essay("a.md", &text(30, "w"))], &reg);
        assert_ne!(rewritten, ids);
    }

    #[test]
    fn swapped_files_keep_their_ids_by_content() {
        let (x, y) = (text(30, "x"), text(30, "y"));
        let (ids, reg) = run(&[essay("a.md", &x), essay("b.md", &y)], &[]);
        let (swapped, _) = run(&[essay("a.md", &y), essay("b.md", &x)], &reg);
        assert_eq!(swapped, [ids[1].clone(), ids[0].clone()]);
    }

    #[test]
    fn a_long_text_hashed_on_two_threads_gets_the_same_identity_as_on_one() {
        let mut long = String::from("\u{feff}");
        let mut i = 0u64;
        while long.len() < TWO_THREADS_FROM * 3 / 2 {
            i += 1;
            let w = i.wrapping_mul(2_654_435_761) % 5000;
            long.push_str(&format!("w{w}{}", if i.is_multiple_of(7) { "’s\u{a0}—\n" } else { " " }));
        }
        assert!(split_for_threads(&long).is_some());
        let mut serial = Fold::default();
        for_each_word_hash(&long, |h| serial.push(h));
        assert_eq!(identify(&long), serial.finish());
    }

    #[test]
    fn a_book_identified_a_stretch_at_a_time_gets_the_same_identity_and_says_what_it_read() {
        // Five MiB, with a zero-width no-break space after many spaces: a stretch that began
        // with one must not drop it, as the start of a text does.
        let mut long = String::new();
        let mut i = 0u64;
        while long.len() < 5 << 20 {
            i += 1;
            let w = i.wrapping_mul(2_654_435_761) % 5000;
            long.push_str(&format!("w{w} {}", if i.is_multiple_of(3) { "\u{feff}x " } else { "" }));
        }
        let mut serial = Fold::default();
        for_each_word_hash(&long, |h| serial.push(h));
        let read = std::sync::Mutex::new(Vec::new());
        let identity = identify_reading(&long, &|r| read.lock().unwrap().push(r));
        assert_eq!(identity, serial.finish());
        let mut read = read.into_inner().unwrap();
        read.sort_by_key(|r| r.start);
        assert!(read.len() >= 4, "read in stretches: {read:?}");
        assert_eq!(read.first().map(|r| r.start), Some(0));
        assert!(read.windows(2).all(|w| w[0].end == w[1].start), "no gap, no overlap: {read:?}");
        assert_eq!(read.last().map(|r| r.end), Some(long.len()));
    }

    proptest::proptest! {
        /// The sketch kept as hashes arrive is the one of sorting every shingle's hash.
        #[test]
        fn the_sketch_is_the_smallest_distinct_shingle_hashes(
            words in proptest::collection::vec(0usize..40, 0..400)
        ) {
            let body: String = words.iter().map(|w| format!("w{w} ")).collect();
            let mut all = Vec::new();
            let mut recent = [0u64; SHINGLE];
            let mut seen = 0;
            for_each_word_hash(&body, |h| {
                recent.rotate_left(1);
                recent[SHINGLE - 1] = h;
                seen += 1;
                if seen >= SHINGLE {
                    all.push(shingle_hash(&recent));
                }
            });
            if seen < SHINGLE {
                all.push(shingle_hash(&recent[SHINGLE - seen..]));
            }
            all.sort_unstable();
            all.dedup();
            all.truncate(SKETCH_LEN);
            proptest::prop_assert_eq!(Sketch::of(&body).0, all);
        }
    }

    #[test]
    fn declared_ids_win() {
        let mut e = essay("a.md", &text(3, "x"));
        e.declared = Some("mine".into());
        let mut f = essay("b.md", &text(3, "y"));
        f.declared = Some("mine".into());
        let (ids, _) = run(&[e, f], &[]);
        assert_eq!(ids, ["mine", "mine-2"]);
    }
}
