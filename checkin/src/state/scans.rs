//! Scans and their answers: the answer panel, the scans still waiting for the
//! server (sent again until answered, and kept in localStorage through a reload),
//! and undoing the last check-in. One reducer over `Action`s.

use kabinet_core::{CheckinTicket, ErrorReason, RedeemAnswer, RedeemRequest, RedeemStatus};
use serde::{Deserialize, Serialize};

use crate::api::ApiError;

/// How many answered offline scans stay in the list below the panel.
pub const LATE_MAX: usize = 10;

/// One scan: a code read or typed, or a ticket picked by hand. Its id is made once
/// and kept through every retry, so the server counts it once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scan {
    pub scan_id: String,
    pub event_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<i64>,
    /// The holder's name, for a ticket picked by hand (the pending list shows it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// When it was made (Unix ms).
    pub at_ms: f64,
    /// `performance.now()` when it was read, for the scan-to-answer measure; it
    /// means nothing after a reload, so it is not stored.
    #[serde(skip)]
    pub perf_start: Option<f64>,
}

impl Scan {
    pub fn request(&self, device: &str) -> RedeemRequest {
        RedeemRequest {
            code: self.code.clone(),
            order_id: self.order_id,
            event_id: self.event_id,
            scan_id: self.scan_id.clone(),
            device: Some(device.to_string()),
        }
    }
}

/// A scan without its answer yet.
#[derive(Clone, Debug, PartialEq)]
pub struct Queued {
    pub scan: Scan,
    /// Could not be sent (no network, or the server failed): «не проверено».
    pub offline: bool,
}

/// What the big answer panel shows.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Panel {
    #[default]
    Idle,
    /// Sent; the answer is on its way.
    Checking { scan_id: String },
    /// Kept for later: «не проверено».
    Pending { scan: Scan },
    /// The server's answer. `started`: when the scan was read, if it was answered
    /// on its first trip (the scan-to-answer measure).
    Answer {
        answer: RedeemAnswer,
        started: Option<f64>,
    },
    /// The server turned the request itself down (not the ticket).
    Failed { error: ApiError },
    /// The last check-in was undone; the ticket is back in its previous status.
    Annulled { ticket: CheckinTicket },
}

/// The undo of the last check-in.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Annul {
    #[default]
    Idle,
    /// «Отменить отметку?»: it is destructive, so it is asked first.
    Confirm,
    Sending,
    Failed(ApiError),
}

/// The last check-in the panel showed, while it may still be undone: it stays
/// undoable (until `annul_until`) whatever the panel shows since, and through a
/// reload (kept in localStorage; the server lets the same user undo by scan id).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LastOk {
    pub scan_id: String,
    /// The door it was made at: the undo shows there only.
    pub event_id: i64,
    pub annul_until: Option<String>,
    /// Whose it is (the undo bar names them).
    pub holder: Option<String>,
}

impl LastOk {
    /// Whether a kept one may come back after a reload: still inside its window
    /// by `now_ms` (`until_ms` reads `annul_until` as Unix ms, NaN if unreadable).
    pub fn still_open(&self, now_ms: f64, until_ms: &dyn Fn(&str) -> f64) -> bool {
        self.annul_until
            .as_deref()
            .map(until_ms)
            .is_some_and(|t| t > now_ms)
    }
}

/// How a scan that waited ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Answer(Box<RedeemAnswer>),
    Refused(ApiError),
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Scans {
    pub queue: Vec<Queued>,
    /// Scans that waited and have been answered since, newest first.
    pub late: Vec<(Scan, Outcome)>,
    pub panel: Panel,
    /// Bumped whenever the panel changes (sound, vibration and the paint measure
    /// follow it).
    pub panel_seq: u64,
    pub last_ok: Option<LastOk>,
    pub annul: Annul,
    /// Bumped by every check-in and undo: counts and the ticket list read again.
    pub changes: u64,
    /// Sending rounds of waiting scans that failed in a row (the backoff).
    pub retry: u32,
    /// Bumped to send the waiting scans at once (`Action::Wake`).
    pub wake: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Scans kept from an earlier page load.
    Restore(Vec<Scan>),
    /// A scan is being sent (the panel waits for it).
    Submit(Scan),
    /// The camera read a code that already waits in the queue: the panel shows
    /// that scan again instead of a new one being made.
    ShowQueued {
        scan_id: String,
    },
    /// No answer (network down, server failing): kept and sent again later.
    Offline {
        scan_id: String,
    },
    Answered {
        scan_id: String,
        answer: RedeemAnswer,
    },
    /// The server refused the request itself (422, 404, …): sending it again would
    /// not help.
    Refused {
        scan_id: String,
        error: ApiError,
    },
    /// A round of sending the waiting scans failed again.
    RoundFailed,
    /// Send the waiting scans now: the browser is online again, or a round
    /// succeeded (scans that waited meanwhile go next).
    Wake,
    /// «Сканировать дальше»: the panel is cleared for the next visitor.
    ScanNext,
    AskAnnul,
    CancelAnnul,
    AnnulSent,
    Annulled {
        scan_id: String,
        ticket: CheckinTicket,
    },
    AnnulFailed(ApiError),
}

impl Action {
    /// The action for the server's reply to a scan: no reply, the server failing
    /// or the session ended (the scan waits for the next sign-in) keep it; any
    /// other refusal ends it.
    pub fn from_result(scan_id: String, r: Result<RedeemAnswer, ApiError>) -> Action {
        match r {
            Ok(answer) => Action::Answered { scan_id, answer },
            Err(e) if e.is_transient() || e.status() == Some(401) => Action::Offline { scan_id },
            Err(error) => Action::Refused { scan_id, error },
        }
    }
}

impl Scans {
    /// A fresh state holding the scans kept from an earlier page load, and the
    /// last check-in if it may still be undone (the caller checks its window).
    pub fn restored(kept: Vec<Scan>, last_ok: Option<LastOk>) -> Scans {
        let mut s = Scans::default();
        s.apply(Action::Restore(kept));
        s.last_ok = last_ok;
        s
    }

    /// The last check-in at `event_id`'s door, if it may be undone (the caller
    /// checks the time against `annul_until`).
    pub fn undoable_at(&self, event_id: i64) -> Option<&LastOk> {
        self.last_ok.as_ref().filter(|l| l.event_id == event_id)
    }

    /// What is kept in localStorage: every scan without an answer, sent or not (a
    /// reload in mid-request sends it again, which the scan id makes harmless).
    pub fn stored(&self) -> Vec<Scan> {
        self.queue.iter().map(|q| q.scan.clone()).collect()
    }

    /// The scans waiting to be sent again.
    pub fn waiting(&self) -> impl Iterator<Item = &Scan> {
        self.queue.iter().filter(|q| q.offline).map(|q| &q.scan)
    }

    /// The last check-in, if it may be undone (the caller checks the time
    /// against `annul_until`): the last admitted visitor's, whatever the panel
    /// shows since (the same code read again, the next visitor, «Сканировать
    /// дальше»).
    pub fn undoable(&self) -> Option<&LastOk> {
        self.last_ok.as_ref()
    }

    /// A scan of `code` for `event_id` still without its answer (waiting for the
    /// network, or on its way): a camera read of the same code makes no other.
    pub fn queued(&self, event_id: i64, code: &str) -> Option<&Scan> {
        self.queue
            .iter()
            .map(|q| &q.scan)
            .find(|s| s.event_id == event_id && s.code.as_deref() == Some(code))
    }

    fn panel_is(&self, scan_id: &str) -> bool {
        match &self.panel {
            Panel::Checking { scan_id: id } => id == scan_id,
            Panel::Pending { scan } => scan.scan_id == scan_id,
            _ => false,
        }
    }

    fn show(&mut self, panel: Panel) {
        self.panel = panel;
        self.panel_seq += 1;
        self.annul = Annul::Idle;
    }

    /// Takes a scan out of the queue: it and whether it had waited.
    fn take(&mut self, scan_id: &str) -> Option<(Scan, bool)> {
        let i = self.queue.iter().position(|q| q.scan.scan_id == scan_id)?;
        let q = self.queue.remove(i);
        Some((q.scan, q.offline))
    }

    fn remember_late(&mut self, scan: Scan, outcome: Outcome) {
        self.late.insert(0, (scan, outcome));
        self.late.truncate(LATE_MAX);
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Restore(kept) => {
                for scan in kept {
                    if !self.queue.iter().any(|q| q.scan.scan_id == scan.scan_id) {
                        self.queue.push(Queued {
                            scan,
                            offline: true,
                        });
                    }
                }
            }
            Action::Submit(scan) => {
                let scan_id = scan.scan_id.clone();
                if !self.queue.iter().any(|q| q.scan.scan_id == scan_id) {
                    self.queue.push(Queued {
                        scan,
                        offline: false,
                    });
                }
                self.show(Panel::Checking { scan_id });
            }
            Action::ShowQueued { scan_id } => {
                if self.panel_is(&scan_id) {
                    return;
                }
                let Some(q) = self.queue.iter().find(|q| q.scan.scan_id == scan_id) else {
                    return;
                };
                let panel = if q.offline {
                    Panel::Pending {
                        scan: q.scan.clone(),
                    }
                } else {
                    Panel::Checking { scan_id }
                };
                self.show(panel);
            }
            Action::Offline { scan_id } => {
                let Some(q) = self.queue.iter_mut().find(|q| q.scan.scan_id == scan_id) else {
                    return;
                };
                q.offline = true;
                let scan = q.scan.clone();
                if self.panel_is(&scan_id) {
                    self.show(Panel::Pending { scan });
                }
            }
            Action::Answered { scan_id, answer } => {
                // A second answer to the same scan (two sends crossed) is dropped.
                let Some((scan, waited)) = self.take(&scan_id) else {
                    return;
                };
                self.retry = 0;
                let ok = answer.status == RedeemStatus::Ok;
                if ok {
                    self.changes += 1;
                }
                if self.panel_is(&scan_id) {
                    let started = if waited { None } else { scan.perf_start };
                    if ok {
                        self.last_ok = Some(LastOk {
                            scan_id: scan_id.clone(),
                            event_id: scan.event_id,
                            annul_until: answer.annul_until.clone(),
                            holder: answer.ticket.as_ref().map(|t| t.holder.clone()),
                        });
                    }
                    self.show(Panel::Answer {
                        answer: answer.clone(),
                        started,
                    });
                }
                if waited {
                    self.remember_late(scan, Outcome::Answer(Box::new(answer)));
                }
            }
            Action::Refused { scan_id, error } => {
                let Some((scan, waited)) = self.take(&scan_id) else {
                    return;
                };
                if self.panel_is(&scan_id) {
                    self.show(Panel::Failed {
                        error: error.clone(),
                    });
                }
                if waited {
                    self.remember_late(scan, Outcome::Refused(error));
                }
            }
            Action::RoundFailed => self.retry = self.retry.saturating_add(1),
            Action::Wake => {
                self.retry = 0;
                self.wake += 1;
            }
            Action::ScanNext => self.show(Panel::Idle),
            Action::AskAnnul => {
                if self.undoable().is_some() {
                    self.annul = Annul::Confirm;
                }
            }
            Action::CancelAnnul => self.annul = Annul::Idle,
            Action::AnnulSent => {
                if self.undoable().is_some() {
                    self.annul = Annul::Sending;
                }
            }
            Action::Annulled { scan_id, ticket } => {
                if self.last_ok.as_ref().is_some_and(|l| l.scan_id == scan_id) {
                    self.last_ok = None;
                }
                self.changes += 1;
                self.show(Panel::Annulled { ticket });
            }
            Action::AnnulFailed(error) => {
                // Too late, or nothing to undo: the button goes away.
                if matches!(
                    error.reason(),
                    Some(ErrorReason::AnnulTooLate | ErrorReason::NotFound)
                ) {
                    self.last_ok = None;
                }
                self.annul = Annul::Failed(error);
            }
        }
    }
}

/// Whether a typed value has no code in it (spaces, dashes): it is not sent
/// (the field asks for a code instead of «Неизвестный код»).
pub fn is_blank(raw: &str) -> bool {
    kabinet_core::normalize_code(raw).is_empty()
}

/// How long to wait before sending the waiting scans again, after `retry` failed
/// rounds: soon at first, then doubling up to a minute.
pub fn backoff_ms(retry: u32) -> u32 {
    if retry == 0 {
        return 500;
    }
    2000u32.saturating_mul(1 << (retry - 1).min(5)).min(60_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kabinet_core::{CheckinReason, Kind, Status};

    fn scan(id: &str) -> Scan {
        Scan {
            scan_id: id.into(),
            event_id: 1,
            code: Some("CODE".into()),
            order_id: None,
            holder: None,
            at_ms: 1.0,
            perf_start: Some(10.0),
        }
    }

    fn ticket() -> CheckinTicket {
        CheckinTicket {
            order_id: 5,
            number: "E-5".into(),
            kind: Kind::Event,
            holder: "Анна Петрова".into(),
            company: Some("Альфа".into()),
            event_id: Some(1),
            event: "Митап".into(),
            starts_at: None,
            status: Status::Done,
            checked_in_at: Some("2026-11-27T19:05:00Z".into()),
            checked_in_by: None,
        }
    }

    fn ok(id: &str) -> RedeemAnswer {
        RedeemAnswer {
            status: RedeemStatus::Ok,
            reason: None,
            scan_id: id.into(),
            ticket: Some(ticket()),
            checked_in_at: None,
            by: None,
            annul_until: Some("2026-11-27T19:15:00Z".into()),
        }
    }

    fn refused(id: &str, reason: CheckinReason) -> RedeemAnswer {
        RedeemAnswer {
            status: RedeemStatus::Error,
            reason: Some(reason),
            annul_until: None,
            ..ok(id)
        }
    }

    #[test]
    fn an_answer_on_the_first_trip_shows_with_its_read_time_and_can_be_undone() {
        let mut s = Scans::default();
        s.apply(Action::Submit(scan("a")));
        assert_eq!(
            s.panel,
            Panel::Checking {
                scan_id: "a".into()
            }
        );
        assert_eq!(s.stored().len(), 1);
        s.apply(Action::Answered {
            scan_id: "a".into(),
            answer: ok("a"),
        });
        assert_eq!(
            s.panel,
            Panel::Answer {
                answer: ok("a"),
                started: Some(10.0)
            }
        );
        assert!(s.queue.is_empty() && s.late.is_empty());
        assert_eq!(s.changes, 1);
        assert_eq!(s.undoable().unwrap().scan_id, "a");
    }

    #[test]
    fn a_refusal_counts_nothing_and_cannot_be_undone() {
        let mut s = Scans::default();
        s.apply(Action::Submit(scan("a")));
        s.apply(Action::Answered {
            scan_id: "a".into(),
            answer: refused("a", CheckinReason::AlreadyRedeemed),
        });
        assert_eq!(s.changes, 0);
        assert!(s.undoable().is_none());
        s.apply(Action::AskAnnul);
        assert_eq!(s.annul, Annul::Idle);
    }

    #[test]
    fn an_offline_scan_waits_and_its_late_answer_replaces_it() {
        let mut s = Scans::default();
        s.apply(Action::Submit(scan("a")));
        s.apply(Action::Offline {
            scan_id: "a".into(),
        });
        assert!(matches!(&s.panel, Panel::Pending { scan } if scan.scan_id == "a"));
        assert_eq!(s.waiting().count(), 1);
        s.apply(Action::RoundFailed);
        s.apply(Action::RoundFailed);
        assert_eq!(s.retry, 2);
        s.apply(Action::Answered {
            scan_id: "a".into(),
            answer: ok("a"),
        });
        // Shown, but not measured: the time it waited is not the answer's.
        assert_eq!(
            s.panel,
            Panel::Answer {
                answer: ok("a"),
                started: None
            }
        );
        assert_eq!(s.retry, 0);
        assert_eq!(s.waiting().count(), 0);
        assert_eq!(s.late.len(), 1);
        assert!(s.stored().is_empty());
    }

    #[test]
    fn a_late_answer_leaves_the_panel_to_the_visitor_in_front() {
        let mut s = Scans::default();
        s.apply(Action::Submit(scan("a")));
        s.apply(Action::Offline {
            scan_id: "a".into(),
        });
        s.apply(Action::Submit(scan("b")));
        s.apply(Action::Answered {
            scan_id: "b".into(),
            answer: refused("b", CheckinReason::Invalid),
        });
        let seq = s.panel_seq;
        s.apply(Action::Answered {
            scan_id: "a".into(),
            answer: ok("a"),
        });
        assert!(matches!(&s.panel, Panel::Answer { answer, .. } if answer.scan_id == "b"));
        assert_eq!(s.panel_seq, seq);
        assert_eq!(s.changes, 1);
        // Not on the panel, so not the one «Отменить отметку» undoes.
        assert!(s.undoable().is_none());
        assert!(matches!(&s.late[0], (sc, Outcome::Answer(_)) if sc.scan_id == "a"));
    }

    #[test]
    fn a_second_answer_to_the_same_scan_is_dropped() {
        let mut s = Scans::default();
        s.apply(Action::Submit(scan("a")));
        s.apply(Action::Answered {
            scan_id: "a".into(),
            answer: ok("a"),
        });
        let before = s.clone();
        s.apply(Action::Answered {
            scan_id: "a".into(),
            answer: ok("a"),
        });
        assert_eq!(s, before);
    }

    #[test]
    fn kept_scans_come_back_waiting_once_each() {
        let mut s = Scans::restored(vec![scan("a"), scan("b")], None);
        s.apply(Action::Restore(vec![scan("a")]));
        assert_eq!(s.waiting().count(), 2);
        assert_eq!(s.panel, Panel::Idle);
        // Stored again as they were, without the page's clock.
        let json = serde_json::to_string(&s.stored()).unwrap();
        let back: Vec<Scan> = serde_json::from_str(&json).unwrap();
        assert_eq!(back[0].scan_id, "a");
        assert_eq!(back[0].perf_start, None);
    }

    #[test]
    fn a_refused_request_leaves_the_queue_and_says_why() {
        let mut s = Scans::default();
        s.apply(Action::Submit(scan("a")));
        let e = ApiError::from_http(422, "");
        s.apply(Action::Refused {
            scan_id: "a".into(),
            error: e.clone(),
        });
        assert_eq!(s.panel, Panel::Failed { error: e });
        assert!(s.queue.is_empty() && s.late.is_empty());
    }

    #[test]
    fn undo_asks_first_then_restores() {
        let mut s = Scans::default();
        s.apply(Action::Submit(scan("a")));
        s.apply(Action::Answered {
            scan_id: "a".into(),
            answer: ok("a"),
        });
        s.apply(Action::AskAnnul);
        assert_eq!(s.annul, Annul::Confirm);
        s.apply(Action::CancelAnnul);
        assert_eq!(s.annul, Annul::Idle);
        s.apply(Action::AskAnnul);
        s.apply(Action::AnnulSent);
        assert_eq!(s.annul, Annul::Sending);
        let mut back = ticket();
        back.status = Status::New;
        back.checked_in_at = None;
        s.apply(Action::Annulled {
            scan_id: "a".into(),
            ticket: back.clone(),
        });
        assert_eq!(s.panel, Panel::Annulled { ticket: back });
        assert_eq!((s.changes, s.annul.clone()), (2, Annul::Idle));
        assert!(s.last_ok.is_none() && s.undoable().is_none());
    }

    #[test]
    fn undo_refused_as_too_late_removes_the_button_other_failures_keep_it() {
        let mut s = Scans::default();
        s.apply(Action::Submit(scan("a")));
        s.apply(Action::Answered {
            scan_id: "a".into(),
            answer: ok("a"),
        });
        s.apply(Action::AnnulSent);
        s.apply(Action::AnnulFailed(ApiError::Network("x".into())));
        assert!(s.undoable().is_some());
        let late = ApiError::from_http(
            409,
            r#"{"code":"conflict","reason":"annul_too_late","message":"x"}"#,
        );
        s.apply(Action::AnnulFailed(late.clone()));
        assert_eq!(s.annul, Annul::Failed(late));
        assert!(s.undoable().is_none());
    }

    #[test]
    fn the_next_scan_clears_the_panel_and_the_question() {
        let mut s = Scans::default();
        s.apply(Action::Submit(scan("a")));
        s.apply(Action::Answered {
            scan_id: "a".into(),
            answer: ok("a"),
        });
        s.apply(Action::AskAnnul);
        s.apply(Action::Submit(scan("b")));
        assert_eq!(s.annul, Annul::Idle);
        s.apply(Action::ScanNext);
        assert_eq!(s.panel, Panel::Idle);
    }

    #[test]
    fn replies_that_may_change_on_a_retry_keep_the_scan() {
        let keep = |e: ApiError| Action::from_result("a".into(), Err(e));
        let offline = Action::Offline {
            scan_id: "a".into(),
        };
        assert_eq!(keep(ApiError::Network("down".into())), offline);
        assert_eq!(keep(ApiError::from_http(503, "")), offline);
        assert_eq!(keep(ApiError::from_http(401, "")), offline);
        assert!(matches!(
            keep(ApiError::from_http(422, "")),
            Action::Refused { .. }
        ));
        assert!(matches!(
            Action::from_result("a".into(), Ok(ok("a"))),
            Action::Answered { .. }
        ));
    }

    #[test]
    fn the_undo_stays_with_the_last_admitted_whatever_the_panel_shows_since() {
        let mut s = Scans::default();
        s.apply(Action::Submit(scan("a")));
        s.apply(Action::Answered {
            scan_id: "a".into(),
            answer: ok("a"),
        });
        assert_eq!(
            s.undoable().unwrap().holder.as_deref(),
            Some("Анна Петрова")
        );
        // The same code read again is refused: she can still be undone, by name.
        s.apply(Action::Submit(scan("b")));
        s.apply(Action::Answered {
            scan_id: "b".into(),
            answer: refused("b", CheckinReason::AlreadyRedeemed),
        });
        assert_eq!(s.undoable().unwrap().scan_id, "a");
        s.apply(Action::ScanNext);
        assert_eq!(s.undoable().unwrap().scan_id, "a");
        s.apply(Action::AskAnnul);
        assert_eq!(s.annul, Annul::Confirm);
        // A new panel takes the question away (the undo itself stays).
        s.apply(Action::Submit(scan("c")));
        assert_eq!(s.annul, Annul::Idle);
        assert_eq!(s.undoable().unwrap().scan_id, "a");
        // The next one admitted is the one to undo.
        s.apply(Action::Answered {
            scan_id: "c".into(),
            answer: ok("c"),
        });
        assert_eq!(s.undoable().unwrap().scan_id, "c");
    }

    #[test]
    fn a_code_already_waiting_is_found_and_shown_again_not_queued_twice() {
        let mut s = Scans::default();
        s.apply(Action::Submit(scan("a")));
        assert_eq!(s.queued(1, "CODE").unwrap().scan_id, "a");
        s.apply(Action::Offline {
            scan_id: "a".into(),
        });
        assert_eq!(s.queued(1, "CODE").unwrap().scan_id, "a");
        // Another event's door, another code: not the same scan.
        assert!(s.queued(2, "CODE").is_none());
        assert!(s.queued(1, "OTHER").is_none());
        let mut other = scan("b");
        other.code = Some("OTHER".into());
        s.apply(Action::Submit(other));
        s.apply(Action::Answered {
            scan_id: "b".into(),
            answer: refused("b", CheckinReason::Invalid),
        });
        // The camera reads the waiting code again: its pending panel is back, and
        // still one scan waits.
        s.apply(Action::ShowQueued {
            scan_id: "a".into(),
        });
        assert!(matches!(&s.panel, Panel::Pending { scan } if scan.scan_id == "a"));
        let seq = s.panel_seq;
        s.apply(Action::ShowQueued {
            scan_id: "a".into(),
        });
        assert_eq!(s.panel_seq, seq, "already shown");
        assert_eq!(s.waiting().count(), 1);
        s.apply(Action::Answered {
            scan_id: "a".into(),
            answer: ok("a"),
        });
        assert!(matches!(&s.panel, Panel::Answer { answer, .. } if answer.scan_id == "a"));
        assert!(s.queued(1, "CODE").is_none());
        // Nothing waits: nothing to show.
        let before = s.clone();
        s.apply(Action::ShowQueued {
            scan_id: "a".into(),
        });
        assert_eq!(s, before);
    }

    #[test]
    fn a_timed_out_request_waits_and_is_sent_again_with_its_id() {
        let mut s = Scans::default();
        s.apply(Action::Submit(scan("a")));
        s.apply(Action::from_result("a".into(), Err(ApiError::timed_out())));
        assert!(matches!(&s.panel, Panel::Pending { scan } if scan.scan_id == "a"));
        assert_eq!(
            s.waiting().map(|w| w.scan_id.as_str()).collect::<Vec<_>>(),
            ["a"]
        );
    }

    #[test]
    fn the_last_check_in_is_kept_through_a_reload_for_its_door_and_window() {
        let mut s = Scans::default();
        s.apply(Action::Submit(scan("a")));
        s.apply(Action::Answered {
            scan_id: "a".into(),
            answer: ok("a"),
        });
        let kept = s.last_ok.clone().unwrap();
        assert_eq!(kept.event_id, 1);
        let json = serde_json::to_string(&kept).unwrap();
        let back: LastOk = serde_json::from_str(&json).unwrap();
        assert_eq!(back, kept);
        // Inside its window it comes back; after it, or without one, it does not.
        let until = |_: &str| 1000.0;
        assert!(back.still_open(999.0, &until));
        assert!(!back.still_open(1000.0, &until));
        assert!(!back.still_open(0.0, &|_| f64::NAN));
        let none = LastOk {
            annul_until: None,
            ..back.clone()
        };
        assert!(!none.still_open(0.0, &until));
        let mut r = Scans::restored(vec![], Some(back));
        assert_eq!(r.panel, Panel::Idle);
        // At its own door only.
        assert_eq!(r.undoable_at(1).unwrap().scan_id, "a");
        assert!(r.undoable_at(2).is_none());
        // And it can be undone as before.
        r.apply(Action::AskAnnul);
        assert_eq!(r.annul, Annul::Confirm);
        r.apply(Action::AnnulSent);
        r.apply(Action::Annulled {
            scan_id: "a".into(),
            ticket: ticket(),
        });
        assert!(r.last_ok.is_none());
    }

    #[test]
    fn blank_input_is_not_a_code() {
        assert!(is_blank(""));
        assert!(is_blank("   "));
        assert!(is_blank(" - \t"));
        assert!(!is_blank(" abcd-efgh "));
    }

    #[test]
    fn the_network_coming_back_sends_at_once() {
        let mut s = Scans::default();
        s.apply(Action::RoundFailed);
        s.apply(Action::Wake);
        assert_eq!((s.retry, s.wake), (0, 1));
        assert_eq!(backoff_ms(0), 500);
        assert_eq!(backoff_ms(1), 2000);
        assert_eq!(backoff_ms(3), 8000);
        assert_eq!(backoff_ms(30), 60_000);
    }
}
