//! Indicators and consistency checks: resolved and type-checked like rules.

use std::collections::HashMap;

use super::resolve::{resolve, Scope};
use crate::ast::{self, DisplayKind, InputType};
use crate::diagnostic::{Code, Diagnostic};
use crate::exact::Exact;
use crate::model::{ConsistencyCheck, ExprKind, Indicator, Ty};

/// Checks the indicators of a rubric.
pub fn check_indicators(
    indicators: &[ast::Indicator],
    names: &HashMap<String, (usize, InputType)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Indicator> {
    let mut seen: HashMap<&str, &crate::span::Span> = HashMap::new();
    let mut out = Vec::new();
    for indicator in indicators {
        let name = indicator.name.node.as_str();
        if let Some(first) = seen.get(name) {
            diagnostics.push(
                Diagnostic::error(
                    Code::Duplicate,
                    indicator.name.span.clone(),
                    format!("indicator `{name}` is declared twice"),
                )
                .label("second declaration")
                .related((*first).clone(), "first declaration")
                .help("give each indicator its own name"),
            );
        }
        seen.insert(name, &indicator.name.span);
        if names.contains_key(name) {
            diagnostics.push(
                Diagnostic::error(
                    Code::Duplicate,
                    indicator.name.span.clone(),
                    format!("`{name}` is already an input"),
                )
                .label("name taken")
                .help("an indicator is computed from inputs; give it a name of its own"),
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
                            format!("indicator `{name}` is {}, which cannot be shown this way", ty.describe()),
                        )
                        .label("display form does not fit")
                        .related(value.span.clone(), ty.describe())
                        .help("show amounts as 元/万元/亿元; show numbers as percent, ratio or number"),
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
                    format!("indicator `{name}` must be a number or an amount, not {}", value.ty.describe()),
                )
                .label(value.ty.describe())
                .help("an indicator is a value such as a rate or an amount per person"),
            );
        }
        let mut inputs = scope.used;
        inputs.sort_unstable();
        out.push(Indicator {
            name: name.to_string(),
            value,
            display,
            description: indicator.description.iter().map(|d| d.node.clone()).collect(),
            inputs,
            span: indicator.span.clone(),
        });
    }
    out
}

/// Checks the consistency checks of a rubric.
pub fn check_checks(
    checks: &[ast::Check],
    names: &HashMap<String, (usize, InputType)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ConsistencyCheck> {
    let mut out = Vec::new();
    for check in checks {
        let mut scope = Scope::new(names);
        let condition = resolve(&check.condition, &mut scope, diagnostics);
        if condition.ty != Ty::Bool && condition.ty != Ty::Error {
            diagnostics.push(
                Diagnostic::error(
                    Code::Type,
                    condition.span.clone(),
                    format!("a check must be a comparison, not {}", condition.ty.describe()),
                )
                .label(condition.ty.describe())
                .help("write what must hold: `基本支出 + 项目支出 = 支出合计`"),
            );
        }
        let percent = check.tolerance.as_ref().is_some_and(|t| t.node.1);
        let tolerance = match &check.tolerance {
            Some(t) => {
                if !matches!(condition.kind, ExprKind::Compare(..)) {
                    diagnostics.push(
                        Diagnostic::error(Code::Type, t.span.clone(), "a tolerance needs a comparison to apply to")
                            .label("tolerance without a comparison")
                            .related(condition.span.clone(), "not a comparison")
                            .help("write the check as `左 = 右, within 0.01`"),
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
