//! The routes of the app and what each shows.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::remote_view::spinner;
use crate::components::AppHeader;
use crate::hooks::{use_locale, use_session};
use crate::pages::orders::here;
use crate::pages::{BookingsPage, CalendarPage, InvitePage, RegisterPage};
use crate::pages::{DeskPage, LoginPage, NotFoundPage, OrderPage, OrdersPage, ServicePage};

#[derive(Clone, Routable, PartialEq, Debug)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/login")]
    Login,
    #[at("/register")]
    Register,
    /// A share or transfer link; works signed out.
    #[at("/invite/:token")]
    Invite { token: String },
    #[at("/calendar")]
    Calendar,
    #[at("/bookings")]
    Bookings,
    #[at("/orders")]
    Orders,
    #[at("/orders/:id")]
    Order { id: i64 },
    #[at("/desk")]
    Desk,
    #[at("/services/:id")]
    Service { id: i64 },
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// Pages that need a session send the visitor to the login page first.
fn signed_in(page: Html) -> Html {
    html! { <RequireSession>{ page }</RequireSession> }
}

pub fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Login => html! { <LoginPage /> },
        Route::Register => html! { <RegisterPage /> },
        Route::Invite { token } => html! { <InvitePage {token} /> },
        Route::Calendar => signed_in(html! { <CalendarPage /> }),
        Route::Bookings => signed_in(html! { <BookingsPage /> }),
        Route::Orders => signed_in(html! { <OrdersPage /> }),
        Route::Order { id } => signed_in(html! { <OrderPage {id} /> }),
        Route::Desk => signed_in(html! { <DeskPage /> }),
        Route::Service { id } => signed_in(html! { <ServicePage {id} /> }),
        Route::NotFound => html! { <NotFoundPage /> },
    }
}

#[derive(Properties, PartialEq)]
pub struct RequireSessionProps {
    pub children: Html,
}

#[component]
pub fn RequireSession(props: &RequireSessionProps) -> Html {
    let session = use_session();
    if session.token.is_none() {
        // Back to this address after signing in.
        let next = NextQuery { next: Some(here()) };
        return html! { <RedirectWithQuery to={Route::Login} query={next} /> };
    }
    html! {
        <>
            <AppHeader />
            <main id="main" class="main" tabindex="-1">{ props.children.clone() }</main>
        </>
    }
}

/// Where the login page goes on to (`/login?next=/orders/3`).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NextQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

impl NextQuery {
    /// The address to go on to, if it is one of ours (never another site's).
    pub fn safe(&self) -> Option<&str> {
        self.next
            .as_deref()
            .filter(|n| n.starts_with('/') && !n.starts_with("//"))
            .filter(|n| !n.starts_with("/login") && !n.starts_with("/register"))
            .filter(|n| !n.contains('\\'))
    }

    /// `path?next=…`: a sign-in or sign-up link that keeps where to go on to.
    pub fn href(path: &str, next: Option<&str>) -> String {
        match next {
            Some(n) => format!(
                "{path}?next={}",
                String::from(js_sys::encode_uri_component(n))
            ),
            None => path.to_string(),
        }
    }
}

/// «Повторить заказ»: the service's order form filled in from the order
/// (`/services/4?repeat=3`).
pub fn repeat_href(service_id: i64, order_id: i64) -> String {
    format!("/services/{service_id}?repeat={order_id}")
}

/// The order to repeat, from the service page's query (`?repeat=3`).
pub fn repeat_of(query: &str) -> Option<i64> {
    query
        .trim_start_matches('?')
        .split('&')
        .find_map(|p| p.strip_prefix("repeat="))
        .and_then(|v| v.parse().ok())
}

/// Follows an app link without a page load: `<a href={..} onclick={follow}>`, for
/// links `Link` cannot make (an address with a query, `aria-current`). A click
/// meant for a new tab or window stays the browser's.
pub fn follow(e: MouseEvent) {
    use wasm_bindgen::JsCast;
    use yew_router::history::History as _;
    if e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() || e.button() != 0 {
        return;
    }
    let href = e
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|a| a.get_attribute("href"));
    if let Some(href) = href {
        e.prevent_default();
        yew_router::history::BrowserHistory::new().push(href);
    }
}

#[derive(Properties, PartialEq)]
struct RedirectWithQueryProps {
    to: Route,
    query: NextQuery,
}

/// A redirect that keeps a query (yew-router's `Redirect` has none).
#[component]
fn RedirectWithQuery(props: &RedirectWithQueryProps) -> Html {
    let navigator = use_navigator();
    let (to, query) = (props.to.clone(), props.query.clone());
    use_effect_with((), move |_| {
        if let Some(nav) = navigator {
            let _ = nav.replace_with_query(&to, &query);
        }
    });
    html! {}
}

/// Loads `path` from the server: the check-in app is its own bundle, which this
/// app's router cannot show.
pub fn load_page(path: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace(path);
    }
}

#[derive(Properties, PartialEq)]
struct LoadPageProps {
    path: AttrValue,
}

/// Loads a page from the server once rendered (a redirect out of this app).
#[component]
fn LoadPage(props: &LoadPageProps) -> Html {
    let locale = use_locale();
    let path = props.path.clone();
    use_effect_with((), move |_| load_page(&path));
    spinner(&locale)
}

/// Where «/» leads: event managers to the check-in app, staff to the desk,
/// everyone else to their orders.
#[component]
fn Home() -> Html {
    let session = use_session();
    let locale = use_locale();
    match (&session.token, &session.user) {
        (None, _) => html! { <Redirect<Route> to={Route::Login} /> },
        (Some(_), Some(u)) if u.role == kabinet_core::Role::EventManager => {
            html! { <LoadPage path="/checkin" /> }
        }
        (Some(_), Some(u)) if u.role != kabinet_core::Role::Tenant => {
            html! { <Redirect<Route> to={Route::Desk} /> }
        }
        (Some(_), Some(_)) => html! { <Redirect<Route> to={Route::Orders} /> },
        // Offline at start: the orders page shows what it can.
        (Some(_), None) if session.checked => html! { <Redirect<Route> to={Route::Orders} /> },
        (Some(_), None) => spinner(&locale),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeat_link_reads_back_and_nothing_else_is_a_repeat() {
        let href = repeat_href(6, 46);
        assert_eq!(href, "/services/6?repeat=46");
        assert_eq!(repeat_of(href.split_once('?').unwrap().1), Some(46));
        assert_eq!(repeat_of("?tab=chat&repeat=3"), Some(3));
        assert_eq!(repeat_of("?repeat=abc"), None);
        assert_eq!(repeat_of("?norepeat=3"), None);
        assert_eq!(repeat_of(""), None);
    }
}
