//! How the workbook's cells look and are written: the formats, a decimal as an
//! Excel number, a row of headings.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use crate::eval::report::show;

/// The cell formats.
pub(crate) struct Formats {
    pub(crate) title: Format,
    pub(crate) head: Format,
    pub(crate) wrap: Format,
    pub(crate) section: Format,
    pub(crate) number: Format,
}

impl Formats {
    /// The formats of every sheet.
    pub(crate) fn new() -> Self {
        let border = |f: Format| f.set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            head: border(Format::new().set_bold().set_background_color(Color::RGB(0xDDE6F0)).set_text_wrap()),
            wrap: border(Format::new().set_text_wrap()),
            section: border(Format::new().set_bold().set_text_wrap()),
            number: border(Format::new()),
        }
    }
}

/// A decimal as an Excel number (the same digits: scores have few).
pub(crate) fn decimal(d: Decimal) -> f64 {
    show(d).parse().unwrap_or_default()
}

/// Writes `texts` along `row`, one per column, in `format`.
pub(crate) fn headings(sheet: &mut Worksheet, row: u32, texts: &[String], format: &Format) -> Result<(), XlsxError> {
    for (col, text) in (0u16..).zip(texts) {
        sheet.write_string_with_format(row, col, text, format)?;
    }
    Ok(())
}

