//! The only code that writes files: bookmarks, positions, config.
