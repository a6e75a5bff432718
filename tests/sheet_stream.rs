//! Spreadsheets read one row at a time (`rubric::data::sheet::open`): the same units
//! as reading the whole sheet, in row order whatever order the file keeps its
//! rows in, and a bad row failing alone while the rows around it are read.

mod common;

use std::io::{Cursor, Read, Write};
use std::path::Path;

use rubric::check::model::Checked;
use rubric::data::sheet::{open, read_units, Bad, SheetUnit};
use rubric::data::NodeKind;
use rust_xlsxwriter::Workbook;

const DEPARTMENT: &str = "lezhi-2023-department-overall";

fn checked() -> Checked {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics").join(format!("{DEPARTMENT}.rubric"));
    let text = std::fs::read_to_string(&path).expect("the rubric is readable");
    common::check(&text).0.expect("the rubric checks")
}

/// `n` generated units as rows: the column names first.
fn table(n: usize) -> Vec<Vec<String>> {
    rubric::author::generate::table(&checked(), n, 7)
}

/// The rows as a workbook with one sheet, `填报`: numbers as numbers, yes/no as
/// booleans, text as text.
fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("填报").expect("a name");
    for (r, row) in (0u32..).zip(rows) {
        for (c, text) in (0u16..).zip(row) {
            if text.is_empty() {
                continue;
            }
            match (text.as_str(), text.parse::<f64>()) {
                (_, Ok(n)) if r > 0 && n.to_string() == *text => sheet.write_number(r, c, n),
                ("true" | "false", _) if r > 0 => sheet.write_boolean(r, c, text == "true"),
                _ => sheet.write_string(r, c, text),
            }
            .expect("a cell");
        }
    }
    workbook.save_to_buffer().expect("saved")
}

/// The workbook with the `<row>` elements of its sheet rearranged by `reorder`.
fn reordered(bytes: &[u8], reorder: impl Fn(&mut Vec<String>)) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("an entry");
        let name = file.name().to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).expect("readable");
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(data).expect("UTF-8");
            let (start, end) = (xml.find("<row ").expect("rows"), xml.find("</sheetData>").expect("the end"));
            let mut rows: Vec<String> = xml[start..end].split_inclusive("</row>").map(str::to_string).collect();
            reorder(&mut rows);
            data = format!("{}{}{}", &xml[..start], rows.concat(), &xml[end..]).into_bytes();
        }
        writer.start_file(name, zip::write::SimpleFileOptions::default()).expect("an entry");
        writer.write_all(&data).expect("written");
    }
    writer.finish().expect("finished").into_inner()
}

/// Every item of a streamed sheet, opened from `bytes`.
fn streamed(name: &str, bytes: &[u8]) -> Vec<Result<SheetUnit, Bad>> {
    match open(Path::new(name), Cursor::new(bytes.to_vec())) {
        Ok(rows) => rows.collect(),
        Err(problems) => panic!("{name}: {problems:?}"),
    }
}

fn units(items: Vec<Result<SheetUnit, Bad>>) -> Vec<SheetUnit> {
    items.into_iter().map(|item| item.unwrap_or_else(|bad| panic!("{bad:?}"))).collect()
}

#[test]
fn a_streamed_csv_and_xlsx_give_the_units_of_the_whole_sheet() {
    let rows = table(300);
    let csv = rubric::data::sheet::csv::write(&rows);
    let from_csv = units(streamed("units.csv", csv.as_bytes()));
    assert_eq!(from_csv.len(), 300);
    assert_eq!(read_units(Path::new("units.csv"), csv.as_bytes()).as_ref(), Ok(&from_csv));
    assert_eq!(from_csv[0].label, "units.csv · row 2 (模拟单位01)");
    assert_eq!(from_csv[299].label, "units.csv · row 301 (模拟单位300)");
    let book = xlsx(&rows);
    let from_xlsx = units(streamed("units.xlsx", &book));
    assert_eq!(read_units(Path::new("units.xlsx"), &book).as_ref(), Ok(&from_xlsx));
    // Row 1 last in the file: the sheet is read whole and sorted (the way every
    // sheet was read before rows were streamed); the same units, in row order.
    let header_last = reordered(&book, |rows| rows.rotate_left(1));
    assert_eq!(units(streamed("units.xlsx", &header_last)), from_xlsx);
    // Rows 2–4 after row 10 (no writer does this; Excel refuses such a file): the
    // rows read before the disorder was seen come first, then the rest in row
    // order; every row once.
    let late = reordered(&book, |rows| {
        let moved: Vec<String> = rows.drain(1..4).collect();
        let at = rows.iter().position(|r| r.starts_with("<row r=\"10\"")).expect("row 10") + 1;
        rows.splice(at..at, moved);
    });
    let numbers: Vec<u32> = units(streamed("units.xlsx", &late)).iter().map(|u| u.row).collect();
    let expected: Vec<u32> = (5..=10).chain(2..=4).chain(11..=301).collect();
    assert_eq!(numbers, expected);
    // The same data from CSV and xlsx: only the labels differ.
    for (c, x) in from_csv.iter().zip(&from_xlsx) {
        assert_eq!(c.label, x.label.replace("units.xlsx · 填报", "units.csv"));
        assert_eq!((&c.data, &c.typed, &c.places), (&x.data, &x.typed, &x.places));
    }
}

/// Every value of a row's tree names its cell: the column's heading and the
/// value as typed; and the row binds without a panic.
fn every_value_names_its_cell(unit: &SheetUnit, checked: &Checked) {
    let mut stack = vec![(&unit.data, String::new())];
    let mut values = 0;
    while let Some((node, prefix)) = stack.pop() {
        let NodeKind::Table(entries) = &node.kind else { continue };
        for entry in entries {
            let key = if prefix.is_empty() { entry.key.clone() } else { format!("{prefix}.{}", entry.key) };
            if let NodeKind::Table(_) = entry.value.kind {
                assert!(unit.locate(&entry.value.span).is_none(), "a table is the row's, not a cell's");
                stack.push((&entry.value, key));
                continue;
            }
            values += 1;
            let cell = unit.locate(&entry.value.span).unwrap_or_else(|| panic!("{key} has a cell: {}", unit.typed));
            assert!(cell.cell.ends_with(&unit.row.to_string()), "{key}: {}", cell.cell);
            assert!(key.ends_with(&entry.key) && cell.heading.ends_with(&entry.key), "{key} under {}", cell.heading);
            assert!(cell.text.starts_with(&cell.heading), "{}", cell.text);
            let shown = &cell.text[cell.span.clone()];
            match &entry.value.kind {
                NodeKind::Number(n) => assert!(!shown.is_empty() && (shown == n || shown.trim() != ""), "{shown} {n}"),
                NodeKind::String(t) => assert_eq!(shown, t.replace(['\n', '\r'], " "), "{key}"),
                NodeKind::Bool(b) => assert_eq!(shown, if *b { "TRUE" } else { "FALSE" }),
                other => panic!("{key}: a cell gives no {other:?}"),
            }
            let key_cell = unit.locate(&entry.key_span).expect("the key has the cell too");
            assert_eq!(&key_cell.text[key_cell.span.clone()], cell.heading, "{key}");
        }
    }
    assert_eq!(values, unit.places.len(), "every cell is a value: {}", unit.typed);
    let _ = rubric::data::bind::load_tree(&unit.data, checked);
}

#[test]
fn every_value_of_a_row_keeps_its_cell() {
    let checked = checked();
    let mut rows = table(200);
    // Cells the generator does not write: text in number and score columns,
    // quotes, line breaks and control characters, numbers in exponent form, and
    // the reported total and items and sections (with and without `reported`).
    let header = rows.first().cloned().unwrap_or_default();
    let column = |name: &str| header.iter().position(|h| h == name);
    let extra = ["reported.total", "reported.items.1", "reported.sections.一"];
    for (i, row) in rows.iter_mut().enumerate().skip(1) {
        if let Some(name) = column("name").and_then(|c| row.get_mut(c)).filter(|_| i % 5 == 0) {
            name.push_str("\n（二）\r\u{7}");
        }
        if let Some(first_input) = column("在职人员数").or(Some(3)) {
            if let Some(cell) = row.get_mut(first_input) {
                *cell = match i % 7 {
                    0 => "五十\"八\"\n\t\u{1}".to_string(),
                    1 => "1.5E-3".to_string(),
                    2 => "1e99".to_string(),
                    3 => " 58 ".to_string(),
                    _ => cell.clone(),
                };
            }
        }
        let scores = match i % 4 {
            0 => ["", "1", ""],
            1 => ["3", "'2.5", "0.5"],
            2 => ["", "", "2"],
            _ => ["", "", ""],
        };
        row.resize(header.len(), String::new());
        row.extend(scores.iter().map(|s| s.to_string()));
    }
    if let Some(first) = rows.first_mut() {
        first.extend(extra.iter().map(|e| e.to_string()));
    }
    let csv = rubric::data::sheet::csv::write(&rows);
    let from_csv = units(streamed("units.csv", csv.as_bytes()));
    let from_xlsx = units(streamed("units.xlsx", &xlsx(&rows)));
    assert_eq!(from_csv.len(), 200);
    for unit in from_csv.iter().chain(&from_xlsx) {
        every_value_names_its_cell(unit, &checked);
    }
    // `reported.items` without `reported.total`: the `reported` table holds only `items`.
    let reported = |u: &&SheetUnit| match &u.data.kind {
        NodeKind::Table(entries) => entries.iter().find(|e| e.key == "reported").map(|e| e.value.clone()),
        _ => None,
    };
    let implicit = from_csv.iter().filter_map(|u| reported(&u)).filter(|r| match &r.kind {
        NodeKind::Table(entries) => entries.iter().all(|e| e.key == "items" || e.key == "sections"),
        _ => false,
    });
    assert!(implicit.count() > 0);
}

#[test]
fn a_stray_value_in_row_50_fails_that_row_and_the_others_are_read() {
    let mut rows = table(60);
    let width = rows[0].len();
    // Column width + 2 has no name; row 50 is rows[49].
    rows[49].extend([String::new(), "stray".to_string()]);
    let column = common::column_letters(width + 2);
    let csv = rubric::data::sheet::csv::write(&rows);
    for (name, bytes, place) in
        [("u.csv", csv.into_bytes(), "u.csv".to_string()), ("u.xlsx", xlsx(&rows), "填报".to_string())]
    {
        let items = streamed(name, &bytes);
        assert_eq!(items.len(), 60, "{name}");
        let bad: Vec<usize> = items.iter().enumerate().filter(|(_, i)| i.is_err()).map(|(at, _)| at).collect();
        assert_eq!(bad, [48], "{name}: only row 50 fails");
        let Some(Err(Bad::Row { label, problems })) = items.get(48) else { panic!("{name}: {:?}", items.get(48)) };
        assert!(label.ends_with("row 50 (模拟单位49)"), "{label}");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].location, format!("{place}!{column}50"));
        assert!(problems[0].message.contains(&format!("column {column} has no name in row 1")), "{}", problems[0]);
        let rows_read: Vec<&str> = items.iter().filter_map(|i| i.as_ref().ok()).map(|u| u.label.as_str()).collect();
        assert_eq!(rows_read.len(), 59);
        assert!(rows_read[47].contains("row 49") && rows_read[48].contains("row 51"), "{rows_read:?}");
        // Read whole, the sheet is still refused, with the cell.
        let problems = read_units(Path::new(name), &bytes).expect_err("a stray value");
        assert_eq!(problems.iter().map(|p| p.location.clone()).collect::<Vec<_>>(), [format!("{place}!{column}50")]);
    }
}

#[test]
fn a_file_that_goes_bad_after_some_rows_keeps_them() {
    let rows = table(5);
    let mut csv = rubric::data::sheet::csv::write(&rows).into_bytes();
    // Row 7 is GBK, not UTF-8.
    csv.extend_from_slice(b"\xB5\xA5\xCE\xBB,1\r\n");
    let items = streamed("u.csv", &csv);
    assert_eq!(items.iter().filter(|i| i.is_ok()).count(), 5);
    let Some(Err(Bad::File(problems))) = items.last() else { panic!("{:?}", items.last()) };
    assert_eq!(problems[0].location, "u.csv");
    assert!(problems[0].message.contains("line 7"), "{}", problems[0]);
    // A header problem refuses the file at once.
    let twice = open(Path::new("u.csv"), Cursor::new("name,name\r\n甲,乙\r\n")).err().unwrap_or_default();
    assert_eq!(twice.iter().map(|p| p.location.as_str()).collect::<Vec<_>>(), ["u.csv!B1"]);
}

/// Found by fuzzing the sheet reader (`fuzz/fuzz_targets/sheet.rs`): `00e4` was
/// once written into the row as `00000`, which is no number.
#[test]
fn a_zero_with_an_exponent_is_read_as_zero() {
    let csv = b"0e4.\x11\0\n\n10\n\n00e4\n4e4\n4.\x11";
    let items = streamed("units.csv", csv);
    let rows: Vec<&SheetUnit> = items.iter().flatten().collect();
    assert_eq!(rows.len(), 4, "{items:?}");
    let zero = rows.iter().find(|u| u.row == 5).expect("row 5");
    let NodeKind::Table(tables) = &zero.data.kind else { panic!("a table") };
    let value = tables.iter().find_map(|t| match &t.value.kind {
        NodeKind::Table(entries) => entries.first().map(|e| (e.value.kind.clone(), zero.locate(&e.value.span))),
        _ => None,
    });
    let Some((NodeKind::Number(n), Some(cell))) = value else { panic!("{value:?}") };
    assert_eq!((n.as_str(), cell.cell.as_str()), ("0", "A5"));
}
