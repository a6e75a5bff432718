//! `rubric backup`: a consistent copy of the database made with SQLite's online
//! backup while the server runs. The copy is read in one step inside one read
//! transaction (in WAL mode that never blocks the server's writer), written to
//! a temporary file beside the destination, and renamed into place only when
//! complete, so a backup cut short never leaves a half-written file under the
//! destination's name.

use std::path::Path;
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;

use super::{Result, StoreError};

/// Copies the database at `from` to `to`; returns the number of pages copied.
pub fn backup(from: &Path, to: &Path) -> Result<usize> {
    let source = super::open_existing(from)?;
    let shown = to.display();
    let file_name = to.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let partial = to.with_file_name(format!(".{file_name}.partial"));
    let _ = std::fs::remove_file(&partial);
    let cannot =
        |e: &dyn std::fmt::Display| StoreError(crate::tr!("cannot write {shown}: {e}", "无法写入 {shown}：{e}"));
    let mut copy = Connection::open(&partial).map_err(|e| cannot(&e))?;
    let pages = {
        let backup = Backup::new(&source, &mut copy).map_err(|e| cannot(&e))?;
        // -1: every page in one step, from one snapshot of the database. Busy or
        // locked (another process holds a lock for a moment): try again, a while.
        let mut tries = 0;
        loop {
            match backup.step(-1).map_err(|e| cannot(&e))? {
                StepResult::Done => break,
                StepResult::More | StepResult::Busy | StepResult::Locked if tries < 200 => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(50));
                }
                _ => return Err(cannot(&crate::tr!("the database stayed busy", "数据库一直处于忙碌状态"))),
            }
        }
        backup.progress().pagecount as usize
    };
    // The copy is a database of its own: not in WAL mode, so it is one self-contained file.
    copy.pragma_update(None, "journal_mode", "DELETE").map_err(|e| cannot(&e))?;
    copy.close().map_err(|(_, e)| cannot(&e))?;
    std::fs::rename(&partial, to).map_err(|e| cannot(&e))?;
    Ok(pages)
}
