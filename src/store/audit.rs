//! The audit log: who did what, when — every grant made or revoked, every
//! sign-in, submission, review, import and export. Written in the same
//! transaction as what it records, so the log never tells of a write that did
//! not happen.

use rusqlite::{params, Connection};
use serde::Serialize;

use super::{clock, Result};

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// When (UTC).
    pub at: String,
    /// Who: the grant's name, or `rubric access` for the command line.
    pub actor: String,
    /// `bureau`, `unit` or `admin` (the command line).
    pub role: String,
    /// What: `access.add`, `access.revoke`, `sign-in`, `submit`, `accept`, `return`, `import`, `export`.
    pub action: String,
    /// The rubric, where it is about one.
    pub rubric: Option<String>,
    /// The unit, where it is about one.
    pub unit: Option<String>,
    /// More: the version, the comment, the file.
    pub detail: String,
}

/// What to record.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// Who.
    pub actor: &'a str,
    /// Their role.
    pub role: &'a str,
    /// What.
    pub action: &'a str,
    /// The rubric.
    pub rubric: Option<&'a str>,
    /// The unit.
    pub unit: Option<&'a str>,
    /// More.
    pub detail: &'a str,
}

/// Appends a line to the log.
pub fn log(conn: &Connection, record: Record<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, actor, role, action, rubric_id, unit, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        clock::now(),
        record.actor,
        record.role,
        record.action,
        record.rubric,
        record.unit,
        record.detail
    ])?;
    Ok(())
}

/// The last `limit` lines, newest first; only those about `rubric` (and the
/// ones about no rubric: grants, sign-ins) when given.
pub fn recent(conn: &Connection, rubric: Option<&str>, limit: usize) -> Result<Vec<Event>> {
    let mut statement = conn.prepare(
        "SELECT at, actor, role, action, rubric_id, unit, detail FROM audit_log \
         WHERE ?1 IS NULL OR rubric_id = ?1 OR rubric_id IS NULL ORDER BY id DESC LIMIT ?2",
    )?;
    let rows = statement.query_map(params![rubric, limit as i64], |row| {
        Ok(Event {
            at: row.get(0)?,
            actor: row.get(1)?,
            role: row.get(2)?,
            action: row.get(3)?,
            rubric: row.get(4)?,
            unit: row.get(5)?,
            detail: row.get(6)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
