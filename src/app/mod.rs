//! The browser app (Leptos 0.8, client-side rendered). A thin view over the engine: every
//! number shown comes from [`crate::engine::score`]; nothing is computed here.
//!
//! For now it shows the bundled 承德县 2021 example and its result; the editable form comes
//! later. The numbers carry `data-testid` hooks for the browser tests (`tests/web.rs`,
//! `tests/e2e/`).

use leptos::prelude::*;

use crate::{engine, example};

/// What is shown for a value the engine left empty (not applicable or still pending).
const EMPTY: &str = "—";

fn or_empty(value: Option<&String>) -> String {
    value.cloned().unwrap_or_else(|| EMPTY.to_string())
}

/// The whole app: the example form and its score.
#[component]
pub fn App() -> impl IntoView {
    let form = example::chengde_2021();
    let result = engine::score(&form);

    let execution_rate = result
        .execution_rate
        .as_ref()
        .map(|r| format!("{r}%"))
        .unwrap_or_else(|| EMPTY.to_string());
    let budget_score = or_empty(result.budget_score.as_ref());
    let total = or_empty(result.total.as_ref());
    let grade = or_empty(result.grade.as_ref());
    let status = if result.complete {
        "已完成评分"
    } else {
        "暂定结果：尚有待填写的项目"
    };
    let year = if form.year.is_empty() {
        String::new()
    } else {
        format!("{}年度", form.year)
    };

    view! {
        <header class="masthead">
            <div class="masthead-inner">
                <h1>"项目支出绩效自评表"</h1>
                <p class="masthead-sub">"ziping · 自评分计算器"</p>
            </div>
        </header>
        <main class="page">
            <section class="card" aria-labelledby="project-name">
                <p class="eyebrow">"示例表 · " {year}</p>
                <h2 id="project-name" class="project" data-testid="project">{form.project}</h2>
                <p class="meta">
                    <span>"主管部门：" {form.department}</span>
                    <span>"实施单位：" {form.implementer}</span>
                </p>
                <dl class="figures">
                    <div class="figure">
                        <dt>"执行率"</dt>
                        <dd data-testid="execution-rate">{execution_rate}</dd>
                    </div>
                    <div class="figure">
                        <dt>"预算执行得分"</dt>
                        <dd data-testid="budget-score">{budget_score}</dd>
                    </div>
                    <div class="figure figure-total">
                        <dt>"总分"</dt>
                        <dd data-testid="total">{total}</dd>
                    </div>
                    <div class="figure figure-grade">
                        <dt>"等级"</dt>
                        <dd data-testid="grade">{grade}</dd>
                    </div>
                </dl>
                <p class="status" data-testid="status">{status}</p>
            </section>
        </main>
        <footer class="footer">
            <p>"所有计算均在本机浏览器中完成，不上传任何数据。"</p>
        </footer>
    }
}
