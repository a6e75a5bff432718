//! The static checks: the typed syntax tree → a [`Checked`] rubric.
//!
//! Every problem of the file is collected; the rubric is returned only when
//! there is no error (warnings are fine).

mod cascade;
mod derived;
pub mod model;
mod symbolic;
mod grades;
mod inputs;
mod parts;
mod range;
mod reach;
mod resolve;
mod tree;

use rust_decimal::Decimal;

use crate::lower::ast::{InputType, Policy, Rounding, Rubric, SectionKind};
use crate::base::diagnostic::{has_errors, Code, Diagnostic};
use crate::base::exact::RoundMode;
use crate::base::limits::Limits;
use crate::check::model::{Checked, Requirement, Ty};

pub use reach::{reach, Reach, Reason};
pub use symbolic::{precedence, symbolic};

/// Input name → its slot and type: the names a formula may read.
pub(crate) type Names = std::collections::HashMap<String, (usize, InputType), rustc_hash::FxBuildHasher>;

/// How a type is named in the checker's messages, in the thread's language
/// (the English is [`Ty::describe`]).
pub(crate) fn ty_name(ty: Ty) -> String {
    match crate::base::i18n::lang() {
        crate::base::i18n::Lang::En => ty.describe(),
        crate::base::i18n::Lang::Zh => match ty {
            Ty::Number => "数值".to_string(),
            Ty::Amount(unit) => format!("金额（{}）", unit.as_str()),
            Ty::Bool => "是/否值".to_string(),
            Ty::Text => "文本".to_string(),
            Ty::Error => "错误的值".to_string(),
        },
    }
}

/// Parses, lowers and checks a rubric's text.
pub fn check_source(text: &str, limits: &Limits) -> (Option<Checked>, Vec<Diagnostic>) {
    let (rubric, checked, diagnostics) = check_source_keeping_tree(text, limits);
    parts::free(rubric.sections, crate::base::threads::available());
    (checked, diagnostics)
}

/// [`check_source`], and the syntax tree too (an editor indexes its names), from one parse.
pub fn check_source_keeping_tree(text: &str, limits: &Limits) -> (Rubric, Option<Checked>, Vec<Diagnostic>) {
    let (rubric, mut diagnostics) = crate::lower::lower(text, limits);
    let (mut checked, mut more) = check(&rubric);
    if has_errors(&diagnostics) {
        more.retain(|d| d.code != Code::UnusedInput);
    }
    if let Some(checked) = &mut checked {
        for c in &mut checked.checks {
            c.line = text.get(..c.span.start).map_or(0, |before| before.matches('\n').count() + 1);
        }
    }
    diagnostics.extend(more);
    cascade::causes_first(text, &mut diagnostics);
    if has_errors(&diagnostics) {
        (rubric, None, diagnostics)
    } else {
        (rubric, checked, diagnostics)
    }
}

/// Checks a lowered rubric (a large one on several threads).
pub fn check(rubric: &Rubric) -> (Option<Checked>, Vec<Diagnostic>) {
    check_in(rubric, crate::base::threads::available())
}

/// Checks a lowered rubric on up to `threads` threads.
fn check_in(rubric: &Rubric, threads: usize) -> (Option<Checked>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let header = &rubric.header;
    let (inputs, names) = inputs::check_inputs(&rubric.inputs, &mut diagnostics);

    let mut used_by_requires = Vec::new();
    let mut requires = Vec::new();
    for require in &rubric.requires {
        let mut scope = resolve::Scope::new(&names);
        let condition = resolve::resolve(&require.condition, &mut scope, &mut diagnostics);
        resolve::expect_condition(
            &condition,
            |ty| {
                crate::tr!("a `require` must be a yes/no, not {ty}", "`require`（要求）的条件应当得出是/否值，而非{ty}")
            },
            || {
                crate::tr!(
                    "write a comparison: `require 已评估数 <= 应评估数`",
                    "请写成比较式：`require 已评估数 <= 应评估数`"
                )
            },
            &mut diagnostics,
        );
        used_by_requires.extend(scope.used.iter().copied());
        let mut used = scope.used;
        used.sort_unstable();
        requires.push(Requirement {
            condition,
            message: require.message.as_ref().map(|m| m.node.clone()),
            inputs: used,
        });
    }
    let conditions: Vec<_> = requires.iter().map(|r| &r.condition).collect();
    let facts = range::Facts::from_requires(&conditions);

    let base = tree::base_ranges(&inputs, &facts, &conditions);

    let rounding = header.rounding.as_ref().map_or(Rounding { places: 2, mode: RoundMode::HalfUp }, |r| r.node);
    let builder = tree::TreeBuilder::new(&names, &inputs, &facts, &base, rounding);
    let parts::Tree { roots, sections, items, diagnostics: mut more } =
        parts::build(&rubric.sections, &builder, threads);
    diagnostics.append(&mut more);

    let scored: Decimal = rubric
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Normal)
        .fold(Decimal::ZERO, |sum, s| sum.checked_add(s.weight.node).unwrap_or(sum));
    let max = match &header.max {
        Some(max) => {
            if !rubric.sections.is_empty() && scored != max.node {
                let parts: Vec<String> = rubric
                    .sections
                    .iter()
                    .filter(|s| s.kind == SectionKind::Normal)
                    .map(|s| format!("{} {}", s.id.node, s.weight.node.normalize()))
                    .collect();
                let (sum, maximum, parts) = (scored.normalize(), max.node.normalize(), parts.join(" + "));
                diagnostics.push(
                    Diagnostic::error(
                        Code::Weights,
                        max.span.clone(),
                        crate::tr!(
                            "the sections add up to {sum}, not the maximum {maximum}",
                            "各部分分值合计为 {sum}，不等于满分 {maximum}"
                        ),
                    )
                    .label(crate::tr!("sections add up to {sum}", "各部分合计 {sum}"))
                    .help(crate::tr!(
                        "{parts} = {sum} (bonus and deduction sections do not count)",
                        "{parts} = {sum}（加分项和减分项不计入）"
                    )),
                );
            }
            max.node
        }
        None => scored,
    };
    let floor = header.floor.as_ref().map_or(Decimal::ZERO, |f| f.node);
    let grades = header.grades.as_ref().map_or_else(Vec::new, |g| grades::check_grades(g, floor, &mut diagnostics));

    let indicators = derived::check_indicators(&rubric.indicators, &names, &mut diagnostics);
    let checks = derived::check_checks(&rubric.checks, &names, &mut diagnostics);
    // Unused-input warnings are noise while names are undefined or lines do not parse.
    let undefined_names = diagnostics.iter().any(|d| d.code == Code::UndefinedName);
    let mut used = vec![false; inputs.len()];
    let reads = used_by_requires.iter().chain(items.iter().flat_map(|i| &i.inputs));
    for slot in reads.chain(indicators.iter().flat_map(|i| &i.inputs)).chain(checks.iter().flat_map(|c| &c.inputs)) {
        if let Some(u) = used.get_mut(*slot) {
            *u = true;
        }
    }
    for (slot, input) in inputs.iter().enumerate().filter(|_| !undefined_names) {
        if !used.get(slot).copied().unwrap_or(false) {
            let name_span = input.name_span.clone();
            diagnostics.push(
                Diagnostic::warning(
                    Code::UnusedInput,
                    name_span,
                    crate::tr!("input `{}` is not used by any rule", "输入项 `{}` 没有被任何规则用到", input.name),
                )
                .label(crate::tr!("unused", "未使用"))
                .help(crate::tr!("remove it, or use it in a rule", "请删除它，或者在规则中用到它")),
            );
        }
    }

    if has_errors(&diagnostics) {
        return (None, diagnostics);
    }
    let checked = Checked {
        title: header.title.node.clone(),
        version: header.version.as_ref().map(|v| v.node.clone()),
        year: header.year.as_ref().map(|y| y.node),
        max,
        rounding,
        policy: header.policy.as_ref().map_or(Policy::FullMarks, |p| p.node),
        floor,
        grades,
        inputs,
        requires,
        sections,
        items,
        roots,
        indicators,
        checks,
    };
    (Some(checked), diagnostics)
}
