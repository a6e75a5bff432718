//! `rubric backup`: a consistent copy of the desk's database, while it runs.

use std::path::PathBuf;

use super::output::{err, out};

/// Copy the desk's database with SQLite's online backup (safe while `rubric serve` runs).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The database.
    #[arg(long, value_name = "FILE", default_value = "rubric.db")]
    db: PathBuf,
    /// The copy to write (replaced if it exists, only once the copy is complete).
    out: PathBuf,
}

/// Runs `rubric backup`.
pub fn run(args: &Args) -> Result<bool, ()> {
    match crate::store::backup::backup(&args.db, &args.out) {
        Ok(pages) => {
            let shown = args.out.display();
            out(&crate::tr!("wrote {shown} ({pages} pages)", "已写入 {shown}（{pages} 页）"));
            Ok(true)
        }
        Err(e) => {
            err(&crate::tr!("error: {e}", "错误：{e}"));
            Ok(false)
        }
    }
}
