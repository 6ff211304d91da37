//! The app's state machines as plain data and reduce functions: no browser calls,
//! so they run as host tests (`cargo test -p kabinet --lib`). The hooks in
//! `hooks/` drive them with `use_reducer` and do the fetching.

pub mod actions;
pub mod bell;
pub mod calendar;
pub mod chat;
pub mod list;
pub mod order_form;
pub mod sharing;
