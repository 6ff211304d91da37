//! Black-box tests of sharing a booking and passing a coworking ticket on: links
//! (made, copied again, deleted, expired), joining by link, picking people with
//! the company and community filters, removing a visitor, transfers directly and
//! by link (two accepts at once), registration, and who may see what (a visitor
//! and a stranger see nothing of the order, live events included).

use std::time::Duration;

use serde_json::{json, Value};

use crate::common::{assert_error, assert_reason, urlencode, TestServer};

const ANNA: &str = "anna@alfa.example";
const BORIS: &str = "boris@alfa.example";
const VERA: &str = "vera@beta.example";
const STAFF: &str = "staff@kabinet.example";
const WAIT: Duration = Duration::from_secs(5);

fn token_of(link: &Value) -> String {
    link["link"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("a link: {link}"))
        .to_string()
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|p| p["name"].as_str().expect("name").to_string())
        .collect()
}

/// The calendar cards a user has around now (a week back, four weeks on).
async fn calendar(s: &TestServer, token: &str) -> Vec<Value> {
    let now = s.state.clock.now();
    let at = |t: i64| {
        time::OffsetDateTime::from_unix_timestamp(t)
            .unwrap()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    let (st, cal) = s
        .get(
            token,
            &format!(
                "/api/calendar?from={}&to={}",
                urlencode(&at(now - 7 * 86_400)),
                urlencode(&at(now + 28 * 86_400))
            ),
        )
        .await;
    assert_eq!(st, 200, "{cal}");
    cal["entries"].as_array().unwrap().clone()
}

async fn notifications(s: &TestServer, token: &str) -> Vec<Value> {
    let (st, page) = s.get(token, "/api/notifications").await;
    assert_eq!(st, 200, "{page}");
    page["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_share_link_is_made_copied_again_deleted_and_replaced() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let (id, _) = s.find_order(&anna, "booking", "new").await;
    let path = format!("/api/orders/{id}/share-link");

    let (st, none) = s.get(&anna, &path).await;
    assert_eq!(st, 200);
    assert!(none["link"].is_null(), "no link yet: {none}");

    let (st, made) = s.post(&anna, &path, json!({})).await;
    assert_eq!(st, 201, "{made}");
    let token = token_of(&made);
    assert!(token.len() >= 22, "at least 128 bits: {token}");
    assert_eq!(made["link"]["path"], format!("/invite/{token}"));

    // «Скопировать ссылку» later, after a reload: the same link.
    let (st, again) = s.get(&anna, &path).await;
    assert_eq!(st, 200);
    assert_eq!(token_of(&again), token);
    let (st, again) = s.post(&anna, &path, json!({})).await;
    assert_eq!(st, 200, "an open link is answered again, not replaced");
    assert_eq!(token_of(&again), token);

    // The database alone gives no working link: the token is nowhere in its
    // files (nor in its write-ahead log).
    let dir = &s.state.config.data_dir;
    for file in ["kabinet.db", "kabinet.db-wal"] {
        let bytes = std::fs::read(dir.join(file)).unwrap_or_default();
        assert!(
            !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
            "the token is not stored in {file}"
        );
    }
    let db = rusqlite::Connection::open(dir.join("kabinet.db")).unwrap();
    let links: i64 = db
        .query_row("SELECT count(*) FROM order_links", [], |r| r.get(0))
        .unwrap();
    assert_eq!(links, 1);

    let (st, preview) = s.get_anon(&format!("/api/invites/{token}")).await;
    assert_eq!(st, 200, "{preview}");

    let (st, _) = s.delete(&anna, &path).await;
    assert_eq!(st, 204);
    let (_, gone) = s.get(&anna, &path).await;
    assert!(gone["link"].is_null());
    let (st, err) = s.get_anon(&format!("/api/invites/{token}")).await;
    assert_eq!(st, 410);
    assert_reason(&err, "gone", "link_revoked");
    let boris = s.login(BORIS).await;
    let (st, err) = s
        .post(&boris, &format!("/api/invites/{token}/accept"), json!({}))
        .await;
    assert_eq!(st, 410);
    assert_reason(&err, "gone", "link_revoked");

    let (st, fresh) = s.post(&anna, &path, json!({})).await;
    assert_eq!(st, 201);
    assert_ne!(
        token_of(&fresh),
        token,
        "a new link after «Удалить» differs"
    );

    let (st, err) = s.get_anon("/api/invites/not-a-token").await;
    assert_eq!(st, 404);
    assert_reason(&err, "not_found", "link_not_found");
}

#[tokio::test]
async fn joining_by_link_gives_a_calendar_card_and_nothing_of_the_order() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let boris = s.login(BORIS).await;
    let staff = s.login(STAFF).await;
    let (id, _) = s.find_order(&anna, "booking", "new").await;
    let (_, made) = s
        .post(&anna, &format!("/api/orders/{id}/share-link"), json!({}))
        .await;
    let token = token_of(&made);
    let invite = format!("/api/invites/{token}");

    // Signed out: what is shared and by whom, and no standing.
    let (st, p) = s.get_anon(&invite).await;
    assert_eq!(st, 200, "{p}");
    assert_eq!(p["purpose"], "share");
    assert_eq!(p["title"], "Переговорная Java");
    assert_eq!(p["by"]["name"], "Анна Иванова");
    assert!(p["starts_at"].is_string() && p["ends_at"].is_string());
    assert!(p["standing"].is_null());
    // Opening the link twice changed nothing.
    let (_, view) = s.get(&anna, &format!("/api/orders/{id}")).await;
    assert_eq!(names(&view["visitors"]), ["Анна Иванова"]);

    let (_, p) = s.get(&boris, &invite).await;
    assert_eq!(p["standing"], "open");
    let (_, p) = s.get(&anna, &invite).await;
    assert_eq!(p["standing"], "owner");
    let (_, p) = s.get(&staff, &invite).await;
    assert_eq!(p["standing"], "staff");

    let (st, entry) = s.post(&boris, &format!("{invite}/accept"), json!({})).await;
    assert_eq!(st, 200, "{entry}");
    assert_eq!(entry["holding"], "shared");
    assert!(
        entry["order_id"].is_null(),
        "the card does not open the order"
    );
    assert_eq!(entry["by"]["name"], "Анна Иванова");

    let (_, p) = s.get(&boris, &invite).await;
    assert_eq!(p["standing"], "joined");
    let (st, err) = s.post(&boris, &format!("{invite}/accept"), json!({})).await;
    assert_eq!(st, 409);
    assert_reason(&err, "conflict", "already_joined");
    let (st, err) = s.post(&anna, &format!("{invite}/accept"), json!({})).await;
    assert_eq!(st, 409);
    assert_reason(&err, "conflict", "own_link");
    let (st, err) = s.post(&staff, &format!("{invite}/accept"), json!({})).await;
    assert_eq!(st, 403);
    assert_error(&err, "forbidden");

    let cards = calendar(&s, &boris).await;
    let card = cards
        .iter()
        .find(|c| c["key"] == entry["key"])
        .expect("the booking in boris's calendar");
    assert_eq!(card["holding"], "shared");
    assert!(card["order_id"].is_null());
    let (st, _) = s.get(&boris, &format!("/api/orders/{id}")).await;
    assert_eq!(st, 404, "a visitor does not see the order");

    let (_, view) = s.get(&anna, &format!("/api/orders/{id}")).await;
    assert_eq!(names(&view["visitors"]), ["Анна Иванова", "Борис Петров"]);
    let last = view["history"].as_array().unwrap().last().unwrap();
    assert_eq!(last["action"], "share_access");
    assert_eq!(last["subject"]["name"], "Борис Петров");
}

#[tokio::test]
async fn a_share_link_expires_when_the_booking_ends() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let boris = s.login(BORIS).await;
    let (id, _) = s.find_order(&anna, "booking", "new").await;
    let (_, made) = s
        .post(&anna, &format!("/api/orders/{id}/share-link"), json!({}))
        .await;
    let token = token_of(&made);
    let (_, view) = s.get(&anna, &format!("/api/orders/{id}")).await;
    assert!(view["actions"]
        .as_array()
        .unwrap()
        .contains(&json!("share")));

    // The demo booking is two days ahead; three days on it is over.
    s.state.clock.advance(3 * 86_400);
    let (st, err) = s.get_anon(&format!("/api/invites/{token}")).await;
    assert_eq!(st, 410, "{err}");
    assert_reason(&err, "gone", "link_expired");
    let (st, err) = s
        .post(&boris, &format!("/api/invites/{token}/accept"), json!({}))
        .await;
    assert_eq!(st, 410);
    assert_reason(&err, "gone", "link_expired");
    let (_, view) = s.get(&anna, &format!("/api/orders/{id}")).await;
    assert!(
        !view["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("share")),
        "no «Поделиться» after the booking: {}",
        view["actions"]
    );
    let (st, err) = s
        .post(&anna, &format!("/api/orders/{id}/share-link"), json!({}))
        .await;
    assert_eq!(st, 409);
    assert_reason(&err, "conflict", "not_allowed_now");
    let (st, none) = s.get(&anna, &format!("/api/orders/{id}/share-link")).await;
    assert_eq!(st, 200);
    assert!(none["link"].is_null(), "no link to copy any more: {none}");
}

#[tokio::test]
async fn picking_people_with_company_and_community_filters() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let vera = s.login(VERA).await;

    let (st, orgs) = s
        .get(&anna, &format!("/api/orgs?q={}", urlencode("бе")))
        .await;
    assert_eq!(st, 200);
    assert_eq!(
        names(&orgs["items"]),
        ["Бета", "Клуб бегунов"],
        "companies and communities by partial name"
    );
    assert_eq!(
        orgs["items"][0],
        json!({"kind": "company", "id": 2, "name": "Бета"})
    );
    let (_, orgs) = s
        .get(&anna, &format!("/api/orgs?q={}", urlencode("РЕЗИДЕНТ")))
        .await;
    let community = &orgs["items"][0];
    assert_eq!(community["kind"], "community");
    let community_key = format!("community:{}", community["id"]);

    // Partial, case-insensitive in Cyrillic, narrowed by the chosen company.
    let (_, found) = s
        .get(
            &anna,
            &format!("/api/users?q={}&org=company:2", urlencode("ВЕР")),
        )
        .await;
    assert_eq!(names(&found["items"]), ["Вера Сидорова"]);
    assert_eq!(
        found["items"][0],
        json!({"id": found["items"][0]["id"], "name": "Вера Сидорова", "company": "Бета"}),
        "name and company only"
    );
    let (_, found) = s
        .get(
            &anna,
            &format!("/api/users?q={}&org=company:1", urlencode("вер")),
        )
        .await;
    assert_eq!(found["items"], json!([]), "vera is not in Альфа");
    let (_, found) = s
        .get(
            &anna,
            &format!("/api/users?q={}&org={community_key}", urlencode("петр")),
        )
        .await;
    assert_eq!(names(&found["items"]), ["Борис Петров"]);

    let vera_id = s.person_id(&anna, "Сидорова").await;
    let (id, _) = s.find_order(&anna, "booking", "new").await;
    let path = format!("/api/orders/{id}/visitors");
    let (st, v) = s.post(&anna, &path, json!({"user_ids": [vera_id]})).await;
    assert_eq!(st, 200, "{v}");
    assert_eq!(names(&v["visitors"]), ["Анна Иванова", "Вера Сидорова"]);
    // Picking her again changes nothing.
    let (st, v) = s.post(&anna, &path, json!({"user_ids": [vera_id]})).await;
    assert_eq!(st, 200);
    assert_eq!(names(&v["visitors"]), ["Анна Иванова", "Вера Сидорова"]);

    let told = notifications(&s, &vera).await;
    let n = told
        .iter()
        .find(|n| n["kind"] == "access_granted" && n["order_id"] == id)
        .expect("vera is notified");
    assert_eq!(n["opens_order"], false);
    assert_eq!(n["actor"], "Анна Иванова");
    let (_, view) = s.get(&anna, &format!("/api/orders/{id}")).await;
    assert_eq!(
        n["service_at"], view["service_at"],
        "the notification knows the booking's week"
    );
    assert!(calendar(&s, &vera)
        .await
        .iter()
        .any(|c| c["holding"] == "shared" && c["title"] == "Переговорная Java"));

    // Nobody, staff, or an empty pick: 422 naming the field.
    let staff_id = 4;
    let (st, err) = s.post(&anna, &path, json!({"user_ids": [staff_id]})).await;
    assert_eq!(st, 422);
    assert_reason(&err, "validation", "unknown_user");
    assert_eq!(err["field"], "user_ids");
    let (st, err) = s.post(&anna, &path, json!({"user_ids": [99_999]})).await;
    assert_eq!(st, 422);
    assert_reason(&err, "validation", "unknown_user");
    let (st, err) = s.post(&anna, &path, json!({"user_ids": []})).await;
    assert_eq!(st, 422);
    assert_reason(&err, "validation", "required");
}

#[tokio::test]
async fn people_search_rules() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let (st, err) = s
        .get(&anna, &format!("/api/users?q={}", urlencode("в")))
        .await;
    assert_eq!(st, 422);
    assert_reason(&err, "validation", "too_short");
    assert_eq!(err["field"], "q");
    assert_eq!(err["limit"], 2);
    let (st, _) = s.get(&anna, "/api/users").await;
    assert_eq!(st, 422);
    let (st, err) = s
        .get(&anna, &format!("/api/users?q={}", urlencode("а е")))
        .await;
    assert_eq!(st, 422, "one-letter words do not list everyone");
    assert_reason(&err, "validation", "too_short");
    let (st, err) = s.get(&anna, "/api/users?q=ab&org=team:1").await;
    assert_eq!(st, 422);
    assert_eq!(err["field"], "org");
    let (st, _) = s.get_anon("/api/users?q=ab").await;
    assert_eq!(st, 401);

    // Staff are never listed, nor the one asking.
    let (_, found) = s
        .get(&anna, &format!("/api/users?q={}", urlencode("орлова")))
        .await;
    assert_eq!(found["items"], json!([]), "staff are not listed");
    let (_, found) = s
        .get(&anna, &format!("/api/users?q={}", urlencode("анна")))
        .await;
    assert_eq!(found["items"], json!([]), "nor the caller");

    // At most 20.
    for i in 0..23 {
        let (st, body) = s
            .register(
                "Тест",
                &format!("Тестов{i:02}"),
                &format!("t{i}@example.ru"),
                "password1",
            )
            .await;
        assert_eq!(st, 201, "{body}");
    }
    let (_, found) = s
        .get(&anna, &format!("/api/users?q={}", urlencode("тестов")))
        .await;
    assert_eq!(found["items"].as_array().unwrap().len(), 20);
    // Words in any order: «тест тестов05» and «тестов05 тест».
    let (_, found) = s
        .get(
            &anna,
            &format!("/api/users?q={}", urlencode("тестов05 тест")),
        )
        .await;
    assert_eq!(names(&found["items"]), ["Тест Тестов05"]);
}

#[tokio::test]
async fn the_owner_removes_a_visitor() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let vera = s.login(VERA).await;
    let boris = s.login(BORIS).await;
    // The demo booking in progress is shared with boris and vera.
    let (id, _) = s.find_order(&anna, "booking", "in_progress").await;
    let vera_id = s.person_id(&anna, "Сидорова").await;
    assert!(calendar(&s, &vera)
        .await
        .iter()
        .any(|c| c["holding"] == "shared"));

    // A visitor cannot remove anyone: the order does not exist for them.
    let (st, _) = s
        .delete(&boris, &format!("/api/orders/{id}/visitors/{vera_id}"))
        .await;
    assert_eq!(st, 404);

    let (st, v) = s
        .delete(&anna, &format!("/api/orders/{id}/visitors/{vera_id}"))
        .await;
    assert_eq!(st, 200, "{v}");
    assert_eq!(names(&v["visitors"]), ["Анна Иванова", "Борис Петров"]);
    assert!(
        !calendar(&s, &vera)
            .await
            .iter()
            .any(|c| c["holding"] == "shared"),
        "vera's card is gone"
    );
    let (st, err) = s
        .delete(&anna, &format!("/api/orders/{id}/visitors/{vera_id}"))
        .await;
    assert_eq!(st, 404);
    assert_error(&err, "not_found");
}

#[tokio::test]
async fn a_ticket_passed_to_a_user_moves_at_once() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let boris = s.login(BORIS).await;
    let vera = s.login(VERA).await;
    let (id, _) = s.find_order(&anna, "coworking", "new").await;
    let boris_id = s.person_id(&anna, "Петров").await;
    let vera_id = s.person_id(&anna, "Сидорова").await;
    let path = format!("/api/orders/{id}/ticket/transfer");
    let (_, made) = s
        .post(
            &anna,
            &format!("/api/orders/{id}/ticket/transfer-link"),
            json!({}),
        )
        .await;
    let early = token_of(&made);

    let (st, view) = s.post(&anna, &path, json!({"user_id": boris_id})).await;
    assert_eq!(st, 200, "{view}");
    assert_eq!(view["ticket"]["visitor"]["name"], "Борис Петров");
    assert_eq!(
        view["owner"]["name"], "Анна Иванова",
        "the buyer keeps the order"
    );
    let last = view["history"].as_array().unwrap().last().unwrap();
    assert_eq!(last["action"], "transfer_ticket");
    assert_eq!(last["actor"]["name"], "Анна Иванова");
    assert_eq!(last["subject"]["name"], "Борис Петров");

    let (_, b) = s.get(&boris, "/api/bookings").await;
    let card = b["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["holding"] == "received")
        .expect("the ticket in boris's bookings")
        .clone();
    assert!(card["order_id"].is_null());
    assert_eq!(card["by"]["name"], "Анна Иванова");
    let (st, _) = s.get(&boris, &format!("/api/orders/{id}")).await;
    assert_eq!(st, 404, "the holder does not see the order");
    let (st, _) = s.get(&boris, &format!("/api/orders/{id}/messages")).await;
    assert_eq!(st, 404, "nor its chat");
    assert!(notifications(&s, &boris)
        .await
        .iter()
        .any(|n| n["kind"] == "ticket_received" && n["opens_order"] == false));
    // Anna's calendar card says whom it went to; her bookings hold it no more.
    assert!(calendar(&s, &anna).await.iter().any(|c| c["order_id"] == id
        && c["holding"] == "passed_on"
        && c["holder"]["name"] == "Борис Петров"));
    let (_, a) = s.get(&anna, "/api/bookings").await;
    assert!(!a["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["order_id"] == id));
    // The link anna had made is used up, and says so.
    let (st, err) = s.get_anon(&format!("/api/invites/{early}")).await;
    assert_eq!(st, 410);
    assert_reason(&err, "gone", "link_used");

    let (st, err) = s.post(&anna, &path, json!({"user_id": boris_id})).await;
    assert_eq!(st, 409);
    assert_reason(&err, "conflict", "already_holder");
    let (st, err) = s.post(&anna, &path, json!({"user_id": 4})).await;
    assert_eq!(st, 422, "staff cannot hold a ticket");
    assert_reason(&err, "validation", "unknown_user");
    assert_eq!(err["field"], "user_id");

    // On to vera: boris loses it and is told.
    let (st, view) = s.post(&anna, &path, json!({"user_id": vera_id})).await;
    assert_eq!(st, 200);
    assert_eq!(view["ticket"]["visitor"]["name"], "Вера Сидорова");
    let told = notifications(&s, &boris).await;
    let n = told
        .iter()
        .find(|n| n["kind"] == "ticket_passed_on")
        .expect("boris is told");
    assert_eq!(n["subject"], "Вера Сидорова");
    let (_, b) = s.get(&boris, "/api/bookings").await;
    assert!(!b["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["holding"] == "received"));
    let (_, g) = s.get(&vera, "/api/access").await;
    assert!(g["grants"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["reason"] == "ticket" && g["room"] == "Открытое пространство, 5 этаж"));
}

#[tokio::test]
async fn a_transfer_link_works_once_for_a_new_user() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let vera = s.login(VERA).await;
    let (id, _) = s.find_order(&anna, "coworking", "new").await;
    let path = format!("/api/orders/{id}/ticket/transfer-link");

    let (st, first) = s.post(&anna, &path, json!({})).await;
    assert_eq!(st, 201);
    let (st, second) = s.post(&anna, &path, json!({})).await;
    assert_eq!(st, 201);
    let (old, token) = (token_of(&first), token_of(&second));
    assert_ne!(old, token, "a new link each time");
    let (st, err) = s.get_anon(&format!("/api/invites/{old}")).await;
    assert_eq!(st, 410, "making a new link kills the old one");
    assert_reason(&err, "gone", "link_revoked");
    let (_, current) = s.get(&anna, &path).await;
    assert_eq!(token_of(&current), token);

    let (st, p) = s.get_anon(&format!("/api/invites/{token}")).await;
    assert_eq!(st, 200);
    assert_eq!(p["purpose"], "transfer");
    assert_eq!(p["place"], "Открытое пространство, 5 этаж");

    // A new person registers, and races vera to accept.
    let (st, reg) = s
        .register("Глеб", "Новиков", "gleb@example.ru", "correct horse")
        .await;
    assert_eq!(st, 201, "{reg}");
    let gleb = reg["token"].as_str().unwrap().to_string();
    let accept = format!("/api/invites/{token}/accept");
    let (a, b) = tokio::join!(
        s.post(&gleb, &accept, json!({})),
        s.post(&vera, &accept, json!({}))
    );
    let mut statuses = [a.0, b.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 410], "exactly one gets it: {a:?} {b:?}");
    let (winner, loser) = if a.0 == 200 { (a, b) } else { (b, a) };
    assert_reason(&loser.1, "gone", "link_used");
    assert_eq!(winner.1["holding"], "received");

    let (_, view) = s.get(&anna, &format!("/api/orders/{id}")).await;
    let holder = view["ticket"]["visitor"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(["Глеб Новиков", "Вера Сидорова"].contains(&holder.as_str()));
    assert!(notifications(&s, &anna)
        .await
        .iter()
        .any(|n| n["kind"] == "ticket_passed_on" && n["subject"] == holder.as_str()));
    let (st, err) = s.post(&gleb, &accept, json!({})).await;
    assert_eq!(st, 410);
    assert_reason(&err, "gone", "link_used");
}

#[tokio::test]
async fn a_transfer_link_expires_after_seven_days_or_the_ticket_day() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let (id, _) = s.find_order(&anna, "coworking", "new").await;
    let (_, made) = s
        .post(
            &anna,
            &format!("/api/orders/{id}/ticket/transfer-link"),
            json!({}),
        )
        .await;
    let expires = made["link"]["expires_at"].as_str().unwrap().to_string();
    let (_, view) = s.get(&anna, &format!("/api/orders/{id}")).await;
    assert_eq!(
        expires, view["ticket"]["valid_to"],
        "the ticket's day ends before seven days pass"
    );
    s.state.clock.advance(2 * 86_400);
    let (st, err) = s
        .get_anon(&format!("/api/invites/{}", token_of(&made)))
        .await;
    assert_eq!(st, 410);
    assert_reason(&err, "gone", "link_expired");
}

#[tokio::test]
async fn registration_checks_every_field() {
    let s = TestServer::empty().await;
    for (first, last, email, password, field, reason) in [
        (
            "",
            "Иванов",
            "a@example.ru",
            "password1",
            "first_name",
            "required",
        ),
        (
            "Иван",
            " ",
            "a@example.ru",
            "password1",
            "last_name",
            "required",
        ),
        ("Иван", "Иванов", "", "password1", "email", "required"),
        (
            "Иван",
            "Иванов",
            "not-an-email",
            "password1",
            "email",
            "invalid",
        ),
        ("Иван", "Иванов", "a@example.ru", "", "password", "required"),
        (
            "Иван",
            "Иванов",
            "a@example.ru",
            "short77",
            "password",
            "too_short",
        ),
    ] {
        let (st, err) = s.register(first, last, email, password).await;
        assert_eq!(st, 422, "{field}: {err}");
        assert_reason(&err, "validation", reason);
        assert_eq!(err["field"], field);
    }
    let long = "я".repeat(101);
    let (st, err) = s
        .register(&long, "Иванов", "a@example.ru", "password1")
        .await;
    assert_eq!(st, 422);
    assert_reason(&err, "validation", "too_long");

    let (st, ok) = s
        .register(" Иван ", "Иванов", "Ivan@Example.ru", "password1")
        .await;
    assert_eq!(st, 201, "{ok}");
    assert_eq!(ok["user"]["first_name"], "Иван");
    assert_eq!(ok["user"]["role"], "tenant");
    let (st, me) = s.get(ok["token"].as_str().unwrap(), "/api/me").await;
    assert_eq!(st, 200);
    assert_eq!(me["email"], "ivan@example.ru");
    let (st, err) = s
        .register("Другой", "Иван", "IVAN@example.RU", "password2")
        .await;
    assert_eq!(st, 422, "the e-mail is unique whatever its case");
    assert_reason(&err, "validation", "email_taken");
    assert_eq!(err["field"], "email");

    // The new account signs in; its password is stored as an argon2 hash.
    let r = s
        .client
        .post(s.url("/api/auth/login"))
        .json(&json!({"email": "ivan@EXAMPLE.ru", "password": "password1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let db = rusqlite::Connection::open(s.state.config.data_dir.join("kabinet.db")).unwrap();
    let hash: String = db
        .query_row(
            "SELECT password_hash FROM users WHERE email = 'ivan@example.ru'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(hash.starts_with("$argon2"), "{hash}");
}

#[tokio::test]
async fn visitors_and_strangers_get_404_on_everything_of_the_order() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let boris = s.login(BORIS).await;
    let vera = s.login(VERA).await;
    let staff = s.login(STAFF).await;
    // Boris has access to this booking (a visitor); vera to nothing of anna's
    // coworking ticket (a stranger).
    let (booking, _) = s.find_order(&anna, "booking", "in_progress").await;
    let (coworking, _) = s.find_order(&anna, "coworking", "new").await;
    let boris_id = s.person_id(&anna, "Петров").await;
    for (who, id) in [(&boris, booking), (&vera, coworking), (&boris, coworking)] {
        for path in [
            format!("/api/orders/{id}"),
            format!("/api/orders/{id}/messages"),
            format!("/api/orders/{id}/share-link"),
            format!("/api/orders/{id}/ticket/transfer-link"),
        ] {
            let (st, err) = s.get(who, &path).await;
            assert_eq!(st, 404, "GET {path}: {err}");
            assert_error(&err, "not_found");
        }
        for (path, body) in [
            (format!("/api/orders/{id}/share-link"), json!({})),
            (
                format!("/api/orders/{id}/visitors"),
                json!({"user_ids": [boris_id]}),
            ),
            (
                format!("/api/orders/{id}/ticket/transfer"),
                json!({"user_id": boris_id}),
            ),
            (format!("/api/orders/{id}/ticket/transfer-link"), json!({})),
            (
                format!("/api/orders/{id}/messages"),
                json!({"id": "x1", "body": "hi"}),
            ),
        ] {
            let (st, err) = s.post(who, &path, body).await;
            assert_eq!(st, 404, "POST {path}: {err}");
        }
        for path in [
            format!("/api/orders/{id}/share-link"),
            format!("/api/orders/{id}/ticket/transfer-link"),
            format!("/api/orders/{id}/visitors/{boris_id}"),
        ] {
            let (st, _) = s.delete(who, &path).await;
            assert_eq!(st, 404, "DELETE {path}");
        }
    }
    // Staff see the order but do not share it for the owner.
    let (st, err) = s
        .post(
            &staff,
            &format!("/api/orders/{booking}/share-link"),
            json!({}),
        )
        .await;
    assert_eq!(st, 403);
    assert_reason(&err, "forbidden", "not_yours");
}

#[tokio::test]
async fn visitors_and_holders_receive_no_live_event_of_the_order() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let boris = s.login(BORIS).await;
    let vera = s.login(VERA).await;
    let staff = s.login(STAFF).await;
    let (booking, version) = s.find_order(&anna, "booking", "in_progress").await;
    let (coworking, _) = s.find_order(&anna, "coworking", "new").await;
    let vera_id = s.person_id(&anna, "Сидорова").await;
    let mut boris_live = s.live(&boris, None).await;
    let mut vera_live = s.live(&vera, None).await;
    let mut anna_live = s.live(&anna, None).await;

    // Vera receives the ticket: a notification, nothing of the order itself.
    let (st, _) = s
        .post(
            &anna,
            &format!("/api/orders/{coworking}/ticket/transfer"),
            json!({"user_id": vera_id}),
        )
        .await;
    assert_eq!(st, 200);
    // Staff complete the booking boris is a visitor of; anna writes in its chat.
    let (st, _) = s
        .act(
            &staff,
            booking,
            json!({"action": "complete", "version": version}),
            None,
        )
        .await;
    assert_eq!(st, 200);
    let (st, _) = s
        .send(
            &anna,
            booking,
            json!({"id": "m-live-1", "body": "Спасибо!"}),
        )
        .await;
    assert_eq!(st, 201);

    let anna_saw = s.drain(&anna, &mut anna_live).await;
    assert!(anna_saw
        .iter()
        .any(|(_, e)| e["type"] == "order" && e["order_id"] == booking));
    let about = |events: &[(i64, Value)], id: i64| {
        events
            .iter()
            .filter(|(_, e)| e["type"] != "notification" && e["order_id"] == id)
            .count()
    };
    let boris_saw = s.drain(&boris, &mut boris_live).await;
    assert_eq!(about(&boris_saw, booking), 0, "boris: {boris_saw:?}");
    let vera_saw = s.drain(&vera, &mut vera_live).await;
    assert_eq!(about(&vera_saw, coworking), 0, "vera: {vera_saw:?}");
    assert!(
        vera_saw
            .iter()
            .any(|(_, e)| e["type"] == "notification"
                && e["notification"]["kind"] == "ticket_received"),
        "vera is told she has the ticket: {vera_saw:?}"
    );
    let _ = WAIT;
}

#[tokio::test]
async fn the_calendar_window_is_checked_and_door_access_follows_sharing() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let boris = s.login(BORIS).await;
    for (query, field) in [
        ("", "from"),
        ("from=2026-11-23T00:00:00Z", "to"),
        ("from=yesterday&to=2026-11-30T00:00:00Z", "from"),
        ("from=2026-11-30T00:00:00Z&to=2026-11-23T00:00:00Z", "to"),
        ("from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z", "to"),
    ] {
        let (st, err) = s.get(&anna, &format!("/api/calendar?{query}")).await;
        assert_eq!(st, 422, "{query}: {err}");
        assert_eq!(err["field"], field, "{query}");
    }
    // A week's window in the site's zone.
    let (st, cal) = s
        .get(
            &anna,
            "/api/calendar?from=2026-11-23T00:00:00%2B03:00&to=2026-11-30T00:00:00%2B03:00",
        )
        .await;
    assert_eq!(st, 200, "{cal}");

    let own = calendar(&s, &anna).await;
    assert!(own
        .iter()
        .all(|c| c["holding"] == "own" || c["holding"] == "passed_on"));
    assert!(own.iter().all(|c| c["order_id"].is_i64()));
    for kind in ["booking", "coworking", "hotel", "event"] {
        assert!(
            own.iter().any(|c| c["kind"] == kind),
            "anna's {kind} in her calendar"
        );
    }
    let starts: Vec<&str> = own
        .iter()
        .map(|c| c["starts_at"].as_str().unwrap())
        .collect();
    assert!(
        starts.windows(2).all(|w| w[0] <= w[1]),
        "by start: {starts:?}"
    );

    let (_, g) = s.get(&anna, "/api/access").await;
    assert!(g["grants"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["reason"] == "owner" && g["room"] == "Переговорная Java"));
    let (_, g) = s.get(&boris, "/api/access").await;
    let grants = g["grants"].as_array().unwrap();
    assert!(
        grants.iter().any(|g| g["reason"] == "visitor"),
        "boris may open the room of the booking shared with him: {g}"
    );
    assert!(grants.iter().all(|g| g["reason"] != "owner"));
}

#[tokio::test]
async fn registration_is_throttled_by_address() {
    let s = TestServer::demo_with(|c| c.register_per_hour = 2).await;
    for i in 0..2 {
        let (st, _) = s
            .register(
                "Иван",
                "Иванов",
                &format!("ivan{i}@example.ru"),
                "password1",
            )
            .await;
        assert_eq!(st, 201);
    }
    let r = s
        .client
        .post(s.url("/api/auth/register"))
        .json(&json!({"first_name": "Иван", "last_name": "Иванов", "email": "ivan9@example.ru", "password": "password1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&wait), "{wait}");
    let body: Value = r.json().await.unwrap();
    assert_reason(&body, "too_many_requests", "rate_limited");
    // Nothing was made: the e-mail is still free... for when the wait is over.
    let db = rusqlite::Connection::open(s.state.config.data_dir.join("kabinet.db")).unwrap();
    let n: i64 = db
        .query_row(
            "SELECT count(*) FROM users WHERE email = 'ivan9@example.ru'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn a_removed_visitor_cannot_come_back_by_the_link() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let vera = s.login(VERA).await;
    let (id, _) = s.find_order(&anna, "booking", "in_progress").await;
    let vera_id = s.person_id(&anna, "Сидорова").await;
    let (_, made) = s
        .post(&anna, &format!("/api/orders/{id}/share-link"), json!({}))
        .await;
    let invite = format!("/api/invites/{}", token_of(&made));
    let (st, _) = s
        .delete(&anna, &format!("/api/orders/{id}/visitors/{vera_id}"))
        .await;
    assert_eq!(st, 200);
    let (_, p) = s.get(&vera, &invite).await;
    assert_eq!(p["standing"], "removed");
    let (st, err) = s.post(&vera, &format!("{invite}/accept"), json!({})).await;
    assert_eq!(st, 409);
    assert_reason(&err, "conflict", "access_removed");
    // The owner may give it back directly.
    let (st, v) = s
        .post(
            &anna,
            &format!("/api/orders/{id}/visitors"),
            json!({"user_ids": [vera_id]}),
        )
        .await;
    assert_eq!(st, 200);
    assert!(names(&v["visitors"]).contains(&"Вера Сидорова".to_string()));
    let (_, p) = s.get(&vera, &invite).await;
    assert_eq!(p["standing"], "joined");
}
