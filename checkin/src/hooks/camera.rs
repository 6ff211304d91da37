//! The camera while the door page is open: asks for it, shows it in the page's
//! `<video>`, decodes a frame every `SCAN_EVERY_MS` and hands each decoded frame
//! (the text read in it, if any) to the caller. Leaving the page (or turning the camera off) stops its tracks.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use web_sys::{HtmlVideoElement, MediaStream};
use yew::prelude::*;

use crate::web::camera::{self, CameraError, Decoder};
use crate::web::{perf_now, window};

/// Time between the end of one decode and the next frame.
const SCAN_EVERY_MS: u32 = 170;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CameraStatus {
    Off,
    Starting,
    /// Showing and decoding, with this decoder (`data-decoder`).
    On(&'static str),
    Failed(CameraError),
}

/// What `use_camera` hands on for each decoded frame: the text read in it (if
/// any) and `performance.now()` when it was decoded.
pub type Frame = (Option<String>, f64);

/// The camera in `video` while `enabled`; `on_frame` for every frame decoded,
/// with a code read in it or none (repeats are the caller's to drop; frames
/// without the code tell it the code left the view).
#[hook]
pub fn use_camera(video: NodeRef, enabled: bool, on_frame: Callback<Frame>) -> CameraStatus {
    let status = use_state(|| CameraStatus::Off);
    // The loop outlives renders: it reads the latest callback from here.
    let on_frame_now = use_mut_ref(|| on_frame.clone());
    *on_frame_now.borrow_mut() = on_frame;
    {
        let status = status.clone();
        use_effect_with(enabled, move |enabled| {
            let alive = Rc::new(Cell::new(true));
            let stream: Rc<RefCell<Option<MediaStream>>> = Rc::default();
            if *enabled {
                status.set(CameraStatus::Starting);
                let (alive, stream, video) = (alive.clone(), stream.clone(), video.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let s = match camera::open().await {
                        Ok(s) => s,
                        Err(e) => {
                            if alive.get() {
                                status.set(CameraStatus::Failed(e));
                            }
                            return;
                        }
                    };
                    let Some(v) = video.cast::<HtmlVideoElement>().filter(|_| alive.get()) else {
                        camera::stop(&s);
                        return;
                    };
                    *stream.borrow_mut() = Some(s.clone());
                    v.set_src_object(Some(&s));
                    let _ = v.play();
                    let Some(mut decoder) = Decoder::pick().await else {
                        status.set(CameraStatus::Failed(CameraError::Failed));
                        return;
                    };
                    if !alive.get() {
                        return;
                    }
                    status.set(CameraStatus::On(decoder.name()));
                    scan_loop(&v, &mut decoder, &alive, &on_frame_now).await;
                });
            } else {
                status.set(CameraStatus::Off);
            }
            move || {
                alive.set(false);
                if let Some(s) = stream.borrow_mut().take() {
                    camera::stop(&s);
                }
            }
        });
    }
    *status
}

async fn scan_loop(
    video: &HtmlVideoElement,
    decoder: &mut Decoder,
    alive: &Cell<bool>,
    on_frame: &RefCell<Callback<Frame>>,
) {
    loop {
        TimeoutFuture::new(SCAN_EVERY_MS).await;
        if !alive.get() {
            return;
        }
        // A hidden tab decodes nothing (and saves the phone's battery).
        if window().document().is_some_and(|d| d.hidden()) {
            continue;
        }
        let text = decoder.read(video).await;
        let at = perf_now();
        if alive.get() {
            on_frame.borrow().emit((text, at));
        }
    }
}
