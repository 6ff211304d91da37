//! Serves the built app with tower-http's `ServeDir`: the brotli and gzip copies
//! made at build time (Trunk's post-build hook) are sent as the browser accepts
//! them, hashed assets are cached for good, and client routes get index.html.

use std::path::Path;

use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

use crate::error::AppError;

/// The router that serves `dir` (the app as Trunk built it).
pub fn router(dir: &Path) -> Router {
    let index = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .fallback(client_route.with_state(index));
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_policy))
}

/// Whether the built app is there at all.
pub fn present(dir: &Path) -> bool {
    dir.join("index.html").is_file()
}

/// A path that looks like a file and is not one is a 404; anything else is a
/// client route, answered with index.html.
async fn client_route(State(mut index): State<ServeFile>, req: Request) -> Response {
    let path = req.uri().path().trim_start_matches('/');
    let last = path.rsplit('/').next().unwrap_or("");
    if path == "api" || path.starts_with("api/") || last.contains('.') {
        return AppError::not_found().into_response();
    }
    match index.try_call(req).await {
        // 304: the browser's copy of index.html is still good.
        Ok(resp) if resp.status().is_success() || resp.status() == StatusCode::NOT_MODIFIED => {
            resp.map(axum::body::Body::new)
        }
        _ => AppError::not_found().into_response(),
    }
}

/// Trunk puts a content hash in every asset name except index.html: those are
/// cached for good, index.html (and client routes) revalidated each time.
async fn cache_policy(req: Request, next: Next) -> Response {
    let last = req
        .uri()
        .path()
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_string();
    let mut resp = next.run(req).await;
    let hashed = last.contains('.') && last != "index.html";
    let value = if hashed && resp.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    resp
}
