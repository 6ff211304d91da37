//! The signed-in session: the API client with its token and the user, kept in a
//! context; the token survives reloads in localStorage.

use std::rc::Rc;

use gloo_storage::{LocalStorage, Storage};
use kabinet_core::User;
use yew::prelude::*;

use crate::api::Api;

const TOKEN_KEY: &str = "kabinet.token";

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub api: Api,
    pub token: Option<String>,
    pub user: Option<User>,
    /// The stored token has been checked against the server (or there was none).
    pub checked: bool,
    /// Set when the server ended the session, so the login page can say why.
    pub expired: bool,
}

pub enum SessionAction {
    /// The stored token is valid and belongs to this user.
    Restored(User),
    /// The server could not be asked (offline): keep the token, pages will retry.
    Unverified,
    SignedIn {
        token: String,
        user: User,
    },
    /// Signed out by the user.
    SignedOut,
    /// The server no longer accepts the token.
    Expired,
    /// The server refused this token (a 401 to any request made with it); ends
    /// the session only if it is still the current one.
    Refused(String),
}

impl Session {
    fn with_token(token: Option<String>) -> Session {
        Session {
            api: Api::new(token.clone()),
            checked: token.is_none(),
            token,
            user: None,
            expired: false,
        }
    }

    fn load() -> Session {
        Session::with_token(LocalStorage::get::<String>(TOKEN_KEY).ok())
    }
}

impl Reducible for Session {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        match action {
            SessionAction::Restored(user) => Rc::new(Session {
                user: Some(user),
                checked: true,
                ..(*self).clone()
            }),
            SessionAction::Unverified => Rc::new(Session {
                checked: true,
                ..(*self).clone()
            }),
            SessionAction::SignedIn { token, user } => {
                let _ = LocalStorage::set(TOKEN_KEY, &token);
                Rc::new(Session {
                    user: Some(user),
                    ..Session::with_token(Some(token))
                })
                .mark_checked()
            }
            SessionAction::Refused(token) => {
                if self.token.as_deref() != Some(token.as_str()) {
                    return self;
                }
                LocalStorage::delete(TOKEN_KEY);
                Rc::new(Session {
                    expired: true,
                    ..Session::with_token(None)
                })
            }
            SessionAction::SignedOut | SessionAction::Expired => {
                LocalStorage::delete(TOKEN_KEY);
                Rc::new(Session {
                    expired: matches!(action, SessionAction::Expired),
                    ..Session::with_token(None)
                })
            }
        }
    }
}

impl Session {
    fn mark_checked(self: Rc<Self>) -> Rc<Self> {
        Rc::new(Session {
            checked: true,
            ..(*self).clone()
        })
    }
}

pub type SessionHandle = UseReducerHandle<Session>;

#[derive(Properties, PartialEq)]
pub struct SessionProviderProps {
    pub children: Html,
}

/// Provides the session and checks a stored token once at start.
#[component]
pub fn SessionProvider(props: &SessionProviderProps) -> Html {
    let session = use_reducer(Session::load);
    // Every API answer of 401 ends the session here (see `api::on_unauthorized`).
    {
        let dispatcher = session.dispatcher();
        use_effect_with((), move |_| {
            crate::api::on_unauthorized(Some(
                dispatcher.to_callback().reform(SessionAction::Refused),
            ));
            || crate::api::on_unauthorized(None)
        });
    }
    {
        let session = session.clone();
        use_effect_with((), move |_| {
            if !session.checked {
                let api = session.api.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    match api.me().await {
                        Ok(user) => session.dispatch(SessionAction::Restored(user)),
                        // A 401 has already ended the session (in the API client).
                        Err(e) if e.is_unauthorized() => {}
                        // Offline at start: keep the token, let pages show the error.
                        Err(_) => session.dispatch(SessionAction::Unverified),
                    }
                });
            }
        });
    }
    html! {
        <ContextProvider<SessionHandle> context={session}>
            { props.children.clone() }
        </ContextProvider<SessionHandle>>
    }
}

/// The session; panics only if used outside `SessionProvider` (a programming error).
#[hook]
pub fn use_session() -> SessionHandle {
    use_context::<SessionHandle>().expect("use_session outside SessionProvider")
}
