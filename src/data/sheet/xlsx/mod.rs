//! `.xlsx` (Office Open XML, as Excel and WPS write it): the zip container, the
//! workbook's sheet list, the shared strings and one sheet's cells, read from the
//! XML directly so that a number is the text of its `<v>` element, exactly.
//!
//! Cell types: `t="s"` shared string, `t="inlineStr"` inline string, `t="b"`
//! boolean, `t="str"` a formula's text, `t="e"` an error (`#DIV/0!`, read as
//! text), `t="d"` an ISO date (text); no `t` or `t="n"` a number. A formula cell
//! is read by its cached value. Phonetic runs (`<rPh>`) are not part of the text.

use std::collections::HashMap;
use std::io::{Read, Seek};

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use super::{Problem, DATA_SHEET};
use crate::tr;

mod rows;
mod scan;
mod unpack;

pub(crate) use rows::Rows;

/// Opens the data sheet of an `.xlsx` file for reading row by row: the sheet
/// called `填报` (or `units`) if there is one, else the first sheet. The
/// workbook's sheet list and shared strings are read whole; the sheet itself is
/// unpacked and read as its rows are asked for.
pub(crate) fn open<'a, R: Read + Seek + Send + 'a>(name: &str, reader: R) -> Result<Rows<'a>, Vec<Problem>> {
    let problem = |message: String| vec![Problem::new(name, message)];
    let mut archive = zip::ZipArchive::new(reader).map_err(|e| {
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
    let xml = unpack::open(archive, &path).map_err(problem)?.ok_or_else(|| {
        problem(tr!("the sheet `{sheet_name}` ({path}) is missing", "工作表 `{sheet_name}`（{path}）不存在"))
    })?;
    Ok(Rows::new(name, sheet_name, shared, xml))
}

/// One part of the container, unpacked whole; `None` when the container lacks it.
fn part<R: Read + Seek>(archive: &mut zip::ZipArchive<R>, path: &str) -> Result<Option<Vec<u8>>, String> {
    let file = match archive.by_name(path) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(tr!("cannot read {path} in the file: {e}", "无法读取文件中的 {path}：{e}")),
    };
    let mut out = Vec::new();
    file.take(unpack::MAX_PART_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| tr!("cannot unpack {path}: {e}", "无法解压 {path}：{e}"))?;
    if out.len() as u64 > unpack::MAX_PART_BYTES {
        return Err(unpack::too_large(path));
    }
    Ok(Some(out))
}

pub(super) fn xml_error(e: impl std::fmt::Display) -> String {
    tr!("the file's XML is damaged: {e}", "文件中的 XML 已损坏：{e}")
}

/// An attribute's value by local name (`r:id` → `id`).
pub(super) fn attribute(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    with_attribute(e, local, str::to_string)
}

/// `f` of an attribute's value by local name, without copying the value when
/// XML's normalization would not change it (no reference, tab or line break).
pub(super) fn with_attribute<T>(e: &BytesStart<'_>, local: &[u8], f: impl FnOnce(&str) -> T) -> Option<T> {
    let a = e.attributes().with_checks(false).flatten().find(|a| a.key.local_name().as_ref() == local)?;
    let raw = a.value.as_ref();
    if !raw.iter().any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r')) {
        if let Ok(text) = std::str::from_utf8(raw) {
            return Some(f(text));
        }
    }
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| f(&v))
}

/// An entity or character reference in text (`&amp;`, `&#38;`).
pub(super) fn reference(r: &BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.decode().map(|n| n.into_owned()).unwrap_or_default();
    quick_xml::escape::resolve_predefined_entity(&name).map_or_else(|| format!("&{name};"), str::to_string)
}

/// `_x000D_` and the like, OOXML's escapes for characters XML cannot hold.
pub(super) fn unescape_ooxml(text: &str) -> String {
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
pub(super) struct TextRuns {
    pub(super) text: String,
    pub(super) in_t: bool,
    phonetic: usize,
}

impl TextRuns {
    pub(super) fn start(&mut self, local: &[u8]) {
        match local {
            b"t" => self.in_t = self.phonetic == 0,
            b"rPh" => self.phonetic += 1,
            _ => {}
        }
    }

    pub(super) fn end(&mut self, local: &[u8]) {
        match local {
            b"t" => self.in_t = false,
            b"rPh" => self.phonetic = self.phonetic.saturating_sub(1),
            _ => {}
        }
    }

    pub(super) fn take(&mut self) -> String {
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

#[cfg(test)]
mod tests {
    use super::{shared_strings, unescape_ooxml};

    #[test]
    fn shared_strings_skip_phonetics() {
        let xml = r#"<sst xmlns="x"><si><t>a&amp;b</t></si><si/><si><r><t>乐至</t></r><r><t xml:space="preserve">县 </t></r><rPh><t>le zhi</t></rPh></si></sst>"#;
        assert_eq!(shared_strings(xml.as_bytes()), Ok(vec!["a&b".to_string(), String::new(), "乐至县 ".to_string()]));
        assert_eq!(unescape_ooxml("a_x0041_b_x12"), "aAb_x12");
    }
}
