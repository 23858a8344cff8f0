//! Excel and Word in the browser: three wasm modules, each loaded the first time a person
//! uses it, so calamine, rust_xlsxwriter and docx-rs stay out of the first load and each
//! module within its budget (BENCHMARKS.md):
//! - `ziping-xlsx` (`src/xlsx_main.rs`), [`xlsx`]: the form in the official layout, downloaded
//!   as `.xlsx`;
//! - `ziping-docx` (`src/docx_main.rs`), [`docx`]: the 自评报告 (as edited, or generated)
//!   downloaded as `.docx`;
//! - `ziping-import` (`src/import_main.rs`), [`import`]: reads a picked or dropped `.xlsx` /
//!   `.xls` and hands the app the form as exchange-format JSON text, which the app's import
//!   dialog previews and opens as it does a JSON file. Nothing changes before the person
//!   confirms.
//!
//! A thin view over [`crate::office`], like the print module ([`crate::docs`], whose access to
//! the app through `window.ziping` it shares).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::js_sys::{Function, Uint8Array};

use crate::app::persist::download_part;
use crate::docs::{alert, current, flush, today};
use crate::drafts::file_name;
use crate::model::Form;
use crate::office::{self, MAX_FILE_BYTES};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// 导出 Excel: the form being edited, downloaded as `.xlsx`.
pub fn xlsx() {
    export("绩效自评表.xlsx", XLSX, office::xlsx_out::to_xlsx);
}

/// 导出 Word: the 自评报告 of the form being edited, downloaded as `.docx`.
pub fn docx() {
    export("自评报告.docx", DOCX, |form| office::docx_out::to_docx(form, &today()));
}

/// Saves the draft, then downloads what `write` makes of the form being edited.
fn export(suffix: &str, mime: &str, write: impl FnOnce(&Form) -> Vec<u8>) {
    flush();
    let Some(form) = current() else { return };
    download_part(&file_name(&form, suffix), &Uint8Array::from(write(&form).as_slice()).into(), mime);
}

/// Reads `file` as a spreadsheet, then calls `done(answer)` with one string: the form in the
/// exchange format, a NUL and the import's warnings (the unit's 总分 against the computed one),
/// one per line, or empty; or, when it cannot be read, the Chinese message alone. JSON text has
/// no NUL (serde_json escapes control characters) and neither has a message. (One string, so
/// that the app's callback shares the glue of a closure it already has: `src/app/js_api.rs`.)
pub fn import(file: web_sys::File, done: Function) {
    let fail = move |done: &Function, message: &str| {
        let _ = done.call1(&JsValue::NULL, &message.into());
    };
    if file.size() > MAX_FILE_BYTES as f64 {
        return fail(&done, &office::too_large().message);
    }
    let Ok(reader) = web_sys::FileReader::new() else { return fail(&done, "此浏览器无法读取文件") };
    let r2 = reader.clone();
    let cb = Closure::once_into_js(move || {
        let Some(buffer) = r2.result().ok().filter(|v| v.is_instance_of::<web_sys::js_sys::ArrayBuffer>()) else {
            return fail(&done, "文件无法读取");
        };
        match office::xlsx_in::import(&Uint8Array::new(&buffer).to_vec()) {
            Ok(imported) => {
                let note: Vec<&str> = imported.warnings.iter().map(|w| w.message.as_str()).collect();
                let answer = format!("{}\0{}", imported.form.to_json_pretty(), note.join("\n"));
                let _ = done.call1(&JsValue::NULL, &answer.into());
            }
            Err(e) => fail(&done, &e.message),
        }
    });
    reader.set_onloadend(Some(cb.unchecked_ref()));
    if reader.read_as_array_buffer(&file).is_err() {
        reader.set_onloadend(None);
        alert("文件无法读取");
    }
}
