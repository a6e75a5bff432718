//! The rows of one sheet's `<sheetData>`, read from the unpacked XML one row at
//! a time.
//!
//! Excel and every other writer put the rows in order. Should a row come whose
//! number is not above the last one's (or should the first row with a value not
//! be row 1), the rest of the sheet is read whole and given in row order, so
//! that a header in row 1 is still found and no row is given twice out of order.

use std::collections::btree_map;
use std::collections::BTreeMap;
use std::io::Read;

use super::scan::{attributes, with_value, ScanError, Scanner, Token};
use super::unpack::{self, Part};
use super::{unescape_ooxml, xml_error, TextRuns};
use crate::data::sheet::cells::{cell_ref, parse_column, parse_ref, Cell, Row, MAX_ROWS};
use crate::data::sheet::Problem;
use crate::tr;

/// A cell's type, from its `t` attribute.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `t="s"`: an index into the shared strings.
    Shared,
    /// `t="inlineStr"`.
    Inline,
    /// `t="b"`.
    Bool,
    /// `t="str"` (a formula's text), `t="e"` (an error), `t="d"` (a date).
    Text,
    /// No `t`, `t="n"`, or one this reader does not know.
    #[default]
    Number,
}

impl Kind {
    fn of(t: &str) -> Kind {
        match t {
            "s" => Kind::Shared,
            "inlineStr" => Kind::Inline,
            "b" => Kind::Bool,
            "str" | "e" | "d" => Kind::Text,
            _ => Kind::Number,
        }
    }
}

/// The cell being read.
#[derive(Default)]
struct Current {
    column: u32,
    kind: Kind,
    value: String,
    in_v: bool,
    inline: Option<TextRuns>,
}

/// A problem in the sheet: the cell (if known) and the message.
type SheetError = (Option<String>, String);

/// The rows of a sheet with at least one non-blank cell: `(row number, cells)`.
/// A problem (damaged XML, a bad reference, a part too large) ends them.
pub(crate) struct Rows<'a> {
    scanner: Scanner<Box<dyn Read + Send + 'a>>,
    shared: Vec<String>,
    /// The file's name, for a problem without a cell.
    file: String,
    /// The sheet's name.
    sheet: String,
    /// The row being read and its last cell's column.
    row: u32,
    /// Inside a `<row>` element.
    in_row: bool,
    last_column: u32,
    current: Option<Current>,
    cells: Row,
    /// The number of the last row given.
    last: u32,
    /// After rows came out of order: the rest of the sheet, by row.
    sorted: Option<btree_map::IntoIter<u32, Row>>,
    done: bool,
}

impl<'a> Rows<'a> {
    /// The rows of the sheet `sheet` of file `file`, from its XML.
    pub(super) fn new(file: &str, sheet: String, shared: Vec<String>, xml: Part<'a>) -> Self {
        Self::from_reader(file, sheet, shared, Box::new(xml))
    }

    fn from_reader(file: &str, sheet: String, shared: Vec<String>, xml: Box<dyn Read + Send + 'a>) -> Self {
        Rows {
            scanner: Scanner::new(xml),
            shared,
            file: file.to_string(),
            sheet,
            row: 0,
            in_row: false,
            last_column: 0,
            current: None,
            cells: Row::new(),
            last: 0,
            sorted: None,
            done: false,
        }
    }

    /// The sheet's name.
    pub(crate) fn sheet(&self) -> &str {
        &self.sheet
    }

    fn problem(&self, (at, message): SheetError) -> Vec<Problem> {
        let location = at.map_or_else(|| self.file.clone(), |at| format!("{}!{at}", self.sheet));
        vec![Problem::new(location, message)]
    }

    /// The next row of the XML with a value, as it comes; `None` at the end.
    fn next_in_file(&mut self) -> Result<Option<(u32, Row)>, SheetError> {
        loop {
            let token = self.scanner.next_token().map_err(|e| {
                let message = match e {
                    ScanError::Damaged(message) => message,
                    ScanError::Io(io) => unpack::message(&io).unwrap_or_else(|| xml_error(io)),
                };
                let row = self.row;
                (None, if self.in_row { tr!("{message} (in row {row})", "{message}（第 {row} 行）") } else { message })
            })?;
            match token {
                Token::Start { local: b"row", attributes: raw, empty } => {
                    let number = |r: &str| {
                        r.trim()
                            .parse::<u32>()
                            .ok()
                            .filter(|r| (1..=MAX_ROWS).contains(r))
                            .ok_or_else(|| (None, tr!("a row has a bad number: `{r}`", "某一行的行号有误：`{r}`")))
                    };
                    let r = attributes(raw).find(|(name, _)| *name == b"r");
                    self.row = r.and_then(|(_, v)| with_value(v, number)).unwrap_or(Ok(self.row + 1))?;
                    self.in_row = !empty;
                    self.last_column = 0;
                    self.cells.clear();
                }
                Token::Start { local: b"c", attributes: raw, empty } => {
                    let (mut column, mut kind) = (None, Kind::default());
                    for (name, value) in attributes(raw) {
                        match name {
                            b"r" => column = with_value(value, cell_column),
                            b"t" => kind = with_value(value, Kind::of).unwrap_or_default(),
                            _ => {}
                        }
                    }
                    let column = column.unwrap_or(Ok(self.last_column + 1))?;
                    self.last_column = column;
                    self.current = (!empty).then(|| Current { column, kind, ..Current::default() });
                }
                // An empty `<v/>` or `<t/>` opens nothing that text could go into.
                Token::Start { local, empty: false, .. } => {
                    if let Some(cell) = self.current.as_mut() {
                        match local {
                            b"v" => cell.in_v = true,
                            b"is" => cell.inline = Some(TextRuns::default()),
                            other => {
                                if let Some(runs) = cell.inline.as_mut() {
                                    runs.start(other);
                                }
                            }
                        }
                    }
                }
                Token::Start { .. } => {}
                Token::End { local: b"row" } => {
                    self.in_row = false;
                    let cells = std::mem::take(&mut self.cells);
                    if !cells.is_empty() {
                        return Ok(Some((self.row, cells)));
                    }
                }
                Token::End { local: b"c" } => {
                    if let Some(cell) = self.current.take() {
                        let (column, row) = (cell.column, self.row);
                        let value = finish(cell, &self.shared).map_err(|m| (Some(cell_ref(column, row)), m))?;
                        if let Some((column, value)) = value.filter(|(_, v)| !v.is_blank()) {
                            self.cells.insert(column, value);
                        }
                    }
                }
                Token::End { local: b"v" } => {
                    if let Some(cell) = self.current.as_mut() {
                        cell.in_v = false;
                    }
                }
                Token::End { local } => {
                    if let Some(runs) = self.current.as_mut().and_then(|c| c.inline.as_mut()) {
                        runs.end(local);
                    }
                }
                Token::Text(text) => {
                    if let Some(cell) = self.current.as_mut() {
                        push_text(cell, text);
                    }
                }
                Token::Eof => {
                    // A row never closed still has its cells.
                    let cells = std::mem::take(&mut self.cells);
                    return Ok((!cells.is_empty()).then_some((self.row, cells)));
                }
            }
        }
    }

    /// Reads the rest of the sheet whole, `first` with it, and gives it back by row.
    fn sort_the_rest(&mut self, first: (u32, Row)) -> Result<(), SheetError> {
        let mut rest: BTreeMap<u32, Row> = BTreeMap::new();
        rest.insert(first.0, first.1);
        while let Some((row, cells)) = self.next_in_file()? {
            rest.entry(row).or_default().extend(cells);
        }
        self.sorted = Some(rest.into_iter());
        Ok(())
    }
}

impl Iterator for Rows<'_> {
    type Item = Result<(u32, Row), Vec<Problem>>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(sorted) = self.sorted.as_mut() {
            return sorted.next().map(Ok);
        }
        if self.done {
            return None;
        }
        let row = match self.next_in_file() {
            Ok(Some((row, cells))) if (self.last == 0 && row != 1) || (self.last != 0 && row <= self.last) => {
                self.done = true;
                match self.sort_the_rest((row, cells)) {
                    Ok(()) => return self.next(),
                    Err(e) => Err(e),
                }
            }
            Ok(Some(row)) => Ok(row),
            Ok(None) => {
                self.done = true;
                return None;
            }
            Err(e) => {
                self.done = true;
                Err(e)
            }
        };
        Some(match row {
            Ok((row, cells)) => {
                self.last = row;
                Ok((row, cells))
            }
            Err(e) => Err(self.problem(e)),
        })
    }
}

/// The column of a cell's `r`: `C5`, or `C` alone.
fn cell_column(r: &str) -> Result<u32, SheetError> {
    parse_ref(r)
        .map(|(c, _)| c)
        .or_else(|| parse_column(r))
        .ok_or_else(|| (None, tr!("a cell has a bad reference: `{r}`", "某个单元格的引用有误：`{r}`")))
}

fn push_text(cell: &mut Current, text: &str) {
    if cell.in_v {
        cell.value.push_str(text);
    } else if let Some(runs) = cell.inline.as_mut().filter(|r| r.in_t) {
        runs.text.push_str(text);
    }
}

/// A finished cell's value by its type.
fn finish(mut cell: Current, shared: &[String]) -> Result<Option<(u32, Cell)>, String> {
    let value = match cell.kind {
        Kind::Shared => {
            let index = cell.value.trim();
            let text = index.parse::<usize>().ok().and_then(|i| shared.get(i)).ok_or_else(|| {
                tr!(
                    "the cell refers to shared string {index}, which the file does not have",
                    "该单元格引用了第 {index} 个共享字符串，但文件中没有"
                )
            })?;
            Cell::Text(text.clone())
        }
        Kind::Inline => Cell::Text(cell.inline.take().map(|mut r| r.take()).unwrap_or_default()),
        Kind::Bool => match cell.value.trim() {
            "1" | "true" | "TRUE" => Cell::Bool(true),
            "0" | "false" | "FALSE" => Cell::Bool(false),
            "" => return Ok(None),
            other => Cell::Text(other.to_string()),
        },
        Kind::Text => Cell::Text(unescape_ooxml(&cell.value)),
        Kind::Number if cell.value.trim().len() == cell.value.len() => Cell::Number(cell.value),
        Kind::Number => Cell::Number(cell.value.trim().to_string()),
    };
    Ok(Some((cell.column, value)))
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::{Cell, Problem, Rows};

    type Got = Vec<Result<(u32, Vec<(u32, Cell)>), Vec<Problem>>>;

    fn rows(xml: impl Into<Vec<u8>>, shared: &[&str]) -> Got {
        let shared = shared.iter().map(|s| s.to_string()).collect();
        Rows::from_reader("u.xlsx", "填报".to_string(), shared, Box::new(Cursor::new(xml.into())))
            .map(|r| r.map(|(row, cells)| (row, cells.into_iter().collect())))
            .collect()
    }

    fn numbers(xml: String) -> Vec<u32> {
        rows(xml, &[]).into_iter().filter_map(Result::ok).map(|(r, _)| r).collect()
    }

    #[test]
    fn cell_kinds() {
        let xml = br#"<worksheet><sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1"><v>0.30000000000000004</v></c><c t="b"><v>1</v></c></row>
            <row><c r="B2" t="inlineStr"><is><t>95%</t></is></c><c r="C2" s="1"/><c r="D2" t="e"><v>#DIV/0!</v></c>
            <c r="E2"><f>A1+B1</f><v>3</v></c><c r="F2" t="str"><f>X</f><v>x_x000D_y</v></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><t> </t></is></c></row>
            </sheetData></worksheet>"#;
        let got = rows(xml, &["290820元"]);
        assert_eq!(
            got,
            vec![
                Ok((
                    1,
                    vec![
                        (1, Cell::Text("290820元".into())),
                        (3, Cell::Number("0.30000000000000004".into())),
                        (4, Cell::Bool(true)),
                    ]
                )),
                Ok((
                    2,
                    vec![
                        (2, Cell::Text("95%".into())),
                        (4, Cell::Text("#DIV/0!".into())),
                        (5, Cell::Number("3".into())),
                        (6, Cell::Text("x\ry".into())),
                    ]
                )),
            ]
        );
    }

    #[test]
    fn an_empty_element_holds_no_text() {
        let xml = "<sheetData><row r=\"1\"><c r=\"A1\"><v/> 7</c><c r=\"B1\" t=\"inlineStr\"><is><t/>\
                   <rPh><t>x</t></rPh></is> y</c><c r=\"C1\"><v>1</v></c></row></sheetData>";
        assert_eq!(rows(xml, &[]), vec![Ok((1, vec![(3, Cell::Number("1".into()))]))]);
    }

    #[test]
    fn attributes_written_with_references_are_read() {
        let xml = "<sheetData><row r=\"&#49;\"><c r=\"&#66;1\" t=\"&#115;\"><v>0</v></c>\
                   <c r=\"C1\t\" t=\"b\"><v>1</v></c></row></sheetData>";
        let got = rows(xml, &["甲"]);
        assert_eq!(got, vec![Ok((1, vec![(2, Cell::Text("甲".into())), (3, Cell::Bool(true))]))]);
    }

    #[test]
    fn a_bad_cell_ends_the_rows_at_its_cell() {
        let got = rows(br#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="4"><c r="B4" t="s"><v>9</v></c></row><row r="5"><c r="A5"><v>1</v></c></row></sheetData>"#, &[]);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(matches!(&got[0], Ok((1, _))));
        let at = got[1].as_ref().err().and_then(|p| p.first()).map(|p| p.location.clone());
        assert_eq!(at.as_deref(), Some("填报!B4"));
        let damaged = rows(br#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"></sheetData>"#, &[]);
        let problem = damaged.last().and_then(|r| r.as_ref().err()).and_then(|p| p.first());
        assert_eq!(problem.map(|p| p.location.as_str()), Some("u.xlsx"));
        assert!(problem.is_some_and(|p| p.message.ends_with("(in row 2)")), "{problem:?}");
        // Between rows, no row is named.
        let between = rows(br#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"/></x></sheetData>"#, &[]);
        let problem = between.last().and_then(|r| r.as_ref().err()).and_then(|p| p.first());
        assert!(problem.is_some_and(|p| p.message.contains("damaged") && !p.message.contains("row")), "{problem:?}");
    }

    #[test]
    fn rows_out_of_order_are_sorted() {
        let v = |r: u32| format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#);
        let xml = |order: &[u32]| format!("<sheetData>{}</sheetData>", order.iter().map(|r| v(*r)).collect::<String>());
        assert_eq!(numbers(xml(&[1, 2, 5, 7])), [1, 2, 5, 7]);
        assert_eq!(numbers(xml(&[1, 2, 5, 3, 7, 4])), [1, 2, 5, 3, 4, 7]);
        assert_eq!(numbers(xml(&[3, 1, 2])), [1, 2, 3]);
        assert_eq!(numbers(xml(&[3, 4])), [3, 4]);
    }
}
