//! Hooks: the session, the locale, the live stream, remote data, paged order
//! lists, the order page's actions, the chat, and small browser helpers.

pub mod chat;
pub mod live;
pub mod locale;
pub mod media;
pub mod order_actions;
pub mod order_form;
pub mod order_list;
pub mod page;
pub mod paged;
pub mod paint_mark;
pub mod payment;
pub mod persist;
pub mod remote;
pub mod session;
pub mod theme;

pub use live::{use_live_emit, use_live_event, LiveProvider};
pub use locale::{use_locale, Locale, LocaleProvider};
pub use media::use_is_phone;
pub use order_actions::use_order_actions;
pub use order_form::use_order_form;
pub use order_list::{use_order_list, OrderItem};
pub use page::{use_scroll_memory, use_title};
pub use paged::{use_paged, Page, Paged};
pub use paint_mark::use_paint_mark;
pub use payment::{use_pay, PayState};
pub use persist::use_persisted_bool;
pub use remote::{use_remote, Remote, RemoteHandle};
pub use session::{use_session, Session, SessionAction, SessionProvider};
pub use theme::{Theme, ThemeProvider};
