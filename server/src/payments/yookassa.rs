//! The YooKassa adapter (API v3): payments with a redirect confirmation, refunds,
//! and webhooks. YooKassa does not sign its webhooks, so a webhook only names the
//! object, which is then fetched again from the API and trusted as fetched.
//! Money travels as decimal strings ("1250.00") and is kept in kopecks, exactly.

use std::collections::HashMap;

use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{
    decimal, parse_decimal, CreatePayment, CreateRefund, PaymentProvider, PaymentStatus,
    ProviderError, ProviderPayment, ProviderRefund, RefundStatus, WebhookEvent, WebhookRefusal,
};

pub struct YooKassa {
    base: String,
    shop_id: String,
    secret_key: String,
    http: reqwest::Client,
}

#[derive(Debug, Serialize, Deserialize)]
struct Amount {
    value: String,
    currency: String,
}

#[derive(Debug, Deserialize)]
struct Confirmation {
    #[serde(default)]
    confirmation_url: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Payment {
    id: String,
    status: String,
    amount: Amount,
    #[serde(default)]
    confirmation: Option<Confirmation>,
    #[serde(default)]
    metadata: HashMap<String, Value>,
}

#[derive(Debug, Deserialize)]
struct Refund {
    id: String,
    payment_id: String,
    status: String,
    amount: Amount,
}

#[derive(Debug, Deserialize)]
struct Notification {
    event: String,
    object: NotifiedObject,
}

#[derive(Debug, Deserialize)]
struct NotifiedObject {
    id: String,
}

fn unavailable(what: impl std::fmt::Display) -> ProviderError {
    ProviderError::Unavailable(what.to_string())
}

fn amount(a: &Amount) -> Result<i64, ProviderError> {
    parse_decimal(&a.value).ok_or_else(|| unavailable(format!("bad amount {:?}", a.value)))
}

impl Payment {
    fn into_provider(self) -> Result<ProviderPayment, ProviderError> {
        let status = match self.status.as_str() {
            "pending" | "waiting_for_capture" => PaymentStatus::Pending,
            "succeeded" => PaymentStatus::Succeeded,
            "canceled" => PaymentStatus::Canceled,
            other => return Err(unavailable(format!("unknown payment status {other:?}"))),
        };
        // Metadata values are strings at YooKassa; a number is read as well.
        let meta = |key: &str| {
            self.metadata.get(key).and_then(|v| match v {
                Value::String(s) => s.parse().ok(),
                Value::Number(n) => n.as_i64(),
                _ => None,
            })
        };
        let (order_id, payment_id) = (meta("order_id"), meta("payment_id"));
        Ok(ProviderPayment {
            amount: amount(&self.amount)?,
            currency: self.amount.currency,
            confirmation_url: self.confirmation.and_then(|c| c.confirmation_url),
            id: self.id,
            status,
            order_id,
            payment_id,
        })
    }
}

impl Refund {
    fn into_provider(self) -> Result<ProviderRefund, ProviderError> {
        let status = match self.status.as_str() {
            "pending" => RefundStatus::Pending,
            "succeeded" => RefundStatus::Succeeded,
            "canceled" => RefundStatus::Failed,
            other => return Err(unavailable(format!("unknown refund status {other:?}"))),
        };
        Ok(ProviderRefund {
            amount: amount(&self.amount)?,
            id: self.id,
            payment_id: self.payment_id,
            status,
        })
    }
}

impl YooKassa {
    pub fn new(base: &str, shop_id: &str, secret_key: &str) -> Result<YooKassa, String> {
        let http = reqwest::Client::builder()
            .timeout(super::PROVIDER_TIMEOUT)
            .build()
            .map_err(|e| format!("cannot make an HTTP client: {e}"))?;
        Ok(YooKassa {
            base: base.trim_end_matches('/').to_string(),
            shop_id: shop_id.to_string(),
            secret_key: secret_key.to_string(),
            http,
        })
    }

    /// Sends a request (Basic auth; an `Idempotence-Key` on POSTs) and reads the
    /// JSON answer; 404 is `NotFound`; a 4xx that asking again cannot change is
    /// `Refused` (not 401: wrong keys are the server's to fix, and every refund
    /// would be refused with them; not 408 and 429: those pass); anything else
    /// not 2xx is `Unavailable`.
    async fn send<T: serde::de::DeserializeOwned>(
        &self,
        req: reqwest::RequestBuilder,
    ) -> Result<T, ProviderError> {
        let resp = req
            .basic_auth(&self.shop_id, Some(&self.secret_key))
            .send()
            .await
            .map_err(unavailable)?;
        let status = resp.status();
        if status == reqwest::StatusCode::NOT_FOUND {
            return Err(ProviderError::NotFound);
        }
        if !status.is_success() {
            let text = resp.text().await.unwrap_or_default();
            let text: String = text.chars().take(300).collect();
            let what = format!("HTTP {status}: {text}");
            let passes = [401, 408, 429].contains(&status.as_u16());
            if status.is_client_error() && !passes {
                return Err(ProviderError::Refused(what));
            }
            return Err(unavailable(what));
        }
        resp.json().await.map_err(unavailable)
    }
}

#[async_trait::async_trait]
impl PaymentProvider for YooKassa {
    fn name(&self) -> &'static str {
        "yookassa"
    }

    async fn create_payment(&self, r: &CreatePayment) -> Result<ProviderPayment, ProviderError> {
        let body = json!({
            "amount": {"value": decimal(r.amount), "currency": r.currency},
            "capture": true,
            "confirmation": {"type": "redirect", "return_url": r.return_url},
            "description": r.description,
            "metadata": {"order_id": r.order_id.to_string(), "payment_id": r.payment_id.to_string()},
        });
        let req = self
            .http
            .post(format!("{}/payments", self.base))
            .header("Idempotence-Key", &r.idempotence_key)
            .json(&body);
        self.send::<Payment>(req).await?.into_provider()
    }

    async fn fetch_payment(&self, id: &str) -> Result<ProviderPayment, ProviderError> {
        let req = self
            .http
            .get(format!("{}/payments/{}", self.base, path_part(id)?));
        self.send::<Payment>(req).await?.into_provider()
    }

    async fn refund(&self, r: &CreateRefund) -> Result<ProviderRefund, ProviderError> {
        let body = json!({
            "payment_id": r.payment_id,
            "amount": {"value": decimal(r.amount), "currency": r.currency},
        });
        let req = self
            .http
            .post(format!("{}/refunds", self.base))
            .header("Idempotence-Key", &r.idempotence_key)
            .json(&body);
        self.send::<Refund>(req).await?.into_provider()
    }

    async fn fetch_refund(&self, id: &str) -> Result<ProviderRefund, ProviderError> {
        let req = self
            .http
            .get(format!("{}/refunds/{}", self.base, path_part(id)?));
        self.send::<Refund>(req).await?.into_provider()
    }

    async fn read_webhook(
        &self,
        _headers: &HeaderMap,
        body: &[u8],
        _now: i64,
    ) -> Result<WebhookEvent, WebhookRefusal> {
        let n: Notification =
            serde_json::from_slice(body).map_err(|e| WebhookRefusal::Malformed(e.to_string()))?;
        // Nothing in the body is believed: the object is fetched again.
        if n.event.starts_with("payment.") {
            Ok(WebhookEvent::Payment(
                self.fetch_payment(&n.object.id).await?,
            ))
        } else if n.event.starts_with("refund.") {
            Ok(WebhookEvent::Refund(self.fetch_refund(&n.object.id).await?))
        } else {
            Ok(WebhookEvent::Ignored)
        }
    }
}

/// An id as a URL path segment: YooKassa's ids are letters, digits and dashes;
/// anything else (a webhook naming `../x`) is not sent on.
fn path_part(id: &str) -> Result<&str, ProviderError> {
    if !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Ok(id)
    } else {
        Err(ProviderError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payments_read_exactly() {
        let p: Payment = serde_json::from_value(json!({
            "id": "2d-1", "status": "waiting_for_capture",
            "amount": {"value": "1250.10", "currency": "RUB"},
            "confirmation": {"type": "redirect", "confirmation_url": "https://pay/x"},
            "metadata": {"order_id": "7"}
        }))
        .unwrap();
        let p = p.into_provider().unwrap();
        assert_eq!(p.amount, 125_010);
        assert_eq!(p.status, PaymentStatus::Pending);
        assert_eq!(p.order_id, Some(7));
        assert_eq!(p.confirmation_url.as_deref(), Some("https://pay/x"));
    }

    #[test]
    fn ids_stay_inside_their_path_segment() {
        assert!(path_part("2d1a-000f-5000").is_ok());
        assert!(path_part("../refunds").is_err());
        assert!(path_part("").is_err());
    }
}
