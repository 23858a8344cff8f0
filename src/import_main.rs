//! The Excel import module's entry point (wasm32, built by Trunk as its own module and loaded
//! the first time a person picks or drops a spreadsheet, see `index.html` and
//! [`ziping::office_web`]). On native targets an empty stub.

/// Reads a picked or dropped spreadsheet for the import dialog (see [`ziping::office_web::import`]).
/// Exported as `importSheet`: wasm-bindgen would export a function named `import`, a reserved
/// word in JS, as `_import`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = importSheet)]
pub fn import(file: web_sys::File, done: web_sys::js_sys::Function) {
    ziping::office_web::import(file, done);
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    console_error_panic_hook::set_once();
}
