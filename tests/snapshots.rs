//! Snapshot tests, one fixture folder per stage (minijinja's habit):
//! `tests/syntax`, `tests/check`, `tests/eval`. Each snapshot embeds its input.
//! Files starting with `err_` must produce an error; the others must not.

mod common;

use std::path::Path;

use rubric::base::diagnostic::{has_errors, Diagnostic, SourceFile};
use rubric::data::Format;
use rubric::eval::{evaluate, Options};

fn name_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A rubric case's diagnostics rendered, and whether it must fail, having
/// asserted that it has errors exactly when its name starts with `err_`.
fn rendered_as_expected(name: &str, text: &str, diagnostics: &[Diagnostic]) -> (String, bool) {
    let rendered = common::render(diagnostics, &SourceFile::new(name.to_string(), text.to_string()), None);
    let must_fail = name.starts_with("err_");
    assert_eq!(has_errors(diagnostics), must_fail, "{name}: errors expected = {must_fail}\n{rendered}");
    (rendered, must_fail)
}

#[test]
fn syntax() {
    insta::glob!("syntax/*.rubric", |path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let (rubric, diagnostics) = rubric::lower::lower(&text, &rubric::base::limits::Limits::default());
        let name = name_of(path);
        let (rendered, must_fail) = rendered_as_expected(&name, &text, &diagnostics);
        let output = if must_fail { rendered } else { format!("{rubric:#?}") };
        let stem = name.trim_end_matches(".rubric");
        insta::with_settings!({ description => text.as_str(), omit_expression => true, snapshot_suffix => stem }, {
            insta::assert_snapshot!(output);
        });
    });
}

#[test]
fn check() {
    insta::glob!("check/*.rubric", |path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let (checked, diagnostics) = common::check(&text);
        let name = name_of(path);
        let (mut output, _) = rendered_as_expected(&name, &text, &diagnostics);
        if let Some(c) = checked {
            output.push_str(&format!(
                "ok: {} items, {} sections, {} inputs\n",
                c.items.len(),
                c.sections.len(),
                c.inputs.len()
            ));
        }
        let stem = name.trim_end_matches(".rubric");
        insta::with_settings!({ description => text.as_str(), omit_expression => true, snapshot_suffix => stem }, {
            insta::assert_snapshot!(output);
        });
    });
}

/// Each `tests/eval/<case>/` holds `rubric.rubric` and one `data.toml|json|yaml`.
#[test]
fn eval() {
    insta::glob!("eval/*/data.*", |path| {
        let dir = path.parent().unwrap_or(Path::new("."));
        let case = name_of(dir);
        let rubric_text = std::fs::read_to_string(dir.join("rubric.rubric")).unwrap_or_default();
        let data_text = std::fs::read_to_string(path).unwrap_or_default();
        let rubric_file = SourceFile::new("rubric.rubric", rubric_text.clone());
        let data_file = SourceFile::new(name_of(path), data_text.clone());
        let (checked, diagnostics) = common::check(&rubric_text);
        let Some(checked) = checked else {
            panic!("{case}: the rubric does not check:\n{}", common::render(&diagnostics, &rubric_file, None));
        };
        let format = Format::from_path(path).unwrap_or(Format::Toml);
        let (data, mut all) = rubric::data::bind::load(&data_text, format, &checked);
        let must_fail = case.starts_with("err_");
        if !data.parsed {
            assert!(
                must_fail,
                "{case}: the data file does not parse:\n{}",
                common::render(&all, &rubric_file, Some(&data_file))
            );
            let output = common::render(&all, &rubric_file, Some(&data_file));
            let description = format!("{rubric_text}\n----- {} -----\n{data_text}", name_of(path));
            insta::with_settings!({ description => description.as_str(), omit_expression => true, snapshot_suffix => case.as_str() }, {
                insta::assert_snapshot!(output);
            });
            return;
        }
        let (report, more) = evaluate(&checked, &data, Options { strict: case.contains("strict"), brief: false });
        all.extend(more);
        let failed = has_errors(&all) || !report.errors.is_empty();
        assert_eq!(
            failed,
            must_fail,
            "{case}: errors expected = {must_fail}\n{}",
            common::render(&all, &rubric_file, Some(&data_file))
        );
        let mut output = common::render(&all, &rubric_file, Some(&data_file));
        output.push_str(&rubric::render::table(&report, rubric::render::Style::Plain));
        let description = format!("{rubric_text}\n----- {} -----\n{data_text}", name_of(path));
        insta::with_settings!({ description => description.as_str(), omit_expression => true, snapshot_suffix => case.as_str() }, {
            insta::assert_snapshot!(output);
        });
    });
}
