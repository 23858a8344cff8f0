//! The 自评报告 dialog: the report drafted from the form, edited section by section, printed
//! and exported as standalone HTML.
//!
//! - The text a person edits goes back to the form's `report` field (`window.ziping.setReport`)
//!   on every keystroke, so it is saved with the draft and travels with an export.
//! - 重新生成 replaces a section (or, at the bottom, the whole report) with the draft of the
//!   current numbers, after the person confirms it in place. The whole report regenerated is
//!   the form's report "generated from the form" again (`report: null`).
//! - Sections whose numbers the form no longer gives ([`Report::stale_against`]) are named
//!   above the text and marked at their heading.
//! - A modal `<dialog>`: Esc closes it, focus stays inside, and Ctrl+Z is the text box's own
//!   undo here, not the form's.

use std::cell::OnceCell;

use leptos::html::Dialog;
use leptos::prelude::*;

use super::{download, flush, options, print, set_report, today};
use crate::drafts::file_name;
use crate::model::Form;
use crate::render::{self, report_draft, report_of, Report};
use crate::result::ScoreResult;

/// What the dialog shows: the form as it was when the dialog opened, its draft, and the report
/// (the form's edited one, or the draft).
#[derive(Clone)]
struct Open {
    form: Form,
    result: ScoreResult,
    draft: Report,
    report: Report,
}

thread_local! {
    /// The open report (`None`: closed); the dialog is mounted the first time it opens.
    static OPEN: OnceCell<RwSignal<Option<Open>>> = const { OnceCell::new() };
}

/// Opens the dialog on the current form.
pub fn open(form: Form, result: ScoreResult) {
    let date = today();
    let draft = report_draft(&form, &result, &date);
    let report = report_of(&form, &result, &date);
    let signal = OPEN.with(|cell| {
        *cell.get_or_init(|| {
            let open = RwSignal::new(None);
            if let Some(body) = document().body() {
                leptos::mount::mount_to(body, move || view! { <ReportDialog open=open /> }).forget();
            }
            open
        })
    });
    signal.set(Some(Open { form, result, draft, report }));
}

/// Which 重新生成 waits for its confirmation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Confirm {
    Section(usize),
    All,
}

#[component]
fn ReportDialog(open: RwSignal<Option<Open>>) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        if open.with(|o| o.is_some()) {
            if let Some(d) = dialog.get() {
                if !d.open() {
                    let _ = d.show_modal();
                }
            }
        }
    });
    // The form's undo shortcuts listen on the window: here they are the text box's own.
    let keep_keys = move |ev: leptos::ev::KeyboardEvent| {
        let k = ev.key().to_ascii_lowercase();
        if (ev.ctrl_key() || ev.meta_key()) && (k == "z" || k == "y") {
            ev.stop_propagation();
        }
    };
    view! {
        <dialog node_ref=dialog class="report-dialog" aria-labelledby="report-dialog-title"
            on:close=move |_| open.set(None) on:keydown=keep_keys>
            {move || open.get().map(|o| view! { <Editor o=o dialog=dialog /> })}
        </dialog>
    }
}

#[component]
fn Editor(o: Open, dialog: NodeRef<Dialog>) -> impl IntoView {
    let Open { form, result, draft, report } = o;
    let report = RwSignal::new(report);
    // Notified when text is replaced (重新生成): the text boxes then re-read the report.
    let replaced = Trigger::new();
    let confirm = RwSignal::new(None::<Confirm>);
    let draft = StoredValue::new(draft);
    let stale = Memo::new(move |_| report.with(|r| draft.with_value(|d| r.stale_against(d))));
    let save = move || set_report(Some(report.with_untracked(Report::to_text)));
    let (f1, r1, f2, r2) = (form.clone(), result.clone(), form.clone(), result.clone());
    let print_report = move |_| {
        flush();
        print::print(&report.with_untracked(|r| render::report_html(&f1, &r1, r, &options())));
    };
    let export_report = move |_| {
        flush();
        let html = report.with_untracked(|r| render::report_html(&f2, &r2, r, &options()));
        download(&file_name(&f2, "绩效自评报告.html"), &html);
    };
    // The headings: the list of sections is drawn anew only when they change (重新生成 of a
    // renamed section, or of a report with more or fewer sections than the draft).
    let headings = Memo::new(move |_| {
        report.with(|r| {
            r.sections
                .iter()
                .enumerate()
                .map(|(k, s)| format!("{}、{}", render::numeral(k), s.title.trim()))
                .collect::<Vec<_>>()
        })
    });
    let heading = move |k: usize| headings.with(|h| h.get(k).cloned().unwrap_or_default());

    let stale_note = move || {
        let names: Vec<String> = stale.get().into_iter().map(heading).collect();
        (!names.is_empty()).then(|| {
            view! {
                <p class="report-stale" role="status" data-testid="report-stale">
                    "以下部分引用的数字与当前表格不一致，请核对，或点“重新生成”用当前数字重写："
                    {names.join("；")}
                </p>
            }
        })
    };

    let regenerate = move |what: Confirm| {
        match what {
            Confirm::All => {
                report.set(draft.get_value());
                set_report(None);
            }
            Confirm::Section(k) => {
                if let Some(s) = draft.with_value(|d| d.sections.get(k).cloned()) {
                    report.update(|r| {
                        if let Some(slot) = r.sections.get_mut(k) {
                            *slot = s
                        }
                    });
                    save();
                }
            }
        }
        confirm.set(None);
        replaced.notify();
    };
    let confirm_box = move |what: Confirm, text: &'static str| {
        move || {
            (confirm.get() == Some(what)).then(|| {
                view! {
                    <p class="report-confirm" role="alert">
                        {text}
                        <button type="button" class="btn btn-primary" on:click=move |_| regenerate(what)>"确定重新生成"</button>
                        <button type="button" class="btn" on:click=move |_| confirm.set(None)>"取消"</button>
                    </p>
                }
            })
        }
    };

    let sections = move || {
        headings.get().into_iter().enumerate().map(|(k, label)| {
            let id = format!("report-section-{k}");
            let is_stale = move || stale.with(|s| s.contains(&k));
            let can_regenerate = k < render::SECTION_TITLES.len();
            view! {
                <section class="report-section" class:report-section-stale=is_stale>
                    <div class="report-section-head">
                        <label for=id.clone()>{label.clone()}</label>
                        {move || is_stale().then(|| view! { <span class="badge badge-warn">"引用了旧数字"</span> })}
                        {can_regenerate.then(|| view! {
                            <button type="button" class="btn btn-link" aria-label=format!("重新生成 {label}")
                                on:click=move |_| confirm.set(Some(Confirm::Section(k)))>"重新生成"</button>
                        })}
                    </div>
                    {confirm_box(Confirm::Section(k), "用当前表格的数字重新生成本节？本节已编辑的文字将被替换。")}
                    <textarea id=id class="input input-area report-text" rows="6"
                        prop:value=move || { replaced.track(); report.with_untracked(|r| r.sections.get(k).map(|s| s.text.clone()).unwrap_or_default()) }
                        on:input=move |ev| { let text = event_target_value(&ev); report.update(|r| if let Some(s) = r.sections.get_mut(k) { s.text = text }); save(); }
                    ></textarea>
                </section>
            }
        })
        .collect_view()
    };

    view! {
        <header class="report-dialog-head">
            <h2 id="report-dialog-title">"自评报告"</h2>
            <p class="panel-note">"报告按表中数字生成，可逐节修改；修改随草稿自动保存，并随导出的 JSON 一同保存。"</p>
        </header>
        {stale_note}
        <label class="report-field">"报告标题"
            <input type="text" class="input" aria-label="报告标题"
                prop:value=move || { replaced.track(); report.with_untracked(|r| r.title.clone()) }
                on:input=move |ev| { report.update(|r| r.title = event_target_value(&ev)); save(); } />
        </label>
        {sections}
        <label class="report-field">"落款（实施单位、日期）"
            <textarea class="input input-area" rows="2" aria-label="落款"
                prop:value=move || { replaced.track(); report.with_untracked(|r| r.closing.clone()) }
                on:input=move |ev| { report.update(|r| r.closing = event_target_value(&ev)); save(); }
            ></textarea>
        </label>
        {confirm_box(Confirm::All, "用当前表格的数字重新生成整份报告？已编辑的文字将全部被替换。")}
        <footer class="report-dialog-foot">
            <button type="button" class="btn" on:click=move |_| confirm.set(Some(Confirm::All))>"全部重新生成"</button>
            <button type="button" class="btn" on:click=print_report>"打印报告"</button>
            <button type="button" class="btn" on:click=export_report>"导出报告 HTML"</button>
            <button type="button" class="btn btn-primary" on:click=move |_| { if let Some(d) = dialog.get() { d.close(); } }>"关闭"</button>
        </footer>
    }
}
