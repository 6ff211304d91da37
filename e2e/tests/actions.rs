//! End to end: a tenant takes the order actions in the real app — return to work,
//! close, cancel with refund — sees why a service cannot be cancelled, and is told
//! when staff changed the order under her while her live stream was down.

use kabinet_e2e::{api, api_login, Harness};
use serde_json::json;

const ANNA: &str = "anna@alfa.example";

async fn status_is(h: &Harness, status: &str) {
    h.wait_until(
        &format!("status {status}"),
        &format!("document.querySelector('article.order')?.dataset.status === '{status}'"),
    )
    .await;
}

async fn menu_item(h: &Harness, action: &str) {
    h.find("[aria-haspopup=menu]").await.click().await.unwrap();
    h.find(&format!("[role=menuitem][data-action={action}]"))
        .await
        .click()
        .await
        .unwrap();
    h.find("dialog[open]").await;
}

#[tokio::test]
async fn a_tenant_returns_closes_and_cancels_orders() {
    let h = Harness::start().await;
    h.login(ANNA).await;

    // «Вернуть в работу» on a guest pass awaiting confirmation.
    h.open_first_order("service", "awaiting_confirmation").await;
    h.find("[data-action=return_to_work]")
        .await
        .click()
        .await
        .unwrap();
    status_is(&h, "in_progress").await;
    let notice = h.text("[data-testid=action-notice]").await;
    assert!(notice.contains("Напишите в чате"), "{notice}");
    // Success looks like success (never like the warning below).
    h.find("[data-testid=action-notice].note--success").await;
    h.screenshot("notice-success-1280").await;
    h.viewport(390).await;
    h.find("[data-testid=action-notice].note--success").await;
    h.screenshot("notice-success-390").await;
    h.viewport(1280).await;
    assert!(h
        .text("[data-block=history]")
        .await
        .contains("Вернуть в работу"));

    // «Закрыть заказ» → «Неактуален» → «Да».
    h.open_first_order("request", "in_progress").await;
    menu_item(&h, "close").await;
    let yes = h.find("[data-testid=dialog-yes]").await;
    assert!(!yes.is_enabled().await.unwrap(), "«Да» waits for a choice");
    h.screenshot("dialog-close-1280").await;
    let violations = h.axe_violations().await;
    assert!(violations.is_empty(), "the dialog: {violations:#?}");
    h.viewport(390).await;
    h.wait_until(
        "the dialog fits a phone",
        "document.querySelector('dialog[open]').getBoundingClientRect().right <= window.innerWidth",
    )
    .await;
    h.screenshot("dialog-close-390").await;
    h.viewport(1280).await;
    let choices = h.find_all(".dialog__choice input").await;
    choices[1].click().await.unwrap();
    yes.click().await.unwrap();
    status_is(&h, "cancelled").await;
    assert!(
        h.find_all("[aria-haspopup=menu]").await.is_empty(),
        "no ⋮ on a cancelled order"
    );

    // Cancelling a paid booking starts a refund.
    h.viewport(390).await;
    h.open_first_order("booking", "in_progress").await;
    menu_item(&h, "cancel").await;
    assert!(h.text("dialog[open]").await.contains("вернем деньги"));
    h.screenshot("dialog-cancel-390").await;
    h.find("[data-testid=dialog-yes]")
        .await
        .click()
        .await
        .unwrap();
    status_is(&h, "refund_pending").await;
    assert!(h
        .text(".chip")
        .await
        .contains("Отменен. Выполняется возврат"));
    h.viewport(1280).await;

    // Escape dismisses a dialog without doing anything.
    h.open_first_order("goods", "new").await;
    menu_item(&h, "cancel").await;
    h.screenshot("dialog-cancel-1280").await;
    h.js("document.querySelector('dialog[open]').dispatchEvent(new Event('cancel', {cancelable: true}));")
        .await;
    h.wait_until("dialog closed", "!document.querySelector('dialog[open]')")
        .await;
    status_is(&h, "new").await;

    // A service that cannot be cancelled online says so and offers no «Отменить».
    h.goto("/orders?q=python").await;
    h.find("[data-kind=booking] a").await.click().await.unwrap();
    let note = h.text("[data-testid=cancel-note]").await;
    assert!(note.contains("напишите в чат"), "{note}");
    // Its ⋮ holds only «Повторить заказ».
    assert!(h.find_all("[data-action=cancel]").await.is_empty());
    h.find("[aria-haspopup=menu]").await.click().await.unwrap();
    h.find("#order-menu").await;
    let items = h
        .js("return [...document.querySelectorAll('#order-menu [data-action]')].map(e => e.dataset.action);")
        .await;
    assert_eq!(items, serde_json::json!(["repeat"]));
    h.close().await;
}

#[tokio::test]
async fn a_change_made_meanwhile_is_shown_instead_of_applied() {
    let h = Harness::start().await;
    h.login(ANNA).await;
    let id = h.open_first_order("request", "awaiting_confirmation").await;
    h.find("[data-action=confirm_completion]").await;
    // The live stream would show the change at once; with it down (as when the
    // page is hidden), the click is the first to learn of it.
    h.live().await;
    h.js("window.dispatchEvent(new Event('pagehide'));").await;
    h.wait_until(
        "the stream suspended",
        "document.documentElement.dataset.live === 'suspended'",
    )
    .await;

    // Staff completes the order while anna looks at the old version.
    let staff = api_login(&h.base, "staff@kabinet.example").await;
    let (_, v) = api(&h.base, &staff, "GET", &format!("/api/orders/{id}"), None).await;
    let (status, _) = api(
        &h.base,
        &staff,
        "POST",
        &format!("/api/orders/{id}/actions"),
        Some(json!({"action": "complete", "version": v["version"]})),
    )
    .await;
    assert_eq!(status, 200);

    h.find("[data-action=confirm_completion]")
        .await
        .click()
        .await
        .unwrap();
    status_is(&h, "done").await;
    let notice = h.text("[data-testid=action-notice]").await;
    assert!(notice.contains("заказ изменился"), "{notice}");
    h.find("[data-testid=action-notice].note--warning").await;
    h.screenshot("notice-warning-1280").await;
    h.viewport(390).await;
    h.find("[data-testid=action-notice].note--warning").await;
    h.screenshot("notice-warning-390").await;
    h.viewport(1280).await;
    assert!(h
        .find_all("[data-action=confirm_completion]")
        .await
        .is_empty());
    // Back from hiding, the stream resumes.
    h.js("window.dispatchEvent(new Event('pageshow'));").await;
    h.live().await;
    h.close().await;
}
