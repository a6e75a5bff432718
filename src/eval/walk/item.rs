//! Scoring one item: 缺省项 first, then judged, unverified or computed.

use rust_decimal::Decimal;

use super::expr::{show_number, Env, Traced};
use super::Options;
use crate::base::exact::Exact;
use crate::check::model::{Checked, Clause, Item, Rule, Value};
use crate::check::symbolic;
use crate::data::bind::UnitData;
use crate::eval::outcome::{Failure, Outcome};
use crate::eval::report::{show, Status};
use crate::eval::rules;
use crate::tr;

/// Scores item `index` of `rubric` on `data`.
/// `invalid` lists the input slots whose values are bad (wrong, or breaking a
/// `require`); an item reading one is not scored and adds no diagnostic of its own.
pub fn score_item(rubric: &Checked, index: usize, data: &UnitData, options: Options, invalid: &[usize]) -> Outcome {
    let Some(item) = rubric.items.get(index) else { return Outcome::new(Status::Error) };
    let (strict, explain) = (options.strict, !options.brief);
    let inputs: Vec<Option<&Value>> = data.inputs.iter().map(|g| g.as_ref().map(|g| &g.value)).collect();
    let mut env = Env { inputs: &inputs, locals: Vec::new(), trace: explain };
    let reported = data.reported.items.get(index).cloned().flatten().map(|(v, _)| v);
    let claim = data.claims.get(index).cloned().flatten().map(|(r, _)| r);
    let given = |slot: &usize| inputs.get(*slot).copied().flatten().is_some();
    let none_given = !item.inputs.is_empty() && !item.inputs.iter().any(given);
    let mut outcome = Outcome::new(Status::Computed);
    let fallback = Fallback { reported, strict };
    let invalid: Vec<&str> = item
        .inputs
        .iter()
        .filter(|s| invalid.contains(s))
        .filter_map(|s| rubric.inputs.get(*s).map(|i| i.name.as_str()))
        .collect();
    if data.invalid_reported.contains(&index) && (none_given || matches!(item.rule, Rule::Judged(_))) {
        outcome.status = Status::Error;
        outcome.invalid = true;
        outcome.reason = Some(tr!("its reported score is invalid (see the data errors)", "其自评分无效（见数据错误）"));
        return outcome;
    }
    if !invalid.is_empty() {
        outcome.status = Status::Error;
        outcome.invalid = true;
        let names = invalid.join(&tr!(", ", "、"));
        outcome.reason =
            Some(tr!("the value of {names} is invalid (see the data errors)", "{names}的值无效（见数据错误）"));
        return outcome;
    }

    // `let`s first: conditions may read them. A failed `let` fails only what reads it.
    let mut let_trace = Vec::new();
    for local in &item.lets {
        let result = env.eval(&local.value);
        if let (Ok(t), true) = (&result, explain) {
            let formula = symbolic(&local.value, &rubric.inputs, &item.lets);
            let_trace.push(format!("{} = {formula} = {} = {}", local.name, t.text, super::expr::show_value(&t.value)));
        }
        env.locals.push(result.map(|t| t.value));
    }

    // Disqualification looks only at what is given.
    for clause in &item.disqualify {
        if let Ok(t) = env.eval(&clause.condition) {
            if matches!(t.value, Value::Bool(true)) {
                outcome.disqualified = Some(clause.reason.clone());
                if !explain {
                    continue;
                }
                let condition = symbolic(&clause.condition, &rubric.inputs, &item.lets);
                let (text, reason) = (&t.text, &clause.reason);
                outcome.trace.push(tr!(
                    "disqualified: {condition}: {text} ({reason})",
                    "取消考核评比资格：{condition}：{text}（{reason}）"
                ));
            }
        }
    }

    // 缺省项: the rubric's conditions, then the unit's claim.
    let mut all_false = true;
    for clause in &item.not_applicable {
        let condition = if explain { symbolic(&clause.condition, &rubric.inputs, &item.lets) } else { String::new() };
        match applies(&env, clause) {
            Some((true, text)) => {
                outcome
                    .trace
                    .push(tr!("not-applicable if {condition}: {text}, yes", "缺省项 若 {condition}：{text}，是"));
                return not_applicable(rubric, item, outcome, clause.reason.clone(), claim.is_some());
            }
            Some((false, text)) => outcome
                .trace
                .push(tr!("not-applicable if {condition}: {text}, no", "缺省项 若 {condition}：{text}，否")),
            None => all_false = false,
        }
    }
    if let Some(reason) = claim {
        if all_false && !item.not_applicable.is_empty() && !none_given {
            outcome.contradicted_claim = Some(reason);
        } else {
            outcome.trace.push(tr!("claimed by the unit: {reason}", "单位申报为缺省项：{reason}"));
            return not_applicable(rubric, item, outcome, reason, true);
        }
    }

    if let Rule::Judged(_) = item.rule {
        if data.invalid_judged.contains(&index) {
            outcome.status = Status::Error;
            outcome.invalid = true;
            outcome.reason =
                Some(tr!("its judged score is invalid (see the data errors)", "其评定分无效（见数据错误）"));
            return outcome;
        }
        return match data.judged.get(index).cloned().flatten() {
            Some((score, _)) => {
                outcome.status = Status::Judged;
                outcome.score = Some(score);
                let score = show(score);
                outcome.trace.push(tr!("judged: {score}", "评定：{score}"));
                outcome
            }
            None => unverified(outcome, reported, strict, &tr!("no judged score in [judged]", "[judged] 中没有评定分")),
        };
    }
    if none_given {
        return unverified(outcome, reported, strict, &tr!("none of its inputs is given", "各输入项均未提供"));
    }

    outcome.trace.extend(let_trace);
    let raw = match &item.rule {
        Rule::Formula(expr) => match env.eval(expr) {
            Ok(Traced { value, text }) => {
                let v = match value {
                    Value::Number(n) => n,
                    _ => Exact::ZERO,
                };
                if explain {
                    let formula = symbolic(expr, &rubric.inputs, &item.lets);
                    outcome.trace.push(format!("{formula} = {text} = {}", show_number(&v)));
                }
                v
            }
            Err(failure) => return failed(outcome, failure, item, &inputs, fallback),
        },
        Rule::Checklist(entries) => {
            let mut sum = Exact::ZERO;
            let mut parts = Vec::new();
            for entry in entries {
                match env.eval(&entry.condition) {
                    Ok(t) => {
                        let hit = matches!(t.value, Value::Bool(true));
                        if hit {
                            sum = sum.add(Exact::from_decimal(entry.points)).unwrap_or(sum);
                        }
                        if !explain {
                            continue;
                        }
                        let label = entry
                            .label
                            .clone()
                            .unwrap_or_else(|| symbolic(&entry.condition, &rubric.inputs, &item.lets));
                        parts.push(format!("{} {} {label}", if hit { "✓" } else { "✗" }, show(entry.points)));
                    }
                    Err(failure) => return failed(outcome, failure, item, &inputs, fallback),
                }
            }
            if explain {
                outcome.trace.push(format!("{} = {}", parts.join(&tr!("; ", "；")), show_number(&sum)));
            }
            sum
        }
        Rule::Judged(_) => Exact::ZERO,
    };
    let clamped = rules::kept(raw, Exact::from_decimal(item.weight));
    if clamped != raw && explain {
        let (from, to, weight) = (show_number(&raw), show_number(&clamped), show(item.weight));
        outcome
            .trace
            .push(tr!("{from} → {to} (kept within 0 to {weight})", "{from} → {to}（限定在 0 至 {weight} 分之间）"));
    }
    match rules::item_score(raw, Exact::from_decimal(item.weight), item.rounding) {
        Ok(score) => {
            if explain && Exact::from_decimal(score) != clamped {
                let (from, to, places) = (show_number(&clamped), show(score), item.rounding.places);
                outcome
                    .trace
                    .push(tr!("{from} → {to} (rounded to {places} places)", "{from} → {to}（保留 {places} 位小数）"));
            }
            outcome.score = Some(score);
        }
        Err(_) => outcome = failed(outcome, Failure::Overflow(item.rule_span.clone()), item, &inputs, fallback),
    }
    outcome
}

/// What an item falls back on when an input is missing.
#[derive(Clone, Copy)]
struct Fallback {
    reported: Option<Decimal>,
    strict: bool,
}

/// Evaluates a 缺省项 condition; `None` when an input it needs is missing.
fn applies(env: &Env<'_>, clause: &Clause) -> Option<(bool, String)> {
    let t = env.eval(&clause.condition).ok()?;
    Some((matches!(t.value, Value::Bool(true)), t.text))
}

fn not_applicable(rubric: &Checked, item: &Item, mut outcome: Outcome, reason: String, claimed: bool) -> Outcome {
    outcome.status = Status::NotApplicable;
    outcome.not_applicable = Some(claimed);
    outcome.score = rules::not_applicable_score(rubric.policy, item.weight);
    outcome.trace.push(match outcome.score {
        Some(score) => {
            let score = show(score);
            tr!("缺省项 ({reason}) → {score}", "缺省项（{reason}）→ {score}")
        }
        None => tr!("缺省项 ({reason}) → left out, total rescaled", "缺省项（{reason}）→ 不计分，总分按比例折算"),
    });
    outcome.reason = Some(reason);
    outcome
}

fn unverified(mut outcome: Outcome, reported: Option<Decimal>, strict: bool, why: &str) -> Outcome {
    match reported {
        Some(score) if !strict => {
            outcome.status = Status::Unverified;
            outcome.score = Some(score);
            outcome.reason = Some(tr!("{why}: the reported score is taken", "{why}，采用自评分"));
            let score = show(score);
            outcome.trace.push(tr!("reported {score} (unverified: {why})", "自评分 {score}（未核实：{why}）"));
        }
        Some(_) => {
            outcome.status = Status::Error;
            outcome.reason = Some(tr!(
                "{why} (unverified scores are errors under --strict)",
                "{why}（--strict 模式下未核实的得分视为错误）"
            ));
        }
        None => {
            outcome.status = Status::Error;
            outcome.reason = Some(tr!("{why}, and no reported score", "{why}，且没有自评分"));
        }
    }
    outcome
}

/// An item that could not be scored. When only some of its inputs are given
/// and the unit reported a score, that score is taken, unverified (not under
/// `--strict`); the missing inputs are then a warning, not an error.
fn failed(
    mut outcome: Outcome,
    failure: Failure,
    item: &Item,
    inputs: &[Option<&Value>],
    fallback: Fallback,
) -> Outcome {
    if let Failure::Missing(_) = failure {
        outcome.missing = item.inputs.iter().copied().filter(|s| inputs.get(*s).copied().flatten().is_none()).collect();
        if let (Some(score), false) = (fallback.reported, fallback.strict) {
            outcome.status = Status::Unverified;
            outcome.score = Some(score);
            outcome.reason = Some(tr!(
                "some of its inputs are not given: the reported score is taken",
                "部分输入项未提供，采用自评分"
            ));
            let score = show(score);
            outcome.trace.push(tr!(
                "reported {score} (unverified: some of its inputs are not given)",
                "自评分 {score}（未核实：部分输入项未提供）"
            ));
            return outcome;
        }
    }
    outcome.status = Status::Error;
    outcome.score = None;
    outcome.reason = Some(match &failure {
        Failure::Missing(_) => tr!("an input it needs is missing", "缺少所需的输入项"),
        Failure::DivisionByZero(_) => tr!("division by zero", "除数为零"),
        Failure::Overflow(_) => tr!("a number too large for exact arithmetic", "数值过大，无法精确计算"),
    });
    outcome.failure = Some(failure);
    outcome
}
