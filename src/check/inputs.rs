//! Input declarations: unique names, sensible ranges and defaults.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::ast::{InputDecl, InputType, Literal};
use crate::diagnostic::{Code, Diagnostic};
use crate::exact::Exact;
use crate::model::{Input, Value};

/// Checks the declarations; returns the inputs and the name → (slot, type) map.
pub fn check_inputs(
    decls: &[InputDecl],
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Input>, HashMap<String, (usize, InputType)>) {
    let mut inputs = Vec::new();
    let mut names: HashMap<String, (usize, InputType)> = HashMap::new();
    for decl in decls {
        if let Some((slot, _)) = names.get(&decl.name.node) {
            let first = inputs.get(*slot).map_or(0..0, |i: &Input| i.name_span.clone());
            diagnostics.push(
                Diagnostic::error(
                    Code::Duplicate,
                    decl.name.span.clone(),
                    format!("input `{}` is declared twice", decl.name.node),
                )
                .label("second declaration")
                .related(first, "first declaration")
                .help("remove one of them"),
            );
            continue;
        }
        let (min, max) = decl.range.as_ref().map_or((None, None), |r| r.node);
        if let (Some(lo), Some(hi), Some(range)) = (min, max, &decl.range) {
            if lo > hi {
                diagnostics.push(
                    Diagnostic::error(Code::InputDecl, range.span.clone(), format!("the range {lo}..{hi} is empty"))
                        .label("lower end above upper end")
                        .help(format!("write `range {hi}..{lo}`")),
                );
            }
        }
        let default = decl.default.as_ref().and_then(|d| {
            let value = default_value(&d.node, decl.ty.node);
            match &value {
                Err(expected) => diagnostics.push(
                    Diagnostic::error(
                        Code::InputDecl,
                        d.span.clone(),
                        format!("the default of `{}` must be {expected}", decl.name.node),
                    )
                    .label("wrong kind of value")
                    .related(decl.ty.span.clone(), "declared type"),
                ),
                Ok(Value::Number(v)) => {
                    let below = min.is_some_and(|m| *v < Exact::from_decimal(m));
                    let above = max.is_some_and(|m| *v > Exact::from_decimal(m));
                    let negative_count = decl.ty.node == InputType::Count && (*v < Exact::ZERO || !v.is_integer());
                    if below || above || negative_count {
                        diagnostics.push(
                            Diagnostic::error(
                                Code::InputDecl,
                                d.span.clone(),
                                format!("the default of `{}` is outside its allowed values", decl.name.node),
                            )
                            .label("not allowed")
                            .help("a count is a whole number ≥ 0; a default must lie in the declared range"),
                        );
                    }
                }
                Ok(_) => {}
            }
            value.ok()
        });
        let (type_min, type_max) = match decl.ty.node {
            InputType::Rate => (Some(Decimal::ZERO), Some(Decimal::ONE)),
            InputType::Count => (Some(Decimal::ZERO), None),
            _ => (None, None),
        };
        names.insert(decl.name.node.clone(), (inputs.len(), decl.ty.node));
        inputs.push(Input {
            name: decl.name.node.clone(),
            ty: decl.ty.node,
            optional: decl.optional,
            default,
            min: min.or(type_min),
            max: max.or(type_max),
            description: decl.description.as_ref().map(|d| d.node.clone()),
            span: decl.span.clone(),
            name_span: decl.name.span.clone(),
        });
    }
    (inputs, names)
}

fn default_value(literal: &Literal, ty: InputType) -> Result<Value, &'static str> {
    match (literal, ty) {
        (Literal::Bool(b), InputType::Bool) => Ok(Value::Bool(*b)),
        (Literal::Text(t), InputType::Text) => Ok(Value::Text(t.clone())),
        (Literal::Number(n), InputType::Count | InputType::Rate | InputType::Number | InputType::Amount(_)) => {
            Ok(Value::Number(Exact::from_decimal(*n)))
        }
        (_, InputType::Bool) => Err("yes or no (true/false, 是/否)"),
        (_, InputType::Text) => Err("a \"quoted text\""),
        _ => Err("a number"),
    }
}
