//! Hooks: the session, the locale, remote data, and small browser helpers.

pub mod locale;
pub mod media;
pub mod paint_mark;
pub mod persist;
pub mod remote;
pub mod session;

pub use locale::{use_locale, Locale, LocaleProvider};
pub use media::use_is_phone;
pub use paint_mark::use_paint_mark;
pub use persist::use_persisted_bool;
pub use remote::{use_remote, Remote, RemoteHandle};
pub use session::{use_session, Session, SessionAction, SessionProvider};
