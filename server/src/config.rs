//! Server configuration: command-line flags, each also readable from an env var.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

#[derive(Clone, Debug, Parser)]
#[command(
    name = "kabinet-server",
    about = "Kabinet: «Мои заказы» backend and app server"
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

    /// The site's IANA time zone; every date is shown in it.
    #[arg(long, env = "KABINET_TIME_ZONE", default_value = "Europe/Moscow")]
    pub time_zone: String,

    /// Portal origins allowed to embed the app in an iframe (comma-separated).
    #[arg(long, env = "KABINET_PORTAL_ORIGINS", value_delimiter = ',')]
    pub portal_origins: Vec<String>,
}

impl Config {
    /// A config for tests: an ephemeral port, the given data dir, no static files.
    pub fn for_tests(data_dir: PathBuf) -> Config {
        Config {
            bind: "127.0.0.1:0".parse().expect("literal address"),
            data_dir,
            static_dir: PathBuf::from("/nonexistent"),
            demo: false,
            demo_extra_orders: 0,
            time_zone: "Europe/Moscow".into(),
            portal_origins: Vec::new(),
        }
    }
}
