//! 项目资金 (万元): 年度资金总额 and its 其中 rows × 年初预算数 / 全年预算数 / 全年执行数, with
//! 分值, 执行率 and 得分 from the engine. A total column derived from its sources says so; the
//! budget row's reason appears when the engine asks for it.

use leptos::prelude::*;

use super::{fixed, text_field, use_state, Kind, Text, EMPTY};
use crate::edit::{self, Derived, Field};
use crate::model::Column;
use crate::view_model;

#[component]
pub fn Funds() -> impl IntoView {
    let st = use_state();
    let r = st.result;
    let rate = move || r.with(view_model::execution_rate_text);
    let score = move || r.with(|r| r.budget_score.clone().unwrap_or_else(|| EMPTY.into()));
    let explanation = move || r.with(|r| r.budget_explanation.clone());
    let want_reason = Memo::new(move |_| st.editor.with(|e| r.with(|r| edit::budget_reason_wanted(&e.form, r))));
    // The 其中 rows' labels: the rows are rebuilt only when these change.
    let sources = Memo::new(move |_| {
        st.editor.with(|e| (0..e.form.funds.sources.len()).map(|i| edit::source_label(&e.form, i)).collect::<Vec<_>>())
    });

    let total_cell = move |c: Column| {
        // Where the column's total comes from: typed, or the sum of its 其中 rows.
        let derived = Memo::new(move |_| st.editor.with(|e| edit::derived_total(&e.form, c)));
        let placeholder: Text = Box::new(move || match derived.get() {
            Derived::Sum(s) => s,
            Derived::Typed | Derived::Invalid => String::new(),
        });
        let label = Field::FundsTotal(c).label(&Default::default());
        let note = move || match derived.get() {
            Derived::Typed => None,
            Derived::Invalid => {
                Some(view! { <span class="derived derived-bad">"其中有无法读取的金额"</span> }.into_any())
            }
            Derived::Sum(s) => Some(
                view! { <span class="derived" data-testid=format!("derived-{}", c.key())>"＝ 其中合计 " {s}</span> }
                    .into_any(),
            ),
        };
        view! {
            <td class="amount" data-label=c.label() class:is-derived=move || derived.with(|d| matches!(d, Derived::Sum(_)))>
                {text_field(st, Field::FundsTotal(c), Kind::Number, fixed(label), st.other.into(), placeholder)}
                {move || note()}
            </td>
        }
    };

    let source_rows = move || {
        sources
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, label)| {
                let cells = Column::ALL
                    .into_iter()
                    .map(|c| {
                        let l = format!("{} {}", c.label(), label);
                        view! { <td class="amount" data-label=c.label()>{text_field(st, Field::FundsSource(i, c), Kind::Number, fixed(l), st.other.into(), fixed(""))}</td> }
                            .into_any()
                    })
                    .collect_view();
                let head = if i == 0 { format!("其中：{label}") } else { label.clone() };
                view! {
                    <tr class="source">
                        <th scope="row" class="rowhead sub">{head}</th>
                        {cells}
                        <td class="dash">"—"</td>
                        <td></td>
                        <td class="dash">"—"</td>
                    </tr>
                }
                .into_any()
            })
            .collect_view()
            .into_any()
    };

    view! {
        <section class="card" aria-labelledby="funds-title">
            <h2 id="funds-title" class="section-title">"项目资金" <small>"（万元）"</small></h2>
            <div class="table-wrap">
                <table class="funds">
                    <thead>
                        <tr>
                            <th scope="col">"项目资金"</th>
                            <th scope="col">"年初预算数"</th>
                            <th scope="col">"全年预算数"</th>
                            <th scope="col">"全年执行数"</th>
                            <th scope="col">"分值"</th>
                            <th scope="col">"执行率"</th>
                            <th scope="col">"得分"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr class="total">
                            <th scope="row" class="rowhead">"年度资金总额"</th>
                            {total_cell(Column::Initial)}
                            {total_cell(Column::Annual)}
                            {total_cell(Column::Executed)}
                            <td class="weight" data-label="分值">{text_field(st, Field::FundsWeight, Kind::Number, fixed("分值 年度资金总额"), st.other.into(), fixed("10"))}</td>
                            <td class="out" data-label="执行率" data-testid="execution-rate">{move || rate()}</td>
                            <td class="out strong" data-label="得分" data-testid="budget-score">{move || score()}</td>
                        </tr>
                        {move || source_rows()}
                    </tbody>
                </table>
            </div>
            <p class="explain" data-testid="budget-explanation">{move || explanation()}</p>
            {move || want_reason.get().then(|| view! {
                <label class="reason-block">
                    <span class="hlabel">"预算执行偏差原因分析及改进措施"</span>
                    {text_field(st, Field::FundsReason, Kind::Area, fixed("预算执行偏差原因"), st.other.into(), fixed("执行率低于 90% 或高于 100% 时须说明原因"))}
                </label>
            }.into_any())}
        </section>
    }
}
