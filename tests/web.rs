//! Browser tests: the Leptos app rendered in headless chromium (wasm-bindgen-test): mount,
//! type, tick, assert.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`
//! (`scripts/test` does this; browser options are in `webdriver.json`).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The app mounted in a fresh element attached to the document body.
struct Mounted {
    root: HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// Lets effects run, and the input values tachys writes in a microtask after them.
async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

async fn mount() -> Mounted {
    let doc = document();
    let root: HtmlElement = doc.create_element("div").expect("create a div").unchecked_into();
    doc.body().expect("a body").append_child(&root).expect("attach the div");
    let handle = leptos::mount::mount_to(root.clone(), ziping::app::App);
    settle().await;
    Mounted { root, _handle: Box::new(handle) }
}

impl Mounted {
    fn el(&self, selector: &str) -> HtmlElement {
        self.root
            .query_selector(selector)
            .expect("a valid selector")
            .unwrap_or_else(|| panic!("no element {selector}"))
            .unchecked_into()
    }
    fn has(&self, selector: &str) -> bool {
        self.root.query_selector(selector).expect("a valid selector").is_some()
    }
    fn text(&self, testid: &str) -> String {
        self.el(&format!("[data-testid=\"{testid}\"]")).text_content().unwrap_or_default().trim().to_string()
    }
    fn value(&self, id: &str) -> String {
        self.el(&format!("#{id}")).unchecked_into::<HtmlInputElement>().value()
    }
    async fn click(&self, selector: &str) {
        self.el(selector).click();
        settle().await;
    }
    /// Types a whole value into an input or text area, as one input event.
    async fn type_into(&self, id: &str, text: &str) {
        let el = self.el(&format!("#{id}"));
        el.unchecked_ref::<HtmlInputElement>().set_value(text);
        el.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
        settle().await;
    }
    async fn load_example(&self) {
        self.click("button.btn-primary").await;
    }
}

#[wasm_bindgen_test]
async fn a_new_form_is_the_skeleton_and_the_example_shows_its_score() {
    let app = mount().await;
    // The MOF skeleton: one empty row per 二级, labelled by its 二级.
    let name = app.el("#f-indicators-0-name");
    assert_eq!(name.get_attribute("aria-label").as_deref(), Some("三级指标 数量指标 第1行"));
    assert!(app.text("status").contains("待填"), "{}", app.text("status"));

    app.load_example().await;
    assert_eq!(app.text("form-title"), "社保工作专项经费项目支出绩效自评表");
    assert_eq!(app.text("execution-rate"), "39.25%");
    assert_eq!(app.text("budget-score"), "3.9");
    assert_eq!(app.text("total"), "93.9");
    assert_eq!(app.text("grade"), "优");
    assert_eq!(app.text("status"), "已填写完整");
    assert_eq!(app.text("subtotal-产出指标"), "50");
    assert_eq!(app.text("derived-initial"), "＝ 其中合计 8.89");
    assert_eq!(
        app.el("#f-indicators-0-actual").get_attribute("aria-label").as_deref(),
        Some("实际完成值 失业动态监测企业数")
    );
    assert_eq!(
        app.el("#f-funds-sources-1-executed").get_attribute("aria-label").as_deref(),
        Some("全年执行数 上年结转资金")
    );
}

#[wasm_bindgen_test]
async fn typing_rescores_keeps_the_text_and_undo_restores_it() {
    let app = mount().await;
    app.load_example().await;
    app.type_into("f-indicators-0-actual", "30 家").await;
    assert_eq!(app.value("f-indicators-0-actual"), "30 家", "the text stays as typed");
    assert_eq!(app.text("score-0"), "7.5");
    assert_eq!(app.text("total"), "91.4");
    // The reason is now required: the field is marked and says so.
    assert!(app.el("#f-indicators-0-reason").class_name().contains("has-warning"));
    assert!(app.has("#f-indicators-0-reason-msg"));
    assert!(app.el("tr[data-row=\"0\"]").class_name().contains("row-warning"));

    app.click("button[title^=\"撤销\"]").await;
    assert_eq!(app.value("f-indicators-0-actual"), "40家");
    assert_eq!(app.text("total"), "93.9");
    app.click("button[title^=\"重做\"]").await;
    assert_eq!(app.value("f-indicators-0-actual"), "30 家");
    assert_eq!(app.text("total"), "91.4");
}

#[wasm_bindgen_test]
async fn a_letter_in_an_amount_shows_a_message_and_the_rest_keeps_scoring() {
    let app = mount().await;
    app.load_example().await;
    app.type_into("f-funds-sources-1-executed", "3.4x").await;
    assert!(app.el("#f-funds-sources-1-executed").class_name().contains("has-error"));
    assert!(app.el("#f-funds-sources-1-executed-msg").text_content().unwrap().contains("不是有效数字"));
    assert_eq!(app.text("budget-score"), "—");
    assert_eq!(app.text("subtotal-产出指标"), "50", "the indicators still score");
    assert!(app.text("count-errors") != "0");
    // The issue in the panel takes the cursor to the field.
    app.click("[data-testid=\"issues\"] .errors button.issue").await;
    let active = document().active_element().expect("a focused element");
    assert_eq!(active.id(), "f-funds-sources-1-executed");
}

#[wasm_bindgen_test]
async fn rows_are_added_moved_and_removed_with_undo() {
    let app = mount().await;
    app.load_example().await;
    let rows = || app.root.query_selector_all("tr.ind").unwrap().length();
    let n = rows();
    app.click("button[aria-label=\"添加三级指标 数量指标\"]").await;
    assert_eq!(rows(), n + 1);
    assert_eq!(app.el("#f-indicators-2-name").get_attribute("aria-label").as_deref(), Some("三级指标 数量指标 第3行"));
    app.click("button[aria-label=\"下移 失业动态监测企业数\"]").await;
    assert_eq!(app.value("f-indicators-1-name"), "失业动态监测企业数");
    app.click("button[aria-label=\"删除 失业动态监测企业数\"]").await;
    assert_eq!(rows(), n);
    assert_eq!(app.text("total"), "83.9", "its 10 points are gone");
    app.click(".notice button").await;
    assert_eq!(rows(), n + 1);
    assert_eq!(app.text("total"), "93.9");
}

#[wasm_bindgen_test]
async fn settings_rescore_at_once() {
    let app = mount().await;
    app.load_example().await;
    let select = app.el("#f-settings-rate_rounding");
    select.unchecked_ref::<HtmlInputElement>().set_value("half_up");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    settle().await;
    assert_eq!(app.text("execution-rate"), "39.26%");
    app.click("button[aria-label=\"恢复方案默认值 执行率取舍方式\"]").await;
    assert_eq!(app.text("execution-rate"), "39.25%");
    // score_rounding (issue 11): 10 × 31 ÷ 40 = 7.75 is 7.8 rounded half up, 7.7 cut down.
    app.type_into("f-indicators-0-actual", "31家").await;
    assert_eq!(app.text("score-0"), "7.8");
    let select = app.el("#f-settings-score_rounding");
    assert_eq!(select.get_attribute("aria-label").as_deref(), Some("得分取舍方式"));
    select.unchecked_ref::<HtmlInputElement>().set_value("down");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    settle().await;
    assert_eq!(app.text("score-0"), "7.7");
    assert_eq!(app.text("explain-0"), "31家 < 40家：10 × 31家 ÷ 40家 = 7.75 → 7.7");
}

#[wasm_bindgen_test]
async fn each_row_shows_its_own_score_when_rows_before_it_are_empty() {
    // Results skip placeholder rows; each row must still find its own result by index.
    let app = mount().await;
    app.type_into("f-indicators-1-target", "≥95%").await;
    app.type_into("f-indicators-1-actual", "90%").await;
    app.type_into("f-indicators-1-weight", "10").await;
    assert_eq!(app.text("score-1"), "9.5");
    assert_eq!(app.text("explain-1"), "90% < 95%：10 × 90% ÷ 95% = 9.4736… → 9.5");
    assert_eq!(app.text("score-0"), "", "the empty row above has no score");
    assert_eq!(app.text("explain-0"), "");
    assert_eq!(app.text("score-2"), "", "nor the empty row below");
}

#[wasm_bindgen_test]
async fn a_not_applicable_budget_row_shows_a_dash_in_the_summary_and_the_funds_block() {
    // 全年预算数 = 全年执行数 = 0 (no 其中 amounts): the row is excluded, not waiting for input.
    let app = mount().await;
    assert_eq!(app.text("summary-budget"), "待填", "a blank form waits for its amounts");
    app.type_into("f-funds-total-annual", "0").await;
    app.type_into("f-funds-total-executed", "0").await;
    assert_eq!(app.text("execution-rate"), "—");
    assert_eq!(app.text("budget-score"), "—");
    assert_eq!(app.text("summary-budget"), "—");
}

// window.ziping (src/app/js_api.rs)

use wasm_bindgen::JsValue;
use web_sys::js_sys::{Function, Reflect, JSON};

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or_else(|_| panic!("no {key}"))
}

fn text_of(v: &JsValue, key: &str) -> Option<String> {
    get(v, key).as_string()
}

/// Calls `window.ziping[name](...args)`.
fn call(name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let api = get(&window().into(), "ziping");
    let f: Function = get(&api, name).unchecked_into();
    f.apply(&api, &args.iter().collect())
}

fn example_object() -> JsValue {
    JSON::parse(ziping::example::CHENGDE_2021_JSON).expect("the example is JSON")
}

#[wasm_bindgen_test]
fn score_takes_and_gives_plain_objects_with_decimal_strings() {
    let r = ziping::app::js_api::score(example_object()).expect("the example scores");
    assert!(r.is_object() && !JSON::stringify(&r).unwrap().as_string().unwrap().is_empty());
    assert_eq!(text_of(&r, "execution_rate").as_deref(), Some("39.25"));
    assert_eq!(text_of(&r, "budget_score").as_deref(), Some("3.9"));
    assert_eq!(text_of(&r, "total").as_deref(), Some("93.9"));
    assert_eq!(text_of(&r, "grade").as_deref(), Some("优"));
    assert_eq!(get(&r, "complete").as_bool(), Some(true));
    let rows: web_sys::js_sys::Array = get(&r, "indicators").unchecked_into();
    assert_eq!(rows.length(), 10);
    assert_eq!(text_of(&rows.get(0), "score").as_deref(), Some("10"), "a score is a decimal string");
    assert_eq!(get(&rows.get(0), "index").as_f64(), Some(0.0));
    // Plain objects (not Maps): what JSON.stringify sees is the result's JSON line.
    let json = JSON::stringify(&r).unwrap().as_string().unwrap();
    let line = ziping::engine::score(&ziping::example::chengde_2021()).to_json_line();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json).unwrap(),
        serde_json::from_str::<serde_json::Value>(&line).unwrap()
    );
}

#[wasm_bindgen_test]
fn a_bad_form_object_throws_an_error_with_the_chinese_message_and_its_path() {
    let bad = JSON::parse(r#"{ "schema": "ziping.self-eval/1", "indicators": [ 5 ] }"#).unwrap();
    let err = ziping::app::js_api::score(bad).expect_err("not a form");
    let err: web_sys::js_sys::Error = err.dyn_into().expect("an Error object");
    let msg = String::from(err.message());
    assert!(msg.starts_with("indicators[0]"), "{msg}");
    assert!(msg.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "a Chinese message: {msg}");
    let err = ziping::app::js_api::score(JsValue::from_str("{}")).expect_err("a string is not a form");
    assert!(err.is_instance_of::<web_sys::js_sys::Error>());
}

#[wasm_bindgen_test]
async fn window_ziping_gives_the_current_form_and_result() {
    let app = mount().await;
    app.load_example().await;
    let r = call("score", &[example_object()]).expect("score");
    assert_eq!(text_of(&r, "total").as_deref(), Some("93.9"));
    let result = call("currentResult", &[]).expect("currentResult");
    assert_eq!(text_of(&result, "total").as_deref(), Some("93.9"));
    let form = call("currentForm", &[]).expect("currentForm");
    assert_eq!(text_of(&form, "schema").as_deref(), Some("ziping.self-eval/1"));
    assert_eq!(text_of(&form, "project").as_deref(), Some("社保工作专项经费"));
    assert_eq!(get(&form, "year").as_f64(), Some(2021.0), "a number stays a number");
    assert_eq!(text_of(&get(&get(&form, "funds"), "total"), "annual").as_deref(), Some("8.89"));
    // The current form scores as the app scores it.
    let again = call("score", &[form]).expect("the current form scores");
    assert_eq!(text_of(&again, "total").as_deref(), Some("93.9"));
    // Typing shows in currentResult at once.
    app.type_into("f-indicators-0-actual", "30 家").await;
    assert_eq!(text_of(&call("currentResult", &[]).unwrap(), "total").as_deref(), Some("91.4"));
    assert_eq!(
        text_of(
            &get(&call("currentForm", &[]).unwrap(), "indicators").unchecked_into::<web_sys::js_sys::Array>().get(0),
            "actual"
        )
        .as_deref(),
        Some("30 家")
    );
}

#[wasm_bindgen_test]
async fn a_breakdown_row_is_a_sub_row_that_is_never_scored() {
    // scoring.md §11: a 其中 row with an empty 分值 details the row above it.
    let app = mount().await;
    app.load_example().await;
    let row = "tr[data-row=\"1\"]";
    app.type_into("f-indicators-1-name", "其中：新增企业").await;
    app.type_into("f-indicators-1-weight", "").await;
    let class = app.el(row).class_name();
    assert!(class.contains("row-breakdown") && !class.contains("row-pending"), "{class}");
    assert_eq!(app.text("score-1"), "—");
    assert_eq!(app.text("explain-1"), "明细行，不计分");
    assert!(!app.has("#f-indicators-1-tier"), "no tier to choose");
    let method_label = app.el("#f-indicators-1-method").parent_element().expect("its label");
    assert!(method_label.has_attribute("hidden"), "no method to choose");
    // Given a 分值 it is an indicator again.
    app.type_into("f-indicators-1-weight", "5").await;
    assert!(!app.el(row).class_name().contains("row-breakdown"));
}

/// What the modules loaded on use read of the form being edited (`read_own_form`, serde straight
/// from the object) is the form the app wrote, exactly as the checked reader (`read_form`)
/// reads it: for the seed, a form with what only the exchange format carries (unknown fields,
/// settings, methods, a report), a skeleton and a generated 300-row form.
#[wasm_bindgen_test]
fn the_form_an_on_use_module_reads_is_the_form_the_app_wrote() {
    use ziping::app::js_api::{form_to_js, read_form, read_own_form};
    let mut rich = ziping::example::chengde_2021();
    rich.profile = "hebei".into();
    rich.settings.insert("score_decimals".into(), serde_json::json!(2));
    rich.report = Some("一、基本情况\n（已编辑）".into());
    rich.extra.insert("portal_id".into(), serde_json::json!({"id": "A-17", "n": [1, 2.5]}));
    rich.indicators[6].method = "qualitative".into();
    rich.indicators[2].extra.insert("note".into(), serde_json::json!(null));
    rich.funds.sources[0].extra.insert("code".into(), serde_json::json!(101));
    let forms = [
        ziping::example::chengde_2021(),
        rich,
        ziping::example::skeleton(Some(2024), &["财政拨款".to_string()]),
        ziping::example::generated(300, 7),
    ];
    for form in forms {
        let object = form_to_js(&form).expect("a form as an object");
        assert_eq!(read_own_form(object.clone()).as_ref(), Some(&form), "{}", form.project);
        assert_eq!(read_form(object).ok().as_ref(), Some(&form), "{}", form.project);
    }
}
