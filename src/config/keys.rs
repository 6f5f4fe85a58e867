//! `[keys]`: `next_heading = ["]", "n"]`, `quit = "ctrl-q"`; the main table rebinds the
//! reading keys and those that apply everywhere, `[keys.library]`, `[keys.help]` and the
//! others rebind the keys of that part of the reader (see [`Context::table`]).

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeString, DeValue};

use super::{Reader, in_file_order};
use crate::app::keymap::{Action, Context, KEYMAP, Key, Rebind};

/// The contexts the main `[keys]` table rebinds.
const MAIN: [Context; 3] = [Context::Reader, Context::Global, Context::Anywhere];

/// Reads the `keys` setting into `reader.config.keys`, warning about each problem.
pub(super) fn read(reader: &mut Reader, value: &DeValue, span: Range<usize>) {
    let Some(table) = value.as_table() else {
        return reader.wrong("keys", "a table ([keys], then lines like next_heading = \"n\")", span);
    };
    let mut taken = Vec::new();
    for (name, value) in in_file_order(table) {
        match value.get_ref() {
            DeValue::Table(sub) => {
                let table_name: &str = name.get_ref();
                let Some(context) = Context::ALL.into_iter().find(|c| c.table() == Some(table_name)) else {
                    let known: Vec<&str> = Context::ALL.iter().filter_map(|c| c.table()).collect();
                    reader.warn(
                        Some(name.span()),
                        format!("unknown table [keys.{table_name}] (the tables are {})", known.join(", ")),
                    );
                    continue;
                };
                for (action, keys) in in_file_order(sub) {
                    bind(reader, &[context], action, keys, &mut taken);
                }
            }
            _ => bind(reader, &MAIN, name, value, &mut taken),
        }
    }
}

/// A key taken by the user's own bindings: where, which, and by what action.
type Taken = (Context, Key, Action);

/// Reads one `action = keys` line of a table that rebinds `contexts`.
fn bind(
    reader: &mut Reader,
    contexts: &[Context],
    name: &Spanned<DeString>,
    value: &Spanned<DeValue>,
    taken: &mut Vec<Taken>,
) {
    let table = match contexts[0].table() {
        Some(t) => format!("[keys.{t}]"),
        None => "[keys]".to_string(),
    };
    let action_name: &str = name.get_ref();
    let Some(binding) =
        KEYMAP.iter().find(|b| contexts.contains(&b.context) && b.action.name() == action_name)
    else {
        let known = action_names(contexts).join(", ");
        return reader
            .warn(Some(name.span()), format!("no action `{action_name}` in {table} (there: {known})"));
    };
    let (context, action) = (binding.context, binding.action);
    if action == Action::FollowLabel {
        // The labels drawn on screen are made of these letters (see `app::follow`).
        return reader.warn(
            Some(name.span()),
            format!("`{action_name}` cannot be rebound: labels are home-row letters"),
        );
    }
    let items: Vec<&Spanned<DeValue>> = match value.get_ref() {
        DeValue::String(_) => vec![value],
        DeValue::Array(items) => items.iter().collect(),
        _ => return reader.wrong(action_name, "a key or a list of keys", value.span()),
    };
    let asked = !items.is_empty();
    let mut keys = Vec::new();
    for item in items {
        let Some(text) = item.get_ref().as_str() else {
            reader.wrong(action_name, "a key or a list of keys", item.span());
            continue;
        };
        let Some(key) = Key::parse(text) else {
            let quoted = reader.quote(&item.span());
            reader.warn(
                Some(item.span()),
                format!(
                    "{quoted} is not a key (one character, ctrl-x, or space, enter, esc, tab, backspace, del, up, down, left, right, pgup, pgdn, home, end)"
                ),
            );
            continue;
        };
        if matches!(key, Key::Char(_)) && context.types_characters() {
            reader.warn(
                Some(item.span()),
                format!(
                    "`{action_name}` cannot be {}: characters are typed there; use a ctrl- or named key",
                    key.label()
                ),
            );
            continue;
        }
        // The same key twice in one line is said once; no clash.
        if keys.contains(&key) {
            continue;
        }
        // The user's own bindings in one table must not clash: the first one keeps the key.
        if let Some((_, _, other)) = taken.iter().find(|(c, k, _)| c.scope() == context.scope() && *k == key)
        {
            let other = other.name();
            reader.warn(
                Some(item.span()),
                format!(
                    "{} is bound twice in {table}, to `{other}` and `{action_name}`: `{other}` keeps it",
                    key.label()
                ),
            );
            continue;
        }
        taken.push((context, key, action));
        keys.push(key);
    }
    // A line whose every key is wrong leaves the default keys (`[]` alone unbinds).
    if !asked || !keys.is_empty() {
        reader.config.keys.push(Rebind { context, action, keys });
    }
}

/// The names of the actions `contexts` can rebind, for a warning.
fn action_names(contexts: &[Context]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for b in KEYMAP.iter().filter(|b| contexts.contains(&b.context) && b.action != Action::FollowLabel) {
        let name = b.action.name();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}
