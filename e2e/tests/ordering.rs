//! End to end: ordering and paying (issue 11) in the real app on the real server,
//! paying on the built-in test provider's own page. Anna orders coffee with
//! delivery and pays the prepayment, then the remainder from «Оплатить»; she
//! repeats a coffee order and finds the form filled; anna and boris race for one
//! meeting-room hour. Every kind's form, the payment page and the order before and
//! after paying are photographed at 1280 and 390 px.

use kabinet_e2e::{accessible, api, api_login, both_widths, Browser, Harness};
use serde_json::Value;

const ANNA: &str = "anna@alfa.example";
const BORIS: &str = "boris@alfa.example";

/// The id of the service called `name`.
async fn service(h: &Harness, token: &str, name: &str) -> i64 {
    let (_, list) = api(&h.base, token, "GET", "/api/services", None).await;
    list.as_array()
        .expect("services")
        .iter()
        .find(|s| s["name"] == name)
        .and_then(|s| s["id"].as_i64())
        .unwrap_or_else(|| panic!("a service «{name}»"))
}

/// Only the digits of a text: «1 250,00 ₽» in any spacing is "125000".
fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

async fn path(b: &Browser) -> String {
    b.js("return location.pathname;")
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Types `value` into the input as a person would (the app listens to `input`).
async fn type_into(b: &Browser, css: &str, value: &str) {
    b.find(css).await;
    b.js(&format!(
        "const e = document.querySelector({css:?});
         const set = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(e), 'value').set;
         set.call(e, {value:?});
         e.dispatchEvent(new Event('input', {{bubbles: true}}));
         e.dispatchEvent(new Event('change', {{bubbles: true}}));"
    ))
    .await;
}

/// Clicks the element (scrolled into view first).
async fn click(b: &Browser, css: &str) {
    b.find(css).await;
    b.js(&format!(
        "const e = document.querySelector({css:?}); e.scrollIntoView({{block: 'center'}}); e.click();"
    ))
    .await;
}

/// On the test provider's page: its amount matches `amount` (kopecks); presses
/// «Оплатить» and waits to be back on order `id`.
async fn pay_on_provider_page(b: &Browser, id: i64, amount: i64, shot: Option<&str>) {
    b.wait_until(
        "the test provider's page",
        "location.pathname.startsWith('/testpay/') && !!document.querySelector('button.pay')",
    )
    .await;
    let shown = b.text("p.amount").await;
    assert_eq!(
        digits(&shown),
        amount.to_string(),
        "the provider asks for {shown}"
    );
    let text = b.text("body").await;
    assert!(
        text.contains("Отклонить") && text.contains("Отмена"),
        "{text}"
    );
    if let Some(name) = shot {
        both_widths(b, name, "button.pay", &[]).await;
    }
    click(b, "button.pay").await;
    b.wait_until(
        "back on the order",
        &format!(
            "location.pathname == '/orders/{id}' && !!document.querySelector('article.order')"
        ),
    )
    .await;
}

/// The order as anna's API sees it.
async fn order(h: &Harness, token: &str, id: i64) -> Value {
    api(&h.base, token, "GET", &format!("/api/orders/{id}"), None)
        .await
        .1
}

#[tokio::test]
async fn anna_orders_coffee_with_delivery_pays_the_prepayment_then_the_rest() {
    let h = Harness::start().await;
    h.login(ANNA).await;
    let anna = api_login(&h.base, ANNA).await;
    let coffee = service(&h, &anna, "Кофе в офис").await;
    h.goto(&format!("/services/{coffee}")).await;
    h.find("[data-testid=order-form][data-kind=goods]").await;
    accessible(&h, "the goods form").await;

    // Two of the first item, one of the second; the company's first saved place.
    let first = h.find(".goods__item:nth-child(1)").await;
    let first_id = first
        .attr("data-offer")
        .await
        .expect("attr")
        .expect("an offer id");
    let plus = ".goods__item:nth-child(1) .stepper__button:last-child";
    click(&h, plus).await;
    h.wait_until(
        "one",
        &format!("document.querySelector('#of-item-{first_id}').value == '1'"),
    )
    .await;
    click(&h, plus).await;
    h.wait_until(
        "two",
        &format!("document.querySelector('#of-item-{first_id}').value == '2'"),
    )
    .await;
    click(&h, ".goods__item:nth-child(2) .stepper__button:last-child").await;
    click(&h, "#of-place_id input[type=radio]").await;
    h.wait_until(
        "a place chosen",
        "document.querySelector('#of-place_id input[type=radio]').checked",
    )
    .await;

    // The price as the server will charge it: the shared quote of the catalogue.
    let (_, form) = api(
        &h.base,
        &anna,
        "GET",
        &format!("/api/services/{coffee}/form"),
        None,
    )
    .await;
    let offers = form["offers"].as_array().expect("offers");
    let price = |i: usize| offers[i]["price"]["amount"].as_i64().expect("a price");
    let total = 2 * price(0) + price(1);
    let due = (total * 50 + 99) / 100;
    h.wait_until(
        "the total",
        &format!("(document.querySelector('[data-testid=price-total]')?.textContent || '').replace(/\\D/g, '') == '{total}'"),
    )
    .await;
    assert_eq!(
        digits(&h.text("[data-testid=due-now]").await),
        due.to_string()
    );
    assert!(h
        .text("[data-testid=place-order]")
        .await
        .contains("оплатить"));
    both_widths(&h, "form-goods", "[data-testid=order-form]", &[]).await;

    click(&h, "[data-testid=place-order]").await;
    h.wait_until("the provider", "location.pathname.startsWith('/testpay/')")
        .await;
    // The order exists, new, nothing paid yet.
    let (_, list) = api(
        &h.base,
        &anna,
        "GET",
        "/api/orders?kind=goods&limit=1",
        None,
    )
    .await;
    let id = list["items"][0]["id"].as_i64().expect("the new order");
    let placed = order(&h, &anna, id).await;
    assert_eq!(placed["status"], "new");
    assert_eq!(placed["payment"]["total"]["amount"], total);
    assert_eq!(placed["payment"]["paid"]["amount"], 0);
    assert_eq!(placed["delivery_place"]["room"], "Офис 412", "{placed}");
    pay_on_provider_page(&h, id, due, Some("testpay-prepayment")).await;

    // Back on the order: the prepayment is in, the rest is left, «Оплатить» stands
    // next to the status.
    h.wait_until(
        "the prepayment shown",
        &format!("(document.querySelector('[data-testid=remainder]')?.textContent || '').replace(/\\D/g, '') == '{}'", total - due),
    )
    .await;
    h.find("[data-action=pay]").await;
    both_widths(&h, "order-goods-prepaid", "[data-action=pay]", &[]).await;

    click(&h, "[data-action=pay]").await;
    pay_on_provider_page(&h, id, total - due, None).await;
    h.wait_until(
        "paid in full",
        "!document.querySelector('[data-action=pay]') && (document.querySelector('[data-testid=remainder]')?.textContent || '').replace(/\\D/g, '').replace(/^0+/, '') == ''",
    )
    .await;
    both_widths(&h, "order-goods-paid", "article.order", &[]).await;
    let paid = order(&h, &anna, id).await;
    assert_eq!(paid["payment"]["paid"]["amount"], total);
    assert_eq!(paid["payment"]["method"], "card");
    let receipts = paid["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter(|e| e["action"] == "payment_received")
        .count();
    assert_eq!(receipts, 2, "{paid}");
    h.close().await;
}

#[tokio::test]
async fn anna_repeats_a_coffee_order_and_finds_the_form_filled() {
    let h = Harness::start().await;
    h.login(ANNA).await;
    let anna = api_login(&h.base, ANNA).await;
    let (_, list) = api(
        &h.base,
        &anna,
        "GET",
        "/api/orders?kind=goods&status=done&limit=20",
        None,
    )
    .await;
    let old = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|o| o["service_name"] == "Кофе в офис")
        .and_then(|o| o["id"].as_i64())
        .expect("a finished coffee order");
    let was = order(&h, &anna, old).await;
    h.goto(&format!("/orders/{old}")).await;
    click(&h, "[data-action=repeat]").await;
    h.wait_until(
        "the filled form",
        "location.pathname.startsWith('/services/') && !!document.querySelector('[data-testid=repeat-of]')",
    )
    .await;
    let note = h.text("[data-testid=repeat-of]").await;
    assert!(
        note.contains(was["number"].as_str().expect("number")),
        "{note}"
    );
    // The water is no longer sold: named, and left out.
    assert!(note.contains("Вода без газа 0,5 л"), "{note}");
    let quantities = h
        .js("return Object.fromEntries([...document.querySelectorAll('.goods__item')].map(li => [li.querySelector('.goods__name').textContent, Number(li.querySelector('input').value)]));")
        .await;
    for item in was["items"].as_array().expect("items") {
        let name = item["name"].as_str().expect("name");
        let expected = if name.starts_with("Вода") {
            Value::Null
        } else {
            item["quantity"].clone()
        };
        assert_eq!(quantities[name], expected, "{name}: {quantities}");
    }
    // The delivery place comes along: a saved place as it was chosen, or the
    // place as it was typed (the demo's carries a note of its own, so it is typed).
    let room = was["delivery_place"]["room"].as_str().expect("room");
    let place = h
        .js("const i = document.querySelector('#of-place_id input:checked'); const typed = document.querySelector('#of-new_place-room'); return (i ? i.parentElement.textContent : '') + '|' + (typed ? typed.value : '');")
        .await;
    let place = place.as_str().unwrap_or_default().to_string();
    assert!(place.contains(room), "{place}");
    let comment = h
        .js("return document.querySelector('#of-comment').value;")
        .await;
    assert_eq!(comment, was["comment"]);
    both_widths(&h, "form-goods-repeat", "[data-testid=repeat-of]", &[]).await;
    h.close().await;
}

/// The Java room's form for tomorrow, with 10:00 chosen.
async fn java_at_ten(b: &Browser, java: i64, day: &str) {
    b.goto(&format!("/services/{java}")).await;
    b.find("[data-testid=order-form][data-kind=booking]").await;
    type_into(b, "#of-date", day).await;
    b.wait_until(
        "the hours of the day",
        "[...document.querySelectorAll('.slot')].some(s => s.textContent.startsWith('10:00') && !s.disabled)",
    )
    .await;
    b.js("[...document.querySelectorAll('.slot')].find(s => s.textContent.startsWith('10:00')).click();")
        .await;
    b.wait_until(
        "10:00 chosen",
        "[...document.querySelectorAll('.slot')].some(s => s.textContent.startsWith('10:00') && s.getAttribute('aria-pressed') == 'true')",
    )
    .await;
}

#[tokio::test]
async fn two_browsers_race_for_one_meeting_room_hour() {
    let h = Harness::start().await;
    let boris = h.new_browser().await;
    h.login(ANNA).await;
    boris.login(BORIS).await;
    let anna = api_login(&h.base, ANNA).await;
    let java = service(&h, &anna, "Переговорная Java").await;
    let (_, form) = api(
        &h.base,
        &anna,
        "GET",
        &format!("/api/services/{java}/form"),
        None,
    )
    .await;
    let today = kabinet_core::day_number(form["today"].as_str().expect("today")).expect("a day");
    let tomorrow = kabinet_core::date_of_day(today + 1);
    java_at_ten(&h, java, &tomorrow).await;
    java_at_ten(&boris, java, &tomorrow).await;
    both_widths(&h, "form-booking", ".slot[aria-pressed=true]", &[]).await;

    // Both press «Заказать» at once.
    let press = "document.querySelector('[data-testid=place-order]').click();";
    tokio::join!(h.js(press), boris.js(press));
    let settled = "location.pathname.startsWith('/testpay/') || location.pathname.startsWith('/orders/') || !!document.querySelector('.field__error, [role=alert]')";
    h.wait_until("anna's answer", settled).await;
    boris.wait_until("boris's answer", settled).await;
    let (a, b) = (path(&h).await, path(&boris).await);
    let (winner, loser) = match (a.starts_with("/services/"), b.starts_with("/services/")) {
        (false, true) => (&*h, &boris),
        (true, false) => (&boris, &*h),
        _ => panic!("exactly one gets the hour: anna at {a}, boris at {b}"),
    };
    assert!(
        path(winner).await.starts_with("/testpay/"),
        "the winner pays"
    );
    // The other is told, next to the hours, and sees 10:00 taken.
    loser
        .wait_until(
            "10:00 shown taken",
            "[...document.querySelectorAll('.slot')].some(s => s.textContent.startsWith('10:00') && s.disabled)",
        )
        .await;
    let said = loser.text("#of-time").await;
    assert!(said.contains("заняли"), "{said}");
    both_widths(loser, "form-booking-taken", "#of-time", &[]).await;
    boris.close().await;
    h.close().await;
}

#[tokio::test]
async fn every_kind_has_its_form() {
    let h = Harness::start().await;
    h.login(ANNA).await;
    let anna = api_login(&h.base, ANNA).await;
    for (name, kind, shot) in [
        ("Запросить пропуск для гостя", "service", "form-service"),
        ("Обращение в службу эксплуатации", "request", "form-request"),
        (
            "Коворкинг «Точка роста» — гостевой день",
            "coworking",
            "form-coworking",
        ),
        ("Апарт-отель «Технопарк»", "hotel", "form-hotel"),
        ("Митап «Rust в продакшене»", "event", "form-event"),
    ] {
        let id = service(&h, &anna, name).await;
        h.goto(&format!("/services/{id}")).await;
        h.find(&format!("[data-testid=order-form][data-kind={kind}]"))
            .await;
        accessible(&h, &format!("the {kind} form")).await;
        both_widths(&h, shot, "[data-testid=order-form]", &[]).await;
    }
    // A refusal is shown next to its field and what was typed stays: the guest
    // pass sent without the guest's name.
    let pass = service(&h, &anna, "Запросить пропуск для гостя").await;
    h.goto(&format!("/services/{pass}")).await;
    h.find("[data-testid=order-form]").await;
    type_into(&h, "#of-comment", "Гость с ноутбуком").await;
    click(&h, "[data-testid=place-order]").await;
    let error = h.find("[id$=-error]").await;
    let text = error.text().await.expect("text");
    assert!(!text.is_empty());
    assert_eq!(
        h.js("return document.querySelector('#of-comment').value;")
            .await,
        "Гость с ноутбуком"
    );
    assert!(
        path(&h).await.starts_with("/services/"),
        "still on the form"
    );
    h.close().await;
}
