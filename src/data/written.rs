//! Numbers as people write them in a data file or a spreadsheet cell:
//! full-width digits and signs (`１２.５`, `－３`), thousands separators
//! (`1,234.56`, `1，234.56`), a trailing `%` and the suffixes `元`, `万`, `亿`,
//! `万元`, `亿元` and `分`. Read exactly: the digits go through
//! [`parse_number`], never through binary floating point.
//!
//! What the suffix means for a given input (an amount's unit, a rate's
//! percent) is the binder's business; here a text is only split into its
//! number and its suffix, or refused with the corrected text where the
//! writing is ambiguous (`1,2345`).

use rust_decimal::Decimal;

use super::number::{parse_number, NumberProblem};
use crate::base::width::half_width_char;

/// What follows the digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suffix {
    /// Nothing: `58`.
    None,
    /// `%`: `95%` (the number is 95).
    Percent,
    /// `元`.
    Yuan,
    /// `万` or `万元`: ten thousand (元 when `yuan` is true).
    Wan {
        /// Written `万元`, not `万`.
        yuan: bool,
    },
    /// `亿` or `亿元`: a hundred million (元 when `yuan` is true).
    Yi {
        /// Written `亿元`, not `亿`.
        yuan: bool,
    },
    /// `分`: points, for a score.
    Fen,
}

impl Suffix {
    /// The suffix as written (`万元`, `%`; empty for none).
    pub fn as_str(self) -> &'static str {
        match self {
            Suffix::None => "",
            Suffix::Percent => "%",
            Suffix::Yuan => "元",
            Suffix::Wan { yuan: false } => "万",
            Suffix::Wan { yuan: true } => "万元",
            Suffix::Yi { yuan: false } => "亿",
            Suffix::Yi { yuan: true } => "亿元",
            Suffix::Fen => "分",
        }
    }
}

/// A number text, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// The number before the suffix, exactly (`12.5` of `12.5万`).
    pub number: Decimal,
    /// What follows it.
    pub suffix: Suffix,
    /// The digits in half-width, without separators (`1234.5` of `１，２３４.５万`).
    pub digits: String,
}

/// Why a text is not a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WrittenProblem {
    /// No number in it at all (`many`, `约五十`, an empty text).
    NotANumber,
    /// More digits than a decimal holds exactly.
    TooPrecise,
    /// Thousands separators in the wrong places: `1,2345` might be `12345` or
    /// `1.2345`. Both readings, half-width, suffix kept.
    Grouping {
        /// The separators dropped: `12345`.
        plain: String,
        /// The last separator read as a decimal point: `1.2345` (`None` when
        /// the number already has a point).
        decimal: Option<String>,
    },
}

/// The ASCII character a clerk's input method may put in place of it: full-width
/// forms, the ideographic full stop `。` for a decimal point, the minus sign `−`.
fn clerk_char(c: char) -> char {
    match c {
        '。' => '.',
        '\u{2212}' => '-',
        _ => half_width_char(c),
    }
}

/// Reads a number text: optional sign, digits with optional thousands
/// separators and decimal point, optional suffix. Spaces anywhere are ignored.
pub fn read_written(text: &str) -> Result<Written, WrittenProblem> {
    let unquoted = text.trim().trim_matches(['“', '”', '‘', '’', '「', '」', '"', '\'']);
    let cleaned: String = unquoted.chars().map(clerk_char).filter(|c| !c.is_whitespace()).collect();
    let (body, suffix) = split_suffix(&cleaned);
    let (sign, unsigned) = match body.strip_prefix(['-', '+']) {
        Some(rest) => (&body[..1], rest),
        None => ("", body),
    };
    if unsigned.is_empty() || !unsigned.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(WrittenProblem::NotANumber);
    }
    let digits = ungroup(unsigned).map_err(|(plain, decimal)| {
        let with = |d: String| format!("{sign}{d}{}", suffix.as_str());
        WrittenProblem::Grouping { plain: with(plain), decimal: decimal.map(with) }
    })?;
    let digits = format!("{sign}{digits}");
    let number = parse_number(&digits).map_err(|p| match p {
        NumberProblem::TooPrecise => WrittenProblem::TooPrecise,
        NumberProblem::NotANumber => WrittenProblem::NotANumber,
    })?;
    Ok(Written { number, suffix, digits })
}

/// Splits off a trailing suffix (`万元` before `元`, `万`).
fn split_suffix(text: &str) -> (&str, Suffix) {
    const SUFFIXES: [(&str, Suffix); 7] = [
        ("万元", Suffix::Wan { yuan: true }),
        ("亿元", Suffix::Yi { yuan: true }),
        ("万", Suffix::Wan { yuan: false }),
        ("亿", Suffix::Yi { yuan: false }),
        ("元", Suffix::Yuan),
        ("%", Suffix::Percent),
        ("分", Suffix::Fen),
    ];
    SUFFIXES
        .iter()
        .find_map(|(written, suffix)| text.strip_suffix(written).map(|body| (body, *suffix)))
        .unwrap_or((text, Suffix::None))
}

/// The digits without thousands separators; `Err((plain, decimal))` when the
/// separators are not every three digits of the whole part.
fn ungroup(text: &str) -> Result<String, (String, Option<String>)> {
    if !text.contains(',') {
        return Ok(text.to_string());
    }
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let groups: Vec<&str> = whole.split(',').collect();
    let first_ok = groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
    let rest_ok = groups.iter().skip(1).all(|g| g.len() == 3);
    let fraction_ok = fraction.is_none_or(|f| !f.contains(','));
    let plain: String = text.chars().filter(|c| *c != ',').collect();
    if first_ok && rest_ok && fraction_ok {
        return Ok(plain);
    }
    let decimal = (fraction.is_none() && text.matches(',').count() == 1).then(|| text.replacen(',', ".", 1));
    Err((plain, decimal))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn read(text: &str) -> (String, Suffix) {
        let w = read_written(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
        (w.number.to_string(), w.suffix)
    }

    #[test]
    fn full_width_digits_signs_percent_and_separators() {
        assert_eq!(read("２"), ("2".into(), Suffix::None));
        assert_eq!(read("８５％"), ("85".into(), Suffix::Percent));
        assert_eq!(read("１，２３４.５"), ("1234.5".into(), Suffix::None));
        assert_eq!(read("１２３４．５"), ("1234.5".into(), Suffix::None));
        assert_eq!(read("－３"), ("-3".into(), Suffix::None));
        assert_eq!(read("＋３"), ("3".into(), Suffix::None));
        assert_eq!(read("\u{2212}3"), ("-3".into(), Suffix::None));
        assert_eq!(read("　５８　"), ("58".into(), Suffix::None));
        assert_eq!(read("12。5"), ("12.5".into(), Suffix::None));
        // A value a YAML file keeps in Chinese quotation marks.
        assert_eq!(read("“２”"), ("2".into(), Suffix::None));
    }

    #[test]
    fn amounts_as_people_write_them() {
        assert_eq!(read("12.5万"), ("12.5".into(), Suffix::Wan { yuan: false }));
        assert_eq!(read("12.5万元"), ("12.5".into(), Suffix::Wan { yuan: true }));
        assert_eq!(read("3亿"), ("3".into(), Suffix::Yi { yuan: false }));
        assert_eq!(read("1,234.56元"), ("1234.56".into(), Suffix::Yuan));
        assert_eq!(read("1，234.56"), ("1234.56".into(), Suffix::None));
        assert_eq!(read("1,234,567"), ("1234567".into(), Suffix::None));
        assert_eq!(read("12 万元"), ("12".into(), Suffix::Wan { yuan: true }));
        assert_eq!(read("2.5分"), ("2.5".into(), Suffix::Fen));
        let exact = read_written("0.1万").unwrap().number;
        assert_eq!(exact, Decimal::from_str("0.1").unwrap());
    }

    #[test]
    fn misplaced_separators_give_both_readings() {
        assert_eq!(
            read_written("1,2345"),
            Err(WrittenProblem::Grouping { plain: "12345".into(), decimal: Some("1.2345".into()) })
        );
        assert_eq!(
            read_written("１２，５万"),
            Err(WrittenProblem::Grouping { plain: "125万".into(), decimal: Some("12.5万".into()) })
        );
        assert_eq!(
            read_written("1,234.5,6"),
            Err(WrittenProblem::Grouping { plain: "1234.56".into(), decimal: None })
        );
        assert_eq!(read_written("1234,"), Err(WrittenProblem::Grouping { plain: "1234".into(), decimal: Some("1234.".into()) }));
    }

    #[test]
    fn not_numbers() {
        for text in ["", "many", "约五十", "万", "%", "1.2.3", "1e3", "0x10", "--1", "12万%", "五"] {
            assert!(read_written(text).is_err(), "{text:?}");
        }
        assert_eq!(read_written("1234567890123456789012345678901"), Err(WrittenProblem::TooPrecise));
    }
}
