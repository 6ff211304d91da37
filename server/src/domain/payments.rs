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
use crate::storage::orders::{self, StatusChange};
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

/// Starts paying what is due on the caller's order (the prepayment while nothing
/// is paid, then the remainder) and answers the provider's page. An open payment
/// of the same amount is answered again; one of another amount is closed first.
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
    let facts = views::facts(&b.order, &b.service, now);
    check_action(&facts, viewer, Action::Pay, TransitionInput::default())
        .map_err(|e| AppError::conflict(e.reason(), e.message()))?;
    let amount = views::due_now(&b.order, &b.service);
    let provider = pay.provider.name();
    let currency = b.order.currency.clone();
    // At most two rounds: a stale open payment is closed, then a new one is made.
    for _ in 0..3 {
        let open = store
            .call(move |c| rows::open_of_order(c, order_id))
            .await?;
        let row = match open {
            Some(p) if p.amount == amount && p.provider == provider => {
                if let Some(url) = p.confirmation_url.clone() {
                    return Ok(start_of(&p, url));
                }
                // Being created by another request: the same key makes the same
                // payment at the provider.
                p
            }
            Some(p) => {
                let id = p.id;
                store.write(move |c| rows::cancel(c, id, now)).await?;
                if let Some(pid) = p.provider_id.filter(|_| p.provider == provider) {
                    if let Err(e) = pay.provider.abandon_payment(&pid).await {
                        tracing::warn!(error = %e, "could not abandon an outdated payment");
                    }
                }
                continue;
            }
            None => {
                let key = new_key();
                let cur = currency.clone();
                let inserted = store
                    .write(move |c| {
                        rows::insert_pending(c, order_id, provider, amount, &cur, &key, now)
                    })
                    .await?;
                let Some(id) = inserted else {
                    // Another request opened one meanwhile.
                    continue;
                };
                store
                    .call(move |c| rows::get(c, id))
                    .await?
                    .ok_or_else(|| AppError::internal("the new payment vanished"))?
            }
        };
        let req = CreatePayment {
            amount,
            currency: currency.clone(),
            description: format!("Заказ № {}: {}", b.order.number, b.order.service_name),
            order_id,
            payment_id: row.id,
            return_url: format!("{}/orders/{order_id}", pay.urls.public()),
            idempotence_key: row.idempotence_key.clone(),
        };
        let created = match pay.provider.create_payment(&req).await {
            Ok(p) if p.amount == amount && p.confirmation_url.is_some() => p,
            outcome => {
                match outcome {
                    Ok(p) => tracing::warn!(?p, "the provider answered an unusable payment"),
                    Err(e) => tracing::warn!(error = %e, "creating a payment failed"),
                }
                // Nothing stays open that the user could not pay.
                let id = row.id;
                store.write(move |c| rows::cancel(c, id, now)).await?;
                return Err(unavailable());
            }
        };
        let (id, pid, url) = (row.id, created.id.clone(), created.confirmation_url.clone());
        store
            .write(move |c| rows::set_created(c, id, &pid, url.as_deref(), now))
            .await?;
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
            let what = "webhook names an object the provider does not know".to_string();
            return refuse(store, provider, None, None, what, now).await;
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

/// Logs and keeps a refused webhook, and answers 422.
async fn refuse(
    store: &Store,
    provider: &str,
    provider_id: Option<String>,
    order_id: Option<i64>,
    what: String,
    now: i64,
) -> AppResult<()> {
    tracing::warn!(provider, what, "a payment webhook did not match ours");
    let p = provider.to_string();
    store
        .write(move |c| rows::problem(c, &p, provider_id.as_deref(), order_id, &what, now))
        .await?;
    Err(mismatch())
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
        return problem(p.order_id, format!("unknown payment {}", p.id));
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
            // Money that came in after the order was cancelled goes back.
            if matches!(after.status, Status::Cancelled | Status::RefundPending) {
                applied.refunds_due = rows::request_refunds(c, after.id, new_key, now)? > 0;
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
    let Some(row) = found.filter(|row| row.amount == r.amount) else {
        let what = format!("refund {} of {} does not match ours", r.id, r.amount);
        rows::problem(c, provider, Some(&r.id), None, &what, now)?;
        return Ok(Applied {
            mismatch: Some(what),
            ..Applied::default()
        });
    };
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
            let change = StatusChange {
                to: Status::Cancelled,
                awaiting_since: None,
                checked_in_at: order.checked_in_at,
                executor_id: order.executor_id,
            };
            if !orders::set_status(c, &order, order.version, &change, None, action, now)? {
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

/// With a cancellation, in its transaction: the open payment is closed, and the
/// order's succeeded payments are requested back (answers whether any were).
pub fn on_cancelled(c: &Connection, order_id: i64, to: Status, now: i64) -> StoreResult<bool> {
    if let Some(open) = rows::open_of_order(c, order_id)? {
        rows::cancel(c, open.id, now)?;
    }
    if to == Status::RefundPending {
        return Ok(rows::request_refunds(c, order_id, new_key, now)? > 0);
    }
    Ok(false)
}

/// Asks the provider for the refunds not asked yet, and fetches again those left
/// pending too long. Answers how many changed.
pub async fn process_refunds(
    store: &Store,
    hub: &Hub,
    pay: &Payments,
    now: i64,
) -> AppResult<usize> {
    let due = store
        .call(move |c| rows::open_refunds(c, now - REFUND_REFETCH_AFTER))
        .await?;
    let mut changed = 0;
    for row in due {
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
            Err(e) => {
                tracing::warn!(refund = row.id, error = %e, "asking for a refund failed; will retry");
                let id = row.id;
                store.write(move |c| rows::touch_refund(c, id, now)).await?;
                continue;
            }
        };
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

/// Cancels (by the system) orders whose first payment did not succeed within
/// `UNPAID_TIMEOUT`, so that their slot, room or place is free again. Answers how
/// many.
pub async fn cancel_unpaid(store: &Store, hub: &Hub, pay: &Payments, now: i64) -> AppResult<usize> {
    let before = now - UNPAID_TIMEOUT;
    let due = store.call(move |c| rows::unpaid_orders(c, before)).await?;
    let mut done = 0;
    for (id, version) in due {
        let (woken, abandoned) = store
            .write(move |c| -> StoreResult<(Vec<i64>, Option<String>)> {
                let Some(order) = orders::get(c, id)? else {
                    return Ok((Vec::new(), None));
                };
                if order.paid != 0 || !matches!(order.status, Status::New | Status::InProgress) {
                    return Ok((Vec::new(), None));
                }
                let action = HistoryAction::StaffCancel;
                let change = StatusChange {
                    to: Status::Cancelled,
                    awaiting_since: None,
                    checked_in_at: order.checked_in_at,
                    executor_id: order.executor_id,
                };
                if !orders::set_status(c, &order, version, &change, None, action, now)? {
                    return Ok((Vec::new(), None));
                }
                let open = rows::open_of_order(c, id)?;
                on_cancelled(c, id, Status::Cancelled, now)?;
                checkin::revoke_code(c, id, checkin::Revoked::Cancelled, now)?;
                let after = orders::get(c, id)?.unwrap_or(order);
                let woken = notify::status_changed(c, &after, None, action, now)?;
                Ok((woken, open.and_then(|p| p.provider_id)))
            })
            .await?;
        if let Some(pid) = abandoned {
            if let Err(e) = pay.provider.abandon_payment(&pid).await {
                tracing::warn!(error = %e, "could not abandon an expired payment");
            }
        }
        done += usize::from(!woken.is_empty());
        hub.wake(woken);
    }
    Ok(done)
}
