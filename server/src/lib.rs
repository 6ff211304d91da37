//! kabinet-server: the Kabinet REST API under `/api`, and the built app on the same
//! port. `build_app` gives the router; `serve` runs it on a listener.

pub mod auth;
pub mod clock;
pub mod config;
pub mod demo;
pub mod directory;
pub mod domain;
pub mod error;
pub mod files;
pub mod jobs;
pub mod live;
pub mod passwords;
pub mod payments;
pub mod portals;
pub mod routes;
pub mod static_files;
pub mod storage;
pub mod throttle;
pub mod tokens;
pub mod views;

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::OpenApi;

pub use clock::Clock;
pub use config::Config;
use error::{AppError, REQUEST_ID};
use storage::Store;

/// The largest JSON body the API reads (uploads will set their own limits).
pub const BODY_LIMIT: usize = 1024 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub clock: Clock,
    pub sessions: Arc<auth::SessionCache>,
    pub hub: live::Hub,
    pub tickets: Arc<live::Tickets>,
    /// The key chat file links are signed with.
    pub file_secret: Arc<Vec<u8>>,
    /// The key share and transfer links are derived from (kept outside the database).
    pub link_key: Arc<Vec<u8>>,
    /// The people directory the share and transfer dialogs search.
    pub directory: Arc<directory::DirectoryCache>,
    /// Limits on registration by client address.
    pub throttle: Arc<throttle::Throttle>,
    /// The site's time zone (`--time-zone`): which day is today at the door.
    pub tz: jiff::tz::TimeZone,
    /// The payment provider, the server's URLs and the refund worker's wake-up.
    pub payments: payments::Payments,
    /// The portals that embed Kabinet (`--portals`).
    pub portals: Arc<portals::Portals>,
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Kabinet API", description = "«Мои заказы»: orders, their views and actions"),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI document of every endpoint, generated from the handlers.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, api) = utoipa_axum::router::OpenApiRouter::<AppState>::with_openapi(ApiDoc::openapi())
        .nest("/api", routes::api(Config::default_max_file_bytes()))
        .merge(routes::payments::pages())
        .split_for_parts();
    api
}

/// Opens the store (migrating it), seeds demo data if asked, loads the app's files.
pub async fn init_state(config: Config) -> Result<AppState, String> {
    let tz = jiff::tz::TimeZone::get(&config.time_zone)
        .map_err(|e| format!("unknown time zone {:?}: {e}", config.time_zone))?;
    let store =
        Store::open(&config.data_dir).map_err(|e| format!("cannot open the database: {e}"))?;
    let clock = Clock::default();
    if config.demo {
        let empty = store
            .call(|c| storage::users::is_empty(c))
            .await
            .map_err(|e: storage::StoreError| e.to_string())?;
        if empty {
            let extras = demo::Extras {
                orders: config.demo_extra_orders,
                people: config.demo_extra_people,
            };
            demo::seed(&store, clock.now(), extras)
                .await
                .map_err(|e| format!("cannot seed demo data: {e:?}"))?;
            tracing::info!("seeded the demo data");
        } else {
            tracing::info!("the database has data already; demo data not seeded");
        }
    }
    let file_secret = store
        .call(|c| storage::uploads::file_secret(c))
        .await
        .map_err(|e: storage::StoreError| format!("cannot read the file-link secret: {e}"))?;
    let link_key = tokens::load_link_key(config.link_key.as_deref(), &config.data_dir)
        .map_err(|e| format!("cannot read the link key: {e}"))?;
    let pay_secret = match config.test_pay_secret.as_deref() {
        Some(s) if !s.is_empty() => s.as_bytes().to_vec(),
        _ => payments::test_provider::derive_secret(&link_key),
    };
    let payments = payments::Payments::from_config(&config, pay_secret, clock.clone())?;
    if !static_files::present(&config.static_dir) {
        tracing::warn!(dir = %config.static_dir.display(), "no built app found; serving the API only");
    }
    let portals = match &config.portals {
        Some(path) => portals::Portals::load(path)?,
        None => portals::Portals::default(),
    };
    let state = AppState {
        portals: Arc::new(portals),
        store,
        throttle: Arc::new(throttle::Throttle::new(config.register_per_hour)),
        config: Arc::new(config),
        clock,
        sessions: Arc::default(),
        hub: live::Hub::default(),
        tickets: Arc::default(),
        file_secret: Arc::new(file_secret),
        link_key: Arc::new(link_key),
        directory: Arc::default(),
        tz,
        payments,
    };
    // Refunds are asked for as soon as an order is cancelled, not on the sweep.
    jobs::spawn_refund_worker(state.clone());
    Ok(state)
}

/// Content-Security-Policy: who may frame the app (the configured portals only).
fn frame_ancestors<'a>(origins: impl Iterator<Item = &'a String>) -> HeaderValue {
    let mut v = String::from("frame-ancestors 'self'");
    for o in origins.filter(|o| {
        // Only plain origins; anything that could inject another directive is dropped.
        (o.starts_with("https://") || o.starts_with("http://"))
            && !o.contains(|c: char| c.is_whitespace() || c == ';' || c == ',' || c == '\'')
    }) {
        v.push(' ');
        v.push_str(o);
    }
    HeaderValue::from_str(&v).unwrap_or(HeaderValue::from_static("frame-ancestors 'self'"))
}

/// The path as the request log shows it: a share or transfer link's token is a
/// key to a booking or a ticket, so it never reaches the log.
pub fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    for prefix in ["/api/invites/", "/invite/"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            let tail = rest.find('/').map_or("", |i| &rest[i..]);
            return format!("{prefix}{{token}}{tail}").into();
        }
    }
    path.into()
}

/// Makes the request id (set by `SetRequestIdLayer`) known to the handler, so that
/// a 5xx body names it.
async fn scope_request_id(req: Request, next: Next) -> Response {
    let id = req
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("-")
        .to_string();
    REQUEST_ID.scope(id, next.run(req)).await
}

pub fn build_app(state: AppState) -> Router {
    let (api_router, api) = utoipa_axum::router::OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api", routes::api(state.config.max_file_bytes()))
        // The test provider's pay page, outside the API (and before the app's
        // client routes, which would otherwise answer it).
        .merge(routes::payments::pages())
        .split_for_parts();
    let api = Arc::new(api);
    let x_request_id = HeaderName::from_static("x-request-id");
    api_router
        .route(
            "/api/openapi.json",
            get(move || async move { Json(api.as_ref().clone()) }),
        )
        .route("/api", get(|| async { AppError::not_found() }))
        .route(
            "/api/{*rest}",
            axum::routing::any(|| async { AppError::not_found() }),
        )
        .fallback_service(static_files::router(&state.config.static_dir))
        .method_not_allowed_fallback(|| async { AppError::method_not_allowed() })
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CatchPanicLayer::custom(|_| {
            axum::response::IntoResponse::into_response(AppError::internal("handler panicked"))
        }))
        .layer(middleware::from_fn(scope_request_id))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        // Chat files set a stricter policy of their own.
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("content-security-policy"),
            frame_ancestors(
                state
                    .config
                    .portal_origins
                    .iter()
                    .chain(state.portals.origins()),
            ),
        ))
        // One log line per request, with its id (also sent back as x-request-id).
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    let path = loggable_path(req.uri().path());
                    tracing::info_span!("request", id, method = %req.method(), path = %path)
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(x_request_id, MakeRequestUuid))
        // The id is ours: one a client sends is dropped, so log lines cannot be forged.
        .layer(middleware::from_fn(
            |mut req: Request, next: Next| async move {
                req.headers_mut().remove("x-request-id");
                next.run(req).await
            },
        ))
        .with_state(state)
}

/// Resolves when the process is told to stop: Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Serves until Ctrl-C or SIGTERM (or forever in tests); then the live streams are
/// ended so that the graceful shutdown finishes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    hub: live::Hub,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        hub.close();
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn link_tokens_stay_out_of_the_log() {
        let t = "a".repeat(43);
        assert_eq!(
            loggable_path(&format!("/api/invites/{t}")),
            "/api/invites/{token}"
        );
        assert_eq!(
            loggable_path(&format!("/api/invites/{t}/accept")),
            "/api/invites/{token}/accept"
        );
        assert_eq!(loggable_path(&format!("/invite/{t}")), "/invite/{token}");
        assert_eq!(loggable_path("/api/orders/3"), "/api/orders/3");
    }
}
