//! Health and the site settings the app loads first.

use axum::extract::State;
use kabinet_core::{Health, SiteConfig};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::AppJson;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health_get))
        .routes(routes!(config_get))
}

/// Liveness: answers without touching the database.
#[utoipa::path(get, path = "/health", tag = "site", responses((status = 200, body = Health)))]
pub async fn health_get() -> AppJson<Health> {
    AppJson(Health {
        status: "ok".into(),
    })
}

/// Site settings: time zone, currency, and the chat's file limits.
#[utoipa::path(get, path = "/config", tag = "site", responses((status = 200, body = SiteConfig)))]
pub async fn config_get(State(state): State<AppState>) -> AppJson<SiteConfig> {
    AppJson(SiteConfig {
        time_zone: state.config.time_zone.clone(),
        currency: "RUB".into(),
        max_file_bytes: state.config.max_file_bytes(),
        max_files: state.config.max_files,
    })
}
