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
//!
//! The file is read one line at a time (`Records`): only the record being
//! read is in memory, whatever the number of rows.

use std::collections::VecDeque;
use std::io::BufRead;

use super::cells::{cell_ref, Cell, Row, MAX_COLUMNS, MAX_ROWS};
use super::Problem;
use crate::tr;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Rows as a CSV file that `Records` gives back cell for cell: UTF-8 with a
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

/// The records of a CSV file with at least one non-blank cell, in order, read
/// one line at a time: `(row number, cells)`. A problem (not UTF-8, a quote never
/// closed, more rows or columns than a sheet has, a read error) ends them.
pub(crate) struct Records<R> {
    name: String,
    reader: R,
    /// The physical line being read, as bytes.
    line: Vec<u8>,
    /// How many physical lines have been read.
    lines: usize,
    row: u32,
    column: u32,
    field: String,
    in_quotes: bool,
    at_field_start: bool,
    /// Where the open quoted field started: (row, column).
    opened: (u32, u32),
    cells: Row,
    ready: VecDeque<(u32, Row)>,
    done: bool,
}

impl<R: BufRead> Records<R> {
    /// The records of `reader`; `name` is the file's name, for messages.
    pub(crate) fn new(name: &str, reader: R) -> Self {
        Records {
            name: name.to_string(),
            reader,
            line: Vec::new(),
            lines: 0,
            row: 1,
            column: 1,
            field: String::new(),
            in_quotes: false,
            at_field_start: true,
            opened: (1, 1),
            cells: Row::new(),
            ready: VecDeque::new(),
            done: false,
        }
    }

    fn too_big(&self) -> Vec<Problem> {
        let (row, column) = (self.row, self.column);
        vec![Problem::new(
            &self.name,
            tr!(
                "the file is larger than a sheet (row {row}, column {column}): at most {MAX_ROWS} rows and {MAX_COLUMNS} columns",
                "文件超出了一张工作表的大小（第 {row} 行，第 {column} 列）：最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列"
            ),
        )]
    }

    /// Ends the field being read: its cell is kept unless blank.
    fn end_field(&mut self) {
        // A field that starts with a printable ASCII character is not blank: no need to trim it.
        let printable = self.field.as_bytes().first().is_some_and(u8::is_ascii_graphic);
        if !printable && self.field.trim().is_empty() {
            self.field.clear();
        } else {
            self.cells.insert(self.column, Cell::Field(std::mem::take(&mut self.field)));
        }
    }

    /// Ends the record being read: it is ready unless it has no cell.
    fn end_record(&mut self) {
        self.end_field();
        let cells = std::mem::take(&mut self.cells);
        if !cells.is_empty() {
            self.ready.push_back((self.row, cells));
        }
    }

    /// Reads the next physical line into the records; `false` at the end of the file.
    fn read_line(&mut self) -> Result<bool, Vec<Problem>> {
        self.line.clear();
        let read = self.reader.read_until(b'\n', &mut self.line).map_err(|e| {
            let name = &self.name;
            vec![Problem::new(name, tr!("cannot read {name}: {e}", "无法读取 {name}：{e}"))]
        })?;
        if read == 0 {
            return Ok(false);
        }
        self.lines += 1;
        let mut bytes = std::mem::take(&mut self.line);
        let result = self.parse_line(&bytes);
        bytes.clear();
        self.line = bytes;
        result.map(|()| true)
    }

    /// One physical line (with its `\n`, if any): decoded, then parsed.
    fn parse_line(&mut self, bytes: &[u8]) -> Result<(), Vec<Problem>> {
        let first = self.lines == 1;
        if first && (bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")) {
            return Err(vec![Problem::new(
                &self.name,
                tr!(
                    "the file is UTF-16 (Excel's \"Unicode text\"), which is not supported: save it as \"CSV UTF-8 (逗号分隔)\"",
                    "文件是 UTF-16 编码（Excel 的“Unicode 文本”），不支持：请另存为“CSV UTF-8（逗号分隔）”"
                ),
            )]);
        }
        let body = if first { bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes) } else { bytes };
        let text = std::str::from_utf8(body).map_err(|_| {
            let line = self.lines;
            vec![Problem::new(
                &self.name,
                tr!(
                    "the file is not UTF-8 (first bad byte on line {line}): GBK and other ANSI encodings are not supported; save it as \"CSV UTF-8 (逗号分隔)\" in Excel, or choose the UTF-8 encoding when saving as CSV in WPS",
                    "文件不是 UTF-8 编码（第 {line} 行起有无效字节）：不支持 GBK 等 ANSI 编码；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或在 WPS 另存为 CSV 时选择 UTF-8 编码"
                ),
            )]
        })?;
        // A line ends at its `\n`, so a `\r\n` or a `""` is never split between two lines.
        // The delimiters are ASCII: the text between them is taken a run at a time.
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let special: &[u8] = if self.in_quotes { b"\"\r" } else { b",\"\r\n" };
            let rest = bytes.get(at..).unwrap_or_default();
            let end = rest.iter().position(|b| special.contains(b)).map_or(bytes.len(), |p| at + p);
            if end > at {
                self.field.push_str(text.get(at..end).unwrap_or_default());
                if !self.in_quotes {
                    self.at_field_start = false;
                }
                at = end;
                continue;
            }
            let (Some(&b), next) = (bytes.get(at), bytes.get(at + 1).copied()) else { break };
            at += 1;
            if self.in_quotes {
                match (b, next) {
                    (b'"', Some(b'"')) => {
                        at += 1;
                        self.field.push('"');
                    }
                    (b'"', _) => self.in_quotes = false,
                    // A `\r\n` inside quotes is a line break, kept as `\n`.
                    (_, Some(b'\n')) => {}
                    _ => self.field.push('\r'),
                }
                continue;
            }
            match b {
                b'"' if self.at_field_start => {
                    self.in_quotes = true;
                    self.at_field_start = false;
                    self.opened = (self.row, self.column);
                }
                b'"' => self.field.push('"'),
                b',' => {
                    self.end_field();
                    self.column += 1;
                    self.at_field_start = true;
                    if self.column > MAX_COLUMNS {
                        return Err(self.too_big());
                    }
                }
                _ => {
                    if b == b'\r' && next == Some(b'\n') {
                        at += 1;
                    }
                    self.end_record();
                    self.row += 1;
                    self.column = 1;
                    self.at_field_start = true;
                    if self.row > MAX_ROWS {
                        return Err(self.too_big());
                    }
                }
            }
        }
        Ok(())
    }

    /// The end of the file: the last record, or the quote never closed.
    fn finish(&mut self) -> Result<(), Vec<Problem>> {
        if self.in_quotes {
            let at = cell_ref(self.opened.1, self.opened.0);
            return Err(vec![Problem::new(
                format!("{}!{at}", self.name),
                tr!(
                    "the quoted value that starts in cell {at} is never closed: a `\"` is missing",
                    "从单元格 {at} 开始的带引号的值没有结束：缺少一个 `\"`"
                ),
            )]);
        }
        self.end_record();
        Ok(())
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Result<(u32, Row), Vec<Problem>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(record) = self.ready.pop_front() {
                return Some(Ok(record));
            }
            if self.done {
                return None;
            }
            let step = match self.read_line() {
                Ok(true) => Ok(()),
                Ok(false) => {
                    self.done = true;
                    self.finish()
                }
                Err(problems) => Err(problems),
            };
            if let Err(problems) = step {
                self.done = true;
                self.ready.clear();
                return Some(Err(problems));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Cell, Problem, Records};

    fn read(text: &[u8]) -> Result<Vec<(u32, u32, Cell)>, Vec<Problem>> {
        let mut out = Vec::new();
        for record in Records::new("t.csv", text) {
            let (r, cells) = record?;
            out.extend(cells.into_iter().map(|(c, v)| (r, c, v.typed().into_owned())));
        }
        Ok(out)
    }

    fn cells(text: &[u8]) -> Vec<(u32, u32, Cell)> {
        read(text).unwrap_or_default()
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
    fn lone_lf_lone_cr_and_trailing_newline() {
        assert_eq!(cells(b"a\nb\n"), vec![(1, 1, Cell::Text("a".into())), (2, 1, Cell::Text("b".into()))]);
        assert_eq!(
            cells(b"a\rb\r\n\"c\rd\"\n,\n"),
            vec![(1, 1, Cell::Text("a".into())), (2, 1, Cell::Text("b".into())), (3, 1, Cell::Text("c\rd".into()))]
        );
    }

    #[test]
    fn records_come_one_at_a_time() {
        let mut records = Records::new("t.csv", &b"a\r\n1\r\n\"x\r\n"[..]);
        assert_eq!(records.next().map(|r| r.map(|(row, _)| row)), Some(Ok(1)));
        assert_eq!(records.next().map(|r| r.map(|(row, _)| row)), Some(Ok(2)));
        let open = records.next().and_then(Result::err).unwrap_or_default();
        assert_eq!(open.first().map(|p| p.location.as_str()), Some("t.csv!A3"));
        assert!(records.next().is_none());
    }

    #[test]
    fn problems() {
        let open = read(b"a,b\r\n1,\"oops\r\n").err().unwrap_or_default();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].location, "t.csv!B2");
        let gbk = read(b"\xB5\xA5\xCE\xBB").err().unwrap_or_default();
        assert!(gbk[0].message.contains("GBK") && gbk[0].message.contains("line 1"), "{}", gbk[0]);
        let late = read(b"a\r\nb\r\n\xB5\xA5\r\n").err().unwrap_or_default();
        assert!(late[0].message.contains("line 3"), "{}", late[0]);
        let utf16 = read(b"\xFF\xFEa\x00").err().unwrap_or_default();
        assert!(utf16[0].message.contains("UTF-16"), "{}", utf16[0]);
    }
}
