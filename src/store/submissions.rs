//! Submissions (every version kept), drafts, reviews, and the rubric texts
//! they were scored against.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::{clock, Result, StoreError};

/// A submission to store: the data as received and as stored, and its report.
#[derive(Debug, Clone)]
pub struct New {
    /// The rubric's id (its file stem).
    pub rubric: String,
    /// The rubric's year.
    pub rubric_year: Option<u32>,
    /// The SHA-256 of the rubric's text it was scored against.
    pub rubric_hash: String,
    /// The unit.
    pub unit: String,
    /// The format received: `json`, `toml`, `yaml` or `xlsx`.
    pub format: String,
    /// The text received (for `xlsx`, the row as a TOML data file).
    pub original: String,
    /// The data as stored and scored: a JSON data file.
    pub data: String,
    /// The report, as `rubric --lang zh eval --format json` prints it.
    pub report: String,
    /// The report in English, when it was made (else made again when asked for).
    pub report_en: Option<String>,
    /// The total, as in the report.
    pub total: Option<String>,
    /// The grade.
    pub grade: Option<String>,
    /// How many audit findings.
    pub findings: usize,
    /// Who submitted it.
    pub by: Option<i64>,
    /// How it came: `form`, `upload`, `api` or `import`.
    pub source: String,
}

/// A stored submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The unit.
    pub unit: String,
    /// Its version, from 1.
    pub version: u32,
    /// The data as stored: a JSON data file.
    pub data: String,
    /// The report as acknowledged, in Chinese.
    pub report: String,
    /// The same report in English, when it was made then.
    pub report_en: Option<String>,
    /// `submitted`, `returned` or `accepted`.
    pub status: String,
    /// The SHA-256 of the rubric text it was scored against.
    pub rubric_hash: String,
}

/// One version of a unit's submission, in short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// The unit.
    pub unit: String,
    /// The version.
    pub version: u32,
    /// The total.
    pub total: Option<String>,
    /// The grade.
    pub grade: Option<String>,
    /// `submitted`, `returned` or `accepted`.
    pub status: String,
    /// How many audit findings.
    pub findings: u32,
    /// When it was submitted.
    pub submitted_at: String,
    /// Who submitted it.
    pub submitted_by: Option<String>,
    /// How it came.
    pub source: String,
    /// The rubric text's hash (first 12 hex digits).
    pub rubric_hash: String,
}

/// Records a rubric's text under its hash (once).
pub fn record_rubric(conn: &Connection, hash: &str, id: &str, year: Option<u32>, text: &str) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO rubric_texts (hash, rubric_id, year, text, first_seen) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![hash, id, year, text, clock::now()],
    )?;
    Ok(())
}

/// The rubric text recorded under `hash`.
pub fn rubric_text(conn: &Connection, hash: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT text FROM rubric_texts WHERE hash = ?1", params![hash], |r| r.get(0)).optional()?)
}

/// Stores `new` as the unit's next version; returns the version.
pub fn insert(conn: &Connection, new: &New) -> Result<u32> {
    let last: Option<u32> = conn
        .prepare_cached("SELECT MAX(version) FROM submissions WHERE rubric_id = ?1 AND unit = ?2")?
        .query_row(params![new.rubric, new.unit], |r| r.get(0))?;
    let version = last.unwrap_or(0) + 1;
    conn.prepare_cached(
        "INSERT INTO submissions (rubric_id, unit, version, rubric_year, rubric_hash, format, original, data, report, \
         report_en, total, grade, findings, status, created_at, created_by, source) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'submitted', ?14, ?15, ?16)",
    )?
    .execute(params![
        new.rubric,
        new.unit,
        version,
        new.rubric_year,
        new.rubric_hash,
        new.format,
        new.original,
        new.data,
        new.report,
        new.report_en,
        new.total,
        new.grade,
        new.findings as i64,
        clock::now(),
        new.by,
        new.source,
    ])?;
    Ok(version)
}

fn stored(row: &Row<'_>) -> rusqlite::Result<Stored> {
    Ok(Stored {
        unit: row.get(0)?,
        version: row.get(1)?,
        data: row.get(2)?,
        report: row.get(3)?,
        report_en: row.get(4)?,
        status: row.get(5)?,
        rubric_hash: row.get(6)?,
    })
}

/// The unit's submission `version`, or its latest.
pub fn get(conn: &Connection, rubric: &str, unit: &str, version: Option<u32>) -> Result<Option<Stored>> {
    let sql = "SELECT unit, version, data, report, report_en, status, rubric_hash FROM submissions \
               WHERE rubric_id = ?1 AND unit = ?2 AND (?3 IS NULL OR version = ?3) ORDER BY version DESC LIMIT 1";
    Ok(conn.prepare_cached(sql)?.query_row(params![rubric, unit, version], stored).optional()?)
}

const VERSION_COLUMNS: &str = "s.unit, s.version, s.total, s.grade, s.status, s.findings, s.created_at, g.name, \
                               s.source, substr(s.rubric_hash, 1, 12)";

fn version(row: &Row<'_>) -> rusqlite::Result<Version> {
    Ok(Version {
        unit: row.get(0)?,
        version: row.get(1)?,
        total: row.get(2)?,
        grade: row.get(3)?,
        status: row.get(4)?,
        findings: row.get(5)?,
        submitted_at: row.get(6)?,
        submitted_by: row.get(7)?,
        source: row.get(8)?,
        rubric_hash: row.get(9)?,
    })
}

/// Every version of the unit's submission, newest first.
pub fn versions(conn: &Connection, rubric: &str, unit: &str) -> Result<Vec<Version>> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM submissions s LEFT JOIN grants g ON g.id = s.created_by \
         WHERE s.rubric_id = ?1 AND s.unit = ?2 ORDER BY s.version DESC"
    );
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map(params![rubric, unit], version)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The latest version of every unit's submission (of one unit, when given), by unit.
pub fn latest(conn: &Connection, rubric: &str, only: Option<&str>) -> Result<Vec<Version>> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM submissions s LEFT JOIN grants g ON g.id = s.created_by \
         WHERE s.rubric_id = ?1 AND (?2 IS NULL OR s.unit = ?2) AND s.version = \
         (SELECT MAX(version) FROM submissions t WHERE t.rubric_id = s.rubric_id AND t.unit = s.unit) \
         ORDER BY s.unit"
    );
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map(params![rubric, only], version)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The latest data of every unit: (unit, data, rubric hash), by unit.
pub fn latest_data(conn: &Connection, rubric: &str) -> Result<Vec<(String, String, String)>> {
    let mut statement = conn.prepare(
        "SELECT unit, data, rubric_hash FROM submissions s WHERE rubric_id = ?1 AND version = \
         (SELECT MAX(version) FROM submissions t WHERE t.rubric_id = s.rubric_id AND t.unit = s.unit) ORDER BY unit",
    )?;
    let rows = statement.query_map(params![rubric], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// A review of a submission: accepted, or returned with a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    /// The version reviewed.
    pub version: u32,
    /// `accepted` or `returned`.
    pub action: String,
    /// The bureau's comment (the unit sees it).
    pub comment: String,
    /// When.
    pub at: String,
    /// Who.
    pub by: Option<String>,
}

/// Reviews the unit's latest submission, which must be `version` (so that a
/// review never lands on a version the reviewer has not seen).
pub fn review(
    conn: &Connection,
    rubric: &str,
    unit: &str,
    version: u32,
    accept: bool,
    comment: &str,
    by: i64,
) -> Result<()> {
    let latest: Option<(i64, u32)> = conn
        .query_row(
            "SELECT id, version FROM submissions WHERE rubric_id = ?1 AND unit = ?2 ORDER BY version DESC LIMIT 1",
            params![rubric, unit],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((id, latest)) = latest else {
        return Err(StoreError(crate::tr!("{unit} has submitted nothing yet", "{unit} 尚未提交")));
    };
    if latest != version {
        return Err(StoreError(crate::tr!(
            "{unit} has submitted version {latest} since: review that one",
            "{unit} 已提交了第 {latest} 版：请审核最新版本"
        )));
    }
    let action = if accept { "accepted" } else { "returned" };
    conn.execute("UPDATE submissions SET status = ?1 WHERE id = ?2", params![action, id])?;
    conn.execute(
        "INSERT INTO reviews (submission_id, action, comment, at, by_grant) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, action, comment, clock::now(), by],
    )?;
    Ok(())
}

/// Every review of the unit's submissions, newest first.
pub fn reviews(conn: &Connection, rubric: &str, unit: &str) -> Result<Vec<Review>> {
    let mut statement = conn.prepare(
        "SELECT s.version, r.action, r.comment, r.at, g.name FROM reviews r JOIN submissions s ON s.id = r.submission_id \
         LEFT JOIN grants g ON g.id = r.by_grant WHERE s.rubric_id = ?1 AND s.unit = ?2 ORDER BY r.id DESC",
    )?;
    let rows = statement.query_map(params![rubric, unit], |r| {
        Ok(Review { version: r.get(0)?, action: r.get(1)?, comment: r.get(2)?, at: r.get(3)?, by: r.get(4)? })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Saves the unit's draft (a JSON data file), replacing the previous one.
pub fn save_draft(conn: &Connection, rubric: &str, unit: &str, data: &str, by: i64) -> Result<String> {
    let at = clock::now();
    conn.prepare_cached(
        "INSERT INTO drafts (rubric_id, unit, data, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT (rubric_id, unit) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at, \
         updated_by = excluded.updated_by",
    )?
    .execute(params![rubric, unit, data, at, by])?;
    Ok(at)
}

/// The unit's draft and when it was saved.
pub fn draft(conn: &Connection, rubric: &str, unit: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT data, updated_at FROM drafts WHERE rubric_id = ?1 AND unit = ?2",
            params![rubric, unit],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// When each unit's draft was last saved, by unit.
pub fn draft_times(conn: &Connection, rubric: &str) -> Result<Vec<(String, String)>> {
    let mut statement = conn.prepare("SELECT unit, updated_at FROM drafts WHERE rubric_id = ?1 ORDER BY unit")?;
    let rows = statement.query_map(params![rubric], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
