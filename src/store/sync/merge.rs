//! Every machine's lines joined into what the reader sees.
//!
//! Each bookmark is a few registers (its body, its label, whether it exists), each taking
//! the value of the newest line that sets it; a position is the newest line per essay and
//! machine. Joining is order-free and a line read twice changes nothing, so any machine
//! that has read the same files shows the same bookmarks and places.

use std::collections::{BTreeMap, HashMap};

use super::hlc::Hlc;
use super::ops::{Line, Op};
use crate::store::records::{Bookmark, Highlight, SavedPosition};
use crate::store::time;

/// A value and the stamp of the line that set it.
type Reg<T> = Option<(Hlc, T)>;

/// Sets `reg` to `value` if `at` is newer than what it holds.
fn set<T>(reg: &mut Reg<T>, at: &Hlc, value: impl FnOnce() -> T) {
    if reg.as_ref().is_none_or(|(old, _)| at > old) {
        *reg = Some((at.clone(), value()));
    }
}

/// One bookmark's or highlight's registers: its body, the part people edit (a label, a
/// note), and whether it exists.
#[derive(Debug, Clone)]
struct Mark<T, E> {
    body: Reg<T>,
    /// The first line that made it, for "made on laptop".
    made: Option<(Hlc, String)>,
    edit: Reg<E>,
    alive: Reg<bool>,
}

impl<T, E> Default for Mark<T, E> {
    fn default() -> Self {
        Mark { body: None, made: None, edit: None, alive: None }
    }
}

impl<T: Clone, E: Clone> Mark<T, E> {
    /// A line that makes it (or puts it back): body, edit and "exists" at once.
    fn add(&mut self, at: &Hlc, dev: &str, body: &T, edit: E) {
        set(&mut self.body, at, || body.clone());
        set(&mut self.edit, at, || edit);
        set(&mut self.alive, at, || true);
        if self.made.as_ref().is_none_or(|(first, _)| at < first) {
            self.made = Some((at.clone(), dev.to_owned()));
        }
    }

    /// The body as it is now, with its stamp, if it exists.
    fn live(&self) -> Option<(&Hlc, &T, Option<&E>)> {
        match (&self.body, &self.alive) {
            (Some((at, body)), Some((_, true))) => Some((at, body, self.edit.as_ref().map(|(_, e)| e))),
            _ => None,
        }
    }
}

/// A bookmark's editable part: its label.
type BookmarkMark = Mark<Bookmark, String>;
/// A highlight's editable part: its note and when it was edited.
type HighlightMark = Mark<Highlight, (String, String)>;

/// One machine's newest line for an essay (as the line named it).
#[derive(Debug, Clone)]
struct Placed {
    at: Hlc,
    dev: String,
    position: SavedPosition,
}

/// Where an essay was last read, on any machine and on this one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Whereabouts {
    /// The newest position on any machine.
    pub newest: SavedPosition,
    /// The device that saved it and whether that is this machine.
    pub device: String,
    /// Whether the newest is this machine's own.
    pub here: bool,
    /// This machine's own newest, if it ever read the essay.
    pub mine: Option<SavedPosition>,
}

/// All machines' lines, joined.
#[derive(Debug, Clone, Default)]
pub(crate) struct Merged {
    marks: HashMap<String, BookmarkMark>,
    lights: HashMap<String, HighlightMark>,
    places: HashMap<(String, String), Placed>,
    /// Essay id moves by old id: (stamp, new id), oldest first.
    rekeys: HashMap<String, Vec<(Hlc, String)>>,
    /// The newest stamp joined.
    pub newest: Hlc,
    // What the reader sees, rebuilt by `refresh`.
    list: Vec<Bookmark>,
    highlights: Vec<Highlight>,
    devices: HashMap<String, String>,
    whereabouts: BTreeMap<String, Whereabouts>,
    positions: Vec<SavedPosition>,
}

impl Merged {
    /// Joins one line; call [`Merged::refresh`] after a batch.
    pub fn join(&mut self, line: &Line) {
        if line.at > self.newest {
            self.newest = line.at.clone();
        }
        let at = &line.at;
        match &line.op {
            Op::Add(b) => self.marks.entry(b.id.clone()).or_default().add(at, &line.dev, b, b.label.clone()),
            Op::Delete { id } => set(&mut self.marks.entry(id.clone()).or_default().alive, at, || false),
            Op::Label { id, label } => {
                set(&mut self.marks.entry(id.clone()).or_default().edit, at, || label.clone())
            }
            Op::Highlight(h) => {
                let edit = (h.note.clone(), h.edited.clone());
                self.lights.entry(h.id.clone()).or_default().add(at, &line.dev, h, edit);
            }
            Op::Unhighlight { id } => {
                set(&mut self.lights.entry(id.clone()).or_default().alive, at, || false)
            }
            Op::Note { id, note, edited } => {
                let edit = || (note.clone(), edited.clone());
                set(&mut self.lights.entry(id.clone()).or_default().edit, at, edit);
            }
            Op::Position(p) => {
                let key = (p.essay.clone(), at.machine.clone());
                if self.places.get(&key).is_none_or(|old| at > &old.at) {
                    let placed = Placed { at: at.clone(), dev: line.dev.clone(), position: p.clone() };
                    self.places.insert(key, placed);
                }
            }
            Op::Rekey { from, to } => {
                let moves = self.rekeys.entry(from.clone()).or_default();
                if !moves.iter().any(|(a, t)| a == at && t == to) {
                    moves.push((at.clone(), to.clone()));
                    moves.sort();
                }
            }
        }
    }

    /// Rebuilds what the reader sees; `me` is this machine's id.
    pub fn refresh(&mut self, me: &str) {
        let mut devices = HashMap::new();
        let mut list = Vec::with_capacity(self.marks.len());
        for (id, mark) in &self.marks {
            let Some((at, body, label)) = mark.live() else { continue };
            let mut b = body.clone();
            if let Some(label) = label {
                b.label.clone_from(label);
            }
            b.essay = self.essay(&b.essay, at);
            if let Some((_, dev)) = &mark.made {
                devices.insert(id.clone(), dev.clone());
            }
            list.push(((time::parse(&b.created), at), b));
        }
        let mut lights = Vec::with_capacity(self.lights.len());
        for mark in self.lights.values() {
            let Some((at, body, note)) = mark.live() else { continue };
            let mut h = body.clone();
            if let Some((note, edited)) = note {
                (h.note, h.edited) = (note.clone(), edited.clone());
            }
            h.essay = self.essay(&h.essay, at);
            lights.push(((time::parse(&h.created), at), h));
        }
        // Oldest first; the stamp keeps same-second ones in the order they were made.
        list.sort_by(|a, b| a.0.cmp(&b.0));
        lights.sort_by(|a, b| a.0.cmp(&b.0));
        self.list = list.into_iter().map(|(_, b)| b).collect();
        self.highlights = lights.into_iter().map(|(_, h)| h).collect();
        self.devices = devices;

        let mut newest: BTreeMap<String, (&Placed, Option<&Placed>)> = BTreeMap::new();
        for ((essay, machine), placed) in &self.places {
            let essay = self.essay(essay, &placed.at);
            let mine = (machine == me).then_some(placed);
            match newest.get_mut(&essay) {
                Some((top, own)) => {
                    if placed.at > top.at {
                        *top = placed;
                    }
                    if let Some(m) = mine
                        && own.is_none_or(|o| m.at > o.at)
                    {
                        *own = Some(m);
                    }
                }
                None => {
                    newest.insert(essay, (placed, mine));
                }
            }
        }
        let with_essay =
            |p: &Placed, essay: &str| SavedPosition { essay: essay.to_owned(), ..p.position.clone() };
        self.whereabouts = newest
            .into_iter()
            .map(|(essay, (top, mine))| {
                let w = Whereabouts {
                    newest: with_essay(top, &essay),
                    device: top.dev.clone(),
                    here: top.at.machine == me,
                    mine: mine.map(|m| with_essay(m, &essay)),
                };
                (essay, w)
            })
            .collect();
        self.positions = self.whereabouts.values().map(|w| w.newest.clone()).collect();
    }

    /// The essay id saved as `essay` at `at` has now: moved by every later rekey in turn.
    fn essay(&self, essay: &str, at: &Hlc) -> String {
        let (mut essay, mut at) = (essay.to_owned(), at.clone());
        // Bounded: each step moves to a strictly later stamp, but a cycle of many is absurd.
        for _ in 0..64 {
            let Some(next) = self.rekeys.get(&essay).and_then(|m| m.iter().find(|(when, _)| *when > at))
            else {
                break;
            };
            (at, essay) = next.clone();
        }
        essay
    }

    /// The bookmarks that exist, oldest first.
    pub fn bookmarks(&self) -> &[Bookmark] {
        &self.list
    }

    /// Whether a bookmark with this id exists now.
    pub fn alive(&self, id: &str) -> bool {
        self.marks.get(id).is_some_and(|m| m.live().is_some())
    }

    /// The highlights that exist, oldest first.
    pub fn highlights(&self) -> &[Highlight] {
        &self.highlights
    }

    /// Whether a highlight with this id exists now.
    pub fn lit(&self, id: &str) -> bool {
        self.lights.get(id).is_some_and(|m| m.live().is_some())
    }

    /// The device a bookmark was made on.
    pub fn device(&self, id: &str) -> Option<&str> {
        self.devices.get(id).map(String::as_str)
    }

    /// Each essay's newest position, by essay id.
    pub fn positions(&self) -> &[SavedPosition] {
        &self.positions
    }

    /// Where an essay was last read, here and anywhere.
    pub fn whereabouts(&self, essay: &str) -> Option<&Whereabouts> {
        self.whereabouts.get(essay)
    }
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
    let mut adds: HashMap<&str, usize> = HashMap::new();
    let mut labels: HashMap<&str, usize> = HashMap::new();
    let mut deletes: HashMap<&str, usize> = HashMap::new();
    let mut places: HashMap<&str, usize> = HashMap::new();
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
