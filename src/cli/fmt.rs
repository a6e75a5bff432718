//! `rubric fmt`: lay rubric files out canonically.

use std::path::PathBuf;

use crate::author::fmt::format_source;
use crate::base::limits::Limits;

use super::output::{err, out, print_diagnostics, read_or_report};

/// Formats (or with `check`, only inspects) every file. `Ok(true)` when all are
/// formatted (or, with `check`, already were).
pub fn run(paths: &[PathBuf], check: bool) -> Result<bool, ()> {
    let mut clean = true;
    for path in paths {
        let Some(file) = read_or_report(path) else {
            clean = false;
            continue;
        };
        let formatted = match format_source(&file.text, &Limits::default()) {
            Ok(text) => text,
            Err(diagnostics) => {
                print_diagnostics(&diagnostics, &file);
                let shown = path.display();
                err(&crate::tr!("{shown} does not parse; it was left as it is", "{shown} 无法解析，未作改动"));
                clean = false;
                continue;
            }
        };
        let shown = path.display();
        if formatted == *file.text {
            if !check {
                out(&crate::tr!("unchanged  {shown}", "无需改动  {shown}"));
            }
            continue;
        }
        if check {
            out(&crate::tr!("would reformat  {shown}", "格式需调整  {shown}"));
            clean = false;
        } else if let Err(e) = std::fs::write(path, formatted) {
            err(&crate::tr!("cannot write {shown}: {e}", "无法写入 {shown}：{e}"));
            clean = false;
        } else {
            out(&crate::tr!("formatted  {shown}", "已调整格式  {shown}"));
        }
    }
    Ok(clean)
}
