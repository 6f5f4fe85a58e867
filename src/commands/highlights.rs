//! `essayreader highlights`: the marked passages and notes, listed, as JSON, or exported
//! as Markdown (to paste into a draft) or CSV (for reading-notes services). The passage's
//! text is stored with it, so highlights of essays no longer in the library still export.

use std::collections::HashMap;
use std::process::ExitCode;

use anyhow::Result;

use super::{emit, emit_json, emit_text, essay_path, one_line, saved_state};
use crate::cli::HighlightFormat;
use crate::core::citation::{self, EssayMeta};
use crate::core::frontmatter;
use crate::core::sanitize::clean;
use crate::library::{self, Library, Paths};
use crate::store::Highlight;

/// Lists, prints as JSON or exports the highlights of ESSAY (or of every essay).
pub(super) fn run(
    paths: &Paths,
    query: Option<&str>,
    json: bool,
    export: Option<HighlightFormat>,
) -> Result<ExitCode> {
    let (store, library, essay) = saved_state(paths, query)?;
    let mut list = store.highlights(essay.as_deref());
    // Grouped by essay (in the order each was first marked), in reading order within one.
    let first: HashMap<&str, usize> =
        list.iter().enumerate().rev().map(|(i, h)| (h.essay.as_str(), i)).collect();
    list.sort_by_key(|h| (first.get(h.essay.as_str()).copied(), h.start.offset));
    let metas = metadata(&library, &list);
    let meta = |h: &Highlight| &metas[&h.essay];
    match export {
        Some(HighlightFormat::Md) => {
            return emit_text(&citation::export_markdown(list.iter().map(|h| (*h, meta(h)))));
        }
        // Rows end in CRLF (RFC 4180); everything else is cleaned of control characters
        // as all output is.
        Some(HighlightFormat::Csv) => {
            let csv = citation::export_csv(list.iter().map(|h| (*h, meta(h))));
            let rows: Vec<_> = csv.split("\r\n").map(clean).collect();
            return emit(&rows.join("\r\n"));
        }
        None => {}
    }
    let path = |id: &str| essay_path(&library, id);
    if json {
        let views: Vec<_> = list
            .iter()
            .map(|h| h.view(&meta(h).title, path(&h.essay)).made_on(store.highlight_device(&h.id)))
            .collect();
        return emit_json(&views);
    }
    let mut out = String::new();
    for h in &list {
        let date: String = h.created.chars().take(10).collect();
        let gone = if library.get(&h.essay).is_none() { " (not in the library)" } else { "" };
        out.push_str(&format!(
            "{date}  [{}]{gone} · {}\n    {}\n",
            one_line(&meta(h).title),
            one_line(&h.section),
            one_line(&h.text)
        ));
        if h.has_note() {
            out.push_str(&format!("    note: {}\n", one_line(&h.note)));
        }
    }
    if list.is_empty() {
        out.push_str("No highlights yet (press v while reading, then h).\n");
    }
    emit_text(&out)
}

/// Title, author, date and address of each essay with highlights: read from its front
/// matter when it is in the library, else the last title known (or the passage's heading).
fn metadata(library: &Library, list: &[&Highlight]) -> HashMap<String, EssayMeta> {
    let mut out = HashMap::new();
    for h in list {
        if out.contains_key(&h.essay) {
            continue;
        }
        let meta = match library.get(&h.essay) {
            Some(info) => {
                let text = library::load_text(info).map(|t| t.text).unwrap_or_default();
                let front = frontmatter::split(&text).front;
                let mut meta = EssayMeta::new(&info.title, front.as_ref());
                meta.author = meta.author.or_else(|| info.author.clone());
                meta.date = meta.date.or_else(|| info.date.clone());
                meta
            }
            None => {
                let title = library.title_of(&h.essay).or(h.heading_title()).unwrap_or(&h.essay);
                EssayMeta { title: title.to_string(), ..EssayMeta::default() }
            }
        };
        out.insert(h.essay.clone(), meta);
    }
    out
}
