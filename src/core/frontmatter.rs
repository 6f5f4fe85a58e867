//! YAML front matter at the very start of an essay (interim version; the library owns it).

/// Metadata from an essay's front matter.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct FrontMatter {
    /// Stable id.
    pub id: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Date as written.
    pub date: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Where the essay comes from.
    pub source: Option<String>,
    /// Editorial note.
    pub note: Option<String>,
}

/// Front matter split from the Markdown body.
pub struct Split<'a> {
    /// The parsed front matter, if any.
    pub front: Option<FrontMatter>,
    /// The Markdown after the front matter.
    pub body: &'a str,
    /// Byte offset of `body` in the text.
    pub body_start: usize,
    /// Why the front matter could not be read.
    pub error: Option<String>,
}

/// Splits YAML front matter from the start of `text`.
pub fn split(text: &str) -> Split<'_> {
    let none = Split { front: None, body: text, body_start: 0, error: None };
    let Some(rest) = text.strip_prefix("---\n") else {
        return none;
    };
    let Some(end) = rest.find("\n---\n") else {
        return none;
    };
    let yaml = &rest[..end];
    let body_start = 4 + end + 5;
    let mut front = FrontMatter::default();
    for line in yaml.lines() {
        if let Some((k, v)) = line.split_once(':') {
            let v = v.trim().trim_matches('"').to_string();
            match k.trim() {
                "id" => front.id = Some(v),
                "title" => front.title = Some(v),
                "author" => front.author = Some(v),
                _ => {}
            }
        }
    }
    Split { front: Some(front), body: &text[body_start..], body_start, error: None }
}
