//! What every page needs to know: the language, the site's time zone, whether the
//! user is staff, and how to go to another page.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{Lang, T};
use crate::route::Route;
use crate::web::format::{self, Style};

#[derive(Clone, PartialEq)]
pub struct Site {
    pub lang: Lang,
    /// IANA zone of the site; empty until known (the browser's zone meanwhile).
    pub tz: Rc<str>,
    /// Staff get a link back to the orders; event managers have no orders there.
    pub staff: bool,
    /// The signed-in person's name (empty until `/api/me` answers).
    pub user: Rc<str>,
    pub set_lang: Callback<Lang>,
    /// Goes to a page of this app without a page load.
    pub go: Callback<Route>,
}

impl Site {
    pub fn t(&self, key: T) -> &'static str {
        key.text(self.lang)
    }

    /// "19:05" in the site's zone.
    pub fn time(&self, iso: &str) -> String {
        format::date(iso, self.lang, &self.tz, Style::Time)
    }

    /// "27 нояб. 2026 г., 19:00".
    pub fn date_time(&self, iso: &str) -> String {
        format::date(iso, self.lang, &self.tz, Style::DateTime)
    }

    /// "27 нояб. 2026 г., 19:00–21:30".
    pub fn range(&self, start: &str, end: &str) -> String {
        format::range(start, end, self.lang, &self.tz)
    }
}

#[hook]
pub fn use_site() -> Site {
    use_context::<Site>().expect("the app provides the site context")
}
