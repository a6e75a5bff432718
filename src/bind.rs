//! A data file's tree → the values a rubric reads ([`UnitData`]).
//!
//! Each value is checked against its input's declaration: type, unit, range.
//! Every problem is a diagnostic pointing at the offending key or value of the
//! data file; the values that are fine are kept, so one bad value never hides
//! the rest.

use rust_decimal::Decimal;

use crate::ast::{InputType, MoneyUnit};
use crate::data::{self, Entry, Format, Node, NodeKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::exact::Exact;
use crate::model::{Checked, Value};
use crate::span::Span;
use crate::suggest::closest;

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
    pub errors: Vec<crate::report::ErrorReport>,
    /// False when the file could not be parsed at all: there is nothing to score.
    pub parsed: bool,
}

const TABLES: [&str; 5] = ["unit", "inputs", "judged", "not_applicable", "reported"];

/// Reads and checks a data file's text.
pub fn load(text: &str, format: Format, rubric: &Checked) -> (UnitData, Vec<Diagnostic>) {
    let mut binder = Binder { rubric, diagnostics: Vec::new(), data: empty(rubric) };
    match data::parse(format, text) {
        Ok(root) => {
            binder.data.parsed = true;
            binder.root(&root);
        }
        Err(problems) => {
            for p in problems {
                let mut d = Diagnostic::error(Code::DataSyntax, p.span, p.message).in_data().label(p.label);
                d.subcode = Some(p.code);
                if let Some(help) = p.help {
                    d = d.help(help);
                }
                binder.diagnostics.push(d);
            }
        }
    }
    binder.fill_defaults();
    binder.data.errors = binder
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| crate::report::ErrorReport { code: d.code_text().to_string(), item: None, message: d.message.clone() })
        .collect();
    (binder.data, binder.diagnostics)
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

fn kind_name(node: &Node) -> &'static str {
    match &node.kind {
        NodeKind::Table(_) => "a table",
        NodeKind::Array(_) => "a list",
        NodeKind::String(_) => "text",
        NodeKind::Number(_) => "a number",
        NodeKind::Bool(_) => "true/false",
        NodeKind::Null => "nothing (null)",
        NodeKind::Other(what) => what,
    }
}

impl Binder<'_> {
    fn root(&mut self, root: &Node) {
        let Some(entries) = self.table(root, "the data file") else { return };
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
                    let mut d =
                        error(Code::UnknownTable, &entry.key_span, format!("a data file has no `{other}` table"))
                            .label("unknown table");
                    d = match closest(other, TABLES.iter().copied()) {
                        Some(best) => d.help(format!("did you mean `{best}`?")),
                        None => d.help("the tables are [unit], [inputs], [judged], [not_applicable] and [reported]"),
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
                self.diagnostics.push(
                    error(
                        Code::WrongType,
                        &node.span,
                        format!("{what} must be a table of `key = value` lines, not {}", kind_name(node)),
                    )
                    .label("not a table")
                    .help("see `rubric template` for the shape of a data file"),
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
                    self.diagnostics.push(
                        error(
                            Code::WrongType,
                            &field.value.span,
                            format!("`unit.{}` must be text or a number", field.key),
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
                        format!("[unit] has no field `{other}`; it is ignored"),
                    )
                    .in_data()
                    .label("unknown field");
                    if let Some(best) = closest(other, ["name", "code", "year", "project"].into_iter()) {
                        d = d.help(format!("did you mean `{best}`?"));
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
            let mut d = error(Code::UnknownInput, &entry.key_span, format!("the rubric has no input `{}`", entry.key))
                .label("unknown input");
            d = match closest(&entry.key, self.rubric.inputs.iter().map(|i| i.name.as_str())) {
                Some(best) => d.help(format!("did you mean `{best}`?")),
                None => d.help("the rubric's `input` lines list every input it reads"),
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
            .ok_or_else(|| Box::new(error(Code::UnknownInput, &node.span, "unknown input")))?;
        let wrong = |expected: &str, help: &str| {
            Box::new(
                error(
                    Code::WrongType,
                    &node.span,
                    format!("`{}` must be {expected}, not {}", input.name, kind_name(node)),
                )
                .label(format!("expected {expected}"))
                .help(help.to_string()),
            )
        };
        let number = match (input.ty, &node.kind) {
            (InputType::Bool, NodeKind::Bool(b)) => return Ok(Value::Bool(*b)),
            (InputType::Bool, NodeKind::String(s)) => {
                return match s.trim() {
                    "是" | "yes" | "有" | "true" => Ok(Value::Bool(true)),
                    "否" | "no" | "无" | "false" => Ok(Value::Bool(false)),
                    _ => Err(wrong("yes or no", "write true or false (or \"是\" / \"否\")")),
                }
            }
            (InputType::Bool, _) => return Err(wrong("yes or no", "write true or false (or \"是\" / \"否\")")),
            (InputType::Text, NodeKind::String(s)) => return Ok(Value::Text(s.clone())),
            (InputType::Text, _) => return Err(wrong("text", "put the text in quotes")),
            (_, NodeKind::Number(raw)) => self.exact(raw, &node.span, &input.name)?,
            (ty, NodeKind::String(s)) => self.number_text(s, ty, &node.span, &input.name)?,
            (InputType::Amount(_), _) => {
                return Err(wrong(
                    "an amount",
                    "write a number in the declared unit, or text with a unit: \"290820元\", \"29.082万元\"",
                ))
            }
            (InputType::Rate, _) => return Err(wrong("a rate", "write 0.95 or \"95%\"")),
            _ => return Err(wrong("a number", "write a number, e.g. 58")),
        };
        self.in_range(input, number, node)?;
        Ok(Value::Number(number))
    }

    fn exact(&self, raw: &str, span: &Span, name: &str) -> Result<Exact, Box<Diagnostic>> {
        data::parse_number(raw).map(Exact::from_decimal).map_err(|problem| {
            Box::new(match problem {
                data::NumberProblem::TooPrecise => {
                    error(Code::OutOfRange, span, format!("`{name}` = {raw} has more digits than a decimal holds"))
                        .label("too many digits")
                        .help("at most 28 significant digits; the value is not rounded silently")
                }
                data::NumberProblem::NotANumber => {
                    error(Code::WrongType, span, format!("`{name}` = {raw} is not a number")).label("not a number")
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
                error(Code::WrongType, span, format!("`{name}` = \"{text}\" is not a number"))
                    .label("not a number")
                    .help(match ty {
                        InputType::Amount(_) => "write a number, or a number with 元, 万元 or 亿元: \"290820元\"",
                        InputType::Rate => "write 0.95 or \"95%\"",
                        _ => "write a number, e.g. 58",
                    }),
            )
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+') {
            return Err(not_number());
        }
        let value = self.exact(digits, span, name).map_err(|_| not_number())?;
        match factor {
            Some(f) => value.mul(f).map_err(|_| {
                Box::new(error(Code::OutOfRange, span, format!("`{name}` is too large")).label("too large"))
            }),
            None => Ok(value),
        }
    }

    fn in_range(&self, input: &crate::model::Input, value: Exact, node: &Node) -> Result<(), Box<Diagnostic>> {
        if input.ty == InputType::Count && !value.is_integer() {
            return Err(Box::new(
                error(
                    Code::OutOfRange,
                    &node.span,
                    format!("`{}` is a count and must be a whole number, not {}", input.name, value.display(6)),
                )
                .label("not a whole number")
                .help("counts are whole numbers ≥ 0"),
            ));
        }
        let below = input.min.is_some_and(|m| value < Exact::from_decimal(m));
        let above = input.max.is_some_and(|m| value > Exact::from_decimal(m));
        if !below && !above {
            return Ok(());
        }
        let written = &text_of(node);
        let shown = if input.ty == InputType::Rate && matches!(node.kind, NodeKind::Number(_)) {
            format!(
                "{written} (that is {}%)",
                value.mul(Exact::from_int(100)).map_or_else(|_| value.display(6), |v| v.display(4))
            )
        } else if input.ty == InputType::Rate {
            format!("{}%", value.mul(Exact::from_int(100)).map_or_else(|_| value.display(6), |v| v.display(4)))
        } else {
            value.display(6)
        };
        let range = match (input.min, input.max) {
            (Some(lo), Some(hi)) if input.ty == InputType::Rate => format!(
                "from {}% to {}%",
                (lo * Decimal::ONE_HUNDRED).normalize(),
                (hi * Decimal::ONE_HUNDRED).normalize()
            ),
            (Some(lo), Some(hi)) => format!("from {} to {}", lo.normalize(), hi.normalize()),
            (Some(lo), None) => format!("at least {}", lo.normalize()),
            (None, Some(hi)) => format!("at most {}", hi.normalize()),
            (None, None) => String::new(),
        };
        let help = match (input.ty, &node.kind) {
            (InputType::Rate, NodeKind::Number(_)) if value > Exact::ONE && value <= Exact::from_int(100) => {
                format!(
                    "a rate is a proportion: write {} or \"{}%\"",
                    value.div(Exact::from_int(100)).map_or_else(|_| String::new(), |v| v.display(6)),
                    value.display(6)
                )
            }
            _ => format!("`{}` must be {range}", input.name),
        };
        Err(Box::new(
            error(Code::OutOfRange, &node.span, format!("`{}` = {shown} is out of range ({range})", input.name))
                .label("out of range")
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
            let mut d = error(Code::UnknownItem, span, format!("the rubric has no item `{id}`")).label("unknown item");
            if let Some(best) = closest(id, self.rubric.items.iter().map(|i| i.id.as_str())) {
                d = d.help(format!("did you mean `{best}`?"));
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
                        error(Code::Reported, &node.span, format!("{what} = {raw} is not a usable number"))
                            .label("not usable"),
                    );
                    None
                }
            },
            _ => {
                self.diagnostics.push(
                    error(Code::WrongType, &node.span, format!("{what} must be a number, not {}", kind_name(node)))
                        .label("not a number")
                        .help("write the score as a number, e.g. 2.5"),
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
        self.diagnostics.push(
            error(
                Code::Reported,
                &node.span,
                format!("{what} is {}, outside 0 to {}", value.normalize(), weight.normalize()),
            )
            .label(format!("must be from 0 to {}", weight.normalize()))
            .help("a score lies between 0 and its weight; check the figure against the table"),
        );
        None
    }

    fn judged(&mut self, index: usize, entry: &Entry) {
        let Some(item) = self.rubric.items.get(index) else { return };
        if !matches!(item.rule, crate::model::Rule::Judged(_)) {
            self.diagnostics.push(
                error(Code::Judged, &entry.key_span, format!("item {} is scored by its rule, not judged", item.id))
                    .label("not a judged item")
                    .help("give the facts in [inputs]; the unit's own score goes in [reported.items]"),
            );
            return;
        }
        let weight = item.weight;
        let id = item.id.clone();
        let Some(score) = self.score(&entry.value, &format!("the judged score of item {id}")) else {
            self.data.invalid_judged.push(index);
            return;
        };
        if score < Decimal::ZERO || score > weight {
            self.diagnostics.push(
                error(
                    Code::Judged,
                    &entry.value.span,
                    format!(
                        "the judged score of item {id} is {}, outside 0 to {}",
                        score.normalize(),
                        weight.normalize()
                    ),
                )
                .label(format!("must be from 0 to {}", weight.normalize()))
                .help("a judged score lies between 0 and the item's weight"),
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
            self.diagnostics.push(
                error(
                    Code::NotApplicable,
                    &entry.key_span,
                    format!("item {} cannot be a 缺省项 under this rubric", item.id),
                )
                .label("no 缺省项 allowed here")
                .help(if allowed.is_empty() {
                    "this rubric allows no 缺省项".to_string()
                } else {
                    format!(
                        "the rubric allows 缺省项 for {} {}",
                        if allowed.len() == 1 { "item" } else { "items" },
                        allowed.join(", ")
                    )
                }),
            );
            return;
        }
        let reason = match &entry.value.kind {
            NodeKind::String(s) if !s.trim().is_empty() => s.clone(),
            _ => {
                self.diagnostics.push(
                    error(
                        Code::NotApplicable,
                        &entry.value.span,
                        format!("the 缺省项 claim for item {} needs a reason", item.id),
                    )
                    .label("no reason given")
                    .help("write the reason as text: \"无下属单位\""),
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
                    self.data.reported.total =
                        self.score(&field.value, "the reported total").map(|v| (v, field.value.span.clone()))
                }
                "grade" => match &field.value.kind {
                    NodeKind::String(s) => self.data.reported.grade = Some((s.clone(), field.value.span.clone())),
                    _ => self.diagnostics.push(
                        error(Code::WrongType, &field.value.span, "the reported grade must be text")
                            .label(kind_name(&field.value)),
                    ),
                },
                "items" => {
                    let Some(items) = self.table(&field.value, "[reported.items]") else { continue };
                    for e in items.iter().filter(|e| !is_blank(&e.value)) {
                        if let Some(index) = self.item_index(&e.key, &e.key_span) {
                            let weight = self.rubric.items.get(index).map_or(Decimal::ZERO, |i| i.weight);
                            let what = format!("the reported score of item {}", e.key);
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
                            let mut d =
                                error(Code::UnknownItem, &e.key_span, format!("the rubric has no section `{}`", e.key))
                                    .label("unknown section");
                            if let Some(best) = closest(&e.key, self.rubric.sections.iter().map(|s| s.id.as_str())) {
                                d = d.help(format!("did you mean `{best}`?"));
                            }
                            self.diagnostics.push(d);
                            continue;
                        };
                        let weight = self.rubric.sections.get(index).map_or(Decimal::ZERO, |s| s.weight);
                        let what = format!("the reported subtotal of section {}", e.key);
                        let value = self.score(&e.value, &what).and_then(|v| self.within(v, weight, &e.value, &what));
                        if let (Some(v), Some(slot)) = (value, self.data.reported.sections.get_mut(index)) {
                            *slot = Some((v, e.value.span.clone()));
                        }
                    }
                }
                other => {
                    let mut d = error(Code::UnknownTable, &field.key_span, format!("[reported] has no `{other}`"))
                        .label("unknown field");
                    d = match closest(other, ["total", "grade", "items", "sections"].into_iter()) {
                        Some(best) => d.help(format!("did you mean `{best}`?")),
                        None => d.help("[reported] holds total, grade, items.<id> and sections.<id>"),
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
