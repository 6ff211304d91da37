//! The wasm entry point Trunk builds.

fn main() {
    kabinet::run();
}
