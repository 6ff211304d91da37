//! People search for sharing and passing tickets on, and the companies and
//! communities it can be narrowed to.

use axum::extract::State;
use kabinet_core::{ErrorBody, OrgPage, PeoplePage};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::AuthUser;
use crate::error::{AppJson, AppQuery, AppResult};
use crate::{domain, views, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(users_search))
        .routes(routes!(orgs_search))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PeopleParams {
    /// Part of a first or last name (a word of at least 2 characters; every word
    /// must match).
    q: Option<String>,
    /// Only people of this company or community: `company:3`, `community:1`.
    org: Option<String>,
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
    let rows = domain::people::find_people(
        &state.store,
        &state.directory,
        auth.user.id,
        p.q.as_deref(),
        p.org.as_deref(),
    )
    .await?;
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
    let items = domain::people::find_orgs(&state.store, p.q.as_deref()).await?;
    Ok(AppJson(OrgPage { items }))
}
