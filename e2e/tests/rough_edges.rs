//! End to end: the rough edges a new user hit (issue 8), each at 1280 and 390 px:
//! signing in from a link, page titles, the 404 and service pages, the list's
//! dates, waiting orders and its scroll on return, the ⋮ menu inside the screen,
//! no button that does nothing, units and errors following the language, the
//! chat (newest line in view, drafts, the tab in the address, the length limit, a
//! refused file, recovering after «Нет связи»), notifications per chat, and the
//! event manager's tickets.

use std::time::{Duration, Instant};

use kabinet_e2e::{api, api_login, stored_copies, Browser, Harness, WAIT};
use serde_json::{json, Value};

const ANNA: &str = "anna@alfa.example";
const STAFF: &str = "staff@kabinet.example";

async fn click(b: &Browser, css: &str) {
    b.find(css).await.click().await.unwrap();
}

/// Anna's first order of this kind in this status, asked of the API.
async fn anna_order(h: &Harness, kind: &str, status: &str) -> i64 {
    let anna = api_login(&h.base, ANNA).await;
    let (_, page) = api(
        &h.base,
        &anna,
        "GET",
        &format!("/api/orders?kind={kind}&status={status}&limit=1"),
        None,
    )
    .await;
    page["items"][0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("anna has a {kind} order in {status}: {page}"))
}

async fn title(b: &Browser) -> String {
    b.js("return document.title;")
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Whether the element lies inside the viewport, horizontally.
async fn inside_viewport(b: &Browser, css: &str) -> (bool, Value) {
    let v = b
        .js(&format!(
            "const r = document.querySelector({css:?}).getBoundingClientRect();
             return [r.left, r.right, document.documentElement.clientWidth];"
        ))
        .await;
    let (l, r, w) = (
        v[0].as_f64().unwrap(),
        v[1].as_f64().unwrap(),
        v[2].as_f64().unwrap(),
    );
    (l >= 0.0 && r <= w, v)
}

#[tokio::test]
async fn links_titles_and_the_pages_around_the_orders() {
    let h = Harness::start().await;
    let id = anna_order(&h, "service", "in_progress").await;

    // Signed out, a link to an order asks to sign in, then goes to the order.
    h.goto(&format!("/orders/{id}")).await;
    h.find("#email").await;
    assert!(
        h.here().await.starts_with("/login?next="),
        "{}",
        h.here().await
    );
    h.sign_in_here(ANNA).await;
    h.wait_until(
        "back at the link",
        &format!("location.pathname === '/orders/{id}'"),
    )
    .await;
    h.find("article.order").await;
    let t = title(&h).await;
    assert!(t.starts_with("Заказ №") && t.ends_with("— Кабинет"), "{t}");

    h.goto("/orders").await;
    h.find("[data-testid=order-list]").await;
    assert_eq!(title(&h).await, "Мои заказы — Кабинет");

    // An unknown address: the app's header stays, with the way back.
    for width in [1280, 390] {
        h.viewport(width).await;
        h.goto("/no-such-page").await;
        h.find("[data-testid=not-found]").await;
        assert!(!h.find_all(".app-header").await.is_empty(), "the header");
        assert_eq!(title(&h).await, "Страница не найдена — Кабинет");
        h.screenshot(&format!("not-found-{width}")).await;
        let v = h.axe_violations().await;
        assert!(v.is_empty(), "the 404 page: {v:#?}");

        // An unknown service says so, with a way back.
        h.goto("/services/999999").await;
        let alert = h.text("[role=alert]").await;
        assert!(alert.contains("Услуга не найдена"), "{alert}");
        h.find("[data-testid=back]").await;
        h.screenshot(&format!("service-missing-{width}")).await;
    }
    h.viewport(1280).await;

    // A service opened from an order's tiles leads back to that order.
    let goods = anna_order(&h, "goods", "new").await;
    h.goto(&format!("/orders/{goods}")).await;
    click(&h, "[data-block=additional] .tile a").await;
    h.find("article.service").await;
    assert!(!title(&h).await.is_empty());
    click(&h, "[data-testid=back]").await;
    h.wait_until(
        "back at the order",
        &format!("location.pathname === '/orders/{goods}'"),
    )
    .await;

    // The session ends on the server (signed out elsewhere): the next request
    // answers 401, the app says so on the login page, and signing in again
    // comes back here.
    h.find("article.order").await;
    let token = h
        .js("return JSON.parse(localStorage.getItem('kabinet.token'));")
        .await;
    let (status, _) = api(
        &h.base,
        token.as_str().unwrap(),
        "POST",
        "/api/auth/logout",
        None,
    )
    .await;
    assert!(status < 300, "logout: {status}");
    click(&h, ".crumbs a").await;
    let note = h.text(".login [role=status]").await;
    assert!(note.contains("Сессия истекла"), "{note}");
    assert!(
        h.here().await.starts_with("/login?next="),
        "{}",
        h.here().await
    );
    h.sign_in_here(ANNA).await;
    h.wait_until("back at the list", "location.pathname === '/orders'")
        .await;
    h.find("[data-testid=order-list]").await;
    h.close().await;
}

#[tokio::test]
async fn the_list_says_what_its_dates_are_finds_waiting_orders_and_keeps_its_place() {
    let h = Harness::start().await;
    h.login(ANNA).await;
    let meta = h.text("[data-testid=order-list] .order-row__date").await;
    assert!(
        meta.starts_with("Создан") || meta.starts_with("Дата оказания"),
        "{meta}"
    );

    // «Ждут подтверждения» finds the orders waiting for the user; they stand out.
    for width in [1280, 390] {
        h.viewport(width).await;
        h.goto("/orders").await;
        h.find("[data-testid=order-list]").await;
        click(&h, ".seg__item[data-status=awaiting_confirmation]").await;
        h.wait_until(
            "only waiting orders",
            "location.search.includes('status=awaiting_confirmation') && \
             document.querySelectorAll('[data-testid=order-list] > li').length > 0 && \
             [...document.querySelectorAll('[data-testid=order-list] > li')].every(li => \
                li.dataset.status === 'awaiting_confirmation' && li.classList.contains('order-row--waiting'))",
        )
        .await;
        assert!(h
            .text("[data-testid=order-list]")
            .await
            .contains("Ждет вашего подтверждения"));
        h.screenshot(&format!("list-waiting-{width}")).await;
        let v = h.axe_violations().await;
        assert!(v.is_empty(), "the waiting orders: {v:#?}");
    }

    // Going back to the list restores where the user was.
    h.viewport(390).await;
    h.goto("/orders").await;
    h.find("[data-testid=order-list]").await;
    h.js("window.scrollTo(0, 1500);").await;
    h.wait_until("scrolled", "window.scrollY > 1400").await;
    let y = h.js("return window.scrollY;").await.as_f64().unwrap();
    h.js("document.elementFromPoint(195, 420).closest('a').click();")
        .await;
    h.find("article.order").await;
    h.client.back().await.unwrap();
    h.find("[data-testid=order-list]").await;
    h.wait_until(
        "the list where it was",
        &format!("Math.abs(window.scrollY - {y}) < 60"),
    )
    .await;
    h.close().await;
}

#[tokio::test]
async fn the_order_view_menu_units_and_the_language_switch() {
    let h = Harness::start().await;
    h.login(ANNA).await;
    let request = anna_order(&h, "request", "in_progress").await;
    // The ⋮ menu stays inside the screen and the card, aligned to its button.
    for width in [1280, 390] {
        h.viewport(width).await;
        h.goto(&format!("/orders/{request}")).await;
        click(&h, "[aria-haspopup=menu]").await;
        h.find("[role=menu]").await;
        let (inside, v) = inside_viewport(&h, "[role=menu]").await;
        assert!(inside, "the menu at {width}px: {v}");
        let fit = h
            .js(
                "const m = document.querySelector('[role=menu]').getBoundingClientRect();
                 const c = document.querySelector('.order-head').getBoundingClientRect();
                 const b = document.querySelector('[aria-haspopup=menu]').getBoundingClientRect();
                 return m.left >= c.left && m.right <= c.right && Math.abs(m.right - b.right) < 1;",
            )
            .await;
        assert_eq!(
            fit,
            Value::Bool(true),
            "the menu within the card at {width}px"
        );
        h.screenshot(&format!("order-menu-{width}")).await;
    }
    h.viewport(1280).await;

    // No button that does nothing, and nothing the rules allow left out: on every
    // kind of order the buttons are exactly the actions the API offers now.
    let anna = api_login(&h.base, ANNA).await;
    for (kind, status) in [
        ("booking", "in_progress"),
        ("booking", "done"),
        ("goods", "new"),
        ("goods", "done"),
        ("coworking", "new"),
        ("coworking", "cancelled"),
        ("hotel", "in_progress"),
        ("event", "new"),
        ("event", "done"),
    ] {
        let id = anna_order(&h, kind, status).await;
        let (_, view) = api(&h.base, &anna, "GET", &format!("/api/orders/{id}"), None).await;
        let mut offered: Vec<String> = view["actions"]
            .as_array()
            .expect("actions")
            .iter()
            .map(|a| a.as_str().expect("a name").to_string())
            .collect();
        h.goto(&format!("/orders/{id}")).await;
        h.find("article.order").await;
        // The ⋮ menu's entries are there once it opens.
        if let Some(menu) = h.find_all("article.order [aria-haspopup=menu]").await.pop() {
            menu.click().await.expect("open the menu");
            h.find("#order-menu").await;
        }
        // (The ticket block's «Код для входа» is the holder's, not an order action.)
        let shown = h
            .js("return [...new Set([...document.querySelectorAll('article.order [data-action]')].map(e => e.dataset.action))].filter(a => a != 'entry_code');")
            .await;
        let mut shown: Vec<String> = shown
            .as_array()
            .expect("names")
            .iter()
            .map(|a| a.as_str().expect("a name").to_string())
            .collect();
        offered.sort();
        shown.sort();
        assert_eq!(shown, offered, "the buttons of a {status} {kind} order");
        let text = h.text("main").await;
        for (action, label) in [("pay", "Оплатить"), ("repeat", "Повторить заказ")]
        {
            assert_eq!(
                text.contains(label),
                offered.iter().any(|a| a == action),
                "«{label}» on a {status} {kind} order"
            );
        }
    }

    // Awaiting confirmation says when it confirms itself.
    let waiting = anna_order(&h, "service", "awaiting_confirmation").await;
    h.goto(&format!("/orders/{waiting}")).await;
    let auto = h.text("[data-testid=auto-confirm]").await;
    assert!(auto.starts_with("Подтвердится автоматически"), "{auto}");

    // A cancelled order never shows what is left to pay.
    let cancelled = anna_order(&h, "booking", "cancelled").await;
    h.goto(&format!("/orders/{cancelled}")).await;
    h.find("article.order").await;
    assert!(!h.text("main").await.contains("Осталось оплатить"));

    // Units follow the language switch.
    let goods = anna_order(&h, "goods", "new").await;
    h.goto(&format!("/orders/{goods}")).await;
    let items = h.text("[data-block=order]").await;
    assert!(items.contains("шт.") || items.contains("порц."), "{items}");
    click(&h, ".app-header__tools button[lang=en]").await;
    h.wait_until(
        "units in English",
        "/pcs|portions/.test(document.querySelector('[data-block=order]').textContent)",
    )
    .await;

    // So does the login error, already on screen.
    click(&h, "[data-testid=sign-out]").await;
    h.find("#email").await.send_keys(ANNA).await.unwrap();
    h.find("#password").await.send_keys("wrong").await.unwrap();
    click(&h, "button[type=submit]").await;
    assert_eq!(h.text("#password-error").await, "Wrong e-mail or password");
    click(&h, ".app-header__tools button[lang=ru]").await;
    h.wait_until(
        "the error in Russian",
        "document.querySelector('#password-error').textContent === 'Неверная эл. почта или пароль'",
    )
    .await;
    h.close().await;
}

/// Staff write in an order's chat through the API.
async fn staff_says(h: &Harness, order: i64, body: &str) {
    let staff = api_login(&h.base, STAFF).await;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let id = format!("e2e-{nanos}");
    let (status, v) = api(
        &h.base,
        &staff,
        "POST",
        &format!("/api/orders/{order}/messages"),
        Some(json!({"id": id, "body": body})),
    )
    .await;
    assert!(status == 200 || status == 201, "{status}: {v}");
}

async fn at_newest(b: &Browser, when: &str) {
    b.wait_until(
        &format!("the newest line in view {when}"),
        "(() => { const l = document.querySelector('.chat__lines'); \
           return l && l.scrollHeight - l.scrollTop - l.clientHeight < 40; })()",
    )
    .await;
}

#[tokio::test]
async fn the_chat_keeps_the_newest_line_drafts_the_tab_and_refuses_what_it_cannot_send() {
    let h = Harness::start().await;
    let id = anna_order(&h, "request", "in_progress").await;
    // A long message last: the chat still opens at the bottom.
    staff_says(&h, id, &"Подробный ответ инженера по заявке. ".repeat(80)).await;
    h.login(ANNA).await;
    for width in [1280, 390] {
        h.viewport(width).await;
        h.goto(&format!("/orders/{id}?tab=chat")).await;
        h.find("[data-testid=chat] .chat-line").await;
        at_newest(&h, "#1").await;
        h.find("[data-testid=chat-unfold]").await;
        h.find("[data-testid=chat-day]").await;
        h.screenshot(&format!("chat-open-long-{width}")).await;
    }

    // The phone's tab is part of the address: a reload keeps the chat open.
    h.viewport(390).await;
    h.goto(&format!("/orders/{id}")).await;
    click(&h, "[role=tab]:nth-child(2)").await;
    h.wait_until("tab=chat", "location.search.includes('tab=chat')")
        .await;
    h.client.refresh().await.unwrap();
    h.find("[data-testid=chat] .composer").await;
    // The composer takes the column's width.
    let widths = h
        .js(
            "return [document.querySelector('.composer').getBoundingClientRect().width, \
                     document.querySelector('.chat').getBoundingClientRect().width];",
        )
        .await;
    assert!(
        widths[1].as_f64().unwrap() - widths[0].as_f64().unwrap() < 4.0,
        "{widths}"
    );

    // A draft survives leaving the order and coming back.
    h.find("#chat-input")
        .await
        .send_keys("Черновик вопроса")
        .await
        .unwrap();
    h.goto("/orders").await;
    h.find("[data-testid=order-list]").await;
    h.goto(&format!("/orders/{id}?tab=chat")).await;
    h.wait_until(
        "the draft back",
        "document.querySelector('#chat-input')?.value === 'Черновик вопроса'",
    )
    .await;

    // Near the limit a counter; past it a refusal with the reason, nothing cut.
    h.js("const t = document.querySelector('#chat-input'); \
          const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set; \
          set.call(t, 'я'.repeat(5001)); t.dispatchEvent(new Event('input', {bubbles: true}));")
        .await;
    let count = h.text("[data-testid=chat-count]").await;
    assert!(count.contains("5001") && count.contains("5000"), "{count}");
    click(&h, "[data-testid=chat-send]").await;
    h.find("[data-testid=chat-too-long]").await;
    assert!(
        h.find_all(".chat-line--pending").await.is_empty(),
        "not sent"
    );
    let kept = h
        .js("return document.querySelector('#chat-input').value.length;")
        .await;
    assert_eq!(kept, json!(5001), "nothing cut");
    h.screenshot("chat-too-long-390").await;
    h.js("const t = document.querySelector('#chat-input'); \
          const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set; \
          set.call(t, ''); t.dispatchEvent(new Event('input', {bubbles: true}));")
        .await;

    // A file the server refuses is named; the message waits until it is removed.
    let exe = tempfile::Builder::new().suffix(".exe").tempfile().unwrap();
    let mut bytes = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".to_vec();
    bytes.extend(std::iter::repeat_n(0xC3u8, 512));
    std::fs::write(exe.path(), bytes).unwrap();
    let name = exe
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_string();
    h.find("#chat-input")
        .await
        .send_keys("Установщик во вложении")
        .await
        .unwrap();
    h.find("[data-testid=chat-file]")
        .await
        .send_keys(&exe.path().display().to_string())
        .await
        .unwrap();
    h.wait_until(
        "attached",
        "document.querySelectorAll('.file-chip').length === 1",
    )
    .await;
    click(&h, "[data-testid=chat-send]").await;
    let refused = h.text("[data-testid=file-refused]").await;
    assert!(
        refused.contains(&name) && refused.contains("не принимается"),
        "{refused}"
    );
    h.screenshot("chat-refused-390").await;
    let v = h.axe_violations().await;
    assert!(v.is_empty(), "a refused file: {v:#?}");
    assert_eq!(
        stored_copies(&h.base, ANNA, id, "Установщик во вложении").await,
        0,
        "held back while the file is in it"
    );
    click(&h, "[data-testid=remove-refused]").await;
    h.wait_until(
        "sent without the file",
        "!document.querySelector('.chat-line--pending') && \
         [...document.querySelectorAll('.chat-line')].some(l => l.textContent.includes('Установщик во вложении'))",
    )
    .await;
    at_newest(&h, "#2").await;

    // Scrolled up, a new line is offered, not scrolled to.
    h.live().await;
    for n in 1..=12 {
        staff_says(&h, id, &format!("Строка переписки {n}")).await;
    }
    h.wait_until(
        "a chat taller than its box",
        "[...document.querySelectorAll('.chat-line')].some(l => l.textContent.includes('Строка переписки 12')) && \
         (() => { const l = document.querySelector('.chat__lines'); return l.scrollHeight > l.clientHeight + 200; })()",
    )
    .await;
    at_newest(&h, "#3").await;
    h.js("document.querySelector('.chat__lines').scrollTop = 0;")
        .await;
    h.wait_until(
        "scrolled up",
        "document.querySelector('.chat__lines').scrollTop === 0",
    )
    .await;
    staff_says(&h, id, "Посмотрите, пожалуйста, ещё раз").await;
    click(&h, "[data-testid=chat-below]").await;
    at_newest(&h, "#4").await;
    h.wait_until(
        "the offer gone",
        "!document.querySelector('[data-testid=chat-below]')",
    )
    .await;
    h.close().await;
}

#[tokio::test]
async fn a_message_written_offline_is_kept_and_goes_when_the_server_is_back() {
    let h = Harness::start().await;
    let id = anna_order(&h, "service", "in_progress").await;
    h.login(ANNA).await;
    h.viewport(390).await;
    h.goto(&format!("/orders/{id}")).await;
    h.find("article.order").await;
    // The chat tab opens while the server is down: «Нет связи».
    h.stop_server();
    click(&h, "[role=tab]:nth-child(2)").await;
    h.find("[data-testid=chat-offline]").await;
    h.find("#chat-input")
        .await
        .send_keys("Написано без связи\u{E007}")
        .await
        .unwrap();
    h.find(".chat-line--failed").await;
    assert!(h.text(".chat-line--failed").await.contains("Не отправлено"));
    h.screenshot("chat-offline-390").await;
    // Back up: the chat recovers by itself and the message goes, once.
    h.start_server_again();
    let deadline = Instant::now() + WAIT + Duration::from_secs(15);
    loop {
        let done = h
            .js("return !document.querySelector('[data-testid=chat-offline]') && \
                 !document.querySelector('.chat-line--pending') && \
                 [...document.querySelectorAll('.chat-line')].some(l => l.textContent.includes('Написано без связи'));")
            .await;
        if done == Value::Bool(true) {
            break;
        }
        assert!(Instant::now() < deadline, "the chat did not recover");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        stored_copies(&h.base, ANNA, id, "Написано без связи").await,
        1
    );
    h.close().await;
}

#[tokio::test]
async fn chat_notifications_collapse_and_opening_the_order_reads_them() {
    let h = Harness::start().await;
    let id = anna_order(&h, "request", "new").await;
    h.login(ANNA).await;
    h.live().await;
    for text in ["Первое", "Второе", "Третье сообщение"] {
        staff_says(&h, id, text).await;
    }
    for width in [1280, 390] {
        h.viewport(width).await;
        click(&h, "[data-testid=bell]").await;
        // One notification for the chat, counting its messages, with the newest.
        h.wait_until(
            "one notification for the chat",
            "(() => { const n = [...document.querySelectorAll('[data-testid=notification-panel] [data-kind=new_message]')] \
               .filter(li => li.textContent.includes('Третье сообщение')); \
               return n.length === 1 && n[0].textContent.includes('3 новых сообщения'); })()",
        )
        .await;
        h.screenshot(&format!("notifications-chat-{width}")).await;
        click(
            &h,
            "[data-testid=notification-panel] .bell__head button[aria-label]",
        )
        .await;
    }
    h.viewport(1280).await;

    // A notification about a status the order has since left says so.
    let anna = api_login(&h.base, ANNA).await;
    let (_, notes) = api(&h.base, &anna, "GET", "/api/notifications", None).await;
    let note = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "status_changed" && n["status"] == "awaiting_confirmation")
        .unwrap_or_else(|| panic!("a notification of work done: {notes}"))
        .clone();
    let order = note["order_id"].as_i64().unwrap();
    let (_, view) = api(&h.base, &anna, "GET", &format!("/api/orders/{order}"), None).await;
    let (status, v) = api(
        &h.base,
        &anna,
        "POST",
        &format!("/api/orders/{order}/actions"),
        Some(json!({"action": "confirm_completion", "version": view["version"]})),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    h.client.refresh().await.unwrap();
    click(&h, "[data-testid=bell]").await;
    let now = h
        .text(&format!(
            "[data-notification-id=\"{}\"] [data-testid=note-now]",
            note["id"]
        ))
        .await;
    assert_eq!(now, "Сейчас: Выполнен");
    click(
        &h,
        "[data-testid=notification-panel] .bell__head button[aria-label]",
    )
    .await;

    let before: u64 = h
        .js("return Number(document.querySelector('[data-testid=bell-count]')?.textContent || 0);")
        .await
        .as_u64()
        .unwrap();
    assert!(before > 0);
    // Opening the order (not the notification) reads its notifications.
    h.goto(&format!("/orders/{id}")).await;
    h.find("article.order").await;
    h.live().await;
    h.wait_until(
        "fewer unread",
        &format!(
            "Number(document.querySelector('[data-testid=bell-count]')?.textContent || 0) < {before}"
        ),
    )
    .await;
    h.close().await;
}

#[tokio::test]
async fn the_event_manager_sees_event_tickets_without_a_chat() {
    let h = Harness::start().await;
    h.login("events@kabinet.example").await;
    for width in [1280, 390] {
        h.viewport(width).await;
        h.goto("/desk").await;
        h.find("[data-testid=desk-list] .order-row").await;
        assert!(h.here().await.starts_with("/desk"));
        assert_eq!(h.text("main h1").await, "Билеты на мероприятия");
        h.wait_until(
            "only event tickets",
            "[...document.querySelectorAll('[data-testid=desk-list] .order-row')].every(r => r.dataset.kind === 'event')",
        )
        .await;
        h.screenshot(&format!("event-tickets-{width}")).await;
    }
    h.viewport(1280).await;
    click(&h, "[data-testid=desk-list] .order-row a").await;
    h.find("article.order").await;
    assert!(h.find_all("#chat-panel").await.is_empty(), "no chat panel");
    h.viewport(390).await;
    h.find("article.order").await;
    assert!(h.find_all("[role=tab]").await.is_empty(), "no «Чат» tab");
    h.screenshot("event-order-390").await;
    h.close().await;
}
