//! A spreadsheet of units → its rows, each as a data text and the data tree
//! built with it. Nothing may panic, and a row's tree must be exactly what its
//! text parses to (the batch binds the tree and reports problems in the text).
//! The input is a format byte (`c` for CSV, anything else for `.xlsx`) and the
//! file's text: a CSV file, or the XML of the `.xlsx` sheet, which the target
//! packs into a workbook.
#![no_main]

use std::io::{Cursor, Write};
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use rubric::data::{parse, Format};

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
        if let Some(tree) = &unit.data {
            let parsed = parse(Format::Toml, &unit.toml);
            assert_eq!(parsed.as_ref().ok(), Some(tree), "{}", unit.toml);
        }
    }
});
