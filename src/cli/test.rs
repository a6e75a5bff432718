//! `rubric test`: run each rubric's own cases (`<name>.tests/` beside it).

use std::path::{Path, PathBuf};

use crate::author::cases::{self, CaseResult, Snapshot};
use crate::base::diagnostic::has_errors;
use crate::base::limits::Limits;

use super::output::{err, out, print_diagnostics, read_or_report};

/// Runs the cases of every rubric; `Ok(true)` when every case passes (after
/// recording, with `accept`).
pub fn run(rubrics: &[PathBuf], accept: bool) -> Result<bool, ()> {
    let mut clean = true;
    for path in rubrics {
        clean &= test_rubric(path, accept);
    }
    Ok(clean)
}

fn test_rubric(path: &Path, accept: bool) -> bool {
    let shown = path.display();
    let Some(file) = read_or_report(path) else {
        return false;
    };
    let (checked, diagnostics) = crate::check::check_source(&file.text, &Limits::default());
    let Some(checked) = checked.filter(|_| !has_errors(&diagnostics)) else {
        print_diagnostics(&diagnostics, &file);
        out(&crate::tr!(
            "failed  {shown}: the rubric has errors (rubric check {shown})",
            "未通过  {shown}：评分表有错误（rubric check {shown}）"
        ));
        return false;
    };
    let dir = cases::cases_dir(path);
    let found = match cases::find_cases(&dir) {
        Ok(found) => found,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            let dir = dir.display();
            out(&crate::tr!("failed  {shown}: cannot read {dir}: {e}", "未通过  {shown}：无法读取 {dir}：{e}"));
            return false;
        }
    };
    if found.is_empty() {
        let dir = dir.display();
        out(&crate::tr!(
            "failed  {shown}: no cases; put data files with an [expect] table in {dir}",
            "未通过  {shown}：没有用例；请在 {dir} 中放入带 [expect] 表的数据文件"
        ));
        return false;
    }
    let total = found.len();
    let (mut failed, mut recorded) = (0, 0);
    for case in found {
        let result = cases::run_case(&checked, case);
        if result.passed() {
            continue;
        }
        match show_case(&result, &file, path, accept) {
            Outcome::Failed => failed += 1,
            Outcome::Recorded => recorded += 1,
        }
    }
    let note = if recorded > 0 {
        crate::tr!(" ({recorded} recorded)", "（记录了 {recorded} 个）")
    } else {
        String::new()
    };
    if failed == 0 {
        out(&match total {
            1 => crate::tr!("ok  {shown}: 1 case passed{note}", "通过  {shown}：1 个用例通过{note}"),
            _ => crate::tr!("ok  {shown}: {total} cases passed{note}", "通过  {shown}：{total} 个用例全部通过{note}"),
        });
        true
    } else {
        out(&match total {
            1 => {
                crate::tr!("failed  {shown}: {failed} of 1 case failed{note}", "未通过  {shown}：1 个用例未通过{note}")
            }
            _ => crate::tr!(
                "failed  {shown}: {failed} of {total} cases failed{note}",
                "未通过  {shown}：{total} 个用例中 {failed} 个未通过{note}"
            ),
        });
        false
    }
}

enum Outcome {
    Failed,
    Recorded,
}

/// Prints a case that did not pass, and records its snapshot under `accept`.
fn show_case(
    result: &CaseResult,
    rubric_file: &crate::base::diagnostic::SourceFile,
    rubric: &Path,
    accept: bool,
) -> Outcome {
    let name = result.case.path.display();
    let snapshot = result.case.snapshot_path();
    let snapshot_name = snapshot.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if let Some(source) = &result.source {
        print_diagnostics(&result.diagnostics, source);
    }
    print_diagnostics(&result.rubric_diagnostics, rubric_file);
    let Some(report) = &result.report else {
        let problem = result.problem.clone().unwrap_or_else(|| crate::tr!("nothing was scored", "未计分"));
        out(&crate::tr!("FAIL  {name}: {problem}", "失败  {name}：{problem}"));
        return Outcome::Failed;
    };
    let mut text = String::new();
    let expect_failed = result.expect.as_ref().is_some_and(|m| !m.is_empty());
    if let Some(mismatches) = result.expect.as_ref().filter(|m| !m.is_empty()) {
        text.push_str("  [expect]\n");
        text.push_str(&cases::render(mismatches, "    "));
        if accept {
            text.push_str(&crate::tr!(
                "    (--accept never edits an [expect] table: correct it by hand)\n",
                "    （--accept 不会修改 [expect] 表：请手工更正）\n"
            ));
        }
    }
    match &result.snapshot {
        Snapshot::Differs(mismatches) => {
            text.push_str(&crate::tr!("  snapshot {snapshot_name}\n", "  快照 {snapshot_name}\n"));
            text.push_str(&cases::render(mismatches, "    "));
        }
        Snapshot::Unreadable(why) => {
            text.push_str(&crate::tr!("  snapshot {snapshot_name}: {why}\n", "  快照 {snapshot_name}：{why}\n"))
        }
        Snapshot::Missing if result.is_new() => {
            text.push_str(&crate::tr!(
                "  a new case: no [expect] table and no snapshot {snapshot_name}\n",
                "  新用例：既没有 [expect] 表，也没有快照 {snapshot_name}\n"
            ));
            if accept && result.wants_snapshot() {
                text.push_str(&cases::summary(report, "    "));
            } else {
                let rubric = rubric.display();
                text.push_str(&crate::tr!(
                    "  record its result with: rubric test --accept {rubric}\n",
                    "  记录其结果：rubric test --accept {rubric}\n"
                ));
            }
        }
        Snapshot::Missing | Snapshot::Matches => {}
    }
    let recorded = if accept && result.wants_snapshot() {
        match cases::record(result) {
            Ok(Some(path)) => Some(path),
            Ok(None) => None,
            Err(e) => {
                let shown = snapshot.display();
                err(&crate::tr!("error: cannot write {shown}: {e}", "错误：无法写入 {shown}：{e}"));
                None
            }
        }
    } else {
        None
    };
    let word = match (&recorded, result.is_new()) {
        _ if result.problem.is_some() => crate::tr!("FAIL", "失败"),
        (Some(_), _) if expect_failed => crate::tr!("FAIL", "失败"),
        (Some(_), true) => crate::tr!("NEW", "新用例"),
        (Some(_), false) => crate::tr!("CHANGED", "已更新"),
        (None, true) => crate::tr!("NEW", "新用例"),
        (None, false) => crate::tr!("FAIL", "失败"),
    };
    let did_record = recorded.is_some();
    let after = match (&result.problem, recorded) {
        (Some(problem), _) => crate::tr!(": {problem}", "：{problem}"),
        (None, Some(path)) => {
            let path = path.display();
            crate::tr!(" → recorded {path}", " → 已记录 {path}")
        }
        (None, None) => String::new(),
    };
    out(&format!("{word}  {name}{after}"));
    if !text.is_empty() {
        out(text.trim_end());
    }
    if did_record && !expect_failed {
        Outcome::Recorded
    } else {
        Outcome::Failed
    }
}
