//! The keymap in use: the default table ([`super::KEYMAP`]) with the user's `[keys]` applied.
//! Key handling, the help screen and every hint on screen read this one value, so what is
//! drawn always names the key that does it.

use super::{Action, Binding, Context, KEYMAP, Key};

/// A rebinding from config.toml: these keys, and only these, do `action` in `context`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebind {
    /// Where it applies.
    pub context: Context,
    /// The action rebound.
    pub action: Action,
    /// Its keys from now on (none: the action has no key).
    pub keys: Vec<Key>,
}

/// One row of the keymap in use.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    /// Where it applies.
    pub context: Context,
    /// The keys, first one shown first.
    pub keys: Vec<Key>,
    /// What they do.
    pub action: Action,
    /// The help text.
    pub help: &'static str,
    /// The word a hint on screen gives it ("" for none).
    pub hint: &'static str,
}

impl From<&Binding> for Bound {
    fn from(b: &Binding) -> Bound {
        Bound { context: b.context, keys: b.keys.to_vec(), action: b.action, help: b.help, hint: b.hint }
    }
}

/// The keymap in use.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    rows: Vec<Bound>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap { rows: KEYMAP.iter().map(Bound::from).collect() }
    }
}

impl Keymap {
    /// The default keymap with `rebinds` applied in order. A key given to an action is taken
    /// from what had it by default in the same scope ([`Context::scope`]), so one key never
    /// means two things (config.toml's reader warns when the user's own bindings clash).
    pub fn with(rebinds: &[Rebind]) -> Keymap {
        let mut map = Keymap::default();
        for r in rebinds {
            let scope = r.context.scope();
            for row in map.rows.iter_mut().filter(|row| row.context.scope() == scope) {
                if row.context == r.context && row.action == r.action {
                    row.keys = r.keys.clone();
                } else {
                    row.keys.retain(|k| !r.keys.contains(k));
                }
            }
        }
        map
    }

    /// The rows, in the table's order.
    pub fn rows(&self) -> &[Bound] {
        &self.rows
    }

    /// The action bound to `key` in `context`, falling back to the bindings that apply
    /// everywhere (outside a prompt, only those of [`Context::Anywhere`]: other keys are typed).
    pub fn lookup(&self, context: Context, key: Key) -> Option<Action> {
        let find = |ctx: Context| {
            self.rows.iter().find(|b| b.context == ctx && b.keys.contains(&key)).map(|b| b.action)
        };
        let global = if context.is_prompt() { None } else { find(Context::Global) };
        find(context).or(global).or_else(|| find(Context::Anywhere))
    }

    /// How the first key bound to `action` in `context` is written, for messages that name
    /// it ("u undoes"); empty if none is.
    pub fn key_for(&self, context: Context, action: Action) -> String {
        self.rows
            .iter()
            .find(|b| b.context == context && b.action == action)
            .and_then(|b| b.keys.first())
            .map(|k| k.label())
            .unwrap_or_default()
    }

    /// The hints for `context` as the screen shows them ("Enter jumps · d deletes"), from the
    /// bindings that have one; bindings with the same word share it ("j/k scroll").
    pub fn hints(&self, context: Context) -> String {
        join_hints(self.rows.iter().filter(|b| b.context == context))
    }

    /// [`Keymap::hints`] followed by the global ones, each replaced by the context's own
    /// binding of its key (the library's `q` quits, the reader's goes back).
    pub fn hints_with_global(&self, context: Context) -> String {
        let rows = &self.rows;
        let own_binding = |key: &Key| rows.iter().find(|b| b.context == context && b.keys.contains(key));
        let overrides = |g: &Bound| g.keys.iter().find_map(own_binding);
        let globals: Vec<&Bound> = rows.iter().filter(|b| b.context == Context::Global).collect();
        let overridden = |b: &Bound| globals.iter().any(|g| g.keys.iter().any(|k| b.keys.contains(k)));
        let own = rows.iter().filter(|b| b.context == context && !overridden(b));
        join_hints(own.chain(globals.iter().map(|g| overrides(g).unwrap_or(g))))
    }

    /// The help screen's lines: per context, keys and what they do.
    pub fn help_lines(&self) -> Vec<(String, String)> {
        use Context as C;
        let mut out = Vec::new();
        let order = [
            C::Reader,
            C::Labels,
            C::Global,
            C::Outline,
            C::Select,
            C::Highlights,
            C::Bookmarks,
            C::Attach,
            C::Library,
            C::Search,
            C::LibrarySearch,
            C::Filter,
            C::Label,
            C::Note,
            C::Help,
        ];
        for ctx in order {
            out.push((String::new(), ctx.title().to_string()));
            // What applies everywhere is listed once, with the global keys.
            let shown = |b: &&Bound| b.context == ctx || (ctx == C::Global && b.context == C::Anywhere);
            for b in self.rows.iter().filter(shown) {
                let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
                // An action left without a key by config.toml is still listed, as unbound.
                let keys = if keys.is_empty() { "—".to_string() } else { keys.join(" ") };
                out.push((keys, b.help.to_string()));
            }
        }
        out
    }
}

fn join_hints<'a>(bindings: impl Iterator<Item = &'a Bound>) -> String {
    let mut parts: Vec<(Vec<String>, &str)> = Vec::new();
    for b in bindings.filter(|b| !b.hint.is_empty()) {
        let Some(key) = b.keys.first() else { continue };
        let key = key.label();
        match parts.last_mut() {
            Some((keys, hint)) if *hint == b.hint => keys.push(key),
            _ => parts.push((vec![key], b.hint)),
        }
    }
    parts.iter().map(|(keys, hint)| format!("{} {hint}", keys.join("/"))).collect::<Vec<_>>().join(" · ")
}
