//! The server's black-box tests: the real router on a real port (port 0), a fresh
//! SQLite file per test, plain HTTP. One binary, a module per resource.

mod actions;
mod basics;
mod chat;
mod checkin;
mod common;
mod desk;
mod embed;
mod fake_yookassa;
mod live;
mod ordering;
mod payments;
mod place;
mod sharing;
