//! `.xlsx` (Office Open XML, as Excel and WPS write it): the zip container, the
//! workbook's sheet list, the shared strings and one sheet's cells, read from the
//! XML directly so that a number is the text of its `<v>` element, exactly.
//!
//! Cell types: `t="s"` shared string, `t="inlineStr"` inline string, `t="b"`
//! boolean, `t="str"` a formula's text, `t="e"` an error (`#DIV/0!`, read as
//! text), `t="d"` an ISO date (text); no `t` or `t="n"` a number. A formula cell
//! is read by its cached value. Phonetic runs (`<rPh>`) are not part of the text.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use super::cells::{parse_column, parse_ref, Cell, Grid, MAX_ROWS};
use super::{Problem, DATA_SHEET};
use crate::tr;

/// The most bytes one part of the container may unpack to.
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// Reads the data sheet of an `.xlsx` file: the sheet called `填报` (or `units`)
/// if there is one, else the first sheet.
pub(crate) fn read(name: &str, bytes: &[u8]) -> Result<Grid, Vec<Problem>> {
    let problem = |message: String| vec![Problem::new(name, message)];
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        problem(tr!(
            "not an .xlsx file (not a zip container: {e}); save it as \"Excel 工作簿 (*.xlsx)\"",
            "不是 .xlsx 文件（不是 zip 容器：{e}）；请另存为“Excel 工作簿 (*.xlsx)”"
        ))
    })?;
    let workbook = part(&mut archive, "xl/workbook.xml").map_err(problem)?.ok_or_else(|| {
        problem(tr!(
            "the zip file holds no workbook (xl/workbook.xml): it is not an .xlsx file",
            "该 zip 文件中没有工作簿（xl/workbook.xml）：不是 .xlsx 文件"
        ))
    })?;
    let rels = part(&mut archive, "xl/_rels/workbook.xml.rels").map_err(problem)?.unwrap_or_default();
    let targets = relationships(&rels).map_err(problem)?;
    let sheets = sheet_list(&workbook).map_err(problem)?;
    let chosen = sheets
        .iter()
        .find(|(n, _)| n == DATA_SHEET)
        .or_else(|| sheets.iter().find(|(n, _)| n.eq_ignore_ascii_case("units")))
        .or_else(|| sheets.first());
    let (sheet_name, path) = match chosen {
        Some((sheet, id)) => {
            let target = targets.get(id).map(|(_, t)| t.clone());
            (sheet.clone(), target.unwrap_or_else(|| "xl/worksheets/sheet1.xml".to_string()))
        }
        None => ("Sheet1".to_string(), "xl/worksheets/sheet1.xml".to_string()),
    };
    let shared_path = targets
        .values()
        .find(|(kind, _)| kind.ends_with("/sharedStrings"))
        .map_or_else(|| "xl/sharedStrings.xml".to_string(), |(_, t)| t.clone());
    let shared = match part(&mut archive, &shared_path).map_err(problem)? {
        Some(xml) => shared_strings(&xml).map_err(problem)?,
        None => Vec::new(),
    };
    let xml = part(&mut archive, &path).map_err(problem)?.ok_or_else(|| {
        problem(tr!("the sheet `{sheet_name}` ({path}) is missing", "工作表 `{sheet_name}`（{path}）不存在"))
    })?;
    let mut grid = Grid { sheet: Some(sheet_name.clone()), from_xlsx: true, ..Grid::default() };
    cells(&xml, &shared, &mut grid).map_err(|(at, message)| {
        vec![Problem::new(at.map_or_else(|| name.to_string(), |at| format!("{sheet_name}!{at}")), message)]
    })?;
    Ok(grid)
}

/// One part of the container, unpacked; `None` when the container lacks it.
fn part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, path: &str) -> Result<Option<Vec<u8>>, String> {
    let file = match archive.by_name(path) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(tr!("cannot read {path} in the file: {e}", "无法读取文件中的 {path}：{e}")),
    };
    let mut out = Vec::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| tr!("cannot unpack {path}: {e}", "无法解压 {path}：{e}"))?;
    if out.len() as u64 > MAX_PART_BYTES {
        let mb = MAX_PART_BYTES / 1024 / 1024;
        return Err(tr!("{path} unpacks to more than {mb} MB", "{path} 解压后超过 {mb} MB"));
    }
    Ok(Some(out))
}

fn xml_error(e: impl std::fmt::Display) -> String {
    tr!("the file's XML is damaged: {e}", "文件中的 XML 已损坏：{e}")
}

/// An attribute's value by local name (`r:id` → `id`).
fn attribute(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// An entity or character reference in text (`&amp;`, `&#38;`).
fn reference(r: &BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.decode().map(|n| n.into_owned()).unwrap_or_default();
    quick_xml::escape::resolve_predefined_entity(&name).map_or_else(|| format!("&{name};"), str::to_string)
}

/// `_x000D_` and the like, OOXML's escapes for characters XML cannot hold.
fn unescape_ooxml(text: &str) -> String {
    if !text.contains("_x") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let hex = tail.get(2..6).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        match (hex, tail.as_bytes().get(6)) {
            (Some(hex), Some(b'_')) => {
                let code = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
                match code {
                    Some(c) => out.push(c),
                    None => out.push_str(&tail[..7]),
                }
                rest = &tail[7..];
            }
            _ => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Sheet names with their relationship ids, in workbook order.
fn sheet_list(xml: &[u8]) -> Result<Vec<(String, String)>, String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).map_err(xml_error)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"sheet" => {
                if let (Some(name), Some(id)) = (attribute(&e, b"name"), attribute(&e, b"id")) {
                    out.push((name, id));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// Relationship id → (type, path in the container).
fn relationships(xml: &[u8]) -> Result<HashMap<String, (String, String)>, String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = HashMap::new();
    loop {
        match reader.read_event_into(&mut buf).map_err(xml_error)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                if let (Some(id), Some(target)) = (attribute(&e, b"Id"), attribute(&e, b"Target")) {
                    let kind = attribute(&e, b"Type").unwrap_or_default();
                    let path = match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_string(),
                        None => format!("xl/{}", target.trim_start_matches("./")),
                    };
                    out.insert(id, (kind, path));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// Collects the text of `<t>` elements, leaving out phonetic runs (`<rPh>`).
#[derive(Default)]
struct TextRuns {
    text: String,
    in_t: bool,
    phonetic: usize,
}

impl TextRuns {
    fn start(&mut self, local: &[u8]) {
        match local {
            b"t" => self.in_t = self.phonetic == 0,
            b"rPh" => self.phonetic += 1,
            _ => {}
        }
    }

    fn end(&mut self, local: &[u8]) {
        match local {
            b"t" => self.in_t = false,
            b"rPh" => self.phonetic = self.phonetic.saturating_sub(1),
            _ => {}
        }
    }

    fn take(&mut self) -> String {
        let text = unescape_ooxml(&self.text);
        *self = TextRuns::default();
        text
    }
}

/// The shared strings, in order.
fn shared_strings(xml: &[u8]) -> Result<Vec<String>, String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut runs = TextRuns::default();
    loop {
        match reader.read_event_into(&mut buf).map_err(xml_error)? {
            Event::Start(e) => runs.start(e.local_name().as_ref()),
            Event::Empty(e) if e.local_name().as_ref() == b"si" => out.push(String::new()),
            Event::End(e) => {
                let local = e.local_name();
                runs.end(local.as_ref());
                if local.as_ref() == b"si" {
                    out.push(runs.take());
                }
            }
            Event::Text(t) if runs.in_t => runs.text.push_str(&t.xml10_content().map_err(xml_error)?),
            Event::CData(t) if runs.in_t => runs.text.push_str(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) if runs.in_t => runs.text.push_str(&reference(&r)),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// The cell being read.
#[derive(Default)]
struct Current {
    column: u32,
    kind: String,
    value: String,
    in_v: bool,
    inline: Option<TextRuns>,
}

/// A problem in the sheet: the cell (if known) and the message.
type SheetError = (Option<String>, String);

/// Reads `<sheetData>` into `grid`.
fn cells(xml: &[u8], shared: &[String], grid: &mut Grid) -> Result<(), SheetError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let (mut row, mut last_column) = (0u32, 0u32);
    let mut current: Option<Current> = None;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| (None, xml_error(e)))?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"row" => {
                row = match attribute(&e, b"r") {
                    Some(r) => r
                        .trim()
                        .parse::<u32>()
                        .ok()
                        .filter(|r| (1..=MAX_ROWS).contains(r))
                        .ok_or_else(|| (None, tr!("a row has a bad number: `{r}`", "某一行的行号有误：`{r}`")))?,
                    None => row + 1,
                };
                last_column = 0;
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"c" => {
                let column = match attribute(&e, b"r") {
                    Some(r) => parse_ref(&r).map(|(c, _)| c).or_else(|| parse_column(&r)).ok_or_else(|| {
                        (None, tr!("a cell has a bad reference: `{r}`", "某个单元格的引用有误：`{r}`"))
                    })?,
                    None => last_column + 1,
                };
                last_column = column;
                let kind = attribute(&e, b"t").unwrap_or_default();
                current = (!empty).then(|| Current { column, kind, ..Current::default() });
            }
            Event::Start(e) => {
                if let Some(cell) = current.as_mut() {
                    match e.local_name().as_ref() {
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
            Event::End(e) => {
                let local = e.local_name();
                match local.as_ref() {
                    b"c" => {
                        if let Some(cell) = current.take() {
                            let at = super::cells::cell_ref(cell.column, row);
                            let value = finish(cell, shared).map_err(|m| (Some(at), m))?;
                            if let Some((column, value)) = value {
                                grid.put(row, column, value);
                            }
                        }
                    }
                    b"v" => {
                        if let Some(cell) = current.as_mut() {
                            cell.in_v = false;
                        }
                    }
                    other => {
                        if let Some(runs) = current.as_mut().and_then(|c| c.inline.as_mut()) {
                            runs.end(other);
                        }
                    }
                }
            }
            Event::Text(t) => {
                if let Some(cell) = current.as_mut() {
                    let text = t.xml10_content().map_err(|e| (None, xml_error(e)))?;
                    push_text(cell, &text);
                }
            }
            Event::CData(t) => {
                if let Some(cell) = current.as_mut() {
                    push_text(cell, &String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(cell) = current.as_mut() {
                    push_text(cell, &reference(&r));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
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
    let value = match cell.kind.as_str() {
        "s" => {
            let index = cell.value.trim();
            let text = index.parse::<usize>().ok().and_then(|i| shared.get(i)).ok_or_else(|| {
                tr!(
                    "the cell refers to shared string {index}, which the file does not have",
                    "该单元格引用了第 {index} 个共享字符串，但文件中没有"
                )
            })?;
            Cell::Text(text.clone())
        }
        "inlineStr" => Cell::Text(cell.inline.take().map(|mut r| r.take()).unwrap_or_default()),
        "b" => match cell.value.trim() {
            "1" | "true" | "TRUE" => Cell::Bool(true),
            "0" | "false" | "FALSE" => Cell::Bool(false),
            "" => return Ok(None),
            other => Cell::Text(other.to_string()),
        },
        "str" | "e" | "d" => Cell::Text(unescape_ooxml(&cell.value)),
        _ => Cell::Number(cell.value.trim().to_string()),
    };
    Ok(Some((cell.column, value)))
}

#[cfg(test)]
mod tests {
    use super::{cells, shared_strings, unescape_ooxml, Cell, Grid};

    #[test]
    fn shared_strings_skip_phonetics() {
        let xml = r#"<sst xmlns="x"><si><t>a&amp;b</t></si><si/><si><r><t>乐至</t></r><r><t xml:space="preserve">县 </t></r><rPh><t>le zhi</t></rPh></si></sst>"#;
        assert_eq!(shared_strings(xml.as_bytes()), Ok(vec!["a&b".to_string(), String::new(), "乐至县 ".to_string()]));
    }

    #[test]
    fn cell_kinds() {
        let xml = br#"<worksheet><sheetData>
            <row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2"><v>0.30000000000000004</v></c><c t="b"><v>1</v></c></row>
            <row><c r="B3" t="inlineStr"><is><t>95%</t></is></c><c r="C3" s="1"/><c r="D3" t="e"><v>#DIV/0!</v></c>
            <c r="E3"><f>A1+B1</f><v>3</v></c><c r="F3" t="str"><f>X</f><v>x_x000D_y</v></c></row>
            </sheetData></worksheet>"#;
        let mut grid = Grid::default();
        assert_eq!(cells(xml, &["290820元".to_string()], &mut grid), Ok(()));
        let got: Vec<(u32, u32, Cell)> =
            grid.rows.iter().flat_map(|(r, cs)| cs.iter().map(move |(c, v)| (*r, *c, v.clone()))).collect();
        assert_eq!(
            got,
            vec![
                (2, 1, Cell::Text("290820元".into())),
                (2, 3, Cell::Number("0.30000000000000004".into())),
                (2, 4, Cell::Bool(true)),
                (3, 2, Cell::Text("95%".into())),
                (3, 4, Cell::Text("#DIV/0!".into())),
                (3, 5, Cell::Number("3".into())),
                (3, 6, Cell::Text("x\ry".into())),
            ]
        );
        let mut grid = Grid::default();
        let bad = cells(br#"<sheetData><row r="4"><c r="B4" t="s"><v>9</v></c></row></sheetData>"#, &[], &mut grid);
        assert_eq!(bad.map_err(|(at, _)| at), Err(Some("B4".to_string())));
        assert_eq!(unescape_ooxml("a_x0041_b_x12"), "aAb_x12");
    }
}
