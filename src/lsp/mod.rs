//! Editor support: the language server (`rubric lsp`) and the features it
//! serves, as plain functions over a rubric's text.
//!
//! Every feature works on a [`document::View`] (a text, its line starts and
//! the pipeline's analysis of it) with byte spans, and says what it has to say
//! in the thread's language; only [`server`] speaks the protocol (JSON-RPC on
//! stdio, positions in UTF-16 code units, see [`position`]). So another editor
//! (the desk's page) can call the same diagnostics, hovers and completions.

pub mod completion;
pub mod document;
pub mod fixes;
pub mod hover;
pub mod ids;
pub mod index;
pub mod keywords;
pub mod position;
mod reach_text;
pub mod rename;
#[cfg(feature = "cli")]
pub mod server;
pub mod symbols;
pub mod tokens;
pub mod tree;
