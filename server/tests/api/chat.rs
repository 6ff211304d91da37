//! Black-box tests of the order chat over real HTTP: sending with and without
//! files, the limits (size, count, type by content), idempotent retries, paging,
//! read marks, who may read messages and files, system lines, and live delivery
//! with resume.

use std::time::Duration;

use crate::common::{assert_reason, TestServer};
use serde_json::{json, Value};

const ANNA: &str = "anna@alfa.example";
const VERA: &str = "vera@beta.example";
const STAFF: &str = "staff@kabinet.example";
const WAIT: Duration = Duration::from_secs(5);

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89,
];

fn uuid(n: u32) -> String {
    format!("5f0c2b7e-0000-4000-8000-{n:012}")
}

async fn anna_order(s: &TestServer, token: &str) -> i64 {
    s.find_order(token, "service", "in_progress").await.0
}

async fn page(s: &TestServer, token: &str, id: i64, query: &str) -> Value {
    let (st, p) = s
        .get(token, &format!("/api/orders/{id}/messages{query}"))
        .await;
    assert_eq!(st, 200, "{p}");
    p
}

#[tokio::test]
async fn a_message_reaches_staff_live_with_a_notification_and_is_stored_once() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let staff = s.login(STAFF).await;
    let id = anna_order(&s, &anna).await;
    let mut staff_live = s.live(&staff, None).await;

    let text = "<script>alert(1)</script> Когда придёт инженер?";
    let body = json!({"id": uuid(1), "body": text});
    let (st, m) = s.send(&anna, id, body.clone()).await;
    assert_eq!(st, 201, "{m}");
    assert_eq!(m["body"], text, "kept as typed");
    assert_eq!(m["mine"], true);
    assert_eq!(m["from_staff"], false);
    assert_eq!(m["author"]["name"], "Анна Иванова");
    let seq = m["seq"].as_i64().unwrap();

    let events = staff_live
        .until(WAIT, |e| e["type"] == "notification")
        .await;
    assert!(events.iter().any(|(_, e)| e["type"] == "message"
        && e["order_id"] == id
        && e["seq"] == seq
        && e["unread"] == 1));
    assert_eq!(
        events.last().unwrap().1["notification"]["kind"],
        "new_message"
    );

    // Staff read it as the other side's.
    let p = page(&s, &staff, id, &format!("?after={}", seq - 1)).await;
    assert_eq!(p["items"][0]["mine"], false);
    assert_eq!(p["items"][0]["body"], text);

    // A retry (even six at once) is answered with the stored message.
    let answers = futures::future::join_all((0..6).map(|_| s.send(&anna, id, body.clone()))).await;
    for (st, again) in answers {
        assert_eq!(st, 200);
        assert_eq!(again, m);
    }
    let p = page(&s, &anna, id, "").await;
    let copies = p["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["id"] == uuid(1))
        .count();
    assert_eq!(copies, 1);
    // Someone else's message id is not theirs to reuse.
    let (st, e) = s
        .send(&staff, id, json!({"id": uuid(1), "body": "x"}))
        .await;
    assert_eq!(st, 409, "{e}");
}

#[tokio::test]
async fn files_go_with_their_message_and_are_served_safely_by_signed_links() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let staff = s.login(STAFF).await;
    let vera = s.login(VERA).await;
    let id = anna_order(&s, &anna).await;

    let (st, png) = s.upload(&anna, id, "фото счётчика.png", PNG.to_vec()).await;
    assert_eq!(st, 201, "{png}");
    assert_eq!(png["content_type"], "image/png");
    let (st, pdf) = s
        .upload(&anna, id, "акт.pdf", b"%PDF-1.7\n1 0 obj\n".to_vec())
        .await;
    assert_eq!(st, 201, "{pdf}");
    let html = b"<html><script>alert(1)</script></html>".to_vec();
    let (st, page_file) = s.upload(&anna, id, "page.html", html.clone()).await;
    assert_eq!(st, 201, "{page_file}");
    assert_eq!(
        page_file["content_type"], "text/plain",
        "HTML is only ever text"
    );

    // Not attached yet: nobody sees them. Then sent together.
    let (st, m) = s
        .send(
            &anna,
            id,
            json!({"id": uuid(2), "body": "", "uploads": [png["id"], pdf["id"], page_file["id"]]}),
        )
        .await;
    assert_eq!(st, 201, "{m}");
    let atts = m["attachments"].as_array().unwrap();
    assert_eq!(atts.len(), 3);
    assert_eq!(atts[0]["image"], true);
    assert_eq!(atts[0]["file_name"], "фото счётчика.png");
    assert_eq!(atts[1]["image"], false);

    let get = |url: String| {
        let c = s.client.clone();
        let base = s.base.clone();
        async move { c.get(format!("{base}{url}")).send().await.unwrap() }
    };
    let r = get(atts[0]["url"].as_str().unwrap().to_string()).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("inline"));
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert_eq!(r.bytes().await.unwrap().as_ref(), PNG);
    let r = get(atts[2]["url"].as_str().unwrap().to_string()).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert!(r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    assert_eq!(r.bytes().await.unwrap().as_ref(), html.as_slice());

    // Staff get links of their own; a link changed in any way, or guessed, is 404.
    let p = page(&s, &staff, id, "").await;
    let staff_url = p["items"].as_array().unwrap().last().unwrap()["attachments"][0]["url"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(get(staff_url.clone()).await.status(), 200);
    let anna_url = atts[0]["url"].as_str().unwrap().to_string();
    let att_id = atts[0]["id"].as_i64().unwrap();
    for bad in [
        format!("/api/files/{att_id}"),
        anna_url.replace("&s=", "&s=A"),
        anna_url.replace(
            &format!("/files/{att_id}?"),
            &format!("/files/{}?", att_id + 1),
        ),
        anna_url.replace("u=", "u=9"),
        format!("/api/files/{att_id}?u=1&e=99999999999&s=AAAA"),
        format!("/api/files/{att_id}?u=x&e=y&s=z"),
        "/api/files/abc?u=1&e=1&s=x".to_string(),
    ] {
        assert_eq!(get(bad.clone()).await.status(), 404, "{bad}");
    }
    // Vera is not in this chat.
    for (st, _) in [
        s.get(&vera, &format!("/api/orders/{id}/messages")).await,
        s.send(&vera, id, json!({"id": uuid(3), "body": "hi"}))
            .await,
        s.upload(&vera, id, "x.png", PNG.to_vec()).await,
        s.post(
            &vera,
            &format!("/api/orders/{id}/messages/read"),
            json!({"seq": 1}),
        )
        .await,
    ] {
        assert_eq!(st, 404);
    }
    // Links expire.
    s.state.clock.advance(25 * 3600);
    assert_eq!(get(anna_url).await.status(), 404);
}

#[tokio::test]
async fn limits_are_named_and_refused_files_do_not_stop_the_others() {
    let s = TestServer::demo_with(|c| {
        c.max_file_mb = 1;
        c.max_files = 2;
    })
    .await;
    let anna = s.login(ANNA).await;
    let vera = s.login(VERA).await;
    let id = anna_order(&s, &anna).await;
    let (_, config) = s.get("", "/api/config").await;
    assert_eq!(config["max_file_bytes"], 1024 * 1024);
    assert_eq!(config["max_files"], 2);

    let mut big = PNG.to_vec();
    big.resize(1024 * 1024 + 1, 0);
    let (st, e) = s.upload(&anna, id, "big.png", big).await;
    assert_eq!(st, 413, "{e}");
    assert_reason(&e, "payload_too_large", "too_large");
    assert_eq!(e["limit"], 1024 * 1024, "the limit is named: {e}");
    assert_eq!(e["file_name"], "big.png", "{e}");
    assert!(e["message"].as_str().unwrap().contains("1 MB"), "{e}");

    // Type by content: an executable called a photo is refused and named.
    let (st, e) = s
        .upload(
            &anna,
            id,
            "photo.png",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec(),
        )
        .await;
    assert_eq!(st, 422, "{e}");
    assert_eq!(e["field"], "file");
    assert_reason(&e, "validation", "file_type_refused");
    assert_eq!(e["file_name"], "photo.png", "{e}");
    assert!(e["message"].as_str().unwrap().contains("photo.png"), "{e}");
    let (st, e) = s.upload(&anna, id, "empty.txt", Vec::new()).await;
    assert_eq!(st, 422);
    assert_reason(&e, "validation", "file_empty");
    assert_eq!(e["file_name"], "empty.txt", "{e}");
    // Not multipart at all: a clear 422, not a bare 400.
    let (st, e) = s
        .post(
            &anna,
            &format!("/api/orders/{id}/uploads"),
            json!({"file": "x"}),
        )
        .await;
    assert_eq!((st, e["field"].as_str()), (422, Some("file")), "{e}");
    // An upload nobody sends is forgotten after a day.
    let (_, stale) = s.upload(&anna, id, "stale.png", PNG.to_vec()).await;
    s.state.clock.advance(25 * 3600);
    assert!(
        kabinet_server::jobs::expire_uploads(&s.state)
            .await
            .unwrap()
            >= 1
    );
    let (st, e) = s
        .send(&anna, id, json!({"id": uuid(11), "uploads": [stale["id"]]}))
        .await;
    assert_eq!((st, e["field"].as_str()), (422, Some("uploads")));
    s.state.clock.advance(-25 * 3600);

    let mut ids = Vec::new();
    for n in 0..3 {
        let (st, u) = s.upload(&anna, id, &format!("{n}.png"), PNG.to_vec()).await;
        assert_eq!(st, 201);
        ids.push(u["id"].clone());
    }
    let (st, e) = s
        .send(&anna, id, json!({"id": uuid(4), "uploads": ids}))
        .await;
    assert_eq!(st, 422, "{e}");
    assert_eq!(e["field"], "uploads");
    assert!(e["message"].as_str().unwrap().contains('2'), "{e}");
    // The two that fit still go.
    let (st, m) = s
        .send(&anna, id, json!({"id": uuid(4), "uploads": ids[..2]}))
        .await;
    assert_eq!(st, 201, "{m}");
    assert_eq!(m["attachments"].as_array().unwrap().len(), 2);
    // An upload is used once, and only by its uploader.
    let (st, e) = s
        .send(&anna, id, json!({"id": uuid(5), "uploads": [ids[0]]}))
        .await;
    assert_eq!((st, e["field"].as_str()), (422, Some("uploads")));
    let vera_order = s.find_order(&vera, "booking", "new").await.0;
    let (_, vu) = s.upload(&vera, vera_order, "v.png", PNG.to_vec()).await;
    let (st, _) = s
        .send(&anna, id, json!({"id": uuid(6), "uploads": [vu["id"]]}))
        .await;
    assert_eq!(st, 422);

    for (body, field) in [
        (json!({"id": uuid(7), "body": "   "}), "body"),
        (json!({"id": "not an id!", "body": "x"}), "id"),
        // The ids of system lines cannot be taken first (that would block the
        // order's next status change).
        (json!({"id": format!("sys:{id}:2"), "body": "x"}), "id"),
        (json!({"id": uuid(8), "body": "я".repeat(5001)}), "body"),
    ] {
        let (st, e) = s.send(&anna, id, body.clone()).await;
        assert_eq!((st, e["field"].as_str()), (422, Some(field)), "{body}");
    }
}

#[tokio::test]
async fn long_chats_page_back_without_gaps_and_read_marks_count_down() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let staff = s.login(STAFF).await;
    let id = anna_order(&s, &anna).await;
    for n in 0..120 {
        let (st, _) = s
            .send(
                &staff,
                id,
                json!({"id": uuid(100 + n), "body": format!("Сообщение {n}")}),
            )
            .await;
        assert_eq!(st, 201);
    }
    let first = page(&s, &anna, id, "").await;
    assert_eq!(first["unread"], 120);
    let items = first["items"].as_array().unwrap();
    assert_eq!(items.len(), 50);
    assert_eq!(
        items.last().unwrap()["body"],
        "Сообщение 119",
        "newest page first"
    );
    let mut seen: Vec<i64> = items.iter().map(|m| m["seq"].as_i64().unwrap()).collect();
    let mut before = first["next_before"].as_i64();
    while let Some(b) = before {
        let p = page(&s, &anna, id, &format!("?before={b}")).await;
        let mut older: Vec<i64> = p["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["seq"].as_i64().unwrap())
            .collect();
        older.extend(seen);
        seen = older;
        before = p["next_before"].as_i64();
    }
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "in order, no repeats");
    let bodies = page(&s, &anna, id, &format!("?after={}&limit=100", seen[0] - 1)).await;
    assert_eq!(bodies["items"][0]["seq"], seen[0]);
    assert!(seen.len() >= 120);

    // Reading half way, then all; the mark never goes back.
    let mid = seen[seen.len() - 60];
    let (_, r) = s
        .post(
            &anna,
            &format!("/api/orders/{id}/messages/read"),
            json!({"seq": mid}),
        )
        .await;
    assert_eq!(r["unread"], 59);
    let last = *seen.last().unwrap();
    let (_, r) = s
        .post(
            &anna,
            &format!("/api/orders/{id}/messages/read"),
            json!({"seq": last}),
        )
        .await;
    assert_eq!(r["unread"], 0);
    let (_, r) = s
        .post(
            &anna,
            &format!("/api/orders/{id}/messages/read"),
            json!({"seq": 1}),
        )
        .await;
    assert_eq!(r["unread"], 0);
    let (_, list) = s.get(&anna, "/api/orders?limit=100").await;
    let row = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(row["unread_count"], 0);
    let (st, e) = s
        .get(&anna, &format!("/api/orders/{id}/messages?limit=500"))
        .await;
    assert_eq!((st, e["field"].as_str()), (422, Some("limit")));
}

#[tokio::test]
async fn status_changes_show_as_system_lines_and_a_resumed_stream_misses_no_message() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let staff = s.login(STAFF).await;
    let (id, version) = s.find_order(&anna, "service", "in_progress").await;

    let mut live = s.live(&anna, None).await;
    let (st, _) = s
        .send(&staff, id, json!({"id": uuid(9), "body": "Готово"}))
        .await;
    assert_eq!(st, 201);
    let seen = live.until(WAIT, |e| e["type"] == "message").await;
    let last = seen.last().unwrap().0;
    drop(live);

    // While anna is away: a status change and a message.
    s.act(
        &staff,
        id,
        json!({"action": "mark_awaiting_confirmation", "version": version}),
        None,
    )
    .await;
    s.send(
        &staff,
        id,
        json!({"id": uuid(10), "body": "Проверьте, пожалуйста"}),
    )
    .await;
    let mut again = s.live(&anna, Some(last)).await;
    let messages: Vec<i64> = s
        .drain(&anna, &mut again)
        .await
        .into_iter()
        .filter(|(_, e)| e["type"] == "message")
        .map(|(_, e)| e["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(
        messages.len(),
        2,
        "the system line and the message: {messages:?}"
    );

    let p = page(&s, &anna, id, &format!("?after={}", messages[0] - 1)).await;
    let items = p["items"].as_array().unwrap();
    assert!(items[0]["author"].is_null());
    assert_eq!(items[0]["status"], "awaiting_confirmation");
    assert_eq!(items[1]["body"], "Проверьте, пожалуйста");
    assert_eq!(items[1]["from_staff"], true);
}

#[tokio::test]
async fn a_file_named_twice_is_attached_once() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let id = anna_order(&s, &anna).await;
    let (_, a) = s.upload(&anna, id, "a.png", PNG.to_vec()).await;
    let (_, b) = s.upload(&anna, id, "b.txt", b"notes".to_vec()).await;
    let (st, m) = s
        .send(
            &anna,
            id,
            json!({"id": uuid(900), "body": "", "uploads": [a["id"], b["id"], a["id"]]}),
        )
        .await;
    assert_eq!(st, 201, "{m}");
    let names: Vec<&str> = m["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a.png", "b.txt"]);
}
