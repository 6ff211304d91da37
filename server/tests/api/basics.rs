//! Black-box tests of the REST API over real HTTP: login, paging, filters, search,
//! authorization and malformed input.

use std::collections::HashSet;

use crate::common::{assert_error, TestServer};
use serde_json::{json, Value};

const ANNA: &str = "anna@alfa.example";
const VERA: &str = "vera@beta.example";

#[tokio::test]
async fn health_and_config_answer_without_login() {
    let s = TestServer::empty().await;
    let (st, body) = s.get("", "/api/health").await;
    assert_eq!((st, body["status"].as_str()), (200, Some("ok")));
    let (st, body) = s.get("", "/api/config").await;
    assert_eq!(st, 200);
    assert_eq!(body["time_zone"], "Europe/Moscow");
}

#[tokio::test]
async fn login_me_and_logout() {
    let s = TestServer::demo(0).await;
    let token = s.login(ANNA).await;
    let (st, me) = s.get(&token, "/api/me").await;
    assert_eq!(st, 200);
    assert_eq!(me["email"], ANNA);
    assert_eq!(me["role"], "tenant");
    assert_eq!(me["company"]["name"], "Альфа");
    // E-mail is case-insensitive.
    s.login("Anna@Alfa.Example").await;

    let r = s
        .client
        .post(s.url("/api/auth/logout"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let (st, body) = s.get(&token, "/api/me").await;
    assert_eq!(st, 401, "a revoked token stops working");
    assert_error(&body, "unauthorized");
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_401() {
    let s = TestServer::demo(0).await;
    for (email, password) in [(ANNA, "wrong"), ("nobody@alfa.example", "demo")] {
        let r = s
            .client
            .post(s.url("/api/auth/login"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        let body: Value = r.json().await.unwrap();
        assert_error(&body, "unauthorized");
        assert_eq!(body["message"], "Wrong e-mail or password");
    }
}

#[tokio::test]
async fn malformed_login_bodies_are_clear_errors() {
    let s = TestServer::demo(0).await;
    let post = |body: &'static str, ct: &'static str| {
        s.client
            .post(s.url("/api/auth/login"))
            .header("content-type", ct)
            .body(body)
            .send()
    };
    let r = post("{not json", "application/json").await.unwrap();
    assert_eq!(r.status(), 400);
    assert_error(&r.json().await.unwrap(), "bad_request");

    let r = post(r#"{"email":"a@b.c"}"#, "application/json")
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_error(&body, "validation");
    assert_eq!(body["field"], "password");

    let r = post(r#"{"email":1,"password":"x"}"#, "application/json")
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "email");

    let r = post(r#"{"email":"","password":"x"}"#, "application/json")
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "email");

    let r = post(r#"{"email":"a@b.c","password":"x"}"#, "text/plain")
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn oversized_bodies_and_wrong_methods_get_the_error_shape() {
    let s = TestServer::demo(0).await;
    let big = format!(
        "{{\"email\":\"a@b.c\",\"password\":\"{}\"}}",
        "x".repeat(2 * 1024 * 1024)
    );
    let r = s
        .client
        .post(s.url("/api/auth/login"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let body: Value = r.json().await.unwrap();
    assert_error(&body, "payload_too_large");
    assert!(
        body["message"].as_str().unwrap().contains("1 MB"),
        "names the limit: {body}"
    );

    let r = s.client.delete(s.url("/api/orders")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    assert_error(&r.json().await.unwrap(), "method_not_allowed");

    // Query text that is not UTF-8 is read leniently and simply finds nothing.
    let token = s.login(ANNA).await;
    let (st, body) = s.get(&token, "/api/orders?q=%FF%FE").await;
    assert_eq!(st, 200, "{body}");
    assert_eq!(body["items"], json!([]));
}

#[tokio::test]
async fn protected_endpoints_need_a_valid_token() {
    let s = TestServer::demo(0).await;
    for path in [
        "/api/me",
        "/api/orders",
        "/api/orders/1",
        "/api/services",
        "/api/services/1",
    ] {
        let (st, body) = s.get("", path).await;
        assert_eq!(st, 401, "{path} without a token");
        assert_error(&body, "unauthorized");
        let (st, _) = s.get("forged-token", path).await;
        assert_eq!(st, 401, "{path} with a forged token");
    }
}

/// Walks every page of a listing and answers the ids in order.
async fn all_pages(s: &TestServer, token: &str, query: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..1000 {
        let sep = if query.is_empty() { "" } else { "&" };
        let path = match &cursor {
            Some(c) => format!("/api/orders?{query}{sep}cursor={c}"),
            None => format!("/api/orders?{query}"),
        };
        let (st, page) = s.get(token, &path).await;
        assert_eq!(st, 200, "{path}: {page}");
        out.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return out,
        }
    }
    panic!("paging did not end");
}

#[tokio::test]
async fn paging_walks_every_order_once_newest_first() {
    let s = TestServer::demo(130).await;
    let token = s.login(ANNA).await;
    let (_, first) = s.get(&token, "/api/orders").await;
    assert_eq!(
        first["items"].as_array().unwrap().len(),
        50,
        "default page is 50"
    );

    let items = all_pages(&s, &token, "limit=17").await;
    // Anna's demo orders: 35 of every kind and status, 4 more, and the 130 extra.
    assert_eq!(items.len(), 35 + 4 + 130);
    let ids: HashSet<i64> = items.iter().map(|o| o["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), items.len(), "no order twice");
    let created: Vec<&str> = items
        .iter()
        .map(|o| o["created_at"].as_str().unwrap())
        .collect();
    let mut sorted = created.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(created, sorted, "newest first");
    for o in &items {
        for key in [
            "id",
            "number",
            "kind",
            "status",
            "service_name",
            "created_at",
        ] {
            assert!(!o[key].is_null(), "order has {key}: {o}");
        }
    }
}

#[tokio::test]
async fn filters_by_status_group_status_and_kind() {
    let s = TestServer::demo(0).await;
    let token = s.login(ANNA).await;
    let active = all_pages(&s, &token, "status=active").await;
    assert!(!active.is_empty());
    assert!(active
        .iter()
        .all(|o| ["new", "in_progress", "awaiting_confirmation"]
            .contains(&o["status"].as_str().unwrap())));
    let finished = all_pages(&s, &token, "status=finished").await;
    assert!(finished
        .iter()
        .all(|o| ["done", "cancelled", "refund_pending"].contains(&o["status"].as_str().unwrap())));
    let all = all_pages(&s, &token, "").await;
    assert_eq!(active.len() + finished.len(), all.len());

    let hotels = all_pages(&s, &token, "kind=hotel").await;
    assert_eq!(hotels.len(), 5, "one hotel order per hotel status");
    assert!(hotels.iter().all(|o| o["kind"] == "hotel"));

    let both = all_pages(&s, &token, "kind=booking&status=done,cancelled").await;
    assert!(!both.is_empty());
    assert!(both.iter().all(|o| o["kind"] == "booking"
        && ["done", "cancelled"].contains(&o["status"].as_str().unwrap())));
}

#[tokio::test]
async fn search_by_name_is_case_insensitive_for_cyrillic_and_finds_numbers() {
    let s = TestServer::demo(0).await;
    let token = s.login(ANNA).await;
    let lower = all_pages(&s, &token, "q=переговорная").await;
    let upper = all_pages(&s, &token, "q=ПЕРЕГОВОРНАЯ").await;
    let mixed = all_pages(&s, &token, "q=%20ПеРеГоВоРнАя%20").await;
    assert!(
        lower.len() >= 6,
        "five Java bookings and one Python: {}",
        lower.len()
    );
    assert_eq!(lower, upper);
    assert_eq!(lower, mixed);
    assert!(lower.iter().all(|o| o["service_name"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("переговорная")));

    let some = &lower[0];
    let number = some["number"].as_str().unwrap();
    let by_number = all_pages(&s, &token, &format!("q={number}")).await;
    assert!(by_number.iter().any(|o| o["id"] == some["id"]));
    // As the number is shown: «№ 10003».
    for shown in [
        format!("%E2%84%96{number}"),
        format!("%E2%84%96%20{number}"),
    ] {
        let found = all_pages(&s, &token, &format!("q={shown}")).await;
        assert_eq!(found, by_number, "{shown}");
    }

    let none = all_pages(&s, &token, "q=такого-нет").await;
    assert!(none.is_empty());
}

#[tokio::test]
async fn bad_list_parameters_name_their_field() {
    let s = TestServer::demo(0).await;
    let token = s.login(ANNA).await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=abc", "limit"),
        ("status=bogus", "status"),
        ("kind=spaceship", "kind"),
        ("cursor=%%%", "cursor"),
        ("cursor=bm90LWEtY3Vyc29y", "cursor"),
    ] {
        let (st, body) = s.get(&token, &format!("/api/orders?{query}")).await;
        assert_eq!(st, 422, "{query}: {body}");
        assert_error(&body, "validation");
        assert_eq!(body["field"], field, "{query}");
    }
    let long = "я".repeat(201);
    let (st, body) = s.get(&token, &format!("/api/orders?q={long}")).await;
    assert_eq!((st, body["field"].as_str()), (422, Some("q")));
}

#[tokio::test]
async fn another_users_order_is_404() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let vera = s.login(VERA).await;
    let (_, page) = s.get(&anna, "/api/orders?limit=5").await;
    let id = page["items"][0]["id"].as_i64().unwrap();
    let (st, _) = s.get(&anna, &format!("/api/orders/{id}")).await;
    assert_eq!(st, 200);
    let (st, body) = s.get(&vera, &format!("/api/orders/{id}")).await;
    assert_eq!(st, 404);
    assert_error(&body, "not_found");
    // Vera's list has only her own orders.
    let (_, vp) = s.get(&vera, "/api/orders").await;
    let vera_ids: Vec<i64> = vp["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect();
    assert_eq!(vera_ids.len(), 3);
    assert!(!vera_ids.contains(&id));
    // Same answer as for an order that does not exist.
    let (st, missing) = s.get(&vera, "/api/orders/999999").await;
    assert_eq!(st, 404);
    assert_eq!(body, missing);
}

#[tokio::test]
async fn malformed_paths_and_unknown_endpoints_are_json_404() {
    let s = TestServer::demo(0).await;
    let token = s.login(ANNA).await;
    for path in [
        "/api/orders/abc",
        "/api/orders/-1",
        "/api/orders/99999999999999999999",
        "/api/nope",
        "/api",
    ] {
        let (st, body) = s.get(&token, path).await;
        assert_eq!(st, 404, "{path}");
        assert_error(&body, "not_found");
    }
}

/// Finds anna's order of `kind` in `status`.
async fn order_of(s: &TestServer, token: &str, kind: &str, status: &str) -> Value {
    let items = all_pages(s, token, &format!("kind={kind}&status={status}")).await;
    let id = items[0]["id"].as_i64().unwrap();
    let (st, body) = s.get(token, &format!("/api/orders/{id}")).await;
    assert_eq!(st, 200);
    body
}

#[tokio::test]
async fn order_views_carry_the_blocks_of_their_kind() {
    let s = TestServer::demo(0).await;
    let t = s.login(ANNA).await;

    let service = order_of(&s, &t, "service", "awaiting_confirmation").await;
    assert!(!service["form_fields"].as_array().unwrap().is_empty());
    assert!(
        service["service_at"].is_null(),
        "a simple service has no service time"
    );
    assert!(service["payment"].is_null());
    assert_eq!(
        service["actions"],
        json!(["confirm_completion", "return_to_work"])
    );
    assert_eq!(
        service["service"]["additional"]["title"],
        "Рекомендуемые услуги"
    );

    let booking = order_of(&s, &t, "booking", "in_progress").await;
    assert!(!booking["service_at"].is_null());
    assert_eq!(booking["items"][0]["name"], "Переговорная Java");
    let visitors: Vec<&str> = booking["visitors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(visitors, ["Анна Иванова", "Борис Петров", "Вера Сидорова"]);
    // «Поделиться» on an active booking.
    assert!(booking["actions"]
        .as_array()
        .unwrap()
        .contains(&json!("share")));
    assert_eq!(booking["service"]["additional"]["title"], "Закажите еще");

    let goods = order_of(&s, &t, "goods", "new").await;
    assert_eq!(goods["delivery_place"]["building"], "Корпус А");
    assert_eq!(goods["items"].as_array().unwrap().len(), 3);
    let total: i64 = goods["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["total"]["amount"].as_i64().unwrap())
        .sum();
    assert_eq!(goods["payment"]["total"]["amount"].as_i64().unwrap(), total);

    let coworking = order_of(&s, &t, "coworking", "new").await;
    assert_eq!(coworking["ticket"]["visitor"]["name"], "Анна Иванова");
    // «Отправить билет» on an active coworking ticket before its day is over.
    assert!(coworking["actions"]
        .as_array()
        .unwrap()
        .contains(&json!("transfer_ticket")));

    let hotel = order_of(&s, &t, "hotel", "in_progress").await;
    assert!(hotel["hotel"]["room"].as_str().unwrap().contains("214"));
    assert!(
        hotel["service_at"].is_null(),
        "hotel shows check-in/out, not a service time"
    );

    let event = order_of(&s, &t, "event", "new").await;
    assert!(
        event["service"]["additional"].is_null(),
        "event tickets have no additional services"
    );
    // A ticket for next week's meetup: cancelling, and «QR-билета».
    assert_eq!(event["actions"], json!(["cancel", "show_qr"]));

    // Done and cancelled orders offer nothing but «Повторить заказ» (goods and
    // bookings).
    let done_goods = order_of(&s, &t, "goods", "done").await;
    assert_eq!(done_goods["actions"], json!(["repeat"]));
    let cancelled_service = order_of(&s, &t, "service", "cancelled").await;
    assert_eq!(cancelled_service["actions"], json!([]));
}

#[tokio::test]
async fn prepaid_orders_show_the_remainder() {
    let s = TestServer::demo(0).await;
    let t = s.login(ANNA).await;
    let all = all_pages(&s, &t, "status=active").await;
    let mut found = false;
    for o in all {
        let (_, v) = s.get(&t, &format!("/api/orders/{}", o["id"])).await;
        let Some(p) = v["payment"].as_object() else {
            continue;
        };
        let total = p["total"]["amount"].as_i64().unwrap();
        let paid = p["paid"]["amount"].as_i64().unwrap();
        assert_eq!(p["remainder"]["amount"].as_i64().unwrap(), total - paid);
        // «Оплатить» is offered while something is left to pay.
        let pay = v["actions"].as_array().unwrap().contains(&json!("pay"));
        assert_eq!(pay, total > paid, "{v}");
        found |= paid > 0 && paid < total;
    }
    assert!(found, "the demo has a prepaid order with a remainder");
}

#[tokio::test]
async fn a_non_cancellable_service_says_why() {
    let s = TestServer::demo(0).await;
    let t = s.login(ANNA).await;
    let python = all_pages(&s, &t, "q=python").await;
    let (_, v) = s.get(&t, &format!("/api/orders/{}", python[0]["id"])).await;
    assert_eq!(v["cancel_block"], "not_cancellable");
    assert!(!v["actions"].as_array().unwrap().contains(&json!("cancel")));
    let java = order_of(&s, &t, "booking", "new").await;
    assert!(java["cancel_block"].is_null());
    assert!(java["actions"]
        .as_array()
        .unwrap()
        .contains(&json!("cancel")));
}

#[tokio::test]
async fn catalogue_lists_services_of_every_kind() {
    let s = TestServer::demo(0).await;
    let t = s.login(ANNA).await;
    let (st, list) = s.get(&t, "/api/services").await;
    assert_eq!(st, 200);
    let kinds: HashSet<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 7);
    let coffee = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Кофе в офис")
        .unwrap();
    let (st, one) = s.get(&t, &format!("/api/services/{}", coffee["id"])).await;
    assert_eq!(st, 200);
    assert_eq!(one["service"], Value::Null);
    assert_eq!(one["additional"]["services"].as_array().unwrap().len(), 7);
    let (st, _) = s.get(&t, "/api/services/424242").await;
    assert_eq!(st, 404);
}

#[tokio::test]
async fn openapi_covers_every_endpoint() {
    let s = TestServer::empty().await;
    let (st, doc) = s.get("", "/api/openapi.json").await;
    assert_eq!(st, 200);
    let paths: HashSet<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    for p in [
        "/api/health",
        "/api/config",
        "/api/auth/login",
        "/api/auth/logout",
        "/api/me",
        "/api/orders",
        "/api/orders/{id}",
        "/api/orders/{id}/actions",
        "/api/services",
        "/api/services/{id}",
        "/api/desk/orders",
    ] {
        assert!(paths.contains(p), "openapi has {p}: {paths:?}");
    }
    assert!(doc["components"]["schemas"]["OrderView"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn user_text_comes_back_exactly_as_stored() {
    // The request's description holds markup; the API hands it back as text, the
    // app renders it as text (checked end to end).
    let s = TestServer::demo(0).await;
    let t = s.login(ANNA).await;
    let v = order_of(&s, &t, "request", "new").await;
    let descr = v["form_fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["label"] == "Описание")
        .unwrap();
    assert!(descr["value"].as_str().unwrap().contains("<b>Срочно</b>"));
}

#[tokio::test]
async fn security_headers_are_sent() {
    let s = TestServer::empty().await;
    let r = s.client.get(s.url("/api/health")).send().await.unwrap();
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .starts_with("frame-ancestors 'self'"));
}

#[tokio::test]
async fn every_answer_names_its_request() {
    let s = TestServer::empty().await;
    let a = s.client.get(s.url("/api/health")).send().await.unwrap();
    let b = s.client.get(s.url("/api/nope")).send().await.unwrap();
    let id = |r: &reqwest::Response| r.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(!id(&a).is_empty());
    assert_ne!(id(&a), id(&b), "each request has its own id");
    // A client cannot choose the id its request is logged under.
    let forged = s
        .client
        .get(s.url("/api/health"))
        .header("x-request-id", "forged")
        .send()
        .await
        .unwrap();
    assert_ne!(id(&forged), "forged");
}

#[tokio::test]
async fn the_app_is_served_precompressed_with_client_routes_and_caching() {
    let dist = tempfile::tempdir().unwrap();
    let d = dist.path().to_path_buf();
    std::fs::write(
        d.join("index.html"),
        "<!doctype html><title>Kabinet</title>",
    )
    .unwrap();
    std::fs::write(d.join("app-abc123.wasm"), b"\0asm plain").unwrap();
    std::fs::write(d.join("app-abc123.wasm.br"), b"brotli bytes").unwrap();
    std::fs::write(d.join("app-abc123.wasm.gz"), b"gzip bytes").unwrap();
    let s = TestServer::demo_with(move |c| c.static_dir = d).await;
    let get = |path: &str, enc: &'static str| {
        s.client
            .get(s.url(path))
            .header("accept-encoding", enc)
            .send()
    };
    let r = get("/app-abc123.wasm", "gzip, br").await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-encoding"], "br");
    assert_eq!(r.headers()["content-type"], "application/wasm");
    assert!(r.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"brotli bytes");
    let r = get("/app-abc123.wasm", "gzip").await.unwrap();
    assert_eq!(r.headers()["content-encoding"], "gzip");
    let r = get("/app-abc123.wasm", "identity").await.unwrap();
    assert!(r.headers().get("content-encoding").is_none());
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"\0asm plain");
    // A client route is the app; a missing file is a JSON 404.
    for path in ["/", "/orders/3", "/desk"] {
        let r = get(path, "identity").await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()["cache-control"], "no-cache", "{path}");
        assert!(r.text().await.unwrap().contains("<title>Kabinet</title>"));
    }
    // A revisit revalidates: 304 for the app's own page and its client routes.
    let r = get("/orders/3", "identity").await.unwrap();
    let modified = r.headers()["last-modified"].to_str().unwrap().to_string();
    for path in ["/", "/orders/3"] {
        let r = s
            .client
            .get(s.url(path))
            .header("if-modified-since", &modified)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 304, "{path}");
    }
    let r = get("/missing-123.js", "identity").await.unwrap();
    assert_eq!(r.status(), 404);
    assert_error(&r.json::<Value>().await.unwrap(), "not_found");
}

/// The real binary: a request is logged with its id, and SIGTERM stops it cleanly.
#[tokio::test]
async fn the_binary_logs_each_request_with_its_id_and_stops_on_sigterm() {
    use std::io::{BufRead, BufReader, Read};
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kabinet-server"))
        .args([
            "--bind",
            "127.0.0.1:0",
            "--static-dir",
            "/nonexistent",
            "--data-dir",
        ])
        .arg(dir.path().join("data"))
        .env("NO_COLOR", "1")
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the server binary");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let base = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(
                out.read_line(&mut line).unwrap() > 0,
                "the server said nothing"
            );
            if let Some(url) = line.trim().strip_prefix("Kabinet is listening on ") {
                return (url.trim_end_matches('/').to_string(), out);
            }
        }
    });
    let (base, mut out) = base.await.unwrap();
    let r = reqwest::get(format!("{base}/api/health")).await.unwrap();
    assert_eq!(r.status(), 200);
    let id = r.headers()["x-request-id"].to_str().unwrap().to_string();

    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop on SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(status.success(), "a graceful stop exits 0: {status}");
    let mut log = String::new();
    out.read_to_string(&mut log).unwrap();
    assert!(
        log.lines()
            .any(|l| l.contains(&id) && l.contains("/api/health")),
        "the request's log line names its id: {log}"
    );
}
