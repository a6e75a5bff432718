//! `rubric test`: run each rubric's own cases (`<name>.tests/` beside it).

use std::path::{Path, PathBuf};

use rubric::cases::{self, CaseResult, Snapshot};
use rubric::diagnostic::has_errors;
use rubric::files::read_source;
use rubric::limits::Limits;

use super::output::{err, out, print_diagnostics, report_read_error};

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
    let file = match read_source(path) {
        Ok(f) => f,
        Err(error) => {
            report_read_error(&error);
            return false;
        }
    };
    let (checked, diagnostics) = rubric::check::check_source(&file.text, &Limits::default());
    let Some(checked) = checked.filter(|_| !has_errors(&diagnostics)) else {
        print_diagnostics(&diagnostics, &file);
        out(&format!("failed  {shown}: the rubric has errors (rubric check {shown})"));
        return false;
    };
    let dir = cases::cases_dir(path);
    let found = match cases::find_cases(&dir) {
        Ok(found) => found,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            out(&format!("failed  {shown}: cannot read {}: {e}", dir.display()));
            return false;
        }
    };
    if found.is_empty() {
        out(&format!("failed  {shown}: no cases; put data files with an [expect] table in {}", dir.display()));
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
    let cases = |n: usize| if n == 1 { "1 case".to_string() } else { format!("{n} cases") };
    let note = if recorded > 0 { format!(" ({recorded} recorded)") } else { String::new() };
    if failed == 0 {
        out(&format!("ok  {shown}: {} passed{note}", cases(total)));
        true
    } else {
        out(&format!("failed  {shown}: {failed} of {} failed{note}", cases(total)));
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
    rubric_file: &rubric::diagnostic::SourceFile,
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
        out(&format!("FAIL  {name}: {}", result.problem.as_deref().unwrap_or("nothing was scored")));
        return Outcome::Failed;
    };
    let mut text = String::new();
    let expect_failed = result.expect.as_ref().is_some_and(|m| !m.is_empty());
    if let Some(mismatches) = result.expect.as_ref().filter(|m| !m.is_empty()) {
        text.push_str("  [expect]\n");
        text.push_str(&cases::render(mismatches, "    "));
        if accept {
            text.push_str("    (--accept never edits an [expect] table: correct it by hand)\n");
        }
    }
    match &result.snapshot {
        Snapshot::Differs(mismatches) => {
            text.push_str(&format!("  snapshot {snapshot_name}\n"));
            text.push_str(&cases::render(mismatches, "    "));
        }
        Snapshot::Unreadable(why) => text.push_str(&format!("  snapshot {snapshot_name}: {why}\n")),
        Snapshot::Missing if result.is_new() => {
            text.push_str(&format!("  a new case: no [expect] table and no snapshot {snapshot_name}\n"));
            if accept && result.wants_snapshot() {
                text.push_str(&cases::summary(report, "    "));
            } else {
                text.push_str(&format!("  record its result with: rubric test --accept {}\n", rubric.display()));
            }
        }
        Snapshot::Missing | Snapshot::Matches => {}
    }
    let recorded = if accept && result.wants_snapshot() {
        match cases::record(result) {
            Ok(Some(path)) => Some(path),
            Ok(None) => None,
            Err(e) => {
                err(&format!("error: cannot write {}: {e}", snapshot.display()));
                None
            }
        }
    } else {
        None
    };
    let word = match (&recorded, result.is_new()) {
        _ if result.problem.is_some() => "FAIL",
        (Some(_), _) if expect_failed => "FAIL",
        (Some(_), true) => "NEW",
        (Some(_), false) => "CHANGED",
        (None, true) => "NEW",
        (None, false) => "FAIL",
    };
    let did_record = recorded.is_some();
    let after = match (&result.problem, recorded) {
        (Some(problem), _) => format!(": {problem}"),
        (None, Some(path)) => format!(" → recorded {}", path.display()),
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
