//! End to end with two browsers side by side, anna (tenant) and staff: staff move
//! anna's orders from the desk and anna sees it without reloading; anna's return
//! to work reaches staff's notification centre; a refund completed by staff shows
//! as «Отменен» in anna's open order.

use kabinet_e2e::{api, api_login, Browser, Harness};

const ANNA: &str = "anna@alfa.example";
const STAFF: &str = "staff@kabinet.example";

async fn status_is(b: &Browser, status: &str) {
    b.wait_until(
        &format!("status {status}"),
        &format!("document.querySelector('article.order')?.dataset.status === '{status}'"),
    )
    .await;
}

async fn click(b: &Browser, css: &str) {
    b.find(css).await.click().await.unwrap();
}

/// Anna's first order of this kind and status whose service name has `name`.
async fn anna_order(h: &Harness, kind: &str, status: &str, name: &str) -> i64 {
    let anna = api_login(&h.base, ANNA).await;
    let (_, page) = api(
        &h.base,
        &anna,
        "GET",
        &format!("/api/orders?kind={kind}&status={status}&limit=100"),
        None,
    )
    .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["service_name"].as_str().unwrap().contains(name))
        .unwrap_or_else(|| panic!("anna has a {kind} «{name}» in {status}"))["id"]
        .as_i64()
        .unwrap()
}

/// Waits for the bell to show at least `n` unread.
async fn bell_shows(b: &Browser, n: u32) {
    b.wait_until(
        &format!("{n}+ unread on the bell"),
        &format!(
            "Number(document.querySelector('[data-testid=bell-count]')?.textContent || 0) >= {n}"
        ),
    )
    .await;
}

#[tokio::test]
async fn staff_and_tenant_see_each_others_moves_live() {
    let h = Harness::start().await;
    let pass = anna_order(&h, "service", "in_progress", "пропуск").await;

    // Anna opens her guest-pass order and keeps it open.
    h.login(ANNA).await;
    h.goto(&format!("/orders/{pass}")).await;
    status_is(&h, "in_progress").await;
    h.live().await;
    let anna_unread: u32 = h
        .js("return Number(document.querySelector('[data-testid=bell-count]')?.textContent || 0);")
        .await
        .as_u64()
        .unwrap() as u32;

    // Staff land on the desk, find it by the text filter and mark it done.
    let staff = h.new_browser().await;
    staff.login(STAFF).await;
    assert!(staff
        .client
        .current_url()
        .await
        .unwrap()
        .path()
        .ends_with("/desk"));
    staff.find("[data-testid=desk-list] .order-row").await;
    staff.screenshot("desk-1280").await;
    let violations = staff.axe_violations().await;
    assert!(violations.is_empty(), "the desk: {violations:#?}");
    let number = h
        .js(&format!(
            "return fetch('/api/orders/{pass}', {{headers: {{Authorization: 'Bearer ' + JSON.parse(localStorage.getItem('kabinet.token'))}}}}).then(r => r.json()).then(o => o.number);"
        ))
        .await;
    let number = number.as_str().unwrap().to_string();
    staff
        .find("#desk-search")
        .await
        .send_keys(&number)
        .await
        .unwrap();
    staff
        .wait_until(
            "the desk filtered to one order",
            &format!(
                "document.querySelectorAll('[data-testid=desk-list] .order-row').length === 1 && !!document.querySelector('[data-order-id=\"{pass}\"]')"
            ),
        )
        .await;
    assert!(staff
        .client
        .current_url()
        .await
        .unwrap()
        .query()
        .unwrap_or("")
        .contains("q="));
    click(&staff, &format!("[data-order-id=\"{pass}\"] a")).await;
    status_is(&staff, "in_progress").await;
    staff.live().await;
    click(&staff, "[data-action=mark_awaiting_confirmation]").await;
    status_is(&staff, "awaiting_confirmation").await;

    // Anna sees it without reloading: the status, the two buttons, a notification.
    status_is(&h, "awaiting_confirmation").await;
    h.find("[data-action=confirm_completion]").await;
    bell_shows(&h, anna_unread + 1).await;
    click(&h, "[data-action=return_to_work]").await;
    status_is(&h, "in_progress").await;

    // Staff: the order moved back under their eyes, and the bell says why.
    status_is(&staff, "in_progress").await;
    bell_shows(&staff, 1).await;
    click(&staff, "[data-testid=bell]").await;
    let note = staff
        .find("[data-testid=notification-panel] [data-kind=returned_to_work]")
        .await;
    let text = note.text().await.unwrap();
    assert!(
        text.contains("возвращен в работу") && text.contains(&number),
        "{text}"
    );
    assert!(text.contains("Анна Иванова"), "{text}");
    staff.screenshot("notifications-1280").await;
    let violations = staff.axe_violations().await;
    assert!(
        violations.is_empty(),
        "the notification panel: {violations:#?}"
    );
    // Opening it marks it read and leads to the order.
    click(
        &staff,
        "[data-testid=notification-panel] [data-kind=returned_to_work] a",
    )
    .await;
    staff
        .wait_until(
            "the panel closed",
            "!document.querySelector('[data-testid=notification-panel]')",
        )
        .await;
    staff
        .wait_until(
            "read",
            "!document.querySelector('[data-testid=bell-count]')",
        )
        .await;

    // Staff marks it done again; anna confirms.
    click(&staff, "[data-action=mark_awaiting_confirmation]").await;
    status_is(&h, "awaiting_confirmation").await;
    click(&h, "[data-action=confirm_completion]").await;
    status_is(&h, "done").await;
    status_is(&staff, "done").await;
    assert!(h
        .text("[data-block=history]")
        .await
        .contains("Светлана Орлова"));

    // A prepaid booking: anna cancels, staff completes the refund, anna sees «Отменен».
    let booking = anna_order(&h, "booking", "in_progress", "").await;
    h.goto(&format!("/orders/{booking}")).await;
    status_is(&h, "in_progress").await;
    h.live().await;
    click(&h, "[aria-haspopup=menu]").await;
    click(&h, "[role=menuitem][data-action=cancel]").await;
    click(&h, "[data-testid=dialog-yes]").await;
    status_is(&h, "refund_pending").await;
    assert!(h
        .text(".chip")
        .await
        .contains("Отменен. Выполняется возврат"));

    staff.goto("/desk?status=refund_pending").await;
    staff.live().await;
    click(&staff, &format!("[data-order-id=\"{booking}\"] a")).await;
    status_is(&staff, "refund_pending").await;
    click(&staff, "[data-action=complete_refund]").await;
    status_is(&h, "cancelled").await;
    assert_eq!(h.text(".order-head .chip").await.trim(), "Отменен");

    // Phone width: the desk and the notification panel fit.
    staff.viewport(390).await;
    staff.goto("/desk").await;
    staff.find("[data-testid=desk-list] .order-row").await;
    staff
        .wait_until(
            "no sideways scroll",
            "document.documentElement.scrollWidth <= window.innerWidth",
        )
        .await;
    staff.screenshot("desk-390").await;
    h.viewport(390).await;
    click(&h, "[data-testid=bell]").await;
    h.find("[data-testid=notification-panel] [data-kind=status_changed]")
        .await;
    h.wait_until(
        "no sideways scroll",
        "document.documentElement.scrollWidth <= window.innerWidth",
    )
    .await;
    h.screenshot("notifications-390").await;
    // Esc closes the panel and gives focus back to the bell.
    h.js("document.querySelector('[data-testid=notification-panel]').dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));")
        .await;
    h.wait_until(
        "focus back on the bell",
        "!document.querySelector('[data-testid=notification-panel]') && document.activeElement?.dataset.testid === 'bell'",
    )
    .await;
    staff.close().await;
    h.close().await;
}

#[tokio::test]
async fn a_tenant_cannot_use_the_desk() {
    let h = Harness::start().await;
    h.login(ANNA).await;
    assert!(h
        .client
        .current_url()
        .await
        .unwrap()
        .path()
        .ends_with("/orders"));
    assert!(
        h.find_all("a[href='/desk']").await.is_empty(),
        "no desk link"
    );
    h.goto("/desk").await;
    h.find("h1").await;
    assert!(h.find_all("[data-testid=desk-list]").await.is_empty());
    let anna = api_login(&h.base, ANNA).await;
    let (status, _) = api(&h.base, &anna, "GET", "/api/desk/orders", None).await;
    assert_eq!(status, 403);
    h.close().await;
}

#[tokio::test]
async fn a_new_request_reaches_the_staff_desk_live() {
    let h = Harness::start().await;
    let staff = h.new_browser().await;
    staff.login(STAFF).await;
    staff.find("[data-testid=desk-list] .order-row").await;
    staff.live().await;
    let bell_before: u64 = staff
        .js("return Number(document.querySelector('[data-testid=bell-count]')?.textContent || 0);")
        .await
        .as_u64()
        .unwrap();

    h.login(ANNA).await;
    let anna = api_login(&h.base, ANNA).await;
    let (_, services) = api(&h.base, &anna, "GET", "/api/services", None).await;
    let request = services
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "request")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    h.goto(&format!("/services/{request}")).await;
    // Empty: said next to the field, nothing sent.
    click(&h, "[data-testid=order-form] button[type=submit]").await;
    let error = h.text("#of-comment-error").await;
    assert!(error.contains("Опишите"), "{error}");
    let text = "Протекает кран на кухне, 4 этаж <script>alert(1)</script>";
    h.find("#of-comment").await.send_keys(text).await.unwrap();
    click(&h, "[data-testid=order-form] button[type=submit]").await;
    status_is(&h, "new").await;
    assert!(
        h.text("[data-block=details]").await.contains(text),
        "shown as typed"
    );
    let id: i64 = h
        .client
        .current_url()
        .await
        .unwrap()
        .path()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    // Staff: offered, not pushed in; «Показать» brings it to the top.
    let banner = staff.find("[data-testid=desk-fresh]").await;
    assert!(banner.text().await.unwrap().contains("новые заказы"));
    bell_shows(&staff, bell_before as u32 + 1).await;
    click(&staff, "[data-testid=desk-fresh] button").await;
    staff
        .wait_until(
            "the new order first",
            &format!("document.querySelector('[data-testid=desk-list] .order-row')?.dataset.orderId === '{id}'"),
        )
        .await;
    click(&staff, "[data-testid=bell]").await;
    let note = staff
        .text("[data-testid=notification-panel] [data-kind=new_order]")
        .await;
    assert!(
        note.contains("Новый заказ") && note.contains("Анна Иванова"),
        "{note}"
    );
    staff.close().await;
    h.close().await;
}
