//! Command-line parsing and the subcommands.

mod check;
mod diff;
mod eval;
mod fmt;
mod output;
mod template;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

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
        /// Data files (TOML, JSON or YAML) or folders of them; several give a comparison table.
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
    /// Write the blank data file a unit fills in.
    Template {
        /// The rubric file.
        rubric: PathBuf,
        /// The data format.
        #[arg(long, value_enum, default_value_t = DataFormat::Toml)]
        format: DataFormat,
    },
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
    let cli = Cli::parse();
    rubric::i18n::set_lang(match cli.lang {
        Some(LangArg::Zh) => rubric::i18n::Lang::Zh,
        Some(LangArg::En) => rubric::i18n::Lang::En,
        None => rubric::i18n::Lang::from_env(),
    });
    let clean = match cli.command {
        Command::Check { rubrics } => check::run(&rubrics),
        Command::Eval { rubric, data, format, strict } => eval::run(&rubric, &data, format, strict),
        Command::Test { rubrics, accept } => test::run(&rubrics, accept),
        Command::Diff { old, new, data, format } => diff::run(&old, &new, &data, format),
        Command::Fmt { rubrics, check } => fmt::run(&rubrics, check),
        Command::Template { rubric, format } => template::run(&rubric, format),
    };
    match clean {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(()) => ExitCode::from(2),
    }
}
