//! Small conversions shared by the lowering files: spans, strings, numbers.

use std::str::FromStr;

use pest::iterators::Pair;
use rust_decimal::Decimal;

use crate::base::diagnostic::{Code, Diagnostic};
use crate::base::span::{Span, Spanned};
use crate::syntax::Rule;

/// The span of a pair of a line that starts at byte `offset` of the file.
pub fn span_of(pair: &Pair<'_, Rule>, offset: usize) -> Span {
    let s = pair.as_span();
    offset + s.start()..offset + s.end()
}

/// True for keyword and punctuation tokens, which carry no value.
pub fn is_keyword(rule: Rule) -> bool {
    matches!(rule, Rule::close | Rule::colon | Rule::fen) || crate::syntax::is_keyword_rule(rule)
}

/// The children of a pair that carry meaning (keywords left out).
pub fn parts<'a>(pair: &Pair<'a, Rule>) -> Vec<Pair<'a, Rule>> {
    pair.clone().into_inner().filter(|p| !is_keyword(p.as_rule())).collect()
}

/// The text of a `string` pair, escapes resolved.
pub fn string_value(pair: &Pair<'_, Rule>, offset: usize) -> Spanned<String> {
    let span = span_of(pair, offset);
    let inner = pair.clone().into_inner().next();
    let raw = inner.as_ref().map_or("", |p| p.as_str());
    let text = match inner.map(|p| p.as_rule()) {
        Some(Rule::str_plain) => unescape(raw),
        _ => raw.to_string(),
    };
    Spanned::new(text, span)
}

fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// An `id` pair: a bare word or a quoted string.
pub fn id_value(pair: &Pair<'_, Rule>, offset: usize) -> Spanned<String> {
    match pair.clone().into_inner().next() {
        Some(inner) if inner.as_rule() == Rule::string => string_value(&inner, offset),
        _ => Spanned::new(pair.as_str().to_string(), span_of(pair, offset)),
    }
}

/// A decimal literal, exactly; too many digits is a diagnostic, never rounding.
pub fn decimal_value(pair: &Pair<'_, Rule>, offset: usize, diagnostics: &mut Vec<Diagnostic>) -> Spanned<Decimal> {
    let span = span_of(pair, offset);
    let text = pair.as_str();
    let (digits, percent) = match text.strip_suffix('%').or_else(|| text.strip_suffix('％')) {
        Some(d) => (d, true),
        None => (text, false),
    };
    let digits = digits.strip_prefix('+').unwrap_or(digits);
    let parsed = Decimal::from_str_exact(digits).ok().and_then(|d| {
        if percent {
            d.checked_div(Decimal::ONE_HUNDRED)
        } else {
            Some(d)
        }
    });
    match parsed {
        Some(value) => Spanned::new(value, span),
        None => {
            diagnostics.push(
                Diagnostic::error(
                    Code::BadNumber,
                    span.clone(),
                    crate::tr!("`{text}` does not fit a decimal exactly", "`{text}` 无法用十进制数精确表示"),
                )
                .label(crate::tr!("too many digits", "位数太多"))
                .help(crate::tr!(
                    "a decimal holds at most 28 significant digits; write fewer",
                    "一个十进制数最多有 28 位有效数字，请少写几位"
                )),
            );
            Spanned::new(Decimal::ZERO, span)
        }
    }
}

/// A whole number (year, decimal places).
pub fn integer_value(pair: &Pair<'_, Rule>, offset: usize, diagnostics: &mut Vec<Diagnostic>) -> Spanned<u32> {
    let span = span_of(pair, offset);
    match u32::from_str(pair.as_str()) {
        Ok(v) => Spanned::new(v, span),
        Err(_) => {
            let text = pair.as_str();
            diagnostics.push(
                Diagnostic::error(Code::BadNumber, span.clone(), crate::tr!("`{text}` is too large", "`{text}` 太大"))
                    .label(crate::tr!("too large", "太大")),
            );
            Spanned::new(0, span)
        }
    }
}
