//! `rubric batch`: many units at once — the same results as `rubric eval` one
//! by one, whatever the number of threads; bad files and rows reported with
//! their locations while every other unit is scored; the xlsx route equal to the
//! TOML route; and the Excel, HTML, CSV, JSON and Markdown outputs read back.

mod common;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use rubric::author::sheet::template_xlsx;
use rubric::base::diagnostic::SourceFile;
use rubric::batch::{out, Only, Options, Scored, Source, Summary, UnitRow};
use rubric::check::model::Checked;
use rubric::data::sheet::{columns, DESCRIPTION_MARKER};
use rubric::data::Format;
use rubric::eval::evaluate;
use rubric::eval::report::Report;
use rust_xlsxwriter::Workbook;

const PERFORMANCE: &str = "lezhi-2022-performance-management";
const DEPARTMENT: &str = "lezhi-2023-department-overall";
const PROJECT: &str = "lezhi-2023-project";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn rubric(name: &str) -> (SourceFile, Checked) {
    let path = root().join("rubrics").join(format!("{name}.rubric"));
    let text = std::fs::read_to_string(&path).expect("the rubric is readable");
    let checked = common::check(&text).0.unwrap_or_else(|| panic!("{name} checks"));
    (SourceFile::new(path.display().to_string(), text), checked)
}

/// A fresh, empty folder for one test, removed when the test ends.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = PathBuf;
    fn deref(&self) -> &PathBuf {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("rubric-batch-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    Scratch(dir)
}

/// `n` generated units of `checked` written as TOML files into `dir`.
fn generated(checked: &Checked, n: usize, seed: u64, dir: &Path) -> Vec<PathBuf> {
    rubric::author::generate::units(checked, n, seed)
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let path = dir.join(format!("u{:04}.toml", i + 1));
            std::fs::write(&path, text).expect("written");
            path
        })
        .collect()
}

/// Runs a batch through the library; returns the summary and the full reports handed back.
fn batch(rubric: &(SourceFile, Checked), paths: &[PathBuf], options: Options) -> (Summary, Vec<Report>) {
    let sources = rubric::batch::sources(paths).expect("inputs");
    let mut reports = Vec::new();
    let mut each = |unit: Scored<'_>| reports.extend(unit.report.cloned());
    let summary =
        rubric::batch::run(&rubric.1, &rubric.0, &sources, &options, &|_, _| {}, &mut each).expect("the pool starts");
    (summary, reports)
}

/// Every unit's row, in input order, read back from the summary.
fn units(summary: &Summary) -> Vec<UnitRow> {
    summary.rows().expect("rows").collect::<Result<_, _>>().expect("rows read back")
}

fn all(threads: usize) -> Options {
    Options { strict: false, threads: Some(threads), details: usize::MAX }
}

/// What `rubric eval` computes for one data file (the library route it takes).
fn eval_one(checked: &Checked, path: &Path) -> Report {
    let text = std::fs::read_to_string(path).expect("readable");
    let format = Format::from_path(path).expect("a data file");
    let (data, _) = rubric::data::bind::load(&text, format, checked);
    evaluate(checked, &data, rubric::eval::Options::default()).0
}

fn cli(args: &[&str]) -> (i32, String, String) {
    common::run(&mut common::rubric_command(args))
}

#[test]
fn every_seed_folder_scores_like_eval_one_by_one() {
    for name in [PROJECT, PERFORMANCE, DEPARTMENT, "finance-indicators"] {
        let r = rubric(name);
        let dir = root().join("rubrics/data").join(name);
        let (summary, reports) = batch(&r, std::slice::from_ref(&dir), all(2));
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("seed folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        assert_eq!(summary.len(), files.len(), "{name}");
        assert_eq!(reports.len(), files.len(), "{name}");
        for ((row, report), file) in units(&summary).iter().zip(&reports).zip(&files) {
            let by_eval = eval_one(&r.1, file);
            assert_eq!(report, &by_eval, "{name}: {}", file.display());
            assert_eq!(row.source, file.display().to_string());
            assert!(row.scored);
            assert_eq!((row.total, &row.grade), (by_eval.total, &by_eval.grade), "{}", file.display());
            assert_eq!(row.findings, by_eval.findings.len(), "{}", file.display());
            assert_eq!(row.not_applicable, by_eval.not_applicable.len(), "{}", file.display());
            assert_eq!(row.label, rubric::render::label(&by_eval, ""));
        }
    }
}

#[test]
fn the_summary_of_the_project_seeds() {
    let r = rubric(PROJECT);
    let folder = PathBuf::from("rubrics/data/lezhi-2023-project");
    let (summary, _) = batch(&r, std::slice::from_ref(&folder), all(2));
    insta::assert_snapshot!("project_seeds_markdown", rubric::batch::markdown(&summary).expect("markdown"));
    insta::assert_snapshot!("project_seeds_csv", rubric::batch::csv(&summary).expect("csv"));
    let zh = rubric::base::i18n::with_lang(rubric::base::i18n::Lang::Zh, || {
        let (summary, _) = batch(&r, std::slice::from_ref(&folder), all(2));
        rubric::batch::markdown(&summary).expect("markdown")
    });
    insta::assert_snapshot!("project_seeds_markdown_zh", zh);
}

#[test]
fn the_binary_agrees_with_rubric_eval_on_the_project_folder() {
    let dir = scratch("project-cli");
    let json = dir.join("summary.json");
    let folder = "rubrics/data/lezhi-2023-project";
    let rubric_path = "rubrics/lezhi-2023-project.rubric";
    let (code, out, err) = cli(&["batch", rubric_path, folder, "--out", json.to_str().unwrap_or_default()]);
    assert_eq!(code, 1, "the seed units have audit findings, as with eval: {err}");
    assert!(out.contains("5 units, all with a total; 0 with errors") && out.contains("wrote"), "{out}");
    let (eval_code, eval_out, _) = cli(&["eval", rubric_path, folder, "--format", "json"]);
    assert_eq!(eval_code, code);
    let evals: Vec<serde_json::Value> = serde_json::from_str(&eval_out).expect("eval JSON");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("written")).expect("batch JSON");
    let results = summary["results"].as_array().expect("results");
    assert_eq!(results.len(), evals.len());
    for (unit, report) in results.iter().zip(&evals) {
        assert_eq!(unit["total"], report["total"]);
        assert_eq!(unit["grade"], report["grade"]);
        assert_eq!(unit["findings"].as_u64(), report["findings"].as_array().map(|f| f.len() as u64));
        assert_eq!(unit["not_applicable"].as_u64(), report["not_applicable"].as_array().map(|f| f.len() as u64));
    }
}

#[test]
fn two_hundred_generated_units_the_same_with_1_and_4_threads() {
    let r = rubric(DEPARTMENT);
    let dir = scratch("threads");
    let files = generated(&r.1, 200, 7, &dir);
    let (one, one_reports) = batch(&r, std::slice::from_ref(&dir), all(1));
    let (four, four_reports) = batch(&r, std::slice::from_ref(&dir), all(4));
    assert_eq!(one.len(), 200);
    assert_eq!(units(&one), units(&four));
    assert_eq!(one.ranking(), four.ranking());
    assert_eq!(one_reports, four_reports);
    assert_eq!(rubric::batch::csv(&one), rubric::batch::csv(&four));
    assert_eq!(rubric::batch::json(&one), rubric::batch::json(&four));
    assert_eq!(rubric::batch::markdown(&one), rubric::batch::markdown(&four));
    let one_units = units(&one);
    for ((row, report), file) in one_units.iter().zip(&one_reports).zip(&files) {
        let by_eval = eval_one(&r.1, file);
        assert_eq!(report, &by_eval, "{}", file.display());
        assert_eq!((row.total, &row.grade, row.findings), (by_eval.total, &by_eval.grade, by_eval.findings.len()));
    }
    // The ranking: by total, highest first, ties by label.
    let ranked: Vec<_> = one.ranking().iter().filter_map(|r| one_units.get(r.unit)).collect();
    assert!(ranked.windows(2).all(|w| w[0].total > w[1].total
        || (w[0].total == w[1].total && w[0].label <= w[1].label)
        || w[1].total.is_none()));
}

/// A workbook with the template's header row, its description row, and `rows`
/// (column key → TOML value) below them, written with rust_xlsxwriter.
fn workbook(keys: &[String], rows: &[BTreeMap<String, toml_edit::Value>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(rubric::data::sheet::DATA_SHEET).expect("name");
    for (col, key) in (0u16..).zip(keys) {
        sheet.write_string(0, col, key).expect("header");
    }
    sheet.write_string(1, 0, format!("{DESCRIPTION_MARKER}单位名称")).expect("description");
    for (row, cells) in (2u32..).zip(rows) {
        for (col, key) in (0u16..).zip(keys) {
            match cells.get(key) {
                Some(toml_edit::Value::Integer(i)) => sheet.write_number(row, col, *i.value() as f64).map(|_| ()),
                Some(toml_edit::Value::Float(f)) => sheet.write_number(row, col, *f.value()).map(|_| ()),
                Some(toml_edit::Value::Boolean(b)) => sheet.write_boolean(row, col, *b.value()).map(|_| ()),
                Some(toml_edit::Value::String(s)) => sheet.write_string(row, col, s.value()).map(|_| ()),
                Some(other) => panic!("unexpected value {other}"),
                None => Ok(()),
            }
            .expect("cell");
        }
    }
    book.save_to_buffer().expect("saved")
}

/// A data file's values by template column: `name`, inputs by name, `judged.<id>` …
fn cells_of(toml: &str) -> BTreeMap<String, toml_edit::Value> {
    let doc: toml_edit::DocumentMut = toml.parse().expect("generated TOML");
    let mut out = BTreeMap::new();
    for (table, prefix) in [("unit", ""), ("inputs", ""), ("judged", "judged."), ("not_applicable", "not_applicable.")]
    {
        if let Some(t) = doc.get(table).and_then(|t| t.as_table()) {
            for (key, item) in t.iter() {
                if let Some(value) = item.as_value() {
                    out.insert(format!("{prefix}{key}"), value.clone());
                }
            }
        }
    }
    out
}

#[test]
fn xlsx_round_trip_template_fill_batch_equals_the_toml_route() {
    for name in [DEPARTMENT, PERFORMANCE] {
        let r = rubric(name);
        let dir = scratch(&format!("roundtrip-{name}"));
        let template = template_xlsx(&r.1).expect("template");
        let sheets = read_xlsx(&template);
        let (sheet_name, cells) = sheets.first().expect("a data sheet");
        assert_eq!(sheet_name, rubric::data::sheet::DATA_SHEET);
        let keys: Vec<String> = (1..).map_while(|col| cells.get(&(1, col)).cloned()).collect();
        assert_eq!(keys, columns(&r.1).iter().map(|c| c.key.clone()).collect::<Vec<_>>(), "{name}");
        let toml_dir = dir.join("toml");
        std::fs::create_dir_all(&toml_dir).expect("dir");
        let files = generated(&r.1, 2, 11, &toml_dir);
        let rows: Vec<_> = files.iter().map(|f| cells_of(&std::fs::read_to_string(f).expect("read"))).collect();
        for row in &rows {
            assert!(row.keys().all(|k| keys.contains(k)), "{name}: every value has a column");
        }
        let xlsx = dir.join("units.xlsx");
        std::fs::write(&xlsx, workbook(&keys, &rows)).expect("written");
        let (from_sheet, sheet_reports) = batch(&r, std::slice::from_ref(&xlsx), all(2));
        let (from_toml, toml_reports) = batch(&r, std::slice::from_ref(&toml_dir), all(2));
        assert_eq!(from_sheet.len(), 2, "{name}");
        assert!(from_sheet.clean(), "{name}: {:#?}", units(&from_sheet));
        for ((s, t), (sr, tr)) in
            units(&from_sheet).iter().zip(&units(&from_toml)).zip(sheet_reports.iter().zip(&toml_reports))
        {
            assert_eq!((s.total, &s.grade, &s.sections, &s.label), (t.total, &t.grade, &t.sections, &t.label));
            assert_eq!(sr.items, tr.items, "{name}");
            assert!(s.source.starts_with("units.xlsx · 填报 · row "), "{}", s.source);
        }
        // `rubric eval` takes the workbook too, one unit per row.
        let (code, out, err) = cli(&["eval", &format!("rubrics/{name}.rubric"), xlsx.to_str().unwrap_or_default()]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("模拟单位01") && out.contains("模拟单位02"), "{out}");
    }
}

#[test]
fn broken_files_and_rows_are_reported_and_the_rest_is_scored() {
    let r = rubric(DEPARTMENT);
    let dir = scratch("broken");
    generated(&r.1, 3, 5, &dir);
    // A multi-line text that never closes: everything after it belongs to it, so nothing is read.
    std::fs::write(dir.join("zz-broken.toml"), "[unit]\nname = \"坏文件\"\n[inputs]\n\"编制数\" = \"\"\"4\n")
        .expect("written");
    std::fs::write(dir.join("zz-not-a-workbook.xlsx"), b"PK this is no zip").expect("written");
    let toml = rubric::author::generate::units(&r.1, 1, 99).pop().expect("a unit");
    let mut good = cells_of(&toml);
    good.insert("name".into(), toml_edit::Value::from("好单位"));
    let mut bad = good.clone();
    bad.insert("name".into(), toml_edit::Value::from("坏单位"));
    bad.insert("在职人员数".into(), toml_edit::Value::from("五十八"));
    let keys: Vec<String> = columns(&r.1).into_iter().map(|c| c.key).collect();
    std::fs::write(dir.join("units.xlsx"), workbook(&keys, &[good, bad])).expect("written");
    let json = dir.join("out.json");
    let html = dir.join("out.html");
    let (code, out, err) = cli(&[
        "batch",
        &format!("rubrics/{DEPARTMENT}.rubric"),
        dir.to_str().unwrap_or_default(),
        "--out",
        json.to_str().unwrap_or_default(),
        "--out",
        html.to_str().unwrap_or_default(),
        "--threads",
        "2",
    ]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        out.contains(
            "7 units: 4 with a total, 3 without (2 could not be read, 1 with items that could not be scored); 1 with errors"
        ),
        "{out}"
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("written")).expect("JSON");
    let results = summary["results"].as_array().expect("results");
    let by_label = |label: &str| {
        results.iter().find(|u| u["label"] == label).unwrap_or_else(|| panic!("no {label}: {results:#?}"))
    };
    for generated in ["模拟单位01", "模拟单位02", "模拟单位03", "好单位"] {
        let unit = by_label(generated);
        assert_eq!(unit["scored"], true);
        assert_eq!(unit["errors"], 0, "{unit:#}");
        assert!(unit["total"].is_string());
    }
    // The broken TOML file: not scored, located at its line and column.
    let broken = by_label("zz-broken");
    assert_eq!(broken["scored"], false);
    let location = broken["problems"][0]["location"].as_str().unwrap_or_default();
    assert!(location.ends_with("zz-broken.toml:4:9"), "{location}");
    // The bad row: scored (its other cells are read), its error located at the cell.
    let bad = by_label("坏单位");
    assert_eq!(bad["scored"], true);
    assert!(bad["errors"].as_u64().unwrap_or_default() >= 1, "{bad:#}");
    let column = keys.iter().position(|k| k == "在职人员数").expect("column");
    let cell = format!("{}4", common::column_letters(column + 1));
    let located: Vec<&str> =
        bad["problems"].as_array().expect("problems").iter().filter_map(|p| p["location"].as_str()).collect();
    assert!(located.iter().any(|l| l.ends_with(&format!("units.xlsx · 填报!{cell}"))), "{located:?}");
    assert!(bad["source"].as_str().is_some_and(|s| s.contains("units.xlsx · 填报 · row 4 (坏单位)")));
    // The file that is no workbook: not scored, located at the file.
    let damaged = by_label("zz-not-a-workbook.xlsx");
    assert_eq!(damaged["scored"], false);
    assert!(damaged["problems"][0]["location"].as_str().is_some_and(|l| l.ends_with("zz-not-a-workbook.xlsx")));
    // The diagnostics went to stderr too, rendered with their places.
    assert!(err.contains("zz-broken.toml:4:9") && err.contains(&format!("units.xlsx · 填报!{cell}]")), "{err}");
    // And the HTML page lists them.
    let page = std::fs::read_to_string(&html).expect("written");
    assert!(page.contains("id=\"problems\"") && page.contains(&format!("units.xlsx · 填报!{cell}")));
    assert_eq!(summary["results"].as_array().map(Vec::len), Some(7));
}

#[test]
fn usage_errors_exit_2() {
    let rubric_path = format!("rubrics/{DEPARTMENT}.rubric");
    let (code, _, err) = cli(&["batch", &rubric_path, "rubrics/data/lezhi-2023-department-overall", "--out", "x.pdf"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, _) = cli(&["batch", &rubric_path, "unit.docx"]);
    assert_eq!(code, 2);
    let (code, _, _) = cli(&["batch", &rubric_path, "rubrics/data", "--threads", "0"]);
    assert_eq!(code, 2);
    let (code, _, err) = cli(&["template", &rubric_path, "--format", "xlsx"]);
    assert_eq!(code, 2);
    assert!(err.contains("--out"), "{err}");
}

#[test]
fn generate_and_template_write_files() {
    let dir = scratch("generate");
    let rubric_path = format!("rubrics/{PERFORMANCE}.rubric");
    let (a, b) = (dir.join("a"), dir.join("b"));
    for d in [&a, &b] {
        let (code, out, err) =
            cli(&["generate", &rubric_path, "12", "--seed", "3", "--out", d.to_str().unwrap_or_default()]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("12"), "{out}");
    }
    let first = std::fs::read_to_string(a.join("模拟单位01.toml")).expect("written");
    assert_eq!(first, std::fs::read_to_string(b.join("模拟单位01.toml")).expect("written"), "deterministic");
    assert_eq!(std::fs::read_dir(&a).map(Iterator::count).unwrap_or_default(), 12);
    let (_, checked) = rubric(PERFORMANCE);
    assert_eq!(rubric::author::generate::units(&checked, 12, 3).first(), Some(&first));
    let xlsx = dir.join("模板.xlsx");
    let (code, _, err) =
        cli(&["template", &rubric_path, "--format", "xlsx", "--out", xlsx.to_str().unwrap_or_default()]);
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&xlsx).expect("written");
    assert_eq!(bytes, template_xlsx(&checked).expect("template"));
    // Without --format, the file's extension says which.
    let named = dir.join("named.xlsx");
    let (code, _, err) = cli(&["template", &rubric_path, "--out", named.to_str().unwrap_or_default()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read(&named).ok(), Some(bytes));
    let json = dir.join("t.json");
    let (code, _, err) = cli(&["template", &rubric_path, "--out", json.to_str().unwrap_or_default()]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&json).unwrap_or_default();
    assert_eq!(text, rubric::author::template::template(&checked, rubric::data::Format::Json));
    let (code, _, _) = cli(&["batch", &rubric_path, a.to_str().unwrap_or_default()]);
    assert_eq!(code, 0, "generated units are clean");
}

#[test]
fn generated_sheets_score_as_the_generated_files() {
    let dir = scratch("generate-sheets");
    let rubric_path = format!("rubrics/{DEPARTMENT}.rubric");
    let totals = |input: &std::path::Path| {
        let json = input.with_extension("scores.json");
        let (code, _, err) = cli(&[
            "batch",
            &rubric_path,
            input.to_str().unwrap_or_default(),
            "--out",
            json.to_str().unwrap_or_default(),
        ]);
        assert_eq!(code, 0, "{err}");
        let summary: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).unwrap_or_default()).unwrap_or_default();
        let results = summary["results"].as_array().cloned().unwrap_or_default();
        results.iter().map(|u| (u["label"].clone(), u["total"].clone(), u["grade"].clone())).collect::<Vec<_>>()
    };
    let mut scored = Vec::new();
    for out in ["units", "units.csv", "units.xlsx"] {
        let path = dir.join(out);
        let (code, _, err) =
            cli(&["generate", &rubric_path, "30", "--seed", "7", "--out", path.to_str().unwrap_or_default()]);
        assert_eq!(code, 0, "{err}");
        scored.push(totals(&path));
    }
    assert_eq!(scored[0].len(), 30);
    assert!(scored[0].iter().all(|(_, total, _)| total.is_string()), "{:?}", scored[0]);
    assert_eq!(scored[0], scored[1], "a folder and a CSV sheet");
    assert_eq!(scored[1], scored[2], "a CSV sheet and an xlsx sheet");
    // Numbers are number cells, yes/no boolean cells.
    let bytes = std::fs::read(dir.join("units.xlsx")).unwrap_or_default();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a workbook");
    let mut xml = String::new();
    let sheet =
        archive.by_name("xl/worksheets/sheet1.xml").map(|mut f| std::io::Read::read_to_string(&mut f, &mut xml));
    assert!(sheet.is_ok());
    assert!(xml.contains(" t=\"b\""), "boolean cells");
    assert!(xml.contains("<c r=\"B2\"><v>2023</v></c>"), "a number cell");
}

/// A sheet's cells as text by (row, column), both from 1.
type Cells = BTreeMap<(u32, u32), String>;

/// Every sheet of a workbook: its name and its cells.
fn read_xlsx(bytes: &[u8]) -> Vec<(String, Cells)> {
    use quick_xml::events::Event;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut part = |name: &str| -> Option<String> {
        let mut file = archive.by_name(name).ok()?;
        let mut text = String::new();
        file.read_to_string(&mut text).ok()?;
        Some(text)
    };
    let texts = |xml: &str, element: &[u8]| -> Vec<String> {
        // The text of every `element` (shared strings: `si`), runs joined.
        let mut reader = quick_xml::Reader::from_str(xml);
        let (mut out, mut current, mut inside, mut in_t) = (Vec::new(), String::new(), false, false);
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) if e.local_name().as_ref() == element => (inside, current) = (true, String::new()),
                Ok(Event::Start(e)) if e.local_name().as_ref() == b"t" => in_t = inside,
                Ok(Event::End(e)) if e.local_name().as_ref() == b"t" => in_t = false,
                Ok(Event::End(e)) if e.local_name().as_ref() == element => {
                    inside = false;
                    out.push(std::mem::take(&mut current));
                }
                Ok(Event::Text(t)) if in_t => current.push_str(&t.xml10_content().expect("text")),
                Ok(Event::GeneralRef(r)) if in_t => current.push_str(&unescape(&r)),
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        out
    };
    let shared = part("xl/sharedStrings.xml").map(|x| texts(&x, b"si")).unwrap_or_default();
    let workbook = part("xl/workbook.xml").expect("workbook");
    let names: Vec<String> = {
        let mut reader = quick_xml::Reader::from_str(&workbook);
        let mut names = Vec::new();
        loop {
            match reader.read_event() {
                Ok(Event::Empty(e) | Event::Start(e)) if e.local_name().as_ref() == b"sheet" => {
                    names.push(attribute(&e, "name").expect("a name"));
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        names
    };
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let xml = part(&format!("xl/worksheets/sheet{}.xml", i + 1)).expect("sheet");
            let mut cells = BTreeMap::new();
            let mut reader = quick_xml::Reader::from_str(&xml);
            let (mut at, mut kind, mut value, mut in_v) = ((0, 0), String::new(), String::new(), false);
            loop {
                match reader.read_event() {
                    Ok(Event::Start(e)) if e.local_name().as_ref() == b"c" => {
                        at = parse_ref(&attribute(&e, "r").expect("a reference"));
                        kind = attribute(&e, "t").unwrap_or_default();
                        value.clear();
                    }
                    Ok(Event::Start(e)) if matches!(e.local_name().as_ref(), b"v" | b"t") => in_v = true,
                    Ok(Event::End(e)) if matches!(e.local_name().as_ref(), b"v" | b"t") => in_v = false,
                    Ok(Event::Text(t)) if in_v => value.push_str(&t.xml10_content().expect("text")),
                    Ok(Event::GeneralRef(r)) if in_v => value.push_str(&unescape(&r)),
                    Ok(Event::End(e)) if e.local_name().as_ref() == b"c" => {
                        let text = match kind.as_str() {
                            "s" => shared.get(value.parse::<usize>().expect("index")).cloned().unwrap_or_default(),
                            "b" => if value == "1" { "TRUE" } else { "FALSE" }.to_string(),
                            _ => value.clone(),
                        };
                        cells.insert(at, text);
                    }
                    Ok(Event::Eof) | Err(_) => break,
                    _ => {}
                }
            }
            (name, cells)
        })
        .collect()
}

fn unescape(r: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.decode().map(|n| n.into_owned()).unwrap_or_default();
    quick_xml::escape::resolve_predefined_entity(&name).map_or_else(|| format!("&{name};"), str::to_string)
}

fn attribute(e: &quick_xml::events::BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key.as_bytes())
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

fn parse_ref(r: &str) -> (u32, u32) {
    let letters: String = r.chars().take_while(char::is_ascii_uppercase).collect();
    let column = letters.bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1));
    (r[letters.len()..].parse().expect("a row"), column)
}

/// A sheet's row as text, column by column (empty cells as "").
fn row(cells: &Cells, row: u32, columns: u32) -> Vec<String> {
    (1..=columns).map(|c| cells.get(&(row, c)).cloned().unwrap_or_default()).collect()
}

/// Writes a batch of `sources` to the files of `outs` through the library.
fn write(r: &(SourceFile, Checked), sources: &[Source], options: Options, outs: &[&Path]) -> Summary {
    let mut sinks: Vec<Box<dyn rubric::batch::Sink>> = outs.iter().map(|p| out::open(p).expect("opened")).collect();
    let mut each = |unit: Scored<'_>| {
        for sink in &mut sinks {
            sink.unit(&unit).expect("written");
        }
    };
    let summary = rubric::batch::run(&r.1, &r.0, sources, &options, &|_, _| {}, &mut each).expect("ran");
    for sink in sinks {
        sink.finish(&summary).expect("finished");
    }
    summary
}

#[test]
fn the_excel_output_reads_back() {
    let r = rubric(PERFORMANCE);
    let dir = scratch("excel");
    generated(&r.1, 6, 21, &dir);
    let shengchi = root().join("rubrics/data/lezhi-2022-performance-management/盛池镇.toml");
    let sources = rubric::batch::sources(&[shengchi.clone(), dir.clone()]).expect("inputs");
    let xlsx = dir.join("county.xlsx");
    let summary = rubric::base::i18n::with_lang(rubric::base::i18n::Lang::Zh, || {
        write(&r, &sources, Options { strict: false, threads: Some(2), details: 4 }, &[&xlsx])
    });
    let sheets = read_xlsx(&std::fs::read(&xlsx).expect("written"));
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "汇总",
            "各部分",
            "审核问题",
            "问题",
            "1 乐至县盛池镇人民政府",
            "2 模拟单位01",
            "3 模拟单位02",
            "4 模拟单位03"
        ]
    );
    // The summary sheet: the grade counts, then the ranking, highest total first.
    let (_, cells) = &sheets[0];
    let heading = (1..100).find(|r| cells.get(&(*r, 1)).is_some_and(|t| t == "名次")).expect("ranking heading");
    assert_eq!(row(cells, heading, 7), ["名次", "序号", "单位", "来源", "总分", "满分", "等级"]);
    let rows = units(&summary);
    let expected: Vec<String> = summary.ranking().iter().map(|x| rows[x.unit].label.clone()).collect();
    let shown: Vec<String> = (1..=7).map(|i| cells.get(&(heading + i, 3)).cloned().unwrap_or_default()).collect();
    assert_eq!(shown, expected);
    let totals: Vec<f64> = (1..=7).filter_map(|i| cells.get(&(heading + i, 5))?.parse().ok()).collect();
    assert_eq!(totals.len(), 7);
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
    let grades = (1..heading).find(|r| cells.get(&(*r, 1)).is_some_and(|t| t == "等级")).expect("grade counts");
    let counted: u32 = (1..).map_while(|i| cells.get(&(grades + i, 2))?.parse::<u32>().ok()).sum();
    assert_eq!(counted, 7);
    // 盛池镇's sheet, like the official 计分表.
    let (_, unit) = &sheets[4];
    assert_eq!(row(unit, 4, 7), ["一级指标", "二级指标", "三级指标", "分值", "得分", "自评分", "说明"]);
    let report = rubric::base::i18n::with_lang(rubric::base::i18n::Lang::Zh, || eval_one(&r.1, &shengchi));
    let item24 = report.items.iter().find(|i| i.id == "24").expect("item 24");
    let line = (5..200)
        .find(|r| unit.get(&(*r, 7)).is_some_and(|t| t.starts_with("[24] ")))
        .unwrap_or_else(|| panic!("no row for item 24: {unit:#?}"));
    assert!(unit.get(&(line, 3)).is_some_and(|n| n.contains(&item24.name)), "{:?}", unit.get(&(line, 3)));
    let show = |d: Option<rust_decimal::Decimal>| d.map(rubric::eval::report::show);
    assert_eq!(unit.get(&(line, 4)).cloned(), show(Some(item24.max)));
    assert_eq!(unit.get(&(line, 5)).cloned(), show(item24.score));
    assert_eq!(unit.get(&(line, 6)).cloned(), show(item24.reported));
    assert_eq!((show(item24.score), show(item24.reported)), (Some("4".into()), Some("3".into())), "the rule gives 4");
    let explanation = unit.get(&(line, 7)).cloned().unwrap_or_default();
    assert!(item24.trace.iter().all(|step| explanation.contains(step.as_str())), "{explanation}");
    let na = report.not_applicable.first().expect("盛池镇 has a 缺省项");
    let na_line =
        (5..200).find(|r| unit.get(&(*r, 7)).is_some_and(|t| t.starts_with(&format!("[{}] ", na.id)))).expect("row");
    assert!(unit[&(na_line, 7)].contains(&na.reason), "{}", unit[&(na_line, 7)]);
    let items = (5..200).filter(|r| unit.get(&(*r, 7)).is_some_and(|t| t.starts_with('['))).count();
    assert_eq!(items, report.items.len());
    assert!(unit.values().any(|t| t == "合计"));
    // The findings sheet: 盛池镇's findings, with their messages.
    let (_, findings) = &sheets[2];
    assert_eq!(row(findings, 1, 3), ["序号", "单位", "类别"]);
    let listed: Vec<String> = (2..).map_while(|r| findings.get(&(r, 7)).cloned()).collect();
    let messages: Vec<String> = report.findings.iter().map(|f| f.message.clone()).collect();
    assert!(!messages.is_empty());
    assert_eq!(listed, messages);
    assert!((2..2 + listed.len() as u32).all(|r| findings.get(&(r, 2)).is_some_and(|u| u == "乐至县盛池镇人民政府")));
    // Each finding names its item or section: `24 自评抽查`, not `24` alone.
    let about: Vec<String> = (2..2 + listed.len() as u32).filter_map(|r| findings.get(&(r, 4)).cloned()).collect();
    assert_eq!(about, ["24 自评抽查", "二.4 （四）事后绩效评价管理"]);
    assert!(listed[0].contains("24 自评抽查"), "{listed:?}");
    // The sections sheet: every section with its statistics.
    assert_eq!(sheets[1].1.keys().filter(|(_, c)| *c == 1).count(), r.1.sections.len() + 1);
}

#[test]
fn html_csv_json_and_markdown_hold_every_unit() {
    let r = rubric(PERFORMANCE);
    let dir = scratch("text-outputs");
    generated(&r.1, 5, 8, &dir);
    let shengchi = root().join("rubrics/data/lezhi-2022-performance-management/盛池镇.toml");
    let sources = rubric::batch::sources(&[dir.clone(), shengchi]).expect("inputs");
    let paths: Vec<PathBuf> = ["out.html", "out.csv", "out.json", "out.md"].iter().map(|n| dir.join(n)).collect();
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let summary = write(&r, &sources, Options { strict: false, threads: Some(2), details: 3 }, &refs);
    let read = |i: usize| std::fs::read_to_string(&paths[i]).expect("written");
    let rows = units(&summary);
    let labels: Vec<String> = summary.ranking().iter().map(|x| rows[x.unit].label.clone()).collect();
    assert_eq!(labels.len(), 6);
    // HTML: the ranking in order, the first three units in full, and the note that details were capped.
    let html = read(0);
    let ranking =
        html.split("<section id=\"ranking\">").nth(1).and_then(|s| s.split("</section>").next()).expect("ranking");
    let mut at = 0;
    for label in &labels {
        let found = ranking[at..].find(label.as_str()).unwrap_or_else(|| panic!("{label} not in ranking order"));
        at += found + label.len();
    }
    assert_eq!(html.matches("<section class=\"unit\"").count(), 3);
    assert!(html.contains("id=\"unit-1\"") && html.contains("id=\"unit-3\"") && !html.contains("id=\"unit-4\""));
    assert!(html.contains("id=\"details-capped\"") && html.contains("first 3 of 6 units"));
    assert!(html.contains("id=\"grades\"") && html.contains("id=\"sections\""));
    assert!(html.trim_end().ends_with("</html>"));
    // CSV: a heading and one line per unit, in ranking order.
    let csv = read(1);
    let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').lines().collect();
    assert_eq!(lines.len(), 7);
    assert!(lines[0].starts_with("rank,no.,unit,source,total"));
    for (line, label) in lines[1..].iter().zip(&labels) {
        assert!(line.contains(label.as_str()), "{line}");
    }
    // JSON: every unit with its total.
    let json: serde_json::Value = serde_json::from_str(&read(2)).expect("JSON");
    assert_eq!(json["results"].as_array().map(Vec::len), Some(6));
    let shengchi_json =
        json["results"].as_array().and_then(|r| r.iter().find(|u| u["label"] == "乐至县盛池镇人民政府"));
    assert_eq!(shengchi_json.map(|u| u["total"].clone()), Some(serde_json::json!("94")));
    // Markdown: the ranking, the grades and the sections.
    let md = read(3);
    for label in &labels {
        assert!(md.contains(label.as_str()), "{label}");
    }
    assert!(md.contains("## Ranking") && md.contains("## Grades") && md.contains("## Sections"));
}

#[test]
fn two_thousand_generated_units_with_details_capped() {
    let r = rubric(DEPARTMENT);
    let dir = scratch("two-thousand");
    generated(&r.1, 2000, 2024, &dir);
    let xlsx = dir.join("county.xlsx");
    let html = dir.join("county.html");
    let sources = rubric::batch::sources(std::slice::from_ref(&dir)).expect("inputs");
    let summary = write(&r, &sources, Options { strict: false, threads: None, details: 20 }, &[&xlsx, &html]);
    assert_eq!(summary.len(), 2000);
    assert_eq!(summary.failed(), 0);
    assert!(summary.capped());
    let page = std::fs::read_to_string(&html).expect("written");
    assert_eq!(page.matches("<section class=\"unit\"").count(), 20);
    let tables = 1 + usize::from(!r.1.indicators.is_empty());
    assert_eq!(page.matches("<tr data-unit=").count(), 2000 * tables, "ranking and indicators: every unit");
    let sheets = read_xlsx(&std::fs::read(&xlsx).expect("written"));
    assert_eq!(sheets.len(), 4 + 20);
}

/// The ranking as the summary computed it when it kept every row: by total,
/// highest first, ties by label then input order; then the disqualified, the
/// units without a total and the units not scored, unranked.
fn reference_ranking(rows: &[UnitRow]) -> Vec<(Option<usize>, usize)> {
    let class = |u: &UnitRow| match (u.scored, u.total, u.disqualified) {
        (true, Some(_), false) => 0,
        (true, Some(_), true) => 1,
        (true, None, _) => 2,
        (false, _, _) => 3,
    };
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&rows[a], &rows[b]);
        class(x)
            .cmp(&class(y))
            .then(y.total.cmp(&x.total))
            .then_with(|| x.label.cmp(&y.label))
            .then(x.index.cmp(&y.index))
    });
    let mut out: Vec<(Option<usize>, usize)> = Vec::new();
    for (position, unit) in order.into_iter().enumerate() {
        let row = &rows[unit];
        let rank = (class(row) == 0).then(|| {
            out.last()
                .and_then(|&(rank, prev)| (rows[prev].total == row.total).then_some(rank).flatten())
                .unwrap_or(position + 1)
        });
        out.push((rank, unit));
    }
    out
}

#[test]
fn the_spilled_summary_ranks_and_counts_like_the_rows_in_memory() {
    let r = rubric(PERFORMANCE);
    let dir = scratch("spilled");
    let files = generated(&r.1, 4, 3, &dir);
    let first = std::fs::read_to_string(&files[0]).expect("read");
    let second = std::fs::read_to_string(&files[1]).expect("read");
    // Ties: the first unit again under other names (before and after it by label), and under its own.
    std::fs::write(dir.join("u0005.toml"), first.replace("模拟单位01", "甲单位")).expect("written");
    std::fs::write(dir.join("u0006.toml"), &first).expect("written");
    std::fs::write(dir.join("u0007.toml"), first.replace("模拟单位01", "0单位")).expect("written");
    // The second unit with 考核材料逾期天数 set to `value`.
    let overdue = |value: &str| -> String {
        second
            .lines()
            .map(|l| {
                if l.starts_with("\"考核材料逾期天数\"") {
                    format!("\"考核材料逾期天数\" = {value}")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    // Disqualified: the second unit, late with its material.
    let late = overdue("10").replace("模拟单位02", "逾期单位");
    assert_ne!(late, second);
    std::fs::write(dir.join("u0008.toml"), &late).expect("written");
    // Disqualified and tied with it.
    std::fs::write(dir.join("u0009.toml"), late.replace("逾期单位", "逾期单位乙")).expect("written");
    // Not scored: a file that does not parse.
    std::fs::write(dir.join("u0010.toml"), "[unit]\nname = \"\"\"1\n").expect("written");
    // Without a total: an input of the wrong type.
    std::fs::write(dir.join("u0011.toml"), overdue("\"十\"")).expect("written");
    let sources = rubric::batch::sources(std::slice::from_ref(&dir)).expect("inputs");
    let paths: Vec<PathBuf> = ["s.csv", "s.json", "s.md"].iter().map(|n| dir.join(n)).collect();
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    // The summary files are not among the inputs: they are written after the folder is read.
    let summary = write(&r, &sources, Options { strict: false, threads: Some(2), details: 2 }, &refs);
    let rows = units(&summary);
    assert_eq!(rows.len(), 11);
    let ranking: Vec<(Option<usize>, usize)> = summary.ranking().iter().map(|x| (x.rank, x.unit)).collect();
    assert_eq!(ranking, reference_ranking(&rows));
    // The cases are there: a tie of three names and one repeated, disqualified, not scored, no total.
    let label = |i: usize| rows[i].label.as_str();
    let tied: Vec<&str> = ranking
        .iter()
        .filter(|(_, u)| rows[*u].total == rows[0].total && !rows[*u].disqualified)
        .map(|(_, u)| label(*u))
        .collect();
    assert_eq!(tied, ["0单位", "模拟单位01", "模拟单位01", "甲单位"]);
    let ranks: Vec<Option<usize>> =
        ranking.iter().filter(|(_, u)| label(*u) == "模拟单位01").map(|(r, _)| *r).collect();
    assert!(ranks.len() == 2 && ranks[0] == ranks[1] && ranks[0].is_some(), "{ranks:?}");
    assert_eq!(rows.iter().filter(|u| u.disqualified).count(), 2);
    assert_eq!(rows.iter().filter(|u| !u.scored).count(), 1);
    assert!(rows.iter().any(|u| u.scored && u.total.is_none()), "{rows:#?}");
    // The filtered scans skip exactly the other rows.
    let only = |only: Only| -> Vec<UnitRow> {
        summary.rows_only(only).expect("rows").collect::<Result<_, _>>().expect("read back")
    };
    assert_eq!(only(Only::All), rows);
    assert_eq!(only(Only::Scored), rows.iter().filter(|u| u.scored).cloned().collect::<Vec<_>>());
    assert_eq!(only(Only::Disqualified), rows.iter().filter(|u| u.disqualified).cloned().collect::<Vec<_>>());
    let troubled: Vec<UnitRow> = rows.iter().filter(|u| !u.problems.is_empty()).cloned().collect();
    assert_eq!(troubled.len(), 2, "the file that does not parse and the wrong type");
    assert_eq!(only(Only::WithProblems), troubled);
    // The counts, as from the rows in memory.
    assert_eq!(summary.failed(), 1);
    assert!(!summary.clean());
    let graded = summary.grade_counts();
    assert_eq!(graded.iter().map(|g| g.count).sum::<usize>(), 11);
    for (i, stats) in summary.section_stats().iter().enumerate() {
        let scores: Vec<_> = rows.iter().filter_map(|u| u.sections.get(i).copied().flatten()).collect();
        assert_eq!(stats.count, scores.len());
        assert_eq!((stats.min, stats.max), (scores.iter().min().copied(), scores.iter().max().copied()));
    }
    // The files: CSV in ranking order with the ranks, JSON in input order with the ranks.
    let csv = std::fs::read_to_string(&paths[0]).expect("written");
    let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').lines().skip(1).collect();
    assert_eq!(lines.len(), 11);
    for (line, (rank, unit)) in lines.iter().zip(&ranking) {
        let expected = format!("{},{},", rank.map_or_else(String::new, |r| r.to_string()), rows[*unit].index);
        assert!(line.starts_with(&expected), "{line} / {expected}");
    }
    let json = std::fs::read_to_string(&paths[1]).expect("written");
    assert_eq!(json, rubric::batch::json(&summary).expect("JSON"));
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let mut by_unit = vec![None; rows.len()];
    for (rank, unit) in &ranking {
        by_unit[*unit] = *rank;
    }
    let json_ranks: Vec<Option<usize>> =
        value["results"].as_array().expect("results").iter().map(|u| u["rank"].as_u64().map(|r| r as usize)).collect();
    assert_eq!(json_ranks, by_unit);
    assert_eq!(value["units"], 11);
    let md = std::fs::read_to_string(&paths[2]).expect("written");
    assert_eq!(md, rubric::batch::markdown(&summary).expect("markdown"));
    assert!(md.contains("## Disqualified") && md.contains("逾期单位乙") && md.contains("## Problems"));
    // Two units named 模拟单位01: flagged, and each shown with its file in every table.
    assert_eq!(summary.same_names(), [("模拟单位01".to_string(), 2), ("模拟单位02".to_string(), 2)]);
    assert!(
        md.contains("warning [batch::same-name]: 4 units share their name with another: 模拟单位01 (2 units), 模拟单位02 (2 units)"),
        "{md}"
    );
    assert!(md.contains("| 模拟单位01 (u0001.toml) |") && md.contains("| 模拟单位01 (u0006.toml) |"), "{md}");
    assert!(csv.contains(",模拟单位01 (u0006.toml),"), "{csv}");
    assert!(
        md.contains("11 units: 9 with a total, 2 without (1 could not be read, 1 with items that could not be scored)"),
        "{md}"
    );
    let zh = rubric::base::i18n::with_lang(rubric::base::i18n::Lang::Zh, || {
        (summary.headline(), summary.same_name_note().unwrap_or_default())
    });
    assert!(
        zh.0.starts_with("共 11 个单位：9 个有总分，2 个没有总分（1 个无法读取，1 个有指标无法计分）；"),
        "{}",
        zh.0
    );
    assert!(zh.1.contains("4 个单位与其他单位同名：模拟单位01（2 个）、模拟单位02（2 个）"), "{}", zh.1);
}

#[test]
fn a_stray_value_fails_its_row_and_every_other_row_is_scored() {
    let r = rubric(DEPARTMENT);
    let dir = scratch("stray");
    let mut rows = rubric::author::generate::table(&r.1, 60, 3);
    let width = rows[0].len();
    // Row 50 (rows[49]) has a value in a column without a name.
    rows[49].extend([String::new(), "stray".to_string()]);
    let csv = dir.join("units.csv");
    std::fs::write(&csv, rubric::data::sheet::csv::write(&rows)).expect("written");
    let json = dir.join("out.json");
    let (code, out, err) = cli(&[
        "batch",
        &format!("rubrics/{DEPARTMENT}.rubric"),
        csv.to_str().unwrap_or_default(),
        "--out",
        json.to_str().unwrap_or_default(),
    ]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(out.contains("60 units: 59 with a total, 1 without (could not be read)"), "{out}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("written")).expect("JSON");
    let results = summary["results"].as_array().expect("results");
    assert_eq!(results.len(), 60);
    let cell = format!("{}50", common::column_letters(width + 2));
    for (i, unit) in results.iter().enumerate() {
        let source = unit["source"].as_str().unwrap_or_default();
        assert!(source.contains(&format!("units.csv · row {}", i + 2)), "{i}: {source}");
        if i == 48 {
            assert_eq!(unit["scored"], false, "{unit:#}");
            assert_eq!(unit["label"], "units.csv · row 50 (模拟单位49)");
            let location = unit["problems"][0]["location"].as_str().unwrap_or_default();
            assert!(location.ends_with(&format!("units.csv!{cell}")), "{location}");
        } else {
            assert_eq!(unit["scored"], true, "{unit:#}");
        }
    }
    assert!(err.contains(&format!("units.csv!{cell}")) && err.contains("has no name in row 1"), "{err}");
}

#[test]
fn the_growing_sheets_are_written_a_row_at_a_time_and_read_back() {
    let r = rubric(PERFORMANCE);
    let dir = scratch("constant");
    generated(&r.1, 30, 8, &dir);
    let sources = rubric::batch::sources(std::slice::from_ref(&*dir)).expect("inputs");
    let xlsx = dir.join("county.xlsx");
    let summary = write(&r, &sources, Options { strict: false, threads: Some(2), details: 2 }, &[&xlsx]);
    let bytes = std::fs::read(&xlsx).expect("written");
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes)).expect("a zip");
    let mut xml = |name: &str| {
        let mut text = String::new();
        archive.by_name(name).expect("a sheet").read_to_string(&mut text).expect("UTF-8");
        text
    };
    // Summary, findings, problems: strings inline (rust_xlsxwriter's constant memory
    // mode); the sections sheet and the units' sheets: the shared strings.
    for (sheet, inline) in [(1, true), (2, false), (3, true), (4, true), (5, false)] {
        let text = xml(&format!("xl/worksheets/sheet{sheet}.xml"));
        assert_eq!(text.contains("t=\"inlineStr\""), inline, "sheet {sheet}");
        assert_eq!(text.contains("t=\"s\""), !inline, "sheet {sheet}");
    }
    let summary_xml = xml("xl/worksheets/sheet1.xml");
    assert!(summary_xml.contains("<pane xSplit=\"3\""), "frozen panes");
    assert!(summary_xml.contains("<hyperlink ref=\"C"), "links to the units' sheets");
    // Every ranking row reads back with its unit's label and total, in ranking order.
    let sheets = read_xlsx(&bytes);
    let (_, cells) = &sheets[0];
    let heading = (1..100).find(|r| cells.get(&(*r, 1)).is_some_and(|t| t == "rank" || t == "名次")).expect("heading");
    let rows = units(&summary);
    for (i, ranked) in (1u32..).zip(summary.ranking()) {
        let unit = &rows[ranked.unit];
        assert_eq!(cells.get(&(heading + i, 3)), Some(&unit.label));
        let total = unit.total.map(rubric::eval::report::show);
        assert_eq!(cells.get(&(heading + i, 5)).cloned(), total, "{}", unit.label);
    }
    assert_eq!(rows.len(), 30);
}

#[test]
fn an_unwritable_temporary_folder_is_an_error_not_a_panic() {
    let dir = scratch("tmpdir");
    generated(&rubric(PERFORMANCE).1, 2, 8, &dir);
    let xlsx = dir.join("county.xlsx");
    let output = Command::new(env!("CARGO_BIN_EXE_rubric"))
        .args(["batch", &format!("rubrics/{PERFORMANCE}.rubric"), dir.to_str().unwrap_or_default(), "--out"])
        .arg(&xlsx)
        .current_dir(root())
        .env("TMPDIR", dir.join("no-such-folder"))
        .env("LANG", "C")
        .output()
        .expect("the binary runs");
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot write") && err.contains("no-such-folder"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// A unit the compiled scorer scores gets its row straight from the scores
/// (no report): the same row, findings included, as the one made from its
/// full report. Units with 缺省项 claims (some contradicted), reported
/// figures (some off), a unit with a bad value and one with an input missing
/// (which the evaluator scores) are among them.
#[test]
fn rows_from_the_compiled_scores_equal_rows_from_full_reports() {
    for name in ["lezhi-2022-performance-management", "lezhi-2023-department-overall", "lezhi-2023-project"] {
        let r = rubric(name);
        let dir = scratch(&format!("rows-{name}"));
        let mut paths = generated(&r.1, 40, 17, &dir);
        for (i, path) in paths.iter().enumerate() {
            let mut text = std::fs::read_to_string(path).expect("written");
            let first = &r.1.items[i % r.1.items.len()].id;
            let second = &r.1.items[(3 * i + 1) % r.1.items.len()].id;
            text.push_str(&format!("\n[not_applicable]\n\"{first}\" = \"无此项工作\"\n"));
            text.push_str(&format!(
                "\n[reported]\ntotal = {}\n[reported.items]\n\"{second}\" = {}\n",
                80 + i % 7,
                i % 3
            ));
            std::fs::write(path, text).expect("written");
        }
        let bad = dir.join("zz-bad.toml");
        let input = &r.1.inputs[0].name;
        std::fs::write(&bad, format!("[inputs]\n\"{input}\" = \"many\"\n")).expect("written");
        paths.push(bad);
        let (summed, _) = batch(&r, &paths, Options { strict: false, threads: Some(2), details: 0 });
        let (reported, reports) = batch(&r, &paths, all(2));
        assert_eq!(reports.len(), 41, "{name}: every unit has its report");
        let (summed, reported) = (units(&summed), units(&reported));
        assert_eq!(summed, reported, "{name}");
        assert!(summed.iter().any(|row| row.findings > 0), "{name}: findings are compared too");
        assert!(summed.iter().any(|row| row.errors > 0), "{name}: so are problems");
    }
}

/// A spreadsheet's rows that bind straight to the scorer (no tree) get the
/// same rows as through the full path with reports, in CSV and xlsx: claims,
/// reported figures, text where a number goes and yes/no in words among them.
#[test]
fn rows_bound_directly_equal_rows_from_full_reports() {
    for name in ["lezhi-2022-performance-management", "lezhi-2023-department-overall"] {
        let r = rubric(name);
        let mut rows = rubric::author::generate::table(&r.1, 50, 23);
        let claimable = r.1.items.iter().find(|i| i.claimable).map(|i| i.id.clone()).expect("a claimable item");
        let reported = r.1.items[1].id.clone();
        if let Some(head) = rows.first_mut() {
            head.extend([
                format!("not_applicable.{claimable}"),
                "reported.total".into(),
                format!("reported.items.{reported}"),
                "reported.grade".into(),
            ]);
        }
        for (i, row) in rows.iter_mut().enumerate().skip(1) {
            let claim = if i % 4 == 0 { "无此项工作" } else { "" };
            row.extend([
                claim.to_string(),
                format!("{}", 70 + i % 25),
                format!("{}", i % 3),
                ["优", "良", ""][i % 3].to_string(),
            ]);
            if i % 7 == 0 {
                row[2] = "许多".into();
            }
            if i % 5 == 0 {
                if let Some(cell) = row.iter_mut().find(|c| c.as_str() == "TRUE") {
                    *cell = "是".into();
                }
            }
        }
        let dir = scratch(&format!("direct-{name}"));
        let csv = dir.join("units.csv");
        std::fs::write(&csv, rubric::data::sheet::csv::write(&rows)).expect("written");
        let (summed, _) =
            batch(&r, std::slice::from_ref(&csv), Options { strict: false, threads: Some(2), details: 0 });
        let (reported_rows, reports) = batch(&r, std::slice::from_ref(&csv), all(2));
        assert_eq!(reports.len(), 50);
        let (summed, reported_rows) = (units(&summed), units(&reported_rows));
        assert_eq!(summed, reported_rows, "{name}");
        assert!(summed.iter().any(|row| row.findings > 0) && summed.iter().any(|row| row.errors > 0), "{name}");
        assert!(summed.iter().any(|row| row.not_applicable > 0), "{name}");
    }
}
