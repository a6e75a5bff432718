//! Command-line parsing and the subcommands.

#[cfg(feature = "serve")]
mod access;
#[cfg(feature = "serve")]
mod backup;
mod batch;
mod check;
mod diff;
mod eval;
mod fmt;
mod generate;
mod help;
mod lsp;
mod output;
#[cfg(feature = "serve")]
mod serve;
mod template;
mod test;

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// Score units against declarative rubrics (评分表), exactly, with every point explained.
#[derive(Debug, Parser)]
#[command(name = "rubric", version, about)]
struct Cli {
    /// Language of messages and reports: zh or en (default: from LC_ALL / LANG, zh_* → Chinese).
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    #[command(subcommand)]
    command: Command,
}

/// Message languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LangArg {
    /// 简体中文.
    Zh,
    /// English.
    En,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check rubric files: every problem, located, at once.
    Check {
        /// Rubric files.
        #[arg(required = true)]
        rubrics: Vec<PathBuf>,
    },
    /// Score data files against a rubric and audit their self-assessment.
    Eval {
        /// The rubric file.
        rubric: PathBuf,
        /// Data files (TOML, JSON or YAML), spreadsheets (.xlsx, .csv: one unit per row) or
        /// folders of them; several units give a comparison table.
        #[arg(required = true, num_args = 1..)]
        data: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Treat items scored only from the unit's reported figure as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Run a rubric's own example cases (kept in `<name>.tests/` beside it).
    Test {
        /// Rubric files.
        #[arg(required = true)]
        rubrics: Vec<PathBuf>,
        /// Record new or changed results (after showing them).
        #[arg(long)]
        accept: bool,
    },
    /// What changed between two versions of a rubric, and what it does to units.
    Diff {
        /// The old rubric.
        old: PathBuf,
        /// The new rubric.
        new: PathBuf,
        /// Data files or folders: show every unit's old and new total and grade.
        #[arg(long, num_args = 1..)]
        data: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Lay rubric files out in the one canonical way (comments and keyword language kept).
    Fmt {
        /// Rubric files.
        #[arg(required = true)]
        rubrics: Vec<PathBuf>,
        /// Only report files that are not formatted; change nothing.
        #[arg(long)]
        check: bool,
    },
    /// Write the blank data file a unit fills in (or the .xlsx sheet, one unit per row).
    Template {
        /// The rubric file.
        rubric: PathBuf,
        /// The data format [default: the --out file's, by its extension; else toml].
        #[arg(long, value_enum)]
        format: Option<DataFormat>,
        /// Write to this file instead of stdout (required for xlsx).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Score a whole county at once: folders, data files and spreadsheets, in parallel.
    Batch {
        /// The rubric file.
        rubric: PathBuf,
        /// Folders of data files, data files, and spreadsheets (.xlsx, .csv) with one unit per row.
        #[arg(required = true, num_args = 1..)]
        inputs: Vec<PathBuf>,
        /// Write the results here, by extension: .xlsx, .html, .csv, .json or .md (may be
        /// repeated). Without it, the summary is printed as Markdown.
        #[arg(long, value_name = "FILE")]
        out: Vec<PathBuf>,
        /// Worker threads (default: one per core).
        #[arg(long)]
        threads: Option<NonZeroUsize>,
        /// Give at most this many units in full (a sheet or section each); the summary always
        /// covers every unit.
        #[arg(long, default_value_t = crate::batch::DEFAULT_DETAILS)]
        details: usize,
        /// Treat items scored only from the unit's reported figure as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Write N plausible, generated units' data files for a rubric (for demos, tests, benchmarks).
    Generate {
        /// The rubric file.
        rubric: PathBuf,
        /// How many units.
        n: usize,
        /// The seed: the same rubric, N and seed give the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The folder to write them to (created if missing), or a `.csv` or `.xlsx`
        /// file: one spreadsheet with a unit per row, as `rubric batch` reads it.
        #[arg(long = "out", value_name = "DIR|FILE.csv|FILE.xlsx")]
        out_dir: PathBuf,
    },
    /// Run the language server for editors (diagnostics, hover, completion, rename …) on stdio.
    Lsp(lsp::LspArgs),
    #[cfg(feature = "serve")]
    Serve(serve::Args),
    #[cfg(feature = "serve")]
    Access(access::Args),
    #[cfg(feature = "serve")]
    Backup(backup::Args),
}

/// Data file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    /// TOML.
    Toml,
    /// JSON.
    Json,
    /// YAML.
    Yaml,
    /// An Excel workbook (`.xlsx`), one unit per row: needs `--out`.
    Xlsx,
}

impl DataFormat {
    /// The format a file to write is named for (`.xlsx`, `.json`, `.yaml`); TOML otherwise.
    fn of_file(path: Option<&std::path::Path>) -> DataFormat {
        let extension = path.and_then(|p| p.extension()).map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("xlsx" | "xlsm") => DataFormat::Xlsx,
            Some("json") => DataFormat::Json,
            Some("yaml" | "yml") => DataFormat::Yaml,
            _ => DataFormat::Toml,
        }
    }
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A terminal table.
    Table,
    /// JSON (decimals as strings).
    Json,
    /// Markdown.
    Markdown,
}

/// Runs the tool; the exit code is 0 when clean, 1 on errors or findings, 2 on usage errors.
pub fn run() -> ExitCode {
    // The language first, so that `--help` is already in it.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = help::lang_in_args(&args).unwrap_or_else(crate::base::i18n::Lang::from_env);
    crate::base::i18n::set_lang(lang);
    let command = help::localized(Cli::command());
    let matches = command.clone().get_matches_from(&args);
    if let Some(("help", asked)) = matches.subcommand() {
        // `rubric help [COMMAND]` where the help is in Chinese (clap's own is English):
        // the same as `rubric [COMMAND] --help`.
        let name = asked.get_many::<String>("command").and_then(|mut names| names.next().cloned());
        let bin = args.first().cloned().unwrap_or_else(|| "rubric".into());
        let again: Vec<std::ffi::OsString> =
            std::iter::once(bin).chain(name.map(Into::into)).chain(["--help".into()]).collect();
        let _ = command.get_matches_from(again);
        return ExitCode::SUCCESS;
    }
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    crate::base::i18n::set_lang(match cli.lang {
        Some(LangArg::Zh) => crate::base::i18n::Lang::Zh,
        Some(LangArg::En) => crate::base::i18n::Lang::En,
        None => lang,
    });
    let clean = match cli.command {
        Command::Check { rubrics } => check::run(&rubrics),
        Command::Eval { rubric, data, format, strict } => eval::run(&rubric, &data, format, strict),
        Command::Test { rubrics, accept } => test::run(&rubrics, accept),
        Command::Diff { old, new, data, format } => diff::run(&old, &new, &data, format),
        Command::Fmt { rubrics, check } => fmt::run(&rubrics, check),
        Command::Template { rubric, format, out } => {
            let format = format.unwrap_or_else(|| DataFormat::of_file(out.as_deref()));
            template::run(&rubric, format, out.as_deref())
        }
        Command::Batch { rubric, inputs, out, threads, details, strict } => {
            batch::run(&batch::Request { rubric: &rubric, inputs: &inputs, outs: &out, threads, details, strict })
        }
        Command::Generate { rubric, n, seed, out_dir } => generate::run(&rubric, n, seed, &out_dir),
        Command::Lsp(args) => lsp::run(&args, cli.lang.is_some()),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(&args),
        #[cfg(feature = "serve")]
        Command::Access(args) => access::run(&args),
        #[cfg(feature = "serve")]
        Command::Backup(args) => backup::run(&args),
    };
    match clean {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(()) => ExitCode::from(2),
    }
}
