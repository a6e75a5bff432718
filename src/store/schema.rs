//! The database's schema, versioned: each migration is a script embedded in the
//! binary, run once, in order, in one transaction with the new version number
//! (`PRAGMA user_version`). A database written by an older `rubric` is brought
//! up to date when it is opened; one written by a newer `rubric` is refused.

use rusqlite::Connection;

/// The migrations, oldest first: `MIGRATIONS[n]` takes a database from version
/// `n` to version `n + 1`. A shipped migration is never edited, only added to.
pub const MIGRATIONS: &[&str] = &[
    // 1: who may do what, the rubrics' texts, the submissions, drafts and reviews.
    r#"
    CREATE TABLE grants (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        role        TEXT NOT NULL CHECK (role IN ('bureau', 'unit')),
        token_hash  TEXT NOT NULL UNIQUE,
        created_at  TEXT NOT NULL,
        revoked_at  TEXT
    );
    CREATE INDEX grants_by_name ON grants (name);
    CREATE TABLE sessions (
        id_hash     TEXT PRIMARY KEY,
        grant_id    INTEGER NOT NULL REFERENCES grants (id),
        csrf        TEXT NOT NULL,
        created_at  TEXT NOT NULL
    );
    CREATE TABLE rubric_texts (
        hash        TEXT PRIMARY KEY,
        rubric_id   TEXT NOT NULL,
        year        INTEGER,
        text        TEXT NOT NULL,
        first_seen  TEXT NOT NULL
    );
    CREATE TABLE submissions (
        id          INTEGER PRIMARY KEY,
        rubric_id   TEXT NOT NULL,
        unit        TEXT NOT NULL,
        version     INTEGER NOT NULL,
        rubric_year INTEGER,
        rubric_hash TEXT NOT NULL REFERENCES rubric_texts (hash),
        format      TEXT NOT NULL,
        original    TEXT NOT NULL,
        data        TEXT NOT NULL,
        report      TEXT NOT NULL,
        report_en   TEXT,
        total       TEXT,
        grade       TEXT,
        findings    INTEGER NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('submitted', 'returned', 'accepted')),
        created_at  TEXT NOT NULL,
        created_by  INTEGER REFERENCES grants (id),
        UNIQUE (rubric_id, unit, version)
    );
    CREATE TABLE drafts (
        rubric_id   TEXT NOT NULL,
        unit        TEXT NOT NULL,
        data        TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        updated_by  INTEGER REFERENCES grants (id),
        PRIMARY KEY (rubric_id, unit)
    );
    CREATE TABLE reviews (
        id            INTEGER PRIMARY KEY,
        submission_id INTEGER NOT NULL REFERENCES submissions (id),
        action        TEXT NOT NULL CHECK (action IN ('accepted', 'returned')),
        comment       TEXT NOT NULL DEFAULT '',
        at            TEXT NOT NULL,
        by_grant      INTEGER REFERENCES grants (id)
    );
    "#,
    // 2: the audit log (who did what, when), and where each submission came from.
    r#"
    CREATE TABLE audit_log (
        id          INTEGER PRIMARY KEY,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        role        TEXT NOT NULL,
        action      TEXT NOT NULL,
        rubric_id   TEXT,
        unit        TEXT,
        detail      TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX audit_by_rubric ON audit_log (rubric_id, id);
    ALTER TABLE submissions ADD COLUMN source TEXT NOT NULL DEFAULT 'api';
    "#,
    // 3: the bureau's drafts of a rubric's text (every saved version kept), and the drafts
    // published as a new rubric (next year's).
    r#"
    CREATE TABLE rubric_drafts (
        id            INTEGER PRIMARY KEY,
        rubric_id     TEXT NOT NULL,
        version       INTEGER NOT NULL,
        text          TEXT NOT NULL,
        text_hash     TEXT NOT NULL,
        based_on_hash TEXT NOT NULL REFERENCES rubric_texts (hash),
        errors        INTEGER NOT NULL,
        warnings      INTEGER NOT NULL,
        note          TEXT NOT NULL DEFAULT '',
        created_at    TEXT NOT NULL,
        created_by    INTEGER REFERENCES grants (id),
        UNIQUE (rubric_id, version)
    );
    CREATE TABLE rubric_publications (
        id            INTEGER PRIMARY KEY,
        draft_id      INTEGER NOT NULL REFERENCES rubric_drafts (id),
        rubric_id     TEXT NOT NULL UNIQUE,
        path          TEXT NOT NULL,
        text_hash     TEXT NOT NULL REFERENCES rubric_texts (hash),
        year          INTEGER,
        published_at  TEXT NOT NULL,
        published_by  INTEGER REFERENCES grants (id)
    );
    "#,
];

/// The schema version this binary writes.
pub fn current_version() -> u32 {
    MIGRATIONS.len() as u32
}

/// Why a database cannot be brought up to date.
#[derive(Debug)]
pub enum MigrationError {
    /// Written by a newer `rubric`: its version, and ours.
    Newer(u32, u32),
    /// SQLite refused a migration.
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for MigrationError {
    fn from(e: rusqlite::Error) -> Self {
        MigrationError::Sql(e)
    }
}

/// Runs the migrations `conn` has not had yet, each in its own transaction
/// with its version number; returns the version the database had before.
pub fn migrate(conn: &mut Connection) -> Result<u32, MigrationError> {
    let before: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    let current = current_version();
    if before > current {
        return Err(MigrationError::Newer(before, current));
    }
    for (index, script) in MIGRATIONS.iter().enumerate().skip(before as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated it meanwhile: look again inside the write lock.
        let now: u32 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if now as usize > index {
            continue;
        }
        tx.execute_batch(script)?;
        tx.pragma_update(None, "user_version", index as u32 + 1)?;
        tx.commit()?;
    }
    Ok(before)
}
