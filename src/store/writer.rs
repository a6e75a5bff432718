//! The one thread that writes the database, committing every write waiting for
//! it in one transaction (group commit): 200 submissions arriving at once cost
//! a few `fsync`s, not 200. Each write runs in a savepoint of its own, so an
//! error in one undoes that one only; each is answered after the commit, with
//! the commit's outcome.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;

use rusqlite::Connection;

use super::{Result, StoreError};

/// Called after the commit with its outcome; sends the write's answer.
type Finish = Box<dyn FnOnce(Result<()>) + Send>;

/// A write: runs on the writer's connection (or, given why the transaction
/// could not begin, does not run), says whether it succeeded, and gives what
/// to do once the transaction is over.
type Job = Box<dyn FnOnce(std::result::Result<&Connection, StoreError>) -> (bool, Finish) + Send>;

/// At most this many writes share a transaction.
const MAX_GROUP: usize = 512;

/// The writer thread's mailbox.
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer thread on `conn` (whose automatic checkpoints it turns
    /// off: it checkpoints between groups itself).
    pub fn start(conn: Connection) -> Result<Writer> {
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let (jobs, mailbox) = mpsc::channel::<Job>();
        std::thread::Builder::new().name("rubric-db-writer".to_string()).spawn(move || run(&conn, &mailbox)).map_err(
            |e| StoreError(crate::tr!("cannot start the database writer: {e}", "无法启动数据库写入线程：{e}")),
        )?;
        Ok(Writer { jobs })
    }

    /// Runs `f` in the next transaction and waits for its commit.
    pub async fn run<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        let lang = crate::base::i18n::lang();
        let (reply, answer) = tokio::sync::oneshot::channel::<Result<T>>();
        let job: Job = Box::new(move |conn| {
            let out = conn.and_then(|conn| crate::base::i18n::with_lang(lang, || f(conn)));
            let ok = out.is_ok();
            let finish: Finish = Box::new(move |committed| {
                let _ = reply.send(committed.and(out));
            });
            (ok, finish)
        });
        let stopped = || StoreError(crate::tr!("the database writer has stopped", "数据库写入线程已停止"));
        self.jobs.send(job).map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

/// Commits after which the writer checkpoints the log into the database as soon
/// as no write is waiting, and after which it checkpoints even if one is.
const CHECKPOINT_WHEN_IDLE: usize = 64;
const CHECKPOINT_ANYWAY: usize = 4096;

/// The writer's loop: waits for a write, takes every write waiting behind it,
/// runs them in one transaction and answers them after the commit. The log is
/// copied into the database (a checkpoint, with its own `fsync`s) between
/// groups when nobody waits, rather than inside a commit that someone waits for.
fn run(conn: &Connection, mailbox: &mpsc::Receiver<Job>) {
    let mut next: Option<Job> = None;
    let mut commits = 0usize;
    let checkpoint = |commits: &mut usize| {
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        *commits = 0;
    };
    loop {
        let first = match next.take() {
            Some(job) => job,
            None => match mailbox.recv_timeout(std::time::Duration::from_secs(1)) {
                Ok(job) => job,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if commits > 0 {
                        checkpoint(&mut commits);
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            },
        };
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match mailbox.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        commit(conn, group);
        commits += 1;
        if commits >= CHECKPOINT_ANYWAY {
            checkpoint(&mut commits);
        } else if commits >= CHECKPOINT_WHEN_IDLE {
            match mailbox.try_recv() {
                Ok(job) => next = Some(job),
                Err(_) => checkpoint(&mut commits),
            }
        }
    }
    if commits > 0 {
        checkpoint(&mut commits);
    }
}

/// Runs `group` in one transaction, each write in its own savepoint, and answers
/// every write with the commit's outcome.
fn commit(conn: &Connection, group: Vec<Job>) {
    let mut finishes = Vec::with_capacity(group.len());
    let begun = conn.execute_batch("BEGIN IMMEDIATE").map_err(StoreError::from);
    if let Err(e) = begun {
        // Nothing ran: every write is told why.
        for job in group {
            let (_, finish) = job(Err(e.clone()));
            finish(Err(e.clone()));
        }
        return;
    }
    for job in group {
        if conn.execute_batch("SAVEPOINT job").is_err() {
            continue;
        }
        match catch_unwind(AssertUnwindSafe(|| job(Ok(conn)))) {
            Ok((ok, finish)) => {
                if !ok {
                    let _ = conn.execute_batch("ROLLBACK TO job");
                }
                let _ = conn.execute_batch("RELEASE job");
                finishes.push(finish);
            }
            // A bug in a write: undo it; its caller sees the writer's answer dropped.
            Err(_) => {
                let _ = conn.execute_batch("ROLLBACK TO job; RELEASE job");
            }
        }
    }
    let committed = conn.execute_batch("COMMIT").map_err(StoreError::from);
    if committed.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    for finish in finishes {
        finish(committed.clone());
    }
}
