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
                                     tier in prop::sample::select(vec!["", "achieved", "partial", "not_achieved", "x"])) {
        let form = serde_json::json!({
            "year": 2021,
            "funds": { "total": { "annual": annual, "executed": executed } },
            "indicators": [
                { "level1": "产出指标", "level2": "成本指标", "name": "x", "target": target, "actual": actual,
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

/// The typed reader and the tree reader agree on every document: same form, or both refuse.
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

    #[test]
    fn typed_and_tree_readers_agree(
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
        agree(&doc.to_string())?;
        agree(&serde_json::to_string_pretty(&doc).unwrap())?;
    }

    #[test]
    fn readers_agree_on_junk(text in any::<String>()) {
        agree(&text)?;
    }

    /// A real form with one character replaced, inserted or removed: the typed reader must
    /// refuse what the tree reader refuses and read the rest alike.
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

    /// The straight-pass reader learns how rows are laid out from the first one (line break,
    /// indentation, `"key": `); rows laid out otherwise — other indentation, no or more
    /// spaces after a colon, CRLF line breaks, a space before a comma — read as the tree
    /// reader reads them.
    #[test]
    fn readers_agree_on_relaid_rows(
        indent in prop::sample::select(vec!["  ", " ", "    ", "\t", "          ", "           "]),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..6), 0..8),
    ) {
        let text = ziping::example::generated(12, 3).to_json_pretty();
        let mut lines: Vec<String> = text
            .lines()
            .map(|l| {
                let n = l.len() - l.trim_start_matches(' ').len();
                format!("{}{}", indent.repeat(n / 2), &l[n..])
            })
            .collect();
        for (at, kind) in edits {
            let i = at.index(lines.len());
            let l = &mut lines[i];
            match kind {
                0 => l.insert(0, ' '),
                1 => {
                    if l.starts_with([' ', '\t']) {
                        l.remove(0);
                    }
                }
                2 => *l = l.replacen("\": ", "\":", 1),
                3 => *l = l.replacen("\": ", "\":  ", 1),
                4 => l.push('\r'),
                _ => *l = l.replacen("\",", "\" ,", 1),
            }
        }
        agree(&lines.join("\n"))?;
    }

    /// The CLI's result writer escapes every string exactly as serde_json does.
    #[test]
    fn the_result_writer_escapes_like_serde_json(s in any::<String>()) {
        let mut out = Vec::new();
        ziping::result::json::str(&mut out, &s);
        prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&s).unwrap());
    }
}
