//! The 导出 Excel module's entry point (wasm32, built by Trunk as its own module and loaded on
//! first use, see `index.html` and [`ziping::office_web`]). On native targets an empty stub.

/// Downloads the form being edited as `.xlsx` (see [`ziping::office_web::xlsx`]).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn open() {
    ziping::office_web::xlsx();
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    console_error_panic_hook::set_once();
}
