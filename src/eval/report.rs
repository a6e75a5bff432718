//! The result of scoring one unit: every item, section, the total, the grade,
//! and the audit findings. Serialised as the JSON report (decimals as strings).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::lower::ast::SectionKind;
pub use crate::base::diagnostic::ErrorReport;
use crate::data::bind::UnitInfo;

/// One unit's evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Which rubric.
    pub rubric: RubricInfo,
    /// Which unit.
    pub unit: UnitInfo,
    /// Maximum of the scored sections.
    #[serde(with = "decimal_str")]
    pub max: Decimal,
    /// The total; `null` when an item could not be scored.
    #[serde(with = "option_decimal_str")]
    pub total: Option<Decimal>,
    /// The grade; `null` when disqualified or without a total.
    pub grade: Option<String>,
    /// The unit's own total.
    #[serde(with = "option_decimal_str")]
    pub reported_total: Option<Decimal>,
    /// The unit's own grade.
    pub reported_grade: Option<String>,
    /// True when a disqualification rule fired.
    pub disqualified: bool,
    /// Which rule disqualified the unit, and why.
    pub disqualification: Option<Disqualification>,
    /// Every item, in rubric order.
    pub items: Vec<ItemReport>,
    /// Every section, parents before children.
    pub sections: Vec<SectionReport>,
    /// The bonus section, if the rubric has one.
    pub bonus: Option<CappedReport>,
    /// The deduction section, if the rubric has one.
    pub deduction: Option<CappedReport>,
    /// The 缺省项, with their reasons.
    pub not_applicable: Vec<NotApplicableReport>,
    /// Derived values (财务分析指标), reported and not scored.
    pub indicators: Vec<IndicatorReport>,
    /// Consistency checks (审核公式) over the data.
    pub checks: Vec<CheckReport>,
    /// Where the unit's own figures disagree with the rules or with each other.
    pub findings: Vec<Finding>,
    /// Data and evaluation errors, in short (the located diagnostics go to stderr).
    pub errors: Vec<ErrorReport>,
}

impl Report {
    /// The report as JSON, pretty-printed: exactly what `rubric eval --format
    /// json` prints for one unit. Decimals are strings.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

/// Title and version of the rubric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RubricInfo {
    /// Title.
    pub title: String,
    /// Version label.
    pub version: Option<String>,
    /// Year.
    pub year: Option<u32>,
}

/// Why the unit was disqualified.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disqualification {
    /// The item whose rule fired.
    pub item: String,
    /// The rubric's reason.
    pub reason: String,
}

/// How an item got its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// From the unit's facts, by the rule.
    Computed,
    /// The evaluator's score, from the data.
    Judged,
    /// A 缺省项: scored by the rubric's policy.
    NotApplicable,
    /// No facts given: the reported score is taken as it is.
    Unverified,
    /// Could not be scored (see `errors`).
    Error,
}

/// One item's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemReport {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Ids of the enclosing sections, outermost first.
    pub path: Vec<String>,
    /// Weight.
    #[serde(with = "decimal_str")]
    pub max: Decimal,
    /// Score; `null` for errors and for 缺省项 under the rescale policy.
    #[serde(with = "option_decimal_str")]
    pub score: Option<Decimal>,
    /// How the score came about.
    pub status: Status,
    /// The 缺省项 reason, or why the item is unverified or in error.
    pub reason: Option<String>,
    /// The unit's own score.
    #[serde(with = "option_decimal_str")]
    pub reported: Option<Decimal>,
    /// The rule with the unit's numbers in it, step by step.
    pub trace: Vec<String>,
}

/// One section's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionReport {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Normal, bonus or deduction.
    pub kind: SectionKind,
    /// The enclosing section's id.
    pub parent: Option<String>,
    /// Nesting depth, 0 at the top.
    pub depth: usize,
    /// Weight (cap for bonus and deduction).
    #[serde(with = "decimal_str")]
    pub max: Decimal,
    /// Score (after the cap).
    #[serde(with = "option_decimal_str")]
    pub score: Option<Decimal>,
    /// The unit's own subtotal.
    #[serde(with = "option_decimal_str")]
    pub reported: Option<Decimal>,
}

/// A bonus or deduction section with its cap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CappedReport {
    /// Section id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The cap.
    #[serde(with = "decimal_str")]
    pub cap: Decimal,
    /// Sum of the items before the cap.
    #[serde(with = "option_decimal_str")]
    pub raw: Option<Decimal>,
    /// After the cap.
    #[serde(with = "option_decimal_str")]
    pub score: Option<Decimal>,
    /// The unit's own figure.
    #[serde(with = "option_decimal_str")]
    pub reported: Option<Decimal>,
}

/// A 缺省项.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotApplicableReport {
    /// Item id.
    pub id: String,
    /// Item name.
    pub name: String,
    /// Why it does not apply.
    pub reason: String,
    /// The reason the unit wrote in `[not_applicable]`, when it is not `reason`
    /// (the rubric's own reason is shown, the unit's beside it).
    pub stated: Option<String>,
    /// Whether the unit claimed it (true) or the rubric's condition found it (false).
    pub claimed: bool,
    /// Points given under the policy; `null` under rescale.
    #[serde(with = "option_decimal_str")]
    pub score: Option<Decimal>,
}

/// A disagreement between the unit's figures and the rules, or among its figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// What kind: `item`, `section`, `total`, `grade`, `reported_sum`,
    /// `reported_total`, `reported_grade`, `not_applicable`.
    pub kind: &'static str,
    /// The item or section id, or `total` / `grade`.
    pub target: String,
    /// The item's or section's name (`资金到位率`); `null` for the total and the grade.
    pub name: Option<String>,
    /// The unit's figure.
    pub reported: Option<String>,
    /// The computed figure.
    pub computed: Option<String>,
    /// One sentence.
    pub message: String,
}

/// `C4 资金到位率`; the id alone where the name is the id (`预算完成率`).
pub(crate) fn id_and_name(id: &str, name: &str) -> String {
    if name.is_empty() || name == id {
        id.to_string()
    } else {
        format!("{id} {name}")
    }
}

impl Finding {
    /// What the finding is about, as a table shows it: `C4 资金到位率`, or
    /// the target (`total`, `grade`) where there is no name.
    pub fn about(&self) -> String {
        match &self.name {
            Some(name) => id_and_name(&self.target, name),
            None => self.target.clone(),
        }
    }
}

/// A derived indicator's value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorReport {
    /// Its name.
    pub name: String,
    /// The value (10 places at most), `null` when not defined.
    #[serde(with = "option_decimal_str")]
    pub value: Option<Decimal>,
    /// The value as shown: `28.36%`, `15.5:1`, `22.31万元`.
    pub display: Option<String>,
    /// False when it cannot be computed (a zero denominator, a missing input).
    pub defined: bool,
    /// Why it is not defined.
    pub reason: Option<String>,
    /// The formula with the unit's numbers.
    pub trace: Option<String>,
}

/// A consistency check's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// Its name.
    pub name: String,
    /// `error` or `warning`.
    pub level: &'static str,
    /// `passed`, `failed` or `skipped` (an input is missing).
    pub status: &'static str,
    /// The left side's value.
    pub left: Option<String>,
    /// The right side's value.
    pub right: Option<String>,
    /// Left minus right.
    pub difference: Option<String>,
    /// The allowed difference.
    pub tolerance: String,
    /// The check with the unit's numbers, or why it was skipped.
    pub message: String,
    /// The check's line in the rubric file.
    pub line: usize,
}


/// A decimal as written for people and JSON: no trailing zeros ("3", "2.5").
pub fn show(d: Decimal) -> String {
    d.normalize().to_string()
}

mod decimal_str {
    use rust_decimal::Decimal;
    use serde::Serializer;

    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::show(*d))
    }
}

mod option_decimal_str {
    use rust_decimal::Decimal;
    use serde::Serializer;

    pub fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&super::show(*d)),
            None => s.serialize_none(),
        }
    }
}
