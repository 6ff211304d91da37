//! The answer's sound and vibration. Browsers start audio only after a user
//! gesture, so the AudioContext is made (or resumed) on the first click or key.

use std::cell::{Cell, RefCell};

use web_sys::{AudioContext, AudioContextState, OscillatorType};

thread_local! {
    static CTX: RefCell<Option<AudioContext>> = const { RefCell::new(None) };
    /// A gesture has happened: Chromium refuses (and logs) vibration before one.
    static TOUCHED: Cell<bool> = const { Cell::new(false) };
}

/// Called on every click and key press: the first one unlocks audio.
pub fn unlock() {
    TOUCHED.with(|t| t.set(true));
    CTX.with(|slot| {
        let mut slot = slot.borrow_mut();
        match slot.as_ref() {
            Some(ctx) if ctx.state() == AudioContextState::Suspended => {
                let _ = ctx.resume();
            }
            Some(_) => {}
            None => *slot = AudioContext::new().ok(),
        }
    });
}

/// A high short beep when admitted, a low longer one when not.
pub fn beep(ok: bool) {
    CTX.with(|slot| {
        let slot = slot.borrow();
        let Some(ctx) = slot
            .as_ref()
            .filter(|c| c.state() == AudioContextState::Running)
        else {
            return;
        };
        let (freq, secs, kind) = if ok {
            (1320.0, 0.12, OscillatorType::Sine)
        } else {
            (220.0, 0.5, OscillatorType::Square)
        };
        let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else {
            return;
        };
        let t = ctx.current_time();
        osc.set_type(kind);
        osc.frequency().set_value(freq);
        // A short ramp each way: no click at the start or end.
        let g = gain.gain();
        let _ = g.set_value_at_time(0.0, t);
        let _ = g.linear_ramp_to_value_at_time(0.25, t + 0.01);
        let _ = g.set_value_at_time(0.25, t + secs - 0.02);
        let _ = g.linear_ramp_to_value_at_time(0.0, t + secs);
        let _ = osc.connect_with_audio_node(&gain);
        let _ = gain.connect_with_audio_node(&ctx.destination());
        let _ = osc.start_with_when(t);
        let _ = osc.stop_with_when(t + secs);
    });
}

/// One short buzz when admitted, three when not (where the device vibrates).
pub fn vibrate(ok: bool) {
    if !TOUCHED.with(Cell::get) {
        return;
    }
    let nav = super::window().navigator();
    // `vibrate` is missing in some browsers (Safari): calling it would throw.
    if !js_sys::Reflect::has(&nav, &"vibrate".into()).unwrap_or(false) {
        return;
    }
    if ok {
        nav.vibrate_with_duration(80);
    } else {
        let pattern = js_sys::Array::of3(&200.into(), &100.into(), &200.into());
        nav.vibrate_with_pattern(&pattern);
    }
}
