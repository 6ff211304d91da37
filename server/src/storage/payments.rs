//! Online payments and refunds: their rows, the money they add to an order, and
//! the problems (webhooks that did not match ours) kept for staff.

use rusqlite::{params, Connection, OptionalExtension, Row};

use kabinet_core::{PaymentState, RefundState};

use super::StoreResult;

#[derive(Clone, Debug)]
pub struct PaymentRow {
    pub id: i64,
    pub order_id: i64,
    pub provider: String,
    pub provider_id: Option<String>,
    pub amount: i64,
    pub currency: String,
    pub status: PaymentState,
    pub confirmation_url: Option<String>,
    pub idempotence_key: String,
    pub created_at: i64,
}

fn payment_row(r: &Row<'_>) -> rusqlite::Result<PaymentRow> {
    Ok(PaymentRow {
        id: r.get("id")?,
        order_id: r.get("order_id")?,
        provider: r.get("provider")?,
        provider_id: r.get("provider_id")?,
        amount: r.get("amount")?,
        currency: r.get("currency")?,
        status: r.get("status")?,
        confirmation_url: r.get("confirmation_url")?,
        idempotence_key: r.get("idempotence_key")?,
        created_at: r.get("created_at")?,
    })
}

/// The order's open (pending) payment, if any.
pub fn open_of_order(c: &Connection, order_id: i64) -> StoreResult<Option<PaymentRow>> {
    Ok(
        c.prepare_cached("SELECT * FROM payments WHERE order_id = ?1 AND status = 'pending'")?
            .query_row([order_id], payment_row)
            .optional()?,
    )
}

pub fn get(c: &Connection, id: i64) -> StoreResult<Option<PaymentRow>> {
    Ok(c.prepare_cached("SELECT * FROM payments WHERE id = ?1")?
        .query_row([id], payment_row)
        .optional()?)
}

pub fn by_provider_id(
    c: &Connection,
    provider: &str,
    provider_id: &str,
) -> StoreResult<Option<PaymentRow>> {
    Ok(
        c.prepare_cached("SELECT * FROM payments WHERE provider = ?1 AND provider_id = ?2")?
            .query_row(params![provider, provider_id], payment_row)
            .optional()?,
    )
}

/// A new pending payment, before the provider is asked; answers its id, or None
/// when the order has an open one already (the partial unique index).
#[allow(clippy::too_many_arguments)]
pub fn insert_pending(
    c: &Connection,
    order_id: i64,
    provider: &str,
    amount: i64,
    currency: &str,
    key: &str,
    now: i64,
) -> StoreResult<Option<i64>> {
    let n = c
        .prepare_cached(
            "INSERT INTO payments (order_id, provider, amount, currency, status, idempotence_key,
                                   created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?6, ?6)
             ON CONFLICT DO NOTHING",
        )?
        .execute(params![order_id, provider, amount, currency, key, now])?;
    Ok((n == 1).then(|| c.last_insert_rowid()))
}

/// Stores what the provider answered the create with, on a payment still
/// pending; false when it was closed meanwhile (the order was cancelled, or a
/// concurrent start gave up on it), so that no closed payment gets a payable URL.
pub fn set_created(
    c: &Connection,
    id: i64,
    provider_id: &str,
    confirmation_url: Option<&str>,
    now: i64,
) -> StoreResult<bool> {
    Ok(c.prepare_cached(
        "UPDATE payments SET provider_id = ?2, confirmation_url = ?3, updated_at = ?4
          WHERE id = ?1 AND status = 'pending'",
    )?
    .execute(params![id, provider_id, confirmation_url, now])?
        == 1)
}

/// Closes a pending payment the provider never answered the create of; false if
/// it was not pending or another request has stored the provider's answer (that
/// payment is payable and stays open).
pub fn cancel_uncreated(c: &Connection, id: i64, now: i64) -> StoreResult<bool> {
    Ok(c.prepare_cached(
        "UPDATE payments SET status = 'canceled', updated_at = ?2
          WHERE id = ?1 AND status = 'pending' AND provider_id IS NULL",
    )?
    .execute(params![id, now])?
        == 1)
}

/// Marks a payment as looked at now (the sweep that re-fetches pending payments
/// whose webhook may be lost takes the least recently looked at first).
pub fn touch_payment(c: &Connection, id: i64, now: i64) -> StoreResult<()> {
    c.prepare_cached("UPDATE payments SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(())
}

/// Pending payments of `provider`, created at the provider and not looked at
/// since `before`, least recently looked at first.
pub fn stale_pending(
    c: &Connection,
    provider: &str,
    before: i64,
    limit: i64,
) -> StoreResult<Vec<PaymentRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT * FROM payments
          WHERE status = 'pending' AND provider = ?1 AND provider_id IS NOT NULL
            AND updated_at <= ?2
          ORDER BY updated_at, id LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![provider, before, limit], payment_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The order's payments that may still succeed at the provider (not succeeded,
/// created there), latest first: the expiry job asks the provider about these
/// before it cancels the order.
pub fn unsettled_of_order(c: &Connection, order_id: i64) -> StoreResult<Vec<PaymentRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT * FROM payments
          WHERE order_id = ?1 AND status <> 'succeeded' AND provider_id IS NOT NULL
          ORDER BY id DESC LIMIT 5",
    )?;
    let rows = stmt.query_map([order_id], payment_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Closes a pending payment; false if it was not pending.
pub fn cancel(c: &Connection, id: i64, now: i64) -> StoreResult<bool> {
    Ok(c.prepare_cached(
        "UPDATE payments SET status = 'canceled', updated_at = ?2 WHERE id = ?1 AND status = 'pending'",
    )?
    .execute(params![id, now])?
        == 1)
}

/// Marks a payment succeeded; false if it already was (a replayed webhook).
pub fn succeed(c: &Connection, id: i64, now: i64) -> StoreResult<bool> {
    Ok(c.prepare_cached(
        "UPDATE payments SET status = 'succeeded', updated_at = ?2
          WHERE id = ?1 AND status <> 'succeeded'",
    )?
    .execute(params![id, now])?
        == 1)
}

/// Adds a payment's money to the order (paid by card) and moves its version on.
pub fn credit_order(c: &Connection, order_id: i64, amount: i64) -> StoreResult<()> {
    c.prepare_cached(
        "UPDATE orders SET paid = paid + ?2, payment_method = 'card', version = version + 1
          WHERE id = ?1",
    )?
    .execute(params![order_id, amount])?;
    Ok(())
}

/// The latest payment's state.
pub fn latest_state(c: &Connection, order_id: i64) -> StoreResult<Option<PaymentState>> {
    Ok(c.prepare_cached(
        "SELECT status FROM payments WHERE order_id = ?1 ORDER BY id DESC LIMIT 1",
    )?
    .query_row([order_id], |r| r.get(0))
    .optional()?)
}

/// The kinds whose unpaid orders hold something others could take (a slot, a
/// seat, a room, a place): only these are cancelled when left unpaid. Goods hold
/// no capacity, so an unpaid goods order waits for staff rather than vanishing.
pub const HOLDING_KINDS: &str = "'booking', 'coworking', 'hotel', 'event'";

/// New, never paid orders of a kind that holds capacity whose latest online
/// payment attempt was started before `before` and none succeeded: (id, version).
pub fn unpaid_orders(c: &Connection, before: i64) -> StoreResult<Vec<(i64, i64)>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT o.id, o.version FROM orders o
          WHERE o.paid = 0 AND o.status = 'new' AND o.kind IN ({HOLDING_KINDS})
            AND max(coalesce(o.hold_from, 0),
                    coalesce((SELECT max(p.created_at) FROM payments p WHERE p.order_id = o.id), 0))
                BETWEEN 1 AND ?1
            AND NOT EXISTS (SELECT 1 FROM payments p
                             WHERE p.order_id = o.id AND p.status = 'succeeded')
          LIMIT 200"
    ))?;
    let rows = stmt.query_map([before], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// When the order's hold last began: its latest online payment attempt, or its
/// placing when it was placed to be paid (`orders.hold_from`); `None` for neither.
pub fn latest_attempt_at(c: &Connection, order_id: i64) -> StoreResult<Option<i64>> {
    let at: i64 = c
        .prepare_cached(
            "SELECT max(coalesce((SELECT hold_from FROM orders WHERE id = ?1), 0),
                        coalesce((SELECT max(created_at) FROM payments WHERE order_id = ?1), 0))",
        )?
        .query_row([order_id], |r| r.get(0))?;
    Ok((at > 0).then_some(at))
}

/// Keeps a webhook or payment that did not match ours.
pub fn problem(
    c: &Connection,
    provider: &str,
    provider_id: Option<&str>,
    order_id: Option<i64>,
    what: &str,
    now: i64,
) -> StoreResult<()> {
    c.prepare_cached(
        "INSERT INTO payment_problems (provider, provider_id, order_id, what, at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![provider, provider_id, order_id, what, now])?;
    Ok(())
}

/// How many problems were kept (for tests and staff tools).
pub fn problem_count(c: &Connection) -> StoreResult<i64> {
    Ok(c.query_row("SELECT count(*) FROM payment_problems", [], |r| r.get(0))?)
}

#[derive(Clone, Debug)]
pub struct RefundRow {
    pub id: i64,
    pub order_id: i64,
    pub payment_id: i64,
    pub provider_id: Option<String>,
    pub amount: i64,
    /// requested, pending, succeeded, failed.
    pub status: String,
    pub idempotence_key: String,
    /// The payment's provider and its id there.
    pub provider: String,
    pub payment_provider_id: Option<String>,
    pub currency: String,
}

fn refund_row(r: &Row<'_>) -> rusqlite::Result<RefundRow> {
    Ok(RefundRow {
        id: r.get("id")?,
        order_id: r.get("order_id")?,
        payment_id: r.get("payment_id")?,
        provider_id: r.get("provider_id")?,
        amount: r.get("amount")?,
        status: r.get("status")?,
        idempotence_key: r.get("idempotence_key")?,
        provider: r.get("provider")?,
        payment_provider_id: r.get("payment_provider_id")?,
        currency: r.get("currency")?,
    })
}

const REFUND_SELECT: &str =
    "SELECT r.*, p.provider, p.provider_id AS payment_provider_id, p.currency
                               FROM refunds r JOIN payments p ON p.id = r.payment_id";

/// Requests refunds of the order's succeeded payments not refunded yet, each
/// under a key from `new_key`; answers how many.
pub fn request_refunds(
    c: &Connection,
    order_id: i64,
    new_key: impl Fn() -> String,
    now: i64,
) -> StoreResult<usize> {
    let mut stmt = c.prepare_cached(
        "SELECT p.id, p.amount FROM payments p
          WHERE p.order_id = ?1 AND p.status = 'succeeded'
            AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id
                                                     AND r.status <> 'failed')",
    )?;
    let due = stmt
        .query_map([order_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    for (payment_id, amount) in &due {
        let key = new_key();
        c.prepare_cached(
            "INSERT INTO refunds (order_id, payment_id, amount, status, idempotence_key,
                                  created_at, updated_at)
             VALUES (?1, ?2, ?3, 'requested', ?4, ?5, ?5)",
        )?
        .execute(params![order_id, payment_id, amount, key, now])?;
    }
    Ok(due.len())
}

/// Requests the refund of one succeeded payment (money that came in after its
/// order was cancelled, or more than the order costs), unless one is open or done
/// already; answers whether one was requested. Refunds of the order's other
/// payments are left as they are: one refused and returned by hand must not be
/// asked again.
pub fn request_refund_of(
    c: &Connection,
    payment: &PaymentRow,
    key: &str,
    now: i64,
) -> StoreResult<bool> {
    Ok(c.prepare_cached(
        "INSERT INTO refunds (order_id, payment_id, amount, status, idempotence_key,
                              created_at, updated_at)
         SELECT ?1, ?2, ?3, 'requested', ?4, ?5, ?5
          WHERE NOT EXISTS (SELECT 1 FROM refunds WHERE payment_id = ?2 AND status <> 'failed')",
    )?
    .execute(params![
        payment.order_id,
        payment.id,
        payment.amount,
        key,
        now
    ])? == 1)
}

/// Refunds to ask of the provider now: requested ones never tried, or whose last
/// failed try was long enough ago (30 s, doubling with each try, at most about an
/// hour), and pending ones last looked at before `pending_before` (to fetch
/// again, in case their webhook was lost). Least recently tried first, so that
/// rows the provider keeps failing do not hold back the others.
pub fn open_refunds(c: &Connection, now: i64, pending_before: i64) -> StoreResult<Vec<RefundRow>> {
    let mut stmt = c.prepare_cached(&format!(
        "{REFUND_SELECT} WHERE (r.status = 'requested'
                AND (r.attempts = 0 OR r.updated_at <= ?1 - (30 << min(r.attempts, 7))))
            OR (r.status = 'pending' AND r.updated_at <= ?2)
          ORDER BY r.updated_at, r.id LIMIT 100"
    ))?;
    let rows = stmt.query_map(params![now, pending_before], refund_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Counts a try the provider did not answer, so that the next waits longer.
pub fn refund_try_failed(c: &Connection, id: i64, now: i64) -> StoreResult<()> {
    c.prepare_cached("UPDATE refunds SET attempts = attempts + 1, updated_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(())
}

pub fn refund(c: &Connection, id: i64) -> StoreResult<Option<RefundRow>> {
    Ok(
        c.prepare_cached(&format!("{REFUND_SELECT} WHERE r.id = ?1"))?
            .query_row([id], refund_row)
            .optional()?,
    )
}

/// The payment's open refund still waiting for the provider's id.
pub fn refund_awaiting_id(c: &Connection, payment_id: i64) -> StoreResult<Option<RefundRow>> {
    Ok(c.prepare_cached(&format!(
        "{REFUND_SELECT} WHERE r.payment_id = ?1 AND r.provider_id IS NULL
            AND r.status IN ('requested', 'pending') ORDER BY r.id LIMIT 1"
    ))?
    .query_row([payment_id], refund_row)
    .optional()?)
}

pub fn refund_by_provider_id(
    c: &Connection,
    provider: &str,
    provider_id: &str,
) -> StoreResult<Option<RefundRow>> {
    Ok(c.prepare_cached(&format!(
        "{REFUND_SELECT} WHERE p.provider = ?1 AND r.provider_id = ?2"
    ))?
    .query_row(params![provider, provider_id], refund_row)
    .optional()?)
}

/// Moves a refund on from `from` statuses; false if it was elsewhere already.
pub fn set_refund(
    c: &Connection,
    id: i64,
    from: &[&str],
    to: &str,
    provider_id: Option<&str>,
    error: Option<&str>,
    now: i64,
) -> StoreResult<bool> {
    let (status, current_provider_id): (String, Option<String>) = c
        .prepare_cached("SELECT status, provider_id FROM refunds WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if !from.contains(&status.as_str()) {
        // Only the provider id may still be learnt.
        if current_provider_id.is_none() && provider_id.is_some() {
            c.prepare_cached("UPDATE refunds SET provider_id = ?2 WHERE id = ?1")?
                .execute(params![id, provider_id])?;
        }
        return Ok(false);
    }
    c.prepare_cached(
        "UPDATE refunds SET status = ?2, provider_id = coalesce(?3, provider_id),
                            error = coalesce(?4, error), updated_at = ?5
          WHERE id = ?1",
    )?
    .execute(params![id, to, provider_id, error, now])?;
    Ok(true)
}

/// Marks a pending refund as looked at now (so the sweep does not fetch it again
/// at once).
pub fn touch_refund(c: &Connection, id: i64, now: i64) -> StoreResult<()> {
    c.prepare_cached("UPDATE refunds SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(())
}

/// The order's refunds: the money returned, and how many are not (yet) returned.
pub fn refunds_settled(c: &Connection, order_id: i64) -> StoreResult<(i64, i64)> {
    Ok(c.prepare_cached(
        "SELECT coalesce(sum(CASE WHEN status = 'succeeded' THEN amount END), 0),
                coalesce(sum(status <> 'succeeded'), 0)
           FROM refunds WHERE order_id = ?1",
    )?
    .query_row([order_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Where the order's refund stands: failed if any was refused, pending while any
/// is open, succeeded when all are.
pub fn refund_state(c: &Connection, order_id: i64) -> StoreResult<Option<RefundState>> {
    let (total, failed, open): (i64, i64, i64) = c
        .prepare_cached(
            "SELECT count(*), coalesce(sum(status = 'failed'), 0),
                    coalesce(sum(status IN ('requested', 'pending')), 0)
               FROM refunds WHERE order_id = ?1",
        )?
        .query_row([order_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(match (total, failed, open) {
        (0, _, _) => None,
        (_, f, _) if f > 0 => Some(RefundState::Failed),
        (_, _, o) if o > 0 => Some(RefundState::Pending),
        _ => Some(RefundState::Succeeded),
    })
}

/// Of these orders, the ones waiting for a refund the provider refused.
pub fn refund_failed_among(c: &Connection, order_ids: &[i64]) -> StoreResult<Vec<i64>> {
    if order_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = order_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let mut stmt = c.prepare(&format!(
        "SELECT DISTINCT r.order_id FROM refunds r JOIN orders o ON o.id = r.order_id
          WHERE r.status = 'failed' AND o.status = 'refund_pending' AND r.order_id IN ({list})"
    ))?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
