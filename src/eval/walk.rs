//! The evaluator that explains: every item scored by walking its rule on
//! exact rationals ([`crate::base::exact::Exact`]), with a trace of the
//! unit's numbers substituted into it; what it cannot score is located and
//! said. The finishing rules (clamp, rounding, the 缺省项 policy, sections,
//! total, grade) are [`super::rules`]'s, and the report is built by
//! [`super::finish`], as for the compiled scorer.

mod derived;
mod explain;
mod expr;
mod item;


use super::finish::{self, Extras};
use super::outcome::Outcome;
use crate::base::diagnostic::{Code, Diagnostic, ErrorReport};
use crate::check::model::{Checked, Value};
use crate::check::symbolic;
use crate::data::bind::UnitData;
use crate::eval::report::Report;
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
    explain::explain_failures(rubric, data, &outcomes, &mut diagnostics, &mut errors);
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
