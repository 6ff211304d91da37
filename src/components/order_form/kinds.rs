//! The choices of each kind: a booking's day, hour and length; goods and where to
//! bring them; a coworking visit's or hotel stay's dates and offer; an event's
//! date and ticket; a simple service's fields; a request's files.

use kabinet_core::{FieldType, FormField, Kind, QUANTITY_MAX, REQUEST_FILES_MAX};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::{conflict, fid, Ctx};
use crate::format::{self, DateStyle};
use crate::i18n::{unit_label, T};
use crate::state::order_form::{hours_free_from, left_of, FormMsg, PlaceField};

/// A booking: the day, its hours as buttons, how long.
pub fn booking(ctx: &Ctx) -> Html {
    let d = &ctx.s.draft;
    let max = ctx.spec.booking.map_or(1, |b| b.max_hours.max(1));
    let slots = ctx.av.and_then(|av| {
        av.days
            .iter()
            .find(|day| Some(&day.date) == d.date.as_ref())
            .map(|day| day.slots.as_slice())
    });
    let fit = match (slots, &d.time) {
        (Some(sl), Some(t)) => hours_free_from(sl, t, max).max(1),
        _ => max,
    };
    let hours = d.hours.unwrap_or(1).min(fit);
    let (invalid, described) = ctx.aria("time");
    let grid = match slots {
        None if ctx.av.is_none() => crate::components::remote_view::spinner(ctx.locale),
        Some(sl) if sl.iter().any(|s| s.free) => html! {
            <div class="slots">
                { for sl.iter().map(|slot| {
                    let on = d.time.as_ref() == Some(&slot.time);
                    let t = slot.time.clone();
                    let fits = hours_free_from(sl, &t, max).max(1);
                    let send = ctx.send.clone();
                    let onclick = Callback::from(move |_: MouseEvent| {
                        send.emit(FormMsg::Time(t.clone()));
                        if hours > fits {
                            send.emit(FormMsg::Hours(fits));
                        }
                    });
                    html! {
                        <button type="button" class={classes!("slot", on.then_some("slot--on"))}
                                aria-pressed={on.to_string()} disabled={!slot.free} {onclick}>
                            { &slot.time }
                            if !slot.free { <span class="slot__note">{ ctx.t(T::SlotTaken) }</span> }
                        </button>
                    }
                }) }
            </div>
        },
        _ => html! { <p class="muted">{ ctx.t(T::NoSlots) }</p> },
    };
    html! {
        <>
            { ctx.date("date", T::DateOnly, &d.date, true, None, FormMsg::Date) }
            <fieldset class="field" id={fid("time")} tabindex="-1" aria-invalid={invalid} aria-describedby={described}>
                <legend>{ ctx.t(T::StartTime) }</legend>
                { grid }
                { ctx.error("time") }
                { conflict(ctx) }
            </fieldset>
            <div class="field field--short">
                <label for={fid("hours")}>{ ctx.t(T::HoursLabel) }</label>
                <select id={fid("hours")} oninput={ctx.on(|v| FormMsg::Hours(v.parse().unwrap_or(1)))}>
                    { for (1..=fit).map(|h| html! {
                        <option value={h.to_string()} selected={h == hours}>{ h }</option>
                    }) }
                </select>
                { ctx.error("hours") }
            </div>
        </>
    }
}

/// Goods: the catalogue with steppers, the delivery place, the wanted day and time.
pub fn goods(ctx: &Ctx) -> Html {
    let s = ctx.s;
    let lang = ctx.locale.lang;
    let (invalid, described) = ctx.aria("items");
    let items = html! {
        <fieldset class="field goods" id={fid("items")} tabindex="-1" aria-invalid={invalid} aria-describedby={described}>
            <legend>{ ctx.t(T::BlockOrder) }</legend>
            <ul class="goods__list">
                { for ctx.spec.offers.iter().map(|o| {
                    let (id, n) = (o.id, s.quantity(o.id));
                    let input = format!("of-item-{id}");
                    html! {
                        <li class="goods__item" data-offer={id.to_string()}>
                            <div class="goods__about">
                                <label for={input.clone()} class="goods__name">{ &o.name }</label>
                                <span class="muted">{ format!("{} / {}", ctx.money(o.price.amount), unit_label(o.unit, lang)) }</span>
                                if let Some(dsc) = &o.description { <span class="muted goods__desc">{ dsc }</span> }
                            </div>
                            <div class="stepper">
                                <button type="button" class="stepper__button" disabled={n == 0}
                                        aria-label={ctx.t(T::Less).replace("{name}", &o.name)}
                                        onclick={ctx.click(move || FormMsg::Quantity(id, n.saturating_sub(1)))}>{ "−" }</button>
                                <input id={input} class="stepper__input" type="number" inputmode="numeric"
                                       min="0" max={QUANTITY_MAX.to_string()} value={n.to_string()}
                                       oninput={ctx.on(move |v| FormMsg::Quantity(id, v.trim().parse().unwrap_or(0)))} />
                                <button type="button" class="stepper__button" disabled={n >= QUANTITY_MAX}
                                        aria-label={ctx.t(T::More).replace("{name}", &o.name)}
                                        onclick={ctx.click(move || FormMsg::Quantity(id, n + 1))}>{ "+" }</button>
                            </div>
                        </li>
                    }
                }) }
            </ul>
            { ctx.error("items") }
            { conflict(ctx) }
        </fieldset>
    };
    let mut places: Vec<(Html, bool, bool, Callback<Event>)> = ctx
        .spec
        .places
        .iter()
        .map(|p| {
            let id = p.id;
            let pl = &p.place;
            // «Корпус А, этаж 4, Офис 412»
            let floor = pl
                .floor
                .as_ref()
                .map(|f| ctx.t(T::FloorN).replace("{n}", f));
            let text = [
                Some(&pl.building),
                floor.as_ref(),
                pl.room.as_ref(),
                pl.note.as_ref(),
            ]
            .into_iter()
            .flatten()
            .filter(|t| !t.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
            (
                html! { { text } },
                !s.other_place && s.draft.place_id == Some(id),
                false,
                ctx.pick(move || FormMsg::Place(Some(id))),
            )
        })
        .collect();
    places.push((
        html! { { ctx.t(T::OtherPlace) } },
        s.other_place,
        false,
        ctx.pick(|| FormMsg::Place(None)),
    ));
    let text = |f: PlaceField, field: &str, label: T, value: &Option<String>| {
        ctx.input(
            field,
            ctx.t(label),
            "text",
            value.as_deref().unwrap_or(""),
            false,
            (None, None),
            ctx.on(move |v| FormMsg::PlaceText(f, v)),
        )
    };
    let p = &s.place.0;
    html! {
        <>
            { items }
            { ctx.radios("place_id", ctx.t(T::BlockDelivery), places) }
            if s.other_place {
                <div class="order-form__place">
                    { ctx.input("new_place.building", ctx.t(T::Building), "text", &p.building, true, (None, None),
                                ctx.on(|v| FormMsg::PlaceText(PlaceField::Building, v))) }
                    { text(PlaceField::Floor, "new_place.floor", T::Floor, &p.floor) }
                    { text(PlaceField::Room, "new_place.room", T::Office, &p.room) }
                    { text(PlaceField::Note, "new_place.note", T::Note, &p.note) }
                    <label class="choice">
                        <input type="checkbox" checked={s.draft.save_place}
                               onchange={{ let on = s.draft.save_place; ctx.pick(move || FormMsg::SavePlace(!on)) }} />
                        <span>{ ctx.t(T::SavePlaceForCompany) }</span>
                    </label>
                </div>
            }
            <div class="order-form__row">
                { ctx.date("date", T::WantedDate, &s.draft.date, false, None, FormMsg::Date) }
                { ctx.input("time", ctx.t(T::WantedTime), "time", s.draft.time.as_deref().unwrap_or(""), false,
                            (None, None), ctx.on(FormMsg::Time)) }
            </div>
        </>
    }
}

/// The offers to choose one of, with what is left of each (none left: disabled).
fn offers(ctx: &Ctx, legend: T) -> Html {
    let lang = ctx.locale.lang;
    let options = ctx
        .spec
        .offers
        .iter()
        .map(|o| {
            let (id, guests_max) = (o.id, o.guests_max);
            let left = ctx.av.and_then(|av| left_of(av, ctx.spec, &ctx.s.draft, id));
            let sold = left == Some(0);
            let label = html! {
                <>
                    <strong>{ &o.name }</strong>
                    { format!(" · {} / {}", ctx.money(o.price.amount), unit_label(o.unit, lang)) }
                    if let Some(n) = left {
                        <span class={classes!("offer__left", sold.then_some("offer__left--none"))}>
                            { " · " }{ if sold { ctx.t(T::SoldOutShort).to_string() } else { ctx.t(T::LeftN).replace("{n}", &n.to_string()) } }
                        </span>
                    }
                    if let Some(dsc) = &o.description { <br /><span class="muted">{ dsc }</span> }
                </>
            };
            (label, ctx.s.draft.offer_id == Some(id), sold, ctx.pick(move || FormMsg::Offer(id, guests_max)))
        })
        .collect();
    html! {
        <>
            { ctx.radios("offer_id", ctx.t(legend), options) }
            { conflict(ctx) }
        </>
    }
}

/// Coworking (first and last day, tariff) and hotel (check-in and -out, room
/// type, guests).
pub fn stay(ctx: &Ctx) -> Html {
    let d = &ctx.s.draft;
    let hotel = ctx.spec.service.kind == Kind::Hotel;
    let (from, to, legend) = if hotel {
        (T::CheckIn, T::CheckOut, T::RoomType)
    } else {
        (T::DateFrom, T::DateTo, T::Tariff)
    };
    let guests_max = d
        .offer_id
        .and_then(|id| ctx.spec.offers.iter().find(|o| o.id == id))
        .and_then(|o| o.guests_max)
        .unwrap_or(1)
        .max(1) as usize;
    let guests = html! {
        <fieldset class="field" id={fid("guests")} tabindex="-1">
            <legend>{ ctx.t(T::Guests) }</legend>
            { for d.guests.iter().enumerate().map(|(i, g)| {
                let id = format!("of-guest-{i}");
                let n = (i + 1).to_string();
                html! {
                    <div class="order-form__guest">
                        <label for={id.clone()} class="visually-hidden">{ ctx.t(T::GuestN).replace("{n}", &n) }</label>
                        <input {id} type="text" value={g.clone()} maxlength="100" required={i == 0}
                               placeholder={ctx.t(T::GuestN).replace("{n}", &n)}
                               oninput={ctx.on(move |v| FormMsg::Guest(i, v))} />
                        if i > 0 {
                            <button type="button" class="button button--icon"
                                    aria-label={ctx.t(T::RemoveGuest).replace("{n}", &n)}
                                    onclick={ctx.click(move || FormMsg::RemoveGuest(i))}>{ "×" }</button>
                        }
                    </div>
                }
            }) }
            if d.guests.len() < guests_max {
                <button type="button" class="button button--ghost" onclick={ctx.click(|| FormMsg::AddGuest)}>
                    { "+ " }{ ctx.t(T::AddGuest) }
                </button>
            }
            { ctx.error("guests") }
        </fieldset>
    };
    html! {
        <>
            <div class="order-form__row">
                { ctx.date("date", from, &d.date, true, None, FormMsg::Date) }
                { ctx.date("date_to", to, &d.date_to, true, d.date.as_deref(), FormMsg::DateTo) }
            </div>
            { offers(ctx, legend) }
            if hotel { { guests } } else { <p class="note note--info">{ ctx.t(T::CoworkingVisitor) }</p> }
        </>
    }
}

/// An event: its date (when there are several) and the ticket type.
pub fn event(ctx: &Ctx) -> Html {
    let (lang, tz) = (ctx.locale.lang, &ctx.locale.time_zone);
    let when = |e: &kabinet_core::EventDate| {
        let mut t = format::date_range(
            &e.starts_at,
            Some(&e.ends_at),
            lang,
            tz,
            DateStyle::DateTime,
        );
        if let Some(p) = &e.place {
            t = format!("{t} · {p}");
        }
        t
    };
    let dates = match ctx.spec.events.as_slice() {
        [one] => {
            html! { <p class="order-form__chosen">{ ctx.t(T::EventDate) }{ ": " }{ when(one) }</p> }
        }
        list => ctx.radios(
            "event_id",
            ctx.t(T::EventDate),
            list.iter()
                .map(|e| {
                    let id = e.id;
                    (
                        html! { { when(e) } },
                        ctx.s.draft.event_id == Some(id),
                        false,
                        ctx.pick(move || FormMsg::Event(id)),
                    )
                })
                .collect(),
        ),
    };
    html! { <>{ dates }{ offers(ctx, T::TicketType) }</> }
}

/// A simple service: the fields it defines.
pub fn fields(ctx: &Ctx) -> Html {
    html! { <>{ for ctx.spec.fields.iter().map(|f| field(ctx, f)) }</> }
}

fn field(ctx: &Ctx, f: &FormField) -> Html {
    let name = format!("fields.{}", f.key);
    let value = ctx
        .s
        .draft
        .fields
        .iter()
        .find(|a| a.key == f.key)
        .map_or("", |a| a.value.as_str());
    let key = f.key.clone();
    let set = move |v: String| FormMsg::Field(key.clone(), v);
    let choose = |v: &str, label: &str| {
        let (key, v2) = (f.key.clone(), v.to_string());
        (
            html! { { label.to_string() } },
            value == v,
            false,
            ctx.pick(move || FormMsg::Field(key.clone(), v2.clone())),
        )
    };
    let num = |n: Option<i64>| n.map(|n| n.to_string());
    match f.field_type {
        FieldType::Text => ctx.input(
            &name,
            &f.label,
            "text",
            value,
            f.required,
            (None, None),
            ctx.on(set),
        ),
        FieldType::Number => ctx.input(
            &name,
            &f.label,
            "number",
            value,
            f.required,
            (num(f.min), num(f.max)),
            ctx.on(set),
        ),
        FieldType::Date => ctx.input(
            &name,
            &f.label,
            "date",
            value,
            f.required,
            (
                Some(ctx.spec.today.clone()),
                Some(ctx.spec.last_day.clone()),
            ),
            ctx.on(set),
        ),
        FieldType::YesNo => ctx.radios(
            &name,
            &f.label,
            vec![choose("yes", ctx.t(T::Yes)), choose("no", ctx.t(T::No))],
        ),
        FieldType::Choice if f.options.len() <= 4 => ctx.radios(
            &name,
            &f.label,
            f.options.iter().map(|o| choose(o, o)).collect(),
        ),
        FieldType::Choice => {
            let id = fid(&name);
            let (invalid, described) = ctx.aria(&name);
            html! {
                <div class="field">
                    <label for={id.clone()}>{ &f.label }</label>
                    <select {id} required={f.required} aria-invalid={invalid} aria-describedby={described}
                            oninput={ctx.on(set)}>
                        <option value="" selected={value.is_empty()}>{ ctx.t(T::ChooseOption) }</option>
                        { for f.options.iter().map(|o| html! {
                            <option value={o.clone()} selected={value == o}>{ o }</option>
                        }) }
                    </select>
                    { ctx.error(&name) }
                </div>
            }
        }
        FieldType::File => {
            let file = ctx
                .s
                .files
                .iter()
                .find(|(id, _)| !value.is_empty() && *id == value);
            html! {
                <div class="field">
                    <span class="field__label" id={format!("{}-label", fid(&name))}>{ &f.label }</span>
                    { file_picker(ctx, &name, Some(f.key.clone()), file.is_none(), false) }
                    if let Some((id, n)) = file { <ul class="plain files">{ file_line(ctx, id, n) }</ul> }
                    if ctx.s.uploading > 0 { <p class="muted" role="status">{ ctx.t(T::Uploading) }</p> }
                    { ctx.error(&name) }
                </div>
            }
        }
    }
}

/// A file input that uploads what is chosen (for `field`, or the attachments).
fn file_picker(
    ctx: &Ctx,
    name: &str,
    field: Option<String>,
    enabled: bool,
    multiple: bool,
) -> Html {
    let upload = ctx.upload.clone();
    let onchange = Callback::from(move |e: Event| {
        let Some(input) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(list) = input.files() {
            for i in 0..list.length() {
                if let Some(f) = list.item(i) {
                    upload.emit((field.clone(), f));
                }
            }
        }
        // The same file may be chosen again after a removal.
        input.set_value("");
    });
    let (invalid, described) = ctx.aria(name);
    html! {
        <label class={classes!("button", "file-pick", (!enabled).then_some("file-pick--off"))}>
            { ctx.t(T::ChooseFile) }
            <input id={fid(name)} class="visually-hidden" type="file" {multiple} disabled={!enabled}
                   aria-labelledby={format!("{}-label", fid(name))}
                   aria-invalid={invalid} aria-describedby={described} {onchange} />
        </label>
    }
}

fn file_line(ctx: &Ctx, id: &str, name: &str) -> Html {
    let id = id.to_string();
    html! {
        <li class="file-line">
            <span class="file-line__name">{ name }</span>
            <button type="button" class="button button--ghost" aria-label={format!("{}: {name}", ctx.t(T::RemoveFile))}
                    onclick={ctx.click(move || FormMsg::RemoveFile(id.clone()))}>{ "×" }</button>
        </li>
    }
}

/// A request's attachments.
pub fn files(ctx: &Ctx) -> Html {
    let s = ctx.s;
    let room = s.draft.uploads.len() + (s.uploading as usize) < REQUEST_FILES_MAX;
    html! {
        <div class="field">
            <span class="field__label" id={format!("{}-label", fid("uploads"))}>{ ctx.t(T::Attachments) }</span>
            <ul class="plain files">
                { for s.files.iter().filter(|(id, _)| s.draft.uploads.contains(id)).map(|(id, n)| file_line(ctx, id, n)) }
            </ul>
            if s.uploading > 0 { <p class="muted" role="status">{ ctx.t(T::Uploading) }</p> }
            { file_picker(ctx, "uploads", None, room, true) }
            { ctx.error("uploads") }
        </div>
    }
}
