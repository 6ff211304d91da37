//! End to end: sharing a booking and passing a coworking ticket on, in the real
//! app. Anna makes a share link and boris joins through it (signing in on the
//! way) and finds «Доступ в помещение» in his calendar; anna picks vera through
//! the company filter «Бета» and vera is notified and finds the card; a new person
//! registers through anna's ticket link and finds the ticket in «Мои бронирования»
//! while anna's order shows its new visitor. Screenshots of every dialog and page
//! at 1280 and 390 px.

use kabinet_e2e::{accessible, api, api_login, both_widths, Browser, Harness};

const ANNA: &str = "anna@alfa.example";
const BORIS: &str = "boris@alfa.example";
const VERA: &str = "vera@beta.example";

async fn click(b: &Browser, css: &str) {
    b.find(css).await.click().await.unwrap();
}

/// Types into a picker and chooses the option that says `option`.
async fn pick(b: &Browser, field: &str, text: &str, option: &str) {
    let input = b.find(&format!("#{field}")).await;
    input.send_keys(text).await.unwrap();
    b.wait_until(
        &format!("«{option}» offered in {field}"),
        &format!(
            "[...document.querySelectorAll('#{field}-list [role=option]')].some(o => o.textContent.includes('{option}'))"
        ),
    )
    .await;
    b.js(&format!(
        "[...document.querySelectorAll('#{field}-list [role=option]')].find(o => o.textContent.includes('{option}')).click();"
    ))
    .await;
}

#[tokio::test]
async fn anna_shares_by_link_and_boris_joins_after_signing_in() {
    let h = Harness::start().await;
    h.login(ANNA).await;
    let id = h.open_first_order("booking", "new").await;
    let visitors = h.text("[data-block=visitors]").await;
    assert!(visitors.contains("Анна Иванова"), "{visitors}");

    click(&h, "[data-action=share]").await;
    both_widths(
        &h,
        "share-dialog",
        "[data-testid=share-dialog] [data-testid=link-create]",
        &["[data-action=share]"],
    )
    .await;
    accessible(&h, "the share dialog").await;
    click(&h, "[data-testid=link-create]").await;
    h.find("[data-testid=link-copy]").await;
    h.find("[data-testid=link-delete]").await;
    both_widths(
        &h,
        "share-dialog-link",
        "[data-testid=link-delete]",
        &["[data-action=share]"],
    )
    .await;

    // After a reload the owner copies the same link again.
    let anna = api_login(&h.base, ANNA).await;
    let (_, made) = api(
        &h.base,
        &anna,
        "GET",
        &format!("/api/orders/{id}/share-link"),
        None,
    )
    .await;
    let path = made["link"]["path"].as_str().expect("a link").to_string();
    h.goto(&format!("/orders/{id}")).await;
    click(&h, "[data-action=share]").await;
    h.find("[data-testid=link-copy]").await;
    let (_, again) = api(
        &h.base,
        &anna,
        "GET",
        &format!("/api/orders/{id}/share-link"),
        None,
    )
    .await;
    assert_eq!(again["link"]["path"], path.as_str());

    // Boris opens it signed out, signs in on the way, and confirms.
    let boris = h.new_browser().await;
    boris.goto(&path).await;
    let text = boris.text("article.invite").await;
    assert!(
        text.contains("Анна Иванова") && text.contains("Переговорная Java"),
        "{text}"
    );
    both_widths(
        &boris,
        "invite-signed-out",
        "article.invite a[href^='/login']",
        &[],
    )
    .await;
    accessible(&boris, "the invitation, signed out").await;
    click(&boris, "article.invite a[href^='/login']").await;
    boris.sign_in_here(BORIS).await;
    boris
        .wait_until(
            "back at the link",
            &format!("location.pathname === '{path}'"),
        )
        .await;
    both_widths(&boris, "invite-confirm", "[data-testid=invite-accept]", &[]).await;
    accessible(&boris, "the invitation, signed in").await;
    click(&boris, "[data-testid=invite-accept]").await;
    boris
        .wait_until("the calendar", "location.pathname === '/calendar'")
        .await;
    let card = boris.find(".cal-item[data-holding=shared]").await;
    let text = card.text().await.unwrap();
    assert!(text.contains("Доступ в помещение"), "{text}");
    assert!(text.contains("Переговорная Java"), "{text}");
    let links = boris
        .js("return document.querySelectorAll('.cal-item[data-holding=shared] a').length;")
        .await;
    assert_eq!(
        links,
        serde_json::json!(0),
        "the card does not open the order"
    );
    both_widths(&boris, "calendar", ".cal-item[data-holding=shared]", &[]).await;

    accessible(&boris, "the calendar").await;
    // Anna's visitors block lists boris at once.
    h.goto(&format!("/orders/{id}")).await;
    h.wait_until(
        "boris among the visitors",
        "document.querySelector('[data-block=visitors]')?.innerText.includes('Борис Петров')",
    )
    .await;
    // The link again: boris is told he has access already.
    boris.goto(&path).await;
    let note = boris.text("[data-testid=invite-standing]").await;
    assert!(!note.is_empty());
    // «Удалить»: the link is closed for everyone new, plainly so.
    click(&h, "[data-action=share]").await;
    click(&h, "[data-testid=link-delete]").await;
    both_widths(
        &h,
        "share-dialog-delete",
        "[data-testid=link-delete-yes]",
        &["[data-action=share]", "[data-testid=link-delete]"],
    )
    .await;
    click(&h, "[data-testid=link-delete-yes]").await;
    h.find("[data-testid=link-create]").await;
    let vera = h.new_browser().await;
    vera.goto(&path).await;
    let dead = vera.text("[data-testid=invite-dead]").await;
    assert!(dead.contains("удал"), "{dead}");
    both_widths(&vera, "invite-deleted", "[data-testid=invite-dead]", &[]).await;
    boris.close().await;
    vera.close().await;
    h.close().await;
}

#[tokio::test]
async fn anna_picks_vera_through_the_company_filter() {
    let h = Harness::start().await;
    h.login(ANNA).await;
    let id = h.open_first_order("booking", "new").await;
    // Vera has «Мои бронирования» open meanwhile (she has one shared booking).
    let vera = h.new_browser().await;
    vera.login(VERA).await;
    vera.goto("/bookings").await;
    vera.find(".cal-item[data-holding=shared]").await;
    vera.live().await;
    let shared_before = vera
        .js("return document.querySelectorAll('.cal-item[data-holding=shared]').length;")
        .await;
    // The dialog at phone width first, then (laid out anew) at 1280 for real.
    for width in [390, 1280] {
        h.viewport(width).await;
        click(&h, "[data-action=share]").await;
        pick(&h, "share-org", "Бе", "Бета").await;
        pick(&h, "share-user", "ве", "Вера Сидорова").await;
        h.wait_until(
            "vera picked",
            "document.querySelector('[data-testid=picker-share-user] .picks')?.innerText.includes('Вера Сидорова')",
        )
        .await;
        h.screenshot(&format!("share-dialog-picked-{width}")).await;
        if width == 390 {
            h.dismiss_dialog().await;
        }
    }
    click(&h, "[data-testid=share-save]").await;
    h.find("[data-testid=sharing-notice]").await;
    h.wait_until(
        "vera among the visitors",
        "document.querySelector('[data-block=visitors]')?.innerText.includes('Вера Сидорова')",
    )
    .await;

    // Removing asks first.
    click(&h, "[data-block=visitors] .people__remove").await;
    both_widths(
        &h,
        "visitor-remove-dialog",
        "[data-testid=remove-yes]",
        &["[data-block=visitors] .people__remove"],
    )
    .await;
    h.dismiss_dialog().await;

    // Vera's open page shows the new card without a reload; she is notified, and
    // the notification opens her calendar at the booking's week.
    vera.wait_until(
        "the shared booking in vera's open bookings",
        &format!(
            "document.querySelectorAll('.cal-item[data-holding=shared]').length > {shared_before}"
        ),
    )
    .await;
    click(&vera, "[data-testid=bell]").await;
    let note = vera.find("[data-kind=access_granted] a").await;
    let text = note.text().await.unwrap();
    assert!(text.contains("Переговорная Java"), "{text}");
    both_widths(
        &vera,
        "notification-access",
        "[data-kind=access_granted]",
        &["[data-testid=bell]"],
    )
    .await;
    click(&vera, "[data-kind=access_granted] a").await;
    vera.wait_until("the calendar", "location.pathname === '/calendar'")
        .await;
    let card = vera.find(".cal-item[data-holding=shared]").await;
    assert!(card.text().await.unwrap().contains("Доступ в помещение"));
    // The order itself stays closed to her.
    vera.goto(&format!("/orders/{id}")).await;
    vera.find(".error-box, [data-testid=not-found]").await;
    assert_eq!(
        vera.js("return document.querySelectorAll('article.order').length;")
            .await,
        serde_json::json!(0),
        "no order view for a visitor"
    );
    vera.close().await;
    h.close().await;
}

#[tokio::test]
async fn a_new_user_registers_through_a_ticket_link() {
    let h = Harness::start().await;
    h.login(ANNA).await;
    let id = h.open_first_order("coworking", "new").await;
    click(&h, "[data-action=transfer_ticket]").await;
    both_widths(
        &h,
        "transfer-dialog",
        "[data-testid=transfer-dialog] [data-testid=link-copy]",
        &["[data-action=transfer_ticket]"],
    )
    .await;
    click(&h, "[data-testid=link-copy]").await;
    h.find("[data-testid=link-copied], #link-by-hand").await;
    let anna = api_login(&h.base, ANNA).await;
    let (_, link) = api(
        &h.base,
        &anna,
        "GET",
        &format!("/api/orders/{id}/ticket/transfer-link"),
        None,
    )
    .await;
    let path = link["link"]["path"].as_str().expect("a link").to_string();
    h.dismiss_dialog().await;

    let gleb = h.new_browser().await;
    gleb.goto(&path).await;
    click(&gleb, "article.invite a[href^='/register']").await;
    both_widths(&gleb, "register", "#first_name", &[]).await;
    accessible(&gleb, "registration").await;
    for (field, value) in [
        ("#first_name", "Глеб"),
        ("#last_name", "Новиков"),
        ("#email", "gleb@example.ru"),
        ("#password", "short"),
    ] {
        gleb.find(field).await.send_keys(value).await.unwrap();
    }
    click(&gleb, "form button[type=submit]").await;
    // Too short a password is said next to it, and nothing typed is lost.
    let err = gleb.text("#password-error").await;
    assert!(err.contains('8'), "{err}");
    assert_eq!(
        gleb.js("return document.querySelector('#email').value;")
            .await,
        serde_json::json!("gleb@example.ru")
    );
    gleb.find("#password")
        .await
        .send_keys("-and-long")
        .await
        .unwrap();
    click(&gleb, "form button[type=submit]").await;
    gleb.wait_until(
        "back at the link",
        &format!("location.pathname === '{path}'"),
    )
    .await;
    both_widths(&gleb, "invite-ticket", "[data-testid=invite-accept]", &[]).await;
    click(&gleb, "[data-testid=invite-accept]").await;
    gleb.wait_until("the bookings", "location.pathname === '/bookings'")
        .await;
    gleb.find(".cal-item").await;
    accessible(&gleb, "«Мои бронирования»").await;
    let card = gleb.find(".cal-item[data-holding=received]").await;
    assert!(card.text().await.unwrap().contains("Коворкинг"));
    both_widths(&gleb, "bookings", ".cal-item[data-holding=received]", &[]).await;

    // Anna's open order shows the new visitor without a reload.
    h.wait_until(
        "the ticket's new visitor",
        "document.querySelector('[data-testid=ticket-visitor]')?.innerText.includes('Глеб Новиков')",
    )
    .await;
    assert!(h
        .text("[data-block=history]")
        .await
        .contains("Глеб Новиков"));
    gleb.close().await;
    h.close().await;
}
