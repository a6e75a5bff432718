//! The `rubric` command-line tool.

#![forbid(unsafe_code)]

/// mimalloc: a batch allocates and frees many small values on several threads at once.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    rubric::cli::run()
}
