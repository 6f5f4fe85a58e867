//! The source map: between byte offsets in the essay's source and places in the
//! [`Document`] (a block and a byte of its text). Bookmarks and positions are stored as
//! source offsets, so they outlive any layout; these turn them into places and back.

use super::{BlockKind, Document};

impl Document {
    /// The index of the block that holds source offset `offset` (the last block starting
    /// at or before it).
    pub fn block_at_source(&self, offset: usize) -> u32 {
        let i = self.by_source.partition_point(|&(src, _)| src <= offset);
        self.by_source.get(i.saturating_sub(1)).map_or(0, |&(_, b)| b)
    }

    /// The source offset of byte `byte` of block `block`'s text.
    pub fn source_of(&self, block: u32, byte: u32) -> usize {
        let Some(b) = self.blocks.get(block as usize) else {
            return self.source_len;
        };
        match &b.kind {
            BlockKind::Paragraph(inline) | BlockKind::Heading { inline, .. } => {
                let spans = self.spans(inline);
                let i = spans.partition_point(|s| s.start <= byte);
                match spans.get(i.saturating_sub(1)) {
                    Some(s) => s.src as usize + (byte.min(s.end) - s.start) as usize,
                    None => b.src,
                }
            }
            _ => b.src + byte as usize,
        }
    }

    /// The (block, byte) place of a source offset: the inverse of [`Document::source_of`].
    pub fn place_of_source(&self, offset: usize) -> (u32, u32) {
        let block = self.block_at_source(offset);
        let Some(b) = self.blocks.get(block as usize) else {
            return (0, 0);
        };
        let byte = match &b.kind {
            BlockKind::Paragraph(inline) | BlockKind::Heading { inline, .. } => {
                let spans = self.spans(inline);
                let i = spans.partition_point(|s| (s.src as usize) <= offset);
                match spans.get(i.saturating_sub(1)) {
                    Some(s) => {
                        let within = (offset - (s.src as usize).min(offset)) as u32;
                        let mut byte = (s.start + within).min(s.end);
                        while byte > 0 && !self.is_char_boundary(inline, byte) {
                            byte -= 1;
                        }
                        byte
                    }
                    None => 0,
                }
            }
            BlockKind::Code(text) | BlockKind::Html(text) => {
                let mut byte = offset.saturating_sub(b.src).min(text.len());
                while !text.is_char_boundary(byte) {
                    byte -= 1;
                }
                byte as u32
            }
            _ => 0,
        };
        (block, byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_offsets_round_trip_through_places() {
        let src = "# T\n\nFirst *para* here.\n\nSecond para.\n";
        let doc = Document::parse(src);
        let off = src.find("here").unwrap();
        let (block, byte) = doc.place_of_source(off);
        assert_eq!(doc.source_of(block, byte), off);
    }
}
