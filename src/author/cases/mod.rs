//! A rubric's own examples (`rubric test`).
//!
//! The cases of `rubrics/<name>.rubric` are the data files in
//! `rubrics/<name>.tests/`. A case says what it expects in one or both of two
//! ways:
//!
//! - an `[expect]` table inside a TOML case (total, grade, disqualified, items,
//!   sections, checks, indicators, findings, errors; only what is written is
//!   compared), which is taken out of the text before the data is read;
//! - a recorded snapshot `<case>.expected.json`: the whole JSON report,
//!   written by `rubric test --accept`.
//!
//! A case with neither is *new*: it fails until its snapshot is recorded.
//! Differences are reported item by item ([`Mismatch`]), never as a raw diff.

mod compare;
mod diff;
mod expect;

use std::path::{Path, PathBuf};

pub use compare::compare;
pub use diff::{render, snapshot as compare_snapshot, summary, Mismatch};
pub use expect::split;
#[cfg(feature = "internals")]
pub use expect::EXPECT_CODE;

use crate::data::Format;
use crate::base::diagnostic::{has_errors, Diagnostic, Origin, SourceFile};
use crate::eval::{evaluate, Options};
use crate::check::model::Checked;
use crate::eval::report::Report;

/// What a snapshot file's name ends with, after the case's stem.
pub const SNAPSHOT_SUFFIX: &str = ".expected.json";

/// One case: a data file in a rubric's `.tests` folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The data file.
    pub path: PathBuf,
    /// Its format, from the extension.
    pub format: Format,
}

impl Case {
    /// The case's file name (`item-13-never-full.toml`).
    #[cfg(feature = "internals")]
    pub fn name(&self) -> String {
        self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }

    /// Where its snapshot is kept: `<stem>.expected.json` beside it.
    pub fn snapshot_path(&self) -> PathBuf {
        let stem = self.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        self.path.with_file_name(format!("{stem}{SNAPSHOT_SUFFIX}"))
    }
}

/// The folder holding a rubric's cases: `x.rubric` → `x.tests` beside it.
pub fn cases_dir(rubric: &Path) -> PathBuf {
    let stem = rubric.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    rubric.with_file_name(format!("{stem}.tests"))
}

/// The cases in a folder, sorted by name: every `.toml`, `.json`, `.yaml`
/// and `.yml` file except the snapshots (`*.expected.json`).
pub fn find_cases(dir: &Path) -> std::io::Result<Vec<Case>> {
    let mut cases: Vec<Case> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(SNAPSHOT_SUFFIX)))
        .filter_map(|path| Format::from_path(&path).map(|format| Case { path, format }))
        .collect();
    cases.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(cases)
}

/// How a case's result compares with its recorded snapshot.
#[derive(Debug, Clone, PartialEq)]
pub enum Snapshot {
    /// There is no snapshot file.
    Missing,
    /// The result is the snapshot.
    Matches,
    /// The result differs from the snapshot.
    Differs(Vec<Mismatch>),
    /// The snapshot file cannot be read or is not JSON (the reason).
    Unreadable(String),
}

/// The outcome of running one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// The case.
    pub case: Case,
    /// The case file as read (diagnostics point into it).
    pub source: Option<SourceFile>,
    /// Diagnostics in the case file: reading the data, the `[expect]` table,
    /// evaluation. Data and evaluation diagnostics are located in the case
    /// file exactly as written, `[expect]` lines included.
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics of evaluation located in the rubric (a division by zero).
    pub rubric_diagnostics: Vec<Diagnostic>,
    /// Why the case could not be run as a case (unreadable, data errors, a
    /// broken `[expect]` table); `None` when it ran.
    pub problem: Option<String>,
    /// The result, when the data could be read.
    pub report: Option<Report>,
    /// The `[expect]` table's mismatches; `None` when the case has no table.
    pub expect: Option<Vec<Mismatch>>,
    /// The snapshot comparison.
    pub snapshot: Snapshot,
}

impl CaseResult {
    fn new(case: Case) -> Self {
        CaseResult {
            case,
            source: None,
            diagnostics: Vec::new(),
            rubric_diagnostics: Vec::new(),
            problem: None,
            report: None,
            expect: None,
            snapshot: Snapshot::Missing,
        }
    }

    /// True when the case ran and everything it expects holds.
    pub fn passed(&self) -> bool {
        let expect_ok = self.expect.as_ref().is_none_or(Vec::is_empty);
        let snapshot_ok = match &self.snapshot {
            Snapshot::Missing => self.expect.is_some(),
            Snapshot::Matches => true,
            Snapshot::Differs(_) | Snapshot::Unreadable(_) => false,
        };
        self.problem.is_none() && self.report.is_some() && expect_ok && snapshot_ok
    }

    /// True for a case with no `[expect]` table and no snapshot.
    pub fn is_new(&self) -> bool {
        self.problem.is_none() && self.report.is_some() && self.expect.is_none() && self.snapshot == Snapshot::Missing
    }

    /// True when `--accept` would write its snapshot: it is new, or its
    /// snapshot differs or is unreadable. `[expect]` tables are never written.
    pub fn wants_snapshot(&self) -> bool {
        self.problem.is_none()
            && self.report.is_some()
            && (self.is_new() || matches!(self.snapshot, Snapshot::Differs(_) | Snapshot::Unreadable(_)))
    }
}

/// Runs one case against a checked rubric: takes out its `[expect]` table,
/// reads the data, scores it, and compares the result with the table and
/// with the snapshot.
pub fn run_case(rubric: &Checked, case: Case) -> CaseResult {
    let mut result = CaseResult::new(case);
    let file = match crate::data::files::read_source(&result.case.path) {
        Ok(file) => file,
        Err(error) => {
            result.problem = Some(error.diagnostic.message.clone());
            if let Some(lossy) = error.lossy {
                result.source = Some(lossy);
                result.diagnostics.push(error.diagnostic);
            }
            return result;
        }
    };
    let split = split(&file.text, result.case.format, rubric);
    result.source = Some(file);
    let expect_broken = has_errors(&split.diagnostics);
    result.diagnostics.extend(split.diagnostics);
    let (data, load) = crate::data::bind::load(&split.data, result.case.format, rubric);
    let load_errors = has_errors(&load);
    result.diagnostics.extend(load);
    if !data.parsed {
        result.problem =
            Some(crate::tr!("the case file could not be read; nothing was scored", "无法读取用例文件，未计分"));
        return result;
    }
    let (report, diagnostics) = evaluate(rubric, &data, Options::default());
    let (in_rubric, in_data): (Vec<_>, Vec<_>) = diagnostics.into_iter().partition(|d| d.origin == Origin::Rubric);
    result.rubric_diagnostics = in_rubric;
    result.diagnostics.extend(in_data);
    let errors_expected = split.expect.as_ref().is_some_and(|x| x.errors.is_some());
    if expect_broken {
        result.problem = Some(crate::tr!("its [expect] table has errors", "其 [expect] 表有错误"));
    } else if load_errors && !errors_expected {
        result.problem = Some(crate::tr!(
            "the case's data has errors (an [expect] table may list them in `errors`)",
            "用例的数据有错误（预期中的错误可写在 [expect] 表的 `errors` 中）"
        ));
    }
    result.expect = split.expect.as_ref().map(|x| compare(x, &report));
    result.snapshot = compare_with_snapshot(&result.case.snapshot_path(), &report);
    result.report = Some(report);
    result
}

fn compare_with_snapshot(path: &Path, report: &Report) -> Snapshot {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Snapshot::Missing,
        Err(e) => {
            let shown = path.display();
            return Snapshot::Unreadable(crate::tr!("cannot read {shown}: {e}", "无法读取 {shown}：{e}"));
        }
    };
    let expected: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            let shown = path.display();
            return Snapshot::Unreadable(crate::tr!("{shown} is not JSON: {e}", "{shown} 不是有效的 JSON：{e}"));
        }
    };
    match serde_json::to_value(report) {
        Ok(got) => match compare_snapshot(&expected, &got) {
            m if m.is_empty() => Snapshot::Matches,
            m => Snapshot::Differs(m),
        },
        Err(e) => {
            Snapshot::Unreadable(crate::tr!("the result cannot be written as JSON: {e}", "结果无法写成 JSON：{e}"))
        }
    }
}

/// A report as its snapshot file holds it: the JSON report and a newline.
pub fn snapshot_text(report: &Report) -> String {
    let mut text = crate::render::json(report);
    text.push('\n');
    text
}

/// Writes a case's snapshot, if it has a result; returns the path written.
pub fn record(result: &CaseResult) -> std::io::Result<Option<PathBuf>> {
    let Some(report) = &result.report else { return Ok(None) };
    let path = result.case.snapshot_path();
    std::fs::write(&path, snapshot_text(report))?;
    Ok(Some(path))
}
