//! People for sharing and passing tickets on: every tenant with their company and
//! communities (the directory `crate::directory` searches), companies and
//! communities by name, and which of some ids are tenants.

use rusqlite::Connection;

use kabinet_core::{OrgKind, Role};

use super::users::{person_columns, PersonRow};
use super::StoreResult;

/// A tenant as the people directory keeps them.
#[derive(Clone, Debug)]
pub struct DirectoryRow {
    pub person: PersonRow,
    pub company_id: Option<i64>,
    pub communities: Vec<i64>,
}

/// Every tenant, by last name, first name and id, with their company and
/// communities.
pub fn directory(c: &Connection) -> StoreResult<Vec<DirectoryRow>> {
    let mut members: std::collections::HashMap<i64, Vec<i64>> = Default::default();
    let mut stmt = c.prepare_cached("SELECT community_id, user_id FROM community_members")?;
    for r in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (community, user) = r?;
        members.entry(user).or_default().push(community);
    }
    let mut stmt = c.prepare_cached(
        "SELECT u.id, u.first_name, u.last_name, u.company_id, co.name AS company FROM users u
           LEFT JOIN companies co ON co.id = u.company_id
          WHERE u.role = ?1 ORDER BY u.last_name, u.first_name, u.id",
    )?;
    let rows = stmt.query_map([Role::Tenant], |r| {
        Ok((
            person_columns(r, "")?,
            r.get::<_, Option<i64>>("company_id")?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        if let (Some(person), company_id) = row? {
            out.push(DirectoryRow {
                communities: members.remove(&person.id).unwrap_or_default(),
                company_id,
                person,
            });
        }
    }
    Ok(out)
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
