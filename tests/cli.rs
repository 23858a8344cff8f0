#![cfg(not(target_arch = "wasm32"))]
//! The `ziping` command line, run as a real process.

#[path = "common/cli.rs"]
mod cli;
use cli::{seed_path, temp_dir, ziping};

#[test]
fn score_prints_the_seed_result_on_one_line() {
    let out = ziping(&["score", &seed_path()], b"");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1);
    for needle in [
        r#""execution_rate":"39.25""#,
        r#""budget_score":"3.9""#,
        r#""total":"93.9""#,
        r#""grade":"优""#,
        r#""complete":true"#,
    ] {
        assert!(text.contains(needle), "{needle} missing in {text}");
    }
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/chengde-2021.expected.json")).unwrap();
    for (k, want) in expected.as_object().unwrap() {
        assert_eq!(&v[k], want, "field {k}");
    }
    assert!(v["file"].as_str().unwrap().ends_with("chengde-2021.json"));
}

#[test]
fn score_reads_standard_input_and_keeps_going_past_unreadable_files() {
    let seed_text = std::fs::read_to_string(seed_path()).unwrap();
    let out = ziping(&["score", "-", "/nonexistent/form.json", &seed_path()], seed_text.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["file"], "-");
    assert_eq!(lines[0]["total"], "93.9");
    assert_eq!(lines[1]["total"], serde_json::Value::Null);
    assert_eq!(lines[1]["complete"], false);
    assert_eq!(lines[1]["issues"][0]["severity"], "error");
    assert!(lines[1]["issues"][0]["message"].as_str().unwrap().contains("不存在"));
    assert_eq!(lines[2]["total"], "93.9");
}

#[test]
fn check_reports_a_clean_form_and_exits_0() {
    let out = ziping(&["check", &seed_path()], b"");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("通过"), "{text}");
    assert!(text.contains("总分 93.9"));
    assert!(text.contains("等级 优"));
    assert!(text.contains("执行率 39.25%"));
}

#[test]
fn check_lists_errors_with_paths_and_exits_1() {
    let dir = temp_dir("cli-errors");
    let mut form: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(seed_path()).unwrap()).unwrap();
    form["indicators"][3]["weight"] = "十".into();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, form.to_string()).unwrap();
    let out = ziping(&["check", bad.to_str().unwrap(), &seed_path()], b"");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("indicators[3].weight"), "{text}");
    assert!(text.contains("“十”不是有效数字"), "{text}");
    assert!(text.contains("[错误]"));
    assert!(text.contains("通过"), "the good file is still checked: {text}");
}

#[test]
fn check_gives_one_line_for_an_unreadable_file_and_checks_the_rest() {
    let dir = temp_dir("cli-unreadable");
    std::fs::write(dir.join("a-broken.json"), "{ not json").unwrap();
    std::fs::write(dir.join("b-array.json"), "[1, 2]").unwrap();
    std::fs::write(dir.join("c-schema.json"), r#"{"schema": "ziping.self-eval/9"}"#).unwrap();
    std::fs::copy(seed_path(), dir.join("d-good.json")).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a form").unwrap();
    let out = ziping(&["check", dir.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    let unreadable: Vec<&str> = text.lines().filter(|l| l.contains("无法读取")).collect();
    assert_eq!(unreadable.len(), 3, "{text}");
    assert!(unreadable[0].contains("a-broken.json") && unreadable[0].contains("不是有效的 JSON"));
    assert!(unreadable[1].contains("b-array.json") && unreadable[1].contains("应为 JSON 对象"));
    assert!(unreadable[2].contains("c-schema.json") && unreadable[2].contains("ziping.self-eval/9"));
    assert!(text.contains("d-good.json：通过"), "{text}");
    assert!(!text.contains("notes.txt"));
}

#[test]
fn help_and_usage_errors() {
    let out = ziping(&["--help"], b"");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for word in ["score", "check", "退出码", "标准输入"] {
        assert!(text.contains(word));
    }
    assert_eq!(ziping(&[], b"").status.code(), Some(64));
    assert_eq!(ziping(&["frobnicate"], b"").status.code(), Some(64));
    assert_eq!(ziping(&["score"], b"").status.code(), Some(64));
    assert_eq!(ziping(&["check", "--bogus", "x"], b"").status.code(), Some(64));
}
