//! CSV as RFC 4180 writes it: fields separated by commas, records by CRLF (or
//! LF), a field in double quotes may hold commas, line breaks and `""` for a
//! quote. UTF-8 only, with or without a byte-order mark (WPS and Excel's
//! "CSV UTF-8" write one). GBK and other ANSI code pages are refused with a clear
//! message: they cannot be told apart from UTF-8 mistakes reliably, and guessing
//! would read names wrongly.
//!
//! A CSV cell has no type: one that reads as a plain decimal number (`58`,
//! `-0.5`, `1.5E-3`) is a number, `true` / `false` (any case) is a yes/no, and
//! anything else is text, so `"1,234.5万元"` and `95%` stay text for the binder.

use super::cells::{cell_ref, Cell, Grid, MAX_COLUMNS, MAX_ROWS};
use super::number::DecimalText;
use super::Problem;
use crate::tr;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Rows as a CSV file that [`read`] gives back cell for cell: UTF-8 with a
/// byte-order mark (as Excel and WPS open it), CRLF, a field quoted only when it
/// holds a comma, a quote, a line break or edge spaces.
pub fn write(rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{FEFF}");
    for row in rows {
        let fields: Vec<String> = row
            .iter()
            .map(|f| {
                if f.contains([',', '"', '\n', '\r']) || f.starts_with(' ') || f.ends_with(' ') {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.clone()
                }
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Reads a CSV file's bytes into cells.
pub(crate) fn read(name: &str, bytes: &[u8]) -> Result<Grid, Vec<Problem>> {
    let text = decode(name, bytes)?;
    let mut grid = Grid::default();
    let mut row: u32 = 1;
    let mut column: u32 = 1;
    let mut field = String::new();
    let mut in_quotes = false;
    let mut at_field_start = true;
    let mut opened = (1, 1);
    let mut chars = text.chars().peekable();
    let too_big = |row: u32, column: u32| {
        vec![Problem::new(
            name,
            tr!(
                "the file is larger than a sheet (row {row}, column {column}): at most {MAX_ROWS} rows and {MAX_COLUMNS} columns",
                "文件超出了一张工作表的大小（第 {row} 行，第 {column} 列）：最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列"
            ),
        )]
    };
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\r' if chars.peek() == Some(&'\n') => {}
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                in_quotes = true;
                at_field_start = false;
                opened = (row, column);
            }
            ',' => {
                grid.put(row, column, classify(&field));
                field.clear();
                column += 1;
                at_field_start = true;
                if column > MAX_COLUMNS {
                    return Err(too_big(row, column));
                }
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                grid.put(row, column, classify(&field));
                field.clear();
                row += 1;
                column = 1;
                at_field_start = true;
                if row > MAX_ROWS {
                    return Err(too_big(row, column));
                }
            }
            _ => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if in_quotes {
        let at = cell_ref(opened.1, opened.0);
        return Err(vec![Problem::new(
            format!("{name}!{at}"),
            tr!(
                "the quoted value that starts in cell {at} is never closed: a `\"` is missing",
                "从单元格 {at} 开始的带引号的值没有结束：缺少一个 `\"`"
            ),
        )]);
    }
    grid.put(row, column, classify(&field));
    Ok(grid)
}

/// The text of a CSV file: UTF-8, a leading byte-order mark dropped.
fn decode<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, Vec<Problem>> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(vec![Problem::new(
            name,
            tr!(
                "the file is UTF-16 (Excel's \"Unicode text\"), which is not supported: save it as \"CSV UTF-8 (逗号分隔)\"",
                "文件是 UTF-16 编码（Excel 的“Unicode 文本”），不支持：请另存为“CSV UTF-8（逗号分隔）”"
            ),
        )]);
    }
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    std::str::from_utf8(body).map_err(|e| {
        let at = e.valid_up_to();
        let line = body.get(..at).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count()) + 1;
        vec![Problem::new(
            name,
            tr!(
                "the file is not UTF-8 (first bad byte on line {line}): GBK and other ANSI encodings are not supported; save it as \"CSV UTF-8 (逗号分隔)\" in Excel, or choose the UTF-8 encoding when saving as CSV in WPS",
                "文件不是 UTF-8 编码（第 {line} 行起有无效字节）：不支持 GBK 等 ANSI 编码；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或在 WPS 另存为 CSV 时选择 UTF-8 编码"
            ),
        )]
    })
}

/// A field's value: a number, a yes/no or text.
fn classify(field: &str) -> Cell {
    let trimmed = field.trim();
    if DecimalText::parse(trimmed).is_some() {
        Cell::Number(trimmed.to_string())
    } else if trimmed.eq_ignore_ascii_case("true") {
        Cell::Bool(true)
    } else if trimmed.eq_ignore_ascii_case("false") {
        Cell::Bool(false)
    } else {
        Cell::Text(field.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::{read, Cell};

    fn cells(text: &[u8]) -> Vec<(u32, u32, Cell)> {
        let grid = read("t.csv", text).unwrap_or_default();
        grid.rows.iter().flat_map(|(r, cells)| cells.iter().map(move |(c, v)| (*r, *c, v.clone()))).collect()
    }

    #[test]
    fn rfc_4180() {
        let got = cells(b"\xEF\xBB\xBFa,b,c\r\n\"x,y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n1,,TRUE");
        assert_eq!(
            got,
            vec![
                (1, 1, Cell::Text("a".into())),
                (1, 2, Cell::Text("b".into())),
                (1, 3, Cell::Text("c".into())),
                (2, 1, Cell::Text("x,y".into())),
                (2, 2, Cell::Text("say \"hi\"".into())),
                (2, 3, Cell::Text("two\nlines".into())),
                (3, 1, Cell::Number("1".into())),
                (3, 3, Cell::Bool(true)),
            ]
        );
    }

    #[test]
    fn lone_lf_and_trailing_newline() {
        assert_eq!(cells(b"a\nb\n"), vec![(1, 1, Cell::Text("a".into())), (2, 1, Cell::Text("b".into()))]);
    }

    #[test]
    fn problems() {
        let open = read("t.csv", b"a,b\r\n1,\"oops\r\n").err().unwrap_or_default();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].location, "t.csv!B2");
        let gbk = read("t.csv", b"\xB5\xA5\xCE\xBB").err().unwrap_or_default();
        assert!(gbk[0].message.contains("GBK"), "{}", gbk[0]);
        let utf16 = read("t.csv", b"\xFF\xFEa\x00").err().unwrap_or_default();
        assert!(utf16[0].message.contains("UTF-16"), "{}", utf16[0]);
    }
}
