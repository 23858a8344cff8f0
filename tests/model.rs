#![cfg(not(target_arch = "wasm32"))]
//! The exchange format as serde reads and writes it (`format.md`): what each kind of cell
//! accepts, the Chinese errors with their paths, and what a round trip keeps.

use serde_json::{json, Value};
use ziping::model::Form;

fn read(v: Value) -> Result<Form, String> {
    Form::from_json_str(&v.to_string()).map_err(|e| e.to_string())
}

#[test]
fn a_number_where_an_object_belongs_is_named_a_number() {
    // serde_json hands a number (arbitrary_precision) to a visitor as a map under a private
    // key; model::cells checks for that key, and this test shows if serde_json changes it.
    assert_eq!(read(json!({ "funds": 1.5 })).unwrap_err(), "funds：应为对象，实际是数字");
    assert_eq!(read(json!({ "funds": { "total": 7 } })).unwrap_err(), "funds.total：应为对象，实际是数字");
    assert_eq!(read(json!({ "indicators": [3] })).unwrap_err(), "indicators[0]：应为对象，实际是数字");
    assert_eq!(read(json!({ "indicators": 3 })).unwrap_err(), "indicators：应为列表，实际是数字");
    assert_eq!(read(json!({ "settings": "x" })).unwrap_err(), "settings：应为对象，实际是文字");
    assert_eq!(read(json!({ "indicators": [null] })).unwrap_err(), "indicators[0]：应为对象，实际是空值");
}

#[test]
fn bad_cells_name_their_path() {
    let cases = [
        (
            json!({ "indicators": [{}, {}, {}, { "weight": "十" }, { "weight": {} }] }),
            "indicators[4].weight：应为数字或数字文字，实际是对象",
        ),
        (
            json!({ "funds": { "sources": [{ "label": "a" }, { "executed": [1] }] } }),
            "funds.sources[1].executed：应为数字或数字文字，实际是列表",
        ),
        (json!({ "goals": { "expected": true } }), "goals.expected：应为文字，实际是真假值"),
        (json!({ "year": [2021] }), "year：年度应为数字，实际是列表"),
        (json!({ "report": 5 }), "report：应为文字，实际是数字"),
    ];
    for (doc, want) in cases {
        assert_eq!(read(doc).unwrap_err(), want);
    }
}

#[test]
fn not_json_and_other_schemas() {
    assert_eq!(
        Form::from_json_str("{\n  \"project\": ,").unwrap_err().to_string(),
        "不是有效的 JSON（第 2 行第 14 列）"
    );
    assert_eq!(Form::from_json_str("  ").unwrap_err().to_string(), "文件是空的，不是自评表 JSON");
    assert_eq!(Form::from_json_str(&"[".repeat(200)).unwrap_err().to_string(), "JSON 嵌套层数过多，不是自评表");
    let e = Form::from_json_str(r#"{"project": true, "schema": "ziping.self-eval/9"}"#).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("unknown_schema", "schema"),
        "the schema is checked before the fields"
    );
    // Not JSON is said before a bad field, wherever the break is.
    let e = Form::from_json_str(r#"{"project": true, "year": 2021"#).unwrap_err();
    assert!(e.message.starts_with("不是有效的 JSON"), "{e}");
}

#[test]
fn numbers_are_read_exactly_and_written_as_strings() {
    let f = Form::from_json_str(
        r#"{"funds":{"weight":10,"total":{"initial":12345678901234567890.123456789,"annual":1.25e3,"executed":8.890}},
            "indicators":[{"weight":0.1,"score":1E1,"name":5}],"year":2021}"#,
    )
    .unwrap();
    assert_eq!(f.funds.total.initial, "12345678901234567890.123456789");
    assert_eq!(f.funds.total.annual, "1250");
    assert_eq!(f.funds.total.executed, "8.890");
    assert_eq!((f.indicators[0].weight.as_str(), f.indicators[0].score.as_str()), ("0.1", "10"));
    assert_eq!(f.indicators[0].name, "5");
    let v = f.to_json_value();
    assert_eq!(v["funds"]["weight"], json!("10"));
    assert_eq!(v["year"], json!(2021));
    assert_eq!(v["indicators"][0]["tier"], Value::Null, "an empty tier is null");
    assert_eq!(v["indicators"][0]["method"], json!("auto"));
    assert!(v.get("report").is_none(), "no report: none written");
}

#[test]
fn absent_null_and_empty() {
    let f = read(json!({})).unwrap();
    assert_eq!(f.profile, "mof", "an absent profile is the default one");
    assert_eq!(read(json!({ "profile": null })).unwrap().profile, "", "null stays empty (also mof)");
    assert_eq!(read(json!({ "report": null })).unwrap().report, None);
    assert_eq!(read(json!({ "report": "" })).unwrap().report.as_deref(), Some(""));
    assert_eq!(read(json!({ "indicators": [{ "method": "" }] })).unwrap().indicators[0].method, "auto");
    assert_eq!(read(json!({ "schema": null })).unwrap().schema, ziping::model::SCHEMA);
}

#[test]
fn unknown_fields_keep_their_place_on_a_round_trip() {
    let doc = json!({
        "schema": "ziping.self-eval/1", "year": "2021年", "project": "p", "department": "", "implementer": "",
        "profile": "mof", "settings": { "score_decimals": 2, "x": [1] },
        "funds": { "weight": null, "total": { "initial": null, "annual": "1", "executed": null, "t": 1 },
                   "sources": [{ "label": "a", "initial": null, "annual": null, "executed": null, "s": { "k": 1.50 } }],
                   "reason": "", "f": true },
        "goals": { "expected": "", "achieved": "", "g": "x" },
        "indicators": [{ "level1": "", "level2": "", "name": "", "target": "", "actual": "", "weight": null,
                         "method": "auto", "tier": null, "score": null, "reason": "", "i": null }],
        "report": "r", "z": { "nested": [1, "2"] }
    });
    let f = read(doc.clone()).unwrap();
    assert_eq!(f.to_json_value(), doc);
    assert_eq!(f.to_json_pretty(), serde_json::to_string_pretty(&doc).unwrap(), "same keys in the same order");
}

#[test]
fn of_several_bad_fields_the_first_in_check_order_is_named_whatever_the_key_order() {
    // model::CHECK_ORDER: funds before indicators before report before project, as the CLI
    // has always named them; the same form with its keys in another order gives the same error.
    let a = json!({ "project": {}, "report": 1, "indicators": [{ "weight": [], "actual": {} }], "funds": { "weight": true, "total": { "executed": false } } });
    let b = json!({ "indicators": [{ "actual": {}, "weight": [] }], "project": {}, "funds": { "total": { "executed": false }, "weight": true }, "report": 1 });
    for doc in [a, b] {
        assert_eq!(read(doc).unwrap_err(), "funds.total.executed：应为数字或数字文字，实际是真假值");
    }
    let c = json!({ "project": {}, "report": 1, "indicators": [{ "weight": [], "actual": {} }] });
    assert_eq!(read(c).unwrap_err(), "indicators[0].actual：应为文字，实际是对象");
    assert_eq!(read(json!({ "project": {}, "report": 1 })).unwrap_err(), "report：应为文字，实际是数字");
}
