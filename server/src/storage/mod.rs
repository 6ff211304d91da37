//! The SQLite store: every SQL statement of the server lives here, so another store
//! (PostgreSQL) can be added behind the same methods without touching handlers.
//! Rows are mapped to the private `*Row` structs below, never to API types.

use std::path::Path;

use include_dir::{include_dir, Dir};
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use rusqlite_migration::Migrations;
use serde::{Deserialize, Serialize};

use kabinet_core::{DeliveryPlace, Field, Kind, Role, Status};

use crate::error::AppError;

pub mod chat;
pub mod live;
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
    #[error("bad value in column {0}")]
    BadValue(&'static str),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::Internal(e.to_string())
    }
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

// ---- rows ---------------------------------------------------------------

#[derive(Clone, Debug)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    pub role: Role,
    pub company_id: Option<i64>,
    pub company_name: Option<String>,
}

#[derive(Clone, Debug)]
pub struct ServiceRow {
    pub id: i64,
    pub kind: Kind,
    pub name: String,
    pub description: String,
    pub characteristics: Vec<Field>,
    pub price: Option<i64>,
    pub currency: String,
    pub cancellable: bool,
    pub cancel_deadline_hours: Option<u32>,
    pub auto_confirm_hours: u32,
    pub prepayment_percent: Option<u8>,
    pub additional_title: Option<String>,
}

/// One row of the order list.
#[derive(Clone, Debug)]
pub struct OrderListRow {
    pub id: i64,
    pub number: String,
    pub kind: Kind,
    pub status: Status,
    pub service_name: String,
    pub created_at: i64,
    pub service_at: Option<i64>,
    pub total: Option<i64>,
    pub currency: String,
    pub unread: u32,
    /// Who placed it; read for the staff desk only.
    pub owner: Option<PersonRow>,
}

/// Whose orders a listing covers.
#[derive(Clone, Copy, Debug)]
pub enum Scope {
    /// The viewer's own orders.
    Own,
    /// Everyone's (the staff desk), optionally one company's.
    Desk { company_id: Option<i64> },
}

/// A whole order, for the order view.
#[derive(Clone, Debug)]
pub struct OrderRow {
    pub id: i64,
    pub number: String,
    pub user_id: i64,
    pub service_id: i64,
    pub kind: Kind,
    pub service_name: String,
    pub status: Status,
    pub version: i64,
    pub created_at: i64,
    pub service_at: Option<i64>,
    pub service_end_at: Option<i64>,
    pub total: Option<i64>,
    pub paid: i64,
    pub currency: String,
    pub payment_method: Option<String>,
    pub payer: Option<String>,
    pub comment: Option<String>,
    pub details: OrderDetails,
    pub ticket_holder_id: Option<i64>,
    pub checked_in_at: Option<i64>,
}

/// The kind-specific blocks of an order, kept as JSON in `orders.details`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct OrderDetails {
    #[serde(default)]
    pub items: Vec<ItemDoc>,
    #[serde(default)]
    pub delivery_place: Option<DeliveryPlace>,
    #[serde(default)]
    pub hotel: Option<HotelDoc>,
    #[serde(default)]
    pub ticket: Option<TicketDoc>,
    #[serde(default)]
    pub form_fields: Vec<Field>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ItemDoc {
    pub name: String,
    pub quantity: u32,
    pub unit: String,
    pub unit_price: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HotelDoc {
    pub check_in: i64,
    pub check_out: i64,
    pub room: String,
    pub guests: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TicketDoc {
    pub valid_from: i64,
    pub valid_to: i64,
    pub tariff: String,
    pub place: Option<String>,
}

/// A person as shown to others.
#[derive(Clone, Debug)]
pub struct PersonRow {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub company_name: Option<String>,
}

/// The filters of the order list, already validated.
#[derive(Clone, Debug, Default)]
pub struct OrderFilter {
    pub statuses: Vec<Status>,
    pub kind: Option<Kind>,
    /// Lower-cased search text.
    pub q: Option<String>,
    /// Keyset: rows strictly older than (created_at, id).
    pub before: Option<(i64, i64)>,
    pub limit: u32,
}

/// A new order, for the demo data and (later) order creation.
#[derive(Clone, Debug)]
pub struct NewOrder {
    pub user_id: i64,
    pub service_id: i64,
    pub kind: Kind,
    pub service_name: String,
    pub status: Status,
    pub created_at: i64,
    pub service_at: Option<i64>,
    pub service_end_at: Option<i64>,
    pub total: Option<i64>,
    pub paid: i64,
    pub payment_method: Option<String>,
    pub payer: Option<String>,
    pub comment: Option<String>,
    pub details: OrderDetails,
    pub checked_in_at: Option<i64>,
    /// For an order created awaiting confirmation: since when it waits.
    pub awaiting_since: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct NewService {
    pub kind: Kind,
    pub name: String,
    pub description: String,
    pub characteristics: Vec<Field>,
    pub price: Option<i64>,
    pub cancellable: bool,
    pub cancel_deadline_hours: Option<u32>,
    pub auto_confirm_hours: u32,
    pub prepayment_percent: Option<u8>,
    pub additional_title: Option<String>,
}

// ---- store ----------------------------------------------------------------

fn parse_kind(s: String) -> StoreResult<Kind> {
    Kind::parse(&s).ok_or(StoreError::BadValue("kind"))
}

fn parse_status(s: String) -> StoreResult<Status> {
    Status::parse(&s).ok_or(StoreError::BadValue("status"))
}

/// Lower-cased text to search in; Rust lower-cases Cyrillic, SQLite's lower() does not.
pub fn search_text(parts: &[&str]) -> String {
    parts.join(" ").to_lowercase()
}

impl Store {
    /// Opens (creating if needed) `kabinet.db` in `data_dir`, in WAL mode, and
    /// brings its schema up to date.
    pub fn open(data_dir: &Path) -> StoreResult<Store> {
        std::fs::create_dir_all(data_dir).map_err(|_| StoreError::BadValue("data dir"))?;
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

    /// Runs `f` with a pooled connection on the blocking thread pool.
    pub async fn call<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> StoreResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }

    pub async fn is_empty(&self) -> StoreResult<bool> {
        self.call(|c| {
            let n: i64 = c.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
            Ok(n == 0)
        })
        .await
    }

    // ---- users and sessions ----

    pub async fn user_by_email(&self, email: String) -> StoreResult<Option<UserRow>> {
        self.call(move |c| {
            Ok(c.query_row(
                &format!("{USER_SELECT} WHERE u.email = ?1"),
                [email],
                user_row,
            )
            .optional()?)
        })
        .await
    }

    pub async fn create_session(
        &self,
        token_hash: Vec<u8>,
        user_id: i64,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        self.write(move |c| {
            c.execute(
                "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
                params![token_hash, user_id, now, expires_at],
            )?;
            Ok(())
        })
        .await
    }

    /// The user of a live session, and when the session expires.
    pub async fn user_by_session(
        &self,
        token_hash: Vec<u8>,
        now: i64,
    ) -> StoreResult<Option<(UserRow, i64)>> {
        self.call(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT u.id, u.email, u.password_hash, u.first_name, u.last_name, u.role, u.company_id,
                        co.name, s.expires_at
                   FROM sessions s JOIN users u ON u.id = s.user_id
                   LEFT JOIN companies co ON co.id = u.company_id
                  WHERE s.token_hash = ?1 AND s.expires_at > ?2",
            )?;
            Ok(stmt
                .query_row(params![token_hash, now], |r| {
                    Ok((user_row(r)?, r.get::<_, i64>(8)?))
                })
                .optional()?)
        })
        .await
    }

    pub async fn delete_session(&self, token_hash: Vec<u8>) -> StoreResult<()> {
        self.write(move |c| {
            c.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
            Ok(())
        })
        .await
    }

    pub async fn person(&self, id: i64) -> StoreResult<Option<PersonRow>> {
        self.call(move |c| person(c, id)).await
    }

    // ---- catalogue ----

    pub async fn services(&self) -> StoreResult<Vec<ServiceRow>> {
        self.call(|c| {
            let mut stmt = c.prepare_cached(&format!("{SERVICE_SELECT} ORDER BY s.id"))?;
            let rows = stmt.query_map([], service_row_raw)?;
            rows.map(|r| r.map_err(StoreError::from).and_then(service_row))
                .collect()
        })
        .await
    }

    pub async fn service(&self, id: i64) -> StoreResult<Option<(ServiceRow, Vec<ServiceRow>)>> {
        self.call(move |c| service_with_additional(c, id)).await
    }

    // ---- orders ----

    /// A page of orders, newest first. Unread counts are the viewer's.
    pub async fn list_orders(
        &self,
        viewer_id: i64,
        scope: Scope,
        f: OrderFilter,
    ) -> StoreResult<Vec<OrderListRow>> {
        self.call(move |c| {
            let desk = matches!(scope, Scope::Desk { .. });
            let mut sql = String::from(
                "SELECT o.id, o.number, o.kind, o.status, o.service_name, o.created_at, o.service_at,
                        o.total, o.currency,
                        (SELECT count(*) FROM messages m
                          WHERE m.order_id = o.id AND m.author_id IS NOT NULL AND m.author_id <> ?1
                            AND m.seq > coalesce((SELECT r.last_seq FROM message_reads r
                                                   WHERE r.order_id = o.id AND r.user_id = ?1), 0))",
            );
            // The tenant's list stays on its covering index; only the desk joins people.
            sql += match scope {
                Scope::Own => " FROM orders o WHERE o.user_id = ?1",
                Scope::Desk { .. } => {
                    ", u.id, u.first_name, u.last_name, co.name FROM orders o
                       JOIN users u ON u.id = o.user_id LEFT JOIN companies co ON co.id = u.company_id
                      WHERE ?1 IS NOT NULL"
                }
            };
            let mut args: Vec<rusqlite::types::Value> = vec![viewer_id.into()];
            if let Scope::Desk {
                company_id: Some(company),
            } = scope
            {
                args.push(company.into());
                sql += &format!(" AND u.company_id = ?{}", args.len());
            }
            if let Some((at, id)) = f.before {
                args.push(at.into());
                args.push(id.into());
                sql += &format!(
                    " AND (o.created_at, o.id) < (?{}, ?{})",
                    args.len() - 1,
                    args.len()
                );
            }
            if !f.statuses.is_empty() {
                let marks: Vec<String> = f
                    .statuses
                    .iter()
                    .map(|s| {
                        args.push(s.as_str().to_string().into());
                        format!("?{}", args.len())
                    })
                    .collect();
                sql += &format!(" AND o.status IN ({})", marks.join(","));
            }
            if let Some(kind) = f.kind {
                args.push(kind.as_str().to_string().into());
                sql += &format!(" AND o.kind = ?{}", args.len());
            }
            if let Some(q) = f.q {
                args.push(q.into());
                sql += &format!(" AND instr(o.search_text, ?{}) > 0", args.len());
            }
            args.push(i64::from(f.limit).into());
            sql += &format!(" ORDER BY o.created_at DESC, o.id DESC LIMIT ?{}", args.len());
            let mut stmt = c.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(args), |r| {
                let owner = if desk {
                    Some(PersonRow {
                        id: r.get(10)?,
                        first_name: r.get(11)?,
                        last_name: r.get(12)?,
                        company_name: r.get(13)?,
                    })
                } else {
                    None
                };
                Ok((
                    (
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                    ),
                    (
                        r.get::<_, i64>(5)?,
                        r.get::<_, Option<i64>>(6)?,
                        r.get::<_, Option<i64>>(7)?,
                        r.get::<_, String>(8)?,
                        r.get::<_, u32>(9)?,
                    ),
                    owner,
                ))
            })?;
            rows.map(|r| {
                let ((id, number, kind, status, service_name), (created_at, service_at, total, currency, unread), owner) =
                    r?;
                Ok(OrderListRow {
                    id,
                    number,
                    kind: parse_kind(kind)?,
                    status: parse_status(status)?,
                    service_name,
                    created_at,
                    service_at,
                    total,
                    currency,
                    unread,
                    owner,
                })
            })
            .collect()
        })
        .await
    }

    /// The order and everything its view shows, in one trip to the pool.
    pub async fn order_bundle(&self, id: i64) -> StoreResult<Option<OrderBundle>> {
        self.call(move |c| bundle(c, id)).await
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

    /// Moves an order to `to` if it is still at `version`; records the change in its
    /// history. Answers false when the version was stale (nothing changed).
    #[allow(clippy::too_many_arguments)]
    pub fn set_status(
        c: &Connection,
        id: i64,
        version: i64,
        from: Status,
        to: Status,
        actor_id: Option<i64>,
        action: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let changed = c
            .prepare_cached(
                "UPDATE orders SET status = ?1, version = version + 1,
                    awaiting_since = CASE WHEN ?1 = 'awaiting_confirmation' THEN ?2 END,
                    checked_in_at = CASE WHEN ?5 = 'check_in' THEN ?2 ELSE checked_in_at END,
                    executor_id = CASE WHEN ?5 = 'take_into_work' THEN ?6 ELSE executor_id END
              WHERE id = ?3 AND version = ?4",
            )?
            .execute(params![to.as_str(), now, id, version, action, actor_id])?;
        if changed == 0 {
            return Ok(false);
        }
        c.prepare_cached(
            "INSERT INTO order_history (order_id, actor_id, action, from_status, to_status, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            id,
            actor_id,
            action,
            from.as_str(),
            to.as_str(),
            now
        ])?;
        Ok(true)
    }

    /// Every company, by name.
    pub async fn companies(&self) -> StoreResult<Vec<(i64, String)>> {
        self.call(|c| {
            let mut stmt = c.prepare_cached("SELECT id, name FROM companies ORDER BY name, id")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }

    /// One order's row, inside a transaction.
    pub fn order_row(c: &Connection, id: i64) -> StoreResult<Option<OrderRow>> {
        order(c, id)
    }

    /// The stored answer to an earlier request with this idempotency key.
    pub fn idempotent_answer(
        c: &Connection,
        user_id: i64,
        key: &str,
    ) -> StoreResult<Option<StoredAnswer>> {
        let mut stmt = c.prepare_cached(
            "SELECT request, status, response FROM idempotency_keys WHERE user_id = ?1 AND key = ?2",
        )?;
        Ok(stmt
            .query_row(params![user_id, key], |r| {
                Ok(StoredAnswer {
                    request: r.get(0)?,
                    status: r.get(1)?,
                    body: r.get(2)?,
                })
            })
            .optional()?)
    }

    pub fn remember_answer(
        c: &Connection,
        user_id: i64,
        key: &str,
        answer: &StoredAnswer,
        now: i64,
    ) -> StoreResult<()> {
        c.prepare_cached(
            "INSERT INTO idempotency_keys (user_id, key, request, status, response, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            user_id,
            key,
            answer.request,
            answer.status,
            answer.body,
            now
        ])?;
        Ok(())
    }

    /// Orders awaiting confirmation whose service's auto-confirm time has passed.
    pub async fn due_auto_confirm(&self, now: i64) -> StoreResult<Vec<(i64, i64)>> {
        self.call(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT o.id, o.version FROM orders o JOIN services s ON s.id = o.service_id
                  WHERE o.status = 'awaiting_confirmation'
                    AND o.awaiting_since + s.auto_confirm_hours * 3600 <= ?1
                  ORDER BY o.awaiting_since LIMIT 500",
            )?;
            let rows = stmt.query_map([now], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }

    // ---- writing (demo data, later order creation) ----

    pub fn insert_company(c: &Connection, name: &str) -> StoreResult<i64> {
        c.execute("INSERT INTO companies (name) VALUES (?1)", [name])?;
        Ok(c.last_insert_rowid())
    }

    pub fn insert_community(c: &Connection, name: &str, members: &[i64]) -> StoreResult<i64> {
        c.execute("INSERT INTO communities (name) VALUES (?1)", [name])?;
        let id = c.last_insert_rowid();
        for m in members {
            c.execute(
                "INSERT INTO community_members (community_id, user_id) VALUES (?1, ?2)",
                [id, *m],
            )?;
        }
        Ok(id)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn insert_user(
        c: &Connection,
        email: &str,
        password_hash: &str,
        first_name: &str,
        last_name: &str,
        role: Role,
        company_id: Option<i64>,
        now: i64,
    ) -> StoreResult<i64> {
        c.execute(
            "INSERT INTO users (email, password_hash, first_name, last_name, search_name, role, company_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                email,
                password_hash,
                first_name,
                last_name,
                search_text(&[first_name, last_name]),
                role.as_str(),
                company_id,
                now
            ],
        )?;
        Ok(c.last_insert_rowid())
    }

    pub fn insert_service(c: &Connection, s: &NewService) -> StoreResult<i64> {
        c.execute(
            "INSERT INTO services (kind, name, description, characteristics, price, cancellable,
                                   cancel_deadline_hours, auto_confirm_hours, prepayment_percent, additional_title)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                s.kind.as_str(),
                s.name,
                s.description,
                serde_json::to_string(&s.characteristics)?,
                s.price,
                s.cancellable,
                s.cancel_deadline_hours,
                s.auto_confirm_hours,
                s.prepayment_percent,
                s.additional_title
            ],
        )?;
        Ok(c.last_insert_rowid())
    }

    pub fn link_additional(c: &Connection, service_id: i64, additional: &[i64]) -> StoreResult<()> {
        for (pos, a) in additional.iter().enumerate() {
            c.execute(
                "INSERT INTO service_additional (service_id, additional_id, position) VALUES (?1, ?2, ?3)",
                params![service_id, a, pos as i64],
            )?;
        }
        Ok(())
    }

    /// Inserts an order and numbers it; answers its id.
    pub fn insert_order(c: &Connection, o: &NewOrder) -> StoreResult<i64> {
        // A placeholder number keeps the UNIQUE constraint happy until the id is known.
        c.execute(
            "INSERT INTO orders (number, user_id, service_id, kind, service_name, status, created_at,
                                 service_at, service_end_at, total, paid, payment_method, payer, comment,
                                 details, ticket_holder_id, checked_in_at, search_text)
             VALUES ('pending-' || hex(randomblob(8)), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
                     ?14, ?15, ?16, '')",
            params![
                o.user_id,
                o.service_id,
                o.kind.as_str(),
                o.service_name,
                o.status.as_str(),
                o.created_at,
                o.service_at,
                o.service_end_at,
                o.total,
                o.paid,
                o.payment_method,
                o.payer,
                o.comment,
                serde_json::to_string(&o.details)?,
                (o.kind == Kind::Coworking).then_some(o.user_id),
                o.checked_in_at,
            ],
        )?;
        let id = c.last_insert_rowid();
        let number = order_number(id);
        c.execute(
            "UPDATE orders SET number = ?1, search_text = ?2,
                    awaiting_since = CASE WHEN status = 'awaiting_confirmation'
                                          THEN coalesce(?4, created_at) END
              WHERE id = ?3",
            params![
                number,
                search_text(&[&number, &o.service_name]),
                id,
                o.awaiting_since
            ],
        )?;
        c.execute(
            "INSERT INTO order_history (order_id, actor_id, action, from_status, to_status, at)
             VALUES (?1, ?2, 'create', NULL, ?3, ?4)",
            params![id, o.user_id, o.status.as_str(), o.created_at],
        )?;
        Ok(id)
    }

    pub fn add_visitor(c: &Connection, order_id: i64, user_id: i64, at: i64) -> StoreResult<()> {
        c.execute(
            "INSERT OR IGNORE INTO order_visitors (order_id, user_id, added_at) VALUES (?1, ?2, ?3)",
            params![order_id, user_id, at],
        )?;
        Ok(())
    }

    pub fn insert_message(
        c: &Connection,
        id: &str,
        order_id: i64,
        author_id: Option<i64>,
        body: &str,
        at: i64,
    ) -> StoreResult<()> {
        c.execute(
            "INSERT INTO messages (id, order_id, author_id, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, order_id, author_id, body, at],
        )?;
        Ok(())
    }

    /// Runs `f` in one transaction (used to seed demo data).
    pub async fn transaction<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
    {
        self.write(f).await
    }
}

/// Order numbers as people read them out: five digits and up.
pub fn order_number(id: i64) -> String {
    format!("{}", 10_000 + id)
}

/// An answer stored under an idempotency key.
#[derive(Clone, Debug)]
pub struct StoredAnswer {
    /// What the key was used for.
    pub request: String,
    pub status: u16,
    pub body: String,
}

#[derive(Clone, Debug)]
pub struct HistoryRow {
    pub at: i64,
    pub actor: Option<PersonRow>,
    pub action: String,
    pub from_status: Option<Status>,
    pub to_status: Status,
}

/// The order and everything its view shows.
pub fn bundle(c: &Connection, id: i64) -> StoreResult<Option<OrderBundle>> {
    let Some(order) = order(c, id)? else {
        return Ok(None);
    };
    let owner = person(c, order.user_id)?.ok_or(StoreError::BadValue("user_id"))?;
    let ticket_holder = match order.ticket_holder_id {
        Some(h) => person(c, h)?,
        None => None,
    };
    let (service, additional) =
        service_with_additional(c, order.service_id)?.ok_or(StoreError::BadValue("service_id"))?;
    let mut stmt = c.prepare_cached(
        "SELECT u.id, u.first_name, u.last_name, co.name FROM order_visitors v
           JOIN users u ON u.id = v.user_id LEFT JOIN companies co ON co.id = u.company_id
          WHERE v.order_id = ?1 ORDER BY v.added_at, u.id",
    )?;
    let visitors = stmt
        .query_map([id], person_row)?
        .collect::<Result<Vec<_>, _>>()?;
    let unread = unread_count(c, id, order.user_id)?;
    let history = history(c, id)?;
    Ok(Some(OrderBundle {
        order,
        owner,
        ticket_holder,
        service,
        additional,
        visitors,
        unread,
        history,
    }))
}

fn history(c: &Connection, order_id: i64) -> StoreResult<Vec<HistoryRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT h.at, h.action, h.from_status, h.to_status, u.id, u.first_name, u.last_name, co.name
           FROM order_history h LEFT JOIN users u ON u.id = h.actor_id
           LEFT JOIN companies co ON co.id = u.company_id
          WHERE h.order_id = ?1 ORDER BY h.id",
    )?;
    let rows = stmt.query_map([order_id], |r| {
        let actor = person_at(r, 4)?;
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            actor,
        ))
    })?;
    rows.map(|r| {
        let (at, action, from, to, actor) = r?;
        Ok(HistoryRow {
            at,
            actor,
            action,
            from_status: from.map(parse_status).transpose()?,
            to_status: parse_status(to)?,
        })
    })
    .collect()
}

/// Everything [`Store::order_bundle`] reads for the order view.
#[derive(Clone, Debug)]
pub struct OrderBundle {
    pub order: OrderRow,
    pub owner: PersonRow,
    pub ticket_holder: Option<PersonRow>,
    pub service: ServiceRow,
    pub additional: Vec<ServiceRow>,
    pub visitors: Vec<PersonRow>,
    pub unread: u32,
    pub history: Vec<HistoryRow>,
}

const USER_SELECT: &str =
    "SELECT u.id, u.email, u.password_hash, u.first_name, u.last_name, u.role,
        u.company_id, co.name FROM users u LEFT JOIN companies co ON co.id = u.company_id";

fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<UserRow> {
    let role: String = r.get(5)?;
    Ok(UserRow {
        id: r.get(0)?,
        email: r.get(1)?,
        password_hash: r.get(2)?,
        first_name: r.get(3)?,
        last_name: r.get(4)?,
        role: Role::parse(&role).unwrap_or(Role::Tenant),
        company_id: r.get(6)?,
        company_name: r.get(7)?,
    })
}

/// A person read from four columns from `at` (id, first name, last name, company),
/// absent when the id is NULL (a LEFT JOIN that found nobody).
pub fn person_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Option<PersonRow>> {
    Ok(match r.get::<_, Option<i64>>(at)? {
        Some(id) => Some(PersonRow {
            id,
            first_name: r.get(at + 1)?,
            last_name: r.get(at + 2)?,
            company_name: r.get(at + 3)?,
        }),
        None => None,
    })
}

fn person_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PersonRow> {
    Ok(PersonRow {
        id: r.get(0)?,
        first_name: r.get(1)?,
        last_name: r.get(2)?,
        company_name: r.get(3)?,
    })
}

fn person(c: &Connection, id: i64) -> StoreResult<Option<PersonRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT u.id, u.first_name, u.last_name, co.name FROM users u
           LEFT JOIN companies co ON co.id = u.company_id WHERE u.id = ?1",
    )?;
    Ok(stmt.query_row([id], person_row).optional()?)
}

const SERVICE_SELECT: &str = "SELECT s.id, s.kind, s.name, s.description, s.characteristics, s.price,
        s.currency, s.cancellable, s.cancel_deadline_hours, s.auto_confirm_hours, s.prepayment_percent,
        s.additional_title FROM services s";

type ServiceRaw = (
    i64,
    String,
    String,
    String,
    String,
    Option<i64>,
    String,
    bool,
    Option<u32>,
    u32,
    Option<u8>,
    Option<String>,
);

fn service_row_raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<ServiceRaw> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
    ))
}

fn service_row(raw: ServiceRaw) -> StoreResult<ServiceRow> {
    let (
        id,
        kind,
        name,
        description,
        characteristics,
        price,
        currency,
        cancellable,
        deadline,
        auto,
        prepay,
        title,
    ) = raw;
    Ok(ServiceRow {
        id,
        kind: parse_kind(kind)?,
        name,
        description,
        characteristics: serde_json::from_str(&characteristics)?,
        price,
        currency,
        cancellable,
        cancel_deadline_hours: deadline,
        auto_confirm_hours: auto,
        prepayment_percent: prepay,
        additional_title: title,
    })
}

fn service_with_additional(
    c: &Connection,
    id: i64,
) -> StoreResult<Option<(ServiceRow, Vec<ServiceRow>)>> {
    let mut stmt = c.prepare_cached(&format!("{SERVICE_SELECT} WHERE s.id = ?1"))?;
    let Some(raw) = stmt.query_row([id], service_row_raw).optional()? else {
        return Ok(None);
    };
    let service = service_row(raw)?;
    let mut stmt = c.prepare_cached(&format!(
        "{SERVICE_SELECT} JOIN service_additional a ON a.additional_id = s.id
          WHERE a.service_id = ?1 ORDER BY a.position"
    ))?;
    let additional = stmt
        .query_map([id], service_row_raw)?
        .map(|r| r.map_err(StoreError::from).and_then(service_row))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(Some((service, additional)))
}

fn order(c: &Connection, id: i64) -> StoreResult<Option<OrderRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, number, user_id, service_id, kind, service_name, status, version, created_at,
                service_at, service_end_at, total, paid, currency, payment_method, payer, comment,
                details, ticket_holder_id, checked_in_at
           FROM orders WHERE id = ?1",
    )?;
    let raw = stmt
        .query_row([id], |r| {
            Ok((
                (
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, i64>(8)?,
                ),
                (
                    r.get::<_, Option<i64>>(9)?,
                    r.get::<_, Option<i64>>(10)?,
                    r.get::<_, Option<i64>>(11)?,
                    r.get::<_, i64>(12)?,
                    r.get::<_, String>(13)?,
                    r.get::<_, Option<String>>(14)?,
                    r.get::<_, Option<String>>(15)?,
                    r.get::<_, Option<String>>(16)?,
                    r.get::<_, String>(17)?,
                    r.get::<_, Option<i64>>(18)?,
                    r.get::<_, Option<i64>>(19)?,
                ),
            ))
        })
        .optional()?;
    let Some((a, b)) = raw else { return Ok(None) };
    let (id, number, user_id, service_id, kind, service_name, status, version, created_at) = a;
    let (
        service_at,
        service_end_at,
        total,
        paid,
        currency,
        payment_method,
        payer,
        comment,
        details,
        holder,
        checked_in_at,
    ) = b;
    Ok(Some(OrderRow {
        id,
        number,
        user_id,
        service_id,
        kind: parse_kind(kind)?,
        service_name,
        status: parse_status(status)?,
        version,
        created_at,
        service_at,
        service_end_at,
        total,
        paid,
        currency,
        payment_method,
        payer,
        comment,
        details: serde_json::from_str(&details)?,
        ticket_holder_id: holder,
        checked_in_at,
    }))
}

/// Chat lines of people other than `user_id` after their read mark (system lines
/// are not counted: the user is notified of status changes anyway).
pub fn unread_count(c: &Connection, order_id: i64, user_id: i64) -> StoreResult<u32> {
    let mut stmt = c.prepare_cached(
        "SELECT count(*) FROM messages m
          WHERE m.order_id = ?1 AND m.author_id IS NOT NULL AND m.author_id <> ?2
            AND m.seq > coalesce((SELECT last_seq FROM message_reads WHERE order_id = ?1 AND user_id = ?2), 0)",
    )?;
    Ok(stmt.query_row([order_id, user_id], |r| r.get(0))?)
}
