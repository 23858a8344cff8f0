//! The 导出 Word module's entry point (wasm32, built by Trunk as its own module and loaded on
//! first use, see `index.html` and [`ziping::office_web`]). On native targets an empty stub.

/// Downloads the 自评报告 of the form being edited as `.docx` (see [`ziping::office_web::docx`]).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn open() {
    ziping::office_web::docx();
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    console_error_panic_hook::set_once();
}
