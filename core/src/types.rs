//! The JSON shapes of the REST API. Times are RFC 3339 strings in UTC; money is an
//! integer number of minor units (kopecks) with an ISO 4217 currency code.

use serde::{Deserialize, Serialize};

use crate::wire_enum;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

wire_enum! {
    /// What kind of service an order is for (spec section 1).
    pub enum Kind {
        Service = "service",
        Request = "request",
        Booking = "booking",
        Goods = "goods",
        Coworking = "coworking",
        Hotel = "hotel",
        Event = "event",
    }
}

impl Kind {
    /// The kinds a tenant can place from the service page here (the others are
    /// ordered through their own forms, which come with the ordering issue).
    pub fn orderable_here(self) -> bool {
        matches!(self, Kind::Service | Kind::Request)
    }
}

wire_enum! {
    /// Where an order is in its life (spec section 2).
    pub enum Status {
        New = "new",
        InProgress = "in_progress",
        AwaitingConfirmation = "awaiting_confirmation",
        Done = "done",
        Cancelled = "cancelled",
        RefundPending = "refund_pending",
    }
}

impl Status {
    /// The order list's two groups: «active» and «finished».
    pub fn group(self) -> StatusGroup {
        match self {
            Status::New | Status::InProgress | Status::AwaitingConfirmation => StatusGroup::Active,
            Status::Done | Status::Cancelled | Status::RefundPending => StatusGroup::Finished,
        }
    }
}

wire_enum! {
    /// The order list's status groups.
    pub enum StatusGroup {
        Active = "active",
        Finished = "finished",
    }
}

wire_enum! {
    pub enum Role {
        Tenant = "tenant",
        Staff = "staff",
        EventManager = "event_manager",
    }
}

impl Role {
    /// Management company staff: the desk, every order, every chat.
    pub fn is_staff(self) -> bool {
        self == Role::Staff
    }
}

/// A person's name as everyone shows it: first and last, trimmed.
pub fn full_name(first: &str, last: &str) -> String {
    format!("{} {}", first.trim(), last.trim())
        .trim()
        .to_string()
}

/// Chat file limits when the server is not told otherwise.
pub const DEFAULT_MAX_FILE_MB: u64 = 20;
pub const DEFAULT_MAX_FILES: u32 = 10;

/// Megabytes (as limits are configured) in bytes (as they are checked).
pub const fn megabytes(mb: u64) -> u64 {
    mb * 1024 * 1024
}

wire_enum! {
    /// Everything a user or staff member can do to an order. The rules decide
    /// which of these are allowed now; the UI shows exactly those.
    pub enum Action {
        // The owner's actions.
        ConfirmCompletion = "confirm_completion",
        ReturnToWork = "return_to_work",
        Close = "close",
        Cancel = "cancel",
        Repeat = "repeat",
        Pay = "pay",
        Share = "share",
        TransferTicket = "transfer_ticket",
        ShowQr = "show_qr",
        // Staff actions.
        TakeIntoWork = "take_into_work",
        MarkAwaitingConfirmation = "mark_awaiting_confirmation",
        Complete = "complete",
        StaffCancel = "staff_cancel",
        CompleteRefund = "complete_refund",
        // Event manager.
        CheckIn = "check_in",
    }
}

wire_enum! {
    /// What an entry of an order's history records: its creation, the system's
    /// auto-confirmation, or an action someone took (named as the action).
    pub enum HistoryAction {
        Create = "create",
        AutoConfirm = "auto_confirm",
        ConfirmCompletion = "confirm_completion",
        ReturnToWork = "return_to_work",
        Close = "close",
        Cancel = "cancel",
        TakeIntoWork = "take_into_work",
        MarkAwaitingConfirmation = "mark_awaiting_confirmation",
        Complete = "complete",
        StaffCancel = "staff_cancel",
        CompleteRefund = "complete_refund",
        CheckIn = "check_in",
        /// The owner gave `subject` access to the booking (or they joined by link).
        ShareAccess = "share_access",
        /// The owner took `subject`'s access away.
        RemoveVisitor = "remove_visitor",
        /// The ticket went to `subject`.
        TransferTicket = "transfer_ticket",
        /// A check-in was undone: the ticket is back in its previous status.
        AnnulCheckIn = "annul_check_in",
        /// An online payment came in (the status stays).
        PaymentReceived = "payment_received",
        /// The provider refused the refund; staff must return the money by hand.
        RefundFailed = "refund_failed",
    }
}

impl HistoryAction {
    /// The history entry of a status-changing action (`None` for the others).
    pub fn of(action: Action) -> Option<HistoryAction> {
        if !crate::changes_status(action) {
            return None;
        }
        action.as_str().parse().ok()
    }
}

wire_enum! {
    /// The two answers of the «Закрыть заказ» dialog.
    pub enum CloseOutcome {
        /// «Выполнен»
        Done = "done",
        /// «Неактуален»
        NotRelevant = "not_relevant",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Money {
    /// Minor units (kopecks for RUB).
    pub amount: i64,
    /// ISO 4217, e.g. "RUB".
    pub currency: String,
}

impl Money {
    /// Nothing, in roubles (serde's default for fields older answers lack).
    pub fn zero() -> Money {
        Money {
            amount: 0,
            currency: "RUB".into(),
        }
    }
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
    /// The provider refused this order's refund: return the money by hand.
    #[serde(default)]
    pub refund_failed: bool,
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

wire_enum! {
    /// What a notification tells about.
    pub enum NotificationKind {
        /// Someone else moved the order to `status`.
        StatusChanged = "status_changed",
        /// The owner returned finished work; told to the executor (or every staff member).
        ReturnedToWork = "returned_to_work",
        /// A new order was placed; told to staff.
        NewOrder = "new_order",
        /// Chat messages from the other side (one notification per order while unread).
        NewMessage = "new_message",
        /// A booking was shared with the user (`actor` shared it); opens «Мой календарь».
        AccessGranted = "access_granted",
        /// A coworking ticket was passed to the user; opens «Мои бронирования».
        TicketReceived = "ticket_received",
        /// The ticket went to `subject`: told to the buyer and the previous holder
        /// (whoever of them did not pass it on themselves).
        TicketPassedOn = "ticket_passed_on",
    }
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
    /// The order's status after the change (for a message: when it was written).
    pub status: Status,
    /// The order's status now; differs from `status` when it has moved on since.
    pub current_status: Status,
    /// Who made the change; absent when the system did.
    pub actor: Option<String>,
    /// New messages: how many are unread in this order's chat, the newest first
    /// in `preview` (at most 140 characters).
    #[serde(default)]
    pub count: u32,
    #[serde(default)]
    pub preview: Option<String>,
    /// When it happened (for messages: the newest one).
    pub created_at: String,
    pub read: bool,
    /// Whether the user may open the order; people a booking is shared with and
    /// a ticket's holder may not (the app opens their calendar or bookings).
    #[serde(default = "yes")]
    pub opens_order: bool,
    /// Whom a ticket was passed to.
    #[serde(default)]
    pub subject: Option<String>,
    /// When the booking or the ticket's day starts (sharing and tickets), so that
    /// the calendar opens at its week.
    #[serde(default)]
    pub service_at: Option<String>,
}

fn yes() -> bool {
    true
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
    /// Every notification about this order (sent when the order is opened).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<i64>,
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
    pub unit: Unit,
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

wire_enum! {
    pub enum PaymentMethod {
        Card = "card",
        Invoice = "invoice",
        Balance = "balance",
    }
}

wire_enum! {
    /// The unit of an order line; the app words it in the user's language.
    pub enum Unit {
        /// «шт.»
        Piece = "piece",
        /// «ч»
        Hour = "hour",
        /// «сут.»
        Day = "day",
        /// «порц.»
        Portion = "portion",
    }
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
    /// What the next online payment asks for: the prepayment while nothing is
    /// paid, then the remainder; zero when nothing is due.
    #[serde(default = "Money::zero")]
    pub due_now: Money,
    /// The latest online payment's state, if any was started.
    #[serde(default)]
    pub online: Option<crate::PaymentState>,
    /// The refund of a cancelled order, once one was asked of the provider.
    #[serde(default)]
    pub refund: Option<RefundState>,
}

wire_enum! {
    /// Where the refund of a cancelled paid order stands.
    pub enum RefundState {
        /// Asked of the provider; «Отменен. Выполняется возврат».
        Pending = "pending",
        Succeeded = "succeeded",
        /// The provider refused it: staff return the money by hand.
        Failed = "failed",
    }
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
    /// The configured title («Рекомендуемые услуги», «Закажите еще»…); absent for
    /// the default, which the app words in the user's language.
    pub title: Option<String>,
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

wire_enum! {
    /// Why «Отменить» is not offered, so the app can say so and point to the chat.
    pub enum CancelBlock {
        NotCancellable = "not_cancellable",
        DeadlinePassed = "deadline_passed",
        CheckedIn = "checked_in",
    }
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
    /// For an order awaiting confirmation: when it is confirmed automatically.
    #[serde(default)]
    pub auto_confirm_at: Option<String>,
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
    pub action: HistoryAction,
    pub from_status: Option<Status>,
    pub to_status: Status,
    /// Sharing and passing a ticket on: the person it concerns.
    #[serde(default)]
    pub subject: Option<Person>,
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

/// The longest comment of [`PlaceOrder`].
pub const COMMENT_MAX: usize = 2000;

wire_enum! {
    /// The error's class, following its HTTP status.
    pub enum ErrorCode {
        BadRequest = "bad_request",
        Unauthorized = "unauthorized",
        Forbidden = "forbidden",
        NotFound = "not_found",
        MethodNotAllowed = "method_not_allowed",
        Conflict = "conflict",
        Gone = "gone",
        PayloadTooLarge = "payload_too_large",
        Validation = "validation",
        TooManyRequests = "too_many_requests",
        Internal = "internal",
        /// 503: an outside service (the payment provider) did not answer.
        Unavailable = "unavailable",
    }
}

wire_enum! {
    /// Why exactly a request was refused: stable and machine-readable, so that the
    /// app words it in the user's language (the `message` is English, for API
    /// clients and logs).
    pub enum ErrorReason {
        /// The body is not JSON, or not readable.
        MalformedBody = "malformed_body",
        /// The query string or a header is malformed.
        MalformedRequest = "malformed_request",
        /// No session, or it ended.
        SignInRequired = "sign_in_required",
        /// Sign-in with a wrong e-mail or password.
        BadCredentials = "bad_credentials",
        Forbidden = "forbidden",
        NotFound = "not_found",
        MethodNotAllowed = "method_not_allowed",
        /// The order changed since the caller saw it; `status` is its status now.
        StaleVersion = "stale_version",
        /// The action is not possible in the order's current status.
        NotAllowedNow = "not_allowed_now",
        /// The action never applies to this kind of order.
        NotForKind = "not_for_kind",
        /// The action belongs to another role.
        NotYours = "not_yours",
        /// The service cannot be cancelled online.
        NotCancellable = "not_cancellable",
        CancelDeadlinePassed = "cancel_deadline_passed",
        /// The visitor has already been checked in.
        CheckedIn = "checked_in",
        NothingToPay = "nothing_to_pay",
        /// The Idempotency-Key was used for another request.
        KeyReused = "key_reused",
        /// The message id belongs to another message.
        MessageIdTaken = "message_id_taken",
        /// Over a size limit; `limit` is the limit in bytes.
        TooLarge = "too_large",
        /// More files than a message may carry; `limit` is the number.
        TooManyFiles = "too_many_files",
        /// The file's content is not an accepted type; `file_name` names it.
        FileTypeRefused = "file_type_refused",
        /// The file is empty; `file_name` names it.
        FileEmpty = "file_empty",
        /// A file named in the message was not uploaded (or expired).
        UploadMissing = "upload_missing",
        /// `field` must be filled in.
        Required = "required",
        /// `field` is longer than `limit` characters.
        TooLong = "too_long",
        /// `field` has a value this server does not accept.
        Invalid = "invalid",
        /// Too many attempts; retry after the Retry-After header's seconds.
        RateLimited = "rate_limited",
        /// `field` is shorter than `limit` characters.
        TooShort = "too_short",
        /// Registration: an account with this e-mail exists.
        EmailTaken = "email_taken",
        /// `field` names a user who does not exist or cannot be chosen.
        UnknownUser = "unknown_user",
        /// No link with this token.
        LinkNotFound = "link_not_found",
        /// The link was deleted, or a newer one replaced it.
        LinkRevoked = "link_revoked",
        LinkExpired = "link_expired",
        /// A transfer link works once, and was used.
        LinkUsed = "link_used",
        /// The caller opened a link to their own order.
        OwnLink = "own_link",
        /// The caller already has access to the booking.
        AlreadyJoined = "already_joined",
        /// The user already holds the ticket.
        AlreadyHolder = "already_holder",
        /// The owner took the caller's access to this booking away.
        AccessRemoved = "access_removed",
        /// A check-in can be undone only for ten minutes after it.
        AnnulTooLate = "annul_too_late",
        /// The scan id was used by someone else.
        ScanIdTaken = "scan_id_taken",
        /// Only a ticket's holder sees its entry code.
        NotHolder = "not_holder",
        /// The booking's time overlaps one sold meanwhile (409).
        SlotTaken = "slot_taken",
        /// No room, seat or place is left for what was chosen (409).
        SoldOut = "sold_out",
        /// `field` is a date or time that has passed.
        InPast = "in_past",
        /// The payment provider did not answer or refused; try again (503).
        ProviderUnavailable = "provider_unavailable",
        /// A webhook without a valid signature (401).
        BadSignature = "bad_signature",
        /// A portal's launch token was forged, expired, replayed, for another
        /// audience or from an unknown portal (401); no session comes of it.
        LaunchTokenRefused = "launch_token_refused",
        /// A payment whose amount or order is not ours (422); logged.
        PaymentMismatch = "payment_mismatch",
        /// Our fault; `request_id` names it in the server's log.
        Internal = "internal",
    }
}

/// The one error body every endpoint answers with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub reason: ErrorReason,
    /// An English sentence for API clients and logs; the app words `reason` itself.
    pub message: String,
    /// The input field at fault, for 422.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For `stale_version`: the order's status now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// For file errors: the file at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// For `too_large` (bytes), `too_many_files` and `too_long` (a count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// For 5xx: the id of the request in the server's log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Serde, `as_str`, `FromStr` and `ALL` agree for every enum of the wire.
    #[test]
    fn wire_names_round_trip() {
        fn check<T>(all: &[T])
        where
            T: Copy + std::fmt::Debug + PartialEq + Serialize + serde::de::DeserializeOwned,
            T: std::str::FromStr + std::fmt::Display,
        {
            let mut seen = std::collections::HashSet::new();
            for v in all {
                let name = v.to_string();
                assert!(seen.insert(name.clone()), "{name} twice");
                assert_eq!(serde_json::to_value(v).unwrap(), serde_json::json!(name));
                assert_eq!(
                    serde_json::from_value::<T>(serde_json::json!(name)).unwrap(),
                    *v
                );
                assert_eq!(name.parse::<T>().ok(), Some(*v));
            }
            assert!("bogus".parse::<T>().is_err());
        }
        check(&Kind::ALL);
        check(&Status::ALL);
        check(&StatusGroup::ALL);
        check(&Role::ALL);
        check(&Action::ALL);
        check(&CloseOutcome::ALL);
        check(&NotificationKind::ALL);
        check(&PaymentMethod::ALL);
        check(&Unit::ALL);
        check(&CancelBlock::ALL);
        check(&RefundState::ALL);
        check(&crate::PaymentState::ALL);
        check(&crate::PayerKind::ALL);
        check(&crate::FieldType::ALL);
        check(&ErrorCode::ALL);
        check(&ErrorReason::ALL);
        check(&HistoryAction::ALL);
        check(&crate::OrgKind::ALL);
        check(&crate::InvitePurpose::ALL);
        check(&crate::InviteStanding::ALL);
        check(&crate::Holding::ALL);
        check(&crate::GrantReason::ALL);
        // Every action that changes the status has its history name, under the
        // same wire name.
        for a in Action::ALL {
            assert_eq!(
                HistoryAction::of(a).map(HistoryAction::as_str),
                crate::changes_status(a).then_some(a.as_str()),
                "{a}"
            );
        }
        assert_eq!(Kind::ALL.len(), 7);
        assert_eq!(Action::ALL.len(), 15);
        assert_eq!(
            Status::AwaitingConfirmation.as_str(),
            "awaiting_confirmation"
        );
    }

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
                    current_status: Status::Done,
                    actor: None,
                    count: 0,
                    preview: None,
                    created_at: "2026-11-27T07:30:00Z".into(),
                    read: false,
                    opens_order: false,
                    subject: Some("Вера Смирнова".into()),
                    service_at: Some("2026-11-29T08:00:00Z".into()),
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
