//! Scoring many units at once: every township and department of a county from
//! a folder of data files or a spreadsheet with one unit per row.
//!
//! [`run`] reads the inputs one source at a time ([`input`]), scores the units
//! in parallel on a rayon pool, and hands each result to the caller **in input
//! order**, whatever the number of threads: a unit's full [`Report`] (for the
//! first [`Options::details`] units only) and its audit findings, then its small
//! [`UnitRow`]. A bounded window of units is in flight at once.
//!
//! The rows are not kept in memory: the [`Summary`] spills each to a temporary
//! file as it arrives (one binary record; see `spill.rs`), counts what the statistics need
//! as it goes (grade counts; each section's count, sum, lowest and highest
//! score), and keeps per unit only a small entry — where its line is, its total,
//! its class, rank and three flags, 40 bytes — plus 4 bytes for its place in the
//! ranking (`rank.rs`: the labels of a run of equal totals are read back only
//! to order that run). The outputs read the rows back one at a time, in ranking
//! or input order, and stream to their files. The temporary file is removed
//! when the summary is dropped.
//!
//! A bad file or row never stops the rest: it becomes a row with its located,
//! rendered diagnostics ([`Problem`]), and every other unit is scored.
//!
//! The outputs ([`out`]) are written from the same stream: a summary in CSV,
//! JSON or Markdown, an HTML page, or an Excel workbook with a summary sheet,
//! one sheet per unit laid out like the official 计分表, and a findings sheet.
//! The text outputs and the HTML page are streamed; the workbook's summary,
//! findings and problems sheets go a row at a time to temporary files
//! (rust_xlsxwriter's constant memory mode), and only its per-unit sheets (at
//! most [`Options::details`]) are held until it is saved.

mod cells;
mod direct;
pub mod input;
pub mod locate;
pub mod out;
mod rank;
mod row;
mod rows;
mod scoresheet;
mod sink;
mod spill;
pub use sink::Sink;
mod summary;
mod text;
mod unit;
mod web;
mod xlsx;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};

use rayon::iter::{ParallelBridge, ParallelIterator};

use crate::base::diagnostic::SourceFile;
use crate::check::model::Checked;
use crate::eval::report::{Finding, Report};

pub use input::{sources, Source};
pub use row::{Problem, UnitRow};
#[cfg(feature = "internals")]
pub use rows::{Only, Scan};
pub use summary::{Summary, WriteError};
#[cfg(feature = "internals")]
pub use text::{csv, json, markdown};
pub use text::{write_csv, write_json, write_markdown};
pub use locate::render;

/// How many units travel together between the reader, the workers and the summary.
const CHUNK: usize = 32;

/// How to run a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Unverified items (scored from the reported figure alone) are errors.
    pub strict: bool,
    /// Worker threads; `None` for one per core.
    pub threads: Option<usize>,
    /// How many units (the first, in input order) are given in full to the
    /// caller, for per-unit sheets and sections.
    pub details: usize,
}

/// The default of [`Options::details`].
pub const DEFAULT_DETAILS: usize = 500;

impl Default for Options {
    fn default() -> Self {
        Options { strict: false, threads: None, details: DEFAULT_DETAILS }
    }
}

/// One scored unit, as handed to the caller of [`run`] in input order.
#[derive(Debug, Clone, Copy)]
pub struct Scored<'a> {
    /// Its summary row.
    pub row: &'a UnitRow,
    /// Its full report, for the first [`Options::details`] units that could be scored.
    pub report: Option<&'a Report>,
    /// Its audit findings (for every unit).
    pub findings: &'a [Finding],
}

/// Counts units handed back, and holds the reader back while too many units
/// are in flight (read, being scored, or waiting for an earlier one).
struct Window {
    /// Units handed back so far, and whether the reader is waiting for more.
    state: Mutex<(usize, bool)>,
    moved: Condvar,
    size: usize,
}

impl Window {
    /// Waits until unit `index` may be read.
    fn enter(&self, index: usize) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while index >= state.0 + self.size {
            state.1 = true;
            state = self.moved.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        state.1 = false;
    }

    /// Records that `emitted` units are handed back; wakes the reader only if it
    /// waits (a wake-up is a system call, and there is one per unit otherwise).
    fn advance(&self, emitted: usize) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.0 = emitted;
        if std::mem::take(&mut state.1) {
            self.moved.notify_all();
        }
    }
}

/// Scores every unit of `sources` against `rubric` (checked, without errors;
/// `rubric_file` is its text, for locating evaluation diagnostics in it).
///
/// `found` is told, from the reading thread, of each unit as it is read, with its
/// source and 1 (for a progress bar: a data file gives one, a spreadsheet one
/// per row, read as the scoring goes). `each` is called on the calling thread once per unit, in
/// input order. The language of messages is the calling thread's. The summary
/// is the same whatever the number of threads. The error says why the thread
/// pool could not be started, or that the rows could not be spilled to their
/// temporary file.
pub fn run(
    rubric: &Checked,
    rubric_file: &SourceFile,
    sources: &[Source],
    options: &Options,
    found: &(dyn Fn(&Source, usize) + Sync),
    each: &mut dyn FnMut(Scored<'_>),
) -> Result<Summary, String> {
    let lang = crate::base::i18n::lang();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.unwrap_or(0))
        .thread_name(|i| format!("rubric-batch-{i}"))
        .start_handler(move |_| crate::base::i18n::set_lang(lang))
        .build()
        .map_err(|e| crate::tr!("cannot start the worker threads: {e}", "无法启动工作线程：{e}"))?;
    // Units travel in chunks, so that handing them between threads costs little per unit.
    let window = Window {
        state: Mutex::new((0, false)),
        moved: Condvar::new(),
        size: (pool.current_num_threads() * 4 + 4) * CHUNK,
    };
    let (strict, details) = (options.strict, options.details);
    // A compiled scorer (and a sheet's plan) per worker thread.
    let workers: Vec<Mutex<unit::Worker<'_>>> =
        (0..pool.current_num_threads().max(1)).map(|_| Mutex::new(unit::Worker::new(rubric))).collect();
    let workers = &workers;
    let mut summary = Summary::new(rubric, details);
    let mut spilled: Result<(), String> = Ok(());
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<Vec<(unit::Done, Vec<u8>)>>(pool.current_num_threads() * 4 + 4);
        let window = &window;
        let pool = &pool;
        // Units are read on a thread of their own, ahead of the workers (as far
        // as the window lets it), so that a worker never waits for a sheet's
        // next row to be read.
        let (read_sender, read) = mpsc::sync_channel::<Vec<(usize, input::Loaded)>>(pool.current_num_threads() * 4 + 4);
        scope.spawn(move || {
            crate::base::i18n::set_lang(lang);
            let mut chunk = Vec::with_capacity(CHUNK);
            for unit in input::Units::new(sources, found) {
                window.enter(unit.0);
                chunk.push(unit);
                if chunk.len() == CHUNK && read_sender.send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK))).is_err() {
                    return;
                }
            }
            if !chunk.is_empty() {
                let _ = read_sender.send(chunk);
            }
        });
        scope.spawn(move || {
            crate::base::i18n::set_lang(lang);
            pool.install(|| {
                read.into_iter().par_bridge().for_each_with(sender, |sender, chunk| {
                    let slot = rayon::current_thread_index().unwrap_or(0) % workers.len().max(1);
                    let mut fresh = None;
                    let mut held = workers.get(slot).map(|w| w.lock().unwrap_or_else(PoisonError::into_inner));
                    let worker = match held.as_deref_mut() {
                        Some(worker) => worker,
                        None => fresh.insert(unit::Worker::new(rubric)),
                    };
                    let done: Vec<_> = chunk
                        .into_iter()
                        .map(|(index, loaded)| {
                            score_guarded(rubric, rubric_file, worker, index, loaded, strict, index < details)
                        })
                        .collect();
                    // The receiver lives until every sender is gone.
                    let _ = sender.send(done);
                });
            });
        });
        let mut pending: BTreeMap<usize, (unit::Done, Vec<u8>)> = BTreeMap::new();
        let mut emitted = 0;
        let mut emit = |(done, line): (unit::Done, Vec<u8>), summary: &mut Summary| {
            each(Scored { row: &done.row, report: done.report.as_ref(), findings: &done.findings });
            // After a failure to spill, the rest is still received (so that the workers end), not kept.
            if spilled.is_ok() {
                spilled = summary.push(&done.row, &line);
            }
        };
        for chunk in receiver {
            pending.extend(chunk.into_iter().map(|done| (done.0.index, done)));
            while let Some(done) = pending.remove(&emitted) {
                emit(done, &mut summary);
                emitted += 1;
            }
            window.advance(emitted);
        }
        // Only if a unit never came back: the rest, still in order.
        for (_, done) in std::mem::take(&mut pending) {
            emit(done, &mut summary);
        }
    });
    spilled?;
    summary.seal()?;
    Ok(summary)
}

/// The product's per-unit path for a sheet's row, as [`run`] takes it: the row
/// bound straight to the compiled scorer's slots, scored, and made its summary
/// row (label, sections, audit findings). For the benchmarks.
#[cfg(feature = "internals")]
pub struct RowPath<'a> {
    rubric: &'a Checked,
    worker: unit::Worker<'a>,
}

#[cfg(feature = "internals")]
impl<'a> RowPath<'a> {
    /// The path for `rubric`.
    pub fn new(rubric: &'a Checked) -> Self {
        RowPath { rubric, worker: unit::Worker::new(rubric) }
    }

    /// Unit `index`'s summary row from `row`, or `None` when the row takes
    /// the full path (something the binder would comment on).
    pub fn score(&mut self, index: usize, row: &crate::data::sheet::PendingRow) -> Option<UnitRow> {
        unit::direct(self.rubric, &mut self.worker, index, row).map(|done| done.row)
    }
}

/// Scores one unit, and writes its row as the summary spills it; a panic (a
/// bug) becomes a row with an error, not the end of the batch.
fn score_guarded(
    rubric: &Checked,
    rubric_file: &SourceFile,
    worker: &mut unit::Worker<'_>,
    index: usize,
    loaded: input::Loaded,
    strict: bool,
    keep_report: bool,
) -> (unit::Done, Vec<u8>) {
    let (label, source) = match &loaded {
        input::Loaded::Unit(u) => (u.fallback.clone(), u.source.clone()),
        input::Loaded::Row { path, .. } => (path.display().to_string(), path.display().to_string()),
        input::Loaded::Failed(f) => (f.path().display().to_string(), f.path().display().to_string()),
    };
    let done = catch_unwind(AssertUnwindSafe(|| unit::score(rubric, rubric_file, worker, index, loaded, strict, keep_report)))
        .unwrap_or_else(|_| {
            let message = crate::tr!(
                "internal error while scoring this unit (a bug: please report it with the data)",
                "为该单位计分时发生内部错误（程序缺陷：请连同数据一起报告）"
            );
            let text = crate::tr!("error: {source}: {message}", "错误：{source}：{message}");
            let problem =
                Problem { location: source.clone(), code: crate::base::diagnostic::Code::Internal.as_str().to_string(), error: true, message, text };
            unit::Done {
                index,
                row: UnitRow::failed(index + 1, label, source, vec![problem]),
                report: None,
                findings: Vec::new(),
            }
        });
    let line = rows::line(&done.row);
    (done, line)
}
