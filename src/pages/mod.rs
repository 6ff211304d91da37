//! One page per route.

mod bookings;
pub mod calendar;
mod desk;
mod invite;
mod login;
pub mod not_found;
mod order;
pub mod orders;
mod register;
mod service;

pub use bookings::BookingsPage;
pub use calendar::CalendarPage;
pub use desk::DeskPage;
pub use invite::InvitePage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use order::OrderPage;
pub use orders::OrdersPage;
pub use register::RegisterPage;
pub use service::ServicePage;
