//! The pieces of the pages: the top bar, links, loading and error states, and the
//! door's parts (camera, code entry, answer panel, waiting scans, ticket search).

mod answer;
mod camera_view;
mod code_entry;
mod common;
mod search;
mod top_bar;
mod waiting;

pub use answer::{AnswerPanel, UndoBar};
pub use camera_view::CameraView;
pub use code_entry::CodeEntry;
pub use common::{app_link, error_view, forbidden_view, loading_view};
pub use search::TicketSearch;
pub use top_bar::TopBar;
pub use waiting::WaitingList;
