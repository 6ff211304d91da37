//! The UI language (remembered in localStorage) and the site's time zone.

use gloo_storage::{LocalStorage, Storage};
use yew::prelude::*;

use crate::api::Api;
use crate::i18n::{Lang, T};

const LANG_KEY: &str = "kabinet.lang";

#[derive(Clone, Debug, PartialEq)]
pub struct Locale {
    pub lang: Lang,
    /// IANA time zone of the site; the browser's until the server has said.
    pub time_zone: String,
    pub set_lang: Callback<Lang>,
}

impl Locale {
    pub fn t(&self, key: T) -> &'static str {
        key.text(self.lang)
    }
}

fn stored_lang() -> Lang {
    LocalStorage::get::<String>(LANG_KEY)
        .ok()
        .and_then(|s| Lang::parse(&s))
        .unwrap_or_default()
}

fn set_document_lang(lang: Lang) {
    if let Some(el) = gloo_utils_document().and_then(|d| d.document_element()) {
        let _ = el.set_attribute("lang", lang.code());
    }
}

fn gloo_utils_document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

#[derive(Properties, PartialEq)]
pub struct LocaleProviderProps {
    pub children: Html,
}

#[component]
pub fn LocaleProvider(props: &LocaleProviderProps) -> Html {
    let lang = use_state(stored_lang);
    // `_eq`: the server usually confirms the default, and an unchanged value must not
    // re-render the whole app.
    let time_zone = use_state_eq(|| "Europe/Moscow".to_string());
    {
        let time_zone = time_zone.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(cfg) = Api::default().config().await {
                    time_zone.set(cfg.time_zone);
                }
            });
        });
    }
    use_effect_with(*lang, |lang| set_document_lang(*lang));
    // A stable callback keeps the context value equal between renders, so consumers
    // re-render only when the language or time zone really change.
    let set_lang = {
        let setter = lang.setter();
        use_callback((), move |l: Lang, _| {
            let _ = LocalStorage::set(LANG_KEY, l.code());
            setter.set(l);
        })
    };
    let locale = Locale {
        lang: *lang,
        time_zone: (*time_zone).clone(),
        set_lang,
    };
    html! {
        <ContextProvider<Locale> context={locale}>
            { props.children.clone() }
        </ContextProvider<Locale>>
    }
}

#[hook]
pub fn use_locale() -> Locale {
    use_context::<Locale>().expect("use_locale outside LocaleProvider")
}
