//! Indicators (reported values) and consistency checks (审核公式).

use super::expr::{show_value, Env};
use crate::eval::outcome::Failure;
use crate::check::symbolic;
use crate::lower::ast::DisplayKind;
use crate::data::bind::UnitData;
use crate::base::diagnostic::{Code, Diagnostic};
use crate::base::exact::{Exact, RoundMode};
use crate::check::model::{Checked, Compare, ConsistencyCheck, ExprKind, Indicator, Ty, Value};
use crate::eval::report::{CheckReport, ErrorReport, IndicatorReport};
use crate::tr;

fn env<'a>(inputs: &'a [Option<&'a Value>]) -> Env<'a> {
    Env { inputs, locals: Vec::new(), trace: true }
}

fn values(data: &UnitData) -> Vec<Option<&Value>> {
    data.inputs.iter().map(|g| g.as_ref().map(|g| &g.value)).collect()
}

fn missing_names(rubric: &Checked, data: &UnitData, inputs: &[usize]) -> Vec<String> {
    inputs
        .iter()
        .filter(|s| data.inputs.get(**s).is_none_or(Option::is_none))
        .filter_map(|s| rubric.inputs.get(*s).map(|i| i.name.clone()))
        .collect()
}

/// Names listed in a message: `a, b` (`a、b` in Chinese).
fn names(list: &[String]) -> String {
    list.join(&tr!(", ", "、"))
}

/// The inputs among `slots` that are 0, for "division by zero" reasons.
fn zero_inputs(rubric: &Checked, data: &UnitData, slots: &[usize]) -> String {
    let zeros: Vec<String> = slots
        .iter()
        .filter_map(|s| {
            let value = data.inputs.get(*s)?.as_ref()?;
            let input = rubric.inputs.get(*s)?;
            matches!(value.value, Value::Number(n) if n.is_zero()).then(|| format!("{} = 0", input.name))
        })
        .collect();
    if zeros.is_empty() {
        tr!("a divisor is 0", "除数为 0")
    } else {
        zeros.join(&tr!(", ", "，"))
    }
}

/// A value as an exact decimal string (10 places at most) for the JSON report;
/// the same in every language (`yes` / `no` for a yes/no).
fn decimal_text(value: &Value) -> String {
    match value {
        Value::Number(n) => n
            .to_decimal()
            .or_else(|| n.round_dp(10, RoundMode::HalfUp).ok())
            .map_or_else(|| n.display(10), |d| d.normalize().to_string()),
        other => crate::base::i18n::with_lang(crate::base::i18n::Lang::En, || show_value(other)),
    }
}

/// Evaluates every indicator.
pub fn indicators(rubric: &Checked, data: &UnitData) -> Vec<IndicatorReport> {
    let inputs = values(data);
    let env = env(&inputs);
    rubric.indicators.iter().map(|indicator| indicator_report(rubric, data, indicator, &env)).collect()
}

fn indicator_report(rubric: &Checked, data: &UnitData, indicator: &Indicator, env: &Env<'_>) -> IndicatorReport {
    let formula = symbolic(&indicator.value, &rubric.inputs, &[]);
    let undefined = |reason: String| IndicatorReport {
        name: indicator.name.clone(),
        value: None,
        display: None,
        defined: false,
        reason: Some(reason),
        trace: Some(formula.clone()),
    };
    match env.eval(&indicator.value) {
        Ok(t) => {
            let Value::Number(v) = t.value else { return undefined(tr!("not a number", "不是数值")) };
            IndicatorReport {
                name: indicator.name.clone(),
                value: v.round_dp(10, RoundMode::HalfUp).ok().map(|d| d.normalize()),
                display: display(v, indicator),
                defined: true,
                reason: None,
                trace: Some(format!("{formula} = {} = {}", t.text, show_value(&Value::Number(v)))),
            }
        }
        Err(Failure::Missing(_)) => {
            let missing = names(&missing_names(rubric, data, &indicator.inputs));
            undefined(tr!("not defined: {missing} not given", "无法计算：未提供 {missing}"))
        }
        Err(Failure::DivisionByZero(_)) => {
            let zeros = zero_inputs(rubric, data, &indicator.inputs);
            undefined(tr!("not defined: division by zero ({zeros})", "无法计算：除数为零（{zeros}）"))
        }
        Err(Failure::Overflow(_)) => undefined(tr!("not defined: too large", "无法计算：数值过大")),
    }
}

/// The value in the indicator's display form.
fn display(value: Exact, indicator: &Indicator) -> Option<String> {
    let places = indicator.display.places;
    let rounded = |v: Exact| v.round_dp(places, RoundMode::HalfUp).ok();
    Some(match indicator.display.kind {
        DisplayKind::Percent => format!("{}%", rounded(value.mul(Exact::from_int(100)).ok()?)?),
        DisplayKind::Ratio => format!("{}:1", rounded(value)?),
        DisplayKind::Number => rounded(value)?.to_string(),
        DisplayKind::Amount(unit) => {
            let from = match indicator.value.ty {
                Ty::Amount(u) => u,
                _ => unit,
            };
            let factor = Exact::new(i128::from(from.in_yuan()), i128::from(unit.in_yuan())).ok()?;
            format!("{}{}", rounded(value.mul(factor).ok()?)?, unit.as_str())
        }
    })
}

/// Runs every check; failures become diagnostics located at the values in the data file.
pub fn checks(
    rubric: &Checked,
    data: &UnitData,
    diagnostics: &mut Vec<Diagnostic>,
    errors: &mut Vec<ErrorReport>,
) -> Vec<CheckReport> {
    let inputs = values(data);
    let env = env(&inputs);
    let mut reports = Vec::new();
    for check in &rubric.checks {
        let report = check_report(rubric, data, check, &env);
        if report.status == "failed" {
            diagnostics.push(check_diagnostic(rubric, data, check, &report));
            if !check.warning {
                errors.push(ErrorReport {
                    code: Code::Check.as_str().to_string(),
                    item: None,
                    message: failed_message(check, &report),
                });
            }
        }
        reports.push(report);
    }
    reports
}

fn check_report(rubric: &Checked, data: &UnitData, check: &ConsistencyCheck, env: &Env<'_>) -> CheckReport {
    let rule = symbolic(&check.condition, &rubric.inputs, &[]);
    let mut report = CheckReport {
        name: check.name.clone(),
        level: if check.warning { "warning" } else { "error" },
        status: "skipped",
        left: None,
        right: None,
        difference: None,
        tolerance: shown(check.tolerance, check.percent),
        message: String::new(),
        line: check.line,
    };
    let outcome = match &check.condition.kind {
        ExprKind::Compare(op, left, right) => env.eval(left).and_then(|l| Ok((l, env.eval(right)?))).map(|(l, r)| {
            let (passed, difference) = match (&l.value, &r.value) {
                (Value::Number(a), Value::Number(b)) => {
                    let d = a.sub(*b).unwrap_or(Exact::ZERO);
                    (within(*op, d, check.tolerance), Some(d))
                }
                (a, b) => ((a == b) == (*op == Compare::Eq), None),
            };
            let (lv, rv) = (show_value(&l.value), show_value(&r.value));
            let side =
                |text: &str, value: &str| if text == value { value.to_string() } else { format!("{text} = {value}") };
            let (left, right) = (side(&l.text, &lv), side(&r.text, &rv));
            let text = match difference {
                Some(d) if !passed => {
                    let off = shown(d, check.percent);
                    tr!("{left} against {right}, off by {off}", "{left} 对比 {right}，相差 {off}")
                }
                _ => tr!("{left} against {right}", "{left} 对比 {right}"),
            };
            report.left = Some(decimal_text(&l.value));
            report.right = Some(decimal_text(&r.value));
            report.difference = difference.map(|d| decimal_text(&Value::Number(d)));
            (passed, text)
        }),
        _ => env.eval(&check.condition).map(|t| (matches!(t.value, Value::Bool(true)), t.text)),
    };
    match outcome {
        Ok((passed, text)) => {
            report.status = if passed { "passed" } else { "failed" };
            let within = &report.tolerance;
            let tolerance =
                if check.tolerance.is_zero() { String::new() } else { tr!(", within {within}", "，容差 {within}") };
            report.message = tr!("{rule}{tolerance}: {text}", "{rule}{tolerance}：{text}");
        }
        Err(Failure::Missing(_)) => {
            let missing = names(&missing_names(rubric, data, &check.inputs));
            report.message = tr!("not checked: {missing} not given", "未审核：未提供 {missing}");
        }
        Err(Failure::DivisionByZero(_)) => {
            let zeros = zero_inputs(rubric, data, &check.inputs);
            report.message = tr!("not checked: a division by zero ({zeros})", "未审核：除数为零（{zeros}）");
        }
        Err(Failure::Overflow(_)) => report.message = tr!("not checked: a number too large", "未审核：数值过大"),
    }
    report
}

/// "check `name` failed: …"
fn failed_message(check: &ConsistencyCheck, report: &CheckReport) -> String {
    let (name, message) = (&check.name, &report.message);
    tr!("check `{name}` failed: {message}", "审核 `{name}` 未通过：{message}")
}

/// A difference or tolerance as written: `0.005%` when the tolerance was a percentage.
fn shown(value: Exact, percent: bool) -> String {
    if percent {
        value.mul(Exact::from_int(100)).map_or_else(|_| value.display(6), |v| format!("{}%", v.display(4)))
    } else {
        value.display(6)
    }
}

/// |difference| within the tolerance, in the direction of the comparison.
fn within(op: Compare, d: Exact, tolerance: Exact) -> bool {
    let negative = tolerance.neg().unwrap_or(Exact::ZERO);
    match op {
        Compare::Eq => d >= negative && d <= tolerance,
        Compare::Ne => d < negative || d > tolerance,
        Compare::Le => d <= tolerance,
        Compare::Lt => d < tolerance || (tolerance.is_zero() && d < Exact::ZERO),
        Compare::Ge => d >= negative,
        Compare::Gt => d > negative || (tolerance.is_zero() && d > Exact::ZERO),
    }
}

fn check_diagnostic(rubric: &Checked, data: &UnitData, check: &ConsistencyCheck, report: &CheckReport) -> Diagnostic {
    let located: Vec<(std::ops::Range<usize>, String)> = check
        .inputs
        .iter()
        .filter_map(|s| {
            let given = data.inputs.get(*s)?.as_ref()?;
            Some((given.span.clone()?, format!("{} = {}", rubric.inputs.get(*s)?.name, show_value(&given.value))))
        })
        .collect();
    let first = located.first().map_or_else(|| data.inputs_span.clone().unwrap_or(0..0), |(s, _)| s.clone());
    let message = check.message.as_ref().map_or(String::new(), |m| tr!("{m}; ", "{m}；"));
    let line = check.line;
    let help = tr!("{message}the check is on line {line} of the rubric", "{message}该审核在评分表第 {line} 行");
    let base = if check.warning {
        Diagnostic::warning(Code::Check, first, failed_message(check, report))
    } else {
        Diagnostic::error(Code::Check, first, failed_message(check, report))
    };
    let mut d = base.in_data().label(located.first().map(|(_, l)| l.clone()).unwrap_or_default()).help(help);
    for (span, label) in located.iter().skip(1) {
        d = d.related(span.clone(), label.clone());
    }
    d
}
