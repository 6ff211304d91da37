//! One page per route.

mod desk;
mod login;
pub mod not_found;
mod order;
pub mod orders;
mod service;

pub use desk::DeskPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use order::OrderPage;
pub use orders::OrdersPage;
pub use service::ServicePage;
