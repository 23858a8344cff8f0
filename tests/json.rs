#![cfg(not(target_arch = "wasm32"))]
//! `ziping::json` reads and writes exactly as serde_json does (with the crate's
//! `arbitrary_precision` and `preserve_order` features): the same values, the same errors at
//! the same line and column, the same text.

use proptest::prelude::*;
use serde_json::Value;
use ziping::json;

/// Holds `json::parse` to `serde_json::from_str` on `text`, and the writers to serde_json's on
/// what it read.
fn agree(text: &str) {
    let ours = json::parse(text);
    let theirs = serde_json::from_str::<Value>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "{text:?}");
            assert_eq!(json::to_string(a), serde_json::to_string(b).unwrap(), "{text:?}");
            assert_eq!(json::to_string_pretty(a), serde_json::to_string_pretty(b).unwrap(), "{text:?}");
            assert_eq!(json::to_string(a), b.to_string(), "{text:?}");
        }
        (Err(a), Err(b)) => {
            assert_eq!((a.line, a.column), (b.line(), b.column()), "{text:?}: {b}");
            assert_eq!(a.too_deep, b.to_string().contains("recursion limit"), "{text:?}: {b}");
        }
        _ => panic!("{text:?}: ours {ours:?}, serde_json {theirs:?}"),
    }
}

#[test]
fn documents_and_errors_as_serde_json() {
    let cases = [
        "",
        " ",
        "\n\n  ",
        "null",
        " true ",
        "false",
        "nul",
        "nulx",
        "tru",
        "fals e",
        "0",
        "-0",
        "-",
        "- 1",
        "01",
        "-01",
        "1.",
        "1.x",
        "1.5",
        "-1.50",
        "1e5",
        "1E5",
        "1e+5",
        "1e-5",
        "1.25E-3",
        "1e",
        "1e+",
        "1ex",
        "1e400",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "123456789012345678901234567890123",
        "1 2",
        "[1,]",
        "[1 2]",
        "[,1]",
        "[",
        "[1",
        "[1,",
        "[]",
        "[ ]",
        "[[], {}]",
        "{}",
        "{ }",
        "{\"a\"}",
        "{\"a\" 1}",
        "{\"a\":}",
        "{\"a\":1,}",
        "{\"a\":1 \"b\":2}",
        "{\"a\":1,\"a\":2,\"b\":3}",
        "{\"b\":1,\"a\":2}",
        "{1:2}",
        "{\"a\":1,2:3}",
        "{",
        "{\"a\"",
        "{\"a\":",
        "{\"a\":1",
        "{\"a\":1,",
        "\"",
        "\"abc",
        "\"a\\",
        "\"a\\x\"",
        "\"a\\u12\"",
        "\"a\\u12",
        "\"a\\u00zz\"",
        "\"\\u00e9\\n\\t\\r\\b\\f\\/\\\\\\\"\"",
        "\"\\ud83d\\ude00\"",
        "\"\\ud83d\"",
        "\"\\ud83dx\"",
        "\"\\ud83d\\n\"",
        "\"\\ud83d\\u0041\"",
        "\"\\ude00\"",
        "\"\\ud83d\\",
        "\"\\ud83d",
        "\"tab\there\"",
        "\"line\nbreak\"",
        "\"项目名称\"",
        "{\"项目\": \"社保\", \"年度\": 2021}\n",
        "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": x\n}",
        "[1,\n2,\n3 4]",
        "\"\u{7f}\u{1}\"",
        "[\"\\u0001\\u001f\\u007f\"]",
        "{\"a\":{\"b\":{\"c\":[null,true,false,-1.5e-7,\"x\"]}}}",
        "{\"$serde_json::private::Number\": \"1.5E3\"}",
        "[{\"$serde_json::private::Number\":\"-12\"}]",
    ];
    for text in cases {
        agree(text);
    }
}

#[test]
fn nesting_stops_where_serde_json_stops() {
    for depth in [1, 126, 127, 128, 129, 500] {
        agree(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
        agree(&format!("{}1{}", "[".repeat(depth), "]".repeat(depth)));
        agree(&"{\"a\":".repeat(depth));
        agree(&format!("{}null{}", "{\"a\":".repeat(depth), "}".repeat(depth)));
    }
}

#[test]
fn forms_write_as_serde_json_writes_them() {
    let form = ziping::model::Form::from_json_str(ziping::example::CHENGDE_2021_JSON).unwrap();
    assert_eq!(form.to_json_pretty(), serde_json::to_string_pretty(&form).unwrap());
    agree(ziping::example::CHENGDE_2021_JSON);
    agree(&form.to_json_pretty());
}

/// Pieces of JSON, valid and not, so that random strings of them reach every path.
fn json_like() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\n",
        "\t",
        "\"",
        "\"a\"",
        "\"键\"",
        "\"\\n\"",
        "\\",
        "\\u",
        "00e9",
        "d83d",
        "\\ude00",
        "0",
        "1",
        "-",
        ".",
        "5",
        "e",
        "E",
        "+",
        "null",
        "true",
        "false",
        "nu",
        "x",
        "项",
        "\u{1}",
        "\"$serde_json::private::Numbe\"",
    ]);
    prop::collection::vec(atoms, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, .. ProptestConfig::default() })]

    #[test]
    fn random_text_reads_as_serde_json_reads_it(s in json_like()) {
        agree(&s);
    }

    #[test]
    fn random_values_read_and_write_as_serde_json(v in any_value()) {
        let text = serde_json::to_string_pretty(&v).unwrap();
        agree(&text);
        agree(&serde_json::to_string(&v).unwrap());
    }
}

fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "-?(0|[1-9][0-9]{0,30})(\\.[0-9]{1,10})?([eE][+-]?[0-9]{1,3})?"
            .prop_map(|s| serde_json::from_str::<Value>(&s).unwrap()),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}
