//! The desk's database: one SQLite file (through rusqlite, SQLite compiled in),
//! its schema migrated by the binary when opened ([`schema`]).
//!
//! # Durability
//!
//! The database is in WAL mode with `synchronous = FULL`: every commit waits
//! for the write-ahead log to reach the disk (`fsync`) before it returns, and a
//! submission is acknowledged only after its commit returned. `NORMAL` would be
//! enough to survive the server being killed (`kill -9`: the log is written to
//! the operating system before the commit returns), but not a power cut or a
//! crash of the machine, which may take the last commits with it; a
//! township told "submitted" must stay submitted, so the desk pays for the
//! `fsync`. It pays once for many submissions: all writes go through one
//! writer thread that commits every write waiting for it in one transaction
//! (group commit), each in a savepoint of its own so that one failed write
//! never undoes another.
//!
//! Reads run on pooled connections of their own; in WAL mode they see the last
//! commit and never wait for the writer.

pub mod access;
pub mod audit;
pub mod backup;
pub mod clock;
pub mod rubric_drafts;
pub mod schema;
pub mod submissions;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rusqlite::Connection;

pub use writer::Writer;

/// A failure of the database, as a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(crate::tr!("database error: {e}", "数据库错误：{e}"))
    }
}

/// The result of a database call.
pub type Result<T> = std::result::Result<T, StoreError>;

/// How long a connection waits for another process's write lock (the
/// `access` and `backup` commands may run beside the server).
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Sets a connection's pragmas: WAL, `synchronous = FULL` (see the module's
/// documentation for why), foreign keys, the busy timeout.
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// Opens (creating it if missing) the database at `path` and migrates it to
/// this binary's schema.
pub fn open(path: &Path) -> Result<Connection> {
    let shown = path.display();
    let mut conn = Connection::open(path)
        .map_err(|e| StoreError(crate::tr!("cannot open {shown}: {e}", "无法打开数据库 {shown}：{e}")))?;
    configure(&conn)?;
    match schema::migrate(&mut conn) {
        Ok(_) => Ok(conn),
        Err(schema::MigrationError::Newer(theirs, ours)) => Err(StoreError(crate::tr!(
            "{shown} was written by a newer rubric (schema {theirs}; this one knows {ours}): use the newer rubric",
            "{shown} 由更新版本的 rubric 写入（数据库版本 {theirs}，本程序为 {ours}）：请使用更新版本的 rubric"
        ))),
        Err(schema::MigrationError::Sql(e)) => {
            Err(StoreError(crate::tr!("cannot bring {shown} up to date: {e}", "无法升级数据库 {shown}：{e}")))
        }
    }
}

/// Opens an existing database for reading and writing, without creating it
/// (for the `access` and `backup` commands: a mistyped path is an error, not a
/// new empty database).
pub fn open_existing(path: &Path) -> Result<Connection> {
    if !path.is_file() {
        let shown = path.display();
        return Err(StoreError(crate::tr!(
            "{shown} does not exist (rubric serve --db {shown} creates it)",
            "数据库 {shown} 不存在（rubric serve --db {shown} 会创建它）"
        )));
    }
    open(path)
}

/// The database of a running desk: one writer thread (group commit) and a pool
/// of read connections.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Writer,
    readers: Mutex<Vec<Connection>>,
}

impl Store {
    /// Opens the database (migrating it) and starts its writer thread.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = open(path)?;
        let writer = Writer::start(conn)?;
        Ok(Store { inner: Arc::new(Inner { path: path.to_path_buf(), writer, readers: Mutex::new(Vec::new()) }) })
    }

    /// Runs `f` in the writer's transaction; the result comes back only once
    /// the transaction is committed to disk. An `Err` from `f` undoes what `f`
    /// wrote and nothing else.
    pub async fn write<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        self.inner.writer.run(f).await
    }

    /// Runs `f` on a read connection, off the async threads.
    pub async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || inner.read_now(f))
            .await
            .map_err(|e| StoreError(crate::tr!("a database read failed: {e}", "数据库读取失败：{e}")))?
    }
}

impl Store {
    /// Runs `f` on a read connection on this thread: for the short indexed
    /// lookups of every request (a token, a session), where handing the work
    /// to another thread would cost more than the lookup.
    pub fn read_now<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.inner.read_now(f)
    }
}

impl Inner {
    fn read_now<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let pooled = self.readers.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let conn = match pooled {
            Some(conn) => conn,
            None => {
                let conn = Connection::open(&self.path)?;
                configure(&conn)?;
                conn
            }
        };
        let out = f(&conn);
        let mut readers = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
        if readers.len() < 16 {
            readers.push(conn);
        }
        out
    }
}

/// `n` random bytes from the operating system, as lowercase hex.
pub fn random_hex(n: usize) -> Result<String> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError(crate::tr!("no randomness available: {e}", "无法取得随机数：{e}")))?;
    Ok(hex(&bytes))
}

/// The SHA-256 of `text`, as lowercase hex.
pub fn sha256_hex(text: &[u8]) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(text))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_and_tokens() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let a = random_hex(16).unwrap();
        let b = random_hex(16).unwrap();
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
