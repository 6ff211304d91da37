//! Paying online and refunds: the test provider over real HTTP (its page, its
//! signed webhooks), the YooKassa adapter against a local fake of its API, and the
//! refund worker.

use std::time::Duration;

use kabinet_server::config::ProviderKind;
use kabinet_server::payments::test_provider::{sign, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use kabinet_server::storage::StoreError;
use serde_json::{json, Value};

use crate::common::{assert_reason, TestServer};
use crate::fake_yookassa::{FakeYooKassa, KEY, SHOP};

const SECRET: &str = "the-test-providers-webhook-secret";

async fn server() -> TestServer {
    TestServer::demo_with(|c| c.test_pay_secret = Some(SECRET.into())).await
}

/// Runs SQL on the test's database (setting up orders with a paid total).
async fn sql(s: &TestServer, query: &'static str, args: Vec<i64>) {
    s.state
        .store
        .write(move |c| -> Result<(), StoreError> {
            c.execute(query, rusqlite::params_from_iter(args))?;
            Ok(())
        })
        .await
        .unwrap();
}

async fn count(s: &TestServer, query: &'static str, id: i64) -> i64 {
    s.state
        .store
        .call(move |c| -> Result<i64, StoreError> { Ok(c.query_row(query, [id], |r| r.get(0))?) })
        .await
        .unwrap()
}

/// One of anna's bookings made new and unpaid: `total` kopecks, the service taking
/// `prepayment` percent (0: the full price), the booked time ten days ahead.
async fn unpaid_booking(s: &TestServer, anna: &str, total: i64, prepayment: i64) -> i64 {
    let (id, _) = s.find_order(anna, "booking", "active").await;
    let at = s.state.clock.now() + 10 * 24 * 3600;
    sql(
        s,
        "UPDATE orders SET status = 'new', total = ?1, paid = 0, payment_method = NULL,
                service_at = ?2, service_end_at = ?2 + 3600 WHERE id = ?3",
        vec![total, at, id],
    )
    .await;
    sql(
        s,
        "UPDATE services SET prepayment_percent = nullif(?1, 0), cancellable = 1
          WHERE id = (SELECT service_id FROM orders WHERE id = ?2)",
        vec![prepayment, id],
    )
    .await;
    id
}

async fn order(s: &TestServer, token: &str, id: i64) -> Value {
    let (st, v) = s.get(token, &format!("/api/orders/{id}")).await;
    assert_eq!(st, 200, "{v}");
    v
}

async fn start(s: &TestServer, token: &str, id: i64) -> (u16, Value) {
    s.post(token, &format!("/api/orders/{id}/payments"), json!({}))
        .await
}

/// A browser that does not follow redirects.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Presses a button of the test pay page; answers the redirect's target.
async fn press(url: &str, choice: &str, card: &str) -> String {
    let r = browser()
        .post(url)
        .form(&[("choice", choice), ("card", card)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    r.headers()["location"].to_str().unwrap().to_string()
}

const GOOD_CARD: &str = "4111111111111111";
const FAILING_CARD: &str = "4000000000000002";

/// Polls the order until `pred` holds (within five seconds).
async fn wait_for(s: &TestServer, token: &str, id: i64, pred: impl Fn(&Value) -> bool) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let v = order(s, token, id).await;
        if pred(&v) {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the order never got there: {v}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Posts a webhook to the test provider's route, signed with `secret` at `ts`.
async fn signed_webhook(s: &TestServer, secret: &str, ts: i64, body: &Value) -> (u16, Value) {
    let bytes = serde_json::to_vec(body).unwrap();
    let r = s
        .client
        .post(s.url("/api/payments/webhook/test"))
        .header(TIMESTAMP_HEADER, ts.to_string())
        .header(SIGNATURE_HEADER, sign(secret.as_bytes(), ts, &bytes))
        .header("content-type", "application/json")
        .body(bytes)
        .send()
        .await
        .unwrap();
    let st = r.status().as_u16();
    (st, r.json().await.unwrap_or(Value::Null))
}

fn provider_id(confirmation_url: &str) -> String {
    confirmation_url.rsplit('/').next().unwrap().to_string()
}

fn succeeded_body(pid: &str, amount: i64, order_id: i64) -> Value {
    json!({"event": "payment.succeeded",
           "payment": {"id": pid, "status": "succeeded", "amount": amount, "currency": "RUB", "order_id": order_id}})
}

#[tokio::test]
async fn the_prepayment_then_the_remainder_are_paid_on_the_test_page() {
    let s = server().await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 125_000, 50).await;
    let v = order(&s, &anna, id).await;
    assert_eq!(v["payment"]["due_now"]["amount"], 62_500);
    assert!(v["actions"].as_array().unwrap().contains(&json!("pay")));
    let mut live = s.live(&anna, None).await;
    s.drain(&anna, &mut live).await;

    let (st, p) = start(&s, &anna, id).await;
    assert_eq!(st, 201, "{p}");
    assert_eq!(p["amount"], json!({"amount": 62_500, "currency": "RUB"}));
    let url = p["confirmation_url"].as_str().unwrap().to_string();
    assert!(url.starts_with(&format!("{}/testpay/", s.base)), "{url}");
    assert_eq!(order(&s, &anna, id).await["payment"]["online"], "pending");

    // The page: the shop, the amount as people read it, what is paid for, buttons.
    let page = reqwest::get(&url).await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = page.text().await.unwrap();
    for text in [
        "625,00\u{a0}₽",
        "Оплатить",
        "Отклонить",
        "Отмена",
        "4111",
        "4000",
    ] {
        assert!(html.contains(text), "{text} in {html}");
    }
    let number = v["number"].as_str().unwrap();
    assert!(html.contains(number), "the order's number on the page");

    // «Оплатить»: the webhook is taken before the browser is sent back.
    let back = press(&url, "pay", GOOD_CARD).await;
    assert_eq!(back, format!("{}/orders/{id}", s.base));
    let v = order(&s, &anna, id).await;
    let pay = &v["payment"];
    assert_eq!(pay["paid"]["amount"], 62_500);
    assert_eq!(pay["remainder"]["amount"], 62_500);
    assert_eq!(pay["due_now"]["amount"], 62_500);
    assert_eq!(pay["method"], "card");
    assert_eq!(pay["online"], "succeeded");
    assert_eq!(v["status"], "new", "paying changes no status");
    let entry = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["action"] == "payment_received")
        .expect("the payment in the history");
    assert_eq!(entry["actor"], Value::Null);
    // The owner's open page was told.
    let told = s.drain(&anna, &mut live).await;
    assert!(
        told.iter().any(|(_, e)| e["type"] == "order"
            && e["order_id"] == id
            && e["version"] == v["version"]),
        "{told:?}"
    );
    // A finished payment's page shows its outcome, no buttons.
    let html = reqwest::get(&url).await.unwrap().text().await.unwrap();
    assert!(
        html.contains("Оплачено") && !html.contains("Отклонить"),
        "{html}"
    );

    // Then the remainder, as a new payment.
    let (st, p2) = start(&s, &anna, id).await;
    assert_eq!(st, 201, "{p2}");
    assert_eq!(p2["amount"]["amount"], 62_500);
    assert_ne!(p2["payment_id"], p["payment_id"]);
    press(p2["confirmation_url"].as_str().unwrap(), "pay", GOOD_CARD).await;
    let v = order(&s, &anna, id).await;
    assert_eq!(v["payment"]["paid"]["amount"], 125_000);
    assert_eq!(v["payment"]["remainder"]["amount"], 0);
    assert_eq!(v["payment"]["due_now"]["amount"], 0);
    assert!(!v["actions"].as_array().unwrap().contains(&json!("pay")));
    let (st, e) = start(&s, &anna, id).await;
    assert_eq!(st, 409);
    assert_reason(&e, "conflict", "nothing_to_pay");
}

#[tokio::test]
async fn declined_and_cancelled_payments_close_and_charge_nothing() {
    let s = server().await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 150_000, 0).await;
    let (_, p) = start(&s, &anna, id).await;
    assert_eq!(p["amount"]["amount"], 150_000);
    let url = p["confirmation_url"].as_str().unwrap().to_string();
    press(&url, "decline", GOOD_CARD).await;
    let v = order(&s, &anna, id).await;
    assert_eq!(v["payment"]["online"], "canceled");
    assert_eq!(v["payment"]["paid"]["amount"], 0);
    let html = reqwest::get(&url).await.unwrap().text().await.unwrap();
    assert!(
        html.contains("отклонен") && !html.contains("Оплатить</button>"),
        "{html}"
    );
    // Pressing again changes nothing.
    press(&url, "pay", GOOD_CARD).await;
    assert_eq!(order(&s, &anna, id).await["payment"]["paid"]["amount"], 0);

    let (st, p2) = start(&s, &anna, id).await;
    assert_eq!(st, 201);
    assert_ne!(p2["confirmation_url"], p["confirmation_url"]);
    press(
        p2["confirmation_url"].as_str().unwrap(),
        "cancel",
        GOOD_CARD,
    )
    .await;
    let v = order(&s, &anna, id).await;
    assert_eq!(v["payment"]["online"], "canceled");
    assert_eq!(v["payment"]["paid"]["amount"], 0);
    assert_eq!(v["payment"]["due_now"]["amount"], 150_000);
}

#[tokio::test]
async fn an_order_has_one_open_payment_at_a_time() {
    let s = server().await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    let (_, a) = start(&s, &anna, id).await;
    let (st, b) = start(&s, &anna, id).await;
    assert_eq!(st, 201);
    assert_eq!(a, b, "the open payment is answered again");
    let open = "SELECT count(*) FROM payments WHERE order_id = ?1 AND status = 'pending'";
    assert_eq!(count(&s, open, id).await, 1);
    // What is due changed: the old payment is closed (its page too), a new one made.
    sql(
        &s,
        "UPDATE orders SET total = 120000 WHERE id = ?1",
        vec![id],
    )
    .await;
    let (_, c) = start(&s, &anna, id).await;
    assert_eq!(c["amount"]["amount"], 120_000);
    assert_ne!(c["payment_id"], a["payment_id"]);
    assert_eq!(count(&s, open, id).await, 1);
    let old = a["confirmation_url"].as_str().unwrap();
    let html = reqwest::get(old).await.unwrap().text().await.unwrap();
    assert!(!html.contains("Оплатить</button>"), "{html}");
}

#[tokio::test]
async fn a_replayed_webhook_changes_nothing() {
    let s = server().await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    let (_, p) = start(&s, &anna, id).await;
    let url = p["confirmation_url"].as_str().unwrap();
    press(url, "pay", GOOD_CARD).await;
    let before = order(&s, &anna, id).await;
    assert_eq!(before["payment"]["paid"]["amount"], 100_000);
    let body = succeeded_body(&provider_id(url), 100_000, id);
    for _ in 0..2 {
        let (st, _) = signed_webhook(&s, SECRET, s.state.clock.now(), &body).await;
        assert_eq!(st, 200);
    }
    let after = order(&s, &anna, id).await;
    assert_eq!(after["payment"], before["payment"]);
    assert_eq!(after["version"], before["version"]);
    let received =
        "SELECT count(*) FROM order_history WHERE order_id = ?1 AND action = 'payment_received'";
    assert_eq!(count(&s, received, id).await, 1);
}

#[tokio::test]
async fn unsigned_forged_and_stale_webhooks_are_refused() {
    let s = server().await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    let (_, p) = start(&s, &anna, id).await;
    let body = succeeded_body(
        &provider_id(p["confirmation_url"].as_str().unwrap()),
        100_000,
        id,
    );
    let before = order(&s, &anna, id).await;
    let now = s.state.clock.now();

    let r = s
        .client
        .post(s.url("/api/payments/webhook/test"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_reason(&r.json().await.unwrap(), "unauthorized", "bad_signature");
    for (secret, ts) in [
        ("another secret", now),
        (SECRET, now - 301),
        (SECRET, now + 301),
    ] {
        let (st, e) = signed_webhook(&s, secret, ts, &body).await;
        assert_eq!(st, 401, "{secret} at {ts}");
        assert_reason(&e, "unauthorized", "bad_signature");
    }
    // A signature of another timestamp than the one sent.
    let bytes = serde_json::to_vec(&body).unwrap();
    let r = s
        .client
        .post(s.url("/api/payments/webhook/test"))
        .header(TIMESTAMP_HEADER, now.to_string())
        .header(SIGNATURE_HEADER, sign(SECRET.as_bytes(), now - 1, &bytes))
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let after = order(&s, &anna, id).await;
    assert_eq!(after["payment"], before["payment"]);
    assert_eq!(after["payment"]["online"], "pending");
}

#[tokio::test]
async fn a_payment_that_does_not_match_ours_is_refused_and_kept() {
    let s = server().await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    let (_, p) = start(&s, &anna, id).await;
    let pid = provider_id(p["confirmation_url"].as_str().unwrap());
    let now = s.state.clock.now();
    let problems = "SELECT count(*) FROM payment_problems WHERE ?1 IS NOT NULL";
    for body in [
        succeeded_body(&pid, 100_001, id),
        succeeded_body(&pid, 100_000, id + 1),
        succeeded_body("tp_not_ours", 100_000, id),
    ] {
        let (st, e) = signed_webhook(&s, SECRET, now, &body).await;
        assert_eq!(st, 422, "{body}");
        assert_reason(&e, "validation", "payment_mismatch");
    }
    // Mismatches of our payment are kept; an id not ours is only logged.
    assert_eq!(count(&s, problems, 0).await, 2);
    let v = order(&s, &anna, id).await;
    assert_eq!(v["payment"]["paid"]["amount"], 0);
    assert_eq!(v["payment"]["online"], "pending");
}

#[tokio::test]
async fn who_may_pay_and_for_what() {
    let s = server().await;
    let anna = s.login("anna@alfa.example").await;
    let boris = s.login("boris@alfa.example").await;
    let staff = s.login("staff@kabinet.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    let (st, e) = start(&s, &boris, id).await;
    assert_eq!(st, 404, "someone else's order: {e}");
    assert_reason(&e, "not_found", "not_found");
    let (st, _) = start(&s, &staff, id).await;
    assert_eq!(st, 403);
    let (st, _) = start(&s, &anna, 999_999).await;
    assert_eq!(st, 404);
    // Paid in full: nothing to pay.
    sql(&s, "UPDATE orders SET paid = total WHERE id = ?1", vec![id]).await;
    let (st, e) = start(&s, &anna, id).await;
    assert_eq!(st, 409);
    assert_reason(&e, "conflict", "nothing_to_pay");
    // Nothing was opened by the refusals.
    assert_eq!(
        count(&s, "SELECT count(*) FROM payments WHERE order_id = ?1", id).await,
        0
    );
    // Webhooks of a provider this server does not use.
    for name in ["stripe", "yookassa"] {
        let r = s
            .client
            .post(s.url(&format!("/api/payments/webhook/{name}")))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{name}");
    }
    // No such test payment: a plain 404 page, not the app.
    let r = reqwest::get(s.url("/testpay/tp_nothing")).await.unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn a_cancelled_paid_order_is_refunded_then_cancelled() {
    let s = server().await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    let (_, p) = start(&s, &anna, id).await;
    press(p["confirmation_url"].as_str().unwrap(), "pay", GOOD_CARD).await;
    let v = order(&s, &anna, id).await;
    let (st, v) = s
        .act(
            &anna,
            id,
            json!({"action": "cancel", "version": v["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["status"], "refund_pending");
    assert_eq!(v["payment"]["refund"], "pending");
    // The refund worker asks; the test provider's webhook says it went through.
    let v = wait_for(&s, &anna, id, |v| v["status"] == "cancelled").await;
    assert_eq!(v["payment"]["refund"], "succeeded");
    let last = v["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "complete_refund");
    assert_eq!(last["actor"], Value::Null);
    let (_, notes) = s.get(&anna, "/api/notifications").await;
    assert!(
        notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["order_id"] == id && n["status"] == "cancelled"),
        "the owner is told: {notes}"
    );
}

#[tokio::test]
async fn a_refused_refund_is_flagged_on_the_desk() {
    let s = server().await;
    let anna = s.login("anna@alfa.example").await;
    let staff = s.login("staff@kabinet.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    let (_, p) = start(&s, &anna, id).await;
    press(p["confirmation_url"].as_str().unwrap(), "pay", FAILING_CARD).await;
    let v = order(&s, &anna, id).await;
    let (st, _) = s
        .act(
            &staff,
            id,
            json!({"action": "staff_cancel", "version": v["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 200);
    let v = wait_for(&s, &anna, id, |v| v["payment"]["refund"] == "failed").await;
    assert_eq!(v["status"], "refund_pending");
    assert!(v["history"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["action"] == "refund_failed" && h["actor"].is_null()));
    let desk_row = |page: &Value| {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["order"]["id"] == id)
            .cloned()
            .expect("the order on the desk")
    };
    let (_, page) = s
        .get(&staff, "/api/desk/orders?status=refund_pending")
        .await;
    assert_eq!(desk_row(&page)["refund_failed"], true);
    // Staff return the money by hand.
    let (st, _) = s
        .act(
            &staff,
            id,
            json!({"action": "complete_refund", "version": v["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 200);
    let (_, page) = s.get(&staff, "/api/desk/orders?status=cancelled").await;
    assert_eq!(desk_row(&page)["refund_failed"], false);
    // The tenant is told the money is back, not that the refund failed.
    let after = order(&s, &anna, id).await;
    assert_eq!(after["status"], "cancelled");
    assert_eq!(after["payment"]["refund"], "succeeded", "{after}");
}

#[tokio::test]
async fn money_paid_before_online_payments_waits_for_staff() {
    let s = server().await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    sql(
        &s,
        "UPDATE orders SET paid = 50000, payment_method = 'invoice' WHERE id = ?1",
        vec![id],
    )
    .await;
    let v = order(&s, &anna, id).await;
    let (st, v) = s
        .act(
            &anna,
            id,
            json!({"action": "cancel", "version": v["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(v["status"], "refund_pending");
    assert_eq!(v["payment"]["refund"], Value::Null);
    kabinet_server::jobs::refunds(&s.state).await.unwrap();
    assert_eq!(order(&s, &anna, id).await["status"], "refund_pending");
}

#[tokio::test]
async fn an_order_left_unpaid_is_cancelled_after_thirty_minutes() {
    let s = server().await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    let (_, p) = start(&s, &anna, id).await;
    s.state.clock.advance(29 * 60);
    assert_eq!(
        kabinet_server::jobs::cancel_unpaid(&s.state).await.unwrap(),
        0
    );
    s.state.clock.advance(2 * 60);
    assert_eq!(
        kabinet_server::jobs::cancel_unpaid(&s.state).await.unwrap(),
        1
    );
    let v = order(&s, &anna, id).await;
    assert_eq!(v["status"], "cancelled");
    assert_eq!(v["payment"]["online"], "canceled");
    let last = v["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor"], Value::Null);
    let html = reqwest::get(p["confirmation_url"].as_str().unwrap())
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("Оплатить</button>"), "{html}");
}

async fn yookassa_server(fake: &FakeYooKassa) -> TestServer {
    let base = fake.base.clone();
    TestServer::demo_with(move |c| {
        c.payment_provider = Some(ProviderKind::Yookassa);
        c.yookassa_shop_id = Some(SHOP.into());
        c.yookassa_secret_key = Some(KEY.into());
        c.yookassa_api_url = base;
    })
    .await
}

#[tokio::test]
async fn yookassa_payments_are_created_once_with_an_idempotence_key() {
    let fake = FakeYooKassa::start().await;
    let s = yookassa_server(&fake).await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 125_050, 50).await;
    let (st, p) = start(&s, &anna, id).await;
    assert_eq!(st, 201, "{p}");
    assert_eq!(p["amount"]["amount"], 62_525);
    let url = p["confirmation_url"].as_str().unwrap();
    assert!(
        url.starts_with("https://yoomoney.example/checkout/"),
        "{url}"
    );
    let seen = fake.seen();
    assert_eq!(seen.len(), 1);
    let create = &seen[0];
    assert_eq!(
        (create.method.as_str(), create.path.as_str()),
        ("POST", "/payments")
    );
    assert!(create.key.as_ref().is_some_and(|k| !k.is_empty()));
    let b = &create.body;
    assert_eq!(b["amount"], json!({"value": "625.25", "currency": "RUB"}));
    assert_eq!(b["capture"], true);
    assert_eq!(b["confirmation"]["type"], "redirect");
    assert_eq!(
        b["confirmation"]["return_url"],
        format!("{}/orders/{id}", s.base)
    );
    assert_eq!(b["metadata"]["order_id"], id.to_string());
    // The open payment is answered again without asking YooKassa.
    let (_, again) = start(&s, &anna, id).await;
    assert_eq!(again, p);
    assert_eq!(fake.payment_count(), 1);
}

#[tokio::test]
async fn yookassa_webhooks_are_trusted_only_after_fetching_the_payment() {
    let fake = FakeYooKassa::start().await;
    let s = yookassa_server(&fake).await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    let (_, p) = start(&s, &anna, id).await;
    let pid = provider_id(p["confirmation_url"].as_str().unwrap());
    // A webhook claiming success while YooKassa says pending changes nothing.
    let claim = json!({"id": pid, "status": "succeeded", "amount": {"value": "1000.00", "currency": "RUB"}});
    assert_eq!(
        fake.notify(&s.base, "payment.succeeded", claim.clone())
            .await,
        200
    );
    let v = order(&s, &anna, id).await;
    assert_eq!(v["payment"]["paid"]["amount"], 0);
    assert_eq!(v["payment"]["online"], "pending");
    assert!(fake
        .seen()
        .iter()
        .any(|r| r.path == format!("/payments/{pid}")));
    // Paid at YooKassa: now it counts, once.
    fake.set_payment_status(&pid, "succeeded");
    for _ in 0..2 {
        assert_eq!(
            fake.notify(&s.base, "payment.succeeded", claim.clone())
                .await,
            200
        );
    }
    let v = order(&s, &anna, id).await;
    assert_eq!(v["payment"]["paid"]["amount"], 100_000);
    assert_eq!(v["payment"]["online"], "succeeded");
    // An object YooKassa does not know.
    let st = fake
        .notify(&s.base, "payment.succeeded", json!({"id": "2f-unknown"}))
        .await;
    assert_eq!(st, 422);

    // Cancelled: the refund is asked of YooKassa with a key of its own.
    let (st, v) = s
        .act(
            &anna,
            id,
            json!({"action": "cancel", "version": v["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 200, "{v}");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    let refund = loop {
        if let Some(r) = fake.refunds().pop() {
            break r;
        }
        assert!(tokio::time::Instant::now() < deadline, "no refund asked");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(refund["payment_id"], pid.as_str());
    assert_eq!(
        refund["amount"],
        json!({"value": "1000.00", "currency": "RUB"})
    );
    let asked = fake
        .seen()
        .into_iter()
        .find(|r| r.path == "/refunds")
        .unwrap();
    assert!(asked.key.is_some());
    // YooKassa returns it and tells.
    let rid = refund["id"].as_str().unwrap().to_string();
    fake.set_refund_status(&rid, "succeeded");
    let st = fake
        .notify(&s.base, "refund.succeeded", json!({"id": rid}))
        .await;
    assert_eq!(st, 200);
    let v = wait_for(&s, &anna, id, |v| v["status"] == "cancelled").await;
    assert_eq!(v["payment"]["refund"], "succeeded");
}

#[tokio::test]
async fn yookassa_down_is_503_and_leaves_nothing_open() {
    // Nothing listens on this port.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let s = TestServer::demo_with(move |c| {
        c.payment_provider = Some(ProviderKind::Yookassa);
        c.yookassa_shop_id = Some(SHOP.into());
        c.yookassa_secret_key = Some(KEY.into());
        c.yookassa_api_url = format!("http://{closed}/v3");
    })
    .await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    for _ in 0..2 {
        let r = s
            .client
            .post(s.url(&format!("/api/orders/{id}/payments")))
            .bearer_auth(&anna)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 503);
        assert!(r.headers().contains_key("retry-after"));
        assert_reason(
            &r.json().await.unwrap(),
            "unavailable",
            "provider_unavailable",
        );
    }
    let open = "SELECT count(*) FROM payments WHERE order_id = ?1 AND status = 'pending'";
    assert_eq!(count(&s, open, id).await, 0);
    assert_eq!(
        order(&s, &anna, id).await["payment"]["due_now"]["amount"],
        100_000
    );
}

#[tokio::test]
async fn the_payment_routes_are_documented() {
    let s = TestServer::empty().await;
    let (st, doc) = s.get_anon("/api/openapi.json").await;
    assert_eq!(st, 200);
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/orders/{id}/payments",
        "/api/payments/webhook/{provider}",
        "/testpay/{id}",
    ] {
        assert!(paths.contains_key(p), "{p} in the OpenAPI document");
    }
    assert!(paths["/testpay/{id}"]["post"].is_object());
}

#[tokio::test]
async fn the_apps_client_routes_leave_the_pay_page_alone() {
    let app = tempfile::tempdir().unwrap();
    std::fs::write(app.path().join("index.html"), "the app").unwrap();
    let dir = app.path().to_path_buf();
    let s = TestServer::demo_with(move |c| c.static_dir = dir).await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    let (_, p) = start(&s, &anna, id).await;
    let html = reqwest::get(p["confirmation_url"].as_str().unwrap())
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Оплатить"), "{html}");
    let r = reqwest::get(s.url("/testpay/tp_nothing")).await.unwrap();
    assert_eq!(r.status(), 404);
    assert_ne!(r.text().await.unwrap(), "the app");
    // The app still answers its own routes.
    let r = reqwest::get(s.url(&format!("/orders/{id}"))).await.unwrap();
    assert_eq!(r.text().await.unwrap(), "the app");
}

#[tokio::test]
async fn a_yookassa_refund_without_its_webhook_is_fetched_again() {
    let fake = FakeYooKassa::start().await;
    let s = yookassa_server(&fake).await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    let (_, p) = start(&s, &anna, id).await;
    let pid = provider_id(p["confirmation_url"].as_str().unwrap());
    fake.set_payment_status(&pid, "succeeded");
    let st = fake
        .notify(&s.base, "payment.succeeded", json!({"id": pid}))
        .await;
    assert_eq!(st, 200);
    let v = order(&s, &anna, id).await;
    let (st, _) = s
        .act(
            &anna,
            id,
            json!({"action": "cancel", "version": v["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 200);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    let refund = loop {
        if let Some(r) = fake.refunds().pop() {
            break r;
        }
        assert!(tokio::time::Instant::now() < deadline, "no refund asked");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    // YooKassa refuses it, and no webhook comes: the sweep fetches it again.
    fake.set_refund_status(refund["id"].as_str().unwrap(), "canceled");
    wait_for(&s, &anna, id, |v| v["payment"]["refund"] == "pending").await;
    let rid = refund["id"].as_str().unwrap().to_string();
    assert_eq!(fake.count("GET", &format!("/refunds/{rid}")), 0);
    s.state.clock.advance(61);
    kabinet_server::jobs::refunds(&s.state).await.unwrap();
    assert_eq!(
        fake.count("GET", &format!("/refunds/{rid}")),
        1,
        "the sweep fetched the refund"
    );
    let v = order(&s, &anna, id).await;
    assert_eq!(v["payment"]["refund"], "failed");
    assert_eq!(v["status"], "refund_pending");
    let staff = s.login("staff@kabinet.example").await;
    let (_, page) = s
        .get(&staff, "/api/desk/orders?status=refund_pending")
        .await;
    let row = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["order"]["id"] == id)
        .cloned()
        .unwrap();
    assert_eq!(row["refund_failed"], true);
}

/// The problems kept for staff.
async fn problems(s: &TestServer) -> i64 {
    count(
        s,
        "SELECT count(*) FROM payment_problems WHERE ?1 IS NOT NULL",
        0,
    )
    .await
}

/// Waits until `pred` holds of the fake's state (within five seconds).
async fn until(what: &str, pred: impl Fn() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !pred() {
        assert!(tokio::time::Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn an_unpaid_order_paid_without_its_webhook_is_kept_not_cancelled() {
    let fake = FakeYooKassa::start().await;
    let s = yookassa_server(&fake).await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    let (_, p) = start(&s, &anna, id).await;
    let pid = provider_id(p["confirmation_url"].as_str().unwrap());
    // Paid at YooKassa; the webhook is lost.
    fake.set_payment_status(&pid, "succeeded");
    s.state.clock.advance(31 * 60);
    assert_eq!(
        kabinet_server::jobs::cancel_unpaid(&s.state).await.unwrap(),
        0
    );
    assert_eq!(fake.count("GET", &format!("/payments/{pid}")), 1);
    let v = order(&s, &anna, id).await;
    assert_eq!(v["status"], "new");
    assert_eq!(v["payment"]["paid"]["amount"], 100_000);
    assert_eq!(v["payment"]["online"], "succeeded");
}

#[tokio::test]
async fn a_pending_payment_whose_webhook_was_lost_is_fetched_again() {
    let fake = FakeYooKassa::start().await;
    let s = yookassa_server(&fake).await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 50).await;
    let (_, p) = start(&s, &anna, id).await;
    let pid = provider_id(p["confirmation_url"].as_str().unwrap());
    fake.set_payment_status(&pid, "succeeded");
    // Too early: the webhook may still come.
    s.state.clock.advance(60);
    assert_eq!(
        kabinet_server::jobs::refetch_payments(&s.state)
            .await
            .unwrap(),
        0
    );
    s.state.clock.advance(5 * 60);
    assert_eq!(
        kabinet_server::jobs::refetch_payments(&s.state)
            .await
            .unwrap(),
        1
    );
    let v = order(&s, &anna, id).await;
    assert_eq!(v["payment"]["paid"]["amount"], 50_000);
    assert_eq!(v["payment"]["online"], "succeeded");
}

#[tokio::test]
async fn the_unpaid_timeout_counts_from_the_latest_attempt_and_spares_goods() {
    let s = server().await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    let (_, p) = start(&s, &anna, id).await;
    press(
        p["confirmation_url"].as_str().unwrap(),
        "decline",
        GOOD_CARD,
    )
    .await;
    s.state.clock.advance(20 * 60);
    // A second attempt, twenty minutes after the first.
    let (st, _) = start(&s, &anna, id).await;
    assert_eq!(st, 201);
    s.state.clock.advance(15 * 60);
    assert_eq!(
        kabinet_server::jobs::cancel_unpaid(&s.state).await.unwrap(),
        0,
        "fifteen minutes after the latest attempt"
    );
    assert_eq!(order(&s, &anna, id).await["status"], "new");
    // A goods order holds nothing: it is left to staff.
    sql(
        &s,
        "UPDATE orders SET kind = 'goods' WHERE id = ?1",
        vec![id],
    )
    .await;
    s.state.clock.advance(31 * 60);
    assert_eq!(
        kabinet_server::jobs::cancel_unpaid(&s.state).await.unwrap(),
        0
    );
    sql(
        &s,
        "UPDATE orders SET kind = 'booking' WHERE id = ?1",
        vec![id],
    )
    .await;
    assert_eq!(
        kabinet_server::jobs::cancel_unpaid(&s.state).await.unwrap(),
        1
    );
}

/// One of anna's bookings paid in full at YooKassa (the webhook taken); answers
/// the order and the provider's payment id.
async fn paid_at_yookassa(s: &TestServer, fake: &FakeYooKassa, anna: &str) -> (i64, String) {
    let id = unpaid_booking(s, anna, 100_000, 0).await;
    let (_, p) = start(s, anna, id).await;
    let pid = provider_id(p["confirmation_url"].as_str().unwrap());
    fake.set_payment_status(&pid, "succeeded");
    let st = fake
        .notify(&s.base, "payment.succeeded", json!({"id": pid}))
        .await;
    assert_eq!(st, 200);
    (id, pid)
}

#[tokio::test]
async fn a_refund_yookassa_refuses_for_good_is_failed_for_staff() {
    let fake = FakeYooKassa::start().await;
    let s = yookassa_server(&fake).await;
    let anna = s.login("anna@alfa.example").await;
    let (id, _) = paid_at_yookassa(&s, &fake, &anna).await;
    fake.fail_refunds(Some(400));
    let v = order(&s, &anna, id).await;
    let (st, _) = s
        .act(
            &anna,
            id,
            json!({"action": "cancel", "version": v["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 200);
    let v = wait_for(&s, &anna, id, |v| v["payment"]["refund"] == "failed").await;
    assert_eq!(v["status"], "refund_pending");
    assert_eq!(fake.count("POST", "/refunds"), 1, "not asked again");
}

#[tokio::test]
async fn a_refund_yookassa_does_not_answer_is_retried_later() {
    let fake = FakeYooKassa::start().await;
    let s = yookassa_server(&fake).await;
    let anna = s.login("anna@alfa.example").await;
    let (id, _) = paid_at_yookassa(&s, &fake, &anna).await;
    fake.fail_refunds(Some(503));
    let v = order(&s, &anna, id).await;
    let (st, _) = s
        .act(
            &anna,
            id,
            json!({"action": "cancel", "version": v["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 200);
    // The worker asked once and counted the try.
    let tried = "SELECT count(*) FROM refunds WHERE order_id = ?1 AND attempts = 1";
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while count(&s, tried, id).await == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the try never counted"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(fake.count("POST", "/refunds"), 1);
    // Asked again at once: it waits.
    kabinet_server::jobs::refunds(&s.state).await.unwrap();
    assert_eq!(fake.count("POST", "/refunds"), 1);
    assert_eq!(order(&s, &anna, id).await["payment"]["refund"], "pending");
    // Later, with YooKassa back.
    fake.fail_refunds(None);
    s.state.clock.advance(61);
    kabinet_server::jobs::refunds(&s.state).await.unwrap();
    assert_eq!(fake.count("POST", "/refunds"), 2);
    assert_eq!(fake.refunds().len(), 1);
}

/// The provider's id of the payment a test page URL shows.
async fn open_payment(s: &TestServer, anna: &str, id: i64) -> (String, i64) {
    let (st, p) = start(s, anna, id).await;
    assert_eq!(st, 201, "{p}");
    (
        provider_id(p["confirmation_url"].as_str().unwrap()),
        p["amount"]["amount"].as_i64().unwrap(),
    )
}

#[tokio::test]
async fn a_late_payment_on_a_cancelled_order_refunds_only_itself() {
    let s = server().await;
    let anna = s.login("anna@alfa.example").await;
    let staff = s.login("staff@kabinet.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 50).await;
    let (_, p) = start(&s, &anna, id).await;
    // The prepayment, with the card whose refunds are refused.
    press(p["confirmation_url"].as_str().unwrap(), "pay", FAILING_CARD).await;
    // The remainder opened, then the order cancelled before it is paid.
    let (late, amount) = open_payment(&s, &anna, id).await;
    let v = order(&s, &anna, id).await;
    let (st, _) = s
        .act(
            &staff,
            id,
            json!({"action": "staff_cancel", "version": v["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 200);
    wait_for(&s, &anna, id, |v| v["payment"]["refund"] == "failed").await;
    // Staff returned the prepayment by hand; then the remainder's money comes.
    let (st, _) = signed_webhook(
        &s,
        SECRET,
        s.state.clock.now(),
        &succeeded_body(&late, amount, id),
    )
    .await;
    assert_eq!(st, 200);
    let asked = "SELECT count(*) FROM refunds r JOIN payments p ON p.id = r.payment_id
                  WHERE r.order_id = ?1 AND p.provider_id IS NOT NULL";
    assert_eq!(count(&s, asked, id).await, 2, "one each, none again");
    let first = "SELECT count(*) FROM refunds WHERE order_id = ?1
                  AND payment_id = (SELECT min(id) FROM payments WHERE order_id = ?1)";
    assert_eq!(count(&s, first, id).await, 1);
}

#[tokio::test]
async fn a_replaced_payment_paid_later_is_refunded_not_credited() {
    let s = server().await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 50).await;
    let (old, old_amount) = open_payment(&s, &anna, id).await;
    assert_eq!(old_amount, 50_000);
    // The prepayment is dropped: the full price is due, the old payment replaced.
    sql(
        &s,
        "UPDATE services SET prepayment_percent = NULL
          WHERE id = (SELECT service_id FROM orders WHERE id = ?1)",
        vec![id],
    )
    .await;
    let (_, p) = start(&s, &anna, id).await;
    assert_eq!(p["amount"]["amount"], 100_000);
    press(p["confirmation_url"].as_str().unwrap(), "pay", GOOD_CARD).await;
    let before = problems(&s).await;
    // The old tab paid the old payment too.
    let (st, _) = signed_webhook(
        &s,
        SECRET,
        s.state.clock.now(),
        &succeeded_body(&old, old_amount, id),
    )
    .await;
    assert_eq!(st, 200);
    let v = order(&s, &anna, id).await;
    assert_eq!(v["payment"]["paid"]["amount"], 100_000);
    assert_eq!(problems(&s).await, before + 1);
    let refunded = "SELECT count(*) FROM refunds WHERE order_id = ?1 AND amount = 50000";
    assert_eq!(count(&s, refunded, id).await, 1);
}

#[tokio::test]
async fn an_order_cancelled_while_its_payment_is_created_gets_no_payable_page() {
    let fake = FakeYooKassa::start().await;
    let s = yookassa_server(&fake).await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    let v = order(&s, &anna, id).await;
    fake.hold_creates(true);
    let pay = {
        let (url, token) = (s.url(&format!("/api/orders/{id}/payments")), anna.clone());
        tokio::spawn(async move {
            let r = reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            let st = r.status().as_u16();
            (st, r.json::<Value>().await.unwrap())
        })
    };
    until("the create in flight", || {
        fake.count("POST", "/payments") == 1
    })
    .await;
    let (st, _) = s
        .act(
            &anna,
            id,
            json!({"action": "cancel", "version": v["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 200);
    fake.hold_creates(false);
    let (st, e) = pay.await.unwrap();
    assert_eq!(st, 409, "{e}");
    let open = "SELECT count(*) FROM payments WHERE order_id = ?1 AND status = 'pending'";
    assert_eq!(count(&s, open, id).await, 0);
}

#[tokio::test]
async fn a_create_answered_with_another_payment_is_kept_and_not_offered() {
    let fake = FakeYooKassa::start().await;
    let s = yookassa_server(&fake).await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    fake.tamper_creates();
    let (st, e) = start(&s, &anna, id).await;
    assert_eq!(st, 503, "{e}");
    assert_eq!(problems(&s).await, 1);
    let open = "SELECT count(*) FROM payments WHERE order_id = ?1 AND status = 'pending'";
    assert_eq!(count(&s, open, id).await, 0);
}

#[tokio::test]
async fn cancelling_an_order_closes_its_test_payment_page() {
    let s = server().await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    let (_, p) = start(&s, &anna, id).await;
    let v = order(&s, &anna, id).await;
    let (st, _) = s
        .act(
            &anna,
            id,
            json!({"action": "cancel", "version": v["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 200);
    let html = reqwest::get(p["confirmation_url"].as_str().unwrap())
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("Оплатить</button>"), "{html}");
}

#[tokio::test]
async fn yookassa_webhooks_naming_unknown_objects_are_not_kept() {
    let fake = FakeYooKassa::start().await;
    let s = yookassa_server(&fake).await;
    for _ in 0..3 {
        let st = fake
            .notify(&s.base, "payment.succeeded", json!({"id": "2f-unknown"}))
            .await;
        assert_eq!(st, 422);
        let st = fake
            .notify(&s.base, "refund.succeeded", json!({"id": "rf-unknown"}))
            .await;
        assert_eq!(st, 422);
    }
    assert_eq!(problems(&s).await, 0);
}

#[tokio::test]
async fn a_webhook_from_the_furthest_past_is_refused_without_a_panic() {
    let s = server().await;
    let body = json!({"event": "payment.succeeded"});
    let (st, e) = signed_webhook(&s, SECRET, i64::MIN, &body).await;
    assert_eq!(st, 401, "{e}");
    assert_reason(&e, "unauthorized", "bad_signature");
}

#[tokio::test]
async fn a_zero_percent_prepayment_pays_the_whole_price() {
    let s = server().await;
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    sql(
        &s,
        "UPDATE services SET prepayment_percent = 0
          WHERE id = (SELECT service_id FROM orders WHERE id = ?1)",
        vec![id],
    )
    .await;
    let v = order(&s, &anna, id).await;
    assert_eq!(v["payment"]["due_now"]["amount"], 100_000);
    assert!(v["actions"].as_array().unwrap().contains(&json!("pay")));
    let (st, p) = start(&s, &anna, id).await;
    assert_eq!(st, 201, "{p}");
    assert_eq!(p["amount"]["amount"], 100_000);
}

#[tokio::test]
async fn a_server_without_a_chosen_provider_does_not_take_payments() {
    let s = TestServer::empty_with(|c| c.payment_provider = None).await;
    kabinet_server::demo::seed(&s.state.store, s.state.clock.now(), Default::default())
        .await
        .unwrap();
    let anna = s.login("anna@alfa.example").await;
    let id = unpaid_booking(&s, &anna, 100_000, 0).await;
    let (st, e) = start(&s, &anna, id).await;
    assert_eq!(st, 503, "{e}");
    assert_reason(&e, "unavailable", "provider_unavailable");
    let made = "SELECT count(*) FROM payments WHERE order_id = ?1";
    assert_eq!(count(&s, made, id).await, 0);
    let r = reqwest::get(s.url("/testpay/tp_anything")).await.unwrap();
    assert_eq!(r.status(), 404);
    // The demo pays through the test provider unless told otherwise.
    let mut c = kabinet_server::config::Config::for_tests("/nonexistent".into());
    c.payment_provider = None;
    assert_eq!(c.provider_kind(), None);
    c.demo = true;
    assert_eq!(c.provider_kind(), Some(ProviderKind::Test));
    c.demo = false;
    c.yookassa_shop_id = Some(SHOP.into());
    c.yookassa_secret_key = Some(KEY.into());
    assert_eq!(c.provider_kind(), Some(ProviderKind::Yookassa));
}

#[tokio::test]
async fn a_booking_placed_and_never_paid_frees_its_hour_after_thirty_minutes() {
    let s = server().await;
    let anna = s.login("anna@alfa.example").await;
    let (_, list) = s.get(&anna, "/api/services").await;
    let java = list
        .as_array()
        .unwrap()
        .iter()
        .find(|sv| sv["name"] == "Переговорная Java")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (_, form) = s.get(&anna, &format!("/api/services/{java}/form")).await;
    let day = kabinet_core::day_number(form["today"].as_str().unwrap()).unwrap() + 2;
    let date = kabinet_core::date_of_day(day);
    let body = json!({"service_id": java, "date": date, "time": "10:00", "hours": 1});
    let (st, placed) = s.post(&anna, "/api/orders", body.clone()).await;
    assert_eq!(st, 201, "{placed}");
    let id = placed["id"].as_i64().unwrap();
    // The hour is held: nobody else gets it.
    let (st, _) = s.post(&anna, "/api/orders", body.clone()).await;
    assert_eq!(st, 409);
    // The demo's unpaid orders were not placed to be paid online: never touched.
    s.state.clock.advance(29 * 60);
    assert_eq!(
        kabinet_server::jobs::cancel_unpaid(&s.state).await.unwrap(),
        0
    );
    assert_eq!(order(&s, &anna, id).await["status"], "new");
    s.state.clock.advance(2 * 60);
    assert_eq!(
        kabinet_server::jobs::cancel_unpaid(&s.state).await.unwrap(),
        1
    );
    let after = order(&s, &anna, id).await;
    assert_eq!(after["status"], "cancelled", "{after}");
    // The hour is free again.
    let (st, again) = s.post(&anna, "/api/orders", body).await;
    assert_eq!(st, 201, "{again}");
}
