//! People: users (with their company), sessions, companies and communities.

use rusqlite::{params, Connection, OptionalExtension, Row};

use kabinet_core::Role;

use super::{search_text, StoreResult};

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

/// A person as shown to others.
#[derive(Clone, Debug)]
pub struct PersonRow {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub company_name: Option<String>,
}

const USER_SELECT: &str = "SELECT u.id, u.email, u.password_hash, u.first_name, u.last_name,
        u.role, u.company_id, co.name AS company_name
   FROM users u LEFT JOIN companies co ON co.id = u.company_id";

fn user_row(r: &Row<'_>) -> rusqlite::Result<UserRow> {
    Ok(UserRow {
        id: r.get("id")?,
        email: r.get("email")?,
        password_hash: r.get("password_hash")?,
        first_name: r.get("first_name")?,
        last_name: r.get("last_name")?,
        role: r.get("role")?,
        company_id: r.get("company_id")?,
        company_name: r.get("company_name")?,
    })
}

/// A person from the columns `<prefix>id`, `<prefix>first_name`,
/// `<prefix>last_name` and `<prefix>company`; absent when the id is NULL (a LEFT
/// JOIN that found nobody).
pub fn person_columns(r: &Row<'_>, prefix: &str) -> rusqlite::Result<Option<PersonRow>> {
    let col = |name: &str| format!("{prefix}{name}");
    Ok(match r.get::<_, Option<i64>>(col("id").as_str())? {
        Some(id) => Some(PersonRow {
            id,
            first_name: r.get(col("first_name").as_str())?,
            last_name: r.get(col("last_name").as_str())?,
            company_name: r.get(col("company").as_str())?,
        }),
        None => None,
    })
}

pub fn is_empty(c: &Connection) -> StoreResult<bool> {
    let n: i64 = c.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
    Ok(n == 0)
}

pub fn by_email(c: &Connection, email: &str) -> StoreResult<Option<UserRow>> {
    Ok(
        c.prepare_cached(&format!("{USER_SELECT} WHERE u.email = ?1"))?
            .query_row([email], user_row)
            .optional()?,
    )
}

pub fn by_id(c: &Connection, id: i64) -> StoreResult<Option<UserRow>> {
    Ok(c.prepare_cached(&format!("{USER_SELECT} WHERE u.id = ?1"))?
        .query_row([id], user_row)
        .optional()?)
}

/// The user of a live session, and when the session expires.
pub fn by_session(
    c: &Connection,
    token_hash: &[u8],
    now: i64,
) -> StoreResult<Option<(UserRow, i64)>> {
    Ok(c.prepare_cached(
        "SELECT u.id, u.email, u.password_hash, u.first_name, u.last_name, u.role,
                u.company_id, co.name AS company_name, s.expires_at
           FROM sessions s JOIN users u ON u.id = s.user_id
           LEFT JOIN companies co ON co.id = u.company_id
          WHERE s.token_hash = ?1 AND s.expires_at > ?2",
    )?
    .query_row(params![token_hash, now], |r| {
        Ok((user_row(r)?, r.get::<_, i64>("expires_at")?))
    })
    .optional()?)
}

pub fn create_session(
    c: &Connection,
    token_hash: &[u8],
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> StoreResult<()> {
    c.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, user_id, now, expires_at],
    )?;
    Ok(())
}

pub fn delete_session(c: &Connection, token_hash: &[u8]) -> StoreResult<()> {
    c.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
    Ok(())
}

/// Drops sessions that ended before `now`; answers how many.
pub fn prune_sessions(c: &Connection, now: i64) -> StoreResult<usize> {
    Ok(
        c.prepare_cached("DELETE FROM sessions WHERE expires_at <= ?1")?
            .execute([now])?,
    )
}

pub fn person(c: &Connection, id: i64) -> StoreResult<Option<PersonRow>> {
    Ok(c.prepare_cached(
        "SELECT u.id, u.first_name, u.last_name, co.name AS company FROM users u
               LEFT JOIN companies co ON co.id = u.company_id WHERE u.id = ?1",
    )?
    .query_row([id], |r| person_columns(r, ""))
    .optional()?
    .flatten())
}

pub fn role(c: &Connection, id: i64) -> StoreResult<Option<Role>> {
    Ok(c.prepare_cached("SELECT role FROM users WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Every user of a role, by id.
pub fn ids_with_role(c: &Connection, role: Role) -> StoreResult<Vec<i64>> {
    let mut stmt = c.prepare_cached("SELECT id FROM users WHERE role = ?1 ORDER BY id")?;
    let rows = stmt.query_map([role], |r| r.get(0))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Every company, by name.
pub fn companies(c: &Connection) -> StoreResult<Vec<(i64, String)>> {
    let mut stmt = c.prepare_cached("SELECT id, name FROM companies ORDER BY name, id")?;
    let rows = stmt.query_map([], |r| Ok((r.get("id")?, r.get("name")?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

pub fn insert_company(c: &Connection, name: &str) -> StoreResult<i64> {
    c.execute("INSERT INTO companies (name) VALUES (?1)", [name])?;
    Ok(c.last_insert_rowid())
}

// Communities filter the people search of sharing (issue 9).
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

/// A new user; the password is already hashed.
pub struct NewUser<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub role: Role,
    pub company_id: Option<i64>,
}

pub fn insert(c: &Connection, u: &NewUser<'_>, now: i64) -> StoreResult<i64> {
    c.execute(
        "INSERT INTO users (email, password_hash, first_name, last_name, search_name, role, company_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            u.email,
            u.password_hash,
            u.first_name,
            u.last_name,
            search_text(&[u.first_name, u.last_name]),
            u.role,
            u.company_id,
            now
        ],
    )?;
    Ok(c.last_insert_rowid())
}
