//! Scoring: the evaluator that walks a rule and explains it ([`walk`]), the
//! compiled scorer for many units ([`compile`]), the audit of a unit's own
//! figures ([`audit`]) and the report they fill in ([`report`]).

pub mod audit;
pub mod compile;
pub mod report;
pub mod walk;

pub use walk::{evaluate, Failure, Options};
