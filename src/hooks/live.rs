//! The live stream: one EventSource per tab, opened with a ticket, reopened with the
//! last event id after the server or the network comes back, and handed out to
//! components through `use_live_event`. `<html data-live>` says how it stands
//! (`open`, `connecting`, `suspended`, `closed`), for the tests and for anyone
//! debugging.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use kabinet_core::LiveEvent;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};
use yew::prelude::*;

use crate::api::Api;
use crate::hooks::session::use_session;

type Listener = Rc<RefCell<Rc<dyn Fn(&LiveEvent)>>>;
type Handler = Closure<dyn Fn(web_sys::Event)>;

/// Longest wait between attempts to reconnect.
const MAX_BACKOFF_MS: u32 = 15_000;

#[derive(Default)]
pub struct LiveHub {
    listeners: RefCell<Vec<(u32, Listener)>>,
    next_id: Cell<u32>,
}

impl LiveHub {
    fn add(&self, l: Listener) -> u32 {
        let id = self.next_id.get() + 1;
        self.next_id.set(id);
        self.listeners.borrow_mut().push((id, l));
        id
    }

    fn remove(&self, id: u32) {
        self.listeners.borrow_mut().retain(|(i, _)| *i != id);
    }

    fn emit(&self, e: &LiveEvent) {
        // Listeners may (un)subscribe while handling an event.
        let ls: Vec<Listener> = self
            .listeners
            .borrow()
            .iter()
            .map(|(_, l)| l.clone())
            .collect();
        for l in ls {
            // Not borrowed while it runs: it may cause a render that replaces it.
            let f = l.borrow().clone();
            f(e);
        }
    }
}

#[derive(Clone)]
pub struct LiveContext(Rc<LiveHub>);

impl PartialEq for LiveContext {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn set_state(state: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("data-live", state);
    }
}

/// One connection's life: reopened until `stop`.
struct Conn {
    hub: Rc<LiveHub>,
    api: Api,
    source: RefCell<Option<EventSource>>,
    last: Cell<Option<i64>>,
    stopped: Cell<bool>,
    failures: Cell<u32>,
    timer: RefCell<Option<Timeout>>,
    // Kept alive as long as the source uses them.
    handlers: RefCell<Vec<Handler>>,
}

impl Conn {
    fn stop(&self) {
        self.stopped.set(true);
        self.timer.borrow_mut().take();
        if let Some(s) = self.source.borrow_mut().take() {
            s.close();
        }
        self.handlers.borrow_mut().clear();
        set_state("closed");
    }

    /// Closes the connection for now (the page is hidden into the back-forward
    /// cache, where an open stream would hold one of the browser's few connections
    /// to the server); `open` resumes after the last event seen.
    fn suspend(&self) {
        self.timer.borrow_mut().take();
        if let Some(s) = self.source.borrow_mut().take() {
            s.close();
        }
        set_state("suspended");
    }

    fn retry_later(self: &Rc<Self>) {
        if self.stopped.get() {
            return;
        }
        let n = self.failures.get() + 1;
        self.failures.set(n);
        let wait = (500u32 << n.min(5)).min(MAX_BACKOFF_MS);
        let me = Rc::clone(self);
        *self.timer.borrow_mut() = Some(Timeout::new(wait, move || me.open()));
    }

    fn open(self: &Rc<Self>) {
        if self.stopped.get() {
            return;
        }
        set_state("connecting");
        let me = Rc::clone(self);
        wasm_bindgen_futures::spawn_local(async move {
            let ticket = match me.api.live_ticket().await {
                Ok(t) => t,
                // The API client has ended the session; the provider stops us.
                Err(e) if e.is_unauthorized() => return,
                Err(_) => return me.retry_later(),
            };
            if me.stopped.get() {
                return;
            }
            let last = me.last.get().unwrap_or(ticket.last_event_id);
            me.last.set(Some(last));
            let url = format!("/api/live?ticket={}&last={last}", ticket.ticket);
            let Ok(source) = EventSource::new(&url) else {
                return me.retry_later();
            };
            let on_message = {
                let me = Rc::clone(&me);
                Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
                    let Some(e) = e.dyn_ref::<MessageEvent>() else {
                        return;
                    };
                    if let Ok(id) = e.last_event_id().parse::<i64>() {
                        me.last.set(Some(id));
                    }
                    let Some(data) = e.data().as_string() else {
                        return;
                    };
                    if let Ok(event) = serde_json::from_str::<LiveEvent>(&data) {
                        me.hub.emit(&event);
                    }
                })
            };
            let on_open = {
                let me = Rc::clone(&me);
                Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
                    me.failures.set(0);
                    set_state("open");
                })
            };
            let on_error = {
                let me = Rc::clone(&me);
                Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
                    let closed = me
                        .source
                        .borrow()
                        .as_ref()
                        .is_none_or(|s| s.ready_state() == EventSource::CLOSED);
                    if closed {
                        // Refused (the ticket is gone after a restart, or expired):
                        // a new ticket, resuming after the last event seen.
                        me.source.borrow_mut().take();
                        me.retry_later();
                    } else {
                        // The browser reconnects by itself, sending Last-Event-ID.
                        set_state("connecting");
                    }
                })
            };
            source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
            source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            *me.handlers.borrow_mut() = vec![on_message, on_open, on_error];
            *me.source.borrow_mut() = Some(source);
        });
    }
}

type Listening = (web_sys::EventTarget, &'static str, Handler);

fn listen(target: web_sys::EventTarget, name: &'static str, handler: Handler) -> Listening {
    let _ = target.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
    (target, name, handler)
}

#[derive(Properties, PartialEq)]
pub struct LiveProviderProps {
    pub children: Html,
}

/// Keeps the stream open while someone is signed in.
#[component]
pub fn LiveProvider(props: &LiveProviderProps) -> Html {
    let session = use_session();
    let hub = use_memo((), |_| LiveHub::default());
    {
        let hub = Rc::clone(&hub);
        let session = session.clone();
        use_effect_with(session.token.clone(), move |token| {
            let conn = token.as_ref().map(|_| {
                let conn = Rc::new(Conn {
                    hub,
                    api: session.api.clone(),
                    source: RefCell::default(),
                    last: Cell::new(None),
                    stopped: Cell::new(false),
                    failures: Cell::new(0),
                    timer: RefCell::default(),
                    handlers: RefCell::default(),
                });
                conn.open();
                conn
            });
            // Hidden pages (the back-forward cache, background tabs) let go of
            // their stream: browsers allow only six connections to a server over
            // HTTP/1.1, for all tabs together. Shown again, they resume after the
            // last event seen.
            let listeners: Vec<Listening> = conn
                .as_ref()
                .map(|conn| {
                    let window = web_sys::window();
                    let document = window.as_ref().and_then(|w| w.document());
                    let follow = |conn: &Rc<Conn>| {
                        let conn = Rc::clone(conn);
                        Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
                            let hidden = web_sys::window()
                                .and_then(|w| w.document())
                                .is_some_and(|d| d.hidden());
                            if hidden {
                                conn.suspend();
                            } else if conn.source.borrow().is_none() {
                                conn.open();
                            }
                        })
                    };
                    let suspend = {
                        let conn = Rc::clone(conn);
                        Closure::<dyn Fn(web_sys::Event)>::new(move |_| conn.suspend())
                    };
                    let mut out = Vec::new();
                    if let Some(w) = window {
                        out.push(listen(w.clone().into(), "pagehide", suspend));
                        out.push(listen(w.into(), "pageshow", follow(conn)));
                    }
                    if let Some(d) = document {
                        out.push(listen(d.into(), "visibilitychange", follow(conn)));
                    }
                    out
                })
                .unwrap_or_default();
            move || {
                for (target, name, handler) in listeners {
                    let _ = target.remove_event_listener_with_callback(
                        name,
                        handler.as_ref().unchecked_ref(),
                    );
                }
                if let Some(c) = conn {
                    c.stop();
                }
            }
        });
    }
    html! {
        <ContextProvider<LiveContext> context={LiveContext(hub)}>
            { props.children.clone() }
        </ContextProvider<LiveContext>>
    }
}

/// Calls `f` with every live event while the component is mounted. `f` may change
/// from render to render; the latest one is called.
#[hook]
pub fn use_live_event<F>(f: F)
where
    F: Fn(&LiveEvent) + 'static,
{
    let hub = use_context::<LiveContext>();
    let slot: Listener = use_mut_ref(|| Rc::new(|_: &LiveEvent| {}) as Rc<dyn Fn(&LiveEvent)>);
    *slot.borrow_mut() = Rc::new(f);
    use_effect_with((), move |_| {
        let id = hub.as_ref().map(|h| h.0.add(slot));
        move || {
            if let (Some(h), Some(id)) = (hub, id) {
                h.0.remove(id);
            }
        }
    });
}

/// Tells this tab's listeners an event the app learnt itself (e.g. the unread
/// count after marking an order's notifications read), so they need not wait for
/// the stream, which may not be open yet.
#[hook]
pub fn use_live_emit() -> Callback<LiveEvent> {
    let hub = use_context::<LiveContext>();
    Callback::from(move |e: LiveEvent| {
        if let Some(h) = &hub {
            h.0.emit(&e);
        }
    })
}
