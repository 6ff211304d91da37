//! Sign in. Errors stand next to the field at fault and what was typed stays.

use kabinet_core::ErrorBody;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::ApiError;
use crate::components::{error_text, AppHeader};
use crate::hooks::{use_locale, use_session, SessionAction};
use crate::i18n::T;
use crate::routes::Route;

#[derive(Clone, PartialEq, Default)]
struct FieldErrors {
    email: Option<String>,
    password: Option<String>,
    general: Option<String>,
}

#[component]
pub fn LoginPage() -> Html {
    let locale = use_locale();
    let session = use_session();
    let email = use_state(String::new);
    let password = use_state(String::new);
    let busy = use_state(|| false);
    let errors = use_state(FieldErrors::default);

    if session.token.is_some() {
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
        let (email, password, busy, errors, session, locale) = (
            email.clone(),
            password.clone(),
            busy.clone(),
            errors.clone(),
            session.clone(),
            locale.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            // The same checks the server makes, so the common mistakes need no trip.
            let mut errs = FieldErrors::default();
            if email.trim().is_empty() {
                errs.email = Some(locale.t(T::EnterEmail).into());
            }
            if password.is_empty() {
                errs.password = Some(locale.t(T::EnterPassword).into());
            }
            if errs != FieldErrors::default() {
                errors.set(errs);
                return;
            }
            busy.set(true);
            errors.set(FieldErrors::default());
            let (email, password, busy, errors, session, locale) = (
                (*email).clone(),
                (*password).clone(),
                busy.clone(),
                errors.clone(),
                session.clone(),
                locale.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match session.api.login(&email, &password).await {
                    Ok(r) => session.dispatch(SessionAction::SignedIn {
                        token: r.token,
                        user: r.user,
                    }),
                    Err(e) => {
                        let mut errs = FieldErrors::default();
                        match &e {
                            ApiError::Http { status: 401, .. } => {
                                errs.password = Some(locale.t(T::WrongCredentials).into())
                            }
                            ApiError::Http {
                                body:
                                    ErrorBody {
                                        field: Some(f),
                                        message,
                                        ..
                                    },
                                ..
                            } if f == "email" => errs.email = Some(message.clone()),
                            ApiError::Http {
                                body:
                                    ErrorBody {
                                        field: Some(f),
                                        message,
                                        ..
                                    },
                                ..
                            } if f == "password" => errs.password = Some(message.clone()),
                            other => errs.general = Some(error_text(other, &locale)),
                        }
                        errors.set(errs);
                        busy.set(false);
                    }
                }
            });
        })
    };

    let field_error = |id: &str, msg: &Option<String>| match msg {
        Some(m) => html! { <p class="field__error" id={id.to_string()}>{ m }</p> },
        None => html! {},
    };
    html! {
        <>
            <AppHeader />
            <main id="main" class="main main--narrow">
                <form class="card login" {onsubmit} novalidate=true>
                    <h1>{ locale.t(T::SignInTitle) }</h1>
                    if session.expired {
                        <p class="note" role="status">{ locale.t(T::SessionExpired) }</p>
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
                        <p class="field__error" role="alert">{ g }</p>
                    }
                    <button type="submit" class="button button--primary button--wide" disabled={*busy}>
                        { locale.t(if *busy { T::SigningIn } else { T::SignIn }) }
                    </button>
                </form>
            </main>
        </>
    }
}
