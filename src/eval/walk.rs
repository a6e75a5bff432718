//! The evaluator that explains: every item scored by walking its rule on
//! exact rationals ([`crate::base::exact::Exact`]), with a trace of the
//! unit's numbers substituted into it; what it cannot score is located and
//! said. The finishing rules (clamp, rounding, the 缺省项 policy, sections,
//! total, grade) are [`super::rules`]'s, and the report is built by
//! [`super::finish`], as for the compiled scorer.

mod derived;
mod expr;
mod item;


use super::finish::{self, Extras};
use super::outcome::{Failure, Outcome};
use crate::base::diagnostic::{Code, Diagnostic, ErrorReport};
use crate::check::model::{Checked, Value};
use crate::check::symbolic;
use crate::data::bind::UnitData;
use crate::eval::report::{Report, Status};
use crate::tr;
use item::score_item;

/// Ids or names listed in a message: `1, 2` (`1、2` in Chinese).
fn list(names: &[String]) -> String {
    names.join(&tr!(", ", "、"))
}

/// How to evaluate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Unverified items (scored from the reported figure alone) are errors.
    pub strict: bool,
    /// Leave out the items' traces (the worked formulas): scores, statuses,
    /// reasons and diagnostics are the same, only `trace` stays empty. For
    /// callers that show no traces, such as a batch summary.
    pub brief: bool,
}

/// Scores `data` against `rubric`, explaining every item. Returns the report
/// and the diagnostics of evaluation (data errors found while scoring,
/// divisions by zero …).
pub fn evaluate(rubric: &Checked, data: &UnitData, options: Options) -> (Report, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut errors = data.errors.clone();
    let mut invalid = data.invalid.clone();
    invalid.extend(check_requirements(rubric, data, &mut diagnostics, &mut errors));
    let mut outcomes: Vec<Outcome> =
        (0..rubric.items.len()).map(|i| score_item(rubric, i, data, options, &invalid)).collect();
    if options.brief {
        outcomes.iter_mut().for_each(|o| o.trace.clear());
    }
    explain_failures(rubric, data, &outcomes, &mut diagnostics, &mut errors);
    let indicators = derived::indicators(rubric, data);
    let checks = derived::checks(rubric, data, &mut diagnostics, &mut errors);
    let report = finish::report(rubric, data, outcomes, Extras { indicators, checks, errors });
    (report, diagnostics)
}

/// The derived values and consistency checks of `data` (what a report holds
/// besides its items): for a scorer that scored the items itself.
pub(crate) fn extras(rubric: &Checked, data: &UnitData, diagnostics: &mut Vec<Diagnostic>) -> Extras {
    let mut errors = data.errors.clone();
    let indicators = derived::indicators(rubric, data);
    let checks = derived::checks(rubric, data, diagnostics, &mut errors);
    Extras { indicators, checks, errors }
}

/// Turns item failures into located diagnostics: missing inputs (one per
/// input, naming every item that needs it) and divisions by zero.
fn explain_failures(
    rubric: &Checked,
    data: &UnitData,
    outcomes: &[Outcome],
    diagnostics: &mut Vec<Diagnostic>,
    errors: &mut Vec<ErrorReport>,
) {
    let inputs_span = data.inputs_span.clone().unwrap_or(0..0);
    // Missing inputs: an error when an item could not be scored, a warning when
    // it fell back on the unit's reported score.
    let mut missing: Vec<(usize, Vec<String>, Vec<String>)> = Vec::new();
    let mut unscored: Vec<(Code, Vec<String>)> = Vec::new();
    for (index, (item, outcome)) in rubric.items.iter().zip(outcomes).enumerate() {
        for slot in &outcome.missing {
            if data.invalid.contains(slot) {
                continue;
            }
            let fatal = outcome.status == Status::Error;
            let entry = match missing.iter_mut().position(|(s, _, _)| s == slot) {
                Some(at) => missing.get_mut(at),
                None => {
                    missing.push((*slot, Vec::new(), Vec::new()));
                    missing.last_mut()
                }
            };
            if let Some((_, failed, fell_back)) = entry {
                if fatal {
                    failed.push(item.id.clone());
                } else {
                    fell_back.push(item.id.clone());
                }
            }
        }
        match &outcome.failure {
            Some(Failure::DivisionByZero(span)) => {
                let zeros: Vec<String> = divisor_inputs(item, span)
                    .iter()
                    .filter_map(|s| {
                        let input = rubric.inputs.get(*s)?;
                        let value = data.inputs.get(*s)?.as_ref()?;
                        matches!(value.value, Value::Number(n) if n.is_zero()).then(|| format!("{} = 0", input.name))
                    })
                    .collect();
                let id = &item.id;
                let why =
                    if zeros.is_empty() { tr!("a divisor is 0", "除数为 0") } else { zeros.join(&tr!(", ", "，")) };
                let message = tr!("division by zero in item {id} ({why})", "指标 {id} 中除数为零（{why}）");
                diagnostics.push(
                    Diagnostic::error(Code::DivisionByZero, span.clone(), message.clone())
                        .label(tr!("this divides by zero", "此处除以零"))
                        .help(tr!(
                            "guard the rule: `not-applicable if … = 0: \"reason\"` under item {id}",
                            "为计分规则加上保护：在指标 {id} 下写 `not-applicable if … = 0: \"reason\"`\
                             （中文写法：`缺省项 若 … = 0：\"理由\"`）"
                        )),
                );
                errors.push(ErrorReport {
                    code: Code::DivisionByZero.as_str().to_string(),
                    item: Some(item.id.clone()),
                    message,
                });
            }
            Some(Failure::Overflow(span)) => {
                let id = &item.id;
                let message = tr!(
                    "a number in item {id} is too large for exact arithmetic",
                    "指标 {id} 中有数值过大，无法精确计算"
                );
                diagnostics.push(
                    Diagnostic::error(Code::Overflow, span.clone(), message.clone())
                        .label(tr!("overflows here", "此处溢出"))
                        .help(tr!("check the data for values far too large", "请检查数据中是否有过大的数值")),
                );
                errors.push(ErrorReport {
                    code: Code::Overflow.as_str().to_string(),
                    item: Some(item.id.clone()),
                    message,
                });
            }
            _ => {}
        }
        if outcome.status == Status::Error && outcome.failure.is_none() && !outcome.invalid {
            let reported = data.reported.items.get(index).cloned().flatten().is_some();
            let code = match (&item.rule, reported) {
                (_, true) => Code::Unverified,
                (crate::check::model::Rule::Judged(_), false) => Code::Judged,
                _ => Code::MissingInput,
            };
            match unscored.iter_mut().find(|(c, _)| *c == code) {
                Some((_, ids)) => ids.push(item.id.clone()),
                None => unscored.push((code, vec![item.id.clone()])),
            }
        }
    }
    for (code, ids) in unscored {
        let list = list(&ids);
        let one = ids.len() == 1;
        let subject = if one { tr!("item {list}", "指标 {list}") } else { tr!("items {list}", "指标 {list}") };
        let (has, is, its) = if one { ("has", "is", "its") } else { ("have", "are", "their") };
        let (message, help) = match code {
            Code::Unverified => (
                tr!(
                    "{subject} {has} only a reported score; --strict refuses unverified scores",
                    "{subject} 只有自评分；--strict 模式不接受未核实的得分"
                ),
                tr!(
                    "give the inputs in [inputs], or run without --strict",
                    "请在 [inputs] 中填写输入项，或不带 --strict 运行"
                ),
            ),
            Code::Judged => (
                tr!("{subject} {is} judged and {has} no score", "{subject} 为评定项，但没有评定分"),
                tr!(
                    "add the evaluator's score under [judged], or the unit's own under [reported.items]",
                    "请在 [judged] 中填写评定分，或在 [reported.items] 中填写单位自评分"
                ),
            ),
            _ => (
                tr!(
                    "{subject} {has} none of {its} inputs and no reported score",
                    "{subject} 的输入项均未提供，也没有自评分"
                ),
                tr!(
                    "give the inputs in [inputs], or the unit's own scores in [reported.items]",
                    "请在 [inputs] 中填写输入项，或在 [reported.items] 中填写单位自评分"
                ),
            ),
        };
        // Point at the first item's reported score under --strict, else at [inputs].
        let span = match code {
            Code::Unverified => ids
                .first()
                .and_then(|id| rubric.items.iter().position(|i| &i.id == id))
                .and_then(|index| data.reported.items.get(index).cloned().flatten())
                .map_or_else(|| inputs_span.clone(), |(_, span)| span),
            _ => inputs_span.clone(),
        };
        diagnostics.push(
            Diagnostic::error(code, span, message.clone())
                .in_data()
                .label(if one {
                    tr!("item {list} cannot be scored", "指标 {list} 无法计分")
                } else {
                    let count = ids.len();
                    tr!("{count} items cannot be scored", "{count} 个指标无法计分")
                })
                .help(help),
        );
        errors.push(ErrorReport { code: code.as_str().to_string(), item: ids.first().cloned(), message });
    }
    for (slot, failed, fell_back) in missing {
        let Some(input) = rubric.inputs.get(slot) else { continue };
        let which = |items: &[String]| {
            let ids = list(items);
            if items.len() == 1 {
                tr!("item {ids}", "指标 {ids}")
            } else {
                tr!("items {ids}", "指标 {ids}")
            }
        };
        let name = &input.name;
        let description = input.description.as_ref().map_or(String::new(), |d| tr!(" ({d})", "（{d}）"));
        let help =
            tr!("add `\"{name}\" = …` under [inputs]{description}", "在 [inputs] 下添加 `\"{name}\" = …`{description}");
        let here = tr!("no `{name}` here", "此处没有 `{name}`");
        if !failed.is_empty() {
            let needed = which(&failed);
            let message = tr!("input `{name}` is missing (needed by {needed})", "缺少输入项 `{name}`（{needed} 需要）");
            diagnostics.push(
                Diagnostic::error(Code::MissingInput, inputs_span.clone(), message.clone())
                    .in_data()
                    .label(here.clone())
                    .help(help.clone()),
            );
            errors.push(ErrorReport {
                code: Code::MissingInput.as_str().to_string(),
                item: failed.first().cloned(),
                message,
            });
        }
        if !fell_back.is_empty() {
            let items = which(&fell_back);
            let message = tr!(
                "input `{name}` is not given, so {items} could not be verified: the reported score is taken",
                "未提供输入项 `{name}`，{items} 无法核实：采用自评分"
            );
            diagnostics.push(
                Diagnostic::warning(Code::MissingInput, inputs_span.clone(), message).in_data().label(here).help(help),
            );
        }
    }
}

/// Checks the rubric's `require`s on the values given; returns the input
/// slots of the requirements that fail (their values are bad data).
fn check_requirements(
    rubric: &Checked,
    data: &UnitData,
    diagnostics: &mut Vec<Diagnostic>,
    errors: &mut Vec<ErrorReport>,
) -> Vec<usize> {
    let mut bad = Vec::new();
    let inputs: Vec<Option<&Value>> = data.inputs.iter().map(|g| g.as_ref().map(|g| &g.value)).collect();
    let env = expr::Env { inputs: &inputs, locals: Vec::new(), trace: true };
    for require in &rubric.requires {
        let Ok(result) = env.eval(&require.condition) else { continue };
        if matches!(result.value, Value::Bool(true)) {
            continue;
        }
        let given: Vec<(usize, std::ops::Range<usize>, String)> = require
            .inputs
            .iter()
            .filter_map(|s| {
                let g = data.inputs.get(*s)?.as_ref()?;
                Some((*s, g.span.clone()?, expr::show_value(&g.value)))
            })
            .collect();
        let Some((_, first, _)) = given.first().cloned() else { continue };
        let values: Vec<String> = given
            .iter()
            .filter_map(|(slot, _, value)| Some(format!("{} = {value}", rubric.inputs.get(*slot)?.name)))
            .collect();
        let rule = symbolic(&require.condition, &rubric.inputs, &[]);
        let what = require
            .message
            .clone()
            .unwrap_or_else(|| tr!("the data breaks a rule of the rubric", "数据不符合评分表的要求"));
        let shown = values.join(&tr!(", ", "，"));
        let message = tr!("{what}: {shown} (the rubric requires {rule})", "{what}：{shown}（评分表要求 {rule}）");
        let mut d = Diagnostic::error(Code::Requirement, first, message.clone())
            .in_data()
            .label(values.first().cloned().unwrap_or_default())
            .help(tr!("check these figures: the rubric requires {rule}", "请核对这些数：评分表要求 {rule}"));
        for ((_, span, _), label) in given.iter().zip(&values).skip(1) {
            d = d.related(span.clone(), label.clone());
        }
        diagnostics.push(d);
        errors.push(ErrorReport { code: Code::Requirement.as_str().to_string(), item: None, message });
        bad.extend(require.inputs.iter().copied());
    }
    bad
}

/// The inputs read by the divisor of the division at `span` in `item`.
fn divisor_inputs(item: &crate::check::model::Item, span: &std::ops::Range<usize>) -> Vec<usize> {
    use crate::check::model::{Arith, Expr, ExprKind, Rule};
    fn find<'e>(expr: &'e Expr, span: &std::ops::Range<usize>) -> Option<&'e Expr> {
        if let ExprKind::Arith(Arith::Div, _, divisor) = &expr.kind {
            if &expr.span == span {
                return Some(divisor);
            }
        }
        match &expr.kind {
            ExprKind::Neg(a) | ExprKind::Not(a) | ExprKind::Convert(a, _) => find(a, span),
            ExprKind::Arith(_, a, b) | ExprKind::Compare(_, a, b) | ExprKind::Logic(_, a, b) => {
                find(a, span).or_else(|| find(b, span))
            }
            ExprKind::If(a, b, c) => find(a, span).or_else(|| find(b, span)).or_else(|| find(c, span)),
            ExprKind::Call(_, args) => args.iter().find_map(|a| find(a, span)),
            _ => None,
        }
    }
    fn inputs(expr: &Expr, out: &mut Vec<usize>) {
        match &expr.kind {
            ExprKind::Input(slot) => out.push(*slot),
            ExprKind::Neg(a) | ExprKind::Not(a) | ExprKind::Convert(a, _) => inputs(a, out),
            ExprKind::Arith(_, a, b) | ExprKind::Compare(_, a, b) | ExprKind::Logic(_, a, b) => {
                inputs(a, out);
                inputs(b, out);
            }
            ExprKind::If(a, b, c) => {
                inputs(a, out);
                inputs(b, out);
                inputs(c, out);
            }
            ExprKind::Call(_, args) => args.iter().for_each(|a| inputs(a, out)),
            _ => {}
        }
    }
    let mut roots: Vec<&Expr> = item.lets.iter().map(|l| &l.value).collect();
    match &item.rule {
        Rule::Formula(e) => roots.push(e),
        Rule::Checklist(entries) => roots.extend(entries.iter().map(|e| &e.condition)),
        Rule::Judged(_) => {}
    }
    let mut out = Vec::new();
    if let Some(divisor) = roots.iter().find_map(|r| find(r, span)) {
        inputs(divisor, &mut out);
    }
    if out.is_empty() {
        out.clone_from(&item.inputs);
    }
    out
}
