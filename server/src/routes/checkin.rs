//! The door: a ticket's entry code for its holder, and the check-in app's events,
//! tickets, redeem and undo.

use axum::extract::State;
use axum::http::StatusCode;
use kabinet_core::{
    AnnulAnswer, AnnulRequest, CheckinEvents, CheckinTickets, ErrorBody, RedeemAnswer,
    RedeemRequest, TicketCode,
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::{AuthUser, DoorUser};
use crate::error::{AppJson, AppPath, AppQuery, AppResult};
use crate::{domain, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(ticket_code_get))
        .routes(routes!(checkin_events_list))
        .routes(routes!(checkin_tickets_list))
        .routes(routes!(checkin_redeem))
        .routes(routes!(checkin_annul))
}

/// «QR-билета»: the ticket's entry code, for its holder only (an event ticket's
/// owner, a coworking ticket's visitor) and only while it can be used (409
/// otherwise). The code is issued on the first call and stays the same until the
/// ticket is passed on or cancelled.
#[utoipa::path(get, path = "/orders/{id}/ticket-code", tag = "checkin", params(("id" = i64, Path, description = "Order id")),
    security(("bearer" = [])),
    responses((status = 200, body = TicketCode), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
pub async fn ticket_code_get(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<TicketCode>> {
    let now = state.clock.now();
    let code =
        domain::checkin::ticket_code(&state.store, &state.link_key, &auth.user, id, now).await?;
    Ok(AppJson(code))
}

/// The check-in app's events: today's first (check-in is open), then the upcoming
/// ones, each with «отмечено N из M». Event managers and staff only.
#[utoipa::path(get, path = "/checkin/events", tag = "checkin", security(("bearer" = [])),
    responses((status = 200, body = CheckinEvents), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn checkin_events_list(
    State(state): State<AppState>,
    DoorUser(user): DoorUser,
) -> AppResult<AppJson<CheckinEvents>> {
    let now = state.clock.now();
    let events = domain::checkin::events(&state.store, &state.tz, &user, now).await?;
    Ok(AppJson(events))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct TicketParams {
    /// Words of the holder's name or the order number; every word must match.
    q: Option<String>,
}

/// An event's tickets, by holder name or order number (at most 50), to check a
/// visitor without a phone in by hand.
#[utoipa::path(get, path = "/checkin/events/{id}/tickets", tag = "checkin", params(("id" = i64, Path, description = "Event id"), TicketParams),
    security(("bearer" = [])),
    responses((status = 200, body = CheckinTickets), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn checkin_tickets_list(
    State(state): State<AppState>,
    DoorUser(user): DoorUser,
    AppPath(id): AppPath<i64>,
    AppQuery(p): AppQuery<TicketParams>,
) -> AppResult<AppJson<CheckinTickets>> {
    let tickets = domain::checkin::tickets(&state.store, &user, id, p.q).await?;
    Ok(AppJson(tickets))
}

/// One scan at an event's door (a code, or a ticket picked by hand): 201 with
/// `status: ok` admits the visitor; 200 with `status: error` says why not
/// (invalid, already_redeemed with when and by whom, canceled, revoked,
/// wrong_event, invalid_time). Every scan is logged; the same `scan_id` again gets
/// the same answer and changes nothing. Event managers and staff only (403).
#[utoipa::path(post, path = "/checkin/redeem", tag = "checkin", request_body = RedeemRequest, security(("bearer" = [])),
    responses((status = 201, body = RedeemAnswer), (status = 200, body = RedeemAnswer, description = "Not admitted, or a retry"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn checkin_redeem(
    State(state): State<AppState>,
    DoorUser(user): DoorUser,
    AppJson(req): AppJson<RedeemRequest>,
) -> AppResult<(StatusCode, AppJson<RedeemAnswer>)> {
    let now = state.clock.now();
    let (status, answer) =
        domain::checkin::redeem(&state.store, &state.hub, &state.tz, &user, req, now).await?;
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    Ok((status, AppJson(answer)))
}

/// Undoes a check-in within ten minutes (409 `annul_too_late` after): the ticket
/// is back in its previous status. Only whoever scanned it, or staff.
#[utoipa::path(post, path = "/checkin/annul", tag = "checkin", request_body = AnnulRequest, security(("bearer" = [])),
    responses((status = 200, body = AnnulAnswer), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn checkin_annul(
    State(state): State<AppState>,
    DoorUser(user): DoorUser,
    AppJson(req): AppJson<AnnulRequest>,
) -> AppResult<AppJson<AnnulAnswer>> {
    let now = state.clock.now();
    let answer = domain::checkin::annul(&state.store, &state.hub, &user, req, now).await?;
    Ok(AppJson(answer))
}
