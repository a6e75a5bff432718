//! The files a batch writes, chosen by extension: `.xlsx`, `.html`, `.csv`,
//! `.json`, `.md`. Each is opened before scoring (so that a path that cannot be
//! written is known at once), is given the units as they are scored, and is
//! written out at the end with the summary, streamed: the rows are read back
//! one at a time from the summary's temporary file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::sink::{create, output_error, Sink};
use super::summary::{Summary, WriteError};
use super::Scored;

/// What an output file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An Excel workbook: the summary, one sheet per unit, the findings.
    Xlsx,
    /// One HTML page: the summary, then each unit in full.
    Html,
    /// The summary as CSV.
    Csv,
    /// The summary as JSON.
    Json,
    /// The summary as Markdown.
    Markdown,
}

impl Kind {
    /// The kind a path's extension names (case-insensitive).
    pub fn from_path(path: &Path) -> Option<Kind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => Some(Kind::Xlsx),
            "html" | "htm" => Some(Kind::Html),
            "csv" => Some(Kind::Csv),
            "json" => Some(Kind::Json),
            "md" | "markdown" => Some(Kind::Markdown),
            _ => None,
        }
    }
}

/// Opens an output of a batch: the kind by `path`'s extension. The
/// error is a sentence: an extension that names no output, or a file that
/// cannot be created.
pub fn open(path: &Path) -> Result<Box<dyn Sink>, String> {
    let Some(kind) = Kind::from_path(path) else {
        let shown = path.display();
        return Err(crate::tr!(
            "{shown}: the output's extension says what to write: .xlsx, .html, .csv, .json or .md",
            "{shown}：输出文件的扩展名决定其格式：.xlsx、.html、.csv、.json 或 .md"
        ));
    };
    Ok(match kind {
        Kind::Xlsx => Box::new(super::xlsx::Workbook::open(path)?),
        Kind::Html => Box::new(super::web::Page::open(path)?),
        Kind::Csv | Kind::Json | Kind::Markdown => {
            Box::new(Text { kind, file: create(path)?, path: path.to_path_buf() })
        }
    })
}

/// A summary written as text at the end.
struct Text {
    kind: Kind,
    file: File,
    path: PathBuf,
}

impl Sink for Text {
    fn unit(&mut self, _: &Scored<'_>) -> Result<(), String> {
        Ok(())
    }

    fn finish(self: Box<Self>, summary: &Summary) -> Result<(), String> {
        let mut out = BufWriter::new(&self.file);
        let written = match self.kind {
            Kind::Csv => super::write_csv(summary, &mut out),
            Kind::Json => super::write_json(summary, &mut out),
            _ => super::write_markdown(summary, &mut out),
        };
        written.and_then(|()| out.flush().map_err(WriteError::Out)).map_err(|e| output_error(&self.path, e))
    }
}
