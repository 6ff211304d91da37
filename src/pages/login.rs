//! Sign in. Errors stand next to the field at fault (worded when shown, so they
//! follow the language switch) and what was typed stays. Signed in, the user goes
//! on to the address that sent them here (`?next=`), else home.

use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::history::{BrowserHistory, History};
use yew_router::prelude::*;

use crate::api::ApiError;
use crate::components::{msg_text, AppHeader};
use crate::hooks::{use_locale, use_session, use_title, SessionAction};
use crate::i18n::{Msg, T};
use crate::routes::{follow, NextQuery, Route};

#[derive(Clone, PartialEq, Default)]
struct FieldErrors {
    email: Option<Msg>,
    password: Option<Msg>,
    general: Option<Msg>,
}

/// Which field a failed sign-in is shown next to.
fn place_error(e: ApiError) -> FieldErrors {
    let mut errs = FieldErrors::default();
    match (e.status(), e.field()) {
        (Some(401), _) => errs.password = Some(Msg::Key(T::WrongCredentials)),
        (_, Some("email")) => errs.email = Some(Msg::Api(e)),
        (_, Some("password")) => errs.password = Some(Msg::Api(e)),
        _ => errs.general = Some(Msg::Api(e)),
    }
    errs
}

#[component]
pub fn LoginPage() -> Html {
    let locale = use_locale();
    let session = use_session();
    let email = use_state(String::new);
    let password = use_state(String::new);
    let busy = use_state(|| false);
    let errors = use_state(FieldErrors::default);
    use_title(locale.t(T::TitleSignIn).to_string());
    let next = use_location()
        .and_then(|l| l.query::<NextQuery>().ok())
        .and_then(|q| q.safe().map(String::from));
    {
        let (signed_in, next) = (session.token.is_some(), next.clone());
        use_effect_with(signed_in, move |signed_in| {
            if let (true, Some(next)) = (*signed_in, next) {
                // The whole address (path and query) the user was sent from; the
                // check-in app is another bundle, loaded from the server.
                if next.starts_with("/checkin") {
                    crate::routes::load_page(&next);
                } else {
                    BrowserHistory::new().replace(next);
                }
            }
        });
    }

    if session.token.is_some() {
        if next.is_some() {
            return html! {};
        }
        return html! { <Redirect<Route> to={Route::Home} /> };
    }

    let on_email = {
        let email = email.clone();
        Callback::from(move |e: InputEvent| {
            email.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_password = {
        let password = password.clone();
        Callback::from(move |e: InputEvent| {
            password.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onsubmit = {
        let (email, password, busy, errors, session) = (
            email.clone(),
            password.clone(),
            busy.clone(),
            errors.clone(),
            session.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            // The same checks the server makes, so the common mistakes need no trip.
            let mut errs = FieldErrors::default();
            if email.trim().is_empty() {
                errs.email = Some(Msg::Key(T::EnterEmail));
            }
            if password.is_empty() {
                errs.password = Some(Msg::Key(T::EnterPassword));
            }
            if errs != FieldErrors::default() {
                errors.set(errs);
                return;
            }
            busy.set(true);
            errors.set(FieldErrors::default());
            let (email, password, busy, errors, session) = (
                (*email).clone(),
                (*password).clone(),
                busy.clone(),
                errors.clone(),
                session.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match session.api.login(&email, &password).await {
                    Ok(r) => session.dispatch(SessionAction::SignedIn {
                        token: r.token,
                        user: r.user,
                    }),
                    Err(e) => {
                        let errs = place_error(e);
                        errors.set(errs);
                        busy.set(false);
                    }
                }
            });
        })
    };

    let field_error = |id: &str, msg: &Option<Msg>| match msg {
        Some(m) => {
            html! { <p class="field__error" id={id.to_string()}>{ msg_text(m, &locale) }</p> }
        }
        None => html! {},
    };
    html! {
        <>
            <AppHeader />
            <main id="main" class="main main--narrow">
                <form class="card login" {onsubmit} novalidate=true>
                    <h1>{ locale.t(T::SignInTitle) }</h1>
                    if session.expired {
                        <p class="note note--warning" role="status">{ locale.t(T::SessionExpired) }</p>
                    }
                    <div class="field">
                        <label for="email">{ locale.t(T::Email) }</label>
                        <input id="email" name="email" type="email" autocomplete="username" required=true
                               value={(*email).clone()} oninput={on_email}
                               aria-invalid={errors.email.is_some().to_string()}
                               aria-describedby={errors.email.as_ref().map(|_| "email-error")} />
                        { field_error("email-error", &errors.email) }
                    </div>
                    <div class="field">
                        <label for="password">{ locale.t(T::Password) }</label>
                        <input id="password" name="password" type="password" autocomplete="current-password"
                               required=true value={(*password).clone()} oninput={on_password}
                               aria-invalid={errors.password.is_some().to_string()}
                               aria-describedby={errors.password.as_ref().map(|_| "password-error")} />
                        { field_error("password-error", &errors.password) }
                    </div>
                    if let Some(g) = &errors.general {
                        <p class="field__error" role="alert">{ msg_text(g, &locale) }</p>
                    }
                    <button type="submit" class="button button--primary button--wide" disabled={*busy}>
                        { locale.t(if *busy { T::SigningIn } else { T::SignIn }) }
                    </button>
                    <p class="login__other">
                        { locale.t(T::NoAccount) }{ " " }
                        <a href={NextQuery::href("/register", next.as_deref())} onclick={follow}>{ locale.t(T::Register) }</a>
                    </p>
                </form>
            </main>
        </>
    }
}
