//! The caller's orders: the list with filters and keyset paging, one order, placing
//! an order and acting on one.

use axum::extract::State;
use axum::response::Response;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use kabinet_core::{
    Action, ActionRequest, ErrorBody, Kind, OrderPage, OrderView, PlaceOrder, RepeatDraft, Status,
    StatusGroup,
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::AuthUser;
use crate::domain;
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::routes::http::{respond, Idempotent, ORDERS_PAGE};
use crate::storage::orders::{self, OrderFilter, OrderListRow, Scope};
use crate::storage::Store;
use crate::{views, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(orders_list, orders_create))
        .routes(routes!(orders_get))
        .routes(routes!(orders_act))
        .routes(routes!(orders_repeat))
}

/// A listing's query. Everything is text here and parsed by hand, so that a bad
/// value is answered 422 naming its field.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// `active`, `finished`, or one or more statuses separated by commas.
    status: Option<String>,
    /// One kind: service, request, booking, goods, coworking, hotel, event.
    kind: Option<String>,
    /// Text to find in the number or the service name (case-insensitive).
    q: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Page size, 1 to 100 (default 50).
    limit: Option<String>,
    /// Desk only: one company's orders (company id).
    pub company: Option<String>,
}

fn parse_statuses(s: &str) -> AppResult<Vec<Status>> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if let Ok(group) = part.parse::<StatusGroup>() {
            out.extend(Status::ALL.into_iter().filter(|s| s.group() == group));
        } else {
            out.push(
                part.parse()
                    .map_err(|_| AppError::invalid("status", format!("Unknown status «{part}»")))?,
            );
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn encode_cursor(created_at: i64, id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{created_at}.{id}"))
}

fn decode_cursor(c: &str) -> AppResult<(i64, i64)> {
    let bad = || AppError::invalid("cursor", "The cursor is not one this server gave out");
    let bytes = URL_SAFE_NO_PAD.decode(c).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let (a, b) = text.split_once('.').ok_or_else(bad)?;
    Ok((a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?))
}

/// The longest search text.
const Q_MAX: usize = 200;

impl ListQuery {
    pub fn filter(&self) -> AppResult<OrderFilter> {
        let kind = match self.kind.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(k) => Some(
                k.parse::<Kind>()
                    .map_err(|_| AppError::invalid("kind", format!("Unknown kind «{k}»")))?,
            ),
        };
        // «№ 10016» and «#10016» find order 10016, as the number is shown with «№».
        let q = self
            .q
            .as_deref()
            .map(|q| {
                q.trim()
                    .trim_start_matches(['№', '#'])
                    .trim()
                    .to_lowercase()
            })
            .filter(|q| !q.is_empty());
        if q.as_ref().is_some_and(|q| q.chars().count() > Q_MAX) {
            return Err(AppError::too_long("q", Q_MAX));
        }
        Ok(OrderFilter {
            statuses: self
                .status
                .as_deref()
                .map(parse_statuses)
                .transpose()?
                .unwrap_or_default(),
            kind,
            q,
            before: self
                .cursor
                .as_deref()
                .filter(|c| !c.is_empty())
                .map(decode_cursor)
                .transpose()?,
            limit: ORDERS_PAGE.limit(self.limit.as_deref())?,
        })
    }
}

/// One page of a listing and the cursor of the next, if there is one.
pub async fn page(
    store: &Store,
    viewer_id: i64,
    scope: Scope,
    filter: OrderFilter,
) -> AppResult<(Vec<OrderListRow>, Option<String>)> {
    let limit = filter.limit as usize;
    // One extra row tells whether there is a next page.
    let filter = OrderFilter {
        limit: filter.limit + 1,
        ..filter
    };
    let mut rows = store
        .call(move |c| orders::list(c, viewer_id, scope, &filter))
        .await?;
    let next_cursor = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|r| encode_cursor(r.created_at, r.id))
    } else {
        None
    };
    Ok((rows, next_cursor))
}

/// The caller's orders, newest first, a page at a time.
#[utoipa::path(get, path = "/orders", tag = "orders", params(ListQuery), security(("bearer" = [])),
    responses((status = 200, body = OrderPage), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn orders_list(
    State(state): State<AppState>,
    auth: AuthUser,
    AppQuery(query): AppQuery<ListQuery>,
) -> AppResult<AppJson<OrderPage>> {
    let (rows, next_cursor) = page(&state.store, auth.user.id, Scope::Own, query.filter()?).await?;
    Ok(AppJson(OrderPage {
        items: rows.into_iter().map(views::order_summary).collect(),
        next_cursor,
    }))
}

/// One order with every block its view shows and the actions allowed now.
/// Another user's order is answered 404, as if it did not exist.
#[utoipa::path(get, path = "/orders/{id}", tag = "orders", params(("id" = i64, Path, description = "Order id")),
    security(("bearer" = [])),
    responses((status = 200, body = OrderView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn orders_get(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<OrderView>> {
    let view = domain::orders::view(&state.store, &auth.user, id, state.clock.now()).await?;
    Ok(AppJson(view))
}

/// Takes an action that changes the order's status: confirm or return finished
/// work, close, cancel, and the staff's moves. The order must still be at the
/// `version` the caller saw (409 `stale_version` otherwise). With an
/// `Idempotency-Key` header a repeated request is applied once and answered the same.
#[utoipa::path(post, path = "/orders/{id}/actions", tag = "orders",
    params(("id" = i64, Path, description = "Order id"),
           ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    request_body = ActionRequest, security(("bearer" = [])),
    responses((status = 200, body = OrderView),
              (status = 400, body = ErrorBody, description = "The body is not JSON, or not sent as JSON"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 413, body = ErrorBody, description = "The body is larger than the limit"),
              (status = 422, body = ErrorBody)))]
pub async fn orders_act(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(id): AppPath<i64>,
    req: Idempotent<ActionRequest>,
) -> AppResult<Response> {
    let (once, req) = req.split(auth.user.id);
    let now = state.clock.now();
    let cancels = matches!(req.action, Action::Cancel | Action::StaffCancel);
    let answer = domain::orders::act(
        &state.store,
        &state.hub,
        &state.payments,
        now,
        &auth.user,
        id,
        req,
        once,
    )
    .await?;
    if cancels {
        // A cancellation may have requested refunds.
        state.payments.wake_refunds();
    }
    Ok(respond(answer))
}

/// Places an order of any kind, in «Новый»; staff are notified. The server
/// computes every price (a price sent is ignored) and checks what is free: 409
/// `slot_taken` / `sold_out` when it was sold meanwhile; 422 names the field at
/// fault. Tenants only. With an `Idempotency-Key` header a repeated request places
/// one order.
#[utoipa::path(post, path = "/orders", tag = "orders",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    request_body = PlaceOrder, security(("bearer" = [])),
    responses((status = 201, body = OrderView),
              (status = 400, body = ErrorBody, description = "The body is not JSON, or not sent as JSON"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 409, body = ErrorBody),
              (status = 413, body = ErrorBody, description = "The body is larger than the limit"),
              (status = 422, body = ErrorBody)))]
pub async fn orders_create(
    State(state): State<AppState>,
    auth: AuthUser,
    req: Idempotent<PlaceOrder>,
) -> AppResult<Response> {
    let (once, req) = req.split(auth.user.id);
    let now = state.clock.now();
    let answer = domain::ordering::place(
        &state.store,
        &state.hub,
        &state.tz,
        now,
        &auth.user,
        req,
        once,
    )
    .await?;
    Ok(respond(answer))
}

/// A new order filled in from one of the caller's goods orders or bookings, in
/// any status, at today's prices: items no longer sold are named in `missing`;
/// a booking keeps its time of day on the first day it is still ahead. Another
/// user's order is 404; other kinds 409 `not_for_kind`.
#[utoipa::path(get, path = "/orders/{id}/repeat", tag = "orders", params(("id" = i64, Path, description = "Order id")),
    security(("bearer" = [])),
    responses((status = 200, body = RepeatDraft), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
pub async fn orders_repeat(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<RepeatDraft>> {
    let now = state.clock.now();
    let draft = domain::ordering::repeat(&state.store, &state.tz, now, &auth.user, id).await?;
    Ok(AppJson(draft))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_junk() {
        let c = encode_cursor(1_700_000_000, 42);
        assert_eq!(decode_cursor(&c).unwrap(), (1_700_000_000, 42));
        assert!(decode_cursor("!!").is_err());
        assert!(decode_cursor(&URL_SAFE_NO_PAD.encode("x.y")).is_err());
    }

    #[test]
    fn status_groups_expand() {
        assert_eq!(
            parse_statuses("active").unwrap(),
            vec![
                Status::New,
                Status::InProgress,
                Status::AwaitingConfirmation
            ]
        );
        assert_eq!(
            parse_statuses("done,cancelled").unwrap(),
            vec![Status::Done, Status::Cancelled]
        );
        assert!(parse_statuses("bogus").is_err());
    }
}
