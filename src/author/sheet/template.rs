//! The `.xlsx` template a bureau sends to its units: the content of
//! `rubric template`, as a sheet to fill in.
//!
//! - Sheet `填报`: row 1 the column names ([`columns`]), row 2 the description row
//!   (cell A2 starts with [`DESCRIPTION_MARKER`]), both frozen with column A;
//!   yes/no columns are text cells with a drop-down list (是, 否, true, false);
//!   rate columns show percentages (`0.00%`: typing `95%` stores 0.95); amount
//!   columns show their unit (`#,##0.00####"万元"`); count columns whole numbers;
//!   text columns (unit fields, text inputs, 缺省项 reasons, the grade) are text
//!   cells, so that a code such as `001` keeps its zeros.
//! - Sheet `说明`: how to fill in the sheet, then every item with its weight,
//!   section, rule (as `rubric eval` traces write it), 缺省项 conditions and
//!   disqualifications, the sections, and the rubric's requirements.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

use crate::data::sheet::columns::{columns, not_applicable_text, rule_text, ColumnKind};
use crate::data::sheet::{DATA_SHEET, DESCRIPTION_MARKER, HELP_SHEET};
use crate::lower::ast::InputType;
use crate::check::symbolic;
use crate::check::model::Checked;

/// The last row of a sheet (0-based), for whole-column validation.
const LAST_ROW: u32 = 1_048_575;

/// The values of a yes/no drop-down list.
const YES_NO: [&str; 4] = ["是", "否", "true", "false"];

/// The `.xlsx` template for `rubric`: the `填报` sheet to fill in, one unit per
/// row, and the `说明` sheet with every item's rule. Reading a filled-in copy
/// back with [`super::read_units`] gives the same data as the equivalent TOML.
pub fn template_xlsx(rubric: &Checked) -> Result<Vec<u8>, String> {
    filled_xlsx(rubric, &[])
}

/// The template with `rows` filled in from row 3 (a unit's data downloaded from
/// the desk): each row holds the cells in the order of [`columns`], `""` for an
/// empty cell. A number is a number cell when its digits read back exactly,
/// `true`/`false` in a yes/no column are 是/否, anything else is text.
pub fn filled_xlsx(rubric: &Checked, rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    build(rubric, rows).map_err(|e| crate::tr!("cannot write the template: {e}", "无法生成模板：{e}"))
}

fn build(rubric: &Checked, rows: &[Vec<String>]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation date (1 January of the rubric's year) makes the same rubric give the same file.
    let year = rubric.year.and_then(|y| u16::try_from(y).ok()).filter(|y| (1900..=9999).contains(y)).unwrap_or(2000);
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(year, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new().set_title(format!("{} — 填报模板", rubric.title)).set_creation_datetime(&created),
    );
    let sheet = workbook.add_worksheet();
    data_sheet(sheet, rubric)?;
    fill(sheet, rubric, rows)?;
    help_sheet(workbook.add_worksheet(), rubric)?;
    workbook.save_to_buffer()
}

/// A column's number format: a built-in one by its index, or a format code.
enum NumberFormat {
    /// Excel's built-in formats: 1 `0`, 10 `0.00%`, 49 `@` (text).
    BuiltIn(u8),
    /// A custom format code.
    Code(String),
}

/// Built-in format `0`: whole numbers.
const WHOLE: u8 = 1;
/// Built-in format `0.00%`.
const PERCENT: u8 = 10;
/// Built-in format `@`: the cell keeps what is typed as text.
const TEXT: u8 = 49;

/// The number format of a column, if it has one.
fn number_format(kind: ColumnKind, key: &str) -> Option<NumberFormat> {
    Some(match kind {
        ColumnKind::Unit if key == "year" => NumberFormat::BuiltIn(WHOLE),
        ColumnKind::Unit | ColumnKind::NotApplicable | ColumnKind::ReportedGrade => NumberFormat::BuiltIn(TEXT),
        ColumnKind::Input(InputType::Text | InputType::Bool) => NumberFormat::BuiltIn(TEXT),
        ColumnKind::Input(InputType::Count) => NumberFormat::BuiltIn(WHOLE),
        ColumnKind::Input(InputType::Rate) => NumberFormat::BuiltIn(PERCENT),
        ColumnKind::Input(InputType::Amount(unit)) => NumberFormat::Code(format!("#,##0.00####\"{}\"", unit.as_str())),
        _ => return None,
    })
}

/// A column's width, in characters, from its name.
fn width(key: &str) -> f64 {
    if key == "name" || key == "project" {
        return 28.0;
    }
    let chars = UnicodeWidthStr::width(key).clamp(10, 36);
    chars as f64 + 2.0
}

fn data_sheet(sheet: &mut Worksheet, rubric: &Checked) -> Result<(), XlsxError> {
    sheet.set_name(DATA_SHEET)?;
    let header = Format::new().set_bold().set_background_color(Color::RGB(0xD9E1F2)).set_align(FormatAlign::Top);
    let note = Format::new()
        .set_text_wrap()
        .set_italic()
        .set_font_color(Color::RGB(0x595959))
        .set_background_color(Color::RGB(0xF2F2F2))
        .set_align(FormatAlign::Top);
    let yes_no = DataValidation::new()
        .allow_list_strings(&YES_NO)?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title("是否")?
        .set_error_message("请选择 是 或 否（或 true / false）。Choose 是 or 否 (or true / false).")?;
    for (index, column) in columns(rubric).iter().enumerate() {
        let col = u16::try_from(index).map_err(|_| XlsxError::RowColumnLimitError)?;
        sheet.set_column_width(col, width(&column.key))?;
        match number_format(column.kind, &column.key) {
            Some(NumberFormat::BuiltIn(index)) => {
                sheet.set_column_format(col, &Format::new().set_num_format_index(index))?;
            }
            Some(NumberFormat::Code(code)) => {
                sheet.set_column_format(col, &Format::new().set_num_format(code))?;
            }
            None => {}
        }
        if column.kind == ColumnKind::Input(InputType::Bool) {
            sheet.add_data_validation(2, col, LAST_ROW, col, &yes_no)?;
        }
        sheet.write_string_with_format(0, col, &column.key, &header)?;
        let description = if index == 0 {
            let what = &column.description;
            crate::tr!(
                "{DESCRIPTION_MARKER}{what} (this row explains each column and is not read; one unit per row from row 3; an empty cell is not given)",
                "{DESCRIPTION_MARKER}{what}（本行为各列的填写说明，读取时跳过；从第 3 行起每行一个单位；空单元格表示未填写）"
            )
        } else {
            column.description.clone()
        };
        sheet.write_string_with_format(1, col, &description, &note)?;
    }
    sheet.set_row_height(1, 96)?;
    sheet.set_freeze_panes(2, 1)?;
    Ok(())
}

/// Writes `rows` from row 3 of the data sheet.
fn fill(sheet: &mut Worksheet, rubric: &Checked, rows: &[Vec<String>]) -> Result<(), XlsxError> {
    let kinds: Vec<ColumnKind> = columns(rubric).into_iter().map(|c| c.kind).collect();
    for (r, row) in (2u32..).zip(rows) {
        for ((c, text), kind) in (0u16..).zip(row).zip(&kinds).filter(|((_, text), _)| !text.is_empty()) {
            match (kind, text.as_str()) {
                (ColumnKind::Input(InputType::Bool), "true") => sheet.write_string(r, c, "是")?,
                (ColumnKind::Input(InputType::Bool), "false") => sheet.write_string(r, c, "否")?,
                (ColumnKind::Unit | ColumnKind::NotApplicable | ColumnKind::ReportedGrade, _)
                | (ColumnKind::Input(InputType::Text | InputType::Bool), _) => sheet.write_string(r, c, text)?,
                _ => match super::table::exact_number(text) {
                    Some(n) => sheet.write_number(r, c, n)?,
                    None => sheet.write_string(r, c, text)?,
                },
            };
        }
    }
    Ok(())
}

fn help_sheet(sheet: &mut Worksheet, rubric: &Checked) -> Result<(), XlsxError> {
    sheet.set_name(HELP_SHEET)?;
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold().set_background_color(Color::RGB(0xD9E1F2)).set_text_wrap();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let widest = |texts: &mut dyn Iterator<Item = &str>, low: usize, high: usize| {
        texts.map(UnicodeWidthStr::width).max().unwrap_or(low).clamp(low, high) as f64 + 2.0
    };
    let ids = widest(
        &mut rubric.items.iter().map(|i| i.id.as_str()).chain(rubric.sections.iter().map(|s| s.id.as_str())),
        8,
        30,
    );
    let names = widest(&mut rubric.items.iter().map(|i| i.name.as_str()), 12, 30);
    for (col, w) in [ids, names, 8.0, 24.0, 60.0, 40.0, 30.0, 30.0].into_iter().enumerate() {
        sheet.set_column_width(col as u16, w)?;
    }
    let mut row = 0u32;
    sheet.write_string_with_format(row, 0, &rubric.title, &title)?;
    row += 1;
    let mut about = format!("满分 max {}", rubric.max.normalize());
    if let Some(year) = rubric.year {
        about = format!("年度 year {year}　{about}");
    }
    if let Some(version) = &rubric.version {
        about.push_str(&format!("　版本 version {version}"));
    }
    let grades: Vec<&str> = rubric.grades.iter().map(|g| g.name.as_str()).collect();
    if !grades.is_empty() {
        about.push_str(&format!("　等级 grades {}", grades.join("、")));
    }
    sheet.write_string(row, 0, &about)?;
    row += 2;
    let guide = [
        "填写“填报”工作表：每个单位一行，从第 3 行开始。第 1 行是列名，请勿修改；第 2 行（以“【说明】”开头）是各列的填写说明，读取时跳过。\
         Fill in sheet 填报, one unit per row from row 3. Row 1 holds the column names (do not change them); row 2 explains each column and is not read.",
        "空单元格表示未填写。An empty cell is not given (an item whose facts are all missing takes your reported score, marked unverified).",
        "是否：填 是 / 否（或 true / false）。比率：填 95% 或 0.95。金额：按列中的单位填数字，或填带单位的文本，如 290820元。计数：整数。\
         Yes/no: 是 / 否; rates: 95% or 0.95; amounts: a number in the column's unit, or text with a unit such as 290820元; counts: whole numbers.",
        "judged.<指标>：评定分（评审填写）；not_applicable.<指标>：单位申报的缺省项及理由；reported.*：单位自评的总分、等级、各指标得分和小计。\
         judged.<id>: the evaluator's score; not_applicable.<id>: a 缺省项 you claim, with the reason; reported.*: your own self-assessment.",
    ];
    for line in guide {
        sheet.merge_range(row, 0, row, 7, line, &wrap)?;
        sheet.set_row_height(row, 32)?;
        row += 1;
    }
    row += 1;
    let heads = [
        "指标 item",
        "名称 name",
        "分值 points",
        "所属部分 section",
        "计分规则 rule",
        "缺省项 not applicable",
        "取消资格 disqualify",
        "读取的输入 inputs",
    ];
    for (col, text) in heads.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *text, &bold)?;
    }
    row += 1;
    for (index, item) in rubric.items.iter().enumerate() {
        let section = rubric.sections.get(item.section).map_or_else(String::new, |s| format!("{} {}", s.id, s.name));
        let mut na = not_applicable_text(rubric, index);
        if item.claimable {
            let claim = format!("单位可申报 you may claim it: not_applicable.{}", item.id);
            na = if na.is_empty() { claim } else { format!("{na}; {claim}") };
        }
        let disqualify: Vec<String> = item
            .disqualify
            .iter()
            .map(|c| format!("if {} ({})", symbolic(&c.condition, &rubric.inputs, &item.lets), c.reason))
            .collect();
        let inputs: Vec<&str> =
            item.inputs.iter().filter_map(|s| rubric.inputs.get(*s)).map(|i| i.name.as_str()).collect();
        let cells = [
            item.id.clone(),
            item.name.clone(),
            item.weight.normalize().to_string(),
            section,
            rule_text(rubric, index),
            na,
            disqualify.join("; "),
            inputs.join("、"),
        ];
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, text, &wrap)?;
        }
        row += 1;
    }
    row += 1;
    for (col, text) in ["部分 section", "名称 name", "分值 points"].iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *text, &bold)?;
    }
    row += 1;
    for section in &rubric.sections {
        let indent = "　".repeat(section.depth);
        sheet.write_string(row, 0, &section.id)?;
        sheet.write_string(row, 1, format!("{indent}{}", section.name))?;
        sheet.write_string(row, 2, section.weight.normalize().to_string())?;
        row += 1;
    }
    if !rubric.requires.is_empty() {
        row += 1;
        sheet.write_string_with_format(row, 0, "要求 require", &bold)?;
        sheet.write_string_with_format(row, 1, "条件与说明 condition and message", &bold)?;
        row += 1;
        for require in &rubric.requires {
            let condition = symbolic(&require.condition, &rubric.inputs, &[]);
            let text = match &require.message {
                Some(message) => format!("{condition}: {message}"),
                None => condition,
            };
            sheet.write_string_with_format(row, 1, &text, &wrap)?;
            row += 1;
        }
    }
    Ok(())
}
