//! `rubric generate`: write N plausible units' data files for a rubric, or one
//! spreadsheet (`.csv` or `.xlsx`) with a unit per row (deterministic: the same rubric, N and
//! seed give the same files).

use std::path::Path;

use crate::base::diagnostic::has_errors;
use crate::base::limits::Limits;

use super::output::{err, out, print_diagnostics, read_or_report};

/// The name of generated unit `index` (from 0) of `n`: `模拟单位007.toml`.
fn file_name(index: usize, n: usize) -> String {
    let width = n.to_string().len().max(2);
    format!("模拟单位{:0width$}.toml", index + 1)
}

/// Writes the files into `dir` (created if missing), or one sheet when `dir` ends
/// in `.csv` or `.xlsx`; `Ok(false)` when the rubric has errors or a file cannot be written.
pub fn run(rubric_path: &Path, n: usize, seed: u64, dir: &Path) -> Result<bool, ()> {
    let Some(file) = read_or_report(rubric_path) else {
        return Ok(false);
    };
    let (checked, diagnostics) = crate::check::check_source(&file.text, &Limits::default());
    let Some(checked) = checked.filter(|_| !has_errors(&diagnostics)) else {
        print_diagnostics(&diagnostics, &file);
        let shown = rubric_path.display();
        err(&crate::tr!(
            "the rubric has errors: fix them first (rubric check {shown})",
            "评分表有错误：请先修正（rubric check {shown}）"
        ));
        return Ok(false);
    };
    let shown = dir.display();
    let extension = dir.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    if let Some(sheet @ ("csv" | "xlsx")) = extension.as_deref() {
        let table = crate::author::generate::table(&checked, n, seed);
        let written = if sheet == "csv" {
            std::fs::write(dir, crate::data::sheet::csv::write(&table))
                .map_err(|e| crate::tr!("cannot write {shown}: {e}", "无法写入 {shown}：{e}"))
        } else {
            crate::author::sheet::write_table_xlsx(&table, dir)
        };
        if let Err(message) = written {
            err(&crate::tr!("error: {message}", "错误：{message}"));
            return Ok(false);
        }
        out(&crate::tr!(
            "wrote {n} units to {shown}, one per row (seed {seed})",
            "已将 {n} 个单位写入 {shown}，每行一个（种子 {seed}）"
        ));
        return Ok(true);
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        err(&crate::tr!("error: cannot create the folder {shown}: {e}", "错误：无法创建文件夹 {shown}：{e}"));
        return Ok(false);
    }
    for (index, text) in crate::author::generate::units(&checked, n, seed).iter().enumerate() {
        let path = dir.join(file_name(index, n));
        if let Err(e) = std::fs::write(&path, text) {
            let shown = path.display();
            err(&crate::tr!("error: cannot write {shown}: {e}", "错误：无法写入 {shown}：{e}"));
            return Ok(false);
        }
    }
    out(&crate::tr!("wrote {n} units to {shown} (seed {seed})", "已将 {n} 个单位写入 {shown}（种子 {seed}）"));
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn names_sort_in_order() {
        assert_eq!(file_name(0, 5), "模拟单位01.toml");
        assert_eq!(file_name(6, 300), "模拟单位007.toml");
        assert_eq!(file_name(299, 300), "模拟单位300.toml");
    }
}
