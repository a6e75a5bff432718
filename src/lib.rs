//! `rubric`: a declarative language for scoring rubrics (评分表) and its
//! exact-decimal interpreter.
//!
//! Load a rubric once, then score units with it: from a data file's text, or
//! from values set in code by the rubric's input names. Every number is exact
//! (decimal, never binary floating point); every point is explained.
//!
//! ```
//! use rubric::{Rubric, Unit};
//!
//! let rubric = Rubric::from_file("rubrics/lezhi-2022-performance-management.rubric")?;
//! let unit = Unit::new()
//!     .name("乐至县盛池镇人民政府")
//!     .set("专题研究次数", 2)          // min(3, 1.5 × 2) = 3
//!     .set("主要领导任组长", true);    // yes → 2
//! let evaluation = rubric.evaluate(&unit);
//! let items = &evaluation.report.items;
//! assert_eq!(items[0].score, Some(3.into()));
//! assert_eq!(items[1].score, Some(2.into()));
//! // Items whose inputs were not given cannot be scored: each is a located problem.
//! assert!(evaluation.problems.iter().any(|p| p.code() == "data::missing-input"));
//! // The report is the JSON of `rubric eval --format json`.
//! assert!(evaluation.report.to_json().contains("\"专题研究\""));
//! # Ok::<(), rubric::Error>(())
//! ```
//!
//! A rubric with errors gives one [`Error`] carrying every problem, each a
//! located [`miette::Diagnostic`]; a unit's bad values are problems of its
//! [`Evaluation`], and what could be scored still is.
//!
//! Inside, the pipeline runs one way, one stage per folder: text → `syntax`
//! (pest, lines, outline) → `lower` (typed syntax tree) → `check` (the checked
//! rubric) → `data` (a unit's values) → `eval` (scores, audit, report) →
//! `render` / `html` / `batch`.

#![forbid(unsafe_code)]
// The library alone (without the `cli` feature) is the front door only: the
// tool's other stages (batch, the author's tools, the desk) are compiled for
// it but not reached.
#![cfg_attr(not(feature = "cli"), allow(dead_code, unused_imports))]

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
    /// Editor support: the language server and its features (diagnostics, hover, completion …).
    lsp;
    /// Terminal table, Markdown and JSON renderings of reports.
    render;
    /// The pest grammar, lines and the indentation outline.
    syntax;
}

mod api;

pub use api::{Error, Evaluation, Options, Problem, Rubric, Severity, Unit, Value};
pub use base::i18n::{with_lang, Lang};
pub use data::Format;

/// The report of one unit: every item, section, the total, the grade, the
/// 缺省项, indicators, checks and audit findings. Serializes (serde) to the
/// JSON of `rubric eval --format json`, decimals as strings.
pub mod report {
    pub use crate::base::diagnostic::ErrorReport;
    pub use crate::data::bind::UnitInfo;
    pub use crate::eval::report::{
        CappedReport, CheckReport, Disqualification, Finding, IndicatorReport, ItemReport, NotApplicableReport, Report,
        RubricInfo, SectionReport, Status,
    };
    pub use crate::lower::ast::SectionKind;
}

/// The desk's database (SQLite): schema migrations, access, submissions,
/// drafts, reviews, the audit log, backups.
#[cfg(all(feature = "serve", feature = "internals"))]
#[doc(hidden)]
pub mod store;
/// The desk's database (SQLite).
#[cfg(all(feature = "serve", not(feature = "internals")))]
pub(crate) mod store;

/// `rubric serve`: the county's desk in a browser.
#[cfg(all(feature = "serve", feature = "internals"))]
#[doc(hidden)]
pub mod serve;
/// `rubric serve`: the county's desk in a browser.
#[cfg(all(feature = "serve", not(feature = "internals")))]
pub(crate) mod serve;

/// The command-line tool (`rubric check`, `eval`, `batch`, …).
#[cfg(feature = "cli")]
pub mod cli;

/// The README's Rust examples, compiled and run as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
