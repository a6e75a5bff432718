//! The bureau's drafts of a rubric's text: every saved version kept, each with
//! who saved it, when, and the served text it started from; and the drafts
//! published as a new rubric.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::{clock, Result};

/// A draft version to store.
#[derive(Debug, Clone)]
pub struct NewDraft {
    /// The rubric it is a draft of (its id).
    pub rubric: String,
    /// The text.
    pub text: String,
    /// The SHA-256 of the served text it started from (recorded in `rubric_texts`).
    pub based_on: String,
    /// How many errors `rubric check` finds in it.
    pub errors: usize,
    /// How many warnings.
    pub warnings: usize,
    /// A few words from the author.
    pub note: String,
    /// Who saved it.
    pub by: i64,
}

/// A stored draft version, without its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Draft {
    /// The version, from 1.
    pub version: u32,
    /// The SHA-256 of its text.
    pub hash: String,
    /// The SHA-256 of the served text it started from.
    pub based_on: String,
    /// Errors when saved.
    pub errors: u32,
    /// Warnings when saved.
    pub warnings: u32,
    /// The author's note.
    pub note: String,
    /// When it was saved (UTC).
    pub saved_at: String,
    /// Who saved it.
    pub saved_by: Option<String>,
    /// The rubric it was published as, if it was.
    pub published_as: Option<String>,
}

const COLUMNS: &str = "d.version, d.text_hash, d.based_on_hash, d.errors, d.warnings, d.note, d.created_at, g.name, \
                       p.rubric_id";
const FROM: &str = "rubric_drafts d LEFT JOIN grants g ON g.id = d.created_by \
                    LEFT JOIN rubric_publications p ON p.draft_id = d.id";

fn draft(row: &Row<'_>) -> rusqlite::Result<Draft> {
    Ok(Draft {
        version: row.get(0)?,
        hash: row.get(1)?,
        based_on: row.get(2)?,
        errors: row.get(3)?,
        warnings: row.get(4)?,
        note: row.get(5)?,
        saved_at: row.get(6)?,
        saved_by: row.get(7)?,
        published_as: row.get(8)?,
    })
}

/// Stores `new` as the rubric's next draft version; returns the version. A text
/// the same as the latest version's is not stored again: its version is
/// returned with `false`.
pub fn save(conn: &Connection, new: &NewDraft) -> Result<(u32, bool)> {
    let hash = super::sha256_hex(new.text.as_bytes());
    let last: Option<(u32, String, String)> = conn
        .query_row(
            "SELECT version, text_hash, note FROM rubric_drafts WHERE rubric_id = ?1 ORDER BY version DESC LIMIT 1",
            params![new.rubric],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((version, last_hash, note)) = &last {
        if *last_hash == hash && (new.note.is_empty() || *note == new.note) {
            return Ok((*version, false));
        }
    }
    let version = last.map_or(0, |(v, _, _)| v) + 1;
    conn.execute(
        "INSERT INTO rubric_drafts (rubric_id, version, text, text_hash, based_on_hash, errors, warnings, note, \
         created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            new.rubric,
            version,
            new.text,
            hash,
            new.based_on,
            new.errors as i64,
            new.warnings as i64,
            new.note,
            clock::now(),
            new.by
        ],
    )?;
    Ok((version, true))
}

/// Every draft version of the rubric, newest first.
pub fn list(conn: &Connection, rubric: &str) -> Result<Vec<Draft>> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE d.rubric_id = ?1 ORDER BY d.version DESC");
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map(params![rubric], draft)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// A draft version with its text and its row id.
pub fn get(conn: &Connection, rubric: &str, version: u32) -> Result<Option<(Draft, String, i64)>> {
    let sql = format!("SELECT {COLUMNS}, d.text, d.id FROM {FROM} WHERE d.rubric_id = ?1 AND d.version = ?2");
    Ok(conn.query_row(&sql, params![rubric, version], |r| Ok((draft(r)?, r.get(9)?, r.get(10)?))).optional()?)
}

/// A draft published as a new rubric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    /// The draft's row id.
    pub draft: i64,
    /// The new rubric's id.
    pub rubric: String,
    /// The file it was written to.
    pub path: String,
    /// The SHA-256 of its text.
    pub hash: String,
    /// Its year.
    pub year: Option<u32>,
    /// Who published it.
    pub by: i64,
}

/// Records a publication.
pub fn publish(conn: &Connection, publication: &Publication) -> Result<()> {
    conn.execute(
        "INSERT INTO rubric_publications (draft_id, rubric_id, path, text_hash, year, published_at, published_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            publication.draft,
            publication.rubric,
            publication.path,
            publication.hash,
            publication.year,
            clock::now(),
            publication.by
        ],
    )?;
    Ok(())
}

/// The files of every published rubric, oldest first (the desk serves them
/// even when it was started with the files rather than their folder).
pub fn published_paths(conn: &Connection) -> Result<Vec<String>> {
    let mut statement = conn.prepare("SELECT path FROM rubric_publications ORDER BY id")?;
    let rows = statement.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// True when a rubric was already published under `id`.
pub fn is_published(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM rubric_publications WHERE rubric_id = ?1", params![id], |_| Ok(()))
        .optional()?
        .is_some())
}
