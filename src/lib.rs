//! Kabinet: the «Мои заказы» single-page app. `run` mounts it on the page.

pub mod api;
pub mod app;
pub mod components;
pub mod format;
pub mod hooks;
pub mod i18n;
pub mod pages;
pub mod routes;
pub mod state;

/// Mounts the app on `<body>`.
pub fn run() {
    yew::Renderer::<app::App>::new().render();
}
