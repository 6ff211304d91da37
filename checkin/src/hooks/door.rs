//! The door: the scan state (`state::scans`) in a context above the pages, so
//! waiting scans are sent (and kept in localStorage) whatever page is open. It
//! sends scans, sends the waiting ones again (on the `online` event, and on a
//! timer that backs off), and gives each answer its sound, vibration and the
//! `kabinet-scan-answer` measure.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use kabinet_core::{normalize_code, RedeemStatus};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::api::Api;
use crate::state::dedupe::Dedupe;
use crate::state::scans::{backoff_ms, Action, LastOk, Panel, Scan, Scans};
use crate::web::{self, audio, perf_now};

/// The measure from a code read or submitted to its answer painted.
pub const ANSWER_MARK: &str = "kabinet-scan-answer";

impl Reducible for Scans {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        Rc::new(next)
    }
}

#[derive(Clone)]
pub struct Door {
    pub scans: UseReducerHandle<Scans>,
    pub online: bool,
    dedupe: Rc<RefCell<Dedupe>>,
    device: Rc<str>,
}

impl PartialEq for Door {
    fn eq(&self, other: &Self) -> bool {
        self.scans == other.scans && self.online == other.online
    }
}

fn new_scan(event_id: i64) -> Scan {
    Scan {
        // 16 random bytes: unique without asking anyone, and retried as is.
        scan_id: web::random_hex(16),
        event_id,
        code: None,
        order_id: None,
        holder: None,
        at_ms: web::now_ms(),
        perf_start: Some(perf_now()),
    }
}

impl Door {
    fn dispatch(&self, a: Action) {
        self.scans.dispatch(a);
    }

    /// A typed code, or one a USB scanner typed (always sent: a person meant it).
    pub fn typed(&self, event_id: i64, raw: &str) {
        let code = normalize_code(raw);
        if code.is_empty() {
            return;
        }
        self.send(Scan {
            code: Some(code),
            ..new_scan(event_id)
        });
    }

    /// A frame the camera decoded at `at` (`performance.now()`), with the text read
    /// in it if any: a code is sent unless it is still in view since it was sent
    /// (`state::dedupe`), and never queued twice: a code whose scan already waits
    /// for the network shows that scan again.
    pub fn camera_frame(&self, event_id: i64, raw: Option<&str>, at: f64) {
        let code = raw.map(normalize_code).filter(|c| !c.is_empty());
        if !self.dedupe.borrow_mut().frame(code.as_deref(), at) {
            return;
        }
        let Some(code) = code else {
            return;
        };
        if let Some(waiting) = self.scans.queued(event_id, &code) {
            self.dispatch(Action::ShowQueued {
                scan_id: waiting.scan_id.clone(),
            });
            // Held like an answered one: sent again only after leaving the view.
            self.dedupe.borrow_mut().answered(&code);
            return;
        }
        self.send(Scan {
            code: Some(code),
            perf_start: Some(at),
            ..new_scan(event_id)
        });
    }

    /// Checking in someone picked from the search (a visitor without a phone).
    pub fn by_hand(&self, event_id: i64, order_id: i64, holder: &str) {
        self.send(Scan {
            order_id: Some(order_id),
            holder: Some(holder.to_string()),
            // Not a code read: the scan-to-answer measure leaves it out.
            perf_start: None,
            ..new_scan(event_id)
        });
    }

    /// «Сканировать дальше».
    pub fn scan_next(&self) {
        self.dedupe.borrow_mut().reset();
        self.dispatch(Action::ScanNext);
    }

    pub fn ask_annul(&self) {
        self.dispatch(Action::AskAnnul);
    }

    pub fn cancel_annul(&self) {
        self.dispatch(Action::CancelAnnul);
    }

    /// Undoes the check-in on the panel (after «Да, отменить»).
    pub fn annul(&self) {
        let Some(last) = self.scans.undoable().cloned() else {
            return;
        };
        self.dispatch(Action::AnnulSent);
        let dispatcher = self.scans.dispatcher();
        wasm_bindgen_futures::spawn_local(async move {
            dispatcher.dispatch(match Api::new().annul(&last.scan_id).await {
                Ok(a) => Action::Annulled {
                    scan_id: last.scan_id,
                    ticket: a.ticket,
                },
                Err(e) => Action::AnnulFailed(e),
            });
        });
    }

    fn send(&self, scan: Scan) {
        self.dispatch(Action::Submit(scan.clone()));
        let (dispatcher, dedupe) = (self.scans.dispatcher(), self.dedupe.clone());
        let done = move |scan: &Scan| {
            if let Some(code) = &scan.code {
                dedupe.borrow_mut().answered(code);
            }
        };
        if !web::online() {
            dispatcher.dispatch(Action::Offline {
                scan_id: scan.scan_id.clone(),
            });
            done(&scan);
            return;
        }
        let req = scan.request(&self.device);
        wasm_bindgen_futures::spawn_local(async move {
            let r = Api::new().redeem(&req).await;
            dispatcher.dispatch(Action::from_result(scan.scan_id.clone(), r));
            done(&scan);
        });
    }
}

#[derive(Properties, PartialEq)]
pub struct DoorProviderProps {
    pub children: Html,
}

#[component]
pub fn DoorProvider(props: &DoorProviderProps) -> Html {
    let scans = use_reducer(|| {
        let last = web::load::<LastOk>(web::LAST_OK_KEY)
            .filter(|l| l.still_open(web::now_ms(), &web::parse_ms));
        Scans::restored(web::load(web::QUEUE_KEY).unwrap_or_default(), last)
    });
    let online = use_state(web::online);
    let dedupe = use_mut_ref(Dedupe::default);
    let device = use_memo((), |_| Rc::<str>::from(web::device()));
    let flushing = use_mut_ref(|| Cell::new(false));

    // Kept through a reload; removed when nothing waits.
    let stored = scans.stored();
    use_effect_with(stored, |stored| {
        if stored.is_empty() {
            web::remove(web::QUEUE_KEY);
        } else {
            web::save(web::QUEUE_KEY, stored);
        }
    });
    // The last check-in too, so its undo survives a reload.
    use_effect_with(scans.last_ok.clone(), |last| match last {
        Some(l) => web::save(web::LAST_OK_KEY, l),
        None => web::remove(web::LAST_OK_KEY),
    });

    {
        let (online, dispatcher) = (online.clone(), scans.dispatcher());
        use_effect_with((), move |_| {
            let on = {
                let online = online.clone();
                Closure::<dyn Fn()>::new(move || {
                    online.set(true);
                    dispatcher.dispatch(Action::Wake);
                })
            };
            let off = Closure::<dyn Fn()>::new(move || online.set(false));
            let w = web::window();
            let _ = w.add_event_listener_with_callback("online", on.as_ref().unchecked_ref());
            let _ = w.add_event_listener_with_callback("offline", off.as_ref().unchecked_ref());
            move || {
                let w = web::window();
                let _ =
                    w.remove_event_listener_with_callback("online", on.as_ref().unchecked_ref());
                let _ =
                    w.remove_event_listener_with_callback("offline", off.as_ref().unchecked_ref());
            }
        });
    }

    // Sends the waiting scans again, one at a time, after the backoff.
    {
        let waiting: Vec<Scan> = scans.waiting().cloned().collect();
        let (dispatcher, device) = (scans.dispatcher(), device.clone());
        use_effect_with(
            (waiting, scans.retry, scans.wake),
            move |(waiting, retry, _)| {
                let timer = (!waiting.is_empty()).then(|| {
                    let waiting = waiting.clone();
                    Timeout::new(backoff_ms(*retry), move || {
                        if flushing.borrow().get() {
                            return;
                        }
                        if !web::online() {
                            dispatcher.dispatch(Action::RoundFailed);
                            return;
                        }
                        flushing.borrow().set(true);
                        wasm_bindgen_futures::spawn_local(async move {
                            let api = Api::new();
                            let mut failed = false;
                            for scan in waiting {
                                let r = api.redeem(&scan.request(&device)).await;
                                let a = Action::from_result(scan.scan_id.clone(), r);
                                if matches!(a, Action::Offline { .. }) {
                                    failed = true;
                                    break;
                                }
                                dispatcher.dispatch(a);
                            }
                            flushing.borrow().set(false);
                            // Scans that went offline meanwhile are next.
                            dispatcher.dispatch(if failed {
                                Action::RoundFailed
                            } else {
                                Action::Wake
                            });
                        });
                    })
                });
                move || drop(timer)
            },
        );
    }

    // The answer is heard and felt, and its paint measured.
    {
        let panel = scans.panel.clone();
        use_effect_with(scans.panel_seq, move |_| match panel {
            Panel::Answer { answer, started } => {
                let ok = answer.status == RedeemStatus::Ok;
                audio::beep(ok);
                audio::vibrate(ok);
                if let Some(start) = started {
                    web::after_paint(move || web::measure(ANSWER_MARK, start, perf_now()));
                }
            }
            Panel::Failed { .. } => audio::beep(false),
            _ => {}
        });
    }

    let door = Door {
        scans,
        online: *online,
        dedupe,
        device: (*device).clone(),
    };
    html! {
        <ContextProvider<Door> context={door}>{ props.children.clone() }</ContextProvider<Door>>
    }
}

#[hook]
pub fn use_door() -> Door {
    use_context::<Door>().expect("DoorProvider is above every page")
}
