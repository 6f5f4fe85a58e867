//! The builder's last step: notes and links gathered after the body, headings pointed at
//! their blocks, and the index of blocks by source offset.

use super::Builder;
use crate::core::document::{Block, BlockKind, Container, ContainerKind, Document};
use crate::core::style::{Role, Style};

impl Builder<'_> {
    /// The document built.
    pub(in crate::core::document) fn finish(mut self) -> Document {
        self.flush_inline();
        let mut blocks = std::mem::take(&mut self.body);
        let mut containers = std::mem::take(&mut self.containers);
        // Notes go after the body, in the order of their numbers, under a rule.
        let mut notes = std::mem::take(&mut self.note_bodies);
        notes.sort_by_key(|(label, _)| self.note_numbers.get(label).copied().unwrap_or(u32::MAX));
        if !notes.is_empty() {
            let end = blocks.last().map_or(self.base, |b| b.src);
            blocks.push(Block { kind: BlockKind::Rule, container: None, src: end, gap_before: true });
            for (_, note) in notes {
                blocks.extend(note);
            }
        }
        if !self.links.is_empty() {
            let end = blocks.last().map_or(self.base, |b| b.src);
            let heading = self.made_inline("Links", Style::role(Role::Meta), end);
            blocks.push(Block {
                kind: BlockKind::Paragraph(heading),
                container: None,
                src: end,
                gap_before: true,
            });
            for i in 0..self.links.len() {
                containers
                    .push(Container { kind: ContainerKind::Item(format!("[{}]", i + 1)), parent: None });
                let url = self.links[i].clone();
                let inline = self.made_inline(&url, Style::role(Role::Meta), end);
                blocks.push(Block {
                    kind: BlockKind::Paragraph(inline),
                    container: Some(containers.len() as u32 - 1),
                    src: end,
                    gap_before: false,
                });
            }
        }
        for (i, block) in blocks.iter().enumerate() {
            if let BlockKind::Heading { index, .. } = block.kind
                && let Some(h) = self.headings.get_mut(index)
            {
                h.block = i;
            }
        }
        blocks.shrink_to_fit();
        containers.shrink_to_fit();
        let mut by_source: Vec<(usize, u32)> =
            blocks.iter().enumerate().map(|(i, b)| (b.src, i as u32)).collect();
        by_source.sort_by_key(|&(src, i)| (src, i));
        self.extra.shrink_to_fit();
        self.spans.shrink_to_fit();
        Document {
            front: None,
            front_error: None,
            blocks,
            containers,
            headings: self.headings,
            links: self.links,
            autolinks: self.autolinks,
            notes: self.note_numbers.len() as u32,
            source_len: 0,
            words: 0,
            by_source,
            spans: self.spans,
            source: Default::default(),
            extra: self.extra,
        }
    }
}
