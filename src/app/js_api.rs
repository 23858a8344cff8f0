//! `window.ziping`: the scoring core and the form being edited, for the page's own scripts
//! (and for the postMessage portal API that later issues build on it).
//!
//! - `ziping.score(form)` scores `form`, an object in the exchange format (`format.md`, "A
//!   form"), and returns the result object (`format.md`, "A result");
//! - `ziping.currentForm()` returns the form being edited, as an exchange-format object;
//! - `ziping.currentResult()` returns its result, as the app shows it;
//! - `ziping.setReport(text)` keeps an edited 自评报告 in the form (`null`: generate it from the
//!   form again), as one undo step per typing burst, saved like any edit;
//! - `ziping.flush()` saves the draft now;
//! - `ziping.loadForm(form)` opens `form` as a new draft (stored at once) and returns its
//!   result; a form that cannot be read throws the reader's Chinese error, and nothing changes.
//!
//! The portal's postMessage API (`src/shell/ziping-embed.js`, README "Embedding in a portal")
//! is built on these functions.
//!
//! The print and report module (`ziping-docs`, [`crate::docs`]), loaded on use by
//! [`open_docs`], works on the form only through these functions.
//!
//! Plain JS objects both ways, never JSON strings: serde-wasm-bindgen with
//! [`Serializer::json_compatible`] (maps become plain objects, a missing value is `null`).
//! Decimals stay strings, as in the exchange format (`"39.25"`, not 39.25); a JS number where
//! the format has a decimal string is read as the format says ("on import a JSON number is
//! accepted too"). A form that cannot be read throws an `Error` whose message is the reader's
//! Chinese message with its path (`indicators[0]：…`).
//!
//! The way in is JS → [`serde_json::Value`] → [`Form::from_json_value`]: the same reader as an
//! import, so the API and the file format cannot disagree. The modules loaded on use read the
//! object the app itself wrote (`currentForm()`) with [`read_own_form`] instead: the format's
//! serde derive alone, as that object is always valid and of the current schema.

use leptos::prelude::{Update, WithUntracked};
use serde::ser::{Serialize, SerializeMap, SerializeSeq};
use serde_json::Value;
use serde_wasm_bindgen::Serializer;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::js_sys::{Error, Function, Object, Reflect};

use super::persist::Persist;
use super::AppState;
use crate::edit::Edit;
use crate::engine;
use crate::model::Form;

/// The name of the API object on `window`.
pub const GLOBAL: &str = "ziping";

/// `ziping.score(form)`: the result of scoring a form object.
pub fn score(form: JsValue) -> Result<JsValue, JsValue> {
    let form = read_form(form)?;
    to_js(&engine::score(&form))
}

/// A form object as a [`Form`], or the `Error` to throw.
pub fn read_form(form: JsValue) -> Result<Form, JsValue> {
    let value: Value = serde_wasm_bindgen::from_value(form).map_err(|e| error(&format!("自评表无法读取：{}", e)))?;
    Form::from_json_value(value).map_err(|e| error(&e.to_string()))
}

/// A form object the app itself wrote ([`form_to_js`], as `currentForm()` returns it), read
/// straight with the exchange format's serde derive: it is always of the current schema and
/// valid, so it needs neither [`read_form`]'s migration of older schemas nor its error paths.
/// The modules loaded on use read the form being edited so (`crate::docs::current`), which
/// keeps them smaller; anything a person or a portal hands in goes through [`read_form`].
pub fn read_own_form(form: JsValue) -> Option<Form> {
    serde_wasm_bindgen::from_value(form).ok()
}

/// A form as an exchange-format object.
pub fn form_to_js(form: &Form) -> Result<JsValue, JsValue> {
    to_js(&JsonValue(&form.to_json_value()))
}

/// Any serialisable value as a plain JS object.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value.serialize(&Serializer::json_compatible()).map_err(|e| error(&e.to_string()))
}

fn error(message: &str) -> JsValue {
    Error::new(message).into()
}

/// A [`Value`] for serde-wasm-bindgen. `serde_json::Value` serialises itself for serde_json
/// only: with the `arbitrary_precision` feature (Cargo.toml) a number serialises as a private
/// one-field struct, which any other serializer turns into `{"$serde_json::private::Number":
/// "2021"}`. Here a number is a JS number (the exchange format's numbers are the year and
/// small settings; decimals are strings).
struct JsonValue<'a>(&'a Value);

impl Serialize for JsonValue<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => s.serialize_f64(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(t) => s.serialize_str(t),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&JsonValue(item))?;
                }
                seq.end()
            }
            Value::Object(fields) => {
                let mut map = s.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    map.serialize_entry(k, &JsonValue(v))?;
                }
                map.end()
            }
        }
    }
}

// The print and report module is a second wasm module (`ziping-docs`, index.html), fetched the
// first time a person prints, exports HTML or opens the report: the app's own bundle stays
// within its budget (BENCHMARKS.md). The page's shell loads it (`zipingDocs` in
// src/shell/ziping-shell.js: progress while it loads, a Chinese message when it cannot).
#[wasm_bindgen]
extern "C" {
    /// Opens the module loaded on use for `action` (the shell maps it): `print` (the form),
    /// `html` (export the form as HTML) or `report` (the 自评报告 dialog) in the print and report
    /// module; `xlsx`, `docx` and `import` in the office modules, one each. Only `import` reads
    /// `file` and
    /// `done` (see [`read_import`]); one import for all, so wasm-bindgen writes
    /// its glue once.
    #[wasm_bindgen(catch, js_name = zipingDocs)]
    fn docs_loader(action: &str, file: &JsValue, done: &JsValue) -> Result<(), JsValue>;

    /// A promise, whose `then` takes functions of any signature (js_sys's takes closures of
    /// one signature only).
    type Pending;
    #[wasm_bindgen(method, js_name = then)]
    fn then_either(this: &Pending, done: &JsValue, failed: &JsValue);
}

/// Reads a picked or dropped file for the import dialog, then calls `done` with the JSON text
/// to preview and, for a spreadsheet, the import's warnings (one per line, or empty), or with
/// the Chinese reason it cannot be read. A JSON file is read as text (`Blob.text()`); a
/// spreadsheet by the import module, loaded on use ([`docs_loader`]), which answers with one
/// string (`crate::office_web::import`): the form's JSON, a NUL and the warnings, or the error
/// message alone (JSON text has no NUL, nor has a message).
///
/// Both answers go to one callback with the signature of `score` (below), so that wasm-bindgen
/// shares the closure's glue.
pub fn read_import(
    file: &web_sys::File,
    sheet: bool,
    done: impl FnOnce(Result<(String, Option<String>), String>) + 'static,
) {
    let done = std::cell::Cell::new(Some(done));
    let cb = Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(move |answer: JsValue| {
        let read = match answer.as_string() {
            None => Err("文件无法读取".to_string()),
            Some(text) if !sheet => Ok((text, None)),
            Some(answer) => match answer.split_once('\0') {
                Some((json, note)) => Ok((json.to_string(), Some(note.to_string()))),
                None => Err(answer),
            },
        };
        if let Some(done) = done.take() {
            done(read);
        }
        Ok(JsValue::UNDEFINED)
    })
    .into_js_value();
    if !sheet {
        file.text().unchecked_into::<Pending>().then_either(&cb, &cb);
    } else if docs_loader("import", file, &cb).is_err() {
        unavailable();
    }
}

fn unavailable() {
    let _ = leptos::prelude::window().alert_with_message("此功能未能加载，请刷新页面后重试。");
}

/// Opens the print and report module or the office module (see [`docs_loader`]).
pub fn open_docs(action: &str) {
    if docs_loader(action, &JsValue::UNDEFINED, &JsValue::UNDEFINED).is_err() {
        unavailable();
    }
}

/// Puts `window.ziping` in place for the app's state `st` and its drafts `p`.
pub fn install(st: AppState, p: Persist) {
    let api = Object::new();
    let closed = || error("计算器已关闭");
    let score_fn = Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(score).into_js_value();
    let form_fn = Closure::<dyn Fn() -> Result<JsValue, JsValue>>::new(move || {
        st.editor.try_with_untracked(|e| form_to_js(&e.form)).unwrap_or_else(|| Err(closed()))
    })
    .into_js_value();
    let result_fn = Closure::<dyn Fn() -> Result<JsValue, JsValue>>::new(move || {
        st.result.try_with_untracked(|r| to_js(r)).unwrap_or_else(|| Err(closed()))
    })
    .into_js_value();
    let report_fn = Closure::<dyn Fn(Option<String>) -> Result<(), JsValue>>::new(move |report: Option<String>| {
        st.editor.try_maybe_update(|e| (e.apply(Edit::SetReport(report)).changed, ())).ok_or_else(closed)
    })
    .into_js_value();
    let flush_fn = Closure::<dyn Fn()>::new(move || p.flush(st)).into_js_value();
    // The same signature as `score`, so wasm-bindgen shares the closure's glue.
    let load_fn = Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(move |form| {
        let form = read_form(form)?;
        let result = to_js(&engine::score(&form));
        p.new_draft(st, form, String::new(), true);
        result
    })
    .into_js_value();
    for (name, f) in [
        ("score", score_fn),
        ("currentForm", form_fn),
        ("currentResult", result_fn),
        ("setReport", report_fn),
        ("flush", flush_fn),
        ("loadForm", load_fn),
    ] {
        let _ = Reflect::set(&api, &name.into(), f.unchecked_ref::<Function>());
    }
    // Not removed on unmount: a later mount replaces it, and an unmounted app's functions
    // throw 计算器已关闭 (its signals are gone).
    let _ = Reflect::set(&leptos::prelude::window(), &GLOBAL.into(), &api);
}
