//! The rubric author's tools: `fmt`, `template`, `generate`, `test` (cases)
//! and `diff`.

pub mod cases;
pub mod diff;
pub mod fmt;
pub mod generate;
pub mod sheet;
pub mod template;
