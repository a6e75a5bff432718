//! The front door: load a rubric, give it a unit's data, get the report.
//!
//! [`Rubric`] checks a rubric's text once (all its problems at once, as one
//! [`Error`]); [`Unit`] is a unit's data, from a data file's text or set in
//! code by input name; [`Rubric::evaluate`] scores it into a
//! [`Report`](crate::report::Report) that serializes to exactly the JSON of
//! `rubric eval --format json`.

mod problem;
mod rubric;
mod unit;

pub use problem::{Error, Problem, Severity};
pub use rubric::{Evaluation, Options, Rubric};
pub use unit::{Unit, Value};
