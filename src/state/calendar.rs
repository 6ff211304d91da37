//! «Мой календарь»: weeks as civil dates of the site's time zone, and the day each
//! entry falls on. Pure arithmetic: the zone's offset from UTC at an instant comes
//! from Intl in the browser (`format::zone_offset`) and is passed in, so the rules
//! run as host tests, with a fixed or a daylight-saving zone.

use kabinet_core::CalendarEntry;

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// The zone's offset from UTC at a Unix instant (seconds), in seconds.
pub type Offset<'a> = &'a dyn Fn(i64) -> i64;

/// Days since 1970-01-01 of a civil date (proleptic Gregorian; H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let (m, d) = (m as i64, d as i64);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// Monday 0 … Sunday 6 (1970-01-01 was a Thursday).
pub fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn num<T: std::str::FromStr>(s: &str, digits: usize) -> Option<T> {
    (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `2026-11-23` → its day number; anything else, or an impossible date, → None.
pub fn parse_date(s: &str) -> Option<i64> {
    let mut it = s.split('-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    let (y, m, d): (i64, u32, u32) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
    ((1..=12).contains(&m) && (1..=days_in_month(y, m)).contains(&d))
        .then(|| days_from_civil(y, m, d))
}

/// A day number as `2026-11-23`.
pub fn date_string(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// An RFC 3339 instant (`2026-11-27T07:30:00Z`, `…T10:30:00.5+03:00`) → Unix seconds.
pub fn parse_instant(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.len() < 20 || !matches!(s.get(10..11), Some("T" | "t" | " ")) {
        return None;
    }
    let day = parse_date(&s[..10])?;
    let rest = &s[11..];
    let (h, mi, sec): (i64, i64, i64) = (
        num(rest.get(0..2)?, 2)?,
        num(rest.get(3..5)?, 2)?,
        num(rest.get(6..8)?, 2)?,
    );
    if rest.get(2..3)? != ":" || rest.get(5..6)? != ":" || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut zone = &rest[8..];
    if let Some(frac) = zone.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        zone = &frac[digits..];
    }
    let offset = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = match zone.get(0..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let (oh, om): (i64, i64) = (num(zone.get(1..3)?, 2)?, num(zone.get(4..)?, 2)?);
            if zone.get(3..4)? != ":" {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    Some(day * DAY + h * 3600 + mi * 60 + sec - offset)
}

/// Unix seconds as an RFC 3339 instant in UTC: `2026-11-22T21:00:00Z`.
pub fn instant_string(secs: i64) -> String {
    let (day, t) = (secs.div_euclid(DAY), secs.rem_euclid(DAY));
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date_string(day),
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// Intl's `longOffset` zone name (`GMT+03:00`, `GMT-04:30`, `GMT`) → seconds.
pub fn parse_gmt_offset(s: &str) -> Option<i64> {
    let rest = s.trim().strip_prefix("GMT").or(s.strip_prefix("UTC"))?;
    if rest.is_empty() {
        return Some(0);
    }
    let (sign, body) = if let Some(b) = rest.strip_prefix('+') {
        (1, b)
    } else {
        (-1, rest.strip_prefix(['-', '\u{2212}'])?)
    };
    let (h, m) = body.split_once(':').unwrap_or((body, "00"));
    let (h, m): (i64, i64) = (h.parse().ok()?, num(m, 2)?);
    Some(sign * (h * 3600 + m * 60))
}

/// A parameter of an address's query (`week=2026-11-23&added=1`), as written:
/// the calendar's own parameters need no decoding.
pub fn query_param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.trim_start_matches('?').split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (k == name).then_some(v)
    })
}

/// The site's day an instant falls on.
pub fn local_day(secs: i64, offset: Offset) -> i64 {
    (secs + offset(secs)).div_euclid(DAY)
}

/// The instant a site day starts (its midnight), also across a daylight-saving change.
pub fn local_midnight(day: i64, offset: Offset) -> i64 {
    let wall = day * DAY;
    // The offset at the wall time read as UTC is a guess; one more look settles it.
    let guess = wall - offset(wall);
    wall - offset(guess)
}

/// One week of the calendar, Monday to Sunday, in the site's days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Week {
    pub monday: i64,
}

impl Week {
    /// The week a day belongs to.
    pub fn containing(day: i64) -> Week {
        Week {
            monday: day - weekday(day),
        }
    }

    /// The week of `?week=2026-11-23` (any day of it), else the week of `today`.
    pub fn from_query(week: Option<&str>, today: i64) -> Week {
        Week::containing(week.and_then(parse_date).unwrap_or(today))
    }

    pub fn shift(self, weeks: i64) -> Week {
        Week {
            monday: self.monday + 7 * weeks,
        }
    }

    pub fn days(self) -> [i64; 7] {
        std::array::from_fn(|i| self.monday + i as i64)
    }

    pub fn sunday(self) -> i64 {
        self.monday + 6
    }

    pub fn contains(self, day: i64) -> bool {
        (self.monday..self.monday + 7).contains(&day)
    }

    /// `from` and `to` of `GET /calendar`: the week's first midnight and the next
    /// week's, as instants.
    pub fn window(self, offset: Offset) -> (String, String) {
        (
            instant_string(local_midnight(self.monday, offset)),
            instant_string(local_midnight(self.monday + 7, offset)),
        )
    }

    /// The day column (0 Monday … 6 Sunday) an entry starting at `starts_at` goes
    /// in: its start day, or Monday when it began before the week (a hotel stay).
    /// None when it does not start in or before this week, or cannot be read.
    pub fn column(self, starts_at: &str, offset: Offset) -> Option<usize> {
        let day = local_day(parse_instant(starts_at)?, offset);
        (day < self.monday + 7).then(|| (day - self.monday).max(0) as usize)
    }

    /// The entries of each day, in the order given (the server's: by start time).
    pub fn columns<'a>(
        self,
        entries: &'a [CalendarEntry],
        offset: Offset,
    ) -> [Vec<&'a CalendarEntry>; 7] {
        let mut cols: [Vec<&CalendarEntry>; 7] = Default::default();
        for e in entries {
            if let Some(c) = self.column(&e.starts_at, offset) {
                cols[c].push(e);
            }
        }
        cols
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kabinet_core::{Holding, Kind, Status};

    const MSK: i64 = 3 * 3600;

    fn moscow(_: i64) -> i64 {
        MSK
    }

    /// Berlin in 2026: +1, and +2 from 29 March 01:00 UTC to 25 October 01:00 UTC.
    fn berlin(secs: i64) -> i64 {
        let start = parse_instant("2026-03-29T01:00:00Z").unwrap();
        let end = parse_instant("2026-10-25T01:00:00Z").unwrap();
        if (start..end).contains(&secs) {
            7200
        } else {
            3600
        }
    }

    fn day(s: &str) -> i64 {
        parse_date(s).unwrap()
    }

    #[test]
    fn civil_dates_round_trip_and_know_their_weekday() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(day("2026-11-23"), 20780);
        assert_eq!(weekday(day("2026-11-23")), 0, "a Monday");
        assert_eq!(weekday(day("2026-11-29")), 6, "a Sunday");
        assert_eq!(weekday(day("1969-12-29")), 0, "before 1970 too");
        // Years 0 to 9999, the ones with four digits.
        for z in (-719_528..2_932_897).step_by(997) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
            assert_eq!(parse_date(&date_string(z)), Some(z));
        }
        assert_eq!(date_string(day("2028-02-29")), "2028-02-29");
    }

    #[test]
    fn only_real_dates_are_read() {
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-1-01",
            "26-01-01",
            "2026-01-01-01",
            "",
            "x",
            "2026-01-0٣",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert!(parse_date("2024-02-29").is_some());
    }

    #[test]
    fn instants_are_read_with_their_offset() {
        let utc = parse_instant("2026-11-27T07:30:00Z").unwrap();
        assert_eq!(parse_instant("2026-11-27T10:30:00+03:00"), Some(utc));
        assert_eq!(parse_instant("2026-11-27T10:30:00.250+03:00"), Some(utc));
        assert_eq!(parse_instant("2026-11-27T03:00:00-04:30"), Some(utc));
        assert_eq!(instant_string(utc), "2026-11-27T07:30:00Z");
        assert_eq!(instant_string(-1), "1969-12-31T23:59:59Z");
        for bad in [
            "2026-11-27",
            "2026-11-27T07:30Z",
            "2026-11-27T25:00:00Z",
            "2026-11-27T07:30:00",
            "2026-11-27T07:30:00+0300",
            "2026-11-27T07:30:00.Z",
            "2026-11-27X07:30:00Z",
            "привет, это не дата и не время",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
    }

    #[test]
    fn intl_offsets_are_read() {
        assert_eq!(parse_gmt_offset("GMT+03:00"), Some(MSK));
        assert_eq!(parse_gmt_offset("GMT-04:30"), Some(-(4 * 3600 + 1800)));
        assert_eq!(parse_gmt_offset("GMT+5"), Some(5 * 3600));
        assert_eq!(parse_gmt_offset("GMT"), Some(0));
        assert_eq!(parse_gmt_offset("GMT\u{2212}03:00"), Some(-MSK));
        assert_eq!(parse_gmt_offset("MSK"), None);
    }

    #[test]
    fn a_week_runs_from_the_sites_monday_midnight_to_the_next() {
        let week = Week::containing(day("2026-11-26"));
        assert_eq!(week.monday, day("2026-11-23"));
        assert_eq!(week.sunday(), day("2026-11-29"));
        assert_eq!(
            week.window(&moscow),
            (
                "2026-11-22T21:00:00Z".to_string(),
                "2026-11-29T21:00:00Z".to_string()
            )
        );
        assert_eq!(week.shift(1).monday, day("2026-11-30"));
        assert_eq!(week.shift(-1).monday, day("2026-11-16"));
        assert_eq!(Week::containing(week.sunday()), week);
        assert_eq!(Week::containing(day("2026-11-30")), week.shift(1));
    }

    #[test]
    fn a_week_across_a_clock_change_starts_and_ends_at_local_midnights() {
        // Summer time starts on Sunday 29 March 2026: the week is an hour short.
        let week = Week::containing(day("2026-03-25"));
        let (from, to) = week.window(&berlin);
        assert_eq!(from, "2026-03-22T23:00:00Z");
        assert_eq!(to, "2026-03-29T22:00:00Z");
        // And the week winter time comes back is an hour long.
        let (from, to) = Week::containing(day("2026-10-25")).window(&berlin);
        assert_eq!(from, "2026-10-18T22:00:00Z");
        assert_eq!(to, "2026-10-25T23:00:00Z");
        // Sunday's midnight itself is before the change.
        assert_eq!(
            instant_string(local_midnight(day("2026-03-29"), &berlin)),
            "2026-03-28T23:00:00Z"
        );
    }

    #[test]
    fn the_query_names_the_week_or_today_does() {
        let today = day("2026-11-26");
        assert_eq!(Week::from_query(None, today).monday, day("2026-11-23"));
        assert_eq!(
            Week::from_query(Some("2026-12-02"), today).monday,
            day("2026-11-30")
        );
        assert_eq!(
            Week::from_query(Some("garbage"), today).monday,
            day("2026-11-23")
        );
    }

    #[test]
    fn the_address_names_the_week() {
        let q = "?week=2026-11-23&added=1";
        assert_eq!(query_param(q, "week"), Some("2026-11-23"));
        assert_eq!(query_param(q, "added"), Some("1"));
        assert_eq!(query_param("added", "added"), Some(""));
        assert_eq!(query_param("weekend=1", "week"), None);
        assert_eq!(query_param("", "week"), None);
    }

    fn entry(key: &str, starts_at: &str) -> CalendarEntry {
        CalendarEntry {
            key: key.into(),
            order_id: None,
            kind: Kind::Booking,
            status: Status::New,
            holding: Holding::Shared,
            title: key.into(),
            place: None,
            starts_at: starts_at.into(),
            ends_at: None,
            by: None,
            holder: None,
            entry_code: None,
        }
    }

    #[test]
    fn entries_fall_in_their_sites_day() {
        let week = Week::containing(day("2026-11-23"));
        // As the server sends them: by start time.
        let entries = [
            // A hotel stay that began the week before shows on Monday.
            entry("stay", "2026-11-20T11:00:00Z"),
            entry("mon-noon", "2026-11-23T09:00:00Z"),
            // 23:30 Moscow on Monday is Monday, though UTC says so too.
            entry("mon-late", "2026-11-23T20:30:00Z"),
            // 00:30 Moscow on Tuesday, still Monday in UTC.
            entry("tue-early", "2026-11-23T21:30:00Z"),
            entry("sun", "2026-11-29T20:59:59Z"),
            entry("unreadable", "soon"),
        ];
        let cols = week.columns(&entries, &moscow);
        let keys: Vec<Vec<&str>> = cols
            .iter()
            .map(|c| c.iter().map(|e| e.key.as_str()).collect())
            .collect();
        assert_eq!(keys[0], ["stay", "mon-noon", "mon-late"]);
        assert_eq!(keys[1], ["tue-early"]);
        assert_eq!(keys[6], ["sun"]);
        assert_eq!(keys.iter().map(Vec::len).sum::<usize>(), 5);
        assert_eq!(week.column("2026-11-29T21:00:00Z", &moscow), None);
    }
}
