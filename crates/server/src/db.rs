//! Access to the store from async code: one writer thread with group commit, a small reader pool.
//!
//! Every write is a job sent to the writer thread. The thread takes all jobs
//! that are waiting (up to [`MAX_BATCH`]), runs each in its own savepoint inside
//! one transaction (a job of one statement needs none: a statement is atomic),
//! commits once, and only then hands the batch to the delivery thread, which
//! runs each job's `after` step (delivering messages to the connections) and
//! answers the caller. So a message is acknowledged and shown to anyone only
//! after it is on disk, and the fsync of the commit is shared by everything in
//! the batch. Because the `after` steps run in commit order on one thread,
//! every connection sees the messages of a conversation in `seq` order; the
//! writer meanwhile runs the next batch. On SQLite a third thread copies the
//! WAL into the database file (passive checkpoints), so the writer never does
//! that work. On PostgreSQL every job runs in a savepoint (a failed statement
//! would otherwise spoil the batch), and the same writer thread serves all of
//! this instance's writes; several instances write concurrently, serialised
//! per conversation by row locks in the store.

use std::sync::{Arc, Mutex, mpsc};

use tokio::sync::oneshot;
use zicht_store::{Conn, Store, StoreError};

/// The most jobs committed in one transaction.
pub const MAX_BATCH: usize = 1024;

type Done = Box<dyn FnOnce(Result<(), String>) + Send>;
type Job = Box<dyn FnOnce(&Conn) -> Done + Send>;

/// Why a database call failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("commit failed: {0}")]
    Commit(String),
    #[error("the database thread has stopped")]
    Stopped,
}

/// The handle to the writer thread and the reader pool.
#[derive(Clone)]
pub struct Db {
    jobs: mpsc::Sender<Job>,
    store: Store,
    readers: Arc<Mutex<Vec<Conn>>>,
}

impl Db {
    /// Starts the writer thread on its own connection.
    pub fn start(store: Store) -> Result<Db, StoreError> {
        let conn = store.connect()?;
        conn.as_writer(64)?;
        let checkpointer = if store.is_postgres() {
            None
        } else {
            Some(store.connect()?)
        };
        let (jobs, rx) = mpsc::channel::<Job>();
        let (deliver, delivered) = mpsc::channel::<(Vec<Done>, Result<(), String>)>();
        let thread_error = |e| StoreError::CreateDir {
            path: "writer thread".into(),
            source: e,
        };
        std::thread::Builder::new()
            .name("zicht-deliver".into())
            .spawn(move || {
                while let Ok((done, commit)) = delivered.recv() {
                    for d in done {
                        d(commit.clone());
                    }
                }
            })
            .map_err(thread_error)?;
        if let Some(checkpointer) = checkpointer {
            std::thread::Builder::new()
                .name("zicht-checkpoint".into())
                .spawn(move || {
                    loop {
                        std::thread::sleep(std::time::Duration::from_millis(500));
                        if let Err(e) = checkpointer.checkpoint() {
                            crate::log(&format!("checkpoint: {e}"));
                        }
                    }
                })
                .map_err(thread_error)?;
        }
        std::thread::Builder::new()
            .name("zicht-writer".into())
            .spawn(move || writer_loop(&conn, &rx, &deliver))
            .map_err(thread_error)?;
        Ok(Db {
            jobs,
            store,
            readers: Arc::new(Mutex::new(Vec::new())),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Runs `f` in the next batch; after the commit runs `after` on its result
    /// (on the writer thread, in commit order) and returns the result.
    pub async fn write<T, F, A>(&self, f: F, after: A) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&Conn) -> Result<T, StoreError> + Send + 'static,
        A: FnOnce(&T) + Send + 'static,
    {
        self.submit(true, f, after).await
    }

    /// Like [`Db::write`] for a job whose only change is one SQL statement
    /// (atomic on its own, so it needs no savepoint).
    pub async fn write_one<T, F, A>(&self, f: F, after: A) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&Conn) -> Result<T, StoreError> + Send + 'static,
        A: FnOnce(&T) + Send + 'static,
    {
        self.submit(false, f, after).await
    }

    async fn submit<T, F, A>(&self, savepoint: bool, f: F, after: A) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&Conn) -> Result<T, StoreError> + Send + 'static,
        A: FnOnce(&T) + Send + 'static,
    {
        let (reply, answer) = oneshot::channel::<Result<T, DbError>>();
        let job: Job = Box::new(move |conn: &Conn| {
            // On PostgreSQL a failed statement spoils the whole transaction
            // until a rollback, so every job gets its savepoint there.
            let result = if savepoint || conn.is_postgres() {
                conn.savepoint(f)
            } else {
                f(conn)
            };
            Box::new(move |commit: Result<(), String>| {
                let out = match (result, commit) {
                    (Ok(v), Ok(())) => {
                        after(&v);
                        Ok(v)
                    }
                    (Err(e), _) => Err(DbError::Store(e)),
                    (Ok(_), Err(e)) => Err(DbError::Commit(e)),
                };
                let _ = reply.send(out);
            })
        });
        self.jobs.send(job).map_err(|_| DbError::Stopped)?;
        answer.await.map_err(|_| DbError::Stopped)?
    }

    /// Runs a read on a pooled connection in the blocking pool.
    pub async fn read<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&Conn) -> Result<T, StoreError> + Send + 'static,
    {
        let pool = self.readers.clone();
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || {
            // A thread of the blocking pool: the PostgreSQL client may block here.
            zicht_store::mark_blocking_thread();
            let taken = pool.lock().map(|mut p| p.pop()).unwrap_or(None);
            let conn = match taken {
                Some(c) => c,
                None => store.connect()?,
            };
            let out = f(&conn);
            if let Ok(mut p) = pool.lock()
                && p.len() < 8
            {
                p.push(conn);
            }
            Ok(out?)
        })
        .await
        .map_err(|_| DbError::Stopped)?
    }
}

/// Counters of the writer, logged every ten seconds when `ZICHT_WRITER_STATS` is set.
#[derive(Default)]
struct WriterStats {
    batches: u64,
    jobs: u64,
    largest: usize,
    run: std::time::Duration,
    commit: std::time::Duration,
    after: std::time::Duration,
}

fn writer_loop(
    conn: &Conn,
    rx: &mpsc::Receiver<Job>,
    deliver: &mpsc::Sender<(Vec<Done>, Result<(), String>)>,
) {
    let mut batch: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    let mut done: Vec<Done> = Vec::with_capacity(MAX_BATCH);
    let report = std::env::var_os("ZICHT_WRITER_STATS").is_some();
    let mut stats = WriterStats::default();
    let mut since = std::time::Instant::now();
    while let Ok(first) = rx.recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        stats.batches += 1;
        stats.jobs += batch.len() as u64;
        stats.largest = stats.largest.max(batch.len());
        let t0 = std::time::Instant::now();
        let mut t1 = t0;
        let commit = match conn.begin() {
            Err(e) => Err(e.to_string()),
            Ok(()) => {
                for job in batch.drain(..) {
                    done.push(job(conn));
                }
                t1 = std::time::Instant::now();
                conn.commit().map_err(|e| {
                    let _ = conn.rollback();
                    e.to_string()
                })
            }
        };
        let t2 = std::time::Instant::now();
        stats.run += t1 - t0;
        stats.commit += t2 - t1;
        if let Err(e) = &commit {
            crate::log(&format!("database commit failed: {e}"));
        }
        // Jobs not run because BEGIN failed are answered with the error too.
        for job in batch.drain(..) {
            let _ = job;
        }
        let batch_done = std::mem::replace(&mut done, Vec::with_capacity(MAX_BATCH));
        if deliver.send((batch_done, commit)).is_err() {
            return;
        }
        stats.after += t2.elapsed();
        if report && since.elapsed() >= std::time::Duration::from_secs(10) {
            crate::log(&format!(
                "writer: {} batches, {} jobs (largest {}), run {:?}, commit {:?}, after-commit {:?}",
                stats.batches, stats.jobs, stats.largest, stats.run, stats.commit, stats.after
            ));
            stats = WriterStats::default();
            since = std::time::Instant::now();
        }
    }
}
