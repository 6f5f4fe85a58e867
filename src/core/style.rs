//! Styles as the engine sees them: what a piece of text *is*, not how it is coloured.
//! The UI maps these to terminal colours; `render` maps them to ANSI escapes.

/// What a run of laid-out text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Role {
    /// Body text.
    #[default]
    Text,
    /// Heading text of the given level (1–6).
    Heading(u8),
    /// The rule drawn under a level-1 or level-2 heading.
    HeadingRule(u8),
    /// Inline code.
    Code,
    /// A line of a code block.
    CodeBlock,
    /// The bar in front of quoted text.
    QuoteBar,
    /// A list marker (`•`, `3.`, `[x]`) or a note number in the notes.
    Marker,
    /// The number after a link's text that points into the list of links, carrying it.
    LinkRef(u32),
    /// The text of a link that shows its own address (`<https://…>`), carrying its number
    /// in the document's `autolinks`: it has no `[n]`, so its text is what `f` labels.
    AutoLink(u32),
    /// A footnote reference, carrying the note's number.
    NoteRef(u32),
    /// A thematic break.
    Rule,
    /// Table borders.
    TableRule,
    /// Raw HTML, shown as text.
    Html,
    /// Secondary text: image descriptions, section labels the engine adds.
    Meta,
}

/// A role plus emphasis flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Style {
    /// What the text is.
    pub role: Role,
    /// Bit set of [`Style::BOLD`], [`Style::ITALIC`], [`Style::STRIKE`], [`Style::LINK`].
    pub flags: u8,
}

impl Style {
    /// Strong emphasis.
    pub const BOLD: u8 = 1;
    /// Emphasis.
    pub const ITALIC: u8 = 2;
    /// Strikethrough.
    pub const STRIKE: u8 = 4;
    /// Link text.
    pub const LINK: u8 = 8;

    /// A style with the given role and no flags.
    pub const fn role(role: Role) -> Self {
        Style { role, flags: 0 }
    }

    /// Whether `flag` is set.
    pub fn has(self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    /// The style in 32 bits, as a document's spans keep it: flags (4 bits), role (4 bits)
    /// and the role's number (24 bits). A number that does not fit is kept as the largest
    /// that does: more notes or links than a 50 MiB essay (the most the reader reads) can
    /// hold.
    pub(crate) fn pack(self) -> u32 {
        let (tag, number) = pack_role(self.role);
        u32::from(self.flags & 0xF) | u32::from(tag) << 4 | number.min(0xFF_FFFF) << 8
    }

    /// The style [`Style::pack`] packed.
    #[inline]
    pub(crate) fn unpack(bits: u32) -> Style {
        Style { role: unpack_role(((bits >> 4) & 0xF) as u8, bits >> 8), flags: (bits & 0xF) as u8 }
    }
}

/// A role as a tag (4 bits) and its number (for headings, their level).
pub(crate) fn pack_role(role: Role) -> (u8, u32) {
    match role {
        Role::Text => (0, 0),
        Role::Heading(l) => (1, u32::from(l)),
        Role::HeadingRule(l) => (2, u32::from(l)),
        Role::Code => (3, 0),
        Role::CodeBlock => (4, 0),
        Role::QuoteBar => (5, 0),
        Role::Marker => (6, 0),
        Role::LinkRef(n) => (7, n),
        Role::AutoLink(n) => (8, n),
        Role::NoteRef(n) => (9, n),
        Role::Rule => (10, 0),
        Role::TableRule => (11, 0),
        Role::Html => (12, 0),
        Role::Meta => (13, 0),
    }
}

/// The role [`pack_role`] gave as `tag` and `number`.
#[inline]
pub(crate) fn unpack_role(tag: u8, number: u32) -> Role {
    let level = number as u8;
    match tag {
        1 => Role::Heading(level),
        2 => Role::HeadingRule(level),
        3 => Role::Code,
        4 => Role::CodeBlock,
        5 => Role::QuoteBar,
        6 => Role::Marker,
        7 => Role::LinkRef(number),
        8 => Role::AutoLink(number),
        9 => Role::NoteRef(number),
        10 => Role::Rule,
        11 => Role::TableRule,
        12 => Role::Html,
        13 => Role::Meta,
        _ => Role::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_and_flag_packs_and_unpacks_as_it_was() {
        let roles = [
            Role::Text,
            Role::Heading(6),
            Role::HeadingRule(2),
            Role::Code,
            Role::CodeBlock,
            Role::QuoteBar,
            Role::Marker,
            Role::LinkRef(0xFF_FFFF),
            Role::AutoLink(70_000),
            Role::NoteRef(1),
            Role::Rule,
            Role::TableRule,
            Role::Html,
            Role::Meta,
        ];
        for role in roles {
            for flags in 0..16 {
                let style = Style { role, flags };
                assert_eq!(Style::unpack(style.pack()), style);
            }
        }
    }
}
