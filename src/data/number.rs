//! Exact conversion of number literals (as written in TOML, JSON or YAML) to [`Decimal`].

use rust_decimal::Decimal;
use std::fmt;

/// The most significant digits a [`Decimal`] mantissa can have (2^96 − 1 has 29 digits).
const MAX_DIGITS: usize = 29;
/// The largest scale a [`Decimal`] can have.
const MAX_SCALE: i64 = 28;

/// Why a number literal cannot be turned into an exact [`Decimal`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberProblem {
    /// More significant digits than a Decimal holds (28-29), or exponent out of range: never
    /// round silently.
    TooPrecise,
    /// inf, nan, or not a number.
    NotANumber,
}

impl fmt::Display for NumberProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            NumberProblem::TooPrecise => crate::tr!(
                "number has more significant digits (or a larger exponent) than can be held exactly",
                "数值的有效数字位数（或指数）超出了精确表示的范围"
            ),
            NumberProblem::NotANumber => crate::tr!("not a finite number", "不是有限数值"),
        })
    }
}

impl std::error::Error for NumberProblem {}

/// Exact decimal from a number literal as written in TOML/JSON/YAML. Never through f64.
///
/// Accepts an optional sign, `_` digit separators, decimal literals with optional fraction and
/// exponent (`1.5E-2`, `.5`, `5.`), and `0x`/`0o`/`0b` integers. Trailing zeros of the fraction
/// are kept when they fit and dropped when they would not.
pub fn parse_number(raw: &str) -> Result<Decimal, NumberProblem> {
    let bytes = raw.as_bytes();
    // Most numbers have no blanks around them: trimming them is skipped.
    let untrimmed = bytes.first().is_some_and(u8::is_ascii_graphic) && bytes.last().is_some_and(u8::is_ascii_graphic);
    if let Some(value) = short_plain(if untrimmed { raw } else { raw.trim() }) {
        return Ok(value);
    }
    let cleaned: String = raw.trim().chars().filter(|&c| c != '_').collect();
    let (negative, body) = match cleaned.as_bytes().first() {
        Some(b'-') => (true, &cleaned[1..]),
        Some(b'+') => (false, &cleaned[1..]),
        _ => (false, cleaned.as_str()),
    };
    let magnitude = match radix_of(body) {
        Some((radix, digits)) => parse_radix(digits, radix)?,
        None => parse_decimal(body)?,
    };
    Ok(if negative { -magnitude } else { magnitude })
}

/// A short plain decimal (`297.01`, `-3`, `.5`: at most 18 digits, no exponent,
/// separator or prefix), read without allocating: the common case of a data
/// file's or a sheet's number. The value and scale are those [`parse_decimal`]
/// gives; anything else is `None`, for the full reading.
fn short_plain(text: &str) -> Option<Decimal> {
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, text.get(1..)?),
        b'+' => (false, text.get(1..)?),
        _ => (false, text),
    };
    let (mut mantissa, mut digits, mut scale) = (0u64, 0u32, None::<u32>);
    for b in body.bytes() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                digits += 1;
                if let Some(scale) = &mut scale {
                    *scale += 1;
                }
            }
            b'.' if scale.is_none() => scale = Some(0),
            _ => return None,
        }
        if digits > 18 {
            return None;
        }
    }
    if digits == 0 {
        return None;
    }
    let value = Decimal::from_i128_with_scale(i128::from(mantissa), scale.unwrap_or(0));
    Some(if negative { -value } else { value })
}

/// Splits off a `0x`/`0o`/`0b` prefix.
fn radix_of(body: &str) -> Option<(u32, &str)> {
    let lower = body.get(..2)?.to_ascii_lowercase();
    let radix = match lower.as_str() {
        "0x" => 16,
        "0o" => 8,
        "0b" => 2,
        _ => return None,
    };
    Some((radix, &body[2..]))
}

fn parse_radix(digits: &str, radix: u32) -> Result<Decimal, NumberProblem> {
    if digits.is_empty() {
        return Err(NumberProblem::NotANumber);
    }
    let mut value: u128 = 0;
    for c in digits.chars() {
        let d = c.to_digit(radix).ok_or(NumberProblem::NotANumber)?;
        value = value
            .checked_mul(u128::from(radix))
            .and_then(|v| v.checked_add(u128::from(d)))
            .ok_or(NumberProblem::TooPrecise)?;
    }
    mantissa_to_decimal(value, 0)
}

fn mantissa_to_decimal(value: u128, scale: u32) -> Result<Decimal, NumberProblem> {
    let value = i128::try_from(value).map_err(|_| NumberProblem::TooPrecise)?;
    Decimal::try_from_i128_with_scale(value, scale).map_err(|_| NumberProblem::TooPrecise)
}

/// `digits [. digits] [e [sign] digits]`, at least one mantissa digit.
fn parse_decimal(body: &str) -> Result<Decimal, NumberProblem> {
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int_part, frac_part) = match mantissa.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int_part.len() + frac_part.len() == 0 || !all_digits(int_part) || !all_digits(frac_part) {
        return Err(NumberProblem::NotANumber);
    }
    let mut digits: String = int_part.chars().chain(frac_part.chars()).collect();
    let zero = digits.bytes().all(|b| b == b'0');
    let exp = match exponent {
        None => 0,
        Some(e) => parse_exponent(e, zero)?,
    };
    if zero {
        let scale = i64::try_from(frac_part.len()).unwrap_or(MAX_SCALE) - exp;
        let scale = u32::try_from(scale.clamp(0, MAX_SCALE)).unwrap_or(0);
        return Ok(Decimal::new(0, scale));
    }
    let frac_len = i64::try_from(frac_part.len()).map_err(|_| NumberProblem::TooPrecise)?;
    let mut scale = frac_len - exp;
    let significant_start = digits.find(|c| c != '0').unwrap_or(0);
    digits.drain(..significant_start);
    if scale < 0 {
        let extra = usize::try_from(-scale).map_err(|_| NumberProblem::TooPrecise)?;
        if digits.len() + extra > MAX_DIGITS {
            return Err(NumberProblem::TooPrecise);
        }
        digits.push_str(&"0".repeat(extra));
        scale = 0;
    }
    while (digits.len() > MAX_DIGITS || scale > MAX_SCALE) && scale > 0 && digits.ends_with('0') {
        digits.pop();
        scale -= 1;
    }
    if digits.len() > MAX_DIGITS || scale > MAX_SCALE {
        return Err(NumberProblem::TooPrecise);
    }
    let value: u128 = digits.parse().map_err(|_| NumberProblem::NotANumber)?;
    let scale = u32::try_from(scale).map_err(|_| NumberProblem::TooPrecise)?;
    mantissa_to_decimal(value, scale)
}

/// The exponent's value; absurdly large exponents are only acceptable on zero.
fn parse_exponent(e: &str, zero: bool) -> Result<i64, NumberProblem> {
    let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberProblem::NotANumber);
    }
    match e.parse::<i64>() {
        Ok(v) if v.abs() <= 1_000_000 => Ok(v),
        _ if zero => Ok(0),
        _ => Err(NumberProblem::TooPrecise),
    }
}

/// Whether a plain YAML scalar is a YAML 1.2 core-schema int or float (including `.inf` and
/// `.nan`, which [`parse_number`] then refuses).
pub(crate) fn is_yaml_core_number(s: &str) -> bool {
    let digits = |t: &str, radix: u32| !t.is_empty() && t.chars().all(|c| c.is_digit(radix));
    if let Some(h) = s.strip_prefix("0x") {
        return digits(h, 16);
    }
    if let Some(o) = s.strip_prefix("0o") {
        return digits(o, 8);
    }
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if matches!(body, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    if let Some(e) = exponent {
        if !digits(e.strip_prefix(['+', '-']).unwrap_or(e), 10) {
            return false;
        }
    }
    match mantissa.split_once('.') {
        None => digits(mantissa, 10),
        Some((i, f)) => (i.is_empty() || digits(i, 10)) && (f.is_empty() || digits(f, 10)) && i.len() + f.len() > 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// The allocation-free reading of short plain numbers gives the value, the
    /// scale and the sign the full reading gives, and declines all else.
    #[test]
    fn the_short_reading_agrees_with_the_full_one() {
        let texts = [
            "0", "-0", "+0", "0.00", "5.", ".5", "-.5", "297.01", "1.50", "007", "-0012.3400", "123456789012345678",
            "12345678901234567.8", "0.000000000000000001", "1234567890123456789", "1e3", "1_000", "0x10", ".", "-",
            "+", "", "1.2.3", "1,5", "１２", "5%",
        ];
        for text in texts {
            let full = match text.strip_prefix(['-', '+']) {
                Some(body) => parse_decimal(body).map(|d| if text.starts_with('-') { -d } else { d }),
                None => parse_decimal(text),
            };
            match short_plain(text) {
                Some(short) => {
                    let full = full.unwrap_or_else(|e| panic!("{text}: {e}"));
                    assert_eq!((short, short.scale(), short.is_sign_negative()), (full, full.scale(), full.is_sign_negative()), "{text}");
                }
                None => assert!(
                    full.is_err() || text.len() > 18 || text.contains(['e', '_', 'x']),
                    "{text} declined but reads as {full:?}"
                ),
            }
        }
    }

    #[test]
    fn plain_decimals_are_exact() {
        assert_eq!(parse_number("0.1"), Ok(dec("0.1")));
        assert_eq!(parse_number("0.1").unwrap().to_string(), "0.1");
        assert_eq!(parse_number("-0.1"), Ok(dec("-0.1")));
        assert_eq!(parse_number("+5"), Ok(dec("5")));
        assert_eq!(parse_number("-3"), Ok(dec("-3")));
        assert_eq!(parse_number("0"), Ok(Decimal::ZERO));
        assert_eq!(parse_number("-0"), Ok(Decimal::ZERO));
        assert_eq!(parse_number("1.50").unwrap().to_string(), "1.50");
        assert_eq!(parse_number(".5"), Ok(dec("0.5")));
        assert_eq!(parse_number("5."), Ok(dec("5")));
    }

    #[test]
    fn exponents_and_separators() {
        assert_eq!(parse_number("1e-2"), Ok(dec("0.01")));
        assert_eq!(parse_number("1e3"), Ok(dec("1000")));
        assert_eq!(parse_number("1.5E-2"), Ok(dec("0.015")));
        assert_eq!(parse_number("2.5e+1"), Ok(dec("25")));
        assert_eq!(parse_number("1_000"), Ok(dec("1000")));
        assert_eq!(parse_number("0e999999999999"), Ok(Decimal::ZERO));
        assert_eq!(parse_number("1e-28"), Ok(dec("0.0000000000000000000000000001")));
    }

    #[test]
    fn radix_integers() {
        assert_eq!(parse_number("0x1F"), Ok(dec("31")));
        assert_eq!(parse_number("0o17"), Ok(dec("15")));
        assert_eq!(parse_number("0b101"), Ok(dec("5")));
        assert_eq!(parse_number("0xDEAD_BEEF"), Ok(dec("3735928559")));
        assert_eq!(parse_number("0x"), Err(NumberProblem::NotANumber));
        assert_eq!(parse_number("0b102"), Err(NumberProblem::NotANumber));
        assert_eq!(parse_number("0xFFFFFFFFFFFFFFFFFFFFFFFFFF"), Err(NumberProblem::TooPrecise));
    }

    #[test]
    fn many_digits_are_exact_or_refused() {
        assert_eq!(parse_number("12345678901234567890.5").unwrap().to_string(), "12345678901234567890.5");
        assert_eq!(parse_number("1234567890123456789012345678901"), Err(NumberProblem::TooPrecise));
        assert_eq!(parse_number("0.1234567890123456789012345678901"), Err(NumberProblem::TooPrecise));
        assert_eq!(parse_number("1e-29"), Err(NumberProblem::TooPrecise));
        assert_eq!(parse_number("1e29"), Err(NumberProblem::TooPrecise));
        assert_eq!(parse_number("1e99999999999"), Err(NumberProblem::TooPrecise));
        // Trailing zeros that do not fit are dropped, not rounded.
        assert_eq!(parse_number("1.0000000000000000000000000000000"), Ok(dec("1")));
        assert_eq!(parse_number("79228162514264337593543950335"), Ok(Decimal::MAX));
        assert_eq!(parse_number("79228162514264337593543950336"), Err(NumberProblem::TooPrecise));
    }

    #[test]
    fn yaml_core_schema_numbers() {
        for s in ["1", "-3", "+5", "0.1", ".5", "5.", "1e3", "1.5E-2", "0x1F", "0o17", ".inf", "-.Inf", ".NaN"] {
            assert!(is_yaml_core_number(s), "{s:?}");
        }
        for s in ["1_000", "0b101", "1e", ".", "x", "", "1.2.3", "inf", "0x", "--1", "1e+"] {
            assert!(!is_yaml_core_number(s), "{s:?}");
        }
    }

    #[test]
    fn not_numbers() {
        for s in ["inf", "-inf", "nan", ".inf", ".nan", "", "-", "1.2.3", "abc", "1e", "e5", "."] {
            assert_eq!(parse_number(s), Err(NumberProblem::NotANumber), "{s:?}");
        }
    }
}
