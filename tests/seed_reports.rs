//! Every seed data file under `rubrics/data/<rubric>/` evaluated against
//! `rubrics/<rubric>.rubric`: the table and the JSON report are snapshotted,
//! and each folder's units are snapshotted side by side.

mod common;

use std::path::Path;

use rubric::check::model::Checked;
use rubric::data::bind::load;
use rubric::data::Format;
use rubric::eval::report::Report;
use rubric::eval::{evaluate, Options};

fn rubric_for(data_dir: &Path) -> Checked {
    let name = data_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics").join(format!("{name}.rubric"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (checked, diagnostics) = common::check(&text);
    checked.unwrap_or_else(|| panic!("{} does not check: {diagnostics:#?}", path.display()))
}

fn report(checked: &Checked, path: &Path) -> Report {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let format = Format::from_path(path).unwrap_or(Format::Toml);
    let (data, diagnostics) = load(&text, format, checked);
    assert!(diagnostics.is_empty(), "{}: {diagnostics:#?}", path.display());
    let (report, _) = evaluate(checked, &data, Options::default());
    assert!(report.errors.iter().all(|e| e.code == "data::check"), "{}: {:#?}", path.display(), report.errors);
    report
}

#[test]
fn every_seed_file_table_and_json() {
    insta::glob!("../rubrics/data", "*/*.toml", |path| {
        let dir = path.parent().unwrap_or(Path::new("."));
        let checked = rubric_for(dir);
        let report = report(&checked, path);
        let name = format!(
            "{}__{}",
            dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            path.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
        );
        insta::with_settings!({ snapshot_suffix => name.as_str(), omit_expression => true }, {
            insta::assert_snapshot!("table", rubric::render::table(&report, rubric::render::Style::Plain));
            insta::assert_snapshot!("json", rubric::render::json(&report));
        });
    });
}

#[test]
fn each_seed_folder_side_by_side() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics/data");
    let dirs = common::sorted_entries(&root);
    assert!(dirs.len() >= 3, "seed folders: {dirs:?}");
    for dir in dirs {
        let checked = rubric_for(&dir);
        let files = common::sorted_entries(&dir);
        let reports: Vec<Report> = files.iter().map(|f| report(&checked, f)).collect();
        let labels = common::labels(&reports, &files);
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        insta::with_settings!({ snapshot_suffix => name.as_str(), omit_expression => true }, {
            insta::assert_snapshot!("comparison", rubric::render::comparison(&reports, &labels));
        });
    }
}
