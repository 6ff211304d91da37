//! Black-box tests of placing an order (a simple service or a request; every kind
//! in `ordering`): what is stored and shown, who is told, what is refused, and
//! that a retry places one.

use std::time::Duration;

use crate::common::{assert_error, TestServer};
use serde_json::{json, Value};

const ANNA: &str = "anna@alfa.example";
const STAFF: &str = "staff@kabinet.example";

/// The id of the first service of this kind in the catalogue.
async fn service_of(s: &TestServer, token: &str, kind: &str) -> i64 {
    let (st, list) = s.get(token, "/api/services").await;
    assert_eq!(st, 200);
    list.as_array()
        .unwrap()
        .iter()
        .find(|sv| sv["kind"] == kind)
        .unwrap_or_else(|| panic!("a {kind} service"))["id"]
        .as_i64()
        .unwrap()
}

async fn place(s: &TestServer, token: &str, body: Value, key: Option<&str>) -> (u16, Value) {
    let mut req = s
        .client
        .post(s.url("/api/orders"))
        .bearer_auth(token)
        .json(&body);
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    let r = req.send().await.unwrap();
    let st = r.status().as_u16();
    (st, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_placed_request_is_new_in_the_list_and_staff_are_told_live() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let staff = s.login(STAFF).await;
    let service = service_of(&s, &anna, "request").await;
    let mut staff_live = s.live(&staff, None).await;

    let text = "Не работает <b>свет</b> в 412";
    let (st, view) = place(
        &s,
        &anna,
        json!({"service_id": service, "comment": text}),
        None,
    )
    .await;
    assert_eq!(st, 201, "{view}");
    assert_eq!(view["status"], "new");
    assert_eq!(view["kind"], "request");
    assert_eq!(view["form_fields"][0]["value"], text, "kept as typed");
    assert_eq!(view["history"][0]["action"], "create");
    assert!(view["actions"]
        .as_array()
        .unwrap()
        .contains(&json!("close")));
    let id = view["id"].as_i64().unwrap();

    let (_, page) = s.get(&anna, "/api/orders?limit=1").await;
    assert_eq!(page["items"][0]["id"], id, "newest first");
    assert_eq!(s.get(&anna, &format!("/api/orders/{id}")).await.1, view);

    let events = staff_live
        .until(Duration::from_secs(5), |e| e["type"] == "notification")
        .await;
    assert!(events
        .iter()
        .any(|(_, e)| e["type"] == "order" && e["order_id"] == id));
    let n = &events.last().unwrap().1["notification"];
    assert_eq!(n["kind"], "new_order");
    assert_eq!(n["order_id"], id);
    assert_eq!(n["actor"], "Анна Иванова");
    // On the desk too.
    let (_, desk) = s.get(&staff, "/api/desk/orders?limit=1").await;
    assert_eq!(desk["items"][0]["order"]["id"], id);
}

#[tokio::test]
async fn bad_orders_are_refused_with_the_field_at_fault() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let request = service_of(&s, &anna, "request").await;
    let goods = service_of(&s, &anna, "goods").await;
    let simple = service_of(&s, &anna, "service").await;
    let (_, before) = s.get(&anna, "/api/orders?limit=100").await;

    for (body, field) in [
        (json!({"service_id": request, "comment": "   "}), "comment"),
        (json!({"service_id": request}), "comment"),
        (json!({"service_id": goods, "comment": "x"}), "items"),
        (json!({"service_id": 999_999}), "service_id"),
        (
            json!({"service_id": simple, "comment": "я".repeat(2001)}),
            "comment",
        ),
    ] {
        let (st, e) = place(&s, &anna, body.clone(), None).await;
        assert_eq!(st, 422, "{body}: {e}");
        assert_error(&e, "validation");
        assert_eq!(e["field"], field, "{body}");
    }
    for body in [json!({}), json!({"service_id": "one"}), json!([])] {
        let (st, e) = place(&s, &anna, body.clone(), None).await;
        assert_eq!(st, 422, "{body}: {e}");
    }
    let (st, _) = place(&s, "", json!({"service_id": simple}), None).await;
    assert_eq!(st, 401);
    let staff = s.login(STAFF).await;
    let (st, _) = place(&s, &staff, json!({"service_id": simple}), None).await;
    assert_eq!(st, 403, "staff do not order for themselves");

    let (_, after) = s.get(&anna, "/api/orders?limit=100").await;
    assert_eq!(before["items"], after["items"], "nothing was placed");
    // A simple service needs no comment, only its form's required fields.
    let (_, form) = s.get(&anna, &format!("/api/services/{simple}/form")).await;
    let fields = json!([
        {"key": "guest_name", "value": "Гость"},
        {"key": "visit_date", "value": form["last_day"]},
        {"key": "arrival", "value": "до 12:00"}
    ]);
    let (st, v) = place(
        &s,
        &anna,
        json!({"service_id": simple, "fields": fields}),
        None,
    )
    .await;
    assert_eq!(st, 201, "{v}");
    assert_eq!(v["form_fields"][0]["value"], "Гость");
}

#[tokio::test]
async fn concurrent_retries_of_one_order_place_it_once() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let service = service_of(&s, &anna, "request").await;
    let (_, before) = s.get(&anna, "/api/orders?limit=100").await;
    let body = json!({"service_id": service, "comment": "Пропуск для курьера"});
    let answers =
        futures::future::join_all((0..6).map(|_| place(&s, &anna, body.clone(), Some("place-1"))))
            .await;
    let first = &answers[0];
    assert_eq!(first.0, 201);
    assert!(
        answers.iter().all(|a| a == first),
        "answered the same: {answers:?}"
    );
    let (_, after) = s.get(&anna, "/api/orders?limit=100").await;
    assert_eq!(
        after["items"].as_array().unwrap().len(),
        before["items"].as_array().unwrap().len() + 1
    );
    // The key is not for another order.
    let (st, e) = place(
        &s,
        &anna,
        json!({"service_id": service, "comment": "другое"}),
        Some("place-1"),
    )
    .await;
    assert_eq!(st, 422);
    assert_eq!(e["field"], "Idempotency-Key");
}
