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

    async fn start(demo: bool, extra: u32) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::for_tests(dir.path().join("data"));
        config.demo = demo;
        config.demo_extra_orders = extra;
        let state = init_state(config).await.expect("server state");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let app = build_app(state.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
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

/// Every error answer has the one shape: a code and a message.
pub fn assert_error(body: &Value, code: &str) {
    assert_eq!(body["code"], code, "error body {body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "error body has a message: {body}"
    );
}
