//! A checked rubric, ready to score units: the front door's main type.

use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::problem::{Error, Problem};
use super::unit::Unit;
use crate::base::diagnostic::{has_errors, Diagnostic, Origin, SourceFile};
use crate::base::limits::Limits;
use crate::check::model::Checked;
use crate::data::{self, Entry, Node, NodeKind};
use crate::eval::report::Report;

/// How to evaluate a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Keep every item's trace (the rule with the unit's numbers substituted).
    /// On by default; without traces a report is smaller and scored faster.
    pub traces: bool,
    /// Items scored only from the unit's reported figure are errors.
    pub strict: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { traces: true, strict: false }
    }
}

/// A rubric that passed every check, ready to score any number of units.
///
/// ```
/// let text = "rubric \"示例\" year 2022 max 3\n\
///             input 专题研究次数: count\n\
///             section 一 \"基础管理\" 3\n  \
///               item 1 \"专题研究\" 3\n    \
///                 score 1.5 per 专题研究次数, at most 3\n";
/// let rubric = rubric::Rubric::from_text("示例.rubric", text)?;
/// let unit = rubric::Unit::new().name("某镇").set("专题研究次数", 1);
/// let report = rubric.evaluate(&unit).report;
/// assert_eq!(report.total, Some("1.5".parse()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Rubric {
    file: SourceFile,
    checked: Arc<Checked>,
    warnings: Arc<[Diagnostic]>,
}

/// A unit scored: its report, and every problem found in its data or while
/// scoring it (each located). What could be scored is scored even when some
/// values are bad.
#[derive(Debug)]
pub struct Evaluation {
    /// The report, as `rubric eval --format json` prints it.
    pub report: Report,
    /// Data and evaluation problems, errors first.
    pub problems: Vec<Problem>,
}

impl Evaluation {
    /// True when there is no error and no audit finding (what makes
    /// `rubric eval` exit 0).
    pub fn is_clean(&self) -> bool {
        !self.problems.iter().any(Problem::is_error) && self.report.findings.is_empty()
    }
}

impl Rubric {
    /// Checks a rubric's text; `name` names it in messages (usually its path).
    /// The error carries every problem found, not only the first.
    pub fn from_text(name: impl Into<String>, text: impl Into<Arc<str>>) -> Result<Rubric, Error> {
        Rubric::from_source(SourceFile::new(name, text))
    }

    /// Reads and checks a rubric file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Rubric, Error> {
        let path = path.as_ref();
        let file = crate::data::files::read_source(path).map_err(|e| {
            let file = e.lossy.clone().unwrap_or_else(|| SourceFile::new(path.display().to_string(), ""));
            let message = e.diagnostic.message.clone();
            let mut diagnostic = e.diagnostic;
            diagnostic.origin = Origin::Rubric;
            Error::new(message, vec![Problem::new(diagnostic, &file, None)])
        })?;
        Rubric::from_source(file)
    }

    fn from_source(file: SourceFile) -> Result<Rubric, Error> {
        let (checked, diagnostics) = crate::check::check_source(&file.text, &Limits::default());
        match checked {
            Some(checked) if !has_errors(&diagnostics) => {
                Ok(Rubric { file, checked: Arc::new(checked), warnings: diagnostics.into() })
            }
            _ => {
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                let name = &file.name;
                let message = crate::tr!("{name}: {errors} error(s) in the rubric", "{name}：评分表有 {errors} 处错误");
                Err(Error::new(message, diagnostics.into_iter().map(|d| Problem::new(d, &file, None)).collect()))
            }
        }
    }

    /// The title, as on the paper table.
    pub fn title(&self) -> &str {
        &self.checked.title
    }

    /// The year, if the rubric gives one.
    pub fn year(&self) -> Option<u32> {
        self.checked.year
    }

    /// The maximum of the scored sections.
    pub fn max(&self) -> Decimal {
        self.checked.max
    }

    /// The name given with the text (or the path).
    pub fn name(&self) -> &str {
        &self.file.name
    }

    /// The rubric's warnings (an input no rule uses, a weight no rule reaches …).
    pub fn warnings(&self) -> Vec<Problem> {
        self.warnings.iter().map(|d| Problem::new(d.clone(), &self.file, None)).collect()
    }

    /// The standard names of the inputs a unit gives, in the rubric's order.
    pub fn input_names(&self) -> impl Iterator<Item = &str> {
        self.checked.inputs.iter().map(|i| i.name.as_str())
    }

    /// Scores `unit`, with every item's trace.
    pub fn evaluate(&self, unit: &Unit) -> Evaluation {
        self.evaluate_with(unit, Options::default())
    }

    /// Scores `unit` as `options` say.
    pub fn evaluate_with(&self, unit: &Unit, options: Options) -> Evaluation {
        let (file, parsed) = read_unit(unit);
        let (data, mut diagnostics) = crate::data::bind::load_read(&parsed, &self.checked);
        let (report, more) = crate::eval::evaluate(
            &self.checked,
            &data,
            crate::eval::Options { strict: options.strict, brief: !options.traces },
        );
        diagnostics.extend(more);
        let paths = match &parsed.tree {
            Some(tree) if diagnostics.iter().any(|d| d.origin == Origin::Data) => data::Paths::new(tree),
            _ => data::Paths::default(),
        };
        let mut problems: Vec<Problem> = diagnostics
            .into_iter()
            .map(|d| match d.origin {
                Origin::Rubric => Problem::new(d, &self.file, None),
                Origin::Data => {
                    let path = paths.at(&d.span).map(str::to_string);
                    Problem::new(d, &file, path)
                }
            })
            .collect();
        problems.sort_by_key(|p| !p.is_error());
        Evaluation { report, problems }
    }
}

/// The unit's data tree (or why its text could not be read), and the text its
/// problems point into: the file, then the values set in code, if any.
fn read_unit(unit: &Unit) -> (SourceFile, data::Read) {
    let code = unit.code_values();
    let only = |tree: Node| data::Read { tree: Some(tree), problems: Vec::new() };
    if let Some((tree, file)) = unit.tree() {
        let mut tree = tree.clone();
        let Some((mut values, shown)) = code else { return (file.clone(), only(tree)) };
        let offset = file.text.len() + 1;
        data::shift_node(&mut values, offset);
        lay_over(&mut tree, values);
        return (SourceFile::new(file.name.clone(), format!("{}\n{shown}", file.text)), only(tree));
    }
    match (unit.text(), code) {
        (Some((file, format)), None) => (file.clone(), data::read(format, &file.text)),
        (Some((file, format)), Some((mut values, shown))) => {
            let offset = file.text.len() + 1;
            let combined = SourceFile::new(file.name.clone(), format!("{}\n{shown}", file.text));
            let mut read = data::read(format, &file.text);
            if let Some(tree) = &mut read.tree {
                data::shift_node(&mut values, offset);
                lay_over(tree, values);
            }
            (combined, read)
        }
        (None, Some((values, shown))) => {
            (SourceFile::new(crate::tr!("(values set in code)", "（代码中设定的值）"), shown), only(values))
        }
        (None, None) => (
            SourceFile::new(crate::tr!("(values set in code)", "（代码中设定的值）"), ""),
            only(Node { kind: NodeKind::Table(Vec::new()), span: 0..0 }),
        ),
    }
}

/// Lays the tables and values of `over` onto `base`: a value for a key `base`
/// has replaces it; a table is laid over the table of the same key.
fn lay_over(base: &mut Node, over: Node) {
    let (NodeKind::Table(entries), NodeKind::Table(new)) = (&mut base.kind, over.kind) else { return };
    for entry in new {
        match entries.iter_mut().find(|e| e.key == entry.key) {
            Some(existing) if matches!(entry.value.kind, NodeKind::Table(_)) => {
                lay_over(&mut existing.value, entry.value)
            }
            Some(existing) => *existing = entry,
            None => entries.push(Entry { ..entry }),
        }
    }
}
