//! The pure core: Markdown to Document, Document to Layout, positions and sanitising,
//! and the one rule each for words, reading time and slugs.
//! Nothing here touches the terminal or the file system.

pub mod document;
pub mod fold;
pub mod frontmatter;
pub mod layout;
pub mod position;
pub mod rank;
pub mod sanitize;
pub mod slug;
pub mod style;
pub mod words;
