//! The print and report module's entry point (wasm32, built by Trunk as a second module and
//! loaded on use, see `index.html` and [`ziping::docs`]). On native targets an empty stub.

/// Runs an action of the app's 打印 / 导出 HTML / 自评报告 buttons.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn open(action: &str) {
    ziping::docs::open(action);
}

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    ziping::docs::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
