//! The Excel workbook of a batch (rust_xlsxwriter):
//!
//! - `汇总` / `Summary`: the grade counts, then the ranking of every unit with
//!   its total, grade, findings, 缺省项, errors, every section and indicator;
//! - `各部分` / `Sections`: each section's weight, mean, lowest and highest score;
//! - `审核问题` / `Findings`: every audit finding of every unit;
//! - `问题` / `Problems`: every located diagnostic (bad files and rows);
//! - one sheet per unit (the first `--details` units) laid out like the official
//!   计分表: 一级 / 二级 / 三级指标, 分值, 得分, 自评分, and 说明 with the status,
//!   the 缺省项 reason and the trace of the score.
//!
//! Scores are numbers; indicators are text as shown (`28.36%`).
//!
//! The summary, findings and problems sheets, which grow with the number of
//! units, are rust_xlsxwriter "constant memory" worksheets: each row goes to a
//! temporary file once the next is begun (their strings are stored inline), so
//! they are written strictly top to bottom — the summary sheet's title, grade
//! counts, then its ranking in order. The sections sheet and the per-unit sheets
//! (at most `--details`) are ordinary worksheets, with no temporary file each.
//! The workbook is streamed to its file when saved.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Url, Workbook as Book, XlsxError};

use super::sink::{create, output_error, write_error, Sink};
use super::cells::{decimal, headings, Formats};
use super::row::UnitRow;
use super::summary::{Ranked, Summary, WriteError};
use super::text::{grade_text, ranking_headings, section_heading};
use super::Scored;
use crate::tr;

/// The sheets before the units' sheets.
const SUMMARY: usize = 0;
const SECTIONS: usize = 1;
const FINDINGS: usize = 2;
const PROBLEMS: usize = 3;

/// The workbook being written.
pub(crate) struct Workbook {
    path: PathBuf,
    file: File,
    book: Book,
    formats: Formats,
    findings_row: u32,
    problems_row: u32,
    /// The units' sheets: unit number → sheet name.
    sheets: Vec<(usize, String)>,
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
pub(crate) fn sheet_name(index: usize, label: &str) -> String {
    let clean: String = label.chars().map(|c| if "[]:*?/\\".contains(c) || c.is_control() { '_' } else { c }).collect();
    let name: String = format!("{index} {}", clean.trim()).chars().take(31).collect();
    name.trim_end_matches('\'').trim_end().to_string()
}

impl Workbook {
    /// Creates the file, and the summary, sections, findings and problems sheets.
    pub(crate) fn open(path: &Path) -> Result<Self, String> {
        let file = create(path)?;
        let mut book = Book::new();
        // Excel's own level: about 30% less time compressing than the default 6,
        // for a file about 5% larger.
        book.set_zip_compression_level(3);
        let formats = Formats::new();
        let names =
            [tr!("Summary", "汇总"), tr!("Sections", "各部分"), tr!("Findings", "审核问题"), tr!("Problems", "问题")];
        let findings = [
            tr!("no.", "序号"),
            tr!("unit", "单位"),
            tr!("kind", "类别"),
            tr!("item or section", "指标或部分"),
            tr!("reported", "自评"),
            tr!("computed", "核定"),
            tr!("finding", "审核问题"),
        ];
        let problems = [
            tr!("no.", "序号"),
            tr!("unit", "单位"),
            tr!("where", "位置"),
            tr!("code", "代码"),
            tr!("level", "级别"),
            tr!("message", "说明"),
        ];
        let setup = |book: &mut Book| -> Result<(), XlsxError> {
            for (index, name) in names.iter().enumerate() {
                // The sheets that grow with the units are written a row at a time to a
                // temporary file each; the sections sheet is small.
                let sheet =
                    if index == SECTIONS { book.add_worksheet() } else { book.add_worksheet_with_constant_memory()? };
                sheet.set_name(name)?;
            }
            for (index, heads, widths) in [
                (FINDINGS, &findings[..], &[6.0, 28.0, 14.0, 12.0, 10.0, 10.0, 70.0][..]),
                (PROBLEMS, &problems[..], &[6.0, 28.0, 30.0, 22.0, 8.0, 80.0][..]),
            ] {
                let sheet = book.worksheet_from_index(index)?;
                headings(sheet, 0, heads, &formats.head)?;
                sheet.set_freeze_panes(1, 0)?;
                for (col, width) in (0u16..).zip(widths) {
                    sheet.set_column_width(col, *width)?;
                }
            }
            Ok(())
        };
        setup(&mut book).map_err(|e| write_error(path, e))?;
        Ok(Workbook {
            path: path.to_path_buf(),
            file,
            book,
            formats,
            findings_row: 1,
            problems_row: 1,
            sheets: Vec::new(),
        })
    }

    fn unit_rows(&mut self, unit: &Scored<'_>) -> Result<(), XlsxError> {
        let row = unit.row;
        let (index, label) = (row.index as f64, row.label.as_str());
        let sheet = self.book.worksheet_from_index(FINDINGS)?;
        for f in unit.findings {
            let r = self.findings_row;
            sheet.write_number(r, 0, index)?;
            sheet.write_string(r, 1, label)?;
            sheet.write_string(r, 2, f.kind)?;
            sheet.write_string(r, 3, f.about())?;
            sheet.write_string(r, 4, f.reported.as_deref().unwrap_or(""))?;
            sheet.write_string(r, 5, f.computed.as_deref().unwrap_or(""))?;
            sheet.write_string(r, 6, &f.message)?;
            self.findings_row += 1;
        }
        let sheet = self.book.worksheet_from_index(PROBLEMS)?;
        for p in &row.problems {
            let r = self.problems_row;
            sheet.write_number(r, 0, index)?;
            sheet.write_string(r, 1, label)?;
            sheet.write_string(r, 2, &p.location)?;
            sheet.write_string(r, 3, &p.code)?;
            sheet.write_string(r, 4, if p.error { tr!("error", "错误") } else { tr!("warning", "警告") })?;
            sheet.write_string(r, 5, &p.message)?;
            self.problems_row += 1;
        }
        if let Some(report) = unit.report {
            let name = sheet_name(row.index, label);
            let sheet = self.book.add_worksheet();
            sheet.set_name(&name)?;
            super::scoresheet::write(sheet, report, label, &row.source, &self.formats)?;
            self.sheets.push((row.index, name));
        }
        Ok(())
    }

    fn summary_sheets(&mut self, summary: &Summary) -> Result<(), WriteError> {
        let f = &self.formats;
        let sheet = self.book.worksheet_from_index(SUMMARY)?;
        sheet.write_string_with_format(0, 0, &summary.title, &f.title)?;
        sheet.write_string(1, 0, summary.headline())?;
        let mut r = 2;
        if let Some(mean) = summary.mean_total() {
            sheet.write_string(r, 0, tr!("Mean total: {mean}", "平均总分：{mean}"))?;
            r += 1;
        }
        if let Some(note) = summary.capped_note() {
            sheet.write_string(r, 0, note)?;
            r += 1;
        }
        if let Some(note) = summary.same_name_note() {
            sheet.write_string(r, 0, note)?;
            r += 1;
        }
        r += 1;
        headings(sheet, r, &[tr!("grade", "等级"), tr!("units", "单位数")], &f.head)?;
        for g in summary.grade_counts() {
            r += 1;
            sheet.write_string_with_format(r, 0, &g.grade, &f.wrap)?;
            sheet.write_number_with_format(r, 1, g.count as f64, &f.number)?;
        }
        r += 2;
        let mut head = ranking_headings();
        head.extend(summary.sections.iter().map(|s| section_heading(&s.id, &s.name)));
        head.extend(summary.indicators.iter().cloned());
        headings(sheet, r, &head, &f.head)?;
        sheet.set_freeze_panes(r + 1, 3)?;
        let sheets = &self.sheets;
        let mut each = |ranked: Ranked, u: &UnitRow| -> Result<(), XlsxError> {
            r += 1;
            if let Some(rank) = ranked.rank {
                sheet.write_number(r, 0, rank as f64)?;
            }
            sheet.write_number(r, 1, u.index as f64)?;
            match sheets.binary_search_by_key(&u.index, |(i, _)| *i).ok().and_then(|at| sheets.get(at)) {
                Some((_, name)) => {
                    let link = Url::new(format!("internal:'{}'!A1", name.replace('\'', "''")));
                    sheet.write_url_with_text(r, 2, link, &u.label)?;
                }
                None => {
                    sheet.write_string(r, 2, &u.label)?;
                }
            }
            sheet.write_string(r, 3, &u.source)?;
            for (col, value) in [(4, u.total), (5, u.max)] {
                if let Some(v) = value {
                    sheet.write_number(r, col, decimal(v))?;
                }
            }
            sheet.write_string(r, 6, grade_text(u))?;
            if let Some(v) = u.reported_total {
                sheet.write_number(r, 7, decimal(v))?;
            }
            let disqualified = match &u.disqualification {
                Some(reason) => reason.clone(),
                None if u.disqualified => tr!("yes", "是"),
                None => String::new(),
            };
            sheet.write_string(r, 8, disqualified)?;
            for (col, n) in [(9, u.findings), (10, u.not_applicable), (11, u.errors), (12, u.warnings)] {
                sheet.write_number(r, col, n as f64)?;
            }
            let mut col = 13u16;
            for i in 0..summary.sections.len() {
                if let Some(v) = u.sections.get(i).copied().flatten() {
                    sheet.write_number(r, col, decimal(v))?;
                }
                col += 1;
            }
            for i in 0..summary.indicators.len() {
                if let Some(v) = u.indicators.get(i).cloned().flatten() {
                    sheet.write_string(r, col, v)?;
                }
                col += 1;
            }
            Ok(())
        };
        summary.each_ranked(&mut |ranked, u| Ok(each(ranked, u)?))?;
        for (col, width) in [(0u16, 8.0), (1, 6.0), (2, 30.0), (3, 30.0), (6, 10.0), (8, 14.0)] {
            sheet.set_column_width(col, width)?;
        }
        let sheet = self.book.worksheet_from_index(SECTIONS)?;
        let head = [
            tr!("section", "部分"),
            tr!("weight", "分值"),
            tr!("mean", "平均"),
            tr!("min", "最低"),
            tr!("max", "最高"),
            tr!("units", "单位数"),
        ];
        headings(sheet, 0, &head, &f.head)?;
        sheet.set_column_width(0, 40.0)?;
        for (r, st) in (1u32..).zip(summary.section_stats()) {
            let Some(s) = summary.sections.get(st.section) else { continue };
            let name = format!("{}{}", "　".repeat(s.depth), section_heading(&s.id, &s.name));
            sheet.write_string_with_format(r, 0, name, if s.depth == 0 { &f.section } else { &f.wrap })?;
            sheet.write_number_with_format(r, 1, decimal(s.max), &f.number)?;
            for (col, v) in [(2, st.mean), (3, st.min), (4, st.max)] {
                match v {
                    Some(v) => sheet.write_number_with_format(r, col, decimal(v), &f.number)?,
                    None => sheet.write_blank(r, col, &f.number)?,
                };
            }
            sheet.write_number_with_format(r, 5, st.count as f64, &f.number)?;
        }
        Ok(())
    }
}

impl From<XlsxError> for WriteError {
    fn from(e: XlsxError) -> Self {
        WriteError::Out(std::io::Error::other(e))
    }
}

impl Sink for Workbook {
    fn unit(&mut self, unit: &Scored<'_>) -> Result<(), String> {
        self.unit_rows(unit).map_err(|e| write_error(&self.path, e))
    }

    fn finish(mut self: Box<Self>, summary: &Summary) -> Result<(), String> {
        self.summary_sheets(summary).map_err(|e| output_error(&self.path, e))?;
        // A fixed creation date, not the clock's: the same units give the same file, byte for byte.
        if let Ok(created) = rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1) {
            self.book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
        }
        let mut out = BufWriter::new(&self.file);
        self.book.save_to_writer(&mut out).map_err(|e| write_error(&self.path, e))?;
        out.flush().map_err(|e| write_error(&self.path, e))
    }
}
