//! The rows of a batch, spilled to a temporary file as they arrive: one
//! record per [`UnitRow`] ([`super::spill`]), each followed by a newline. Only a small entry per unit stays in memory (where its
//! line is, and what the ranking needs); the rows are read back from the file
//! when the outputs are written. The file is removed when the rows are dropped.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use rust_decimal::Decimal;

use super::row::UnitRow;

/// What stays in memory of one unit: where its row is in the file, and its
/// place in the ranking.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    /// Where its line starts in the file.
    pub(crate) offset: u64,
    /// The length of its line, without the newline.
    pub(crate) len: u32,
    /// Its competition rank, 0 for none (set when the rows are sealed).
    pub(crate) rank: u32,
    /// Its total.
    pub(crate) total: Option<Decimal>,
    /// Its class in the ranking: 0 ranked, 1 disqualified, 2 without a total, 3 not scored.
    pub(crate) class: u8,
    /// What [`Only`] asks about it.
    pub(crate) scored: bool,
    pub(crate) disqualified: bool,
    pub(crate) problems: bool,
}

// What stays in memory per unit: keep it small.
const _: () = assert!(std::mem::size_of::<Entry>() <= 40);

/// Which rows a [`Scan`] gives (the others are skipped without being decoded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    /// Every row.
    All,
    /// The units that could be scored.
    Scored,
    /// The disqualified units.
    Disqualified,
    /// The units with located problems.
    WithProblems,
}

impl Only {
    fn keeps(self, entry: &Entry) -> bool {
        match self {
            Only::All => true,
            Only::Scored => entry.scored,
            Only::Disqualified => entry.disqualified,
            Only::WithProblems => entry.problems,
        }
    }
}

/// The class of a row in the ranking (see [`Entry::class`]).
pub(crate) fn class(row: &UnitRow) -> u8 {
    match (row.scored, row.total, row.disqualified) {
        (true, Some(_), false) => 0,
        (true, Some(_), true) => 1,
        (true, None, _) => 2,
        (false, _, _) => 3,
    }
}

/// A row as it is spilled: its record (without the newline).
pub(crate) fn line(row: &UnitRow) -> Vec<u8> {
    super::spill::encode(row)
}

/// The spilled rows, in input order.
#[derive(Debug)]
pub(crate) struct Rows {
    path: PathBuf,
    writer: Option<BufWriter<File>>,
    written: u64,
    pub(crate) entries: Vec<Entry>,
}

impl Drop for Rows {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn write_failed(path: &std::path::Path, e: impl std::fmt::Display) -> String {
    let shown = path.display();
    crate::tr!(
        "cannot write the temporary file {shown} that holds the units' rows: {e}",
        "无法写入保存各单位汇总行的临时文件 {shown}：{e}"
    )
}

fn damaged(path: &std::path::Path) -> String {
    read_failed(path, crate::tr!("a record is damaged", "有一条记录已损坏"))
}

fn read_failed(path: &std::path::Path, e: impl std::fmt::Display) -> String {
    let shown = path.display();
    crate::tr!(
        "cannot read back the temporary file {shown} that holds the units' rows: {e}",
        "无法读回保存各单位汇总行的临时文件 {shown}：{e}"
    )
}

impl Rows {
    /// No rows yet; the file is created with the first.
    pub(crate) fn new() -> Self {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let name = format!("rubric-batch-{}-{}.rows", std::process::id(), COUNT.fetch_add(1, Ordering::Relaxed));
        Rows { path: std::env::temp_dir().join(name), writer: None, written: 0, entries: Vec::new() }
    }

    /// How many rows.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Appends a row, `line` its record ([`line`]; written anew when
    /// empty). The error is a sentence.
    pub(crate) fn push(&mut self, row: &UnitRow, line: &[u8]) -> Result<(), String> {
        let writer = match &mut self.writer {
            Some(w) => w,
            None => {
                let file = File::options()
                    .read(true)
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .open(&self.path)
                    .map_err(|e| write_failed(&self.path, e))?;
                self.writer.insert(BufWriter::new(file))
            }
        };
        let written;
        let line = if line.is_empty() {
            written = super::spill::encode(row);
            &written
        } else {
            line
        };
        let len = u32::try_from(line.len()).map_err(|e| write_failed(&self.path, e))?;
        writer.write_all(line).and_then(|()| writer.write_all(b"\n")).map_err(|e| write_failed(&self.path, e))?;
        self.entries.push(Entry {
            offset: self.written,
            len,
            rank: 0,
            total: row.total,
            class: class(row),
            scored: row.scored,
            disqualified: row.disqualified,
            problems: !row.problems.is_empty(),
        });
        self.written += u64::from(len) + 1;
        Ok(())
    }

    /// Writes out what is buffered, so that the rows can be read back.
    pub(crate) fn flush(&mut self) -> Result<(), String> {
        match &mut self.writer {
            Some(w) => w.flush().map_err(|e| write_failed(&self.path, e)),
            None => Ok(()),
        }
    }

    /// A reader of rows by their number (from 0), in any order.
    pub(crate) fn reader(&self) -> Result<Reader<'_>, String> {
        let file = match self.writer {
            Some(_) => Some(File::open(&self.path).map_err(|e| read_failed(&self.path, e))?),
            None => None,
        };
        Ok(Reader { rows: self, file, line: Vec::new() })
    }

    /// The rows that `only` keeps, in input order, read sequentially.
    pub(crate) fn scan(&self, only: Only) -> Result<Scan<'_>, String> {
        let file = match self.writer {
            Some(_) => Some(BufReader::new(File::open(&self.path).map_err(|e| read_failed(&self.path, e))?)),
            None => None,
        };
        Ok(Scan { rows: self, file, line: Vec::new(), next: 0, only })
    }
}

/// Reads rows by number.
pub(crate) struct Reader<'a> {
    rows: &'a Rows,
    file: Option<File>,
    line: Vec<u8>,
}

impl Reader<'_> {
    /// Row `unit` (from 0). The error is a sentence.
    pub(crate) fn row(&mut self, unit: usize) -> Result<UnitRow, String> {
        let record = self.record(unit)?;
        super::spill::decode(record).ok_or_else(|| damaged(&self.rows.path))
    }

    /// The label of row `unit` (from 0) alone. The error is a sentence.
    pub(crate) fn label(&mut self, unit: usize) -> Result<String, String> {
        let record = self.record(unit)?;
        super::spill::label(record).ok_or_else(|| damaged(&self.rows.path))
    }

    /// The record of row `unit`, read from the file.
    fn record(&mut self, unit: usize) -> Result<&[u8], String> {
        let path = &self.rows.path;
        let (Some(entry), Some(file)) = (self.rows.entries.get(unit), self.file.as_mut()) else {
            return Err(read_failed(path, crate::tr!("no row {unit}", "没有第 {unit} 行")));
        };
        self.line.resize(entry.len as usize, 0);
        read_at(file, &mut self.line, entry.offset).map_err(|e| read_failed(path, e))?;
        Ok(&self.line)
    }
}

/// Fills `buf` from `file` at `offset`: one positioned read where the system
/// has it (rows are read in ranking order, one system call each instead of two).
#[cfg(unix)]
fn read_at(file: &mut File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_at(file: &mut File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(buf)
}

/// Every row of a batch in input order, read back one at a time from the
/// temporary file (see [`super::Summary::rows`]).
pub struct Scan<'a> {
    rows: &'a Rows,
    file: Option<BufReader<File>>,
    line: Vec<u8>,
    next: usize,
    only: Only,
}

impl Iterator for Scan<'_> {
    type Item = Result<UnitRow, String>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let entry = self.rows.entries.get(self.next)?;
            self.next += 1;
            let path = &self.rows.path;
            let file = self.file.as_mut()?;
            // The record and its newline.
            self.line.resize(entry.len as usize + 1, 0);
            match file.read_exact(&mut self.line) {
                Ok(()) if !self.only.keeps(entry) => continue,
                Ok(()) => {
                    let record = self.line.get(..entry.len as usize).unwrap_or_default();
                    return Some(super::spill::decode(record).ok_or_else(|| damaged(path)));
                }
                Err(e) => return Some(Err(read_failed(path, e))),
            }
        }
    }
}
