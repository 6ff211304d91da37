//! A code held in front of the camera is read several times a second: it is sent
//! once, and the same text is ignored while its request is out and for
//! `HOLD_MS` after its answer (the answer stays readable meanwhile), or until
//! another code is read or the user presses «Сканировать дальше». A code still
//! in view after that is sent again, and the door says it was already used.

/// How long the same text is ignored after its answer.
pub const HOLD_MS: f64 = 3000.0;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dedupe {
    last: Option<Seen>,
}

#[derive(Clone, Debug, PartialEq)]
struct Seen {
    code: String,
    /// When it was read, then when its answer came.
    at: f64,
    answered: bool,
}

impl Dedupe {
    /// A camera read of `code` at `now` (ms): whether to send it.
    pub fn read(&mut self, code: &str, now: f64) -> bool {
        if let Some(seen) = self.last.as_mut().filter(|s| s.code == code) {
            if !seen.answered {
                // Still on its way to the server.
                return false;
            }
            if now - seen.at < HOLD_MS {
                return false;
            }
        }
        self.last = Some(Seen {
            code: code.to_string(),
            at: now,
            answered: false,
        });
        true
    }

    /// `code` got its answer (or was kept for later) at `now`: the hold starts.
    pub fn answered(&mut self, code: &str, now: f64) {
        if let Some(seen) = self.last.as_mut().filter(|s| s.code == code) {
            seen.answered = true;
            seen.at = now;
        }
    }

    /// «Сканировать дальше»: the next read of any code is sent.
    pub fn reset(&mut self) {
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_in_view_is_sent_once_per_answer_and_hold() {
        let mut d = Dedupe::default();
        assert!(d.read("A", 0.0));
        // Reads while the request is out, however long it takes.
        assert!(!d.read("A", 200.0));
        assert!(!d.read("A", 5000.0));
        d.answered("A", 6000.0);
        // The hold runs from the answer, not from the read.
        for t in (6000..9000).step_by(170) {
            assert!(!d.read("A", t as f64), "{t}");
        }
        assert!(d.read("A", 6000.0 + HOLD_MS));
        // And then it holds again.
        assert!(!d.read("A", 6000.0 + HOLD_MS + 170.0));
    }

    #[test]
    fn another_code_is_sent_at_once_and_ends_the_first_ones_hold() {
        let mut d = Dedupe::default();
        assert!(d.read("A", 0.0));
        assert!(d.read("B", 50.0));
        d.answered("B", 100.0);
        assert!(d.read("A", 200.0));
        // An answer for a code no longer the last one changes nothing.
        d.answered("B", 300.0);
        assert!(!d.read("A", 400.0));
    }

    #[test]
    fn scanning_on_sends_the_same_code_again() {
        let mut d = Dedupe::default();
        assert!(d.read("A", 0.0));
        d.answered("A", 10.0);
        d.reset();
        assert!(d.read("A", 20.0));
    }
}
