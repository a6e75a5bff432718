//! The spreadsheet layer: the `.xlsx` template, and units read from filled-in
//! `.xlsx` and CSV files scoring exactly like the same data written as TOML.

mod common;

use std::io::{Cursor, Read, Write};
use std::path::Path;

use rubric::author::sheet::template_xlsx;
use rubric::base::diagnostic::{Diagnostic, SourceFile};
use rubric::base::exact::Exact;
use rubric::batch::locate::Where;
use rubric::check::model::{Checked, Value};
use rubric::data::bind::{load, load_tree, UnitData};
use rubric::data::sheet::{columns, read_units, SheetUnit, DESCRIPTION_MARKER};
use rubric::data::Format;
use rubric::eval::report::Report;
use rubric::eval::{evaluate, Options};
use rust_xlsxwriter::{Format as CellFormat, Formula, Workbook};

const PERFORMANCE: &str = "lezhi-2022-performance-management";
const DEPARTMENT: &str = "lezhi-2023-department-overall";

/// A cell of a filled-in row.
#[derive(Clone, Copy)]
enum V {
    /// A number cell: what a person typed (for CSV) and the value Excel stores.
    Num(&'static str, f64),
    /// A number cell holding a formula's result, stored as `f64` noise.
    Noise(f64),
    Text(&'static str),
    Bool(bool),
}

type Row = Vec<(&'static str, V)>;

fn rubric(name: &str) -> (SourceFile, Checked) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics").join(format!("{name}.rubric"));
    let text = std::fs::read_to_string(&path).expect("the rubric is readable");
    let checked = common::check(&text).0.unwrap_or_else(|| panic!("{name} checks"));
    (SourceFile::new(path.display().to_string(), text), checked)
}

fn score(text: &str, checked: &Checked) -> (Report, UnitData, Vec<Diagnostic>) {
    let (data, mut diagnostics) = load(text, Format::Toml, checked);
    let (report, more) = evaluate(checked, &data, Options::default());
    diagnostics.extend(more);
    (report, data, diagnostics)
}

/// A spreadsheet row bound directly (its tree) and scored.
fn score_row(unit: &SheetUnit, checked: &Checked) -> (Report, UnitData, Vec<Diagnostic>) {
    let (data, mut diagnostics) = load_tree(&unit.data, checked);
    let (report, more) = evaluate(checked, &data, Options::default());
    diagnostics.extend(more);
    (report, data, diagnostics)
}

/// The value of `key` in `unit`'s row as typed, and its cell.
fn typed(unit: &SheetUnit, key: &str) -> Option<(String, String)> {
    let line = unit.places.iter().find(|p| p.heading == key)?;
    let cell = unit.locate(&line.line)?;
    let value = cell.text.split_once(" = ")?.1.to_string();
    Some((value, cell.cell))
}

fn messages(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(|d| format!("{}: {}", d.code_text(), d.message)).collect()
}

/// The index (0-based) of a column in `rubric`'s template.
fn column_of(checked: &Checked, key: &str) -> u16 {
    let index = columns(checked).iter().position(|c| c.key == key).unwrap_or_else(|| panic!("no column {key}"));
    u16::try_from(index).expect("few columns")
}

fn letters(index: u16) -> String {
    let mut n = u32::from(index) + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// A filled-in workbook: the template's header and description rows, then
/// `rows` by row number (1-based), written with rust_xlsxwriter.
fn filled_xlsx(checked: &Checked, rows: &[(u32, Row)]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("填报").expect("name");
    for (index, column) in columns(checked).iter().enumerate() {
        let col = u16::try_from(index).expect("few columns");
        sheet.write_string(0, col, &column.key).expect("header");
        let description =
            if index == 0 { format!("{DESCRIPTION_MARKER}{}", column.description) } else { column.description.clone() };
        sheet.write_string(1, col, description).expect("description");
    }
    for (number, cells) in rows {
        let row = number - 1;
        for (key, value) in cells {
            let col = column_of(checked, key);
            match value {
                V::Num(_, n) => sheet.write_number(row, col, *n).map(|_| ()),
                V::Noise(n) => {
                    sheet.write_formula(row, col, Formula::new("=0.1+0.2").set_result(n.to_string())).map(|_| ())
                }
                V::Text(t) => sheet.write_string(row, col, *t).map(|_| ()),
                V::Bool(b) => sheet.write_boolean(row, col, *b).map(|_| ()),
            }
            .expect("cell");
        }
    }
    workbook.save_to_buffer().expect("saved")
}

/// The same rows as CSV: UTF-8 with a byte-order mark, CRLF, every text quoted
/// (the descriptions hold commas and quotes).
fn filled_csv(checked: &Checked, rows: &[(u32, Row)]) -> Vec<u8> {
    let quote = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    let all = columns(checked);
    let mut lines = vec![
        all.iter().map(|c| c.key.clone()).collect::<Vec<_>>().join(","),
        all.iter()
            .enumerate()
            .map(|(i, c)| {
                quote(&if i == 0 { format!("{DESCRIPTION_MARKER}{}", c.description) } else { c.description.clone() })
            })
            .collect::<Vec<_>>()
            .join(","),
    ];
    let last = rows.iter().map(|(n, _)| *n).max().unwrap_or(2);
    for number in 3..=last {
        let mut cells = vec![String::new(); all.len()];
        for (key, value) in rows.iter().filter(|(n, _)| *n == number).flat_map(|(_, r)| r) {
            cells[usize::from(column_of(checked, key))] = match value {
                V::Num(text, _) => (*text).to_string(),
                V::Noise(_) => "0.3".to_string(),
                V::Text(t) => quote(t),
                V::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            };
        }
        lines.push(cells.join(","));
    }
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(lines.join("\r\n").into_bytes());
    out.extend(b"\r\n");
    out
}

/// Reads units, loads each and checks it scores exactly like the hand-written TOML.
fn same_as_toml(units: &[SheetUnit], tomls: &[&str], checked: &Checked) -> Vec<UnitData> {
    assert_eq!(units.len(), tomls.len(), "{units:#?}");
    let mut out = Vec::new();
    for (unit, toml) in units.iter().zip(tomls) {
        let (from_sheet, data, sheet_diagnostics) = score_row(unit, checked);
        let (by_hand, _, hand_diagnostics) = score(toml, checked);
        assert!(data.parsed, "{}", unit.typed);
        assert_eq!(messages(&sheet_diagnostics), messages(&hand_diagnostics), "{}", unit.typed);
        assert_eq!(from_sheet, by_hand, "{}", unit.typed);
        out.push(data);
    }
    out
}

fn performance_rows() -> Vec<(u32, Row)> {
    vec![
        (
            3,
            vec![
                ("name", V::Text("乐至县盛池镇人民政府")),
                ("year", V::Num("2022", 2022.0)),
                ("专题研究次数", V::Num("2", 2.0)),
                ("主要领导任组长", V::Bool(true)),
                ("专人负责", V::Text("是")),
                ("实施方案", V::Bool(false)),
                ("应事前评估项目数", V::Num("0", 0.0)),
                ("绩效目标逾期天数", V::Num("1", 1.0)),
                ("申报绩效目标项目资金", V::Num("29.082", 29.082)),
                ("申报项目预算资金", V::Text("290820元")),
                ("目标符合自身特点", V::Bool(true)),
                ("目标描述清楚", V::Text("否")),
                ("下属单位项目数", V::Num("0", 0.0)),
                ("有下属单位", V::Bool(false)),
                ("整改要求数", V::Num("0", 0.0)),
                ("评优次数", V::Num("1", 1.0)),
                ("judged.21", V::Num("2", 2.0)),
                ("judged.22", V::Num("1.5", 1.5)),
                ("not_applicable.24", V::Text("无下属单位,无项目")),
                ("reported.total", V::Num("94", 94.0)),
                ("reported.grade", V::Text("良")),
                ("reported.items.1", V::Num("3", 3.0)),
                ("reported.items.24", V::Num("3", 3.0)),
                ("reported.sections.二.4", V::Num("21", 21.0)),
            ],
        ),
        (
            5,
            vec![
                ("name", V::Text("乐至县劳动镇人民政府")),
                ("code", V::Text("317001")),
                ("year", V::Num("2022", 2022.0)),
                ("专题研究次数", V::Num("1", 1.0)),
                ("主要领导任组长", V::Text("否")),
                ("应事前评估项目数", V::Num("3", 3.0)),
                ("已事前评估项目数", V::Num("2", 2.0)),
                ("申报绩效目标项目资金", V::Num("0.1", 0.1)),
                ("申报项目预算资金", V::Num("0.2", 0.2)),
                ("judged.21", V::Num("0.5", 0.5)),
                ("reported.total", V::Num("80.5", 80.5)),
                ("reported.grade", V::Text("良")),
            ],
        ),
    ]
}

const PERFORMANCE_TOML: [&str; 2] = [
    r#"
[unit]
name = "乐至县盛池镇人民政府"
year = 2022
[inputs]
"专题研究次数" = 2
"主要领导任组长" = true
"专人负责" = "是"
"实施方案" = false
"应事前评估项目数" = 0
"绩效目标逾期天数" = 1
"申报绩效目标项目资金" = 29.082
"申报项目预算资金" = "290820元"
"目标符合自身特点" = true
"目标描述清楚" = "否"
"下属单位项目数" = 0
"有下属单位" = false
"整改要求数" = 0
"评优次数" = 1
[judged]
"21" = 2
"22" = 1.5
[not_applicable]
"24" = "无下属单位,无项目"
[reported]
total = 94
grade = "良"
[reported.items]
"1" = 3
"24" = 3
[reported.sections]
"二.4" = 21
"#,
    r#"
[unit]
name = "乐至县劳动镇人民政府"
code = "317001"
year = 2022
[inputs]
"专题研究次数" = 1
"主要领导任组长" = "否"
"应事前评估项目数" = 3
"已事前评估项目数" = 2
"申报绩效目标项目资金" = 0.1
"申报项目预算资金" = 0.2
[judged]
"21" = 0.5
[reported]
total = 80.5
grade = "良"
"#,
];

fn department_rows() -> Vec<(u32, Row)> {
    vec![
        (
            3,
            vec![
                ("name", V::Text("劳动镇财政所")),
                ("code", V::Text("317001")),
                ("year", V::Num("2023", 2023.0)),
                ("在职人员数", V::Num("58", 58.0)),
                ("编制数", V::Num("66", 66.0)),
                ("三公经费本年", V::Num("4.88", 4.88)),
                ("三公经费上年", V::Num("1.5", 1.5)),
                ("三公经费实际", V::Num("4.88", 4.88)),
                ("三公经费预算", V::Num("5", 5.0)),
                ("结转结余总额", V::Num("0", 0.0)),
                ("支出预算数", V::Num("12523.39", 12523.39)),
                ("预算完成数", V::Num("12523.39", 12523.39)),
                ("预算数", V::Num("12523.39", 12523.39)),
                ("满意率", V::Text("95%")),
                ("经济效益实现程度", V::Num("0.9", 0.9)),
                ("社会效益实现程度", V::Text("100%")),
                ("目标符合法律法规", V::Bool(true)),
                ("目标符合三定方案", V::Text("是")),
                ("reported.total", V::Num("96", 96.0)),
                ("reported.grade", V::Text("优")),
                ("reported.items.在职人员控制率", V::Num("5", 5.0)),
            ],
        ),
        (
            4,
            vec![
                ("name", V::Text("乐至县童家镇人民政府")),
                ("year", V::Num("2023", 2023.0)),
                ("三公经费实际", V::Noise(0.1 + 0.2)),
                ("三公经费预算", V::Num("0.3", 0.3)),
                ("政府采购实际", V::Num("0.1", 0.1)),
                ("政府采购预算", V::Num("0.2", 0.2)),
                ("公用经费实际", V::Text("290820元")),
                ("公用经费预算", V::Num("29.082", 29.082)),
                ("满意率", V::Num("0.95", 0.95)),
                ("目标符合法律法规", V::Text("否")),
            ],
        ),
    ]
}

const DEPARTMENT_TOML: [&str; 2] = [
    r#"
[unit]
name = "劳动镇财政所"
code = "317001"
year = 2023
[inputs]
"在职人员数" = 58
"编制数" = 66
"三公经费本年" = 4.88
"三公经费上年" = 1.5
"三公经费实际" = 4.88
"三公经费预算" = 5
"结转结余总额" = 0
"支出预算数" = 12523.39
"预算完成数" = 12523.39
"预算数" = 12523.39
"满意率" = "95%"
"经济效益实现程度" = 0.9
"社会效益实现程度" = "100%"
"目标符合法律法规" = true
"目标符合三定方案" = "是"
[reported]
total = 96
grade = "优"
[reported.items]
"在职人员控制率" = 5
"#,
    r#"
[unit]
name = "乐至县童家镇人民政府"
year = 2023
[inputs]
"三公经费实际" = 0.3
"三公经费预算" = 0.3
"政府采购实际" = 0.1
"政府采购预算" = 0.2
"公用经费实际" = "290820元"
"公用经费预算" = 29.082
"满意率" = 0.95
"目标符合法律法规" = "否"
"#,
];

fn input(checked: &Checked, data: &UnitData, name: &str) -> Option<Value> {
    let slot = checked.inputs.iter().position(|i| i.name == name).expect("declared");
    data.inputs[slot].as_ref().map(|g| g.value.clone())
}

fn decimal(text: &str) -> Value {
    Value::Number(Exact::from_decimal(text.parse().expect("decimal")))
}

#[test]
fn a_filled_xlsx_scores_exactly_like_the_toml_2022() {
    let (_, checked) = rubric(PERFORMANCE);
    let bytes = filled_xlsx(&checked, &performance_rows());
    let units = read_units(Path::new("units.xlsx"), &bytes).expect("readable");
    // Row 2 is the description row, row 4 is empty: two units, rows 3 and 5.
    let labels: Vec<&str> = units.iter().map(|u| u.label.as_str()).collect();
    assert_eq!(
        labels,
        ["units.xlsx · 填报 · row 3 (乐至县盛池镇人民政府)", "units.xlsx · 填报 · row 5 (乐至县劳动镇人民政府)"]
    );
    let data = same_as_toml(&units, &PERFORMANCE_TOML, &checked);
    // Exact: 29.082万元 and "290820元" are the same amount; 0.1 and 0.2 are read as written.
    assert_eq!(input(&checked, &data[0], "申报绩效目标项目资金"), Some(decimal("29.082")));
    assert_eq!(input(&checked, &data[0], "申报项目预算资金"), Some(decimal("29.082")));
    assert_eq!(input(&checked, &data[1], "申报绩效目标项目资金"), Some(decimal("0.1")));
    // An empty cell is absent.
    assert_eq!(input(&checked, &data[0], "综合指标项数"), None);
    assert_eq!(input(&checked, &data[1], "申报项目预算资金"), Some(decimal("0.2")));
    let ref_of = |key: &str, row: u32| format!("{}{row}", letters(column_of(&checked, key)));
    assert_eq!(typed(&units[0], "申报绩效目标项目资金"), Some(("29.082".into(), ref_of("申报绩效目标项目资金", 3))));
    assert_eq!(typed(&units[1], "申报绩效目标项目资金"), Some(("0.1".into(), ref_of("申报绩效目标项目资金", 5))));
    assert_eq!(typed(&units[0], "综合指标项数"), None);
}

#[test]
fn a_filled_xlsx_scores_exactly_like_the_toml_2023() {
    let (_, checked) = rubric(DEPARTMENT);
    let bytes = filled_xlsx(&checked, &department_rows());
    let units = read_units(Path::new("units.xlsx"), &bytes).expect("readable");
    let data = same_as_toml(&units, &DEPARTMENT_TOML, &checked);
    assert_eq!(input(&checked, &data[0], "满意率"), Some(decimal("0.95")));
    assert_eq!(input(&checked, &data[1], "满意率"), Some(decimal("0.95")));
    // A formula's 0.30000000000000004 is Excel float noise for 0.3.
    assert_eq!(typed(&units[1], "三公经费实际").map(|(v, _)| v).as_deref(), Some("0.3"), "{}", units[1].typed);
    assert_eq!(input(&checked, &data[1], "三公经费实际"), Some(decimal("0.3")));
}

#[test]
fn point_one_plus_point_two_is_point_three_through_xlsx() {
    let text = "rubric \"加法\" max 10\n\
                input a: amount 万元\ninput b: amount 万元\ninput c: amount 万元\n\
                section 一 \"一\" 10\n  item 1 \"和\" 10\n    score 10 if a + b = c\n";
    let checked = common::check(text).0.expect("the rubric checks");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, key) in ["name", "a", "b", "c"].iter().enumerate() {
        sheet.write_string(0, col as u16, *key).expect("header");
    }
    sheet.write_string(1, 0, "甲").expect("cell");
    sheet.write_number(1, 1, 0.1).expect("cell");
    sheet.write_number(1, 2, 0.2).expect("cell");
    sheet.write_number(1, 3, 0.3).expect("cell");
    let bytes = workbook.save_to_buffer().expect("saved");
    // No description row here: row 2 is a unit.
    let units = read_units(Path::new("加法.xlsx"), &bytes).expect("readable");
    assert_eq!(units.len(), 1);
    assert!(units[0].label.contains("row 2 (甲)"), "{}", units[0].label);
    let (report, data, diagnostics) = score_row(&units[0], &checked);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let (a, b) = (input(&checked, &data, "a"), input(&checked, &data, "b"));
    let sum = match (a, b) {
        (Some(Value::Number(a)), Some(Value::Number(b))) => a.add(b).expect("no overflow"),
        other => panic!("{other:?}"),
    };
    assert_eq!(Value::Number(sum), decimal("0.3"));
    assert_eq!(report.total, Some("10".parse().expect("decimal")));
}

#[test]
fn the_template_reads_back_and_a_filled_template_scores_like_the_toml() {
    for (name, rows, tomls) in
        [(PERFORMANCE, performance_rows(), PERFORMANCE_TOML), (DEPARTMENT, department_rows(), DEPARTMENT_TOML)]
    {
        let (_, checked) = rubric(name);
        let template = template_xlsx(&checked).expect("written");
        // Blank: the header and the description row, no unit.
        assert_eq!(read_units(Path::new("模板.xlsx"), &template), Ok(Vec::new()), "{name}");
        let parts = unzip(&template);
        let sheet = part(&parts, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains("state=\"frozen\"") && sheet.contains("ySplit=\"2\""), "{name}: frozen header rows");
        assert!(sheet.contains("<dataValidation") && sheet.contains("\"是,否,true,false\""), "{name}: yes/no list");
        let styles = part(&parts, "xl/styles.xml");
        assert!(styles.contains("numFmtId=\"10\"") || name == PERFORMANCE, "{name}: rate format 0.00%");
        assert!(styles.contains("numFmtId=\"49\""), "{name}: text format @");
        assert!(styles.contains("formatCode=\"#,##0.00####&quot;万元&quot;\""), "{name}: amount format");
        let workbook = part(&parts, "xl/workbook.xml");
        assert!(workbook.contains("name=\"填报\"") && workbook.contains("name=\"说明\""), "{name}");
        let strings = part(&parts, "xl/sharedStrings.xml");
        for column in columns(&checked) {
            assert!(strings.contains(&xml_escape(&column.key)), "{name}: column {}", column.key);
        }
        assert!(strings.contains(DESCRIPTION_MARKER));
        // The 说明 sheet has every item's rule.
        for (index, item) in checked.items.iter().enumerate() {
            if let rubric::check::model::Rule::Formula(e) = &item.rule {
                let rule = rubric::check::symbolic(e, &checked.inputs, &item.lets);
                assert!(strings.contains(&xml_escape(&rule)), "{name}: rule of item {} ({index})", item.id);
            }
        }
        // Fill it in (as Excel would: cells added to the data sheet) and read it back.
        let filled = fill_template(&template, &checked, &rows);
        let units = read_units(Path::new("模板.xlsx"), &filled).expect("readable");
        same_as_toml(&units, &tomls, &checked);
    }
}

#[test]
fn the_template_in_chinese_reads_back_too() {
    let (_, checked) = rubric(DEPARTMENT);
    let template =
        rubric::base::i18n::with_lang(rubric::base::i18n::Lang::Zh, || template_xlsx(&checked)).expect("written");
    assert_eq!(read_units(Path::new("模板.xlsx"), &template), Ok(Vec::new()));
    let strings = part(&unzip(&template), "xl/sharedStrings.xml");
    assert!(strings.contains("本行为各列的填写说明") && strings.contains("≥ 0 的整数"), "{strings}");
}

#[test]
fn a_bad_cell_is_located_by_its_cell_reference() {
    let (rubric_source, checked) = rubric(DEPARTMENT);
    let rows = vec![(
        3,
        vec![("name", V::Text("劳动镇财政所")), ("在职人员数", V::Text("五十八")), ("编制数", V::Num("66", 66.0))],
    )];
    let units = read_units(Path::new("units.xlsx"), &filled_xlsx(&checked, &rows)).expect("a bad cell is no Err");
    assert_eq!(units.len(), 1);
    let (_, data, diagnostics) = score_row(&units[0], &checked);
    assert_eq!(input(&checked, &data, "编制数"), Some(decimal("66")), "the rest of the row is read");
    let bad: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.message.contains("在职人员数")).collect();
    assert_eq!(bad.len(), 1, "{diagnostics:#?}");
    let cell = format!("{}3", letters(column_of(&checked, "在职人员数")));
    // Named as a spreadsheet user would: the cell, the column's heading, the value as typed.
    let problem = rubric::batch::locate::locate(bad[0], Where::Row { unit: &units[0], place: "units.xlsx · 填报" });
    assert_eq!(problem.0, format!("units.xlsx · 填报!{cell}"));
    let (here, file) = problem.1.expect("in a cell");
    assert_eq!(&*file.text, "在职人员数 = 五十八");
    assert_eq!(&file.text[here.span.clone()], "五十八");
    let (_, rendered) =
        rubric::batch::locate::rendered(bad[0], Where::Row { unit: &units[0], place: "units.xlsx · 填报" });
    assert!(rendered.contains(&format!("[units.xlsx · 填报!{cell}]")), "{rendered}");
    assert!(!rendered.contains("第3行") && !rendered.contains(":1:"), "{rendered}");
    let _ = rubric_source;
}

#[test]
fn csv_with_bom_quotes_and_crlf_reads_like_the_xlsx() {
    for (name, rows, tomls) in
        [(PERFORMANCE, performance_rows(), PERFORMANCE_TOML), (DEPARTMENT, department_rows(), DEPARTMENT_TOML)]
    {
        let (_, checked) = rubric(name);
        let csv = filled_csv(&checked, &rows);
        assert!(csv.starts_with(b"\xEF\xBB\xBF") && csv.windows(2).any(|w| w == b"\r\n"));
        let from_csv = read_units(Path::new("units.csv"), &csv).expect("readable");
        let from_xlsx = read_units(Path::new("units.xlsx"), &filled_xlsx(&checked, &rows)).expect("readable");
        assert_eq!(from_csv.len(), from_xlsx.len());
        for (c, x) in from_csv.iter().zip(&from_xlsx) {
            assert_eq!(c.label, x.label.replace("units.xlsx · 填报", "units.csv"));
            assert_eq!((&c.data, &c.typed), (&x.data, &x.typed), "{name}");
        }
        same_as_toml(&from_csv, &tomls, &checked);
    }
}

#[test]
fn csv_that_is_not_utf8_is_a_clear_problem() {
    // "单位,名称" in GBK.
    let gbk = b"name\r\n\xB5\xA5\xCE\xBB,\xC3\xFB\xB3\xC6\r\n";
    let problems = read_units(Path::new("units.csv"), gbk).expect_err("not UTF-8");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].location, "units.csv");
    let shown = problems[0].to_string();
    assert!(shown.contains("not UTF-8") && shown.contains("GBK") && shown.contains("CSV UTF-8"), "{shown}");
}

#[test]
fn empty_rows_and_the_description_row_are_skipped() {
    let csv = "name,在职人员数\r\n说明：单位名称,a whole number ≥ 0\r\n,\r\n\r\n甲,1\r\n  ,\r\n";
    let units = read_units(Path::new("u.csv"), csv.as_bytes()).expect("readable");
    let labels: Vec<&str> = units.iter().map(|u| u.label.as_str()).collect();
    assert_eq!(labels, ["u.csv · row 5 (甲)"]);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "name").expect("cell");
    sheet.write_string(0, 1, "在职人员数").expect("cell");
    sheet.write_string(1, 0, "乙").expect("cell");
    sheet.write_blank(2, 0, &CellFormat::new().set_bold()).expect("cell");
    sheet.write_string(2, 1, "").expect("cell");
    sheet.write_string(3, 0, "丙").expect("cell");
    let units = read_units(Path::new("u.xlsx"), &workbook.save_to_buffer().expect("saved")).expect("readable");
    let labels: Vec<&str> = units.iter().map(|u| u.label.as_str()).collect();
    assert_eq!(labels, ["u.xlsx · Sheet1 · row 2 (乙)", "u.xlsx · Sheet1 · row 4 (丙)"]);
}

#[test]
fn unreadable_files_are_problems() {
    let not_zip = read_units(Path::new("u.xlsx"), b"hello").expect_err("not a zip");
    assert!(not_zip[0].message.contains(".xlsx"), "{}", not_zip[0]);
    let xls = read_units(Path::new("u.xls"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").expect_err("xls");
    assert!(xls[0].message.contains(".xls"), "{}", xls[0]);
    let unnamed = read_units(Path::new("u.csv"), b"name,,x\r\n\xE7\x94\xB2,1,2\r\n").expect_err("unnamed column");
    assert_eq!(unnamed[0].location, "u.csv!B2");
    let twice = read_units(Path::new("u.csv"), "name,在职人员数,在职人员数\r\n".as_bytes()).expect_err("twice");
    assert_eq!(twice[0].location, "u.csv!C1");
}

// ---- helpers for filling the real template -------------------------------------------------

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("entry");
            let mut data = Vec::new();
            file.read_to_end(&mut data).expect("readable");
            (file.name().to_string(), data)
        })
        .collect()
}

fn part(parts: &[(String, Vec<u8>)], name: &str) -> String {
    let (_, data) = parts.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no {name}"));
    String::from_utf8(data.clone()).expect("UTF-8 XML")
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The template with `rows` added to its data sheet as Excel writes cells:
/// numbers as `<v>`, text inline, booleans `t="b"`.
fn fill_template(template: &[u8], checked: &Checked, rows: &[(u32, Row)]) -> Vec<u8> {
    let mut xml = String::new();
    for (number, cells) in rows {
        let mut cells: Vec<(u16, V)> = cells.iter().map(|(k, v)| (column_of(checked, k), *v)).collect();
        cells.sort_by_key(|(c, _)| *c);
        xml.push_str(&format!("<row r=\"{number}\">"));
        for (col, value) in cells {
            let at = format!("{}{number}", letters(col));
            xml.push_str(&match value {
                V::Num(text, _) => format!("<c r=\"{at}\"><v>{text}</v></c>"),
                V::Noise(n) => format!("<c r=\"{at}\"><f>0.1+0.2</f><v>{n}</v></c>"),
                V::Text(t) => format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{}</t></is></c>", xml_escape(t)),
                V::Bool(b) => format!("<c r=\"{at}\" t=\"b\"><v>{}</v></c>", u8::from(b)),
            });
        }
        xml.push_str("</row>");
    }
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in unzip(template) {
        let data = if name == "xl/worksheets/sheet1.xml" {
            let text = String::from_utf8(data).expect("UTF-8 XML");
            assert!(text.contains("</sheetData>"), "{text}");
            text.replacen("</sheetData>", &format!("{xml}</sheetData>"), 1).into_bytes()
        } else {
            data
        };
        writer.start_file(name, zip::write::SimpleFileOptions::default()).expect("entry");
        writer.write_all(&data).expect("written");
    }
    writer.finish().expect("finished").into_inner()
}

#[test]
fn generated_units_as_a_csv_score_like_their_toml_files() {
    let (_, checked) = rubric(DEPARTMENT);
    let csv = rubric::data::sheet::csv::write(&rubric::author::generate::table(&checked, 30, 5));
    let rows = read_units(Path::new("units.csv"), csv.as_bytes()).expect("the written CSV reads back");
    let files = rubric::author::generate::units(&checked, 30, 5);
    assert_eq!(rows.len(), files.len());
    for (row, file) in rows.iter().zip(&files) {
        let (from_sheet, d) = load_tree(&row.data, &checked);
        assert!(d.is_empty(), "{}: {d:#?}", row.label);
        let (from_file, _) = load(file, Format::Toml, &checked);
        let (a, b) = (
            evaluate(&checked, &from_sheet, Options::default()).0,
            evaluate(&checked, &from_file, Options::default()).0,
        );
        assert_eq!(a.items, b.items, "{}", row.label);
        assert_eq!((a.total, a.grade), (b.total, b.grade));
        assert!(a.total.is_some());
    }
}

#[test]
fn csv_fields_are_quoted_only_when_they_must_be() {
    let rows = vec![vec!["a,b".to_string(), "say \"hi\"".to_string(), "劳动镇".to_string(), " x".to_string()]];
    assert_eq!(rubric::data::sheet::csv::write(&rows), "\u{FEFF}\"a,b\",\"say \"\"hi\"\"\",劳动镇,\" x\"\r\n");
}
