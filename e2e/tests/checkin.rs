//! End to end: the door. Anna opens her meetup ticket's QR code; the event
//! manager's check-in app reads it through Chromium's fake camera (a video of
//! that very QR) and admits her, and anna's open ticket turns «Выполнен» while she
//! looks at it; a second scan says when she was checked in and by whom. Then codes
//! typed (as a USB scanner types them): one admitted and undone, one cancelled,
//! one unknown, one for another event. Screenshots of the QR and of every answer
//! at 390 and 1280 px.

use kabinet_e2e::{accessible, api, api_login, both_widths, qr_video, Browser, Harness};
use serde_json::json;

const ANNA: &str = "anna@alfa.example";
const BORIS: &str = "boris@alfa.example";
const EVENTS: &str = "events@kabinet.example";
const STAFF: &str = "staff@kabinet.example";

async fn click(b: &Browser, css: &str) {
    b.find(css).await.click().await.unwrap();
}

/// The holder's code of their first ticket whose service name has `name`, in
/// `status`, through the API.
async fn code_of(base: &str, email: &str, name: &str, status: &str) -> (i64, String) {
    let token = api_login(base, email).await;
    let (_, page) = api(
        base,
        &token,
        "GET",
        &format!("/api/orders?kind=event&status={status}&limit=20"),
        None,
    )
    .await;
    let id = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["service_name"].as_str().unwrap().contains(name))
        .and_then(|o| o["id"].as_i64())
        .unwrap_or_else(|| panic!("{email}'s {name} ticket in {status}: {page}"));
    let (st, c) = api(
        base,
        &token,
        "GET",
        &format!("/api/orders/{id}/ticket-code"),
        None,
    )
    .await;
    assert_eq!(st, 200, "{c}");
    (id, c["code"].as_str().unwrap().to_string())
}

/// Types a code into the check-in field and presses Enter, the way a USB scanner
/// does; waits for the answer to that code.
async fn type_code(b: &Browser, code: &str) {
    // The answer before this one is replaced: wait for a new one.
    b.js("document.querySelectorAll('.checkin-answer').forEach(e => e.dataset.seen = '1');")
        .await;
    let input = b.find("#checkin-code").await;
    input.clear().await.unwrap();
    input.send_keys(&format!("{code}\u{E007}")).await.unwrap();
    b.wait_until(
        "the answer to a typed code",
        "(() => { const a = document.querySelector('.checkin-answer');
                  return a && !a.dataset.seen && /checkin-answer--(ok|error)/.test(a.className); })()",
    )
    .await;
}

/// Waits until `ms` have passed since `window.admittedAt` with the panel marked
/// `data-watched` (the ok answer) still shown, with its undo; fails as soon as
/// the panel is another one.
async fn stays_admitted(b: &Browser, ms: f64) {
    let deadline = std::time::Instant::now() + kabinet_e2e::WAIT;
    loop {
        let v = b
            .js(&format!(
                "const a = document.querySelector('.checkin-answer');
                 const kept = a && a.dataset.watched === '1'
                     && a.classList.contains('checkin-answer--ok')
                     && !!document.querySelector('.checkin-button--undo');
                 return {{ kept, left: {ms} - (performance.now() - window.admittedAt),
                          now: a ? a.className + ' ' + a.innerText : 'no panel' }};"
            ))
            .await;
        assert_eq!(
            v["kept"],
            json!(true),
            "the ok answer and its undo stay while the code is in view: {v}"
        );
        if v["left"].as_f64().unwrap() < 0.0 {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out watching the ok answer"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_ticket_is_scanned_at_the_door() {
    let h = Harness::start().await;

    // Anna opens her ticket to today's meetup and shows the QR code.
    h.login(ANNA).await;
    let (id, _) = code_of(&h.base, ANNA, "Митап", "in_progress").await;
    h.goto(&format!("/orders/{id}")).await;
    h.find("article.order[data-status=in_progress]").await;
    h.live().await;
    click(&h, "[data-action=show_qr]").await;
    let shown = h.text("[data-testid=qr-code]").await;
    let code = kabinet_core::normalize_code(&shown);
    assert_eq!(
        code.len(),
        kabinet_core::CODE_LEN,
        "the code in text: {shown}"
    );
    assert_eq!(h.text("[data-testid=qr-holder]").await, "Анна Иванова");
    let qr = h.text("[data-testid=ticket-qr]").await;
    assert!(qr.contains("Митап «Rust в продакшене»"), "{qr}");
    h.find("[data-testid=qr-image] svg path").await;
    // On a phone the code fills the screen.
    h.viewport(390).await;
    let fills = h
        .js(
            "const r = document.querySelector('dialog[open]').getBoundingClientRect();
             return r.width >= window.innerWidth - 1 && r.height >= window.innerHeight - 1;",
        )
        .await;
    assert_eq!(fills, json!(true), "the QR dialog fills a phone's screen");
    let size = h
        .js("return document.querySelector('[data-testid=qr-image] svg').getBoundingClientRect().width;")
        .await;
    assert!(size.as_f64().unwrap() >= 300.0, "a large QR code: {size}");
    h.screenshot("ticket-qr-390").await;
    accessible(&h, "the QR dialog").await;
    h.viewport(1280).await;
    h.find("[data-testid=qr-image] svg").await;
    h.screenshot("ticket-qr-1280").await;

    // The event manager's phone films that QR code.
    let dir = tempfile::tempdir().unwrap();
    let video = dir.path().join("qr.y4m");
    qr_video(&video, &code);
    let door = h.new_browser_with_camera(Some(&video)).await;
    door.viewport(390).await;
    door.login(EVENTS).await;
    assert!(
        door.here().await.starts_with("/checkin"),
        "the event manager lands on check-in"
    );
    let today = door.text(".checkin-card").await;
    assert!(today.contains("Митап"), "today's event first: {today}");
    assert!(today.contains("отмечено 1 из 3"), "{today}");
    door.screenshot("checkin-events-390").await;
    click(&door, ".checkin-card").await;
    // No BarcodeDetector on Linux: the frames are decoded in Rust.
    door.find(".checkin-camera[data-camera=on][data-decoder=rqrr]")
        .await;
    door.find(".checkin-answer--ok").await;
    // From here on the camera keeps seeing her code: this very panel must stay.
    door.js(
        "document.querySelector('.checkin-answer--ok').dataset.watched = '1';
         window.admittedAt = performance.now();",
    )
    .await;
    assert_eq!(
        door.text(".checkin-answer--ok .checkin-answer__name").await,
        "Анна Иванова"
    );
    let admitted = door.text(".checkin-answer--ok").await;
    assert!(admitted.contains("Альфа"), "her company: {admitted}");
    door.screenshot("checkin-admitted-390").await;
    accessible(&door, "the admitted answer").await;

    // Anna's open ticket changes at once: checked in, nothing to cancel.
    h.find("[data-testid=qr-checked-in]").await;
    assert_eq!(
        h.text("[data-testid=qr-checked-in]").await,
        "Вы посетили мероприятие"
    );
    h.screenshot("ticket-qr-checked-in-1280").await;
    click(&h, "[data-testid=qr-close]").await;
    h.find("article.order[data-status=done]").await;
    assert!(h
        .find_all("[data-action=show_qr], [data-action=cancel]")
        .await
        .is_empty());
    assert!(h.text(".order-head").await.contains("Выполнен"));

    // The camera still sees her code: it is not sent again while it stays in view,
    // so «Проходите» and its undo stay however long she lingers (a resend used to
    // turn it into «Уже отмечен» 3 s after the answer; 4 s are watched).
    stays_admitted(&door, 4000.0).await;
    assert_eq!(door.text(".checkin-button--undo").await, "Отменить отметку");
    // The manager asks for the next scan: the code in view is read again, and the
    // answer says when she came in and who let her in.
    click(&door, ".checkin-answer__next").await;
    let again = door
        .find(".checkin-answer--error[data-reason=already_redeemed]")
        .await;
    let text = again.text().await.unwrap();
    assert!(text.contains("Егор Миронов"), "{text}");
    assert!(
        text.split(|c: char| !c.is_ascii_digit() && c != ':')
            .any(|w| w.len() == 5 && w.as_bytes()[2] == b':'),
        "checked in at HH:MM: {text}"
    );
    both_widths(
        &door,
        "checkin-already",
        ".checkin-answer--error[data-reason=already_redeemed]",
        &[],
    )
    .await;
    door.close().await;
    h.close().await;
}

#[tokio::test]
async fn typed_codes_get_every_answer() {
    let h = Harness::start().await;
    let (boris_ticket, boris_code) = code_of(&h.base, BORIS, "Митап", "in_progress").await;
    let (_, conference) = code_of(&h.base, ANNA, "Конференция", "in_progress").await;

    // A camera that films nothing readable: every answer comes from typing.
    let door = h.new_browser_with_camera(None).await;
    door.login(EVENTS).await;
    click(&door, ".checkin-card").await;
    door.find("#checkin-code").await;

    // Boris, typed in groups and lower case as people read it out: admitted.
    type_code(&door, &kabinet_core::group_code(&boris_code).to_lowercase()).await;
    door.find(".checkin-answer--ok").await;
    assert_eq!(door.text(".checkin-answer__name").await, "Борис Петров");
    both_widths(&door, "checkin-typed-ok", ".checkin-answer--ok", &[]).await;
    let boris = api_login(&h.base, BORIS).await;
    let (_, order) = api(
        &h.base,
        &boris,
        "GET",
        &format!("/api/orders/{boris_ticket}"),
        None,
    )
    .await;
    assert_eq!(order["status"], "done");

    // The undo is a bar of its own under the answer, naming him; it is still
    // there after a reload.
    let bar = door.text(".checkin-undo").await;
    assert!(bar.contains("Последний отмеченный: Борис Петров"), "{bar}");
    assert!(bar.contains("можно до"), "{bar}");
    assert!(door
        .find_all(".checkin-answer .checkin-button--undo")
        .await
        .is_empty());
    // Who is signed in, and the way out.
    assert_eq!(door.text(".checkin-bar__user").await, "Егор Миронов");
    assert_eq!(door.text(".checkin-bar__signout").await, "Выйти");
    let here = door.here().await;
    door.goto(&here).await;
    door.find(".checkin-answer--idle").await;
    let bar = door.text(".checkin-undo").await;
    assert!(bar.contains("Борис Петров"), "kept through a reload: {bar}");

    // A blank code is not sent: the field asks for one.
    door.js("document.querySelectorAll('.checkin-answer').forEach(e => e.dataset.seen = '1');")
        .await;
    door.find("#checkin-code")
        .await
        .send_keys("   \u{E007}")
        .await
        .unwrap();
    door.wait_until(
        "the hint for a blank code",
        "document.querySelector('.checkin-entry__hint').textContent === 'Введите код билета'",
    )
    .await;
    assert_eq!(
        door.js("return document.activeElement.id;").await,
        json!("checkin-code")
    );
    assert_eq!(
        door.js("return document.querySelector('.checkin-answer').dataset.seen;")
            .await,
        json!("1"),
        "no answer to a blank code"
    );

    // Undone: he is back to «В работе» and can be admitted again.
    click(&door, ".checkin-button--undo").await;
    click(&door, ".checkin-button--danger").await;
    door.find(".checkin-answer--annulled").await;
    let (_, order) = api(
        &h.base,
        &boris,
        "GET",
        &format!("/api/orders/{boris_ticket}"),
        None,
    )
    .await;
    assert_eq!(
        order["status"], "in_progress",
        "the undo restored his ticket"
    );
    both_widths(&door, "checkin-undone", ".checkin-answer--annulled", &[]).await;

    // Staff cancel his ticket: the code is refused.
    let staff = api_login(&h.base, STAFF).await;
    let (st, v) = api(
        &h.base,
        &staff,
        "POST",
        &format!("/api/orders/{boris_ticket}/actions"),
        Some(json!({"action": "staff_cancel", "version": order["version"]})),
    )
    .await;
    assert_eq!(st, 200, "{v}");
    type_code(&door, &boris_code).await;
    door.find(".checkin-answer--error[data-reason=canceled]")
        .await;
    let text = door.text(".checkin-answer").await;
    assert!(text.contains("отмен"), "{text}");
    both_widths(
        &door,
        "checkin-cancelled",
        ".checkin-answer--error[data-reason=canceled]",
        &[],
    )
    .await;

    // A code no ticket has.
    type_code(&door, "ABCD-EFGH-JKMN-PQRS-TUVW-XYZ2-3456").await;
    door.find(".checkin-answer--error[data-reason=invalid]")
        .await;
    both_widths(
        &door,
        "checkin-unknown",
        ".checkin-answer--error[data-reason=invalid]",
        &[],
    )
    .await;

    // Anna's conference ticket at the meetup's door.
    type_code(&door, &conference).await;
    door.find(".checkin-answer--error[data-reason=wrong_event]")
        .await;
    assert!(door.text(".checkin-answer").await.contains("Конференция"));
    // A short headline; the ticket's event is in the line below it.
    assert_eq!(
        door.text(".checkin-answer__headline").await,
        "Билет на другое мероприятие"
    );
    both_widths(
        &door,
        "checkin-wrong-event",
        ".checkin-answer--error[data-reason=wrong_event]",
        &[],
    )
    .await;
    accessible(&door, "the check-in page").await;

    // At the conference's own door, six days early.
    door.goto("/checkin").await;
    door.find(".checkin-card").await;
    door.js("[...document.querySelectorAll('.checkin-card')].find(c => c.textContent.includes('Конференция')).click();")
        .await;
    door.find("#checkin-code").await;
    type_code(&door, &conference).await;
    door.find(".checkin-answer--error[data-reason=invalid_time]")
        .await;
    both_widths(
        &door,
        "checkin-not-today",
        ".checkin-answer--error[data-reason=invalid_time]",
        &[],
    )
    .await;
    door.close().await;
    h.close().await;
}

#[tokio::test]
async fn a_coworking_tickets_holder_shows_its_entry_code() {
    let h = Harness::start().await;
    let anna = api_login(&h.base, ANNA).await;
    let (_, page) = api(
        &h.base,
        &anna,
        "GET",
        "/api/orders?kind=coworking&status=new&limit=1",
        None,
    )
    .await;
    let id = page["items"][0]["id"].as_i64().expect("a coworking ticket");

    // The buyer holds it: «Код для входа» in the ticket block.
    h.login(ANNA).await;
    h.goto(&format!("/orders/{id}")).await;
    click(&h, "[data-action=entry_code]").await;
    assert_eq!(h.text("[data-testid=qr-holder]").await, "Анна Иванова");
    h.find("[data-testid=qr-image] svg path").await;
    let anna_code = h.text("[data-testid=qr-code]").await;
    h.screenshot("entry-code-1280").await;
    click(&h, "[data-testid=qr-close]").await;

    // Passed to boris: anna's button is gone, boris opens it from his card in
    // «Мои бронирования» (the order stays anna's).
    let (_, people) = api(
        &h.base,
        &anna,
        "GET",
        "/api/users?q=%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2",
        None,
    )
    .await;
    let boris_id = people["items"][0]["id"].as_i64().expect("boris");
    let (st, v) = api(
        &h.base,
        &anna,
        "POST",
        &format!("/api/orders/{id}/ticket/transfer"),
        Some(json!({"user_id": boris_id})),
    )
    .await;
    assert_eq!(st, 200, "{v}");
    h.goto(&format!("/orders/{id}")).await;
    h.find("[data-testid=ticket-visitor]").await;
    h.wait_until(
        "the new visitor",
        "document.querySelector('[data-testid=ticket-visitor]').textContent.includes('Борис')",
    )
    .await;
    assert!(h.find_all("[data-action=entry_code]").await.is_empty());

    let boris = h.new_browser().await;
    boris.viewport(390).await;
    boris.login(BORIS).await;
    boris.goto("/bookings").await;
    click(&boris, "[data-holding=received] [data-action=entry_code]").await;
    assert_eq!(boris.text("[data-testid=qr-holder]").await, "Борис Петров");
    let boris_code = boris.text("[data-testid=qr-code]").await;
    assert_ne!(boris_code, anna_code, "a new holder, a new code");
    boris.screenshot("entry-code-received-390").await;
    accessible(&boris, "the received ticket's entry code").await;
    boris.close().await;
    h.close().await;
}
