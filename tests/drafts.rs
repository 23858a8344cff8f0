#![cfg(not(target_arch = "wasm32"))]
//! Drafts that are never lost: the envelope, migrations, quarantine, quota, conflicts between
//! tabs, and import validation — against the in-memory storage.

use ziping::drafts::{
    self, DraftStore, Envelope, MemoryStorage, SaveError, Storage, StoreError, DRAFT_PREFIX, QUARANTINE_PREFIX,
};
use ziping::example;
use ziping::model::Form;

const T0: &str = "2026-11-28T08:00:00.000Z";
const T1: &str = "2026-11-28T08:00:01.000Z";
const T2: &str = "2026-11-28T08:00:02.000Z";

fn seed() -> Form {
    example::chengde_2021()
}

#[test]
fn golden_envelopes_of_every_stored_schema_still_read() {
    // One fixture per envelope schema ever written; a new schema adds one and a migration.
    let env = Envelope::from_json(include_str!("fixtures/drafts/envelope-v1.json")).expect("v1 reads");
    assert_eq!(env.id, "golden-v1");
    assert_eq!(env.revision, 3);
    assert_eq!(env.name, "社保工作专项经费（2021）");
    assert_eq!(env.form, seed());
    assert_eq!(ziping::engine::score(&env.form).total.as_deref(), Some("93.9"));
}

#[test]
fn envelope_round_trip_is_exact() {
    let mut form = seed();
    form.indicators[0].actual = "39.999999家".into();
    form.funds.total.executed = "3.490000".into();
    let env = Envelope {
        id: "a1".into(),
        name: "测试".into(),
        revision: 7,
        saved_at: T0.into(),
        app_version: "0.1.0".into(),
        form,
    };
    assert_eq!(Envelope::from_json(&env.to_json()).unwrap(), env);
}

#[test]
fn save_then_open_gives_the_same_form_and_the_next_revision() {
    let (mut store, drafts, report) = DraftStore::open(MemoryStorage::default(), T0);
    assert!(drafts.is_empty() && report.quarantined.is_empty() && report.unavailable.is_none());
    let e1 = store.save("d1", "社保", &seed(), 0, T0).unwrap();
    assert_eq!(e1.revision, 1);
    let e2 = store.save("d1", "社保", &seed(), 1, T1).unwrap();
    assert_eq!(e2.revision, 2);
    let storage = store.storage().clone();
    let (_, drafts, report) = DraftStore::open(storage, T2);
    assert!(report.quarantined.is_empty());
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].form, seed());
    assert_eq!(drafts[0].revision, 2);
    assert_eq!(drafts[0].saved_at, T1);
}

#[test]
fn keys_are_all_under_the_ziping_prefix() {
    let (mut store, _, _) = DraftStore::open(MemoryStorage::default(), T0);
    store.save("d1", "x", &seed(), 0, T0).unwrap();
    store.set_last_opened("d1").unwrap();
    assert!(store.storage().items.keys().all(|k| k.starts_with(drafts::PREFIX)));
    assert_eq!(store.last_opened().as_deref(), Some("d1"));
}

#[test]
fn corrupt_values_are_quarantined_never_overwritten_and_the_rest_loads() {
    let mut storage = MemoryStorage::default();
    let good = Envelope {
        id: "good".into(),
        name: "好".into(),
        revision: 1,
        saved_at: T0.into(),
        app_version: "0.1.0".into(),
        form: seed(),
    };
    storage.set(&good.key(), &good.to_json()).unwrap();
    let corruptions = [
        ("truncated", good.to_json().chars().take(200).collect()),
        ("empty", String::new()),
        ("not-json", "<html>".to_string()),
        ("wrong-type", "[1,2,3]".to_string()),
        ("unknown-schema", good.to_json().replace("ziping.draft/1", "ziping.draft/99")),
        ("bad-form", good.to_json().replace("\"indicators\":[", "\"indicators\":{\"x\":[")),
        ("other-id", good.to_json()),
    ];
    for (id, raw) in &corruptions {
        storage.set(&format!("{}{}", DRAFT_PREFIX, id), raw).unwrap();
    }
    let (store, drafts, report) = DraftStore::open(storage, T1);
    assert_eq!(drafts.len(), 1, "the good draft loads");
    assert_eq!(drafts[0].id, "good");
    assert_eq!(report.quarantined.len(), corruptions.len());
    for (id, raw) in &corruptions {
        let q = report.quarantined.iter().find(|q| q.original_key == format!("{}{}", DRAFT_PREFIX, id)).unwrap();
        assert_eq!(&q.raw, raw, "the raw value is offered as it was");
        assert!(q.key.starts_with(QUARANTINE_PREFIX));
        assert_eq!(store.storage().items.get(&q.key), Some(raw), "kept under the quarantine key");
        assert!(!store.storage().items.contains_key(&q.original_key));
        assert!(!q.reason.is_empty());
    }
    // Quarantined values are listed again on the next start, until discarded.
    let (mut store, _, report) = DraftStore::open(store.storage().clone(), T2);
    assert_eq!(report.quarantined.len(), corruptions.len());
    for q in &report.quarantined {
        store.discard_quarantined(&q.key).unwrap();
    }
    let (_, _, report) = DraftStore::open(store.storage().clone(), T2);
    assert!(report.quarantined.is_empty());
}

#[test]
fn a_corrupt_value_that_cannot_be_moved_stays_where_it_is() {
    let mut storage = MemoryStorage::default();
    storage.set("ziping:draft:x", "{broken").unwrap();
    storage.quota_bytes = Some(storage.items.iter().map(|(k, v)| (k.len() + v.len()) * 2).sum());
    let (store, _, report) = DraftStore::open(storage, T0);
    assert_eq!(report.quarantined[0].key, "ziping:draft:x");
    assert_eq!(store.storage().items.get("ziping:draft:x").map(String::as_str), Some("{broken"));
}

#[test]
fn saving_over_an_unreadable_value_is_refused_and_the_value_kept() {
    let mut storage = MemoryStorage::default();
    storage.set("ziping:draft:d1", "garbage").unwrap();
    let (mut store, _, report) = DraftStore::open(storage, T0);
    assert_eq!(report.quarantined.len(), 1);
    // Another tab (or an extension) writes garbage after the load.
    store.storage_mut().set("ziping:draft:d1", "more garbage").unwrap();
    match store.save("d1", "x", &seed(), 0, T1) {
        Err(SaveError::Unreadable(q)) => assert_eq!(q.raw, "more garbage"),
        other => panic!("{other:?}"),
    }
    assert!(store.storage().items.values().any(|v| v == "more garbage"));
}

#[test]
fn quota_exceeded_is_reported_and_nothing_is_half_written() {
    let storage = MemoryStorage { quota_bytes: Some(2_000), ..Default::default() };
    let (mut store, _, _) = DraftStore::open(storage, T0);
    match store.save("d1", "x", &seed(), 0, T0) {
        Err(SaveError::Storage(StoreError::Quota)) => {}
        other => panic!("{other:?}"),
    }
    assert!(store.storage().items.is_empty());
    // Space freed: the same save goes through (the app retries; it never latches).
    store.storage_mut().quota_bytes = None;
    assert!(store.save("d1", "x", &seed(), 0, T1).is_ok());
}

#[test]
fn unavailable_storage_is_reported_at_open() {
    let storage = MemoryStorage { unavailable: true, ..Default::default() };
    let (mut store, drafts, report) = DraftStore::open(storage, T0);
    assert!(drafts.is_empty());
    assert!(matches!(report.unavailable, Some(StoreError::Unavailable(_))));
    assert!(matches!(store.save("d1", "x", &seed(), 0, T0), Err(SaveError::Storage(StoreError::Unavailable(_)))));
}

#[test]
fn browser_storage_errors_are_classified() {
    assert_eq!(StoreError::from_js("QuotaExceededError", Some(22), "The quota has been exceeded."), StoreError::Quota);
    assert_eq!(
        StoreError::from_js("NS_ERROR_DOM_QUOTA_REACHED", Some(1014), "Persistent storage maximum size reached"),
        StoreError::Quota
    );
    assert_eq!(StoreError::from_js("Error", Some(22), ""), StoreError::Quota);
    assert!(matches!(
        StoreError::from_js("SecurityError", Some(18), "The operation is insecure."),
        StoreError::Unavailable(_)
    ));
    assert!(matches!(StoreError::from_js("TypeError", None, "x"), StoreError::Other(_)));
    assert!(StoreError::Quota.message().contains("导出 JSON"));
}

#[test]
fn another_tabs_newer_save_is_a_conflict_not_an_overwrite() {
    let (mut tab_a, _, _) = DraftStore::open(MemoryStorage::default(), T0);
    tab_a.save("d1", "x", &seed(), 0, T0).unwrap();
    // Tab B opens the same storage, edits and saves revision 2.
    let (mut tab_b, drafts, _) = DraftStore::open(tab_a.storage().clone(), T0);
    let mut theirs = drafts[0].form.clone();
    theirs.project = "B 改过的项目".into();
    tab_b.save("d1", "x", &theirs, drafts[0].revision, T1).unwrap();
    // Tab A, still on revision 1, tries to save: refused, B's save is untouched.
    *tab_a.storage_mut() = tab_b.storage().clone();
    let mut mine = seed();
    mine.project = "A 改过的项目".into();
    match tab_a.save("d1", "x", &mine, 1, T2) {
        Err(SaveError::Conflict { theirs }) => {
            assert_eq!(theirs.form.project, "B 改过的项目");
            assert_eq!(theirs.revision, 2);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(tab_a.read("d1").unwrap().unwrap().form.project, "B 改过的项目");
    // The user chooses "keep mine": saved on top, with a newer revision.
    let env = tab_a.save_over("d1", "x", &mine, T2).unwrap();
    assert_eq!(env.revision, 3);
    assert_eq!(tab_a.read("d1").unwrap().unwrap().form.project, "A 改过的项目");
}

#[test]
fn delete_can_be_undone_exactly() {
    let (mut store, _, _) = DraftStore::open(MemoryStorage::default(), T0);
    let saved = store.save("d1", "x", &seed(), 0, T0).unwrap();
    let deleted = store.delete("d1").unwrap().unwrap();
    assert_eq!(deleted, saved);
    assert!(store.read("d1").unwrap().is_none());
    store.restore(&deleted).unwrap();
    assert_eq!(store.read("d1").unwrap().unwrap(), saved);
}

#[test]
fn summaries_show_project_year_total_and_grade() {
    let env = Envelope {
        id: "d1".into(),
        name: "社保".into(),
        revision: 1,
        saved_at: T0.into(),
        app_version: "0.1.0".into(),
        form: seed(),
    };
    let s = drafts::DraftSummary::of(&env);
    assert_eq!((s.project.as_str(), s.year.as_str()), ("社保工作专项经费", "2021"));
    assert_eq!((s.total.as_deref(), s.grade.as_deref(), s.complete), (Some("93.9"), Some("优"), true));
}

// -------------------------------------------------------------------------------------------
// Import

#[test]
fn import_preview_shows_what_will_be_imported() {
    let p = drafts::preview_import(example::CHENGDE_2021_JSON).unwrap();
    assert_eq!(p.project, "社保工作专项经费");
    assert_eq!(p.year, "2021");
    assert_eq!(p.total.as_deref(), Some("93.9"));
    assert_eq!(p.indicators, 10);
}

#[test]
fn export_then_import_is_identical_with_exact_decimals() {
    let mut form = seed();
    form.funds.total.annual = "8.890000".into();
    form.indicators[2].actual = "99.999999%".into();
    form.indicators[3].weight = "8.0".into();
    let exported = form.to_json_pretty();
    let back = drafts::preview_import(&exported).unwrap().form;
    assert_eq!(back, form);
    assert_eq!(back.to_json_pretty(), exported);
}

#[test]
fn import_errors_name_the_path_in_chinese() {
    let cases: Vec<(String, &str)> = vec![
        ("{ \"schema\": ".into(), "不是有效的 JSON"),
        ("".into(), "文件是空的"),
        ("[]".into(), "应为 JSON 对象"),
        (r#"{"schema": "ziping.self-eval/7"}"#.into(), "ziping.self-eval/7"),
        (r#"{"indicators": [{"weight": true}]}"#.into(), "indicators[0].weight"),
        (r#"{"indicators": {"a": 1}}"#.into(), "indicators：应为列表"),
        (r#"{"funds": {"sources": [1]}}"#.into(), "funds.sources[0]"),
        (r#"{"year": [2021]}"#.into(), "year"),
        (format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)), "嵌套"),
    ];
    for (text, needle) in cases {
        let e = drafts::preview_import(&text).expect_err(needle);
        assert!(e.to_string().contains(needle), "{needle:?} not in {e}");
    }
}

#[test]
fn huge_numbers_are_kept_as_typed_and_judged_by_the_engine() {
    let text = r#"{"funds": {"total": {"annual": 1e400, "executed": 123456789012345678901234567890123}},
                   "indicators": [{"target": "≥95%", "actual": "100%", "weight": 100000000000000000000000000000000000}]}"#;
    let p = drafts::preview_import(text).unwrap();
    // Kept as the literal (serde_json writes the exponent as e+400), never rounded to a float.
    assert!(["1e400", "1e+400"].contains(&p.form.funds.total.annual.as_str()), "{}", p.form.funds.total.annual);
    assert_eq!(p.form.funds.total.executed, "123456789012345678901234567890123");
    let r = ziping::engine::score(&p.form);
    assert!(
        r.issues.iter().any(|i| i.code.as_str() == "invalid_amount" && i.path == "funds.total.annual"),
        "{:?}",
        r.issues
    );
    assert!(r.issues.iter().any(|i| i.path == "indicators[0].weight"));
}

#[test]
fn ten_megabyte_files_are_refused_quickly_with_a_clear_message() {
    let big = format!("{{\"project\": \"{}\"}}", "x".repeat(10 * 1024 * 1024));
    let e = drafts::preview_import(&big).expect_err("too big");
    assert!(e.to_string().contains("文件过大"), "{e}");
    // Just under the limit, a large but valid form still reads.
    let ok = format!("{{\"project\": \"{}\"}}", "项".repeat(1024 * 1024));
    assert!(drafts::preview_import(&ok).is_ok());
}

#[test]
fn export_file_names_are_safe() {
    let mut f = seed();
    assert_eq!(drafts::export_file_name(&f), "社保工作专项经费-2021-绩效自评表.json");
    f.project = " a/b:c*?\"<>|d\n ".into();
    f.year = String::new();
    assert_eq!(drafts::export_file_name(&f), "abcd-绩效自评表.json");
    f.project = String::new();
    assert_eq!(drafts::export_file_name(&f), "未命名项目-绩效自评表.json");
}

// ---------------------------------------------------------------------------------------------
// The editing session (what the browser app drives)

use drafts::{External, Session, Status};

fn start(storage: MemoryStorage, fresh: Form) -> (Session<MemoryStorage>, Form) {
    Session::start(Ok(storage), T0, "new-1".into(), fresh, false)
}

fn blank() -> Form {
    example::skeleton(None, &ziping::settings::Settings::default().fund_sources)
}

#[test]
fn draft_ids_are_time_based_with_a_random_suffix() {
    let a = drafts::new_draft_id(1_764_316_800_000.0, 0.25);
    let b = drafts::new_draft_id(1_764_316_800_000.0, 0.26);
    assert_ne!(a, b);
    assert!(a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "{a}");
    assert_eq!(drafts::new_draft_id(f64::NAN, 2.0).len(), "0-".len() + 6);
}

#[test]
fn a_fresh_start_writes_nothing_until_the_first_edit_then_reopens_it() {
    let (mut s, form) = start(MemoryStorage::default(), blank());
    assert_eq!(form, blank());
    assert_eq!(s.status(&form), Status::New);
    assert_eq!(s.save(&form, T1), Status::New);
    assert!(s.store().unwrap().storage().items.is_empty(), "an untouched blank form is not stored");
    let mut edited = form.clone();
    edited.project = "社保".into();
    assert_eq!(s.status(&edited), Status::Pending);
    assert_eq!(s.save(&edited, T1), Status::Saved(T1.into()));
    assert_eq!(s.save(&edited, T2), Status::Saved(T1.into()), "nothing new: no write");
    // A new start reopens it, whatever fresh form is offered.
    let storage = s.store().unwrap().storage().clone();
    let (s2, form2) = Session::start(Ok(storage), T2, "new-2".into(), blank(), false);
    assert_eq!(form2, edited);
    assert_eq!(s2.id, "new-1");
    assert_eq!(s2.status(&form2), Status::Saved(T1.into()));
}

#[test]
fn the_last_opened_draft_is_reopened_not_just_the_newest() {
    let (mut s, form) = start(MemoryStorage::default(), seed());
    s.new_draft("a".into(), "甲".into(), &form, true, T0);
    s.new_draft("b".into(), "乙".into(), &form, true, T1);
    s.open("a").unwrap();
    let storage = s.store().unwrap().storage().clone();
    let (s2, _) = start(storage.clone(), blank());
    assert_eq!(s2.id, "a");
    // ?demo=N: a fresh form first, nothing else touched.
    let (s3, f3) = Session::start(Ok(storage), T2, "demo".into(), blank(), true);
    assert_eq!((s3.id.as_str(), f3), ("demo", blank()));
}

#[test]
fn quota_keeps_the_form_unsaved_with_the_reason_and_recovers_without_latching() {
    let (mut s, mut form) = start(MemoryStorage::default(), seed());
    form.project = "大项目".into();
    s.save(&form, T0);
    s.store_mut().unwrap().storage_mut().quota_bytes = Some(10);
    form.year = "2022".into();
    assert_eq!(s.save(&form, T1), Status::Unsaved("浏览器存储空间已满".into()));
    assert_eq!(s.problem, Some(StoreError::Quota));
    // Still full: still unsaved, and tried again each time.
    assert!(matches!(s.save(&form, T1), Status::Unsaved(_)));
    s.store_mut().unwrap().storage_mut().quota_bytes = None;
    assert_eq!(s.save(&form, T2), Status::Saved(T2.into()));
    assert_eq!(s.problem, None);
    assert_eq!(s.store().unwrap().read(&s.id).unwrap().unwrap().form.year, "2022");
}

#[test]
fn unavailable_storage_works_in_memory_and_attaches_later() {
    let (mut s, mut form) =
        Session::<MemoryStorage>::start(Err(StoreError::Unavailable("sandbox".into())), T0, "m".into(), blank(), false);
    form.project = "x".into();
    assert_eq!(s.save(&form, T1), Status::Unsaved("浏览器不允许本地保存".into()));
    s.attach(Ok(MemoryStorage::default()), T1);
    assert_eq!(s.save(&form, T2), Status::Saved(T2.into()));
}

#[test]
fn an_unreadable_stored_value_is_quarantined_before_the_save_writes() {
    let (mut s, mut form) = start(MemoryStorage::default(), seed());
    form.project = "a".into();
    s.save(&form, T0);
    let key = drafts::draft_key(&s.id);
    s.store_mut().unwrap().storage_mut().items.insert(key.clone(), "{garbage".into());
    form.project = "b".into();
    assert_eq!(s.save(&form, T1), Status::Saved(T1.into()));
    assert_eq!(s.quarantined.len(), 1);
    assert_eq!(s.quarantined[0].raw, "{garbage");
    let items = &s.store().unwrap().storage().items;
    assert_eq!(items.get(&s.quarantined[0].key).map(String::as_str), Some("{garbage"));
    let q = s.quarantined[0].key.clone();
    s.discard_quarantined(&q);
    assert!(s.quarantined.is_empty() && !s.store().unwrap().storage().items.contains_key(&q));
}

#[test]
fn two_tabs_never_lose_work_silently() {
    let (mut a, mut fa) = start(MemoryStorage::default(), seed());
    fa.project = "A1".into();
    a.save(&fa, T0);
    // Tab B opens the same storage (a shared clone stands for localStorage).
    let (mut b, mut fb) = start(a.store().unwrap().storage().clone(), blank());
    assert_eq!(b.id, a.id);
    fb.project = "B1".into();
    b.save(&fb, T1);
    // A, without unsaved edits, sees B's save and takes it.
    *a.store_mut().unwrap().storage_mut() = b.store().unwrap().storage().clone();
    assert_eq!(a.external_change(&fa), External::Reloaded(Box::new(fb.clone())));
    fa = fb.clone();
    // Both edit; B saves first; A must not overwrite it, nor be overwritten.
    fa.project = "A2".into();
    fb.project = "B2".into();
    b.save(&fb, T2);
    *a.store_mut().unwrap().storage_mut() = b.store().unwrap().storage().clone();
    assert_eq!(a.external_change(&fa), External::Conflict);
    assert!(matches!(a.save(&fa, T2), Status::Unsaved(_)), "no autosave while the user has not chosen");
    assert_eq!(a.store().unwrap().read(&a.id).unwrap().unwrap().form.project, "B2");
    // Even without the event, the save itself detects it.
    let theirs = a.keep_theirs().unwrap();
    assert_eq!(theirs.project, "B2");
    // Keep mine: stored over theirs, on a newer revision.
    let (mut c, mut fc) = start(b.store().unwrap().storage().clone(), blank());
    fc.project = "C".into();
    fb.project = "B3".into();
    b.save(&fb, T2);
    *c.store_mut().unwrap().storage_mut() = b.store().unwrap().storage().clone();
    assert!(matches!(c.save(&fc, T2), Status::Unsaved(_)));
    assert!(c.conflict.is_some());
    assert_eq!(c.keep_mine(&fc, T2), Status::Saved(T2.into()));
    assert_eq!(c.store().unwrap().read(&c.id).unwrap().unwrap().form.project, "C");
}

#[test]
fn drafts_list_duplicate_rename_delete_and_undo() {
    let (mut s, mut form) = start(MemoryStorage::default(), seed());
    form.project = "一".into();
    s.save(&form, T0);
    let first = s.id.clone();
    let copy = s.duplicate(&first, "copy", T1).unwrap();
    assert_eq!(copy.name, "一（副本）");
    assert_eq!(copy.form, form);
    s.rename("copy", "改名", &form, T1).unwrap();
    // Renaming the current draft keeps its unsaved edits and its revision line.
    form.year = "2030".into();
    s.rename(&first, "当前", &form, T2).unwrap();
    assert_eq!(s.status(&form), Status::Saved(T2.into()));
    let list = s.list();
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["当前", "改名"]);
    assert_eq!(list[0].year, "2030");
    let gone = s.delete("copy").unwrap().unwrap();
    assert_eq!(s.list().len(), 1);
    s.restore(&gone).unwrap();
    assert_eq!(s.list().len(), 2);
    assert_eq!(s.open("copy").unwrap(), seed_with_project("一"));
    assert!(s.open("nope").is_err());
}

fn seed_with_project(p: &str) -> Form {
    let mut f = seed();
    f.project = p.into();
    f
}

#[test]
fn an_import_is_stored_at_once_as_a_new_draft() {
    let (mut s, form) = start(MemoryStorage::default(), blank());
    let p = drafts::preview_import(example::CHENGDE_2021_JSON).unwrap();
    assert_eq!(s.new_draft("imp".into(), p.project.clone(), &p.form, true, T1), Status::Saved(T1.into()));
    assert_eq!(s.list().len(), 1);
    assert_ne!(form, p.form);
}

#[test]
fn keeping_both_versions_stores_mine_as_a_new_draft() {
    let (mut a, mut fa) = start(MemoryStorage::default(), seed());
    fa.project = "A1".into();
    a.save(&fa, T0);
    let (mut b, mut fb) = start(a.store().unwrap().storage().clone(), blank());
    fb.project = "B".into();
    b.save(&fb, T1);
    *a.store_mut().unwrap().storage_mut() = b.store().unwrap().storage().clone();
    fa.project = "A2".into();
    assert_eq!(a.status_when_edited(), Status::Pending);
    assert_eq!(a.external_change(&fa), External::Conflict);
    assert!(matches!(a.status_when_edited(), Status::Unsaved(_)));
    let shown = a.keep_both(&fa, "mine", T2).unwrap();
    assert_eq!(shown.project, "B");
    let list = a.list();
    assert_eq!(list.len(), 2);
    assert!(list.iter().any(|d| d.id == "mine" && d.project == "A2" && d.name == "A2（本页的修改）"));
}

/// The app prints a file size and a save duration without Rust's float formatter; the
/// replacement must write exactly what `format!("{:.N}")` writes.
#[test]
fn fixed_decimals_writes_what_format_writes() {
    let specials = [
        0.0,
        -0.0,
        0.25,
        0.35,
        2.5,
        5.25,
        5.75,
        0.0625,
        -0.0625,
        1.0005,
        0.05,
        0.95,
        9.95,
        99.95,
        1e-9,
        -1e-300,
        f64::MIN_POSITIVE,
        5e-324,
        1e21,
        123456789.98765432,
        2f64.powi(53),
        2f64.powi(100) + 2f64.powi(48),
        f64::MAX,
        -f64::MAX,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        5_505_024.0 / 1048576.0,
        5_242_881.0 / 1048576.0,
    ];
    for x in specials {
        for n in 0..=9 {
            assert_eq!(drafts::fixed_decimals(x, n), format!("{:.*}", n as usize, x), "{x} with {n} decimals");
        }
    }
    // Ties at every decimal place, file sizes around the limit, and arbitrary bit patterns.
    for k in 0..20_000u64 {
        let tie = (2 * k + 1) as f64 / 2f64.powi((k % 12) as i32 + 1);
        let size = (5 * 1048576 + k * 37) as f64 / 1048576.0;
        let bits = f64::from_bits(k.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (k << 7));
        let ms = k as f64 * 0.1 + 0.0049;
        let xs = if k % 16 == 0 { vec![tie, -tie, size, ms, bits] } else { vec![tie, -tie, size, ms] };
        for x in xs {
            for n in [0, 1, 2, 3] {
                assert_eq!(drafts::fixed_decimals(x, n), format!("{:.*}", n as usize, x), "{x:e} with {n} decimals");
            }
        }
    }
}
