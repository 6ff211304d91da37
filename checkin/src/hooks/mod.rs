//! The app's hooks: the site context (language, time zone, role, navigation), the
//! route, remote data, the door's scans and the camera.

mod camera;
mod door;
mod load;
mod route;
mod site;

pub use camera::{use_camera, CameraStatus, Frame};
pub use door::{use_door, DoorProvider};
pub use load::use_load;
pub use route::use_route;
pub use site::{use_site, Site};
