//! 年度, 项目名称, 主管部门, 实施单位.

use leptos::prelude::*;

use super::{fixed, text_field, use_state, Kind};
use crate::edit::Field;
use crate::view_model;

#[component]
pub fn Header() -> impl IntoView {
    let st = use_state();
    let year_title = Memo::new(move |_| st.editor.with(|e| view_model::year_title(&e.form)));
    let project_title = Memo::new(move |_| st.editor.with(|e| view_model::form_title(&e.form)));
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
            <h2 id="form-title" class="form-title" data-testid="form-title">{move || project_title.get()}</h2>
            <p class="form-year">{move || year_title.get()}</p>
            <div class="hgrid">
                {field(Field::Year, "年度", Kind::Number, "如 2021")}
                {field(Field::Project, "项目名称", Kind::Line, "")}
                {field(Field::Department, "主管部门", Kind::Line, "")}
                {field(Field::Implementer, "实施单位", Kind::Line, "")}
            </div>
        </section>
    }
}
