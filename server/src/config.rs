//! Server configuration: command-line flags, each also readable from an env var.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

#[derive(Clone, Debug, Parser)]
#[command(
    name = "kabinet-server",
    about = "Kabinet: «Мои заказы» backend and app server",
    // A flag given twice: the last one counts (scripts can override defaults).
    args_override_self = true
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "KABINET_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Where the SQLite file (kabinet.db) lives; created if missing.
    #[arg(long, env = "KABINET_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// The built app (Trunk's dist directory).
    #[arg(long, env = "KABINET_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// Seed the demo data into an empty database.
    #[arg(long, env = "KABINET_DEMO", default_value_t = false)]
    pub demo: bool,

    /// With --demo: this many extra orders for anna, for load tests.
    #[arg(long, env = "KABINET_DEMO_EXTRA_ORDERS", default_value_t = 0)]
    pub demo_extra_orders: u32,

    /// With --demo: this many extra registered people, for the people-search benchmark.
    #[arg(long, env = "KABINET_DEMO_EXTRA_PEOPLE", default_value_t = 0)]
    pub demo_extra_people: u32,

    /// The site's IANA time zone; every date is shown in it.
    #[arg(long, env = "KABINET_TIME_ZONE", default_value = "Europe/Moscow")]
    pub time_zone: String,

    /// The largest chat attachment, in megabytes.
    #[arg(long, env = "KABINET_MAX_FILE_MB", default_value_t = kabinet_core::DEFAULT_MAX_FILE_MB)]
    pub max_file_mb: u64,

    /// The most files one chat message may carry.
    #[arg(long, env = "KABINET_MAX_FILES", default_value_t = kabinet_core::DEFAULT_MAX_FILES)]
    pub max_files: u32,

    /// Registrations an hour from one client address (behind a proxy, all clients
    /// share its address).
    #[arg(long, env = "KABINET_REGISTER_PER_HOUR", default_value_t = 30)]
    pub register_per_hour: u32,

    /// The key share and transfer links are derived from (at least 32 characters).
    /// Without it, a key file `link.key` in the data directory is used (and created).
    #[arg(long, env = "KABINET_LINK_KEY", hide_env_values = true)]
    pub link_key: Option<String>,

    /// Portal origins allowed to embed the app in an iframe (comma-separated).
    #[arg(long, env = "KABINET_PORTAL_ORIGINS", value_delimiter = ',')]
    pub portal_origins: Vec<String>,

    /// The portals that embed Kabinet and sign launch tokens: a JSON file
    /// `[{"id", "origins": [...], "ed25519_public_key_pem" | "hs256_secret"}]`.
    /// Their origins may frame the app.
    #[arg(long, env = "KABINET_PORTALS")]
    pub portals: Option<std::path::PathBuf>,

    /// The payment provider: `test` (built in: its own pay page, signed webhooks)
    /// or `yookassa`. Unset: `test` with --demo, `yookassa` when its shop id and
    /// key are given, otherwise none (paying answers 503).
    #[arg(long, env = "KABINET_PAYMENT_PROVIDER", value_enum)]
    pub payment_provider: Option<ProviderKind>,

    /// YooKassa's shop id (with --payment-provider yookassa).
    #[arg(long, env = "KABINET_YOOKASSA_SHOP_ID", hide_env_values = true)]
    pub yookassa_shop_id: Option<String>,

    /// YooKassa's secret key (with --payment-provider yookassa).
    #[arg(long, env = "KABINET_YOOKASSA_SECRET_KEY", hide_env_values = true)]
    pub yookassa_secret_key: Option<String>,

    /// YooKassa's API base URL (a fake's in tests).
    #[arg(
        long,
        env = "KABINET_YOOKASSA_API_URL",
        default_value = "https://api.yookassa.ru/v3"
    )]
    pub yookassa_api_url: String,

    /// The server's address as browsers reach it (return and pay page URLs), e.g.
    /// https://kabinet.example; without it, the address the server is bound to.
    #[arg(long, env = "KABINET_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// The key the test provider signs its webhooks with; without it, one derived
    /// from the link key.
    #[arg(long, env = "KABINET_TEST_PAY_SECRET", hide_env_values = true)]
    pub test_pay_secret: Option<String>,

    /// How long the test provider takes to answer a refund (its webhook), in ms.
    #[arg(long, env = "KABINET_TEST_REFUND_DELAY_MS", default_value_t = 1500)]
    pub test_refund_delay_ms: u64,
}

/// Which payment provider the server pays through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ProviderKind {
    Test,
    Yookassa,
}

impl Config {
    pub fn max_file_bytes(&self) -> u64 {
        kabinet_core::megabytes(self.max_file_mb)
    }

    /// The provider to pay through: the one chosen; else the test provider for
    /// the demo; else YooKassa when its settings are given; else none. The test
    /// provider is never the default of a real server: anyone could «pay» on its
    /// page.
    pub fn provider_kind(&self) -> Option<ProviderKind> {
        self.payment_provider.or(if self.demo {
            Some(ProviderKind::Test)
        } else if self.yookassa_shop_id.is_some() && self.yookassa_secret_key.is_some() {
            Some(ProviderKind::Yookassa)
        } else {
            None
        })
    }

    /// The default limit, for the OpenAPI document.
    pub fn default_max_file_bytes() -> u64 {
        kabinet_core::megabytes(kabinet_core::DEFAULT_MAX_FILE_MB)
    }

    /// A config for tests: an ephemeral port, the given data dir, no static files.
    pub fn for_tests(data_dir: PathBuf) -> Config {
        Config {
            bind: "127.0.0.1:0".parse().expect("literal address"),
            data_dir,
            static_dir: PathBuf::from("/nonexistent"),
            demo: false,
            demo_extra_orders: 0,
            demo_extra_people: 0,
            time_zone: "Europe/Moscow".into(),
            max_file_mb: kabinet_core::DEFAULT_MAX_FILE_MB,
            max_files: kabinet_core::DEFAULT_MAX_FILES,
            portal_origins: Vec::new(),
            portals: None,
            link_key: None,
            register_per_hour: 30,
            // The tests pay through the test provider unless they choose another.
            payment_provider: Some(ProviderKind::Test),
            yookassa_shop_id: None,
            yookassa_secret_key: None,
            yookassa_api_url: "https://api.yookassa.ru/v3".into(),
            public_url: None,
            test_pay_secret: None,
            test_refund_delay_ms: 0,
        }
    }
}
