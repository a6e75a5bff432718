//! A data file's tree → the values a rubric reads ([`UnitData`]).
//!
//! Each value is checked against its input's declaration: type, unit, range.
//! Every problem is a diagnostic pointing at the offending key or value of the
//! data file; the values that are fine are kept, so one bad value never hides
//! the rest.

use rust_decimal::Decimal;

use crate::lower::ast::{InputType, MoneyUnit};
use crate::data::{self, Entry, Format, Node, NodeKind};
use crate::base::diagnostic::{Code, Diagnostic};
use crate::base::exact::Exact;
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
    /// The data errors found while reading, in short (for the report).
    pub errors: Vec<crate::base::diagnostic::ErrorReport>,
    /// False when the file could not be parsed at all: there is nothing to score.
    pub parsed: bool,
}

const TABLES: [&str; 5] = ["unit", "inputs", "judged", "not_applicable", "reported"];

/// Reads and checks a data file's text.
pub fn load(text: &str, format: Format, rubric: &Checked) -> (UnitData, Vec<Diagnostic>) {
    match data::parse(format, text) {
        Ok(root) => load_tree(&root, rubric),
        Err(problems) => unreadable(problems, rubric),
    }
}

/// The data of a file that could not be parsed: nothing to score, and each
/// of the reader's problems as a diagnostic.
pub fn unreadable(problems: Vec<data::SyntaxProblem>, rubric: &Checked) -> (UnitData, Vec<Diagnostic>) {
    let mut binder = Binder { rubric, diagnostics: Vec::new(), data: empty(rubric) };
    for p in problems {
        let mut d = Diagnostic::error(Code::DataSyntax, p.span, p.message).in_data().label(p.label);
        d.subcode = Some(p.code);
        if let Some(help) = p.help {
            d = d.help(help);
        }
        binder.diagnostics.push(d);
    }
    binder.finish()
}

/// [`load`] of a data file already parsed to `root` (a spreadsheet row's tree,
/// built as its text was written).
pub fn load_tree(root: &data::Node, rubric: &Checked) -> (UnitData, Vec<Diagnostic>) {
    let mut binder = Binder { rubric, diagnostics: Vec::new(), data: empty(rubric) };
    binder.data.parsed = true;
    binder.root(root);
    binder.finish()
}

impl Binder<'_> {
    /// Defaults filled in, errors listed: the data and the diagnostics.
    fn finish(mut self) -> (UnitData, Vec<Diagnostic>) {
        self.fill_defaults();
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

fn empty(rubric: &Checked) -> UnitData {
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
        errors: Vec::new(),
        parsed: false,
    }
}

struct Binder<'a> {
    rubric: &'a Checked,
    diagnostics: Vec<Diagnostic>,
    data: UnitData,
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
                    d = match closest(other, TABLES.iter().copied()) {
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
        let Some(fields) = self.table(&entry.value, "[unit]") else { return };
        for field in fields.iter().filter(|f| !is_blank(&f.value)) {
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
            *slot = Some(text);
        }
    }

    fn input(&mut self, entry: &Entry) {
        let Some(slot) = self.rubric.inputs.iter().position(|i| i.name == entry.key) else {
            let key = &entry.key;
            let mut d = error(
                Code::UnknownInput,
                &entry.key_span,
                tr!("the rubric has no input `{key}`", "评分表中没有输入项 `{key}`"),
            )
            .label(tr!("unknown input", "未知输入项"));
            d = match closest(&entry.key, self.rubric.inputs.iter().map(|i| i.name.as_str())) {
                Some(best) => d.help(did_you_mean(best)),
                None => d.help(tr!(
                    "the rubric's `input` lines list every input it reads",
                    "评分表的 `input` 行列出了它读取的全部输入项"
                )),
            };
            self.diagnostics.push(d);
            return;
        };
        if is_blank(&entry.value) && self.rubric.inputs.get(slot).is_some_and(|i| i.ty != InputType::Text) {
            return;
        }
        match self.value(slot, &entry.value) {
            Ok(value) => {
                if let Some(given) = self.data.inputs.get_mut(slot) {
                    *given = Some(Given { value, span: Some(entry.value.span.clone()) });
                }
            }
            Err(d) => {
                self.diagnostics.push(*d);
                self.data.invalid.push(slot);
            }
        }
    }

    /// Converts one input value, checking type, unit and range.
    fn value(&self, slot: usize, node: &Node) -> Result<Value, Box<Diagnostic>> {
        let input = self
            .rubric
            .inputs
            .get(slot)
            .ok_or_else(|| Box::new(error(Code::UnknownInput, &node.span, tr!("unknown input", "未知输入项"))))?;
        let wrong = |expected: String, help: String| {
            let (name, kind) = (&input.name, kind_name(node));
            Box::new(
                error(
                    Code::WrongType,
                    &node.span,
                    tr!("`{name}` must be {expected}, not {kind}", "`{name}` 应为{expected}，而不是{kind}"),
                )
                .label(tr!("expected {expected}", "应为{expected}"))
                .help(help),
            )
        };
        let yes_no = || tr!("yes or no", "是或否");
        let yes_no_help =
            || tr!("write true or false (or \"是\" / \"否\")", "填写 true 或 false（或 \"是\" / \"否\"）");
        let number = match (input.ty, &node.kind) {
            (InputType::Bool, NodeKind::Bool(b)) => return Ok(Value::Bool(*b)),
            (InputType::Bool, NodeKind::String(s)) => {
                return match s.trim() {
                    "是" | "yes" | "有" | "true" => Ok(Value::Bool(true)),
                    "否" | "no" | "无" | "false" => Ok(Value::Bool(false)),
                    _ => Err(wrong(yes_no(), yes_no_help())),
                }
            }
            (InputType::Bool, _) => return Err(wrong(yes_no(), yes_no_help())),
            (InputType::Text, NodeKind::String(s)) => return Ok(Value::Text(s.clone())),
            (InputType::Text, _) => {
                return Err(wrong(tr!("text", "文本"), tr!("put the text in quotes", "文本需加引号")))
            }
            (_, NodeKind::Number(raw)) => self.exact(raw, &node.span, &input.name)?,
            (ty, NodeKind::String(s)) => self.number_text(s, ty, &node.span, &input.name)?,
            (InputType::Amount(_), _) => {
                return Err(wrong(
                    tr!("an amount", "金额"),
                    tr!(
                        "write a number in the declared unit, or text with a unit: \"290820元\", \"29.082万元\"",
                        "填写声明单位下的数值，或带单位的文本：\"290820元\"、\"29.082万元\""
                    ),
                ))
            }
            (InputType::Rate, _) => {
                return Err(wrong(tr!("a rate", "比率"), tr!("write 0.95 or \"95%\"", "填写 0.95 或 \"95%\"")))
            }
            _ => return Err(wrong(tr!("a number", "数值"), tr!("write a number, e.g. 58", "填写数值，例如 58"))),
        };
        self.in_range(input, number, node)?;
        Ok(Value::Number(number))
    }

    fn exact(&self, raw: &str, span: &Span, name: &str) -> Result<Exact, Box<Diagnostic>> {
        data::parse_number(raw).map(Exact::from_decimal).map_err(|problem| {
            Box::new(match problem {
                data::NumberProblem::TooPrecise => error(
                    Code::OutOfRange,
                    span,
                    tr!(
                        "`{name}` = {raw} has more digits than a decimal holds",
                        "`{name}` = {raw} 的位数超出了精确小数能容纳的范围"
                    ),
                )
                .label(tr!("too many digits", "位数过多"))
                .help(tr!(
                    "at most 28 significant digits; the value is not rounded silently",
                    "最多 28 位有效数字；数值不会被悄悄舍入"
                )),
                data::NumberProblem::NotANumber => {
                    error(Code::WrongType, span, tr!("`{name}` = {raw} is not a number", "`{name}` = {raw} 不是数值"))
                        .label(tr!("not a number", "不是数值"))
                }
            })
        })
    }

    /// A number written as text: "58", "95%", "290820元", "29.082万元".
    fn number_text(&self, text: &str, ty: InputType, span: &Span, name: &str) -> Result<Exact, Box<Diagnostic>> {
        let cleaned: String = text.trim().chars().filter(|c| *c != ',' && *c != '，' && !c.is_whitespace()).collect();
        let (digits, factor) = if let Some(d) = cleaned.strip_suffix('%').or_else(|| cleaned.strip_suffix('％')) {
            (d, Some(Exact::new(1, 100).unwrap_or(Exact::ONE)))
        } else if let InputType::Amount(declared) = ty {
            let unit =
                [MoneyUnit::Yi, MoneyUnit::Wan, MoneyUnit::Yuan].into_iter().find(|u| cleaned.ends_with(u.as_str()));
            match unit {
                Some(unit) => (
                    cleaned.strip_suffix(unit.as_str()).unwrap_or(&cleaned),
                    Some(Exact::new(i128::from(unit.in_yuan()), i128::from(declared.in_yuan())).unwrap_or(Exact::ONE)),
                ),
                None => (cleaned.as_str(), None),
            }
        } else {
            (cleaned.as_str(), None)
        };
        let not_number = || {
            Box::new(
                error(
                    Code::WrongType,
                    span,
                    tr!("`{name}` = \"{text}\" is not a number", "`{name}` = \"{text}\" 不是数值"),
                )
                .label(tr!("not a number", "不是数值"))
                .help(match ty {
                    InputType::Amount(_) => tr!(
                        "write a number, or a number with 元, 万元 or 亿元: \"290820元\"",
                        "填写数值，或带 元、万元、亿元 单位的数值：\"290820元\""
                    ),
                    InputType::Rate => tr!("write 0.95 or \"95%\"", "填写 0.95 或 \"95%\""),
                    _ => tr!("write a number, e.g. 58", "填写数值，例如 58"),
                }),
            )
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+') {
            return Err(not_number());
        }
        let value = self.exact(digits, span, name).map_err(|_| not_number())?;
        match factor {
            Some(f) => value.mul(f).map_err(|_| {
                Box::new(
                    error(Code::OutOfRange, span, tr!("`{name}` is too large", "`{name}` 数值过大"))
                        .label(tr!("too large", "过大")),
                )
            }),
            None => Ok(value),
        }
    }

    fn in_range(&self, input: &crate::check::model::Input, value: Exact, node: &Node) -> Result<(), Box<Diagnostic>> {
        if input.ty == InputType::Count && !value.is_integer() {
            let (name, shown) = (&input.name, value.display(6));
            return Err(Box::new(
                error(
                    Code::OutOfRange,
                    &node.span,
                    tr!(
                        "`{name}` is a count and must be a whole number, not {shown}",
                        "`{name}` 是计数，应为整数，而不是 {shown}"
                    ),
                )
                .label(tr!("not a whole number", "不是整数"))
                .help(tr!("counts are whole numbers ≥ 0", "计数为 ≥ 0 的整数")),
            ));
        }
        let below = input.min.is_some_and(|m| value < Exact::from_decimal(m));
        let above = input.max.is_some_and(|m| value > Exact::from_decimal(m));
        if !below && !above {
            return Ok(());
        }
        let written = &text_of(node);
        let shown = if input.ty == InputType::Rate && matches!(node.kind, NodeKind::Number(_)) {
            let percent = value.mul(Exact::from_int(100)).map_or_else(|_| value.display(6), |v| v.display(4));
            tr!("{written} (that is {percent}%)", "{written}（即 {percent}%）")
        } else if input.ty == InputType::Rate {
            format!("{}%", value.mul(Exact::from_int(100)).map_or_else(|_| value.display(6), |v| v.display(4)))
        } else {
            value.display(6)
        };
        let range = match (input.min, input.max) {
            (Some(lo), Some(hi)) if input.ty == InputType::Rate => {
                let (lo, hi) = ((lo * Decimal::ONE_HUNDRED).normalize(), (hi * Decimal::ONE_HUNDRED).normalize());
                tr!("from {lo}% to {hi}%", "{lo}% 至 {hi}%")
            }
            (Some(lo), Some(hi)) => {
                let (lo, hi) = (lo.normalize(), hi.normalize());
                tr!("from {lo} to {hi}", "{lo} 至 {hi}")
            }
            (Some(lo), None) => {
                let lo = lo.normalize();
                tr!("at least {lo}", "不小于 {lo}")
            }
            (None, Some(hi)) => {
                let hi = hi.normalize();
                tr!("at most {hi}", "不大于 {hi}")
            }
            (None, None) => String::new(),
        };
        let name = &input.name;
        let help = match (input.ty, &node.kind) {
            (InputType::Rate, NodeKind::Number(_)) if value > Exact::ONE && value <= Exact::from_int(100) => {
                let proportion = value.div(Exact::from_int(100)).map_or_else(|_| String::new(), |v| v.display(6));
                let percent = value.display(6);
                tr!(
                    "a rate is a proportion: write {proportion} or \"{percent}%\"",
                    "比率是一个比例：应填写 {proportion} 或 \"{percent}%\""
                )
            }
            _ => tr!("`{name}` must be {range}", "`{name}` 的取值范围：{range}"),
        };
        Err(Box::new(
            error(
                Code::OutOfRange,
                &node.span,
                tr!("`{name}` = {shown} is out of range ({range})", "`{name}` = {shown}，超出取值范围（{range}）"),
            )
            .label(tr!("out of range", "超出范围"))
            .help(help),
        ))
    }

    fn item_table(&mut self, entry: &Entry, each: fn(&mut Self, usize, &Entry)) {
        let what = format!("[{}]", entry.key);
        let Some(entries) = self.table(&entry.value, &what) else { return };
        for e in entries.iter().filter(|e| !is_blank(&e.value)) {
            match self.item_index(&e.key, &e.key_span) {
                Some(index) => each(self, index, e),
                None => continue,
            }
        }
    }

    fn item_index(&mut self, id: &str, span: &Span) -> Option<usize> {
        let index = self.rubric.items.iter().position(|i| i.id == id);
        if index.is_none() {
            let mut d = error(Code::UnknownItem, span, tr!("the rubric has no item `{id}`", "评分表中没有指标 `{id}`"))
                .label(tr!("unknown item", "未知指标"));
            if let Some(best) = closest(id, self.rubric.items.iter().map(|i| i.id.as_str())) {
                d = d.help(did_you_mean(best));
            }
            self.diagnostics.push(d);
        }
        index
    }

    fn score(&mut self, node: &Node, what: &str) -> Option<Decimal> {
        match &node.kind {
            NodeKind::Number(raw) => match data::parse_number(raw) {
                Ok(v) => Some(v),
                Err(_) => {
                    self.diagnostics.push(
                        error(
                            Code::Reported,
                            &node.span,
                            tr!("{what} = {raw} is not a usable number", "{what} = {raw} 不是可用的数值"),
                        )
                        .label(tr!("not usable", "不可用")),
                    );
                    None
                }
            },
            _ => {
                let kind = kind_name(node);
                self.diagnostics.push(
                    error(
                        Code::WrongType,
                        &node.span,
                        tr!("{what} must be a number, not {kind}", "{what} 应为数值，而不是{kind}"),
                    )
                    .label(tr!("not a number", "不是数值"))
                    .help(tr!("write the score as a number, e.g. 2.5", "得分应填数值，例如 2.5")),
                );
                None
            }
        }
    }

    /// A reported figure must lie between 0 and the weight it is reported against.
    fn within(&mut self, value: Decimal, weight: Decimal, node: &Node, what: &str) -> Option<Decimal> {
        if value >= Decimal::ZERO && value <= weight {
            return Some(value);
        }
        let (value, weight) = (value.normalize(), weight.normalize());
        self.diagnostics.push(
            error(
                Code::Reported,
                &node.span,
                tr!("{what} is {value}, outside 0 to {weight}", "{what} 为 {value}，超出 0 至 {weight} 的范围"),
            )
            .label(tr!("must be from 0 to {weight}", "应在 0 至 {weight} 之间"))
            .help(tr!(
                "a score lies between 0 and its weight; check the figure against the table",
                "得分应在 0 与其分值之间；请对照评分表核对这个数"
            )),
        );
        None
    }

    fn judged(&mut self, index: usize, entry: &Entry) {
        let Some(item) = self.rubric.items.get(index) else { return };
        if !matches!(item.rule, crate::check::model::Rule::Judged(_)) {
            let id = &item.id;
            self.diagnostics.push(
                error(
                    Code::Judged,
                    &entry.key_span,
                    tr!("item {id} is scored by its rule, not judged", "指标 {id} 按计分规则计分，不是评定项"),
                )
                .label(tr!("not a judged item", "不是评定项"))
                .help(tr!(
                    "give the facts in [inputs]; the unit's own score goes in [reported.items]",
                    "请在 [inputs] 中填写基础数据；单位自评分填在 [reported.items] 中"
                )),
            );
            return;
        }
        let weight = item.weight;
        let id = item.id.clone();
        let Some(score) = self.score(&entry.value, &tr!("the judged score of item {id}", "指标 {id} 的评定分"))
        else {
            self.data.invalid_judged.push(index);
            return;
        };
        if score < Decimal::ZERO || score > weight {
            let (score, weight) = (score.normalize(), weight.normalize());
            self.diagnostics.push(
                error(
                    Code::Judged,
                    &entry.value.span,
                    tr!(
                        "the judged score of item {id} is {score}, outside 0 to {weight}",
                        "指标 {id} 的评定分为 {score}，超出 0 至 {weight} 的范围"
                    ),
                )
                .label(tr!("must be from 0 to {weight}", "应在 0 至 {weight} 之间"))
                .help(tr!("a judged score lies between 0 and the item's weight", "评定分应在 0 与该指标分值之间")),
            );
            return;
        }
        if let Some(slot) = self.data.judged.get_mut(index) {
            *slot = Some((score, entry.value.span.clone()));
        }
    }

    fn claim(&mut self, index: usize, entry: &Entry) {
        let Some(item) = self.rubric.items.get(index) else { return };
        if !item.claimable {
            let allowed: Vec<&str> = self.rubric.items.iter().filter(|i| i.claimable).map(|i| i.id.as_str()).collect();
            let id = &item.id;
            self.diagnostics.push(
                error(
                    Code::NotApplicable,
                    &entry.key_span,
                    tr!("item {id} cannot be a 缺省项 under this rubric", "按本评分表，指标 {id} 不能作为缺省项"),
                )
                .label(tr!("no 缺省项 allowed here", "此处不允许缺省项"))
                .help(if allowed.is_empty() {
                    tr!("this rubric allows no 缺省项", "本评分表不允许缺省项")
                } else {
                    let list = id_list(&allowed);
                    let which = if allowed.len() == 1 { "item" } else { "items" };
                    tr!("the rubric allows 缺省项 for {which} {list}", "本评分表允许作为缺省项的指标：{list}")
                }),
            );
            return;
        }
        let reason = match &entry.value.kind {
            NodeKind::String(s) if !s.trim().is_empty() => s.clone(),
            _ => {
                let id = &item.id;
                self.diagnostics.push(
                    error(
                        Code::NotApplicable,
                        &entry.value.span,
                        tr!("the 缺省项 claim for item {id} needs a reason", "指标 {id} 的缺省项申报需要填写理由"),
                    )
                    .label(tr!("no reason given", "未填写理由"))
                    .help(tr!("write the reason as text: \"无下属单位\"", "以文本填写理由：\"无下属单位\"")),
                );
                return;
            }
        };
        if let Some(slot) = self.data.claims.get_mut(index) {
            *slot = Some((reason, entry.value.span.clone()));
        }
    }

    fn reported(&mut self, entry: &Entry) {
        let Some(fields) = self.table(&entry.value, "[reported]") else { return };
        for field in fields.iter().filter(|f| !is_blank(&f.value)) {
            match field.key.as_str() {
                "total" => {
                    self.data.reported.total = self
                        .score(&field.value, &tr!("the reported total", "自评总分"))
                        .map(|v| (v, field.value.span.clone()))
                }
                "grade" => match &field.value.kind {
                    NodeKind::String(s) => self.data.reported.grade = Some((s.clone(), field.value.span.clone())),
                    _ => self.diagnostics.push(
                        error(
                            Code::WrongType,
                            &field.value.span,
                            tr!("the reported grade must be text", "自评等级应为文本"),
                        )
                        .label(kind_name(&field.value)),
                    ),
                },
                "items" => {
                    let Some(items) = self.table(&field.value, "[reported.items]") else { continue };
                    for e in items.iter().filter(|e| !is_blank(&e.value)) {
                        if let Some(index) = self.item_index(&e.key, &e.key_span) {
                            let weight = self.rubric.items.get(index).map_or(Decimal::ZERO, |i| i.weight);
                            let key = &e.key;
                            let what = tr!("the reported score of item {key}", "指标 {key} 的自评分");
                            let value =
                                self.score(&e.value, &what).and_then(|v| self.within(v, weight, &e.value, &what));
                            if let (Some(v), Some(slot)) = (value, self.data.reported.items.get_mut(index)) {
                                *slot = Some((v, e.value.span.clone()));
                            }
                        }
                    }
                }
                "sections" => {
                    let Some(sections) = self.table(&field.value, "[reported.sections]") else { continue };
                    for e in sections.iter().filter(|e| !is_blank(&e.value)) {
                        let Some(index) = self.rubric.sections.iter().position(|s| s.id == e.key) else {
                            let key = &e.key;
                            let mut d = error(
                                Code::UnknownItem,
                                &e.key_span,
                                tr!("the rubric has no section `{key}`", "评分表中没有部分 `{key}`"),
                            )
                            .label(tr!("unknown section", "未知部分"));
                            if let Some(best) = closest(&e.key, self.rubric.sections.iter().map(|s| s.id.as_str())) {
                                d = d.help(did_you_mean(best));
                            }
                            self.diagnostics.push(d);
                            continue;
                        };
                        let weight = self.rubric.sections.get(index).map_or(Decimal::ZERO, |s| s.weight);
                        let key = &e.key;
                        let what = tr!("the reported subtotal of section {key}", "部分 {key} 的自评小计");
                        let value = self.score(&e.value, &what).and_then(|v| self.within(v, weight, &e.value, &what));
                        if let (Some(v), Some(slot)) = (value, self.data.reported.sections.get_mut(index)) {
                            *slot = Some((v, e.value.span.clone()));
                        }
                    }
                }
                other => {
                    let mut d = error(
                        Code::UnknownTable,
                        &field.key_span,
                        tr!("[reported] has no `{other}`", "[reported] 中没有 `{other}`"),
                    )
                    .label(tr!("unknown field", "未知字段"));
                    d = match closest(other, ["total", "grade", "items", "sections"].into_iter()) {
                        Some(best) => d.help(did_you_mean(best)),
                        None => d.help(tr!(
                            "[reported] holds total, grade, items.<id> and sections.<id>",
                            "[reported] 包含 total、grade、items.<id> 和 sections.<id>"
                        )),
                    };
                    self.diagnostics.push(d);
                }
            }
        }
    }

    fn fill_defaults(&mut self) {
        for (slot, input) in self.rubric.inputs.iter().enumerate() {
            if let (Some(given @ None), Some(default)) = (self.data.inputs.get_mut(slot), &input.default) {
                if !self.data.invalid.contains(&slot) {
                    *given = Some(Given { value: default.clone(), span: None });
                }
            }
        }
    }
}
