//! People search for sharing and passing tickets on, and the companies and
//! communities it can be narrowed to.

use axum::extract::State;
use kabinet_core::{ErrorBody, Org, OrgPage, PeoplePage, SEARCH_LIMIT, SEARCH_MIN_CHARS};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::AuthUser;
use crate::directory::PeopleQuery;
use crate::error::{AppError, AppJson, AppQuery, AppResult};
use crate::storage::people;
use crate::{views, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(users_search))
        .routes(routes!(orgs_search))
}

/// The longest search text read.
const QUERY_MAX: usize = 100;

#[derive(Debug, Deserialize, IntoParams)]
pub struct PeopleParams {
    /// Part of a first or last name (at least 2 characters; every word must match).
    q: Option<String>,
    /// Only people of this company or community: `company:3`, `community:1`.
    org: Option<String>,
}

/// Lower-cased words of a search text, checked for length.
fn words(q: Option<&str>, min: usize) -> AppResult<Vec<String>> {
    let q = q.unwrap_or("").trim();
    if q.chars().count() < min {
        return Err(AppError::too_short("q", min));
    }
    if q.chars().count() > QUERY_MAX {
        return Err(AppError::too_long("q", QUERY_MAX));
    }
    // A handful of words is plenty for a name; more only slows the search.
    Ok(q.to_lowercase()
        .split_whitespace()
        .take(4)
        .map(str::to_string)
        .collect())
}

/// Registered people by first or last name (partial, case-insensitive, Cyrillic
/// too), at most 20: name and company only, never staff, never the caller.
#[utoipa::path(get, path = "/users", tag = "people", params(PeopleParams), security(("bearer" = [])),
    responses((status = 200, body = PeoplePage), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn users_search(
    State(state): State<AppState>,
    auth: AuthUser,
    AppQuery(p): AppQuery<PeopleParams>,
) -> AppResult<AppJson<PeoplePage>> {
    let words = words(p.q.as_deref(), SEARCH_MIN_CHARS)?;
    let org = match p.org.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        Some(o) => Some(Org::parse_key(o).ok_or_else(|| {
            AppError::invalid(
                "org",
                "Give a company or community as company:ID or community:ID",
            )
        })?),
        None => None,
    };
    let directory = state.directory.get(&state.store).await?;
    let rows = directory.search(PeopleQuery {
        words: &words,
        org,
        except: auth.user.id,
        limit: SEARCH_LIMIT,
    });
    Ok(AppJson(PeoplePage {
        items: rows.iter().map(views::person).collect(),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct OrgParams {
    /// Part of the name; empty lists the first 20 by name.
    q: Option<String>,
}

/// Companies and communities by partial name (case-insensitive), at most 20.
#[utoipa::path(get, path = "/orgs", tag = "people", params(OrgParams), security(("bearer" = [])),
    responses((status = 200, body = OrgPage), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn orgs_search(
    State(state): State<AppState>,
    _auth: AuthUser,
    AppQuery(p): AppQuery<OrgParams>,
) -> AppResult<AppJson<OrgPage>> {
    let words = words(p.q.as_deref(), 0)?;
    let all = state.store.call(|c| people::orgs(c)).await?;
    let items = all
        .into_iter()
        .filter(|(_, _, name)| {
            let name = name.to_lowercase();
            words.iter().all(|w| name.contains(w.as_str()))
        })
        .take(SEARCH_LIMIT)
        .map(|(kind, id, name)| Org { kind, id, name })
        .collect();
    Ok(AppJson(OrgPage { items }))
}
