//! `rubric`: a declarative language for scoring rubrics (评分表) and its
//! exact-decimal interpreter.
//!
//! The pipeline runs one way, one stage per folder:
//! text → `syntax` (pest, lines, outline) → `lower` (typed syntax tree) →
//! `check` (the checked rubric) → `data` (a unit's values) → `eval` (scores,
//! audit, report) → `render` / `html` / `batch`.

#![forbid(unsafe_code)]

/// Declares the stage modules: public with the `internals` feature (the
/// project's own tests, benches and fuzz targets), crate-private otherwise.
macro_rules! stages {
    ($($(#[$doc:meta])* $name:ident;)*) => {
        $(
            $(#[$doc])*
            #[cfg(feature = "internals")]
            #[doc(hidden)]
            pub mod $name;
            $(#[$doc])*
            #[cfg(not(feature = "internals"))]
            pub(crate) mod $name;
        )*
    };
}

// Declared by hand, not by `stages!`: the `tr!` macro it exports must not be macro-expanded.
/// Spans, diagnostics, language, limits, exact arithmetic.
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod base;
/// Spans, diagnostics, language, limits, exact arithmetic.
#[cfg(not(feature = "internals"))]
pub(crate) mod base;

stages! {
    /// The author's tools: fmt, template, generate, test cases, diff.
    author;
    /// `rubric batch`: many units scored in parallel, the county's summary.
    batch;
    /// Names, types, weights and ranges: the checked rubric.
    check;
    /// Data files and spreadsheets → a unit's values.
    data;
    /// Scoring, the audit and the report.
    eval;
    /// The HTML report.
    html;
    /// The typed syntax tree.
    lower;
    /// Terminal table, Markdown and JSON renderings of reports.
    render;
    /// The pest grammar, lines and the indentation outline.
    syntax;
}

#[cfg(feature = "cli")]
pub mod cli;
