//! Who may use the desk: grants (a name, a role, a token known only by its
//! hash) and the browser sessions started from a grant's personal link.

use rusqlite::{params, Connection, OptionalExtension};

use super::{clock, random_hex, sha256_hex, Result, StoreError};

/// Random bytes in a token (192 bits) and in a session id (256 bits).
const TOKEN_BYTES: usize = 24;
const SESSION_BYTES: usize = 32;

/// What a grant may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The bureau: every unit's data, reviews, exports, imports, the audit log.
    Bureau,
    /// One unit: its own data only, under this name.
    Unit(String),
}

impl Role {
    /// `bureau` or `unit`, as stored.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Bureau => "bureau",
            Role::Unit(_) => "unit",
        }
    }
}

/// A grant as the desk uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// Its row.
    pub id: i64,
    /// The unit's name, or the bureau person's.
    pub name: String,
    /// What it may do.
    pub role: Role,
}

/// A grant as `rubric access list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The name.
    pub name: String,
    /// `bureau` or `unit`.
    pub role: String,
    /// When it was made.
    pub created_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// A grant just made, with its token (shown once, never stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    /// The name.
    pub name: String,
    /// The token.
    pub token: String,
}

/// Makes a grant for `name` with `role` (`bureau`, or `unit` for the unit called
/// `name`); the token is returned once and stored only as its hash.
pub fn add(conn: &Connection, name: &str, bureau: bool) -> Result<Issued> {
    let name = name.trim();
    if name.is_empty() {
        return Err(StoreError(crate::tr!("a grant needs a name", "授权需要名称")));
    }
    let token = random_hex(TOKEN_BYTES)?;
    let role = if bureau { "bureau" } else { "unit" };
    conn.execute(
        "INSERT INTO grants (name, role, token_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, role, sha256_hex(token.as_bytes()), clock::now()],
    )?;
    Ok(Issued { name: name.to_string(), token })
}

/// Every grant, oldest first.
pub fn list(conn: &Connection) -> Result<Vec<Listed>> {
    let mut statement = conn.prepare("SELECT name, role, created_at, revoked_at FROM grants ORDER BY id")?;
    let rows = statement.query_map([], |row| {
        Ok(Listed { name: row.get(0)?, role: row.get(1)?, created_at: row.get(2)?, revoked_at: row.get(3)? })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Revokes every live grant called `name` and ends their sessions; returns how
/// many grants were revoked.
pub fn revoke(conn: &Connection, name: &str) -> Result<usize> {
    conn.execute(
        "DELETE FROM sessions WHERE grant_id IN (SELECT id FROM grants WHERE name = ?1 AND revoked_at IS NULL)",
        params![name.trim()],
    )?;
    let revoked = conn.execute(
        "UPDATE grants SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL",
        params![name.trim(), clock::now()],
    )?;
    Ok(revoked)
}

fn grant_of(id: i64, name: String, role: &str) -> Grant {
    let role = if role == "bureau" { Role::Bureau } else { Role::Unit(name.clone()) };
    Grant { id, name, role }
}

/// The live grant whose token is `token`.
pub fn by_token(conn: &Connection, token: &str) -> Result<Option<Grant>> {
    let found = conn
        .prepare_cached("SELECT id, name, role FROM grants WHERE token_hash = ?1 AND revoked_at IS NULL")?
        .query_row(params![sha256_hex(token.trim().as_bytes())], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?))
        })
        .optional()?;
    Ok(found.map(|(id, name, role)| grant_of(id, name, &role)))
}

/// A browser session: its id (the cookie's value) and its token against
/// cross-site requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The cookie's value.
    pub id: String,
    /// The value every form post must carry in its `X-CSRF-Token` header.
    pub csrf: String,
}

/// Starts a session for `grant`.
pub fn start_session(conn: &Connection, grant: &Grant) -> Result<Session> {
    let session = Session { id: random_hex(SESSION_BYTES)?, csrf: random_hex(SESSION_BYTES)? };
    conn.execute(
        "INSERT INTO sessions (id_hash, grant_id, csrf, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![sha256_hex(session.id.as_bytes()), grant.id, session.csrf, clock::now()],
    )?;
    Ok(session)
}

/// The live grant of session `id`, and the session's CSRF token.
pub fn by_session(conn: &Connection, id: &str) -> Result<Option<(Grant, String)>> {
    let found = conn
        .prepare_cached(
            "SELECT g.id, g.name, g.role, s.csrf FROM sessions s JOIN grants g ON g.id = s.grant_id \
             WHERE s.id_hash = ?1 AND g.revoked_at IS NULL",
        )?
        .query_row(params![sha256_hex(id.as_bytes())], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?, row.get::<_, String>(3)?))
        })
        .optional()?;
    Ok(found.map(|(gid, name, role, csrf)| (grant_of(gid, name, &role), csrf)))
}

/// Ends session `id`.
pub fn end_session(conn: &Connection, id: &str) -> Result<()> {
    conn.execute("DELETE FROM sessions WHERE id_hash = ?1", params![sha256_hex(id.as_bytes())])?;
    Ok(())
}

/// The names of the units with a live grant, sorted.
pub fn unit_names(conn: &Connection) -> Result<Vec<String>> {
    let mut statement =
        conn.prepare("SELECT DISTINCT name FROM grants WHERE role = 'unit' AND revoked_at IS NULL ORDER BY name")?;
    let rows = statement.query_map([], |row| row.get(0))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
