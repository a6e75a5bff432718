//! The checked rubric: names resolved to slots, types known, weights verified.
//!
//! Produced by [`crate::check`] and read by [`crate::eval`]. Sections and items
//! live in flat arrays and refer to each other by index, so evaluation needs
//! no name lookups.

use rust_decimal::Decimal;

use crate::lower::ast::{InputType, MoneyUnit, Policy, Rounding, SectionKind};
use crate::base::exact::Exact;
use crate::base::span::Span;

/// A rubric that passed every static check.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Title as on the table.
    pub title: String,
    /// Version label.
    pub version: Option<String>,
    /// Year.
    pub year: Option<u32>,
    /// Maximum of the scored sections.
    pub max: Decimal,
    /// Item rounding.
    pub rounding: Rounding,
    /// 缺省项 policy.
    pub policy: Policy,
    /// Lowest total.
    pub floor: Decimal,
    /// Grade bands, best first.
    pub grades: Vec<Grade>,
    /// Declared inputs; expressions refer to them by index.
    pub inputs: Vec<Input>,
    /// Conditions on the data.
    pub requires: Vec<Requirement>,
    /// Every section, parents before children.
    pub sections: Vec<Section>,
    /// Every item, in the order written.
    pub items: Vec<Item>,
    /// Top-level sections, in order.
    pub roots: Vec<usize>,
    /// Reported values.
    pub indicators: Vec<Indicator>,
    /// Consistency checks over the data.
    pub checks: Vec<ConsistencyCheck>,
}

/// A derived value, reported and not scored.
#[derive(Debug, Clone)]
pub struct Indicator {
    /// Its name.
    pub name: String,
    /// How it is computed.
    pub value: Expr,
    /// How it is shown.
    pub display: crate::lower::ast::Display,
    /// The inputs it reads.
    pub inputs: Vec<usize>,
}

/// A consistency check (审核公式).
#[derive(Debug, Clone)]
pub struct ConsistencyCheck {
    /// Its name.
    pub name: String,
    /// The condition; a comparison when a tolerance is given.
    pub condition: Expr,
    /// How far the two sides of the comparison may differ.
    pub tolerance: Exact,
    /// The tolerance was written as a percentage (differences are shown as such).
    pub percent: bool,
    /// A failure is a warning, not an error.
    pub warning: bool,
    /// Said when it fails.
    pub message: Option<String>,
    /// The inputs it reads.
    pub inputs: Vec<usize>,
    /// The statement.
    pub span: Span,
    /// The statement's line in the rubric file (1-based; 0 when unknown).
    pub line: usize,
}

/// One grade band.
#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    /// The grade's name.
    pub name: String,
    /// Lowest total of the band and whether it is included; `None` for the catch-all.
    pub low: Option<(Decimal, bool)>,
    /// Highest total (exclusive) for `a..b` bands.
    pub high: Option<Decimal>,
}

impl Grade {
    /// True if `total` falls in this band.
    pub fn contains(&self, total: Decimal) -> bool {
        let above = match self.low {
            Some((low, true)) => total >= low,
            Some((low, false)) => total > low,
            None => true,
        };
        above && self.high.is_none_or(|high| total < high)
    }
}

/// A declared input.
#[derive(Debug, Clone)]
pub struct Input {
    /// The standard name.
    pub name: String,
    /// Its type.
    pub ty: InputType,
    /// May be left out.
    pub optional: bool,
    /// Used when left out.
    pub default: Option<Value>,
    /// Lowest allowed value (inclusive).
    pub min: Option<Decimal>,
    /// Highest allowed value (inclusive).
    pub max: Option<Decimal>,
    /// What to enter.
    pub description: Option<String>,
    /// The name in the declaration.
    pub name_span: Span,
}

/// A runtime value. Amounts are numbers in their input's declared unit.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number (counts, rates, amounts, points).
    Number(Exact),
    /// Yes or no.
    Bool(bool),
    /// Text.
    Text(String),
}

/// A `require` of the rubric.
#[derive(Debug, Clone)]
pub struct Requirement {
    /// The condition.
    pub condition: Expr,
    /// Said when it fails.
    pub message: Option<String>,
    /// The inputs it reads.
    pub inputs: Vec<usize>,
}

/// A section.
#[derive(Debug, Clone)]
pub struct Section {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Normal, bonus, deduction.
    pub kind: SectionKind,
    /// Weight, or cap for bonus and deduction.
    pub weight: Decimal,
    /// Enclosing section.
    pub parent: Option<usize>,
    /// Nesting depth, 0 at the top.
    pub depth: usize,
    /// Children in order.
    pub children: Vec<NodeRef>,
    /// The table's wording.
    pub description: Vec<String>,
}

/// A child of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeRef {
    /// Index into [`Checked::sections`].
    Section(usize),
    /// Index into [`Checked::items`].
    Item(usize),
}

/// A scored item.
#[derive(Debug, Clone)]
pub struct Item {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Full marks.
    pub weight: Decimal,
    /// The table's wording.
    pub description: Vec<String>,
    /// Enclosing section.
    pub section: usize,
    /// `let` values, evaluated in order into local slots.
    pub lets: Vec<Local>,
    /// How it is scored.
    pub rule: Rule,
    /// When it is a 缺省项.
    pub not_applicable: Vec<Clause>,
    /// May the unit claim it as a 缺省项?
    pub claimable: bool,
    /// When it disqualifies the evaluation.
    pub disqualify: Vec<Clause>,
    /// Its rounding.
    pub rounding: Rounding,
    /// Every input it reads, sorted.
    pub inputs: Vec<usize>,
    /// The rule statement.
    pub rule_span: Span,
}

/// A `let`.
#[derive(Debug, Clone)]
pub struct Local {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: Expr,
}

/// How an item is scored.
#[derive(Debug, Clone)]
pub enum Rule {
    /// A formula.
    Formula(Expr),
    /// Entries with partial points.
    Checklist(Vec<Entry>),
    /// The evaluator's score, from the data.
    Judged(Option<String>),
}

/// A checklist entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Points.
    pub points: Decimal,
    /// When given.
    pub condition: Expr,
    /// Wording.
    pub label: Option<String>,
}

/// A condition with its reason.
#[derive(Debug, Clone)]
pub struct Clause {
    /// When.
    pub condition: Expr,
    /// Why.
    pub reason: String,
}

/// The type of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// A plain number.
    Number,
    /// Money in a unit.
    Amount(MoneyUnit),
    /// Yes or no.
    Bool,
    /// Text.
    Text,
    /// Already reported as wrong.
    Error,
}

impl Ty {
    /// How the type is named in messages.
    pub fn describe(self) -> String {
        match self {
            Ty::Number => "a number".to_string(),
            Ty::Amount(unit) => format!("an amount in {}", unit.as_str()),
            Ty::Bool => "a yes/no".to_string(),
            Ty::Text => "text".to_string(),
            Ty::Error => "an erroneous value".to_string(),
        }
    }
}

/// A resolved, typed expression.
#[derive(Debug, Clone)]
pub struct Expr {
    /// What it computes.
    pub kind: ExprKind,
    /// Its type.
    pub ty: Ty,
    /// Where it was written.
    pub span: Span,
}

/// A number as the rubric writes it, for traces: `0.5`, `5%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Its value (`0.05` for `5%`).
    pub value: Decimal,
    /// Written as a percentage.
    pub percent: bool,
}

impl std::fmt::Display for Written {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.value.checked_mul(Decimal::ONE_HUNDRED) {
            Some(hundredfold) if self.percent => write!(f, "{}%", hundredfold.normalize()),
            _ => write!(f, "{}", self.value.normalize()),
        }
    }
}

/// The forms of a resolved expression.
#[derive(Debug, Clone)]
pub enum ExprKind {
    /// A constant, and how it was written.
    Const(Exact, Written),
    /// `true` / `false`.
    Bool(bool),
    /// Quoted text.
    Text(String),
    /// An input slot.
    Input(usize),
    /// A `let` slot of the item.
    Local(usize),
    /// `-x`
    Neg(Box<Expr>),
    /// `not x`
    Not(Box<Expr>),
    /// Arithmetic.
    Arith(Arith, Box<Expr>, Box<Expr>),
    /// A comparison.
    Compare(Compare, Box<Expr>, Box<Expr>),
    /// `and` / `or`.
    Logic(bool, Box<Expr>, Box<Expr>),
    /// A built-in function.
    Call(Func, Vec<Expr>),
    /// `if c then a else b`
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// An amount converted to another unit: value × factor.
    Convert(Box<Expr>, Exact),
}

/// Arithmetic operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arith {
    /// `+`
    Add,
    /// `−`
    Sub,
    /// `×`
    Mul,
    /// `÷`
    Div,
}

impl Arith {
    /// The operator as shown in traces.
    pub fn symbol(self) -> &'static str {
        match self {
            Arith::Add => "+",
            Arith::Sub => "−",
            Arith::Mul => "×",
            Arith::Div => "÷",
        }
    }
}

impl Compare {
    /// Whether `x op y` holds, given how `x` compares with `y`.
    #[inline]
    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        match self {
            Compare::Lt => ord.is_lt(),
            Compare::Le => ord.is_le(),
            Compare::Gt => ord.is_gt(),
            Compare::Ge => ord.is_ge(),
            Compare::Eq => ord.is_eq(),
            Compare::Ne => ord.is_ne(),
        }
    }

    /// The comparison that holds exactly when this one does not (numbers are
    /// totally ordered: "not x < y" is "x ≥ y").
    pub fn negated(self) -> Compare {
        match self {
            Compare::Lt => Compare::Ge,
            Compare::Le => Compare::Gt,
            Compare::Gt => Compare::Le,
            Compare::Ge => Compare::Lt,
            Compare::Eq => Compare::Ne,
            Compare::Ne => Compare::Eq,
        }
    }

    /// The operator as shown in traces.
    pub fn symbol(self) -> &'static str {
        match self {
            Compare::Lt => "<",
            Compare::Le => "≤",
            Compare::Gt => ">",
            Compare::Ge => "≥",
            Compare::Eq => "=",
            Compare::Ne => "≠",
        }
    }
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    /// `<`
    Lt,
    /// `≤`
    Le,
    /// `>`
    Gt,
    /// `≥`
    Ge,
    /// `=`
    Eq,
    /// `≠`
    Ne,
}

/// Built-in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    /// Smallest argument.
    Min,
    /// Largest argument.
    Max,
    /// `clamp(x, low, high)`
    Clamp,
    /// Absolute value.
    Abs,
    /// Smallest integer ≥ x.
    Ceil,
    /// Largest integer ≤ x.
    Floor,
    /// `round(x)` or `round(x, places)`, half away from zero.
    Round,
}

impl Func {
    /// The function called `name`, in English or Chinese.
    pub fn lookup(name: &str) -> Option<Func> {
        Some(match name {
            "min" | "最小值" | "取小" => Func::Min,
            "max" | "最大值" | "取大" => Func::Max,
            "clamp" | "限定" => Func::Clamp,
            "abs" | "绝对值" => Func::Abs,
            "ceil" | "向上取整" => Func::Ceil,
            "floor" | "向下取整" => Func::Floor,
            "round" | "四舍五入" => Func::Round,
            _ => return None,
        })
    }

    /// The English name, as shown in traces.
    pub fn name(self) -> &'static str {
        match self {
            Func::Min => "min",
            Func::Max => "max",
            Func::Clamp => "clamp",
            Func::Abs => "abs",
            Func::Ceil => "ceil",
            Func::Floor => "floor",
            Func::Round => "round",
        }
    }
}
