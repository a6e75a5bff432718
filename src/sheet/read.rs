//! Reading units from a spreadsheet: cells → one TOML data file per row.
//!
//! The file's kind is told by its first bytes (`PK` is an `.xlsx` zip; the OLE
//! signature of `.xls` / `.et` is refused with a clear message), else by its
//! extension: `.csv` or `.txt` is CSV.
//!
//! Numbers are written into the TOML text exactly as the cell holds them (digit
//! for digit; only the form changes where TOML needs it: `.5` → `0.5`, `007` →
//! `7`, `1.5E-3` → `0.0015`). For `.xlsx` only, Excel's float noise is removed:
//! see [`crate::sheet`] for the rule. In a `[unit]` column every value is text
//! (`year` 2022 → `"2022"`, which the binder reads the same as a number). In a
//! score column (`judged.*`, `reported.total`, `reported.items.*`,
//! `reported.sections.*`) a number stored as text (`'2.5`) is read as the number,
//! since a score must be a number; elsewhere text stays text.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use super::cells::{cell_ref, Cell, Grid};
use super::columns::{classify, Target};
use super::number::DecimalText;
use super::{csv, xlsx, Problem, SheetUnit, DESCRIPTION_MARKER};
use crate::tr;

/// The signature of an OLE compound file (`.xls`, `.et`, old `.doc`).
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Reads every unit of a spreadsheet (`.xlsx` or `.csv`), one per row after the
/// column names in row 1 and the template's description row, if present.
///
/// `path` names the file in labels and messages (only its file name is used);
/// `bytes` is its content. A row with a bad cell still gives its unit (the binder
/// reports the value); only a file that cannot be read as a sheet of units is an
/// `Err`: not `.xlsx` or CSV, damaged, not UTF-8 (CSV), no column names, two
/// columns with the same name, or values under a column without a name.
pub fn read_units(path: &Path, bytes: &[u8]) -> Result<Vec<SheetUnit>, Vec<Problem>> {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let extension = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let grid = if bytes.starts_with(b"PK") {
        xlsx::read(&name, bytes)?
    } else if bytes.starts_with(OLE) || extension == "xls" || extension == "et" {
        return Err(vec![Problem::new(
            &name,
            tr!(
                "an Excel 97-2003 (.xls) or WPS (.et) workbook is not supported: save it as .xlsx (Excel 工作簿) or as \"CSV UTF-8\"",
                "不支持 Excel 97-2003（.xls）或 WPS（.et）格式的工作簿：请另存为 .xlsx（Excel 工作簿）或“CSV UTF-8”"
            ),
        )]);
    } else if matches!(extension.as_str(), "xlsx" | "xlsm") {
        xlsx::read(&name, bytes)?
    } else if matches!(extension.as_str(), "csv" | "txt") {
        csv::read(&name, bytes)?
    } else {
        return Err(vec![Problem::new(
            &name,
            tr!(
                "not a spreadsheet this tool reads: use .xlsx or .csv (UTF-8)",
                "不是本工具能读取的表格文件：请使用 .xlsx 或 .csv（UTF-8）"
            ),
        )]);
    };
    units(&name, &grid)
}

/// A column's place in the data file.
struct Header {
    target: Target,
}

/// The sheet part of a cell location: the sheet's name, or the file's for CSV.
fn place(file: &str, grid: &Grid) -> String {
    grid.sheet.clone().unwrap_or_else(|| file.to_string())
}

/// The rows of `grid` as units.
fn units(file: &str, grid: &Grid) -> Result<Vec<SheetUnit>, Vec<Problem>> {
    let sheet = place(file, grid);
    let headers = headers(file, grid)?;
    let description = grid.rows.get(&2).and_then(|row| row.get(&1)).is_some_and(|cell| match cell {
        Cell::Text(text) => {
            let text = text.trim_start();
            text.starts_with(DESCRIPTION_MARKER) || text.starts_with("说明")
        }
        _ => false,
    });
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for (&row, cells) in grid.rows.range(2..) {
        if row == 2 && description {
            continue;
        }
        for &column in cells.keys().filter(|c| !headers.contains_key(c)) {
            let at = cell_ref(column, row);
            let letters = super::cells::column_letters(column);
            problems.push(Problem::new(
                format!("{sheet}!{at}"),
                tr!(
                    "cell {at} has a value, but column {letters} has no name in row 1: write the column's name (an input's name, judged.<id> …) in {letters}1, or clear the column",
                    "单元格 {at} 有值，但第 1 行中 {letters} 列没有列名：请在 {letters}1 中填写列名（输入项名称、judged.<id> 等），或清空该列"
                ),
            ));
        }
        if problems.is_empty() {
            out.push(unit(file, grid, &headers, row, cells));
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Row 1: column number → header. Two columns for the same key are a problem.
fn headers(file: &str, grid: &Grid) -> Result<BTreeMap<u32, Header>, Vec<Problem>> {
    let sheet = place(file, grid);
    let Some(row) = grid.rows.get(&1) else {
        return Err(vec![Problem::new(
            format!("{sheet}!A1"),
            tr!(
                "row 1 is empty: it must hold the column names (name, the inputs' names, judged.<id> …); start from the template",
                "第 1 行为空：第 1 行应为列名（name、各输入项名称、judged.<id> 等）；请从模板开始填写"
            ),
        )]);
    };
    let mut out = BTreeMap::new();
    let mut seen: BTreeMap<(u8, String), u32> = BTreeMap::new();
    let mut problems = Vec::new();
    for (&column, cell) in row {
        let key = match cell {
            Cell::Text(text) | Cell::Number(text) => text.trim().to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        };
        if key.is_empty() {
            continue;
        }
        let target = classify(&key);
        let slot = slot(&target);
        if let Some(first) = seen.get(&slot) {
            let (at, first) = (cell_ref(column, 1), cell_ref(*first, 1));
            problems.push(Problem::new(
                format!("{sheet}!{at}"),
                tr!(
                    "column `{key}` in {at} is the same as the column in {first}: every column name may appear once",
                    "{at} 中的列 `{key}` 与 {first} 中的列重复：每个列名只能出现一次"
                ),
            ));
            continue;
        }
        seen.insert(slot, column);
        out.insert(column, Header { target });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The table (as a number, for ordering) and key a target is written under.
fn slot(target: &Target) -> (u8, String) {
    match target {
        Target::Unit(k) => (0, k.clone()),
        Target::Input(k) => (1, k.clone()),
        Target::Judged(k) => (2, k.clone()),
        Target::NotApplicable(k) => (3, k.clone()),
        Target::Reported(k) => (4, k.clone()),
        Target::ReportedItem(k) => (5, k.clone()),
        Target::ReportedSection(k) => (6, k.clone()),
    }
}

const TABLES: [&str; 7] =
    ["unit", "inputs", "judged", "not_applicable", "reported", "reported.items", "reported.sections"];

/// One row as a unit.
fn unit(file: &str, grid: &Grid, headers: &BTreeMap<u32, Header>, row: u32, cells: &BTreeMap<u32, Cell>) -> SheetUnit {
    let mut tables: [Vec<String>; 7] = Default::default();
    let mut name = None;
    let mut project = None;
    for (column, cell) in cells {
        let Some(header) = headers.get(column) else { continue };
        let (table, key) = slot(&header.target);
        let value = if table == 0 {
            let text = unit_text(cell, grid.from_xlsx);
            match key.as_str() {
                "name" => name = Some(text.clone()),
                "project" => project = Some(text.clone()),
                _ => {}
            }
            toml_string(&text)
        } else if is_score(&header.target) {
            score(cell, grid.from_xlsx)
        } else {
            value(cell, grid.from_xlsx)
        };
        if let Some(lines) = tables.get_mut(usize::from(table)) {
            lines.push(format!("{} = {value}   # {}", toml_key(&key), cell_ref(*column, row)));
        }
    }
    let mut label = match &grid.sheet {
        Some(sheet) => format!("{file} · {sheet} · 第{row}行"),
        None => format!("{file} · 第{row}行"),
    };
    if let Some(who) = name.or(project).map(|n| n.trim().to_string()).filter(|n| !n.is_empty()) {
        let _ = write!(label, " ({who})");
    }
    let mut toml = format!("# {label}\n# every value is followed by the cell it was read from\n");
    for (table, lines) in TABLES.iter().zip(&tables) {
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(toml, "\n[{table}]");
        for line in lines {
            let _ = writeln!(toml, "{line}");
        }
    }
    SheetUnit { label, toml }
}

/// A cell as a TOML value: numbers exactly as written, yes/no as booleans, text
/// as a string.
fn value(cell: &Cell, from_xlsx: bool) -> String {
    match cell {
        Cell::Number(raw) => match DecimalText::parse(raw) {
            Some(number) if from_xlsx => number.without_excel_noise().to_toml(),
            Some(number) => number.to_toml(),
            None => toml_string(raw),
        },
        Cell::Bool(b) => b.to_string(),
        Cell::Text(text) => toml_string(text),
    }
}

/// True for the columns that hold a score: judged scores, the reported total,
/// item scores and section subtotals.
fn is_score(target: &Target) -> bool {
    match target {
        Target::Judged(_) | Target::ReportedItem(_) | Target::ReportedSection(_) => true,
        Target::Reported(field) => field == "total",
        _ => false,
    }
}

/// A score cell: as [`value`], except that a number stored as text (`'2.5`, a
/// cell formatted as text before it was typed in) is the number it reads as.
fn score(cell: &Cell, from_xlsx: bool) -> String {
    match cell {
        Cell::Text(text) => DecimalText::parse(text).map_or_else(|| toml_string(text), |n| n.to_toml()),
        _ => value(cell, from_xlsx),
    }
}

/// A cell as text, for a `[unit]` field.
fn unit_text(cell: &Cell, from_xlsx: bool) -> String {
    match cell {
        Cell::Number(raw) if from_xlsx => {
            DecimalText::parse(raw).map_or_else(|| raw.clone(), |n| n.without_excel_noise().to_text())
        }
        Cell::Number(raw) | Cell::Text(raw) => raw.clone(),
        Cell::Bool(b) => b.to_string(),
    }
}

/// A TOML key: bare when it can be, else quoted.
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key.chars().all(|c| c.is_ascii_alphabetic() || c == '_' || c == '-')
        && !matches!(key, "true" | "false");
    if bare {
        key.to_string()
    } else {
        toml_string(key)
    }
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[(u32, u32, Cell)]) -> Grid {
        let mut grid = Grid { sheet: Some("填报".into()), from_xlsx: true, ..Grid::default() };
        for (r, c, v) in rows {
            grid.put(*r, *c, v.clone());
        }
        grid
    }

    #[test]
    fn a_row_becomes_toml_with_cell_comments() {
        let text = |t: &str| Cell::Text(t.to_string());
        let g = grid(&[
            (1, 1, text("name")),
            (1, 2, text("year")),
            (1, 3, text("在职人员数")),
            (1, 4, text("judged.21")),
            (1, 5, text("reported.sections.二.4")),
            (1, 6, text("有下属单位")),
            (2, 1, text("【说明】the unit's name")),
            (2, 3, text("a whole number ≥ 0")),
            (5, 1, text("乐至县劳动镇人民政府")),
            (5, 2, Cell::Number("2023".into())),
            (5, 3, Cell::Number("58".into())),
            (5, 4, Cell::Number("0.30000000000000004".into())),
            (5, 5, Cell::Number("21".into())),
            (5, 6, Cell::Bool(false)),
            (6, 3, text("五十\"八\"")),
            (6, 4, text(" 2.50 ")),
        ]);
        let units = units("units.xlsx", &g).unwrap_or_default();
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].label, "units.xlsx · 填报 · 第5行 (乐至县劳动镇人民政府)");
        assert_eq!(
            units[0].toml,
            "# units.xlsx · 填报 · 第5行 (乐至县劳动镇人民政府)\n# every value is followed by the cell it was read from\n\n\
             [unit]\nname = \"乐至县劳动镇人民政府\"   # A5\nyear = \"2023\"   # B5\n\n\
             [inputs]\n\"在职人员数\" = 58   # C5\n\"有下属单位\" = false   # F5\n\n\
             [judged]\n\"21\" = 0.3   # D5\n\n\
             [reported.sections]\n\"二.4\" = 21   # E5\n"
        );
        assert_eq!(units[1].label, "units.xlsx · 填报 · 第6行");
        assert!(units[1].toml.contains("\"在职人员数\" = \"五十\\\"八\\\"\"   # C6"), "{}", units[1].toml);
        assert!(units[1].toml.contains("\"21\" = 2.50   # D6"), "{}", units[1].toml);
    }

    #[test]
    fn header_problems() {
        let text = |t: &str| Cell::Text(t.to_string());
        let twice = grid(&[(1, 1, text("name")), (1, 3, text("unit.name")), (3, 1, text("x"))]);
        let problems = units("u.xlsx", &twice).err().unwrap_or_default();
        assert_eq!(problems.iter().map(|p| p.location.as_str()).collect::<Vec<_>>(), ["填报!C1"]);
        let unnamed = grid(&[(1, 1, text("name")), (3, 1, text("x")), (3, 2, text("y"))]);
        let problems = units("u.xlsx", &unnamed).err().unwrap_or_default();
        assert_eq!(problems.iter().map(|p| p.location.as_str()).collect::<Vec<_>>(), ["填报!B3"]);
        let empty = grid(&[(3, 1, text("x"))]);
        assert!(units("u.xlsx", &empty).is_err());
        assert_eq!(toml_key("total"), "total");
        assert_eq!(toml_key("24"), "\"24\"");
        assert_eq!(toml_string("a\tb\u{1}"), "\"a\\tb\\u0001\"");
    }
}
