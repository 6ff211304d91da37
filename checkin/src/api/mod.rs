//! The API: `ApiError` (pure) and, in the browser, the typed client of the
//! check-in endpoints.

mod error;

#[cfg(target_arch = "wasm32")]
mod client;

#[cfg(target_arch = "wasm32")]
pub use client::*;
pub use error::ApiError;
