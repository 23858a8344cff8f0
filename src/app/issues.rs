//! Every error and warning of the engine, grouped by severity; clicking one takes the cursor
//! to its field. Infos (what is still to fill in, reasons already given) are folded away.

use leptos::prelude::*;

use super::{focus_path, handler, use_state};
use crate::edit;
use crate::result::Severity;

/// At most this many issues are listed per severity (a 300-row form can have hundreds).
const SHOWN: usize = 100;

#[component]
pub fn IssuesPanel() -> impl IntoView {
    let st = use_state();
    let group = move |sev: Severity, title: &'static str, class: &'static str| {
        // (key, location, message, path) of the issues of this severity.
        let items = Memo::new(move |_| {
            st.editor.with(|e| {
                st.result.with(|r| {
                    r.issues
                        .iter()
                        .filter(|i| i.severity == sev)
                        .map(|i| (edit::locate(&e.form, &i.path), i.message.clone(), i.path.clone(), i.code.as_str()))
                        .collect::<Vec<_>>()
                })
            })
        });
        let count = move || items.with(Vec::len).to_string();
        // Keyed: a keystroke that changes one issue touches one entry, not the whole list.
        let shown = move || items.with(|v| v.iter().take(SHOWN).cloned().collect::<Vec<_>>());
        let more = move || items.with(|v| v.len().saturating_sub(SHOWN));
        let list = move || {
            view! {
                <For
                    each=shown
                    key=|(loc, msg, path, _)| (loc.clone(), msg.clone(), path.clone())
                    children=move |(loc, msg, path, code)| {
                        view! {
                            <li>
                                <button type="button" class="issue" data-code=code on:click=handler(move |_| focus_path(&path))>
                                    <span class="issue-loc">{loc}</span>
                                    <span class="issue-msg">{msg}</span>
                                </button>
                            </li>
                        }
                    }
                />
                {move || (more() > 0).then(|| view! { <li class="more">{format!("另有 {} 条未列出", more())}</li> }.into_any())}
            }
            .into_any()
        };
        let body = move || view! { <ul class="issue-list">{move || list()}</ul> }.into_any();
        if sev == Severity::Info {
            view! {
                <details class=format!("issues-group {class}")>
                    <summary><span>{title}</span> <span class="count" data-testid=format!("count-{class}")>{move || count()}</span></summary>
                    {move || body()}
                </details>
            }
            .into_any()
        } else {
            view! {
                <div class=format!("issues-group {class}") class:empty=move || items.with(Vec::is_empty)>
                    <h3><span>{title}</span> <span class="count" data-testid=format!("count-{class}")>{move || count()}</span></h3>
                    {move || body()}
                </div>
            }
            .into_any()
        }
    };
    view! {
        <section class="card issues" aria-labelledby="issues-title" data-testid="issues">
            <h2 id="issues-title" class="section-title">"问题清单"</h2>
            <p class="hint">"点击一条即可跳到对应的格子。"</p>
            {group(Severity::Error, "错误", "errors")}
            {group(Severity::Warning, "警告", "warnings")}
            {group(Severity::Info, "提示", "infos")}
        </section>
    }
}
