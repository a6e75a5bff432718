//! Number texts from spreadsheet cells, kept exact: parsed as decimal digits and
//! an exponent, written back as a TOML number. No binary floating point anywhere.

/// Excel keeps this many significant digits of a number a person types.
const EXCEL_DIGITS: usize = 15;
/// A 15-digit rounding with at most this many significant digits is taken as the
/// value behind float noise.
const EXACT_LOOKING: usize = 14;
/// Past this many digits either side of the point, a number is written with an
/// exponent rather than in full.
const PLAIN_LIMIT: i64 = 60;

/// A decimal number as written: `(-1)^negative × digits × 10^exponent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecimalText {
    negative: bool,
    /// ASCII digits without leading zeros (`"0"` for zero); trailing zeros kept,
    /// so `1.50` stays `1.50`.
    digits: String,
    exponent: i64,
}

/// `text` without the blanks around it; a text that starts and ends with a
/// printable ASCII character (most of a sheet's cells) is returned as it is.
pub(crate) fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// A number's text taken apart, borrowed: `[+-]int[.frac][(e|E)exponent]`.
struct Parts<'a> {
    negative: bool,
    int: &'a str,
    frac: &'a str,
    exponent: i64,
}

impl<'a> Parts<'a> {
    /// The parts of `text` (blanks around it allowed), or `None` when it is not
    /// a plain decimal number.
    fn split(text: &'a str) -> Option<Parts<'a>> {
        let text = trim(text);
        let (negative, body) = match text.as_bytes().first() {
            Some(b'-') => (true, text.get(1..)?),
            Some(b'+') => (false, text.get(1..)?),
            _ => (false, text),
        };
        let (mantissa, exponent) = match body.find(['e', 'E']) {
            Some(at) => (body.get(..at)?, Some(body.get(at + 1..)?)),
            None => (body, None),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let exponent = match exponent {
            None => 0,
            Some(e) => {
                let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                e.parse::<i64>().ok()?
            }
        };
        Some(Parts { negative, int, frac, exponent })
    }
}

impl DecimalText {
    /// Reads `[+-]digits[.digits][(e|E)[+-]digits]` (also `.5` and `5.`).
    /// Anything else (thousands commas, units, `%`, spaces inside) is not a number.
    pub(crate) fn parse(text: &str) -> Option<DecimalText> {
        let Parts { negative, int, frac, exponent } = Parts::split(text)?;
        let frac_len = i64::try_from(frac.len()).ok()?;
        let all = format!("{int}{frac}");
        let trimmed = all.trim_start_matches('0');
        let exponent = exponent - frac_len;
        if trimmed.is_empty() {
            // Zero: its places after the point are kept (`0.00`), zeros before it are not (`0e4` is `0`).
            return Some(DecimalText { negative, digits: "0".to_string(), exponent: exponent.min(0) });
        }
        Some(DecimalText { negative, digits: trimmed.to_string(), exponent })
    }

    /// True when [`DecimalText::parse`] reads `text` as a number; nothing is
    /// allocated.
    pub(crate) fn is_number(text: &str) -> bool {
        Parts::split(text).is_some()
    }

    /// True when `text` is already the TOML form of its number, with no Excel
    /// noise to take off: at most 15 digits, no sign, exponent or leading zero
    /// (`297.01`, `0.05`, `1.50`). Then parsing it and writing it back, with or
    /// without [`DecimalText::without_excel_noise`], gives `text` itself, so a
    /// sheet's usual cells skip both.
    pub(crate) fn is_plain(text: &str) -> bool {
        let (int, frac) = match text.split_once('.') {
            Some((int, frac)) => (int, Some(frac)),
            None => (text, None),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        !int.is_empty()
            && digits(int)
            && (int == "0" || !int.starts_with('0'))
            && frac.is_none_or(|f| !f.is_empty() && digits(f))
            && int.len() + frac.map_or(0, str::len) <= EXCEL_DIGITS
    }

    /// Significant digits, leading and trailing zeros left out.
    fn significant(&self) -> usize {
        self.digits.trim_end_matches('0').len()
    }

    /// Excel's float noise removed: when there are more than 15 significant
    /// digits and the rounding to 15 (half away from zero, on the digits) leaves
    /// at most 14, that rounding; otherwise the number as it is.
    pub(crate) fn without_excel_noise(self) -> DecimalText {
        if self.significant() <= EXCEL_DIGITS {
            return self;
        }
        let bytes = self.digits.as_bytes();
        let dropped = bytes.len() - EXCEL_DIGITS;
        let mut kept: Vec<u8> = bytes[..EXCEL_DIGITS].to_vec();
        if bytes[EXCEL_DIGITS] >= b'5' {
            let mut carry = true;
            for d in kept.iter_mut().rev() {
                if *d == b'9' {
                    *d = b'0';
                } else {
                    *d += 1;
                    carry = false;
                    break;
                }
            }
            if carry {
                kept.insert(0, b'1');
            }
        }
        let text: String = kept.iter().map(|b| char::from(*b)).collect();
        let stripped = text.trim_end_matches('0');
        let zeros = text.len() - stripped.len();
        let rounded = DecimalText {
            negative: self.negative,
            digits: if stripped.is_empty() { "0".to_string() } else { stripped.to_string() },
            exponent: self.exponent + dropped as i64 + zeros as i64,
        };
        if rounded.significant() <= EXACT_LOOKING {
            rounded
        } else {
            self
        }
    }

    /// The number as TOML reads it: the same value, digit for digit. Integers
    /// too long for TOML's 64 bits get `.0`; very large or very small numbers are
    /// written with an exponent.
    pub(crate) fn to_toml(&self) -> String {
        let sign = if self.negative { "-" } else { "" };
        let len = self.digits.len() as i64;
        if self.exponent >= 0 && len + self.exponent <= PLAIN_LIMIT {
            let zeros = "0".repeat(self.exponent as usize);
            let int = format!("{}{zeros}", self.digits);
            let suffix = if int.len() > 18 { ".0" } else { "" };
            return format!("{sign}{int}{suffix}");
        }
        if self.exponent < 0 && -self.exponent <= PLAIN_LIMIT && len + self.exponent <= PLAIN_LIMIT {
            let point = len + self.exponent;
            return if point > 0 {
                let (int, frac) = self.digits.split_at(point as usize);
                format!("{sign}{int}.{frac}")
            } else {
                format!("{sign}0.{}{}", "0".repeat((-point) as usize), self.digits)
            };
        }
        let (first, rest) = self.digits.split_at(1);
        let rest = if rest.is_empty() { "0" } else { rest };
        format!("{sign}{first}.{rest}e{}", self.exponent + len - 1)
    }

    /// The number as text, for a `[unit]` field: the TOML form without a `.0`
    /// added for length.
    pub(crate) fn to_text(&self) -> String {
        let toml = self.to_toml();
        match toml.strip_suffix(".0") {
            Some(int) if self.exponent >= 0 => int.to_string(),
            _ => toml,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DecimalText;

    fn toml(text: &str) -> String {
        DecimalText::parse(text).map(|d| d.to_toml()).unwrap_or_else(|| format!("not a number: {text}"))
    }

    fn excel(text: &str) -> String {
        DecimalText::parse(text).map(|d| d.without_excel_noise().to_toml()).unwrap_or_default()
    }

    #[test]
    fn written_back_exactly() {
        assert_eq!(toml("0.1"), "0.1");
        assert_eq!(toml("29.082"), "29.082");
        assert_eq!(toml("1.50"), "1.50");
        assert_eq!(toml("007"), "7");
        assert_eq!(toml("-0.05"), "-0.05");
        assert_eq!(toml(".5"), "0.5");
        assert_eq!(toml("5."), "5");
        assert_eq!(toml("+3"), "3");
        assert_eq!(toml("1.5E-3"), "0.0015");
        assert_eq!(toml("1E+20"), "100000000000000000000.0");
        assert_eq!(toml("12345678901234567890"), "12345678901234567890.0");
        assert_eq!(toml("123456789012345678"), "123456789012345678");
        assert_eq!(toml("1E-100"), "1.0e-100");
        assert_eq!(toml("0.00"), "0.00");
        // Zero with an exponent (found by fuzzing the sheet reader: `00000` is no TOML number).
        assert_eq!(toml("00e4"), "0");
        assert_eq!(toml("0.00e1"), "0.0");
        assert_eq!(toml("0.0e5"), "0");
        for bad in ["", "-", ".", "1,234", "95%", "290820元", "1e", "1e+", "0x10", "1 2", "inf", "NaN", "e5"] {
            assert!(DecimalText::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn excel_noise_rounded_on_the_text() {
        assert_eq!(excel("0.30000000000000004"), "0.3");
        assert_eq!(excel("0.7999999999999999"), "0.8");
        assert_eq!(excel("290819.99999999994"), "290820");
        assert_eq!(excel("9.9999999999999996"), "10");
        assert_eq!(excel("-6.3799999999999999"), "-6.38");
        assert_eq!(excel("1.0000000000000001E-3"), "0.001");
        // A 15-digit rounding that still has 15 digits is no evidence of noise.
        assert_eq!(excel("0.33333333333333331"), "0.33333333333333331");
        assert_eq!(excel("0.14285714285714285"), "0.14285714285714285");
        // 15 digits or fewer: untouched.
        assert_eq!(excel("0.123456789012345"), "0.123456789012345");
        assert_eq!(excel("12523.39"), "12523.39");
        assert_eq!(excel("1.50"), "1.50");
    }

    #[test]
    fn plain_numbers_are_their_own_toml() {
        // Every text of up to 6 characters over these, and some longer ones.
        let alphabet = ['0', '1', '5', '9', '.', '-', 'e'];
        let mut texts = vec![String::new()];
        let mut all = Vec::new();
        for _ in 0..6 {
            texts = texts.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            all.extend(texts.iter().cloned());
        }
        all.extend(["123456789012345", "1234567890123456", "0.12345678901234", "99999999999999.9"].map(String::from));
        let mut plain = 0;
        for text in &all {
            if DecimalText::is_plain(text) {
                plain += 1;
                assert_eq!(toml(text), *text);
                assert_eq!(excel(text), *text);
            }
        }
        assert!(plain > 1000, "{plain}");
        for not_plain in ["007", ".5", "5.", "-1", "1e5", "1234567890123456", "0.30000000000000004", ""] {
            assert!(!DecimalText::is_plain(not_plain), "{not_plain}");
        }
    }

    #[test]
    fn unit_fields_as_text() {
        let text = |t: &str| DecimalText::parse(t).map(|d| d.to_text()).unwrap_or_default();
        assert_eq!(text("2022"), "2022");
        assert_eq!(text("317001"), "317001");
        assert_eq!(text("12345678901234567890"), "12345678901234567890");
    }
}
