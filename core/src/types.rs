//! The JSON shapes of the REST API. Times are RFC 3339 strings in UTC; money is an
//! integer number of minor units (kopecks) with an ISO 4217 currency code.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// What kind of service an order is for (spec section 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Service,
    Request,
    Booking,
    Goods,
    Coworking,
    Hotel,
    Event,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Service,
        Kind::Request,
        Kind::Booking,
        Kind::Goods,
        Kind::Coworking,
        Kind::Hotel,
        Kind::Event,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Service => "service",
            Kind::Request => "request",
            Kind::Booking => "booking",
            Kind::Goods => "goods",
            Kind::Coworking => "coworking",
            Kind::Hotel => "hotel",
            Kind::Event => "event",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where an order is in its life (spec section 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    New,
    InProgress,
    AwaitingConfirmation,
    Done,
    Cancelled,
    RefundPending,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::New,
        Status::InProgress,
        Status::AwaitingConfirmation,
        Status::Done,
        Status::Cancelled,
        Status::RefundPending,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::InProgress => "in_progress",
            Status::AwaitingConfirmation => "awaiting_confirmation",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
            Status::RefundPending => "refund_pending",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The order list's two groups: «active» and «finished».
    pub fn group(self) -> StatusGroup {
        match self {
            Status::New | Status::InProgress | Status::AwaitingConfirmation => StatusGroup::Active,
            Status::Done | Status::Cancelled | Status::RefundPending => StatusGroup::Finished,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StatusGroup {
    Active,
    Finished,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Tenant,
    Staff,
    EventManager,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Tenant => "tenant",
            Role::Staff => "staff",
            Role::EventManager => "event_manager",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [Role::Tenant, Role::Staff, Role::EventManager]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// Everything a user or staff member can do to an order. The rules decide which of
/// these are allowed now; the UI shows exactly those.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    // The owner's actions.
    ConfirmCompletion,
    ReturnToWork,
    Close,
    Cancel,
    Repeat,
    Pay,
    Share,
    TransferTicket,
    ShowQr,
    // Staff actions.
    TakeIntoWork,
    MarkAwaitingConfirmation,
    Complete,
    StaffCancel,
    CompleteRefund,
    // Event manager.
    CheckIn,
}

impl Action {
    pub const ALL: [Action; 15] = [
        Action::ConfirmCompletion,
        Action::ReturnToWork,
        Action::Close,
        Action::Cancel,
        Action::Repeat,
        Action::Pay,
        Action::Share,
        Action::TransferTicket,
        Action::ShowQr,
        Action::TakeIntoWork,
        Action::MarkAwaitingConfirmation,
        Action::Complete,
        Action::StaffCancel,
        Action::CompleteRefund,
        Action::CheckIn,
    ];
}

/// The two answers of the «Закрыть заказ» dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CloseOutcome {
    /// «Выполнен»
    Done,
    /// «Неактуален»
    NotRelevant,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Money {
    /// Minor units (kopecks for RUB).
    pub amount: i64,
    /// ISO 4217, e.g. "RUB".
    pub currency: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CompanyRef {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct User {
    pub id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: Role,
    pub company: Option<CompanyRef>,
}

/// A person as other people see them: no e-mail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoginResponse {
    pub token: String,
    pub user: User,
}

/// Site-wide settings the app needs before it shows anything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SiteConfig {
    /// IANA time zone all dates are shown in, e.g. "Europe/Moscow".
    pub time_zone: String,
    pub currency: String,
    /// The largest file a chat message may carry, in bytes.
    pub max_file_bytes: u64,
    /// The most files one chat message may carry.
    pub max_files: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Health {
    pub status: String,
}

/// One row of «Мои заказы».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OrderSummary {
    pub id: i64,
    pub number: String,
    pub kind: Kind,
    pub status: Status,
    pub service_name: String,
    pub created_at: String,
    /// Service date and time, for the kinds that have one.
    pub service_at: Option<String>,
    pub amount: Option<Money>,
    pub unread_count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OrderPage {
    pub items: Vec<OrderSummary>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// A row of the staff desk's queue: the order and who placed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeskOrder {
    pub order: OrderSummary,
    pub owner: Person,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeskPage {
    pub items: Vec<DeskOrder>,
    pub next_cursor: Option<String>,
}

/// A company, for the desk's company filter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Company {
    pub id: i64,
    pub name: String,
}

/// What a notification tells about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// Someone else moved the order to `status`.
    StatusChanged,
    /// The owner returned finished work; told to the executor (or every staff member).
    ReturnedToWork,
    /// A new order was placed; told to staff.
    NewOrder,
    /// A chat message from the other side.
    NewMessage,
}

/// One entry of the notification centre. The app words it from these facts in the
/// user's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Notification {
    pub id: i64,
    pub kind: NotificationKind,
    pub order_id: i64,
    pub order_number: String,
    pub service_name: String,
    /// The order's status after the change.
    pub status: Status,
    /// Who made the change; absent when the system did.
    pub actor: Option<String>,
    pub created_at: String,
    pub read: bool,
}

/// A page of notifications, newest first, with the unread count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NotificationPage {
    pub items: Vec<Notification>,
    pub unread: u32,
    /// Pass as `before` to get older ones; absent on the last page.
    pub next_before: Option<i64>,
}

/// Mark notifications read: the listed ids, or all of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MarkRead {
    #[serde(default)]
    pub ids: Vec<i64>,
    #[serde(default)]
    pub all: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UnreadCount {
    pub unread: u32,
}

/// A short-lived ticket that opens the live stream (an EventSource cannot send
/// the bearer token).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LiveTicket {
    pub ticket: String,
    pub expires_at: String,
    /// The newest event so far: where a client without a resume point starts, so
    /// that what happens between this answer and the connection is not missed.
    pub last_event_id: i64,
}

/// One event of the live stream (`GET /api/live`), the `data` of an SSE message
/// whose `id` is the event's number for resuming.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveEvent {
    /// An order the user can see changed: reload it if it is on screen.
    Order {
        order_id: i64,
        version: i64,
        status: Status,
    },
    /// A new notification, with the unread count after it.
    Notification {
        notification: Notification,
        unread: u32,
    },
    /// Notifications were marked read (maybe in another tab).
    NotificationsRead { unread: u32 },
    /// A chat line was added to an order the user can see: fetch it with
    /// `after`. `unread` is the user's count of unread lines of that chat.
    Message {
        order_id: i64,
        seq: i64,
        unread: u32,
    },
    /// Events were missed beyond what the server keeps: reload what is on screen.
    Reset,
}

/// A line of «Заказ»: an item of a goods order or the resource of a booking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OrderItem {
    pub name: String,
    pub quantity: u32,
    /// The unit, e.g. "шт." or "ч".
    pub unit: String,
    pub unit_price: Money,
    pub total: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeliveryPlace {
    pub building: String,
    pub floor: Option<String>,
    pub room: Option<String>,
    pub note: Option<String>,
}

/// «Билет» of a coworking order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Ticket {
    pub visitor: Person,
    pub valid_from: String,
    pub valid_to: String,
    pub tariff: String,
    pub place: Option<String>,
}

/// «Бронирование» of a hotel order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HotelStay {
    pub check_in: String,
    pub check_out: String,
    pub room: String,
    pub guests: Vec<String>,
}

/// A label and its value: a submitted form field, or a characteristic of a service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Field {
    pub label: String,
    pub value: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Card,
    Invoice,
    Balance,
}

/// «Оплата».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Payment {
    pub total: Money,
    pub paid: Money,
    /// What is left to pay after a prepayment; zero when paid in full.
    pub remainder: Money,
    pub method: Option<PaymentMethod>,
    /// Who pays: the user or their company.
    pub payer: Option<String>,
}

/// A service as the catalogue shows it: a tile of «Дополнительные услуги».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ServiceRef {
    pub id: i64,
    pub kind: Kind,
    pub name: String,
    pub price: Option<Money>,
}

/// «Дополнительные услуги», with the title the service configured.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AdditionalServices {
    pub title: String,
    pub services: Vec<ServiceRef>,
}

/// How a service may be cancelled (spec section 9).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ServiceSettings {
    pub cancellable: bool,
    /// Cancellation closes this many hours before the service time.
    pub cancel_deadline_hours: Option<u32>,
    /// Awaiting confirmation turns into done after this many hours.
    pub auto_confirm_hours: u32,
    /// Share of the price paid up front, in percent.
    pub prepayment_percent: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Service {
    pub id: i64,
    pub kind: Kind,
    pub name: String,
    pub description: String,
    pub characteristics: Vec<Field>,
    pub price: Option<Money>,
    pub settings: ServiceSettings,
    pub additional: Option<AdditionalServices>,
}

/// Why «Отменить» is not offered, so the app can say so and point to the chat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CancelBlock {
    NotCancellable,
    DeadlinePassed,
    CheckedIn,
}

/// Everything the order view shows (spec section 4). Blocks a kind does not have
/// are absent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OrderView {
    pub id: i64,
    pub number: String,
    pub kind: Kind,
    pub status: Status,
    /// Bumped by every change; actions name the version they saw.
    pub version: i64,
    pub created_at: String,
    pub service_at: Option<String>,
    pub service_end_at: Option<String>,
    pub service: Service,
    pub owner: Person,
    pub items: Vec<OrderItem>,
    pub ticket: Option<Ticket>,
    pub hotel: Option<HotelStay>,
    pub delivery_place: Option<DeliveryPlace>,
    /// «Посетители» of a booking: the owner first, then everyone it is shared with.
    pub visitors: Vec<Person>,
    /// «Детали заказа» of a simple service or a request.
    pub form_fields: Vec<Field>,
    /// The comment of a goods order or a booking.
    pub comment: Option<String>,
    pub payment: Option<Payment>,
    pub unread_count: u32,
    /// What the caller may do now, from [`crate::allowed_actions`].
    pub actions: Vec<Action>,
    /// Set when the kind can be cancelled but this order cannot be, now.
    pub cancel_block: Option<CancelBlock>,
    /// Every change of the order, oldest first.
    pub history: Vec<HistoryEntry>,
}

/// One change in an order's history: who, what, when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HistoryEntry {
    pub at: String,
    /// Absent for changes the system made (auto-confirmation).
    pub actor: Option<Person>,
    /// `create`, `auto_confirm`, or the action taken.
    pub action: String,
    pub from_status: Option<Status>,
    pub to_status: Status,
}

/// Take an action on an order. `version` is the one the caller saw; a stale one is
/// refused with 409. Send an `Idempotency-Key` header to make retries safe.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ActionRequest {
    pub action: Action,
    pub version: i64,
    /// For `close`: «Выполнен» or «Неактуален».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close_outcome: Option<CloseOutcome>,
}

/// The flat shape `LiveEvent` is read through. Serde's own reading of an internally
/// tagged enum buffers the whole value generically, which costs the app ~10 KB of
/// wasm; this reads the same JSON directly.
#[derive(Deserialize)]
struct LiveEventWire {
    #[serde(rename = "type")]
    kind: LiveEventType,
    order_id: Option<i64>,
    version: Option<i64>,
    status: Option<Status>,
    notification: Option<Notification>,
    unread: Option<u32>,
    seq: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum LiveEventType {
    Order,
    Notification,
    NotificationsRead,
    Message,
    Reset,
}

impl<'de> Deserialize<'de> for LiveEvent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let w = LiveEventWire::deserialize(d)?;
        let missing = |f: &'static str| D::Error::missing_field(f);
        Ok(match w.kind {
            LiveEventType::Order => LiveEvent::Order {
                order_id: w.order_id.ok_or_else(|| missing("order_id"))?,
                version: w.version.ok_or_else(|| missing("version"))?,
                status: w.status.ok_or_else(|| missing("status"))?,
            },
            LiveEventType::Notification => LiveEvent::Notification {
                notification: w.notification.ok_or_else(|| missing("notification"))?,
                unread: w.unread.ok_or_else(|| missing("unread"))?,
            },
            LiveEventType::NotificationsRead => LiveEvent::NotificationsRead {
                unread: w.unread.ok_or_else(|| missing("unread"))?,
            },
            LiveEventType::Message => LiveEvent::Message {
                order_id: w.order_id.ok_or_else(|| missing("order_id"))?,
                seq: w.seq.ok_or_else(|| missing("seq"))?,
                unread: w.unread.ok_or_else(|| missing("unread"))?,
            },
            LiveEventType::Reset => LiveEvent::Reset,
        })
    }
}

/// A file uploaded for a message not sent yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Upload {
    /// Name it in `SendMessage::uploads`.
    pub id: String,
    pub file_name: String,
    /// Found from the content, not the name.
    pub content_type: String,
    pub size: u64,
}

/// A file of a message. `url` is signed for the reader and lasts a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Attachment {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    pub url: String,
    /// A picture the app shows as a thumbnail (and full size in its viewer).
    pub image: bool,
}

/// One line of an order's chat: a message of a person, or a system line saying the
/// status changed (`author` absent, `status` set).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChatMessage {
    /// The order of messages in the chat; read marks name it.
    pub seq: i64,
    /// Given by the sender's app, so that a retry is stored once.
    pub id: String,
    pub order_id: i64,
    pub author: Option<Person>,
    /// Written by staff (the other side, for a tenant).
    pub from_staff: bool,
    /// Written by the reader.
    pub mine: bool,
    pub body: String,
    /// For a system line: the status the order moved to.
    pub status: Option<Status>,
    pub attachments: Vec<Attachment>,
    pub created_at: String,
}

/// A page of a chat, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MessagePage {
    pub items: Vec<ChatMessage>,
    /// Pass as `before` for older messages; absent at the start of the chat.
    pub next_before: Option<i64>,
    /// The last message the reader has read.
    pub read_seq: i64,
    /// Messages of the other side after `read_seq`.
    pub unread: u32,
}

/// Send a message. `id` is generated by the app (a UUID): sending the same id again
/// is answered with the stored message, not stored twice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SendMessage {
    pub id: String,
    #[serde(default)]
    pub body: String,
    /// Ids of files uploaded for this message.
    #[serde(default)]
    pub uploads: Vec<String>,
}

/// The longest message text.
pub const MESSAGE_MAX: usize = 5000;

/// Mark the chat read up to `seq`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ReadUpTo {
    pub seq: i64,
}

/// Order a simple service or make a request. (Goods, bookings, coworking, hotel
/// and event tickets are ordered through their own forms on the portal.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PlaceOrder {
    pub service_id: i64,
    /// What the user asks for; required for a request. At most 2000 characters.
    #[serde(default)]
    pub comment: String,
}

/// The longest comment of [`PlaceOrder`].
pub const COMMENT_MAX: usize = 2000;

/// Stable machine-readable error codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    PayloadTooLarge,
    Validation,
    Internal,
}

/// The one error body every endpoint answers with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// A human message, safe to show to the user.
    pub message: String,
    /// The input field at fault, for 422.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_events_read_back_what_was_written() {
        let events = [
            LiveEvent::Order {
                order_id: 7,
                version: 3,
                status: Status::RefundPending,
            },
            LiveEvent::Notification {
                notification: Notification {
                    id: 1,
                    kind: NotificationKind::ReturnedToWork,
                    order_id: 7,
                    order_number: "10007".into(),
                    service_name: "Пропуск".into(),
                    status: Status::InProgress,
                    actor: None,
                    created_at: "2026-11-27T07:30:00Z".into(),
                    read: false,
                },
                unread: 2,
            },
            LiveEvent::NotificationsRead { unread: 0 },
            LiveEvent::Message {
                order_id: 7,
                seq: 12,
                unread: 1,
            },
            LiveEvent::Reset,
        ];
        for e in events {
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(
                serde_json::from_str::<LiveEvent>(&json).unwrap(),
                e,
                "{json}"
            );
        }
        assert_eq!(
            serde_json::to_string(&LiveEvent::Reset).unwrap(),
            r#"{"type":"reset"}"#
        );
        assert!(serde_json::from_str::<LiveEvent>(r#"{"type":"order","order_id":1}"#).is_err());
        assert!(serde_json::from_str::<LiveEvent>(r#"{"type":"bogus"}"#).is_err());
    }
}
