//! A sheet's layout — what each column of row 1 names — and its rows as units:
//! cells → a data tree per row, bound like a data file's (no text is written
//! or parsed on the way).
//!
//! Numbers are read exactly as the cell holds them (digit for digit; only the
//! form changes: `.5` → `0.5`, `007` → `7`, `1.5E-3` → `0.0015`). For `.xlsx`
//! only, Excel's float noise is removed: see [`crate::data::sheet`] for the
//! rule. In a `[unit]` column every value is text (`year` 2022 → `"2022"`,
//! which the binder reads the same as a number). In a score column
//! (`judged.*`, `reported.total`, `reported.items.*`, `reported.sections.*`) a
//! number stored as text (`'2.5`) is read as the number, since a score must be
//! one; elsewhere text stays text.
//!
//! Every value keeps where it came from: its spans index the row's
//! [`SheetUnit::typed`] text (a line per cell: the column's heading, then the
//! value as typed), and [`SheetUnit::places`] names each line's cell, so a
//! message says `填报!E3`, the heading and what the clerk typed.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::cells::{cell_ref, column_letters, Cell, Row, Typed};
use super::columns::{classify, Target};
use super::number::DecimalText;
use super::{Bad, Place, Problem, SheetUnit, DESCRIPTION_MARKER};
use crate::data::{Entry, Node, NodeKind};
use crate::tr;

/// A column's place in the data file, worked out once for every row.
struct Header {
    target: Target,
    /// The table it is written in: an index into [`TABLES`].
    table: u8,
    /// Its key as the data tree holds it (`在职人员数`).
    name: String,
    /// The heading as written in row 1 (`inputs.在职人员数`, `在职人员数`).
    heading: String,
    /// What its values are.
    kind: Kind,
    /// The column's letters (`C`).
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
                Cell::Text(text) | Cell::Number(text) | Cell::Field(text) => text.trim().to_string(),
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
            let table = slot.0;
            let kind = if table == 0 {
                Kind::Unit
            } else if is_score(&target) {
                Kind::Score
            } else {
                Kind::Value
            };
            let letters = column_letters(column);
            let heading = key.clone();
            let name = match &target {
                Target::Unit(k)
                | Target::Input(k)
                | Target::Judged(k)
                | Target::NotApplicable(k)
                | Target::Reported(k)
                | Target::ReportedItem(k)
                | Target::ReportedSection(k) => k.clone(),
            };
            headers.insert(column, Header { target, table, name, heading, kind, letters });
        }
        if problems.is_empty() {
            Ok(Layout { file: file.to_string(), sheet, from_xlsx, headers })
        } else {
            Err(problems)
        }
    }

    /// What each named column holds, by column number.
    pub(crate) fn targets(&self) -> impl Iterator<Item = (u32, &Target)> {
        self.headers.iter().map(|(column, header)| (*column, &header.target))
    }

    /// True for `.xlsx` (whose numbers may carry Excel's float noise).
    pub(crate) fn is_xlsx(&self) -> bool {
        self.from_xlsx
    }

    /// True for the template's description row: row 2, its first cell (A2)
    /// starting with [`DESCRIPTION_MARKER`] or with `说明`.
    pub(crate) fn is_description(&self, row: u32, cells: &Row) -> bool {
        row == 2
            && cells.get(&1).is_some_and(|cell| match cell {
                Cell::Text(text) | Cell::Field(text) => {
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

    /// `units.xlsx · 填报 · row 5 (乐至县劳动镇人民政府)` (`第5行` in Chinese): the
    /// row, and the unit's name (else its project) when it has one.
    pub(crate) fn label(&self, row: u32, cells: &Row) -> String {
        let at = tr!("row {row}", "第{row}行");
        let mut label = match &self.sheet {
            Some(sheet) => format!("{} · {sheet} · {at}", self.file),
            None => format!("{} · {at}", self.file),
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
        // A line break (a name typed with Alt+Enter) or another control character
        // would spoil the label where it is shown on one line.
        if label.contains(char::is_control) {
            label = label.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        }
        label
    }

    /// One row as a unit: its values table by table, in column order within a
    /// table, as a data tree whose spans index the row's typed text.
    fn to_unit(&self, row: u32, cells: &Row) -> SheetUnit {
        let mut lines: Vec<(&Header, &Cell)> =
            cells.iter().filter_map(|(column, cell)| Some((self.headers.get(column)?, cell))).collect();
        lines.sort_by_key(|(header, _)| header.table);
        let label = self.label(row, cells);
        // Offset 0 is no cell's: the tables and the row as a whole sit there.
        let mut typed = String::with_capacity(1 + 32 * lines.len());
        typed.push('\n');
        let mut places = Vec::with_capacity(lines.len());
        let mut tree = Tree { tables: Vec::new() };
        for (header, cell) in lines {
            let cell = &*cell.typed();
            if tree.tables.last().is_none_or(|t| t.index != header.table) {
                tree.tables.push(Table::new(header.table));
            }
            let start = typed.len();
            typed.push_str(&header.heading);
            let key_span = start..typed.len();
            typed.push_str(" = ");
            let value_start = typed.len();
            let kind = match header.kind {
                Kind::Unit => {
                    let text = unit_text(cell, self.from_xlsx);
                    show(&text, &mut typed);
                    NodeKind::String(text)
                }
                Kind::Score => score_kind(cell, self.from_xlsx, &mut typed),
                Kind::Value => value_kind(cell, self.from_xlsx, &mut typed),
            };
            let value = Node { kind, span: value_start..typed.len() };
            places.push(Place { line: start..typed.len(), column: header.letters.clone(), heading: header.heading.clone() });
            typed.push('\n');
            tree.add(Entry { key: header.name.clone(), key_span, value });
        }
        SheetUnit { label, row, data: tree.root(), typed, places }
    }
}

/// A row's data tree, table by table.
struct Tree {
    tables: Vec<Table>,
}

/// One table of the row (`[inputs]`, `[reported.items]` …) and its values.
/// Tables have no place of their own: a message about a whole table (an
/// input missing from `[inputs]`) is about the row.
struct Table {
    index: u8,
    entries: Vec<Entry>,
}

impl Table {
    fn new(index: u8) -> Table {
        Table { index, entries: Vec::new() }
    }

    fn node(self) -> Node {
        Node { kind: NodeKind::Table(self.entries), span: 0..0 }
    }
}

impl Tree {
    fn add(&mut self, entry: Entry) {
        if let Some(table) = self.tables.last_mut() {
            table.entries.push(entry);
        }
    }

    /// The root table: `unit`, `inputs` … at the top, `reported.items` and
    /// `reported.sections` inside `reported` (given or not).
    fn root(self) -> Node {
        let mut entries: Vec<Entry> = Vec::new();
        let mut reported: Option<Node> = None;
        for table in self.tables {
            let (index, nested) = (table.index, table.index > REPORTED);
            if index == REPORTED {
                // Tables come in order: `reported` before `reported.items` and `reported.sections`.
                reported = Some(table.node());
            } else if nested {
                let parent = reported.get_or_insert_with(|| Node { kind: NodeKind::Table(Vec::new()), span: 0..0 });
                if let NodeKind::Table(children) = &mut parent.kind {
                    children.push(Entry { key: table_name(index, 1), key_span: 0..0, value: table.node() });
                }
            } else {
                entries.push(Entry { key: table_name(index, 0), key_span: 0..0, value: table.node() });
            }
        }
        if let Some(value) = reported {
            entries.push(Entry { key: table_name(REPORTED, 0), key_span: 0..0, value });
        }
        Node { kind: NodeKind::Table(entries), span: 0..0 }
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

/// A cell as a value (numbers exactly as written, yes/no as booleans, text as
/// text), its text as typed added to `typed`.
fn value_kind(cell: &Cell, from_xlsx: bool, typed: &mut String) -> NodeKind {
    match cell {
        Cell::Number(raw) if DecimalText::is_plain(raw) => number(raw.clone(), typed),
        Cell::Number(raw) => match DecimalText::parse(raw) {
            Some(n) if from_xlsx => number(n.without_excel_noise().to_toml(), typed),
            Some(n) => number(n.to_toml(), typed),
            None => text(raw, typed),
        },
        Cell::Bool(b) => {
            typed.push_str(if *b { "TRUE" } else { "FALSE" });
            NodeKind::Bool(*b)
        }
        Cell::Text(t) => text(t, typed),
        Cell::Field(_) => value_kind(&cell.typed(), from_xlsx, typed),
    }
}

fn number(literal: String, typed: &mut String) -> NodeKind {
    typed.push_str(&literal);
    NodeKind::Number(literal)
}

fn text(t: &str, typed: &mut String) -> NodeKind {
    show(t, typed);
    NodeKind::String(t.to_string())
}

/// Adds a cell's text to the row's typed text, on one line: a line break typed
/// in the cell (Alt+Enter) is shown as a space.
fn show(t: &str, typed: &mut String) {
    typed.extend(t.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }));
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

/// A score cell: as [`value_kind`], except that a number stored as text (`'2.5`,
/// a cell formatted as text before it was typed in) is the number it reads as.
fn score_kind(cell: &Cell, from_xlsx: bool, typed: &mut String) -> NodeKind {
    match cell {
        Cell::Text(t) => match DecimalText::parse(t) {
            Some(n) => {
                typed.push_str(t.trim());
                NodeKind::Number(n.to_toml())
            }
            None => text(t, typed),
        },
        _ => value_kind(cell, from_xlsx, typed),
    }
}

/// A cell as text, for a `[unit]` field.
pub(crate) fn unit_text(cell: &Cell, from_xlsx: bool) -> String {
    match cell.view() {
        Typed::Number(raw) if from_xlsx => {
            DecimalText::parse(raw).map_or_else(|| raw.to_string(), |n| n.without_excel_noise().to_text())
        }
        Typed::Number(raw) | Typed::Text(raw) => raw.to_string(),
        Typed::Bool(b) => b.to_string(),
    }
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

    /// The value of `key` in table `table` of `unit`'s tree.
    fn value<'u>(unit: &'u SheetUnit, table: &[&str], key: &str) -> Option<&'u Node> {
        let mut node = &unit.data;
        for part in table {
            let NodeKind::Table(entries) = &node.kind else { return None };
            node = &entries.iter().find(|e| e.key == *part)?.value;
        }
        let NodeKind::Table(entries) = &node.kind else { return None };
        entries.iter().find(|e| e.key == key).map(|e| &e.value)
    }

    #[test]
    fn a_row_becomes_a_tree_and_every_value_keeps_its_cell() {
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
        assert_eq!(units[0].label, "units.xlsx · 填报 · row 5 (乐至县劳动镇人民政府)");
        assert_eq!(
            units[0].typed,
            "\nname = 乐至县劳动镇人民政府\nyear = 2023\n在职人员数 = 58\n有下属单位 = FALSE\njudged.21 = 0.3\n\
             reported.sections.二.4 = 21\n"
        );
        let number = |unit: &SheetUnit, table: &[&str], key: &str| match value(unit, table, key).map(|n| &n.kind) {
            Some(NodeKind::Number(n)) => n.clone(),
            other => panic!("{key}: {other:?}"),
        };
        assert_eq!(number(&units[0], &["inputs"], "在职人员数"), "58");
        // Excel's float noise is gone; a score typed as text is a number.
        assert_eq!(number(&units[0], &["judged"], "21"), "0.3");
        assert_eq!(number(&units[0], &["reported", "sections"], "二.4"), "21");
        assert_eq!(number(&units[1], &["judged"], "21"), "2.50");
        assert_eq!(value(&units[0], &["unit"], "year").map(|n| &n.kind), Some(&NodeKind::String("2023".into())));
        // Each value names its cell, the heading and the value as typed.
        let at = |unit: &SheetUnit, table: &[&str], key: &str| {
            let node = value(unit, table, key).expect("a value");
            unit.locate(&node.span).map(|c| (c.cell, c.text[c.span].to_string()))
        };
        assert_eq!(at(&units[0], &["inputs"], "在职人员数"), Some(("C5".into(), "58".into())));
        assert_eq!(at(&units[0], &["reported", "sections"], "二.4"), Some(("E5".into(), "21".into())));
        assert_eq!(at(&units[1], &["inputs"], "在职人员数"), Some(("C6".into(), "五十\"八\"".into())));
        assert_eq!(units[1].label, "units.xlsx · 填报 · row 6");
        // A table is the row's, not a cell's.
        assert!(units[0].locate(&(0..0)).is_none());
        let zh = crate::base::i18n::with_lang(crate::base::i18n::Lang::Zh, || layout.unit(5, &five));
        assert_eq!(zh.map(|u| u.label).ok().as_deref(), Some("units.xlsx · 填报 · 第5行 (乐至县劳动镇人民政府)"));
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
        assert_eq!(label, "u.xlsx · 填报 · row 3 (x)");
        assert_eq!(problems.iter().map(|p| p.location.as_str()).collect::<Vec<_>>(), ["填报!B3"]);
        assert!(problems[0].message.contains("no name in row 1"), "{}", problems[0]);
        assert!(layout(&row(&[(1, text("x"))]), 3).is_err());
        assert!(Layout::new("u.csv", None, false, None).err().is_some_and(|p| p[0].location == "u.csv!A1"));
    }
}
