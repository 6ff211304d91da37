//! The typed REST client. `ApiError` keeps network, HTTP and decode failures apart
//! and carries the server's error body for HTTP ones. Every answer passes through
//! one place (`Api::answer`), which is also where a 401 ends the session.

mod error;

use std::cell::RefCell;

use std::future::Future;
use std::pin::Pin;

use gloo_net::http::{Method, RequestBuilder};
use kabinet_core::{
    ActionRequest, ChatMessage, Company, DeskPage, LiveTicket, LoginRequest, LoginResponse,
    MarkRead, MessagePage, NotificationPage, OrderPage, OrderView, PlaceOrder, ReadUpTo,
    SendMessage, Service, SiteConfig, UnreadCount, Upload, User,
};
use kabinet_core::{AddVisitors, LinkState, TicketCode, TransferTicket};
use kabinet_core::{Availability, OrderFormSpec, PaymentStart, RepeatDraft};

use crate::state::sharing::Picks;
use kabinet_core::{Bookings, Calendar, CalendarEntry, InvitePreview, RegisterRequest};
use serde::de::DeserializeOwned;
use yew::Callback;

pub use error::ApiError;

thread_local! {
    /// Told the token the server refused (401); the session provider sets it.
    static ON_UNAUTHORIZED: RefCell<Option<Callback<String>>> = const { RefCell::new(None) };
}

/// Where a refused token is reported: the one place a 401 becomes "signed out".
pub fn on_unauthorized(cb: Option<Callback<String>>) {
    ON_UNAUTHORIZED.with(|slot| *slot.borrow_mut() = cb);
}

/// Query of the order list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrderQuery {
    pub status: Option<String>,
    pub kind: Option<String>,
    pub q: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<u32>,
    /// The desk only: one company's orders.
    pub company: Option<String>,
}

impl OrderQuery {
    fn params(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        let mut push = |k, v: &Option<String>| {
            if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
                p.push((k, v.clone()));
            }
        };
        push("status", &self.status);
        push("kind", &self.kind);
        push("q", &self.q);
        push("cursor", &self.cursor);
        push("company", &self.company);
        if let Some(l) = self.limit {
            p.push(("limit", l.to_string()));
        }
        p
    }
}

/// Which link of an order: a booking's share link or a ticket's transfer link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkOf {
    Share,
    Transfer,
}

impl LinkOf {
    fn path(self, order_id: i64) -> String {
        let tail = match self {
            LinkOf::Share => "share-link",
            LinkOf::Transfer => "ticket/transfer-link",
        };
        format!("/api/orders/{order_id}/{tail}")
    }
}

/// A fresh idempotency key for one user intent (kept across its retries).
pub fn new_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("k{}", js_sys::Math::random()))
}

/// `/api/invites/{token}`, the token escaped (it comes from an address anyone can type).
fn invite_path(token: &str) -> String {
    format!(
        "/api/invites/{}",
        String::from(js_sys::encode_uri_component(token))
    )
}

/// The client: one per session (it holds the bearer token).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Api {
    token: Option<String>,
}

/// An error answer: the server's body, or a stand-in when it sent none we can read.
fn http_error(status: u16, text: &str) -> ApiError {
    ApiError::from_http(status, text)
}

fn network(e: gloo_net::Error) -> ApiError {
    ApiError::Network(e.to_string())
}

/// An answer's body as `T` (the only generic step of a request).
fn parse<T: DeserializeOwned>(text: Result<String, ApiError>) -> Result<T, ApiError> {
    serde_json::from_str(&text?).map_err(|e| ApiError::Decode(e.to_string()))
}

/// A request body as JSON.
fn json<B: serde::Serialize>(body: &B) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|e| ApiError::Decode(e.to_string()))
}

type Query = Vec<(&'static str, String)>;

/// A request on its way: the answer's body, or why there is none.
type Answer = Pin<Box<dyn Future<Output = Result<String, ApiError>>>>;

impl Api {
    pub fn new(token: Option<String>) -> Api {
        Api { token }
    }

    /// Every answer to a request made with the token comes here: a 401 means the
    /// server no longer accepts the token, so the session ends (once, here).
    fn check<T>(&self, r: Result<T, ApiError>) -> Result<T, ApiError> {
        if let (Err(e), Some(token)) = (&r, &self.token) {
            if e.is_unauthorized() {
                let cb = ON_UNAUTHORIZED.with(|slot| slot.borrow().clone());
                if let Some(cb) = cb {
                    cb.emit(token.clone());
                }
            }
        }
        r
    }

    /// Sends a request (with the token, if any; `body` as JSON) and answers its
    /// body, an error status as `ApiError`. The one (non-generic, boxed) way every
    /// method of the client sends: an answer type adds only its parsing (`parse`).
    fn send(
        &self,
        method: Method,
        path: String,
        query: Query,
        body: Option<String>,
        key: Option<String>,
    ) -> Answer {
        let token = self.token.clone();
        Box::pin(async move {
            let mut b = RequestBuilder::new(&path).method(method);
            if !query.is_empty() {
                b = b.query(query.iter().map(|(k, v)| (*k, v.as_str())));
            }
            if let Some(t) = token {
                b = b.header("Authorization", &format!("Bearer {t}"));
            }
            if let Some(k) = key {
                b = b.header("Idempotency-Key", &k);
            }
            let req = match body {
                Some(body) => b.header("Content-Type", "application/json").body(body),
                None => b.build(),
            };
            let resp = req.map_err(network)?.send().await.map_err(network)?;
            let status = resp.status();
            let text = resp.text().await.map_err(network)?;
            if (200..300).contains(&status) {
                Ok(text)
            } else {
                Err(http_error(status, &text))
            }
        })
    }

    /// `send`, and a 401 ends the session (`check`).
    fn call(&self, method: Method, path: String, query: Query, body: Option<String>) -> Answer {
        let (api, f) = (self.clone(), self.send(method, path, query, body, None));
        Box::pin(async move {
            let r = f.await;
            api.check(r)
        })
    }

    fn get<T: DeserializeOwned>(
        &self,
        path: String,
        query: Query,
    ) -> impl Future<Output = Result<T, ApiError>> + 'static {
        let f = self.call(Method::GET, path, query, None);
        async move { parse(f.await) }
    }

    fn post<T: DeserializeOwned>(
        &self,
        path: String,
        body: String,
    ) -> impl Future<Output = Result<T, ApiError>> + 'static {
        let f = self.call(Method::POST, path, Vec::new(), Some(body));
        async move { parse(f.await) }
    }

    /// A POST or DELETE whose answer (nothing, or JSON) is not needed.
    fn run(
        &self,
        method: Method,
        path: String,
        body: Option<String>,
    ) -> impl Future<Output = Result<(), ApiError>> + 'static {
        let f = self.call(method, path, Vec::new(), body);
        async move { f.await.map(drop) }
    }

    /// The site's settings; asked once per page load and kept (they change only
    /// with a server restart).
    pub async fn config(&self) -> Result<SiteConfig, ApiError> {
        thread_local! {
            static CONFIG: std::cell::RefCell<Option<SiteConfig>> = const { std::cell::RefCell::new(None) };
        }
        if let Some(c) = CONFIG.with(|c| c.borrow().clone()) {
            return Ok(c);
        }
        let c: SiteConfig = self.get("/api/config".into(), Vec::new()).await?;
        CONFIG.with(|slot| *slot.borrow_mut() = Some(c.clone()));
        Ok(c)
    }

    pub async fn login(&self, email: &str, password: &str) -> Result<LoginResponse, ApiError> {
        let body = json(&LoginRequest {
            email: email.to_string(),
            password: password.to_string(),
        })?;
        // Without a token: signing in is not a request of a session.
        let r = Api::default()
            .send(
                Method::POST,
                "/api/auth/login".into(),
                Vec::new(),
                Some(body),
                None,
            )
            .await;
        parse(self.check(r))
    }

    pub async fn logout(&self) -> Result<(), ApiError> {
        // A refused token is already signed out (and not reported: this ends it).
        match self
            .send(
                Method::POST,
                "/api/auth/logout".into(),
                Vec::new(),
                None,
                None,
            )
            .await
        {
            Err(e) if e.is_unauthorized() => Ok(()),
            r => r.map(drop),
        }
    }

    pub fn me(&self) -> impl Future<Output = Result<User, ApiError>> + 'static {
        self.get("/api/me".into(), Vec::new())
    }

    pub fn orders(
        &self,
        query: &OrderQuery,
    ) -> impl Future<Output = Result<OrderPage, ApiError>> + 'static {
        self.get("/api/orders".into(), query.params())
    }

    pub fn order(&self, id: i64) -> impl Future<Output = Result<OrderView, ApiError>> + 'static {
        self.get(format!("/api/orders/{id}"), Vec::new())
    }

    /// The holder's entry code of an event or coworking ticket, for its QR.
    pub fn ticket_code(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<TicketCode, ApiError>> + 'static {
        self.get(format!("/api/orders/{id}/ticket-code"), Vec::new())
    }

    /// Takes an action; `key` makes a retry of the same click safe.
    pub async fn act(
        &self,
        id: i64,
        req: &ActionRequest,
        key: &str,
    ) -> Result<OrderView, ApiError> {
        self.keyed(format!("/api/orders/{id}/actions"), json(req)?, key)
            .await
    }

    /// A POST that `key` makes safe to retry; answers the order.
    async fn keyed(&self, path: String, body: String, key: &str) -> Result<OrderView, ApiError> {
        let r = self
            .send(
                Method::POST,
                path,
                Vec::new(),
                Some(body),
                Some(key.to_string()),
            )
            .await;
        parse(self.check(r))
    }

    pub fn service(&self, id: i64) -> impl Future<Output = Result<Service, ApiError>> + 'static {
        self.get(format!("/api/services/{id}"), Vec::new())
    }

    /// Everyone's orders (staff).
    pub fn desk(
        &self,
        query: &OrderQuery,
    ) -> impl Future<Output = Result<DeskPage, ApiError>> + 'static {
        self.get("/api/desk/orders".into(), query.params())
    }

    pub fn companies(&self) -> impl Future<Output = Result<Vec<Company>, ApiError>> + 'static {
        self.get("/api/desk/companies".into(), Vec::new())
    }

    pub fn notifications(
        &self,
        before: Option<i64>,
    ) -> impl Future<Output = Result<NotificationPage, ApiError>> + 'static {
        let query = before
            .map(|b| vec![("before", b.to_string())])
            .unwrap_or_default();
        self.get("/api/notifications".into(), query)
    }

    pub async fn mark_read(&self, req: &MarkRead) -> Result<UnreadCount, ApiError> {
        self.post("/api/notifications/read".into(), json(req)?)
            .await
    }

    /// The order's working share or transfer link, if it has one.
    pub fn link(
        &self,
        order_id: i64,
        of: LinkOf,
    ) -> impl Future<Output = Result<LinkState, ApiError>> + 'static {
        self.get(of.path(order_id), Vec::new())
    }

    /// A share link (or the open one), or a new transfer link (the old one stops
    /// working).
    pub fn create_link(
        &self,
        order_id: i64,
        of: LinkOf,
    ) -> impl Future<Output = Result<LinkState, ApiError>> + 'static {
        self.post(of.path(order_id), "{}".into())
    }

    /// Closes the link for everyone who has not used it yet.
    pub fn delete_link(
        &self,
        order_id: i64,
        of: LinkOf,
    ) -> impl Future<Output = Result<(), ApiError>> + 'static {
        self.run(Method::DELETE, of.path(order_id), None)
    }

    /// Gives these people access to the booking. (The server answers the
    /// visitors; the app reads the order again, history and all.)
    pub async fn add_visitors(&self, order_id: i64, user_ids: Vec<i64>) -> Result<(), ApiError> {
        let body = json(&AddVisitors { user_ids })?;
        self.run(
            Method::POST,
            format!("/api/orders/{order_id}/visitors"),
            Some(body),
        )
        .await
    }

    pub fn remove_visitor(
        &self,
        order_id: i64,
        user_id: i64,
    ) -> impl Future<Output = Result<(), ApiError>> + 'static {
        let path = format!("/api/orders/{order_id}/visitors/{user_id}");
        self.run(Method::DELETE, path, None)
    }

    /// Passes the coworking ticket to a registered user; answers the order.
    pub async fn transfer_ticket(
        &self,
        order_id: i64,
        user_id: i64,
    ) -> Result<OrderView, ApiError> {
        self.post(
            format!("/api/orders/{order_id}/ticket/transfer"),
            json(&TransferTicket { user_id })?,
        )
        .await
    }

    /// People found by name (at least 2 characters), optionally within an
    /// organisation (`Org::key()`); or (`org` of None and `orgs`) companies and
    /// communities found by name. Both read as `Picks` (`PeoplePage` and `OrgPage`
    /// in one shape, so the app decodes one type).
    pub fn people(
        &self,
        q: &str,
        org: Option<&str>,
    ) -> impl Future<Output = Result<Picks, ApiError>> + 'static {
        let mut query = vec![("q", q.to_string())];
        if let Some(o) = org {
            query.push(("org", o.to_string()));
        }
        self.get("/api/users".into(), query)
    }

    /// Companies and communities found by name (empty: the first ones by name).
    pub fn orgs(&self, q: &str) -> impl Future<Output = Result<Picks, ApiError>> + 'static {
        self.get("/api/orgs".into(), vec![("q", q.to_string())])
    }

    /// A new tenant account; answered like sign-in (the token and the user).
    pub async fn register(&self, body: &RegisterRequest) -> Result<LoginResponse, ApiError> {
        self.post("/api/auth/register".into(), json(body)?).await
    }

    /// What a share or transfer link gives (no side effects; works signed out, and
    /// says how the signed-in user stands to it).
    pub fn invite(
        &self,
        token: &str,
    ) -> impl Future<Output = Result<InvitePreview, ApiError>> + 'static {
        self.get(invite_path(token), Vec::new())
    }

    /// Takes what the link gives: access to the booking, or the ticket.
    pub fn accept_invite(
        &self,
        token: &str,
    ) -> impl Future<Output = Result<CalendarEntry, ApiError>> + 'static {
        let path = format!("{}/accept", invite_path(token));
        self.post(path, "{}".into())
    }

    /// «Мой календарь»: entries overlapping `[from, to)` (RFC 3339 instants).
    pub fn calendar(
        &self,
        from: &str,
        to: &str,
    ) -> impl Future<Output = Result<Calendar, ApiError>> + 'static {
        let query = vec![("from", from.to_string()), ("to", to.to_string())];
        self.get("/api/calendar".into(), query)
    }

    /// «Мои бронирования»: upcoming and past.
    pub fn bookings(&self) -> impl Future<Output = Result<Bookings, ApiError>> + 'static {
        self.get("/api/bookings".into(), Vec::new())
    }

    /// A ticket that opens the live stream.
    pub fn live_ticket(&self) -> impl Future<Output = Result<LiveTicket, ApiError>> + 'static {
        self.post("/api/live/ticket".into(), "{}".into())
    }

    /// Places an order; `key` makes a retry of the same submit safe.
    pub async fn place_order(&self, req: &PlaceOrder, key: &str) -> Result<OrderView, ApiError> {
        self.keyed("/api/orders".into(), json(req)?, key).await
    }

    /// Everything the order form of a service needs.
    pub fn order_form(
        &self,
        service_id: i64,
    ) -> impl Future<Output = Result<OrderFormSpec, ApiError>> + 'static {
        self.get(format!("/api/services/{service_id}/form"), Vec::new())
    }

    /// What is free from `from` to `to` (`YYYY-MM-DD`, inclusive).
    pub fn availability(
        &self,
        service_id: i64,
        from: &str,
        to: &str,
    ) -> impl Future<Output = Result<Availability, ApiError>> + 'static {
        let query = vec![("from", from.to_string()), ("to", to.to_string())];
        self.get(format!("/api/services/{service_id}/availability"), query)
    }

    /// A new order filled in from an old one.
    pub fn repeat_draft(
        &self,
        order_id: i64,
    ) -> impl Future<Output = Result<RepeatDraft, ApiError>> + 'static {
        self.get(format!("/api/orders/{order_id}/repeat"), Vec::new())
    }

    /// Starts an online payment of what is due now; answers where to pay.
    pub fn start_payment(
        &self,
        order_id: i64,
    ) -> impl Future<Output = Result<PaymentStart, ApiError>> + 'static {
        let f = self.call(
            Method::POST,
            format!("/api/orders/{order_id}/payments"),
            Vec::new(),
            None,
        );
        async move { parse(f.await) }
    }

    /// A page of an order's chat (`before`: older lines; `after`: newer ones).
    pub fn messages(
        &self,
        order_id: i64,
        before: Option<i64>,
        after: Option<i64>,
    ) -> impl Future<Output = Result<MessagePage, ApiError>> + 'static {
        let mut q = Vec::new();
        if let Some(b) = before {
            q.push(("before", b.to_string()));
        }
        if let Some(a) = after {
            q.push(("after", a.to_string()));
            q.push(("limit", "100".to_string()));
        }
        self.get(format!("/api/orders/{order_id}/messages"), q)
    }

    pub async fn send_message(
        &self,
        order_id: i64,
        req: &SendMessage,
    ) -> Result<ChatMessage, ApiError> {
        self.post(format!("/api/orders/{order_id}/messages"), json(req)?)
            .await
    }

    pub async fn mark_chat_read(&self, order_id: i64, seq: i64) -> Result<UnreadCount, ApiError> {
        self.post(
            format!("/api/orders/{order_id}/messages/read"),
            json(&ReadUpTo { seq })?,
        )
        .await
    }

    /// Uploads one file for a message, reporting progress (0..=1) as it goes.
    pub async fn upload(
        &self,
        order_id: i64,
        file: &web_sys::File,
        on_progress: Callback<f64>,
    ) -> Result<Upload, ApiError> {
        self.upload_to(format!("/api/orders/{order_id}/uploads"), file, on_progress)
            .await
    }

    /// Uploads a file for an order not placed yet (a form's file field, a
    /// request's attachments); its id goes with `PlaceOrder`.
    pub async fn upload_new(&self, file: &web_sys::File) -> Result<Upload, ApiError> {
        self.upload_to("/api/uploads".into(), file, Callback::noop())
            .await
    }

    /// Through XMLHttpRequest, as fetch cannot report upload progress.
    async fn upload_to(
        &self,
        path: String,
        file: &web_sys::File,
        on_progress: Callback<f64>,
    ) -> Result<Upload, ApiError> {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let net = |e: wasm_bindgen::JsValue| ApiError::Network(format!("{e:?}"));
        let xhr = web_sys::XmlHttpRequest::new().map_err(net)?;
        xhr.open("POST", &path).map_err(net)?;
        if let Some(t) = &self.token {
            xhr.set_request_header("Authorization", &format!("Bearer {t}"))
                .map_err(net)?;
        }
        let form = web_sys::FormData::new().map_err(net)?;
        form.append_with_blob_and_filename("file", file, &file.name())
            .map_err(net)?;
        let progress =
            Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    on_progress.emit(e.loaded() / e.total());
                }
            });
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        }
        let done = js_sys::Promise::new(&mut |resolve, reject| {
            xhr.set_onload(Some(&resolve));
            xhr.set_onerror(Some(&reject));
            xhr.set_onabort(Some(&reject));
        });
        xhr.send_with_opt_form_data(Some(&form)).map_err(net)?;
        let outcome = wasm_bindgen_futures::JsFuture::from(done).await;
        drop(progress);
        outcome.map_err(|_| ApiError::Network("the upload was interrupted".into()))?;
        let status = xhr.status().unwrap_or(0);
        let text = xhr.response_text().ok().flatten().unwrap_or_default();
        parse(self.check(if (200..300).contains(&status) {
            Ok(text)
        } else {
            Err(http_error(status, &text))
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn a_401_to_a_request_with_a_token_ends_that_session_and_nothing_else_does() {
        let told = Rc::new(RefCell::new(Vec::<String>::new()));
        let sink = told.clone();
        on_unauthorized(Some(Callback::from(move |t: String| {
            sink.borrow_mut().push(t)
        })));
        let api = Api::new(Some("token-1".into()));
        let _ = api.check::<()>(Err(ApiError::from_http(401, "")));
        let _ = api.check::<()>(Err(ApiError::from_http(403, "")));
        let _ = api.check::<()>(Err(ApiError::Network("down".into())));
        let _ = api.check(Ok(()));
        // Signing in with a wrong password is a 401 too, but there is no session.
        let _ = Api::new(None).check::<()>(Err(ApiError::from_http(401, "")));
        assert_eq!(*told.borrow(), ["token-1"]);
        on_unauthorized(None);
    }
}
