//! Reading rubric and data files from disk, as located sources.

use std::path::Path;

use crate::data::Format;
use crate::diagnostic::{Code, Diagnostic, SourceFile};

/// Why a file could not be read as text.
#[derive(Debug)]
pub struct ReadError {
    /// What went wrong.
    pub diagnostic: Diagnostic,
    /// The text read lossily, for showing the caret (invalid UTF-8 only).
    pub lossy: Option<SourceFile>,
}

/// Reads a file as UTF-8 text. An unreadable file, or one that is not UTF-8,
/// gives a diagnostic (for bad UTF-8, located at the first bad byte, with the
/// text read lossily so the caret can still be shown).
pub fn read_source(path: &Path) -> Result<SourceFile, Box<ReadError>> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        Box::new(ReadError {
            diagnostic: Diagnostic::error(Code::Io, 0..0, format!("cannot read {name}: {e}"))
                .label("here")
                .help("check the path"),
            lossy: None,
        })
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let diagnostic = Diagnostic::error(Code::Encoding, at..at + 1, format!("{name} is not valid UTF-8"))
                .in_data()
                .label("invalid byte here")
                .help("save the file as UTF-8 (in WPS/Excel: 另存为 → UTF-8)");
            Err(Box::new(ReadError { diagnostic, lossy: Some(SourceFile::new(name, lossy)) }))
        }
    }
}

/// The data format a path's extension names.
pub fn data_format(path: &Path) -> Option<Format> {
    Format::from_path(path)
}
