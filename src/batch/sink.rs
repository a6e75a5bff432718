//! What every output of a batch is: a [`Sink`] given the units as they are
//! scored and the summary at the end; and the sentences for files that cannot
//! be written.

use std::fs::File;
use std::path::Path;

use super::summary::{Summary, WriteError};
use super::Scored;

/// An output being written while the units are scored.
pub trait Sink {
    /// One unit, in input order. The error is a sentence.
    fn unit(&mut self, unit: &Scored<'_>) -> Result<(), String>;
    /// Writes the file. The error is a sentence.
    fn finish(self: Box<Self>, summary: &Summary) -> Result<(), String>;
}

/// A sentence saying that `path` cannot be written.
pub(crate) fn write_error(path: &Path, e: impl std::fmt::Display) -> String {
    let shown = path.display();
    crate::tr!("cannot write {shown}: {e}", "无法写入 {shown}：{e}")
}

/// The sentence for an error while writing the output `path`.
pub(crate) fn output_error(path: &Path, e: WriteError) -> String {
    match e {
        WriteError::Out(e) => write_error(path, e),
        WriteError::Rows(message) => message,
    }
}

/// Creates (or truncates) the output file.
pub(crate) fn create(path: &Path) -> Result<File, String> {
    File::create(path).map_err(|e| write_error(path, e))
}

