//! The typed client of the endpoints the door uses. One non-generic, boxed request
//! path (`Api::send`); a method adds only its parsing. A 401 ends the session here,
//! the one place that decides it.

use std::future::Future;
use std::pin::Pin;

use gloo_timers::callback::Timeout;

use kabinet_core::{
    AnnulAnswer, AnnulRequest, CheckinEvents, CheckinTickets, RedeemAnswer, RedeemRequest, Role,
    SiteConfig,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};

use super::ApiError;
use crate::web;

/// What the door needs of `GET /api/me` (`kabinet_core::User`): the role, and
/// the name the top bar shows.
#[derive(Deserialize)]
pub struct Me {
    pub role: Role,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
}

impl Me {
    /// «Егор Миронов» (empty when the account has no name).
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name.trim(), self.last_name.trim())
            .trim()
            .to_string()
    }
}

type Answer = Pin<Box<dyn Future<Output = Result<String, ApiError>>>>;

/// How long a scan or an undo may take, answer read included: on Wi-Fi that is
/// connected but goes nowhere a request can hang for minutes; given up on, a scan
/// becomes «не проверено» and is sent again later with the same scan id.
const QUICK_MS: u32 = 5_000;
/// How long a list may take (they are larger, and nothing waits at the door).
const LOAD_MS: u32 = 15_000;

/// The client, with the tenant app's token (read when made, so a new sign-in in
/// another tab is picked up by the next request).
pub struct Api {
    token: Option<String>,
}

fn network(e: wasm_bindgen::JsValue) -> ApiError {
    // The browser's TypeError says no more than "Failed to fetch".
    ApiError::Network(
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_default(),
    )
}

fn parse<T: DeserializeOwned>(text: Result<String, ApiError>) -> Result<T, ApiError> {
    serde_json::from_str(&text?).map_err(|e| ApiError::Decode(e.to_string()))
}

fn json<B: serde::Serialize>(body: &B) -> Option<String> {
    serde_json::to_string(body).ok()
}

impl Default for Api {
    fn default() -> Api {
        Api::new()
    }
}

impl Api {
    pub fn new() -> Api {
        Api {
            token: web::load::<String>(web::TOKEN_KEY),
        }
    }

    pub fn signed_in(&self) -> bool {
        self.token.is_some()
    }

    fn send(
        &self,
        method: &'static str,
        path: String,
        body: Option<String>,
        timeout_ms: u32,
    ) -> Answer {
        let token = self.token.clone();
        Box::pin(async move {
            let abort = AbortController::new().map_err(network)?;
            // Dropped (cancelled) when the answer has been read.
            let _deadline = {
                let abort = abort.clone();
                Timeout::new(timeout_ms, move || abort.abort())
            };
            let signal = abort.signal();
            // The fetch, or reading its body, rejects with an AbortError.
            let failed = |e: wasm_bindgen::JsValue| {
                if signal.aborted() {
                    ApiError::timed_out()
                } else {
                    network(e)
                }
            };
            let headers = Headers::new().map_err(network)?;
            let _ = headers.set("Accept", "application/json");
            if let Some(t) = &token {
                let _ = headers.set("Authorization", &format!("Bearer {t}"));
            }
            let init = RequestInit::new();
            init.set_method(method);
            if let Some(b) = &body {
                let _ = headers.set("Content-Type", "application/json");
                init.set_body(&b.into());
            }
            init.set_headers(&headers);
            init.set_signal(Some(&abort.signal()));
            let resp: Response =
                JsFuture::from(web::window().fetch_with_str_and_init(&path, &init))
                    .await
                    .map_err(failed)?
                    .unchecked_into();
            let text = JsFuture::from(resp.text().map_err(failed)?)
                .await
                .map_err(failed)?
                .as_string()
                .unwrap_or_default();
            let status = resp.status();
            if (200..300).contains(&status) {
                return Ok(text);
            }
            if status == 401 && token.is_some() {
                web::session_over();
            }
            Err(ApiError::from_http(status, &text))
        })
    }

    /// The site's settings (its time zone).
    pub async fn config(&self) -> Result<SiteConfig, ApiError> {
        parse(self.send("GET", "/api/config".into(), None, LOAD_MS).await)
    }

    pub async fn me(&self) -> Result<Me, ApiError> {
        parse(self.send("GET", "/api/me".into(), None, LOAD_MS).await)
    }

    /// Today's events first, then the coming ones, with their counts.
    pub async fn events(&self) -> Result<CheckinEvents, ApiError> {
        parse(
            self.send("GET", "/api/checkin/events".into(), None, LOAD_MS)
                .await,
        )
    }

    /// An event's tickets, by holder name or order number (`q` empty: all).
    pub async fn tickets(&self, event_id: i64, q: &str) -> Result<CheckinTickets, ApiError> {
        let mut path = format!("/api/checkin/events/{event_id}/tickets");
        if !q.trim().is_empty() {
            let q: String = js_sys::encode_uri_component(q.trim()).into();
            path.push_str("?q=");
            path.push_str(&q);
        }
        parse(self.send("GET", path, None, LOAD_MS).await)
    }

    /// One scan. 201 `ok` and 200 `error` are both answers.
    pub async fn redeem(&self, req: &RedeemRequest) -> Result<RedeemAnswer, ApiError> {
        parse(
            self.send("POST", "/api/checkin/redeem".into(), json(req), QUICK_MS)
                .await,
        )
    }

    pub async fn annul(&self, scan_id: &str) -> Result<AnnulAnswer, ApiError> {
        let body = json(&AnnulRequest {
            scan_id: scan_id.to_string(),
        });
        parse(
            self.send("POST", "/api/checkin/annul".into(), body, QUICK_MS)
                .await,
        )
    }

    /// Ends this session on the server (the token stops working).
    pub async fn logout(&self) -> Result<(), ApiError> {
        self.send("POST", "/api/auth/logout".into(), None, QUICK_MS)
            .await
            .map(|_| ())
    }
}
