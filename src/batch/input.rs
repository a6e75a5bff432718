//! What a batch reads: data files, folders of them, and spreadsheets with one
//! unit per row — expanded into units one source at a time, so that only one
//! file (or one sheet's rows) is in memory while its units wait to be scored.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use crate::data::Format;
use crate::diagnostic::{Code, Diagnostic, SourceFile};
use crate::files::{read_source, ReadError};
use crate::sheet;

/// One input: a data file (TOML, JSON, YAML) or a spreadsheet (`.xlsx`, `.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A data file: one unit.
    Data(PathBuf, Format),
    /// A spreadsheet: one unit per row.
    Sheet(PathBuf),
}

impl Source {
    /// The file.
    pub fn path(&self) -> &Path {
        match self {
            Source::Data(path, _) | Source::Sheet(path) => path,
        }
    }
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
            let entries = std::fs::read_dir(path)
                .map_err(|e| crate::tr!("cannot read the folder {shown}: {e}", "无法读取文件夹 {shown}：{e}"))?;
            let mut found: Vec<Source> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    !name.starts_with('.') && !name.starts_with("~$") && p.is_file()
                })
                .filter_map(|p| classify(&p, false))
                .collect();
            found.sort_by(|a, b| a.path().cmp(b.path()));
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
    /// (`units.xlsx · 填报 · 第5行 (劳动镇)`).
    pub source: String,
    /// The name to use when the data names neither unit nor project: the file
    /// name without extension, or the row.
    pub fallback: String,
    /// The text (for a row, the synthetic TOML whose lines end with their cell).
    pub file: SourceFile,
    /// Its format.
    pub format: Format,
    /// For a row: the sheet part of its cells' locations (`dir/units.xlsx · 填报`,
    /// or `dir/units.csv` for CSV), so that a value's line gives `…!C5`.
    pub sheet: Option<String>,
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
    /// The spreadsheet could not be read as a sheet of units.
    Sheet {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        problems: Vec<sheet::Problem>,
    },
}

impl Failure {
    /// The file.
    pub fn path(&self) -> &Path {
        match self {
            Failure::Read { path, .. } | Failure::Sheet { path, .. } => path,
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
    /// A source that gave no unit.
    Failed(Failure),
}

/// Reads a source: one unit for a data file, one per row for a spreadsheet, or
/// the failure.
pub fn read(source: &Source) -> Vec<Loaded> {
    match source {
        Source::Data(path, format) => vec![match read_source(path) {
            Ok(file) => Loaded::Unit(UnitText {
                source: path.display().to_string(),
                fallback: path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
                file,
                format: *format,
                sheet: None,
            }),
            Err(error) => Loaded::Failed(Failure::Read { path: path.clone(), error }),
        }],
        Source::Sheet(path) => read_sheet(path),
    }
}

fn read_sheet(path: &Path) -> Vec<Loaded> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            let name = path.display().to_string();
            let diagnostic =
                Diagnostic::error(Code::Io, 0..0, crate::tr!("cannot read {name}: {e}", "无法读取 {name}：{e}"))
                    .help(crate::tr!("check the path", "请检查文件路径"));
            let error = Box::new(ReadError { diagnostic, lossy: None });
            return vec![Loaded::Failed(Failure::Read { path: path.to_path_buf(), error })];
        }
    };
    let units = match sheet::read_units(path, &bytes) {
        Ok(units) => units,
        Err(problems) => return vec![Loaded::Failed(Failure::Sheet { path: path.to_path_buf(), problems })],
    };
    let shown = path.display().to_string();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    units
        .into_iter()
        .map(|unit| {
            // The label is `units.xlsx · 填报 · 第5行 (…)`, or `units.csv · 第5行 (…)`.
            let rest = unit.label.strip_prefix(&name).and_then(|r| r.strip_prefix(" · ")).unwrap_or("");
            let sheet = match rest.split_once(" · 第") {
                Some((sheet, _)) if !rest.starts_with('第') => format!("{shown} · {sheet}"),
                _ => shown.clone(),
            };
            Loaded::Unit(UnitText {
                source: unit.label.clone(),
                fallback: unit.label.clone(),
                file: SourceFile::new(unit.label, unit.toml),
                format: Format::Toml,
                sheet: Some(sheet),
            })
        })
        .collect()
}

/// The units of several sources, read one source at a time, numbered from 0 in
/// input order. `found` is told how many units each source gave.
pub(crate) struct Units<'a> {
    sources: std::slice::Iter<'a, Source>,
    pending: VecDeque<Loaded>,
    next: usize,
    found: &'a (dyn Fn(&Source, usize) + Sync),
}

impl<'a> Units<'a> {
    pub(crate) fn new(sources: &'a [Source], found: &'a (dyn Fn(&Source, usize) + Sync)) -> Self {
        Units { sources: sources.iter(), pending: VecDeque::new(), next: 0, found }
    }
}

impl Iterator for Units<'_> {
    type Item = (usize, Loaded);

    fn next(&mut self) -> Option<Self::Item> {
        while self.pending.is_empty() {
            let source = self.sources.next()?;
            self.pending = read(source).into();
            (self.found)(source, self.pending.len());
        }
        let loaded = self.pending.pop_front()?;
        let index = self.next;
        self.next += 1;
        Some((index, loaded))
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
