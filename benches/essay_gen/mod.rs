//! The benchmarks' essay generator: deterministic essays of any size, shaped like real ones.
//!
//! Paragraphs of 60–200 words with some emphasis, links and footnotes, a heading every ~20
//! paragraphs, a few lists and quotes, half the paragraphs hard-wrapped at 78 columns.
//! [`Shape::Typographic`] writes the typography of published essays at the rates measured
//! on the bundled essays and on modern web essays (per 1,000 words): apostrophes ’ ~20,
//! paired quotes “…” ~6, en dashes – ~7, em dashes — ~5, accented names ~2, ellipses …
//! ~0.3, a no-break space after ~1 sentence in 10, links ~3 and footnotes ~3.
//! [`Shape::Ascii`] is the same prose with none of it (straight quotes, `--`), the floor to
//! compare with.

/// Which characters the essay is written in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    /// Curly quotes, apostrophes, dashes, accented names: like a published essay.
    Typographic,
    /// Pure ASCII: straight quotes and `--`.
    Ascii,
}

/// Knuth's MMIX linear congruential generator: deterministic and good enough for prose.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.next() % (hi - lo + 1)
    }

    /// True `per_mille` times in 1,000.
    fn per_mille(&mut self, per_mille: u32) -> bool {
        self.next() % 1000 < per_mille
    }

    /// True one time in `n`.
    fn one_in(&mut self, n: u32) -> bool {
        self.next().is_multiple_of(n)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() as usize % items.len()]
    }
}

const WORDS: &[&str] = &[
    "the",
    "the",
    "the",
    "of",
    "of",
    "and",
    "and",
    "to",
    "to",
    "a",
    "in",
    "that",
    "is",
    "it",
    "for",
    "as",
    "with",
    "was",
    "on",
    "be",
    "by",
    "not",
    "this",
    "are",
    "but",
    "from",
    "or",
    "have",
    "an",
    "they",
    "which",
    "one",
    "were",
    "their",
    "we",
    "there",
    "been",
    "has",
    "more",
    "if",
    "no",
    "so",
    "what",
    "about",
    "up",
    "movement",
    "party",
    "workers",
    "class",
    "organising",
    "leadership",
    "members",
    "document",
    "leak",
    "accountability",
    "democracy",
    "internal",
    "bulletin",
    "comrades",
    "solidarity",
    "struggle",
    "union",
    "strike",
    "capital",
    "labour",
    "politics",
    "left",
    "right-wing",
    "culture",
    "logic",
    "voice",
    "exit",
    "loyalty",
    "criticism",
    "faction",
    "conference",
    "resolution",
    "majority",
    "minority",
    "secretary",
    "committee",
    "branch",
    "newspaper",
    "pamphlet",
    "argument",
    "history",
    "tradition",
    "question",
    "transparency",
    "bureaucracy",
    "discipline",
    "centralism",
    "organisation",
    "revolutionary",
    "reform",
    "electoral",
    "campaign",
    "activists",
    "ordinary",
    "people",
    "because",
    "however",
    "therefore",
    "nevertheless",
    "unfortunately",
    "obviously",
    "perhaps",
    "never",
    "always",
    "public",
    "private",
    "responsibility",
    "decades",
    "years",
    "power",
    "state",
];

/// Words that take an apostrophe: contractions and possessives.
const APOSTROPHE_WORDS: &[(&str, &str)] = &[
    ("don", "t"),
    ("it", "s"),
    ("party", "s"),
    ("isn", "t"),
    ("can", "t"),
    ("we", "re"),
    ("members", ""),
    ("they", "ve"),
    ("leadership", "s"),
    ("that", "s"),
];

/// Names with accents, as essays cite them.
const NAMES: &[&str] = &[
    "Lukács",
    "Žižek",
    "Gramsci",
    "Brontë",
    "Pérez",
    "Müller",
    "Łukasz",
    "Sørensen",
    "Dvořák",
    "Ibáñez",
    "Gödel",
    "Jaurès",
];

const TITLE_WORDS: &[&str] = &[
    "Voice",
    "Exit",
    "Loyalty",
    "Leaks",
    "Democracy",
    "Party",
    "Members",
    "Secrets",
    "Power",
    "Candour",
    "Bureaucracy",
    "Accountability",
    "Factions",
    "Discipline",
];

struct Essay {
    rng: Lcg,
    shape: Shape,
    out: String,
    notes: Vec<String>,
    note_count: usize,
    links: usize,
}

impl Essay {
    fn typographic(&self) -> bool {
        self.shape == Shape::Typographic
    }

    /// One word of prose, with the typography of the shape at its rates.
    fn word(&mut self, s: &mut String) {
        let ascii = !self.typographic();
        if self.rng.per_mille(20) {
            let (stem, tail) = APOSTROPHE_WORDS[self.rng.next() as usize % APOSTROPHE_WORDS.len()];
            s.push_str(stem);
            s.push_str(if ascii { "'" } else { "’" });
            s.push_str(tail);
        } else if self.rng.per_mille(2) {
            s.push_str(if ascii { "Lukacs" } else { self.rng.pick(NAMES) });
        } else {
            s.push_str(self.rng.pick(WORDS));
        }
    }

    fn words(&mut self, n: u32) -> String {
        let mut s = String::new();
        let mut since_stop = 0;
        let mut quote_open = false;
        for i in 0..n {
            if i > 0 {
                if self.rng.per_mille(7) {
                    s.push_str(if self.typographic() { " – " } else { " -- " });
                } else if self.rng.per_mille(5) {
                    s.push_str(if self.typographic() { "—" } else { "--" });
                } else {
                    s.push(' ');
                }
            }
            if !quote_open && self.rng.per_mille(6) {
                s.push_str(if self.typographic() { "“" } else { "\"" });
                quote_open = true;
            }
            let mut w = String::new();
            self.word(&mut w);
            if since_stop == 0 {
                let mut c = w.chars();
                if let Some(first) = c.next() {
                    s.extend(first.to_uppercase());
                    s.push_str(c.as_str());
                }
            } else if self.rng.per_mille(25) {
                s.push_str(&format!("*{w}*"));
            } else if self.rng.per_mille(11) {
                let other = self.rng.pick(WORDS);
                s.push_str(&format!("**{w} {other}**"));
            } else if self.rng.per_mille(3) {
                self.links += 1;
                let other = self.rng.pick(WORDS);
                s.push_str(&format!("[{w} {other}](https://example.org/archive/{})", self.links));
            } else if self.rng.per_mille(16) {
                s.push_str(&format!("`{w}`"));
            } else {
                s.push_str(&w);
            }
            if quote_open && self.rng.one_in(6) {
                s.push_str(if self.typographic() { "”" } else { "\"" });
                quote_open = false;
            }
            if self.rng.per_mille(3) {
                self.note_count += 1;
                let n = self.note_count;
                s.push_str(&format!("[^{n}]"));
                let len = self.rng.range(8, 30);
                let body = self.words(len);
                self.notes.push(format!("[^{n}]: {body}"));
            }
            since_stop += 1;
            if since_stop > 6 && self.rng.one_in(12) {
                if quote_open {
                    s.push_str(if self.typographic() { "”" } else { "\"" });
                    quote_open = false;
                }
                s.push_str(if self.rng.per_mille(20) {
                    if self.typographic() { "…" } else { "..." }
                } else {
                    "."
                });
                if self.typographic() && self.rng.one_in(10) {
                    // Two spaces after a full stop, as typed by many writers, the first kept.
                    s.push('\u{a0}');
                }
                since_stop = 0;
            } else if self.rng.one_in(10) {
                s.push(',');
            }
        }
        if quote_open {
            s.push_str(if self.typographic() { "”" } else { "\"" });
        }
        s.push('.');
        s
    }

    /// Hard-wraps half of the paragraphs at about 78 columns, as many essays are written.
    fn push_paragraph(&mut self, prefix: &str, text: &str) {
        if self.rng.one_in(2) {
            self.out.push_str(prefix);
            self.out.push_str(text);
            self.out.push('\n');
        } else {
            let mut col = 0;
            self.out.push_str(prefix);
            for (i, w) in text.split(' ').enumerate() {
                let len = w.chars().count();
                if i > 0 {
                    if col + len > 78 {
                        self.out.push('\n');
                        self.out.push_str(prefix);
                        col = 0;
                    } else {
                        self.out.push(' ');
                        col += 1;
                    }
                }
                self.out.push_str(w);
                col += len;
            }
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    fn flush_notes(&mut self) {
        for note in std::mem::take(&mut self.notes) {
            self.out.push_str(&note);
            self.out.push_str("\n\n");
        }
    }
}

/// A deterministic essay of at least `size` bytes.
pub fn generate(size: usize, seed: u64, shape: Shape) -> String {
    let mut e = Essay {
        rng: Lcg(seed),
        shape,
        out: String::with_capacity(size + 4096),
        notes: Vec::new(),
        note_count: 0,
        links: 0,
    };
    e.out.push_str("---\nid: bench\ntitle: \"On Leaks and Loyalty\"\nauthor: Bench Mark\n---\n\n# On Leaks and Loyalty\n\n");
    let mut paragraph = 0u32;
    let mut section = 0u32;
    while e.out.len() < size {
        paragraph += 1;
        if paragraph.is_multiple_of(20) || (paragraph > 3 && e.rng.one_in(25)) {
            e.flush_notes();
            section += 1;
            let hashes = if e.rng.one_in(4) { "###" } else { "##" };
            let (a, b) = (e.rng.pick(TITLE_WORDS), e.rng.pick(TITLE_WORDS));
            e.out.push_str(&format!("{hashes} {section}. {a} and {b}\n\n"));
        }
        if e.rng.one_in(15) {
            for _ in 0..e.rng.range(3, 6) {
                let n = e.rng.range(5, 20);
                let item = e.words(n);
                e.out.push_str("- ");
                e.out.push_str(&item);
                e.out.push('\n');
            }
            e.out.push('\n');
        } else if e.rng.one_in(12) {
            let n = e.rng.range(40, 80);
            let text = e.words(n);
            e.push_paragraph("> ", &text);
        } else {
            let n = e.rng.range(60, 200);
            let text = e.words(n);
            e.push_paragraph("", &text);
        }
    }
    e.flush_notes();
    e.out
}
