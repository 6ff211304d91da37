//! The check-in bundle's entry point (Trunk builds this binary for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<kabinet_checkin::App>::new().render();
}

/// On the host the crate is only its library (tested there); nothing to run.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
