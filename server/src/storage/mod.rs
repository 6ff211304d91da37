//! The SQLite store. `Store` opens the database (migrating it), runs reads on a
//! pool (`call`) and writes on the one batched writer (`write`); the modules below
//! are plain functions over a connection, one per table or resource, that only read
//! and write rows. Nothing here knows the API types or who may do what.

use std::path::Path;

use include_dir::{include_dir, Dir};
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::Connection;
use rusqlite_migration::Migrations;

pub mod bundle;
pub mod calendar;
pub mod chat;
pub mod checkin;
pub mod details;
pub mod events;
pub mod history;
pub mod idempotency;
pub mod links;
pub mod notifications;
pub mod offers;
pub mod orders;
pub mod payments;
pub mod people;
pub mod portals;
pub mod services;
pub mod uploads;
pub mod users;
mod writer;

static MIGRATIONS: Dir = include_dir!("$CARGO_MANIFEST_DIR/migrations");

pub type Pool = r2d2::Pool<SqliteConnectionManager>;

#[derive(Clone)]
pub struct Store {
    /// Readers.
    pool: Pool,
    /// The one writer (see `writer`).
    writer: writer::Writer,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sqlite: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("pool: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("task: {0}")]
    Join(#[from] tokio::task::JoinError),
    #[error("write: {0}")]
    Write(String),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Every connection's settings: WAL so readers never wait for the writer.
fn init_connection(c: &mut Connection) -> rusqlite::Result<()> {
    c.set_prepared_statement_cache_capacity(64);
    c.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 5000;",
    )
}

/// Lower-cased text to search in; Rust lower-cases Cyrillic, SQLite's lower() does not.
pub fn search_text(parts: &[&str]) -> String {
    parts.join(" ").to_lowercase()
}

/// A JSON column, read into `T`.
pub fn json_column<T: serde::de::DeserializeOwned>(
    r: &rusqlite::Row<'_>,
    name: &str,
) -> rusqlite::Result<T> {
    let text: String = r.get(name)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

impl Store {
    /// Opens (creating if needed) `kabinet.db` in `data_dir`, in WAL mode, and
    /// brings its schema up to date.
    pub fn open(data_dir: &Path) -> StoreResult<Store> {
        std::fs::create_dir_all(data_dir)?;
        let path = data_dir.join("kabinet.db");
        let manager = SqliteConnectionManager::file(&path).with_init(init_connection);
        let pool = r2d2::Pool::builder().max_size(8).build(manager)?;
        let mut conn = pool.get()?;
        let migrations = Migrations::from_directory(&MIGRATIONS)?;
        migrations.to_latest(&mut conn)?;
        Ok(Store {
            pool,
            writer: writer::Writer::start(writer::open_connection(&path)?),
        })
    }

    /// Runs `f` with a pooled reader on the blocking thread pool.
    pub async fn call<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, E> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(StoreError::from)?;
            f(&mut conn)
        })
        .await
        .map_err(|e| E::from(StoreError::from(e)))?
    }

    /// Runs `f` in the write transaction (see `writer`): changes are atomic, and
    /// `f`'s error rolls back all that `f` did.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
    {
        self.writer.write(f).await
    }
}
