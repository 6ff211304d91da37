//! The live stream's plumbing: a hub that wakes the streams of users whose event log
//! grew (after the change committed), and the short-lived tickets that open a
//! stream, since an EventSource cannot send the bearer token.

use std::sync::Arc;

use tokio::sync::{broadcast, watch};

use crate::tokens::{new_token, token_hash};

/// How long a ticket may be used to (re)connect.
pub const TICKET_SECONDS: i64 = 300;

/// Wakes streams. It carries only user ids: a woken stream reads its events from
/// the database, in id order, so events published out of order are never lost.
#[derive(Clone)]
pub struct Hub {
    tx: broadcast::Sender<Arc<[i64]>>,
    // Streams never end by themselves; on shutdown this tells them to.
    closing: Arc<watch::Sender<bool>>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub {
            tx: broadcast::channel(1024).0,
            closing: Arc::new(watch::channel(false).0),
        }
    }
}

impl Hub {
    pub fn wake(&self, users: Vec<i64>) {
        if !users.is_empty() {
            // No receiver means no open stream: nothing to do.
            let _ = self.tx.send(users.into());
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<[i64]>> {
        self.tx.subscribe()
    }

    /// Changes once, when the server shuts down.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Ends every open stream, so that a graceful shutdown does not wait on them.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }
}

/// A ticket's session; the stream is the session user's and ends with it.
#[derive(Clone, Debug)]
pub struct TicketGrant {
    pub session_hash: Vec<u8>,
    expires_at: i64,
}

/// Issued tickets, by hash. In memory: after a restart the app asks for a new one.
/// The cache forgets a ticket some time after it expired; whether it still works
/// is decided by the server's clock.
pub struct Tickets {
    map: moka::sync::Cache<Vec<u8>, TicketGrant>,
}

impl Default for Tickets {
    fn default() -> Self {
        Tickets {
            map: moka::sync::Cache::builder()
                .max_capacity(1_000_000)
                .time_to_live(std::time::Duration::from_secs(2 * TICKET_SECONDS as u64))
                .build(),
        }
    }
}

impl Tickets {
    /// A new ticket for this session; answers it and when it expires.
    pub fn issue(&self, session_hash: Vec<u8>, now: i64) -> (String, i64) {
        let (ticket, hash) = new_token();
        let expires_at = now + TICKET_SECONDS;
        self.map.insert(
            hash,
            TicketGrant {
                session_hash,
                expires_at,
            },
        );
        (ticket, expires_at)
    }

    pub fn check(&self, ticket: &str, now: i64) -> Option<TicketGrant> {
        self.map
            .get(&token_hash(ticket))
            .filter(|g| g.expires_at > now)
    }
}
