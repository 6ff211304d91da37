//! kabinet-core: the API types and the order rules that the app and the server share,
//! so that the UI offers exactly the actions the server allows.

pub mod checkin;
pub mod embed;
pub mod ordering;
pub mod rules;
pub mod sharing;
pub mod types;
pub mod vocab;

pub use checkin::*;
pub use embed::*;
pub use ordering::*;
pub use rules::*;
pub use sharing::*;
pub use types::*;
