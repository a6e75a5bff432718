//! What a batch reads: data files, folders of them, and spreadsheets with one
//! unit per row — expanded into units as they are asked for: one data file at a
//! time, and a spreadsheet one row at a time, so that memory does not grow with
//! the number of units.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::data::Format;
use crate::base::diagnostic::{Code, Diagnostic, SourceFile};
use crate::data::files::{read_source, ReadError};
use crate::data::sheet;

/// One input: a data file (TOML, JSON, YAML) or a spreadsheet (`.xlsx`, `.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A data file: one unit.
    Data(PathBuf, Format),
    /// A spreadsheet: one unit per row.
    Sheet(PathBuf),
}

/// Spreadsheet extensions taken from a folder. `.xls` and `.et` are taken too,
/// so that the reader can say to save them as `.xlsx`.
const SHEETS: [&str; 5] = ["xlsx", "xlsm", "csv", "xls", "et"];

fn extension(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default()
}

/// What a path names as an input, by its extension; `txt` only when named.
fn classify(path: &Path, named: bool) -> Option<Source> {
    if let Some(format) = Format::from_path(path) {
        return Some(Source::Data(path.to_path_buf(), format));
    }
    let ext = extension(path);
    (SHEETS.contains(&ext.as_str()) || (named && ext == "txt")).then(|| Source::Sheet(path.to_path_buf()))
}

/// The inputs named by `paths`, in order: a folder is replaced by its data files
/// and spreadsheets, sorted by name (hidden files and Office's lock files `~$…`
/// skipped). A file that does not exist is kept (reading it fails, as a unit).
/// The error, a sentence, is a usage error: a path that is not a data file or a
/// spreadsheet, a folder that cannot be read or holds none.
pub fn sources(paths: &[PathBuf]) -> Result<Vec<Source>, String> {
    let mut out = Vec::new();
    for path in paths {
        let shown = path.display();
        if path.is_dir() {
            let files = crate::data::files::folder_files(path, |p| {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                !name.starts_with('.') && !name.starts_with("~$")
            })?;
            let found: Vec<Source> = files.iter().filter_map(|p| classify(p, false)).collect();
            if found.is_empty() {
                return Err(crate::tr!(
                    "{shown} holds no data files (.toml, .json, .yaml, .yml) and no spreadsheets (.xlsx, .csv)",
                    "{shown} 中没有数据文件（.toml、.json、.yaml、.yml），也没有表格文件（.xlsx、.csv）"
                ));
            }
            out.extend(found);
        } else {
            let source = classify(path, true).ok_or_else(|| {
                crate::tr!(
                    "{shown} is neither a data file (.toml, .json, .yaml, .yml) nor a spreadsheet (.xlsx, .csv)",
                    "{shown} 既不是数据文件（.toml、.json、.yaml、.yml），也不是表格文件（.xlsx、.csv）"
                )
            })?;
            out.push(source);
        }
    }
    Ok(out)
}

/// One unit's data, ready to be scored.
#[derive(Debug, Clone)]
pub struct UnitText {
    /// Where it came from: the data file's path, or the row
    /// (`units.xlsx · 填报 · row 5 (劳动镇)`).
    pub source: String,
    /// The name to use when the data names neither unit nor project: the file
    /// name without extension, or the row.
    pub fallback: String,
    /// The data.
    pub body: Body,
}

/// A unit's data: a data file's text, or a spreadsheet row's values.
#[derive(Debug, Clone)]
pub enum Body {
    /// A data file: its text and format.
    File {
        /// The text, named by its path.
        file: SourceFile,
        /// Its format.
        format: Format,
    },
    /// A spreadsheet row, bound directly.
    Row {
        /// The row.
        unit: sheet::SheetUnit,
        /// The sheet part of its cells' locations: `dir/units.xlsx · 填报`, or
        /// `dir/units.csv` for CSV, so that a cell is `…!C5`.
        place: String,
    },
}

/// Why a source gave no unit.
#[derive(Debug)]
pub enum Failure {
    /// The file could not be read as text.
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        error: Box<ReadError>,
    },
    /// The spreadsheet could not be read as a sheet of units (or, after some
    /// rows, could not be read on).
    Sheet {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        problems: Vec<sheet::Problem>,
    },
    /// One row of a spreadsheet could not be read as a unit (a value under a
    /// column without a name); the other rows are read.
    Row {
        /// The spreadsheet.
        path: PathBuf,
        /// The row, as a unit's label: `units.csv · row 50 (乐至县劳动镇人民政府)`.
        label: String,
        /// What is wrong, and in which cell.
        problems: Vec<sheet::Problem>,
    },
}

impl Failure {
    /// The file.
    pub fn path(&self) -> &Path {
        match self {
            Failure::Read { path, .. } | Failure::Sheet { path, .. } | Failure::Row { path, .. } => path,
        }
    }

    /// A problem's location with the path in front: `dir/units.xlsx · 填报!C1`,
    /// `dir/units.csv!B2`, `dir/units.xlsx`.
    pub fn locate(path: &Path, problem: &sheet::Problem) -> String {
        let shown = path.display().to_string();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match problem.location.strip_prefix(&name) {
            Some(rest) if !name.is_empty() => format!("{shown}{rest}"),
            _ => format!("{shown} · {}", problem.location),
        }
    }
}

/// A unit read from a source, or why a source gave none.
#[derive(Debug)]
pub enum Loaded {
    /// A unit to score.
    Unit(UnitText),
    /// A spreadsheet row read but not yet made a unit (see [`Loaded::resolved`]).
    Row {
        /// The spreadsheet.
        path: PathBuf,
        /// The sheet part of its cells' locations.
        place: String,
        /// The row.
        row: sheet::PendingRow,
    },
    /// A source that gave no unit.
    Failed(Failure),
}

/// A unit ready to score, or why a source gave none.
#[derive(Debug)]
pub enum Ready {
    /// A unit to score.
    Unit(UnitText),
    /// A source that gave no unit.
    Failed(Failure),
}

impl Loaded {
    /// A pending spreadsheet row made a unit (or why it gives none). Done on
    /// the worker that scores the unit, not the reader.
    pub fn resolved(self) -> Ready {
        match self {
            Loaded::Unit(unit) => Ready::Unit(unit),
            Loaded::Failed(failure) => Ready::Failed(failure),
            Loaded::Row { path, place, row } => match row.unit() {
                Ok(unit) => Ready::Unit(UnitText {
                    source: unit.label.clone(),
                    fallback: unit.label.clone(),
                    body: Body::Row { unit, place },
                }),
                Err(sheet::Bad::Row { label, problems }) => Ready::Failed(Failure::Row { path, label, problems }),
                Err(sheet::Bad::File(problems)) => Ready::Failed(Failure::Sheet { path, problems }),
            },
        }
    }
}

/// Reads a source whole: one unit for a data file, one per row for a
/// spreadsheet, or the failures.
pub fn read(source: &Source) -> Vec<Ready> {
    SourceUnits::new(source).map(Loaded::resolved).collect()
}

/// The units of one source, read as they are asked for: the unit of a data
/// file (or why it cannot be read), or a spreadsheet's rows one at a time,
/// each still to be made a unit ([`Loaded::resolved`]).
pub struct SourceUnits {
    reading: Reading,
}

enum Reading {
    /// What is left of a data file, or of a spreadsheet that could not be opened.
    One(Option<Loaded>),
    /// A spreadsheet being read.
    Sheet {
        path: PathBuf,
        /// The sheet part of its cells' locations.
        place: String,
        rows: sheet::SheetRows<'static>,
    },
}

impl SourceUnits {
    /// Starts reading `source`: a data file is read now, a spreadsheet is opened
    /// and its column names read.
    pub fn new(source: &Source) -> Self {
        let reading = match source {
            Source::Data(path, format) => Reading::One(Some(match read_source(path) {
                Ok(file) => Loaded::Unit(UnitText {
                    source: path.display().to_string(),
                    fallback: path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
                    body: Body::File { file, format: *format },
                }),
                Err(error) => Loaded::Failed(Failure::Read { path: path.clone(), error }),
            })),
            Source::Sheet(path) => open_sheet(path),
        };
        SourceUnits { reading }
    }
}

impl Iterator for SourceUnits {
    type Item = Loaded;

    fn next(&mut self) -> Option<Loaded> {
        match &mut self.reading {
            Reading::One(loaded) => loaded.take(),
            Reading::Sheet { path, place, rows } => Some(match rows.next_pending()? {
                Ok(row) => Loaded::Row { path: path.clone(), place: place.clone(), row },
                Err(sheet::Bad::Row { label, problems }) => {
                    Loaded::Failed(Failure::Row { path: path.clone(), label, problems })
                }
                Err(sheet::Bad::File(problems)) => Loaded::Failed(Failure::Sheet { path: path.clone(), problems }),
            }),
        }
    }
}

/// Opens a spreadsheet and reads its column names.
fn open_sheet(path: &Path) -> Reading {
    let failed = |failure| Reading::One(Some(Loaded::Failed(failure)));
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) => {
            let name = path.display().to_string();
            let diagnostic =
                Diagnostic::error(Code::Io, 0..0, crate::tr!("cannot read {name}: {e}", "无法读取 {name}：{e}"))
                    .help(crate::tr!("check the path", "请检查文件路径"));
            let error = Box::new(ReadError { diagnostic, lossy: None });
            return failed(Failure::Read { path: path.to_path_buf(), error });
        }
    };
    match sheet::open(path, file) {
        Ok(rows) => {
            let shown = path.display().to_string();
            // `dir/units.xlsx · 填报`, or `dir/units.csv` for CSV: a value's line gives `…!C5`.
            let place = rows.sheet().map_or_else(|| shown.clone(), |sheet| format!("{shown} · {sheet}"));
            Reading::Sheet { path: path.to_path_buf(), place, rows }
        }
        Err(problems) => failed(Failure::Sheet { path: path.to_path_buf(), problems }),
    }
}

/// The units of several sources, read one at a time as they are asked for,
/// numbered from 0 in input order. `found` is told of each unit as it is read
/// (its source, and 1).
pub(crate) struct Units<'a> {
    sources: std::slice::Iter<'a, Source>,
    current: Option<(&'a Source, SourceUnits)>,
    next: usize,
    found: &'a (dyn Fn(&Source, usize) + Sync),
}

impl<'a> Units<'a> {
    pub(crate) fn new(sources: &'a [Source], found: &'a (dyn Fn(&Source, usize) + Sync)) -> Self {
        Units { sources: sources.iter(), current: None, next: 0, found }
    }
}

impl Iterator for Units<'_> {
    type Item = (usize, Loaded);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((source, units)) = self.current.as_mut() {
                if let Some(loaded) = units.next() {
                    (self.found)(source, 1);
                    let index = self.next;
                    self.next += 1;
                    return Some((index, loaded));
                }
            }
            let source = self.sources.next()?;
            self.current = Some((source, SourceUnits::new(source)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_get_the_path() {
        let problem = |at: &str| sheet::Problem { message: String::new(), location: at.to_string() };
        let path = Path::new("in/units.csv");
        assert_eq!(Failure::locate(path, &problem("units.csv!B2")), "in/units.csv!B2");
        assert_eq!(Failure::locate(path, &problem("units.csv")), "in/units.csv");
        assert_eq!(Failure::locate(Path::new("in/u.xlsx"), &problem("填报!C1")), "in/u.xlsx · 填报!C1");
    }

    #[test]
    fn what_a_path_names() {
        assert!(matches!(classify(Path::new("a.TOML"), false), Some(Source::Data(_, Format::Toml))));
        assert!(matches!(classify(Path::new("a.xlsx"), false), Some(Source::Sheet(_))));
        assert!(classify(Path::new("notes.txt"), false).is_none());
        assert!(matches!(classify(Path::new("units.txt"), true), Some(Source::Sheet(_))));
        assert!(classify(Path::new("a.docx"), true).is_none());
    }
}
