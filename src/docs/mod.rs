//! The print and report module: a second wasm module (`ziping-docs`, `src/docs_main.rs`) that
//! the app loads the first time a person prints, exports HTML or opens the 自评报告
//! ([`crate::app::js_api::open_docs`]), so the app's own bundle stays within its budget.
//!
//! It is a thin view, like the app: the documents come from [`crate::render`], the form and
//! its result from the app through `window.ziping` (`currentForm`, `setReport`, `flush`), and
//! nothing here touches storage — an edited report goes back to the app, which saves it with
//! the draft.
//!
//! - `print`: the printed form (附件1) in a hidden, script-less `<iframe>` whose own print
//!   dialog opens ([`print`]); what prints is exactly the exported file.
//! - `html`: the same document downloaded as one standalone `.html` file.
//! - `report`: the 自评报告 dialog ([`report`]).

mod print;
mod report;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::js_sys::{Function, Reflect};

use crate::app::js_api::{self, GLOBAL};
use crate::drafts::file_name;
use crate::model::Form;
use crate::render::{self, PrintOptions};

/// The module's stylesheet (`ziping-docs.css`, copied next to index.html by Trunk).
const STYLESHEET: &str = "ziping-docs.css";

/// When the module has loaded: links its stylesheet — a file, not a `<style>` element, so a
/// page served with `style-src 'self'` allows it.
pub fn start() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let (Ok(link), Some(head)) = (doc.create_element("link"), doc.head()) {
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", STYLESHEET);
        let _ = head.append_child(&link);
    }
}

/// The MIME type of an exported document.
const HTML: &str = "text/html;charset=utf-8";

/// Runs an action of the app's buttons: `print`, `html` or `report`.
pub fn open(action: &str) {
    let Some(form) = current() else { return };
    let result = crate::engine::score(&form);
    match action {
        "print" => print::print(&render::form_html(&form, &result, &options())),
        "html" => download(&file_name(&form, "绩效自评表.html"), &render::form_html(&form, &result, &options())),
        "report" => report::open(form, result),
        _ => {}
    }
}

/// A function of `window.ziping`.
fn api(name: &str) -> Option<Function> {
    let api = Reflect::get(&web_sys::window()?.into(), &GLOBAL.into()).ok()?;
    Reflect::get(&api, &name.into()).ok()?.dyn_into::<Function>().ok()
}

/// The form being edited, or `None` (with a message) when the app is gone.
pub(crate) fn current() -> Option<Form> {
    let form = api("currentForm").and_then(|f| f.call0(&JsValue::NULL).ok()).and_then(js_api::read_own_form);
    if form.is_none() {
        alert("未能读取当前的自评表，请刷新页面后重试。");
    }
    form
}

/// Keeps an edited report in the form (`None`: generate it again), saved with the draft.
fn set_report(text: Option<String>) {
    if let Some(f) = api("setReport") {
        let arg = text.map_or(JsValue::NULL, |t| JsValue::from_str(&t));
        let _ = f.call1(&JsValue::NULL, &arg);
    }
}

/// Saves the draft now (before a document leaves the app).
pub(crate) fn flush() {
    if let Some(f) = api("flush") {
        let _ = f.call0(&JsValue::NULL);
    }
}

/// Print options from the app's 横向 checkbox.
fn options() -> PrintOptions {
    let landscape = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("print-landscape"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|i| i.checked());
    PrintOptions { landscape }
}

fn download(name: &str, html: &str) {
    crate::app::persist::download(name, html, HTML);
}

pub(crate) fn alert(message: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.alert_with_message(message);
    }
}

/// Today, as a report is signed: `2022年3月7日`.
pub(crate) fn today() -> String {
    let d = web_sys::js_sys::Date::new_0();
    format!("{}年{}月{}日", d.get_full_year(), d.get_month() + 1, d.get_date())
}
