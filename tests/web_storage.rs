#![cfg(target_arch = "wasm32")]
//! The draft store against the real localStorage of headless Chromium.

use wasm_bindgen_test::*;
use ziping::drafts::{DraftStore, Envelope, SaveError, Storage, StoreError};
use ziping::web_storage::LocalStorage;

wasm_bindgen_test_configure!(run_in_browser);

const T0: &str = "2026-11-28T08:00:00.000Z";
const T1: &str = "2026-11-28T08:00:01.000Z";

fn clear() {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
}

#[wasm_bindgen_test]
fn save_and_reopen_round_trip() {
    clear();
    let (mut store, drafts, report) = DraftStore::open(LocalStorage::open().unwrap(), T0);
    assert!(drafts.is_empty() && report.quarantined.is_empty() && report.unavailable.is_none());
    let form = ziping::example::chengde_2021();
    store.save("d1", "社保", &form, 0, T0).unwrap();
    let (_, drafts, _) = DraftStore::open(LocalStorage::open().unwrap(), T1);
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].form, form);
    assert_eq!(drafts[0].revision, 1);
    clear();
}

#[wasm_bindgen_test]
fn corrupt_values_are_quarantined_in_local_storage() {
    clear();
    let mut ls = LocalStorage::open().unwrap();
    ls.set("ziping:draft:bad", "{\"schema\": \"ziping.draft/1\", \"id\": ").unwrap();
    ls.set("other-app:key", "not ours").unwrap();
    let (store, drafts, report) = DraftStore::open(LocalStorage::open().unwrap(), T0);
    assert!(drafts.is_empty());
    assert_eq!(report.quarantined.len(), 1);
    let q = &report.quarantined[0];
    assert!(q.key.starts_with("ziping:quarantine:ziping:draft:bad@"));
    assert_eq!(store.storage().get(&q.key).unwrap().as_deref(), Some(q.raw.as_str()));
    assert_eq!(store.storage().get("ziping:draft:bad").unwrap(), None);
    assert_eq!(store.storage().get("other-app:key").unwrap().as_deref(), Some("not ours"), "other keys untouched");
    clear();
}

#[wasm_bindgen_test]
fn a_full_quota_is_recognised_as_quota() {
    clear();
    let mut ls = LocalStorage::open().unwrap();
    // Fill to the brim: big chunks first, then ever smaller ones.
    let mut size = 512 * 1024;
    let mut err = None;
    let mut i = 0;
    while size >= 8 {
        match ls.set(&format!("ziping:fill:{i}"), &"x".repeat(size)) {
            Ok(()) => i += 1,
            Err(e) => {
                err = Some(e);
                size /= 2;
            }
        }
    }
    assert_eq!(err, Some(StoreError::Quota), "Chromium's QuotaExceededError is classified");
    let (mut store, _, _) = DraftStore::open(LocalStorage::open().unwrap(), T0);
    let big = ziping::example::generated(300, 1);
    let r = store.save("d1", "big", &big, 0, T0);
    assert!(matches!(r, Err(SaveError::Storage(StoreError::Quota))), "{:?}", r.err());
    clear();
    let (mut store, _, _) = DraftStore::open(LocalStorage::open().unwrap(), T1);
    assert!(store.save("d1", "big", &big, 0, T1).is_ok(), "after space is freed, saving works again");
    let _: Option<Envelope> = store.read("d1").unwrap();
    clear();
}

#[wasm_bindgen_test]
fn a_session_saves_reopens_and_sees_another_tabs_save_in_local_storage() {
    use ziping::drafts::{External, Session, Status};
    clear();
    let blank = ziping::example::skeleton(None, &ziping::settings::Settings::default().fund_sources);
    let (mut a, mut form) = Session::start(LocalStorage::open(), T0, "tab-a".into(), blank.clone(), false);
    assert_eq!(a.status(&form), Status::New);
    form.project = "甲".into();
    assert_eq!(a.save(&form, T1), Status::Saved(T1.into()));
    // A second session on the same localStorage (another tab) reopens it and saves a newer one.
    let (mut b, mut form_b) = Session::start(LocalStorage::open(), T1, "tab-b".into(), blank, false);
    assert_eq!(b.id, "tab-a");
    assert_eq!(form_b.project, "甲");
    form_b.project = "乙".into();
    b.save(&form_b, T1);
    assert_eq!(a.external_change(&form), External::Reloaded(Box::new(form_b.clone())));
    clear();
}

#[wasm_bindgen_test]
fn values_are_stored_exactly_as_given_not_as_json() {
    clear();
    let raw = || web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let mut ls = LocalStorage::open().unwrap();
    // A bare id (ziping:last), text that is not JSON (a quarantined value), and JSON itself.
    for (key, value) in [
        ("ziping:last", "d-123"),
        ("ziping:quarantine:x", "{\"schema\": \"zip"),
        ("ziping:draft:j", "{\"a\":\"引号\\\"\"}"),
    ] {
        ls.set(key, value).unwrap();
        assert_eq!(raw().get_item(key).unwrap().as_deref(), Some(value), "stored as given");
        assert_eq!(ls.get(key).unwrap().as_deref(), Some(value), "read back as stored");
    }
    raw().set_item("ziping:other", "written by another tab").unwrap();
    assert_eq!(ls.get("ziping:other").unwrap().as_deref(), Some("written by another tab"));
    let mut keys = ls.keys().unwrap();
    keys.sort();
    assert_eq!(keys, ["ziping:draft:j", "ziping:last", "ziping:other", "ziping:quarantine:x"]);
    ls.remove("ziping:last").unwrap();
    assert_eq!(raw().get_item("ziping:last").unwrap(), None);
    assert_eq!(ls.get("ziping:last").unwrap(), None);
    assert_eq!(raw().get_item("ziping:probe").unwrap(), None, "the probe leaves nothing behind");
    clear();
}
