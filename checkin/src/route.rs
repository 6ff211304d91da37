//! The app's two addresses under /checkin, read from and written to the location
//! bar (no router crate: two routes do not pay for one in the bundle).

/// Where the app is served; the server answers every client route below it with
/// this app's index.html.
pub const BASE: &str = "/checkin";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/checkin`: the events, today's first.
    Events,
    /// `/checkin/events/{id}`: the door of one event.
    Event(i64),
    NotFound,
}

impl Route {
    /// The route of a location path (a trailing slash is ignored).
    pub fn parse(path: &str) -> Route {
        let Some(rest) = path.strip_prefix(BASE) else {
            return Route::NotFound;
        };
        let rest = rest.trim_end_matches('/');
        if rest.is_empty() {
            return Route::Events;
        }
        match rest.strip_prefix("/events/").map(str::parse::<i64>) {
            Some(Ok(id)) if id > 0 => Route::Event(id),
            _ => Route::NotFound,
        }
    }

    pub fn path(&self) -> String {
        match self {
            Route::Events | Route::NotFound => BASE.to_string(),
            Route::Event(id) => format!("{BASE}/events/{id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_back() {
        for r in [Route::Events, Route::Event(42)] {
            assert_eq!(Route::parse(&r.path()), r);
        }
        assert_eq!(Route::parse("/checkin/"), Route::Events);
        assert_eq!(Route::parse("/checkin/events/7/"), Route::Event(7));
    }

    #[test]
    fn anything_else_is_not_found() {
        for p in [
            "/",
            "/checkinx",
            "/checkin/events",
            "/checkin/events/abc",
            "/checkin/events/0",
            "/checkin/events/3/x",
            "/orders/3",
        ] {
            assert_eq!(Route::parse(p), Route::NotFound, "{p}");
        }
    }
}
