//! `rubric template`: print the blank data file of a rubric, or write it (the
//! `.xlsx` workbook, one unit per row, always to a file).

use std::path::Path;

use crate::base::diagnostic::has_errors;
use crate::base::limits::Limits;
use crate::data::Format;

use super::output::{err, out, print_diagnostics, read_or_report};
use super::DataFormat;

/// Prints the template, or writes it to `out_path`; `Ok(false)` when the rubric
/// has errors or the file cannot be written; `Err` (a usage error) for `xlsx`
/// without a file to write.
pub fn run(path: &Path, format: DataFormat, out_path: Option<&Path>) -> Result<bool, ()> {
    if format == DataFormat::Xlsx && out_path.is_none() {
        err(&crate::tr!(
            "error: --format xlsx writes a workbook: name the file with --out <FILE>.xlsx",
            "错误：--format xlsx 生成的是工作簿：请用 --out <文件>.xlsx 指定要写入的文件"
        ));
        return Err(());
    }
    let Some(file) = read_or_report(path) else {
        return Ok(false);
    };
    let (checked, diagnostics) = crate::check::check_source(&file.text, &Limits::default());
    if has_errors(&diagnostics) {
        print_diagnostics(&diagnostics, &file);
    }
    let Some(checked) = checked else {
        let shown = path.display();
        err(&crate::tr!(
            "the rubric has errors: fix them first (rubric check {shown})",
            "评分表有错误：请先修正（rubric check {shown}）"
        ));
        return Ok(false);
    };
    let bytes = match format {
        DataFormat::Xlsx => match crate::author::sheet::template_xlsx(&checked) {
            Ok(bytes) => bytes,
            Err(message) => {
                err(&crate::tr!("error: {message}", "错误：{message}"));
                return Ok(false);
            }
        },
        DataFormat::Toml | DataFormat::Json | DataFormat::Yaml => {
            let format = match format {
                DataFormat::Json => Format::Json,
                DataFormat::Yaml => Format::Yaml,
                _ => Format::Toml,
            };
            let text = crate::author::template::template(&checked, format);
            match out_path {
                None => {
                    out(text.trim_end());
                    return Ok(true);
                }
                Some(_) => text.into_bytes(),
            }
        }
    };
    let Some(out_path) = out_path else { return Ok(false) };
    let shown = out_path.display();
    match std::fs::write(out_path, bytes) {
        Ok(()) => {
            err(&crate::tr!("wrote {shown}", "已写入 {shown}"));
            Ok(true)
        }
        Err(e) => {
            err(&crate::tr!("error: cannot write {shown}: {e}", "错误：无法写入 {shown}：{e}"));
            Ok(false)
        }
    }
}
