//! A sheet's layout — what each column of row 1 names — and its rows as units:
//! cells → one TOML data file per row.
//!
//! Numbers are written into the TOML text exactly as the cell holds them (digit
//! for digit; only the form changes where TOML needs it: `.5` → `0.5`, `007` →
//! `7`, `1.5E-3` → `0.0015`). For `.xlsx` only, Excel's float noise is removed:
//! see [`crate::data::sheet`] for the rule. In a `[unit]` column every value is text
//! (`year` 2022 → `"2022"`, which the binder reads the same as a number). In a
//! score column (`judged.*`, `reported.total`, `reported.items.*`,
//! `reported.sections.*`) a number stored as text (`'2.5`) is read as the number,
//! since a score must be a number; elsewhere text stays text.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::cells::{cell_ref, column_letters, Cell, Row};
use super::columns::{classify, Target};
use super::number::DecimalText;
use super::{Bad, Problem, SheetUnit, DESCRIPTION_MARKER};
use crate::data::{Entry, Node, NodeKind, Span};
use crate::tr;

/// A column's place in the data file, worked out once for every row.
struct Header {
    target: Target,
    /// The table it is written in: an index into [`TABLES`].
    table: u8,
    /// Its key as TOML writes it (`"在职人员数"`, `name`).
    key: String,
    /// Its key as the data tree holds it (`在职人员数`).
    name: String,
    /// What its values are.
    kind: Kind,
    /// The column's letters (`C`), for the cell comments.
    letters: String,
}

/// How a column's cells are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A `[unit]` field: always text.
    Unit,
    /// A score: a number stored as text is the number.
    Score,
    /// Anything else: the cell as it is.
    Value,
}

/// What the columns of a sheet name, read from its row 1: how every later row
/// becomes a unit.
pub(crate) struct Layout {
    /// The file's name, for labels.
    file: String,
    /// The sheet's name (`None` for CSV).
    sheet: Option<String>,
    /// True for `.xlsx` (numbers may carry float noise).
    from_xlsx: bool,
    /// Column number → header.
    headers: BTreeMap<u32, Header>,
}

impl Layout {
    /// The layout of a sheet whose first row with a value is `first` (its
    /// number and cells): row 1, or the sheet has no column names. Two columns
    /// for the same key are a problem.
    pub(crate) fn new(
        file: &str,
        sheet: Option<String>,
        from_xlsx: bool,
        first: Option<(u32, &Row)>,
    ) -> Result<Self, Vec<Problem>> {
        let place = sheet.clone().unwrap_or_else(|| file.to_string());
        let Some(row) = first.filter(|(number, _)| *number == 1).map(|(_, cells)| cells) else {
            return Err(vec![Problem::new(
                format!("{place}!A1"),
                tr!(
                    "row 1 is empty: it must hold the column names (name, the inputs' names, judged.<id> …); start from the template",
                    "第 1 行为空：第 1 行应为列名（name、各输入项名称、judged.<id> 等）；请从模板开始填写"
                ),
            )]);
        };
        let mut headers = BTreeMap::new();
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
                    format!("{place}!{at}"),
                    tr!(
                        "column `{key}` in {at} is the same as the column in {first}: every column name may appear once",
                        "{at} 中的列 `{key}` 与 {first} 中的列重复：每个列名只能出现一次"
                    ),
                ));
                continue;
            }
            seen.insert(slot.clone(), column);
            let (table, key) = slot;
            let kind = if table == 0 {
                Kind::Unit
            } else if is_score(&target) {
                Kind::Score
            } else {
                Kind::Value
            };
            let letters = column_letters(column);
            headers.insert(column, Header { target, table, key: toml_key(&key), name: key, kind, letters });
        }
        if problems.is_empty() {
            Ok(Layout { file: file.to_string(), sheet, from_xlsx, headers })
        } else {
            Err(problems)
        }
    }

    /// True for the template's description row: row 2, its first cell (A2)
    /// starting with [`DESCRIPTION_MARKER`] or with `说明`.
    pub(crate) fn is_description(&self, row: u32, cells: &Row) -> bool {
        row == 2
            && cells.get(&1).is_some_and(|cell| match cell {
                Cell::Text(text) => {
                    let text = text.trim_start();
                    text.starts_with(DESCRIPTION_MARKER) || text.starts_with("说明")
                }
                _ => false,
            })
    }

    /// Row `row` (after the header) as a unit; a row with a value under a
    /// column that has no name gives none.
    pub(crate) fn unit(&self, row: u32, cells: &Row) -> Result<SheetUnit, Bad> {
        let place = self.sheet.as_deref().unwrap_or(&self.file);
        let problems: Vec<Problem> = cells
            .keys()
            .filter(|c| !self.headers.contains_key(c))
            .map(|&column| {
                let at = cell_ref(column, row);
                let letters = column_letters(column);
                Problem::new(
                    format!("{place}!{at}"),
                    tr!(
                        "cell {at} has a value, but column {letters} has no name in row 1: write the column's name (an input's name, judged.<id> …) in {letters}1, or clear the column",
                        "单元格 {at} 有值，但第 1 行中 {letters} 列没有列名：请在 {letters}1 中填写列名（输入项名称、judged.<id> 等），或清空该列"
                    ),
                )
            })
            .collect();
        if problems.is_empty() {
            Ok(self.to_unit(row, cells))
        } else {
            Err(Bad::Row { label: self.label(row, cells), problems })
        }
    }

    /// `units.xlsx · 填报 · 第5行 (乐至县劳动镇人民政府)`: the row, and the unit's
    /// name (else its project) when it has one.
    fn label(&self, row: u32, cells: &Row) -> String {
        let mut label = match &self.sheet {
            Some(sheet) => format!("{} · {sheet} · 第{row}行", self.file),
            None => format!("{} · 第{row}行", self.file),
        };
        let field = |wanted: &str| {
            cells.iter().find_map(|(column, cell)| match &self.headers.get(column)?.target {
                Target::Unit(key) if key == wanted => Some(unit_text(cell, self.from_xlsx)),
                _ => None,
            })
        };
        if let Some(who) =
            field("name").or_else(|| field("project")).map(|n| n.trim().to_string()).filter(|n| !n.is_empty())
        {
            let _ = write!(label, " ({who})");
        }
        // The label heads the data text as a comment, which a line break (a name
        // typed with Alt+Enter) or another control character would end or spoil.
        label.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
    }

    /// One row as a unit: its values table by table, in column order within a
    /// table; with the data tree the text parses to, built as it is written.
    fn to_unit(&self, row: u32, cells: &Row) -> SheetUnit {
        let mut lines: Vec<(&Header, &Cell)> =
            cells.iter().filter_map(|(column, cell)| Some((self.headers.get(column)?, cell))).collect();
        lines.sort_by_key(|(header, _)| header.table);
        let label = self.label(row, cells);
        let mut toml = String::with_capacity(128 + label.len() + 48 * lines.len());
        let _ = write!(toml, "# {label}\n# every value is followed by the cell it was read from\n");
        let mut tree = Tree { tables: Vec::new(), plain: true };
        let row_number = row.to_string();
        for (header, cell) in lines {
            if tree.tables.last().is_none_or(|t| t.index != header.table) {
                toml.push('\n');
                let name = TABLES.get(usize::from(header.table)).copied().unwrap_or_default();
                tree.tables.push(Table::new(header.table, toml.len(), name));
                let _ = writeln!(toml, "[{name}]");
            }
            let key_span = toml.len()..toml.len() + header.key.len();
            toml.push_str(&header.key);
            toml.push_str(" = ");
            let start = toml.len();
            let kind = match header.kind {
                Kind::Unit => {
                    let text = unit_text(cell, self.from_xlsx);
                    push_toml_string(&mut toml, &text);
                    NodeKind::String(text)
                }
                Kind::Score => push_score(&mut toml, cell, self.from_xlsx),
                Kind::Value => push_value(&mut toml, cell, self.from_xlsx),
            };
            let value = Node { kind, span: start..toml.len() };
            tree.add(Entry { key: header.name.clone(), key_span, value });
            for part in ["   # ", &header.letters, &row_number, "\n"] {
                toml.push_str(part);
            }
        }
        let data = tree.plain.then(|| tree.root(toml.len()));
        SheetUnit { label, toml, data }
    }
}

/// The data tree of a row's TOML text, as `crate::data::parse` reads it.
struct Tree {
    tables: Vec<Table>,
    /// False when a value is one the TOML reader might read otherwise (a
    /// number in exponent form): then the text is parsed instead.
    plain: bool,
}

/// One `[header]` table of the text and its values.
struct Table {
    index: u8,
    /// Where its `[` is.
    start: usize,
    /// The spans of the header's parts (`reported`, `items`).
    parts: Vec<Span>,
    entries: Vec<Entry>,
}

impl Table {
    fn new(index: u8, start: usize, name: &str) -> Table {
        let mut at = start + 1;
        let parts = name
            .split('.')
            .map(|part| {
                let span = at..at + part.len();
                at = span.end + 1;
                span
            })
            .collect();
        Table { index, start, parts, entries: Vec::new() }
    }

    /// The table as a node: from its `[` to the end of its last value.
    fn node(self) -> Node {
        let end = self.entries.last().map_or(self.start, |e| e.value.span.end);
        Node { kind: NodeKind::Table(self.entries), span: self.start..end }
    }
}

impl Tree {
    fn add(&mut self, entry: Entry) {
        if matches!(&entry.value.kind, NodeKind::Number(n) if n.contains(['e', 'E'])) {
            self.plain = false;
        }
        if let Some(table) = self.tables.last_mut() {
            table.entries.push(entry);
        }
    }

    /// The root table: `[unit]`, `[inputs]` … at the top, `[reported.items]`
    /// and `[reported.sections]` inside `reported` (written or not).
    fn root(self, len: usize) -> Node {
        let mut entries: Vec<Entry> = Vec::new();
        let mut reported: Option<(Span, Node)> = None;
        for table in self.tables {
            let key = |i: usize| table.parts.get(i).cloned().unwrap_or_default();
            match table.parts.len() {
                1 if table.index == REPORTED => reported = Some((key(0), table.node())),
                1 => {
                    let (name, key_span) = (table_name(table.index, 0), key(0));
                    entries.push(Entry { key: name, key_span, value: table.node() });
                }
                _ => {
                    let (outer, inner) = (key(0), key(1));
                    let (index, outer_span) = (table.index, outer.clone());
                    let (_, parent) = reported.get_or_insert_with(|| {
                        (outer_span.clone(), Node { kind: NodeKind::Table(Vec::new()), span: outer_span })
                    });
                    if let NodeKind::Table(children) = &mut parent.kind {
                        children.push(Entry { key: table_name(index, 1), key_span: inner, value: table.node() });
                    }
                }
            }
        }
        if let Some((key_span, value)) = reported {
            entries.push(Entry { key: table_name(REPORTED, 0), key_span, value });
        }
        Node { kind: NodeKind::Table(entries), span: 0..len }
    }
}

/// The index of `reported` in [`TABLES`].
const REPORTED: u8 = 4;

/// Part `i` of the name of table `index` (`reported.items`: `reported`, `items`).
fn table_name(index: u8, i: usize) -> String {
    TABLES.get(usize::from(index)).and_then(|name| name.split('.').nth(i)).unwrap_or_default().to_string()
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

/// A cell as a TOML value: numbers exactly as written, yes/no as booleans, text
/// as a string.
fn push_value(out: &mut String, cell: &Cell, from_xlsx: bool) -> NodeKind {
    match cell {
        Cell::Number(raw) if DecimalText::is_plain(raw) => push_number(out, raw.clone()),
        Cell::Number(raw) => match DecimalText::parse(raw) {
            Some(number) if from_xlsx => push_number(out, number.without_excel_noise().to_toml()),
            Some(number) => push_number(out, number.to_toml()),
            None => push_string(out, raw),
        },
        Cell::Bool(b) => {
            out.push_str(if *b { "true" } else { "false" });
            NodeKind::Bool(*b)
        }
        Cell::Text(text) => push_string(out, text),
    }
}

fn push_number(out: &mut String, literal: String) -> NodeKind {
    out.push_str(&literal);
    NodeKind::Number(literal)
}

fn push_string(out: &mut String, text: &str) -> NodeKind {
    push_toml_string(out, text);
    NodeKind::String(text.to_string())
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

/// A score cell: as [`push_value`], except that a number stored as text (`'2.5`,
/// a cell formatted as text before it was typed in) is the number it reads as.
fn push_score(out: &mut String, cell: &Cell, from_xlsx: bool) -> NodeKind {
    match cell {
        Cell::Text(text) => match DecimalText::parse(text) {
            Some(number) => push_number(out, number.to_toml()),
            None => push_string(out, text),
        },
        _ => push_value(out, cell, from_xlsx),
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
    push_toml_string(&mut out, text);
    out
}

/// Writes `text` as a TOML basic string.
fn push_toml_string(out: &mut String, text: &str) {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[(u32, Cell)]) -> Row {
        cells.iter().cloned().collect()
    }

    fn text(t: &str) -> Cell {
        Cell::Text(t.to_string())
    }

    #[test]
    fn a_row_becomes_toml_with_cell_comments() {
        let header = row(&[
            (1, text("name")),
            (2, text("year")),
            (3, text("在职人员数")),
            (4, text("judged.21")),
            (5, text("reported.sections.二.4")),
            (6, text("有下属单位")),
        ]);
        let layout = Layout::new("units.xlsx", Some("填报".into()), true, Some((1, &header)));
        let Ok(layout) = layout else { panic!("{:?}", layout.err()) };
        let description = row(&[(1, text("【说明】the unit's name")), (3, text("a whole number ≥ 0"))]);
        assert!(layout.is_description(2, &description));
        assert!(!layout.is_description(3, &description));
        let five = row(&[
            (1, text("乐至县劳动镇人民政府")),
            (2, Cell::Number("2023".into())),
            (3, Cell::Number("58".into())),
            (4, Cell::Number("0.30000000000000004".into())),
            (5, Cell::Number("21".into())),
            (6, Cell::Bool(false)),
        ]);
        let six = row(&[(3, text("五十\"八\"")), (4, text(" 2.50 "))]);
        let units: Vec<SheetUnit> =
            [(5, &five), (6, &six)].iter().filter_map(|(r, c)| layout.unit(*r, c).ok()).collect();
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
        for unit in &units {
            let parsed = crate::data::parse(crate::data::Format::Toml, &unit.toml).ok();
            assert!(unit.data.is_some() && unit.data == parsed, "{}", unit.toml);
        }
        assert_eq!(units[1].label, "units.xlsx · 填报 · 第6行");
        assert!(units[1].toml.contains("\"在职人员数\" = \"五十\\\"八\\\"\"   # C6"), "{}", units[1].toml);
        assert!(units[1].toml.contains("\"21\" = 2.50   # D6"), "{}", units[1].toml);
    }

    #[test]
    fn header_problems() {
        let layout = |cells: &Row, number: u32| Layout::new("u.xlsx", Some("填报".into()), true, Some((number, cells)));
        let twice = row(&[(1, text("name")), (3, text("unit.name"))]);
        let problems = layout(&twice, 1).err().unwrap_or_default();
        assert_eq!(problems.iter().map(|p| p.location.as_str()).collect::<Vec<_>>(), ["填报!C1"]);
        let named = row(&[(1, text("name"))]);
        let Ok(named) = layout(&named, 1) else { panic!("a layout") };
        let stray = named.unit(3, &row(&[(1, text("x")), (2, text("y"))]));
        let Err(Bad::Row { label, problems }) = stray else { panic!("{stray:?}") };
        assert_eq!(label, "u.xlsx · 填报 · 第3行 (x)");
        assert_eq!(problems.iter().map(|p| p.location.as_str()).collect::<Vec<_>>(), ["填报!B3"]);
        assert!(problems[0].message.contains("no name in row 1"), "{}", problems[0]);
        assert!(layout(&row(&[(1, text("x"))]), 3).is_err());
        assert!(Layout::new("u.csv", None, false, None).err().is_some_and(|p| p[0].location == "u.csv!A1"));
        assert_eq!(toml_key("total"), "total");
        assert_eq!(toml_key("24"), "\"24\"");
        assert_eq!(toml_string("a\tb\u{1}"), "\"a\\tb\\u0001\"");
    }
}
