//! The browser app (Leptos 0.8, client-side rendered): the whole 项目支出绩效自评表, editable,
//! re-scored on every keystroke.
//!
//! A thin view over the core: every number shown comes from [`crate::engine::score`], every
//! change goes through [`crate::edit::Editor`]. The app state lives in one place,
//! [`AppState`]: the editor (the form and its undo history) in one signal, and what is derived
//! from it (the result, the issues by row, the layout). Drafts, autosave and export hook in
//! through `persist` (the session, timers and events) and `drafts` (its panels and banners).
//!
//! Inputs keep exactly what the user typed: their value is written from the form only when the
//! form changes by other means than typing (undo, redo, loading, moving rows) — the `sync`
//! counter — never under the cursor.
//!
//! `?demo=N` (N ≤ 1000) opens a generated, filled form of N indicator rows
//! ([`crate::example::generated`]); it is how the 300-row load test and benchmark open one.
//!
//! Reactive values hold the types that say what they mean — a [`Severity`], a
//! [`Method`](crate::engine::Method), a [`Derived`](crate::edit::Derived) total, a
//! [`SaveState`](crate::view_model::SaveState) — and what a view shows of them is decided in
//! the pure core ([`crate::view_model`], [`crate::edit`]), which has native tests. The bundle
//! has a ceiling (250 KB brotli, `scripts/bundle-size`), not a race: readable types come first.
//! (Two habits remain because they cost nothing to read: in `view!` a closure written in place,
//! `{move || score()}`, is type-erased by `--cfg erase_components` where a named one gets its
//! own copy of the rendering code — hence the "redundant" closures — and event handlers go
//! through [`handler`].)
//!
//! `window.ziping` ([`js_api`]) gives the page's scripts the scoring core and the current form
//! and result as plain objects.
#![allow(clippy::redundant_closure)]

mod drafts;
mod funds;
mod goals;
mod header;
mod history;
mod indicators;
mod issues;
pub mod js_api;
pub(crate) mod persist;
mod rows;
mod settings;
mod summary;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::edit::{self, Edit, Editor, Field, IssueIndex, Level1Group};
use crate::engine;
use crate::example;
use crate::model::Form;
use crate::result::{Issue, ScoreResult, Severity};
use crate::settings::Settings;
use crate::view_model;

pub(crate) use crate::view_model::EMPTY;

/// The app's state: one editor signal, and what is derived from it.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The form and its undo/redo history.
    pub editor: RwSignal<Editor>,
    /// Notified whenever the form changes other than by typing: inputs then re-read the form.
    pub sync: Trigger,
    pub result: Memo<ScoreResult>,
    pub index: Memo<IssueIndex>,
    /// Issues not on an indicator row (header, funds, settings, weights).
    pub other: Memo<Vec<Issue>>,
    pub layout: Memo<Vec<Level1Group>>,
    /// A short notice with an undo button ("已删除…").
    pub notice: RwSignal<Option<String>>,
}

impl AppState {
    pub fn new(form: Form) -> AppState {
        let editor = RwSignal::new(Editor::new(form));
        let result = Memo::new(move |_| editor.with(|e| engine::score(&e.form)));
        let index = Memo::new(move |_| {
            let n = editor.with(|e| e.form.indicators.len());
            result.with(|r| IssueIndex::new(r, n))
        });
        let other = Memo::new(move |_| index.with(|x| x.other.clone()));
        let layout = Memo::new(move |_| editor.with(|e| edit::layout(&e.form)));
        AppState { editor, sync: Trigger::new(), result, index, other, layout, notice: RwSignal::new(None) }
    }

    /// Typing: the input already shows the text, so nothing is written back to it.
    pub fn type_into(&self, field: Field, text: String) {
        self.editor.maybe_update(|e| e.apply(Edit::Set(field, text)).changed);
    }

    /// Any other edit: inputs are refreshed, and the cursor goes where the edit says.
    pub fn apply(&self, edit: Edit) {
        let Some(applied) = self.editor.try_maybe_update(|e| {
            let a = e.apply(edit);
            (a.changed, a)
        }) else {
            return;
        };
        if !applied.changed {
            return;
        }
        self.sync.notify();
        self.notice.set(applied.notice);
        if let Some(field) = applied.focus {
            let id = field.dom_id();
            request_animation_frame(move || {
                focus_id(&id);
            });
        }
    }

    pub fn undo(&self) {
        self.step_history(Editor::undo);
    }

    pub fn redo(&self) {
        self.step_history(Editor::redo);
    }

    /// Undo or redo: when it did something, inputs re-read the form and the notice goes.
    fn step_history(&self, step: fn(&mut Editor) -> bool) {
        if self.editor.try_maybe_update(|e| {
            let done = step(e);
            (done, done)
        }) == Some(true)
        {
            self.sync.notify();
            self.notice.set(None);
        }
    }

    /// Shows another form (another draft, an import): a fresh undo history, inputs re-read.
    pub fn replace_form(&self, form: Form) {
        self.editor.set(Editor::new(form));
        self.sync.notify();
        self.notice.set(None);
    }

    /// Ends a typing burst (the field lost focus): the next keystroke is a new undo step.
    pub fn seal(&self) {
        self.editor.update_untracked(|e| e.seal());
    }
}

pub(crate) fn use_state() -> AppState {
    use_context::<AppState>().expect("AppState is provided by App")
}

/// A new, empty form: the MOF skeleton.
pub fn blank_form() -> Form {
    example::skeleton(None, &Settings::default().fund_sources)
}

/// The form to open: `?demo=N` gives a generated one (opened as a new draft, `true`);
/// otherwise the last draft is reopened, or a blank form starts a new one.
fn initial_form() -> (Form, bool) {
    let search = window().location().search().unwrap_or_default();
    let demo = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("demo="))
        .and_then(|n| n.parse::<usize>().ok());
    match demo {
        Some(n) if (1..=1000).contains(&n) => (example::generated(n, 1), true),
        _ => (blank_form(), false),
    }
}

/// Puts the cursor in the element with this id, opening a closed `<details>` around it.
pub(crate) fn focus_id(id: &str) -> bool {
    let Some(el) = document().get_element_by_id(id) else { return false };
    let mut parent = el.parent_element();
    while let Some(p) = parent {
        if p.tag_name().eq_ignore_ascii_case("details") {
            let _ = p.set_attribute("open", "");
        }
        parent = p.parent_element();
    }
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
    if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = h.focus();
    }
    true
}

/// Brings the field of an issue path to the user: scrolls to it and focuses it.
pub(crate) fn focus_path(path: &str) {
    for id in edit::focus_ids(path) {
        if focus_id(&id) {
            return;
        }
    }
}

/// How an input looks and takes text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A short text or number.
    Line,
    /// An amount, weight or score: narrow, decimal keyboard on tablets.
    Number,
    /// A growing text area.
    Area,
}

/// One text input of the form, bound to `field`: labelled, marked when the engine has an error
/// or warning at its path, with the message next to it.
pub(crate) fn text_field(
    st: AppState,
    field: Field,
    kind: Kind,
    label: Text,
    issues: Signal<Vec<Issue>>,
    placeholder: Text,
) -> AnyView {
    let path = field.path();
    let id = field.dom_id();
    let msg_id = format!("{id}-msg");
    // The most serious error or warning at this field: its severity and message.
    let issue =
        Memo::new(move |_| issues.with(|v| edit::field_issue(v, &path).map(|i| (i.severity, i.message.clone()))));
    let severity = move || issue.with(|i| i.as_ref().map(|(sev, _)| *sev));
    let get = field.clone();
    let value = move || {
        st.sync.track();
        st.editor.with_untracked(|e| get.get(&e.form).to_string())
    };
    let set = field.clone();
    let on_input = move |ev: leptos::ev::Event| st.type_into(set.clone(), event_target_value(&ev));
    let on_change = move |_| st.seal();
    let class = move || {
        let base = match kind {
            Kind::Line => "input",
            Kind::Number => "input input-num",
            Kind::Area => "input input-area",
        };
        view_model::input_class(base, severity())
    };
    let invalid = move || (severity() == Some(Severity::Error)).then_some("true");
    let msg_for = msg_id.clone();
    let described = move || issue.with(|i| i.is_some()).then(|| msg_for.clone());
    let message = move || {
        issue.get().map(|(sev, m)| {
            view! { <span class=view_model::message_class(sev) id=msg_id.clone()>{m}</span> }.into_any()
        })
    };
    let control = match kind {
        Kind::Area => view! {
            <textarea
                id=id
                class=move || class()
                rows="2"
                aria-label=move || label()
                aria-invalid=move || invalid()
                aria-describedby=move || described()
                placeholder=move || placeholder()
                prop:value=move || value()
                on:input=handler(on_input)
                on:change=handler(on_change)
            ></textarea>
        }
        .into_any(),
        _ => view! {
            <input
                id=id
                type="text"
                class=move || class()
                inputmode=(kind == Kind::Number).then_some("decimal")
                autocomplete="off"
                aria-label=move || label()
                aria-invalid=move || invalid()
                aria-describedby=move || described()
                placeholder=move || placeholder()
                prop:value=move || value()
                on:input=handler(on_input)
                on:change=handler(on_change)
            />
        }
        .into_any(),
    };
    view! { <span class="field">{control} {move || message()}</span> }.into_any()
}

/// An event handler as a trait object: `on:click=handler(move |_| …)`. Each `on:` with its own
/// closure type would get its own copy of the code that attaches it (≈ 200 bytes in the
/// bundle); with a boxed handler that code exists once per event type.
pub(crate) fn handler<E: 'static>(f: impl FnMut(E) + 'static) -> Box<dyn FnMut(E)> {
    Box::new(f)
}

/// A label or placeholder: fixed, or following the form (a row's name).
pub(crate) type Text = Box<dyn Fn() -> String + Send + Sync>;

/// A fixed label.
pub(crate) fn fixed(s: impl Into<String>) -> Text {
    let s: String = s.into();
    Box::new(move || s.clone())
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let (fresh, fresh_first) = initial_form();
    // The drafts are loaded (synchronously) before anything renders or can be saved.
    let (persist, form) = persist::start(fresh, fresh_first);
    let st = AppState::new(form);
    provide_context(st);
    provide_context(persist);
    history::install_shortcuts(st);
    persist::install(st, persist);
    js_api::install(st, persist);

    view! {
        <a class="skip" href="#form-start">"跳到表格"</a>
        <header class="masthead">
            <div class="masthead-inner">
                <h1>"项目支出绩效自评表"</h1>
                <p class="masthead-sub">"ziping · 自评分计算器 · 按财政部口径计分，全部计算在本机完成"</p>
            </div>
        </header>
        <summary::Summary />
        <drafts::DraftsPanel />
        <drafts::ImportDialog />
        <div class="layout">
            <main class="form" id="form-start">
                <header::Header />
                <funds::Funds />
                <goals::Goals />
                <indicators::Indicators />
                <settings::SettingsPanel />
            </main>
            <aside class="side">
                <issues::IssuesPanel />
            </aside>
        </div>
        <history::Notice />
        <footer class="footer">
            <p>"所有计算均在本机浏览器中完成，不上传任何数据。"</p>
        </footer>
    }
}
