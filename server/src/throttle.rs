//! Throttling by client address: registration makes an argon2 hash and an account
//! everyone can find, so one address gets only so many an hour (429 with
//! Retry-After past that). Behind a proxy every client has the proxy's address:
//! raise the limit there (`--register-per-hour`).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::AppError;
use crate::AppState;

pub struct Throttle {
    register: DefaultKeyedRateLimiter<IpAddr>,
}

impl Throttle {
    /// At most `per_hour` registrations an hour from one address (all at once too).
    pub fn new(per_hour: u32) -> Throttle {
        let n = NonZeroU32::new(per_hour.max(1)).unwrap_or(NonZeroU32::MIN);
        Throttle {
            register: RateLimiter::keyed(Quota::per_hour(n)),
        }
    }

    /// One registration from `from`, or 429 saying when to try again.
    pub fn register(&self, from: IpAddr) -> Result<(), AppError> {
        self.register.check_key(&from).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            AppError::rate_limited(wait.as_secs() + 1)
        })?;
        // Keys of addresses that are back to full quota are dropped now and then.
        if self.register.len() > 10_000 {
            self.register.retain_recent();
        }
        Ok(())
    }
}

/// The client's address (the connection's peer; unknown in-process).
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, AppError> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip()),
        ))
    }
}
