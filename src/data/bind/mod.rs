//! A data file's tree → the values a rubric reads ([`UnitData`]).
//!
//! Each value is checked against its input's declaration: type, unit, range.
//! Every problem is a diagnostic pointing at the offending key or value of the
//! data file; the values that are fine are kept, so one bad value never hides
//! the rest.

mod bounded;
mod scores;
pub(crate) use scores::who_and_when_of;
mod values;

pub use bounded::{bounded, SHOWN};

use rust_decimal::Decimal;

use crate::data::{self, Entry, Format, Node, NodeKind};
use crate::base::diagnostic::{Code, Diagnostic};
use crate::check::model::{Checked, Value};
use crate::base::span::Span;
use crate::base::suggest::closest;
use crate::tr;

/// Who the data is about.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct UnitInfo {
    /// The unit's name.
    pub name: Option<String>,
    /// Its code.
    pub code: Option<String>,
    /// The year the data is for.
    pub year: Option<String>,
    /// The project, for project rubrics.
    pub project: Option<String>,
}

/// An input value and where it was written (`None` for a default).
#[derive(Debug, Clone, PartialEq)]
pub struct Given {
    /// The value, amounts in the input's declared unit.
    pub value: Value,
    /// The value's span in the data file.
    pub span: Option<Span>,
}

/// A key that is not an input but is close to one.
#[derive(Debug, Clone, PartialEq)]
pub struct Misspelt {
    /// The input it is close to.
    pub slot: usize,
    /// The key as written.
    pub key: String,
    /// Where the key is.
    pub span: Span,
    /// Its value as written.
    pub value: String,
}

/// A number and where it was written.
pub type Located<T> = (T, Span);

/// The unit's own figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reported {
    /// The reported total.
    pub total: Option<Located<Decimal>>,
    /// The reported grade.
    pub grade: Option<Located<String>>,
    /// Per item (indexed like [`Checked::items`]).
    pub items: Vec<Option<Located<Decimal>>>,
    /// Per section (indexed like [`Checked::sections`]).
    pub sections: Vec<Option<Located<Decimal>>>,
}

/// Everything a data file says, checked against a rubric.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitData {
    /// Who.
    pub unit: UnitInfo,
    /// Per input slot; `None` when absent and without default.
    pub inputs: Vec<Option<Given>>,
    /// Input slots given with a bad value (reported already).
    pub invalid: Vec<usize>,
    /// Items whose judged score is bad (reported already).
    pub invalid_judged: Vec<usize>,
    /// Items whose reported score is bad (reported already).
    pub invalid_reported: Vec<usize>,
    /// Judged scores per item.
    pub judged: Vec<Option<Located<Decimal>>>,
    /// 缺省项 claims per item: reason and span.
    pub claims: Vec<Option<Located<String>>>,
    /// The unit's self-assessment.
    pub reported: Reported,
    /// Where `[inputs]` is, for "missing input" diagnostics.
    pub inputs_span: Option<Span>,
    /// Inputs written but left blank (`"专题研究次数" = ""`, an empty cell): the
    /// slot and where its value is, to point at when the value is needed.
    pub blanks: Vec<(usize, Span)>,
    /// Keys that are not inputs but look like one (`"专题研究次" = 2` for
    /// 专题研究次数): their values are not used, and what is scored without
    /// them says so.
    pub misspelt: Vec<Misspelt>,
    /// The data errors found while reading, in short (for the report).
    pub errors: Vec<crate::base::diagnostic::ErrorReport>,
    /// False when the file could not be parsed at all: there is nothing to score.
    pub parsed: bool,
}

const TABLES: [&str; 5] = ["unit", "inputs", "judged", "not_applicable", "reported"];

/// Reads and checks a data file's text.
///
/// A file that does not parse is read as far as it can be ([`data::read`]):
/// each problem is a diagnostic, and the lines that could be read are scored.
pub fn load(text: &str, format: Format, rubric: &Checked) -> (UnitData, Vec<Diagnostic>) {
    load_read(&data::read(format, text), rubric)
}

/// [`load`] of a file already read with [`data::read`].
pub fn load_read(read: &data::Read, rubric: &Checked) -> (UnitData, Vec<Diagnostic>) {
    match &read.tree {
        Some(root) => {
            let mut diagnostics = bounded(syntax_diagnostics(read.problems.clone()));
            let (mut data, more) = load_tree(root, rubric);
            data.errors.splice(0..0, syntax_errors(&diagnostics));
            diagnostics.extend(more);
            (data, diagnostics)
        }
        None => unreadable(read.problems.clone(), rubric),
    }
}

/// The reader's problems as diagnostics.
fn syntax_diagnostics(problems: Vec<data::SyntaxProblem>) -> Vec<Diagnostic> {
    problems
        .into_iter()
        .map(|p| {
            let mut d = Diagnostic::error(Code::DataSyntax, p.span, p.message).in_data().label(p.label);
            d.subcode = Some(p.code);
            if let Some(help) = p.help {
                d = d.help(help);
            }
            d
        })
        .collect()
}

/// The short form of the syntax diagnostics, for the report's errors.
fn syntax_errors(diagnostics: &[Diagnostic]) -> Vec<crate::base::diagnostic::ErrorReport> {
    diagnostics
        .iter()
        .filter(|d| d.code == Code::DataSyntax)
        .map(|d| crate::base::diagnostic::ErrorReport {
            code: d.code_text().to_string(),
            item: None,
            message: d.message.clone(),
        })
        .collect()
}

/// The data of a file that could not be parsed: nothing to score, and each
/// of the reader's problems as a diagnostic.
pub fn unreadable(problems: Vec<data::SyntaxProblem>, rubric: &Checked) -> (UnitData, Vec<Diagnostic>) {
    Binder::new(rubric, syntax_diagnostics(problems)).finish()
}

/// [`load`] of a data file already parsed to `root` (a spreadsheet row's tree,
/// built as its text was written).
pub fn load_tree(root: &data::Node, rubric: &Checked) -> (UnitData, Vec<Diagnostic>) {
    let mut binder = Binder::new(rubric, Vec::new());
    binder.data.parsed = true;
    binder.root(root);
    binder.who_and_when();
    binder.finish()
}

impl Binder<'_> {
    /// Defaults filled in, errors listed: the data and the diagnostics.
    fn finish(mut self) -> (UnitData, Vec<Diagnostic>) {
        self.fill_defaults();
        self.diagnostics = bounded(std::mem::take(&mut self.diagnostics));
        self.data.errors = self
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| crate::base::diagnostic::ErrorReport {
                code: d.code_text().to_string(),
                item: None,
                message: d.message.clone(),
            })
            .collect();
        (self.data, self.diagnostics)
    }
}

/// The data of a unit that gives nothing yet, sized for `rubric`.
pub(crate) fn empty(rubric: &Checked) -> UnitData {
    UnitData {
        unit: UnitInfo::default(),
        inputs: vec![None; rubric.inputs.len()],
        invalid: Vec::new(),
        invalid_judged: Vec::new(),
        invalid_reported: Vec::new(),
        judged: vec![None; rubric.items.len()],
        claims: vec![None; rubric.items.len()],
        reported: Reported {
            total: None,
            grade: None,
            items: vec![None; rubric.items.len()],
            sections: vec![None; rubric.sections.len()],
        },
        inputs_span: None,
        blanks: Vec::new(),
        misspelt: Vec::new(),
        errors: Vec::new(),
        parsed: false,
    }
}

struct Binder<'a> {
    rubric: &'a Checked,
    diagnostics: Vec<Diagnostic>,
    data: UnitData,
    /// Diagnostics so far, by code (see [`bounded`]).
    counts: rustc_hash::FxHashMap<Code, usize>,
    /// Names looked up so far; past a few, they are indexed.
    lookups: usize,
    inputs_by_name: bounded::Index<'a>,
    items_by_id: bounded::Index<'a>,
    /// Where `[unit]` and its `year` are written.
    unit_span: Option<Span>,
    year_span: Option<Span>,
}

impl<'a> Binder<'a> {
    fn new(rubric: &'a Checked, diagnostics: Vec<Diagnostic>) -> Self {
        Binder {
            rubric,
            diagnostics,
            data: empty(rubric),
            counts: rustc_hash::FxHashMap::default(),
            lookups: 0,
            inputs_by_name: None,
            items_by_id: None,
            unit_span: None,
            year_span: None,
        }
    }
}

fn error(code: Code, span: &Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(code, span.clone(), message).in_data()
}

/// "did you mean `best`?"
fn did_you_mean(best: &str) -> String {
    tr!("did you mean `{best}`?", "是不是要写 `{best}`？")
}

/// Ids listed in a message: `1, 2` (`1、2` in Chinese).
fn id_list(ids: &[&str]) -> String {
    ids.join(&tr!(", ", "、"))
}

/// The value as the data file wrote it.
fn text_of(node: &Node) -> String {
    match &node.kind {
        NodeKind::Number(raw) => raw.clone(),
        NodeKind::String(s) => format!("\"{s}\""),
        _ => String::new(),
    }
}

/// An empty text value (`""`, as a template leaves it, or an empty cell) means "not given".
fn is_blank(node: &Node) -> bool {
    matches!(&node.kind, NodeKind::String(s) if s.trim().is_empty())
}

/// A value on a line the reader could not read (its problem is reported
/// already): the key was given, its value cannot be used.
fn is_unreadable(node: &Node) -> bool {
    node.kind == NodeKind::Other("unreadable")
}

fn kind_name(node: &Node) -> String {
    match &node.kind {
        NodeKind::Table(_) => tr!("a table", "表"),
        NodeKind::Array(_) => tr!("a list", "列表"),
        NodeKind::String(_) => tr!("text", "文本"),
        NodeKind::Number(_) => tr!("a number", "数值"),
        NodeKind::Bool(_) => tr!("true/false", "true/false 值"),
        NodeKind::Null => tr!("nothing (null)", "空值（null）"),
        NodeKind::Other("datetime") => tr!("datetime", "日期时间"),
        NodeKind::Other("tagged value") => tr!("tagged value", "带标签的值"),
        NodeKind::Other("too deep") => tr!("too deep", "嵌套过深的值"),
        NodeKind::Other(what) => (*what).to_string(),
    }
}

impl Binder<'_> {
    fn root(&mut self, root: &Node) {
        let Some(entries) = self.table(root, &tr!("the data file", "数据文件")) else { return };
        for entry in entries {
            match entry.key.as_str() {
                "unit" => self.unit(entry),
                "inputs" => {
                    self.data.inputs_span = Some(entry.key_span.clone());
                    if let Some(inputs) = self.table(&entry.value, "[inputs]") {
                        for input in inputs {
                            self.input(input);
                        }
                    }
                }
                "judged" => self.item_table(entry, Self::judged),
                "not_applicable" => self.item_table(entry, Self::claim),
                "reported" => self.reported(entry),
                // A case file's expected results (`rubric test`); not data.
                "expect" => {}
                other => {
                    let mut d = error(
                        Code::UnknownTable,
                        &entry.key_span,
                        tr!("a data file has no `{other}` table", "数据文件中没有 `{other}` 表"),
                    )
                    .label(tr!("unknown table", "未知的表"));
                    let input = self.rubric.inputs.iter().any(|i| i.name == other);
                    let item = self.rubric.items.iter().any(|i| i.id == other);
                    d = match closest(other, TABLES.iter().copied()) {
                        _ if input => d.label(tr!("an input outside [inputs]", "写在 [inputs] 之外的输入项")).help(tr!(
                            "`{other}` is an input: put it under [inputs] (in YAML, indent it under `inputs:`)",
                            "`{other}` 是输入项：请写在 [inputs] 下（YAML 文件中缩进到 `inputs:` 下面）"
                        )),
                        _ if item => d.label(tr!("an item id outside a table", "写在表之外的指标编号")).help(tr!(
                            "`{other}` is an item: its own score goes under [reported.items], a judged score under [judged]",
                            "`{other}` 是指标编号：自评分写在 [reported.items] 下，评定分写在 [judged] 下"
                        )),
                        Some(best) => d.help(did_you_mean(best)),
                        None => d.help(tr!(
                            "the tables are [unit], [inputs], [judged], [not_applicable] and [reported]",
                            "数据文件的表有 [unit]、[inputs]、[judged]、[not_applicable] 和 [reported]"
                        )),
                    };
                    self.diagnostics.push(d);
                }
            }
        }
    }

    fn table<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Entry]> {
        match &node.kind {
            NodeKind::Table(entries) => Some(entries),
            _ if is_unreadable(node) => None,
            _ => {
                let kind = kind_name(node);
                self.diagnostics.push(
                    error(
                        Code::WrongType,
                        &node.span,
                        tr!(
                            "{what} must be a table of `key = value` lines, not {kind}",
                            "{what} 应为由 `key = value` 行组成的表，而不是{kind}"
                        ),
                    )
                    .label(tr!("not a table", "不是表"))
                    .help(tr!(
                        "see `rubric template` for the shape of a data file",
                        "数据文件的格式见 `rubric template`"
                    )),
                );
                None
            }
        }
    }

    fn unit(&mut self, entry: &Entry) {
        self.unit_span = Some(entry.key_span.clone());
        let Some(fields) = self.table(&entry.value, "[unit]") else { return };
        if let Some(year) = fields.iter().find(|f| f.key == "year") {
            self.year_span = Some(year.value.span.clone());
        }
        for field in fields.iter().filter(|f| !is_blank(&f.value) && !is_unreadable(&f.value)) {
            let text = match &field.value.kind {
                NodeKind::String(s) => s.clone(),
                NodeKind::Number(n) => n.clone(),
                _ => {
                    let key = &field.key;
                    self.diagnostics.push(
                        error(
                            Code::WrongType,
                            &field.value.span,
                            tr!("`unit.{key}` must be text or a number", "`unit.{key}` 应为文本或数值"),
                        )
                        .label(kind_name(&field.value)),
                    );
                    continue;
                }
            };
            let slot = match field.key.as_str() {
                "name" => &mut self.data.unit.name,
                "code" => &mut self.data.unit.code,
                "year" => &mut self.data.unit.year,
                "project" => &mut self.data.unit.project,
                other => {
                    let mut d = Diagnostic::warning(
                        Code::UnknownTable,
                        field.key_span.clone(),
                        tr!("[unit] has no field `{other}`; it is ignored", "[unit] 中没有字段 `{other}`，已忽略"),
                    )
                    .in_data()
                    .label(tr!("unknown field", "未知字段"));
                    if let Some(best) = closest(other, ["name", "code", "year", "project"].into_iter()) {
                        d = d.help(did_you_mean(best));
                    }
                    self.diagnostics.push(d);
                    continue;
                }
            };
            // A year typed in full-width digits (２０２２) is the same year.
            let text = if field.key == "year" { crate::base::width::half_width(&text).unwrap_or(text) } else { text };
            *slot = Some(text);
        }
    }

}
