//! The camera and the two QR decoders: the browser's BarcodeDetector where it reads
//! QR codes (web-sys has no binding for it, hence the extern block), otherwise
//! `rqrr` in Rust on frames drawn to a canvas.

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, DomException, HtmlCanvasElement, HtmlVideoElement, MediaStream,
    MediaStreamConstraints, MediaStreamTrack,
};

use super::{measure, perf_now, window};
use crate::decode::{decode_luma, frame_size, rgba_to_luma};

/// The measure around every frame's decode.
pub const DECODE_MARK: &str = "kabinet-decode";

#[wasm_bindgen]
extern "C" {
    /// The Shape Detection API's barcode reader.
    pub type BarcodeDetector;

    #[wasm_bindgen(constructor, catch)]
    fn new(options: &JsValue) -> Result<BarcodeDetector, JsValue>;

    #[wasm_bindgen(static_method_of = BarcodeDetector, js_name = getSupportedFormats, catch)]
    fn supported_formats() -> Result<Promise, JsValue>;

    /// Resolves to the barcodes found: objects with `rawValue`.
    #[wasm_bindgen(method, catch)]
    fn detect(this: &BarcodeDetector, source: &HtmlVideoElement) -> Result<Promise, JsValue>;
}

/// Why there is no picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CameraError {
    /// The user (or a policy) said no.
    Refused,
    /// No camera, or none that fits.
    Absent,
    /// Busy in another app, or anything else.
    Failed,
}

/// The back camera's stream (`facingMode: environment`), without sound.
pub async fn open() -> Result<MediaStream, CameraError> {
    let nav = window().navigator();
    // Missing outside a secure context and in old browsers.
    if !Reflect::has(&nav, &"mediaDevices".into()).unwrap_or(false) {
        return Err(CameraError::Absent);
    }
    let devices = nav.media_devices().map_err(|_| CameraError::Absent)?;
    let constraints = MediaStreamConstraints::new();
    let video = js_sys::Object::new();
    let _ = Reflect::set(&video, &"facingMode".into(), &"environment".into());
    constraints.set_video(&video);
    constraints.set_audio(&JsValue::FALSE);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|_| CameraError::Failed)?;
    match JsFuture::from(promise).await {
        Ok(stream) => Ok(stream.unchecked_into()),
        Err(e) => Err(
            match e.dyn_ref::<DomException>().map(|d| d.name()).as_deref() {
                Some("NotAllowedError" | "SecurityError") => CameraError::Refused,
                Some("NotFoundError" | "OverconstrainedError") => CameraError::Absent,
                _ => CameraError::Failed,
            },
        ),
    }
}

/// Turns the camera off (its light too).
pub fn stop(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        track.unchecked_into::<MediaStreamTrack>().stop();
    }
}

/// The frame decoder chosen for this browser.
pub enum Decoder {
    Native(BarcodeDetector),
    Rust {
        canvas: HtmlCanvasElement,
        ctx: CanvasRenderingContext2d,
        /// Reused between frames.
        luma: Vec<u8>,
    },
}

impl Decoder {
    /// BarcodeDetector where it reads QR codes; Linux and Windows Chromium have the
    /// constructor but no formats, so that is asked, not assumed.
    pub async fn pick() -> Option<Decoder> {
        if let Some(native) = native().await {
            return Some(Decoder::Native(native));
        }
        let doc = window().document()?;
        let canvas: HtmlCanvasElement = doc.create_element("canvas").ok()?.unchecked_into();
        let opts = js_sys::Object::new();
        // Frames are read back every time: keep the canvas in memory, not on the GPU.
        let _ = Reflect::set(&opts, &"willReadFrequently".into(), &JsValue::TRUE);
        let ctx = canvas
            .get_context_with_context_options("2d", &opts)
            .ok()??
            .unchecked_into();
        Some(Decoder::Rust {
            canvas,
            ctx,
            luma: Vec::new(),
        })
    }

    /// For `data-decoder` on the video's box.
    pub fn name(&self) -> &'static str {
        match self {
            Decoder::Native(_) => "barcode-detector",
            Decoder::Rust { .. } => "rqrr",
        }
    }

    /// The text of a QR code in the video's current frame, if any. Each call is
    /// one `kabinet-decode` measure.
    pub async fn read(&mut self, video: &HtmlVideoElement) -> Option<String> {
        let (vw, vh) = (video.video_width(), video.video_height());
        if vw == 0 || vh == 0 {
            return None;
        }
        match self {
            Decoder::Native(d) => {
                let start = perf_now();
                let found = match d.detect(video) {
                    Ok(p) => JsFuture::from(p).await.ok(),
                    Err(_) => None,
                };
                measure(DECODE_MARK, start, perf_now());
                let found: Array = found?.dyn_into().ok()?;
                found
                    .iter()
                    .find_map(|b| Reflect::get(&b, &"rawValue".into()).ok()?.as_string())
            }
            Decoder::Rust { canvas, ctx, luma } => {
                let (w, h) = frame_size(vw, vh);
                if canvas.width() != w || canvas.height() != h {
                    canvas.set_width(w);
                    canvas.set_height(h);
                }
                ctx.draw_image_with_html_video_element_and_dw_and_dh(
                    video, 0.0, 0.0, w as f64, h as f64,
                )
                .ok()?;
                let start = perf_now();
                let rgba = ctx
                    .get_image_data(0.0, 0.0, w as f64, h as f64)
                    .ok()?
                    .data();
                rgba_to_luma(&rgba, luma);
                let text = decode_luma(w as usize, h as usize, luma);
                measure(DECODE_MARK, start, perf_now());
                text
            }
        }
    }
}

/// A BarcodeDetector for QR codes, if this browser has one that reads them.
async fn native() -> Option<BarcodeDetector> {
    if !Reflect::has(&js_sys::global(), &"BarcodeDetector".into()).unwrap_or(false) {
        return None;
    }
    let formats: Array = JsFuture::from(BarcodeDetector::supported_formats().ok()?)
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !formats.includes(&"qr_code".into(), 0) {
        return None;
    }
    let opts = js_sys::Object::new();
    let _ = Reflect::set(&opts, &"formats".into(), &Array::of1(&"qr_code".into()));
    BarcodeDetector::new(&opts).ok()
}
