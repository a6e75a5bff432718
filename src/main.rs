//! The `rubric` command-line tool.

#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    rubric::cli::run()
}
