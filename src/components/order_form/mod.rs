//! The order form of a service, for every kind: the kind's own choices
//! (`kinds`), the comment, who pays, the price as the shared `quote` computes it,
//! and «Заказать» / «Заказать и оплатить». Sections are functions over one `Ctx`
//! rather than components: each component type costs the app's size.

mod kinds;

use std::rc::Rc;

use kabinet_core::{
    due_on_placing, quote, Availability, Kind, Money, OrderFormSpec, RepeatDraft, COMMENT_MAX,
};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::msg_text;
use crate::format;
use crate::hooks::{use_locale, use_order_form, Locale, Remote};
use crate::i18n::{unit_label, T};
use crate::state::order_form::{FormMsg, FormState, CONFLICT, GENERAL};

/// What every section of the form reads.
pub struct Ctx<'a> {
    pub spec: &'a OrderFormSpec,
    pub s: &'a FormState,
    /// What is free for the choices made; `None` while it loads or failed.
    pub av: Option<&'a Availability>,
    pub send: Callback<FormMsg>,
    pub locale: &'a Locale,
    pub upload: Callback<(Option<String>, web_sys::File)>,
}

/// The id of the input of a `PlaceOrder` field (`new_place.building` →
/// `of-new_place-building`): where its error points and focus goes.
pub fn fid(field: &str) -> String {
    format!("of-{}", field.replace('.', "-"))
}

/// The value of an input, select or textarea an event came from.
pub fn value_of(e: &Event) -> String {
    e.target()
        .and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

impl Ctx<'_> {
    pub fn t(&self, k: T) -> &'static str {
        self.locale.t(k)
    }

    /// A callback of an input's new value.
    pub fn on(&self, f: impl Fn(String) -> FormMsg + 'static) -> Callback<InputEvent> {
        self.send.reform(move |e: InputEvent| f(value_of(&e)))
    }

    /// A callback that sends `msg()` on a change (radios, checkboxes, selects).
    pub fn pick(&self, msg: impl Fn() -> FormMsg + 'static) -> Callback<Event> {
        self.send.reform(move |_: Event| msg())
    }

    /// A callback that sends `msg()` on a click.
    pub fn click(&self, msg: impl Fn() -> FormMsg + 'static) -> Callback<MouseEvent> {
        self.send.reform(move |_: MouseEvent| msg())
    }

    /// `aria-invalid` and `aria-describedby` of a field's input.
    pub fn aria(&self, field: &str) -> (AttrValue, Option<AttrValue>) {
        let bad = self.s.error(field).is_some();
        (
            AttrValue::from(if bad { "true" } else { "false" }),
            bad.then(|| format!("{}-error", fid(field)).into()),
        )
    }

    /// The error shown under a field (focusable: a refusal of a field without an
    /// input of its own focuses its words).
    pub fn error(&self, field: &str) -> Html {
        match self.s.error(field) {
            Some(m) => html! {
                <p class="field__error" id={format!("{}-error", fid(field))} role="alert" tabindex="-1">
                    { msg_text(m, self.locale) }
                </p>
            },
            None => html! {},
        }
    }

    /// A labelled input of a field.
    #[allow(clippy::too_many_arguments)]
    pub fn input(
        &self,
        field: &str,
        label: &str,
        ty: &'static str,
        value: &str,
        required: bool,
        range: (Option<String>, Option<String>),
        on: Callback<InputEvent>,
    ) -> Html {
        let id = fid(field);
        let (invalid, described) = self.aria(field);
        html! {
            <div class="field">
                <label for={id.clone()}>{ label }
                    { if required { " *" } else { "" } }
                </label>
                <input {id} type={ty} value={value.to_string()} required={required}
                       min={range.0} max={range.1} oninput={on}
                       aria-invalid={invalid} aria-describedby={described} />
                { self.error(field) }
            </div>
        }
    }

    /// A date within today..last_day.
    pub fn date(
        &self,
        field: &str,
        label: T,
        value: &Option<String>,
        required: bool,
        min: Option<&str>,
        on: fn(String) -> FormMsg,
    ) -> Html {
        let min = min.unwrap_or(&self.spec.today).to_string();
        self.input(
            field,
            self.t(label),
            "date",
            value.as_deref().unwrap_or(""),
            required,
            (Some(min), Some(self.spec.last_day.clone())),
            self.on(on),
        )
    }

    /// Radio buttons of a field: (label, checked, disabled, what choosing sends).
    pub fn radios(
        &self,
        field: &str,
        legend: &str,
        options: Vec<(Html, bool, bool, Callback<Event>)>,
    ) -> Html {
        let (invalid, described) = self.aria(field);
        html! {
            <fieldset class="field choices" id={fid(field)} tabindex="-1"
                      aria-invalid={invalid} aria-describedby={described}>
                <legend>{ legend }</legend>
                { for options.into_iter().map(|(label, checked, disabled, onchange)| html! {
                    <label class={classes!("choice", disabled.then_some("choice--off"))}>
                        <input type="radio" name={fid(field)} {checked} {disabled} {onchange} />
                        <span>{ label }</span>
                    </label>
                }) }
                { self.error(field) }
            </fieldset>
        }
    }

    pub fn money(&self, amount: i64) -> String {
        format::money(
            &Money {
                amount,
                currency: currency(self.spec),
            },
            self.locale.lang,
        )
    }
}

/// The currency of the service's prices.
fn currency(spec: &OrderFormSpec) -> String {
    spec.service
        .price
        .as_ref()
        .or(spec.offers.first().map(|o| &o.price))
        .map_or_else(|| "RUB".to_string(), |m| m.currency.clone())
}

#[derive(Properties)]
pub struct OrderFormProps {
    pub spec: Rc<OrderFormSpec>,
    /// Filled in from an old order («Повторить заказ»).
    #[prop_or_default]
    pub repeat: Option<Rc<RepeatDraft>>,
}

// The same answers, not equal ones: a deep comparison costs the app's size, and
// the page hands the form what it fetched.
impl PartialEq for OrderFormProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.spec, &other.spec)
            && match (&self.repeat, &other.repeat) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
    }
}

#[component]
pub fn OrderForm(props: &OrderFormProps) -> Html {
    let locale = use_locale();
    let form = use_order_form(props.spec.clone(), props.repeat.clone());
    use_focus_refusal(&form.state);
    view(
        FormView {
            spec: &props.spec,
            state: &form.state,
            availability: &form.availability.state,
            reload: &form.availability.reload,
            send: form.state.dispatcher().to_callback(),
            submit: &form.submit,
            upload: &form.upload,
        },
        &locale,
    )
}

/// A refusal focuses its field (or its words, when the field has no input).
#[hook]
pub fn use_focus_refusal(s: &FormState) {
    let focus = s.focus.clone();
    use_effect_with(s.attempts, move |_| {
        let doc = web_sys::window().and_then(|w| w.document());
        if let (Some(doc), Some(f)) = (doc, focus) {
            let el = doc
                .get_element_by_id(&fid(&f))
                .or_else(|| doc.get_element_by_id(&format!("{}-error", fid(&f))));
            if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = el.focus();
            }
        }
    });
}

/// What the form shows and what it sends its messages to.
pub struct FormView<'a> {
    pub spec: &'a OrderFormSpec,
    pub state: &'a FormState,
    pub availability: &'a Remote<Availability>,
    /// Reads what is free again.
    pub reload: &'a Callback<()>,
    pub send: Callback<FormMsg>,
    pub submit: &'a Callback<()>,
    pub upload: &'a Callback<(Option<String>, web_sys::File)>,
}

/// The form as its state says (a function: the component tests render it from a
/// state of their own).
pub fn view(props: FormView, locale: &Locale) -> Html {
    let locale = locale.clone();
    let s = props.state;
    let spec = props.spec;
    let kind = spec.service.kind;
    let av = match props.availability {
        Remote::Ready(a) => Some(&**a),
        _ => None,
    };
    let ctx = Ctx {
        spec,
        s,
        av,
        send: props.send.clone(),
        locale: &locale,
        upload: props.upload.clone(),
    };
    // What is free could not be read: say so, with «Повторить».
    let av_failed = match props.availability {
        Remote::Failed(e) => {
            crate::components::error_box(e, props.reload, T::ServiceNotFound, &locale)
        }
        _ => html! {},
    };
    let section = match kind {
        Kind::Booking => kinds::booking(&ctx),
        Kind::Goods => kinds::goods(&ctx),
        Kind::Coworking | Kind::Hotel => kinds::stay(&ctx),
        Kind::Event => kinds::event(&ctx),
        Kind::Service => kinds::fields(&ctx),
        Kind::Request => html! {},
    };
    let request = kind == Kind::Request;
    let quoted = quote(&spec.service, &spec.offers, &s.request()).ok();
    let due = quoted.as_ref().map_or(0, |q| {
        due_on_placing(q.total, Some(spec.prepayment_percent))
    });
    let paid_kind = !spec.payers.is_empty();
    let button = match () {
        _ if s.busy && due > 0 => T::GoingToPay,
        _ if s.busy => T::Sending,
        _ if request => T::SendRequest,
        _ if due > 0 => T::OrderAndPay,
        _ => T::PlaceOrder,
    };
    let onsubmit = props.submit.reform(|e: SubmitEvent| e.prevent_default());
    let comment_label = if request {
        T::RequestText
    } else {
        T::OrderComment
    };
    let (invalid, described) = ctx.aria("comment");
    html! {
        <form class="order-form" {onsubmit} novalidate=true data-testid="order-form" data-kind={kind.as_str()}
              aria-busy={s.busy.to_string()}>
            if let Some((number, missing)) = &s.repeat {
                <p class="note note--info" data-testid="repeat-of">
                    <strong>{ locale.t(T::RepeatOf).replace("{n}", number) }</strong>
                    if !missing.is_empty() {
                        <br />{ locale.t(T::RepeatMissing).replace("{items}", &missing.join(", ")) }
                    }
                </p>
            }
            { av_failed }
            { section }
            <div class="field">
                <label for="of-comment">{ locale.t(comment_label) }
                    { if request { " *" } else { "" } }
                </label>
                <textarea id="of-comment" rows="3" maxlength={COMMENT_MAX.to_string()} required={request}
                          value={s.draft.comment.clone()} oninput={ctx.on(FormMsg::Comment)}
                          aria-invalid={invalid} aria-describedby={described} />
                { ctx.error("comment") }
            </div>
            if request { { kinds::files(&ctx) } }
            if spec.payers.len() > 1 {
                { ctx.radios("payer", locale.t(T::Payer), spec.payers.iter().map(|p| {
                    let k = p.kind;
                    (html! { { p.name.clone() } }, s.draft.payer == Some(k), false, ctx.pick(move || FormMsg::Payer(k)))
                }).collect()) }
            }
            if paid_kind { { summary(&ctx, quoted.as_ref()) } }
            { ctx.error(GENERAL) }
            <button type="submit" class="button button--primary order-form__submit"
                    disabled={s.busy || s.uploading > 0} data-testid="place-order">
                { locale.t(button) }
            </button>
        </form>
    }
}

/// The price: its lines, the total, the prepayment share and what is paid now.
fn summary(ctx: &Ctx, quoted: Option<&kabinet_core::Quote>) -> Html {
    let Some(q) = quoted else {
        return html! { <p class="muted order-form__price-later">{ ctx.t(T::PriceLater) }</p> };
    };
    let percent = ctx.spec.prepayment_percent;
    let due = due_on_placing(q.total, Some(percent));
    let lang = ctx.locale.lang;
    html! {
        <section class="price" aria-live="polite" data-testid="price">
            <ul class="price__lines">
                { for q.lines.iter().map(|l| html! {
                    <li>
                        <span>{ &l.name }{ format!(" · {}\u{a0}{} × {}", l.quantity, unit_label(l.unit, lang), ctx.money(l.unit_price)) }</span>
                        <span class="money">{ ctx.money(l.total()) }</span>
                    </li>
                }) }
            </ul>
            <p class="price__total"><span>{ ctx.t(T::Total) }</span>
                <strong class="money" data-testid="price-total">{ ctx.money(q.total) }</strong></p>
            if percent < 100 && q.total > 0 {
                <p class="price__row muted"><span>{ ctx.t(T::Prepayment).replace("{p}", &percent.to_string()) }</span></p>
            }
            <p class="price__total"><span>{ ctx.t(T::DueNow) }</span>
                <strong class="money" data-testid="due-now">{ ctx.money(due) }</strong></p>
        </section>
    }
}

/// Whether an error names what was sold meanwhile (shown by slots or offers).
pub fn conflict(ctx: &Ctx) -> Html {
    ctx.error(CONFLICT)
}
