//! A [`UnitRow`] as it is spilled to the batch's temporary file: a compact
//! binary record, written on the worker that scored the unit and read back, in
//! ranking order, by the outputs. Strings are length-prefixed UTF-8, decimals
//! their 16 bytes ([`Decimal::serialize`]), counts little-endian: nothing is
//! escaped or parsed, and a record's label can be read without the rest.
//!
//! The file lives only as long as the batch, on the machine that wrote it, so
//! the format has no version: a record that does not decode is a damaged file.

use rust_decimal::Decimal;

use super::row::{Problem, UnitRow};

/// The record of `row`.
pub(crate) fn encode(row: &UnitRow) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 + 32 * row.sections.len());
    let mut w = Writer(&mut out);
    w.count(row.index);
    w.text(&row.label);
    w.text(&row.source);
    w.flag(row.scored);
    w.decimal(row.total);
    w.decimal(row.max);
    w.optional_text(row.grade.as_deref());
    w.decimal(row.reported_total);
    w.flag(row.disqualified);
    w.optional_text(row.disqualification.as_deref());
    w.count(row.sections.len());
    row.sections.iter().for_each(|s| w.decimal(*s));
    w.count(row.indicators.len());
    row.indicators.iter().for_each(|i| w.optional_text(i.as_deref()));
    for n in [row.not_applicable, row.findings, row.errors, row.warnings, row.problems.len()] {
        w.count(n);
    }
    for p in &row.problems {
        w.text(&p.location);
        w.text(&p.code);
        w.flag(p.error);
        w.text(&p.message);
        w.text(&p.text);
    }
    out
}

/// The row of a record, or `None` when the record is damaged.
pub(crate) fn decode(record: &[u8]) -> Option<UnitRow> {
    let mut r = Reader(record);
    let row = UnitRow {
        index: r.count()?,
        label: r.text()?,
        source: r.text()?,
        scored: r.flag()?,
        total: r.decimal()?,
        max: r.decimal()?,
        grade: r.optional_text()?,
        reported_total: r.decimal()?,
        disqualified: r.flag()?,
        disqualification: r.optional_text()?,
        sections: r.many(Reader::decimal)?,
        indicators: r.many(Reader::optional_text)?,
        not_applicable: r.count()?,
        findings: r.count()?,
        errors: r.count()?,
        warnings: r.count()?,
        problems: r.many(|r| {
            Some(Problem { location: r.text()?, code: r.text()?, error: r.flag()?, message: r.text()?, text: r.text()? })
        })?,
    };
    r.0.is_empty().then_some(row)
}

/// The label of a record alone (what the ranking orders equal totals by).
pub(crate) fn label(record: &[u8]) -> Option<String> {
    let mut r = Reader(record);
    r.count()?;
    r.text()
}

struct Writer<'a>(&'a mut Vec<u8>);

impl Writer<'_> {
    fn count(&mut self, n: usize) {
        self.0.extend_from_slice(&(n as u64).to_le_bytes());
    }

    fn flag(&mut self, b: bool) {
        self.0.push(u8::from(b));
    }

    fn text(&mut self, s: &str) {
        self.count(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn optional_text(&mut self, s: Option<&str>) {
        self.flag(s.is_some());
        if let Some(s) = s {
            self.text(s);
        }
    }

    fn decimal(&mut self, d: Option<Decimal>) {
        self.flag(d.is_some());
        if let Some(d) = d {
            self.0.extend_from_slice(&d.serialize());
        }
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }

    fn count(&mut self) -> Option<usize> {
        usize::try_from(u64::from_le_bytes(self.take()?)).ok()
    }

    fn flag(&mut self) -> Option<bool> {
        match self.take::<1>()? {
            [0] => Some(false),
            [1] => Some(true),
            _ => None,
        }
    }

    fn text(&mut self) -> Option<String> {
        let len = self.count()?;
        let bytes = self.0.get(..len)?;
        self.0 = self.0.get(len..)?;
        String::from_utf8(bytes.to_vec()).ok()
    }

    fn optional_text(&mut self) -> Option<Option<String>> {
        Some(if self.flag()? { Some(self.text()?) } else { None })
    }

    fn decimal(&mut self) -> Option<Option<Decimal>> {
        Some(if self.flag()? { Some(Decimal::deserialize(self.take()?)) } else { None })
    }

    /// A count, then that many values; the count is checked against what is
    /// left before anything is reserved.
    fn many<T>(&mut self, mut one: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.count()?;
        if n > self.0.len() {
            return None;
        }
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(one(self)?);
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn row() -> UnitRow {
        let d = |s: &str| Decimal::from_str(s).ok();
        UnitRow {
            index: 12_312,
            label: "乐至县盛池镇人民政府".into(),
            source: "units.csv · 第12312行 (乐至县盛池镇人民政府)".into(),
            scored: true,
            total: d("96.97"),
            max: d("100"),
            grade: Some("优".into()),
            reported_total: d("-0.00"),
            disqualified: true,
            disqualification: Some("发生重大违纪".into()),
            sections: vec![d("20"), None, d("0.000000000000000000000000001"), d("-79228162514264337593543950335")],
            indicators: vec![Some("12.5%".into()), None, Some(String::new())],
            not_applicable: 3,
            findings: 1,
            errors: 2,
            warnings: 11,
            problems: vec![Problem {
                location: "units.csv · 填报!E3".into(),
                code: "data::wrong-type".into(),
                error: true,
                message: "“多”不是数值".into(),
                text: "错误：units.csv · 填报!E3：“多”不是数值\n  help: 填写数字".into(),
            }],
        }
    }

    #[test]
    fn a_record_reads_back_as_the_row_it_was_made_from() {
        let row = row();
        let record = encode(&row);
        let back = decode(&record).expect("decodes");
        assert_eq!(back, row);
        // Scales and signs are kept, not only values: the row writes the same record again.
        assert_eq!(encode(&back), record);
        assert_eq!(back.sections.get(2).copied().flatten().map(|d| d.scale()), Some(27));
        assert_eq!(label(&record).as_deref(), Some("乐至县盛池镇人民政府"));
        let failed = UnitRow::failed(1, "a.toml".into(), "data/a.toml".into(), Vec::new());
        assert_eq!(decode(&encode(&failed)), Some(failed));
    }

    #[test]
    fn a_damaged_record_is_refused_not_misread() {
        let record = encode(&row());
        for cut in [0, 1, 8, 20, record.len() / 2, record.len() - 1] {
            assert_eq!(decode(record.get(..cut).unwrap_or_default()), None, "cut at {cut}");
        }
        let mut longer = record.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        // A huge count is refused before anything is reserved.
        let mut huge = 7u64.to_le_bytes().to_vec();
        huge.extend_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(decode(&huge), None);
    }
}
