//! Reports → text: a terminal table, Markdown, JSON.
//!
//! Rendering reads a finished [`Report`] and nothing else.

mod compare;
mod markdown;
mod table;

pub use compare::{comparison, label};
pub use markdown::markdown;
pub use table::{table, Style};

use crate::eval::report::{Report, Status};

/// The JSON report, pretty-printed.
pub fn json(report: &Report) -> String {
    report.to_json()
}

/// Several JSON reports as one array.
pub fn json_array(reports: &[Report]) -> String {
    serde_json::to_string_pretty(reports).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// A status as shown to people, in the thread's language.
pub fn status_word(status: Status) -> &'static str {
    let zh = crate::base::i18n::lang() == crate::base::i18n::Lang::Zh;
    match status {
        Status::Computed if zh => "计算",
        Status::Computed => "computed",
        Status::Judged if zh => "评定",
        Status::Judged => "judged",
        Status::NotApplicable => "缺省项",
        Status::Unverified if zh => "未核实",
        Status::Unverified => "unverified",
        Status::Error if zh => "出错",
        Status::Error => "error",
    }
}

/// One row of the item/section tree, in table order.
pub(crate) enum Row<'a> {
    Section(&'a crate::eval::report::SectionReport),
    Item(&'a crate::eval::report::ItemReport),
}

/// Sections and items interleaved as on the paper table: each section
/// followed by its contents.
pub(crate) fn rows(report: &Report) -> Vec<Row<'_>> {
    let mut rows = Vec::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut emitted = vec![false; report.sections.len()];
    for item in &report.items {
        // Open the sections on the item's path that are not open yet.
        let common = stack.iter().zip(&item.path).take_while(|(a, b)| **a == b.as_str()).count();
        stack.truncate(common);
        for id in item.path.iter().skip(common) {
            if let Some(index) = report.sections.iter().position(|s| &s.id == id) {
                if let Some(done) = emitted.get_mut(index) {
                    if !*done {
                        *done = true;
                        if let Some(section) = report.sections.get(index) {
                            rows.push(Row::Section(section));
                        }
                    }
                }
            }
            stack.push(id.as_str());
        }
        rows.push(Row::Item(item));
    }
    rows
}

/// A 缺省项's reason as every report shows it: the rubric's reason, and the
/// unit's own beside it where the unit wrote another
/// (`无下属单位 (the unit writes: 无整改要求)`).
pub fn na_reason(na: &crate::eval::report::NotApplicableReport) -> String {
    let reason = &na.reason;
    match &na.stated {
        Some(stated) => crate::tr!("{reason} (the unit writes: {stated})", "{reason}（单位填写：{stated}）"),
        None => reason.clone(),
    }
}
