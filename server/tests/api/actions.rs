//! Black-box tests of order actions over real HTTP: every transition per kind,
//! allowed and forbidden; staff-only actions; stale versions and idempotent retries
//! under concurrency; auto-confirmation with the test clock; the history.

use crate::common::{assert_error, assert_reason, TestServer};
use kabinet_core::{next_status, Action, CloseOutcome, Kind, OrderFacts, Status, TransitionInput};
use serde_json::{json, Value};

const ANNA: &str = "anna@alfa.example";
const STAFF: &str = "staff@kabinet.example";

/// Every owner action that changes the status, with the close outcomes.
fn owner_moves() -> Vec<(Action, Option<CloseOutcome>)> {
    vec![
        (Action::ConfirmCompletion, None),
        (Action::ReturnToWork, None),
        (Action::Close, Some(CloseOutcome::Done)),
        (Action::Close, Some(CloseOutcome::NotRelevant)),
        (Action::Cancel, None),
    ]
}

fn body(action: Action, version: i64, outcome: Option<CloseOutcome>) -> Value {
    let mut b = json!({ "action": action, "version": version });
    if let Some(o) = outcome {
        b["close_outcome"] = json!(o);
    }
    b
}

async fn all_ids(s: &TestServer, token: &str) -> Vec<i64> {
    let (_, page) = s.get(token, "/api/orders?limit=100").await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect()
}

async fn view(s: &TestServer, token: &str, id: i64) -> Value {
    let (st, v) = s.get(token, &format!("/api/orders/{id}")).await;
    assert_eq!(st, 200);
    v
}

fn parse<T: serde::de::DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).unwrap()
}

#[tokio::test]
async fn the_server_allows_exactly_what_the_view_offers_for_every_kind_and_status() {
    let s = TestServer::demo(0).await;
    let t = s.login(ANNA).await;
    let mut applied = 0;
    for id in all_ids(&s, &t).await {
        let v = view(&s, &t, id).await;
        let offered: Vec<Action> = parse(&v["actions"]);
        let version = v["version"].as_i64().unwrap();
        let status: Status = parse(&v["status"]);
        let kind: Kind = parse(&v["kind"]);
        // Forbidden moves first: refused with 409 and nothing changes.
        for (action, outcome) in owner_moves()
            .into_iter()
            .filter(|(a, _)| !offered.contains(a))
        {
            let (st, err) = s.act(&t, id, body(action, version, outcome), None).await;
            assert_eq!(st, 409, "{kind:?} {status:?} {action:?}: {err}");
            assert_error(&err, "conflict");
        }
        let after = view(&s, &t, id).await;
        assert_eq!(
            after["version"], version,
            "a refused action changes nothing"
        );
        // Then the first allowed move, which leads where the shared rules say.
        let Some((action, outcome)) = owner_moves().into_iter().find(|(a, _)| offered.contains(a))
        else {
            continue;
        };
        let payment = &v["payment"];
        let facts = OrderFacts {
            kind,
            status,
            paid: payment["paid"]["amount"].as_i64().unwrap_or(0),
            remainder: payment["remainder"]["amount"].as_i64().unwrap_or(0),
            cancellable: v["service"]["settings"]["cancellable"].as_bool().unwrap(),
            cancel_deadline_passed: false,
            service_over: false,
        };
        let expected = next_status(
            &facts,
            action,
            TransitionInput {
                close_outcome: outcome,
            },
        )
        .unwrap();
        let (st, new) = s.act(&t, id, body(action, version, outcome), None).await;
        assert_eq!(st, 200, "{kind:?} {status:?} {action:?}: {new}");
        assert_eq!(
            parse::<Status>(&new["status"]),
            expected,
            "{kind:?} {status:?} {action:?}"
        );
        assert_eq!(new["version"], version + 1);
        assert_eq!(
            new,
            view(&s, &t, id).await,
            "the answer is the order as it now stands: {kind:?} {status:?} {action:?}"
        );
        applied += 1;
    }
    assert!(applied >= 12, "allowed moves were exercised: {applied}");
}

/// Takes `action` on the order view `o`, at the version it shows.
async fn act_on(
    s: &TestServer,
    token: &str,
    o: &Value,
    action: Action,
    outcome: Option<CloseOutcome>,
    key: Option<&str>,
) -> (u16, Value) {
    let (id, version) = (o["id"].as_i64().unwrap(), o["version"].as_i64().unwrap());
    s.act(token, id, body(action, version, outcome), key).await
}

/// Anna's order of `kind` in `status` (the first one).
async fn find(s: &TestServer, token: &str, kind: &str, status: &str) -> Value {
    let (_, page) = s
        .get(token, &format!("/api/orders?kind={kind}&status={status}"))
        .await;
    let id = page["items"][0]["id"].as_i64().expect("demo order");
    view(s, token, id).await
}

#[tokio::test]
async fn confirm_return_close_and_cancel_lead_where_the_spec_says() {
    let s = TestServer::demo(0).await;
    let t = s.login(ANNA).await;

    let o = find(&s, &t, "service", "awaiting_confirmation").await;
    let (st, v) = act_on(&s, &t, &o, Action::ReturnToWork, None, None).await;
    assert_eq!((st, v["status"].as_str()), (200, Some("in_progress")));

    let o = find(&s, &t, "request", "awaiting_confirmation").await;
    let (_, v) = act_on(&s, &t, &o, Action::ConfirmCompletion, None, None).await;
    assert_eq!(v["status"], "done");
    assert_eq!(
        v["actions"],
        json!([]),
        "nothing left to do on a done request"
    );

    let o = find(&s, &t, "request", "new").await;
    let (_, v) = act_on(
        &s,
        &t,
        &o,
        Action::Close,
        Some(CloseOutcome::NotRelevant),
        None,
    )
    .await;
    assert_eq!(v["status"], "cancelled", "«Неактуален» cancels");

    // A close without an outcome names the missing field.
    let o = find(&s, &t, "service", "new").await;
    let (st, err) = s
        .act(
            &t,
            o["id"].as_i64().unwrap(),
            json!({"action": "close", "version": o["version"]}),
            None,
        )
        .await;
    assert_eq!((st, err["field"].as_str()), (422, Some("close_outcome")));

    // Paid and unpaid cancellations.
    for (kind, status) in [
        ("booking", "in_progress"),
        ("booking", "new"),
        ("hotel", "new"),
        ("goods", "in_progress"),
    ] {
        let o = find(&s, &t, kind, status).await;
        let paid = o["payment"]["paid"]["amount"].as_i64().unwrap_or(0);
        let (st, v) = act_on(&s, &t, &o, Action::Cancel, None, None).await;
        assert_eq!(st, 200, "{kind} {status}: {v}");
        let expected = if paid > 0 {
            "refund_pending"
        } else {
            "cancelled"
        };
        assert_eq!(v["status"], expected, "{kind} {status} paid {paid}");
    }

    // Not cancellable: 409 with the reason.
    let (_, page) = s.get(&t, "/api/orders?q=python").await;
    let o = view(&s, &t, page["items"][0]["id"].as_i64().unwrap()).await;
    let (st, err) = act_on(&s, &t, &o, Action::Cancel, None, None).await;
    assert_eq!(st, 409);
    assert!(err["message"].as_str().unwrap().contains("chat"), "{err}");

    // A checked-in event ticket cannot be cancelled.
    let o = find(&s, &t, "event", "done").await;
    let (st, err) = act_on(&s, &t, &o, Action::Cancel, None, None).await;
    assert_eq!(st, 409);
    assert!(
        err["message"].as_str().unwrap().contains("checked in"),
        "{err}"
    );
}

#[tokio::test]
async fn staff_actions_are_staff_only_and_others_orders_stay_hidden() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let staff = s.login(STAFF).await;
    let vera = s.login("vera@beta.example").await;
    let o = find(&s, &anna, "service", "new").await;
    let id = o["id"].as_i64().unwrap();
    let version = o["version"].as_i64().unwrap();

    for action in [
        Action::TakeIntoWork,
        Action::MarkAwaitingConfirmation,
        Action::Complete,
        Action::StaffCancel,
        Action::CompleteRefund,
    ] {
        let (st, err) = s.act(&anna, id, body(action, version, None), None).await;
        assert_eq!(st, 403, "a tenant may not {action:?}: {err}");
        assert_reason(&err, "forbidden", "not_yours");
    }
    // Staff may not act for the user either.
    let (st, _) = s
        .act(
            &staff,
            id,
            body(Action::Close, version, Some(CloseOutcome::Done)),
            None,
        )
        .await;
    assert_eq!(st, 403);
    // Another tenant does not learn the order exists.
    let (st, _) = s
        .act(
            &vera,
            id,
            body(Action::Close, version, Some(CloseOutcome::Done)),
            None,
        )
        .await;
    assert_eq!(st, 404);

    let (st, v) = s
        .act(&staff, id, body(Action::TakeIntoWork, version, None), None)
        .await;
    assert_eq!((st, v["status"].as_str()), (200, Some("in_progress")));
    let (st, v) = s
        .act(
            &staff,
            id,
            body(Action::MarkAwaitingConfirmation, version + 1, None),
            None,
        )
        .await;
    assert_eq!(
        (st, v["status"].as_str()),
        (200, Some("awaiting_confirmation"))
    );
    // Anna now sees confirm and return.
    let v = view(&s, &anna, id).await;
    assert_eq!(
        v["actions"],
        json!(["confirm_completion", "return_to_work"])
    );

    // A refund is completed by staff.
    let o = find(&s, &anna, "booking", "refund_pending").await;
    let (st, v) = act_on(&s, &staff, &o, Action::CompleteRefund, None, None).await;
    assert_eq!((st, v["status"].as_str()), (200, Some("cancelled")));
}

#[tokio::test]
async fn a_stale_version_loses_under_concurrency() {
    let s = TestServer::demo(0).await;
    let t = s.login(ANNA).await;
    let o = find(&s, &t, "service", "awaiting_confirmation").await;
    let id = o["id"].as_i64().unwrap();
    let version = o["version"].as_i64().unwrap();
    // Two tabs act on the same version at once: confirm and return.
    let a = s.act(
        &t,
        id,
        body(Action::ConfirmCompletion, version, None),
        Some("tab-a"),
    );
    let b = s.act(
        &t,
        id,
        body(Action::ReturnToWork, version, None),
        Some("tab-b"),
    );
    let ((sa, va), (sb, vb)) = tokio::join!(a, b);
    let mut statuses = [sa, sb];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "one wins, one is stale: {va} {vb}");
    let loser = if sa == 409 { &va } else { &vb };
    assert_reason(loser, "conflict", "stale_version");
    let winner = if sa == 409 { &vb } else { &va };
    assert_eq!(
        loser["status"], winner["status"],
        "the stale answer names the status the order is in now: {loser}"
    );
    let v = view(&s, &t, id).await;
    assert_eq!(v["version"], version + 1, "applied exactly once");
}

#[tokio::test]
async fn a_retried_request_is_applied_once_and_answered_the_same() {
    let s = TestServer::demo(0).await;
    let t = s.login(ANNA).await;
    let o = find(&s, &t, "request", "in_progress").await;
    let id = o["id"].as_i64().unwrap();
    let version = o["version"].as_i64().unwrap();
    let req = body(Action::Close, version, Some(CloseOutcome::Done));
    let sends = (0..6).map(|_| s.act(&t, id, req.clone(), Some("double-click-1")));
    let answers = futures::future::join_all(sends).await;
    for (st, v) in &answers {
        assert_eq!(*st, 200, "{v}");
        assert_eq!(v, &answers[0].1, "every retry gets the same answer");
    }
    let v = view(&s, &t, id).await;
    assert_eq!(v["version"], version + 1, "applied once");
    let closes = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["action"] == "close")
        .count();
    assert_eq!(closes, 1, "one history entry");

    // The same key for another request is refused.
    let other = find(&s, &t, "service", "new").await;
    let (st, err) = act_on(
        &s,
        &t,
        &other,
        Action::Close,
        Some(CloseOutcome::Done),
        Some("double-click-1"),
    )
    .await;
    assert_eq!((st, err["field"].as_str()), (422, Some("Idempotency-Key")));
}

#[tokio::test]
async fn awaiting_confirmation_turns_done_after_the_service_time() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let staff = s.login(STAFF).await;
    // Nothing in fresh demo data is due yet.
    assert_eq!(
        kabinet_server::jobs::auto_confirm(&s.state).await.unwrap(),
        0
    );
    // The guest pass confirms itself after 72 hours.
    let o = find(&s, &anna, "service", "in_progress").await;
    let id = o["id"].as_i64().unwrap();
    let (st, _) = s
        .act(
            &staff,
            id,
            body(
                Action::MarkAwaitingConfirmation,
                o["version"].as_i64().unwrap(),
                None,
            ),
            None,
        )
        .await;
    assert_eq!(st, 200);

    s.state.clock.advance(71 * 3600);
    kabinet_server::jobs::auto_confirm(&s.state).await.unwrap();
    assert_eq!(
        view(&s, &anna, id).await["status"],
        "awaiting_confirmation",
        "not yet"
    );

    s.state.clock.advance(2 * 3600);
    let n = kabinet_server::jobs::auto_confirm(&s.state).await.unwrap();
    assert!(n >= 1);
    let v = view(&s, &anna, id).await;
    assert_eq!(v["status"], "done");
    let last = v["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "auto_confirm");
    assert!(last["actor"].is_null(), "the system did it");
    // Running the sweep again changes nothing.
    let before = v["version"].clone();
    kabinet_server::jobs::auto_confirm(&s.state).await.unwrap();
    assert_eq!(view(&s, &anna, id).await["version"], before);
}

#[tokio::test]
async fn the_history_records_who_did_what() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let staff = s.login(STAFF).await;
    let o = find(&s, &anna, "service", "new").await;
    let id = o["id"].as_i64().unwrap();
    s.act(&staff, id, body(Action::TakeIntoWork, 1, None), None)
        .await;
    s.act(
        &anna,
        id,
        body(Action::Close, 2, Some(CloseOutcome::Done)),
        None,
    )
    .await;
    let v = view(&s, &anna, id).await;
    let h: Vec<(String, String, Option<String>)> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().into(),
                e["to_status"].as_str().unwrap().into(),
                e["actor"]["name"].as_str().map(String::from),
            )
        })
        .collect();
    assert_eq!(
        h,
        vec![
            ("create".into(), "new".into(), Some("Анна Иванова".into())),
            (
                "take_into_work".into(),
                "in_progress".into(),
                Some("Светлана Орлова".into())
            ),
            ("close".into(), "done".into(), Some("Анна Иванова".into())),
        ]
    );
}

#[tokio::test]
async fn refusals_carry_their_reason() {
    let s = TestServer::demo(0).await;
    let t = s.login(ANNA).await;
    // Not in this status: a finished order cannot be closed.
    let done = find(&s, &t, "service", "done").await;
    let (st, e) = act_on(&s, &t, &done, Action::Close, Some(CloseOutcome::Done), None).await;
    assert_eq!(st, 409);
    assert_reason(&e, "conflict", "not_allowed_now");
    // A service that cannot be cancelled online says so.
    let (_, page) = s
        .get(&t, "/api/orders?kind=booking&status=in_progress&limit=100")
        .await;
    let python = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["service_name"] == "Переговорная Python")
        .expect("the non-cancellable booking")
        .clone();
    let v = view(&s, &t, python["id"].as_i64().unwrap()).await;
    let (st, e) = s
        .act(
            &t,
            python["id"].as_i64().unwrap(),
            body(Action::Cancel, v["version"].as_i64().unwrap(), None),
            None,
        )
        .await;
    assert_eq!(st, 409, "{e}");
    assert_reason(&e, "conflict", "not_cancellable");
    // «Повторить заказ» is offered for goods in every status.
    let goods = find(&s, &t, "goods", "in_progress").await;
    assert!(goods["actions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "repeat"));
    let (st, e) = s
        .act(
            &t,
            goods["id"].as_i64().unwrap(),
            json!({"action": "repeat", "version": goods["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 422);
    assert_reason(&e, "validation", "invalid");
    assert_eq!(e["field"], "action");
    // A key used for another request.
    let awaiting = find(&s, &t, "service", "awaiting_confirmation").await;
    let (id, version) = (
        awaiting["id"].as_i64().unwrap(),
        awaiting["version"].as_i64().unwrap(),
    );
    let (st, _) = s
        .act(
            &t,
            id,
            body(Action::ConfirmCompletion, version, None),
            Some("k-1"),
        )
        .await;
    assert_eq!(st, 200);
    let (st, e) = s
        .act(
            &t,
            id,
            body(Action::ReturnToWork, version, None),
            Some("k-1"),
        )
        .await;
    assert_eq!(st, 422);
    assert_reason(&e, "validation", "key_reused");
}

#[tokio::test]
async fn awaiting_confirmation_says_when_it_confirms_itself() {
    let s = TestServer::demo(0).await;
    let t = s.login(ANNA).await;
    let o = find(&s, &t, "request", "awaiting_confirmation").await;
    let at = o["auto_confirm_at"]
        .as_str()
        .expect("auto_confirm_at is set");
    let history = o["history"].as_array().unwrap();
    let marked = history.last().unwrap();
    assert_eq!(marked["action"], "mark_awaiting_confirmation");
    let parse = |t: &str| {
        time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).unwrap()
    };
    // The demo request's service confirms itself after 48 hours.
    assert_eq!(
        parse(at) - parse(marked["at"].as_str().unwrap()),
        time::Duration::hours(48)
    );
    let other = find(&s, &t, "request", "in_progress").await;
    assert!(other["auto_confirm_at"].is_null());
}

#[tokio::test]
async fn cancelled_orders_owe_nothing() {
    let s = TestServer::demo(0).await;
    let t = s.login(ANNA).await;
    for status in ["cancelled", "refund_pending"] {
        for kind in ["booking", "goods", "coworking", "hotel", "event"] {
            let o = find(&s, &t, kind, status).await;
            if let Some(p) = o["payment"].as_object() {
                assert_eq!(p["remainder"]["amount"], 0, "{kind} {status}: {o}");
            }
        }
    }
}

#[tokio::test]
async fn every_demo_order_has_a_history_that_leads_to_its_status() {
    let s = TestServer::demo(0).await;
    let t = s.login(ANNA).await;
    let now = time::OffsetDateTime::now_utc();
    let parse = |t: &str| {
        time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).unwrap()
    };
    for id in all_ids(&s, &t).await {
        let v = view(&s, &t, id).await;
        let h = v["history"].as_array().unwrap();
        assert_eq!(
            (h[0]["action"].as_str(), h[0]["to_status"].as_str()),
            (Some("create"), Some("new")),
            "«Заказ создан · Новый» first: {v}"
        );
        for pair in h.windows(2) {
            assert_eq!(pair[1]["from_status"], pair[0]["to_status"], "{v}");
            assert!(
                parse(pair[1]["at"].as_str().unwrap()) >= parse(pair[0]["at"].as_str().unwrap())
            );
        }
        assert_eq!(h.last().unwrap()["to_status"], v["status"], "{v}");
        // Finished bookings and events lie in the past, upcoming ones ahead.
        if let Some(at) = v["service_at"].as_str() {
            let at = parse(at);
            // Today's event began an hour ago: upcoming means not over yet.
            let end = v["service_end_at"].as_str().map(parse).unwrap_or(at);
            match v["status"].as_str().unwrap() {
                "done" => assert!(at < now, "done in the past: {v}"),
                "new" | "in_progress" => assert!(end > now, "upcoming or under way: {v}"),
                _ => {}
            }
        }
    }
}

#[tokio::test]
async fn stored_answers_and_ended_sessions_are_forgotten() {
    let s = TestServer::demo(0).await;
    let t = s.login(ANNA).await;
    let o = find(&s, &t, "service", "awaiting_confirmation").await;
    let (id, version) = (o["id"].as_i64().unwrap(), o["version"].as_i64().unwrap());
    let (st, _) = s
        .act(
            &t,
            id,
            body(Action::ConfirmCompletion, version, None),
            Some("day-old"),
        )
        .await;
    assert_eq!(st, 200);
    // A day later the key is free again (a retry comes within minutes).
    s.state.clock.advance(25 * 3600);
    kabinet_server::jobs::prune_sessions_and_answers(&s.state)
        .await
        .unwrap();
    let t = s.login(ANNA).await;
    let other = find(&s, &t, "service", "new").await;
    let (st, e) = act_on(
        &s,
        &t,
        &other,
        Action::Close,
        Some(CloseOutcome::Done),
        Some("day-old"),
    )
    .await;
    assert_eq!(st, 200, "{e}");
    // A session past its end is gone from the database, not only refused.
    s.state
        .clock
        .advance(kabinet_server::domain::sessions::SESSION_SECONDS + 1);
    let n = kabinet_server::jobs::prune_sessions_and_answers(&s.state)
        .await
        .unwrap();
    assert!(n >= 2, "both sessions pruned: {n}");
}
