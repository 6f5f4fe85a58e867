//! The pure core: Markdown to Document, Document to Layout, positions and sanitising,
//! and the one rule each for words, reading time and slugs.
//! Nothing here touches the terminal or the file system.

pub mod bookmark;
pub mod citation;
pub mod document;
pub mod essay;
pub mod fold;
pub mod frontmatter;
pub mod highlight;
pub mod identity;
pub mod layout;
pub mod position;
pub mod rank;
pub mod sanitize;
pub mod selection;
pub mod slug;
pub mod style;
pub mod words;
