//! Kabinet's check-in app: the event manager's door. Scans ticket QR codes with the
//! camera (BarcodeDetector, or `rqrr` in Rust where the browser has none), takes
//! typed and USB-scanner codes, checks people in by hand from a search, undoes the
//! last check-in, and keeps scans made offline until the network is back.
//!
//! `state`, `i18n`, `decode`, `route` and `api::ApiError` are plain Rust, tested on
//! the host; everything that touches the browser is built for wasm32 only.

pub mod api;
pub mod decode;
pub mod i18n;
pub mod route;
pub mod state;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod hooks;
#[cfg(target_arch = "wasm32")]
mod pages;
#[cfg(target_arch = "wasm32")]
mod web;

#[cfg(target_arch = "wasm32")]
pub use app::App;
