//! The built-in test provider, for the demo and the tests: payments live in
//! memory, the user «pays» on its own server-rendered page (`/testpay/{id}`), and
//! every outcome reaches Kabinet as a webhook over real HTTP, signed with
//! HMAC-SHA256 over `"{timestamp}.{body}"` (Stripe's scheme), like a real provider.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::HeaderMap;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::{
    CreatePayment, CreateRefund, PaymentProvider, PaymentStatus, ProviderError, ProviderPayment,
    ProviderRefund, RefundStatus, Urls, WebhookEvent, WebhookRefusal,
};
use crate::Clock;

/// The webhook's headers: the unix time it was signed at, and the signature
/// (base64url of the HMAC).
pub const TIMESTAMP_HEADER: &str = "x-testpay-timestamp";
pub const SIGNATURE_HEADER: &str = "x-testpay-signature";
/// A webhook signed longer ago (or further ahead) than this is refused.
pub const TOLERANCE_SECONDS: i64 = 300;
/// The shop's name on the pay page.
pub const SHOP: &str = "Kabinet — тестовый магазин";

/// The test cards: with the first a refund succeeds, with the second it is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Card {
    /// 4111 1111 1111 1111.
    #[serde(rename = "4111111111111111")]
    RefundOk,
    /// 4000 0000 0000 0002.
    #[serde(rename = "4000000000000002")]
    RefundFails,
}

/// What the user chose on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// «Оплатить».
    Pay,
    /// «Отклонить»: the bank declined.
    Decline,
    /// «Отмена»: the user gave up.
    Cancel,
}

/// A payment at the test provider.
#[derive(Clone, Debug)]
pub struct TestPayment {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    pub description: String,
    pub order_id: i64,
    /// Our payment's id, as a real provider keeps it in the metadata.
    pub payment_id: i64,
    pub return_url: String,
    pub status: PaymentStatus,
    /// Why it was canceled: `declined`, `canceled_by_user`, `abandoned`.
    pub cancel_reason: Option<&'static str>,
    pub card: Option<Card>,
}

#[derive(Clone, Debug)]
struct TestRefund {
    id: String,
    payment_id: String,
    amount: i64,
    status: RefundStatus,
}

#[derive(Default)]
struct Books {
    payments: HashMap<String, TestPayment>,
    refunds: HashMap<String, TestRefund>,
    /// Idempotence keys → the payment or refund they made.
    keys: HashMap<String, String>,
}

/// A webhook's body.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WebhookBody {
    /// `payment.succeeded`, `payment.canceled`, `refund.succeeded`, `refund.failed`.
    pub event: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<WirePayment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund: Option<WireRefund>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WirePayment {
    pub id: String,
    /// `pending`, `succeeded`, `canceled`.
    pub status: String,
    /// Minor units.
    pub amount: i64,
    pub currency: String,
    pub order_id: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WireRefund {
    pub id: String,
    pub payment_id: String,
    /// `pending`, `succeeded`, `failed`.
    pub status: String,
    pub amount: i64,
}

pub struct TestProvider {
    books: Mutex<Books>,
    secret: Vec<u8>,
    urls: Arc<Urls>,
    refund_delay: Duration,
    clock: Clock,
    http: reqwest::Client,
}

type HmacSha256 = Hmac<Sha256>;

/// The signature of `body` sent at `timestamp` (what `SIGNATURE_HEADER` carries).
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let mut m = HmacSha256::new_from_slice(secret).expect("HMAC takes any key length");
    m.update(format!("{timestamp}.").as_bytes());
    m.update(body);
    URL_SAFE_NO_PAD.encode(m.finalize().into_bytes())
}

/// The test provider's key when none is configured: derived from the link key.
pub fn derive_secret(link_key: &[u8]) -> Vec<u8> {
    let mut m = HmacSha256::new_from_slice(link_key).expect("HMAC takes any key length");
    m.update(b"kabinet-testpay-webhook");
    m.finalize().into_bytes().to_vec()
}

fn random_id(prefix: &str) -> String {
    let hex: String = crate::tokens::new_nonce()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{prefix}{hex}")
}

fn status_name(s: PaymentStatus) -> &'static str {
    match s {
        PaymentStatus::Pending => "pending",
        PaymentStatus::Succeeded => "succeeded",
        PaymentStatus::Canceled => "canceled",
    }
}

fn refund_status_name(s: RefundStatus) -> &'static str {
    match s {
        RefundStatus::Pending => "pending",
        RefundStatus::Succeeded => "succeeded",
        RefundStatus::Failed => "failed",
    }
}

impl TestProvider {
    pub fn new(secret: Vec<u8>, urls: Arc<Urls>, refund_delay: Duration, clock: Clock) -> Self {
        TestProvider {
            books: Mutex::default(),
            secret,
            urls,
            refund_delay,
            clock,
            http: reqwest::Client::builder()
                .timeout(super::PROVIDER_TIMEOUT)
                .build()
                .expect("an HTTP client"),
        }
    }

    fn books(&self) -> std::sync::MutexGuard<'_, Books> {
        // A panic elsewhere leaves the books consistent (every change is one insert).
        self.books.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn view(&self, p: &TestPayment) -> ProviderPayment {
        ProviderPayment {
            id: p.id.clone(),
            status: p.status,
            amount: p.amount,
            currency: p.currency.clone(),
            confirmation_url: (p.status == PaymentStatus::Pending)
                .then(|| format!("{}/testpay/{}", self.urls.public(), p.id)),
            order_id: Some(p.order_id),
            payment_id: Some(p.payment_id),
        }
    }

    /// A payment, for its page.
    pub fn payment(&self, id: &str) -> Option<TestPayment> {
        self.books().payments.get(id).cloned()
    }

    /// Applies the user's choice to a pending payment; answers it as it is now, and
    /// whether the choice changed it (a finished payment stays as it was).
    pub fn decide(&self, id: &str, choice: Choice, card: Card) -> Option<(TestPayment, bool)> {
        let mut books = self.books();
        let p = books.payments.get_mut(id)?;
        if p.status != PaymentStatus::Pending {
            return Some((p.clone(), false));
        }
        match choice {
            Choice::Pay => {
                p.status = PaymentStatus::Succeeded;
                p.card = Some(card);
            }
            Choice::Decline => {
                p.status = PaymentStatus::Canceled;
                p.cancel_reason = Some("declined");
            }
            Choice::Cancel => {
                p.status = PaymentStatus::Canceled;
                p.cancel_reason = Some("canceled_by_user");
            }
        }
        Some((p.clone(), true))
    }

    /// The webhook telling of a payment's outcome.
    pub fn payment_webhook(p: &TestPayment) -> WebhookBody {
        WebhookBody {
            event: format!("payment.{}", status_name(p.status)),
            payment: Some(WirePayment {
                id: p.id.clone(),
                status: status_name(p.status).into(),
                amount: p.amount,
                currency: p.currency.clone(),
                order_id: p.order_id,
            }),
            refund: None,
        }
    }

    /// Sends a signed webhook to Kabinet's webhook route and waits for its answer;
    /// answers the HTTP status (or the error).
    pub async fn deliver(&self, body: &WebhookBody) -> Result<u16, String> {
        let bytes = serde_json::to_vec(body).map_err(|e| e.to_string())?;
        let ts = self.clock.now();
        let r = self
            .http
            .post(format!(
                "{}/api/payments/webhook/test",
                self.urls.internal()
            ))
            .header(TIMESTAMP_HEADER, ts.to_string())
            .header(SIGNATURE_HEADER, sign(&self.secret, ts, &bytes))
            .header("content-type", "application/json")
            .body(bytes)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        Ok(r.status().as_u16())
    }

    /// Settles a refund after the configured delay and tells Kabinet (a few tries;
    /// Kabinet also fetches refunds left pending).
    fn settle_later(self: Arc<Self>, refund_id: String) {
        tokio::spawn(async move {
            tokio::time::sleep(self.refund_delay).await;
            let body = {
                let mut books = self.books();
                let card = books
                    .refunds
                    .get(&refund_id)
                    .and_then(|r| books.payments.get(&r.payment_id))
                    .and_then(|p| p.card);
                let Some(r) = books.refunds.get_mut(&refund_id) else {
                    return;
                };
                r.status = if card == Some(Card::RefundFails) {
                    RefundStatus::Failed
                } else {
                    RefundStatus::Succeeded
                };
                WebhookBody {
                    event: format!("refund.{}", refund_status_name(r.status)),
                    payment: None,
                    refund: Some(WireRefund {
                        id: r.id.clone(),
                        payment_id: r.payment_id.clone(),
                        status: refund_status_name(r.status).into(),
                        amount: r.amount,
                    }),
                }
            };
            for attempt in 0..3u32 {
                match self.deliver(&body).await {
                    Ok(200) => return,
                    Ok(status) => tracing::warn!(status, "the test refund webhook was refused"),
                    Err(e) => tracing::warn!(error = %e, "the test refund webhook failed"),
                }
                tokio::time::sleep(Duration::from_millis(200 << attempt)).await;
            }
        });
    }

    fn check_signature(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: i64,
    ) -> Result<(), WebhookRefusal> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let ts: i64 = header(TIMESTAMP_HEADER)
            .and_then(|t| t.trim().parse().ok())
            .ok_or(WebhookRefusal::BadSignature("no timestamp"))?;
        // abs_diff: a timestamp of i64::MIN must not overflow the subtraction.
        if now.abs_diff(ts) > TOLERANCE_SECONDS.unsigned_abs() {
            return Err(WebhookRefusal::BadSignature("stale timestamp"));
        }
        let sig = header(SIGNATURE_HEADER)
            .and_then(|s| URL_SAFE_NO_PAD.decode(s.trim()).ok())
            .ok_or(WebhookRefusal::BadSignature("no signature"))?;
        let mut m = HmacSha256::new_from_slice(&self.secret).expect("HMAC takes any key length");
        m.update(format!("{ts}.").as_bytes());
        m.update(body);
        m.verify_slice(&sig)
            .map_err(|_| WebhookRefusal::BadSignature("signature does not match"))
    }
}

fn parse_status(s: &str) -> Option<PaymentStatus> {
    match s {
        "pending" => Some(PaymentStatus::Pending),
        "succeeded" => Some(PaymentStatus::Succeeded),
        "canceled" => Some(PaymentStatus::Canceled),
        _ => None,
    }
}

fn parse_refund_status(s: &str) -> Option<RefundStatus> {
    match s {
        "pending" => Some(RefundStatus::Pending),
        "succeeded" => Some(RefundStatus::Succeeded),
        "failed" => Some(RefundStatus::Failed),
        _ => None,
    }
}

#[async_trait::async_trait]
impl PaymentProvider for Arc<TestProvider> {
    fn name(&self) -> &'static str {
        "test"
    }

    async fn create_payment(&self, r: &CreatePayment) -> Result<ProviderPayment, ProviderError> {
        let mut books = self.books();
        if let Some(p) = books
            .keys
            .get(&r.idempotence_key)
            .and_then(|id| books.payments.get(id))
        {
            return Ok(self.view(p));
        }
        let p = TestPayment {
            id: random_id("tp_"),
            amount: r.amount,
            currency: r.currency.clone(),
            description: r.description.clone(),
            order_id: r.order_id,
            payment_id: r.payment_id,
            return_url: r.return_url.clone(),
            status: PaymentStatus::Pending,
            cancel_reason: None,
            card: None,
        };
        books.keys.insert(r.idempotence_key.clone(), p.id.clone());
        books.payments.insert(p.id.clone(), p.clone());
        Ok(self.view(&p))
    }

    async fn fetch_payment(&self, id: &str) -> Result<ProviderPayment, ProviderError> {
        let books = self.books();
        books
            .payments
            .get(id)
            .map(|p| self.view(p))
            .ok_or(ProviderError::NotFound)
    }

    async fn abandon_payment(&self, id: &str) -> Result<(), ProviderError> {
        if let Some(p) = self.books().payments.get_mut(id) {
            if p.status == PaymentStatus::Pending {
                p.status = PaymentStatus::Canceled;
                p.cancel_reason = Some("abandoned");
            }
        }
        Ok(())
    }

    async fn refund(&self, r: &CreateRefund) -> Result<ProviderRefund, ProviderError> {
        let refund = {
            let mut books = self.books();
            if let Some(existing) = books
                .keys
                .get(&r.idempotence_key)
                .and_then(|id| books.refunds.get(id))
            {
                let e = existing.clone();
                return Ok(ProviderRefund {
                    id: e.id,
                    payment_id: e.payment_id,
                    status: e.status,
                    amount: e.amount,
                });
            }
            match books.payments.get(&r.payment_id) {
                Some(p) if p.status == PaymentStatus::Succeeded && p.amount >= r.amount => {}
                Some(_) => {
                    return Err(ProviderError::Refused(
                        "the payment cannot be refunded".into(),
                    ))
                }
                None => return Err(ProviderError::NotFound),
            }
            let refund = TestRefund {
                id: random_id("tr_"),
                payment_id: r.payment_id.clone(),
                amount: r.amount,
                status: RefundStatus::Pending,
            };
            books
                .keys
                .insert(r.idempotence_key.clone(), refund.id.clone());
            books.refunds.insert(refund.id.clone(), refund.clone());
            refund
        };
        self.clone().settle_later(refund.id.clone());
        Ok(ProviderRefund {
            id: refund.id,
            payment_id: refund.payment_id,
            status: refund.status,
            amount: refund.amount,
        })
    }

    async fn fetch_refund(&self, id: &str) -> Result<ProviderRefund, ProviderError> {
        let books = self.books();
        let r = books.refunds.get(id).ok_or(ProviderError::NotFound)?;
        Ok(ProviderRefund {
            id: r.id.clone(),
            payment_id: r.payment_id.clone(),
            status: r.status,
            amount: r.amount,
        })
    }

    async fn read_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: i64,
    ) -> Result<WebhookEvent, WebhookRefusal> {
        // Signed: the body itself is trusted, as the provider sent it.
        self.check_signature(headers, body, now)?;
        let b: WebhookBody =
            serde_json::from_slice(body).map_err(|e| WebhookRefusal::Malformed(e.to_string()))?;
        let bad = |what: &str| WebhookRefusal::Malformed(what.to_string());
        if let Some(p) = b.payment.filter(|_| b.event.starts_with("payment.")) {
            return Ok(WebhookEvent::Payment(ProviderPayment {
                status: parse_status(&p.status).ok_or_else(|| bad("payment status"))?,
                id: p.id,
                amount: p.amount,
                currency: p.currency,
                confirmation_url: None,
                order_id: Some(p.order_id),
                payment_id: None,
            }));
        }
        if let Some(r) = b.refund.filter(|_| b.event.starts_with("refund.")) {
            return Ok(WebhookEvent::Refund(ProviderRefund {
                status: parse_refund_status(&r.status).ok_or_else(|| bad("refund status"))?,
                id: r.id,
                payment_id: r.payment_id,
                amount: r.amount,
            }));
        }
        Ok(WebhookEvent::Ignored)
    }
}

/// Minor units as people read roubles: 125000 → «1 250,00 ₽» (no-break spaces).
pub fn format_money(minor: i64, currency: &str) -> String {
    let whole = (minor / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(ch);
    }
    let sign = if currency == "RUB" { "₽" } else { currency };
    format!("{grouped},{:02}\u{a0}{sign}", (minor % 100).abs())
}

/// The pay page: the shop, the amount, what is paid for, and the buttons (or the
/// outcome, once the payment is finished). Every text is escaped.
pub fn page_html(p: &TestPayment) -> String {
    let esc = |s: &str| html_escape::encode_text(s).into_owned();
    let attr = |s: &str| html_escape::encode_double_quoted_attribute(s).into_owned();
    let amount = esc(&format_money(p.amount, &p.currency));
    let body = match p.status {
        PaymentStatus::Pending => format!(
            r#"<form method="post" action="/testpay/{id}">
<fieldset><legend>Тестовая карта</legend>
<label><input type="radio" name="card" value="4111111111111111" checked> Карта 4111 1111 1111 1111 — возврат пройдет</label><br>
<label><input type="radio" name="card" value="4000000000000002"> Карта 4000 0000 0000 0002 — возврат будет отклонен</label>
</fieldset>
<p class="buttons">
<button type="submit" name="choice" value="pay" class="pay">Оплатить</button>
<button type="submit" name="choice" value="decline">Отклонить</button>
<button type="submit" name="choice" value="cancel">Отмена</button>
</p>
</form>"#,
            id = attr(&p.id)
        ),
        status => {
            let outcome = match (status, p.cancel_reason) {
                (PaymentStatus::Succeeded, _) => "Оплачено",
                (_, Some("declined")) => "Платеж отклонен",
                (_, Some("canceled_by_user")) => "Платеж отменен",
                _ => "Платеж больше не действует",
            };
            format!(
                r#"<p class="outcome">{}</p><p><a href="{}">Вернуться к заказу</a></p>"#,
                esc(outcome),
                attr(&p.return_url)
            )
        }
    };
    format!(
        r#"<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Оплата — {shop}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#222}}
.amount{{font-size:2rem;font-weight:600;margin:.5rem 0}}fieldset{{border:1px solid #ccc;border-radius:6px;margin:1rem 0}}
button{{font-size:1rem;padding:.6rem 1rem;margin:.25rem .25rem 0 0;border-radius:6px;border:1px solid #888;background:#fff;cursor:pointer}}
button.pay{{background:#1a7f37;color:#fff;border-color:#1a7f37}}.note{{color:#666;font-size:.85rem}}</style></head>
<body><p class="note">Тестовая оплата — деньги не списываются. Test payment: no money moves.</p>
<h1>{shop}</h1>
<p class="amount">{amount}</p>
<p class="description">{description}</p>
{body}
</body></html>"#,
        shop = esc(SHOP),
        description = esc(&p.description),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roubles_read_with_spaces_and_a_comma() {
        assert_eq!(format_money(125_000, "RUB"), "1\u{a0}250,00\u{a0}₽");
        assert_eq!(format_money(5, "RUB"), "0,05\u{a0}₽");
        assert_eq!(
            format_money(123_456_789, "RUB"),
            "1\u{a0}234\u{a0}567,89\u{a0}₽"
        );
        assert_eq!(format_money(100_000, "EUR"), "1\u{a0}000,00\u{a0}EUR");
    }

    #[test]
    fn a_signature_verifies_only_for_its_body_and_time() {
        let p = TestProvider::new(
            b"secret".to_vec(),
            Arc::new(Urls::new(None)),
            Duration::ZERO,
            Clock::default(),
        );
        let body = br#"{"event":"payment.succeeded"}"#;
        let mut h = HeaderMap::new();
        h.insert(TIMESTAMP_HEADER, "1000".parse().unwrap());
        h.insert(
            SIGNATURE_HEADER,
            sign(b"secret", 1000, body).parse().unwrap(),
        );
        assert!(p.check_signature(&h, body, 1000).is_ok());
        assert!(p
            .check_signature(&h, body, 1000 + TOLERANCE_SECONDS + 1)
            .is_err());
        assert!(p.check_signature(&h, b"{}", 1000).is_err());
        // The furthest timestamps are refused, not overflowed.
        for ts in [i64::MIN, i64::MAX] {
            let mut far = HeaderMap::new();
            far.insert(TIMESTAMP_HEADER, ts.to_string().parse().unwrap());
            far.insert(SIGNATURE_HEADER, sign(b"secret", ts, body).parse().unwrap());
            assert!(p.check_signature(&far, body, 1000).is_err());
        }
        h.insert(
            SIGNATURE_HEADER,
            sign(b"other", 1000, body).parse().unwrap(),
        );
        assert!(p.check_signature(&h, body, 1000).is_err());
    }

    #[test]
    fn the_page_escapes_what_it_shows() {
        let p = TestPayment {
            id: "tp_1".into(),
            amount: 125_000,
            currency: "RUB".into(),
            description: "<script>alert(1)</script>".into(),
            order_id: 1,
            payment_id: 1,
            return_url: "/orders/1".into(),
            status: PaymentStatus::Pending,
            cancel_reason: None,
            card: None,
        };
        let html = page_html(&p);
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("Оплатить") && html.contains("Отклонить") && html.contains("Отмена"));
    }
}
