//! An input's value: its type, its unit, its range.

use rust_decimal::Decimal;

use super::{did_you_mean, error, is_blank, is_unreadable, kind_name, text_of, Binder, Given};
use crate::base::diagnostic::{Code, Diagnostic};
use crate::base::exact::Exact;
use crate::base::span::Span;
use crate::base::suggest::closest;
use crate::check::model::Value;
use crate::data::{self, Entry, Node, NodeKind, Suffix, WrittenProblem};
use crate::lower::ast::{InputType, MoneyUnit};
use crate::tr;

impl Binder<'_>{
    pub(super) fn input(&mut self, entry: &Entry) {
        let Some(slot) = self.input_slot(&entry.key) else {
            let key = &entry.key;
            let mut d = error(
                Code::UnknownInput,
                &entry.key_span,
                tr!("the rubric has no input `{key}`", "评分表中没有输入项 `{key}`"),
            )
            .label(tr!("unknown input", "未知输入项"));
            let in_full = self.shown_in_full(Code::UnknownInput);
            let best = if in_full { closest(&entry.key, self.rubric.inputs.iter().map(|i| i.name.as_str())) } else { None };
            if let Some(slot) = best.and_then(|b| self.rubric.inputs.iter().position(|i| i.name == b)) {
                let value = text_of(&entry.value);
                let span = entry.key_span.clone();
                self.data.misspelt.push(super::Misspelt { slot, key: key.clone(), span, value });
                d = d.label(tr!("not an input: its value is not used", "不是输入项：其值未被采用"));
            }
            d = match best {
                Some(best) => d.help(did_you_mean(best)),
                None => d.help(tr!(
                    "the rubric's `input` lines list every input it reads",
                    "评分表的 `input` 行列出了它读取的全部输入项"
                )),
            };
            self.diagnostics.push(d);
            return;
        };
        if is_unreadable(&entry.value) {
            self.data.invalid.push(slot);
            return;
        }
        if is_blank(&entry.value) && self.rubric.inputs.get(slot).is_some_and(|i| i.ty != InputType::Text) {
            self.data.blanks.push((slot, entry.value.span.clone()));
            return;
        }
        match self.value(slot, &entry.value) {
            Ok(value) => {
                if let Some(given) = self.data.inputs.get_mut(slot) {
                    *given = Some(Given { value, span: Some(entry.value.span.clone()) });
                }
            }
            Err(d) => {
                self.diagnostics.push(*d);
                self.data.invalid.push(slot);
            }
        }
    }

    /// Converts one input value, checking type, unit and range.
    fn value(&self, slot: usize, node: &Node) -> Result<Value, Box<Diagnostic>> {
        let input = self
            .rubric
            .inputs
            .get(slot)
            .ok_or_else(|| Box::new(error(Code::UnknownInput, &node.span, tr!("unknown input", "未知输入项"))))?;
        let wrong = |expected: String, help: String| {
            let (name, kind) = (&input.name, kind_name(node));
            Box::new(
                error(
                    Code::WrongType,
                    &node.span,
                    tr!("`{name}` must be {expected}, not {kind}", "`{name}` 应为{expected}，而不是{kind}"),
                )
                .label(tr!("expected {expected}", "应为{expected}"))
                .help(help),
            )
        };
        let yes_no = || tr!("yes or no", "是或否");
        let yes_no_help =
            || tr!("write true or false (or \"是\" / \"否\")", "填写 true 或 false（或 \"是\" / \"否\"）");
        let number = match (input.ty, &node.kind) {
            (InputType::Bool, NodeKind::Bool(b)) => return Ok(Value::Bool(*b)),
            (InputType::Bool, NodeKind::String(s)) => {
                return match s.trim() {
                    "是" | "yes" | "有" | "true" => Ok(Value::Bool(true)),
                    "否" | "no" | "无" | "false" => Ok(Value::Bool(false)),
                    _ => Err(wrong(yes_no(), yes_no_help())),
                }
            }
            (InputType::Bool, _) => return Err(wrong(yes_no(), yes_no_help())),
            (InputType::Text, NodeKind::String(s)) => return Ok(Value::Text(s.clone())),
            (InputType::Text, _) => {
                return Err(wrong(tr!("text", "文本"), tr!("put the text in quotes", "文本需加引号")))
            }
            (_, NodeKind::Number(raw)) => self.exact(raw, &node.span, &input.name)?,
            (ty, NodeKind::String(s)) => self.number_text(s, ty, &node.span, &input.name)?,
            (InputType::Amount(_), _) => {
                return Err(wrong(
                    tr!("an amount", "金额"),
                    tr!(
                        "write a number in the declared unit, or text with a unit: \"290820元\", \"29.082万元\"",
                        "填写声明单位下的数值，或带单位的文本：\"290820元\"、\"29.082万元\""
                    ),
                ))
            }
            (InputType::Rate, _) => {
                return Err(wrong(tr!("a rate", "比率"), tr!("write 0.95 or \"95%\"", "填写 0.95 或 \"95%\"")))
            }
            _ => return Err(wrong(tr!("a number", "数值"), tr!("write a number, e.g. 58", "填写数值，例如 58"))),
        };
        self.in_range(input, number, node)?;
        Ok(Value::Number(number))
    }

    fn exact(&self, raw: &str, span: &Span, name: &str) -> Result<Exact, Box<Diagnostic>> {
        data::parse_number(raw).map(Exact::from_decimal).map_err(|problem| {
            Box::new(match problem {
                data::NumberProblem::TooPrecise => too_many_digits(span, name, raw),
                data::NumberProblem::NotANumber => {
                    error(Code::WrongType, span, tr!("`{name}` = {raw} is not a number", "`{name}` = {raw} 不是数值"))
                        .label(tr!("not a number", "不是数值"))
                }
            })
        })
    }

    /// A number written as text, as a clerk or a spreadsheet writes it: "58",
    /// "95%", "８５％", "290820元", "12.5万", "1,234.56" (see [`data::read_written`]).
    /// A suffix the input cannot take (`%` on an amount, `万` on a rate) is refused
    /// with the value written the way the input wants it.
    fn number_text(&self, text: &str, ty: InputType, span: &Span, name: &str) -> Result<Exact, Box<Diagnostic>> {
        let shown = text.trim();
        let written = match data::read_written(text) {
            Ok(written) => written,
            Err(WrittenProblem::TooPrecise) => return Err(Box::new(too_many_digits(span, name, shown))),
            Err(WrittenProblem::Grouping { plain, decimal }) => {
                let help = match decimal {
                    Some(decimal) => tr!(
                        "commas group the digits in threes (12,345): write {plain}, or {decimal} if the comma \
                         is meant as a decimal point",
                        "逗号应每三位分隔一次（如 12,345）：请写作 {plain}；如果逗号本意是小数点，请写作 {decimal}"
                    ),
                    None => tr!(
                        "commas group the digits in threes before the point (12,345.6): write {plain}",
                        "逗号只能在小数点前每三位分隔一次（如 12,345.6）：请写作 {plain}"
                    ),
                };
                return Err(Box::new(
                    error(
                        Code::WrongType,
                        span,
                        tr!(
                            "`{name}` = \"{shown}\": the commas are not where thousands are separated",
                            "`{name}` = \"{shown}\"：逗号不在千分位上，无法确定数值"
                        ),
                    )
                    .label(tr!("which number is meant?", "是哪个数？"))
                    .help(help),
                ));
            }
            Err(WrittenProblem::NotANumber) => {
                return Err(Box::new(
                    error(
                        Code::WrongType,
                        span,
                        tr!("`{name}` = \"{shown}\" is not a number", "`{name}` = \"{shown}\" 不是数值"),
                    )
                    .label(tr!("not a number", "不是数值"))
                    .help(match ty {
                        InputType::Amount(_) => tr!(
                            "write a number, or a number with 元, 万 or 亿: \"290820元\", \"12.5万\"",
                            "填写数值，或带 元、万、亿 的数值：\"290820元\"、\"12.5万\""
                        ),
                        InputType::Rate => tr!("write 0.95 or \"95%\"", "填写 0.95 或 \"95%\""),
                        _ => tr!("write a number, e.g. 58", "填写数值，例如 58"),
                    }),
                ))
            }
        };
        let value = Exact::from_decimal(written.number);
        let ratio = |num: i64, den: i64| Exact::new(i128::from(num), i128::from(den)).unwrap_or(Exact::ONE);
        let factor = match (ty, written.suffix) {
            (_, Suffix::None) => Exact::ONE,
            (InputType::Rate | InputType::Number, Suffix::Percent) => ratio(1, 100),
            (InputType::Amount(declared), Suffix::Yuan) => ratio(MoneyUnit::Yuan.in_yuan(), declared.in_yuan()),
            (InputType::Amount(declared), Suffix::Wan { .. }) => ratio(MoneyUnit::Wan.in_yuan(), declared.in_yuan()),
            (InputType::Amount(declared), Suffix::Yi { .. }) => ratio(MoneyUnit::Yi.in_yuan(), declared.in_yuan()),
            (InputType::Count | InputType::Number, Suffix::Wan { yuan: false }) => Exact::from_int(10_000),
            (InputType::Count | InputType::Number, Suffix::Yi { yuan: false }) => Exact::from_int(100_000_000),
            (_, suffix) => return Err(Box::new(suffix_refused(span, name, shown, ty, suffix, &written.digits))),
        };
        value.mul(factor).map_err(|_| {
            Box::new(
                error(Code::OutOfRange, span, tr!("`{name}` is too large", "`{name}` 数值过大"))
                    .label(tr!("too large", "过大")),
            )
        })
    }

    fn in_range(&self, input: &crate::check::model::Input, value: Exact, node: &Node) -> Result<(), Box<Diagnostic>> {
        if input.ty == InputType::Count && !value.is_integer() {
            let (name, shown) = (&input.name, value.display(6));
            return Err(Box::new(
                error(
                    Code::OutOfRange,
                    &node.span,
                    tr!(
                        "`{name}` is a count and must be a whole number, not {shown}",
                        "`{name}` 是计数，应为整数，而不是 {shown}"
                    ),
                )
                .label(tr!("not a whole number", "不是整数"))
                .help(tr!("counts are whole numbers ≥ 0", "计数为 ≥ 0 的整数")),
            ));
        }
        let below = input.min.is_some_and(|m| value < Exact::from_decimal(m));
        let above = input.max.is_some_and(|m| value > Exact::from_decimal(m));
        if !below && !above {
            return Ok(());
        }
        let written = &text_of(node);
        let shown = if input.ty == InputType::Rate && matches!(node.kind, NodeKind::Number(_)) {
            let percent = value.mul(Exact::from_int(100)).map_or_else(|_| value.display(6), |v| v.display(4));
            tr!("{written} (that is {percent}%)", "{written}（即 {percent}%）")
        } else if input.ty == InputType::Rate {
            format!("{}%", value.mul(Exact::from_int(100)).map_or_else(|_| value.display(6), |v| v.display(4)))
        } else {
            value.display(6)
        };
        let range = match (input.min, input.max) {
            (Some(lo), Some(hi)) if input.ty == InputType::Rate => {
                let (lo, hi) = ((lo * Decimal::ONE_HUNDRED).normalize(), (hi * Decimal::ONE_HUNDRED).normalize());
                tr!("from {lo}% to {hi}%", "{lo}% 至 {hi}%")
            }
            (Some(lo), Some(hi)) => {
                let (lo, hi) = (lo.normalize(), hi.normalize());
                tr!("from {lo} to {hi}", "{lo} 至 {hi}")
            }
            (Some(lo), None) => {
                let lo = lo.normalize();
                tr!("at least {lo}", "不小于 {lo}")
            }
            (None, Some(hi)) => {
                let hi = hi.normalize();
                tr!("at most {hi}", "不大于 {hi}")
            }
            (None, None) => String::new(),
        };
        let name = &input.name;
        let help = match (input.ty, &node.kind) {
            (InputType::Rate, NodeKind::Number(_)) if value > Exact::ONE && value <= Exact::from_int(100) => {
                let proportion = value.div(Exact::from_int(100)).map_or_else(|_| String::new(), |v| v.display(6));
                let percent = value.display(6);
                tr!(
                    "a rate is a proportion: write {proportion} or \"{percent}%\"",
                    "比率是一个比例：应填写 {proportion} 或 \"{percent}%\""
                )
            }
            _ => tr!("`{name}` must be {range}", "`{name}` 的取值范围：{range}"),
        };
        Err(Box::new(
            error(
                Code::OutOfRange,
                &node.span,
                tr!("`{name}` = {shown} is out of range ({range})", "`{name}` = {shown}，超出取值范围（{range}）"),
            )
            .label(tr!("out of range", "超出范围"))
            .help(help),
        ))
    }

    pub(super) fn fill_defaults(&mut self) {
        for (slot, input) in self.rubric.inputs.iter().enumerate() {
            if let (Some(given @ None), Some(default)) = (self.data.inputs.get_mut(slot), &input.default) {
                if !self.data.invalid.contains(&slot) {
                    *given = Some(Given { value: default.clone(), span: None });
                }
            }
        }
    }
}

/// A value with more significant digits than a decimal holds.
fn too_many_digits(span: &Span, name: &str, raw: &str) -> Diagnostic {
    error(
        Code::OutOfRange,
        span,
        tr!("`{name}` = {raw} has more digits than a decimal holds", "`{name}` = {raw} 的位数超出了精确小数能容纳的范围"),
    )
    .label(tr!("too many digits", "位数过多"))
    .help(tr!(
        "at most 28 significant digits; the value is not rounded silently",
        "最多 28 位有效数字；数值不会被悄悄舍入"
    ))
}

/// A number whose suffix the input cannot take (`85%` for an amount, `12万` for
/// a rate), with the value written as the input wants it.
fn suffix_refused(span: &Span, name: &str, shown: &str, ty: InputType, suffix: Suffix, digits: &str) -> Diagnostic {
    let written = suffix.as_str();
    let (what, help) = match ty {
        InputType::Amount(unit) => {
            let unit = unit.as_str();
            (
                tr!("an amount in {unit}", "以{unit}计的金额"),
                tr!(
                    "write the amount in {unit} ({digits}), or with its unit: \"{digits}{unit}\"",
                    "请填写以{unit}计的金额（{digits}），或写明单位：\"{digits}{unit}\""
                ),
            )
        }
        InputType::Rate => {
            (tr!("a rate", "比率"), tr!("write a rate as 0.95 or \"95%\"", "比率应填写为 0.95 或 \"95%\""))
        }
        InputType::Count => (
            tr!("a count", "计数"),
            tr!("write the count as a whole number: {digits}", "计数应填写为整数：{digits}"),
        ),
        _ => (tr!("a number", "数值"), tr!("write the number alone: {digits}", "请只填写数值：{digits}")),
    };
    error(
        Code::WrongType,
        span,
        tr!(
            "`{name}` = \"{shown}\": `{name}` is {what}, which is not written with {written}",
            "`{name}` = \"{shown}\"：`{name}` 是{what}，不能带“{written}”"
        ),
    )
    .label(tr!("{written} does not fit {what}", "“{written}”不适用于{what}"))
    .help(help)
}
