//! The one writer. SQLite takes one write transaction at a time, so writes are
//! queued to a dedicated thread that runs whatever is waiting in one transaction,
//! each job in a savepoint of its own (a failing job rolls back only itself), and
//! answers the jobs after the commit. Under load many changes share one commit;
//! alone, a job is committed at once.

use std::sync::mpsc;

use rusqlite::Connection;
use tokio::sync::oneshot;

use super::{StoreError, StoreResult};

/// At most this many jobs share a transaction.
const BATCH: usize = 64;

trait Job: Send {
    /// Runs the job; answers whether it succeeded (else its savepoint is undone).
    fn run(&mut self, c: &Connection) -> bool;
    /// Hands the result over once the transaction's fate is known.
    fn deliver(self: Box<Self>, committed: Result<(), String>);
}

struct Typed<T, E, F> {
    f: Option<F>,
    out: Option<Result<T, E>>,
    tx: oneshot::Sender<Result<T, E>>,
}

impl<T, E, F> Job for Typed<T, E, F>
where
    T: Send,
    E: From<StoreError> + Send,
    F: FnOnce(&Connection) -> Result<T, E> + Send,
{
    fn run(&mut self, c: &Connection) -> bool {
        let out = match self.f.take() {
            Some(f) => f(c),
            None => return false,
        };
        let ok = out.is_ok();
        self.out = Some(out);
        ok
    }

    fn deliver(self: Box<Self>, committed: Result<(), String>) {
        let result = match (committed, self.out) {
            // A job that failed was rolled back alone: its own error stands.
            (_, Some(Err(e))) => Err(e),
            (Ok(()), Some(Ok(v))) => Ok(v),
            (Err(why), _) => Err(E::from(StoreError::Write(why))),
            (Ok(()), None) => Err(E::from(StoreError::Write("the job did not run".into()))),
        };
        let _ = self.tx.send(result);
    }
}

#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<Box<dyn Job>>,
}

impl Writer {
    /// Starts the writer thread on its own connection.
    pub fn start(conn: Connection) -> Writer {
        let (tx, rx) = mpsc::channel::<Box<dyn Job>>();
        std::thread::Builder::new()
            .name("kabinet-writer".into())
            .spawn(move || run(conn, rx))
            .expect("the writer thread");
        Writer { tx }
    }

    /// Runs `f` in the write transaction; its error rolls back its own changes.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let job = Box::new(Typed {
            f: Some(f),
            out: None,
            tx,
        });
        self.tx
            .send(job)
            .map_err(|_| E::from(StoreError::Write("the writer has stopped".into())))?;
        rx.await
            .map_err(|_| E::from(StoreError::Write("the writer dropped a job".into())))?
    }
}

fn run(conn: Connection, rx: mpsc::Receiver<Box<dyn Job>>) {
    while let Ok(first) = rx.recv() {
        let mut jobs = vec![first];
        while jobs.len() < BATCH {
            match rx.try_recv() {
                Ok(j) => jobs.push(j),
                Err(_) => break,
            }
        }
        let committed = batch(&conn, &mut jobs);
        if committed.is_err() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        for j in jobs {
            j.deliver(committed.clone());
        }
    }
}

fn batch(conn: &Connection, jobs: &mut [Box<dyn Job>]) -> Result<(), String> {
    let err = |e: rusqlite::Error| e.to_string();
    conn.execute_batch("BEGIN IMMEDIATE").map_err(err)?;
    for j in jobs.iter_mut() {
        conn.execute_batch("SAVEPOINT job").map_err(err)?;
        // A panicking job fails alone; the writer lives on.
        let ok =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| j.run(conn))).unwrap_or(false);
        if ok {
            conn.execute_batch("RELEASE job").map_err(err)?;
        } else {
            conn.execute_batch("ROLLBACK TO job; RELEASE job")
                .map_err(err)?;
        }
    }
    conn.execute_batch("COMMIT").map_err(err)
}

pub fn open_connection(path: &std::path::Path) -> StoreResult<Connection> {
    let mut c = Connection::open(path)?;
    super::init_connection(&mut c)?;
    Ok(c)
}
