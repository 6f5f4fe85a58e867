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
}
