//! The HTML page of a batch: charts of the totals, grades and sections (drawn
//! from the summary alone, `web/charts.rs`), the summary of every unit (ranking, grades,
//! sections, indicators, problems), then the first units in full as
//! [`crate::html::report`] shows a unit. The units' parts are written to a
//! spool file as they are scored, and copied into the page at the end; the
//! summary is streamed into the page, the rows read back one at a time.

mod charts;

use std::fs::File;
use std::io::{BufWriter, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::sink::{create, output_error, write_error, Sink};
use super::rows::Only;
use super::row::UnitRow;
use super::summary::{Summary, WriteError};
use super::text::{grade_text, section_heading};
use super::Scored;
use crate::html::escape;
use crate::eval::report::{show, Report};
use crate::tr;

/// Style for what the batch page adds to the report's style sheet.
const EXTRA_STYLE: &str = "pre.problem { white-space: pre-wrap; font-size: .8rem; background: #f6f8fa; padding: .5rem .7rem; \
     overflow-x: auto; }\n";

/// A temporary file that is removed when dropped.
struct Spool {
    path: PathBuf,
    file: BufWriter<File>,
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The HTML page being written.
pub(crate) struct Page {
    path: PathBuf,
    out: File,
    spool: Spool,
}

impl Page {
    /// Creates the page's file and the spool for the units' parts.
    pub(crate) fn open(path: &Path) -> Result<Self, String> {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let out = create(path)?;
        let name = format!("rubric-batch-{}-{}.html.part", std::process::id(), COUNT.fetch_add(1, Ordering::Relaxed));
        let spool_path = std::env::temp_dir().join(name);
        let file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&spool_path)
            .map_err(|e| write_error(&spool_path, e))?;
        Ok(Page { path: path.to_path_buf(), out, spool: Spool { path: spool_path, file: BufWriter::new(file) } })
    }
}

/// One unit's part of the page, numbered `index` (its anchor is `unit-{index}`).
pub(crate) fn unit_part(report: &Report, label: &str, index: usize) -> String {
    let page = crate::html::report(std::slice::from_ref(report), &[label.to_string()], &report.rubric.title);
    let start = page.find("<section class=\"unit\"").or_else(|| page.find("<main>").map(|i| i + "<main>".len()));
    let end = page.rfind("</main>");
    let part = match (start, end) {
        (Some(s), Some(e)) if s <= e => page.get(s..e).unwrap_or_default(),
        _ => "",
    };
    part.replacen("id=\"unit-1\" data-unit=\"1\"", &format!("id=\"unit-{index}\" data-unit=\"{index}\""), 1).replacen(
        "<span class=\"sub\">[1]</span>",
        &format!("<span class=\"sub\">[{index}]</span>"),
        1,
    )
}

impl Sink for Page {
    fn unit(&mut self, unit: &Scored<'_>) -> Result<(), String> {
        if let Some(report) = unit.report {
            let part = unit_part(report, &unit.row.label, unit.row.index);
            self.spool.file.write_all(part.as_bytes()).map_err(|e| write_error(&self.spool.path, e))?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>, summary: &Summary) -> Result<(), String> {
        let path = self.path.clone();
        let fail = |e: std::io::Error| write_error(&path, e);
        let title = tr!("{} — summary of {} units", "{}——{} 个单位汇总", summary.title, summary.len());
        let shell = crate::html::report(&[], &[], &title);
        let (head, tail) = shell.split_once("<main>\n").unwrap_or((&shell, "</main>\n</body>\n</html>\n"));
        let head = head.replacen("</style>", &format!("{EXTRA_STYLE}</style>"), 1);
        let head = match (head.find("<p class=\"meta\">"), head.find("</header>")) {
            (Some(s), Some(e)) if s < e => format!(
                "{}<p class=\"meta\">{}</p>\n{}",
                head.get(..s).unwrap_or_default(),
                escape(&summary.headline()),
                head.get(e..).unwrap_or_default()
            ),
            _ => head,
        };
        let mut out = BufWriter::new(&self.out);
        out.write_all(head.as_bytes()).and_then(|()| out.write_all(b"<main>\n")).map_err(fail)?;
        summary_html(&mut out, summary).map_err(|e| output_error(&path, e))?;
        self.spool.file.flush().map_err(|e| write_error(&self.spool.path, e))?;
        let spool = self.spool.file.get_mut();
        spool.rewind().map_err(|e| write_error(&self.spool.path, e))?;
        std::io::copy(spool, &mut out).map_err(fail)?;
        out.write_all(tail.as_bytes()).map_err(fail)?;
        out.flush().map_err(fail)
    }
}

fn th(headings: &[String]) -> String {
    headings
        .iter()
        .map(|h| match h.strip_prefix('#') {
            Some(h) => format!("<th class=\"num\">{}</th>", escape(h)),
            None => format!("<th>{}</th>", escape(h)),
        })
        .collect()
}

fn opt(d: Option<rust_decimal::Decimal>) -> String {
    d.map_or_else(|| "—".to_string(), show)
}

/// The summary sections of the page.
fn summary_html(out: &mut dyn Write, summary: &Summary) -> Result<(), WriteError> {
    charts::charts_html(out, summary)?;
    // Units given in full: the first `detailed` that could be scored.
    let detailed = summary.detailed();
    let link = |u: &UnitRow| {
        if u.scored && u.index <= detailed {
            format!("<a href=\"#unit-{}\">{}</a>", u.index, escape(&u.label))
        } else {
            escape(&u.label)
        }
    };
    let head = th(&[
        tr!("#rank", "#名次"),
        tr!("unit", "单位"),
        tr!("#total", "#总分"),
        tr!("grade", "等级"),
        tr!("disqualified", "取消资格"),
        tr!("#findings", "#审核问题"),
        tr!("#缺省项", "#缺省项"),
        tr!("#errors", "#错误"),
    ]);
    writeln!(
        out,
        "<section id=\"ranking\">\n<h2>{}</h2>\n<div class=\"scroll\">\n<table class=\"ranking\">\n<thead><tr>{head}</tr></thead>\n<tbody>",
        escape(&tr!("Ranking", "排名"))
    )?;
    summary.each_ranked(&mut |ranked, u| {
        let total = u
            .total
            .map_or_else(|| "—".to_string(), |t| format!("{} <span class=\"sub\">/ {}</span>", show(t), opt(u.max)));
        let disqualified = match &u.disqualification {
            Some(reason) => {
                format!("<span class=\"bad\">{}</span>", escape(&format!("{} · {reason}", tr!("yes", "是"))))
            }
            None if u.disqualified => format!("<span class=\"bad\">{}</span>", escape(&tr!("yes", "是"))),
            None => escape(&tr!("no", "否")),
        };
        let bad = |n: usize| if n > 0 { " bad" } else { "" };
        writeln!(
            out,
            "<tr data-unit=\"{i}\"><td class=\"num\">{rank}</td><td class=\"unit\">{l}<br><span class=\"sub\">{src}</span></td>\
             <td class=\"num total\">{total}</td><td>{grade}</td><td>{disqualified}</td><td class=\"num{b1}\">{f}</td>\
             <td class=\"num\">{na}</td><td class=\"num{b2}\">{e}</td></tr>",
            i = u.index,
            rank = ranked.rank.map_or_else(|| "—".to_string(), |r| r.to_string()),
            l = link(u),
            src = escape(&u.source),
            grade = escape(&grade_text(u)),
            b1 = bad(u.findings),
            f = u.findings,
            na = u.not_applicable,
            b2 = bad(u.errors),
            e = u.errors,
        )?;
        Ok(())
    })?;
    writeln!(out, "</tbody>\n</table>\n</div>\n</section>")?;
    grades_html(out, summary)?;
    sections_html(out, summary)?;
    indicators_html(out, summary, &link)?;
    problems_html(out, summary, &link)?;
    if let Some(note) = summary.capped_note() {
        writeln!(out, "<p class=\"note\" id=\"details-capped\">{}</p>", escape(&note))?;
    }
    if let Some(note) = summary.same_name_note() {
        writeln!(out, "<p class=\"note\" id=\"same-name\">{}</p>", escape(&note))?;
    }
    Ok(())
}

fn grades_html(out: &mut dyn Write, summary: &Summary) -> Result<(), WriteError> {
    let counts = summary.grade_counts();
    writeln!(
        out,
        "<section id=\"grades\">\n<h2>{}</h2>\n<div class=\"scroll\">\n<table class=\"grades\">\n<thead><tr>{}</tr></thead>\n<tbody>",
        escape(&tr!("Grade distribution", "等级分布")),
        th(&[tr!("grade", "等级"), tr!("#units", "#单位数")])
    )?;
    for g in counts {
        writeln!(
            out,
            "<tr data-grade=\"{gr}\"><td>{gr}</td><td class=\"num count\">{c}</td></tr>",
            gr = escape(&g.grade),
            c = g.count,
        )?;
    }
    writeln!(out, "</tbody>\n</table>\n</div>\n</section>")?;
    Ok(())
}

fn sections_html(out: &mut dyn Write, summary: &Summary) -> Result<(), WriteError> {
    if summary.sections.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<section id=\"sections\">\n<h2>{}</h2>\n<div class=\"scroll\">\n<table class=\"items\">\n<thead><tr>{}</tr></thead>\n<tbody>",
        escape(&tr!("Sections: mean, lowest and highest score", "各部分得分：平均、最低、最高")),
        th(&[
            tr!("section", "部分"),
            tr!("#weight", "#分值"),
            tr!("#mean", "#平均"),
            tr!("#min", "#最低"),
            tr!("#max", "#最高"),
            tr!("#units", "#单位数"),
        ])
    )?;
    for st in summary.section_stats() {
        let Some(s) = summary.sections.get(st.section) else { continue };
        writeln!(
            out,
            "<tr class=\"{class}\"><td class=\"name\">{n}</td><td class=\"num\">{w}</td><td class=\"num\">{mean}</td>\
             <td class=\"num\">{min}</td><td class=\"num\">{max}</td><td class=\"num\">{c}</td></tr>",
            class = if s.depth == 0 { "section depth-0".to_string() } else { format!("depth-{}", s.depth.min(3)) },
            n = escape(&section_heading(&s.id, &s.name)),
            w = show(s.max),
            mean = opt(st.mean),
            min = opt(st.min),
            max = opt(st.max),
            c = st.count,
        )?;
    }
    writeln!(out, "</tbody>\n</table>\n</div>\n</section>")?;
    Ok(())
}

fn indicators_html(
    out: &mut dyn Write,
    summary: &Summary,
    link: &dyn Fn(&UnitRow) -> String,
) -> Result<(), WriteError> {
    if summary.indicators.is_empty() {
        return Ok(());
    }
    let mut head = vec![tr!("unit", "单位")];
    head.extend(summary.indicators.iter().map(|n| format!("#{n}")));
    writeln!(
        out,
        "<section id=\"indicators\">\n<h2>{}</h2>\n<div class=\"scroll\">\n<table class=\"indicators\">\n<thead><tr>{}</tr></thead>\n<tbody>",
        escape(&tr!("Indicators, side by side", "分析指标对比")),
        th(&head)
    )?;
    for u in summary.rows_only(Only::Scored)? {
        let u = summary.shown(u?);
        let values: String = (0..summary.indicators.len())
            .map(|i| {
                let v = u.indicators.get(i).cloned().flatten().unwrap_or_else(|| "—".to_string());
                format!("<td class=\"num\">{}</td>", escape(&v))
            })
            .collect();
        writeln!(out, "<tr data-unit=\"{}\"><td>{}</td>{values}</tr>", u.index, link(&u))?;
    }
    writeln!(out, "</tbody>\n</table>\n</div>\n</section>")?;
    Ok(())
}

fn problems_html(out: &mut dyn Write, summary: &Summary, link: &dyn Fn(&UnitRow) -> String) -> Result<(), WriteError> {
    let mut heading = true;
    for u in summary.rows_only(Only::WithProblems)? {
        let u = summary.shown(u?);
        if std::mem::take(&mut heading) {
            writeln!(out, "<section id=\"problems\">\n<h2>{}</h2>", escape(&tr!("Problems", "问题")))?;
        }
        writeln!(
            out,
            "<h3 data-unit=\"{}\">[{}] {} <span class=\"sub\">{}</span></h3>\n<ul class=\"errors\">",
            u.index,
            u.index,
            link(&u),
            escape(&u.source)
        )?;
        for p in &u.problems {
            let class = if p.error { "error" } else { "unverified" };
            writeln!(
                out,
                "<li class=\"{class}\"><code>{}</code> <span class=\"location\">{}</span>: {}</li>",
                escape(&p.code),
                escape(&p.location),
                escape(&p.message)
            )?;
        }
        let texts: Vec<&str> = u.problems.iter().map(|p| p.text.as_str()).collect();
        writeln!(out, "</ul>\n<pre class=\"problem\">{}</pre>", escape(&texts.join("\n\n")))?;
    }
    if !heading {
        writeln!(out, "</section>")?;
    }
    Ok(())
}
