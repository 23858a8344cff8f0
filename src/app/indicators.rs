//! 绩效指标: 一级 → 二级 → 三级 as on paper, each group with its subtotal against its weight;
//! per 三级 row the official columns, the live 得分, the method (detected, overridable), the
//! tier when scored by tier, a manual score and the engine's explanation. Rows are added,
//! removed (with undo) and moved inside their 二级; a known 二级 and the optional 成本指标 一级
//! can be added.

use leptos::prelude::*;

use super::rows::Rows;
use super::{fixed, handler, text_field, use_state, AppState, Kind, Text};
use crate::edit::{self, Edit, Field, Level1Group, Level2Group, RowField};
use crate::engine::{Method, Tier};
use crate::example::COST_LEVEL1;
use crate::result::{Issue, RowStatus};
use crate::view_model;

#[component]
pub fn Indicators() -> impl IntoView {
    let st = use_state();
    provide_context(Rows::new(st));
    let groups = move || st.layout.get().into_iter().map(|g| level1_view(st, g).into_any()).collect_view().into_any();
    // "一级|二级" of each known 二级 the form lacks (`Vec<String>` like other memos of the app).
    let missing = Memo::new(move |_| {
        st.editor.with(|e| {
            edit::missing_level2(&e.form).into_iter().map(|(l1, l2)| format!("{l1}|{l2}")).collect::<Vec<_>>()
        })
    });
    let has_cost = Memo::new(move |_| st.editor.with(|e| edit::has_cost_level1(&e.form)));
    // As `<Show>`: the picker is rebuilt only when it appears.
    let any_missing = Memo::new(move |_| !missing.with(|m| m.is_empty()));
    let add_level2 = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        if let Some((l1, l2)) = v.split_once('|') {
            st.apply(Edit::AddRow { level1: l1.into(), level2: l2.into() });
        }
    };
    let options = move || {
        missing
            .get()
            .into_iter()
            .map(|key| view! { <option value=key.clone()>{key.replacen('|', " › ", 1)}</option> }.into_any())
            .collect_view()
            .into_any()
    };

    view! {
        <section class="card" aria-labelledby="ind-title">
            <h2 id="ind-title" class="section-title">"绩效指标"</h2>
            <div class="table-wrap">
                <table class="indicators">
                    <colgroup>
                        <col class="c-name" /><col class="c-target" /><col class="c-actual" />
                        <col class="c-weight" /><col class="c-score" /><col class="c-reason" /><col class="c-act" />
                    </colgroup>
                    <thead>
                        <tr>
                            <th scope="col">"三级指标"</th>
                            <th scope="col">"年度指标值"</th>
                            <th scope="col">"实际完成值"</th>
                            <th scope="col">"分值"</th>
                            <th scope="col">"得分"</th>
                            <th scope="col">"偏差原因分析及改进措施"</th>
                            <th scope="col"><span class="sr-only">"操作"</span></th>
                        </tr>
                    </thead>
                    {move || groups()}
                </table>
            </div>
            <div class="ind-tools">
                {move || any_missing.get().then(|| view! {
                    <label class="inline">
                        <span>"添加二级指标"</span>
                        <select class="input" aria-label="添加二级指标" on:change=handler(add_level2) prop:value=move || String::new()>
                            <option value="" selected>"请选择…"</option>
                            {move || options()}
                        </select>
                    </label>
                }.into_any())}
                {move || if has_cost.get() {
                    view! { <button type="button" class="btn" on:click=handler(move |_| st.apply(Edit::RemoveCostLevel1))>"移除成本指标（一级）"</button> }.into_any()
                } else {
                    view! { <button type="button" class="btn" on:click=handler(move |_| st.apply(Edit::AddCostLevel1))
                        title="财预〔2021〕101号：可单列成本指标一级，含经济、社会、生态环境成本指标">"添加成本指标（一级）"</button> }.into_any()
                }}
            </div>
        </section>
    }
}

fn level1_view(st: AppState, g: Level1Group) -> impl IntoView {
    let l1 = g.level1.clone();
    let l1_sub = l1.clone();
    let sub = Memo::new(move |_| {
        st.result.with(|r| r.subtotals.iter().find(|s| s.level1 == l1_sub).map(|s| (s.weight.clone(), s.score.clone())))
    });
    let head = if l1.trim().is_empty() { "（未填一级指标）".to_string() } else { l1.clone() };
    let level2s = g.level2s.into_iter().map(|g2| level2_view(st, l1.clone(), g2).into_any()).collect_view();
    view! {
        <tbody class="l1group">
            <tr class="l1">
                <th colspan="7" scope="rowgroup" data-label="一级指标">
                    <span class="l1-name">{head}</span>
                    <span class="sub">
                        {move || sub.get().map(|(w, s)| view! { "分值 " <b>{w}</b> " · 得分 " <b class="sub-score">{s}</b> }.into_any())}
                    </span>
                </th>
            </tr>
            {level2s}
        </tbody>
    }
}

fn level2_view(st: AppState, l1: String, g: Level2Group) -> impl IntoView {
    let (l1c, l2c) = (l1.clone(), g.level2.clone());
    let sub = Memo::new(move |_| {
        st.result.with(|r| {
            r.level2_subtotals
                .iter()
                .find(|s| s.level1 == l1c && s.level2 == l2c)
                .map(|s| (s.weight.clone(), s.score.clone()))
        })
    });
    let head = if g.level2.trim().is_empty() { "（未填二级指标）".to_string() } else { g.level2.clone() };
    let rows = g.rows.into_iter().map(|i| row_view(st, i).into_any()).collect_view();
    let (a1, a2) = (l1.clone(), g.level2.clone());
    let add_label = format!("添加三级指标 {}", g.level2);
    let cost = l1 == COST_LEVEL1.0;
    view! {
        <tr class="l2" class:l2-cost=move || cost>
            <th colspan="7" scope="rowgroup" data-label="二级指标">
                <span class="l2-name">{head}</span>
                <span class="sub">{move || sub.get().map(|(w, s)| view! { "分值 " {w} " · 得分 " {s} }.into_any())}</span>
            </th>
        </tr>
        {rows}
        <tr class="add-row">
            <td colspan="7">
                <button type="button" class="btn btn-link" aria-label=add_label
                    on:click=handler(move |_| st.apply(Edit::AddRow { level1: a1.clone(), level2: a2.clone() }))>
                    "＋ 添加三级指标"
                </button>
            </td>
        </tr>
    }
}

fn row_view(st: AppState, i: usize) -> impl IntoView {
    let slot = expect_context::<Rows>().slot(st, i);
    let name = RwSignal::from(slot.label);
    let res = RwSignal::from(slot.result);
    let issues: Signal<Vec<Issue>> = Signal::from(slot.issues);
    let breakdown = RwSignal::from(slot.breakdown);
    let label = move |rf: RowField| -> Text { Box::new(move || format!("{} {}", rf.label(), name.get())) };
    let field = move |rf: RowField, kind: Kind, ph: &'static str| {
        text_field(st, Field::Row(i, rf), kind, label(rf), issues, fixed(ph))
    };

    let row_class = move || {
        let pending = res.with(|r| r.as_ref().is_some_and(|r| r.status == RowStatus::Pending));
        view_model::row_class(issues.with(|v| edit::worst(v)), pending, breakdown.get())
    };
    let score = move || res.with(|r| view_model::row_score_text(r.as_ref(), breakdown.get()));
    let placeholder_row = move || res.with(|r| view_model::is_placeholder_row(r.as_ref()));
    let explanation = move || res.with(|r| r.as_ref().map(|r| r.explanation.clone()).unwrap_or_default());
    // The method the row is scored with, and whether it takes a tier.
    let detected = Memo::new(move |_| res.with(|r| view_model::row_method(r.as_ref())));
    let by_tier = Memo::new(move |_| view_model::takes_tier(detected.get()));

    // Method: auto (showing what was detected) or a chosen one.
    let method_select = {
        let current = move || {
            st.sync.track();
            st.editor.with_untracked(|e| Field::Row(i, RowField::Method).get(&e.form).to_string())
        };
        let auto_text = move || match detected.get() {
            Some(m) => format!("自动：{}", m.label()),
            None => "自动识别".to_string(),
        };
        let options = Method::ALL
            .into_iter()
            .map(|m| {
                view! { <option value=m.key() prop:selected=move || current() == m.key()>{m.label()}</option> }
                    .into_any()
            })
            .collect_view();
        let (mid, mlabel) = (Field::Row(i, RowField::Method).dom_id(), label(RowField::Method));
        view! {
            <select id=mid class="input input-method" aria-label=move || mlabel()
                on:change=handler(move |ev| st.apply(Edit::Set(Field::Row(i, RowField::Method), event_target_value(&ev))))>
                <option value="auto" prop:selected=move || { let c = current(); c == "auto" || c.trim().is_empty() }>{move || auto_text()}</option>
                {options}
            </select>
        }
    };
    let tier_select = move || {
        by_tier.get().then(|| {
            let current = move || {
                st.sync.track();
                st.editor.with_untracked(|e| Field::Row(i, RowField::Tier).get(&e.form).to_string())
            };
            let options = Tier::ALL
                .into_iter()
                .map(
                    |t| view! { <option value=t.key() prop:selected=move || current() == t.key()>{t.label()}</option> }.into_any(),
                )
                .collect_view();
            let (tid, tlabel) = (Field::Row(i, RowField::Tier).dom_id(), label(RowField::Tier));
            let tier_issue =
                Memo::new(move |_| issues.with(|v| edit::field_issue(v, &format!("indicators[{i}].tier")).is_some()));
            view! {
                <label class="inline">
                    <span>"完成档次"</span>
                    <select id=tid class="input input-tier" class:has-error=move || tier_issue.get() aria-label=move || tlabel()
                        on:change=handler(move |ev| st.apply(Edit::Set(Field::Row(i, RowField::Tier), event_target_value(&ev))))>
                        <option value="" prop:selected=move || current().is_empty()>"请选择…"</option>
                        {options}
                    </select>
                </label>
            }
            .into_any()
        })
    };

    let up_label = move || format!("上移 {}", name.get());
    let down_label = move || format!("下移 {}", name.get());
    let del_label = move || format!("删除 {}", name.get());

    view! {
        <tr class=move || row_class() data-row=i.to_string()>
            <td class="c-name" data-label=RowField::Name.label()>{field(RowField::Name, Kind::Area, "指标名称")}</td>
            <td data-label=RowField::Target.label()>{field(RowField::Target, Kind::Line, "")}</td>
            <td data-label=RowField::Actual.label()>{field(RowField::Actual, Kind::Line, "")}</td>
            <td data-label=RowField::Weight.label()>{field(RowField::Weight, Kind::Number, "")}</td>
            <td class="out strong score-cell" data-label="得分" data-testid=format!("score-{i}")>{move || score()}</td>
            <td data-label=RowField::Reason.label()>{field(RowField::Reason, Kind::Area, "")}</td>
            <td class="row-actions">
                <button type="button" class="icon" aria-label=move || up_label() title="上移"
                    on:click=handler(move |_| st.apply(Edit::MoveRow(i, -1)))>"↑"</button>
                <button type="button" class="icon" aria-label=move || down_label() title="下移"
                    on:click=handler(move |_| st.apply(Edit::MoveRow(i, 1)))>"↓"</button>
                <button type="button" class="icon icon-del" aria-label=move || del_label() title="删除"
                    on:click=handler(move |_| st.apply(Edit::RemoveRow(i)))>"×"</button>
            </td>
        </tr>
        <tr class="detail" class:detail-empty=move || placeholder_row() class:detail-breakdown=move || breakdown.get()>
            <td colspan="7">
                <div class="detail-inner">
                    // A 其中 row is never scored: no method, tier or score to choose.
                    <label class="inline" hidden=move || breakdown.get()><span>"计分方法"</span>{method_select}</label>
                    {move || (!breakdown.get()).then(tier_select)}
                    <label class="inline" hidden=move || breakdown.get()>
                        <span>"人工得分"</span>
                        {field(RowField::Score, Kind::Number, "自动")}
                    </label>
                    <p class="explain" data-testid=format!("explain-{i}")>{move || explanation()}</p>
                </div>
            </td>
        </tr>
    }
}
