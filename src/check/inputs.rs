//! Input declarations: unique names, sensible ranges and defaults.

use rust_decimal::Decimal;

use super::Names;
use crate::lower::ast::{InputDecl, InputType, Literal};
use crate::base::diagnostic::{Code, Diagnostic};
use crate::base::exact::Exact;
use crate::check::model::{Input, Value};

/// Checks the declarations; returns the inputs and the name → (slot, type) map.
pub fn check_inputs(decls: &[InputDecl], diagnostics: &mut Vec<Diagnostic>) -> (Vec<Input>, Names) {
    let mut inputs = Vec::new();
    let mut names = Names::default();
    for decl in decls {
        if let Some((slot, _)) = names.get(&decl.name.node) {
            let first = inputs.get(*slot).map_or(0..0, |i: &Input| i.name_span.clone());
            diagnostics.push(
                Diagnostic::error(
                    Code::Duplicate,
                    decl.name.span.clone(),
                    crate::tr!("input `{}` is declared twice", "输入项 `{}` 声明了两次", decl.name.node),
                )
                .label(crate::tr!("second declaration", "第二次声明"))
                .related(first, crate::tr!("first declaration", "第一次声明"))
                .help(crate::tr!("remove one of them", "请删除其中一个")),
            );
            continue;
        }
        let (min, max) = decl.range.as_ref().map_or((None, None), |r| r.node);
        if let (Some(lo), Some(hi), Some(range)) = (min, max, &decl.range) {
            if lo > hi {
                diagnostics.push(
                    Diagnostic::error(
                        Code::InputDecl,
                        range.span.clone(),
                        crate::tr!("the range {lo}..{hi} is empty", "范围 {lo}..{hi} 是空的"),
                    )
                    .label(crate::tr!("lower end above upper end", "下限大于上限"))
                    .help(crate::tr!("write `range {hi}..{lo}`", "应写作 `range {hi}..{lo}`")),
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
                        crate::tr!(
                            "the default of `{}` must be {expected}",
                            "`{}` 的默认值应为{expected}",
                            decl.name.node
                        ),
                    )
                    .label(crate::tr!("wrong kind of value", "值的种类不对"))
                    .related(decl.ty.span.clone(), crate::tr!("declared type", "声明的类型")),
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
                                crate::tr!(
                                    "the default of `{}` is outside its allowed values",
                                    "`{}` 的默认值超出了允许的取值",
                                    decl.name.node
                                ),
                            )
                            .label(crate::tr!("not allowed", "不允许"))
                            .help(crate::tr!(
                                "a count is a whole number ≥ 0; a default must lie in the declared range",
                                "计数是不小于 0 的整数；默认值必须在声明的范围之内"
                            )),
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
            name_span: decl.name.span.clone(),
        });
    }
    (inputs, names)
}

fn default_value(literal: &Literal, ty: InputType) -> Result<Value, String> {
    match (literal, ty) {
        (Literal::Bool(b), InputType::Bool) => Ok(Value::Bool(*b)),
        (Literal::Text(t), InputType::Text) => Ok(Value::Text(t.clone())),
        (Literal::Number(n), InputType::Count | InputType::Rate | InputType::Number | InputType::Amount(_)) => {
            Ok(Value::Number(Exact::from_decimal(*n)))
        }
        (_, InputType::Bool) => Err(crate::tr!("yes or no (true/false, 是/否)", "是或否（是/否，true/false）")),
        (_, InputType::Text) => Err(crate::tr!("a \"quoted text\"", "带引号的 \"文字\"")),
        _ => Err(crate::tr!("a number", "数字")),
    }
}
