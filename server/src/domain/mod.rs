//! The domain: what Kabinet decides, between the routes (which parse and answer)
//! and storage (which reads and writes rows). `access` says who may see and do
//! what, `orders` acts on orders, `ordering` gives order forms and
//! availability, places orders of every kind and drafts repeats, `chat` sends messages and takes
//! files, `notify` says who is told what, `once` applies a write once per
//! Idempotency-Key, `sessions` signs people in and out and registers them,
//! `sharing` shares bookings and passes tickets on, `people` finds whom to share
//! with, `calendar` answers «Мой
//! календарь», «Мои бронирования» and door access, `checkin` is the door:
//! entry codes and the check-in app, `payments` pays orders online and refunds
//! cancelled ones.

pub mod access;
pub mod calendar;
pub mod chat;
pub mod checkin;
pub mod embed;
pub mod notify;
pub mod once;
pub mod ordering;
pub mod orders;
pub mod payments;
pub mod people;
pub mod sessions;
pub mod sharing;
