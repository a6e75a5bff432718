//! `rubric`: a declarative language for scoring rubrics (评分表) and its
//! exact-decimal interpreter.
//!
//! The pipeline runs one way, one stage per module:
//! text → [`syntax`] → [`outline`] → [`lower`] (typed AST) → [`check`]
//! (resolved, typed rubric) → [`eval`] (with [`data`]) → [`report`] →
//! [`render`].

#![forbid(unsafe_code)]

pub mod ast;
pub mod audit;
pub mod batch;
pub mod bind;
pub mod cases;
pub mod check;
pub mod compile;
pub mod data;
pub mod diagnostic;
pub mod diff;
pub mod eval;
pub mod exact;
pub mod files;
pub mod format;
pub mod generate;
pub mod html;
pub mod i18n;
pub mod limits;
pub mod lower;
pub mod model;
pub mod outline;
pub mod render;
pub mod report;
pub mod sheet;
pub mod span;
mod suggest;
pub mod syntax;
pub mod template;
mod threads;
