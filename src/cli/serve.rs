//! `rubric serve`: the county's desk in a browser.

use std::net::SocketAddr;
use std::path::PathBuf;

use super::output::err;

/// Serve rubrics to the county: townships fill in their data and see their score in a browser, the
/// bureau collects, reviews and ranks.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Rubric files, or folders of them (every `.rubric` file).
    #[arg(required = true, value_name = "RUBRIC_OR_FOLDER")]
    rubrics: Vec<PathBuf>,
    /// The database (created if missing; migrated on start).
    #[arg(long, value_name = "FILE", default_value = "rubric.db")]
    db: PathBuf,
    /// Where to listen.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:7878")]
    addr: SocketAddr,
}

/// Runs the desk until it is stopped; `Err` when it cannot start.
pub fn run(args: &Args) -> Result<bool, ()> {
    let config = crate::serve::Config { rubrics: args.rubrics.clone(), db: args.db.clone(), addr: args.addr };
    match crate::serve::run(&config) {
        Ok(()) => Ok(true),
        Err(message) => {
            err(&crate::tr!("error: {message}", "错误：{message}"));
            Ok(false)
        }
    }
}
