//! Sign up: first name, last name, e-mail and password. As on the sign-in page,
//! errors stand next to their field (worded when shown) and what was typed stays;
//! signed up, the user is signed in and goes on to `?next=` (a link they opened)
//! or to their orders.

use kabinet_core::{RegisterRequest, EMAIL_MAX, NAME_MAX, PASSWORD_MIN};
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::history::{BrowserHistory, History};
use yew_router::prelude::*;

use crate::api::ApiError;
use crate::components::{msg_text, AppHeader};
use crate::hooks::{use_locale, use_session, use_title, SessionAction};
use crate::i18n::{Msg, T};
use crate::routes::{follow, NextQuery};

const FIELDS: [&str; 4] = ["first_name", "last_name", "email", "password"];

/// The form's values and errors, one of each per field (in `FIELDS` order).
#[derive(Clone, PartialEq, Default)]
struct Form {
    values: [String; 4],
    errors: [Option<Msg>; 4],
    general: Option<Msg>,
}

impl Form {
    /// The checks the server makes that need no trip.
    fn check(&mut self) -> bool {
        self.errors = Default::default();
        for (i, v) in self.values.iter().enumerate() {
            if v.trim().is_empty() {
                self.errors[i] = Some(Msg::Key(T::ErrRequired));
            }
        }
        if self.errors[2].is_none() && !looks_like_email(self.values[2].trim()) {
            self.errors[2] = Some(Msg::Key(T::ErrEmailFormat));
        }
        if self.errors[3].is_none() && self.values[3].chars().count() < PASSWORD_MIN {
            self.errors[3] = Some(Msg::Key(T::ErrTooShort));
        }
        self.errors.iter().all(Option::is_none)
    }

    /// A refusal, next to the field the server named.
    fn place(&mut self, e: ApiError) {
        match e.field().and_then(|f| FIELDS.iter().position(|x| *x == f)) {
            Some(2) if e.reason() == Some(kabinet_core::ErrorReason::Invalid) => {
                self.errors[2] = Some(Msg::Key(T::ErrEmailFormat))
            }
            Some(i) => self.errors[i] = Some(Msg::Api(e)),
            None => self.general = Some(Msg::Api(e)),
        }
    }

    /// The first field with an error takes the focus, so the user is where to fix.
    fn focus_first_error(&self) {
        if let Some(i) = self.errors.iter().position(Option::is_some) {
            let field = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(FIELDS[i]));
            if let Some(el) =
                field.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = el.focus();
            }
        }
    }
}

/// Something, an `@`, and a domain with a dot: the server checks the rest.
fn looks_like_email(v: &str) -> bool {
    v.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !domain.ends_with('.') && !v.contains(' ')
    })
}

#[component]
pub fn RegisterPage() -> Html {
    let locale = use_locale();
    let session = use_session();
    let form = use_state(Form::default);
    let busy = use_state(|| false);
    use_title(locale.t(T::TitleRegister).to_string());
    let next = use_location()
        .and_then(|l| l.query::<NextQuery>().ok())
        .and_then(|q| q.safe().map(String::from));
    {
        let (signed_in, next) = (session.token.is_some(), next.clone());
        use_effect_with(signed_in, move |signed_in| {
            if *signed_in {
                BrowserHistory::new().replace(next.as_deref().unwrap_or("/orders"));
            }
        });
    }
    if session.token.is_some() {
        return html! {};
    }

    let onsubmit = {
        let (form, busy, session) = (form.clone(), busy.clone(), session.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let mut f = (*form).clone();
            f.general = None;
            let ok = f.check();
            form.set(f.clone());
            if !ok {
                f.focus_first_error();
                return;
            }
            busy.set(true);
            let [first_name, last_name, email, password] = f.values.clone();
            let body = RegisterRequest {
                first_name: first_name.trim().to_string(),
                last_name: last_name.trim().to_string(),
                email: email.trim().to_string(),
                password,
            };
            let (form, busy, session) = (form.clone(), busy.clone(), session.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match session.api.register(&body).await {
                    Ok(r) => session.dispatch(SessionAction::SignedIn {
                        token: r.token,
                        user: r.user,
                    }),
                    Err(e) => {
                        f.place(e);
                        f.focus_first_error();
                        form.set(f);
                        busy.set(false);
                    }
                }
            });
        })
    };

    let field = |i: usize, label: T, kind: &'static str, auto: &'static str, max: Option<usize>| {
        let name = FIELDS[i];
        let error_id = format!("{name}-error");
        let hint_id = format!("{name}-hint");
        let oninput = {
            let form = form.clone();
            Callback::from(move |e: InputEvent| {
                let mut f = (*form).clone();
                f.values[i] = e.target_unchecked_into::<HtmlInputElement>().value();
                form.set(f);
            })
        };
        let error = form.errors[i].as_ref();
        // The password's rule is said before it is broken.
        let hint = (i == 3 && error.is_none()).then(|| {
            T::ErrTooShort
                .text(locale.lang)
                .replace("{n}", &PASSWORD_MIN.to_string())
        });
        let described = match (error, &hint) {
            (Some(_), _) => Some(error_id.clone()),
            (None, Some(_)) => Some(hint_id.clone()),
            _ => None,
        };
        html! {
            <div class="field">
                <label for={name}>{ locale.t(label) }</label>
                <input id={name} {name} type={kind} autocomplete={auto} required=true
                       maxlength={max.map(|m| m.to_string())} value={form.values[i].clone()} {oninput}
                       aria-invalid={error.is_some().to_string()} aria-describedby={described} />
                if let Some(h) = hint { <p class="field__hint muted" id={hint_id}>{ h }</p> }
                if let Some(m) = error {
                    <p class="field__error" id={error_id}>
                        { msg_text(m, &locale).replace("{n}", &PASSWORD_MIN.to_string()) }
                    </p>
                }
            </div>
        }
    };
    html! {
        <>
            <AppHeader />
            <main id="main" class="main main--narrow">
                <form class="card login" {onsubmit} novalidate=true>
                    <h1>{ locale.t(T::RegisterTitle) }</h1>
                    { field(0, T::FirstName, "text", "given-name", Some(NAME_MAX)) }
                    { field(1, T::LastName, "text", "family-name", Some(NAME_MAX)) }
                    { field(2, T::Email, "email", "email", Some(EMAIL_MAX)) }
                    { field(3, T::Password, "password", "new-password", None) }
                    if let Some(g) = &form.general {
                        <p class="field__error" role="alert">{ msg_text(g, &locale) }</p>
                    }
                    <button type="submit" class="button button--primary button--wide" disabled={*busy}>
                        { locale.t(if *busy { T::Registering } else { T::Register }) }
                    </button>
                    <p class="login__other">
                        { locale.t(T::HaveAccount) }{ " " }
                        <a href={NextQuery::href("/login", next.as_deref())} onclick={follow}>{ locale.t(T::SignIn) }</a>
                    </p>
                </form>
            </main>
        </>
    }
}
