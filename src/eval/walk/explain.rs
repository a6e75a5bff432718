//! Why items could not be scored, as located diagnostics: the inputs an
//! item needs and where to give them, the inputs that are missing, divisions
//! by zero and overflows.

use super::list;
use crate::eval::outcome::{Failure, Outcome};
use crate::base::diagnostic::{Code, Diagnostic};
use crate::base::span::Span;
use crate::check::model::{Checked, Value};
use crate::data::bind::UnitData;
use crate::eval::report::{ErrorReport, Status};
use crate::tr;

/// Turns item failures into located diagnostics: missing inputs (one per
/// input, naming every item that needs it) and divisions by zero.
pub(super) fn explain_failures(
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
    let mut unscored: Vec<(Code, Vec<usize>)> = Vec::new();
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
        if outcome.status == Status::Unverified {
            if let Some(d) = scored_without(rubric, data, index) {
                diagnostics.push(d);
            }
        }
        if outcome.status == Status::Error && outcome.failure.is_none() && !outcome.invalid {
            let reported = data.reported.items.get(index).cloned().flatten().is_some();
            let code = match (&item.rule, reported) {
                (_, true) => Code::Unverified,
                (crate::check::model::Rule::Judged(_), false) => Code::Judged,
                _ => Code::MissingInput,
            };
            match unscored.iter_mut().find(|(c, _)| *c == code) {
                Some((_, items)) => items.push(index),
                None => unscored.push((code, vec![index])),
            }
        }
    }
    for (code, items) in unscored {
        // Each item in full, naming what it needs and where to give it; past a
        // few, the rest in one line.
        let in_full = if code == Code::Unverified { 0 } else { crate::data::bind::SHOWN };
        for &index in items.iter().take(in_full) {
            let d = unscored_item(rubric, data, index, code, &inputs_span);
            let item = rubric.items.get(index).map(|i| i.id.clone());
            errors.push(ErrorReport { code: code.as_str().to_string(), item, message: d.message.clone() });
            diagnostics.push(d);
        }
        let ids: Vec<String> =
            items.iter().skip(in_full).filter_map(|i| rubric.items.get(*i)).map(|i| i.id.clone()).collect();
        if ids.is_empty() {
            continue;
        }
        let list = list(&ids);
        let one = ids.len() == 1;
        let subject = match (one, in_full) {
            (true, 0) => tr!("item {list}", "指标 {list}"),
            (false, 0) => tr!("items {list}", "指标 {list}"),
            (true, _) => tr!("and item {list}", "另有指标 {list}"),
            (false, _) => tr!("and items {list}", "另有指标 {list}"),
        };
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
            let d = Diagnostic::error(Code::MissingInput, inputs_span.clone(), message.clone())
                .in_data()
                .label(here.clone())
                .help(help.clone());
            diagnostics.push(misspelt_labels(rubric, data, &[slot], d));
            errors.push(ErrorReport {
                code: Code::MissingInput.as_str().to_string(),
                item: failed.first().cloned(),
                message,
            });
        }
        // An item that fell back because the input was written under another
        // name is said at that name (see `scored_without`).
        if !fell_back.is_empty() && !data.misspelt.iter().any(|m| m.slot == slot) {
            let items = which(&fell_back);
            let message = tr!(
                "input `{name}` is not given, so {items} could not be verified: the reported score is taken",
                "未提供输入项 `{name}`，{items} 无法核实：采用自评分"
            );
            let d =
                Diagnostic::warning(Code::MissingInput, inputs_span.clone(), message).in_data().label(here).help(help);
            diagnostics.push(misspelt_labels(rubric, data, &[slot], d));
        }
    }
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

/// One item that could not be scored, for want of its inputs or of its
/// judged score: what it needs, and the lines to write, where.
fn unscored_item(rubric: &Checked, data: &UnitData, index: usize, code: Code, inputs_span: &Span) -> Diagnostic {
    let Some(item) = rubric.items.get(index) else {
        return Diagnostic::error(code, inputs_span.clone(), String::new()).in_data();
    };
    let (id, name, weight) = (&item.id, &item.name, crate::eval::report::show(item.weight));
    let reported = tr!("`\"{id}\" = …` under [reported.items]", "在 [reported.items] 下写 `\"{id}\" = …`");
    if code == Code::Judged {
        return Diagnostic::error(
            code,
            inputs_span.clone(),
            tr!("item {id} {name} is judged and has no score", "指标 {id} {name}为评定项，但没有评定分"),
        )
        .in_data()
        .label(tr!("no judged score for item {id}", "没有指标 {id} 的评定分"))
        .help(tr!(
            "write the evaluator's score, 0 to {weight}, as `\"{id}\" = …` under [judged]; or the unit's own score as {reported}",
            "请在 [judged] 下写评定分（0 至 {weight}）：`\"{id}\" = …`；或{reported}，填单位自评分"
        ));
    }
    let inputs: Vec<&crate::check::model::Input> = item.inputs.iter().filter_map(|s| rubric.inputs.get(*s)).collect();
    let names = inputs.iter().map(|i| i.name.as_str()).collect::<Vec<_>>().join(&tr!(", ", "、"));
    let lines: Vec<String> = inputs
        .iter()
        .take(3)
        .map(|i| {
            let name = &i.name;
            match &i.description {
                Some(d) => tr!("`\"{name}\" = …` ({d})", "`\"{name}\" = …`（{d}）"),
                None => format!("`\"{name}\" = …`"),
            }
        })
        .collect();
    let more = if inputs.len() > 3 { "…" } else { "" };
    let lines = lines.join(&tr!("; ", "；"));
    // At the first of them left blank, if one is; else at [inputs].
    let blank = item.inputs.iter().find_map(|s| data.blanks.iter().find(|(b, _)| b == s)).map(|(_, span)| span.clone());
    let span = blank.clone().unwrap_or_else(|| if data.inputs_span.is_some() { inputs_span.clone() } else { 0..0 });
    let label = match blank {
        Some(_) => tr!("left blank", "未填写"),
        None => tr!("not given: {names}", "未填写：{names}"),
    };
    let d = Diagnostic::error(
        code,
        span,
        tr!(
            "item {id} {name} cannot be scored: none of its inputs is given ({names}), and it has no reported score",
            "指标 {id} {name}无法计分：其输入项（{names}）均未填写，也没有自评分"
        ),
    )
    .in_data()
    .label(label)
    .help(tr!(
        "write under [inputs]: {lines}{more}; or the unit's own score as {reported}",
        "请在 [inputs] 下填写：{lines}{more}；或{reported}，填单位自评分"
    ));
    misspelt_labels(rubric, data, &item.inputs, d)
}

/// The keys written for `slots` under other names (`专题研究次` for
/// 专题研究次数), labelled as not used.
fn misspelt_labels(rubric: &Checked, data: &UnitData, slots: &[usize], mut d: Diagnostic) -> Diagnostic {
    for m in data.misspelt.iter().filter(|m| slots.contains(&m.slot)) {
        let Some(input) = rubric.inputs.get(m.slot) else { continue };
        let name = &input.name;
        d = d.related(m.span.clone(), tr!("not `{name}`: its value is not used", "不是 `{name}`：其值未被采用"));
    }
    d
}

/// An item scored from the unit's reported score because an input it needs
/// was written under another name: what was ignored, and what was used.
fn scored_without(rubric: &Checked, data: &UnitData, index: usize) -> Option<Diagnostic> {
    let item = rubric.items.get(index)?;
    let m = data.misspelt.iter().find(|m| item.inputs.contains(&m.slot))?;
    let name = &rubric.inputs.get(m.slot)?.name;
    let (reported, _) = data.reported.items.get(index).cloned().flatten()?;
    let (id, title, key, score) = (&item.id, &item.name, &m.key, crate::eval::report::show(reported));
    let value = if m.value.is_empty() { String::new() } else { format!(" {}", m.value) };
    Some(
        Diagnostic::warning(
            Code::Unverified,
            m.span.clone(),
            tr!(
                "`{key}` is not the input `{name}`, so its value{value} was ignored: item {id} {title} was scored from the unit's reported score, {score}",
                "`{key}` 不是输入项 `{name}`，其值{value} 未被采用：指标 {id} {title}按单位自评分 {score} 计分"
            ),
        )
        .in_data()
        .label(tr!("not `{name}`", "不是 `{name}`"))
        .help(tr!(
            "if it is meant to be `{name}`, write the key as `\"{name}\"`; the item is then scored from the figures",
            "如果指的是 `{name}`，请把键名改为 `\"{name}\"`；该指标即按数据计分"
        )),
    )
}
