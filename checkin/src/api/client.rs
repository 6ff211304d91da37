//! The typed client of the endpoints the door uses. One non-generic, boxed request
//! path (`Api::send`); a method adds only its parsing. A 401 ends the session here,
//! the one place that decides it.

use std::future::Future;
use std::pin::Pin;

use kabinet_core::{
    AnnulAnswer, AnnulRequest, CheckinEvents, CheckinTickets, RedeemAnswer, RedeemRequest, Role,
    SiteConfig,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

use super::ApiError;
use crate::web;

/// What the door needs of `GET /api/me`: the role (the rest is not read).
#[derive(Deserialize)]
pub struct Me {
    pub role: Role,
}

type Answer = Pin<Box<dyn Future<Output = Result<String, ApiError>>>>;

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

    fn send(&self, method: &'static str, path: String, body: Option<String>) -> Answer {
        let token = self.token.clone();
        Box::pin(async move {
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
            let resp: Response =
                JsFuture::from(web::window().fetch_with_str_and_init(&path, &init))
                    .await
                    .map_err(network)?
                    .unchecked_into();
            let text = JsFuture::from(resp.text().map_err(network)?)
                .await
                .map_err(network)?
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
        parse(self.send("GET", "/api/config".into(), None).await)
    }

    pub async fn me(&self) -> Result<Me, ApiError> {
        parse(self.send("GET", "/api/me".into(), None).await)
    }

    /// Today's events first, then the coming ones, with their counts.
    pub async fn events(&self) -> Result<CheckinEvents, ApiError> {
        parse(self.send("GET", "/api/checkin/events".into(), None).await)
    }

    /// An event's tickets, by holder name or order number (`q` empty: all).
    pub async fn tickets(&self, event_id: i64, q: &str) -> Result<CheckinTickets, ApiError> {
        let mut path = format!("/api/checkin/events/{event_id}/tickets");
        if !q.trim().is_empty() {
            let q: String = js_sys::encode_uri_component(q.trim()).into();
            path.push_str("?q=");
            path.push_str(&q);
        }
        parse(self.send("GET", path, None).await)
    }

    /// One scan. 201 `ok` and 200 `error` are both answers.
    pub async fn redeem(&self, req: &RedeemRequest) -> Result<RedeemAnswer, ApiError> {
        parse(
            self.send("POST", "/api/checkin/redeem".into(), json(req))
                .await,
        )
    }

    pub async fn annul(&self, scan_id: &str) -> Result<AnnulAnswer, ApiError> {
        let body = json(&AnnulRequest {
            scan_id: scan_id.to_string(),
        });
        parse(self.send("POST", "/api/checkin/annul".into(), body).await)
    }
}
