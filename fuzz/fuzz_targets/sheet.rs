//! A spreadsheet of units → its rows, each a data tree bound directly. Nothing
//! may panic, and every value of a row's tree must name its cell: the cell's
//! line of the row's typed text holds the value's place.
//! The input is a format byte (`c` for CSV, anything else for `.xlsx`) and the
//! file's text: a CSV file, or the XML of the `.xlsx` sheet, which the target
//! packs into a workbook.
#![no_main]

use std::io::{Cursor, Write};
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use rubric::data::{Node, NodeKind};

/// A workbook whose one sheet has `xml` as its XML.
fn workbook(xml: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let sheets = r#"<workbook><sheets><sheet name="填报" r:id="rId1"/></sheets></workbook>"#;
    zip.start_file("xl/workbook.xml", stored).ok()?;
    zip.write_all(sheets.as_bytes()).ok()?;
    zip.start_file("xl/worksheets/sheet1.xml", stored).ok()?;
    zip.write_all(xml).ok()?;
    Some(zip.finish().ok()?.into_inner())
}

fuzz_target!(|data: &[u8]| {
    let Some((&format, body)) = data.split_first() else { return };
    let (name, file) = if format == b'c' {
        ("units.csv", body.to_vec())
    } else {
        let Some(file) = workbook(body) else { return };
        ("units.xlsx", file)
    };
    let Ok(rows) = rubric::data::sheet::open(Path::new(name), Cursor::new(file)) else { return };
    for unit in rows.flatten() {
        let mut stack: Vec<&Node> = vec![&unit.data];
        while let Some(node) = stack.pop() {
            let NodeKind::Table(entries) = &node.kind else { continue };
            for entry in entries {
                if let NodeKind::Table(_) = entry.value.kind {
                    stack.push(&entry.value);
                    continue;
                }
                let cell = unit.locate(&entry.value.span);
                assert!(cell.is_some_and(|c| c.text.get(c.span).is_some()), "{}: {}", entry.key, unit.typed);
            }
        }
    }
});
