//! API types of sharing a booking and passing a coworking ticket on (spec sections
//! 10, 11, 16): registration, people search, links, invites, «Мой календарь»,
//! «Мои бронирования» and door access.

use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::types::{Kind, Person, Status};
use crate::wire_enum;

/// The shortest password registration accepts.
pub const PASSWORD_MIN: usize = 8;
/// The longest first or last name.
pub const NAME_MAX: usize = 100;
/// The longest e-mail address (RFC 5321).
pub const EMAIL_MAX: usize = 254;
/// People and organisation search: the shortest query, and the most answers.
pub const SEARCH_MIN_CHARS: usize = 2;
pub const SEARCH_LIMIT: usize = 20;
/// The most people one «Сохранить» gives access to.
pub const VISITORS_PER_REQUEST: usize = 50;
/// The widest calendar window one request reads, in days.
pub const CALENDAR_MAX_DAYS: i64 = 92;

/// `POST /api/auth/register`: a new tenant account; answered like sign-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RegisterRequest {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// At least 8 characters.
    pub password: String,
}

wire_enum! {
    /// What a «Сообщества и компании» entry is.
    pub enum OrgKind {
        Company = "company",
        Community = "community",
    }
}

/// A company or a community, to narrow the people search to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Org {
    pub kind: OrgKind,
    pub id: i64,
    pub name: String,
}

impl Org {
    /// The value of `GET /api/users?org=`: `company:3`, `community:1`.
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind, self.id)
    }

    /// Reads an `org=` value back.
    pub fn parse_key(s: &str) -> Option<(OrgKind, i64)> {
        let (kind, id) = s.split_once(':')?;
        Some((kind.parse().ok()?, id.parse().ok().filter(|i| *i > 0)?))
    }
}

/// People found by name (at most 20): name and company only, never staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PeoplePage {
    pub items: Vec<Person>,
}

/// Companies and communities found by name (at most 20).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OrgPage {
    pub items: Vec<Org>,
}

/// A share or transfer link. The owner may read it again while it works.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InviteLink {
    /// The token (at least 128 random bits, base64url).
    pub token: String,
    /// The app's path that opens it: `/invite/{token}`.
    pub path: String,
    pub expires_at: String,
}

/// The order's current link, if it has one that works.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LinkState {
    pub link: Option<InviteLink>,
}

/// `POST /api/orders/{id}/visitors`: give these people access to a booking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AddVisitors {
    pub user_ids: Vec<i64>,
}

/// «Посетители» of a booking: the owner first, then everyone it is shared with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Visitors {
    pub visitors: Vec<Person>,
}

/// `POST /api/orders/{id}/ticket/transfer`: pass the coworking ticket to this user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TransferTicket {
    pub user_id: i64,
}

wire_enum! {
    /// What a link gives: access to a booking, or a coworking ticket.
    pub enum InvitePurpose {
        Share = "share",
        Transfer = "transfer",
    }
}

wire_enum! {
    /// How the signed-in caller stands to a link.
    pub enum InviteStanding {
        /// They may accept it.
        Open = "open",
        /// It is their own booking or ticket order.
        Owner = "owner",
        /// They already have access to the booking.
        Joined = "joined",
        /// They already hold the ticket.
        Holder = "holder",
        /// Staff accounts do not take bookings or tickets.
        Staff = "staff",
        /// The owner took their access to this booking away.
        Removed = "removed",
    }
}

/// `GET /api/invites/{token}`: what a link gives and who gave it. Works signed
/// out and changes nothing (mail scanners and link previews open links).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InvitePreview {
    pub purpose: InvitePurpose,
    pub kind: Kind,
    /// The service: «Переговорная Java», «Коворкинг … — гостевой день».
    pub title: String,
    /// The room or the coworking place, when known.
    pub place: Option<String>,
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    /// Who shares the booking or passes the ticket on.
    pub by: Person,
    pub expires_at: String,
    /// Absent when signed out.
    pub standing: Option<InviteStanding>,
}

wire_enum! {
    /// How an entry of «Мой календарь» or «Мои бронирования» is the user's.
    pub enum Holding {
        /// Their own order: the card opens it.
        Own = "own",
        /// A booking shared with them: «Доступ в помещение», the card does not open.
        Shared = "shared",
        /// A coworking ticket passed to them: the card does not open the order.
        Received = "received",
        /// Their own coworking ticket, passed on to someone else (`holder`).
        PassedOn = "passed_on",
    }
}

/// One card of «Мой календарь» and «Мои бронирования».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CalendarEntry {
    /// Stable within the answer, for list keys.
    pub key: String,
    /// Only for the user's own orders: the card opens `/orders/{order_id}`.
    pub order_id: Option<i64>,
    pub kind: Kind,
    pub status: Status,
    pub holding: Holding,
    pub title: String,
    /// The room, the coworking place or the hotel room, when known.
    pub place: Option<String>,
    pub starts_at: String,
    pub ends_at: Option<String>,
    /// Shared or received: who gave it (the booking's owner, the ticket's buyer).
    pub by: Option<Person>,
    /// Passed on: who holds the ticket now.
    pub holder: Option<Person>,
    /// A coworking ticket passed to the user, still valid: the order whose entry
    /// code they open (`GET /api/orders/{id}/ticket-code`); the order itself
    /// stays closed to them.
    #[serde(default)]
    pub entry_code: Option<i64>,
}

/// `GET /api/calendar?from=&to=`: entries overlapping the window, by start time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Calendar {
    pub from: String,
    pub to: String,
    pub entries: Vec<CalendarEntry>,
}

/// `GET /api/bookings`: «Мои бронирования», what the user holds: upcoming first
/// (soonest first), then the past ones (latest first). Cancelled ones and tickets
/// the user passed on are left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Bookings {
    pub upcoming: Vec<CalendarEntry>,
    pub past: Vec<CalendarEntry>,
}

wire_enum! {
    /// Why a person may open a door.
    pub enum GrantReason {
        /// They booked the room.
        Owner = "owner",
        /// The booking is shared with them.
        Visitor = "visitor",
        /// They hold the coworking ticket.
        Ticket = "ticket",
    }
}

/// One door grant: this room, in this window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AccessGrant {
    pub room: String,
    pub from: String,
    pub to: String,
    pub reason: GrantReason,
    pub order_number: String,
}

/// `GET /api/access`: the caller's current and upcoming door grants, soonest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AccessGrants {
    pub grants: Vec<AccessGrant>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_keys_round_trip() {
        let o = Org {
            kind: OrgKind::Community,
            id: 7,
            name: "Резиденты".into(),
        };
        assert_eq!(o.key(), "community:7");
        assert_eq!(Org::parse_key(&o.key()), Some((OrgKind::Community, 7)));
        assert_eq!(Org::parse_key("company:0"), None);
        assert_eq!(Org::parse_key("team:1"), None);
        assert_eq!(Org::parse_key("company"), None);
    }
}
