//! `rubric`: a declarative language for scoring rubrics (评分表) and its
//! exact-decimal interpreter.
//!
//! The pipeline runs one way, one stage per module:
//! text → [`syntax`] → [`outline`] → [`lower`] (typed AST) → [`check`]
//! (resolved, typed rubric) → [`eval`] (with [`data`]) → [`report`] →
//! [`render`].

#![forbid(unsafe_code)]

pub mod ast;
pub mod diagnostic;
pub mod exact;
pub mod limits;
pub mod lower;
pub mod outline;
pub mod span;
pub mod syntax;
pub mod check;
pub mod data;
pub mod model;
mod suggest;
pub mod bind;
pub mod audit;
pub mod eval;
pub mod report;
pub mod render;
pub mod files;
