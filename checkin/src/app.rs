//! The app: the site context (language, time zone, role, navigation), the door's
//! scans above every page, the route's page, and the first gesture unlocking
//! sound.

use std::rc::Rc;

use kabinet_core::Role;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::api::Api;
use crate::hooks::{use_load, use_route, DoorProvider, Site};
use crate::i18n::Lang;
use crate::pages::{EventPage, EventsPage, NotFoundPage};
use crate::route::Route;
use crate::web::{self, audio};

#[component]
pub fn App() -> Html {
    let lang = use_state(|| {
        web::load::<String>(web::LANG_KEY)
            .and_then(|l| Lang::parse(&l))
            .unwrap_or_default()
    });
    let (route, go) = use_route();
    let config = use_load((), |_| async { Api::new().config().await });
    let me = use_load((), |_| async { Api::new().me().await });

    // Signed out: the tenant app's login page, and back here after it.
    use_effect_with((), |_| {
        if !Api::new().signed_in() {
            web::session_over();
        }
    });
    // Audio may start only after a gesture: the first click or key unlocks it.
    use_effect_with((), |_| {
        let unlock = Closure::<dyn Fn()>::new(audio::unlock);
        let d = web::window().document().expect("a document");
        for kind in ["pointerdown", "keydown"] {
            let _ = d.add_event_listener_with_callback(kind, unlock.as_ref().unchecked_ref());
        }
        move || {
            for kind in ["pointerdown", "keydown"] {
                let _ =
                    d.remove_event_listener_with_callback(kind, unlock.as_ref().unchecked_ref());
            }
        }
    });
    {
        let code = lang.code();
        use_effect_with(code, |code| {
            if let Some(el) = web::window().document().and_then(|d| d.document_element()) {
                let _ = el.set_attribute("lang", code);
            }
        });
    }

    // The zone of the last visit until the server says (it changes only with a
    // server restart): the first paint already shows the site's times.
    let tz: Rc<str> = match config.data.as_ref() {
        Some(c) => Rc::from(c.time_zone.as_str()),
        None => Rc::from(web::load::<String>(web::TZ_KEY).unwrap_or_default()),
    };
    use_effect_with(tz.clone(), |tz| {
        if !tz.is_empty() {
            web::save(web::TZ_KEY, &**tz);
        }
    });
    let site = Site {
        lang: *lang,
        tz,
        staff: me.data.as_ref().is_some_and(|u| u.role == Role::Staff),
        user: Rc::from(me.data.as_ref().map(|u| u.name()).unwrap_or_default()),
        set_lang: {
            let lang = lang.clone();
            Callback::from(move |l: Lang| {
                web::save(web::LANG_KEY, l.code());
                lang.set(l);
            })
        },
        go,
    };
    let page = match route {
        Route::Events => html! { <EventsPage /> },
        Route::Event(id) => html! { <EventPage key={id} {id} /> },
        Route::NotFound => html! { <NotFoundPage /> },
    };
    html! {
        <ContextProvider<Site> context={site}>
            <DoorProvider>{ page }</DoorProvider>
        </ContextProvider<Site>>
    }
}
