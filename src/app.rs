//! The root component: providers, theme and router.

use stylist::yew::Global;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::hooks::{LiveProvider, LocaleProvider, SessionProvider};
use crate::routes::{switch, Route};

#[component]
pub fn App() -> Html {
    // Theme variables; a portal that embeds the app can override them.
    let theme = stylist::css!(
        r#"
:root {
    --accent: #2f5bea;
    --accent-ink: #ffffff;
    --ink: #1b1f29;
    --muted: #5b6272;
    --surface: #ffffff;
    --canvas: #f3f5f9;
    --line: #dde1ea;
    --radius: 12px;
    --font: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;
}
"#
    );
    html! {
        <LocaleProvider>
            <SessionProvider>
                <LiveProvider>
                    <Global css={theme} />
                    <BrowserRouter>
                        <Switch<Route> render={switch} />
                    </BrowserRouter>
                </LiveProvider>
            </SessionProvider>
        </LocaleProvider>
    }
}
