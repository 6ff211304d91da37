//! The `kabinet-server` binary: parses the config, opens the store and serves.

use clap::Parser;

// The API allocates many small strings per request; glibc's malloc contends across
// threads under load, mimalloc does not.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use kabinet_server::{build_app, init_state, serve, Config};

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "kabinet_server=info,tower_http=info".into()),
        )
        .init();
    let config = Config::parse();
    let bind = config.bind;
    let state = match init_state(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("kabinet-server: {e}");
            std::process::exit(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind(bind).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("kabinet-server: cannot listen on {bind}: {e}");
            std::process::exit(1);
        }
    };
    if let Ok(a) = listener.local_addr() {
        // Return URLs and the test provider's webhooks name the bound address.
        state.payments.urls.set_bound(a);
    }
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    // The run script and the tests read this line to learn the port.
    println!("Kabinet is listening on http://{addr}/");
    kabinet_server::jobs::spawn(state.clone());
    let hub = state.hub.clone();
    if let Err(e) = serve(listener, build_app(state), hub).await {
        eprintln!("kabinet-server: {e}");
        std::process::exit(1);
    }
}
