//! The browser app's entry point (built for wasm32 by Trunk, see `index.html`).
//! On native targets this binary is an empty stub so `cargo build` and `cargo test` need no
//! web crates.

#[cfg(target_arch = "wasm32")]
fn main() {
    // First of all: a panic then names itself (message and place) in the console instead of
    // an anonymous "unreachable executed".
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ziping::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
