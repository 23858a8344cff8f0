#![cfg(not(target_arch = "wasm32"))]
//! Property tests: the parser and the JSON import never panic, whatever the input, and a form
//! survives an export/import round trip unchanged.

use proptest::prelude::*;
use ziping::engine;
use ziping::model::Form;
use ziping::value::{self, Value};

/// Strings built from the characters forms are made of, so that the interesting paths
/// (operators, units, ranges, dates) are reached often, plus arbitrary Unicode.
fn form_like() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "0",
        "1",
        "9",
        "95",
        "100",
        "0.5",
        ".",
        ",",
        "-",
        "+",
        "%",
        "％",
        "～",
        "~",
        "至",
        "到",
        "—",
        "–",
        "万",
        "亿",
        "元",
        "家",
        "人",
        "个工作日",
        "≥",
        "≤",
        "≧",
        ">=",
        "<",
        "=",
        "不低于",
        "不超过",
        "控制在",
        "以上",
        "以内",
        "内",
        "及以下",
        "年",
        "月",
        "日",
        "底",
        "前",
        "以前",
        "年内",
        "2021",
        "12",
        "30",
        "按时",
        "完成",
        "(含)",
        "（",
        "）",
        " ",
        "\u{3000}",
        "。",
        "定量（其他）",
        "完善",
        "得到提升",
        "１",
        "２",
        "５",
        "０",
        "，",
        // §11 readings.
        "\u{2039}=",
        "\u{203A}=",
        "≯",
        "≮",
        "═",
        "〓",
        "无",
        "无上访",
        "无法",
        "未发生",
        "零",
        "达成预期指标",
        "部分达成",
        "未达成",
        "已于",
        "号",
        "末",
        "准时",
        "不",
        "/",
        "／",
        "不适用",
        "其中",
        "分",
        "1,000",
    ]);
    prop_oneof![prop::collection::vec(atoms, 0..8).prop_map(|v| v.concat()), any::<String>(),]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    #[test]
    fn parse_never_panics(s in form_like()) {
        let v = value::parse(&s);
        let _ = value::parse_date(&s);
        let _ = value::says_on_time(&s);
        let _ = (value::says_zero(&s), value::says_not_applicable(&s), value::named_tier(&s));
        // Normalising is idempotent (but for the one final "。" it drops each time), and what
        // does not read as anything is kept as normalised text.
        let n = value::normalize(&s);
        if !n.ends_with('。') {
            prop_assert_eq!(value::normalize(&n), n.clone());
        }
        if let Value::Text(t) = v {
            prop_assert_eq!(t, n);
        }
    }

    #[test]
    fn numbers_read_back(int in 0u64..10_000_000, frac in 0u32..1000, unit in prop::sample::select(vec!["", "%", "家", "人", "万元"])) {
        let text = format!("{}.{:03}{}", int, frac, unit);
        match value::parse(&format!("≥{}", text)) {
            Value::Number { op: Some(value::Op::Ge), qty } => {
                let expected: rust_decimal::Decimal = format!("{}.{:03}", int, frac).parse().unwrap();
                let scale = if unit == "万元" { rust_decimal::Decimal::from(10_000) } else { rust_decimal::Decimal::ONE };
                prop_assert_eq!(qty.value, expected * scale);
            }
            other => prop_assert!(false, "{} read as {:?}", text, other),
        }
    }

    #[test]
    fn scoring_any_cell_never_panics(target in form_like(), actual in form_like(), weight in form_like(), score in form_like(),
                                     annual in form_like(), executed in form_like(),
                                     method in prop::sample::select(vec!["auto", "positive", "reverse", "equal", "range", "deadline", "qualitative", "manual", "not_applicable", "bogus"]),
                                     tier in prop::sample::select(vec!["", "achieved", "partial", "not_achieved", "x"]),
                                     level2 in prop::sample::select(vec!["成本指标", "时效指标", "数量指标"]),
                                     name in prop::sample::select(vec!["x", "其中明细"])) {
        let form = serde_json::json!({
            "year": 2021,
            "funds": { "total": { "annual": annual, "executed": executed } },
            "indicators": [
                { "level1": "产出指标", "level2": level2, "name": name, "target": target, "actual": actual,
                  "weight": weight, "method": method, "tier": tier, "score": score }
            ]
        });
        let form = Form::from_json_value(form).unwrap();
        let r = engine::score(&form);
        // Scores never exceed the weight and are never negative.
        for row in &r.indicators {
            if let Some(s) = &row.score {
                let s: rust_decimal::Decimal = s.parse().unwrap();
                prop_assert!(s >= rust_decimal::Decimal::ZERO);
            }
        }
        // A pending row has exactly one row_pending.
        let pending = r.issues.iter().filter(|i| i.code.as_str() == "row_pending" && i.path.starts_with("indicators[0]")).count();
        let row_pending = r.indicators.first().is_some_and(|x| x.status == ziping::result::RowStatus::Pending);
        prop_assert_eq!(pending, usize::from(row_pending));
        let _ = r.to_json_line();
    }

    #[test]
    fn import_never_panics(text in any::<String>()) {
        let _ = engine::score_json(&text);
    }

    #[test]
    fn import_of_mangled_json_never_panics(cut in 0usize..2000, junk in form_like()) {
        let src = ziping::example::CHENGDE_2021_JSON;
        let mut cut = cut.min(src.len());
        while !src.is_char_boundary(cut) { cut -= 1; }
        let text = format!("{}{}{}", &src[..cut], junk, &src[cut..]);
        let _ = engine::score_json(&text);
    }

    #[test]
    fn round_trip_keeps_every_cell(cells in prop::collection::vec(form_like(), 8)) {
        let form = serde_json::json!({
            "schema": "ziping.self-eval/1", "year": 2022, "project": cells[0], "profile": "mof",
            "funds": { "weight": "10", "total": { "annual": cells[1], "executed": cells[2] },
                       "sources": [ { "label": "当年财政拨款", "annual": cells[3] } ], "reason": cells[4] },
            "indicators": [ { "level1": "产出指标", "level2": "数量指标", "name": cells[5], "target": cells[6], "actual": cells[7], "weight": "90" } ],
            "portal_id": "abc-123"
        });
        let a = Form::from_json_value(form).unwrap();
        let b = Form::from_json_str(&a.to_json_pretty()).unwrap();
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(engine::score(&a), engine::score(&b));
    }
}

/// Reading straight from the text (the common case) and through the JSON tree agree on every
/// document: same form, or both refuse.
fn agree(text: &str) -> Result<(), TestCaseError> {
    let fast = Form::from_json_str(text);
    let tree = serde_json::from_str::<serde_json::Value>(text.strip_prefix('\u{feff}').unwrap_or(text))
        .map_err(|_| ())
        .and_then(|v| Form::from_json_value(v).map_err(|_| ()));
    match (&fast, &tree) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
        (Err(_), Err(_)) => {}
        _ => prop_assert!(
            text.trim().is_empty(),
            "readers disagree on {:?}: {:?} vs {:?}",
            text,
            fast.is_ok(),
            tree.is_ok()
        ),
    }
    Ok(())
}

fn json_cell() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        Just(serde_json::Value::Null),
        form_like().prop_map(serde_json::Value::from),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        Just(serde_json::json!([1, "a"])),
        Just(serde_json::json!({"x": 1})),
        Just(serde_json::from_str::<serde_json::Value>("1.250e3").unwrap()),
        Just(serde_json::from_str::<serde_json::Value>("8.890").unwrap()),
        // Escapes (quotes, backslashes, control characters, any Unicode) and number spellings.
        any::<String>().prop_map(serde_json::Value::from),
        prop::sample::select(vec![
            "-0",
            "0",
            "1E+5",
            "1e-2",
            "0.10",
            "12E2",
            "-12.5e-1",
            "100000000000000000000000000000"
        ])
        .prop_map(|n| serde_json::from_str::<serde_json::Value>(n).unwrap()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, .. ProptestConfig::default() })]

    /// Any JSON value in any field of a real form: the form reads (and writes back to the
    /// same form), or the error names that field's path or a path inside it.
    #[test]
    fn any_value_in_any_field_reads_or_names_that_field(
        key in prop::sample::select(vec!["schema", "year", "project", "profile", "settings", "funds", "goals", "indicators", "report", "unknown",
                                          "funds.weight", "funds.total", "funds.sources", "funds.reason", "funds.total.annual", "funds.sources.0", "funds.sources.0.label",
                                          "goals.expected", "indicators.0", "indicators.0.weight", "indicators.0.method", "indicators.0.target", "indicators.0.x"]),
        cell in json_cell(),
        drop_it in any::<bool>(),
    ) {
        let mut doc: serde_json::Value = serde_json::from_str(ziping::example::CHENGDE_2021_JSON).unwrap();
        let mut target = &mut doc;
        let parts: Vec<&str> = key.split('.').collect();
        for part in &parts[..parts.len() - 1] {
            target = match part.parse::<usize>() {
                Ok(i) => &mut target[i],
                Err(_) => &mut target[*part],
            };
        }
        let last = parts[parts.len() - 1];
        match (target, last.parse::<usize>()) {
            (serde_json::Value::Object(o), _) if drop_it => { o.remove(last); }
            (serde_json::Value::Object(o), _) => { o.insert(last.to_string(), cell); }
            (serde_json::Value::Array(a), Ok(i)) if i < a.len() => { a[i] = cell; }
            _ => {}
        }
        let path = parts.iter().fold(String::new(), |p, part| match part.parse::<usize>() {
            Ok(i) => format!("{p}[{i}]"),
            Err(_) if p.is_empty() => part.to_string(),
            Err(_) => format!("{p}.{part}"),
        });
        for text in [doc.to_string(), serde_json::to_string_pretty(&doc).unwrap()] {
            match Form::from_json_str(&text) {
                Ok(form) => prop_assert_eq!(Form::from_json_str(&form.to_json_pretty()).unwrap(), form),
                Err(e) => prop_assert!(
                    e.path == path || e.path.starts_with(&format!("{path}.")) || e.path.starts_with(&format!("{path}[")),
                    "{} for a value at {}", e, path
                ),
            }
        }
    }

    #[test]
    fn readers_agree_on_junk(text in any::<String>()) {
        agree(&text)?;
    }

    /// A real form with one character replaced, inserted or removed: reading straight from
    /// the text refuses what the tree refuses and reads the rest alike.
    #[test]
    fn readers_agree_on_damaged_forms(
        pretty in any::<bool>(),
        at in any::<prop::sample::Index>(),
        edit in 0u8..3,
        c in prop::sample::select(vec!['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\n', '0', '-', '.', 'e', 'n', 't', 'x', '\u{1}', '中']),
    ) {
        let form = ziping::example::chengde_2021();
        let text = if pretty { form.to_json_pretty() } else { serde_json::to_string(&form).unwrap() };
        let chars: Vec<char> = text.chars().collect();
        let i = at.index(chars.len());
        let mut damaged: Vec<char> = chars.clone();
        match edit {
            0 => damaged[i] = c,
            1 => damaged.insert(i, c),
            _ => { damaged.remove(i); }
        }
        agree(&damaged.into_iter().collect::<String>())?;
    }
}
