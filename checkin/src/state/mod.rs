//! The door's state as plain Rust: the scans and their answers (`scans`), and the
//! hold on codes the camera keeps seeing (`dedupe`).

pub mod dedupe;
pub mod scans;
