//! Reusable pieces of the UI.

pub mod action_dialog;
pub mod app_header;
pub mod block;
pub mod calendar_card;
pub mod chat;
pub mod dialog;
pub mod error_box;
pub mod filters;
pub mod icons;
pub mod list_footer;
pub mod notification_bell;
pub mod order_blocks;
pub mod order_form;
pub mod order_header;
pub mod order_row;
pub mod remote_view;
pub mod sharing;
pub mod status_chip;
pub mod text;
pub mod ticket_qr;

pub use app_header::AppHeader;
pub use block::{block, CollapsibleBlock};
pub use calendar_card::CalendarCard;
pub use dialog::Dialog;
pub use error_box::{error_box, error_text, error_text_for, msg_text, ErrorBox};
pub use icons::kind_icon;
pub use order_header::OrderHeader;
pub use order_row::OrderRow;
pub use remote_view::remote_view;
pub use status_chip::{status_chip, StatusChip};
pub use text::{date_text, money_text};
