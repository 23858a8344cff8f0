//! Always visible: total, grade, budget and per-一级 subtotals, completeness, undo/redo and
//! the new-form / example buttons, the drafts / export / import buttons, the save status and
//! the drafts banners.

use leptos::prelude::*;

use super::drafts::{Banners, SaveStatus};
use super::js_api::open_docs;
use super::persist::{use_persist, Persist};
use super::{blank_form, handler, use_state, AppState, EMPTY};
use crate::edit;
use crate::example;
use crate::view_model;

/// 打印, 导出 HTML, 自评报告, 导出 Excel, 导出 Word: the draft is saved first, then the print and
/// report module or the office module does the rest.
fn docs(p: Persist, st: AppState, action: &str) {
    p.flush(st);
    open_docs(action);
}

#[component]
pub fn Summary() -> impl IntoView {
    let st = use_state();
    let p = use_persist();
    let r = st.result;
    let total = move || r.with(|r| r.total.clone().unwrap_or_else(|| EMPTY.into()));
    let grade = move || r.with(|r| r.grade.clone().unwrap_or_else(|| EMPTY.into()));
    let complete = move || r.with(|r| r.complete);
    let status = move || r.with(edit::completeness);
    let budget = move || r.with(view_model::budget_score_text);
    let budget_weight = Memo::new(move |_| st.editor.with(|e| view_model::budget_weight(&e.form)));
    let subtotals = move || {
        r.with(|r| {
            r.subtotals
                .iter()
                .map(|s| {
                    let tid = format!("subtotal-{}", s.level1);
                    view! {
                        <li class="chip">
                            <span class="chip-label">{s.level1.clone()}</span>
                            <span class="chip-value" data-testid=tid>{s.score.clone()}</span>
                            <span class="chip-of">"/" {s.weight.clone()}</span>
                        </li>
                    }
                    .into_any()
                })
                .collect_view()
                .into_any()
        })
    };
    let can_undo = Memo::new(move |_| st.editor.with(|e| e.can_undo()));
    let can_redo = Memo::new(move |_| st.editor.with(|e| e.can_redo()));

    view! {
        <section class="summary" aria-label="评分汇总">
            <div class="summary-inner">
                <div class="score-main" class:provisional=move || !complete()>
                    <div class="big">
                        <span class="big-label">"总分"</span>
                        <span class="big-value" data-testid="total">{move || total()}</span>
                    </div>
                    <div class="big big-grade">
                        <span class="big-label">"等级"</span>
                        <span class="big-value" data-testid="grade">{move || grade()}</span>
                    </div>
                </div>
                <ul class="chips" aria-label="分项得分">
                    <li class="chip">
                        <span class="chip-label">"预算执行"</span>
                        <span class="chip-value" data-testid="summary-budget">{move || budget()}</span>
                        <span class="chip-of">"/" {move || budget_weight.get()}</span>
                    </li>
                    {move || subtotals()}
                </ul>
                <p class="status" class:status-done=move || complete() data-testid="status" aria-live="polite">
                    {move || status()}
                    {move || (!complete()).then_some("（总分为暂定）")}
                </p>
                <div class="toolbar" role="toolbar" aria-label="编辑">
                    <button type="button" class="btn" on:click=handler(move |_| st.undo()) disabled=move || !can_undo.get()
                        title="撤销（Ctrl+Z）" aria-keyshortcuts="Control+Z">"撤销"</button>
                    <button type="button" class="btn" on:click=handler(move |_| st.redo()) disabled=move || !can_redo.get()
                        title="重做（Ctrl+Shift+Z 或 Ctrl+Y）" aria-keyshortcuts="Control+Shift+Z Control+Y">"重做"</button>
                    <button type="button" class="btn" title="新建一份空白草稿（当前草稿已自动保存）"
                        on:click=handler(move |_| p.new_draft(st, blank_form(), String::new(), false))>"新建空白表"</button>
                    <button type="button" class="btn btn-primary" title="以示例新建一份草稿（当前草稿已自动保存）"
                        on:click=handler(move |_| p.new_draft(st, example::chengde_2021(), String::new(), false))>"载入示例"</button>
                </div>
                <div class="toolbar" role="toolbar" aria-label="草稿与文件">
                    <button type="button" class="btn" data-testid="open-drafts" aria-expanded=move || p.drafts_open.get().to_string()
                        on:click=handler(move |_| { p.flush(st); p.drafts_open.update(|o| *o = !*o) })>"草稿"</button>
                    <button type="button" class="btn" data-testid="export-json" on:click=handler(move |_| p.export(st))>"导出 JSON"</button>
                    <button type="button" class="btn" title="打印自评表（A4）" on:click=handler(move |_| docs(p, st, "print"))>"打印"</button>
                    <button type="button" class="btn" title="下载可打印的独立 HTML 文件" on:click=handler(move |_| docs(p, st, "html"))>"导出 HTML"</button>
                    <label class="inline" title="打印和导出时用 A4 横向"><input type="checkbox" id="print-landscape" />"横向"</label>
                    <button type="button" class="btn" on:click=handler(move |_| docs(p, st, "report"))>"自评报告"</button>
                    <button type="button" class="btn" title="下载官方格式的 Excel 自评表" on:click=handler(move |_| docs(p, st, "xlsx"))>"导出 Excel"</button>
                    <button type="button" class="btn" title="下载 Word 格式的自评报告" on:click=handler(move |_| docs(p, st, "docx"))>"导出 Word"</button>
                    <button type="button" class="btn" data-testid="open-import" aria-expanded=move || p.import_open.get().to_string()
                        on:click=handler(move |_| p.import_open.update(|o| *o = !*o))>"导入"</button>
                    <SaveStatus />
                </div>
            </div>
            <Banners />
        </section>
    }
}
