//! Black-box tests of ordering every kind: each kind's form and a valid order with
//! the price the server computes, each invalid field refused naming it, a slot or
//! a room never sold twice (also under a race), availability, and repeat drafts.

use kabinet_core::{date_of_day, day_number};
use serde_json::{json, Value};

use crate::common::{assert_error, assert_reason, TestServer};

const ANNA: &str = "anna@alfa.example";
const VERA: &str = "vera@beta.example";

/// The id of the service with this name.
async fn service_named(s: &TestServer, token: &str, name: &str) -> i64 {
    let (st, list) = s.get(token, "/api/services").await;
    assert_eq!(st, 200);
    list.as_array()
        .unwrap()
        .iter()
        .find(|sv| sv["name"] == name)
        .unwrap_or_else(|| panic!("a service named {name}"))["id"]
        .as_i64()
        .unwrap()
}

async fn form(s: &TestServer, token: &str, service: i64) -> Value {
    let (st, f) = s.get(token, &format!("/api/services/{service}/form")).await;
    assert_eq!(st, 200, "{f}");
    f
}

/// The id of the offer with this name in a form.
fn offer_named(form: &Value, name: &str) -> i64 {
    form["offers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == name)
        .unwrap_or_else(|| panic!("an offer {name} in {form}"))["id"]
        .as_i64()
        .unwrap()
}

/// Today at the site, and the day `n` days later.
fn day(form: &Value, n: i64) -> String {
    date_of_day(day_number(form["today"].as_str().unwrap()).unwrap() + n)
}

async fn place(s: &TestServer, token: &str, body: Value) -> (u16, Value) {
    s.post(token, "/api/orders", body).await
}

async fn placed(s: &TestServer, token: &str, body: Value) -> Value {
    let (st, v) = place(s, token, body.clone()).await;
    assert_eq!(st, 201, "{body}: {v}");
    assert_eq!(v["status"], "new");
    v
}

fn total(v: &Value) -> i64 {
    v["payment"]["total"]["amount"].as_i64().unwrap()
}

/// Opens the test server's database directly (to take an item off sale).
fn db(s: &TestServer) -> rusqlite::Connection {
    rusqlite::Connection::open(s.state.config.data_dir.join("kabinet.db")).unwrap()
}

/// A date as a submitted form shows it: 01.12.2026.
fn shown_date(iso: &str) -> String {
    format!("{}.{}.{}", &iso[8..10], &iso[5..7], &iso[..4])
}

#[tokio::test]
async fn each_kind_is_placed_at_the_price_the_server_computes() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;

    // Goods: the items on sale, the company's places, both payers, a prepayment.
    let coffee = service_named(&s, &anna, "Кофе в офис").await;
    let f = form(&s, &anna, coffee).await;
    let names: Vec<&str> = f["offers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Капучино 300 мл",
            "Латте 300 мл",
            "Американо 200 мл",
            "Круассан с миндалем",
            "Сэндвич с курицей"
        ],
        "the water is off sale"
    );
    assert_eq!(f["places"].as_array().unwrap().len(), 2);
    assert_eq!(f["places"][0]["place"]["room"], "Офис 412");
    assert_eq!(f["payers"][0]["kind"], "user");
    assert_eq!(f["payers"][0]["name"], "Анна Иванова");
    assert_eq!(f["payers"][1]["kind"], "company");
    assert_eq!(f["prepayment_percent"], 50);
    assert_eq!(
        day_number(f["last_day"].as_str().unwrap()).unwrap()
            - day_number(f["today"].as_str().unwrap()).unwrap(),
        kabinet_core::HORIZON_DAYS
    );
    let v = placed(
        &s,
        &anna,
        json!({"service_id": coffee, "comment": "Без сахара",
               "items": [{"offer_id": offer_named(&f, "Капучино 300 мл"), "quantity": 2},
                         {"offer_id": offer_named(&f, "Круассан с миндалем"), "quantity": 1}],
               "place_id": f["places"][0]["id"], "payer": "company",
               // A client's price is ignored.
               "total": 1, "price": 1, "unit_price": 1}),
    )
    .await;
    assert_eq!(v["kind"], "goods");
    assert_eq!(total(&v), 2 * 25_000 + 18_000);
    assert_eq!(v["payment"]["paid"]["amount"], 0);
    assert_eq!(v["payment"]["payer"], "Альфа");
    assert_eq!(v["items"][0]["name"], "Капучино 300 мл");
    assert_eq!(v["items"][0]["quantity"], 2);
    assert_eq!(v["items"][1]["total"]["amount"], 18_000);
    assert_eq!(v["delivery_place"]["room"], "Офис 412");
    assert_eq!(v["comment"], "Без сахара");
    // A new place, kept for the company.
    let v = placed(
        &s,
        &anna,
        json!({"service_id": coffee, "items": [{"offer_id": offer_named(&f, "Латте 300 мл"), "quantity": 1}],
               "new_place": {"building": " Корпус Б ", "floor": "2", "room": null, "note": ""},
               "save_place": true, "date": day(&f, 1), "time": "09:30"}),
    )
    .await;
    assert_eq!(v["delivery_place"]["building"], "Корпус Б");
    assert_eq!(v["delivery_place"]["note"], Value::Null);
    assert_eq!(v["payment"]["payer"], "Анна Иванова", "the user by default");
    assert!(
        v["service_at"].as_str().unwrap().ends_with("T06:30:00Z"),
        "{v}"
    );
    assert_eq!(
        form(&s, &anna, coffee).await["places"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    // Booking: the resource times the hours.
    let java = service_named(&s, &anna, "Переговорная Java").await;
    let f = form(&s, &anna, java).await;
    assert_eq!(
        f["booking"],
        json!({"opens_hour": 8, "closes_hour": 21, "max_hours": 8})
    );
    assert_eq!(f["offers"], json!([]));
    let v = placed(
        &s,
        &anna,
        json!({"service_id": java, "date": day(&f, 3), "time": "10:00", "hours": 2}),
    )
    .await;
    assert_eq!(total(&v), 2 * 150_000);
    assert_eq!(v["items"][0]["unit"], "hour");
    assert_eq!(v["items"][0]["quantity"], 2);
    assert_eq!(
        v["service_at"],
        format!("{}T07:00:00Z", day(&f, 3)),
        "10:00 in Moscow"
    );
    assert_eq!(v["service_end_at"], format!("{}T09:00:00Z", day(&f, 3)));

    // Coworking: both days count; the buyer holds the ticket.
    let cw = service_named(&s, &anna, "Коворкинг «Точка роста» — гостевой день").await;
    let f = form(&s, &anna, cw).await;
    let v = placed(
        &s,
        &anna,
        json!({"service_id": cw, "offer_id": offer_named(&f, "Фиксированное место"),
               "date": day(&f, 2), "date_to": day(&f, 4)}),
    )
    .await;
    assert_eq!(total(&v), 3 * 140_000);
    assert_eq!(v["ticket"]["tariff"], "Фиксированное место");
    assert_eq!(v["ticket"]["visitor"]["name"], "Анна Иванова");
    assert_eq!(
        v["ticket"]["valid_from"],
        format!("{}T05:00:00Z", day(&f, 2))
    );
    assert_eq!(v["ticket"]["valid_to"], format!("{}T19:00:00Z", day(&f, 4)));

    // Hotel: the nights; the guests as named.
    let hotel = service_named(&s, &anna, "Апарт-отель «Технопарк»").await;
    let f = form(&s, &anna, hotel).await;
    assert_eq!(f["offers"][2]["guests_max"], 3);
    let v = placed(
        &s,
        &anna,
        json!({"service_id": hotel, "offer_id": offer_named(&f, "Студия"),
               "date": day(&f, 20), "date_to": day(&f, 22), "guests": ["Анна Иванова", " Кузнецов Дмитрий "]}),
    )
    .await;
    assert_eq!(total(&v), 2 * 780_000);
    assert_eq!(v["hotel"]["room"], "Студия");
    assert_eq!(
        v["hotel"]["guests"],
        json!(["Анна Иванова", "Кузнецов Дмитрий"])
    );
    assert_eq!(v["hotel"]["check_in"], format!("{}T11:00:00Z", day(&f, 20)));
    assert_eq!(
        v["hotel"]["check_out"],
        format!("{}T09:00:00Z", day(&f, 22))
    );
    // No guests named: the user.
    let v = placed(
        &s,
        &anna,
        json!({"service_id": hotel, "offer_id": offer_named(&f, "Стандарт, одноместный"),
               "date": day(&f, 30), "date_to": day(&f, 31)}),
    )
    .await;
    assert_eq!(v["hotel"]["guests"], json!(["Анна Иванова"]));

    // Event: a future date of this event, a ticket type.
    let meetup = service_named(&s, &anna, "Митап «Rust в продакшене»").await;
    let f = form(&s, &anna, meetup).await;
    let events = f["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "only the date ahead: {f}");
    let v = placed(
        &s,
        &anna,
        json!({"service_id": meetup, "event_id": events[0]["id"],
               "offer_id": offer_named(&f, "С нетворкинг-ужином")}),
    )
    .await;
    assert_eq!(total(&v), 150_000);
    assert_eq!(v["service_at"], events[0]["starts_at"]);

    // A simple service: the answers as the view shows them; nobody pays.
    let pass = service_named(&s, &anna, "Запросить пропуск для гостя").await;
    let f = form(&s, &anna, pass).await;
    assert_eq!(f["fields"].as_array().unwrap().len(), 6);
    assert_eq!(f["payers"], json!([]));
    assert_eq!(f["fields"][2]["options"][1], "12:00–15:00");
    let v = placed(
        &s,
        &anna,
        json!({"service_id": pass, "fields": [
            {"key": "guest_name", "value": "Смирнов Пётр"},
            {"key": "visit_date", "value": day(&f, 1)},
            {"key": "arrival", "value": "после 15:00"},
            {"key": "car", "value": "yes"},
            {"key": "plate", "value": "А123ВС77"}]}),
    )
    .await;
    assert_eq!(
        v["form_fields"],
        json!([
            {"label": "ФИО гостя", "value": "Смирнов Пётр"},
            {"label": "Дата визита", "value": shown_date(&day(&f, 1))},
            {"label": "Время прихода", "value": "после 15:00"},
            {"label": "Автомобиль", "value": "Да"},
            {"label": "Госномер автомобиля", "value": "А123ВС77"}
        ])
    );
    assert_eq!(v["payment"], Value::Null);

    // Vera's company does not pay for her.
    let vera = s.login(VERA).await;
    let lunch = service_named(&s, &vera, "Бизнес-ланч").await;
    let f = form(&s, &vera, lunch).await;
    assert_eq!(f["payers"].as_array().unwrap().len(), 1);
    assert_eq!(f["places"], json!([]), "Альфа's places are not hers");
    let (st, e) = place(
        &s,
        &vera,
        json!({"service_id": lunch, "items": [{"offer_id": offer_named(&f, "Бизнес-ланч"), "quantity": 1}],
               "new_place": {"building": "Корпус В"}, "payer": "company"}),
    )
    .await;
    assert_eq!(st, 422);
    assert_eq!(e["field"], "payer");
}

#[tokio::test]
async fn every_invalid_field_is_refused_naming_it() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let coffee = service_named(&s, &anna, "Кофе в офис").await;
    let java = service_named(&s, &anna, "Переговорная Java").await;
    let cw = service_named(&s, &anna, "Коворкинг «Точка роста» — гостевой день").await;
    let hotel = service_named(&s, &anna, "Апарт-отель «Технопарк»").await;
    let meetup = service_named(&s, &anna, "Митап «Rust в продакшене»").await;
    let conference = service_named(&s, &anna, "Конференция «Цифровой офис 2026»").await;
    let pass = service_named(&s, &anna, "Запросить пропуск для гостя").await;
    let cleaning = service_named(&s, &anna, "Дополнительная уборка офиса").await;
    let request = service_named(&s, &anna, "Обращение в службу эксплуатации").await;
    let (fc, fh, fw, fm, fconf) = (
        form(&s, &anna, coffee).await,
        form(&s, &anna, hotel).await,
        form(&s, &anna, cw).await,
        form(&s, &anna, meetup).await,
        form(&s, &anna, conference).await,
    );
    let f = &fc;
    let latte = offer_named(&fc, "Латте 300 мл");
    let item = json!([{"offer_id": latte, "quantity": 1}]);
    let saved = fc["places"][0]["id"].clone();
    let studio = offer_named(&fh, "Студия");
    let guest_day = offer_named(&fw, "Гостевой день");
    let ticket = offer_named(&fm, "Стандартный");
    let event = fm["events"][0]["id"].clone();
    let conf_event = fconf["events"][0]["id"].clone();
    let yesterday = day(f, -1);
    let too_far = day(f, kabinet_core::HORIZON_DAYS + 1);
    let pass_ok = |extra: (&str, &str)| {
        let mut fields = vec![
            json!({"key": "guest_name", "value": "Гость"}),
            json!({"key": "visit_date", "value": day(f, 1)}),
            json!({"key": "arrival", "value": "до 12:00"}),
        ];
        fields.retain(|a| a["key"] != extra.0);
        fields.push(json!({"key": extra.0, "value": extra.1}));
        json!({"service_id": pass, "fields": fields})
    };
    let long = "я".repeat(kabinet_core::FIELD_VALUE_MAX + 1);
    let cases: Vec<(Value, &str, &str)> = vec![
        // Booking.
        (
            json!({"service_id": java, "time": "10:00", "hours": 1}),
            "date",
            "required",
        ),
        (
            json!({"service_id": java, "date": "2026-02-30", "time": "10:00", "hours": 1}),
            "date",
            "invalid",
        ),
        (
            json!({"service_id": java, "date": yesterday, "time": "10:00", "hours": 1}),
            "date",
            "in_past",
        ),
        (
            json!({"service_id": java, "date": too_far, "time": "10:00", "hours": 1}),
            "date",
            "invalid",
        ),
        (
            json!({"service_id": java, "date": day(f, 1), "hours": 1}),
            "time",
            "required",
        ),
        (
            json!({"service_id": java, "date": day(f, 1), "time": "10:30", "hours": 1}),
            "time",
            "invalid",
        ),
        (
            json!({"service_id": java, "date": day(f, 1), "time": "07:00", "hours": 1}),
            "time",
            "invalid",
        ),
        (
            json!({"service_id": java, "date": day(f, 1), "time": "21:00", "hours": 1}),
            "time",
            "invalid",
        ),
        (
            json!({"service_id": java, "date": day(f, 1), "time": "ten", "hours": 1}),
            "time",
            "invalid",
        ),
        (
            json!({"service_id": java, "date": day(f, 1), "time": "10:00"}),
            "hours",
            "required",
        ),
        (
            json!({"service_id": java, "date": day(f, 1), "time": "10:00", "hours": 0}),
            "hours",
            "invalid",
        ),
        (
            json!({"service_id": java, "date": day(f, 1), "time": "10:00", "hours": 9}),
            "hours",
            "invalid",
        ),
        (
            json!({"service_id": java, "date": day(f, 1), "time": "19:00", "hours": 3}),
            "hours",
            "invalid",
        ),
        (
            json!({"service_id": java, "date": day(f, 1), "time": "10:00", "hours": 1, "payer": "boss"}),
            "payer",
            "invalid",
        ),
        // Goods.
        (
            json!({"service_id": coffee, "place_id": saved}),
            "items",
            "required",
        ),
        (
            json!({"service_id": coffee, "place_id": saved, "items": [{"offer_id": 999_999, "quantity": 1}]}),
            "items",
            "invalid",
        ),
        (
            json!({"service_id": coffee, "place_id": saved, "items": [{"offer_id": latte, "quantity": 0}]}),
            "items",
            "invalid",
        ),
        (
            json!({"service_id": coffee, "place_id": saved, "items": [{"offer_id": latte, "quantity": 100}]}),
            "items",
            "invalid",
        ),
        (
            json!({"service_id": coffee, "place_id": saved, "items": [{"offer_id": latte, "quantity": 1}, {"offer_id": latte, "quantity": 2}]}),
            "items",
            "invalid",
        ),
        (
            json!({"service_id": coffee, "items": item}),
            "place_id",
            "required",
        ),
        (
            json!({"service_id": coffee, "items": item, "place_id": 999_999}),
            "place_id",
            "invalid",
        ),
        (
            json!({"service_id": coffee, "items": item, "new_place": {"building": "  "}}),
            "new_place.building",
            "required",
        ),
        (
            json!({"service_id": coffee, "items": item, "new_place": {"building": "A", "floor": "я".repeat(201)}}),
            "new_place.floor",
            "too_long",
        ),
        (
            json!({"service_id": coffee, "items": item, "new_place": {"building": "A", "note": "я".repeat(201)}}),
            "new_place.note",
            "too_long",
        ),
        (
            json!({"service_id": coffee, "items": item, "place_id": saved, "date": yesterday, "time": "10:00"}),
            "date",
            "in_past",
        ),
        (
            json!({"service_id": coffee, "items": item, "place_id": saved, "date": day(f, 1)}),
            "time",
            "required",
        ),
        (
            json!({"service_id": coffee, "items": item, "place_id": saved, "date": day(f, 1), "time": "25:00"}),
            "time",
            "invalid",
        ),
        (
            json!({"service_id": coffee, "items": item, "place_id": saved, "comment": "я".repeat(2001)}),
            "comment",
            "too_long",
        ),
        // Coworking.
        (
            json!({"service_id": cw, "date": day(f, 1)}),
            "offer_id",
            "required",
        ),
        (
            json!({"service_id": cw, "offer_id": studio, "date": day(f, 1)}),
            "offer_id",
            "invalid",
        ),
        (
            json!({"service_id": cw, "offer_id": guest_day}),
            "date",
            "required",
        ),
        (
            json!({"service_id": cw, "offer_id": guest_day, "date": yesterday}),
            "date",
            "in_past",
        ),
        (
            json!({"service_id": cw, "offer_id": guest_day, "date": day(f, 3), "date_to": day(f, 2)}),
            "date_to",
            "invalid",
        ),
        (
            json!({"service_id": cw, "offer_id": guest_day, "date": day(f, 1), "date_to": day(f, 15)}),
            "date_to",
            "invalid",
        ),
        // Hotel.
        (
            json!({"service_id": hotel, "offer_id": studio, "date": day(f, 1)}),
            "date_to",
            "required",
        ),
        (
            json!({"service_id": hotel, "offer_id": studio, "date": day(f, 2), "date_to": day(f, 2)}),
            "date_to",
            "invalid",
        ),
        (
            json!({"service_id": hotel, "offer_id": studio, "date": day(f, 1), "date_to": day(f, 32)}),
            "date_to",
            "invalid",
        ),
        (
            json!({"service_id": hotel, "offer_id": studio, "date": yesterday, "date_to": day(f, 2)}),
            "date",
            "in_past",
        ),
        (
            json!({"service_id": hotel, "date": day(f, 1), "date_to": day(f, 2)}),
            "offer_id",
            "required",
        ),
        (
            json!({"service_id": hotel, "offer_id": offer_named(&fh, "Стандарт, одноместный"), "date": day(f, 1), "date_to": day(f, 2), "guests": ["А", "Б"]}),
            "guests",
            "invalid",
        ),
        (
            json!({"service_id": hotel, "offer_id": studio, "date": day(f, 1), "date_to": day(f, 2), "guests": ["А", " "]}),
            "guests",
            "required",
        ),
        (
            json!({"service_id": hotel, "offer_id": studio, "date": day(f, 1), "date_to": day(f, 2), "guests": ["я".repeat(101)]}),
            "guests",
            "too_long",
        ),
        // Event.
        (
            json!({"service_id": meetup, "offer_id": ticket}),
            "event_id",
            "required",
        ),
        (
            json!({"service_id": meetup, "offer_id": ticket, "event_id": conf_event}),
            "event_id",
            "invalid",
        ),
        (
            json!({"service_id": meetup, "offer_id": ticket, "event_id": 999_999}),
            "event_id",
            "invalid",
        ),
        (
            json!({"service_id": meetup, "event_id": event}),
            "offer_id",
            "required",
        ),
        (
            json!({"service_id": meetup, "event_id": event, "offer_id": offer_named(&fconf, "VIP")}),
            "offer_id",
            "invalid",
        ),
        // Simple services.
        (json!({"service_id": pass}), "fields.guest_name", "required"),
        (
            pass_ok(("guest_name", "  ")),
            "fields.guest_name",
            "required",
        ),
        (
            pass_ok(("guest_name", &long)),
            "fields.guest_name",
            "too_long",
        ),
        (
            pass_ok(("visit_date", "завтра")),
            "fields.visit_date",
            "invalid",
        ),
        (
            pass_ok(("visit_date", &yesterday)),
            "fields.visit_date",
            "in_past",
        ),
        (
            pass_ok(("arrival", "в полночь")),
            "fields.arrival",
            "invalid",
        ),
        (pass_ok(("car", "да")), "fields.car", "invalid"),
        (pass_ok(("color", "синий")), "fields.color", "invalid"),
        (
            pass_ok(("document", "no-such-upload")),
            "fields.document",
            "upload_missing",
        ),
        (
            json!({"service_id": cleaning, "fields": [{"key": "office", "value": "412"}, {"key": "date", "value": day(f, 1)}, {"key": "rooms", "value": "11"}]}),
            "fields.rooms",
            "invalid",
        ),
        (
            json!({"service_id": cleaning, "fields": [{"key": "office", "value": "412"}, {"key": "date", "value": day(f, 1)}, {"key": "rooms", "value": "два"}]}),
            "fields.rooms",
            "invalid",
        ),
        (
            json!({"service_id": cleaning, "fields": [{"key": "office", "value": "412"}, {"key": "date", "value": day(f, 1)}]}),
            "fields.rooms",
            "required",
        ),
        // A request.
        (json!({"service_id": request}), "comment", "required"),
        (
            json!({"service_id": request, "comment": "Свет", "uploads": ["nope"]}),
            "uploads",
            "upload_missing",
        ),
        (json!({"service_id": 999_999}), "service_id", "invalid"),
    ];
    let (_, before) = s.get(&anna, "/api/orders?limit=100").await;
    for (body, field, reason) in cases {
        let (st, e) = place(&s, &anna, body.clone()).await;
        assert_eq!(st, 422, "{body}: {e}");
        assert_reason(&e, "validation", reason);
        assert_eq!(e["field"], field, "{body}: {e}");
    }
    let (_, after) = s.get(&anna, "/api/orders?limit=100").await;
    assert_eq!(before["items"], after["items"], "nothing was placed");
    // And the same fields filled in right place the orders.
    placed(&s, &anna, pass_ok(("car", "no"))).await;
    placed(
        &s,
        &anna,
        json!({"service_id": cleaning, "fields": [{"key": "office", "value": "412"}, {"key": "date", "value": day(f, 1)}, {"key": "rooms", "value": "10"}]}),
    )
    .await;
}

#[tokio::test]
async fn twenty_orders_for_one_slot_place_exactly_one() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let vera = s.login(VERA).await;
    let python = service_named(&s, &anna, "Переговорная Python").await;
    let f = form(&s, &anna, python).await;
    let date = day(&f, 5);
    let body = json!({"service_id": python, "date": date, "time": "14:00", "hours": 2});
    let answers = futures::future::join_all((0..20).map(|i| {
        let token = if i % 2 == 0 { &anna } else { &vera };
        place(&s, token, body.clone())
    }))
    .await;
    let created: Vec<_> = answers.iter().filter(|(st, _)| *st == 201).collect();
    assert_eq!(created.len(), 1, "{answers:?}");
    for (st, e) in answers.iter().filter(|(st, _)| *st != 201) {
        assert_eq!(*st, 409, "{e}");
        assert_reason(e, "conflict", "slot_taken");
    }
    // An overlapping booking is refused too; the hour before is free.
    let (st, e) = place(
        &s,
        &vera,
        json!({"service_id": python, "date": date, "time": "15:00", "hours": 1}),
    )
    .await;
    assert_eq!(st, 409, "{e}");
    assert_reason(&e, "conflict", "slot_taken");
    let (_, a) = s
        .get(
            &vera,
            &format!("/api/services/{python}/availability?from={date}&to={date}"),
        )
        .await;
    let slots = a["days"][0]["slots"].as_array().unwrap();
    assert_eq!(slots.len(), 13, "08:00 to 20:00");
    let free = |t: &str| slots.iter().find(|s| s["time"] == t).unwrap()["free"].clone();
    assert_eq!(free("14:00"), false);
    assert_eq!(free("15:00"), false);
    assert_eq!(free("13:00"), true);
    assert_eq!(free("16:00"), true);
    placed(
        &s,
        &vera,
        json!({"service_id": python, "date": date, "time": "16:00", "hours": 1}),
    )
    .await;
    // Retries of one order with its Idempotency-Key are answered the same, never
    // «taken» by their own original.
    let body = json!({"service_id": python, "date": date, "time": "18:00", "hours": 1});
    let retries = futures::future::join_all((0..6).map(|_| async {
        let r = s
            .client
            .post(s.url("/api/orders"))
            .bearer_auth(&anna)
            .header("Idempotency-Key", "book-18")
            .json(&body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json::<Value>().await.unwrap())
    }))
    .await;
    assert_eq!(retries[0].0, 201, "{:?}", retries[0]);
    assert!(retries.iter().all(|r| r == &retries[0]), "{retries:?}");
    // Past days are not free.
    let (_, a) = s
        .get(
            &vera,
            &format!(
                "/api/services/{python}/availability?from={}&to={}",
                day(&f, -1),
                day(&f, -1)
            ),
        )
        .await;
    assert!(a["days"][0]["slots"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["free"] == false));
}

#[tokio::test]
async fn a_room_type_or_ticket_type_sells_out_and_a_cancellation_frees_it() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let vera = s.login(VERA).await;
    let hotel = service_named(&s, &anna, "Апарт-отель «Технопарк»").await;
    let f = form(&s, &anna, hotel).await;
    let studio = offer_named(&f, "Студия");
    let stay = |from: i64, to: i64| json!({"service_id": hotel, "offer_id": studio, "date": day(&f, from), "date_to": day(&f, to)});
    let first = placed(&s, &anna, stay(40, 43)).await;
    // The one studio is taken on the nights 41–42, free again from 43.
    let (st, e) = place(&s, &vera, stay(42, 44)).await;
    assert_eq!(st, 409, "{e}");
    assert_reason(&e, "conflict", "sold_out");
    placed(&s, &vera, stay(43, 44)).await;
    let (st, a) = s
        .get(
            &anna,
            &format!(
                "/api/services/{hotel}/availability?from={}&to={}",
                day(&f, 39),
                day(&f, 43)
            ),
        )
        .await;
    assert_eq!(st, 200, "{a}");
    let left = |d: usize| {
        a["days"][d]["offers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["offer_id"] == studio)
            .unwrap()["left"]
            .clone()
    };
    assert_eq!(
        (left(0), left(1), left(3), left(4)),
        (json!(1), json!(0), json!(0), json!(0))
    );
    assert_eq!(a["days"][0]["offers"].as_array().unwrap().len(), 3);
    // Cancelled, the studio is free again.
    let id = first["id"].as_i64().unwrap();
    let (st, v) = s
        .act(
            &anna,
            id,
            json!({"action": "cancel", "version": first["version"]}),
            None,
        )
        .await;
    assert_eq!(st, 200, "{v}");
    placed(&s, &vera, stay(40, 42)).await;

    // A ticket type with two places left.
    let conference = service_named(&s, &anna, "Конференция «Цифровой офис 2026»").await;
    let f = form(&s, &anna, conference).await;
    let vip = offer_named(&f, "VIP");
    db(&s)
        .execute("UPDATE offers SET stock = 2 WHERE id = ?1", [vip])
        .unwrap();
    let event = f["events"][0]["id"].clone();
    let body = json!({"service_id": conference, "event_id": event, "offer_id": vip});
    placed(&s, &anna, body.clone()).await;
    placed(&s, &vera, body.clone()).await;
    let (st, e) = place(&s, &anna, body.clone()).await;
    assert_eq!(st, 409, "{e}");
    assert_reason(&e, "conflict", "sold_out");
    let ev_day = &f["events"][0]["starts_at"].as_str().unwrap()[..10];
    let (_, a) = s
        .get(
            &anna,
            &format!(
                "/api/services/{conference}/availability?from={}&to={ev_day}",
                day(&f, 0)
            ),
        )
        .await;
    let at = a["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event_id"] == event)
        .unwrap_or_else(|| panic!("{a}"));
    let left_of = |id: i64| {
        at["offers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["offer_id"] == id)
            .unwrap()["left"]
            .clone()
    };
    assert_eq!(left_of(vip), json!(0));
    // The demo holds one standard ticket of this conference.
    assert_eq!(left_of(offer_named(&f, "Стандартный")), json!(199));
    // A coworking tariff counts seats per day.
    let cw = service_named(&s, &anna, "Коворкинг «Точка роста» — гостевой день").await;
    let f = form(&s, &anna, cw).await;
    let fixed = offer_named(&f, "Фиксированное место");
    db(&s)
        .execute("UPDATE offers SET stock = 1 WHERE id = ?1", [fixed])
        .unwrap();
    placed(
        &s,
        &anna,
        json!({"service_id": cw, "offer_id": fixed, "date": day(&f, 10), "date_to": day(&f, 12)}),
    )
    .await;
    let (st, e) = place(
        &s,
        &vera,
        json!({"service_id": cw, "offer_id": fixed, "date": day(&f, 12), "date_to": day(&f, 13)}),
    )
    .await;
    assert_eq!(st, 409, "{e}");
    assert_reason(&e, "conflict", "sold_out");
    placed(
        &s,
        &vera,
        json!({"service_id": cw, "offer_id": fixed, "date": day(&f, 13)}),
    )
    .await;
}

#[tokio::test]
async fn repeat_drafts_a_new_order_from_goods_and_bookings() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let vera = s.login(VERA).await;
    let (goods, _) = s.find_order(&anna, "goods", "done").await;
    let (_, old) = s.get(&anna, &format!("/api/orders/{goods}")).await;
    let (st, d) = s.get(&anna, &format!("/api/orders/{goods}/repeat")).await;
    assert_eq!(st, 200, "{d}");
    assert_eq!(d["from_number"], old["number"]);
    assert_eq!(d["missing"], json!(["Вода без газа 0,5 л"]));
    let coffee = old["service"]["id"].as_i64().unwrap();
    let f = form(&s, &anna, coffee).await;
    assert_eq!(d["order"]["service_id"], coffee);
    assert_eq!(
        d["order"]["items"],
        json!([{"offer_id": offer_named(&f, "Капучино 300 мл"), "quantity": 3},
               {"offer_id": offer_named(&f, "Круассан с миндалем"), "quantity": 2}])
    );
    assert_eq!(d["order"]["new_place"], old["delivery_place"]);
    assert_eq!(d["order"]["comment"], "Без сахара, пожалуйста");
    // The draft places as it is, at today's prices.
    let v = placed(&s, &anna, d["order"].clone()).await;
    assert_eq!(total(&v), 3 * 25_000 + 2 * 18_000);
    // Taken off sale meanwhile: missing too.
    db(&s)
        .execute(
            "UPDATE offers SET on_sale = 0 WHERE name = 'Круассан с миндалем'",
            [],
        )
        .unwrap();
    let (_, d) = s.get(&anna, &format!("/api/orders/{goods}/repeat")).await;
    assert_eq!(
        d["missing"],
        json!(["Круассан с миндалем", "Вода без газа 0,5 л"])
    );
    assert_eq!(d["order"]["items"].as_array().unwrap().len(), 1);

    // A booking: the same time of day and length, on a day still ahead.
    let (booking, _) = s.find_order(&anna, "booking", "cancelled").await;
    let (_, old) = s.get(&anna, &format!("/api/orders/{booking}")).await;
    let (st, d) = s.get(&anna, &format!("/api/orders/{booking}/repeat")).await;
    assert_eq!(st, 200, "{d}");
    assert_eq!(d["order"]["time"], "11:00");
    assert_eq!(d["order"]["hours"], 2);
    assert_eq!(d["order"]["service_id"], old["service"]["id"]);
    let f = form(&s, &anna, old["service"]["id"].as_i64().unwrap()).await;
    let first = d["order"]["date"].as_str().unwrap();
    assert!(first == day(&f, 0) || first == day(&f, 1), "{first}");

    // Not hers: 404; not goods or a booking: 409.
    let (st, e) = s.get(&vera, &format!("/api/orders/{goods}/repeat")).await;
    assert_eq!(st, 404, "{e}");
    assert_error(&e, "not_found");
    let (request, _) = s.find_order(&anna, "request", "new").await;
    let (st, e) = s.get(&anna, &format!("/api/orders/{request}/repeat")).await;
    assert_eq!(st, 409, "{e}");
    assert_reason(&e, "conflict", "not_for_kind");
    let (st, _) = s.get(&anna, "/api/orders/999999/repeat").await;
    assert_eq!(st, 404);
}

#[tokio::test]
async fn availability_checks_its_days() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let java = service_named(&s, &anna, "Переговорная Java").await;
    let f = form(&s, &anna, java).await;
    let path = |q: &str| format!("/api/services/{java}/availability?{q}");
    for (q, field) in [
        ("from=2026-13-01".to_string(), "from"),
        ("from=tomorrow".to_string(), "from"),
        (format!("from={}&to=2026-02-30", day(&f, 0)), "to"),
        (format!("from={}&to={}", day(&f, 5), day(&f, 4)), "to"),
        (format!("from={}&to={}", day(&f, 0), day(&f, 62)), "to"),
        // Only days from yesterday to the last day orders are taken for.
        (format!("from={}", day(&f, -2)), "from"),
        (
            // Two days past it, so that a midnight between the calls changes nothing.
            format!("from={}", day(&f, kabinet_core::HORIZON_DAYS + 2)),
            "from",
        ),
        (
            format!(
                "from={}&to={}",
                day(&f, kabinet_core::HORIZON_DAYS - 5),
                day(&f, kabinet_core::HORIZON_DAYS + 2)
            ),
            "to",
        ),
    ] {
        let (st, e) = s.get(&anna, &path(&q)).await;
        assert_eq!(st, 422, "{q}: {e}");
        assert_reason(&e, "validation", "invalid");
        assert_eq!(e["field"], field, "{q}");
    }
    let (st, a) = s
        .get(
            &anna,
            &path(&format!("from={}&to={}", day(&f, 0), day(&f, 61))),
        )
        .await;
    assert_eq!(st, 200, "{a}");
    assert_eq!(a["days"].as_array().unwrap().len(), 62);
    let (st, a) = s.get(&anna, &path("")).await;
    assert_eq!(st, 200, "{a}");
    assert_eq!(a["days"][0]["date"], f["today"]);
    // Two weeks by default, up to the last day.
    assert_eq!(a["days"].as_array().unwrap().len(), 14);
    let (st, a) = s
        .get(
            &anna,
            &path(&format!("from={}", day(&f, kabinet_core::HORIZON_DAYS - 2))),
        )
        .await;
    assert_eq!(st, 200, "{a}");
    // Four when the site's midnight passed since the form was read.
    let n = a["days"].as_array().unwrap().len();
    assert!(n == 3 || n == 4, "{a}");
    let (st, _) = s.get(&anna, "/api/services/999999/availability").await;
    assert_eq!(st, 404);
    let (st, _) = s.get(&anna, "/api/services/999999/form").await;
    assert_eq!(st, 404);
}

#[tokio::test]
async fn a_request_s_text_and_files_open_its_chat() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let request = service_named(&s, &anna, "Обращение в службу эксплуатации").await;
    let upload = |name: &str, bytes: &[u8]| {
        let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string());
        s.client
            .post(s.url("/api/uploads"))
            .bearer_auth(&anna)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
    };
    let r = upload("заметка.txt", "Течёт кран".as_bytes())
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let up: Value = r.json().await.unwrap();
    let v = placed(
        &s,
        &anna,
        json!({"service_id": request, "comment": "Течёт кран в 412", "uploads": [up["id"]]}),
    )
    .await;
    let id = v["id"].as_i64().unwrap();
    let (st, page) = s.get(&anna, &format!("/api/orders/{id}/messages")).await;
    assert_eq!(st, 200, "{page}");
    let m = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["author"].is_object())
        .unwrap_or_else(|| panic!("the user's message: {page}"))
        .clone();
    assert_eq!(m["body"], "Течёт кран в 412");
    assert_eq!(m["attachments"][0]["file_name"], "заметка.txt");
    // The upload is used: it cannot be sent again.
    let (st, e) = place(
        &s,
        &anna,
        json!({"service_id": request, "comment": "Ещё раз", "uploads": [up["id"]]}),
    )
    .await;
    assert_eq!(st, 422, "{e}");
    assert_reason(&e, "validation", "upload_missing");
    // A form's file field sends its file to the chat.
    let pass = service_named(&s, &anna, "Запросить пропуск для гостя").await;
    let f = form(&s, &anna, pass).await;
    let r = upload("паспорт.txt", b"scan").await.unwrap();
    let up: Value = r.json().await.unwrap();
    let v = placed(
        &s,
        &anna,
        json!({"service_id": pass, "fields": [
            {"key": "guest_name", "value": "Гость"}, {"key": "visit_date", "value": day(&f, 1)},
            {"key": "arrival", "value": "до 12:00"}, {"key": "document", "value": up["id"]}]}),
    )
    .await;
    let id = v["id"].as_i64().unwrap();
    assert_eq!(
        v["form_fields"][3],
        json!({"label": "Скан документа", "value": "паспорт.txt"})
    );
    let (_, page) = s.get(&anna, &format!("/api/orders/{id}/messages")).await;
    assert!(page.to_string().contains("паспорт.txt"), "{page}");
    // Staff do not upload for orders being placed.
    let staff = s.login("staff@kabinet.example").await;
    let part = reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("x.txt");
    let r = s
        .client
        .post(s.url("/api/uploads"))
        .bearer_auth(&staff)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn the_demo_never_sells_anything_twice() {
    let s = TestServer::demo(0).await;
    nothing_sold_twice(&s).await;
    // Nor with the load-test filler (more tickets than the meetup has places).
    nothing_sold_twice(&TestServer::demo(2000).await).await;
}

async fn nothing_sold_twice(s: &TestServer) {
    let anna = s.login(ANNA).await;
    let held = "status NOT IN ('cancelled', 'refund_pending')";
    // The most held at once is reached at some held order's start: count, at each
    // start, the orders of the same resource holding it then.
    let over = |resource: &str, limit: &str, filter: &str| {
        let sql = format!(
            "SELECT o.id, o.{resource}, (SELECT count(*) FROM orders p
                 WHERE p.{resource} = o.{resource} AND p.{held} AND p.service_at <= o.service_at
                   AND coalesce(p.service_end_at, p.service_at) > o.service_at) AS n, {limit}
               FROM orders o LEFT JOIN offers f ON f.id = o.offer_id
              WHERE o.{held} AND {filter} AND n > {limit}"
        );
        let db = db(s);
        let mut stmt = db.prepare(&sql).unwrap();
        let rows: Vec<(i64, i64, i64, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows
    };
    assert_eq!(
        over("service_id", "1", "o.kind = 'booking'"),
        vec![],
        "a slot booked twice"
    );
    assert_eq!(
        over(
            "offer_id",
            "f.stock",
            "o.kind IN ('hotel', 'coworking') AND f.stock IS NOT NULL"
        ),
        vec![],
        "a night or a day over the stock"
    );
    let tickets: i64 = db(s)
        .query_row(
            &format!(
                "SELECT count(*) FROM (SELECT o.event_id, f.stock, count(*) AS n FROM orders o
                   JOIN offers f ON f.id = o.offer_id WHERE o.kind = 'event' AND o.{held}
                  GROUP BY o.event_id, o.offer_id) WHERE n > stock"
            ),
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tickets, 0, "an event over its places");
    // Tomorrow and the day after, Java's 10:00–12:00 is free to book.
    let java = service_named(s, &anna, "Переговорная Java").await;
    let f = form(s, &anna, java).await;
    let (st, a) = s
        .get(
            &anna,
            &format!(
                "/api/services/{java}/availability?from={}&to={}",
                day(&f, 1),
                day(&f, 2)
            ),
        )
        .await;
    assert_eq!(st, 200, "{a}");
    for d in 0..2 {
        for t in ["10:00", "11:00"] {
            let slot = a["days"][d]["slots"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["time"] == t)
                .unwrap()
                .clone();
            assert_eq!(slot["free"], true, "day {d} {t}: {a}");
        }
    }
}

/// Uploads a small file for an order being placed; answers its id.
async fn upload(s: &TestServer, token: &str, name: &str) -> Value {
    let part = reqwest::multipart::Part::bytes(b"scan".to_vec()).file_name(name.to_string());
    let r = s
        .client
        .post(s.url("/api/uploads"))
        .bearer_auth(token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["id"].clone()
}

#[tokio::test]
async fn dates_sent_with_spaces_are_priced_as_checked() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let hotel = service_named(&s, &anna, "Апарт-отель «Технопарк»").await;
    let f = form(&s, &anna, hotel).await;
    let v = placed(
        &s,
        &anna,
        json!({"service_id": hotel, "offer_id": offer_named(&f, "Стандарт, одноместный"),
               "date": format!(" {}", day(&f, 50)), "date_to": format!("{} ", day(&f, 52))}),
    )
    .await;
    assert_eq!(total(&v), 2 * 420_000);
    let cw = service_named(&s, &anna, "Коворкинг «Точка роста» — гостевой день").await;
    let f = form(&s, &anna, cw).await;
    let v = placed(
        &s,
        &anna,
        json!({"service_id": cw, "offer_id": offer_named(&f, "Гостевой день"),
               "date": format!("{} ", day(&f, 50)), "date_to": format!(" {}", day(&f, 51))}),
    )
    .await;
    assert_eq!(total(&v), 2 * 90_000);
}

#[tokio::test]
async fn uploads_are_the_user_s_own_and_attached_once() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let vera = s.login(VERA).await;
    let pass = service_named(&s, &anna, "Запросить пропуск для гостя").await;
    let request = service_named(&s, &anna, "Обращение в службу эксплуатации").await;
    // A second file field on the pass's form.
    db(&s)
        .execute(
            "UPDATE services SET form = json_insert(form, '$[#]',
                 json_set(json_extract(form, '$[5]'), '$.key', 'copy', '$.label', 'Копия'))
              WHERE id = ?1",
            [pass],
        )
        .unwrap();
    let f = form(&s, &anna, pass).await;
    assert_eq!(f["fields"][6]["key"], "copy", "{f}");
    let mine = upload(&s, &anna, "паспорт.txt").await;
    let hers = upload(&s, &vera, "чужой.txt").await;
    let with = |files: &[(&str, &Value)]| {
        let mut fields = vec![
            json!({"key": "guest_name", "value": "Гость"}),
            json!({"key": "visit_date", "value": day(&f, 1)}),
            json!({"key": "arrival", "value": "до 12:00"}),
        ];
        for (key, id) in files {
            fields.push(json!({"key": key, "value": id}));
        }
        json!({"service_id": pass, "fields": fields})
    };
    // One upload named by two file fields: the second is refused.
    let (st, e) = place(&s, &anna, with(&[("document", &mine), ("copy", &mine)])).await;
    assert_eq!(st, 422, "{e}");
    assert_reason(&e, "validation", "invalid");
    assert_eq!(e["field"], "fields.copy");
    // Another user's upload is not found, by a field or with a request.
    let (st, e) = place(&s, &anna, with(&[("document", &hers)])).await;
    assert_eq!(st, 422, "{e}");
    assert_reason(&e, "validation", "upload_missing");
    assert_eq!(e["field"], "fields.document");
    let (st, e) = place(
        &s,
        &anna,
        json!({"service_id": request, "comment": "Свет", "uploads": [hers]}),
    )
    .await;
    assert_eq!(st, 422, "{e}");
    assert_reason(&e, "validation", "upload_missing");
    assert_eq!(e["field"], "uploads");
    // Her own, once each, are attached.
    let other = upload(&s, &anna, "копия.txt").await;
    let v = placed(&s, &anna, with(&[("document", &mine), ("copy", &other)])).await;
    assert_eq!(v["form_fields"][3]["value"], "паспорт.txt");
    assert_eq!(v["form_fields"][4]["value"], "копия.txt");
    // Vera's is still hers to send.
    placed(
        &s,
        &vera,
        json!({"service_id": request, "comment": "Свет", "uploads": [hers]}),
    )
    .await;
}

#[tokio::test]
async fn another_company_s_place_a_begun_event_and_a_sold_out_middle_night_are_refused() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let vera = s.login(VERA).await;
    // Альфа's saved place is not vera's to deliver to.
    let coffee = service_named(&s, &anna, "Кофе в офис").await;
    let fa = form(&s, &anna, coffee).await;
    let alfa_place = fa["places"][0]["id"].clone();
    let (st, e) = place(
        &s,
        &vera,
        json!({"service_id": coffee, "items": [{"offer_id": offer_named(&fa, "Латте 300 мл"), "quantity": 1}],
               "place_id": alfa_place}),
    )
    .await;
    assert_eq!(st, 422, "{e}");
    assert_reason(&e, "validation", "invalid");
    assert_eq!(e["field"], "place_id");

    // The meetup today began an hour ago: its date is not offered nor sold.
    let meetup = service_named(&s, &anna, "Митап «Rust в продакшене»").await;
    let f = form(&s, &anna, meetup).await;
    let begun: i64 = db(&s)
        .query_row(
            "SELECT id FROM checkin_events WHERE service_id = ?1 AND starts_at <= unixepoch()
                AND ends_at > unixepoch()",
            [meetup],
            |r| r.get(0),
        )
        .unwrap();
    assert!(f["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["id"] != begun));
    let (st, e) = place(
        &s,
        &anna,
        json!({"service_id": meetup, "event_id": begun, "offer_id": offer_named(&f, "Стандартный")}),
    )
    .await;
    assert_eq!(st, 422, "{e}");
    assert_reason(&e, "validation", "in_past");
    assert_eq!(e["field"], "event_id");

    // A stay whose middle night is sold out: 409, though its first and last are free.
    let hotel = service_named(&s, &anna, "Апарт-отель «Технопарк»").await;
    let f = form(&s, &anna, hotel).await;
    let studio = offer_named(&f, "Студия");
    let stay = |from: i64, to: i64| json!({"service_id": hotel, "offer_id": studio, "date": day(&f, from), "date_to": day(&f, to)});
    placed(&s, &vera, stay(61, 62)).await;
    let (st, e) = place(&s, &anna, stay(60, 63)).await;
    assert_eq!(st, 409, "{e}");
    assert_reason(&e, "conflict", "sold_out");
    placed(&s, &anna, stay(60, 61)).await;
    placed(&s, &anna, stay(62, 63)).await;
}

#[tokio::test]
async fn settings_out_of_range_are_kept_within_a_day() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let python = service_named(&s, &anna, "Переговорная Python").await;
    db(&s)
        .execute(
            "UPDATE services SET booking = json_object('opens_hour', 8, 'closes_hour', 4000000000,
                 'max_hours', 4294967295) WHERE id = ?1",
            [python],
        )
        .unwrap();
    let f = form(&s, &anna, python).await;
    assert_eq!(
        f["booking"],
        json!({"opens_hour": 8, "closes_hour": 24, "max_hours": 16})
    );
    let (st, e) = place(
        &s,
        &anna,
        json!({"service_id": python, "date": day(&f, 3), "time": "10:00", "hours": 4_294_967_295u32}),
    )
    .await;
    assert_eq!(st, 422, "{e}");
    assert_eq!(e["field"], "hours");
    let (st, a) = s
        .get(
            &anna,
            &format!(
                "/api/services/{python}/availability?from={}&to={}",
                day(&f, 3),
                day(&f, 3)
            ),
        )
        .await;
    assert_eq!(st, 200, "{a}");
    assert_eq!(a["days"][0]["slots"].as_array().unwrap().len(), 16);
    // An offer's stock and guests cannot be set below what makes sense.
    let db = db(&s);
    let hotel = service_named(&s, &anna, "Апарт-отель «Технопарк»").await;
    assert!(db
        .execute(
            "UPDATE offers SET stock = -1 WHERE service_id = ?1",
            [hotel]
        )
        .is_err());
    assert!(db
        .execute(
            "UPDATE offers SET guests_max = 0 WHERE service_id = ?1",
            [hotel]
        )
        .is_err());
    // Written past the checks all the same, they read as no rooms and one guest.
    db.execute_batch("PRAGMA ignore_check_constraints = ON")
        .unwrap();
    db.execute(
        "UPDATE offers SET stock = -1, guests_max = -5 WHERE service_id = ?1",
        [hotel],
    )
    .unwrap();
    let f = form(&s, &anna, hotel).await;
    assert_eq!(f["offers"][0]["guests_max"], 1, "{f}");
    let (st, a) = s
        .get(
            &anna,
            &format!(
                "/api/services/{hotel}/availability?from={}&to={}",
                day(&f, 3),
                day(&f, 3)
            ),
        )
        .await;
    assert_eq!(st, 200, "{a}");
    assert_eq!(a["days"][0]["offers"][0]["left"], 0, "{a}");
}

#[tokio::test]
async fn saved_places_are_saved_once_and_up_to_a_cap() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let coffee = service_named(&s, &anna, "Кофе в офис").await;
    let f = form(&s, &anna, coffee).await;
    let latte = offer_named(&f, "Латте 300 мл");
    let order = |place: Value| {
        json!({"service_id": coffee, "items": [{"offer_id": latte, "quantity": 1}],
               "new_place": place, "save_place": true})
    };
    let places = || async {
        form(&s, &anna, coffee).await["places"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(places().await, 2);
    // Saved once, however often it is sent; one of the demo's own is not added.
    let hall = json!({"building": "Корпус Б", "floor": "1", "room": "Холл"});
    placed(&s, &anna, order(hall.clone())).await;
    placed(&s, &anna, order(hall)).await;
    placed(
        &s,
        &anna,
        order(json!({"building": " Корпус А ", "floor": "4", "room": "Офис 412"})),
    )
    .await;
    assert_eq!(places().await, 3);
    // A full list stays as it is; the order goes to the new place all the same.
    let company: i64 = db(&s)
        .query_row("SELECT company_id FROM saved_places LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    for i in 3..50 {
        db(&s)
            .execute(
                "INSERT INTO saved_places (company_id, building, created_at) VALUES (?1, ?2, 0)",
                rusqlite::params![company, format!("Корпус {i}")],
            )
            .unwrap();
    }
    assert_eq!(places().await, 50);
    let v = placed(&s, &anna, order(json!({"building": "Корпус Z"}))).await;
    assert_eq!(v["delivery_place"]["building"], "Корпус Z");
    assert_eq!(places().await, 50);
}

#[tokio::test]
async fn a_repeat_draft_is_one_that_can_be_placed() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    // Goods: a quantity above what one order takes is cut to it.
    let (goods, _) = s.find_order(&anna, "goods", "done").await;
    db(&s)
        .execute(
            "UPDATE orders SET details = json_set(details, '$.items[0].quantity', 500) WHERE id = ?1",
            [goods],
        )
        .unwrap();
    let (st, d) = s.get(&anna, &format!("/api/orders/{goods}/repeat")).await;
    assert_eq!(st, 200, "{d}");
    assert_eq!(
        d["order"]["items"][0]["quantity"],
        kabinet_core::QUANTITY_MAX
    );
    placed(&s, &anna, d["order"].clone()).await;
    // A booking off the hour, longer than allowed, or ending after closing: the
    // next whole hour, the longest booking, ending by closing.
    let (booking, _) = s.find_order(&anna, "booking", "cancelled").await;
    let draft = |start: &'static str, hours: i64| {
        let s = &s;
        let anna = &anna;
        async move {
            // `start` is a Moscow time of the booking's own day.
            db(s)
                .execute(
                    "UPDATE orders SET
                         service_at = unixepoch(date(service_at + 3 * 3600, 'unixepoch') || ' ' || ?2)
                                      - 3 * 3600,
                         service_end_at = unixepoch(date(service_at + 3 * 3600, 'unixepoch') || ' ' || ?2)
                                      - 3 * 3600 + ?3 * 3600
                      WHERE id = ?1",
                    rusqlite::params![booking, start, hours],
                )
                .unwrap();
            let (st, d) = s.get(anna, &format!("/api/orders/{booking}/repeat")).await;
            assert_eq!(st, 200, "{d}");
            (d["order"]["time"].clone(), d["order"]["hours"].clone())
        }
    };
    assert_eq!(draft("10:30", 10).await, (json!("11:00"), json!(8)));
    assert_eq!(draft("19:30", 3).await, (json!("18:00"), json!(3)));
    assert_eq!(draft("06:00", 1).await, (json!("08:00"), json!(1)));
    assert_eq!(draft("11:00", 2).await, (json!("11:00"), json!(2)));
}

#[tokio::test]
async fn ordering_answers_as_documented() {
    let s = TestServer::demo(0).await;
    let anna = s.login(ANNA).await;
    let java = service_named(&s, &anna, "Переговорная Java").await;
    let statuses = |doc: &Value, path: &str, method: &str| -> Vec<String> {
        doc["paths"][path][method]["responses"]
            .as_object()
            .unwrap_or_else(|| panic!("{path} {method}"))
            .keys()
            .cloned()
            .collect()
    };
    let (_, doc) = s.get("", "/api/openapi.json").await;
    let send = |body: Vec<u8>, content_type: &'static str| {
        s.client
            .post(s.url("/api/orders"))
            .bearer_auth(&anna)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    // Not JSON, not sent as JSON, too large: 400, 400, 413, each documented.
    let documented = statuses(&doc, "/api/orders", "post");
    for (body, content_type, status) in [
        (b"{not json".to_vec(), "application/json", 400),
        (b"{}".to_vec(), "text/plain", 400),
        (
            vec![b' '; kabinet_server::BODY_LIMIT + 1],
            "application/json",
            413,
        ),
    ] {
        let r = send(body, content_type).await.unwrap();
        assert_eq!(r.status().as_u16(), status);
        assert!(documented.contains(&status.to_string()), "{documented:?}");
    }
    // A malformed query string: 400, documented.
    let r = s
        .client
        .get(s.url(&format!(
            "/api/services/{java}/availability?from=2026-12-01&from=2026-12-02"
        )))
        .bearer_auth(&anna)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let documented = statuses(&doc, "/api/services/{id}/availability", "get");
    assert!(documented.contains(&"400".to_string()), "{documented:?}");
}
