//! `rubric batch`: score every unit of folders, data files and spreadsheets in
//! parallel, and write the summary (and the units in full) to files.

use std::io::{IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use crate::base::diagnostic::has_errors;
use crate::base::limits::Limits;
use crate::batch::out::{self, Kind};
use crate::batch::Sink;
use crate::batch::{Options, Scored, Source, WriteError};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::output::{err, out as print, print_diagnostics, read_or_report};

/// What `rubric batch` was asked to do.
pub struct Request<'a> {
    /// The rubric file.
    pub rubric: &'a Path,
    /// Folders, data files and spreadsheets.
    pub inputs: &'a [PathBuf],
    /// The files to write (kind by extension); none: the summary on stdout.
    pub outs: &'a [PathBuf],
    /// Worker threads; `None`: one per core.
    pub threads: Option<NonZeroUsize>,
    /// How many units are given in full.
    pub details: usize,
    /// Unverified items are errors.
    pub strict: bool,
}

/// An output and whether it is still being written.
struct Output {
    path: PathBuf,
    sink: Option<Box<dyn Sink>>,
    failed: bool,
}

/// Runs the batch; `Ok(true)` when every unit is clean and every file was written.
pub fn run(request: &Request<'_>) -> Result<bool, ()> {
    let sources = crate::batch::sources(request.inputs).map_err(|message| {
        err(&crate::tr!("error: {message}", "错误：{message}"));
    })?;
    for path in request.outs {
        if Kind::from_path(path).is_none() {
            let shown = path.display();
            err(&crate::tr!(
                "error: {shown}: the output's extension says what to write: .xlsx, .html, .csv, .json or .md",
                "错误：{shown}：输出文件的扩展名决定其格式：.xlsx、.html、.csv、.json 或 .md"
            ));
            return Err(());
        }
    }
    let Some(rubric_file) = read_or_report(request.rubric) else {
        return Ok(false);
    };
    let (checked, diagnostics) = crate::check::check_source(&rubric_file.text, &Limits::default());
    print_diagnostics(&diagnostics, &rubric_file);
    let Some(checked) = checked.filter(|_| !has_errors(&diagnostics)) else {
        let shown = request.rubric.display();
        err(&crate::tr!(
            "the rubric has errors: fix them first (rubric check {shown})",
            "评分表有错误：请先修正（rubric check {shown}）"
        ));
        return Ok(false);
    };
    let mut outputs = Vec::new();
    for path in request.outs {
        match out::open(path) {
            Ok(sink) => outputs.push(Output { path: path.clone(), sink: Some(sink), failed: false }),
            Err(message) => {
                err(&crate::tr!("error: {message}", "错误：{message}"));
                return Ok(false);
            }
        }
    }
    // Data files are one unit each: known now; a spreadsheet's rows when it is read.
    let files = sources.iter().filter(|s| matches!(s, Source::Data(..))).count();
    let bar = progress_bar(files);
    let found = |source: &Source, n: usize| {
        if matches!(source, Source::Sheet(_)) {
            bar.inc_length(n as u64);
        }
    };
    let mut each = |unit: Scored<'_>| {
        bar.inc(1);
        if !unit.row.problems.is_empty() {
            bar.suspend(|| unit.row.problems.iter().for_each(|p| err(&p.text)));
        }
        for output in &mut outputs {
            let Some(sink) = output.sink.as_mut() else { continue };
            if let Err(message) = sink.unit(&unit) {
                bar.suspend(|| err(&crate::tr!("error: {message}", "错误：{message}")));
                output.sink = None;
                output.failed = true;
            }
        }
    };
    let options =
        Options { strict: request.strict, threads: request.threads.map(NonZeroUsize::get), details: request.details };
    let summary = match crate::batch::run(&checked, &rubric_file, &sources, &options, &found, &mut each) {
        Ok(summary) => summary,
        Err(message) => {
            bar.finish_and_clear();
            err(&crate::tr!("error: {message}", "错误：{message}"));
            return Ok(false);
        }
    };
    bar.finish_and_clear();
    let mut written = true;
    if outputs.is_empty() {
        // Streamed (the rows are read back one at a time); a closed pipe is ignored, as for every line printed.
        let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
        let written = crate::batch::write_markdown(&summary, &mut stdout).and_then(|()| Ok(stdout.flush()?));
        if let Err(WriteError::Rows(message)) = written {
            err(&crate::tr!("error: {message}", "错误：{message}"));
            return Ok(false);
        }
        return Ok(summary.clean());
    }
    print(&summary.headline());
    for output in outputs {
        let shown = output.path.display();
        match output.sink.map(|sink| sink.finish(&summary)) {
            Some(Ok(())) if !output.failed => print(&crate::tr!("wrote {shown}", "已写入 {shown}")),
            Some(Err(message)) => {
                err(&crate::tr!("error: {message}", "错误：{message}"));
                written = false;
            }
            _ => written = false,
        }
    }
    if let Some(note) = summary.capped_note() {
        print(&note);
    }
    if let Some(note) = summary.same_name_note() {
        err(&note);
    }
    Ok(summary.clean() && written)
}

/// A progress bar on stderr when it is a terminal; hidden otherwise.
fn progress_bar(length: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(length as u64), ProgressDrawTarget::stderr());
    let template = crate::tr!(
        "{{bar:40}} {{pos}}/{{len}} units · {{elapsed}} (about {{eta}} left)",
        "{{bar:40}} {{pos}}/{{len}} 个单位 · 已用 {{elapsed}}（约剩 {{eta}}）"
    );
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("█▉▊▋▌▍▎▏ "));
    }
    bar
}
