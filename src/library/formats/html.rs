//! A saved web page (`.html`, `.htm`) → Markdown: the article, not the site around it.
//!
//! Pure: bytes in, Markdown out. The bytes are decoded by the page's declared character set
//! (a page that declares none and is not UTF-8 is read as Windows-1252, with a notice);
//! site chrome (scripts, styles, forms, navigation, comment sections, share buttons, the
//! Marxists Internet Archive's `toplink`/`link`/`updat`/`information` blocks, a Project
//! Gutenberg licence) is removed; a readability extractor (`dom_smoothie`) finds the
//! article and writes it as Markdown. Title, author, date and source come from the page's
//! metadata. A page nested deeper than [`MAX_DEPTH`] is read as its text alone, because
//! the tree-walking extractor recurses on depth and a stack overflow cannot be caught.

use super::{Meta, footnotes, plain};
use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};

/// Pages nested deeper than this are read as text alone (browsers cap tree depth near 512).
pub const MAX_DEPTH: usize = 400;
/// Fewer letters and digits than this in what the extractor found is no article.
const MIN_ARTICLE: usize = 140;
/// How much of the start is searched for a `<meta charset>`.
const CHARSET_SNIFF: usize = 4096;

/// What the site around an article is made of, removed before extraction.
const CHROME: &str = "script, style, noscript, template, iframe, form, nav, button, select, \
    textarea, input, svg, #comments, .comments, .comments-area, .comment-respond, \
    .comment-list, #respond, .sharedaddy, .share, .sharing, .social, .jp-relatedposts, \
    .post-share, .subscribe-widget, .subscription-widget-wrap, .footer-wrap, \
    .post-footer, .blog-pager, #blog-pager, .sidebar, #sidebar, .widget, \
    p.toplink, .toplink, p.link, p.updat, .updat, p.information, .information, p.footer, \
    .pg-boilerplate, #pg-header, #pg-footer, .pagenum";

/// A converted page: its metadata and its Markdown body (title heading first).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Html {
    /// Title, author, date and source found in the page.
    pub meta: Meta,
    /// The Markdown body, starting with `# Title`.
    pub body: String,
    /// Whether the page declared no character set, was not UTF-8 and was read as
    /// Windows-1252 (the reader says so).
    pub windows_1252: bool,
}

/// Decodes a page's bytes: a byte order mark, then the declared charset, then UTF-8; a
/// page declaring nothing that is not UTF-8 is read as Windows-1252 and `true` is returned.
pub fn decode(bytes: &[u8]) -> (String, bool) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return (enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned(), false);
    }
    if let Some(enc) = declared_charset(&bytes[..bytes.len().min(CHARSET_SNIFF)]) {
        return (enc.decode_without_bom_handling(bytes).0.into_owned(), false);
    }
    super::decode_undeclared(bytes)
}

/// The encoding a page's head declares (`<meta charset=…>` or the http-equiv form).
fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(i) = rest.find("charset") {
        rest = &rest[i + "charset".len()..];
        let value = rest.trim_start().strip_prefix('=').map(|v| v.trim_start_matches([' ', '"', '\'']));
        if let Some(v) = value {
            let end = v.find(|c: char| !(c.is_ascii_alphanumeric() || "-_.:".contains(c))).unwrap_or(v.len());
            // A page saved as UTF-16 but read here as bytes is really ASCII-compatible.
            match encoding_rs::Encoding::for_label(&v.as_bytes()[..end]) {
                Some(enc) if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE => {
                    return Some(encoding_rs::UTF_8);
                }
                Some(enc) => return Some(enc),
                None => {}
            }
        }
    }
    None
}

/// How deeply the page's elements nest, by a cheap scan of its tags (an over-estimate
/// where end tags are left out, never an under-estimate of well-formed nesting).
pub fn nesting_depth(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        i += off + 1;
        if bytes[i..].starts_with(b"!--") {
            i = html[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let len = bytes[start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if len == 0 {
            continue;
        }
        let name = html[start..start + len].to_ascii_lowercase();
        if VOID.contains(&name.as_str()) {
            continue;
        }
        let end = memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e);
        if closing {
            depth = depth.saturating_sub(1);
        } else if end == 0 || bytes[end - 1] != b'/' {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Converts a page's `bytes`; `fallback_title` is used when the page has no title.
pub fn convert(bytes: &[u8], fallback_title: &str) -> Html {
    let (text, guessed) = decode(bytes);
    let mut notices = Vec::new();
    if guessed {
        notices.push("This page declares no character set and is not UTF-8: it was read as Windows-1252.");
    }
    let (page, gutenberg) = gutenberg(&text);
    let mut html = if nesting_depth(&page) > MAX_DEPTH {
        notices.push("This page nests its tags too deeply to find its article safely: its text is shown alone, without headings or links.");
        text_only(&page, fallback_title)
    } else {
        article(&page, fallback_title).unwrap_or_else(|| {
            notices.push("No article was found in this page: its text is shown as it is.");
            text_only(&page, fallback_title)
        })
    };
    for (slot, value) in [(&mut html.meta.title, gutenberg.title), (&mut html.meta.author, gutenberg.author)]
    {
        if value.is_some() {
            *slot = value;
        }
    }
    html.meta.date = gutenberg.date.or(html.meta.date);
    html.meta.source = gutenberg.source.or(html.meta.source);
    let title = html.meta.title.clone().unwrap_or_else(|| fallback_title.to_string());
    html.meta.title = Some(title.clone());
    let mut body = format!("# {}\n\n", super::escape_inline(&title));
    body.push_str(html.body.trim());
    body.push('\n');
    for notice in notices {
        body.push_str(&format!("\n---\n\n_{notice} `essayreader render --raw` shows the file as it is._\n"));
    }
    html.body = body;
    html.windows_1252 = guessed;
    html
}

/// The article of `page` as Markdown with its metadata, or `None` if there is none.
fn article(page: &str, fallback_title: &str) -> Option<Html> {
    let doc = Document::from(page);
    let mut meta = page_meta(&doc);
    marxists(&doc, &mut meta);
    doc.select(CHROME).remove();
    // A heading that is only a link back to the contents is scored as a link and dropped
    // by the extractor, and a line break in one would end the Markdown heading.
    for link in doc.select("h1 a, h2 a, h3 a, h4 a, h5 a, h6 a").nodes() {
        if link.attr("href").is_some_and(|h| h.starts_with('#')) {
            // Unwrapping a child removes its parent, the link, and keeps what it held.
            if let Some(child) = link.first_child() {
                child.unwrap_node();
            }
        }
    }
    for br in doc.select("h1 br, h2 br, h3 br, h4 br, h5 br, h6 br").nodes() {
        br.replace_with_html(" ");
    }
    let notes = footnotes::take(&doc);
    let cfg = Config { text_mode: TextMode::Markdown, ..Config::default() };
    let mut reader = Readability::with_document(doc, None, Some(cfg)).ok()?;
    let found = reader.parse().ok()?;
    let title = meta.title.clone().unwrap_or_else(|| found.title.to_string());
    let markdown = drop_title_heading(trim_rules(&found.text_content), &title);
    let markdown = footnotes::finish(&markdown, &notes);
    // So little is no article: the extractor guessed at a fragment (of a tiny or broken
    // page), and the page's whole text reads better.
    if markdown.chars().filter(|c| c.is_alphanumeric()).count() < MIN_ARTICLE {
        return None;
    }
    let nonempty = |s: String| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let meta = Meta {
        title: meta.title.or(nonempty(found.title.clone())).or_else(|| nonempty(fallback_title.into())),
        author: meta.author.or(found.byline.and_then(nonempty)),
        date: found.published_time.and_then(nonempty).or(meta.date),
        source: meta.source.or(found.url.and_then(nonempty)),
    };
    Some(Html { meta, body: markdown, windows_1252: false })
}

/// Title, author, date and source from a page's head and `<time>`, before chrome is removed.
fn page_meta(doc: &Document) -> Meta {
    let attr = |sel: &str, name: &str| {
        let s = doc.select(sel);
        s.attr(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
    };
    let title = attr("meta[property='og:title']", "content")
        .or_else(|| Some(doc.select("title").text().trim().to_string()).filter(|t| !t.is_empty()));
    let author = attr("meta[name='author']", "content")
        .or_else(|| attr("meta[property='article:author']", "content"))
        .filter(|a| !a.starts_with("http"))
        .or_else(|| {
            let s = doc.select("[rel='author'], .author-name, .byline .author, .fn");
            Some(s.first().text().trim().to_string()).filter(|t| !t.is_empty())
        });
    let date = attr("meta[property='article:published_time']", "content")
        .or_else(|| attr("time[datetime]", "datetime"))
        .or_else(|| attr("abbr.published[title]", "title"))
        .or_else(|| Some(doc.select("time").first().text().trim().to_string()).filter(|t| !t.is_empty()));
    let source = attr("link[rel='canonical']", "href").or_else(|| attr("meta[property='og:url']", "content"));
    Meta { title, author, date, source }
}

/// A Marxists Internet Archive page (known by its `toplink`/`information` blocks) names
/// its work in the `<h1>`, its author in the heading above, and its date in the
/// information block's "Written:" line; the author's heading is removed from the text.
fn marxists(doc: &Document, meta: &mut Meta) {
    if !doc.select("p.toplink, p.information, p.updat").exists() {
        return;
    }
    let text =
        |sel: &str| Some(doc.select(sel).first().text().split_whitespace().collect::<Vec<_>>().join(" "));
    if let Some(title) = text("body h1").filter(|t| !t.is_empty()) {
        meta.title = Some(title);
    }
    let author = doc.select("body > h2, body > h3, body > h4").first();
    let name = author.text().trim().to_string();
    if !name.is_empty() && doc.select("title").text().contains(name.as_str()) {
        meta.author = Some(name);
        author.remove();
    }
    let info = doc.select("p.information").text().to_string();
    if let Some(i) = info.find("Written:") {
        let written = info[i + "Written:".len()..].split([';', '\n']).next().unwrap_or_default().trim();
        if !written.is_empty() {
            meta.date = Some(written.to_string());
        }
    }
}

/// `markdown` without rules (`---`) and blank lines at its start and end.
fn trim_rules(markdown: &str) -> &str {
    let mut text = markdown.trim();
    loop {
        let before = text.len();
        text = text.strip_prefix("---").unwrap_or(text).trim_start();
        text = text.strip_suffix("---").unwrap_or(text).trim_end();
        if text.len() == before {
            return text;
        }
    }
}

/// `markdown` without a first heading that only repeats the title.
fn drop_title_heading(markdown: &str, title: &str) -> String {
    let first = markdown.lines().next().unwrap_or_default();
    let heading = first.trim_start_matches('#').trim();
    if first.starts_with('#') && !title.is_empty() && heading.eq_ignore_ascii_case(title.trim()) {
        markdown[first.len()..].trim_start().to_string()
    } else {
        markdown.to_string()
    }
}

/// A page read as its text alone: tags dropped (scripts and styles with their content),
/// entities decoded, then read as plain text.
fn text_only(page: &str, fallback_title: &str) -> Html {
    let mut text = String::with_capacity(page.len() / 2);
    let mut rest = page;
    let mut title = None;
    while let Some(i) = rest.find('<') {
        text.push_str(&rest[..i]);
        rest = &rest[i..];
        let lower: String = rest.chars().take(10).collect::<String>().to_ascii_lowercase();
        let skip_to = |rest: &str, end: &str| {
            let low = rest.to_ascii_lowercase();
            low.find(end).map_or(rest.len(), |e| e + end.len())
        };
        let skip = if lower.starts_with("<!--") {
            skip_to(rest, "-->")
        } else if lower.starts_with("<script") {
            skip_to(rest, "</script>")
        } else if lower.starts_with("<style") {
            skip_to(rest, "</style>")
        } else if lower.starts_with("<title") {
            let end = skip_to(rest, "</title>");
            let inner = &rest[..end];
            let open = inner.find('>').map_or(inner.len(), |o| o + 1);
            let close = inner.len().saturating_sub("</title>".len()).max(open);
            title = Some(decode_entities(inner[open..close].trim())).filter(|t| !t.is_empty());
            end
        } else {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = lower.trim_start_matches(['<', '/']);
            let block =
                ["p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "blockquote", "pre"]
                    .iter()
                    .any(|b| {
                        tag.starts_with(b) && !tag[b.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
                    });
            if block {
                text.push_str("\n\n");
            }
            end
        };
        rest = &rest[skip.min(rest.len())..];
    }
    text.push_str(rest);
    let mut text = decode_entities(&text);
    // The page's own title, not the first line of its text (a menu, say), names it.
    if let Some(title) = &title {
        text = format!("{}\n\n{text}", title.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    let converted = plain::convert(&text, title.as_deref().unwrap_or(fallback_title));
    let body = converted.body.split_once("\n\n").map_or(String::new(), |(_, b)| b.to_string());
    Html { meta: Meta { title: converted.meta.title.or(title), ..converted.meta }, body, windows_1252: false }
}

/// `text` with the common HTML character references decoded.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    Document::from(format!("<body>{}", text.replace('<', "&lt;"))).select("body").text().to_string()
}

/// A Project Gutenberg page without its licence header and footer, and the metadata its
/// header gives; the page itself and no metadata if it is not one.
fn gutenberg(page: &str) -> (String, Meta) {
    let mut meta = Meta::default();
    let Some(start) = page.find("*** START OF") else { return (page.to_string(), meta) };
    let header = decode_entities(&page[..start].replace("<br />", "\n").replace("<br>", "\n"));
    super::gutenberg_header(header.lines(), &mut meta);
    // The work begins after the element holding the START line and ends before the one
    // holding the END line.
    let after = &page[start..];
    let lower = after.to_ascii_lowercase();
    let begin =
        ["</pre>", "</div>"].iter().filter_map(|t| lower.find(t).map(|i| i + t.len())).min().unwrap_or(0);
    let work = &after[begin..];
    let end =
        work.find("*** END OF").or_else(|| work.find("End of the Project Gutenberg")).unwrap_or(work.len());
    let low_work = work[..end].to_ascii_lowercase();
    let cut = ["<pre", "<div"].iter().filter_map(|t| low_work.rfind(t)).max().unwrap_or(end);
    let head_end = page.to_ascii_lowercase().find("<body").unwrap_or(0);
    let head = &page[..head_end];
    (format!("{head}<body>{}</body></html>", &work[..cut]), meta)
}
