//! Black-box tests of notifications and the live stream over real HTTP: who is told
//! what, marking read, isolation between users, resuming after a disconnect, the
//! tickets that open a stream.

use std::time::Duration;

use crate::common::{assert_error, TestServer};
use serde_json::{json, Value};

const ANNA: &str = "anna@alfa.example";
const VERA: &str = "vera@beta.example";
const STAFF: &str = "staff@kabinet.example";
const WAIT: Duration = Duration::from_secs(5);

fn is_order(e: &Value, id: i64) -> bool {
    e["type"] == "order" && e["order_id"] == id
}

#[tokio::test]
async fn staff_moves_reach_the_owner_live_and_as_notifications() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let staff = s.login(STAFF).await;
    let (id, version) = s.find_order(&anna, "service", "in_progress").await;
    let (_, before) = s.get(&anna, "/api/notifications").await;
    let unread_before = before["unread"].as_u64().unwrap();

    let mut live = s.live(&anna, None).await;
    let (st, _) = s
        .act(
            &staff,
            id,
            json!({"action": "mark_awaiting_confirmation", "version": version}),
            None,
        )
        .await;
    assert_eq!(st, 200);

    let events = live.until(WAIT, |e| e["type"] == "notification").await;
    assert!(
        events.iter().any(|(_, e)| is_order(e, id)
            && e["status"] == "awaiting_confirmation"
            && e["version"] == version + 1),
        "the order event comes with the new status and version: {events:?}"
    );
    let ids: Vec<i64> = events.iter().map(|(i, _)| *i).collect();
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "event ids grow: {ids:?}"
    );
    let n = &events.last().unwrap().1;
    assert_eq!(n["notification"]["kind"], "status_changed");
    assert_eq!(n["notification"]["order_id"], id);
    assert_eq!(n["notification"]["status"], "awaiting_confirmation");
    assert_eq!(n["notification"]["actor"], "Светлана Орлова");
    assert_eq!(n["unread"], unread_before + 1);

    // Stored: the notification centre lists it first, unread.
    let (_, page) = s.get(&anna, "/api/notifications").await;
    assert_eq!(page["unread"], unread_before + 1);
    assert_eq!(page["items"][0]["id"], n["notification"]["id"]);
    assert_eq!(page["items"][0]["read"], false);
}

#[tokio::test]
async fn a_return_to_work_tells_the_executor_and_the_owner_is_not_told_of_their_own_move() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let staff = s.login(STAFF).await;
    let (id, version) = s.find_order(&anna, "service", "new").await;
    // Staff take it into work (becoming its executor) and finish it.
    let (st, v) = s
        .act(
            &staff,
            id,
            json!({"action": "take_into_work", "version": version}),
            None,
        )
        .await;
    assert_eq!(st, 200, "{v}");
    let (st, v) = s
        .act(
            &staff,
            id,
            json!({"action": "mark_awaiting_confirmation", "version": v["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 200, "{v}");
    let (_, anna_before) = s.get(&anna, "/api/notifications").await;

    let mut staff_live = s.live(&staff, None).await;
    let (st, _) = s
        .act(
            &anna,
            id,
            json!({"action": "return_to_work", "version": v["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 200);
    let events = staff_live
        .until(WAIT, |e| e["type"] == "notification")
        .await;
    let n = &events.last().unwrap().1["notification"];
    assert_eq!(n["kind"], "returned_to_work");
    assert_eq!(n["order_id"], id);
    assert_eq!(n["status"], "in_progress");
    assert_eq!(n["actor"], "Анна Иванова");
    assert!(
        events.iter().any(|(_, e)| is_order(e, id)),
        "staff see the order change too"
    );

    let (_, anna_after) = s.get(&anna, "/api/notifications").await;
    assert_eq!(
        anna_after["unread"], anna_before["unread"],
        "nobody is notified of their own move"
    );
}

#[tokio::test]
async fn auto_confirmation_notifies_the_owner_with_no_actor() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let (id, _) = s
        .find_order(&anna, "request", "awaiting_confirmation")
        .await;
    let mut live = s.live(&anna, None).await;
    s.state.clock.advance(100 * 3600);
    let n = kabinet_server::jobs::auto_confirm(&s.state).await.unwrap();
    assert!(n >= 1);
    let events = live
        .until(WAIT, |e| {
            e["type"] == "notification" && e["notification"]["order_id"] == id
        })
        .await;
    let note = &events.last().unwrap().1["notification"];
    assert_eq!(note["status"], "done");
    assert!(note["actor"].is_null(), "the system did it: {note}");
}

#[tokio::test]
async fn a_user_never_hears_of_another_users_orders() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let staff = s.login(STAFF).await;
    let mut anna_live = s.live(&anna, None).await;
    // An active order of vera's own, from the staff desk.
    let (_, desk) = s
        .get(&staff, "/api/desk/orders?status=active&limit=100")
        .await;
    let id = desk["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["owner"]["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("Вера"))
        })
        .expect("an active order of vera's")["order"]["id"]
        .as_i64()
        .unwrap();
    let (_, v) = s.get(&staff, &format!("/api/orders/{id}")).await;
    assert!(v["owner"]["name"].as_str().unwrap().starts_with("Вера"));
    let action = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            ["take_into_work", "mark_awaiting_confirmation", "complete"]
                .contains(&a.as_str().unwrap())
        })
        .expect("a staff move")
        .clone();
    let (st, _) = s
        .act(
            &staff,
            id,
            json!({"action": action, "version": v["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 200);
    assert!(
        s.drain(&anna, &mut anna_live).await.is_empty(),
        "anna's stream says nothing of vera's order"
    );
    let (_, anna_page) = s.get(&anna, "/api/notifications?limit=100").await;
    assert!(anna_page["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["order_id"] != id));
}

#[tokio::test]
async fn a_stream_resumes_after_the_last_event_it_saw_without_loss_or_repeat() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let staff = s.login(STAFF).await;
    let (a, av) = s.find_order(&anna, "service", "new").await;
    let (b, bv) = s.find_order(&anna, "service", "in_progress").await;

    let mut live = s.live(&anna, None).await;
    s.act(
        &staff,
        a,
        json!({"action": "take_into_work", "version": av}),
        None,
    )
    .await;
    let seen = live.until(WAIT, |e| e["type"] == "notification").await;
    let last = seen.last().unwrap().0;
    drop(live); // the connection drops

    // While away: two more changes.
    let (_, v) = s
        .act(
            &staff,
            b,
            json!({"action": "mark_awaiting_confirmation", "version": bv}),
            None,
        )
        .await;
    s.act(
        &anna,
        b,
        json!({"action": "confirm_completion", "version": v["version"]}),
        None,
    )
    .await;

    let mut again = s.live(&anna, Some(last)).await;
    let missed = s.drain(&anna, &mut again).await;
    assert!(
        missed.iter().all(|(id, _)| *id > last),
        "nothing repeated: {missed:?}"
    );
    let statuses: Vec<&str> = missed
        .iter()
        .filter(|(_, e)| is_order(e, b))
        .map(|(_, e)| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["awaiting_confirmation", "done"],
        "in order, once each"
    );
    assert!(missed.iter().all(|(_, e)| !is_order(e, a)));

    // With no resume point a stream starts with what happens next.
    let mut fresh = s.live(&anna, None).await;
    assert!(s.drain(&anna, &mut fresh).await.is_empty());
}

#[tokio::test]
async fn a_resume_point_older_than_the_kept_log_asks_the_client_to_reload() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let staff = s.login(STAFF).await;
    let (a, av) = s.find_order(&anna, "service", "new").await;
    s.act(
        &staff,
        a,
        json!({"action": "take_into_work", "version": av}),
        None,
    )
    .await;
    let now = s.state.clock.now();
    s.state
        .store
        .write(move |c| kabinet_server::storage::events::prune(c, now + 1))
        .await
        .unwrap();
    let mut live = s.live(&anna, Some(1)).await;
    let (_, e) = live.next(WAIT).await.expect("an event");
    assert_eq!(e["type"], "reset");
}

#[tokio::test]
async fn marking_read_counts_down_and_reaches_other_tabs() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let vera = s.login(VERA).await;
    let staff = s.login(STAFF).await;
    for status in ["new", "in_progress"] {
        let (id, v) = s.find_order(&anna, "service", status).await;
        let action = if status == "new" {
            "take_into_work"
        } else {
            "mark_awaiting_confirmation"
        };
        let (st, _) = s
            .act(&staff, id, json!({"action": action, "version": v}), None)
            .await;
        assert_eq!(st, 200);
    }
    let (_, page) = s.get(&anna, "/api/notifications").await;
    let unread = page["unread"].as_u64().unwrap();
    assert!(unread >= 2);
    let first = page["items"][0]["id"].as_i64().unwrap();

    // Vera cannot mark anna's notification read.
    let (st, r) = s
        .post(&vera, "/api/notifications/read", json!({"ids": [first]}))
        .await;
    assert_eq!(st, 200);
    assert_eq!(s.get(&anna, "/api/notifications").await.1["unread"], unread);
    let _ = r;

    let mut other_tab = s.live(&anna, None).await;
    let (st, r) = s
        .post(&anna, "/api/notifications/read", json!({"ids": [first]}))
        .await;
    assert_eq!(st, 200);
    assert_eq!(r["unread"], unread - 1);
    let (_, e) = other_tab
        .next(WAIT)
        .await
        .expect("the other tab hears of it");
    assert_eq!(
        e,
        json!({"type": "notifications_read", "unread": unread - 1})
    );
    let (_, page) = s.get(&anna, "/api/notifications").await;
    assert_eq!(page["items"][0]["read"], true);

    let (st, r) = s
        .post(&anna, "/api/notifications/read", json!({"all": true}))
        .await;
    assert_eq!(st, 200);
    assert_eq!(r["unread"], 0);

    let (st, e) = s.post(&anna, "/api/notifications/read", json!({})).await;
    assert_eq!(st, 422);
    assert_error(&e, "validation");
    assert_eq!(e["field"], "ids");
    let (st, e) = s.get(&anna, "/api/notifications?limit=0").await;
    assert_eq!(st, 422);
    assert_eq!(e["field"], "limit");
}

#[tokio::test]
async fn notifications_page_backwards_without_gaps() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let staff = s.login(STAFF).await;
    // Make five notifications: take into work and finish orders of anna's.
    let (_, page) = s
        .get(&anna, "/api/orders?kind=service&status=new,in_progress")
        .await;
    let mut made = 0;
    for o in page["items"].as_array().unwrap() {
        let id = o["id"].as_i64().unwrap();
        loop {
            let (_, v) = s.get(&staff, &format!("/api/orders/{id}")).await;
            let Some(a) = v["actions"].as_array().unwrap().iter().find(|a| {
                ["take_into_work", "mark_awaiting_confirmation"].contains(&a.as_str().unwrap())
            }) else {
                break;
            };
            let (st, _) = s
                .act(
                    &staff,
                    id,
                    json!({"action": a, "version": v["version"]}),
                    None,
                )
                .await;
            assert_eq!(st, 200);
            made += 1;
        }
    }
    assert!(made >= 3, "made {made}");
    let (_, all) = s.get(&anna, "/api/notifications?limit=100").await;
    let all: Vec<i64> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    let mut paged = Vec::new();
    let mut before: Option<i64> = None;
    loop {
        let path = match before {
            Some(b) => format!("/api/notifications?limit=2&before={b}"),
            None => "/api/notifications?limit=2".to_string(),
        };
        let (st, p) = s.get(&anna, &path).await;
        assert_eq!(st, 200);
        paged.extend(
            p["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["id"].as_i64().unwrap()),
        );
        match p["next_before"].as_i64() {
            Some(b) => before = Some(b),
            None => break,
        }
    }
    assert_eq!(paged, all);
    assert!(all.windows(2).all(|w| w[0] > w[1]), "newest first");
}

#[tokio::test]
async fn the_stream_needs_a_valid_ticket_of_a_live_session() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    for path in ["/api/live", "/api/live?ticket=", "/api/live?ticket=guess"] {
        let r = s.client.get(s.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 401, "{path}");
    }
    // A bearer token is not a ticket.
    let r = s
        .client
        .get(s.url(&format!("/api/live?ticket={anna}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = s
        .client
        .post(s.url("/api/live/ticket"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "tickets need a session");

    let (_, t) = s.post(&anna, "/api/live/ticket", json!({})).await;
    let ticket = t["ticket"].as_str().unwrap().to_string();
    assert!(ticket.len() >= 40, "unguessable: {ticket}");
    let r = s
        .client
        .get(s.url(&format!("/api/live?ticket={ticket}&last=x")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    // After sign-out the ticket opens nothing.
    let r = s
        .client
        .post(s.url("/api/auth/logout"))
        .bearer_auth(&anna)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let r = s
        .client
        .get(s.url(&format!("/api/live?ticket={ticket}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // Tickets expire.
    let anna = s.login(ANNA).await;
    let (_, t) = s.post(&anna, "/api/live/ticket", json!({})).await;
    s.state
        .clock
        .advance(kabinet_server::live::TICKET_SECONDS + 1);
    let r = s
        .client
        .get(s.url(&format!(
            "/api/live?ticket={}",
            t["ticket"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn messages_fold_into_one_notification_per_order_and_opening_the_order_reads_them() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let staff = s.login(STAFF).await;
    let (id, _) = s.find_order(&anna, "service", "new").await;
    let (_, before) = s.get(&anna, "/api/notifications").await;
    let unread_before = before["unread"].as_u64().unwrap();
    for (n, text) in ["Первое", "Второе", "Третье: гость приедет к 10:00"]
        .iter()
        .enumerate()
    {
        let (st, _) = s
            .send(&staff, id, json!({"id": format!("fold-{n}"), "body": text}))
            .await;
        assert_eq!(st, 201);
    }
    let (_, page) = s.get(&anna, "/api/notifications").await;
    let about: Vec<&Value> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["order_id"] == id && n["kind"] == "new_message")
        .collect();
    assert_eq!(about.len(), 1, "one notification for the order: {page}");
    assert_eq!(about[0]["count"], 3);
    assert_eq!(about[0]["preview"], "Третье: гость приедет к 10:00");
    assert_eq!(page["unread"], unread_before + 1, "counted once");

    // A notification about a status that has since changed says what it is now.
    let (_, v) = s.get(&anna, &format!("/api/orders/{id}")).await;
    let (st, _) = s
        .act(
            &staff,
            id,
            json!({"action": "take_into_work", "version": v["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 200);
    let (_, page) = s.get(&anna, "/api/notifications").await;
    let old = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["order_id"] == id && n["kind"] == "new_message")
        .unwrap()
        .clone();
    assert_eq!(old["status"], "new");
    assert_eq!(old["current_status"], "in_progress");

    // Opening the order marks its notifications read, and only those.
    let (st, r) = s
        .post(&anna, "/api/notifications/read", json!({"order_id": id}))
        .await;
    assert_eq!(st, 200);
    assert_eq!(r["unread"], unread_before, "{r}");
    let (_, page) = s.get(&anna, "/api/notifications?limit=100").await;
    for n in page["items"].as_array().unwrap() {
        assert_eq!(n["read"], n["order_id"] == id || n["read"] == true, "{n}");
    }
    assert!(page["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["order_id"] != id && n["read"] == false));
}

#[tokio::test]
async fn people_a_booking_is_shared_with_hear_nothing_of_the_order() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let boris = s.login("boris@alfa.example").await;
    let staff = s.login(STAFF).await;
    let (_, page) = s
        .get(
            &anna,
            "/api/orders?kind=booking&status=in_progress&limit=100",
        )
        .await;
    let shared = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["service_name"] == "Переговорная Java")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (st, _) = s.get(&boris, &format!("/api/orders/{shared}")).await;
    assert_eq!(st, 404, "boris cannot open it");
    let mut boris_live = s.live(&boris, None).await;
    let (_, v) = s.get(&staff, &format!("/api/orders/{shared}")).await;
    let (st, _) = s
        .act(
            &staff,
            shared,
            json!({"action": "complete", "version": v["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 200);
    let heard = s.drain(&boris, &mut boris_live).await;
    assert!(
        heard.is_empty(),
        "nothing of an order he cannot open: {heard:?}"
    );
}
