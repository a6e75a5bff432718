//! Rubric B (`rubrics/lezhi-2023-department-overall.rubric`, 28 items) written out by hand in
//! Rust, once with `rust_decimal` and once with `f64`: the floor the project's compiled scorer is
//! measured against (docs/performance.md).
//!
//! This is the code a programmer would write from the rubric's text: each rule as it reads
//! (`5 × a / b` is `5 * a / b`, a `let r = a / b` is a variable), every item kept within
//! [0, weight] and rounded half-up to 2 places, a 缺省项 (not-applicable) scoring its full
//! weight, the total the sum of the items (every section of rubric B adds up to its weight, so no
//! section cap can bite), grades 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差. It differs from the exact
//! evaluator only where `Decimal` division rounds at 28 digits (or `f64` at 53 bits) and the
//! rounded value lands on the other side of a half-cent: `tests/handwritten_b.rs` counts those.
//!
//! Shared by `benches/eval.rs`, `benches/peers/benches/peers.rs` and `tests/handwritten_b.rs`
//! (each includes it with `#[path]`), together with the set-up they all use: rubric B checked,
//! and generated units loaded into slots.

#![allow(dead_code)]

use rubric::check::model::Checked;
use rubric::eval::compile::Slot;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// Rubric B's text.
pub const RUBRIC_B: &str = include_str!("../rubrics/lezhi-2023-department-overall.rubric");

/// The seed of the generated units every benchmark and the test read.
pub const SEED: u64 = 2023;

/// Rubric B, checked.
pub fn rubric_b() -> Checked {
    let (checked, diagnostics) = rubric::check::check_source(RUBRIC_B, &rubric::base::limits::Limits::default());
    checked.unwrap_or_else(|| panic!("rubric B checks: {diagnostics:#?}"))
}

/// A generated unit, loaded: the data file's text, its bound data and its input slots.
pub struct Unit {
    pub text: String,
    pub data: rubric::data::bind::UnitData,
    pub slots: Vec<Slot>,
}

/// `n` plausible units of `checked` from `seed` (`rubric::author::generate::units`), loaded.
pub fn units(checked: &Checked, n: usize, seed: u64) -> Vec<Unit> {
    rubric::author::generate::units(checked, n, seed)
        .into_iter()
        .map(|text| {
            let (data, diagnostics) = rubric::data::bind::load(&text, rubric::data::Format::Toml, checked);
            assert!(diagnostics.is_empty(), "a generated unit loads cleanly: {diagnostics:#?}");
            let slots = rubric::eval::compile::slots(&data, &mut Vec::new());
            Unit { text, data, slots }
        })
        .collect()
}

/// Adds two benchmarks of the same `units` to `group`: the project's compiled scorer (named
/// `compiled_name`, scoring into a buffer it reuses, from slots allocated one after another) and
/// the hand-written `rust_decimal` floor (`handwritten_decimal`, from records filled beforehand).
pub fn bench_compiled_and_floor<M: criterion::measurement::Measurement>(
    group: &mut criterion::BenchmarkGroup<'_, M>,
    compiled_name: &str,
    checked: &Checked,
    units: &[Unit],
) {
    use std::hint::black_box;
    let judged: Vec<Option<Decimal>> = vec![None; checked.items.len()];
    let slots: Vec<Vec<Slot>> = units.iter().map(|u| u.slots.clone()).collect();
    let floor: Vec<Record<Decimal>> =
        units.iter().map(|u| Record::from_slots(checked, &u.slots).expect("every input given")).collect();
    group.bench_function(compiled_name, |b| {
        let mut scorer = rubric::eval::compile::Scorer::new(checked);
        let mut scores = rubric::eval::compile::Scores::default();
        b.iter(|| {
            for slots in &slots {
                let given = rubric::eval::compile::Given { judged: &judged, claims: &[] };
                let _ = black_box(scorer.score_into(black_box(slots), given, &mut scores));
                black_box(&scores);
            }
        })
    });
    group.bench_function("handwritten_decimal", |b| {
        b.iter(|| {
            for record in &floor {
                black_box(score_decimal(black_box(record)));
            }
        })
    });
}

/// A number read from a slot: `Decimal` or `f64`.
pub trait FromSlot: Sized {
    fn from_slot(slot: &Slot) -> Option<Self>;
}

impl FromSlot for Decimal {
    fn from_slot(slot: &Slot) -> Option<Self> {
        match slot {
            Slot::Number(n) => Some(*n),
            _ => None,
        }
    }
}

impl FromSlot for f64 {
    fn from_slot(slot: &Slot) -> Option<Self> {
        Decimal::from_slot(slot)?.to_f64()
    }
}

impl FromSlot for bool {
    fn from_slot(slot: &Slot) -> Option<Self> {
        match slot {
            Slot::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// One input's value, for the peer engines' variables.
#[derive(Debug, Clone, Copy)]
pub enum Field {
    Number(Decimal),
    Bool(bool),
}

impl FromSlot for Field {
    fn from_slot(slot: &Slot) -> Option<Self> {
        match slot {
            Slot::Bool(b) => Some(Field::Bool(*b)),
            _ => Decimal::from_slot(slot).map(Field::Number),
        }
    }
}

fn read<T: FromSlot>(checked: &Checked, slots: &[Slot], name: &str) -> Option<T> {
    let index = checked.inputs.iter().position(|i| i.name == name)?;
    T::from_slot(slots.get(index)?)
}

/// The record struct (numbers of type `N`), the table of (field, rubric input name), and the
/// readers from slots.
macro_rules! record {
    ($($field:ident: $ty:ty = $name:literal,)*) => {
        /// One unit's inputs, by field; numbers are `N` (`Decimal` or `f64`).
        #[derive(Debug, Clone, Copy)]
        pub struct Record<N> {
            $(pub $field: $ty,)*
        }

        /// (field name, the rubric's input name), in the rubric's order.
        pub const NAMES: &[(&str, &str)] = &[$((stringify!($field), $name),)*];

        impl<N: FromSlot> Record<N> {
            /// Reads a record from a unit's slots (`None` if an input is missing or mistyped).
            pub fn from_slots(checked: &Checked, slots: &[Slot]) -> Option<Self> {
                Some(Record { $($field: read::<$ty>(checked, slots, $name)?,)* })
            }
        }

        /// The inputs in [`NAMES`] order, for binding an engine's variables.
        pub fn fields(checked: &Checked, slots: &[Slot]) -> Option<Vec<Field>> {
            Some(vec![$(read::<Field>(checked, slots, $name)?,)*])
        }
    };
}

record! {
    // 投入
    goal_lawful: bool = "目标符合法律法规",
    goal_mandate: bool = "目标符合三定方案",
    goal_plan: bool = "目标符合中长期规划",
    goal_split: bool = "目标细化分解",
    ind_clear: bool = "指标清晰可衡量",
    ind_tasks: bool = "指标与任务数对应",
    ind_budget: bool = "指标与预算匹配",
    staff: N = "在职人员数",
    quota: N = "编制数",
    three_cur: N = "三公经费本年",
    three_prev: N = "三公经费上年",
    key_spend: N = "重点项目支出",
    project_spend: N = "项目总支出",
    // 过程
    budget_done: N = "预算完成数",
    budget: N = "预算数",
    budget_adjust: N = "预算调整数",
    pay_year: bool = "年终支付进度达标",
    pay_quarter: bool = "季度支付进度达标",
    carry_total: N = "结转结余总额",
    spend_budget: N = "支出预算数",
    carry_cur: N = "结转结余本年",
    carry_prev: N = "结转结余上年",
    public_actual: N = "公用经费实际",
    public_budget: N = "公用经费预算",
    three_actual: N = "三公经费实际",
    three_budget: N = "三公经费预算",
    purchase_actual: N = "政府采购实际",
    purchase_budget: N = "政府采购预算",
    brule_made: bool = "预算制度已制定",
    brule_legal: bool = "预算制度合规",
    brule_done: bool = "预算制度执行",
    use_law: bool = "合规_符合法规",
    use_approval: bool = "合规_审批完整",
    use_review: bool = "合规_重大开支论证",
    use_purpose: bool = "合规_符合用途",
    use_no_diversion: bool = "合规_无截留挪用",
    open_content: bool = "按规定内容公开",
    open_time: bool = "按规定时限公开",
    info_true: bool = "基础信息真实",
    info_complete: bool = "基础信息完整",
    info_accurate: bool = "基础信息准确",
    arule_made: bool = "资产制度已制定",
    arule_legal: bool = "资产制度合规",
    arule_done: bool = "资产制度执行",
    asset_kept: bool = "资产保存完整",
    asset_config: bool = "资产配置合理",
    asset_disposal: bool = "资产处置规范",
    asset_books: bool = "资产账实相符",
    asset_income: bool = "资产收入上缴",
    fixed_used: N = "在用固定资产",
    fixed_total: N = "固定资产总额",
    // 产出
    work_done: N = "实际完成工作数",
    work_plan: N = "计划工作数",
    q1: bool = "第一季度按时",
    q2: bool = "第二季度按时",
    q3: bool = "第三季度按时",
    q4: bool = "第四季度按时",
    work_quality: N = "质量达标工作数",
    key_done: N = "重点工作完成数",
    key_assigned: N = "重点工作交办数",
    // 效果
    econ: N = "经济效益实现程度",
    social: N = "社会效益实现程度",
    eco: N = "生态效益实现程度",
    satisfaction: N = "满意率",
}

/// One record's scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hand<N> {
    /// The 28 items, rounded, in the rubric's order.
    pub items: [N; 28],
    /// Their sum.
    pub total: N,
    /// 0 = 优, 1 = 良, 2 = 中, 3 = 差 (the index into the rubric's grades).
    pub grade: usize,
}

// ------------------------------------------------------------------------------ rust_decimal

const fn dec(mantissa: u32, scale: u32) -> Decimal {
    Decimal::from_parts(mantissa, 0, 0, false, scale)
}

const ZERO: Decimal = Decimal::ZERO;
const ONE: Decimal = Decimal::ONE;
const TWO: Decimal = dec(2, 0);
const THREE: Decimal = dec(3, 0);
const FOUR: Decimal = dec(4, 0);
const FIVE: Decimal = dec(5, 0);
const EIGHT: Decimal = dec(8, 0);
const TEN: Decimal = dec(10, 0);
const HUNDRED: Decimal = dec(100, 0);
const P01: Decimal = dec(1, 1); // 0.1
const P02: Decimal = dec(2, 1); // 0.2
const P03: Decimal = dec(3, 1); // 0.3
const P04: Decimal = dec(4, 1); // 0.4
const P05: Decimal = dec(5, 1); // 0.5
const PCT5: Decimal = dec(5, 2); // 5%
const PCT15: Decimal = dec(15, 2); // 15%
const NINETY: Decimal = dec(90, 0);
const EIGHTY: Decimal = dec(80, 0);
const SIXTY: Decimal = dec(60, 0);

/// `a / b`; `None` on division by zero.
fn div(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_div(b)
}

/// An item's score: kept within [0, weight], rounded half-up to 2 places.
fn item(raw: Decimal, weight: Decimal) -> Decimal {
    raw.max(ZERO).min(weight).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// A checklist entry: `points if condition`.
fn pts(condition: bool, points: Decimal) -> Decimal {
    if condition {
        points
    } else {
        ZERO
    }
}

/// Rubric B with `rust_decimal`. `None` only on a division by zero that no rule guards (编制数 = 0,
/// which the rubric's `require` refuses).
pub fn score_decimal(r: &Record<Decimal>) -> Option<Hand<Decimal>> {
    let items = [
        // 投入 / 目标设定
        item(pts(r.goal_lawful, ONE) + pts(r.goal_mandate, P05) + pts(r.goal_plan, P05), TWO),
        item(pts(r.goal_split, ONE) + pts(r.ind_clear, P05) + pts(r.ind_tasks, P05) + pts(r.ind_budget, ONE), THREE),
        // 投入 / 预算配置
        {
            let ratio = div(r.staff, r.quota)?;
            item(if ratio <= ONE { FIVE } else { div(FIVE, ratio)? }, FIVE)
        },
        if r.three_prev.is_zero() {
            item(if r.three_cur.is_zero() { FIVE } else { ZERO }, FIVE)
        } else {
            let change = div(r.three_cur - r.three_prev, r.three_prev)?;
            item(if change <= ZERO { FIVE } else { ZERO.max(FIVE * (ONE - change)) }, FIVE)
        },
        if r.project_spend.is_zero() { FIVE } else { item(FIVE.min(div(FIVE * r.key_spend, r.project_spend)?), FIVE) },
        // 过程 / 预算执行
        if r.budget.is_zero() { FOUR } else { item(FOUR.min(div(FOUR * r.budget_done, r.budget)?), FOUR) },
        if r.budget.is_zero() { TWO } else { item(ZERO.max(TWO * (ONE - div(r.budget_adjust.abs(), r.budget)?)), TWO) },
        item(pts(r.pay_year, ONE) + pts(r.pay_quarter, ONE), TWO),
        if r.spend_budget.is_zero() {
            TWO
        } else {
            let ratio = div(r.carry_total, r.spend_budget)?;
            item(if ratio <= PCT5 { TWO } else { ZERO.max(TWO - div(ratio - PCT5, PCT5)?.ceil()) }, TWO)
        },
        if r.carry_prev.is_zero() {
            item(if r.carry_cur.is_zero() { TWO } else { ZERO }, TWO)
        } else {
            let change = div(r.carry_cur - r.carry_prev, r.carry_prev)?;
            item(if change <= PCT15 { TWO } else { ZERO.max(TWO - div(change - PCT15, PCT5)?.ceil()) }, TWO)
        },
        if r.public_budget.is_zero() {
            TWO
        } else {
            let ratio = div(r.public_actual, r.public_budget)?;
            item(if ratio <= ONE { TWO } else { ZERO.max(TWO - P01 * (ratio - ONE) * HUNDRED) }, TWO)
        },
        if r.three_budget.is_zero() && r.three_actual.is_zero() {
            TWO
        } else if r.three_budget.is_zero() {
            ZERO
        } else {
            let ratio = div(r.three_actual, r.three_budget)?;
            item(if ratio <= ONE { TWO } else { ZERO.max(TWO - P05 * (ratio - ONE) * HUNDRED) }, TWO)
        },
        if r.purchase_budget.is_zero() {
            FOUR
        } else {
            let ratio = div(r.purchase_actual, r.purchase_budget)?;
            item(if ratio >= ONE { FOUR } else { ZERO.max(FOUR - P05 * (ONE - ratio) * HUNDRED) }, FOUR)
        },
        // 过程 / 预算管理
        item(pts(r.brule_made, ONE) + pts(r.brule_legal, P05) + pts(r.brule_done, P05), TWO),
        item(
            pts(r.use_law, P02)
                + pts(r.use_approval, P02)
                + pts(r.use_review, P02)
                + pts(r.use_purpose, P02)
                + pts(r.use_no_diversion, P02),
            ONE,
        ),
        item(pts(r.open_content, P05) + pts(r.open_time, P05), ONE),
        item(pts(r.info_true, P04) + pts(r.info_complete, P03) + pts(r.info_accurate, P03), ONE),
        // 过程 / 资产管理
        item(pts(r.arule_made, ONE) + pts(r.arule_legal, P05) + pts(r.arule_done, P05), TWO),
        item(
            pts(r.asset_kept, P04)
                + pts(r.asset_config, P04)
                + pts(r.asset_disposal, P04)
                + pts(r.asset_books, P04)
                + pts(r.asset_income, P04),
            TWO,
        ),
        if r.fixed_total.is_zero() {
            ONE
        } else {
            let ratio = div(r.fixed_used, r.fixed_total)?;
            item(if ratio >= ONE { ONE } else { ZERO.max(ONE - P01 * (ONE - ratio) * HUNDRED) }, ONE)
        },
        // 产出 / 职责履行
        if r.work_plan.is_zero() { EIGHT } else { item(EIGHT.min(div(EIGHT * r.work_done, r.work_plan)?), EIGHT) },
        item(pts(r.q1, ONE) + pts(r.q2, ONE) + pts(r.q3, ONE) + pts(r.q4, ONE), FOUR),
        if r.work_plan.is_zero() { EIGHT } else { item(EIGHT.min(div(EIGHT * r.work_quality, r.work_plan)?), EIGHT) },
        if r.key_assigned.is_zero() { TEN } else { item(TEN.min(div(TEN * r.key_done, r.key_assigned)?), TEN) },
        // 效果 / 履职效益
        item(FIVE * r.econ, FIVE),
        item(FIVE * r.social, FIVE),
        item(FIVE * r.eco, FIVE),
        item(FIVE * r.satisfaction, FIVE),
    ];
    let total = items.iter().copied().sum::<Decimal>().max(ZERO);
    let grade = if total >= NINETY {
        0
    } else if total >= EIGHTY {
        1
    } else if total >= SIXTY {
        2
    } else {
        3
    };
    Some(Hand { items, total, grade })
}

// ------------------------------------------------------------------------------------- f64

/// An item's score in `f64`: kept within [0, weight], rounded half-up to 2 places the usual way.
fn item_f(raw: f64, weight: f64) -> f64 {
    (raw.max(0.0).min(weight) * 100.0).round() / 100.0
}

fn pts_f(condition: bool, points: f64) -> f64 {
    if condition {
        points
    } else {
        0.0
    }
}

/// Rubric B with `f64`, the same rules.
pub fn score_f64(r: &Record<f64>) -> Hand<f64> {
    let items = [
        item_f(pts_f(r.goal_lawful, 1.0) + pts_f(r.goal_mandate, 0.5) + pts_f(r.goal_plan, 0.5), 2.0),
        item_f(
            pts_f(r.goal_split, 1.0) + pts_f(r.ind_clear, 0.5) + pts_f(r.ind_tasks, 0.5) + pts_f(r.ind_budget, 1.0),
            3.0,
        ),
        {
            let ratio = r.staff / r.quota;
            item_f(if ratio <= 1.0 { 5.0 } else { 5.0 / ratio }, 5.0)
        },
        if r.three_prev == 0.0 {
            item_f(if r.three_cur == 0.0 { 5.0 } else { 0.0 }, 5.0)
        } else {
            let change = (r.three_cur - r.three_prev) / r.three_prev;
            item_f(if change <= 0.0 { 5.0 } else { (5.0 * (1.0 - change)).max(0.0) }, 5.0)
        },
        if r.project_spend == 0.0 { 5.0 } else { item_f((5.0 * r.key_spend / r.project_spend).min(5.0), 5.0) },
        if r.budget == 0.0 { 4.0 } else { item_f((4.0 * r.budget_done / r.budget).min(4.0), 4.0) },
        if r.budget == 0.0 { 2.0 } else { item_f((2.0 * (1.0 - r.budget_adjust.abs() / r.budget)).max(0.0), 2.0) },
        item_f(pts_f(r.pay_year, 1.0) + pts_f(r.pay_quarter, 1.0), 2.0),
        if r.spend_budget == 0.0 {
            2.0
        } else {
            let ratio = r.carry_total / r.spend_budget;
            item_f(if ratio <= 0.05 { 2.0 } else { (2.0 - ((ratio - 0.05) / 0.05).ceil()).max(0.0) }, 2.0)
        },
        if r.carry_prev == 0.0 {
            item_f(if r.carry_cur == 0.0 { 2.0 } else { 0.0 }, 2.0)
        } else {
            let change = (r.carry_cur - r.carry_prev) / r.carry_prev;
            item_f(if change <= 0.15 { 2.0 } else { (2.0 - ((change - 0.15) / 0.05).ceil()).max(0.0) }, 2.0)
        },
        if r.public_budget == 0.0 {
            2.0
        } else {
            let ratio = r.public_actual / r.public_budget;
            item_f(if ratio <= 1.0 { 2.0 } else { (2.0 - 0.1 * (ratio - 1.0) * 100.0).max(0.0) }, 2.0)
        },
        if r.three_budget == 0.0 && r.three_actual == 0.0 {
            2.0
        } else if r.three_budget == 0.0 {
            0.0
        } else {
            let ratio = r.three_actual / r.three_budget;
            item_f(if ratio <= 1.0 { 2.0 } else { (2.0 - 0.5 * (ratio - 1.0) * 100.0).max(0.0) }, 2.0)
        },
        if r.purchase_budget == 0.0 {
            4.0
        } else {
            let ratio = r.purchase_actual / r.purchase_budget;
            item_f(if ratio >= 1.0 { 4.0 } else { (4.0 - 0.5 * (1.0 - ratio) * 100.0).max(0.0) }, 4.0)
        },
        item_f(pts_f(r.brule_made, 1.0) + pts_f(r.brule_legal, 0.5) + pts_f(r.brule_done, 0.5), 2.0),
        item_f(
            pts_f(r.use_law, 0.2)
                + pts_f(r.use_approval, 0.2)
                + pts_f(r.use_review, 0.2)
                + pts_f(r.use_purpose, 0.2)
                + pts_f(r.use_no_diversion, 0.2),
            1.0,
        ),
        item_f(pts_f(r.open_content, 0.5) + pts_f(r.open_time, 0.5), 1.0),
        item_f(pts_f(r.info_true, 0.4) + pts_f(r.info_complete, 0.3) + pts_f(r.info_accurate, 0.3), 1.0),
        item_f(pts_f(r.arule_made, 1.0) + pts_f(r.arule_legal, 0.5) + pts_f(r.arule_done, 0.5), 2.0),
        item_f(
            pts_f(r.asset_kept, 0.4)
                + pts_f(r.asset_config, 0.4)
                + pts_f(r.asset_disposal, 0.4)
                + pts_f(r.asset_books, 0.4)
                + pts_f(r.asset_income, 0.4),
            2.0,
        ),
        if r.fixed_total == 0.0 {
            1.0
        } else {
            let ratio = r.fixed_used / r.fixed_total;
            item_f(if ratio >= 1.0 { 1.0 } else { (1.0 - 0.1 * (1.0 - ratio) * 100.0).max(0.0) }, 1.0)
        },
        if r.work_plan == 0.0 { 8.0 } else { item_f((8.0 * r.work_done / r.work_plan).min(8.0), 8.0) },
        item_f(pts_f(r.q1, 1.0) + pts_f(r.q2, 1.0) + pts_f(r.q3, 1.0) + pts_f(r.q4, 1.0), 4.0),
        if r.work_plan == 0.0 { 8.0 } else { item_f((8.0 * r.work_quality / r.work_plan).min(8.0), 8.0) },
        if r.key_assigned == 0.0 { 10.0 } else { item_f((10.0 * r.key_done / r.key_assigned).min(10.0), 10.0) },
        item_f(5.0 * r.econ, 5.0),
        item_f(5.0 * r.social, 5.0),
        item_f(5.0 * r.eco, 5.0),
        item_f(5.0 * r.satisfaction, 5.0),
    ];
    let total = items.iter().sum::<f64>().max(0.0);
    let grade = if total >= 90.0 {
        0
    } else if total >= 80.0 {
        1
    } else if total >= 60.0 {
        2
    } else {
        3
    };
    Hand { items, total, grade }
}

/// An `f64` total as the cents a report would print (half-up at 2 places).
pub fn cents_f64(total: f64) -> i64 {
    (total * 100.0).round() as i64
}

/// A `Decimal` total in cents.
pub fn cents(total: Decimal) -> i64 {
    (total * HUNDRED).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero).to_i64().unwrap_or(i64::MAX)
}
