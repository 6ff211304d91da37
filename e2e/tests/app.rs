//! End to end: the real server with demo data, the real built app, headless Chromium.
//! Screenshots land in target/screenshots/.

use kabinet_e2e::{api, api_login, Harness};
use serde_json::Value;

const ANNA: &str = "anna@alfa.example";

/// The blocks each kind's view shows, in the order of spec section 4, then the
/// order's history.
fn expected_blocks(kind: &str) -> &'static [&'static str] {
    match kind {
        "service" | "request" => &["additional", "details", "description", "history"],
        "booking" => &[
            "order",
            "additional",
            "visitors",
            "details",
            "payment",
            "description",
            "history",
        ],
        "goods" => &[
            "order",
            "delivery",
            "additional",
            "details",
            "payment",
            "description",
            "history",
        ],
        "coworking" => &["ticket", "additional", "payment", "description", "history"],
        "hotel" => &["hotel", "additional", "payment", "description", "history"],
        "event" => &["payment", "description", "history"],
        other => panic!("unknown kind {other}"),
    }
}

/// A block title a Russian-speaking user sees in each kind's view.
fn expected_title(kind: &str) -> &'static str {
    match kind {
        "service" | "request" => "Детали заказа",
        "booking" => "Посетители",
        "goods" => "Место доставки",
        "coworking" => "Билет",
        "hotel" => "Бронирование",
        "event" => "Описание мероприятия",
        _ => unreachable!(),
    }
}

async fn assert_no_serious_a11y(h: &Harness, page: &str) {
    let v = h.axe_violations().await;
    assert!(
        v.is_empty(),
        "axe-core found serious/critical violations on {page}: {v:#?}"
    );
}

/// A phone layout never makes the page scroll sideways.
async fn assert_no_sideways_scroll(h: &Harness, page: &str) {
    let v = h
        .js("return [document.documentElement.scrollWidth, window.innerWidth];")
        .await;
    assert!(
        v[0].as_f64() <= v[1].as_f64(),
        "{page} is wider than the screen: {v}"
    );
}

/// Opens the first of anna's orders of `kind` in `status` by clicking it in the list.
async fn open_order(h: &Harness, kind: &str, status: &str) {
    h.goto(&format!("/orders?kind={kind}&status={status}"))
        .await;
    let row = h.find(&format!("[data-kind={kind}] a")).await;
    row.click().await.expect("open the order");
    h.find(&format!("article.order[data-kind={kind}]")).await;
}

#[tokio::test]
async fn the_list_and_every_kind_of_order_view() {
    let h = Harness::start().await;
    h.login(ANNA).await;

    assert_eq!(h.text("main h1").await, "Мои заказы");
    let rows = h.find_all("[data-testid=order-list] > li").await;
    assert_eq!(
        rows.len(),
        39,
        "all of anna's demo orders fit on the first page"
    );
    let first = h.text("[data-testid=order-list] > li").await;
    assert!(first.contains("Заказ №"), "row shows the number: {first}");
    // The unread badge of the request with staff messages.
    assert!(
        !h.find_all(".order-row .unread").await.is_empty(),
        "an unread badge is shown"
    );
    assert_no_serious_a11y(&h, "the order list").await;
    h.screenshot("list-1280").await;
    h.viewport(390).await;
    assert_no_sideways_scroll(&h, "the list at 390 px").await;
    h.screenshot("list-390").await;
    h.viewport(1280).await;

    for (kind, status) in [
        ("service", "awaiting_confirmation"),
        ("request", "in_progress"),
        ("booking", "in_progress"),
        ("goods", "new"),
        ("coworking", "new"),
        ("hotel", "in_progress"),
        ("event", "new"),
    ] {
        open_order(&h, kind, status).await;
        let blocks = h
            .js("return [...document.querySelectorAll('article.order [data-block]')].map(e => e.dataset.block);")
            .await;
        let blocks: Vec<&str> = blocks
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_str().unwrap())
            .collect();
        assert_eq!(blocks, expected_blocks(kind), "blocks of a {kind} order");
        let page = h.text("article.order").await;
        assert!(page.contains("Заказ №"), "{kind}: number label");
        assert!(page.contains("Создан"), "{kind}: creation date label");
        assert!(
            page.contains(expected_title(kind)),
            "{kind}: «{}» in {page}",
            expected_title(kind)
        );
        let has_time = h.find_all(".order-head__when").await.len() == 1;
        assert_eq!(
            has_time,
            ["goods", "booking", "event"].contains(&kind),
            "{kind}: service time"
        );
        // Money and dates come from Intl in Russian: "₽" and a Russian month.
        if kind != "service" && kind != "request" {
            assert!(page.contains("₽"), "{kind}: money in roubles");
        }
        assert_no_serious_a11y(&h, &format!("the {kind} order view")).await;
        if kind == "goods" {
            // Seven additional services configured: six on a wide screen.
            assert_eq!(h.find_all("[data-block=additional] .tile").await.len(), 6);
        }
        if kind == "service" {
            let buttons = h.text(".order-head__actions").await;
            assert!(
                buttons.contains("Подтвердить выполнение заказа"),
                "{buttons}"
            );
            assert!(buttons.contains("Вернуть в работу"), "{buttons}");
        }
        h.screenshot(&format!("order-{kind}-1280")).await;
        assert!(
            !h.find_all("#chat-panel").await.is_empty(),
            "chat beside the order"
        );

        h.viewport(390).await;
        h.find(".tabs [role=tab]").await;
        if kind == "goods" {
            assert_eq!(
                h.find_all("[data-block=additional] .tile").await.len(),
                3,
                "three on a phone"
            );
        }
        assert_no_sideways_scroll(&h, &format!("the {kind} order at 390 px")).await;
        h.screenshot(&format!("order-{kind}-390")).await;
        h.viewport(1280).await;
        h.find("#chat-panel").await;
    }
    h.close().await;
}

#[tokio::test]
async fn login_errors_keep_what_was_typed_and_the_language_is_remembered() {
    let h = Harness::start().await;
    h.goto("/orders").await;
    // Not signed in: the app asks to sign in first.
    h.find("#email").await.send_keys(ANNA).await.unwrap();
    h.find("#password").await.send_keys("wrong").await.unwrap();
    h.find("button[type=submit]").await.click().await.unwrap();
    let err = h.text("#password-error").await;
    assert_eq!(err, "Неверная эл. почта или пароль");
    let typed = h.js("return document.querySelector('#email').value;").await;
    assert_eq!(
        typed,
        Value::String(ANNA.into()),
        "the e-mail stays as typed"
    );
    h.screenshot("login-error-1280").await;

    h.find("#password").await.clear().await.unwrap();
    h.find("#password").await.send_keys("demo").await.unwrap();
    h.find("button[type=submit]").await.click().await.unwrap();
    h.find("[data-testid=order-list]").await;

    // Switch to English; it is remembered across a reload.
    let switch = h.find(".app-header__tools button[lang=en]").await;
    switch.click().await.unwrap();
    h.wait_until(
        "English heading",
        "document.querySelector('main h1').textContent === 'My orders'",
    )
    .await;
    assert_eq!(h.js("return document.documentElement.lang;").await, "en");
    h.client.refresh().await.unwrap();
    h.find("[data-testid=order-list]").await;
    assert_eq!(h.text("main h1").await, "My orders");
    assert!(h.text(".chip").await.is_ascii(), "statuses in English");
    h.close().await;
}

#[tokio::test]
async fn search_filters_text_safety_memory_and_authorization() {
    let h = Harness::start().await;
    h.login(ANNA).await;

    // Search is case-insensitive for Cyrillic.
    h.find("#order-search")
        .await
        .send_keys("ПЕРЕГОВОРНАЯ")
        .await
        .unwrap();
    h.wait_until(
        "search results",
        "location.search.includes('q=') && document.querySelectorAll('[data-testid=order-list] > li').length > 0 && \
         [...document.querySelectorAll('.order-row__name')].every(e => e.textContent.includes('Переговорная'))",
    )
    .await;
    let n = h.find_all("[data-testid=order-list] > li").await.len();
    assert_eq!(n, 6, "five Java bookings and one Python");

    // The «Завершенные» group shows only finished statuses.
    h.find(".seg__item[data-status=finished]")
        .await
        .click()
        .await
        .unwrap();
    h.wait_until(
        "finished filter",
        "location.search.includes('status=finished')",
    )
    .await;
    h.wait_until(
        "finished rows",
        "document.querySelectorAll('[data-testid=order-list] > li').length > 0 && \
         [...document.querySelectorAll('.order-row .chip')].every(c => /Выполнен|Отменен/.test(c.textContent))",
    )
    .await;

    // A search sent after its pause keeps a filter clicked during the pause.
    h.goto("/orders").await;
    h.find("#order-search")
        .await
        .send_keys("кофе")
        .await
        .unwrap();
    h.find(".seg__item[data-status=active]")
        .await
        .click()
        .await
        .unwrap();
    h.wait_until(
        "search and filter together",
        "location.search.includes('status=active') && location.search.includes('q=') && \
         document.querySelectorAll('[data-testid=order-list] > li').length > 0 && \
         [...document.querySelectorAll('.order-row__name')].every(e => /кофе/i.test(e.textContent)) && \
         [...document.querySelectorAll('.order-row .chip')].every(c => !/Выполнен$|Отменен/.test(c.textContent))",
    )
    .await;

    // Nothing found: an empty state with a way back.
    h.goto("/orders?q=такого-заказа-нет").await;
    h.find("[data-testid=empty]").await;
    assert!(h
        .text("[data-testid=empty]")
        .await
        .contains("Ничего не найдено"));

    // User text is text: the markup typed into the request shows as typed.
    open_order(&h, "request", "new").await;
    let details = h.text("[data-block=details]").await;
    assert!(details.contains("<b>Срочно</b>"), "{details}");
    assert!(
        h.find_all("[data-block=details] b").await.is_empty(),
        "no markup was rendered"
    );

    // A collapsed block stays collapsed on another order and after a reload.
    open_order(&h, "booking", "in_progress").await;
    h.find("[data-block=payment] .block__toggle")
        .await
        .click()
        .await
        .unwrap();
    h.wait_until(
        "collapsed",
        "document.querySelector('[data-block=payment] .block__body').hidden",
    )
    .await;
    open_order(&h, "goods", "new").await;
    h.wait_until(
        "still collapsed",
        "document.querySelector('[data-block=payment] .block__body').hidden",
    )
    .await;
    h.client.refresh().await.unwrap();
    h.find("[data-block=payment]").await;
    h.wait_until(
        "collapsed after reload",
        "document.querySelector('[data-block=payment] .block__body').hidden",
    )
    .await;

    // Another user's order is «not found», never shown.
    let vera_order = vera_order_id(&h).await;
    h.goto(&format!("/orders/{vera_order}")).await;
    let alert = h.text("[role=alert]").await;
    assert!(alert.contains("Заказ не найден"), "{alert}");
    assert!(h.find_all("article.order").await.is_empty());
    h.close().await;
}

/// Vera's first order id, asked of the API as vera.
async fn vera_order_id(h: &Harness) -> i64 {
    let token = api_login(&h.base, "vera@beta.example").await;
    let (_, page) = api(&h.base, &token, "GET", "/api/orders", None).await;
    page["items"][0]["id"].as_i64().unwrap()
}
