//! Indicators and consistency checks: resolved and type-checked like rules.

use std::collections::HashMap;

use super::resolve::{expect_condition, resolve, Scope};
use super::{ty_name, Names};
use crate::lower::ast::{self, DisplayKind};
use crate::base::diagnostic::{Code, Diagnostic};
use crate::base::exact::Exact;
use crate::check::model::{ConsistencyCheck, ExprKind, Indicator, Ty};

/// Checks the indicators of a rubric.
pub fn check_indicators(
    indicators: &[ast::Indicator],
    names: &Names,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Indicator> {
    let mut seen: HashMap<&str, &crate::base::span::Span> = HashMap::new();
    let mut out = Vec::new();
    for indicator in indicators {
        let name = indicator.name.node.as_str();
        if let Some(first) = seen.get(name) {
            diagnostics.push(
                Diagnostic::error(
                    Code::Duplicate,
                    indicator.name.span.clone(),
                    crate::tr!("indicator `{name}` is declared twice", "分析指标 `{name}` 声明了两次"),
                )
                .label(crate::tr!("second declaration", "第二次声明"))
                .related((*first).clone(), crate::tr!("first declaration", "第一次声明"))
                .help(crate::tr!("give each indicator its own name", "每个分析指标要有自己的名称")),
            );
        }
        seen.insert(name, &indicator.name.span);
        if names.contains_key(name) {
            diagnostics.push(
                Diagnostic::error(
                    Code::Duplicate,
                    indicator.name.span.clone(),
                    crate::tr!("`{name}` is already an input", "`{name}` 已经是一个输入项"),
                )
                .label(crate::tr!("name taken", "名称已被占用"))
                .help(crate::tr!(
                    "an indicator is computed from inputs; give it a name of its own",
                    "分析指标是由输入项算出来的；请给它另起一个名称"
                )),
            );
        }
        let mut scope = Scope::new(names);
        let value = resolve(&indicator.value, &mut scope, diagnostics);
        let display = match (&indicator.display, value.ty) {
            (_, Ty::Error) => ast::Display { kind: DisplayKind::Number, places: 2 },
            (None, Ty::Amount(unit)) => ast::Display { kind: DisplayKind::Amount(unit), places: 2 },
            (None, _) => ast::Display { kind: DisplayKind::Number, places: 2 },
            (Some(d), ty) => {
                let fits = matches!(
                    (d.node.kind, ty),
                    (DisplayKind::Amount(_), Ty::Amount(_))
                        | (DisplayKind::Percent | DisplayKind::Ratio | DisplayKind::Number, Ty::Number)
                );
                if !fits {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::Type,
                            d.span.clone(),
                            crate::tr!(
                                "indicator `{name}` is {}, which cannot be shown this way",
                                "分析指标 `{name}` 为{}，不能按这种形式显示",
                                ty_name(ty)
                            ),
                        )
                        .label(crate::tr!("display form does not fit", "显示形式与值不符"))
                        .related(value.span.clone(), ty_name(ty))
                        .help(crate::tr!(
                            "show amounts as 元/万元/亿元; show numbers as percent, ratio or number",
                            "金额显示为 元/万元/亿元；数值显示为百分比（percent）、比例（ratio）或数值（number）"
                        )),
                    );
                }
                d.node
            }
        };
        if matches!(value.ty, Ty::Bool | Ty::Text) {
            diagnostics.push(
                Diagnostic::error(
                    Code::Type,
                    value.span.clone(),
                    crate::tr!(
                        "indicator `{name}` must be a number or an amount, not {}",
                        "分析指标 `{name}` 必须是数值或金额，而非{}",
                        ty_name(value.ty)
                    ),
                )
                .label(ty_name(value.ty))
                .help(crate::tr!(
                    "an indicator is a value such as a rate or an amount per person",
                    "分析指标是比率、人均金额这样的数值"
                )),
            );
        }
        let mut inputs = scope.used;
        inputs.sort_unstable();
        out.push(Indicator {
            name: name.to_string(),
            value,
            display,
            inputs,
        });
    }
    out
}

/// Checks the consistency checks of a rubric.
pub fn check_checks(checks: &[ast::Check], names: &Names, diagnostics: &mut Vec<Diagnostic>) -> Vec<ConsistencyCheck> {
    let mut out = Vec::new();
    for check in checks {
        let mut scope = Scope::new(names);
        let condition = resolve(&check.condition, &mut scope, diagnostics);
        expect_condition(
            &condition,
            |ty| crate::tr!("a check must be a comparison, not {ty}", "`check`（审核）必须是比较式，而非{ty}"),
            || {
                crate::tr!(
                    "write what must hold: `基本支出 + 项目支出 = 支出合计`",
                    "写出必须成立的关系：`基本支出 + 项目支出 = 支出合计`"
                )
            },
            diagnostics,
        );
        let percent = check.tolerance.as_ref().is_some_and(|t| t.node.1);
        let tolerance = match &check.tolerance {
            Some(t) => {
                if !matches!(condition.kind, ExprKind::Compare(..)) {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::Type,
                            t.span.clone(),
                            crate::tr!(
                                "a tolerance needs a comparison to apply to",
                                "容差（`within`）只能用在比较式上"
                            ),
                        )
                        .label(crate::tr!("tolerance without a comparison", "容差没有可用的比较式"))
                        .related(condition.span.clone(), crate::tr!("not a comparison", "不是比较式"))
                        .help(crate::tr!(
                            "write the check as `左 = 右, within 0.01`",
                            "把审核写成 `左 = 右, within 0.01` 的形式"
                        )),
                    );
                }
                Exact::from_decimal(t.node.0)
            }
            None => Exact::ZERO,
        };
        let mut inputs = scope.used;
        inputs.sort_unstable();
        out.push(ConsistencyCheck {
            name: check.name.node.clone(),
            condition,
            tolerance,
            percent,
            warning: check.warning,
            message: check.message.as_ref().map(|m| m.node.clone()),
            inputs,
            span: check.span.clone(),
            line: 0,
        });
    }
    out
}
