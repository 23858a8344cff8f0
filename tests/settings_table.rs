//! The table of settings (`ziping::settings::SETTINGS`) is the one place a setting is defined:
//! walk it and check that every row agrees with the `Settings` field it sets, with the settings
//! panel, with the profiles and with the serialized settings.

use serde_json::{json, Value};
use std::collections::BTreeSet;
use ziping::edit::{self, SettingKind};
use ziping::settings::{setting, Kind, Settings, PROFILES, SETTINGS};

/// Every value a row offers, as the settings panel writes it.
fn offered(kind: Kind, default: &str) -> Vec<String> {
    match kind {
        Kind::Choice(options) => options.iter().map(|(v, _)| v.to_string()).collect(),
        Kind::Switch { .. } => vec!["on".into(), "off".into()],
        Kind::Places { max } => (0..=max).map(|n| n.to_string()).collect(),
        Kind::Above(min) => vec![default.into(), (min + rust_decimal::Decimal::new(5, 1)).to_string()],
        Kind::Bands => vec![default.into(), "95/85/70".into()],
        Kind::Labels { .. } => vec![default.into(), "财政资金、其他".into()],
    }
}

#[test]
fn every_key_resolves_once_with_a_title_and_help() {
    let mut keys = BTreeSet::new();
    for d in SETTINGS {
        assert!(keys.insert(d.key), "{} is in the table twice", d.key);
        assert!(std::ptr::eq(setting(d.key).unwrap(), d), "{}", d.key);
        assert!(!d.title.is_empty() && !d.help.is_empty(), "{} has a title and help", d.key);
        assert_eq!(edit::setting_title(d.key), d.title);
        assert_eq!(Settings::default().apply(d.key, &d.value_of(d.default)), Ok(true), "{}", d.key);
    }
    assert!(setting("no_such_setting").is_none());
    assert_eq!(Settings::default().apply("no_such_setting", &json!("x")), Ok(false));
}

#[test]
fn every_default_round_trips_through_apply_and_text() {
    let mof = Settings::default();
    for d in SETTINGS {
        assert_eq!(d.text(&mof), d.default, "the panel shows the default of {}", d.key);
        assert_eq!(edit::setting_text(&mof, d.key), d.default);
        // From any other value of the setting, its default brings the mof settings back.
        for other in offered(d.kind, d.default) {
            let mut s = mof.clone();
            assert_eq!(s.apply(d.key, &d.value_of(&other)), Ok(true), "{} = {other}", d.key);
            assert_eq!(s.apply(d.key, &d.value_of(d.default)), Ok(true), "{}", d.key);
            assert_eq!(s, mof, "{} = {other}, then its default", d.key);
        }
    }
}

#[test]
fn every_offered_value_applies_and_shows_as_written() {
    for d in SETTINGS {
        let mut seen = Vec::new();
        for v in offered(d.kind, d.default) {
            let mut s = Settings::default();
            assert_eq!(s.apply(d.key, &d.value_of(&v)), Ok(true), "{} = {v}", d.key);
            assert_eq!(d.text(&s), v, "{} = {v} shows as written", d.key);
            // It changed only this setting: every other row still shows its default.
            for o in SETTINGS.iter().filter(|o| o.key != d.key) {
                assert_eq!(o.text(&s), o.default, "{} = {v} leaves {} alone", d.key, o.key);
            }
            assert!(!seen.contains(&s), "{} = {v} is a value of its own", d.key);
            seen.push(s);
        }
        // Something that is none of its values is refused and changes nothing.
        let mut s = Settings::default();
        let bad = if matches!(d.kind, Kind::Labels { .. }) { json!([1]) } else { json!("x") };
        let err = s.apply(d.key, &bad).unwrap_err();
        assert!(err.starts_with(&format!("设置 {} 的值", d.key)), "{err}");
        assert_eq!(s, Settings::default());
    }
}

#[test]
fn every_invalid_value_says_what_is_allowed_as_before() {
    // The messages of the settings that came before the table (a new setting's message comes
    // from its kind, and the test above checks that it has one).
    let expected = [
        ("rate_rounding", "应为 truncate 或 half_up"),
        ("rate_decimals", "应为 0 到 4 的整数"),
        ("score_decimals", "应为 0 到 2 的整数"),
        ("reverse_mode", "应为 ratio、linear 或 manual"),
        ("equal_mode", "应为 ratio 或 manual"),
        ("over_threshold", "应为大于 1 的数"),
        ("zero_budget", "应为 na、full 或 zero"),
        ("reason_below_90", "应为 warning 或 required"),
        ("grade_bands", "应为三个从高到低、在 0 到 100 之间的数，如 [90, 80, 60]"),
        ("fund_sources", "应为资金来源名称的列表"),
        ("level1_weights_check", "应为 on 或 off"),
    ];
    for (key, what) in expected {
        let err = Settings::default().apply(key, &json!("x")).unwrap_err();
        assert_eq!(err, format!("设置 {key} 的值“x”无效：{what}"));
    }
    let err = Settings::default().apply("grade_bands", &json!([90, 95, 60])).unwrap_err();
    assert!(err.starts_with("设置 grade_bands 的值“[90,95,60]”无效"), "{err}");
}

#[test]
fn values_a_form_may_write_besides_the_panels() {
    let mut s = Settings::default();
    for (key, v) in [
        ("rate_decimals", json!(3)),
        ("score_decimals", json!("2.0")),
        ("over_threshold", json!(1.25)),
        ("grade_bands", json!([95, 85, 70])),
        ("fund_sources", json!(["甲", "乙"])),
        ("level1_weights_check", json!(false)),
        ("rate_rounding", json!(" half_up ")),
    ] {
        assert_eq!(s.apply(key, &v), Ok(true), "{key} = {v}");
    }
    for (key, shown) in [
        ("rate_rounding", "half_up"),
        ("rate_decimals", "3"),
        ("score_decimals", "2"),
        ("over_threshold", "1.25"),
        ("grade_bands", "95/85/70"),
        ("fund_sources", "甲、乙"),
        ("level1_weights_check", "off"),
        ("reverse_mode", "ratio"),
    ] {
        assert_eq!(setting(key).unwrap().text(&s), shown, "{key}");
    }
    for v in [json!(true), json!("true"), json!("on")] {
        s.apply("level1_weights_check", &v).unwrap();
        assert!(s.level1_weights_check, "{v}");
    }
    for v in [json!(5), json!("1.5"), json!(-1), json!(true)] {
        assert!(s.apply("rate_decimals", &v).is_err(), "{v}");
    }
    assert!(s.apply("over_threshold", &json!("1")).is_err());
    assert!(s.apply("fund_sources", &json!([])).is_err());
}

#[test]
fn the_panel_kind_matches_the_table() {
    for d in SETTINGS {
        let kind = edit::setting_kind(d.key);
        let named = |v: &str, n: &str| (v.to_string(), n.to_string());
        match d.kind {
            Kind::Choice(options) => {
                assert_eq!(kind, SettingKind::Choice(options.iter().map(|(v, n)| named(v, n)).collect()), "{}", d.key)
            }
            Kind::Switch { on, off } => {
                assert_eq!(kind, SettingKind::Choice(vec![named("on", on), named("off", off)]), "{}", d.key)
            }
            Kind::Places { max } => {
                let SettingKind::Choice(options) = &kind else { panic!("{}: {kind:?}", d.key) };
                let values: Vec<String> = options.iter().map(|(v, _)| v.clone()).collect();
                assert_eq!(values, offered(d.kind, d.default), "{}", d.key);
                assert_eq!(options[max as usize].1, format!("{max} 位"));
            }
            Kind::Above(_) => assert_eq!(kind, SettingKind::Number, "{}", d.key),
            Kind::Bands | Kind::Labels { .. } => assert_eq!(kind, SettingKind::Text, "{}", d.key),
        }
        if let SettingKind::Choice(options) = &kind {
            assert!(options.iter().any(|(v, _)| v == d.default), "{}: its default is a choice", d.key);
        }
    }
    assert_eq!(edit::setting_kind("no_such_setting"), SettingKind::Text);
}

#[test]
fn the_serialized_settings_have_exactly_the_tables_keys() {
    let v = serde_json::to_value(Settings::default()).unwrap();
    let keys: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let table: BTreeSet<&str> = SETTINGS.iter().map(|d| d.key).collect();
    assert_eq!(keys, table);
    assert_eq!(v["over_threshold"], json!("1.2"), "decimals serialize as strings");
    assert_eq!(v["grade_bands"], json!(["90", "80", "60"]));
    assert_eq!(v["rate_rounding"], json!("truncate"));
    assert_eq!(v["level1_weights_check"], json!(true));
    // Each serialized value reads back, as a form's setting and as Settings.
    let (sichuan, issues) = Settings::resolve("sichuan", &Default::default());
    assert!(issues.is_empty());
    let v = serde_json::to_value(&sichuan).unwrap();
    let mut s = Settings::default();
    for d in SETTINGS {
        assert_eq!(s.apply(d.key, &v[d.key]), Ok(true), "{}", d.key);
    }
    assert_eq!(s, sichuan);
    assert_eq!(serde_json::from_value::<Settings>(v.clone()).unwrap(), sichuan);
    let mut extra = v;
    extra["no_such_setting"] = json!(1);
    assert!(serde_json::from_value::<Settings>(extra).is_err(), "unknown keys are refused");
}

#[test]
fn profiles_are_rows_of_the_table_and_apply() {
    for p in PROFILES {
        let (s, issues) = Settings::resolve(p.key, &Default::default());
        assert!(issues.is_empty(), "{}: {issues:?}", p.key);
        for (key, text) in p.overrides {
            let d = setting(key).unwrap_or_else(|| panic!("{}: {key} is a setting", p.key));
            assert_eq!(d.text(&s), *text, "{}: {key}", p.key);
            assert_ne!(d.text(&Settings::default()), *text, "{}: {key} overrides mof", p.key);
        }
        let overridden: Vec<&str> = p.overrides.iter().map(|(k, _)| *k).collect();
        for d in SETTINGS.iter().filter(|d| !overridden.contains(&d.key)) {
            assert_eq!(d.text(&s), d.default, "{}: {} is mof's", p.key, d.key);
        }
    }
    let (s, _) = Settings::resolve("sichuan", &Default::default());
    assert_eq!(s.fund_sources, ["财政资金", "财政专户管理资金", "单位资金", "其他"]);
    let form = Value::Object([("over_threshold".to_string(), json!("1.50"))].into_iter().collect());
    let (s, issues) = Settings::resolve("guangxi", form.as_object().unwrap());
    assert!(issues.is_empty());
    assert_eq!(setting("over_threshold").unwrap().text(&s), "1.5");
}
