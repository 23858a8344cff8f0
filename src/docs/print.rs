//! Printing a document: it is put in a hidden `<iframe>` that may not run scripts (`sandbox`
//! without `allow-scripts`), and that frame's print dialog opens — the page prints the document
//! exactly as exported, never a screenshot of the editor.
//!
//! A `srcdoc` frame inherits the page's Content-Security-Policy: under `style-src 'self'` (a
//! portal's strict policy, README) the document's own `<style>` is refused, so its rules are
//! then given to the frame as a constructed stylesheet (`adoptedStyleSheets`), which a CSP
//! does not govern: it prints the same either way.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::js_sys::{Array, Function, Reflect};
use web_sys::HtmlIFrameElement;

/// The id of the print frame (one at a time; printing again replaces it).
pub const FRAME_ID: &str = "ziping-print-frame";

/// Opens the print dialog on `html`, a standalone document.
pub fn print(html: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(old) = doc.get_element_by_id(FRAME_ID) {
        old.remove();
    }
    let Ok(frame) = doc.create_element("iframe").map(|e| e.unchecked_into::<HtmlIFrameElement>()) else { return };
    frame.set_id(FRAME_ID);
    frame.set_title("打印预览");
    // Same origin so this page may call its print(); modals so the print dialog may open; no
    // scripts, so nothing in the document can run.
    let _ = frame.set_attribute("sandbox", "allow-same-origin allow-modals");
    let _ = frame.set_attribute("aria-hidden", "true");
    let _ = frame.set_attribute("tabindex", "-1");
    // Out of sight (set through the CSSOM, which a strict `style-src` allows).
    let style = frame.style();
    for (k, v) in
        [("position", "fixed"), ("right", "0"), ("bottom", "0"), ("width", "0"), ("height", "0"), ("border", "0")]
    {
        let _ = style.set_property(k, v);
    }
    let css = inline_css(html).to_string();
    let on_load = Closure::once_into_js({
        let frame = frame.clone();
        move || {
            if let Some(w) = frame.content_window() {
                if let Some(doc) = frame.content_document() {
                    if doc.style_sheets().length() == 0 {
                        let _ = adopt(&w, &doc, &css);
                    }
                }
                let _ = w.print();
            }
        }
    });
    frame.set_onload(Some(on_load.unchecked_ref()));
    frame.set_srcdoc(html);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&frame);
    }
}

/// The rules of a document's `<style>` element.
fn inline_css(html: &str) -> &str {
    let Some(start) = html.find("<style>").map(|i| i + "<style>".len()) else { return "" };
    html[start..].find("</style>").map_or("", |end| &html[start..start + end])
}

/// Gives `doc` (in window `win`) the rules `css` as a constructed stylesheet, made by that
/// window's own `CSSStyleSheet` (a sheet cannot be adopted by another document).
fn adopt(win: &web_sys::Window, doc: &web_sys::Document, css: &str) -> Option<()> {
    let ctor = Reflect::get(win, &"CSSStyleSheet".into()).ok()?.dyn_into::<Function>().ok()?;
    let sheet = Reflect::construct(&ctor, &Array::new()).ok()?;
    let replace = Reflect::get(&sheet, &"replaceSync".into()).ok()?.dyn_into::<Function>().ok()?;
    replace.call1(&sheet, &css.into()).ok()?;
    Reflect::set(doc, &"adoptedStyleSheets".into(), &Array::of1(&sheet)).ok()?;
    Some(())
}
