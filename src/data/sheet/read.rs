//! Reading units from a spreadsheet, one row at a time.
//!
//! The file's kind is told by its first bytes (`PK` is an `.xlsx` zip; the OLE
//! signature of `.xls` / `.et` is refused with a clear message), else by its
//! extension: `.csv` or `.txt` is CSV.
//!
//! [`open`] reads row 1 (the column names) and gives a [`SheetRows`], which
//! reads on as its units are asked for: a CSV file line by line, an `.xlsx`
//! sheet unpacked as it is parsed (its shared strings are read whole). Whatever
//! the number of rows, only the row being read is in memory. [`read_units`]
//! reads them all.

use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;

use super::cells::Row;
use super::layout::Layout;
use super::{csv, xlsx, Bad, Problem, SheetUnit};
use crate::tr;

/// The signature of an OLE compound file (`.xls`, `.et`, old `.doc`).
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The rows of a sheet after its header, as they are read.
type Rows<'a> = Box<dyn Iterator<Item = Result<(u32, Row), Vec<Problem>>> + Send + 'a>;

/// The units of a spreadsheet, one per row after the column names in row 1 and
/// the template's description row, if present, read from the file as they are
/// asked for, in row order.
///
/// Each is a [`SheetUnit`], or why a row gave none ([`Bad::Row`]: a value under
/// a column without a name; the rows after it are read on), or why the file
/// cannot be read on ([`Bad::File`]: damaged, not UTF-8 from some line on; the
/// last item).
pub struct SheetRows<'a> {
    layout: Arc<Layout>,
    rows: Rows<'a>,
    sheet: Option<String>,
    done: bool,
}

/// A row read from a sheet and not yet made a unit: the cells, and the
/// sheet's layout that makes them one ([`PendingRow::unit`]), so that the
/// work can be done on another thread than the reading.
#[derive(Clone)]
pub struct PendingRow {
    layout: Arc<Layout>,
    row: u32,
    cells: Row,
}

impl std::fmt::Debug for PendingRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PendingRow({}, {} cells)", self.row, self.cells.len())
    }
}

impl PendingRow {
    /// The row as a unit, or why it gives none (a value under a column
    /// without a name).
    pub fn unit(&self) -> Result<SheetUnit, Bad> {
        self.layout.unit(self.row, &self.cells)
    }

    /// The row's label, as its unit has it: `units.xlsx · 填报 · row 5 (劳动镇)`.
    pub fn label(&self) -> String {
        self.layout.label(self.row, &self.cells)
    }

    /// The sheet's layout.
    pub(crate) fn layout(&self) -> &Arc<Layout> {
        &self.layout
    }

    /// The row's cells, by column.
    pub(crate) fn cells(&self) -> &Row {
        &self.cells
    }
}

impl SheetRows<'_> {
    /// The sheet's name (`None` for CSV).
    pub fn sheet(&self) -> Option<&str> {
        self.sheet.as_deref()
    }

    /// The next row, read but not yet made a unit; or why the file cannot be
    /// read on ([`Bad::File`], the last item).
    pub fn next_pending(&mut self) -> Option<Result<PendingRow, Bad>> {
        while !self.done {
            match self.rows.next() {
                Some(Ok((row, cells))) if self.layout.is_description(row, &cells) => {}
                Some(Ok((row, cells))) => return Some(Ok(PendingRow { layout: self.layout.clone(), row, cells })),
                Some(Err(problems)) => {
                    self.done = true;
                    return Some(Err(Bad::File(problems)));
                }
                None => self.done = true,
            }
        }
        None
    }
}

impl Iterator for SheetRows<'_> {
    type Item = Result<SheetUnit, Bad>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_pending().map(|pending| pending.and_then(|row| row.unit()))
    }
}

/// Opens a spreadsheet (`.xlsx` or `.csv`) read from `reader` and reads its
/// column names; the rows are read as the [`SheetRows`] are.
///
/// `path` names the file in labels and messages (only its file name is used).
/// The error says why the file cannot be read as a sheet of units: not `.xlsx`
/// or CSV, damaged, not UTF-8 (CSV) in row 1, no column names, or two columns
/// with the same name.
pub fn open<'a, R: Read + Seek + Send + 'a>(path: &Path, mut reader: R) -> Result<SheetRows<'a>, Vec<Problem>> {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let extension = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let head = start(&mut reader)
        .map_err(|e| vec![Problem::new(&name, tr!("cannot read {name}: {e}", "无法读取 {name}：{e}"))])?;
    let (sheet, from_xlsx, mut rows): (Option<String>, bool, Rows<'a>) = if head.starts_with(b"PK")
        || (!head.starts_with(OLE) && matches!(extension.as_str(), "xlsx" | "xlsm"))
    {
        let rows = xlsx::open(&name, BufReader::with_capacity(64 * 1024, reader))?;
        (Some(rows.sheet().to_string()), true, Box::new(rows))
    } else if head.starts_with(OLE) || extension == "xls" || extension == "et" {
        return Err(vec![Problem::new(
            &name,
            tr!(
                "an Excel 97-2003 (.xls) or WPS (.et) workbook is not supported: save it as .xlsx (Excel 工作簿) or as \"CSV UTF-8\"",
                "不支持 Excel 97-2003（.xls）或 WPS（.et）格式的工作簿：请另存为 .xlsx（Excel 工作簿）或“CSV UTF-8”"
            ),
        )]);
    } else if matches!(extension.as_str(), "csv" | "txt") {
        (None, false, Box::new(csv::Records::new(&name, BufReader::with_capacity(64 * 1024, reader))))
    } else {
        return Err(vec![Problem::new(
            &name,
            tr!(
                "not a spreadsheet this tool reads: use .xlsx or .csv (UTF-8)",
                "不是本工具能读取的表格文件：请使用 .xlsx 或 .csv（UTF-8）"
            ),
        )]);
    };
    let first = rows.next().transpose()?;
    let layout = Layout::new(&name, sheet.clone(), from_xlsx, first.as_ref().map(|(row, cells)| (*row, cells)))?;
    Ok(SheetRows { layout: Arc::new(layout), rows, sheet, done: false })
}

/// The first bytes of `reader` (up to eight), which is then rewound.
fn start<R: Read + Seek>(reader: &mut R) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(OLE.len());
    reader.by_ref().take(OLE.len() as u64).read_to_end(&mut head)?;
    reader.seek(SeekFrom::Start(0))?;
    Ok(head)
}

/// Reads every unit of a spreadsheet (`.xlsx` or `.csv`) held in `bytes`, as
/// [`open`] and [`SheetRows`] do.
///
/// A row with a bad cell still gives its unit (the binder reports the value);
/// only a file that cannot be read as a sheet of units is an `Err`: not `.xlsx`
/// or CSV, damaged, not UTF-8 (CSV), no column names, two columns with the same
/// name, or values under a column without a name (every such cell is told).
pub fn read_units(path: &Path, bytes: &[u8]) -> Result<Vec<SheetUnit>, Vec<Problem>> {
    let mut units = Vec::new();
    let mut problems = Vec::new();
    for unit in open(path, Cursor::new(bytes))? {
        match unit {
            Ok(unit) => units.push(unit),
            Err(Bad::Row { problems: more, .. }) => problems.extend(more),
            Err(Bad::File(problems)) => return Err(problems),
        }
    }
    if problems.is_empty() {
        Ok(units)
    } else {
        Err(problems)
    }
}
