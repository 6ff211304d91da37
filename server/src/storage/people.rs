//! People search for sharing and passing tickets on: tenants by name, optionally
//! within a company or a community, and companies and communities by name.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};

use kabinet_core::{OrgKind, Role};

use super::users::{person_columns, PersonRow};
use super::StoreResult;

/// Where to look for people.
#[derive(Clone, Copy, Debug)]
pub struct PeopleQuery<'a> {
    /// Lower-cased words; each must appear in "first last".
    pub words: &'a [String],
    pub org: Option<(OrgKind, i64)>,
    /// Left out of the answer (the one asking).
    pub except: i64,
    pub limit: u32,
}

/// Tenants whose name has every word, by last and first name.
pub fn search(c: &Connection, q: PeopleQuery<'_>) -> StoreResult<Vec<PersonRow>> {
    let mut sql = String::from(
        "SELECT u.id, u.first_name, u.last_name, co.name AS company FROM users u
           LEFT JOIN companies co ON co.id = u.company_id
          WHERE u.role = ?1 AND u.id <> ?2",
    );
    let mut args: Vec<Value> = vec![
        Value::Text(Role::Tenant.as_str().into()),
        Value::Integer(q.except),
    ];
    for w in q.words {
        args.push(Value::Text(w.clone()));
        sql.push_str(&format!(" AND instr(u.search_name, ?{}) > 0", args.len()));
    }
    match q.org {
        Some((OrgKind::Company, id)) => {
            args.push(Value::Integer(id));
            sql.push_str(&format!(" AND u.company_id = ?{}", args.len()));
        }
        Some((OrgKind::Community, id)) => {
            args.push(Value::Integer(id));
            sql.push_str(&format!(
                " AND u.id IN (SELECT user_id FROM community_members WHERE community_id = ?{})",
                args.len()
            ));
        }
        None => {}
    }
    args.push(Value::Integer(q.limit.into()));
    sql.push_str(&format!(
        " ORDER BY u.last_name, u.first_name, u.id LIMIT ?{}",
        args.len()
    ));
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), |r| person_columns(r, ""))?;
    Ok(rows
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect())
}

/// Every company and community, by name.
pub fn orgs(c: &Connection) -> StoreResult<Vec<(OrgKind, i64, String)>> {
    let mut stmt = c.prepare_cached(
        "SELECT 'company' AS kind, id, name FROM companies
         UNION ALL SELECT 'community', id, name FROM communities ORDER BY name, kind, id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get("kind")?, r.get("id")?, r.get("name")?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Of `ids`, those that are tenants, with their names.
pub fn tenants(c: &Connection, ids: &[i64]) -> StoreResult<Vec<PersonRow>> {
    let mut out = Vec::with_capacity(ids.len());
    let mut stmt = c.prepare_cached(
        "SELECT u.id, u.first_name, u.last_name, co.name AS company FROM users u
           LEFT JOIN companies co ON co.id = u.company_id WHERE u.id = ?1 AND u.role = 'tenant'",
    )?;
    for id in ids {
        let mut rows = stmt.query_map([id], |r| person_columns(r, ""))?;
        if let Some(p) = rows.next().transpose()?.flatten() {
            out.push(p);
        }
    }
    Ok(out)
}
