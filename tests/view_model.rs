#![cfg(not(target_arch = "wasm32"))]
//! What the browser app shows, decided in the pure core (`src/view_model.rs`).

use ziping::drafts::Status;
use ziping::engine::{self, Method};
use ziping::example;
use ziping::model::Form;
use ziping::result::{IndicatorResult, RowStatus, Severity};
use ziping::view_model::{self as vm, SaveState};

/// The 承德县 example with its funds block replaced by `funds` (a JSON object).
fn with_funds(funds: &str) -> Form {
    let mut v: serde_json::Value = serde_json::from_str(example::CHENGDE_2021_JSON).unwrap();
    v["funds"] = serde_json::from_str(funds).unwrap();
    Form::from_json_value(v).expect("a valid form")
}

#[test]
fn a_not_applicable_budget_row_shows_a_dash_in_the_summary_not_pending() {
    // 全年预算数 = 全年执行数 = 0: under zero_budget = na the row is excluded (scoring.md §2).
    let f =
        with_funds(r#"{ "weight": "10", "total": { "initial": "0", "annual": "0", "executed": "0" }, "sources": [] }"#);
    let r = engine::score(&f);
    assert_eq!(r.budget_score, None);
    assert!(!vm::budget_pending(&r));
    assert_eq!(vm::budget_score_text(&r), "—");
    assert_eq!(vm::execution_rate_text(&r), "—", "the funds block agrees");
    // With sources that are all zero, the same.
    let f = with_funds(
        r#"{ "weight": "10", "total": { "initial": null, "annual": null, "executed": null },
             "sources": [ { "label": "当年财政拨款", "initial": "0", "annual": "0", "executed": "0" } ] }"#,
    );
    assert_eq!(vm::budget_score_text(&engine::score(&f)), "—");
}

#[test]
fn a_budget_row_waiting_for_input_shows_pending_and_a_scored_one_its_score() {
    let f = with_funds(
        r#"{ "weight": "10", "total": { "initial": "8.89", "annual": "8.89", "executed": null }, "sources": [] }"#,
    );
    let r = engine::score(&f);
    assert!(vm::budget_pending(&r));
    assert_eq!(vm::budget_score_text(&r), "待填");
    assert_eq!(vm::execution_rate_text(&r), "—");

    let r = engine::score(&example::chengde_2021());
    assert!(!vm::budget_pending(&r));
    assert_eq!(vm::budget_score_text(&r), "3.9");
    assert_eq!(vm::execution_rate_text(&r), "39.25%");

    // A blank form: the budget row waits, and so do the indicator rows (counted apart).
    let r = engine::score(&example::skeleton(None, &[]));
    assert!(vm::budget_pending(&r));
    assert_eq!(vm::budget_score_text(&r), "待填");
}

#[test]
fn an_execution_without_budget_has_no_score_and_is_not_pending() {
    let f =
        with_funds(r#"{ "weight": "10", "total": { "initial": "0", "annual": "0", "executed": "1" }, "sources": [] }"#);
    let r = engine::score(&f);
    assert!(r.errors().count() > 0);
    assert_eq!(vm::budget_score_text(&r), "—");
}

#[test]
fn the_budget_chip_shows_the_weight_the_engine_uses() {
    let mut f = example::chengde_2021();
    for (typed, shown) in [("10", "10"), ("", "10"), ("  ", "10"), ("8分", "8"), (" 12.5 分 ", "12.5"), ("abc", "abc")]
    {
        f.funds.weight = typed.into();
        assert_eq!(vm::budget_weight(&f), shown, "{typed:?}");
    }
}

#[test]
fn an_empty_profile_is_the_default_profile() {
    assert_eq!(vm::DEFAULT_PROFILE, "mof");
    assert_eq!(vm::profile_key(""), "mof");
    assert_eq!(vm::profile_key("  "), "mof");
    assert_eq!(vm::profile_key("hebei"), "hebei");
    assert!(ziping::settings::profile(vm::DEFAULT_PROFILE).is_some(), "the default profile exists");
}

#[test]
fn a_draft_is_called_by_its_name_else_its_project_else_unnamed() {
    assert_eq!(vm::draft_name("我的草稿", "社保"), "我的草稿");
    assert_eq!(vm::draft_name("", "社保"), "社保");
    assert_eq!(vm::draft_name("  ", "社保"), "社保");
    assert_eq!(vm::draft_name("", " "), "未命名草稿");
}

#[test]
fn qualitative_and_deadline_rows_take_a_tier() {
    for m in Method::ALL {
        assert_eq!(vm::takes_tier(Some(m)), matches!(m, Method::Qualitative | Method::Deadline), "{}", m.key());
    }
    assert!(!vm::takes_tier(None));
}

fn row(method: Option<&'static str>, status: RowStatus, score: Option<&str>, explanation: &str) -> IndicatorResult {
    IndicatorResult { index: 0, method, status, score: score.map(str::to_string), explanation: explanation.into() }
}

#[test]
fn a_rows_score_cell_and_method() {
    assert_eq!(vm::row_score_text(None, false), "");
    assert_eq!(vm::row_score_text(Some(&row(Some("positive"), RowStatus::Scored, Some("7.5"), "x")), false), "7.5");
    assert_eq!(vm::row_score_text(Some(&row(None, RowStatus::NotApplicable, None, "x")), false), "不适用");
    assert_eq!(vm::row_score_text(Some(&row(None, RowStatus::Pending, None, "x")), false), "待填");
    assert_eq!(vm::row_score_text(Some(&row(None, RowStatus::Manual, None, "x")), false), "—");
    let breakdown = row(None, RowStatus::NotApplicable, None, "明细行，不计分");
    assert_eq!(vm::row_score_text(Some(&breakdown), true), "—", "a 其中 row is not scored, not 不适用");
    assert_eq!(vm::row_method(Some(&row(Some("deadline"), RowStatus::Scored, None, ""))), Some(Method::Deadline));
    assert_eq!(vm::row_method(Some(&row(None, RowStatus::Pending, None, ""))), None);
    assert!(vm::is_placeholder_row(Some(&row(None, RowStatus::Pending, None, ""))));
    assert!(!vm::is_placeholder_row(Some(&row(None, RowStatus::Pending, None, "待填：实际完成值"))));
    assert!(!vm::is_placeholder_row(None));
    // Every row of the example says what it is scored with.
    let r = engine::score(&example::chengde_2021());
    assert!(r.indicators.iter().all(|x| vm::row_method(Some(x)).is_some()));
}

#[test]
fn classes_follow_the_severity() {
    assert_eq!(vm::input_class("input", None), "input");
    assert_eq!(vm::input_class("input input-num", Some(Severity::Error)), "input input-num has-error");
    assert_eq!(vm::input_class("input", Some(Severity::Warning)), "input has-warning");
    assert_eq!(vm::message_class(Severity::Error), "field-msg msg-error");
    assert_eq!(vm::message_class(Severity::Warning), "field-msg msg-warning");
    assert_eq!(vm::row_class(None, false, false), "ind");
    assert_eq!(vm::row_class(Some(Severity::Error), true, false), "ind row-error row-pending");
    assert_eq!(vm::row_class(Some(Severity::Warning), false, false), "ind row-warning");
    assert_eq!(vm::row_class(Some(Severity::Info), false, false), "ind");
    // A 其中 row is a sub-row: not pending, not flagged.
    assert_eq!(vm::row_class(None, true, true), "ind row-breakdown");
}

#[test]
fn the_sheet_title_and_year_line() {
    let mut f = example::chengde_2021();
    assert_eq!(vm::form_title(&f), "社保工作专项经费项目支出绩效自评表");
    assert_eq!(vm::year_title(&f), "（2021 年度）");
    f.project = " ".into();
    f.year = "2022年".into();
    assert_eq!(vm::form_title(&f), "项目支出绩效自评表");
    assert_eq!(vm::year_title(&f), "（2022 年度）");
    f.year = String::new();
    assert_eq!(vm::year_title(&f), "（    年度）");
}

#[test]
fn the_save_status_says_its_state() {
    let clock = |t: &str| t[11..19].to_string();
    let cases = [
        (Status::New, SaveState::New, "new", "save-status", "新草稿，尚未修改"),
        (Status::Pending, SaveState::Pending, "pending", "save-status", "保存中…"),
        (
            Status::Saved("2026-11-28T08:00:01.000Z".into()),
            SaveState::Saved,
            "saved",
            "save-status save-ok",
            "已保存 08:00:01",
        ),
        (Status::Unsaved("存储已满".into()), SaveState::Unsaved, "unsaved", "save-status save-bad", "未保存：存储已满"),
    ];
    for (status, state, key, class, text) in cases {
        assert_eq!(SaveState::of(&status), state);
        assert_eq!(state.key(), key);
        assert_eq!(state.class(), class);
        assert_eq!(vm::save_text(&status, clock), text);
    }
}
