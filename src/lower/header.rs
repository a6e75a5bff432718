//! Lowering of the rubric header and of input declarations.

use pest::iterators::Pair;

use super::tokens::{decimal_value, integer_value, parts, span_of, string_value};
use super::Lowerer;
use crate::lower::ast::{Band, BandBound, Header, InputDecl, InputType, Literal, MoneyUnit, Policy, Rounding};
use crate::base::diagnostic::{Code, Diagnostic};
use crate::base::exact::RoundMode;
use crate::base::span::Spanned;
use crate::syntax::Rule;

impl Lowerer {
    /// Applies one header property (`year`, `max`, `grades` …) to `header`.
    pub(super) fn header_prop(&mut self, pair: Pair<'_, Rule>, offset: usize, header: &mut Header) {
        let span = span_of(&pair, offset);
        let p = parts(&pair);
        match pair.as_rule() {
            Rule::year_prop => {
                if let Some(v) = p.first() {
                    let year = integer_value(v, offset, &mut self.diagnostics);
                    self.set_once(&mut header.year, year, "year", "年度");
                }
            }
            Rule::version_prop => {
                if let Some(v) = p.first() {
                    let version = match v.as_rule() {
                        Rule::string => string_value(v, offset),
                        _ => Spanned::new(v.as_str().to_string(), span_of(v, offset)),
                    };
                    self.set_once(&mut header.version, version, "version", "版本");
                }
            }
            rule @ (Rule::max_prop | Rule::floor_prop) => {
                if let Some(v) = p.first() {
                    let value = decimal_value(v, offset, &mut self.diagnostics);
                    let (slot, english, chinese) = match rule {
                        Rule::max_prop => (&mut header.max, "max", "满分"),
                        _ => (&mut header.floor, "floor", "最低分"),
                    };
                    self.set_once(slot, value, english, chinese);
                }
            }
            Rule::rounding_prop => {
                if let Some(rounding) = self.rounding(&pair, offset) {
                    self.set_once(&mut header.rounding, rounding, "rounding", "舍入");
                }
            }
            Rule::policy_prop => {
                let policy = match p.first().and_then(|v| v.clone().into_inner().next()).map(|k| k.as_rule()) {
                    Some(Rule::kw_rescale) => Policy::Rescale,
                    Some(Rule::kw_zero) => Policy::Zero,
                    _ => Policy::FullMarks,
                };
                self.set_once(
                    &mut header.policy,
                    Spanned::new(policy, span),
                    "not-applicable policy",
                    "缺省项处理方式",
                );
            }
            Rule::grades_prop => {
                let bands = p.iter().map(|band| self.band(band, offset)).collect();
                self.set_once(&mut header.grades, Spanned::new(bands, span), "grades", "等级");
            }
            _ => {}
        }
    }

    /// A `rounding N [places] mode` property.
    pub(super) fn rounding(&mut self, pair: &Pair<'_, Rule>, offset: usize) -> Option<Spanned<Rounding>> {
        let p = parts(pair);
        let places = integer_value(p.first()?, offset, &mut self.diagnostics);
        if places.node > 10 {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::BadNumber,
                    places.span.clone(),
                    crate::tr!("at most 10 decimal places", "小数位数最多为 10 位"),
                )
                .label(crate::tr!("too many places", "位数太多"))
                .help(crate::tr!("scores are usually rounded to 2 places", "得分通常保留 2 位小数")),
            );
        }
        let mode = match p.get(1).and_then(|m| m.clone().into_inner().next()).map(|k| k.as_rule()) {
            Some(Rule::kw_half_even) => RoundMode::HalfEven,
            Some(Rule::kw_down) => RoundMode::Down,
            Some(Rule::kw_up) => RoundMode::Up,
            _ => RoundMode::HalfUp,
        };
        Some(Spanned::new(Rounding { places: places.node.min(10), mode }, span_of(pair, offset)))
    }

    fn band(&mut self, pair: &Pair<'_, Rule>, offset: usize) -> Band {
        let p = parts(pair);
        let name = match p.first() {
            Some(n) => match n.clone().into_inner().next() {
                Some(s) if s.as_rule() == Rule::string => string_value(&s, offset),
                _ => Spanned::new(n.as_str().to_string(), span_of(n, offset)),
            },
            None => Spanned::new(String::new(), span_of(pair, offset)),
        };
        let bound = p.get(1).map(|b| {
            let numbers: Vec<_> =
                parts(b).iter().map(|n| decimal_value(n, offset, &mut self.diagnostics).node).collect();
            let first = numbers.first().copied().unwrap_or_default();
            let bound = match (b.as_rule(), numbers.get(1)) {
                (Rule::band_above, _) => BandBound::Above(first),
                (Rule::band_range, Some(second)) => BandBound::Range(first, *second),
                _ => BandBound::AtLeast(first),
            };
            Spanned::new(bound, span_of(b, offset))
        });
        Band { name, bound }
    }

    /// An `input` declaration.
    pub(super) fn input(&mut self, pair: Pair<'_, Rule>, offset: usize) -> Option<InputDecl> {
        let span = span_of(&pair, offset);
        let p = parts(&pair);
        let name_pair = p.first()?;
        let name = Spanned::new(name_pair.as_str().to_string(), span_of(name_pair, offset));
        let ty_pair = p.get(1)?;
        let ty = Spanned::new(input_type(ty_pair), span_of(ty_pair, offset));
        let mut decl = InputDecl { name, ty, optional: false, default: None, range: None, description: None, span };
        for option in p.iter().skip(2) {
            match option.as_rule() {
                Rule::opt_optional => decl.optional = true,
                Rule::opt_default => {
                    if let Some(lit) = parts(option).first() {
                        decl.optional = true;
                        decl.default = Some(self.literal(lit, offset));
                    }
                }
                Rule::opt_range => {
                    let mut low = None;
                    let mut high = None;
                    for part in option.clone().into_inner() {
                        let Some(number) = part.clone().into_inner().next() else { continue };
                        let value = Some(decimal_value(&number, offset, &mut self.diagnostics).node);
                        match part.as_rule() {
                            Rule::range_low => low = value,
                            Rule::range_high => high = value,
                            _ => {}
                        }
                    }
                    decl.range = Some(Spanned::new((low, high), span_of(option, offset)));
                }
                Rule::string => decl.description = Some(string_value(option, offset)),
                _ => {}
            }
        }
        Some(decl)
    }

    fn literal(&mut self, pair: &Pair<'_, Rule>, offset: usize) -> Spanned<Literal> {
        let span = span_of(pair, offset);
        let inner = pair.clone().into_inner().next();
        let literal = match inner.as_ref().map(|p| p.as_rule()) {
            Some(Rule::signed_number) | Some(Rule::signed_percent) => match &inner {
                Some(n) => Literal::Number(decimal_value(n, offset, &mut self.diagnostics).node),
                None => Literal::Number(Default::default()),
            },
            Some(Rule::bool_lit) => {
                Literal::Bool(inner.and_then(|b| b.into_inner().next()).is_some_and(|k| k.as_rule() == Rule::kw_true))
            }
            Some(Rule::string) => match &inner {
                Some(s) => Literal::Text(string_value(s, offset).node),
                None => Literal::Text(String::new()),
            },
            _ => Literal::Text(pair.as_str().to_string()),
        };
        Spanned::new(literal, span)
    }

    /// Sets a header property once; `what` is its keyword, `zh` its Chinese name.
    fn set_once<T>(&mut self, slot: &mut Option<Spanned<T>>, value: Spanned<T>, what: &str, zh: &str) {
        if let Some(previous) = slot {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::Header,
                    value.span.clone(),
                    crate::tr!("`{what}` is given twice", "`{what}`（{zh}）写了两次"),
                )
                .label(crate::tr!("second time", "第二次"))
                .related(previous.span.clone(), crate::tr!("first given here", "第一次写在这里"))
                .help(crate::tr!("keep one of them", "只保留其中一个")),
            );
        } else {
            *slot = Some(value);
        }
    }
}

fn input_type(pair: &Pair<'_, Rule>) -> InputType {
    let Some(inner) = pair.clone().into_inner().next() else {
        return InputType::Number;
    };
    match inner.as_rule() {
        Rule::ty_count => InputType::Count,
        Rule::ty_amount => {
            let unit = inner.into_inner().find(|p| p.as_rule() == Rule::money_unit).map(|u| u.as_str().to_string());
            InputType::Amount(match unit.as_deref() {
                Some("元") => MoneyUnit::Yuan,
                Some("亿元") => MoneyUnit::Yi,
                _ => MoneyUnit::Wan,
            })
        }
        Rule::ty_rate => InputType::Rate,
        Rule::ty_bool => InputType::Bool,
        Rule::ty_text => InputType::Text,
        _ => InputType::Number,
    }
}
