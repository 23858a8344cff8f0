//! 年度, 项目名称, 主管部门, 实施单位.

use leptos::prelude::*;

use super::{fixed, text_field, use_state, Kind};
use crate::edit::Field;

#[component]
pub fn Header() -> impl IntoView {
    let st = use_state();
    let year_title = Memo::new(move |_| {
        st.editor.with(|e| {
            let y = e.form.year.trim().trim_end_matches('年').trim().to_string();
            if y.is_empty() {
                "（    年度）".to_string()
            } else {
                format!("（{y} 年度）")
            }
        })
    });
    let project_title = Memo::new(move |_| {
        st.editor.with(|e| {
            let p = e.form.project.trim();
            if p.is_empty() {
                "项目支出绩效自评表".to_string()
            } else {
                format!("{p}项目支出绩效自评表")
            }
        })
    });
    let field = |f: Field, label: &'static str, kind: Kind, ph: &'static str| {
        view! {
            <label class="hfield">
                <span class="hlabel">{label}</span>
                {text_field(st, f, kind, fixed(label), st.other.into(), fixed(ph))}
            </label>
        }
    };
    view! {
        <section class="card sheet-head" aria-labelledby="form-title">
            <p class="attachment">"附件 1"</p>
            <h2 id="form-title" class="form-title" data-testid="form-title">{project_title}</h2>
            <p class="form-year">{year_title}</p>
            <div class="hgrid">
                {field(Field::Year, "年度", Kind::Number, "如 2021")}
                {field(Field::Project, "项目名称", Kind::Line, "")}
                {field(Field::Department, "主管部门", Kind::Line, "")}
                {field(Field::Implementer, "实施单位", Kind::Line, "")}
            </div>
        </section>
    }
}
