//! Payment providers: the one interface Kabinet pays and refunds through, the
//! built-in test provider (its own pay page and signed webhooks) and the YooKassa
//! adapter. Infrastructure like `files.rs`: it talks to the provider and knows
//! nothing of orders; `domain::payments` decides what a payment means.

pub mod test_provider;
pub mod yookassa;

use std::sync::{Arc, OnceLock};

use axum::http::HeaderMap;
use tokio::sync::Notify;

use crate::config::{Config, ProviderKind};

/// How long a call to the provider may take before it counts as «unavailable».
pub const PROVIDER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// A payment to create at the provider.
#[derive(Clone, Debug)]
pub struct CreatePayment {
    /// Minor units (kopecks).
    pub amount: i64,
    pub currency: String,
    pub description: String,
    pub order_id: i64,
    /// Our payment's id, sent in the metadata too.
    pub payment_id: i64,
    /// Where the provider's page sends the browser back to.
    pub return_url: String,
    /// The same key makes the same payment at the provider.
    pub idempotence_key: String,
}

/// Where a payment stands at the provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentStatus {
    /// Not finished (YooKassa's `waiting_for_capture` counts here too).
    Pending,
    Succeeded,
    Canceled,
}

/// A payment as the provider tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderPayment {
    pub id: String,
    pub status: PaymentStatus,
    /// Minor units.
    pub amount: i64,
    pub currency: String,
    /// The page the user pays on (while pending).
    pub confirmation_url: Option<String>,
    /// The order named in the metadata, if any.
    pub order_id: Option<i64>,
    /// Our payment named in the metadata, if the provider returns it.
    pub payment_id: Option<i64>,
}

/// A refund to ask of the provider.
#[derive(Clone, Debug)]
pub struct CreateRefund {
    /// The provider's id of the payment to return.
    pub payment_id: String,
    pub amount: i64,
    pub currency: String,
    pub idempotence_key: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefundStatus {
    Pending,
    Succeeded,
    /// Refused by the provider (YooKassa: `canceled`).
    Failed,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderRefund {
    pub id: String,
    /// The provider's id of the payment returned.
    pub payment_id: String,
    pub status: RefundStatus,
    pub amount: i64,
}

/// What a webhook told, once it is trusted (signed, or fetched again).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WebhookEvent {
    Payment(ProviderPayment),
    Refund(ProviderRefund),
    /// Something we do not act on (another event type).
    Ignored,
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// The provider did not answer, or answered with an error; logged, never sent.
    #[error("provider unavailable: {0}")]
    Unavailable(String),
    /// The provider does not know the object.
    #[error("not found at the provider")]
    NotFound,
    /// The provider understood and will never do it (YooKassa's 400 and 403: a
    /// receipt is required, the amount is too big, the payment is not
    /// refundable). Asking again is pointless: a refund so refused goes to staff.
    #[error("refused by the provider: {0}")]
    Refused(String),
}

/// Why a webhook was refused.
#[derive(Debug, thiserror::Error)]
pub enum WebhookRefusal {
    /// Unsigned, badly signed or stale (401).
    #[error("bad signature: {0}")]
    BadSignature(&'static str),
    /// Not a body we understand (400).
    #[error("malformed webhook: {0}")]
    Malformed(String),
    /// Re-fetching the object failed.
    #[error(transparent)]
    Provider(#[from] ProviderError),
}

/// A payment provider. Dyn-compatible, so that the server holds whichever one the
/// configuration names as `Arc<dyn PaymentProvider>`.
#[async_trait::async_trait]
pub trait PaymentProvider: Send + Sync {
    /// The name in `payments.provider` and in the webhook URL.
    fn name(&self) -> &'static str;
    /// False for the stand-in used when no provider is configured: nothing is
    /// paid, and nothing is written for an attempt.
    fn enabled(&self) -> bool {
        true
    }
    async fn create_payment(&self, r: &CreatePayment) -> Result<ProviderPayment, ProviderError>;
    async fn fetch_payment(&self, id: &str) -> Result<ProviderPayment, ProviderError>;
    /// We no longer want this pending payment (its amount is outdated, or the order
    /// was cancelled). Providers whose pending payments simply expire do nothing.
    async fn abandon_payment(&self, _id: &str) -> Result<(), ProviderError> {
        Ok(())
    }
    async fn refund(&self, r: &CreateRefund) -> Result<ProviderRefund, ProviderError>;
    async fn fetch_refund(&self, id: &str) -> Result<ProviderRefund, ProviderError>;
    /// Authenticates a webhook (headers and the raw body) and tells what it is
    /// about, re-fetched where the provider does not sign its webhooks.
    async fn read_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: i64,
    ) -> Result<WebhookEvent, WebhookRefusal>;
}

/// The stand-in when no provider is configured (a server started without
/// `--demo`, `--payment-provider` or YooKassa's settings): paying answers 503, so
/// that a production server never lets anyone «pay» on the test page.
pub struct NoProvider;

#[async_trait::async_trait]
impl PaymentProvider for NoProvider {
    fn name(&self) -> &'static str {
        "none"
    }
    fn enabled(&self) -> bool {
        false
    }
    async fn create_payment(&self, _: &CreatePayment) -> Result<ProviderPayment, ProviderError> {
        Err(ProviderError::Unavailable(
            "no payment provider is configured".into(),
        ))
    }
    async fn fetch_payment(&self, _: &str) -> Result<ProviderPayment, ProviderError> {
        Err(ProviderError::Unavailable(
            "no payment provider is configured".into(),
        ))
    }
    async fn refund(&self, _: &CreateRefund) -> Result<ProviderRefund, ProviderError> {
        Err(ProviderError::Unavailable(
            "no payment provider is configured".into(),
        ))
    }
    async fn fetch_refund(&self, _: &str) -> Result<ProviderRefund, ProviderError> {
        Err(ProviderError::Unavailable(
            "no payment provider is configured".into(),
        ))
    }
    async fn read_webhook(
        &self,
        _: &HeaderMap,
        _: &[u8],
        _: i64,
    ) -> Result<WebhookEvent, WebhookRefusal> {
        Err(WebhookRefusal::BadSignature(
            "no payment provider is configured",
        ))
    }
}

/// The URLs the server is reached at.
#[derive(Debug, Default)]
pub struct Urls {
    /// `--public-url`: what the browser uses (return and confirmation URLs).
    public: Option<String>,
    /// The address the server is bound to, known once it listens.
    bound: OnceLock<String>,
}

impl Urls {
    pub fn new(public: Option<&str>) -> Urls {
        Urls {
            public: public
                .map(|u| u.trim().trim_end_matches('/').to_string())
                .filter(|u| !u.is_empty()),
            bound: OnceLock::new(),
        }
    }

    /// Remembers the address the server listens on (an unspecified address is
    /// reached through the loopback).
    pub fn set_bound(&self, addr: std::net::SocketAddr) {
        let addr = match addr.ip() {
            ip if ip.is_unspecified() && ip.is_ipv4() => {
                std::net::SocketAddr::from(([127, 0, 0, 1], addr.port()))
            }
            ip if ip.is_unspecified() => {
                std::net::SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, addr.port()))
            }
            _ => addr,
        };
        let _ = self.bound.set(format!("http://{addr}"));
    }

    /// The server as reached from inside (the test provider's webhooks).
    pub fn internal(&self) -> String {
        self.bound
            .get()
            .cloned()
            .or_else(|| self.public.clone())
            .unwrap_or_else(|| "http://127.0.0.1:8080".into())
    }

    /// The server as the browser reaches it.
    pub fn public(&self) -> String {
        self.public.clone().unwrap_or_else(|| self.internal())
    }
}

/// Everything about paying: the provider, the test provider's own state (for its
/// pages; `None` with another provider), the server's URLs and the refund
/// worker's wake-up.
#[derive(Clone)]
pub struct Payments {
    pub provider: Arc<dyn PaymentProvider>,
    pub test: Option<Arc<test_provider::TestProvider>>,
    pub urls: Arc<Urls>,
    pub refunds_due: Arc<Notify>,
}

impl Payments {
    /// The provider the configuration names; the test provider signs with
    /// `webhook_secret`.
    pub fn from_config(
        config: &Config,
        webhook_secret: Vec<u8>,
        clock: crate::Clock,
    ) -> Result<Payments, String> {
        let urls = Arc::new(Urls::new(config.public_url.as_deref()));
        let (provider, test): (Arc<dyn PaymentProvider>, _) = match config.provider_kind() {
            None => {
                tracing::warn!(
                    "no payment provider: paying online answers 503 (choose one with --payment-provider)"
                );
                (Arc::new(NoProvider), None)
            }
            Some(ProviderKind::Test) => {
                let t = Arc::new(test_provider::TestProvider::new(
                    webhook_secret,
                    urls.clone(),
                    std::time::Duration::from_millis(config.test_refund_delay_ms),
                    clock,
                ));
                (Arc::new(t.clone()), Some(t))
            }
            Some(ProviderKind::Yookassa) => {
                let (Some(shop), Some(key)) = (
                    config.yookassa_shop_id.as_deref(),
                    config.yookassa_secret_key.as_deref(),
                ) else {
                    return Err(
                        "--payment-provider yookassa needs KABINET_YOOKASSA_SHOP_ID and KABINET_YOOKASSA_SECRET_KEY"
                            .into(),
                    );
                };
                let y = yookassa::YooKassa::new(&config.yookassa_api_url, shop, key)?;
                (Arc::new(y), None)
            }
        };
        Ok(Payments {
            provider,
            test,
            urls,
            refunds_due: Arc::new(Notify::new()),
        })
    }

    /// Tells the refund worker that refunds may be waiting.
    pub fn wake_refunds(&self) {
        self.refunds_due.notify_one();
    }
}

/// Minor units as a decimal string with two places: 125000 → "1250.00".
pub fn decimal(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    format!("{sign}{}.{:02}", m / 100, m % 100)
}

/// A decimal string as minor units, exactly: "1250.00", "1250.5", "1250" →
/// 125000, 125050, 125000. More than two places, signs and junk are refused.
pub fn parse_decimal(s: &str) -> Option<i64> {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (s.contains('.') && frac.is_empty())
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    whole.checked_mul(100)?.checked_add(cents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_as_decimal_strings_round_trips_exactly() {
        assert_eq!(decimal(125_000), "1250.00");
        assert_eq!(decimal(5), "0.05");
        assert_eq!(decimal(0), "0.00");
        for s in ["1250.00", "0.05", "10.10", "99999999.99"] {
            assert_eq!(decimal(parse_decimal(s).unwrap()), s);
        }
        assert_eq!(parse_decimal("1250.5"), Some(125_050));
        assert_eq!(parse_decimal("1250"), Some(125_000));
        for bad in ["", "1.", ".5", "1.234", "-1.00", "1e3", "1,00", " 1.00"] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn urls_prefer_the_public_one_for_the_browser() {
        let u = Urls::new(Some("https://kabinet.example/"));
        u.set_bound("0.0.0.0:8080".parse().unwrap());
        assert_eq!(u.public(), "https://kabinet.example");
        assert_eq!(u.internal(), "http://127.0.0.1:8080");
        let u = Urls::new(None);
        u.set_bound("127.0.0.1:4000".parse().unwrap());
        assert_eq!(u.public(), "http://127.0.0.1:4000");
    }
}
