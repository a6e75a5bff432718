//! Reading rubric and data files from disk, as located sources.

use std::path::Path;

use crate::base::diagnostic::{Code, Diagnostic, SourceFile};

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
            diagnostic: Diagnostic::error(
                Code::Io,
                0..0,
                crate::tr!("cannot read {name}: {e}", "无法读取 {name}：{e}"),
            )
            .label(crate::tr!("here", "此处"))
            .help(crate::tr!("check the path", "请检查文件路径")),
            lossy: None,
        })
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let diagnostic = Diagnostic::error(
                Code::Encoding,
                at..at + 1,
                crate::tr!("{name} is not valid UTF-8", "{name} 不是有效的 UTF-8 编码"),
            )
            .in_data()
            .label(crate::tr!("invalid byte here", "这里有无效字节"))
            .help(crate::tr!(
                "save the file as UTF-8 (in WPS/Excel: 另存为 → UTF-8)",
                "请把文件另存为 UTF-8 编码（在 WPS/Excel 中：另存为 → UTF-8）"
            ));
            Err(Box::new(ReadError { diagnostic, lossy: Some(SourceFile::new(name, lossy)) }))
        }
    }
}

/// The files of `folder` that `keep` keeps, sorted by path. The error, a
/// sentence, says why the folder cannot be read.
pub(crate) fn folder_files(folder: &Path, keep: impl Fn(&Path) -> bool) -> Result<Vec<std::path::PathBuf>, String> {
    let shown = folder.display();
    let entries = std::fs::read_dir(folder)
        .map_err(|e| crate::tr!("cannot read the folder {shown}: {e}", "无法读取文件夹 {shown}：{e}"))?;
    let mut found: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file() && keep(p)).collect();
    found.sort();
    Ok(found)
}
