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
    /// Starts the writer thread on `conn`.
    pub fn start(conn: Connection) -> Result<Writer> {
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

/// The writer's loop: waits for a write, takes every write waiting behind it,
/// runs them in one transaction and answers them after the commit.
fn run(conn: &Connection, mailbox: &mpsc::Receiver<Job>) {
    while let Ok(first) = mailbox.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match mailbox.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        let mut finishes = Vec::with_capacity(group.len());
        let begun = conn.execute_batch("BEGIN IMMEDIATE").map_err(StoreError::from);
        if let Err(e) = begun {
            // Nothing ran: every write is told why.
            for job in group {
                let (_, finish) = job(Err(e.clone()));
                finish(Err(e.clone()));
            }
            continue;
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
}
