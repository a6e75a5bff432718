//! Scoring: the evaluator that walks a rule and explains it ([`walk`]), the
//! compiled scorer for many units ([`compile`]), the audit of a unit's own
//! figures ([`audit`]) and the report they fill in ([`report`]).

pub mod audit;
mod bulk;
pub mod compile;
mod finish;
mod outcome;
pub mod report;
pub(crate) mod rules;
pub mod walk;

pub use bulk::Bulk;
#[cfg(feature = "internals")]
pub use bulk::Path;
#[cfg(feature = "internals")]
pub use outcome::{Failure, Outcome};
pub use walk::{evaluate, Options};
