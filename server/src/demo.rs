//! The demo data (`--demo`): two companies, a community, tenants, staff and an event
//! manager, services of all seven kinds, and orders of every kind in every status.
//! Times are relative to now so that upcoming bookings stay upcoming and finished
//! ones lie in the past; each order's history reads «Заказ создан · Новый» and then
//! the moves that led to its status.

use kabinet_core::{
    full_name, is_confirmable_kind, statuses_for, Action, FieldType, HistoryAction, Kind,
    PayerKind, PaymentMethod, Role, Status, Unit,
};
use rusqlite::Connection;

use crate::domain::notify::{self, Actor};
use crate::error::{AppError, AppResult};
use crate::passwords::hash_password;
use crate::storage::checkin;
use crate::storage::offers::{self, NewOffer};
use crate::storage::orders::{
    self, HotelDoc, ItemDoc, NewOrder, OrderDetails, PlaceDoc, TicketDoc,
};
use crate::storage::services::{self, BookingDoc, FieldDoc, FormFieldDoc, NewService};
use crate::storage::users::{self, NewUser};
use crate::storage::StoreError;
use crate::storage::{chat, history, Store, StoreResult};

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;
/// Roubles to kopecks.
const RUB: i64 = 100;

fn f(label: &str, value: &str) -> FieldDoc {
    FieldDoc {
        label: label.into(),
        value: value.into(),
    }
}

struct Services {
    guest_pass: i64,
    cleaning: i64,
    request: i64,
    room_java: i64,
    room_python: i64,
    coffee: i64,
    lunch: i64,
    coworking: i64,
    hotel: i64,
    meetup: i64,
    conference: i64,
}

#[allow(clippy::too_many_arguments)]
fn service(
    c: &Connection,
    kind: Kind,
    name: &str,
    description: &str,
    characteristics: Vec<FieldDoc>,
    price: Option<i64>,
    cancellable: bool,
    cancel_deadline_hours: Option<u32>,
    prepayment_percent: Option<u8>,
    additional_title: Option<&str>,
) -> StoreResult<i64> {
    services::insert(
        c,
        &NewService {
            kind,
            name: name.into(),
            description: description.into(),
            characteristics,
            price,
            cancellable,
            cancel_deadline_hours,
            auto_confirm_hours: if kind == Kind::Request { 48 } else { 72 },
            prepayment_percent,
            additional_title: additional_title.map(String::from),
            form: Vec::new(),
            booking: None,
        },
    )
}

fn services(c: &Connection) -> StoreResult<Services> {
    let s = Services {
        guest_pass: service(
            c,
            Kind::Service,
            "Запросить пропуск для гостя",
            "Разовый пропуск для гостя в бизнес-центр. Гость получает пропуск на ресепшен по паспорту или водительскому удостоверению.",
            vec![f("Срок оформления", "до 2 часов"), f("Где получить", "Ресепшен, 1 этаж, корпус А")],
            None,
            false,
            None,
            None,
            Some("Рекомендуемые услуги"),
        )?,
        cleaning: service(
            c,
            Kind::Service,
            "Дополнительная уборка офиса",
            "Влажная уборка офиса вне графика: полы, рабочие поверхности, вынос мусора.",
            vec![f("Длительность", "1–2 часа")],
            None,
            false,
            None,
            None,
            None,
        )?,
        request: service(
            c,
            Kind::Request,
            "Обращение в службу эксплуатации",
            "Сообщите о неисправности: свет, кондиционирование, сантехника, мебель. Инженер свяжется с вами в чате заказа.",
            vec![f("Время реакции", "до 4 часов в рабочее время")],
            None,
            false,
            None,
            None,
            Some("Может пригодиться"),
        )?,
        room_java: service(
            c,
            Kind::Booking,
            "Переговорная Java",
            "Переговорная на 8 человек: экран 65\", видеосвязь, маркерная доска. Корпус А, 3 этаж.",
            vec![f("Вместимость", "8 человек"), f("Оборудование", "экран 65\", камера, доска"), f("Этаж", "3")],
            Some(1500 * RUB),
            true,
            Some(2),
            None,
            Some("Закажите еще"),
        )?,
        room_python: service(
            c,
            Kind::Booking,
            "Переговорная Python",
            "Большая переговорная на 14 человек с проектором. Отмена онлайн невозможна: напишите в чат заказа.",
            vec![f("Вместимость", "14 человек"), f("Оборудование", "проектор, флипчарт")],
            Some(2500 * RUB),
            false,
            None,
            Some(50),
            None,
        )?,
        coffee: service(
            c,
            Kind::Goods,
            "Кофе в офис",
            "Кофе и выпечка из кофейни «Зерно» на 1 этаже с доставкой в офис за 15 минут.",
            vec![f("Доставка", "за 15 минут в рабочие часы кофейни, 8:00–20:00")],
            None,
            true,
            Some(1),
            Some(50),
            Some("Рекомендуемые услуги"),
        )?,
        lunch: service(
            c,
            Kind::Goods,
            "Бизнес-ланч",
            "Комплексный обед из столовой «Технопарк»: салат, суп, горячее, напиток.",
            vec![f("Доставка", "с 12:00 до 15:00")],
            Some(450 * RUB),
            true,
            Some(3),
            None,
            None,
        )?,
        coworking: service(
            c,
            Kind::Coworking,
            "Коворкинг «Точка роста» — гостевой день",
            "Рабочее место в открытом пространстве на один день: Wi‑Fi, кофе и чай, переговорные по записи.",
            vec![f("Часы работы", "8:00–22:00"), f("Этаж", "5")],
            Some(900 * RUB),
            true,
            Some(12),
            Some(50),
            Some("Закажите еще"),
        )?,
        hotel: service(
            c,
            Kind::Hotel,
            "Апарт-отель «Технопарк»",
            "Номера для командированных сотрудников в пяти минутах от офиса. Завтрак включен.",
            vec![f("Заезд", "с 14:00"), f("Выезд", "до 12:00"), f("Завтрак", "включен")],
            Some(5200 * RUB),
            true,
            Some(24),
            Some(30),
            Some("Рекомендуемые услуги"),
        )?,
        meetup: service(
            c,
            Kind::Event,
            "Митап «Rust в продакшене»",
            "Три доклада о Rust в реальных сервисах и нетворкинг. Зал «Атриум», 1 этаж.",
            vec![f("Место", "Зал «Атриум»"), f("Формат", "доклады и вопросы")],
            Some(500 * RUB),
            true,
            Some(3),
            None,
            None,
        )?,
        conference: service(
            c,
            Kind::Event,
            "Конференция «Цифровой офис 2026»",
            "Однодневная конференция об автоматизации бизнес-центров. Билеты не возвращаются.",
            vec![f("Место", "Конгресс-холл"), f("Язык", "русский")],
            Some(3000 * RUB),
            false,
            None,
            None,
            None,
        )?,
    };
    // Additional-service blocks; the goods block has more than six so that the
    // app's cap (six wide, three on a phone) shows.
    services::link_additional(c, s.guest_pass, &[s.room_java, s.coffee, s.cleaning])?;
    services::link_additional(c, s.request, &[s.cleaning, s.guest_pass])?;
    services::link_additional(c, s.room_java, &[s.coffee, s.lunch, s.guest_pass, s.hotel])?;
    services::link_additional(
        c,
        s.coffee,
        &[
            s.lunch,
            s.room_java,
            s.room_python,
            s.coworking,
            s.guest_pass,
            s.cleaning,
            s.hotel,
        ],
    )?;
    services::link_additional(c, s.coworking, &[s.coffee, s.lunch, s.room_java])?;
    services::link_additional(c, s.hotel, &[s.coworking, s.coffee, s.lunch, s.guest_pass])?;
    catalogue(c, &s)?;
    Ok(s)
}

fn offer(
    name: &str,
    unit: Unit,
    roubles: i64,
    guests_max: Option<u32>,
    stock: Option<u32>,
) -> NewOffer<'_> {
    NewOffer {
        name,
        unit,
        price: roubles * RUB,
        description: None,
        guests_max,
        stock,
        on_sale: true,
    }
}

fn field(key: &str, label: &str, field_type: FieldType, required: bool) -> FormFieldDoc {
    FormFieldDoc {
        key: key.into(),
        label: label.into(),
        field_type,
        required,
        options: Vec::new(),
        min: None,
        max: None,
    }
}

/// What the services sell, their forms and hours. The water was taken off sale:
/// the demo coffee orders have it, so repeating one shows a missing item.
fn catalogue(c: &Connection, s: &Services) -> StoreResult<()> {
    use Unit::{Day, Piece, Portion};
    offers::insert(
        c,
        s.coffee,
        &[
            offer("Капучино 300 мл", Piece, 250, None, None),
            offer("Латте 300 мл", Piece, 270, None, None),
            offer("Американо 200 мл", Piece, 200, None, None),
            offer("Круассан с миндалем", Piece, 180, None, None),
            offer("Сэндвич с курицей", Piece, 320, None, None),
            NewOffer {
                on_sale: false,
                ..offer("Вода без газа 0,5 л", Piece, 90, None, None)
            },
        ],
    )?;
    offers::insert(
        c,
        s.lunch,
        &[
            offer("Бизнес-ланч", Portion, 450, None, None),
            offer("Вегетарианский бизнес-ланч", Portion, 420, None, None),
        ],
    )?;
    offers::insert(
        c,
        s.coworking,
        &[
            offer("Гостевой день", Day, 900, None, Some(20)),
            offer("Фиксированное место", Day, 1400, None, Some(5)),
        ],
    )?;
    offers::insert(
        c,
        s.hotel,
        &[
            offer("Стандарт, одноместный", Day, 4200, Some(1), Some(3)),
            offer("Стандарт, двухместный", Day, 5200, Some(2), Some(2)),
            offer("Студия", Day, 7800, Some(3), Some(1)),
        ],
    )?;
    offers::insert(
        c,
        s.meetup,
        &[
            offer("Стандартный", Piece, 500, None, Some(80)),
            offer("С нетворкинг-ужином", Piece, 1500, None, Some(20)),
        ],
    )?;
    offers::insert(
        c,
        s.conference,
        &[
            offer("Стандартный", Piece, 3000, None, Some(200)),
            offer("VIP", Piece, 9000, None, Some(10)),
        ],
    )?;
    let hours = BookingDoc {
        opens_hour: 8,
        closes_hour: 21,
        max_hours: 8,
    };
    services::set_booking(c, s.room_java, &hours)?;
    services::set_booking(c, s.room_python, &hours)?;
    services::set_form(
        c,
        s.guest_pass,
        &[
            field("guest_name", "ФИО гостя", FieldType::Text, true),
            field("visit_date", "Дата визита", FieldType::Date, true),
            FormFieldDoc {
                options: vec![
                    "до 12:00".into(),
                    "12:00–15:00".into(),
                    "после 15:00".into(),
                ],
                ..field("arrival", "Время прихода", FieldType::Choice, true)
            },
            field("car", "Автомобиль", FieldType::YesNo, false),
            field("plate", "Госномер автомобиля", FieldType::Text, false),
            field("document", "Скан документа", FieldType::File, false),
        ],
    )?;
    services::set_form(
        c,
        s.cleaning,
        &[
            field("office", "Офис", FieldType::Text, true),
            field("date", "Дата", FieldType::Date, true),
            FormFieldDoc {
                min: Some(1),
                max: Some(10),
                ..field("rooms", "Количество помещений", FieldType::Number, true)
            },
            field("wishes", "Пожелания", FieldType::Text, false),
        ],
    )?;
    Ok(())
}

/// What differs between the demo orders; the rest comes from the kind.
struct Spec {
    service: i64,
    kind: Kind,
    name: &'static str,
    status: Status,
    ago: i64,
}

/// What an order of `kind` holds and shows. `nth` counts the service's demo
/// orders before this one: each order that holds a slot, a room or a seat gets
/// its own day or hours from it, so that nothing is sold twice (a finished one
/// further back in the past, an upcoming one further ahead).
fn details_for(
    kind: Kind,
    service_name: &str,
    now: i64,
    holder_name: &str,
    status: Status,
    nth: i64,
) -> (OrderDetails, Option<i64>, Option<i64>, Option<String>) {
    let done = status == Status::Done;
    let mut d = OrderDetails::default();
    // Service times fall on whole hours: `msk(days, hour)` is that Moscow hour
    // (UTC+3) `days` from today. A finished order's service lies in the past.
    let today = now - now.rem_euclid(DAY);
    let msk = |days: i64, hour: i64| {
        let days = if done { days - 9 } else { days };
        today + days * DAY + (hour - 3) * HOUR
    };
    // Days to move a held order by: ahead for upcoming ones, back for finished.
    let spread = |per_order: i64| {
        if done {
            -nth * per_order
        } else {
            nth * per_order
        }
    };
    let mut at = None;
    let mut end = None;
    let mut comment = None;
    match kind {
        Kind::Service => {
            d.form_fields = if service_name.contains("пропуск") {
                vec![
                    f("ФИО гостя", "Смирнов Пётр Алексеевич"),
                    f("Дата визита", "по договоренности, будний день"),
                    f("Офис", "Корпус А, офис 412"),
                    f("Автомобиль", "Нет"),
                ]
            } else {
                vec![
                    f("Офис", "Корпус А, офис 412"),
                    f("Пожелания", "После 18:00, пожалуйста"),
                ]
            };
        }
        Kind::Request => {
            d.form_fields = vec![
                f("Тема", "Не работает кондиционер"),
                f("Помещение", "Корпус А, офис 412"),
                f(
                    "Описание",
                    "Кондиционер включается, но дует теплым воздухом. <b>Срочно</b>, жарко!",
                ),
            ];
        }
        Kind::Booking => {
            // Upcoming bookings take the afternoons from tomorrow on, three a day,
            // so the mornings of today, tomorrow and the day after stay free (the
            // end-to-end tests book 10:00–12:00 there). A cancelled one holds
            // nothing: it keeps the day after tomorrow's 11:00, which a repeat copies.
            let (day, hour) = match status {
                Status::Cancelled | Status::RefundPending => (2, 11),
                _ if done => (2 - nth, 11),
                _ => (1 + nth / 3, 14 + 2 * (nth % 3)),
            };
            at = Some(msk(day, hour));
            end = Some(msk(day, hour + 2));
            d.items = vec![ItemDoc {
                name: service_name.to_string(),
                quantity: 2,
                unit: Unit::Hour,
                unit_price: if service_name.contains("Python") {
                    2500 * RUB
                } else {
                    1500 * RUB
                },
            }];
            comment = Some("Нужна видеосвязь с партнерами из Новосибирска".into());
        }
        Kind::Goods => {
            at = Some(msk(1, 10));
            d.items = vec![
                ItemDoc {
                    name: "Капучино 300 мл".into(),
                    quantity: 3,
                    unit: Unit::Piece,
                    unit_price: 250 * RUB,
                },
                ItemDoc {
                    name: "Круассан с миндалем".into(),
                    quantity: 2,
                    unit: Unit::Piece,
                    unit_price: 180 * RUB,
                },
                ItemDoc {
                    name: "Вода без газа 0,5 л".into(),
                    quantity: 4,
                    unit: Unit::Piece,
                    unit_price: 90 * RUB,
                },
            ];
            d.delivery_place = Some(PlaceDoc {
                building: "Корпус А".into(),
                floor: Some("4".into()),
                room: Some("Офис 412".into()),
                note: Some("Оставить на ресепшен компании".into()),
            });
            comment = Some("Без сахара, пожалуйста".into());
        }
        Kind::Coworking => {
            // A day each, so no day has more guests than seats.
            let day = 1 + spread(1);
            at = Some(msk(day, 8));
            end = Some(msk(day, 22));
            d.ticket = Some(TicketDoc {
                valid_from: msk(day, 8),
                valid_to: msk(day, 22),
                tariff: "Гостевой день".into(),
                place: Some("Открытое пространство, 5 этаж".into()),
            });
        }
        Kind::Hotel => {
            // Three nights each, one stay after another: no night has more guests
            // in the double rooms than there are rooms.
            let first = 5 + spread(3);
            at = Some(msk(first, 14));
            end = Some(msk(first + 3, 12));
            d.hotel = Some(HotelDoc {
                check_in: msk(first, 14),
                check_out: msk(first + 3, 12),
                room: "Стандарт, двухместный, № 214".into(),
                guests: vec![holder_name.to_string(), "Кузнецов Дмитрий".into()],
            });
        }
        Kind::Event => {
            at = Some(msk(6, 19));
            end = Some(msk(6, 22));
        }
    }
    (d, at, end, comment)
}

/// Price, paid and method for a demo order: some paid, some prepaid, some unpaid.
fn money_for(
    kind: Kind,
    status: Status,
    details: &OrderDetails,
    seq: usize,
) -> (Option<i64>, i64, Option<PaymentMethod>) {
    let total = match kind {
        Kind::Service | Kind::Request => return (None, 0, None),
        Kind::Booking | Kind::Goods => details
            .items
            .iter()
            .map(|i| i.unit_price * i64::from(i.quantity))
            .sum(),
        Kind::Coworking => 900 * RUB,
        Kind::Hotel => 3 * 5200 * RUB,
        Kind::Event => 500 * RUB,
    };
    let paid = match status {
        Status::RefundPending => total,
        Status::Cancelled => 0,
        Status::Done => total,
        // Active orders alternate: prepaid with a remainder, paid in full, unpaid.
        _ => match seq % 3 {
            0 => total / 2,
            1 => total,
            _ => 0,
        },
    };
    let method = (paid > 0).then(|| {
        if seq.is_multiple_of(2) {
            PaymentMethod::Card
        } else {
            PaymentMethod::Invoice
        }
    });
    (Some(total), paid, method)
}

/// Who moves the demo orders along.
#[derive(Clone, Copy)]
struct Crew {
    staff: i64,
    events: i64,
}

/// The moves that lead a new order of `kind` to `status`: (action, by whom, to).
fn path_to(kind: Kind, status: Status, owner: i64, crew: Crew) -> Vec<(Action, i64, Status)> {
    use Status::*;
    let take = (Action::TakeIntoWork, crew.staff, InProgress);
    let confirmable = is_confirmable_kind(kind);
    match status {
        New => vec![],
        InProgress => vec![take],
        AwaitingConfirmation => vec![
            take,
            (
                Action::MarkAwaitingConfirmation,
                crew.staff,
                AwaitingConfirmation,
            ),
        ],
        Done if confirmable => vec![
            take,
            (
                Action::MarkAwaitingConfirmation,
                crew.staff,
                AwaitingConfirmation,
            ),
            (Action::ConfirmCompletion, owner, Done),
        ],
        Done if kind == Kind::Event => vec![take, (Action::CheckIn, crew.events, Done)],
        Done => vec![take, (Action::Complete, crew.staff, Done)],
        Cancelled if confirmable => vec![(Action::Close, owner, Cancelled)],
        Cancelled => vec![(Action::Cancel, owner, Cancelled)],
        RefundPending => vec![take, (Action::Cancel, owner, RefundPending)],
    }
}

#[allow(clippy::too_many_arguments)]
fn order(
    c: &Connection,
    user_id: i64,
    user_name: &str,
    company: &str,
    spec: &Spec,
    now: i64,
    seq: usize,
    crew: Crew,
) -> StoreResult<i64> {
    let done = spec.status == Status::Done;
    let nth: i64 = c
        .prepare_cached("SELECT count(*) FROM orders WHERE service_id = ?1")?
        .query_row([spec.service], |r| r.get(0))?;
    let (details, at, end, comment) =
        details_for(spec.kind, spec.name, now, user_name, spec.status, nth);
    let (total, paid, method) = money_for(spec.kind, spec.status, &details, seq);
    let payer = method.as_ref().map(|_| {
        if seq.is_multiple_of(2) {
            user_name.to_string()
        } else {
            format!("ООО «{company}»")
        }
    });
    let created_at = now - spec.ago;
    let path = path_to(spec.kind, spec.status, user_id, crew);
    // The moves are spread between the order's creation and an hour ago; the last
    // one of an order awaiting confirmation is three hours ago, well inside the
    // auto-confirm time.
    let step = (spec.ago - HOUR).max(path.len() as i64) / (path.len() as i64 + 1);
    let when = |i: usize| {
        let at = created_at + step * (i as i64 + 1);
        if spec.status == Status::AwaitingConfirmation && i + 1 == path.len() {
            now - 3 * HOUR
        } else {
            at.min(now - 3 * HOUR - (path.len() - i) as i64 * 60)
        }
    };
    let id = orders::insert(
        c,
        &NewOrder {
            user_id,
            service_id: spec.service,
            kind: spec.kind,
            service_name: spec.name.to_string(),
            status: spec.status,
            created_at,
            service_at: at,
            service_end_at: end,
            total,
            paid,
            payment_method: method,
            payer,
            comment,
            details,
            checked_in_at: (spec.kind == Kind::Event && done).then(|| when(path.len() - 1)),
            awaiting_since: (spec.status == Status::AwaitingConfirmation)
                .then(|| when(path.len() - 1)),
            // A coworking ticket's visitor is its buyer until it is passed on.
            ticket_holder_id: (spec.kind == Kind::Coworking).then_some(user_id),
            // Set for event tickets by `demo_events`, once every order is in.
            event_id: None,
            // Set by `demo_offers`, once the offers are in.
            offer_id: None,
            payer_kind: method.as_ref().map(|_| {
                if seq.is_multiple_of(2) {
                    PayerKind::User
                } else {
                    PayerKind::Company
                }
            }),
            executor_id: path
                .iter()
                .any(|(a, _, _)| *a == Action::TakeIntoWork)
                .then_some(crew.staff),
        },
    )?;
    history::record(
        c,
        id,
        Some(user_id),
        HistoryAction::Create,
        None,
        Status::New,
        created_at,
    )?;
    let mut from = Status::New;
    for (i, (action, by, to)) in path.iter().enumerate() {
        let action = HistoryAction::of(*action).expect("demo moves change the status");
        history::record(c, id, Some(*by), action, Some(from), *to, when(i))?;
        from = *to;
    }
    Ok(id)
}

/// Load-test filler on top of the demo data.
#[derive(Clone, Copy, Debug, Default)]
pub struct Extras {
    /// More orders for anna, to fill her list.
    pub orders: u32,
    /// More registered people, to fill the people search.
    pub people: u32,
}

/// A password hash no password matches: the directory's filler people and the
/// demo's colleagues cannot be signed in as.
const NO_PASSWORD: &str = "!";

/// Seeds the demo data into an empty database, with load-test `extras`.
pub async fn seed(store: &Store, now: i64, extras: Extras) -> Result<(), AppError> {
    // Each user gets their own salt; five hashes take a moment, so off the runtime.
    let hashes = tokio::task::spawn_blocking(|| {
        (0..5)
            .map(|_| hash_password("demo"))
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(|e| AppError::internal(e.to_string()))??;
    store
        .write(move |c| -> AppResult<()> {
            seed_rows(c, &hashes, now, extras.orders)?;
            colleagues(c, now, extras.people)
        })
        .await
}

fn seed_rows(c: &Connection, hashes: &[String], now: i64, extra_orders: u32) -> AppResult<()> {
    let alfa = users::insert_company(c, "Альфа")?;
    let beta = users::insert_company(c, "Бета")?;
    // Альфа pays for what its people order; Бета does not.
    offers::set_pays_for_staff(c, alfa, true)?;
    for (floor, room) in [("4", "Офис 412"), ("3", "Переговорная Java")] {
        let place = PlaceDoc {
            building: "Корпус А".into(),
            floor: Some(floor.to_string()),
            room: Some(room.into()),
            note: None,
        };
        offers::insert_place(c, alfa, &place, now)?;
    }
    let h = |i: usize| {
        hashes
            .get(i)
            .map(String::as_str)
            .ok_or_else(|| AppError::internal("a password hash is missing"))
    };
    let anna = users::insert(
        c,
        &NewUser {
            email: "anna@alfa.example",
            password_hash: h(0)?,
            first_name: "Анна",
            last_name: "Иванова",
            role: Role::Tenant,
            company_id: Some(alfa),
        },
        now,
    )?;
    let boris = users::insert(
        c,
        &NewUser {
            email: "boris@alfa.example",
            password_hash: h(1)?,
            first_name: "Борис",
            last_name: "Петров",
            role: Role::Tenant,
            company_id: Some(alfa),
        },
        now,
    )?;
    let vera = users::insert(
        c,
        &NewUser {
            email: "vera@beta.example",
            password_hash: h(2)?,
            first_name: "Вера",
            last_name: "Сидорова",
            role: Role::Tenant,
            company_id: Some(beta),
        },
        now,
    )?;
    let staff = users::insert(
        c,
        &NewUser {
            email: "staff@kabinet.example",
            password_hash: h(3)?,
            first_name: "Светлана",
            last_name: "Орлова",
            role: Role::Staff,
            company_id: None,
        },
        now,
    )?;
    let events = users::insert(
        c,
        &NewUser {
            email: "events@kabinet.example",
            password_hash: h(4)?,
            first_name: "Егор",
            last_name: "Миронов",
            role: Role::EventManager,
            company_id: None,
        },
        now,
    )?;
    users::insert_community(c, "Резиденты технопарка", &[anna, boris, vera])?;

    let crew = Crew { staff, events };
    let s = services(c)?;
    let kinds: [(Kind, i64, &str); 7] = [
        (Kind::Service, s.guest_pass, "Запросить пропуск для гостя"),
        (Kind::Request, s.request, "Обращение в службу эксплуатации"),
        (Kind::Booking, s.room_java, "Переговорная Java"),
        (Kind::Goods, s.coffee, "Кофе в офис"),
        (
            Kind::Coworking,
            s.coworking,
            "Коворкинг «Точка роста» — гостевой день",
        ),
        (Kind::Hotel, s.hotel, "Апарт-отель «Технопарк»"),
        (Kind::Event, s.meetup, "Митап «Rust в продакшене»"),
    ];
    // Anna: every kind in every status it can have, newest first in this order.
    let mut seq = 0usize;
    let mut anna_orders = Vec::new();
    // Statuses outer, kinds inner, so the newest-first list mixes the kinds.
    for round in 0..5 {
        for (kind, service, name) in kinds {
            let Some(&status) = statuses_for(kind).get(round) else {
                continue;
            };
            seq += 1;
            let spec = Spec {
                service,
                kind,
                name,
                status,
                ago: seq as i64 * 7 * HOUR,
            };
            let id = order(c, anna, "Анна Иванова", "Альфа", &spec, now, seq, crew)?;
            anna_orders.push((kind, status, id));
        }
    }
    // A few more of anna's with other services: a non-cancellable booking with a
    // prepayment, a conference ticket that cannot be returned, office cleaning.
    for (service, kind, name, status) in [
        (
            s.room_python,
            Kind::Booking,
            "Переговорная Python",
            Status::InProgress,
        ),
        (
            s.conference,
            Kind::Event,
            "Конференция «Цифровой офис 2026»",
            Status::InProgress,
        ),
        (
            s.cleaning,
            Kind::Service,
            "Дополнительная уборка офиса",
            Status::New,
        ),
        (s.lunch, Kind::Goods, "Бизнес-ланч", Status::Done),
    ] {
        seq += 1;
        let spec = Spec {
            service,
            kind,
            name,
            status,
            ago: seq as i64 * 7 * HOUR,
        };
        order(c, anna, "Анна Иванова", "Альфа", &spec, now, seq, crew)?;
    }
    // The booking in progress is shared with boris and vera.
    if let Some((_, _, id)) = anna_orders
        .iter()
        .find(|(k, st, _)| *k == Kind::Booking && *st == Status::InProgress)
    {
        orders::add_visitor(c, *id, boris, now - DAY)?;
        orders::add_visitor(c, *id, vera, now - DAY + HOUR)?;
    }
    // Unread staff messages on the request awaiting confirmation.
    if let Some((_, _, id)) = anna_orders
        .iter()
        .find(|(k, st, _)| *k == Kind::Request && *st == Status::AwaitingConfirmation)
    {
        chat::insert(
            c,
            "demo-1",
            *id,
            Some(anna),
            "Кондиционер в 412 снова не холодит.",
            None,
            now - 5 * HOUR,
        )?;
        chat::insert(
            c,
            "demo-2",
            *id,
            Some(staff),
            "Инженер заменил фильтр и дозаправил фреон.",
            None,
            now - 2 * HOUR,
        )?;
        chat::insert(
            c,
            "demo-3",
            *id,
            Some(staff),
            "Проверьте, пожалуйста, и подтвердите выполнение.",
            None,
            now - 2 * HOUR + 60,
        )?;
        // And the notification of that status change, unread.
        if let Some(order) = orders::get(c, *id)? {
            let by = Actor {
                id: staff,
                name: full_name("Светлана", "Орлова"),
            };
            notify::status_notice(c, anna, &order, Some(&by), now - 3 * HOUR)?;
        }
    }
    // Boris and vera.
    for (user, name, company, service, kind, sname, status) in [
        (
            boris,
            "Борис Петров",
            "Альфа",
            s.coffee,
            Kind::Goods,
            "Кофе в офис",
            Status::New,
        ),
        (
            boris,
            "Борис Петров",
            "Альфа",
            s.guest_pass,
            Kind::Service,
            "Запросить пропуск для гостя",
            Status::InProgress,
        ),
        (
            vera,
            "Вера Сидорова",
            "Бета",
            s.room_java,
            Kind::Booking,
            "Переговорная Java",
            Status::New,
        ),
        (
            vera,
            "Вера Сидорова",
            "Бета",
            s.hotel,
            Kind::Hotel,
            "Апарт-отель «Технопарк»",
            Status::InProgress,
        ),
        (
            boris,
            "Борис Петров",
            "Альфа",
            s.meetup,
            Kind::Event,
            "Митап «Rust в продакшене»",
            Status::InProgress,
        ),
        (
            vera,
            "Вера Сидорова",
            "Бета",
            s.meetup,
            Kind::Event,
            "Митап «Rust в продакшене»",
            Status::Done,
        ),
    ] {
        seq += 1;
        let spec = Spec {
            service,
            kind,
            name: sname,
            status,
            ago: seq as i64 * 5 * HOUR,
        };
        order(c, user, name, company, &spec, now, seq, crew)?;
    }
    // Load-test filler: older than everything above.
    for i in 0..extra_orders as usize {
        let (kind, service, name) = kinds[i % kinds.len()];
        let statuses = statuses_for(kind);
        let status = statuses[(i / kinds.len()) % statuses.len()];
        let spec = Spec {
            service,
            kind,
            name,
            status,
            ago: 30 * DAY + i as i64 * 600,
        };
        order(c, anna, "Анна Иванова", "Альфа", &spec, now, i, crew)?;
    }
    demo_events(c, now, &s, vera)?;
    demo_offers(c)?;
    if extra_orders > 0 {
        big_hall(c)?;
    }
    Ok(())
}

/// The load-test filler's thousands of tickets for today's meetup are more than its
/// hall holds: the hall grows to them, so that no event date is sold over its places.
fn big_hall(c: &Connection) -> AppResult<()> {
    c.execute_batch(
        "UPDATE offers SET stock = max(stock, coalesce(
             (SELECT count(*) FROM orders o
               WHERE o.offer_id = offers.id AND o.kind = 'event' AND o.event_id IS NOT NULL
                 AND o.status NOT IN ('cancelled', 'refund_pending')
               GROUP BY o.event_id ORDER BY count(*) DESC LIMIT 1), 0))
          WHERE stock IS NOT NULL
            AND service_id IN (SELECT id FROM services WHERE kind = 'event');",
    )
    .map_err(StoreError::from)?;
    Ok(())
}

/// The tariff, room type or ticket type of each demo order, so that they hold
/// seats, rooms and places: by the tariff or room named in the order, else the
/// service's first offer.
fn demo_offers(c: &Connection) -> AppResult<()> {
    c.execute_batch(
        "UPDATE orders SET offer_id = coalesce(
             (SELECT f.id FROM offers f WHERE f.service_id = orders.service_id
                 AND (json_extract(orders.details, '$.ticket.tariff') = f.name
                      OR json_extract(orders.details, '$.hotel.room') LIKE f.name || '%')
               ORDER BY length(f.name) DESC LIMIT 1),
             (SELECT f.id FROM offers f WHERE f.service_id = orders.service_id
               ORDER BY f.position LIMIT 1))
          WHERE kind IN ('coworking', 'hotel', 'event');",
    )
    .map_err(StoreError::from)?;
    Ok(())
}

/// The demo's events, and which one each event ticket is for: the meetup today
/// (it began an hour ago, so its door is open whenever the demo starts), the same
/// meetup two days ago (finished tickets) and in a week (a ticket that can still
/// be cancelled), and the conference in six days. Vera was checked in today. The
/// load-test filler's valid tickets are for today's meetup: a door with thousands
/// of visitors for the benchmark.
fn demo_events(c: &Connection, now: i64, s: &Services, vera: i64) -> AppResult<()> {
    let today = now - now.rem_euclid(HOUR) - HOUR;
    let past = today - 2 * DAY;
    let midnight = now - now.rem_euclid(DAY);
    // 10:00 Moscow (UTC+3) six days from now.
    let conference = midnight + 6 * DAY + 7 * HOUR;
    let meetup = "Митап «Rust в продакшене»";
    let atrium = Some("Зал «Атриум», 1 этаж");
    // Next week's meetup is in the evening, 19:00 Moscow (UTC+3).
    let next = midnight + 7 * DAY + 16 * HOUR;
    let today = checkin::insert_event(c, s.meetup, meetup, today, today + 4 * HOUR, atrium)?;
    let past = checkin::insert_event(c, s.meetup, meetup, past, past + 3 * HOUR, atrium)?;
    let next = checkin::insert_event(c, s.meetup, meetup, next, next + 4 * HOUR, atrium)?;
    let conference = checkin::insert_event(
        c,
        s.conference,
        "Конференция «Цифровой офис 2026»",
        conference,
        conference + 8 * HOUR,
        Some("Конгресс-холл"),
    )?;
    c.execute(
        "UPDATE orders SET event_id = CASE
             WHEN service_id = ?1 THEN ?2
             WHEN status = 'new' AND created_at > ?3 - 20 * 86400 THEN ?7
             WHEN status IN ('new', 'in_progress') THEN ?4
             WHEN status = 'done' AND user_id = ?5 THEN ?4
             ELSE ?6 END
          WHERE kind = 'event'",
        rusqlite::params![s.conference, conference, now, today, vera, past, next],
    )
    .map_err(StoreError::from)?;
    // The tickets' times are their events'; a visitor was checked in a quarter of
    // an hour after the start.
    c.execute_batch(
        "UPDATE orders SET
             service_at = (SELECT e.starts_at FROM checkin_events e WHERE e.id = orders.event_id),
             service_end_at = (SELECT e.ends_at FROM checkin_events e WHERE e.id = orders.event_id)
          WHERE kind = 'event';
         UPDATE orders SET checked_in_at = service_at + 900 WHERE kind = 'event' AND status = 'done';
         UPDATE order_history SET at = (SELECT o.checked_in_at FROM orders o WHERE o.id = order_history.order_id)
          WHERE action = 'check_in';",
    )
    .map_err(StoreError::from)?;
    Ok(())
}

/// More people in the directory: colleagues of anna's and vera's companies, a
/// second community, and `extra` filler people for load tests (spread over a few
/// companies). None of them can sign in.
fn colleagues(c: &Connection, now: i64, extra: u32) -> AppResult<()> {
    let companies = users::companies(c)?;
    let company = |name: &str| companies.iter().find(|(_, n)| n == name).map(|(id, _)| *id);
    let (alfa, beta) = (company("Альфа"), company("Бета"));
    let mut runners = Vec::new();
    for (first, last, email, company_id, runs) in [
        ("Дмитрий", "Кузнецов", "dmitry@alfa.example", alfa, true),
        ("Ольга", "Смирнова", "olga@beta.example", beta, false),
        ("Павел", "Веселов", "pavel@beta.example", beta, true),
        ("Мария", "Волкова", "maria@gamma.example", None, true),
    ] {
        let id = users::insert(
            c,
            &NewUser {
                email,
                password_hash: NO_PASSWORD,
                first_name: first,
                last_name: last,
                role: Role::Tenant,
                company_id,
            },
            now,
        )?;
        if runs {
            runners.push(id);
        }
    }
    users::insert_community(c, "Клуб бегунов", &runners)?;
    const FIRST: [&str; 12] = [
        "Алексей",
        "Екатерина",
        "Иван",
        "Наталья",
        "Сергей",
        "Татьяна",
        "Андрей",
        "Юлия",
        "Михаил",
        "Елена",
        "Николай",
        "Ирина",
    ];
    const LAST: [&str; 10] = [
        "Соколов",
        "Лебедев",
        "Козлов",
        "Новиков",
        "Морозов",
        "Павлов",
        "Семенов",
        "Голубев",
        "Виноградов",
        "Богданов",
    ];
    let mut filler = Vec::new();
    for i in 0..if extra > 0 { 3 } else { 0 } {
        filler.push(users::insert_company(c, &format!("Резидент {}", i + 1))?);
    }
    for i in 0..extra as usize {
        let first = FIRST[i % FIRST.len()];
        let last = format!("{}{}", LAST[(i / FIRST.len()) % LAST.len()], i / 120);
        let email = format!("person{i}@filler.example");
        users::insert(
            c,
            &NewUser {
                email: &email,
                password_hash: NO_PASSWORD,
                first_name: first,
                last_name: &last,
                role: Role::Tenant,
                company_id: Some(filler[i % filler.len()]),
            },
            now,
        )?;
    }
    Ok(())
}
