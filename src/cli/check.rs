//! `rubric check`: validate rubric files.

use std::path::PathBuf;

use crate::base::diagnostic::{has_errors, Severity};
use crate::base::limits::Limits;

use super::output::{out, print_diagnostics, read_or_report};

/// What is counted, in both languages.
#[derive(Clone, Copy)]
enum Noun {
    Item,
    Section,
    Input,
    Indicator,
    Check,
    Warning,
    Error,
}

/// `1 item`, `3 items`; in Chinese `3 个指标`.
fn plural(n: usize, noun: Noun) -> String {
    let s = if n == 1 { "" } else { "s" };
    match noun {
        Noun::Item => crate::tr!("{n} item{s}", "{n} 个指标"),
        Noun::Section => crate::tr!("{n} section{s}", "{n} 个部分"),
        Noun::Input => crate::tr!("{n} input{s}", "{n} 项输入"),
        Noun::Indicator => crate::tr!("{n} indicator{s}", "{n} 个分析指标"),
        Noun::Check => crate::tr!("{n} check{s}", "{n} 项审核"),
        Noun::Warning => crate::tr!("{n} warning{s}", "{n} 个警告"),
        Noun::Error => crate::tr!("{n} error{s}", "{n} 个错误"),
    }
}

/// Checks every file; `Ok(true)` when none has an error.
pub fn run(paths: &[PathBuf]) -> Result<bool, ()> {
    let mut clean = true;
    for path in paths {
        let Some(file) = read_or_report(path) else {
            clean = false;
            continue;
        };
        let (checked, diagnostics) = crate::check::check_source(&file.text, &Limits::default());
        print_diagnostics(&diagnostics, &file);
        let warnings = diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
        let errors = diagnostics.len() - warnings;
        match checked {
            Some(c) if !has_errors(&diagnostics) => {
                let mut parts = vec![
                    plural(c.items.len(), Noun::Item),
                    plural(c.sections.len(), Noun::Section),
                    plural(c.inputs.len(), Noun::Input),
                ];
                if !c.indicators.is_empty() {
                    parts.push(plural(c.indicators.len(), Noun::Indicator));
                }
                if !c.checks.is_empty() {
                    parts.push(plural(c.checks.len(), Noun::Check));
                }
                let tail = if warnings > 0 {
                    let warnings = plural(warnings, Noun::Warning);
                    crate::tr!(" ({warnings})", "（{warnings}）")
                } else {
                    String::new()
                };
                let (shown, parts) = (path.display(), parts.join(&crate::tr!(", ", "，")));
                out(&crate::tr!("ok  {shown}: {parts}{tail}", "通过  {shown}：{parts}{tail}"));
            }
            _ => {
                clean = false;
                let (shown, errors, warnings) =
                    (path.display(), plural(errors, Noun::Error), plural(warnings, Noun::Warning));
                out(&crate::tr!("failed  {shown}: {errors}, {warnings}", "未通过  {shown}：{errors}，{warnings}"));
            }
        }
    }
    Ok(clean)
}
