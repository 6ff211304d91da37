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

/// Renders the header for `order` into a fresh element and answers the element.
async fn render_header(order: OrderView) -> web_sys::Element {
    let doc = gloo_utils::document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<HeaderHost>::with_root_and_props(
        root.clone(),
        HeaderHostProps {
            order: Rc::new(order),
        },
    )
    .render();
    yew::scheduler::flush().await;
    root
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
    // A new goods order has «Отменить заказ» and «Повторить заказ» in its menu.
    let root = render_header(order(Kind::Goods, Status::New, 0, 1000, true)).await;
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
    assert_eq!(active_action().as_deref(), Some("repeat"));
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
async fn finished_orders_have_no_menu_but_goods_can_be_repeated() {
    let root = render_header(order(Kind::Goods, Status::Done, 1000, 1000, true)).await;
    assert!(root
        .query_selector("[aria-haspopup=menu]")
        .unwrap()
        .is_none());
    assert_eq!(actions_shown(&root), ["repeat"]);
    let root = render_header(order(Kind::Service, Status::Cancelled, 0, 0, false)).await;
    assert!(actions_shown(&root).is_empty());
}

#[wasm_bindgen_test]
async fn a_prepaid_booking_offers_pay_and_a_non_cancellable_one_says_why() {
    let root = render_header(order(Kind::Booking, Status::InProgress, 500, 1000, false)).await;
    assert!(actions_shown(&root).contains(&"pay".to_string()));
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
    let doc = gloo_utils::document();
    for (status, label) in [
        (Status::RefundPending, "Отменен. Выполняется возврат"),
        (Status::New, "Новый"),
    ] {
        let root = doc.create_element("div").unwrap();
        doc.body().unwrap().append_child(&root).unwrap();
        yew::Renderer::<ChipHost>::with_root_and_props(root.clone(), ChipHostProps { status })
            .render();
        yew::scheduler::flush().await;
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
use kabinet::hooks::paged::Phase;
use kabinet::hooks::use_locale;
use kabinet::pages::DeskRow;
use kabinet_core::{DeskOrder, ErrorBody, ErrorCode, Notification, NotificationKind, OrderSummary};

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
    let doc = gloo_utils::document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<ListHost>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
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

    let error = ApiError::Http {
        status: 500,
        body: ErrorBody {
            code: ErrorCode::Internal,
            message: "Что-то сломалось".into(),
            field: None,
        },
    };
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
struct DeskHostProps {
    item: DeskOrder,
}

#[component]
fn DeskHost(props: &DeskHostProps) -> Html {
    html! {
        <LocaleProvider>
            <yew_router::BrowserRouter><DeskRow item={props.item.clone()} /></yew_router::BrowserRouter>
        </LocaleProvider>
    }
}

#[wasm_bindgen_test]
async fn a_desk_row_shows_the_customer_and_renders_their_text_as_text() {
    let item = DeskOrder {
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
    };
    let doc = gloo_utils::document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<DeskHost>::with_root_and_props(root.clone(), DeskHostProps { item }).render();
    yew::scheduler::flush().await;
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
        actor: Some("Светлана Орлова".into()),
        created_at: "2026-11-27T07:30:00Z".into(),
        read: false,
    };
    for (kind, expected) in [
        (
            NotificationKind::StatusChanged,
            "Новый статус: «Выполнен. Ожидает подтверждения»",
        ),
        (NotificationKind::ReturnedToWork, "Заказ возвращен в работу"),
        (NotificationKind::NewOrder, "Новый заказ"),
    ] {
        let doc = gloo_utils::document();
        let root = doc.create_element("div").unwrap();
        doc.body().unwrap().append_child(&root).unwrap();
        let notification = Notification {
            kind,
            ..base.clone()
        };
        yew::Renderer::<TitleHost>::with_root_and_props(
            root.clone(),
            TitleHostProps { notification },
        )
        .render();
        yew::scheduler::flush().await;
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
    let doc = gloo_utils::document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<LineHost>::with_root_and_props(root.clone(), LineHostProps { message })
        .render();
    yew::scheduler::flush().await;
    root
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
    let file =
        web_sys::File::new_with_str_sequence(&js_sys::Array::of1(&"x".into()), "план.pdf").unwrap();
    let picked = |progress: f64, refused: Option<&str>| PickedFile {
        key: 1,
        file: file.clone(),
        name: "план.pdf".into(),
        size: 1,
        progress,
        upload_id: None,
        refused: refused.map(String::from),
    };
    let doc = gloo_utils::document();
    for (state, files, expect_retry) in [
        (SendState::Sending, vec![picked(0.4, None)], false),
        (
            SendState::Failed("Не отправлено".into()),
            vec![picked(1.0, Some("«план.pdf»: not accepted"))],
            true,
        ),
    ] {
        let root = doc.create_element("div").unwrap();
        doc.body().unwrap().append_child(&root).unwrap();
        let pending = Pending {
            id: "p-1".into(),
            body: "Текст".into(),
            files,
            state,
        };
        yew::Renderer::<PendingHost>::with_root_and_props(
            root.clone(),
            PendingHostProps { pending },
        )
        .render();
        yew::scheduler::flush().await;
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
            assert_eq!(bar.get_attribute("value").as_deref(), Some("0.4"));
        }
    }
}
