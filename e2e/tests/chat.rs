//! End to end, anna and staff side by side in the order chat: text, a picture and
//! a PDF go from anna to staff live and an answer comes back live; a file over the
//! limit is refused before upload with the limit named; a message sent while the
//! server is down shows "not sent" and «Повторить» sends it once when it is back.

use std::path::PathBuf;

use kabinet_e2e::{api, api_login, stored_copies, Browser, Harness};

const ANNA: &str = "anna@alfa.example";
const STAFF: &str = "staff@kabinet.example";

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
        .display()
        .to_string()
}

async fn click(b: &Browser, css: &str) {
    b.find(css).await.click().await.unwrap();
}

async fn type_message(b: &Browser, text: &str) {
    b.find("#chat-input").await.send_keys(text).await.unwrap();
}

/// Waits for a sent (not pending) line of the chat containing `text`.
async fn line_with(b: &Browser, text: &str) {
    b.wait_until(
        &format!("a chat line with «{text}»"),
        &format!(
            "[...document.querySelectorAll('.chat-line:not(.chat-line--pending)')].some(l => l.textContent.includes({text:?}))"
        ),
    )
    .await;
}

async fn open_chat(b: &Browser, id: i64) {
    b.goto(&format!("/orders/{id}")).await;
    b.find("[data-testid=chat] .composer").await;
    b.wait_until(
        "the chat loaded",
        "!document.querySelector('[data-testid=chat] .loading')",
    )
    .await;
    b.live().await;
}

#[tokio::test]
async fn anna_and_staff_talk_with_files_live() {
    let h = Harness::start_with(&["--max-file-mb", "1"]).await;
    let anna_token = api_login(&h.base, ANNA).await;
    let (_, page) = api(
        &h.base,
        &anna_token,
        "GET",
        "/api/orders?kind=service&status=in_progress&limit=1",
        None,
    )
    .await;
    let id = page["items"][0]["id"].as_i64().unwrap();

    h.login(ANNA).await;
    open_chat(&h, id).await;
    let staff = h.new_browser().await;
    staff.login(STAFF).await;
    open_chat(&staff, id).await;

    // Text with markup, a picture and a PDF, by the paperclip.
    let text = "Счётчик и акт <b>во вложении</b>";
    type_message(&h, text).await;
    let input = h.find("[data-testid=chat-file]").await;
    input.send_keys(&fixture("meter.png")).await.unwrap();
    let input = h.find("[data-testid=chat-file]").await;
    input.send_keys(&fixture("act.pdf")).await.unwrap();
    h.wait_until(
        "two files attached",
        "document.querySelectorAll('.file-chip').length === 2",
    )
    .await;
    click(&h, "[data-testid=chat-send]").await;
    line_with(&h, text).await;
    h.wait_until(
        "no line pending",
        "!document.querySelector('.chat-line--pending')",
    )
    .await;

    // Staff see it live: the text as typed, the thumbnail, the PDF link.
    line_with(&staff, text).await;
    assert!(
        staff.find_all(".chat-line b").await.is_empty(),
        "markup shown as text"
    );
    staff
        .wait_until(
            "the picture loaded",
            "[...document.querySelectorAll('.chat-file__thumb img')].some(i => i.complete && i.naturalWidth === 64)",
        )
        .await;
    let pdf = staff.find(".chat-file__link[target=_blank]").await;
    assert!(pdf.text().await.unwrap().contains("act.pdf"));
    staff.screenshot("chat-staff-1280").await;

    // Staff answer with Enter; anna sees it live.
    type_message(&staff, "Спасибо, передали инженеру\u{E007}").await;
    line_with(&h, "Спасибо, передали инженеру").await;
    assert!(
        !h.find_all(".chat-line--staff").await.is_empty(),
        "the answer is from staff"
    );

    // The picture opens full size; Esc closes the viewer.
    click(&h, ".chat-file__thumb").await;
    h.find("[data-testid=image-viewer] img").await;
    h.screenshot("chat-viewer-1280").await;
    h.js("document.querySelector('dialog[open]').dispatchEvent(new Event('cancel', {cancelable: true}));").await;
    h.wait_until(
        "the viewer closed",
        "!document.querySelector('[data-testid=image-viewer]')",
    )
    .await;
    h.screenshot("chat-anna-1280").await;
    let violations = h.axe_violations().await;
    assert!(violations.is_empty(), "the chat: {violations:#?}");

    // Over the limit: refused before any upload, the limit named.
    let big = tempfile::NamedTempFile::with_suffix(".png").unwrap();
    std::fs::write(big.path(), vec![0u8; 1024 * 1024 + 10]).unwrap();
    h.find("[data-testid=chat-file]")
        .await
        .send_keys(&big.path().display().to_string())
        .await
        .unwrap();
    let error = h.text("[data-testid=file-error]").await;
    assert!(
        error.contains("больше допустимого") && error.contains("1 МБ"),
        "{error}"
    );
    assert!(h.find_all(".file-chip").await.is_empty(), "not attached");

    // The server goes down during a send: "not sent"; back up, «Повторить» sends once.
    h.stop_server();
    type_message(&h, "Это сообщение дойдёт один раз").await;
    click(&h, "[data-testid=chat-send]").await;
    h.find(".chat-line--failed [data-testid=chat-retry]").await;
    assert!(h.text(".chat-line--failed").await.contains("Не отправлено"));
    h.start_server_again();
    click(&h, ".chat-line--failed [data-testid=chat-retry]").await;
    line_with(&h, "Это сообщение дойдёт один раз").await;
    assert_eq!(
        stored_copies(&h.base, ANNA, id, "Это сообщение дойдёт один раз").await,
        1
    );
    // The stream came back too: staff's next answer arrives live.
    h.live().await;
    staff.live().await;
    type_message(&staff, "Получили\u{E007}").await;
    line_with(&h, "Получили").await;

    // Phone width: the chat tab.
    h.viewport(390).await;
    h.goto(&format!("/orders/{id}")).await;
    click(&h, "[role=tab]:nth-child(2)").await;
    h.find("[data-testid=chat] .chat-file__thumb").await;
    h.wait_until(
        "no sideways scroll",
        "document.documentElement.scrollWidth <= window.innerWidth",
    )
    .await;
    h.screenshot("chat-anna-390").await;
    staff.close().await;
    h.close().await;
}
