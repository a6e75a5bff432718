//! A table of units (row 1 the column names, then a unit per row) as an `.xlsx`
//! sheet: what `rubric generate` writes when asked for a workbook.
//!
//! A value is a number cell only when the number's stored text is exactly the
//! value's digits (`297.01`), so that reading the sheet back gives the same
//! decimals; `true` and `false` are boolean cells; anything else is text. The
//! sheet is written a row at a time (rust_xlsxwriter's constant memory mode), so
//! a table of any length takes the same memory.

use std::path::Path;

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::data::sheet::DATA_SHEET;

/// Writes `rows` to the workbook `path`, as its sheet `填报`.
pub fn write_table_xlsx(rows: &[Vec<String>], path: &Path) -> Result<(), String> {
    build(rows, path).map_err(|e| {
        let shown = path.display();
        crate::tr!("cannot write {shown}: {e}", "无法写入 {shown}：{e}")
    })
}

fn build(rows: &[Vec<String>], path: &Path) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(DATA_SHEET)?;
    for (r, row) in (0u32..).zip(rows) {
        for (c, text) in (0u16..).zip(row).filter(|(_, text)| !text.is_empty()) {
            match (r, text.as_str()) {
                (0, _) => sheet.write_string(r, c, text)?,
                (_, "true" | "false") => sheet.write_boolean(r, c, text == "true")?,
                _ => match exact_number(text) {
                    Some(n) => sheet.write_number(r, c, n)?,
                    None => sheet.write_string(r, c, text)?,
                },
            };
        }
    }
    workbook.save(path)
}

/// The number whose stored text (the shortest that reads back as it) is `text`
/// itself, if there is one: `297.01`, not `0.1000` or `12345678901234567890`.
pub(super) fn exact_number(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|n| n.is_finite() && n.to_string() == text)
}

#[cfg(test)]
mod tests {
    use super::exact_number;

    #[test]
    fn only_digits_that_read_back_are_numbers() {
        assert_eq!(exact_number("297.01"), Some(297.01));
        assert_eq!(exact_number("0"), Some(0.0));
        assert_eq!(exact_number("-3.5"), Some(-3.5));
        for text in ["0.10", "1e5", "12345678901234567890", "0.30000000000000001", "NaN", "inf", "是", "１"] {
            assert_eq!(exact_number(text), None, "{text}");
        }
    }
}
