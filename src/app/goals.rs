//! 年度总体目标: 预期目标 and 实际完成情况.

use leptos::prelude::*;

use super::{fixed, text_field, use_state, Kind};
use crate::edit::Field;

#[component]
pub fn Goals() -> impl IntoView {
    let st = use_state();
    view! {
        <section class="card" aria-labelledby="goals-title">
            <h2 id="goals-title" class="section-title">"年度总体目标"</h2>
            <div class="goals">
                <label class="gfield">
                    <span class="hlabel">"预期目标"</span>
                    {text_field(st, Field::GoalsExpected, Kind::Area, fixed("预期目标"), st.other.into(), fixed(""))}
                </label>
                <label class="gfield">
                    <span class="hlabel">"实际完成情况"</span>
                    {text_field(st, Field::GoalsAchieved, Kind::Area, fixed("实际完成情况"), st.other.into(), fixed(""))}
                </label>
            </div>
        </section>
    }
}
