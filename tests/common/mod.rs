//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use miette::{GraphicalReportHandler, GraphicalTheme};
use rubric::base::diagnostic::{Diagnostic, Located, Origin, SourceFile};
use rubric::eval::report::Report;

/// Renders diagnostics the way the CLI does, without colour, at a fixed width.
pub fn render(diagnostics: &[Diagnostic], rubric: &SourceFile, data: Option<&SourceFile>) -> String {
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100).with_links(false);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let file = match (diagnostic.origin, data) {
            (Origin::Data, Some(data)) => data,
            _ => rubric,
        };
        let located = Located::new(diagnostic.clone(), file);
        let mut text = String::new();
        if handler.render_report(&mut text, &located).is_err() {
            text = format!("{}: {}", diagnostic.code_text(), diagnostic.message);
        }
        out.push_str(&text);
        out.push('\n');
    }
    out
}

/// Checks a rubric text with the default limits.
pub fn check(text: &str) -> (Option<rubric::check::model::Checked>, Vec<Diagnostic>) {
    rubric::check::check_source(text, &rubric::base::limits::Limits::default())
}

/// A sheet column's letters from its number, from 1: `1` → `A`, `27` → `AA`.
pub fn column_letters(column: usize) -> String {
    let mut n = column;
    let mut out = Vec::new();
    while n > 0 {
        out.push(char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// The diagnostics without the warning that a data file names no unit: the
/// cases of these tests are snippets with no `[unit]`.
pub fn without_no_name(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.retain(|d| d.code != rubric::base::diagnostic::Code::NoName);
    diagnostics
}

/// The `rubric` binary with `args`, run from the crate's folder with the locale
/// variables removed (English whatever the machine's); callers add their own
/// environment.
pub fn rubric_command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rubric"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    command
}

/// Runs a command to its end: its exit code (-1 when a signal ended it), its
/// stdout and its stderr.
pub fn run(command: &mut Command) -> (i32, String, String) {
    let output = command.output().expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The paths in a folder, sorted; none when it cannot be read.
pub fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
    paths.sort();
    paths
}

/// Each report's label as the side-by-side comparison shows it, its data
/// file's stem where the report names no unit.
pub fn labels(reports: &[Report], files: &[PathBuf]) -> Vec<String> {
    reports
        .iter()
        .zip(files)
        .map(|(r, f)| {
            rubric::render::label(r, &f.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default())
        })
        .collect()
}

/// Writes `contents` to `file` in the temporary folder `folder` (created when
/// missing); the file's path.
pub fn temp_file(folder: &str, file: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let dir = std::env::temp_dir().join(folder);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(file);
    std::fs::write(&path, contents).expect("write");
    path
}

/// A rubric file that must check: its checked rubric and its source file
/// (named by its path).
pub fn checked_file(path: &Path) -> (rubric::check::model::Checked, SourceFile) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let checked = check(&text).0.unwrap_or_else(|| panic!("{} checks", path.display()));
    (checked, SourceFile::new(path.display().to_string(), text))
}

/// A new empty folder `name` in the temporary folder (emptied if it was there).
pub fn fresh_temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
