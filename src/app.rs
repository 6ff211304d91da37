//! The root component: providers, theme and router.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::hooks::{LiveProvider, LocaleProvider, SessionProvider, ThemeProvider};
use crate::routes::{switch, Route};

#[component]
pub fn App() -> Html {
    html! {
        <LocaleProvider>
            <SessionProvider>
                <LiveProvider>
                    <ThemeProvider>
                        <BrowserRouter>
                            <Switch<Route> render={switch} />
                        </BrowserRouter>
                    </ThemeProvider>
                </LiveProvider>
            </SessionProvider>
        </LocaleProvider>
    }
}
