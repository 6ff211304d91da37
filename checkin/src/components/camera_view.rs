//! The camera's picture with a frame to aim at, or why there is none. The box
//! carries `data-decoder` (`barcode-detector` or `rqrr`) once decoding runs, and
//! `data-camera` (`off`, `starting`, `on`, `refused`, `absent`, `failed`).

use yew::prelude::*;

use crate::hooks::{use_camera, use_door, use_site, CameraStatus, Frame};
use crate::i18n::T;
use crate::web::camera::CameraError;

#[derive(Properties, PartialEq)]
pub struct CameraViewProps {
    pub event_id: i64,
}

#[component]
pub fn CameraView(props: &CameraViewProps) -> Html {
    let site = use_site();
    let door = use_door();
    let video = use_node_ref();
    let enabled = use_state(|| true);
    let on_frame = {
        let event_id = props.event_id;
        Callback::from(move |(text, at): Frame| door.camera_frame(event_id, text.as_deref(), at))
    };
    let status = use_camera(video.clone(), *enabled, on_frame);
    let (state, decoder) = match status {
        CameraStatus::Off => ("off", None),
        CameraStatus::Starting => ("starting", None),
        CameraStatus::On(d) => ("on", Some(d)),
        CameraStatus::Failed(CameraError::Refused) => ("refused", None),
        CameraStatus::Failed(CameraError::Absent) => ("absent", None),
        CameraStatus::Failed(CameraError::Failed) => ("failed", None),
    };
    let message = match status {
        CameraStatus::Off => Some(T::CameraOff),
        CameraStatus::Starting => Some(T::CameraStarting),
        CameraStatus::On(_) => None,
        CameraStatus::Failed(CameraError::Refused) => Some(T::CameraRefused),
        CameraStatus::Failed(CameraError::Absent) => Some(T::CameraAbsent),
        CameraStatus::Failed(CameraError::Failed) => Some(T::CameraFailed),
    };
    let showing = matches!(status, CameraStatus::On(_) | CameraStatus::Starting);
    let toggle = {
        let enabled = enabled.clone();
        Callback::from(move |_: MouseEvent| enabled.set(!*enabled))
    };
    html! {
        <section class="checkin-camera-box" aria-label={site.t(T::Camera)}>
            <div class={classes!("checkin-camera", (!showing).then_some("checkin-camera--none"))}
                data-camera={state} data-decoder={decoder}>
                <video ref={video} class="checkin-camera__video" autoplay=true muted=true
                    playsinline=true aria-hidden="true"></video>
                if showing {
                    <div class="checkin-camera__aim" aria-hidden="true"></div>
                }
                if let Some(m) = message {
                    <p class="checkin-camera__message" role="status">{ site.t(m) }</p>
                } else {
                    <p class="checkin-camera__hint">{ site.t(T::CameraHint) }</p>
                }
            </div>
            // No camera to turn off or on when there is none (or it was refused).
            if !matches!(status, CameraStatus::Failed(_)) {
                <button type="button" class="checkin-button checkin-button--quiet checkin-camera__toggle"
                    onclick={toggle}>
                    { site.t(if *enabled { T::CameraStop } else { T::CameraStart }) }
                </button>
            }
        </section>
    }
}
