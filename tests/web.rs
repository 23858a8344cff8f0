//! Browser tests: the Leptos app rendered in headless chromium (wasm-bindgen-test).
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`
//! (`scripts/test` does this; browser options are in `webdriver.json`).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh, empty element attached to the document body.
fn fresh_root() -> HtmlElement {
    let doc = document();
    let root = doc.create_element("div").expect("create a div");
    doc.body()
        .expect("a body")
        .append_child(&root)
        .expect("attach the div");
    root.unchecked_into()
}

/// The text of the single element with `data-testid=id` under `root`.
fn text_of(root: &HtmlElement, id: &str) -> String {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .expect("a valid selector")
        .unwrap_or_else(|| panic!("no element with data-testid={id}"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn example_form_shows_its_score() {
    let root = fresh_root();
    let handle = leptos::mount::mount_to(root.clone(), ziping::app::App);
    // Let any effects scheduled by the mount run before looking at the DOM.
    leptos::task::tick().await;

    assert_eq!(text_of(&root, "project"), "社保工作专项经费");
    assert_eq!(text_of(&root, "execution-rate"), "39.25%");
    assert_eq!(text_of(&root, "budget-score"), "3.9");
    assert_eq!(text_of(&root, "total"), "93.9");
    assert_eq!(text_of(&root, "grade"), "优");

    // Unmounting removes the view again.
    drop(handle);
    assert!(root
        .query_selector("[data-testid=\"total\"]")
        .unwrap()
        .is_none());
    root.remove();
}
