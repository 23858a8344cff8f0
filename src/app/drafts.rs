//! The drafts UI (issue 4): the save status, the banners (storage problem, another tab's
//! version, quarantined data, one-off messages), the drafts list and the import dialog.
//! Thin: every decision is in [`crate::drafts`], the wiring in [`super::persist`].

use leptos::prelude::*;
use leptos::web_sys;

use super::js_api;
use super::persist::{clock, new_id, now_iso, use_persist, with_session};
use super::{handler, use_state, EMPTY};
use crate::drafts::{self, DraftSummary, Envelope, ImportPreview};
use crate::model::Form;
use crate::view_model;

/// The save status in the summary bar: 已保存 HH:MM:SS / 保存中… / 未保存：why.
#[component]
pub fn SaveStatus() -> impl IntoView {
    let p = use_persist();
    let class = move || p.save_state.get().class();
    view! {
        <p class=move || class() data-testid="save-status" data-state=move || p.save_state.get().key()
            data-save-ms=move || drafts::fixed_decimals(p.last_save_ms.get(), 3)
            role="status" aria-live="polite" aria-label="保存状态">{move || p.save_text.get()}</p>
    }
}

/// The banners under the summary bar (sticky with it).
#[component]
pub fn Banners() -> impl IntoView {
    let st = use_state();
    let p = use_persist();
    let storage = move || {
        p.problem.get().map(|msg| {
            view! {
                <div class="banner banner-error" role="alert" data-testid="storage-banner">
                    <span>{msg}</span>
                    <button type="button" class="btn btn-primary" on:click=handler(move |_| p.export(st))>"导出 JSON"</button>
                    <button type="button" class="btn" on:click=handler(move |_| p.flush(st))>"重试保存"</button>
                </div>
            }
            .into_any()
        })
    };
    let conflict = move || {
        p.conflict.get().map(|at| {
            view! {
                <div class="banner banner-warn" role="alert" data-testid="conflict-banner">
                    <span>{format!("另一个标签页在 {} 保存了此草稿的较新版本，本页的修改尚未保存。请选择：", clock(&at))}</span>
                    <button type="button" class="btn btn-primary" data-testid="keep-mine" on:click=handler(move |_| p.keep_mine(st))>"保留本页的修改"</button>
                    <button type="button" class="btn" data-testid="keep-theirs" on:click=handler(move |_| p.keep_theirs(st))>"载入另一标签页的版本"</button>
                    <button type="button" class="btn" data-testid="keep-both" on:click=handler(move |_| p.keep_both(st))>"两份都保留"</button>
                </div>
            }
            .into_any()
        })
    };
    let message = move || {
        p.message.get().map(|m| {
            view! {
                <div class="banner banner-info" role="status" data-testid="persist-message">
                    <span>{m}</span>
                    <button type="button" class="btn btn-link" aria-label="关闭提示" on:click=handler(move |_| p.message.set(None))>"×"</button>
                </div>
            }
            .into_any()
        })
    };
    let quarantine = move || {
        let items = p.quarantined.get();
        (!items.is_empty()).then(|| {
            let rows = items
                .into_iter()
                .map(|q| {
                    let k1 = q.key.clone();
                    let k2 = q.key.clone();
                    view! {
                        <li data-testid="quarantine-item">
                            <span>{format!("{}：{}（{} 字节）", q.original_key, q.reason, q.bytes)}</span>
                            <button type="button" class="btn" on:click=handler(move |_| p.download_quarantined(&k1))>"下载原始数据"</button>
                            <button type="button" class="btn btn-link" aria-label="忽略并删除此隔离数据"
                                on:click=handler(move |_| p.discard_quarantined(st, &k2))>"忽略"</button>
                        </li>
                    }
                    .into_any()
                })
                .collect_view();
            view! {
                <div class="banner banner-warn" role="alert" data-testid="quarantine">
                    <span>"以下已存储的数据无法读取，已移到隔离区（其余草稿正常载入）。可下载原始数据留存："</span>
                    <ul class="quarantine-list">{rows}</ul>
                </div>
            }
            .into_any()
        })
    };
    view! {
        <div class="banners">{move || storage()} {move || conflict()} {move || quarantine()} {move || message()}</div>
    }
}

fn shown_name(d: &DraftSummary) -> String {
    view_model::draft_name(&d.name, &d.project)
}

/// The drafts list: new, open, duplicate, rename, delete (with undo).
#[component]
pub fn DraftsPanel() -> impl IntoView {
    let st = use_state();
    let p = use_persist();
    // The draft being renamed, and the name typed so far.
    let renaming: RwSignal<Option<String>> = RwSignal::new(None);
    let rename_text = RwSignal::new(String::new());
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    // The deleted draft (for undo) and its name (for the notice).
    let deleted: StoredValue<Option<Envelope>> = StoredValue::new(None);
    let deleted_name: RwSignal<Option<String>> = RwSignal::new(None);
    let list = move || {
        p.drafts_changed.track();
        with_session(|s| s.list())
    };
    let report = move |r: Result<(), String>| {
        error.set(r.err());
        p.drafts_changed.notify();
    };
    let new_blank = move |_| {
        p.new_draft(st, super::blank_form(), String::new(), false);
        p.drafts_open.set(false);
    };
    let save_rename = move || {
        if let Some(rid) = renaming.get_untracked() {
            let text = rename_text.get_untracked();
            let r = st.editor.with_untracked(|e| with_session(|s| s.rename(&rid, text.trim(), &e.form, &now_iso())));
            renaming.set(None);
            report(r);
        }
    };
    let delete = move |id: String| {
        // The undo brings back the latest edits too.
        if id == p.current.get_untracked() {
            p.flush(st);
        }
        match with_session(|s| s.delete(&id)) {
            Ok(env) => {
                deleted_name.set(env.as_ref().map(|env| view_model::draft_name(&env.name, &env.form.project)));
                deleted.set_value(env);
                if id == p.current.get_untracked() {
                    // The deleted draft stays in this page until undo or another draft.
                    let next = with_session(|s| s.list()).into_iter().next().map(|d| d.id);
                    match next {
                        Some(n) => report(p.open_after_delete(st, &n)),
                        None => p.new_draft_after_delete(st),
                    }
                }
                report(Ok(()));
            }
            Err(e) => report(Err(e)),
        }
    };
    let rows = move || {
        let current = p.current.get();
        list()
            .into_iter()
            .map(|d| {
                let id = d.id.clone();
                let is_current = id == current;
                let name = shown_name(&d);
                let total = match (&d.total, &d.grade) {
                    (Some(t), Some(g)) => format!("{} / {}", t, g),
                    (Some(t), None) => t.clone(),
                    _ => EMPTY.into(),
                };
                let total = if d.complete || total == EMPTY { total } else { format!("{}（暂定）", total) };
                let saved = if d.saved_at.is_empty() {
                    EMPTY.to_string()
                } else {
                    format!("{} {}", d.saved_at.get(..10).unwrap_or(""), clock(&d.saved_at))
                };
                let (i1, i2, i3, i4, i5) = (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
                let n2 = name.clone();
                // Only entering or leaving rename re-renders the cell (typing must keep focus).
                let editing = Memo::new(move |_| renaming.with(|r| r.as_deref() == Some(&*i4)));
                let name_cell = move || {
                    if editing.get() {
                        view! {
                            <input class="input" type="text" id="draft-rename" aria-label="草稿名称" data-testid="rename-input"
                                prop:value=move || rename_text.get()
                                on:input=handler(move |ev| rename_text.set(event_target_value(&ev)))
                                on:keydown=handler(move |ev: web_sys::KeyboardEvent| {
                                    if ev.key() == "Enter" { save_rename() } else if ev.key() == "Escape" { renaming.set(None) }
                                }) />
                            <button type="button" class="btn" on:click=handler(move |_| save_rename())>"确定"</button>
                        }
                        .into_any()
                    } else {
                        view! { <span class="draft-name">{n2.clone()}</span> }.into_any()
                    }
                };
                let n3 = name.clone();
                view! {
                    <tr data-testid="draft-row" data-id=id class:current=move || is_current>
                        <td>{move || name_cell()} {is_current.then(|| view! { <span class="tag">"当前"</span> }.into_any())}</td>
                        <td>{d.project}</td>
                        <td>{d.year}</td>
                        <td>{d.implementer}</td>
                        <td>{total}</td>
                        <td>{saved}</td>
                        <td class="draft-actions">
                            <button type="button" class="btn" aria-label=format!("打开草稿 {}", name) disabled=move || is_current
                                on:click=handler(move |_| { report(p.open(st, &i1)); p.drafts_open.set(false); })>"打开"</button>
                            <button type="button" class="btn" aria-label=format!("复制草稿 {}", name)
                                on:click=handler(move |_| {
                                    p.flush(st);
                                    let r = with_session(|s| s.duplicate(&i2, &new_id(), &now_iso()));
                                    report(r.map(|_| ()));
                                })>"复制"</button>
                            <button type="button" class="btn" aria-label=format!("重命名草稿 {}", name)
                                on:click=handler(move |_| {
                                    rename_text.set(n3.clone());
                                    renaming.set(Some(i3.clone()));
                                    request_animation_frame(|| { super::focus_id("draft-rename"); });
                                })>"重命名"</button>
                            <button type="button" class="btn btn-danger" aria-label=format!("删除草稿 {}", name)
                                on:click=handler(move |_| delete(i5.clone()))>"删除"</button>
                        </td>
                    </tr>
                }
                .into_any()
            })
            .collect_view()
            .into_any()
    };
    let undo = move |_| {
        if let Some(env) = deleted.try_update_value(Option::take).flatten() {
            let r = with_session(|s| s.restore(&env));
            deleted_name.set(None);
            report(r);
        }
    };
    // As `<Show>`, without its generic code: the panel is built when it opens.
    let open = Memo::new(move |_| p.drafts_open.get());
    view! {
        {move || open.get().then(|| view! {
            <section class="panel drafts-panel" data-testid="drafts-panel" aria-label="草稿列表"
                on:keydown=handler(move |ev: web_sys::KeyboardEvent| if ev.key() == "Escape" { p.drafts_open.set(false) })>
                <div class="panel-head">
                    <h2>"草稿"</h2>
                    <button type="button" class="btn btn-primary" data-testid="new-draft" on:click=handler(new_blank)>"新建草稿"</button>
                    <button type="button" class="btn btn-link" aria-label="关闭草稿列表" on:click=handler(move |_| p.drafts_open.set(false))>"关闭"</button>
                </div>
                {move || error.get().map(|e| view! { <p class="msg-error" role="alert">{e}</p> }.into_any())}
                {move || deleted_name.get().map(|name| view! {
                    <div class="notice" data-testid="drafts-undo">
                        <span>{format!("已删除草稿“{}”", name)}</span>
                        <button type="button" class="btn btn-link" on:click=handler(undo)>"撤销删除"</button>
                    </div>
                }.into_any())}
                <div class="table-wrap">
                    <table class="drafts-table">
                        <thead><tr>
                            <th scope="col">"名称"</th><th scope="col">"项目"</th><th scope="col">"年度"</th>
                            <th scope="col">"实施单位"</th><th scope="col">"总分 / 等级"</th><th scope="col">"最后保存"</th>
                            <th scope="col">"操作"</th>
                        </tr></thead>
                        <tbody>{move || rows()}</tbody>
                    </table>
                </div>
                <p class="panel-note">"草稿只保存在本机浏览器中。换电脑或清理浏览器数据前，请用“导出 JSON”备份。"</p>
            </section>
        }.into_any())}
    }
}

/// What the import dialog shows.
#[derive(Clone, Debug, PartialEq)]
enum Preview {
    Ok {
        project: String,
        year: String,
        total: Option<String>,
        grade: Option<String>,
        indicators: usize,
        form: Box<Form>,
    },
    Err(String),
    /// The file being read (a spreadsheet waits for the import module): its name.
    Reading(String),
}

fn preview_of(text: &str) -> Preview {
    match drafts::preview_import(text) {
        Ok(ImportPreview { project, year, total, grade, indicators, form }) => {
            Preview::Ok { project, year, total, grade, indicators, form: Box::new(form) }
        }
        Err(e) => {
            Preview::Err(if e.path.is_empty() { e.message } else { format!("{}（位置：{}）", e.message, e.path) })
        }
    }
}

/// Reads a picked or dropped file, then gives `done` the JSON text to preview and, for a
/// spreadsheet (`.xlsx`, `.xls`, read by the office module), the import's warnings
/// ([`js_api::read_import`]).
fn read_file(file: web_sys::File, done: impl FnOnce(Result<(String, Option<String>), String>) + 'static) {
    let sheet = crate::office::is_spreadsheet(&file.name());
    if !sheet && file.size() > drafts::MAX_IMPORT_BYTES as f64 {
        done(Err(format!(
            "文件过大（{} MB），自评表 JSON 不会超过 {} MB",
            drafts::fixed_decimals(file.size() / 1048576.0, 1),
            drafts::MAX_IMPORT_BYTES / 1048576
        )));
        return;
    }
    js_api::read_import(&file, sheet, done);
}

/// Import by file picker, drag and drop (onto the dialog or anywhere on the page), or paste:
/// validated and shown first, then opened as a new draft. Nothing stored changes before that.
#[component]
pub fn ImportDialog() -> impl IntoView {
    let st = use_state();
    let p = use_persist();
    let preview: RwSignal<Option<Preview>> = RwSignal::new(None);
    let pasted = RwSignal::new(String::new());
    let take_text = move |r: Result<String, String>| {
        preview.set(Some(match r {
            Ok(t) => preview_of(&t),
            Err(e) => Preview::Err(e),
        }));
    };
    let take_files = move |files: Option<web_sys::FileList>| {
        if let Some(f) = files.and_then(|l| l.get(0)) {
            p.import_open.set(true);
            p.message.set(None);
            preview.set(Some(Preview::Reading(f.name())));
            read_file(f, move |r| {
                take_text(r.map(|(json, note)| {
                    // A spreadsheet's warnings (the unit's 总分 against the computed one).
                    if let Some(note) = note {
                        p.message.set((!note.is_empty()).then_some(note));
                    }
                    json
                }))
            });
        }
    };
    // Dropping a file anywhere on the page imports it.
    let over = window_event_listener(leptos::ev::dragover, move |ev: web_sys::DragEvent| {
        if ev.data_transfer().is_some_and(|d| d.types().includes(&"Files".into(), 0)) {
            ev.prevent_default();
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev: web_sys::DragEvent| {
        if let Some(files) = ev.data_transfer().and_then(|d| d.files()).filter(|f| f.length() > 0) {
            ev.prevent_default();
            take_files(Some(files));
        }
    });
    on_cleanup(move || {
        over.remove();
        drop.remove();
    });
    let close = move || {
        p.import_open.set(false);
        preview.set(None);
        pasted.set(String::new());
    };
    let confirm = move |_| {
        if let Some(Preview::Ok { form, project, .. }) = preview.get_untracked() {
            p.new_draft(st, *form, project, true);
            p.message.set(Some("已导入为新草稿。".into()));
            close();
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        take_files(input.files());
        input.set_value("");
    };
    let shown = move || {
        preview.get().map(|pv| match pv {
            Preview::Ok { project, year, total, grade, indicators, .. } => view! {
                <dl class="import-preview" data-testid="import-preview">
                    <dt>"项目名称"</dt><dd data-testid="import-project">{if project.is_empty() { EMPTY.into() } else { project }}</dd>
                    <dt>"年度"</dt><dd data-testid="import-year">{if year.is_empty() { EMPTY.into() } else { year }}</dd>
                    <dt>"总分"</dt><dd data-testid="import-total">{total.unwrap_or_else(|| EMPTY.into())}</dd>
                    <dt>"等级"</dt><dd>{grade.unwrap_or_else(|| EMPTY.into())}</dd>
                    <dt>"三级指标"</dt><dd>{format!("{} 项", indicators)}</dd>
                </dl>
            }
            .into_any(),
            Preview::Err(e) => view! {
                <p class="msg-error" role="alert" data-testid="import-error">{format!("无法导入：{}", e)}</p>
            }
            .into_any(),
            Preview::Reading(name) => view! {
                <p role="status" data-testid="import-reading">"正在读取 "{name}"…"</p>
            }
            .into_any(),
        })
    };
    let ready = move || preview.with(|p| matches!(p, Some(Preview::Ok { .. })));
    let open = Memo::new(move |_| p.import_open.get());
    view! {
        {move || open.get().then(|| view! {
            <section class="panel import-dialog" role="dialog" aria-label="导入自评表" data-testid="import-dialog"
                on:keydown=handler(move |ev: web_sys::KeyboardEvent| if ev.key() == "Escape" { close() })>
                <div class="panel-head">
                    <h2>"导入自评表（JSON 或 Excel）"</h2>
                    <button type="button" class="btn btn-link" aria-label="关闭导入" on:click=handler(move |_| close())>"关闭"</button>
                </div>
                <p class="panel-note">"导入的表格将作为新草稿打开，现有草稿不会改变。"</p>
                <div class="import-sources">
                    <label class="btn">
                        "选择文件…"
                        <input type="file" accept=".json,application/json,.xlsx,.xlsm,.xls" class="sr-only" aria-label="选择 JSON 或 Excel 文件"
                            data-testid="import-file" on:change=handler(on_file) />
                    </label>
                    <div class="drop-zone" data-testid="import-drop">"或把 .json / .xlsx / .xls 文件拖放到页面上"</div>
                </div>
                <label class="import-paste">
                    <span>"或粘贴 JSON 内容："</span>
                    <textarea class="input input-area" rows="4" aria-label="粘贴 JSON" data-testid="import-paste"
                        prop:value=move || pasted.get()
                        on:input=handler(move |ev| {
                            let t = event_target_value(&ev);
                            preview.set((!t.trim().is_empty()).then(|| preview_of(&t)));
                            pasted.set(t);
                        })></textarea>
                </label>
                {move || shown()}
                <div class="panel-actions">
                    <button type="button" class="btn btn-primary" data-testid="import-confirm" disabled=move || !ready() on:click=handler(confirm)>"导入为新草稿"</button>
                    <button type="button" class="btn" on:click=handler(move |_| close())>"取消"</button>
                </div>
            </section>
        }.into_any())}
    }
}
