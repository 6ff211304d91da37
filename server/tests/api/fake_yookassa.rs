//! A local fake of YooKassa's API v3 for the adapter's tests: payments and refunds
//! in memory, Basic auth and `Idempotence-Key` checked (the same key answers the
//! same object), and the test decides outcomes and posts the webhooks.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde_json::{json, Value};

pub const SHOP: &str = "shop-1";
pub const KEY: &str = "test_secret_key";

/// A request the fake took: method, path, Idempotence-Key, body.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub key: Option<String>,
    pub body: Value,
}

#[derive(Default)]
struct Books {
    payments: HashMap<String, Value>,
    refunds: HashMap<String, Value>,
    keys: HashMap<String, String>,
    seen: Vec<Seen>,
    next: u32,
    /// Creates wait while this is set (a request in flight).
    hold_creates: bool,
    /// Creates answer another amount than asked.
    tamper_creates: bool,
    /// Refund creates answer this status instead (a provider down or refusing).
    refund_failure: Option<u16>,
}

#[derive(Clone)]
pub struct FakeYooKassa {
    /// The API base, `http://127.0.0.1:port/v3`.
    pub base: String,
    books: Arc<Mutex<Books>>,
}

type Shared = Arc<Mutex<Books>>;

fn authorized(headers: &HeaderMap) -> bool {
    let want = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{SHOP}:{KEY}"))
    );
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == want)
}

fn refuse(status: StatusCode, code: &str) -> Response {
    (status, Json(json!({"type": "error", "code": code}))).into_response()
}

fn key_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get("idempotence-key")
        .and_then(|v| v.to_str().ok())
        .map(String::from)
}

async fn create_payment(
    State(b): State<Shared>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if !authorized(&headers) {
        return refuse(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    let Some(key) = key_of(&headers) else {
        return refuse(StatusCode::BAD_REQUEST, "invalid_request");
    };
    b.lock().unwrap().seen.push(Seen {
        method: "POST".into(),
        path: "/payments".into(),
        key: Some(key.clone()),
        body: body.clone(),
    });
    // Held by the test: the create is in flight until it lets go (ten seconds
    // at most, so that a failing test does not hang).
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while b.lock().unwrap().hold_creates && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let mut b = b.lock().unwrap();
    if let Some(p) = b.keys.get(&key).and_then(|id| b.payments.get(id)) {
        return Json(p.clone()).into_response();
    }
    b.next += 1;
    let id = format!("2f{:06}-000f-5000-9000-1b68e7b15f3f", b.next);
    let amount = if b.tamper_creates {
        json!({"value": "1.00", "currency": "RUB"})
    } else {
        body["amount"].clone()
    };
    let p = json!({
        "id": id,
        "status": "pending",
        "paid": false,
        "amount": amount,
        "confirmation": {"type": "redirect", "confirmation_url": format!("https://yoomoney.example/checkout/{id}")},
        "description": body["description"],
        "metadata": body["metadata"],
        "test": true
    });
    b.keys.insert(key, id.clone());
    b.payments.insert(id, p.clone());
    Json(p).into_response()
}

async fn get_payment(
    State(b): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if !authorized(&headers) {
        return refuse(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    let mut b = b.lock().unwrap();
    b.seen.push(Seen {
        method: "GET".into(),
        path: format!("/payments/{id}"),
        key: None,
        body: Value::Null,
    });
    match b.payments.get(&id) {
        Some(p) => Json(p.clone()).into_response(),
        None => refuse(StatusCode::NOT_FOUND, "not_found"),
    }
}

async fn create_refund(
    State(b): State<Shared>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if !authorized(&headers) {
        return refuse(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    let Some(key) = key_of(&headers) else {
        return refuse(StatusCode::BAD_REQUEST, "invalid_request");
    };
    let mut b = b.lock().unwrap();
    b.seen.push(Seen {
        method: "POST".into(),
        path: "/refunds".into(),
        key: Some(key.clone()),
        body: body.clone(),
    });
    if let Some(status) = b.refund_failure {
        let status = StatusCode::from_u16(status).unwrap();
        return refuse(status, "refused_by_the_fake");
    }
    if let Some(r) = b.keys.get(&key).and_then(|id| b.refunds.get(id)) {
        return Json(r.clone()).into_response();
    }
    let payment_id = body["payment_id"].as_str().unwrap_or("").to_string();
    if b.payments.get(&payment_id).map(|p| p["status"].clone()) != Some(json!("succeeded")) {
        return refuse(StatusCode::BAD_REQUEST, "invalid_request");
    }
    b.next += 1;
    let id = format!("rf{:06}-0015-5000-9000-1b68e7b15f3f", b.next);
    let r =
        json!({"id": id, "payment_id": payment_id, "status": "pending", "amount": body["amount"]});
    b.keys.insert(key, id.clone());
    b.refunds.insert(id, r.clone());
    Json(r).into_response()
}

async fn get_refund(
    State(b): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if !authorized(&headers) {
        return refuse(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    let mut b = b.lock().unwrap();
    b.seen.push(Seen {
        method: "GET".into(),
        path: format!("/refunds/{id}"),
        key: None,
        body: Value::Null,
    });
    match b.refunds.get(&id) {
        Some(r) => Json(r.clone()).into_response(),
        None => refuse(StatusCode::NOT_FOUND, "not_found"),
    }
}

impl FakeYooKassa {
    pub async fn start() -> FakeYooKassa {
        let books: Shared = Arc::default();
        let app = Router::new()
            .route("/v3/payments", post(create_payment))
            .route("/v3/payments/{id}", get(get_payment))
            .route("/v3/refunds", post(create_refund))
            .route("/v3/refunds/{id}", get(get_refund))
            .with_state(books.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        FakeYooKassa {
            base: format!("http://{addr}/v3"),
            books,
        }
    }

    /// Every request taken, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.books.lock().unwrap().seen.clone()
    }

    /// Creates wait (in flight) while `hold` is true.
    pub fn hold_creates(&self, hold: bool) {
        self.books.lock().unwrap().hold_creates = hold;
    }

    /// Creates answer a payment of another amount than asked.
    pub fn tamper_creates(&self) {
        self.books.lock().unwrap().tamper_creates = true;
    }

    /// Refund creates answer this HTTP status (None: as usual).
    pub fn fail_refunds(&self, status: Option<u16>) {
        self.books.lock().unwrap().refund_failure = status;
    }

    /// How many requests of this method and path the fake took.
    pub fn count(&self, method: &str, path: &str) -> usize {
        self.seen()
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .count()
    }

    pub fn payment_count(&self) -> usize {
        self.books.lock().unwrap().payments.len()
    }

    pub fn refunds(&self) -> Vec<Value> {
        self.books
            .lock()
            .unwrap()
            .refunds
            .values()
            .cloned()
            .collect()
    }

    /// The user paid (or gave up) at YooKassa.
    pub fn set_payment_status(&self, id: &str, status: &str) {
        let mut b = self.books.lock().unwrap();
        let p = b.payments.get_mut(id).expect("a fake payment");
        p["status"] = json!(status);
        p["paid"] = json!(status == "succeeded");
    }

    pub fn set_refund_status(&self, id: &str, status: &str) {
        let mut b = self.books.lock().unwrap();
        b.refunds.get_mut(id).expect("a fake refund")["status"] = json!(status);
    }

    /// Posts YooKassa's notification to Kabinet; answers the status.
    pub async fn notify(&self, kabinet: &str, event: &str, object: Value) -> u16 {
        let body = json!({"type": "notification", "event": event, "object": object});
        reqwest::Client::new()
            .post(format!("{kabinet}/api/payments/webhook/yookassa"))
            .json(&body)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }
}
