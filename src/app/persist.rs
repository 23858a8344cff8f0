//! Autosave wiring (issue 4): the browser side of [`crate::drafts::Session`].
//!
//! - the session is created before the app renders, from localStorage ([`BrowserStorage`]);
//!   nothing is written before that initial load has finished;
//! - every change of the editor schedules a save after a pause in typing ([`PAUSE`]); a save
//!   also happens at once on `visibilitychange` to hidden, `pagehide`, `beforeprint` and
//!   before an export;
//! - a failed save (quota, storage unavailable) keeps the form in memory, shows the banner and
//!   is retried every [`RETRY`] while there are unsaved edits — never latched off;
//! - a `storage` event for the current draft (another tab saved) either loads the newer
//!   version (no unsaved edits here) or raises the conflict banner (the user chooses).
//!
//! All decisions are in the pure core; this module only moves signals and timers.

use std::cell::RefCell;
use std::time::Duration;

use leptos::prelude::*;
use leptos::web_sys;
use wasm_bindgen::{JsCast, JsValue};

use super::AppState;
use crate::drafts::{self, External, Session, Status, StoreError};
use crate::model::Form;
use crate::view_model::{self, SaveState};
use crate::web_storage::LocalStorage as BrowserStorage;

/// The pause in typing after which edits are saved.
pub const PAUSE: Duration = Duration::from_millis(400);
/// How often a failed save is retried while there are unsaved edits.
pub const RETRY: Duration = Duration::from_secs(5);

thread_local! {
    static SESSION: RefCell<Option<Session<BrowserStorage>>> = const { RefCell::new(None) };
}

/// Runs `f` on the session (created by [`start`]).
pub(crate) fn with_session<R>(f: impl FnOnce(&mut Session<BrowserStorage>) -> R) -> R {
    SESSION.with(|s| f(s.borrow_mut().as_mut().expect("the session is started before the app renders")))
}

/// A quarantined value as the notice shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct QuarantineItem {
    pub key: String,
    pub original_key: String,
    pub reason: String,
    pub bytes: usize,
}

/// What the view shows of the session.
#[derive(Clone, Copy)]
pub struct Persist {
    /// The save status ([`Status`]) as the summary bar shows it: its state and its text.
    pub save_state: RwSignal<SaveState>,
    pub save_text: RwSignal<String>,
    /// The storage problem, for the sticky banner.
    pub problem: RwSignal<Option<String>>,
    /// The other tab's newer version: its save time (ISO).
    pub conflict: RwSignal<Option<String>>,
    pub quarantined: RwSignal<Vec<QuarantineItem>>,
    /// A one-off message ("已载入另一个标签页保存的较新版本").
    pub message: RwSignal<Option<String>>,
    /// Notified whenever the stored drafts may have changed (the list re-reads them).
    pub drafts_changed: Trigger,
    /// The current draft's id.
    pub current: RwSignal<String>,
    /// How long the last save took, in ms (for the benchmark; `data-save-ms`).
    pub last_save_ms: RwSignal<f64>,
    /// The drafts list and the import dialog are open.
    pub drafts_open: RwSignal<bool>,
    pub import_open: RwSignal<bool>,
    /// The next editor change is a form being shown (a draft opened), not an edit.
    shown: StoredValue<bool>,
    timer: StoredValue<Option<TimeoutHandle>>,
}

pub fn now_iso() -> String {
    String::from(web_sys::js_sys::Date::new_0().to_iso_string())
}

pub fn new_id() -> String {
    drafts::new_draft_id(web_sys::js_sys::Date::now(), web_sys::js_sys::Math::random())
}

/// `HH:MM:SS` of an ISO time, in the user's time zone.
pub fn clock(iso: &str) -> String {
    let d = web_sys::js_sys::Date::new(&iso.into());
    if d.get_time().is_nan() {
        return iso.to_string();
    }
    format!("{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds())
}

fn perf_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// A save status as the summary bar shows it: its state and its text
/// (已保存 HH:MM:SS / 保存中… / 未保存：why).
fn status_view(s: &Status) -> (SaveState, String) {
    (SaveState::of(s), view_model::save_text(s, clock))
}

/// Opens the session: the last draft, or `fresh` as a new draft (`fresh_first`: `?demo=N`).
pub fn start(fresh: Form, fresh_first: bool) -> (Persist, Form) {
    let (session, form) = Session::start(BrowserStorage::open(), &now_iso(), new_id(), fresh, fresh_first);
    SESSION.with(|s| *s.borrow_mut() = Some(session));
    let p = Persist {
        save_state: RwSignal::new(SaveState::New),
        save_text: RwSignal::new(String::new()),
        problem: RwSignal::new(None),
        conflict: RwSignal::new(None),
        quarantined: RwSignal::new(Vec::new()),
        message: RwSignal::new(None),
        drafts_changed: Trigger::new(),
        current: RwSignal::new(String::new()),
        last_save_ms: RwSignal::new(0.0),
        drafts_open: RwSignal::new(false),
        import_open: RwSignal::new(false),
        shown: StoredValue::new(false),
        timer: StoredValue::new(None),
    };
    p.refresh_with(&form);
    (p, form)
}

impl Persist {
    /// Copies the session into the signals.
    fn refresh_with(&self, form: &Form) {
        let (status, problem, conflict, quarantined, id) = with_session(|s| {
            (
                s.status(form),
                s.problem.as_ref().map(StoreError::message),
                s.conflict.as_ref().map(|c| c.saved_at.clone()),
                s.quarantined
                    .iter()
                    .map(|q| QuarantineItem {
                        key: q.key.clone(),
                        original_key: q.original_key.clone(),
                        reason: q.reason.clone(),
                        bytes: q.raw.len(),
                    })
                    .collect::<Vec<_>>(),
                s.id.clone(),
            )
        });
        let (state, text) = status_view(&status);
        self.save_state.set(state);
        self.save_text.set(text);
        self.problem.set(problem);
        self.conflict.set(conflict);
        if self.quarantined.with_untracked(|q| *q != quarantined) {
            self.quarantined.set(quarantined);
        }
        if self.current.with_untracked(|c| *c != id) {
            self.current.set(id);
        }
    }

    fn refresh(&self, st: AppState) {
        st.editor.with_untracked(|e| self.refresh_with(&e.form));
    }

    fn clear_timer(&self) {
        if let Some(h) = self.timer.try_update_value(|t| t.take()).flatten() {
            h.clear();
        }
    }

    /// An edit happened: say so, and save after the pause.
    pub fn edited(&self, st: AppState) {
        let (state, text) = status_view(&with_session(|s| s.status_when_edited()));
        if self.save_state.get_untracked() != state {
            self.save_state.set(state);
        }
        if self.save_text.with_untracked(|t| *t != text) {
            self.save_text.set(text);
        }
        self.schedule(st, PAUSE);
    }

    fn schedule(&self, st: AppState, after: Duration) {
        self.clear_timer();
        let p = *self;
        let handle = set_timeout_with_handle(move || p.flush(st), after).ok();
        self.timer.set_value(handle);
    }

    /// Saves now (if there is anything to save).
    pub fn flush(&self, st: AppState) {
        self.clear_timer();
        let now = now_iso();
        let t0 = perf_now();
        // None: the app was unmounted (its signals disposed) before this ran.
        let Some((wrote, failed)) = st.editor.try_with_untracked(|e| {
            with_session(|s| {
                if !s.has_store() {
                    s.attach(BrowserStorage::open(), &now);
                }
                let before = s.base;
                s.save(&e.form, &now);
                (s.base != before, s.problem.is_some() && s.is_dirty(&e.form))
            })
        }) else {
            return;
        };
        if wrote {
            self.last_save_ms.set(perf_now() - t0);
            self.drafts_changed.notify();
        }
        self.refresh(st);
        if failed {
            // Never latch: try again later, as long as there is something unsaved.
            self.schedule(st, RETRY);
        }
    }

    /// Shows another form in the editor (another draft, another tab's version): a fresh
    /// history, inputs re-read.
    pub fn show(&self, st: AppState, form: Form) {
        self.shown.set_value(true);
        st.replace_form(form);
        self.refresh(st);
        self.drafts_changed.notify();
    }

    /// Saves the current draft, then starts a new one holding `form` (stored at once when
    /// `store_now`, e.g. an import; otherwise at its first edit).
    pub fn new_draft(&self, st: AppState, form: Form, name: String, store_now: bool) {
        self.flush(st);
        with_session(|s| s.new_draft(new_id(), name, &form, store_now, &now_iso()));
        self.show(st, form);
    }

    /// Saves the current draft, then opens a stored one.
    pub fn open(&self, st: AppState, id: &str) -> Result<(), String> {
        self.flush(st);
        let form = with_session(|s| s.open(id))?;
        self.show(st, form);
        Ok(())
    }

    /// After deleting the current draft: open the next one without saving the deleted one back.
    pub fn open_after_delete(&self, st: AppState, id: &str) -> Result<(), String> {
        self.clear_timer();
        let form = with_session(|s| s.open(id))?;
        self.show(st, form);
        Ok(())
    }

    /// After deleting the last draft: a new blank draft (nothing stored until edited).
    pub fn new_draft_after_delete(&self, st: AppState) {
        self.clear_timer();
        let form = super::blank_form();
        with_session(|s| s.new_draft(new_id(), String::new(), &form, false, &now_iso()));
        self.show(st, form);
    }

    pub fn keep_mine(&self, st: AppState) {
        let now = now_iso();
        st.editor.with_untracked(|e| with_session(|s| s.keep_mine(&e.form, &now)));
        self.refresh(st);
        self.drafts_changed.notify();
    }

    pub fn keep_theirs(&self, st: AppState) {
        if let Some(form) = with_session(|s| s.keep_theirs()) {
            self.show(st, form);
            self.message.set(Some("已载入另一个标签页保存的版本。".into()));
        }
    }

    pub fn keep_both(&self, st: AppState) {
        let now = now_iso();
        let id = new_id();
        let r = st.editor.with_untracked(|e| with_session(|s| s.keep_both(&e.form, &id, &now)));
        match r {
            Ok(form) => {
                self.show(st, form);
                self.message
                    .set(Some("本页的修改已另存为新草稿（见“草稿”列表），现在显示另一个标签页保存的版本。".into()));
            }
            Err(e) => {
                self.message.set(Some(format!("未能另存：{}", e)));
                self.refresh(st);
            }
        }
    }

    /// Another tab changed localStorage.
    fn on_storage(&self, st: AppState, key: Option<String>) {
        let current_key = drafts::draft_key(&self.current.get_untracked());
        match key.as_deref() {
            Some(k) if k.starts_with(drafts::DRAFT_PREFIX) || k.starts_with(drafts::QUARANTINE_PREFIX) => {
                self.drafts_changed.notify();
                if k != current_key {
                    return;
                }
            }
            // clear(): everything may have gone.
            None => self.drafts_changed.notify(),
            _ => return,
        }
        let outcome = st.editor.with_untracked(|e| with_session(|s| s.external_change(&e.form)));
        match outcome {
            External::Nothing => {}
            External::Reloaded(form) => {
                let at = with_session(|s| s.saved_at.clone()).map(|t| clock(&t)).unwrap_or_default();
                self.show(st, *form);
                self.message.set(Some(format!("另一个标签页在 {} 保存了此草稿的较新版本，已载入。", at)));
            }
            External::Conflict => {
                self.clear_timer();
                self.refresh(st);
            }
        }
    }

    /// Downloads a quarantined value exactly as it was stored.
    pub fn download_quarantined(&self, key: &str) {
        let raw = with_session(|s| s.quarantined.iter().find(|q| q.key == key).map(|q| q.raw.clone()));
        if let Some(raw) = raw {
            let name: String =
                key.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
            download(&format!("{}.txt", name), &raw, "text/plain;charset=utf-8");
        }
    }

    pub fn discard_quarantined(&self, st: AppState, key: &str) {
        with_session(|s| s.discard_quarantined(key));
        self.refresh(st);
    }

    /// Exports the current form as a `.json` file in the exchange format (saved first).
    pub fn export(&self, st: AppState) {
        self.flush(st);
        let (name, text) = st.editor.with_untracked(|e| (drafts::export_file_name(&e.form), e.form.to_json_pretty()));
        download(&name, &text, "application/json");
    }
}

/// Offers `text` as a file download (Blob + object URL + `<a download>`).
pub fn download(name: &str, text: &str, mime: &str) {
    download_part(name, &text.into(), mime);
}

/// Offers `part` (a string, or the bytes of a `Uint8Array`) as a file download.
pub fn download_part(name: &str, part: &JsValue, mime: &str) {
    let parts = web_sys::js_sys::Array::of1(part);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let doc = document();
    if let Ok(a) = doc.create_element("a").map(|e| e.unchecked_into::<web_sys::HtmlAnchorElement>()) {
        a.set_href(&url);
        a.set_download(name);
        let _ = a.set_attribute("hidden", "");
        if let Some(body) = doc.body() {
            let _ = body.append_child(&a);
            a.click();
            let _ = body.remove_child(&a);
        }
    }
    set_timeout(move || drop(web_sys::Url::revoke_object_url(&url)), Duration::from_secs(30));
}

/// Hooks the session into the app: autosave on edits, at once when the page is hidden,
/// closed or printed, and the other tabs' saves.
pub fn install(st: AppState, p: Persist) {
    Effect::new(move |prev: Option<()>| {
        st.editor.track();
        if prev.is_some() && !p.shown.try_update_value(std::mem::take).unwrap_or(false) {
            p.edited(st);
        }
    });
    let hidden = window_event_listener_untyped("visibilitychange", move |_| {
        if document().hidden() {
            p.flush(st);
        }
    });
    let pagehide = window_event_listener_untyped("pagehide", move |_| p.flush(st));
    let print = window_event_listener_untyped("beforeprint", move |_| p.flush(st));
    let storage = window_event_listener(leptos::ev::storage, move |ev| p.on_storage(st, ev.key()));
    on_cleanup(move || {
        // An unmounted app (each browser test mounts its own) must not save from a timer
        // that outlives its signals.
        p.clear_timer();
        hidden.remove();
        pagehide.remove();
        print.remove();
        storage.remove();
    });
}

pub(crate) fn use_persist() -> Persist {
    use_context::<Persist>().expect("Persist is provided by App")
}
