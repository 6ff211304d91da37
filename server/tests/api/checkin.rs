//! The door: entry codes, redeeming them at an event (every answer, concurrency,
//! retries), undoing a check-in, and who may do what.

use serde_json::{json, Value};

use crate::common::{assert_error, assert_reason, TestServer};

const ANNA: &str = "anna@alfa.example";
const BORIS: &str = "boris@alfa.example";
const VERA: &str = "vera@beta.example";
const STAFF: &str = "staff@kabinet.example";
const EVENTS: &str = "events@kabinet.example";

/// The demo's events: (today's meetup, the conference in six days).
async fn events(s: &TestServer, token: &str) -> (i64, i64) {
    let (st, list) = s.get(token, "/api/checkin/events").await;
    assert_eq!(st, 200, "{list}");
    let events = list["events"].as_array().unwrap();
    let today: Vec<&Value> = events.iter().filter(|e| e["today"] == true).collect();
    assert_eq!(today.len(), 1, "one event today: {list}");
    let later = events
        .iter()
        .find(|e| e["today"] == false)
        .expect("an upcoming event");
    assert_eq!(
        events[0]["id"], today[0]["id"],
        "today's event comes first: {list}"
    );
    (
        today[0]["id"].as_i64().unwrap(),
        later["id"].as_i64().unwrap(),
    )
}

/// The holder's code of an order.
async fn code_of(s: &TestServer, token: &str, id: i64) -> String {
    let (st, c) = s.get(token, &format!("/api/orders/{id}/ticket-code")).await;
    assert_eq!(st, 200, "{c}");
    c["code"].as_str().unwrap().to_string()
}

async fn redeem(s: &TestServer, token: &str, event: i64, code: &str, scan: &str) -> (u16, Value) {
    s.post(
        token,
        "/api/checkin/redeem",
        json!({"code": code, "event_id": event, "scan_id": scan, "device": "test"}),
    )
    .await
}

#[tokio::test]
async fn the_holder_gets_a_stable_unguessable_code() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let (id, _) = s.find_order(&anna, "event", "in_progress").await;
    let (st, c) = s.get(&anna, &format!("/api/orders/{id}/ticket-code")).await;
    assert_eq!(st, 200, "{c}");
    let code = c["code"].as_str().unwrap();
    assert_eq!(code.len(), kabinet_core::CODE_LEN);
    assert!(code
        .bytes()
        .all(|b| kabinet_core::CODE_ALPHABET.contains(&b)));
    assert!(!code.contains(&c["number"].as_str().unwrap().to_string()));
    assert_eq!(c["holder"], "Анна Иванова");
    assert_eq!(c["title"], "Митап «Rust в продакшене»");
    assert!(c["place"].as_str().is_some_and(|p| !p.is_empty()));
    assert_eq!(code_of(&s, &anna, id).await, code, "the same code again");
    // Another ticket has another code.
    let (other, _) = s.find_order(&anna, "event", "new").await;
    assert_ne!(code_of(&s, &anna, other).await, code);
}

#[tokio::test]
async fn only_the_holder_sees_the_code() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let (id, _) = s.find_order(&anna, "event", "in_progress").await;
    let path = format!("/api/orders/{id}/ticket-code");
    for who in [VERA, BORIS] {
        let t = s.login(who).await;
        let (st, err) = s.get(&t, &path).await;
        assert_eq!(st, 404, "someone else's ticket: {err}");
        assert_error(&err, "not_found");
    }
    for who in [STAFF, EVENTS] {
        let t = s.login(who).await;
        let (st, err) = s.get(&t, &path).await;
        assert_eq!(st, 409, "{who} sees the order, not the code: {err}");
        assert_reason(&err, "conflict", "not_holder");
    }
    // Finished or cancelled tickets show no code; other kinds have none.
    for (kind, status) in [
        ("event", "done"),
        ("event", "cancelled"),
        ("coworking", "done"),
    ] {
        let (id, _) = s.find_order(&anna, kind, status).await;
        let (st, err) = s.get(&anna, &format!("/api/orders/{id}/ticket-code")).await;
        assert_eq!(st, 409, "{kind} {status}: {err}");
        assert_reason(&err, "conflict", "not_allowed_now");
    }
    let (booking, _) = s.find_order(&anna, "booking", "in_progress").await;
    let (st, _) = s
        .get(&anna, &format!("/api/orders/{booking}/ticket-code"))
        .await;
    assert_eq!(st, 404);
}

#[tokio::test]
async fn a_scan_admits_once_and_then_says_when_and_by_whom() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let door = s.login(EVENTS).await;
    let (today, _) = events(&s, &door).await;
    let (id, _) = s.find_order(&anna, "event", "in_progress").await;
    let code = code_of(&s, &anna, id).await;
    let (_, before) = s.get(&door, "/api/checkin/events").await;

    // Typed in groups, in lower case: the same code.
    let typed = kabinet_core::group_code(&code).to_lowercase();
    let (st, ok) = redeem(&s, &door, today, &typed, "scan-1").await;
    assert_eq!(st, 201, "{ok}");
    assert_eq!(ok["status"], "ok");
    assert_eq!(ok["ticket"]["holder"], "Анна Иванова");
    assert_eq!(ok["ticket"]["company"], "Альфа");
    assert_eq!(ok["ticket"]["status"], "done");
    assert!(ok["annul_until"].is_string());
    let (_, order) = s.get(&anna, &format!("/api/orders/{id}")).await;
    assert_eq!(order["status"], "done", "anna's ticket is «Выполнен»");
    assert!(
        !order["actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "cancel" || a == "show_qr"),
        "a checked-in ticket can no longer be cancelled: {}",
        order["actions"]
    );
    let (_, after) = s.get(&door, "/api/checkin/events").await;
    assert_eq!(
        after["events"][0]["checked_in"].as_i64().unwrap(),
        before["events"][0]["checked_in"].as_i64().unwrap() + 1,
        "«отмечено N из M» counts it"
    );

    let (st, again) = redeem(&s, &door, today, &code, "scan-2").await;
    assert_eq!(st, 200, "{again}");
    assert_eq!(again["status"], "error");
    assert_eq!(again["reason"], "already_redeemed");
    assert_eq!(again["by"], "Егор Миронов");
    assert_eq!(
        again["checked_in_at"], ok["ticket"]["checked_in_at"],
        "when the first scan admitted her"
    );
    // The QR is gone from her view too.
    let (st, _) = s.get(&anna, &format!("/api/orders/{id}/ticket-code")).await;
    assert_eq!(st, 409);
}

#[tokio::test]
async fn every_refusal_has_its_reason() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let boris = s.login(BORIS).await;
    let staff = s.login(STAFF).await;
    let door = s.login(EVENTS).await;
    let (today, conference) = events(&s, &door).await;

    let (st, unknown) = redeem(&s, &door, today, "ABCDEFGHJKMNPQRSTUVWXYZ23456", "r-1").await;
    assert_eq!(st, 200, "{unknown}");
    assert_eq!(unknown["reason"], "invalid");
    assert!(unknown["ticket"].is_null(), "an unknown code names no one");

    // The conference ticket: another event at the meetup's door; at its own door,
    // not today.
    let (_, page) = s
        .get(&anna, "/api/orders?kind=event&status=in_progress&limit=10")
        .await;
    let conf = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["service_name"].as_str().unwrap().contains("Конференция"))
        .and_then(|o| o["id"].as_i64())
        .expect("anna's conference ticket");
    let conf_code = code_of(&s, &anna, conf).await;
    let (_, wrong) = redeem(&s, &door, today, &conf_code, "r-2").await;
    assert_eq!(wrong["reason"], "wrong_event", "{wrong}");
    assert_eq!(wrong["ticket"]["event"], "Конференция «Цифровой офис 2026»");
    let (_, early) = redeem(&s, &door, conference, &conf_code, "r-3").await;
    assert_eq!(early["reason"], "invalid_time", "{early}");

    // Boris's ticket, cancelled by staff after he opened his QR.
    let (bid, bver) = s.find_order(&boris, "event", "in_progress").await;
    let bcode = code_of(&s, &boris, bid).await;
    let (st, v) = s
        .act(
            &staff,
            bid,
            json!({"action": "staff_cancel", "version": bver}),
            None,
        )
        .await;
    assert_eq!(st, 200, "{v}");
    let (_, cancelled) = redeem(&s, &door, today, &bcode, "r-4").await;
    assert_eq!(cancelled["reason"], "canceled", "{cancelled}");
    assert_eq!(cancelled["ticket"]["holder"], "Борис Петров");
    assert_eq!(
        cancelled["ticket"]["status"], v["status"],
        "cancelled or being refunded"
    );
    // Picked by hand, the cancelled ticket is refused the same way.
    let (_, by_hand) = s
        .post(
            &door,
            "/api/checkin/redeem",
            json!({"order_id": bid, "event_id": today, "scan_id": "r-5"}),
        )
        .await;
    assert_eq!(by_hand["reason"], "canceled", "{by_hand}");
    let (_, nothing) = s
        .post(
            &door,
            "/api/checkin/redeem",
            json!({"order_id": 999_999, "event_id": today, "scan_id": "r-6"}),
        )
        .await;
    assert_eq!(nothing["reason"], "invalid", "{nothing}");
    // By hand, the door knows event tickets only: a coworking order is unknown
    // to it, and nothing about whose it is comes back.
    let (cowork, _) = s.find_order(&anna, "coworking", "new").await;
    let (_, other) = s
        .post(
            &door,
            "/api/checkin/redeem",
            json!({"order_id": cowork, "event_id": today, "scan_id": "r-7"}),
        )
        .await;
    assert_eq!(other["reason"], "invalid", "{other}");
    assert!(other["ticket"].is_null(), "{other}");
}

#[tokio::test]
async fn a_ticket_cancelled_by_its_owner_or_passed_on_by_link_loses_its_code() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let door = s.login(EVENTS).await;
    let (today, _) = events(&s, &door).await;
    // Next week's meetup: anna may still cancel it herself.
    let (id, version) = s.find_order(&anna, "event", "new").await;
    let code = code_of(&s, &anna, id).await;
    let (st, v) = s
        .act(
            &anna,
            id,
            json!({"action": "cancel", "version": version}),
            None,
        )
        .await;
    assert_eq!(st, 200, "{v}");
    let (_, refused) = redeem(&s, &door, today, &code, "c-1").await;
    assert_eq!(refused["reason"], "canceled", "{refused}");

    // A coworking ticket taken through its transfer link.
    let (cw, _) = s.find_order(&anna, "coworking", "new").await;
    let old = code_of(&s, &anna, cw).await;
    let (st, link) = s
        .post(
            &anna,
            &format!("/api/orders/{cw}/ticket/transfer-link"),
            json!({}),
        )
        .await;
    assert_eq!(st, 201, "{link}");
    let token = link["link"]["token"].as_str().expect("a token").to_string();
    let vera = s.login(VERA).await;
    let (st, taken) = s
        .post(&vera, &format!("/api/invites/{token}/accept"), json!({}))
        .await;
    assert_eq!(st, 200, "{taken}");
    let (_, revoked) = redeem(&s, &door, today, &old, "c-2").await;
    assert_eq!(revoked["reason"], "revoked", "{revoked}");
    assert_ne!(code_of(&s, &vera, cw).await, old);
}

#[tokio::test]
async fn check_ins_happen_only_at_the_door() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let door = s.login(EVENTS).await;
    let staff = s.login(STAFF).await;
    let (id, version) = s.find_order(&anna, "event", "in_progress").await;
    // Neither the order's actions nor a staff member's «Выполнен» check anyone in.
    let (st, err) = s
        .act(
            &door,
            id,
            json!({"action": "check_in", "version": version}),
            None,
        )
        .await;
    assert_eq!(st, 422, "{err}");
    assert_eq!(err["field"], "action");
    let (st, err) = s
        .act(
            &staff,
            id,
            json!({"action": "complete", "version": version}),
            None,
        )
        .await;
    assert_eq!(st, 409, "{err}");
    assert_reason(&err, "conflict", "not_for_kind");
    let (_, order) = s.get(&anna, &format!("/api/orders/{id}")).await;
    assert_eq!(order["status"], "in_progress");
}

#[tokio::test]
async fn a_passed_on_tickets_old_code_is_revoked() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let boris = s.login(BORIS).await;
    let door = s.login(EVENTS).await;
    let (today, _) = events(&s, &door).await;
    let (id, _) = s.find_order(&anna, "coworking", "new").await;
    let old = code_of(&s, &anna, id).await;
    let boris_id = s.person_id(&anna, "Петров").await;
    let (st, v) = s
        .post(
            &anna,
            &format!("/api/orders/{id}/ticket/transfer"),
            json!({"user_id": boris_id}),
        )
        .await;
    assert_eq!(st, 200, "{v}");
    // Anna keeps the order, not the code; boris has a new one.
    let (st, err) = s.get(&anna, &format!("/api/orders/{id}/ticket-code")).await;
    assert_eq!(st, 409, "{err}");
    assert_reason(&err, "conflict", "not_holder");
    let new = code_of(&s, &boris, id).await;
    assert_ne!(new, old);
    let (_, c) = s
        .get(&boris, &format!("/api/orders/{id}/ticket-code"))
        .await;
    assert_eq!(c["holder"], "Борис Петров");
    assert_eq!(c["kind"], "coworking");
    // His card in «Мои бронирования» opens that code (not the order).
    let (_, bookings) = s.get(&boris, "/api/bookings").await;
    let card = bookings["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["holding"] == "received")
        .expect("the ticket passed to him");
    assert_eq!(card["entry_code"], id);
    assert!(card["order_id"].is_null());
    let (st, _) = s.get(&boris, &format!("/api/orders/{id}")).await;
    assert_eq!(st, 404, "the order stays anna's");

    let (_, revoked) = redeem(&s, &door, today, &old, "t-1").await;
    assert_eq!(revoked["reason"], "revoked", "{revoked}");
    // The new code is a coworking ticket, not this event's.
    let (_, other) = redeem(&s, &door, today, &new, "t-2").await;
    assert_eq!(other["reason"], "wrong_event", "{other}");
}

#[tokio::test]
async fn twenty_devices_one_code_one_admission() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let door = s.login(EVENTS).await;
    let staff = s.login(STAFF).await;
    let (today, _) = events(&s, &door).await;
    let (id, _) = s.find_order(&anna, "event", "in_progress").await;
    let code = code_of(&s, &anna, id).await;
    let answers = futures::future::join_all((0..20).map(|i| {
        let (s, code) = (&s, code.clone());
        let token = if i % 2 == 0 { &door } else { &staff };
        async move { redeem(s, token, today, &code, &format!("dev-{i}")).await }
    }))
    .await;
    let ok: Vec<&(u16, Value)> = answers.iter().filter(|(st, _)| *st == 201).collect();
    assert_eq!(ok.len(), 1, "exactly one admitted: {answers:?}");
    let at = &ok[0].1["ticket"]["checked_in_at"];
    for (st, a) in answers.iter().filter(|(st, _)| *st != 201) {
        assert_eq!(*st, 200);
        assert_eq!(a["reason"], "already_redeemed", "{a}");
        assert_eq!(&a["checked_in_at"], at);
    }
    let (_, order) = s.get(&anna, &format!("/api/orders/{id}")).await;
    let check_ins = order["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["action"] == "check_in")
        .count();
    assert_eq!(check_ins, 1, "{}", order["history"]);
}

#[tokio::test]
async fn a_retried_scan_is_answered_the_same_and_counted_once() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let door = s.login(EVENTS).await;
    let staff = s.login(STAFF).await;
    let (today, _) = events(&s, &door).await;
    let (id, _) = s.find_order(&anna, "event", "in_progress").await;
    let code = code_of(&s, &anna, id).await;
    let answers =
        futures::future::join_all((0..10).map(|_| redeem(&s, &door, today, &code, "same-scan")))
            .await;
    for a in &answers {
        assert_eq!(a, &answers[0], "every retry gets the first answer");
    }
    assert_eq!(answers[0].0, 201, "{:?}", answers[0]);
    let (_, order) = s.get(&anna, &format!("/api/orders/{id}")).await;
    let history = order["history"].as_array().unwrap();
    assert_eq!(
        history.iter().filter(|h| h["action"] == "check_in").count(),
        1
    );
    // The scan id is the device's: another user cannot take it over.
    let (st, err) = redeem(&s, &staff, today, &code, "same-scan").await;
    assert_eq!(st, 409, "{err}");
    assert_reason(&err, "conflict", "scan_id_taken");
}

#[tokio::test]
async fn a_check_in_can_be_undone_for_ten_minutes() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let boris = s.login(BORIS).await;
    let door = s.login(EVENTS).await;
    let staff = s.login(STAFF).await;
    let (today, _) = events(&s, &door).await;
    let (id, _) = s.find_order(&anna, "event", "in_progress").await;
    let code = code_of(&s, &anna, id).await;
    let (st, _) = redeem(&s, &door, today, &code, "u-1").await;
    assert_eq!(st, 201);

    // A refused scan admitted no one; someone else's scan is not found.
    let (_, _) = redeem(&s, &door, today, &code, "u-2").await;
    let (st, err) = s
        .post(&door, "/api/checkin/annul", json!({"scan_id": "u-2"}))
        .await;
    assert_eq!(st, 409, "{err}");
    let (st, _) = s
        .post(&door, "/api/checkin/annul", json!({"scan_id": "nope"}))
        .await;
    assert_eq!(st, 404);

    s.state.clock.advance(9 * 60);
    let (st, back) = s
        .post(&door, "/api/checkin/annul", json!({"scan_id": "u-1"}))
        .await;
    assert_eq!(st, 200, "{back}");
    assert_eq!(
        back["ticket"]["status"], "in_progress",
        "its previous status"
    );
    assert!(back["ticket"]["checked_in_at"].is_null());
    let (_, order) = s.get(&anna, &format!("/api/orders/{id}")).await;
    assert_eq!(order["status"], "in_progress");
    assert!(order["actions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "show_qr"));
    // A retried undo (its answer lost) is answered the same, and changes nothing.
    let (st, again) = s
        .post(&door, "/api/checkin/annul", json!({"scan_id": "u-1"}))
        .await;
    assert_eq!((st, &again["ticket"]), (200, &back["ticket"]), "{again}");

    // Admitted again (the same code still works), and eleven minutes later the
    // undo is refused.
    let (st, _) = redeem(&s, &staff, today, &code, "u-3").await;
    assert_eq!(st, 201);
    s.state.clock.advance(11 * 60);
    let (st, err) = s
        .post(&staff, "/api/checkin/annul", json!({"scan_id": "u-3"}))
        .await;
    assert_eq!(st, 409, "{err}");
    assert_reason(&err, "conflict", "annul_too_late");
    let (_, order) = s.get(&anna, &format!("/api/orders/{id}")).await;
    assert_eq!(order["status"], "done");

    // Boris's ticket, admitted by the event manager: undone by staff, never by a
    // tenant.
    let (bid, _) = s.find_order(&boris, "event", "in_progress").await;
    let bcode = code_of(&s, &boris, bid).await;
    let (st, _) = redeem(&s, &door, today, &bcode, "u-4").await;
    assert_eq!(st, 201);
    let (st, _) = s
        .post(&boris, "/api/checkin/annul", json!({"scan_id": "u-4"}))
        .await;
    assert_eq!(st, 403);
    let (st, _) = s
        .post(&staff, "/api/checkin/annul", json!({"scan_id": "u-4"}))
        .await;
    assert_eq!(st, 200);
}

#[tokio::test]
async fn tenants_are_refused_and_learn_nothing() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let vera = s.login(VERA).await;
    let door = s.login(EVENTS).await;
    let (today, _) = events(&s, &door).await;
    let (id, _) = s.find_order(&anna, "event", "in_progress").await;
    let code = code_of(&s, &anna, id).await;
    for (token, code) in [(&anna, code.as_str()), (&vera, code.as_str()), (&vera, "X")] {
        let (st, err) = redeem(&s, token, today, code, "tenant-1").await;
        assert_eq!(st, 403, "{err}");
        assert_reason(&err, "forbidden", "forbidden");
        assert!(
            !err.to_string().contains("Иванова"),
            "nothing about the ticket: {err}"
        );
    }
    for path in [
        "/api/checkin/events".to_string(),
        format!("/api/checkin/events/{today}/tickets?q=анна"),
    ] {
        let (st, _) = s.get(&vera, &path).await;
        assert_eq!(st, 403, "{path}");
    }
    let (st, _) = s
        .post(&vera, "/api/checkin/annul", json!({"scan_id": "x"}))
        .await;
    assert_eq!(st, 403);
    // Refused before the body is read: a malformed scan is still 403.
    let (st, _) = s
        .post(&vera, "/api/checkin/redeem", json!({"nonsense": true}))
        .await;
    assert_eq!(st, 403);
    let (st, _) = s.get_anon("/api/checkin/events").await;
    assert_eq!(st, 401);
    // And the ticket is untouched.
    let (_, order) = s.get(&anna, &format!("/api/orders/{id}")).await;
    assert_eq!(order["status"], "in_progress");
}

#[tokio::test]
async fn bad_scans_are_told_what_is_wrong() {
    let s = TestServer::demo(0).await;
    let door = s.login(EVENTS).await;
    let (today, _) = events(&s, &door).await;
    for (body, field) in [
        (
            json!({"code": "A", "event_id": today, "scan_id": ""}),
            "scan_id",
        ),
        (
            json!({"code": "A", "event_id": today, "scan_id": "has space"}),
            "scan_id",
        ),
        (
            json!({"code": "A", "event_id": today, "scan_id": "x".repeat(65)}),
            "scan_id",
        ),
        (
            json!({"code": "A".repeat(201), "event_id": today, "scan_id": "b-1"}),
            "code",
        ),
        (json!({"event_id": today, "scan_id": "b-2"}), "code"),
        (
            json!({"code": " - ", "event_id": today, "scan_id": "b-3"}),
            "code",
        ),
        (
            json!({"code": "A", "order_id": 1, "event_id": today, "scan_id": "b-4"}),
            "code",
        ),
        (
            json!({"code": "A", "event_id": 999_999, "scan_id": "b-5"}),
            "event_id",
        ),
        (
            json!({"code": "A", "event_id": today, "scan_id": "b-6", "device": "d".repeat(65)}),
            "device",
        ),
    ] {
        let (st, err) = s.post(&door, "/api/checkin/redeem", body.clone()).await;
        assert_eq!(st, 422, "{body}: {err}");
        assert_error(&err, "validation");
        assert_eq!(err["field"], field, "{body}: {err}");
    }
    let (st, _) = s.get(&door, "/api/checkin/events/999999/tickets").await;
    assert_eq!(st, 404);
}

#[tokio::test]
async fn the_door_finds_tickets_by_name_or_number_and_checks_in_by_hand() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let door = s.login(EVENTS).await;
    let (today, _) = events(&s, &door).await;
    let (_, all) = s
        .get(&door, &format!("/api/checkin/events/{today}/tickets"))
        .await;
    let names: Vec<&str> = all["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["holder"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Борис Петров") && names.contains(&"Вера Сидорова"),
        "{all}"
    );
    // Vera was checked in in the demo: when and by whom.
    let vera = all["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["holder"] == "Вера Сидорова")
        .unwrap();
    assert_eq!(vera["status"], "done");
    assert_eq!(vera["checked_in_by"], "Егор Миронов");

    let q = crate::common::urlencode("иванова ан");
    let (_, found) = s
        .get(&door, &format!("/api/checkin/events/{today}/tickets?q={q}"))
        .await;
    let found = found["tickets"].as_array().unwrap().clone();
    assert!(!found.is_empty());
    assert!(found.iter().all(|t| t["holder"] == "Анна Иванова"));
    let (id, _) = s.find_order(&anna, "event", "in_progress").await;
    let number = found
        .iter()
        .find(|t| t["order_id"] == id)
        .map(|t| t["number"].as_str().unwrap().to_string())
        .expect("her ticket in progress is found");
    let (_, by_number) = s
        .get(
            &door,
            &format!("/api/checkin/events/{today}/tickets?q={number}"),
        )
        .await;
    assert_eq!(by_number["tickets"].as_array().unwrap().len(), 1);

    let (st, ok) = s
        .post(
            &door,
            "/api/checkin/redeem",
            json!({"order_id": id, "event_id": today, "scan_id": "hand-1"}),
        )
        .await;
    assert_eq!(st, 201, "{ok}");
    assert_eq!(ok["ticket"]["holder"], "Анна Иванова");
    let (_, order) = s.get(&anna, &format!("/api/orders/{id}")).await;
    assert_eq!(order["status"], "done");
}
