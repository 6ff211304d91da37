//! A code held in front of the camera is read several times a second. It is sent
//! once, and then not again while it stays in view, whatever its answer (the
//! answer stays on the panel, and a visitor who lingers is not refused as
//! «Уже отмечен» a moment after being let in). It may be sent again once it has
//! been out of view for a moment — no read of it for `GONE_MS` and over at
//! least `GONE_FRAMES` decoded frames (a tab in the background decodes none, so
//! it does not count as out of view) — or after «Сканировать дальше». Another
//! code is sent at once.

/// How long a code must go unread to count as out of view.
pub const GONE_MS: f64 = 1500.0;
/// And over how many decoded frames (a slow phone decodes fewer per second).
pub const GONE_FRAMES: u32 = 5;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dedupe {
    /// The codes in view, or sent and not yet answered.
    seen: Vec<Seen>,
}

#[derive(Clone, Debug, PartialEq)]
struct Seen {
    code: String,
    /// The last frame it was read in.
    read_at: f64,
    /// Frames decoded since without it.
    misses: u32,
    /// Its answer came (or it was kept for later); until then it is never sent
    /// again, in view or not.
    answered: bool,
}

impl Seen {
    fn gone(&self, now: f64) -> bool {
        self.misses >= GONE_FRAMES && now - self.read_at >= GONE_MS
    }
}

impl Dedupe {
    /// A frame decoded at `now` (ms) with `read`, the code read in it if any:
    /// whether to send that code.
    pub fn frame(&mut self, read: Option<&str>, now: f64) -> bool {
        for s in &mut self.seen {
            if Some(s.code.as_str()) != read {
                s.misses = s.misses.saturating_add(1);
            }
        }
        // Answered and out of view: forgotten, so it is sent when it comes back.
        self.seen.retain(|s| !(s.answered && s.gone(now)));
        let Some(code) = read else {
            return false;
        };
        if let Some(s) = self.seen.iter_mut().find(|s| s.code == code) {
            s.read_at = now;
            s.misses = 0;
            return false;
        }
        self.seen.push(Seen {
            code: code.to_string(),
            read_at: now,
            misses: 0,
            answered: false,
        });
        true
    }

    /// `code` got its answer, or was kept for later: from now on it may be sent
    /// again once out of view.
    pub fn answered(&mut self, code: &str) {
        if let Some(s) = self.seen.iter_mut().find(|s| s.code == code) {
            s.answered = true;
        }
    }

    /// «Сканировать дальше»: the next read of any code is sent, the one in view
    /// too.
    pub fn reset(&mut self) {
        self.seen.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Frames every 170 ms from `from` to `to` (ms), each reading `code`.
    fn frames(d: &mut Dedupe, code: Option<&str>, from: u32, to: u32) -> usize {
        (from..to)
            .step_by(170)
            .filter(|t| d.frame(code, *t as f64))
            .count()
    }

    #[test]
    fn a_code_in_view_is_sent_once_whatever_its_answer_and_however_long() {
        let mut d = Dedupe::default();
        assert!(d.frame(Some("A"), 0.0));
        // Reads while the request is out, however long it takes.
        assert_eq!(frames(&mut d, Some("A"), 170, 5000), 0);
        d.answered("A");
        // Still in view a minute later: never sent again.
        assert_eq!(frames(&mut d, Some("A"), 5000, 65_000), 0);
    }

    #[test]
    fn a_few_frames_without_it_are_not_out_of_view() {
        let mut d = Dedupe::default();
        assert!(d.frame(Some("A"), 0.0));
        d.answered("A");
        // The decoder misses it now and then (blur, glare): still in view.
        for t in (170..20_000).step_by(170) {
            let read = (t / 170) % 4 != 0;
            assert!(!d.frame(read.then_some("A"), t as f64), "{t}");
        }
        // Nothing read for a second: still the same visitor.
        assert_eq!(frames(&mut d, None, 20_000, 21_000), 0);
        assert!(!d.frame(Some("A"), 21_000.0));
    }

    #[test]
    fn a_code_out_of_view_for_a_moment_is_sent_again() {
        let mut d = Dedupe::default();
        assert!(d.frame(Some("A"), 0.0));
        d.answered("A");
        frames(&mut d, None, 170, 170 + GONE_MS as u32 + 170);
        assert!(d.frame(Some("A"), 2000.0));
        // And then it is held again.
        assert!(!d.frame(Some("A"), 2170.0));
    }

    #[test]
    fn time_without_frames_is_not_out_of_view() {
        let mut d = Dedupe::default();
        assert!(d.frame(Some("A"), 0.0));
        d.answered("A");
        // The tab was in the background for a minute: no frame was decoded.
        assert!(!d.frame(Some("A"), 60_000.0));
        // Two frames without it are not enough either, however slow.
        assert!(!d.frame(None, 62_000.0));
        assert!(!d.frame(None, 64_000.0));
        assert!(!d.frame(Some("A"), 66_000.0));
    }

    #[test]
    fn a_code_not_answered_yet_is_never_sent_again() {
        let mut d = Dedupe::default();
        assert!(d.frame(Some("A"), 0.0));
        frames(&mut d, None, 170, 5000);
        assert!(!d.frame(Some("A"), 5000.0));
        // Answered while out of view, it is sent when it comes back.
        d.answered("A");
        frames(&mut d, None, 5170, 7000);
        assert!(d.frame(Some("A"), 7000.0));
    }

    #[test]
    fn another_code_is_sent_at_once_and_both_are_held_while_in_view() {
        let mut d = Dedupe::default();
        assert!(d.frame(Some("A"), 0.0));
        d.answered("A");
        assert!(d.frame(Some("B"), 170.0));
        d.answered("B");
        // Two tickets in view, read by turns: neither is sent again.
        for t in (340..10_000).step_by(170) {
            let code = if (t / 170) % 2 == 0 { "A" } else { "B" };
            assert!(!d.frame(Some(code), t as f64), "{t}");
        }
        // A third one is.
        assert!(d.frame(Some("C"), 10_000.0));
    }

    #[test]
    fn scanning_on_sends_the_code_in_view_again() {
        let mut d = Dedupe::default();
        assert!(d.frame(Some("A"), 0.0));
        d.answered("A");
        assert!(!d.frame(Some("A"), 170.0));
        d.reset();
        assert!(d.frame(Some("A"), 340.0));
        assert!(!d.frame(Some("A"), 510.0));
    }
}
