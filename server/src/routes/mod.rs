//! The REST API: one router per resource, merged under `/api`.

pub mod auth;
pub mod calendar;
pub mod catalog;
pub mod chat;
pub mod checkin;
pub mod desk;
pub mod embed;
pub mod http;
pub mod invites;
pub mod live;
pub mod notifications;
pub mod orders;
pub mod payments;
pub mod people;
pub mod sharing;
pub mod site;

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// Every resource's routes, with their OpenAPI descriptions.
pub fn api(max_file_bytes: u64) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(site::router())
        .merge(auth::router())
        .merge(orders::router())
        .merge(payments::router())
        .merge(catalog::router())
        .merge(desk::router())
        .merge(live::router())
        .merge(notifications::router())
        .merge(chat::router(max_file_bytes))
        .merge(sharing::router())
        .merge(invites::router())
        .merge(people::router())
        .merge(calendar::router())
        .merge(checkin::router())
        .merge(embed::router())
}
