//! The prose read where it stands in the source reads exactly as the text copied out would:
//! every document is compared with the one built with nothing to read in place.

use proptest::prelude::*;

use super::build::Builder;
use super::chunk_tests::{document, essay_gen};
use super::{BlockKind, Document, Inline, SharedSource};

/// `source` built with every text copied out (no source to read it from in place), as
/// documents were before their prose was read from the source.
fn copied(source: &str) -> Document {
    let split = crate::core::frontmatter::split(source);
    let mut builder = Builder::new("", split.body_start);
    builder.run(split.body);
    builder.finish()
}

/// Every inline of a document, in order: paragraphs and headings, then table cells.
fn inlines(doc: &Document) -> Vec<&Inline> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        match &block.kind {
            BlockKind::Paragraph(inline) | BlockKind::Heading { inline, .. } => out.push(inline),
            BlockKind::Table(table) => out.extend(table.rows.iter().flatten()),
            _ => {}
        }
    }
    out
}

/// Asserts that `source` reads the same whether its text is read in place or copied out.
fn assert_reads_as_copied(source: &str) -> Result<(), TestCaseError> {
    let doc = Document::parse(source);
    let reference = copied(source);
    let (ours, theirs) = (inlines(&doc), inlines(&reference));
    prop_assert_eq!(ours.len(), theirs.len());
    for (a, b) in ours.iter().zip(&theirs) {
        prop_assert_eq!(doc.inline_text(a), reference.inline_text(b), "source:\n{}", source);
        // Spans may be cut where the source has markup between pieces, never elsewhere:
        // each of the copy's spans starts where one of ours does, with the same style.
        for span in reference.spans(b) {
            let ours = doc.spans(a).iter().find(|s| s.start == span.start);
            prop_assert!(ours.is_some_and(|s| s.style() == span.style()), "source:\n{}", source);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn prose_read_in_place_reads_as_copied(
        source in document(),
        crlf in any::<bool>(),
        breaks in prop_oneof![Just(""), Just("Hard  \nbreak\\\nand\n   indented\tsoft\nbreaks.\n\n")],
    ) {
        let source = format!("{breaks}{source}");
        let source = if crlf { source.replace('\n', "\r\n") } else { source };
        assert_reads_as_copied(&source)?;
    }

    /// Any stretch of an inline's text comes back whole from its pieces.
    #[test]
    fn pieces_of_any_stretch_are_the_stretch(source in document(), a in 0.0..1.0f64, b in 0.0..1.0f64) {
        let doc = Document::parse(source.as_str());
        for inline in inlines(&doc) {
            let text = doc.inline_text(inline);
            let cut = |f: f64| {
                let mut at = (f * text.len() as f64) as usize;
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                at
            };
            let (start, end) = (cut(a.min(b)), cut(a.max(b)));
            let pieces: String = doc.text_pieces(inline, start as u32, end as u32).collect();
            prop_assert_eq!(pieces, &text[start..end]);
        }
    }
}

#[test]
fn soft_line_ends_read_as_spaces_and_hard_ones_as_line_ends() {
    let doc = Document::parse("One\ntwo  \nthree\\\nfour\r\nfive &amp; six\n");
    assert_eq!(doc.paragraph_texts(), ["One two\nthree\nfour five & six"]);
}

/// The prose is held once: the document reads it from the very text it was given (shared,
/// not copied), and keeps apart only the little that is not the source's bytes.
#[test]
fn an_essay_s_prose_is_held_once() {
    let source = SharedSource::from(essay_gen::generate(1 << 20, 1, essay_gen::Shape::Typographic));
    let doc = Document::parse(&source);
    assert!(std::ptr::eq(doc.source.as_str(), source.as_str()), "the source is shared, not copied");
    let text: usize = inlines(&doc).iter().map(|i| i.len()).sum();
    assert!(text > source.len() / 2, "the essay is mostly prose: {text} of {} bytes", source.len());
    // Notes' `[n]`, links' `[n]` and their list, entities: a few percent at most.
    assert!(doc.extra.len() < text / 20, "{} bytes kept apart of {text}", doc.extra.len());
    let reference = copied(&source);
    assert_eq!(doc.paragraph_texts(), reference.paragraph_texts());
}
