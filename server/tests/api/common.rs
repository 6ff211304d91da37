//! Starts the real server on 127.0.0.1:0 against a fresh SQLite file, for the
//! black-box tests.

#![allow(dead_code)]

use kabinet_server::{build_app, init_state, AppState, Config};
use serde_json::{json, Value};

pub struct TestServer {
    pub base: String,
    /// The running server's state: its clock, its jobs.
    pub state: AppState,
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl TestServer {
    /// With the demo data and `extra` more orders for anna.
    pub async fn demo(extra: u32) -> TestServer {
        Self::start(true, extra).await
    }

    pub async fn empty() -> TestServer {
        Self::start(false, 0).await
    }

    /// Without data, with a config changed by `change`.
    pub async fn empty_with(change: impl FnOnce(&mut Config)) -> TestServer {
        Self::start_with(false, 0, change).await
    }

    /// With the demo data and a config changed by `change`.
    pub async fn demo_with(change: impl FnOnce(&mut Config)) -> TestServer {
        Self::start_with(true, 0, change).await
    }

    async fn start(demo: bool, extra: u32) -> TestServer {
        Self::start_with(demo, extra, |_| {}).await
    }

    async fn start_with(demo: bool, extra: u32, change: impl FnOnce(&mut Config)) -> TestServer {
        // The server's errors in the failing test's output.
        let _ = tracing_subscriber::fmt()
            .with_env_filter("kabinet_server=warn")
            .with_test_writer()
            .try_init();
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::for_tests(dir.path().join("data"));
        config.demo = demo;
        config.demo_extra_orders = extra;
        change(&mut config);
        let state = init_state(config).await.expect("server state");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        state.payments.urls.set_bound(addr);
        let app = build_app(state.clone());
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await
        });
        TestServer {
            base: format!("http://{addr}"),
            state,
            client: reqwest::Client::new(),
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn login(&self, email: &str) -> String {
        let r = self
            .client
            .post(self.url("/api/auth/login"))
            .json(&json!({"email": email, "password": "demo"}))
            .send()
            .await
            .expect("login request");
        assert_eq!(r.status(), 200, "login of {email}");
        let v: Value = r.json().await.expect("login json");
        v["token"].as_str().expect("token").to_string()
    }

    /// GET with a bearer token; answers the status and the JSON body.
    pub async fn get(&self, token: &str, path: &str) -> (u16, Value) {
        let r = self
            .client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        let text = r.text().await.expect("body");
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
}

impl TestServer {
    /// POSTs an action; answers the status and the JSON body.
    pub async fn act(&self, token: &str, id: i64, body: Value, key: Option<&str>) -> (u16, Value) {
        let mut req = self
            .client
            .post(self.url(&format!("/api/orders/{id}/actions")))
            .bearer_auth(token)
            .json(&body);
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        let r = req.send().await.expect("request");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }
}

/// Every error answer has the one shape: a code, a stable reason the app words,
/// and a message.
pub fn assert_error(body: &Value, code: &str) {
    assert_eq!(body["code"], code, "error body {body}");
    assert!(
        body["reason"]
            .as_str()
            .is_some_and(|r| r.parse::<kabinet_core::ErrorReason>().is_ok()),
        "error body has a known reason: {body}"
    );
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "error body has a message: {body}"
    );
}

/// An error answer with this code and reason.
pub fn assert_reason(body: &Value, code: &str, reason: &str) {
    assert_error(body, code);
    assert_eq!(body["reason"], reason, "error body {body}");
}

impl TestServer {
    /// POSTs JSON with a bearer token; answers the status and the JSON body.
    pub async fn post(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .client
            .post(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// The id and version of the caller's first order of this kind in this status.
    pub async fn find_order(&self, token: &str, kind: &str, status: &str) -> (i64, i64) {
        let (st, page) = self
            .get(
                token,
                &format!("/api/orders?kind={kind}&status={status}&limit=1"),
            )
            .await;
        assert_eq!(st, 200, "{page}");
        let o = &page["items"][0];
        let id = o["id"]
            .as_i64()
            .unwrap_or_else(|| panic!("a {kind} order in {status}"));
        let (_, v) = self.get(token, &format!("/api/orders/{id}")).await;
        (id, v["version"].as_i64().expect("version"))
    }

    /// Opens the live stream with a fresh ticket, resuming after `last` if given.
    pub async fn live(&self, token: &str, last: Option<i64>) -> LiveClient {
        let (st, t) = self.post(token, "/api/live/ticket", json!({})).await;
        assert_eq!(st, 200, "{t}");
        let mut req = self.client.get(self.url(&format!(
            "/api/live?ticket={}",
            t["ticket"].as_str().expect("ticket")
        )));
        if let Some(l) = last {
            req = req.header("Last-Event-ID", l.to_string());
        }
        let r = req.send().await.expect("live request");
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream"));
        LiveClient {
            body: Box::pin(r.bytes_stream()),
            buf: String::new(),
        }
    }
}

/// The client end of a live stream: parses Server-Sent Events.
pub struct LiveClient {
    body: std::pin::Pin<Box<dyn futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
    buf: String,
}

impl LiveClient {
    /// The next event (its id and JSON data), or None if none comes within `wait`.
    /// Comments and keep-alives are skipped.
    pub async fn next(&mut self, wait: std::time::Duration) -> Option<(i64, Value)> {
        use futures::StreamExt;
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let mut id = None;
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().parse().ok();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if !data.is_empty() {
                    let id = id.expect("every event has an id");
                    return Some((id, serde_json::from_str(&data).expect("event JSON")));
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.body.next())
                .await
                .ok()??;
            self.buf
                .push_str(std::str::from_utf8(&chunk.expect("stream chunk")).expect("utf-8"));
        }
    }

    /// Events until one matches `pred` (within `wait`); panics if none does.
    pub async fn until(
        &mut self,
        wait: std::time::Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Vec<(i64, Value)> {
        let mut seen = Vec::new();
        while let Some(e) = self.next(wait).await {
            let hit = pred(&e.1);
            seen.push(e);
            if hit {
                return seen;
            }
        }
        panic!("no matching event; saw {seen:?}");
    }
}

impl TestServer {
    /// Everything `live` says before a marker pushed now, in order: the user's
    /// marking read of no notification, which their stream always tells.
    pub async fn drain(&self, token: &str, live: &mut LiveClient) -> Vec<(i64, Value)> {
        let (st, _) = self
            .post(
                token,
                "/api/notifications/read",
                serde_json::json!({"ids": [0]}),
            )
            .await;
        assert_eq!(st, 200, "the marker");
        let mut seen = live
            .until(std::time::Duration::from_secs(5), |e| {
                e["type"] == "notifications_read"
            })
            .await;
        seen.pop();
        seen
    }

    /// Uploads `bytes` as `name` for a message of order `id`; answers status and body.
    pub async fn upload(&self, token: &str, id: i64, name: &str, bytes: Vec<u8>) -> (u16, Value) {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_string());
        let form = reqwest::multipart::Form::new().part("file", part);
        let r = self
            .client
            .post(self.url(&format!("/api/orders/{id}/uploads")))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .expect("upload");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Sends a chat message; answers status and body.
    pub async fn send(&self, token: &str, id: i64, body: Value) -> (u16, Value) {
        self.post(token, &format!("/api/orders/{id}/messages"), body)
            .await
    }
}

impl TestServer {
    /// DELETE with a bearer token; answers the status and the JSON body (if any).
    pub async fn delete(&self, token: &str, path: &str) -> (u16, Value) {
        let r = self
            .client
            .delete(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// GET without signing in.
    pub async fn get_anon(&self, path: &str) -> (u16, Value) {
        let r = self
            .client
            .get(self.url(path))
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Registers a tenant; answers the status and the body (token and user on 201).
    pub async fn register(
        &self,
        first: &str,
        last: &str,
        email: &str,
        password: &str,
    ) -> (u16, Value) {
        let r = self
            .client
            .post(self.url("/api/auth/register"))
            .json(&json!({"first_name": first, "last_name": last, "email": email, "password": password}))
            .send()
            .await
            .expect("register");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// The id of the one person a search by `name` finds for `token`'s user.
    pub async fn person_id(&self, token: &str, name: &str) -> i64 {
        let (st, page) = self
            .get(token, &format!("/api/users?q={}", urlencode(name)))
            .await;
        assert_eq!(st, 200, "{page}");
        let items = page["items"].as_array().expect("items");
        assert_eq!(items.len(), 1, "one person named {name}: {page}");
        items[0]["id"].as_i64().expect("id")
    }
}

/// Percent-encodes a query value (Cyrillic names).
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
