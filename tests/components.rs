//! Component tests in headless Chromium (wasm-bindgen-test): the pieces render what
//! the shared rules and the catalogue say, in Russian by default.

use std::rc::Rc;

use kabinet::components::{OrderHeader, StatusChip};
use kabinet::format::{self, DateStyle};
use kabinet::hooks::LocaleProvider;
use kabinet::i18n::{Lang, T};
use kabinet_core::{
    allowed_actions, cancel_block, Action, Kind, Money, OrderFacts, OrderView, Person, Service,
    ServiceSettings, Status, Viewer,
};
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn order(kind: Kind, status: Status, paid: i64, total: i64, cancellable: bool) -> OrderView {
    let facts = OrderFacts {
        kind,
        status,
        paid,
        remainder: total - paid,
        cancellable,
        cancel_deadline_passed: false,
        service_over: false,
    };
    OrderView {
        id: 7,
        number: "10007".into(),
        kind,
        status,
        version: 1,
        created_at: "2026-11-27T07:30:00Z".into(),
        service_at: None,
        service_end_at: None,
        service: Service {
            id: 1,
            kind,
            name: "Переговорная Java".into(),
            description: "Описание".into(),
            characteristics: vec![],
            price: None,
            settings: ServiceSettings {
                cancellable,
                cancel_deadline_hours: None,
                auto_confirm_hours: 72,
                prepayment_percent: None,
            },
            additional: None,
        },
        owner: Person {
            id: 1,
            name: "Анна Иванова".into(),
            company: None,
        },
        items: vec![],
        ticket: None,
        hotel: None,
        delivery_place: None,
        visitors: vec![],
        form_fields: vec![],
        comment: None,
        payment: None,
        unread_count: 0,
        actions: allowed_actions(&facts, Viewer::Owner),
        cancel_block: cancel_block(&facts),
        auto_confirm_at: None,
        history: vec![],
    }
}

#[derive(Properties, PartialEq)]
struct HeaderHostProps {
    order: Rc<OrderView>,
}

#[component]
fn HeaderHost(props: &HeaderHostProps) -> Html {
    html! {
        <LocaleProvider>
            <OrderHeader order={props.order.clone()} on_action={Callback::noop()} />
        </LocaleProvider>
    }
}

/// Renders `C` with `props` into a fresh element of the page; answers the element.
async fn mount<C: BaseComponent>(props: C::Properties) -> web_sys::Element {
    let doc = gloo_utils::document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

/// Renders the header for `order` into a fresh element and answers the element.
async fn render_header(order: OrderView) -> web_sys::Element {
    mount::<HeaderHost>(HeaderHostProps {
        order: Rc::new(order),
    })
    .await
}

fn actions_shown(root: &web_sys::Element) -> Vec<String> {
    let list = root.query_selector_all("[data-action]").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        .filter_map(|e| e.get_attribute("data-action"))
        .collect()
}

#[wasm_bindgen_test]
async fn awaiting_confirmation_offers_confirm_and_return_without_a_menu() {
    let root = render_header(order(
        Kind::Service,
        Status::AwaitingConfirmation,
        0,
        0,
        false,
    ))
    .await;
    assert_eq!(
        actions_shown(&root),
        ["confirm_completion", "return_to_work"]
    );
    let text = root.text_content().unwrap();
    assert!(text.contains("Подтвердить выполнение заказа"), "{text}");
    assert!(text.contains("Вернуть в работу"), "{text}");
    assert!(text.contains("Выполнен. Ожидает подтверждения"), "{text}");
    assert!(root
        .query_selector("[aria-haspopup=menu]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn staff_see_their_moves_as_buttons() {
    let mut o = order(Kind::Service, Status::New, 0, 0, false);
    o.actions = allowed_actions(
        &OrderFacts {
            kind: Kind::Service,
            status: Status::New,
            paid: 0,
            remainder: 0,
            cancellable: false,
            cancel_deadline_passed: false,
            service_over: false,
        },
        Viewer::Staff,
    );
    o.cancel_block = None;
    let root = render_header(o).await;
    assert_eq!(
        actions_shown(&root),
        [
            "take_into_work",
            "mark_awaiting_confirmation",
            "complete",
            "staff_cancel"
        ]
    );
    assert!(root.text_content().unwrap().contains("Взять в работу"));
    assert!(root
        .query_selector("[aria-haspopup=menu]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn the_menu_holds_close_and_opens_on_click() {
    let root = render_header(order(Kind::Request, Status::InProgress, 0, 0, false)).await;
    let toggle: web_sys::HtmlElement = wasm_bindgen::JsCast::dyn_into(
        root.query_selector("[aria-haspopup=menu]")
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    toggle.click();
    yew::scheduler::flush().await;
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert_eq!(actions_shown(&root), ["close"]);
    assert!(root.text_content().unwrap().contains("Закрыть заказ"));
}

fn active_action() -> Option<String> {
    gloo_utils::document()
        .active_element()
        .and_then(|e| e.get_attribute("data-action"))
}

fn key(target: &web_sys::Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let e = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&e).unwrap();
}

#[wasm_bindgen_test]
async fn the_menu_works_from_the_keyboard() {
    // Two items, to move between (the rules offer one today: «Отменить заказ»).
    let mut o = order(Kind::Goods, Status::New, 0, 1000, true);
    o.actions = vec![Action::Cancel, Action::Close];
    let root = render_header(o).await;
    let toggle: web_sys::HtmlElement = wasm_bindgen::JsCast::dyn_into(
        root.query_selector("[aria-haspopup=menu]")
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    toggle.click();
    yew::scheduler::flush().await;
    assert_eq!(
        active_action().as_deref(),
        Some("cancel"),
        "focus moves into the menu"
    );
    let item = gloo_utils::document().active_element().unwrap();
    key(&item, "ArrowDown");
    yew::scheduler::flush().await;
    assert_eq!(active_action().as_deref(), Some("close"));
    key(
        &gloo_utils::document().active_element().unwrap(),
        "ArrowDown",
    );
    yew::scheduler::flush().await;
    assert_eq!(
        active_action().as_deref(),
        Some("cancel"),
        "arrows wrap around"
    );
    key(&gloo_utils::document().active_element().unwrap(), "Escape");
    yew::scheduler::flush().await;
    assert!(
        root.query_selector("[role=menu]").unwrap().is_none(),
        "Escape closes the menu"
    );
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    let focused = gloo_utils::document().active_element().unwrap();
    assert_eq!(
        focused.get_attribute("aria-haspopup").as_deref(),
        Some("menu"),
        "focus is back on ⋮"
    );
}

#[wasm_bindgen_test]
async fn finished_orders_have_no_menu_and_repeat_is_a_button() {
    let root = render_header(order(Kind::Goods, Status::Done, 1000, 1000, true)).await;
    assert!(root
        .query_selector("[aria-haspopup=menu]")
        .unwrap()
        .is_none());
    assert_eq!(actions_shown(&root), ["repeat"]);
    assert!(root.text_content().unwrap().contains("Повторить заказ"));
    let root = render_header(order(Kind::Service, Status::Cancelled, 0, 0, false)).await;
    assert!(actions_shown(&root).is_empty());
}

#[wasm_bindgen_test]
async fn pay_stands_by_the_status_and_a_non_cancellable_booking_says_why() {
    let root = render_header(order(Kind::Booking, Status::InProgress, 500, 1000, false)).await;
    let shown = actions_shown(&root);
    assert!(shown.contains(&"pay".to_string()), "{shown:?}");
    // Repeat waits in the ⋮ menu; sharing and tickets have their own blocks.
    for elsewhere in ["repeat", "share", "transfer_ticket", "show_qr"] {
        assert!(
            !shown.contains(&elsewhere.to_string()),
            "{elsewhere} in {shown:?}"
        );
    }
    let text = root.text_content().unwrap();
    assert!(text.contains("Оплатить"), "{text}");
    for label in ["Поделиться", "Отправить билет", "QR-билета"] {
        assert!(!text.contains(label), "{label} in {text}");
    }
    assert!(!actions_shown(&root).contains(&"cancel".to_string()));
    let note = root
        .query_selector("[data-testid=cancel-note]")
        .unwrap()
        .expect("a note");
    assert!(note.text_content().unwrap().contains("напишите в чат"));
}

#[derive(Properties, PartialEq)]
struct ChipHostProps {
    status: Status,
}

#[component]
fn ChipHost(props: &ChipHostProps) -> Html {
    html! { <LocaleProvider><StatusChip status={props.status} /></LocaleProvider> }
}

#[wasm_bindgen_test]
async fn status_chips_speak_russian_by_default() {
    for (status, label) in [
        (Status::RefundPending, "Отменен. Выполняется возврат"),
        (Status::New, "Новый"),
    ] {
        let root = mount::<ChipHost>(ChipHostProps { status }).await;
        assert_eq!(root.text_content().unwrap(), label);
    }
}

#[wasm_bindgen_test]
fn money_and_dates_go_through_intl_in_the_site_time_zone() {
    let m = Money {
        amount: 150_000,
        currency: "RUB".into(),
    };
    let ru = format::money(&m, Lang::Ru);
    assert!(ru.contains("500") && ru.contains('₽'), "{ru}");
    let en = format::money(&m, Lang::En);
    assert!(en.contains("1,500.00"), "{en}");
    // 07:30 UTC is 10:30 in Moscow.
    let t = format::date(
        "2026-11-27T07:30:00Z",
        Lang::Ru,
        "Europe/Moscow",
        DateStyle::Time,
    );
    assert_eq!(t, "10:30");
    let d = format::date(
        "2026-11-27T07:30:00Z",
        Lang::Ru,
        "Europe/Moscow",
        DateStyle::Date,
    );
    assert!(d.contains("нояб"), "{d}");
    // Something unreadable is shown as it came rather than as "Invalid Date".
    assert_eq!(
        format::date("soon", Lang::Ru, "Europe/Moscow", DateStyle::Date),
        "soon"
    );
}

#[wasm_bindgen_test]
fn every_catalogue_key_has_both_languages() {
    for key in T::ALL {
        assert!(!key.text(Lang::Ru).is_empty(), "{key:?}");
        assert!(!key.text(Lang::En).is_empty(), "{key:?}");
    }
    assert_eq!(T::MyOrders.text(Lang::Ru), "Мои заказы");
}

#[wasm_bindgen_test]
fn additional_services_are_capped_by_screen() {
    use kabinet::components::order_blocks::additional_limit;
    assert_eq!(additional_limit(false), 6);
    assert_eq!(additional_limit(true), 3);
}

#[wasm_bindgen_test]
fn statuses_and_actions_have_labels_in_both_languages() {
    for s in Status::ALL {
        assert_ne!(
            kabinet::i18n::status_label(s, Lang::Ru),
            kabinet::i18n::status_label(s, Lang::En)
        );
    }
    for a in Action::ALL {
        assert!(!kabinet::i18n::action_label(a, Kind::Goods, Lang::Ru).is_empty());
    }
}

// ---- lists, the desk and notifications --------------------------------------

use kabinet::api::ApiError;
use kabinet::components::list_footer::ListBody;
use kabinet::components::notification_bell::notification_title;
use kabinet::components::OrderRow;
use kabinet::hooks::paged::Phase;
use kabinet::hooks::use_locale;
use kabinet_core::{ErrorReason, Notification, NotificationKind, OrderSummary};

#[derive(Properties, PartialEq)]
struct ListHostProps {
    phase: Phase,
    is_empty: bool,
    filtered: bool,
}

#[component]
fn ListHost(props: &ListHostProps) -> Html {
    html! {
        <LocaleProvider>
            <ListBody phase={props.phase.clone()} is_empty={props.is_empty} has_next={true}
                      filtered={props.filtered} empty={(T::EmptyOrders, T::EmptyOrdersHint)}
                      on_reset={Callback::noop()} on_retry={Callback::noop()} on_more={Callback::noop()}>
                <ul class="the-list"><li>{ "заказ" }</li></ul>
            </ListBody>
        </LocaleProvider>
    }
}

async fn render_list(props: ListHostProps) -> web_sys::Element {
    mount::<ListHost>(props).await
}

#[wasm_bindgen_test]
async fn a_list_shows_loading_empty_nothing_found_failure_or_its_items() {
    let loading = render_list(ListHostProps {
        phase: Phase::Loading,
        is_empty: true,
        filtered: false,
    })
    .await;
    assert!(loading.query_selector("[role=status]").unwrap().is_some());
    assert!(loading.query_selector(".the-list").unwrap().is_none());

    let empty = render_list(ListHostProps {
        phase: Phase::Idle,
        is_empty: true,
        filtered: false,
    })
    .await;
    let text = empty.text_content().unwrap();
    assert!(text.contains("Заказов пока нет"), "{text}");
    assert!(
        empty.query_selector("button").unwrap().is_none(),
        "nothing to reset"
    );

    let none = render_list(ListHostProps {
        phase: Phase::Idle,
        is_empty: true,
        filtered: true,
    })
    .await;
    let text = none.text_content().unwrap();
    assert!(
        text.contains("Ничего не найдено") && text.contains("Сбросить фильтры"),
        "{text}"
    );

    let error = ApiError::reason_only(500, ErrorReason::Internal);
    let failed = render_list(ListHostProps {
        phase: Phase::Failed(error.clone()),
        is_empty: true,
        filtered: false,
    })
    .await;
    assert!(failed.query_selector("[role=alert]").unwrap().is_some());
    assert!(failed.text_content().unwrap().contains("Повторить"));

    // A later page that failed: the items stay, the error sits at the foot.
    let more = render_list(ListHostProps {
        phase: Phase::Failed(error),
        is_empty: false,
        filtered: false,
    })
    .await;
    assert!(more.query_selector(".the-list").unwrap().is_some());
    assert!(more.query_selector("[role=alert]").unwrap().is_some());

    let ready = render_list(ListHostProps {
        phase: Phase::Idle,
        is_empty: false,
        filtered: false,
    })
    .await;
    assert!(ready.query_selector(".the-list").unwrap().is_some());
    assert!(
        ready.text_content().unwrap().contains("Показать ещё"),
        "the keyboard way to more"
    );
}

#[derive(Properties, PartialEq)]
struct RowHostProps {
    order: OrderSummary,
    owner: Option<Person>,
    refund_failed: bool,
}

#[component]
fn RowHost(props: &RowHostProps) -> Html {
    html! {
        <LocaleProvider>
            <yew_router::BrowserRouter>
                <ul><OrderRow order={props.order.clone()} owner={props.owner.clone()} refund_failed={props.refund_failed} /></ul>
            </yew_router::BrowserRouter>
        </LocaleProvider>
    }
}

async fn render_row(order: OrderSummary, owner: Option<Person>) -> web_sys::Element {
    mount::<RowHost>(RowHostProps {
        order,
        owner,
        refund_failed: false,
    })
    .await
}

#[wasm_bindgen_test]
async fn a_desk_row_shows_the_customer_and_renders_their_text_as_text() {
    let item = kabinet_core::DeskOrder {
        order: OrderSummary {
            id: 5,
            number: "10005".into(),
            kind: Kind::Request,
            service_name: "<img src=x onerror=alert(1)>Обращение".into(),
            status: Status::RefundPending,
            created_at: "2026-11-27T07:30:00Z".into(),
            service_at: None,
            amount: None,
            unread_count: 0,
        },
        owner: Person {
            id: 2,
            name: "Вера <b>Сидорова</b>".into(),
            company: Some("Бета".into()),
        },
        refund_failed: false,
    };
    let flagged = mount::<RowHost>(RowHostProps {
        order: item.order.clone(),
        owner: Some(item.owner.clone()),
        refund_failed: true,
    })
    .await;
    assert_eq!(
        flagged
            .query_selector("[data-testid=refund-failed]")
            .unwrap()
            .map(|e| e.text_content().unwrap())
            .as_deref(),
        Some("⚠ Возврат не прошел")
    );
    let root = render_row(item.order, Some(item.owner)).await;
    assert!(root
        .query_selector("[data-testid=refund-failed]")
        .unwrap()
        .is_none());
    assert!(
        root.query_selector("img, b").unwrap().is_none(),
        "no markup from data"
    );
    let text = root.text_content().unwrap();
    for part in [
        "<img src=x onerror=alert(1)>Обращение",
        "Вера <b>Сидорова</b>",
        "Бета",
        "10005",
        "Отменен. Выполняется возврат",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    let link = root.query_selector("a").unwrap().unwrap();
    assert_eq!(link.get_attribute("href").as_deref(), Some("/orders/5"));
}

#[derive(Properties, PartialEq)]
struct TitleHostProps {
    notification: Notification,
}

#[component]
fn TitleInner(props: &TitleHostProps) -> Html {
    let locale = use_locale();
    html! { <span>{ notification_title(&props.notification, &locale) }</span> }
}

#[component]
fn TitleHost(props: &TitleHostProps) -> Html {
    html! { <LocaleProvider><TitleInner notification={props.notification.clone()} /></LocaleProvider> }
}

#[wasm_bindgen_test]
async fn notifications_are_worded_from_their_facts() {
    let base = Notification {
        id: 1,
        kind: NotificationKind::StatusChanged,
        order_id: 7,
        order_number: "10007".into(),
        service_name: "Запросить пропуск для гостя".into(),
        status: Status::AwaitingConfirmation,
        current_status: Status::AwaitingConfirmation,
        actor: Some("Светлана Орлова".into()),
        count: 0,
        preview: None,
        created_at: "2026-11-27T07:30:00Z".into(),
        read: false,
        opens_order: true,
        subject: Some("Вера Смирнова".into()),
        service_at: None,
    };
    for (kind, expected) in [
        (
            NotificationKind::StatusChanged,
            "Новый статус: «Выполнен. Ожидает подтверждения»",
        ),
        (NotificationKind::ReturnedToWork, "Заказ возвращен в работу"),
        (NotificationKind::NewOrder, "Новый заказ"),
        (
            NotificationKind::AccessGranted,
            "Вам открыт доступ в помещение: Запросить пропуск для гостя",
        ),
        (
            NotificationKind::TicketPassedOn,
            "Билет передан: Вера Смирнова",
        ),
    ] {
        let notification = Notification {
            kind,
            ..base.clone()
        };
        let root = mount::<TitleHost>(TitleHostProps { notification }).await;
        assert_eq!(root.text_content().unwrap(), expected);
    }
}

// ---- the chat -----------------------------------------------------------------

use kabinet::components::chat::{Line, PendingLine};
use kabinet::hooks::chat::{Pending, PickedFile, SendState};
use kabinet_core::{Attachment, ChatMessage};

#[derive(Properties, PartialEq)]
struct LineHostProps {
    message: ChatMessage,
}

#[component]
fn LineHost(props: &LineHostProps) -> Html {
    html! { <LocaleProvider><Line message={Rc::new(props.message.clone())} on_image={Callback::noop()} /></LocaleProvider> }
}

async fn render_line(message: ChatMessage) -> web_sys::Element {
    mount::<LineHost>(LineHostProps { message }).await
}

fn attachment(id: i64, name: &str, content_type: &str, image: bool) -> Attachment {
    Attachment {
        id,
        file_name: name.into(),
        content_type: content_type.into(),
        size: 1536,
        url: format!("/api/files/{id}?u=1&e=1&s=x"),
        image,
    }
}

#[wasm_bindgen_test]
async fn chat_lines_show_text_as_typed_and_each_kind_of_file_its_way() {
    let message = ChatMessage {
        seq: 9,
        id: "m-1".into(),
        order_id: 7,
        author: Some(Person {
            id: 3,
            name: "Светлана Орлова".into(),
            company: None,
        }),
        from_staff: true,
        mine: false,
        body: "<img src=x onerror=alert(1)> Готово".into(),
        status: None,
        attachments: vec![
            attachment(1, "фото.png", "image/png", true),
            attachment(2, "акт.pdf", "application/pdf", false),
            attachment(3, "<b>смета</b>.xlsx", "application/zip", false),
        ],
        created_at: "2026-11-27T07:30:00Z".into(),
    };
    let root = render_line(message.clone()).await;
    let text = root.text_content().unwrap();
    assert!(
        text.contains("<img src=x onerror=alert(1)> Готово"),
        "{text}"
    );
    assert!(text.contains("Светлана Орлова"));
    assert!(
        root.query_selector("b").unwrap().is_none(),
        "file names as text"
    );
    assert!(text.contains("<b>смета</b>.xlsx"));
    let imgs = root.query_selector_all("img").unwrap();
    assert_eq!(imgs.length(), 1, "only the picture is an image");
    assert!(root.query_selector(".chat-file__thumb").unwrap().is_some());
    let pdf = root.query_selector("a[target=_blank]").unwrap().unwrap();
    assert!(pdf.text_content().unwrap().contains("акт.pdf"));
    let other = root.query_selector("a[download]").unwrap().unwrap();
    assert!(other
        .get_attribute("href")
        .unwrap()
        .ends_with("&download=1"));
    assert!(text.contains("1,5"), "the size through Intl: {text}");

    let system = ChatMessage {
        author: None,
        from_staff: false,
        body: String::new(),
        status: Some(Status::AwaitingConfirmation),
        attachments: vec![],
        ..message
    };
    let root = render_line(system).await;
    assert!(root
        .text_content()
        .unwrap()
        .contains("Статус заказа изменен: «Выполнен. Ожидает подтверждения»"));
}

#[derive(Properties, PartialEq)]
struct PendingHostProps {
    pending: Pending,
}

#[component]
fn PendingHost(props: &PendingHostProps) -> Html {
    html! {
        <LocaleProvider>
            <PendingLine pending={props.pending.clone()} on_retry={Callback::noop()} on_discard={Callback::noop()} />
        </LocaleProvider>
    }
}

#[wasm_bindgen_test]
async fn a_message_on_its_way_shows_progress_and_a_failed_one_offers_retry() {
    let picked = |progress: f64, refused: Option<ErrorReason>| PickedFile {
        key: 1,
        name: "план.pdf".into(),
        size: 1,
        progress,
        upload_id: None,
        refused: refused.map(|r| ApiError::reason_only(422, r)),
    };
    for (state, files, expect_retry) in [
        (SendState::Sending, vec![picked(0.4, None)], false),
        (
            SendState::Failed(ApiError::Network("down".into())),
            vec![picked(1.0, Some(ErrorReason::FileTypeRefused))],
            true,
        ),
    ] {
        let pending = Pending {
            id: "p-1".into(),
            body: "Текст".into(),
            files,
            state,
        };
        let root = mount::<PendingHost>(PendingHostProps { pending }).await;
        let text = root.text_content().unwrap();
        assert_eq!(
            root.query_selector("[data-testid=chat-retry]")
                .unwrap()
                .is_some(),
            expect_retry,
            "{text}"
        );
        if expect_retry {
            assert!(
                text.contains("Не отправлено") && text.contains("«план.pdf»"),
                "{text}"
            );
        } else {
            assert!(text.contains("Отправляется"), "{text}");
            let bar = root.query_selector("progress").unwrap().unwrap();
            assert_eq!(bar.get_attribute("value").as_deref(), Some("40"));
        }
    }
}

// ---- rough edges of issue 8 -------------------------------------------------

use kabinet::components::notification_bell::NotificationItem;
use kabinet::components::order_blocks::{ItemsBlock, PaymentBlock};
use kabinet::components::ErrorBox;
use kabinet_core::{OrderItem, Payment, Unit};

/// The app's stylesheet, for tests of where things land on screen.
fn with_app_css() {
    let doc = gloo_utils::document();
    if doc.get_element_by_id("app-css").is_none() {
        let style = doc.create_element("style").unwrap();
        style.set_id("app-css");
        style.set_text_content(Some(include_str!("../assets/app.css")));
        doc.head().unwrap().append_child(&style).unwrap();
    }
}

fn rect(e: &web_sys::Element) -> web_sys::DomRect {
    e.get_bounding_client_rect()
}

#[wasm_bindgen_test]
async fn the_menu_stays_inside_the_viewport_aligned_to_its_button() {
    with_app_css();
    let doc = gloo_utils::document();
    let view = doc.document_element().unwrap().client_width() as f64;
    // A card as wide as a phone, and one so narrow that a right-aligned menu
    // would leave the screen on the left.
    for width in [390, 150] {
        let root = render_header(order(Kind::Request, Status::InProgress, 0, 0, false)).await;
        root.set_attribute(
            "style",
            &format!("position:absolute;left:0;top:0;width:{width}px"),
        )
        .unwrap();
        let toggle: web_sys::HtmlElement = wasm_bindgen::JsCast::dyn_into(
            root.query_selector("[aria-haspopup=menu]")
                .unwrap()
                .unwrap(),
        )
        .unwrap();
        toggle.click();
        yew::scheduler::flush().await;
        let menu = root.query_selector("[role=menu]").unwrap().unwrap();
        let (m, b) = (rect(&menu), rect(&toggle));
        assert!(m.left() >= 7.5, "{width}: menu at {} is cut off", m.left());
        assert!(
            m.right() <= view,
            "{width}: menu ends at {} of {view}",
            m.right()
        );
        assert!(m.top() >= b.bottom(), "{width}: under its button");
        if width == 390 {
            assert!(
                (m.right() - b.right()).abs() < 1.0,
                "aligned to its button: {} vs {}",
                m.right(),
                b.right()
            );
            let card = rect(&root.query_selector(".order-head").unwrap().unwrap());
            assert!(
                m.left() >= card.left() && m.right() <= card.right(),
                "inside the card"
            );
        }
        root.remove();
    }
}

#[wasm_bindgen_test]
async fn awaiting_confirmation_says_when_it_confirms_itself() {
    let mut o = order(Kind::Service, Status::AwaitingConfirmation, 0, 0, false);
    o.auto_confirm_at = Some("2026-11-30T07:30:00Z".into());
    let root = render_header(o).await;
    let note = root
        .query_selector("[data-testid=auto-confirm]")
        .unwrap()
        .expect("the auto-confirm time");
    let text = note.text_content().unwrap();
    // 07:30 UTC is 10:30 in Moscow.
    assert!(
        text.starts_with("Подтвердится автоматически") && text.contains("10:30"),
        "{text}"
    );
    let mut o = order(Kind::Service, Status::InProgress, 0, 0, false);
    o.auto_confirm_at = Some("2026-11-30T07:30:00Z".into());
    let root = render_header(o).await;
    assert!(root
        .query_selector("[data-testid=auto-confirm]")
        .unwrap()
        .is_none());
}

#[derive(Properties, PartialEq)]
struct BlocksHostProps {
    order: Rc<OrderView>,
}

#[component]
fn BlocksHost(props: &BlocksHostProps) -> Html {
    html! {
        <LocaleProvider>
            <ItemsBlock order={props.order.clone()} />
            <PaymentBlock order={props.order.clone()} />
        </LocaleProvider>
    }
}

async fn render_blocks(order: OrderView) -> web_sys::Element {
    mount::<BlocksHost>(BlocksHostProps {
        order: Rc::new(order),
    })
    .await
}

fn rub(amount: i64) -> Money {
    Money {
        amount,
        currency: "RUB".into(),
    }
}

fn with_payment_and_items(mut o: OrderView) -> OrderView {
    o.payment = Some(Payment {
        total: rub(1000),
        paid: rub(500),
        remainder: rub(500),
        method: None,
        payer: None,
        due_now: rub(500),
        online: None,
        refund: None,
    });
    o.items = vec![OrderItem {
        name: "Переговорная Java".into(),
        quantity: 2,
        unit: Unit::Hour,
        unit_price: rub(500),
        total: rub(1000),
    }];
    o
}

#[wasm_bindgen_test]
async fn a_cancelled_order_never_shows_what_is_left_to_pay() {
    let open = render_blocks(with_payment_and_items(order(
        Kind::Booking,
        Status::InProgress,
        500,
        1000,
        true,
    )))
    .await;
    assert!(open
        .query_selector("[data-testid=remainder]")
        .unwrap()
        .is_some());
    for status in [Status::Cancelled, Status::RefundPending] {
        let root = render_blocks(with_payment_and_items(order(
            Kind::Booking,
            status,
            500,
            1000,
            true,
        )))
        .await;
        assert!(
            root.query_selector("[data-testid=remainder]")
                .unwrap()
                .is_none(),
            "{status:?}"
        );
        assert!(!root.text_content().unwrap().contains("Осталось оплатить"));
    }
}

#[wasm_bindgen_test]
async fn the_payment_block_says_where_the_online_payment_and_the_refund_stand() {
    use kabinet_core::{PaymentState, RefundState};
    let state = |o: OrderView| async move {
        render_blocks(o)
            .await
            .query_selector("[data-testid=payment-state]")
            .unwrap()
            .map(|e| e.text_content().unwrap())
    };
    let with = |status, online, refund| {
        let mut o = with_payment_and_items(order(Kind::Booking, status, 500, 1000, true));
        let p = o.payment.as_mut().unwrap();
        p.online = online;
        p.refund = refund;
        o
    };
    assert_eq!(state(with(Status::InProgress, None, None)).await, None);
    assert_eq!(
        state(with(Status::InProgress, Some(PaymentState::Pending), None))
            .await
            .as_deref(),
        Some("Платеж обрабатывается")
    );
    assert_eq!(
        state(with(Status::New, Some(PaymentState::Canceled), None))
            .await
            .as_deref(),
        Some("Оплата не прошла")
    );
    assert_eq!(
        state(with(
            Status::RefundPending,
            None,
            Some(RefundState::Pending)
        ))
        .await
        .as_deref(),
        Some("Выполняется возврат")
    );
    assert!(state(with(
        Status::Cancelled,
        Some(PaymentState::Succeeded),
        Some(RefundState::Failed)
    ))
    .await
    .unwrap()
    .starts_with("Возврат не прошел"));
}

#[wasm_bindgen_test]
async fn units_follow_the_language_switch() {
    use gloo_storage::Storage;
    let root = render_blocks(with_payment_and_items(order(
        Kind::Booking,
        Status::InProgress,
        500,
        1000,
        true,
    )))
    .await;
    assert!(root.text_content().unwrap().contains("2\u{a0}ч"));
    gloo_storage::LocalStorage::set("kabinet.lang", "en").unwrap();
    let en = render_blocks(with_payment_and_items(order(
        Kind::Booking,
        Status::InProgress,
        500,
        1000,
        true,
    )))
    .await;
    gloo_storage::LocalStorage::delete("kabinet.lang");
    let text = en.text_content().unwrap();
    assert!(text.contains("2\u{a0}h") && !text.contains(" ч"), "{text}");
}

fn summary(status: Status, service_at: Option<&str>) -> OrderSummary {
    OrderSummary {
        id: 9,
        number: "10009".into(),
        kind: Kind::Booking,
        service_name: "Переговорная Java".into(),
        status,
        created_at: "2026-11-27T07:30:00Z".into(),
        service_at: service_at.map(String::from),
        amount: None,
        unread_count: 0,
    }
}

#[wasm_bindgen_test]
async fn a_row_says_what_its_date_is_and_an_order_waiting_for_the_user_stands_out() {
    let row = render_row(summary(Status::New, Some("2026-12-01T09:00:00Z")), None).await;
    let text = row.text_content().unwrap();
    assert!(text.contains("Дата оказания"), "{text}");
    let row = render_row(summary(Status::New, None), None).await;
    assert!(row.text_content().unwrap().contains("Создан"));
    assert!(row.query_selector(".order-row--waiting").unwrap().is_none());

    let row = render_row(summary(Status::AwaitingConfirmation, None), None).await;
    assert!(row.query_selector(".order-row--waiting").unwrap().is_some());
    assert!(row
        .text_content()
        .unwrap()
        .contains("Ждет вашего подтверждения"));
    // On the desk it is the customer's turn, not the reader's.
    let owner = Person {
        id: 1,
        name: "Анна Иванова".into(),
        company: None,
    };
    let row = render_row(summary(Status::AwaitingConfirmation, None), Some(owner)).await;
    assert!(row.query_selector(".order-row--waiting").unwrap().is_none());
}

#[derive(Properties, PartialEq)]
struct NoteHostProps {
    notification: Notification,
}

#[component]
fn NoteHost(props: &NoteHostProps) -> Html {
    html! {
        <LocaleProvider>
            <ul><NotificationItem notification={props.notification.clone()} on_open={Callback::noop()} /></ul>
        </LocaleProvider>
    }
}

async fn render_note(notification: Notification) -> web_sys::Element {
    mount::<NoteHost>(NoteHostProps { notification }).await
}

#[wasm_bindgen_test]
async fn a_chats_notification_counts_and_previews_and_a_moved_status_says_so() {
    let base = Notification {
        id: 1,
        kind: NotificationKind::NewMessage,
        order_id: 7,
        order_number: "10007".into(),
        service_name: "Запросить пропуск для гостя".into(),
        status: Status::InProgress,
        current_status: Status::InProgress,
        actor: Some("Светлана Орлова".into()),
        count: 3,
        preview: Some("<b>Пропуск</b> готов".into()),
        created_at: "2026-11-27T07:30:00Z".into(),
        read: false,
        opens_order: true,
        subject: None,
        service_at: None,
    };
    let root = render_note(base.clone()).await;
    let text = root.text_content().unwrap();
    assert!(text.contains("3 новых сообщения"), "{text}");
    assert!(
        text.contains("<b>Пропуск</b> готов"),
        "the preview as text: {text}"
    );
    assert!(root.query_selector("b").unwrap().is_none());
    assert!(root
        .query_selector("[data-testid=note-now]")
        .unwrap()
        .is_none());

    let moved = Notification {
        kind: NotificationKind::StatusChanged,
        status: Status::AwaitingConfirmation,
        current_status: Status::Done,
        count: 0,
        preview: None,
        ..base
    };
    let root = render_note(moved).await;
    let now = root
        .query_selector("[data-testid=note-now]")
        .unwrap()
        .expect("the status now");
    assert_eq!(now.text_content().unwrap(), "Сейчас: Выполнен");
}

#[derive(Properties, PartialEq)]
struct RunHostProps {
    message: ChatMessage,
    first: bool,
}

#[component]
fn RunHost(props: &RunHostProps) -> Html {
    html! {
        <LocaleProvider>
            <Line message={Rc::new(props.message.clone())} first={props.first} on_image={Callback::noop()} />
        </LocaleProvider>
    }
}

#[wasm_bindgen_test]
async fn long_messages_fold_and_an_authors_run_names_them_once() {
    let message = ChatMessage {
        seq: 9,
        id: "m-1".into(),
        order_id: 7,
        author: Some(Person {
            id: 3,
            name: "Светлана Орлова".into(),
            company: None,
        }),
        from_staff: true,
        mine: false,
        body: "Очень длинное сообщение. ".repeat(60),
        status: None,
        attachments: vec![],
        created_at: "2026-11-27T07:30:00Z".into(),
    };
    let root = mount::<RunHost>(RunHostProps {
        message: message.clone(),
        first: false,
    })
    .await;
    assert!(
        root.query_selector(".chat-line__who").unwrap().is_none(),
        "the name stands on the run's first line only"
    );
    assert_eq!(
        root.query_selector(".chat-line__meta time")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "10:30",
        "the time only: the day is in its separator"
    );
    let more: web_sys::HtmlElement = wasm_bindgen::JsCast::dyn_into(
        root.query_selector("[data-testid=chat-unfold]")
            .unwrap()
            .expect("«Показать полностью»"),
    )
    .unwrap();
    assert_eq!(more.text_content().unwrap(), "Показать полностью");
    assert!(root
        .query_selector(".chat-line__body--folded")
        .unwrap()
        .is_some());
    more.click();
    yew::scheduler::flush().await;
    assert!(root
        .query_selector(".chat-line__body--folded")
        .unwrap()
        .is_none());
    assert!(root
        .query_selector("[data-testid=chat-unfold]")
        .unwrap()
        .is_none());
}

#[derive(Properties, PartialEq)]
struct BlockedHostProps {
    pending: Pending,
    removed: Callback<(String, u32)>,
}

#[component]
fn BlockedHost(props: &BlockedHostProps) -> Html {
    html! {
        <LocaleProvider>
            <PendingLine pending={props.pending.clone()} on_retry={Callback::noop()} on_discard={Callback::noop()}
                         on_remove_file={props.removed.clone()} />
        </LocaleProvider>
    }
}

#[wasm_bindgen_test]
async fn a_refused_file_is_named_with_the_reason_and_holds_the_message() {
    let removed = Rc::new(std::cell::RefCell::new(None));
    let pending = Pending {
        id: "p-2".into(),
        body: "Программа во вложении".into(),
        files: vec![PickedFile {
            key: 4,
            name: "setup.exe".into(),
            size: 2048,
            progress: 1.0,
            upload_id: None,
            refused: Some(ApiError::reason_only(422, ErrorReason::FileTypeRefused)),
        }],
        state: SendState::Blocked,
    };
    let sink = removed.clone();
    let root = mount::<BlockedHost>(BlockedHostProps {
        pending,
        removed: Callback::from(move |v| *sink.borrow_mut() = Some(v)),
    })
    .await;
    let text = root.text_content().unwrap();
    assert!(
        text.contains("«setup.exe»: такой тип файла не принимается"),
        "{text}"
    );
    assert!(
        text.contains("Не отправлено") && text.contains("Уберите файл"),
        "{text}"
    );
    let remove: web_sys::HtmlElement = wasm_bindgen::JsCast::dyn_into(
        root.query_selector("[data-testid=remove-refused]")
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    remove.click();
    assert_eq!(*removed.borrow(), Some(("p-2".to_string(), 4)));
}

#[derive(Properties, PartialEq)]
struct ErrorHostProps {
    error: ApiError,
}

#[component]
fn ErrorHost(props: &ErrorHostProps) -> Html {
    html! { <LocaleProvider><ErrorBox error={props.error.clone()} on_retry={Callback::noop()} /></LocaleProvider> }
}

#[wasm_bindgen_test]
async fn an_error_is_worded_from_its_reason_never_the_servers_sentence() {
    let error = ApiError::from_http(
        409,
        r#"{"code":"conflict","reason":"not_allowed_now","message":"This action is not available in the order's current status"}"#,
    );
    let root = mount::<ErrorHost>(ErrorHostProps { error }).await;
    let text = root.text_content().unwrap();
    assert!(!text.contains("This action"), "{text}");
    assert!(text.contains("Сейчас это действие недоступно"), "{text}");
}

#[function_component]
fn ThemedHost() -> Html {
    let theme = kabinet::hooks::Theme {
        accent: "rgb(1, 2, 3)".into(),
        ..Default::default()
    };
    html! {
        <kabinet::hooks::ThemeProvider {theme}>
            <p class="themed">{ "x" }</p>
        </kabinet::hooks::ThemeProvider>
    }
}

/// The theme (what a portal will feed) becomes the document's CSS variables.
#[wasm_bindgen_test]
async fn the_theme_sets_the_css_variables() {
    let doc = gloo_utils::document();
    mount::<ThemedHost>(()).await;
    let style = gloo_utils::window()
        .get_computed_style(&doc.document_element().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(
        style.get_property_value("--accent").unwrap().trim(),
        "rgb(1, 2, 3)"
    );
    assert_eq!(style.get_property_value("--radius").unwrap().trim(), "12px");
}

// Sharing and tickets (order view)

mod sharing {
    use super::*;
    use kabinet::components::notification_bell::NotificationItem;
    use kabinet::components::sharing::{Picker, Source, VisitorsBlock};
    use kabinet::hooks::SessionProvider;
    use kabinet::state::sharing::Pick;
    use kabinet_core::{Notification, NotificationKind};
    use wasm_bindgen::JsCast;

    fn person(id: i64, name: &str, company: Option<&str>) -> Person {
        Person {
            id,
            name: name.into(),
            company: company.map(Into::into),
        }
    }

    #[derive(Properties, PartialEq)]
    struct VisitorsHostProps {
        order: Rc<OrderView>,
    }

    #[component]
    fn VisitorsHost(props: &VisitorsHostProps) -> Html {
        html! {
            <LocaleProvider><SessionProvider>
                <VisitorsBlock order={props.order.clone()} on_order={Callback::noop()} />
            </SessionProvider></LocaleProvider>
        }
    }

    fn booking(actions: Vec<Action>) -> OrderView {
        let mut o = order(Kind::Booking, Status::New, 0, 0, true);
        o.visitors = vec![
            person(1, "Анна Иванова", Some("Альфа")),
            person(3, "Вера <i>Смирнова</i>", Some("Бета")),
        ];
        o.actions = actions;
        o
    }

    fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
        let list = root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.text_content().unwrap_or_default())
            .collect()
    }

    #[wasm_bindgen_test]
    async fn the_visitors_block_lists_the_owner_and_visitors_and_offers_share_only_when_allowed() {
        let root = mount::<VisitorsHost>(VisitorsHostProps {
            order: Rc::new(booking(vec![Action::Cancel, Action::Share])),
        })
        .await;
        let people = texts(&root, ".people__item");
        assert_eq!(people.len(), 2, "{people:?}");
        assert!(people[0].contains("Анна Иванова") && people[0].contains("Владелец"));
        assert!(people[1].contains("Вера <i>Смирнова</i>") && people[1].contains("Бета"));
        assert!(root.query_selector("i").unwrap().is_none(), "names as text");
        assert_eq!(texts(&root, "[data-action=share]"), ["Поделиться"]);
        // The owner may remove a visitor (not themselves), by a labelled button.
        let remove = root.query_selector(".people__remove").unwrap().unwrap();
        assert_eq!(
            remove.get_attribute("aria-label").as_deref(),
            Some("Убрать доступ: Вера <i>Смирнова</i>")
        );
        assert_eq!(
            root.query_selector_all(".people__remove").unwrap().length(),
            1
        );

        // Cancelled, done or over: the rules leave `share` out, and so does the block.
        let root = mount::<VisitorsHost>(VisitorsHostProps {
            order: Rc::new(booking(vec![Action::Repeat])),
        })
        .await;
        assert_eq!(texts(&root, ".people__item").len(), 2);
        assert!(root
            .query_selector("[data-action=share]")
            .unwrap()
            .is_none());
        assert!(root.query_selector(".people__remove").unwrap().is_none());

        // Not a booking: no block.
        let mut o = booking(vec![Action::Share]);
        o.kind = Kind::Goods;
        let root = mount::<VisitorsHost>(VisitorsHostProps { order: Rc::new(o) }).await;
        assert!(root
            .query_selector("[data-block=visitors]")
            .unwrap()
            .is_none());
    }

    fn found(id: i64, name: &str, company: Option<&str>) -> Pick {
        Pick {
            id,
            name: name.into(),
            company: company.map(Into::into),
            kind: None,
        }
    }

    #[component]
    fn PickerHost() -> Html {
        let picked = use_state(|| vec![found(3, "Вера Смирнова", Some("Бета"))]);
        let on_change = {
            let picked = picked.clone();
            Callback::from(move |v: Vec<Pick>| picked.set(v))
        };
        // Stands in for a choice from the list (which needs the server).
        let add = {
            let (picked, on_change) = (picked.clone(), on_change.clone());
            Callback::from(move |_: MouseEvent| {
                on_change.emit(kabinet::state::sharing::pick(
                    &picked,
                    found(2, "Борис Петров", None),
                    true,
                ))
            })
        };
        html! {
            <LocaleProvider><SessionProvider>
                <Picker id="p" label={T::UserField} placeholder={T::UserPlaceholder}
                        source={Source::People(None)} picked={(*picked).clone()} {on_change} />
                <button id="add" onclick={add}>{ "+" }</button>
            </SessionProvider></LocaleProvider>
        }
    }

    fn click(root: &web_sys::Element, selector: &str) {
        root.query_selector(selector)
            .unwrap()
            .unwrap()
            .dyn_into::<web_sys::HtmlElement>()
            .unwrap()
            .click();
    }

    #[wasm_bindgen_test]
    async fn the_pickers_chips_come_and_go() {
        let root = mount::<PickerHost>(()).await;
        assert_eq!(texts(&root, "label"), ["Пользователь"]);
        let input = root.query_selector("input#p").unwrap().unwrap();
        assert_eq!(input.get_attribute("role").as_deref(), Some("combobox"));
        assert_eq!(
            input.get_attribute("aria-expanded").as_deref(),
            Some("false")
        );
        assert_eq!(texts(&root, ".pick > span"), ["Вера Смирнова (Бета)"]);
        click(&root, "#add");
        yew::scheduler::flush().await;
        click(&root, "#add");
        yew::scheduler::flush().await;
        assert_eq!(
            texts(&root, ".pick > span"),
            ["Вера Смирнова (Бета)", "Борис Петров"],
            "a person is picked once"
        );
        let remove = root.query_selector(".pick__remove").unwrap().unwrap();
        assert_eq!(
            remove.get_attribute("aria-label").as_deref(),
            Some("Убрать: Вера Смирнова")
        );
        click(&root, ".pick__remove");
        yew::scheduler::flush().await;
        assert_eq!(texts(&root, ".pick > span"), ["Борис Петров"]);
        click(&root, ".pick__remove");
        yew::scheduler::flush().await;
        assert!(root.query_selector(".picks").unwrap().is_none());
    }

    #[derive(Properties, PartialEq)]
    struct NoteHostProps {
        notification: Notification,
    }

    #[component]
    fn NoteHost(props: &NoteHostProps) -> Html {
        html! {
            <LocaleProvider>
                <ul><NotificationItem notification={props.notification.clone()} on_open={Callback::noop()} /></ul>
            </LocaleProvider>
        }
    }

    #[wasm_bindgen_test]
    async fn a_notification_about_someone_elses_order_opens_the_calendar_or_bookings() {
        let base = Notification {
            id: 1,
            kind: NotificationKind::AccessGranted,
            order_id: 7,
            order_number: "10007".into(),
            service_name: "Переговорная Java".into(),
            status: Status::New,
            current_status: Status::New,
            actor: Some("Анна Иванова".into()),
            count: 0,
            preview: None,
            created_at: "2026-11-27T07:30:00Z".into(),
            read: false,
            opens_order: false,
            subject: None,
            service_at: None,
        };
        for (kind, opens_order, href) in [
            (NotificationKind::AccessGranted, false, "/calendar"),
            (NotificationKind::TicketReceived, false, "/bookings"),
            (NotificationKind::TicketPassedOn, false, "/bookings"),
            (NotificationKind::TicketPassedOn, true, "/orders/7"),
        ] {
            let notification = Notification {
                kind,
                opens_order,
                ..base.clone()
            };
            let root = mount::<NoteHost>(NoteHostProps { notification }).await;
            let link = root.query_selector("a").unwrap().unwrap();
            assert_eq!(
                link.get_attribute("href").as_deref(),
                Some(href),
                "{kind:?}"
            );
            // Someone else's order: its number is not shown.
            let text = root.text_content().unwrap();
            assert_eq!(text.contains("10007"), opens_order, "{text}");
        }
        // With the booking's start, the calendar opens at its week (Monday, site zone).
        let notification = Notification {
            service_at: Some("2026-11-29T08:00:00Z".into()),
            ..base.clone()
        };
        let root = mount::<NoteHost>(NoteHostProps { notification }).await;
        let link = root.query_selector("a").unwrap().unwrap();
        assert_eq!(
            link.get_attribute("href").as_deref(),
            Some("/calendar?week=2026-11-23")
        );
    }
}

// ---- issue 9: «Мой календарь» and «Мои бронирования» ---------------------------

mod calendar_cards {
    use super::*;
    use kabinet::components::CalendarCard;
    use kabinet::state::calendar::{parse_instant, Week};
    use kabinet_core::{CalendarEntry, Holding};

    fn entry(holding: Holding, order_id: Option<i64>) -> CalendarEntry {
        let anna = Person {
            id: 1,
            name: "Анна Иванова".into(),
            company: Some("Альфа".into()),
        };
        CalendarEntry {
            key: format!("{}-{order_id:?}", holding.as_str()),
            order_id,
            kind: Kind::Booking,
            status: Status::New,
            holding,
            title: "Переговорная Java".into(),
            place: Some("Башня А, этаж 3".into()),
            starts_at: "2026-11-27T11:00:00Z".into(),
            ends_at: Some("2026-11-27T12:30:00Z".into()),
            by: matches!(holding, Holding::Shared | Holding::Received).then(|| anna.clone()),
            holder: (holding == Holding::PassedOn).then(|| Person {
                id: 2,
                name: "Борис Петров".into(),
                company: None,
            }),
            entry_code: None,
        }
    }

    #[derive(Properties, PartialEq)]
    struct CardHostProps {
        entry: CalendarEntry,
    }

    #[component]
    fn CardHost(props: &CardHostProps) -> Html {
        html! {
            <LocaleProvider>
                <yew_router::BrowserRouter>
                    <ul><CalendarCard entry={props.entry.clone()} /></ul>
                </yew_router::BrowserRouter>
            </LocaleProvider>
        }
    }

    async fn card(entry: CalendarEntry) -> web_sys::Element {
        with_app_css();
        mount::<CardHost>(CardHostProps { entry }).await
    }

    fn cursor(e: &web_sys::Element) -> String {
        web_sys::window()
            .unwrap()
            .get_computed_style(e)
            .unwrap()
            .unwrap()
            .get_property_value("cursor")
            .unwrap()
    }

    #[wasm_bindgen_test]
    async fn a_shared_card_says_room_access_and_opens_nothing() {
        // Even were the server to name the order, a shared card does not open it.
        for (holding, mark) in [
            (Holding::Shared, "Доступ в помещение"),
            (Holding::Received, "Билет передан вам"),
        ] {
            for order_id in [None, Some(9)] {
                let root = card(entry(holding, order_id)).await;
                let text = root.text_content().unwrap();
                for part in [mark, "Переговорная Java", "Башня А, этаж 3", "Анна Иванова"]
                {
                    assert!(text.contains(part), "{part} in {text}");
                }
                assert!(text.contains("14:00") && text.contains("15:30"), "{text}");
                assert!(
                    root.query_selector("a, [href]").unwrap().is_none(),
                    "no link"
                );
                assert!(
                    root.query_selector("[tabindex], button").unwrap().is_none(),
                    "nothing to focus"
                );
                let c = root.query_selector(".cal-card").unwrap().unwrap();
                assert_ne!(cursor(&c), "pointer");
            }
        }
    }

    #[wasm_bindgen_test]
    async fn an_own_card_is_a_link_to_its_order() {
        let root = card(entry(Holding::Own, Some(42))).await;
        let link = root.query_selector("a").unwrap().unwrap();
        assert_eq!(link.get_attribute("href").as_deref(), Some("/orders/42"));
        assert_eq!(cursor(&link), "pointer");
        let text = link.text_content().unwrap();
        assert!(text.contains("Переговорная Java"), "{text}");
        assert!(!text.contains("Доступ в помещение"), "{text}");
        // A ticket passed on is still the buyer's order, and says to whom it went.
        let root = card(entry(Holding::PassedOn, Some(43))).await;
        let link = root.query_selector("a").unwrap().unwrap();
        assert_eq!(link.get_attribute("href").as_deref(), Some("/orders/43"));
        assert!(link
            .text_content()
            .unwrap()
            .contains("Билет передан: Борис Петров"));
    }

    #[wasm_bindgen_test]
    fn weeks_start_at_the_sites_midnight_through_intl() {
        let at = |s: &str| parse_instant(s).unwrap();
        assert_eq!(
            format::zone_offset(at("2026-07-01T00:00:00Z"), "Europe/Berlin"),
            7200
        );
        assert_eq!(
            format::zone_offset(at("2026-12-01T00:00:00Z"), "Europe/Berlin"),
            3600
        );
        assert_eq!(
            format::zone_offset(at("2026-12-01T00:00:00Z"), "Europe/Moscow"),
            10800
        );
        assert_eq!(format::zone_offset(at("2026-12-01T00:00:00Z"), "UTC"), 0);
        let offset = |s: i64| format::zone_offset(s, "Europe/Moscow");
        let week = Week::containing(kabinet::state::calendar::parse_date("2026-11-27").unwrap());
        assert_eq!(
            week.window(&offset).0,
            "2026-11-22T21:00:00Z",
            "Monday 00:00 in Moscow"
        );
        assert_eq!(
            format::day_range(week.monday, week.sunday(), Lang::Ru),
            "23–29 нояб. 2026 г."
        );
        assert_eq!(
            format::day(week.monday, Lang::Ru, DateStyle::Day),
            "пн, 23 нояб."
        );
    }
}

#[derive(Properties, PartialEq)]
struct QrHostProps {
    code: String,
}

#[component]
fn QrHost(props: &QrHostProps) -> Html {
    kabinet::components::ticket_qr::qr_svg(&props.code)
}

/// The modules the drawn QR code's path paints dark, as a grid of `side` squares.
fn dark_modules(root: &web_sys::Element) -> (usize, Vec<bool>) {
    let svg = root.query_selector("svg").unwrap().expect("an svg");
    let view: Vec<usize> = svg
        .get_attribute("viewBox")
        .unwrap()
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    let side = view[2];
    let d = root
        .query_selector("path")
        .unwrap()
        .expect("a path")
        .get_attribute("d")
        .unwrap();
    let mut grid = vec![false; side * side];
    for square in d.split('M').filter(|s| !s.is_empty()) {
        let xy: Vec<usize> = square
            .trim_end_matches("h1v1h-1z")
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        grid[xy[1] * side + xy[0]] = true;
    }
    (side, grid)
}

#[wasm_bindgen_test]
async fn the_drawn_qr_code_reads_back_as_the_ticket_code() {
    let code = "82AGF4T7BZ78Q6QM33YVKS5CEQAZ";
    let root = mount::<QrHost>(QrHostProps { code: code.into() }).await;
    let (side, grid) = dark_modules(&root);
    assert_eq!(side, 25 + 8, "version 2 with a quiet zone of four");
    // Scaled up as a camera would see it, and decoded.
    let scale = 8;
    let mut img =
        rqrr::PreparedImage::prepare_from_greyscale(side * scale, side * scale, |x, y| {
            if grid[(y / scale) * side + x / scale] {
                0
            } else {
                255
            }
        });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    let (_, content) = grids[0].decode().expect("a readable QR code");
    assert_eq!(content, code);
}

#[wasm_bindgen_test]
async fn an_event_ticket_in_progress_offers_its_qr_code() {
    let root = render_header(order(Kind::Event, Status::InProgress, 500, 500, true)).await;
    assert!(actions_shown(&root).contains(&"show_qr".to_string()));
    assert!(root.text_content().unwrap().contains("QR-билета"));
    let done = render_header(order(Kind::Event, Status::Done, 500, 500, true)).await;
    assert!(!actions_shown(&done).contains(&"show_qr".to_string()));
}

// Ordering: the order form of every kind, rendered from its state.
mod ordering {
    use super::*;
    use kabinet::components::order_form::{use_focus_refusal, view, FormView};
    use kabinet::hooks::use_locale;
    use kabinet::hooks::Remote;
    use kabinet::state::order_form::{FormMsg, FormState, PlaceField};
    use kabinet_core::{
        due_on_placing, quote, Availability, DeliveryPlace, Offer, OrderFormSpec, PayerKind,
        PayerOption, SavedPlace, Unit,
    };

    fn spec() -> OrderFormSpec {
        let offer = |id, name: &str, amount| Offer {
            id,
            name: name.into(),
            unit: Unit::Piece,
            price: rub(amount),
            description: None,
            guests_max: None,
        };
        OrderFormSpec {
            service: order(Kind::Goods, Status::New, 0, 0, true).service,
            offers: vec![offer(1, "Капучино", 25_000), offer(2, "Круассан", 18_000)],
            fields: vec![],
            booking: None,
            places: vec![SavedPlace {
                id: 9,
                place: DeliveryPlace {
                    building: "Башня А".into(),
                    floor: Some("3".into()),
                    room: None,
                    note: None,
                },
            }],
            payers: vec![
                PayerOption {
                    kind: PayerKind::User,
                    name: "Анна Иванова".into(),
                },
                PayerOption {
                    kind: PayerKind::Company,
                    name: "ООО Альфа".into(),
                },
            ],
            events: vec![],
            today: "2026-11-28".into(),
            last_day: "2027-02-26".into(),
            prepayment_percent: 50,
        }
    }

    #[derive(Properties, PartialEq)]
    struct FormHostProps {
        spec: Rc<OrderFormSpec>,
        init: FormState,
    }

    /// The form over a real reducer (its messages change it), without a server.
    #[component]
    fn FormHost(props: &FormHostProps) -> Html {
        html! {
            <LocaleProvider><FormInner spec={props.spec.clone()} init={props.init.clone()} /></LocaleProvider>
        }
    }

    #[component]
    fn FormInner(props: &FormHostProps) -> Html {
        let init = props.init.clone();
        let state = use_reducer(move || init);
        use_focus_refusal(&state);
        let free = Remote::Ready(Rc::new(Availability {
            days: vec![],
            events: vec![],
        }));
        view(
            FormView {
                spec: &props.spec,
                state: &state,
                availability: &free,
                reload: &Callback::noop(),
                send: state.dispatcher().to_callback(),
                submit: &Callback::noop(),
                upload: &Callback::noop(),
            },
            &use_locale(),
        )
    }

    fn text_of(root: &web_sys::Element, sel: &str) -> String {
        root.query_selector(sel)
            .unwrap()
            .unwrap_or_else(|| panic!("{sel}"))
            .text_content()
            .unwrap()
    }

    fn value_of(root: &web_sys::Element, sel: &str) -> String {
        let el = root
            .query_selector(sel)
            .unwrap()
            .unwrap_or_else(|| panic!("{sel}"));
        wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(el)
            .unwrap()
            .value()
    }

    #[wasm_bindgen_test]
    async fn the_goods_form_lists_items_and_prices_them_with_the_shared_quote() {
        let sp = spec();
        let mut init = FormState::new(&sp, "Анна Иванова", None);
        init.apply(FormMsg::Quantity(1, 3));
        init.apply(FormMsg::Quantity(2, 2));
        let root = mount::<FormHost>(FormHostProps {
            spec: Rc::new(sp.clone()),
            init: init.clone(),
        })
        .await;
        assert_eq!(root.query_selector_all(".goods__item").unwrap().length(), 2);
        assert_eq!(value_of(&root, "#of-item-1"), "3");
        let total = quote(&sp.service, &sp.offers, &init.request())
            .unwrap()
            .total;
        assert_eq!(total, 111_000);
        let money = |a| format::money(&rub(a), Lang::Ru);
        assert_eq!(text_of(&root, "[data-testid=price-total]"), money(total));
        assert_eq!(
            text_of(&root, "[data-testid=due-now]"),
            money(due_on_placing(total, Some(50)))
        );
        assert!(text_of(&root, ".price").contains("Предоплата 50%"));
        assert_eq!(
            text_of(&root, "[data-testid=place-order]"),
            "Заказать и оплатить"
        );
        // Two payers: the user chooses; the saved place is chosen first.
        assert!(text_of(&root, "#of-payer").contains("ООО Альфа"));
        // «+» adds one and the total follows.
        let plus = root
            .query_selector("[data-offer='2'] .stepper__button:last-child")
            .unwrap()
            .unwrap();
        wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(plus)
            .unwrap()
            .click();
        yew::scheduler::flush().await;
        assert_eq!(value_of(&root, "#of-item-2"), "3");
        assert_eq!(text_of(&root, "[data-testid=price-total]"), money(129_000));
        // Steppers are big enough to tap.
        with_app_css();
        let b = root.query_selector(".stepper__button").unwrap().unwrap();
        assert!(rect(&b).height() >= 44.0 && rect(&b).width() >= 44.0);
    }

    #[wasm_bindgen_test]
    async fn a_refused_building_is_told_by_its_input_which_keeps_what_was_typed() {
        let sp = spec();
        let mut init = FormState::new(&sp, "Анна Иванова", None);
        init.apply(FormMsg::Quantity(1, 1));
        init.apply(FormMsg::Place(None));
        init.apply(FormMsg::PlaceText(PlaceField::Building, "Башня Б".into()));
        init.apply(FormMsg::PlaceText(PlaceField::Room, "301".into()));
        init.apply(FormMsg::Start("k1".into()));
        init.apply(FormMsg::Failed(ApiError::from_http(
            422,
            r#"{"code":"validation","reason":"invalid","message":"Unknown building","field":"new_place.building"}"#,
        )));
        let root = mount::<FormHost>(FormHostProps {
            spec: Rc::new(sp),
            init,
        })
        .await;
        yew::scheduler::flush().await;
        let input = root
            .query_selector("#of-new_place-building")
            .unwrap()
            .unwrap();
        assert_eq!(value_of(&root, "#of-new_place-building"), "Башня Б");
        assert_eq!(value_of(&root, "#of-new_place-room"), "301");
        assert_eq!(value_of(&root, "#of-item-1"), "1");
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
        let described = input.get_attribute("aria-describedby").unwrap();
        let error = gloo_utils::document()
            .get_element_by_id(&described)
            .unwrap();
        assert_eq!(error.text_content().unwrap(), "Недопустимое значение.");
        assert!(
            input.parent_element().unwrap().contains(Some(&error)),
            "the words stand by the input"
        );
        assert_eq!(
            active_element_id().as_deref(),
            Some("of-new_place-building")
        );
        // The other fields are not blamed.
        assert_eq!(
            root.query_selector("#of-new_place-room")
                .unwrap()
                .unwrap()
                .get_attribute("aria-invalid")
                .as_deref(),
            Some("false")
        );
    }

    #[wasm_bindgen_test]
    async fn booking_slots_are_buttons_that_say_when_taken_and_hours_fit_the_free_run() {
        use kabinet::state::order_form::FormState;
        use kabinet_core::{BookingRules, DayAvailability, HourSlot};
        let mut sp = spec();
        sp.service.kind = Kind::Booking;
        sp.service.price = Some(rub(150_000));
        sp.offers.clear();
        sp.booking = Some(BookingRules {
            opens_hour: 9,
            closes_hour: 13,
            max_hours: 4,
        });
        let slot = |t: &str, free| HourSlot {
            time: t.into(),
            free,
        };
        let av = Availability {
            days: vec![DayAvailability {
                date: "2026-11-28".into(),
                slots: vec![
                    slot("09:00", true),
                    slot("10:00", true),
                    slot("11:00", false),
                    slot("12:00", true),
                ],
                offers: vec![],
            }],
            events: vec![],
        };
        let mut init = FormState::new(&sp, "Анна", None);
        init.apply(FormMsg::Time("09:00".into()));
        let root = mount::<BookingHost>(BookingHostProps {
            spec: Rc::new(sp),
            init,
            av: Rc::new(av),
        })
        .await;
        let slots = root.query_selector_all(".slot").unwrap();
        assert_eq!(slots.length(), 4);
        let el =
            |i| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(slots.item(i).unwrap()).unwrap();
        assert_eq!(el(0).tag_name(), "BUTTON");
        assert_eq!(el(0).get_attribute("aria-pressed").as_deref(), Some("true"));
        assert!(el(2).has_attribute("disabled"));
        assert!(el(2).text_content().unwrap().contains("занято"));
        // From 09:00 two hours are free in a row.
        assert_eq!(
            root.query_selector_all("#of-hours option")
                .unwrap()
                .length(),
            2
        );
        assert!(text_of(&root, "[data-testid=price-total]").contains("1\u{a0}500"));
    }

    #[derive(Properties, PartialEq)]
    struct BookingHostProps {
        spec: Rc<OrderFormSpec>,
        init: FormState,
        av: Rc<Availability>,
    }

    #[component]
    fn BookingHost(props: &BookingHostProps) -> Html {
        html! { <LocaleProvider><BookingInner spec={props.spec.clone()} init={props.init.clone()} av={props.av.clone()} /></LocaleProvider> }
    }

    #[component]
    fn BookingInner(props: &BookingHostProps) -> Html {
        let init = props.init.clone();
        let state = use_reducer(move || init);
        let av = Remote::Ready(props.av.clone());
        view(
            FormView {
                spec: &props.spec,
                state: &state,
                availability: &av,
                reload: &Callback::noop(),
                send: state.dispatcher().to_callback(),
                submit: &Callback::noop(),
                upload: &Callback::noop(),
            },
            &use_locale(),
        )
    }

    fn active_element_id() -> Option<String> {
        gloo_utils::document().active_element().map(|e| e.id())
    }
}
