//! Paying orders online and refunding cancelled ones (spec section 15). A payment
//! row is written before the provider is asked (its idempotence key makes a retry
//! the same payment), closed again if the provider does not answer, and changes
//! the order only from a signed or re-fetched provider object that matches it:
//! a succeeded payment adds its amount to `paid` exactly once. Refunds are an
//! outbox: requested with the cancellation, then asked of the provider by the
//! refund worker; the order is «Отменен» when all its money is back.

use axum::http::HeaderMap;
use kabinet_core::{
    check_action, Action, ErrorCode, ErrorReason, HistoryAction, Money, PaymentStart, Status,
    TransitionInput, Viewer,
};
use rusqlite::Connection;

use crate::domain::notify;
use crate::error::{AppError, AppResult};
use crate::live::Hub;
use crate::payments::{
    CreatePayment, CreateRefund, PaymentStatus, Payments, ProviderError, ProviderPayment,
    ProviderRefund, RefundStatus, WebhookEvent, WebhookRefusal,
};
use crate::storage::bundle::bundle;
use crate::storage::orders::{self, OrderRow, StatusChange};
use crate::storage::payments::{self as rows, PaymentRow, RefundRow};
use crate::storage::users::UserRow;
use crate::storage::{checkin, history, Store, StoreResult};
use crate::views;

/// A client told the provider is down retries after this many seconds.
const RETRY_AFTER: u32 = 5;
/// An order whose first payment did not succeed within this time is cancelled.
pub const UNPAID_TIMEOUT: i64 = 30 * 60;
/// A pending refund is fetched again when no webhook came for this long.
const REFUND_REFETCH_AFTER: i64 = 60;

fn unavailable() -> AppError {
    let mut e = AppError::new(
        ErrorCode::Unavailable,
        ErrorReason::ProviderUnavailable,
        "The payment provider is not answering; try again in a few seconds",
    );
    e.retry_after = Some(RETRY_AFTER);
    e
}

fn mismatch() -> AppError {
    AppError::validation(
        "object",
        ErrorReason::PaymentMismatch,
        "The payment does not match one of ours",
    )
}

/// An idempotence key: 128 random bits, hex (YooKassa takes up to 64 characters).
fn new_key() -> String {
    crate::tokens::new_nonce()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn start_of(p: &PaymentRow, url: String) -> PaymentStart {
    PaymentStart {
        payment_id: p.id,
        confirmation_url: url,
        amount: Money {
            amount: p.amount,
            currency: p.currency.clone(),
        },
    }
}

/// The most a payment's description may hold (YooKassa's limit).
const DESCRIPTION_MAX: usize = 128;

/// «Заказ № N: service», cut to `DESCRIPTION_MAX` characters (not bytes: the
/// text is Cyrillic).
fn describe(number: &str, service: &str) -> String {
    format!("Заказ № {number}: {service}")
        .chars()
        .take(DESCRIPTION_MAX)
        .collect()
}

fn nothing_to_pay() -> AppError {
    AppError::conflict(ErrorReason::NothingToPay, "There is nothing left to pay")
}

/// What the write of `start` found or made.
enum Opened {
    /// The open payment asks for what is due now: answered again, or created at
    /// the provider (again: its key makes the same payment there).
    Current(PaymentRow),
    /// The open payment asked for another amount: closed in the write, abandoned
    /// at the provider next.
    Replaced(PaymentRow),
}

/// Why the provider's answer to a create is not the payment we asked for, if it
/// is not: another amount, currency, order or payment of ours.
fn created_mismatch(asked: &CreatePayment, got: &ProviderPayment) -> Option<String> {
    if got.amount != asked.amount || got.currency != asked.currency {
        return Some(format!(
            "created payment {} is {} {}, asked {} {}",
            got.id, got.amount, got.currency, asked.amount, asked.currency
        ));
    }
    if got.order_id.is_some_and(|o| o != asked.order_id)
        || got.payment_id.is_some_and(|p| p != asked.payment_id)
    {
        return Some(format!(
            "created payment {} names order {:?} and payment {:?}, asked {} and {}",
            got.id, got.order_id, got.payment_id, asked.order_id, asked.payment_id
        ));
    }
    None
}

/// Abandons a payment we closed at its provider (after the commit: no network
/// calls in the writer), so that its page no longer takes money.
pub async fn abandon(pay: &Payments, p: &PaymentRow) {
    let Some(pid) = p.provider_id.as_deref() else {
        return;
    };
    if p.provider != pay.provider.name() {
        return;
    }
    if let Err(e) = pay.provider.abandon_payment(pid).await {
        tracing::warn!(payment = p.id, error = %e, "could not abandon a closed payment");
    }
}

/// Starts paying what is due on the caller's order (the prepayment while nothing
/// is paid, then the remainder) and answers the provider's page. An open payment
/// of the same amount is answered again; one of another amount is closed first.
/// The pending row is written in a write that reads the order again, so that what
/// is asked is what is due at that moment (a webhook may have just credited a
/// payment, or the order been cancelled).
pub async fn start(
    store: &Store,
    pay: &Payments,
    now: i64,
    user: &UserRow,
    order_id: i64,
) -> AppResult<PaymentStart> {
    let reader = user.id;
    let b = store
        .call(move |c| bundle(c, order_id, reader))
        .await?
        .ok_or_else(AppError::not_found)?;
    let viewer = crate::domain::access::require_viewer(user, &b.order)?;
    if viewer != Viewer::Owner {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            ErrorReason::NotYours,
            "Only the person who placed the order pays for it",
        ));
    }
    // A first look on a reader, so that refusals never queue on the writer.
    let facts = views::facts(&b.order, &b.service, now);
    check_action(&facts, viewer, Action::Pay, TransitionInput::default())
        .map_err(|e| AppError::conflict(e.reason(), e.message()))?;
    if views::due_now(&b.order, &b.service) <= 0 {
        return Err(nothing_to_pay());
    }
    if !pay.provider.enabled() {
        return Err(unavailable());
    }
    let provider = pay.provider.name();
    let description = describe(&b.order.number, &b.order.service_name);
    // The service's settings do not change with the order.
    let service = b.service;
    // At most two rounds: a stale open payment is closed, then a new one is made.
    for _ in 0..3 {
        let svc = service.clone();
        let opened = store
            .write(move |c| -> AppResult<Opened> {
                let order = orders::get(c, order_id)?.ok_or_else(AppError::not_found)?;
                let facts = views::facts(&order, &svc, now);
                check_action(
                    &facts,
                    Viewer::Owner,
                    Action::Pay,
                    TransitionInput::default(),
                )
                .map_err(|e| AppError::conflict(e.reason(), e.message()))?;
                let amount = views::due_now(&order, &svc);
                if amount <= 0 {
                    return Err(nothing_to_pay());
                }
                match rows::open_of_order(c, order_id)? {
                    Some(p) if p.amount == amount && p.provider == provider => {
                        Ok(Opened::Current(p))
                    }
                    Some(p) => {
                        rows::cancel(c, p.id, now)?;
                        Ok(Opened::Replaced(p))
                    }
                    None => {
                        let key = new_key();
                        let cur = order.currency.clone();
                        let id =
                            rows::insert_pending(c, order_id, provider, amount, &cur, &key, now)?
                                .ok_or_else(|| {
                                AppError::internal("an open payment appeared in the write")
                            })?;
                        let row = rows::get(c, id)?
                            .ok_or_else(|| AppError::internal("the new payment vanished"))?;
                        Ok(Opened::Current(row))
                    }
                }
            })
            .await?;
        let row = match opened {
            Opened::Replaced(p) => {
                abandon(pay, &p).await;
                continue;
            }
            Opened::Current(p) => p,
        };
        if let Some(url) = row.confirmation_url.clone() {
            return Ok(start_of(&row, url));
        }
        // New, or being created by another request: the same key makes the same
        // payment at the provider.
        let req = CreatePayment {
            amount: row.amount,
            currency: row.currency.clone(),
            description: description.clone(),
            order_id,
            payment_id: row.id,
            return_url: format!("{}/orders/{order_id}", pay.urls.public()),
            idempotence_key: row.idempotence_key.clone(),
        };
        let id = row.id;
        let created = match pay.provider.create_payment(&req).await {
            Ok(p) => {
                if let Some(what) = created_mismatch(&req, &p) {
                    // Not the payment we asked for: kept for staff, never offered.
                    tracing::warn!(what, "the provider answered a create with another payment");
                    let name = provider.to_string();
                    let pid = p.id.clone();
                    store
                        .write(move |c| -> StoreResult<()> {
                            rows::problem(c, &name, Some(&pid), Some(order_id), &what, now)?;
                            rows::cancel_uncreated(c, id, now)?;
                            Ok(())
                        })
                        .await?;
                    if let Err(e) = pay.provider.abandon_payment(&p.id).await {
                        tracing::warn!(error = %e, "could not abandon a mismatched payment");
                    }
                    return Err(unavailable());
                }
                if p.status != PaymentStatus::Pending || p.confirmation_url.is_none() {
                    tracing::warn!(?p, "the provider answered an unusable payment");
                    store
                        .write(move |c| rows::cancel_uncreated(c, id, now))
                        .await?;
                    return Err(unavailable());
                }
                p
            }
            Err(e) => {
                tracing::warn!(error = %e, "creating a payment failed");
                // Nothing stays open that the user could not pay (unless another
                // request stored the provider's answer meanwhile: that one is
                // payable).
                store
                    .write(move |c| rows::cancel_uncreated(c, id, now))
                    .await?;
                return Err(unavailable());
            }
        };
        let (pid, url) = (created.id.clone(), created.confirmation_url.clone());
        let stored = store
            .write(move |c| rows::set_created(c, id, &pid, url.as_deref(), now))
            .await?;
        if !stored {
            // Closed while the provider was asked (the order was cancelled, or a
            // concurrent start gave up on it): its page must not take money.
            if let Err(e) = pay.provider.abandon_payment(&created.id).await {
                tracing::warn!(error = %e, "could not abandon a payment closed meanwhile");
            }
            let order = store
                .call(move |c| orders::get(c, order_id))
                .await?
                .ok_or_else(AppError::not_found)?;
            let facts = views::facts(&order, &service, now);
            check_action(
                &facts,
                Viewer::Owner,
                Action::Pay,
                TransitionInput::default(),
            )
            .map_err(|e| AppError::conflict(e.reason(), e.message()))?;
            return Err(AppError::stale(order.status));
        }
        let url = created.confirmation_url.unwrap_or_default();
        return Ok(start_of(&row, url));
    }
    Err(unavailable())
}

/// What a webhook changed: whom to wake, whether refunds wait, or why it was refused.
#[derive(Default)]
struct Applied {
    woken: Vec<i64>,
    refunds_due: bool,
    mismatch: Option<String>,
}

/// Takes a provider's webhook: trusted only once signed (test) or fetched again
/// (YooKassa), and only for a payment of ours that matches.
pub async fn webhook(
    store: &Store,
    hub: &Hub,
    pay: &Payments,
    now: i64,
    provider: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> AppResult<()> {
    if provider != pay.provider.name() {
        return Err(AppError::not_found());
    }
    let event = match pay.provider.read_webhook(headers, body, now).await {
        Ok(e) => e,
        Err(WebhookRefusal::BadSignature(why)) => {
            tracing::warn!(provider, why, "a webhook with a bad signature was refused");
            return Err(AppError::new(
                ErrorCode::Unauthorized,
                ErrorReason::BadSignature,
                "The webhook's signature is missing, wrong or too old",
            ));
        }
        Err(WebhookRefusal::Malformed(why)) => {
            tracing::warn!(provider, why, "a malformed webhook was refused");
            return Err(AppError::bad_request(
                ErrorReason::MalformedBody,
                "The webhook's body is not one this server reads",
            ));
        }
        Err(WebhookRefusal::Provider(ProviderError::NotFound)) => {
            // Anyone can post an id: logged, never stored (the table would grow
            // without bound).
            tracing::warn!(
                provider,
                "a webhook named an object the provider does not know"
            );
            return Err(mismatch());
        }
        Err(WebhookRefusal::Provider(e)) => {
            tracing::warn!(provider, error = %e, "fetching a webhook's object failed");
            return Err(unavailable());
        }
    };
    let name = provider.to_string();
    let applied = match event {
        WebhookEvent::Ignored => return Ok(()),
        WebhookEvent::Payment(p) => {
            store
                .write(move |c| apply_payment(c, &name, &p, now))
                .await?
        }
        WebhookEvent::Refund(r) => {
            store
                .write(move |c| apply_refund(c, &name, &r, now))
                .await?
        }
    };
    hub.wake(applied.woken);
    if applied.refunds_due {
        pay.wake_refunds();
    }
    match applied.mismatch {
        Some(what) => {
            tracing::warn!(provider, what, "a payment webhook did not match ours");
            Err(mismatch())
        }
        None => Ok(()),
    }
}

/// Applies a trusted payment object (in the writer).
fn apply_payment(
    c: &Connection,
    provider: &str,
    p: &ProviderPayment,
    now: i64,
) -> StoreResult<Applied> {
    let problem = |order_id: Option<i64>, what: String| -> StoreResult<Applied> {
        rows::problem(c, provider, Some(&p.id), order_id, &what, now)?;
        Ok(Applied {
            mismatch: Some(what),
            ..Applied::default()
        })
    };
    let Some(row) = rows::by_provider_id(c, provider, &p.id)? else {
        // Not one of ours: logged by the caller, not stored (anyone may name any
        // payment of the shop, and a stored row each time grows without bound).
        return Ok(Applied {
            mismatch: Some(format!("unknown payment {}", p.id)),
            ..Applied::default()
        });
    };
    if row.amount != p.amount || row.currency != p.currency {
        return problem(
            Some(row.order_id),
            format!(
                "payment {} is {} {}, ours is {} {}",
                p.id, p.amount, p.currency, row.amount, row.currency
            ),
        );
    }
    if p.order_id.is_some_and(|o| o != row.order_id) {
        return problem(
            Some(row.order_id),
            format!("payment {} names order {:?}", p.id, p.order_id),
        );
    }
    let mut applied = Applied::default();
    match p.status {
        PaymentStatus::Pending => {}
        PaymentStatus::Canceled => {
            if rows::cancel(c, row.id, now)? {
                // The open order page shows that the payment did not go through.
                if let Some(after) = orders::touch(c, row.order_id)? {
                    applied.woken = notify::order_touched(c, &after, now)?;
                }
            }
        }
        PaymentStatus::Succeeded => {
            if !rows::succeed(c, row.id, now)? {
                return Ok(applied);
            }
            let Some(order) = orders::get(c, row.order_id)? else {
                return Ok(applied);
            };
            let cancelled = matches!(order.status, Status::Cancelled | Status::RefundPending);
            // A replaced payment paid later from an old tab, or one that came in
            // after the order was paid otherwise: more than the order costs is
            // not kept, but returned, and staff see why.
            let overpays = !cancelled && order.total.is_some_and(|t| order.paid + row.amount > t);
            if overpays {
                let what = format!(
                    "payment {} of {} would pay more than order {} costs; refunded",
                    p.id, row.amount, order.id
                );
                rows::problem(c, provider, Some(&p.id), Some(order.id), &what, now)?;
                applied.refunds_due = rows::request_refund_of(c, &row, &new_key(), now)?;
                if let Some(after) = orders::touch(c, order.id)? {
                    applied.woken = notify::order_touched(c, &after, now)?;
                }
                return Ok(applied);
            }
            rows::credit_order(c, row.order_id, row.amount)?;
            let Some(after) = orders::get(c, row.order_id)? else {
                return Ok(applied);
            };
            history::record(
                c,
                after.id,
                None,
                HistoryAction::PaymentReceived,
                Some(after.status),
                after.status,
                now,
            )?;
            applied.woken = notify::order_touched(c, &after, now)?;
            // Money that came in after the order was cancelled goes back: this
            // payment only (the order's others are settled already, some maybe
            // returned by hand after the provider refused).
            if cancelled {
                applied.refunds_due = rows::request_refund_of(c, &row, &new_key(), now)?;
            }
        }
    }
    Ok(applied)
}

/// Applies a trusted refund object (in the writer).
fn apply_refund(
    c: &Connection,
    provider: &str,
    r: &ProviderRefund,
    now: i64,
) -> StoreResult<Applied> {
    let found = match rows::refund_by_provider_id(c, provider, &r.id)? {
        Some(row) => Some(row),
        // The webhook may come before the worker stored the refund's id.
        None => rows::by_provider_id(c, provider, &r.payment_id)?
            .map(|p| rows::refund_awaiting_id(c, p.id))
            .transpose()?
            .flatten(),
    };
    let Some(row) = found else {
        // Not one of ours: logged, not stored (see `apply_payment`).
        return Ok(Applied {
            mismatch: Some(format!("unknown refund {}", r.id)),
            ..Applied::default()
        });
    };
    if row.amount != r.amount {
        let what = format!("refund {} of {} does not match ours", r.id, r.amount);
        rows::problem(c, provider, Some(&r.id), Some(row.order_id), &what, now)?;
        return Ok(Applied {
            mismatch: Some(what),
            ..Applied::default()
        });
    }
    Ok(Applied {
        woken: settle_refund(c, &row, r.status, Some(&r.id), None, now)?,
        ..Applied::default()
    })
}

/// Records where a refund stands. When all of an order's money is back, the order
/// waiting for it becomes «Отменен» (by the system, the owner is told); a refused
/// refund goes into the history and onto the desk. Answers whom to wake.
fn settle_refund(
    c: &Connection,
    row: &RefundRow,
    status: RefundStatus,
    provider_id: Option<&str>,
    error: Option<&str>,
    now: i64,
) -> StoreResult<Vec<i64>> {
    let open = ["requested", "pending"];
    match status {
        RefundStatus::Pending => {
            rows::set_refund(c, row.id, &["requested"], "pending", provider_id, None, now)?;
            Ok(Vec::new())
        }
        RefundStatus::Succeeded => {
            if !rows::set_refund(c, row.id, &open, "succeeded", provider_id, None, now)? {
                return Ok(Vec::new());
            }
            let Some(order) = orders::get(c, row.order_id)? else {
                return Ok(Vec::new());
            };
            let (returned, unsettled) = rows::refunds_settled(c, order.id)?;
            // Money paid before online payments (no payment rows) is returned by
            // staff, who then complete the refund by hand.
            if order.status != Status::RefundPending || unsettled > 0 || returned < order.paid {
                return Ok(Vec::new());
            }
            let action = HistoryAction::CompleteRefund;
            if !cancel_by_system(c, &order, action, now)? {
                return Ok(Vec::new());
            }
            let Some(after) = orders::get(c, order.id)? else {
                return Ok(Vec::new());
            };
            notify::status_changed(c, &after, None, action, now)
        }
        RefundStatus::Failed => {
            let why = error.unwrap_or("refused by the provider");
            if !rows::set_refund(c, row.id, &open, "failed", provider_id, Some(why), now)? {
                return Ok(Vec::new());
            }
            let Some(after) = orders::touch(c, row.order_id)? else {
                return Ok(Vec::new());
            };
            history::record(
                c,
                after.id,
                None,
                HistoryAction::RefundFailed,
                Some(after.status),
                after.status,
                now,
            )?;
            notify::order_touched(c, &after, now)
        }
    }
}

/// What a cancellation did to the order's payments.
#[derive(Debug, Default)]
pub struct Closed {
    /// Refunds were requested (the refund worker has work).
    pub refunds_requested: bool,
    /// The open payment closed, to abandon at the provider after the commit.
    pub payment: Option<PaymentRow>,
}

/// With a cancellation, in its transaction: the open payment is closed, and the
/// order's succeeded payments are requested back.
pub fn on_cancelled(c: &Connection, order_id: i64, to: Status, now: i64) -> StoreResult<Closed> {
    let mut closed = Closed::default();
    if let Some(open) = rows::open_of_order(c, order_id)? {
        if rows::cancel(c, open.id, now)? {
            closed.payment = Some(open);
        }
    }
    if to == Status::RefundPending {
        closed.refunds_requested = rows::request_refunds(c, order_id, new_key, now)? > 0;
    }
    Ok(closed)
}

/// How long one pass of a worker may keep asking the provider: a provider that
/// is down must not hold a pass for `PROVIDER_TIMEOUT` times every row.
const PASS_BUDGET: std::time::Duration = std::time::Duration::from_secs(60);
/// A pass stops after this many calls in a row the provider did not answer.
const DOWN_AFTER: u32 = 3;

/// Asks the provider for the refunds not asked yet (those it did not answer
/// before wait longer each time), and fetches again those left pending too long.
/// A refund the provider refuses for good is failed, for staff. Answers how many
/// changed.
pub async fn process_refunds(
    store: &Store,
    hub: &Hub,
    pay: &Payments,
    now: i64,
) -> AppResult<usize> {
    let due = store
        .call(move |c| rows::open_refunds(c, now, now - REFUND_REFETCH_AFTER))
        .await?;
    let started = tokio::time::Instant::now();
    let mut down = 0;
    let mut changed = 0;
    for row in due {
        if started.elapsed() > PASS_BUDGET || down >= DOWN_AFTER {
            // The rest wait for the next pass.
            break;
        }
        // A refund of another provider's payment waits for that provider.
        if row.provider != pay.provider.name() {
            continue;
        }
        let outcome = match (row.status.as_str(), &row.provider_id) {
            ("requested", _) => match &row.payment_provider_id {
                Some(payment) => {
                    let req = CreateRefund {
                        payment_id: payment.clone(),
                        amount: row.amount,
                        currency: row.currency.clone(),
                        idempotence_key: row.idempotence_key.clone(),
                    };
                    pay.provider.refund(&req).await
                }
                None => Err(ProviderError::NotFound),
            },
            (_, Some(id)) => pay.provider.fetch_refund(id).await,
            _ => continue,
        };
        let (status, provider_id, error) = match outcome {
            Ok(r) => (r.status, Some(r.id), None),
            Err(ProviderError::NotFound) => (
                RefundStatus::Failed,
                None,
                Some("the provider does not know the payment".to_string()),
            ),
            Err(ProviderError::Refused(why)) => {
                tracing::warn!(refund = row.id, why, "the provider refused a refund");
                (RefundStatus::Failed, None, Some(why))
            }
            Err(e) => {
                tracing::warn!(refund = row.id, error = %e, "asking for a refund failed; will retry");
                down += 1;
                let id = row.id;
                store
                    .write(move |c| rows::refund_try_failed(c, id, now))
                    .await?;
                continue;
            }
        };
        down = 0;
        let woken = store
            .write(move |c| -> StoreResult<Vec<i64>> {
                // Re-read: a webhook may have settled it meanwhile.
                let Some(row) = rows::refund(c, row.id)? else {
                    return Ok(Vec::new());
                };
                rows::touch_refund(c, row.id, now)?;
                settle_refund(
                    c,
                    &row,
                    status,
                    provider_id.as_deref(),
                    error.as_deref(),
                    now,
                )
            })
            .await?;
        changed += usize::from(!woken.is_empty());
        hub.wake(woken);
    }
    Ok(changed)
}

/// Applies a payment fetched from the provider (a sweep's, not a webhook's) and
/// tells whom it concerns.
async fn apply_fetched(
    store: &Store,
    hub: &Hub,
    pay: &Payments,
    p: ProviderPayment,
    now: i64,
) -> AppResult<()> {
    let name = pay.provider.name().to_string();
    let applied = store
        .write(move |c| apply_payment(c, &name, &p, now))
        .await?;
    hub.wake(applied.woken);
    if applied.refunds_due {
        pay.wake_refunds();
    }
    if let Some(what) = applied.mismatch {
        tracing::warn!(what, "a fetched payment did not match ours");
    }
    Ok(())
}

/// A pending payment is fetched again when nothing was heard of it this long.
const PAYMENT_REFETCH_AFTER: i64 = 5 * 60;

/// Fetches again pending payments nothing was heard of for a while (their
/// webhook may be lost), least recently looked at first. Answers how many had
/// finished at the provider.
pub async fn refetch_pending(
    store: &Store,
    hub: &Hub,
    pay: &Payments,
    now: i64,
) -> AppResult<usize> {
    if !pay.provider.enabled() {
        return Ok(0);
    }
    let name = pay.provider.name();
    let before = now - PAYMENT_REFETCH_AFTER;
    let due = store
        .call(move |c| rows::stale_pending(c, name, before, 50))
        .await?;
    let started = tokio::time::Instant::now();
    let mut down = 0;
    let mut finished = 0;
    for p in due {
        if started.elapsed() > PASS_BUDGET || down >= DOWN_AFTER {
            break;
        }
        let Some(pid) = p.provider_id.clone() else {
            continue;
        };
        // Looked at now, whatever the answer: the next pass takes others first.
        let id = p.id;
        store
            .write(move |c| rows::touch_payment(c, id, now))
            .await?;
        match pay.provider.fetch_payment(&pid).await {
            Ok(fetched) => {
                down = 0;
                finished += usize::from(fetched.status != PaymentStatus::Pending);
                apply_fetched(store, hub, pay, fetched, now).await?;
            }
            Err(ProviderError::NotFound) => {
                tracing::warn!(payment = id, "the provider does not know a pending payment");
            }
            Err(e) => {
                down += 1;
                tracing::warn!(payment = id, error = %e, "fetching a pending payment failed");
            }
        }
    }
    Ok(finished)
}

/// Cancels (by the system) new orders that hold a slot, seat, room or place and
/// whose latest payment attempt did not succeed within `UNPAID_TIMEOUT`, so that
/// what they hold is free again. The provider is asked first: a payment that
/// succeeded but whose webhook is late or lost is applied, and its order kept.
/// Answers how many were cancelled.
pub async fn cancel_unpaid(store: &Store, hub: &Hub, pay: &Payments, now: i64) -> AppResult<usize> {
    let before = now - UNPAID_TIMEOUT;
    let due = store.call(move |c| rows::unpaid_orders(c, before)).await?;
    let mut done = 0;
    for (id, _) in due {
        let payments = store.call(move |c| rows::unsettled_of_order(c, id)).await?;
        let (mut paid, mut unsure) = (false, false);
        for p in payments
            .iter()
            .filter(|p| p.provider == pay.provider.name())
        {
            let Some(pid) = p.provider_id.as_deref() else {
                continue;
            };
            match pay.provider.fetch_payment(pid).await {
                Ok(fetched) => {
                    paid |= fetched.status == PaymentStatus::Succeeded;
                    apply_fetched(store, hub, pay, fetched, now).await?;
                }
                Err(ProviderError::NotFound) => {}
                Err(e) => {
                    // Not knowing is not «unpaid»: the next sweep asks again.
                    tracing::warn!(order = id, error = %e, "could not ask about an unpaid order's payment");
                    unsure = true;
                }
            }
        }
        if paid || unsure {
            continue;
        }
        let (woken, closed) = store
            .write(move |c| -> StoreResult<(Vec<i64>, Option<PaymentRow>)> {
                let Some(order) = orders::get(c, id)? else {
                    return Ok((Vec::new(), None));
                };
                // Everything again, in the write: paid meanwhile, or a new attempt
                // started, keeps the order.
                let latest = rows::latest_attempt_at(c, id)?;
                if order.paid != 0
                    || order.status != Status::New
                    || latest.is_none_or(|at| at > before)
                {
                    return Ok((Vec::new(), None));
                }
                let action = HistoryAction::StaffCancel;
                if !cancel_by_system(c, &order, action, now)? {
                    return Ok((Vec::new(), None));
                }
                let closed = on_cancelled(c, id, Status::Cancelled, now)?;
                checkin::revoke_code(c, id, checkin::Revoked::Cancelled, now)?;
                let after = orders::get(c, id)?.unwrap_or(order);
                let woken = notify::status_changed(c, &after, None, action, now)?;
                Ok((woken, closed.payment))
            })
            .await?;
        if let Some(p) = closed {
            abandon(pay, &p).await;
        }
        done += usize::from(!woken.is_empty());
        hub.wake(woken);
    }
    Ok(done)
}

/// The system moves the order to «Отменен» (recorded as `action`, no actor), if it
/// is still at the version read.
fn cancel_by_system(
    c: &Connection,
    order: &OrderRow,
    action: HistoryAction,
    now: i64,
) -> StoreResult<bool> {
    let change = StatusChange {
        to: Status::Cancelled,
        awaiting_since: None,
        checked_in_at: order.checked_in_at,
        executor_id: order.executor_id,
    };
    orders::set_status(c, order, order.version, &change, None, action, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_cut_to_128_characters() {
        let long = "Переговорная ".repeat(20);
        let d = describe("2026-000123", &long);
        assert_eq!(d.chars().count(), DESCRIPTION_MAX);
        assert!(d.starts_with("Заказ № 2026-000123: Переговорная"));
        assert_eq!(describe("7", "Кофе"), "Заказ № 7: Кофе");
    }
}
