//! Serves the built app with tower-http's `ServeDir`: the brotli and gzip copies
//! made at build time (Trunk's post-build hook) are sent as the browser accepts
//! them, hashed assets are cached for good, and client routes get index.html:
//! the check-in app's own (`dist/checkin/`, a bundle of its own) under /checkin,
//! the tenant app's everywhere else.

use std::path::Path;

use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

use crate::error::AppError;

/// Where the check-in app is built, inside the static dir (and its URL prefix).
const CHECKIN: &str = "checkin";

/// The index.html of each app.
#[derive(Clone)]
struct Indexes {
    tenant: ServeFile,
    checkin: ServeFile,
}

fn index_file(path: &Path) -> ServeFile {
    ServeFile::new(path).precompressed_br().precompressed_gzip()
}

/// The router that serves `dir` (the apps as Trunk built them).
pub fn router(dir: &Path) -> Router {
    let indexes = Indexes {
        tenant: index_file(&dir.join("index.html")),
        checkin: index_file(&dir.join(CHECKIN).join("index.html")),
    };
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .fallback(client_route.with_state(indexes));
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_policy))
}

/// Whether the built app is there at all.
pub fn present(dir: &Path) -> bool {
    dir.join("index.html").is_file()
}

/// Whether a path (without its leading slash) is the check-in app's.
fn is_checkin(path: &str) -> bool {
    path.strip_prefix(CHECKIN)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// A path that looks like a file and is not one is a 404; anything else is a
/// client route, answered with its app's index.html.
async fn client_route(State(indexes): State<Indexes>, req: Request) -> Response {
    let path = req.uri().path().trim_start_matches('/');
    let last = path.rsplit('/').next().unwrap_or("");
    if path == "api" || path.starts_with("api/") || last.contains('.') {
        return AppError::not_found().into_response();
    }
    let mut index = if is_checkin(path) {
        indexes.checkin
    } else {
        indexes.tenant
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_under_checkin_are_the_check_in_apps() {
        for p in ["checkin", "checkin/", "checkin/events/3"] {
            assert!(is_checkin(p), "{p}");
        }
        for p in ["", "orders/3", "checkinx", "checkins/1", "login"] {
            assert!(!is_checkin(p), "{p}");
        }
    }

    /// Each app's client routes get its own index.html, files keep their caching.
    #[tokio::test]
    async fn client_routes_get_their_apps_index() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("index.html"), "tenant").unwrap();
        std::fs::create_dir(root.join(CHECKIN)).unwrap();
        std::fs::write(root.join("checkin/index.html"), "door").unwrap();
        std::fs::write(root.join("checkin/door-1a2b.js"), "js").unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = router(root);
        tokio::spawn(async move { axum::serve(listener, app).await });
        let get = |p: &str| reqwest::get(format!("http://{addr}{p}"));
        for (path, body) in [
            ("/", "tenant"),
            ("/orders/3", "tenant"),
            ("/checkinx", "tenant"),
            ("/checkin", "door"),
            ("/checkin/", "door"),
            ("/checkin/events/3", "door"),
        ] {
            let resp = get(path).await.unwrap();
            assert_eq!(resp.status(), 200, "{path}");
            assert_eq!(resp.headers()[header::CACHE_CONTROL], "no-cache", "{path}");
            assert_eq!(resp.text().await.unwrap(), body, "{path}");
        }
        let js = get("/checkin/door-1a2b.js").await.unwrap();
        assert_eq!(js.status(), 200);
        assert!(js.headers()[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable"));
        assert_eq!(get("/checkin/gone-1.js").await.unwrap().status(), 404);
    }
}
