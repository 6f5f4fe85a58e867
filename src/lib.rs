//! essayreader: a calm terminal reader for long-form essays in Markdown.
//!
//! Data flows one way: file → [`core::document::Document`] → [`core::layout::Layout`]
//! (per width) → frame. `core` is pure; `library` finds essays, `store` is the only code
//! that writes files, `app` is the reader's state machine, `ui` draws it and `tui` runs it.

pub mod app;
pub mod cli;
pub mod commands;
pub mod completions;
pub mod config;
pub mod core;
pub mod library;
pub mod man;
pub mod search;
pub mod store;
pub mod tui;
pub mod ui;
