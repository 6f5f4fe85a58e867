//! Finding essays: bundled ones, the user's folders, metadata.
