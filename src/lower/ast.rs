//! The typed syntax tree of a rubric, as written (before names are resolved).
//!
//! Produced by [`crate::lower`]; every node keeps its span, and equality
//! ignores spans (see [`Spanned`]).

use rust_decimal::Decimal;

use crate::base::exact::RoundMode;
use crate::base::span::{Span, Spanned};

/// A whole rubric file.
#[derive(Debug, Clone, PartialEq)]
pub struct Rubric {
    /// Title, year, maximum, rounding, policies, grade bands.
    pub header: Header,
    /// The data the rubric reads.
    pub inputs: Vec<InputDecl>,
    /// Conditions every data file must meet (a part never exceeds its whole).
    pub requires: Vec<Require>,
    /// Top-level sections in order, bonus and deduction sections included.
    pub sections: Vec<Section>,
    /// Derived values that are reported, not scored.
    pub indicators: Vec<Indicator>,
    /// Consistency checks (审核公式) over the data.
    pub checks: Vec<Check>,
}

/// `indicator 名称 = 表达式, as percent 2`
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// The name.
    pub name: Spanned<String>,
    /// How it is computed.
    pub value: SExpr,
    /// How it is shown.
    pub display: Option<Spanned<Display>>,
    /// What it measures.
    pub description: Vec<Spanned<String>>,
    /// The whole declaration.
    pub span: Span,
}

/// How an indicator is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Display {
    /// Percent, ratio, number or an amount in a unit.
    pub kind: DisplayKind,
    /// Decimal places shown.
    pub places: u32,
}

/// The display forms of an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DisplayKind {
    /// `12.34%`
    Percent,
    /// `15.5:1`
    Ratio,
    /// A plain number.
    Number,
    /// An amount in this unit.
    Amount(MoneyUnit),
}

/// `check "名称" 左 = 右, within 0.01, warning: "说明"`
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// The check's name.
    pub name: Spanned<String>,
    /// The comparison that must hold.
    pub condition: SExpr,
    /// How far the two sides may differ, and whether it was written as a percentage.
    pub tolerance: Option<Spanned<(Decimal, bool)>>,
    /// A warning rather than an error.
    pub warning: bool,
    /// Said when it fails.
    pub message: Option<Spanned<String>>,
    /// The whole statement.
    pub span: Span,
}

/// The `rubric` line and its properties.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Header {
    /// The title, as on the paper table.
    pub title: Spanned<String>,
    /// The year the rubric applies to.
    pub year: Option<Spanned<u32>>,
    /// A version label.
    pub version: Option<Spanned<String>>,
    /// The maximum of the scored sections (bonus excluded).
    pub max: Option<Spanned<Decimal>>,
    /// How item scores are rounded.
    pub rounding: Option<Spanned<Rounding>>,
    /// What a 缺省项 scores.
    pub policy: Option<Spanned<Policy>>,
    /// The lowest total (usually 0).
    pub floor: Option<Spanned<Decimal>>,
    /// Grade bands, best first.
    pub grades: Option<Spanned<Vec<Band>>>,
}

impl Default for Spanned<String> {
    fn default() -> Self {
        Spanned::new(String::new(), 0..0)
    }
}

/// Decimal places and rounding mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounding {
    /// Decimal places kept.
    pub places: u32,
    /// How a dropped digit is rounded.
    pub mode: RoundMode,
}

/// The 缺省项 policy: how a not-applicable item counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    /// The item gets its full weight.
    FullMarks,
    /// The item is left out and the total is scaled back up to the maximum.
    Rescale,
    /// The item gets nothing.
    Zero,
}

/// One grade band: a name and the scores it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// The grade (优, 良 …).
    pub name: Spanned<String>,
    /// Its lower edge; `None` for the last, catch-all band.
    pub bound: Option<Spanned<BandBound>>,
}

/// The scores a band covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BandBound {
    /// `>= n`
    AtLeast(Decimal),
    /// `> n`
    Above(Decimal),
    /// `a..b`: a ≤ total < b.
    Range(Decimal, Decimal),
}

/// The type of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputType {
    /// A whole number ≥ 0.
    Count,
    /// Money in a unit.
    Amount(MoneyUnit),
    /// A proportion: 0.95 or 95%.
    Rate,
    /// Yes or no.
    Bool,
    /// Free text.
    Text,
    /// Any decimal.
    Number,
}

/// A unit of money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum MoneyUnit {
    /// 元
    Yuan,
    /// 万元
    Wan,
    /// 亿元
    Yi,
}

impl MoneyUnit {
    /// How many 元 one of this unit is.
    pub fn in_yuan(self) -> i64 {
        match self {
            MoneyUnit::Yuan => 1,
            MoneyUnit::Wan => 10_000,
            MoneyUnit::Yi => 100_000_000,
        }
    }

    /// The unit as written.
    pub fn as_str(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::Wan => "万元",
            MoneyUnit::Yi => "亿元",
        }
    }
}

/// A constant written in the rubric.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A number (a percentage already divided by 100).
    Number(Decimal),
    /// Yes or no.
    Bool(bool),
    /// Text.
    Text(String),
}

/// `input 名称: type …`
#[derive(Debug, Clone, PartialEq)]
pub struct InputDecl {
    /// The standard input name.
    pub name: Spanned<String>,
    /// Its type.
    pub ty: Spanned<InputType>,
    /// May the data leave it out?
    pub optional: bool,
    /// The value used when the data leaves it out.
    pub default: Option<Spanned<Literal>>,
    /// Allowed values (inclusive), beyond what the type allows.
    pub range: Option<Spanned<(Option<Decimal>, Option<Decimal>)>>,
    /// What the unit should enter.
    pub description: Option<Spanned<String>>,
    /// The whole declaration.
    pub span: Span,
}

/// `require 已评估 <= 应评估: "…"`
#[derive(Debug, Clone, PartialEq)]
pub struct Require {
    /// The condition the data must meet.
    pub condition: SExpr,
    /// Said when it is not met.
    pub message: Option<Spanned<String>>,
    /// The whole statement.
    pub span: Span,
}

/// What kind of section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// Adds up into the total, within its weight.
    Normal,
    /// 加分项: added to the total, up to its cap.
    Bonus,
    /// 减分项: subtracted from the total, up to its cap.
    Deduction,
}

/// A section (一级 / 二级 indicator) and what is under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Normal, bonus or deduction.
    pub kind: SectionKind,
    /// Stable id (`二.4`).
    pub id: Spanned<String>,
    /// Name as on the table.
    pub name: Spanned<String>,
    /// Weight, or cap for bonus and deduction sections.
    pub weight: Spanned<Decimal>,
    /// The table's own wording.
    pub description: Vec<Spanned<String>>,
    /// Sub-sections and items, in order.
    pub children: Vec<Child>,
    /// The section line.
    pub span: Span,
}

/// A child of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Child {
    /// A nested section.
    Section(Section),
    /// A scored item.
    Item(Item),
}

/// A scored item (a row of the table).
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Stable id (`13`, `加1`).
    pub id: Spanned<String>,
    /// Name.
    pub name: Spanned<String>,
    /// Full marks.
    pub weight: Spanned<Decimal>,
    /// The table's wording (指标解释 / 计分标准).
    pub description: Vec<Spanned<String>>,
    /// Named intermediate values, in order.
    pub lets: Vec<Let>,
    /// How it is scored.
    pub rule: Option<Spanned<Rule>>,
    /// When it is a 缺省项.
    pub not_applicable: Vec<NotApplicable>,
    /// When it disqualifies the whole evaluation.
    pub disqualify: Vec<Condition>,
    /// A rounding that overrides the rubric's.
    pub rounding: Option<Spanned<Rounding>>,
    /// The item line.
    pub span: Span,
}

/// `let 名称 = 表达式`
#[derive(Debug, Clone, PartialEq)]
pub struct Let {
    /// The name.
    pub name: Spanned<String>,
    /// Its value.
    pub value: SExpr,
}

/// How an item is scored.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// A formula (the `score` forms all become one).
    Formula(SExpr),
    /// Sub-criteria with partial points, added up.
    Checklist(Vec<ChecklistEntry>),
    /// The evaluator's score, from the data; the text says how to judge.
    Judged(Option<Spanned<String>>),
}

/// `1.5 if 目标符合自身特点`
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistEntry {
    /// Points given when the condition holds.
    pub points: Spanned<Decimal>,
    /// The condition.
    pub condition: SExpr,
    /// Optional wording.
    pub label: Option<Spanned<String>>,
    /// The whole entry.
    pub span: Span,
}

/// When an item is a 缺省项.
#[derive(Debug, Clone, PartialEq)]
pub enum NotApplicable {
    /// `not-applicable if 应评估数 = 0: "全年无达到评估条件的项目"`
    If(Condition),
    /// `not-applicable claimed "无下属单位的部门该项作为缺省项"`: the unit may claim it.
    Claimable {
        /// What a claim must be about.
        hint: Option<Spanned<String>>,
        /// The statement.
        span: Span,
    },
}

/// A condition with a reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// When.
    pub condition: SExpr,
    /// Why (quoted in the report).
    pub reason: Spanned<String>,
    /// The whole statement.
    pub span: Span,
}

/// An expression with its span.
pub type SExpr = Spanned<Expr>;

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A number; `percent` keeps `5%` written as such in traces.
    Number {
        /// The value (5% is 0.05).
        value: Decimal,
        /// Written with `%`.
        percent: bool,
    },
    /// `true` / `false` / 是 / 否.
    Bool(bool),
    /// Quoted text, compared with a text input: `单位类型 = "行政单位"`.
    Text(String),
    /// An input or a `let`.
    Name(String),
    /// `-x`, `not x`.
    Unary(UnaryOp, Box<SExpr>),
    /// `a + b`, `a <= b`, `a and b` …
    Binary(BinaryOp, Box<SExpr>, Box<SExpr>),
    /// `min(a, b)` …
    Call(Spanned<String>, Vec<SExpr>),
    /// `if c then a else b`.
    If(Box<SExpr>, Box<SExpr>, Box<SExpr>),
}

/// A prefix operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-`
    Neg,
    /// `not`
    Not,
}

/// An infix operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `×`
    Mul,
    /// `÷`
    Div,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `and`
    And,
    /// `or`
    Or,
}

impl BinaryOp {
    /// The operator as shown in traces.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "−",
            BinaryOp::Mul => "×",
            BinaryOp::Div => "÷",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "≤",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => "≥",
            BinaryOp::Eq => "=",
            BinaryOp::Ne => "≠",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
        }
    }
}
