//! Every machine's lines joined into what the reader sees.
//!
//! Each bookmark or highlight is a few registers (its body, its label or note, whether it
//! exists), each taking the value of the newest line that sets it; a position is the newest
//! line per essay and machine. Joining is order-free and a line read twice changes nothing,
//! so any machine that has read the same files shows the same state. Bodies are kept as
//! shown (label, note and essay id applied in place), so nothing is copied to show them.

use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;
use std::time::SystemTime;

use super::hlc::Hlc;
use super::ops::{Line, Op};
use crate::store::records::{Bookmark, Highlight, SavedPosition};
use crate::store::time;

/// FNV-1a: ids and essay ids are short and come from our own files, so a fast hash is
/// enough (std's default one costs a noticeable part of reading 20,000 lines).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<Fnv>>;

/// A value and the stamp of the line that set it.
type Reg<T> = Option<(Hlc, T)>;

/// Sets `reg` to `value` if `at` is newer than what it holds; whether it did.
fn set<T>(reg: &mut Reg<T>, at: &Hlc, value: impl FnOnce() -> T) -> bool {
    let newer = reg.as_ref().is_none_or(|(old, _)| at > old);
    if newer {
        *reg = Some((at.clone(), value()));
    }
    newer
}

/// What a bookmark and a highlight have in common for joining.
trait Body: Clone {
    /// What the reader edits afterwards (a label; a note and its date).
    type Edit: Clone;
    fn edit(&self) -> Self::Edit;
    fn apply(&mut self, edit: &Self::Edit);
    fn essay_mut(&mut self) -> &mut String;
    fn created(&self) -> &str;
}

impl Body for Bookmark {
    type Edit = String;
    fn edit(&self) -> String {
        self.label.clone()
    }
    fn apply(&mut self, edit: &String) {
        self.label.clone_from(edit);
    }
    fn essay_mut(&mut self) -> &mut String {
        &mut self.essay
    }
    fn created(&self) -> &str {
        &self.created
    }
}

impl Body for Highlight {
    type Edit = (String, String);
    fn edit(&self) -> (String, String) {
        (self.note.clone(), self.edited.clone())
    }
    fn apply(&mut self, (note, edited): &(String, String)) {
        self.note.clone_from(note);
        self.edited.clone_from(edited);
    }
    fn essay_mut(&mut self) -> &mut String {
        &mut self.essay
    }
    fn created(&self) -> &str {
        &self.created
    }
}

/// One bookmark's or highlight's registers.
#[derive(Debug, Clone)]
struct Mark<T: Body> {
    /// The body as shown: the newest add's, with the newest edit and the essay's id now.
    body: Reg<T>,
    /// The essay id the body's line gave (rekeys move from it).
    saved_essay: String,
    /// The first line that made it, for "made on laptop".
    made: Option<(Hlc, Arc<str>)>,
    edit: Reg<T::Edit>,
    alive: Reg<bool>,
}

impl<T: Body> Default for Mark<T> {
    fn default() -> Self {
        Mark { body: None, saved_essay: String::new(), made: None, edit: None, alive: None }
    }
}

impl<T: Body> Mark<T> {
    /// A line that makes it (or puts it back): body, edit and "exists" at once.
    fn add(&mut self, at: &Hlc, dev: &Arc<str>, mut body: T) -> bool {
        let edit = body.edit();
        let mut changed = set(&mut self.edit, at, || edit);
        changed |= set(&mut self.alive, at, || true);
        if self.made.as_ref().is_none_or(|(first, _)| at < first) {
            self.made = Some((at.clone(), dev.clone()));
        }
        if self.body.as_ref().is_none_or(|(old, _)| at > old) {
            self.saved_essay.clone_from(body.essay_mut());
            if let Some((_, edit)) = &self.edit {
                body.apply(edit);
            }
            self.body = Some((at.clone(), body));
            changed = true;
        } else if changed {
            self.sync();
        }
        changed
    }

    /// A line that edits it.
    fn set_edit(&mut self, at: &Hlc, edit: T::Edit) -> bool {
        let changed = set(&mut self.edit, at, || edit);
        if changed {
            self.sync();
        }
        changed
    }

    fn sync(&mut self) {
        if let (Some((_, body)), Some((_, edit))) = (&mut self.body, &self.edit) {
            body.apply(edit);
        }
    }

    /// The body, if it exists now.
    fn live(&self) -> Option<&T> {
        match (&self.body, &self.alive) {
            (Some((_, body)), Some((_, true))) => Some(body),
            _ => None,
        }
    }
}

/// One machine's newest line for an essay (as the line named it).
#[derive(Debug, Clone)]
struct Placed {
    at: Hlc,
    dev: Arc<str>,
    position: SavedPosition,
}

/// Where an essay was last read, on any machine and on this one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Whereabouts<'a> {
    /// The newest position on any machine.
    pub newest: &'a SavedPosition,
    /// The device that saved it.
    pub device: &'a str,
    /// Whether the newest is this machine's own.
    pub here: bool,
    /// This machine's own newest, if it ever read the essay.
    pub mine: Option<&'a SavedPosition>,
}

/// All machines' lines, joined.
#[derive(Debug, Clone, Default)]
pub(crate) struct Merged {
    marks: HashMap<String, Mark<Bookmark>>,
    lights: HashMap<String, Mark<Highlight>>,
    /// Each machine's newest position per essay (as its line named the essay), the essay
    /// id in `position` moved to what it is now.
    places: Vec<Placed>,
    /// Where in `places` the line for (essay as named, machine) is.
    place_index: HashMap<(String, Arc<str>), usize>,
    /// Essay id moves by old id: (stamp, new id), oldest first.
    rekeys: HashMap<String, Vec<(Hlc, String)>>,
    /// The newest stamp joined.
    pub newest: Hlc,
    /// Counts joins that changed something (so a caller can tell what it shows is stale).
    pub generation: u64,
    // What the reader sees, rebuilt by `refresh`.
    marks_order: Vec<String>,
    lights_order: Vec<String>,
    /// By essay id now: the newest place and this machine's, as indices into `places`.
    whereabouts: HashMap<String, (usize, Option<usize>)>,
}

impl Merged {
    /// Joins one line; call [`Merged::refresh`] after a batch. Whether it changed anything.
    pub fn join(&mut self, line: Line) -> bool {
        if line.at > self.newest {
            self.newest = line.at.clone();
        }
        let Line { at, dev, op } = line;
        let changed = match op {
            Op::Add(b) => self.marks.entry(b.id.clone()).or_default().add(&at, &dev, b),
            Op::Delete { id } => set(&mut self.marks.entry(id).or_default().alive, &at, || false),
            Op::Label { id, label } => self.marks.entry(id).or_default().set_edit(&at, label),
            Op::Highlight(h) => self.lights.entry(h.id.clone()).or_default().add(&at, &dev, h),
            Op::Unhighlight { id } => set(&mut self.lights.entry(id).or_default().alive, &at, || false),
            Op::Note { id, note, edited } => self.lights.entry(id).or_default().set_edit(&at, (note, edited)),
            Op::Position(p) => {
                let key = (p.essay.clone(), at.machine.clone());
                let placed = Placed { at, dev, position: p };
                match self.place_index.get(&key) {
                    Some(&i) if placed.at > self.places[i].at => {
                        self.places[i] = placed;
                        true
                    }
                    Some(_) => false,
                    None => {
                        self.place_index.insert(key, self.places.len());
                        self.places.push(placed);
                        true
                    }
                }
            }
            Op::Rekey { from, to } => {
                let moves = self.rekeys.entry(from).or_default();
                let new = !moves.iter().any(|(a, t)| *a == at && *t == to);
                if new {
                    moves.push((at, to));
                    moves.sort();
                }
                new
            }
        };
        if changed {
            self.generation += 1;
        }
        changed
    }

    /// Makes room for a file's lines (of one kind) without growing the maps often.
    pub fn reserve(&mut self, lines: &[Line]) {
        match lines.first().map(|l| &l.op) {
            Some(Op::Add(_) | Op::Delete { .. } | Op::Label { .. }) => self.marks.reserve(lines.len()),
            Some(Op::Position(_)) => self.place_index.reserve(lines.len()),
            _ => {}
        }
    }

    /// Rebuilds what the reader sees; `me` is this machine's id.
    pub fn refresh(&mut self, me: &str) {
        self.marks_order = order(&mut self.marks, &self.rekeys);
        self.lights_order = order(&mut self.lights, &self.rekeys);

        if !self.rekeys.is_empty() {
            for ((essay, _), &i) in &self.place_index {
                let placed = &mut self.places[i];
                let now = moved(&self.rekeys, essay, &placed.at);
                if placed.position.essay != now {
                    placed.position.essay = now;
                }
            }
        }
        let mut index: HashMap<String, (usize, Option<usize>)> = HashMap::default();
        index.reserve(self.places.len());
        for (i, placed) in self.places.iter().enumerate() {
            let mine = (&*placed.at.machine == me).then_some(i);
            match index.get_mut(&placed.position.essay) {
                Some((top, own)) => {
                    if placed.at > self.places[*top].at {
                        *top = i;
                    }
                    if mine.is_some() && own.is_none_or(|o| placed.at > self.places[o].at) {
                        *own = mine;
                    }
                }
                None => {
                    index.insert(placed.position.essay.clone(), (i, mine));
                }
            }
        }
        self.whereabouts = index;
    }

    /// The bookmarks that exist, oldest first.
    pub fn bookmarks(&self) -> impl Iterator<Item = &Bookmark> {
        self.marks_order.iter().filter_map(|id| self.marks.get(id)?.live())
    }

    /// The bookmark with this id, if it exists now.
    pub fn bookmark(&self, id: &str) -> Option<&Bookmark> {
        self.marks.get(id)?.live()
    }

    /// Whether a bookmark with this id exists now.
    pub fn alive(&self, id: &str) -> bool {
        self.bookmark(id).is_some()
    }

    /// The highlights that exist, oldest first.
    pub fn highlights(&self) -> impl Iterator<Item = &Highlight> {
        self.lights_order.iter().filter_map(|id| self.lights.get(id)?.live())
    }

    /// The highlight with this id, if it exists now.
    pub fn highlight(&self, id: &str) -> Option<&Highlight> {
        self.lights.get(id)?.live()
    }

    /// Whether a highlight with this id exists now.
    pub fn lit(&self, id: &str) -> bool {
        self.highlight(id).is_some()
    }

    /// The device a bookmark was made on.
    pub fn device(&self, id: &str) -> Option<&str> {
        self.marks.get(id)?.made.as_ref().map(|(_, dev)| &**dev)
    }

    /// The device a highlight was made on.
    pub fn highlight_device(&self, id: &str) -> Option<&str> {
        self.lights.get(id)?.made.as_ref().map(|(_, dev)| &**dev)
    }

    /// Each essay's newest position, ordered by essay id.
    pub fn positions(&self) -> Vec<&SavedPosition> {
        let mut all: Vec<&SavedPosition> =
            self.whereabouts.values().map(|&(top, _)| &self.places[top].position).collect();
        all.sort_unstable_by(|a, b| a.essay.cmp(&b.essay));
        all
    }

    /// Where an essay was last read, here and anywhere.
    pub fn whereabouts(&self, essay: &str) -> Option<Whereabouts<'_>> {
        let &(top, own) = self.whereabouts.get(essay)?;
        let newest = &self.places[top];
        Some(Whereabouts {
            newest: &newest.position,
            device: &newest.dev,
            here: own == Some(top),
            mine: own.map(|o| &self.places[o].position),
        })
    }
}

/// Moves each body to the essay id it has now, and gives the ids of those that exist, oldest
/// first (the stamp keeps same-second ones in the order they were made).
fn order<T: Body>(
    marks: &mut HashMap<String, Mark<T>>,
    rekeys: &HashMap<String, Vec<(Hlc, String)>>,
) -> Vec<String> {
    let mut live: Vec<((SystemTime, &Hlc), &String)> = Vec::with_capacity(marks.len());
    for (id, mark) in marks.iter_mut() {
        let alive = matches!(mark.alive, Some((_, true)));
        let Some((at, body)) = mark.body.as_mut() else { continue };
        if !rekeys.is_empty() {
            let essay = moved(rekeys, &mark.saved_essay, at);
            if *body.essay_mut() != essay {
                *body.essay_mut() = essay;
            }
        }
        if alive {
            live.push(((time::parse(body.created()), at), id));
        }
    }
    live.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    live.into_iter().map(|(_, id)| id.clone()).collect()
}

/// The essay id saved as `essay` at `at` has now: moved by every later rekey in turn.
fn moved(rekeys: &HashMap<String, Vec<(Hlc, String)>>, essay: &str, at: &Hlc) -> String {
    let (mut essay, mut at) = (essay.to_owned(), at.clone());
    // Bounded: each step moves to a strictly later stamp, but a cycle of many is absurd.
    for _ in 0..64 {
        let Some(next) = rekeys.get(&essay).and_then(|m| m.iter().find(|(when, _)| *when > at)) else {
            break;
        };
        (at, essay) = next.clone();
    }
    essay
}

/// One machine's own lines with every line dropped that a later line of its own makes
/// irrelevant (the reader sees the same either way), oldest first. Tombstones stay.
pub(crate) fn compact(lines: Vec<Line>) -> Vec<Line> {
    let keep = kept(&lines);
    let mut slots: Vec<Option<Line>> = lines.into_iter().map(Some).collect();
    keep.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// The indices of the lines [`compact`] keeps, in stamp order.
fn kept(lines: &[Line]) -> Vec<usize> {
    fn newer<'a>(lines: &[Line], map: &mut HashMap<&'a str, usize>, key: &'a str, i: usize) {
        if map.get(key).is_none_or(|&j| lines[i].at > lines[j].at) {
            map.insert(key, i);
        }
    }
    // The newest add, edit and delete per bookmark or highlight id (ids are unique across
    // both, and a file holds one kind); the newest position per essay.
    let mut adds: HashMap<&str, usize> = HashMap::default();
    let mut labels: HashMap<&str, usize> = HashMap::default();
    let mut deletes: HashMap<&str, usize> = HashMap::default();
    let mut places: HashMap<&str, usize> = HashMap::default();
    let mut rekeys: Vec<usize> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        match &line.op {
            Op::Add(Bookmark { id, .. }) | Op::Highlight(Highlight { id, .. }) => {
                newer(lines, &mut adds, id, i)
            }
            Op::Label { id, .. } | Op::Note { id, .. } => newer(lines, &mut labels, id, i),
            Op::Delete { id } | Op::Unhighlight { id } => newer(lines, &mut deletes, id, i),
            Op::Position(p) => newer(lines, &mut places, &p.essay, i),
            Op::Rekey { .. } => {
                if !rekeys.iter().any(|&j| lines[j] == *line) {
                    rekeys.push(i);
                }
            }
        }
    }
    let add_at = |id: &str| adds.get(id).map(|&i| &lines[i].at);
    let mut keep: Vec<usize> = adds.values().chain(places.values()).chain(rekeys.iter()).copied().collect();
    for map in [&labels, &deletes] {
        keep.extend(
            map.iter().filter(|(id, i)| add_at(id).is_none_or(|a| lines[**i].at > *a)).map(|(_, i)| *i),
        );
    }
    keep.sort_by(|&a, &b| lines[a].at.cmp(&lines[b].at).then(a.cmp(&b)));
    keep.dedup();
    keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::position::capture;
    use proptest::prelude::*;

    /// (machine, stamp ms, what: 0 add / 1 delete / 2 label / 3 position, which id or essay, label)
    type Step = (usize, u64, u8, usize, usize);

    fn lines(steps: &[Step]) -> Vec<Line> {
        let anchor = capture("Some text of an essay to anchor in.", 5, vec![]);
        steps
            .iter()
            .enumerate()
            .map(|(n, &(m, ms, what, which, label))| {
                let machine = format!("m{m}");
                let at = Hlc { ms, count: u32::try_from(n).unwrap_or(0), machine: machine.as_str().into() };
                let id = format!("b{which}");
                let op = match what {
                    0 => {
                        let mut b = Bookmark::new("e", &format!("l{label}"), "s", "snip", anchor.clone());
                        b.id = id;
                        b.created = "2026-01-01T00:00:00Z".into();
                        Op::Add(b)
                    }
                    1 => Op::Delete { id },
                    2 => Op::Label { id, label: format!("l{label}") },
                    _ => Op::Position(SavedPosition::new(&format!("e{which}"), anchor.clone(), 0.5)),
                };
                Line { at, dev: machine.as_str().into(), op }
            })
            .collect()
    }

    fn shown(merged: &mut Merged) -> (Vec<Bookmark>, Vec<SavedPosition>) {
        merged.refresh("m0");
        (merged.bookmarks().cloned().collect(), merged.positions().into_iter().cloned().collect())
    }

    fn step() -> impl Strategy<Value = Step> {
        (0..3usize, 0..20u64, 0..4u8, 0..4usize, 0..3usize)
    }

    proptest! {
        /// Any order, any line read twice (conflict copies), one machine's lines compacted:
        /// every machine shows the same.
        #[test]
        fn joining_is_order_free_idempotent_and_compaction_changes_nothing(
            steps in proptest::collection::vec(step(), 1..40),
            shuffle in proptest::collection::vec(any::<prop::sample::Index>(), 40),
        ) {
            let all = lines(&steps);
            let mut in_order = Merged::default();
            for line in all.clone() {
                in_order.join(line);
            }
            let mut mixed = all.clone();
            for (i, pick) in shuffle.iter().enumerate().take(mixed.len()) {
                let j = pick.index(mixed.len());
                mixed.swap(i, j);
            }
            mixed.extend(all.iter().take(5).cloned());
            let mut shuffled = Merged::default();
            for line in mixed {
                shuffled.join(line);
            }
            let (mine, theirs): (Vec<Line>, Vec<Line>) = all.into_iter().partition(|l| &*l.at.machine == "m0");
            let mut compacted = Merged::default();
            for line in compact(mine).into_iter().chain(theirs) {
                compacted.join(line);
            }
            let expected = shown(&mut in_order);
            prop_assert_eq!(&expected, &shown(&mut shuffled));
            prop_assert_eq!(&expected, &shown(&mut compacted));
        }
    }
}
