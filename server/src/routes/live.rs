//! The live stream: one Server-Sent Events connection per tab, opened with a
//! short-lived ticket, resuming after the last event the client saw.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use kabinet_core::{ErrorBody, LiveEvent, LiveTicket};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::{session_user, AuthUser};
use crate::error::{AppError, AppJson, AppQuery, AppResult};
use crate::storage::events;
use crate::{views, AppState};

/// Events read from the database per round.
const BATCH: u32 = 500;
/// How often an open stream checks that its session still lives.
const SESSION_CHECK: Duration = Duration::from_secs(60);

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(live_ticket))
        .routes(routes!(live_stream))
}

/// A ticket that opens `GET /api/live` for the next five minutes.
#[utoipa::path(post, path = "/live/ticket", tag = "live", security(("bearer" = [])),
    responses((status = 200, body = LiveTicket), (status = 401, body = ErrorBody)))]
pub async fn live_ticket(
    State(state): State<AppState>,
    auth: AuthUser,
) -> AppResult<AppJson<LiveTicket>> {
    let user_id = auth.user.id;
    let last_event_id = state
        .store
        .call(move |c| events::last_id(c, user_id))
        .await?;
    let (ticket, expires_at) = state.tickets.issue(auth.token_hash, state.clock.now());
    Ok(AppJson(LiveTicket {
        ticket,
        expires_at: views::ts(expires_at),
        last_event_id,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct LiveQuery {
    /// From `POST /api/live/ticket`.
    ticket: Option<String>,
    /// Resume after this event id (the `Last-Event-ID` header wins when both are sent).
    last: Option<String>,
}

fn parse_last(s: &str) -> AppResult<i64> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(|| AppError::invalid("last", "last is an event id"))
}

/// The caller's events as `text/event-stream`: each message's `data` is a
/// [`LiveEvent`] and its `id` the number to resume after. Without a resume point
/// the stream starts with what happens next.
#[utoipa::path(get, path = "/live", tag = "live", params(LiveQuery),
    responses((status = 200, content_type = "text/event-stream", body = LiveEvent),
              (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn live_stream(
    State(state): State<AppState>,
    headers: HeaderMap,
    AppQuery(query): AppQuery<LiveQuery>,
) -> AppResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let grant = query
        .ticket
        .as_deref()
        .and_then(|t| state.tickets.check(t, state.clock.now()))
        .ok_or_else(AppError::unauthorized)?;
    let user_id = session_user(&state, &grant.session_hash).await?.id;
    let header_last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.trim().is_empty());
    let resume = match header_last.or(query.last.as_deref()) {
        Some(s) => Some(parse_last(s)?),
        None => None,
    };
    // Subscribe before reading the log, so nothing committed in between is missed.
    let mut wake = state.hub.subscribe();
    let mut closing = state.hub.closing();
    let start = match resume {
        Some(l) => l,
        None => {
            state
                .store
                .call(move |c| events::last_id(c, user_id))
                .await?
        }
    };
    let stream = async_stream::stream! {
        let mut last = start;
        let mut pending = resume.is_some();
        let mut check = tokio::time::interval(SESSION_CHECK);
        check.tick().await;
        // A comment first, so the client's `open` fires at once.
        yield Ok(Event::default().comment("ready"));
        loop {
            while pending {
                let after = last;
                let Ok(batch) = state.store.call(move |c| events::after(c, user_id, after, BATCH)).await else {
                    return;
                };
                match batch {
                    None => {
                        let Ok(top) = state.store.call(move |c| events::last_id(c, user_id)).await else {
                            return;
                        };
                        last = top;
                        let data = serde_json::to_string(&LiveEvent::Reset).unwrap_or_default();
                        yield Ok(Event::default().id(last.to_string()).data(data));
                        pending = false;
                    }
                    Some(events) => {
                        pending = events.len() == BATCH as usize;
                        for (id, payload) in events {
                            last = id;
                            yield Ok(Event::default().id(id.to_string()).data(payload));
                        }
                    }
                }
            }
            tokio::select! {
                woke = wake.recv() => match woke {
                    Ok(users) => pending = users.contains(&user_id),
                    Err(RecvError::Lagged(_)) => pending = true,
                    Err(RecvError::Closed) => return,
                },
                _ = check.tick() => {
                    if session_user(&state, &grant.session_hash).await.is_err() {
                        return;
                    }
                }
                _ = closing.changed() => return,
            }
        }
    };
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(20))))
}
