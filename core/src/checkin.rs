//! API types of the door (spec sections 9, 12): a ticket's entry code for its QR,
//! the check-in app's events and tickets, redeeming a scanned code and undoing a
//! check-in.

use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::types::{Kind, Status};
use crate::wire_enum;

/// A ticket code is this many characters of `CODE_ALPHABET` (31 symbols: about
/// 4.95 bits each, so 28 of them carry more than 138 bits).
pub const CODE_LEN: usize = 28;
/// Capital letters and digits without the look-alikes 0/O, 1/I/L: they survive a
/// bad print and a person reading them aloud, and a QR code stores them in its
/// compact alphanumeric mode.
pub const CODE_ALPHABET: &[u8; 31] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// A check-in can be undone for this long (seconds).
pub const ANNUL_WINDOW_SECS: i64 = 600;
/// The longest scan id and device name a client may send.
pub const SCAN_ID_MAX: usize = 64;
pub const DEVICE_MAX: usize = 64;
/// The longest text accepted as a scanned or typed code.
pub const CODE_INPUT_MAX: usize = 200;
/// The ticket search answers at most this many tickets.
pub const CHECKIN_SEARCH_LIMIT: usize = 50;

/// A scanned or typed code as it is looked up: capitals, without spaces and
/// dashes (the code is shown in groups, and people type it that way).
pub fn normalize_code(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// The code in groups of four for reading: `ABCD-EFGH-…`.
pub fn group_code(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// `GET /api/orders/{id}/ticket-code`: what the QR view of a ticket shows. Only
/// the ticket's holder gets it (an event ticket's owner, a coworking ticket's
/// visitor), and only while the ticket can still be used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TicketCode {
    pub order_id: i64,
    pub number: String,
    /// `event` or `coworking`.
    pub kind: Kind,
    /// `CODE_LEN` characters of `CODE_ALPHABET`; the QR code carries exactly this.
    pub code: String,
    /// The event's or the coworking service's name.
    pub title: String,
    pub starts_at: String,
    pub ends_at: Option<String>,
    pub place: Option<String>,
    /// The holder's name.
    pub holder: String,
}

/// One event in the check-in app's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CheckinEvent {
    pub id: i64,
    pub name: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: Option<String>,
    /// It takes place today (site time zone): check-in is open.
    pub today: bool,
    /// «отмечено N из M»: tickets checked in, of the tickets that are valid
    /// (neither cancelled nor being refunded).
    pub checked_in: u32,
    pub total: u32,
}

/// `GET /api/checkin/events`: today's events first, then the upcoming ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CheckinEvents {
    pub events: Vec<CheckinEvent>,
}

/// A ticket as the check-in app shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CheckinTicket {
    pub order_id: i64,
    pub number: String,
    pub kind: Kind,
    /// The holder's name and company.
    pub holder: String,
    pub company: Option<String>,
    /// The event the ticket is for (`None` for a coworking ticket).
    pub event_id: Option<i64>,
    /// The event's or the coworking service's name.
    pub event: String,
    pub starts_at: Option<String>,
    pub status: Status,
    pub checked_in_at: Option<String>,
    /// Who checked the visitor in.
    pub checked_in_by: Option<String>,
}

/// `GET /api/checkin/events/{id}/tickets?q=`: the event's tickets, by holder name
/// or order number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CheckinTickets {
    pub tickets: Vec<CheckinTicket>,
}

/// `POST /api/checkin/redeem`: one scan. Exactly one of `code` (scanned or typed)
/// and `order_id` (checking someone in by hand from the search).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RedeemRequest {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub order_id: Option<i64>,
    /// The event the door is for.
    pub event_id: i64,
    /// Made by the device for this scan: a retry with the same id is answered the
    /// same and counted once (letters, digits, `-` and `_`, at most 64).
    pub scan_id: String,
    /// The scanning device's name, for the scan log.
    #[serde(default)]
    pub device: Option<String>,
}

wire_enum! {
    /// A redeem's outcome.
    pub enum RedeemStatus {
        Ok = "ok",
        Error = "error",
    }
}

wire_enum! {
    /// Why a scan did not admit anyone.
    pub enum CheckinReason {
        /// No ticket has this code.
        Invalid = "invalid",
        /// Checked in already: `checked_in_at` and `by` say when and by whom.
        AlreadyRedeemed = "already_redeemed",
        /// The ticket was cancelled, or is being refunded (`ticket.status`).
        Canceled = "canceled",
        /// The code is no longer valid: the ticket was passed on.
        Revoked = "revoked",
        /// A ticket for another event (`ticket.event`).
        WrongEvent = "wrong_event",
        /// The event is not today.
        InvalidTime = "invalid_time",
    }
}

/// The answer to a redeem: 201 with `status: ok`, or 200 with `status: error`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RedeemAnswer {
    pub status: RedeemStatus,
    pub reason: Option<CheckinReason>,
    pub scan_id: String,
    /// The ticket, whenever the code named one.
    pub ticket: Option<CheckinTicket>,
    /// `already_redeemed`: when and by whom.
    pub checked_in_at: Option<String>,
    pub by: Option<String>,
    /// `ok`: the check-in can be undone until then.
    pub annul_until: Option<String>,
}

/// `POST /api/checkin/annul`: undo the check-in a scan made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AnnulRequest {
    pub scan_id: String,
}

/// The answer to an undo: the ticket back in its previous status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AnnulAnswer {
    pub ticket: CheckinTicket,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_the_way_people_type_them() {
        assert_eq!(normalize_code(" abcd-efgh 2345\n"), "ABCDEFGH2345");
        assert_eq!(group_code("ABCDEFGHJK"), "ABCD-EFGH-JK");
        assert_eq!(
            normalize_code(&group_code("ABCDEFGHJKMNPQRSTUVWXYZ23456")),
            "ABCDEFGHJKMNPQRSTUVWXYZ23456"
        );
    }

    #[test]
    fn the_alphabet_has_no_look_alikes() {
        for c in b"01OIL" {
            assert!(!CODE_ALPHABET.contains(c));
        }
        let bits = (CODE_ALPHABET.len() as f64).log2() * CODE_LEN as f64;
        assert!(bits >= 128.0, "{bits} bits");
    }

    #[test]
    fn answers_read_back() {
        let a = RedeemAnswer {
            status: RedeemStatus::Error,
            reason: Some(CheckinReason::AlreadyRedeemed),
            scan_id: "s-1".into(),
            ticket: None,
            checked_in_at: Some("2026-11-27T19:05:00Z".into()),
            by: Some("Егор Миронов".into()),
            annul_until: None,
        };
        let json = serde_json::to_string(&a).unwrap();
        assert!(json.contains(r#""reason":"already_redeemed""#), "{json}");
        assert_eq!(serde_json::from_str::<RedeemAnswer>(&json).unwrap(), a);
    }
}
