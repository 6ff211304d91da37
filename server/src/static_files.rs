//! Serves the built app from memory: each file is read once at start and kept with
//! brotli and gzip copies, answered by the browser's Accept-Encoding. Client routes
//! get index.html.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::AppState;

struct Asset {
    raw: Vec<u8>,
    br: Option<Vec<u8>>,
    gz: Option<Vec<u8>>,
    content_type: String,
    etag: String,
}

#[derive(Default)]
pub struct StaticFiles {
    files: HashMap<String, Asset>,
}

fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.contains("javascript")
        || content_type.contains("json")
        || content_type.contains("wasm")
        || content_type.contains("svg")
}

fn compress(raw: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        let _ = w.write_all(raw);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = gz.write_all(raw);
    (br, gz.finish().unwrap_or_default())
}

impl StaticFiles {
    /// Reads every file under `dir` (none if it does not exist).
    pub fn load(dir: &Path) -> StaticFiles {
        let mut files = HashMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in entries.flatten() {
                let path = e.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Ok(raw) = std::fs::read(&path) else {
                    continue;
                };
                let Ok(rel) = path.strip_prefix(dir) else {
                    continue;
                };
                let key = rel.to_string_lossy().replace('\\', "/");
                let content_type = mime_guess::from_path(&path)
                    .first_or_octet_stream()
                    .essence_str()
                    .to_string();
                let content_type =
                    if content_type.starts_with("text/") || content_type.contains("javascript") {
                        format!("{content_type}; charset=utf-8")
                    } else {
                        content_type
                    };
                let (br, gz) = if compressible(&content_type) && raw.len() > 256 {
                    let (b, g) = compress(&raw);
                    (Some(b), Some(g))
                } else {
                    (None, None)
                };
                let etag = format!("\"{}\"", &hex(&Sha256::digest(&raw))[..32]);
                files.insert(
                    key,
                    Asset {
                        raw,
                        br,
                        gz,
                        content_type,
                        etag,
                    },
                );
            }
        }
        StaticFiles { files }
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Does the client accept `coding` (with a q-value above zero)?
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            let mut it = part.split(';');
            let name = it.next().unwrap_or("").trim();
            let q = it
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            name.eq_ignore_ascii_case(coding) && q > 0.0
        })
}

pub async fn static_get(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    let files = &state.static_files.files;
    let (asset, is_index) = match files.get(path) {
        Some(a) if !path.is_empty() => (a, path == "index.html"),
        _ => {
            // A path that looks like a file and is not one is a 404; anything else
            // is a client route.
            let last = path.rsplit('/').next().unwrap_or("");
            if path.starts_with("api/") || path == "api" || last.contains('.') {
                return AppError::NotFound.into_response();
            }
            match files.get("index.html") {
                Some(a) => (a, true),
                None => return AppError::NotFound.into_response(),
            }
        }
    };
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == asset.etag.as_bytes())
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let (body, encoding) = match (&asset.br, &asset.gz) {
        (Some(br), _) if accepts(&headers, "br") => (br.clone(), Some("br")),
        (_, Some(gz)) if accepts(&headers, "gzip") => (gz.clone(), Some("gzip")),
        _ => (asset.raw.clone(), None),
    };
    let mut resp = Response::new(Body::from(body));
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&asset.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&asset.etag) {
        h.insert(header::ETAG, v);
    }
    if let Some(e) = encoding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
    }
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    // Trunk puts a content hash in every asset name except index.html.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if is_index {
            "no-cache"
        } else {
            "public, max-age=31536000, immutable"
        }),
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_encoding_respects_q_zero() {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, deflate, br;q=0"),
        );
        assert!(accepts(&h, "gzip"));
        assert!(!accepts(&h, "br"));
    }
}
