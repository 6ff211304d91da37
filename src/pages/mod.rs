//! One page per route.

mod login;
mod not_found;
mod order;
mod orders;
mod service;

pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use order::OrderPage;
pub use orders::OrdersPage;
pub use service::ServicePage;
