//! The caller's orders: the list with filters and keyset paging, and one order.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use kabinet_core::{
    actor_of, check_action, Action, ActionRequest, ErrorBody, Field, Kind, OrderPage, OrderView,
    PlaceOrder, Role, Status, StatusGroup, TransitionInput, Viewer, COMMENT_MAX,
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::AuthUser;
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::storage::live::{self, Actor};
use crate::storage::{
    bundle, HistoryRow, NewOrder, OrderDetails, OrderFilter, OrderListRow, OrderRow, PersonRow,
    Scope, Store, StoredAnswer, UserRow,
};
use crate::{views, AppState};

pub const PAGE_DEFAULT: u32 = 50;
pub const PAGE_MAX: u32 = 100;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(orders_list, orders_create))
        .routes(routes!(orders_get))
        .routes(routes!(orders_act))
}

/// How `user` sees `order`, or `None` when they may not see it at all.
fn viewer_for(user: &UserRow, order: &OrderRow) -> Option<Viewer> {
    Viewer::for_role(user.role, order.user_id == user.id)
        .filter(|v| *v != Viewer::EventManager || order.kind == Kind::Event)
}

/// The wire name of an action, as recorded in the history.
fn action_name(a: Action) -> String {
    serde_json::to_value(a)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// The actions that change the status; the others have endpoints of their own.
fn changes_status(a: Action) -> bool {
    !matches!(
        a,
        Action::Repeat | Action::Pay | Action::Share | Action::TransferTicket | Action::ShowQr
    )
}

/// The list's query. Everything is text here and parsed by hand, so that a bad
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
    /// Staff desk only: one company's orders (company id).
    pub company: Option<String>,
}

fn parse_statuses(s: &str) -> AppResult<Vec<Status>> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part {
            "active" | "finished" => {
                let group = if part == "active" {
                    StatusGroup::Active
                } else {
                    StatusGroup::Finished
                };
                out.extend(Status::ALL.into_iter().filter(|s| s.group() == group));
            }
            other => out.push(Status::parse(other).ok_or_else(|| {
                AppError::validation("status", format!("Unknown status «{other}»"))
            })?),
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
    let bad = || AppError::validation("cursor", "The cursor is not one this server gave out");
    let bytes = URL_SAFE_NO_PAD.decode(c).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let (a, b) = text.split_once('.').ok_or_else(bad)?;
    Ok((a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?))
}

impl ListQuery {
    pub fn filter(self) -> AppResult<OrderFilter> {
        let limit = match self.limit.as_deref().map(str::trim) {
            None | Some("") => PAGE_DEFAULT,
            Some(l) => l
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=PAGE_MAX).contains(n))
                .ok_or_else(|| {
                    AppError::validation("limit", format!("limit is a number from 1 to {PAGE_MAX}"))
                })?,
        };
        let kind = match self.kind.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(k) => Some(
                Kind::parse(k)
                    .ok_or_else(|| AppError::validation("kind", format!("Unknown kind «{k}»")))?,
            ),
        };
        let q = self
            .q
            .map(|q| q.trim().to_lowercase())
            .filter(|q| !q.is_empty());
        if q.as_ref().is_some_and(|q| q.chars().count() > 200) {
            return Err(AppError::validation(
                "q",
                "The search text is too long (200 characters at most)",
            ));
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
            limit,
        })
    }
}

/// The caller's orders, newest first, a page at a time.
#[utoipa::path(get, path = "/orders", tag = "orders", params(ListQuery), security(("bearer" = [])),
    responses((status = 200, body = OrderPage), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn orders_list(
    State(state): State<AppState>,
    auth: AuthUser,
    AppQuery(query): AppQuery<ListQuery>,
) -> AppResult<AppJson<OrderPage>> {
    let (rows, next_cursor) = page(&state, auth.user.id, Scope::Own, query.filter()?).await?;
    Ok(AppJson(OrderPage {
        items: rows.into_iter().map(views::order_summary).collect(),
        next_cursor,
    }))
}

/// One page of a listing and the cursor of the next, if there is one.
pub async fn page(
    state: &AppState,
    viewer_id: i64,
    scope: Scope,
    filter: OrderFilter,
) -> AppResult<(Vec<OrderListRow>, Option<String>)> {
    let limit = filter.limit as usize;
    // One extra row tells whether there is a next page.
    let mut rows = state
        .store
        .list_orders(
            viewer_id,
            scope,
            OrderFilter {
                limit: filter.limit + 1,
                ..filter
            },
        )
        .await?;
    let next_cursor = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|r| encode_cursor(r.created_at, r.id))
    } else {
        None
    };
    Ok((rows, next_cursor))
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
    let bundle = state
        .store
        .order_bundle(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let viewer = viewer_for(&auth.user, &bundle.order).ok_or(AppError::NotFound)?;
    Ok(AppJson(views::order_view(
        &bundle,
        viewer,
        state.clock.now(),
    )))
}

/// Takes an action that changes the order's status: confirm or return finished
/// work, close, cancel, and the staff's moves. The order must still be at the
/// `version` the caller saw (409 otherwise). With an `Idempotency-Key` header a
/// repeated request is applied once and answered the same.
#[utoipa::path(post, path = "/orders/{id}/actions", tag = "orders",
    params(("id" = i64, Path, description = "Order id"),
           ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    request_body = ActionRequest, security(("bearer" = [])),
    responses((status = 200, body = OrderView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn orders_act(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(id): AppPath<i64>,
    headers: HeaderMap,
    AppJson(req): AppJson<ActionRequest>,
) -> AppResult<Response> {
    let key = idempotency_key(&headers)?;
    if !changes_status(req.action) {
        return Err(AppError::validation(
            "action",
            "This action is not taken through this endpoint",
        ));
    }
    if req.action == Action::Close && req.close_outcome.is_none() {
        return Err(AppError::validation(
            "close_outcome",
            "Choose «Выполнен» or «Неактуален»",
        ));
    }
    let user = auth.user;
    let now = state.clock.now();
    let name = action_name(req.action);
    let request = format!("{id}:{name}:{}:{:?}", req.version, req.close_outcome);
    // A retry is answered from what was stored (checked again in the write below,
    // for a retry racing the original).
    if let Some(previous) = stored_answer(&state, user.id, &key).await? {
        return replay(previous, &request);
    }
    // Everything is checked on a reader; the writer only writes, so that it is
    // never held up by reads.
    let mut b = state
        .store
        .order_bundle(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let viewer = viewer_for(&user, &b.order).ok_or(AppError::NotFound)?;
    if actor_of(req.action) != viewer {
        return Err(AppError::Forbidden);
    }
    let before = b.order.clone();
    let facts = views::facts(&before, &b.service, now);
    let input = TransitionInput {
        close_outcome: req.close_outcome,
    };
    let checked = if before.version != req.version {
        Err(AppError::Conflict(format!(
            "The order has changed since you opened it; it is now «{}». Reload it and try again.",
            before.status.as_str()
        )))
    } else {
        check_action(&facts, viewer, req.action, input)
            .map_err(|e| AppError::Conflict(e.message().to_string()))
    };
    let to = match checked {
        Ok(to) => to,
        Err(e) => {
            // A retry of a request that has just been applied: its answer is
            // stored by now (in the same transaction as the change).
            if let Some(previous) = stored_answer(&state, user.id, &key).await? {
                return replay(previous, &request);
            }
            return Err(e);
        }
    };
    // The answer: the order as it will be once the change is written.
    b.order.status = to;
    b.order.version += 1;
    if name == "check_in" {
        b.order.checked_in_at = Some(now);
    }
    b.history.push(HistoryRow {
        at: now,
        actor: Some(PersonRow {
            id: user.id,
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
            company_name: user.company_name.clone(),
        }),
        action: name.clone(),
        from_status: Some(before.status),
        to_status: to,
    });
    let answer = StoredAnswer {
        request,
        status: 200,
        body: serde_json::to_string(&views::order_view(&b, viewer, now))
            .map_err(|e| AppError::Internal(e.to_string()))?,
    };
    let expected = answer.request.clone();
    let (answer, woken) = state
        .store
        .write(move |c| -> AppResult<(StoredAnswer, Vec<i64>)> {
            if let Some(previous) = replayed(c, user.id, &key)? {
                return Ok((previous, Vec::new()));
            }
            if !Store::set_status(
                c,
                id,
                before.version,
                before.status,
                to,
                Some(user.id),
                &name,
                now,
            )? {
                return Err(AppError::Conflict(
                    "The order has just changed; reload it and try again.".into(),
                ));
            }
            let woken = live::status_changed(c, &before, to, Some(&Actor::of(&user)), &name, now)?;
            if let Some(k) = &key {
                Store::remember_answer(c, user.id, k, &answer, now)?;
            }
            Ok((answer, woken))
        })
        .await?;
    state.hub.wake(woken);
    finish(answer, &expected)
}

/// The `Idempotency-Key` header, if sent.
fn idempotency_key(headers: &HeaderMap) -> AppResult<Option<String>> {
    let Some(v) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    v.to_str()
        .ok()
        .map(str::trim)
        .filter(|k| (1..=200).contains(&k.len()))
        .map(|k| Some(k.to_string()))
        .ok_or_else(|| {
            AppError::validation("Idempotency-Key", "The key is 1 to 200 visible characters")
        })
}

/// Places an order for a simple service or a request, in «Новый»; staff are
/// notified. With an `Idempotency-Key` header a repeated request places one order.
#[utoipa::path(post, path = "/orders", tag = "orders",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    request_body = PlaceOrder, security(("bearer" = [])),
    responses((status = 201, body = OrderView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn orders_create(
    State(state): State<AppState>,
    auth: AuthUser,
    headers: HeaderMap,
    AppJson(req): AppJson<PlaceOrder>,
) -> AppResult<Response> {
    let key = idempotency_key(&headers)?;
    let user = auth.user;
    if user.role != Role::Tenant {
        return Err(AppError::Forbidden);
    }
    let comment = req.comment.trim().to_string();
    if comment.chars().count() > COMMENT_MAX {
        return Err(AppError::validation("comment", "At most 2000 characters"));
    }
    let request = format!("create:{}:{comment}", req.service_id);
    if let Some(previous) = stored_answer(&state, user.id, &key).await? {
        return replay(previous, &request);
    }
    let (service, _) = state
        .store
        .service(req.service_id)
        .await?
        .ok_or_else(|| AppError::validation("service_id", "There is no such service"))?;
    match service.kind {
        Kind::Service => {}
        Kind::Request if !comment.is_empty() => {}
        Kind::Request => {
            return Err(AppError::validation(
                "comment",
                "Describe what needs to be done",
            ))
        }
        _ => {
            return Err(AppError::validation(
                "service_id",
                "This service is ordered through its own form on the portal",
            ))
        }
    }
    let now = state.clock.now();
    let label = if service.kind == Kind::Request {
        "Описание"
    } else {
        "Комментарий"
    };
    let form_fields = if comment.is_empty() {
        Vec::new()
    } else {
        vec![Field {
            label: label.into(),
            value: comment.clone(),
        }]
    };
    let new = NewOrder {
        user_id: user.id,
        service_id: service.id,
        kind: service.kind,
        service_name: service.name.clone(),
        status: Status::New,
        created_at: now,
        service_at: None,
        service_end_at: None,
        total: service.price,
        paid: 0,
        payment_method: None,
        payer: None,
        comment: None,
        details: OrderDetails {
            form_fields,
            ..OrderDetails::default()
        },
        checked_in_at: None,
        awaiting_since: None,
    };
    let expected = request.clone();
    let (answer, woken) = state
        .store
        .write(move |c| -> AppResult<(StoredAnswer, Vec<i64>)> {
            if let Some(previous) = replayed(c, user.id, &key)? {
                return Ok((previous, Vec::new()));
            }
            let id = Store::insert_order(c, &new)?;
            let b = bundle(c, id)?.ok_or(AppError::NotFound)?;
            let woken = live::order_created(c, &b.order, &Actor::of(&user), now)?;
            let answer = StoredAnswer {
                request,
                status: 201,
                body: serde_json::to_string(&views::order_view(&b, Viewer::Owner, now))
                    .map_err(|e| AppError::Internal(e.to_string()))?,
            };
            if let Some(k) = &key {
                Store::remember_answer(c, user.id, k, &answer, now)?;
            }
            Ok((answer, woken))
        })
        .await?;
    state.hub.wake(woken);
    finish(answer, &expected)
}

/// The same, inside the write: the authoritative check, for a retry racing its
/// original.
fn replayed(
    c: &rusqlite::Connection,
    user_id: i64,
    key: &Option<String>,
) -> AppResult<Option<StoredAnswer>> {
    match key {
        Some(k) => Ok(Store::idempotent_answer(c, user_id, k)?),
        None => Ok(None),
    }
}

/// What was answered before to this user's request with this key, if anything.
async fn stored_answer(
    state: &AppState,
    user_id: i64,
    key: &Option<String>,
) -> AppResult<Option<StoredAnswer>> {
    let Some(k) = key.clone() else {
        return Ok(None);
    };
    Ok(state
        .store
        .call(move |c| Store::idempotent_answer(c, user_id, &k))
        .await?)
}

/// The answer of a write: its own, or — when a retry with the same key won the
/// race — the stored one (422 if that key was for another request).
fn finish(answer: StoredAnswer, expected: &str) -> AppResult<Response> {
    if answer.request != expected {
        return replay(answer, expected);
    }
    Ok(answer_response(answer))
}

/// The stored answer to a retry, or 422 when the key was used for another request.
fn replay(previous: StoredAnswer, request: &str) -> AppResult<Response> {
    if previous.request != request {
        return Err(AppError::validation(
            "Idempotency-Key",
            "This key was already used for another request",
        ));
    }
    Ok(answer_response(previous))
}

fn answer_response(answer: StoredAnswer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        answer.body,
    )
        .into_response()
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
