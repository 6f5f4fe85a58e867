//! The pure core: Markdown to Document, Document to Layout, positions and sanitising.
//! Nothing here touches the terminal or the file system.

pub mod bookmark;
pub mod document;
pub mod frontmatter;
pub mod identity;
pub mod layout;
pub mod position;
pub mod sanitize;
pub mod style;
