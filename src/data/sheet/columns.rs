//! Column names: what a header cell means, and the columns of a rubric's template
//! with their descriptions (the words of `rubric template`).

use crate::lower::ast::InputType;
use crate::check::symbolic;
use crate::check::model::{Checked, Input, Rule};
use crate::tr;

/// The `[unit]` fields, in template order.
pub(crate) const UNIT_FIELDS: [&str; 4] = ["name", "code", "year", "project"];

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// A `[unit]` field: `name`, `code`, `year`, `project`.
    Unit,
    /// An input of the given type.
    Input(InputType),
    /// A judged item's score.
    Judged,
    /// The reason of a 缺省项 the unit claims.
    NotApplicable,
    /// The reported total.
    ReportedTotal,
    /// The reported grade.
    ReportedGrade,
    /// A reported item score.
    ReportedItem,
    /// A reported section subtotal.
    ReportedSection,
}

/// One column of a rubric's spreadsheet template.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The name in row 1 (`在职人员数`, `judged.21`, `reported.items.24`).
    pub key: String,
    /// The text of the description row: type, unit, range, description.
    pub description: String,
    /// What it holds.
    pub kind: ColumnKind,
}

/// Where a column's values go in a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// `[unit]`, by field.
    Unit(String),
    /// `[inputs]`, by input name.
    Input(String),
    /// `[judged]`, by item id.
    Judged(String),
    /// `[not_applicable]`, by item id.
    NotApplicable(String),
    /// `[reported]`: `total`, `grade` (or an unknown field, for the binder to report).
    Reported(String),
    /// `[reported.items]`, by item id.
    ReportedItem(String),
    /// `[reported.sections]`, by section id.
    ReportedSection(String),
}

/// What a header cell names. Anything that is not a unit field or does not start
/// with a table prefix is an input.
pub(crate) fn classify(key: &str) -> Target {
    let key = key.trim();
    if UNIT_FIELDS.contains(&key) {
        return Target::Unit(key.to_string());
    }
    let prefixed = |prefix: &str| key.strip_prefix(prefix).map(str::to_string);
    if let Some(field) = prefixed("unit.") {
        Target::Unit(field)
    } else if let Some(name) = prefixed("inputs.") {
        Target::Input(name)
    } else if let Some(id) = prefixed("judged.") {
        Target::Judged(id)
    } else if let Some(id) = prefixed("not_applicable.") {
        Target::NotApplicable(id)
    } else if let Some(id) = prefixed("reported.items.") {
        Target::ReportedItem(id)
    } else if let Some(id) = prefixed("reported.sections.") {
        Target::ReportedSection(id)
    } else if let Some(field) = prefixed("reported.") {
        Target::Reported(field)
    } else {
        Target::Input(key.to_string())
    }
}

/// The column name of an input: its name, or `inputs.<name>` when the bare name
/// would mean something else.
pub(crate) fn input_key(name: &str) -> String {
    match classify(name) {
        Target::Input(n) if n == name => name.to_string(),
        _ => format!("inputs.{name}"),
    }
}

/// What an input expects, in words (as `rubric template` says it).
pub(crate) fn expects(input: &Input) -> String {
    let range = match (input.min, input.max) {
        (Some(lo), Some(hi)) if input.ty == InputType::Rate => {
            let lo = (lo * rust_decimal::Decimal::ONE_HUNDRED).normalize();
            let hi = (hi * rust_decimal::Decimal::ONE_HUNDRED).normalize();
            tr!(", {lo}% to {hi}%", "，{lo}% 至 {hi}%")
        }
        (Some(lo), Some(hi)) => {
            let (lo, hi) = (lo.normalize(), hi.normalize());
            tr!(", {lo} to {hi}", "，{lo} 至 {hi}")
        }
        (Some(lo), None) if input.ty != InputType::Count => {
            let lo = lo.normalize();
            tr!(", at least {lo}", "，不小于 {lo}")
        }
        (None, Some(hi)) => {
            let hi = hi.normalize();
            tr!(", at most {hi}", "，不大于 {hi}")
        }
        _ => String::new(),
    };
    let kind = match input.ty {
        InputType::Count => tr!("a whole number ≥ 0", "≥ 0 的整数"),
        InputType::Amount(unit) => {
            let unit = unit.as_str();
            tr!(
                "an amount in {unit} (or text with a unit: \"290820元\")",
                "金额，单位{unit}（也可写带单位的文字：\"290820元\"）"
            )
        }
        InputType::Rate => tr!("a rate: 0.95 or \"95%\"", "比率：0.95 或 \"95%\""),
        InputType::Bool => tr!("true or false (是/否)", "true 或 false（是/否）"),
        InputType::Text => tr!("text", "文字"),
        InputType::Number => tr!("a number", "数值"),
    };
    let optional = match (&input.default, input.optional) {
        (Some(_), _) => tr!(", optional (a default applies)", "，可不填（有默认值）"),
        (None, true) => tr!(", optional", "，可不填"),
        _ => String::new(),
    };
    format!("{kind}{range}{optional}")
}

/// An item's rule in one line: its `let` steps, then the rule.
pub(crate) fn rule_text(rubric: &Checked, index: usize) -> String {
    let Some(item) = rubric.items.get(index) else { return String::new() };
    let separator = tr!("; ", "；");
    let rule = match &item.rule {
        Rule::Formula(e) => symbolic(e, &rubric.inputs, &item.lets),
        Rule::Checklist(entries) => entries
            .iter()
            .map(|e| {
                let (points, condition) = (e.points.normalize(), symbolic(&e.condition, &rubric.inputs, &item.lets));
                tr!("{points} if {condition}", "{points} 若 {condition}")
            })
            .collect::<Vec<_>>()
            .join(&separator),
        Rule::Judged(None) => tr!("judged", "评定"),
        Rule::Judged(Some(t)) => tr!("judged: {t}", "评定：{t}"),
    };
    let mut steps: Vec<String> = item
        .lets
        .iter()
        .map(|l| {
            let (name, value) = (&l.name, symbolic(&l.value, &rubric.inputs, &item.lets));
            tr!("let {name} = {value}", "令 {name} = {value}")
        })
        .collect();
    steps.push(rule);
    steps.join(&separator)
}

/// The 缺省项 conditions of an item: `if C (reason)`, joined by `; `.
pub(crate) fn not_applicable_text(rubric: &Checked, index: usize) -> String {
    let Some(item) = rubric.items.get(index) else { return String::new() };
    item.not_applicable
        .iter()
        .map(|c| {
            let (condition, reason) = (symbolic(&c.condition, &rubric.inputs, &item.lets), &c.reason);
            tr!("if {condition} ({reason})", "若 {condition}（{reason}）")
        })
        .collect::<Vec<_>>()
        .join(&tr!("; ", "；"))
}

/// Every column of `rubric`'s template, in order: the unit fields, every input in
/// rubric order, `judged.<id>` for judged items, `not_applicable.<id>` for items
/// the unit may claim as 缺省项, `reported.total`, `reported.grade`,
/// `reported.items.<id>` for every item and `reported.sections.<id>` for every
/// section.
pub fn columns(rubric: &Checked) -> Vec<Column> {
    let mut out = Vec::new();
    let year = rubric.year.map_or_else(String::new, |y| tr!(", e.g. {y}", "，如 {y}"));
    let unit = [
        ("name", tr!("the unit's name (单位名称)", "单位名称")),
        ("code", tr!("the unit's code (预算单位编码)", "预算单位编码")),
        ("year", tr!("the year the data is for (年度){year}", "数据所属年度{year}")),
        ("project", tr!("the project, for a project rubric (项目名称)", "项目名称（项目支出评分表填写）")),
    ];
    for (key, description) in unit {
        out.push(Column { key: key.to_string(), description, kind: ColumnKind::Unit });
    }
    for input in &rubric.inputs {
        let description =
            input.description.as_ref().map_or_else(|| expects(input), |d| format!("{d} — {}", expects(input)));
        out.push(Column { key: input_key(&input.name), description, kind: ColumnKind::Input(input.ty) });
    }
    for item in rubric.items.iter().filter(|i| matches!(i.rule, Rule::Judged(_))) {
        let guidance = match &item.rule {
            Rule::Judged(Some(t)) => tr!(": {t}", "：{t}"),
            _ => String::new(),
        };
        let (name, weight) = (&item.name, item.weight.normalize());
        out.push(Column {
            key: format!("judged.{}", item.id),
            description: tr!(
                "the evaluator's score — {name} (0 to {weight}){guidance}",
                "评价人员评定的得分 —— {name}（0 至 {weight}）{guidance}"
            ),
            kind: ColumnKind::Judged,
        });
    }
    for (index, item) in rubric.items.iter().enumerate().filter(|(_, i)| i.claimable) {
        let when = not_applicable_text(rubric, index);
        let when = if when.is_empty() { String::new() } else { tr!(": {when}", "：{when}") };
        let name = &item.name;
        out.push(Column {
            key: format!("not_applicable.{}", item.id),
            description: tr!(
                "缺省项 you claim, with the reason — {name}{when}",
                "申报的缺省项，请填写理由 —— {name}{when}"
            ),
            kind: ColumnKind::NotApplicable,
        });
    }
    if rubric.items.is_empty() {
        return out;
    }
    let points = |name: &str, weight: rust_decimal::Decimal| {
        let weight = weight.normalize();
        tr!("your own self-assessment (自评) — {name} ({weight} points)", "单位自评 —— {name}（{weight} 分）")
    };
    let (max, grades) =
        (rubric.max.normalize(), rubric.grades.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join("、"));
    out.push(Column {
        key: "reported.total".to_string(),
        description: tr!("your own self-assessment (自评): the total, 0 to {max}", "单位自评：总分，0 至 {max}"),
        kind: ColumnKind::ReportedTotal,
    });
    out.push(Column {
        key: "reported.grade".to_string(),
        description: tr!("your own self-assessment (自评): the grade ({grades})", "单位自评：等级（{grades}）"),
        kind: ColumnKind::ReportedGrade,
    });
    for item in &rubric.items {
        out.push(Column {
            key: format!("reported.items.{}", item.id),
            description: points(&item.name, item.weight),
            kind: ColumnKind::ReportedItem,
        });
    }
    for section in &rubric.sections {
        out.push(Column {
            key: format!("reported.sections.{}", section.id),
            description: points(&section.name, section.weight),
            kind: ColumnKind::ReportedSection,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{classify, input_key, Target};

    #[test]
    fn header_names() {
        assert_eq!(classify("name"), Target::Unit("name".into()));
        assert_eq!(classify(" year "), Target::Unit("year".into()));
        assert_eq!(classify("unit.code"), Target::Unit("code".into()));
        assert_eq!(classify("在职人员数"), Target::Input("在职人员数".into()));
        assert_eq!(classify("inputs.name"), Target::Input("name".into()));
        assert_eq!(classify("judged.21"), Target::Judged("21".into()));
        assert_eq!(classify("not_applicable.24"), Target::NotApplicable("24".into()));
        assert_eq!(classify("reported.total"), Target::Reported("total".into()));
        assert_eq!(classify("reported.grade"), Target::Reported("grade".into()));
        assert_eq!(classify("reported.items.加1"), Target::ReportedItem("加1".into()));
        assert_eq!(classify("reported.sections.二.4"), Target::ReportedSection("二.4".into()));
        assert_eq!(input_key("在职人员数"), "在职人员数");
        assert_eq!(input_key("year"), "inputs.year");
        assert_eq!(input_key("judged.x"), "inputs.judged.x");
    }
}
