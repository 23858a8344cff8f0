//! The scoring settings (`scoring.md` §7): the profile and every setting of the table
//! [`SETTINGS`], each with its title and one-sentence help. A change is stored in the form as
//! an override and re-scores at once.

use leptos::prelude::*;

use super::{handler, use_state, AppState};
use crate::edit::{self, Edit, SettingKind};
use crate::result::Severity;
use crate::settings::{Setting, PROFILES, SETTINGS};

#[component]
pub fn SettingsPanel() -> impl IntoView {
    let st = use_state();
    let profile = move || {
        st.sync.track();
        st.editor.with_untracked(|e| e.form.profile.clone())
    };
    let profile_name = Memo::new(move |_| {
        st.editor.with(|e| {
            let k = e.form.profile.trim();
            let k = if k.is_empty() { "mof" } else { k };
            PROFILES.iter().find(|p| p.key == k).map_or_else(|| k.to_string(), |p| p.name.to_string())
        })
    });
    let overridden = Memo::new(move |_| {
        st.editor.with(|e| match e.form.settings.len() {
            0 => String::new(),
            n => format!("，另改 {} 项", n),
        })
    });
    let profiles = PROFILES
        .iter()
        .map(|p| view! { <option value=p.key prop:selected=move || profile() == p.key>{format!("{}（{}）", p.name, p.key)}</option> }.into_any())
        .collect_view();
    let rows = SETTINGS.iter().map(|d| setting_row(st, d).into_any()).collect_view();
    view! {
        <details class="card settings" id="settings">
            <summary class="section-title">
                "评分设置"
                <span class="settings-sum">
                    "方案：" {move || profile_name.get()}
                    {move || overridden.get()}
                </span>
            </summary>
            <div class="setting">
                <label class="setting-head" for="f-profile">"评分方案"</label>
                <select id="f-profile" class="input" aria-label="评分方案"
                    on:change=handler(move |ev| st.apply(Edit::SetProfile(event_target_value(&ev))))>
                    {profiles}
                </select>
                <p class="setting-doc">"各地口径的一组默认设置；下面单独改过的设置优先。"</p>
            </div>
            {rows}
        </details>
    }
}

fn setting_row(st: AppState, d: &'static Setting) -> impl IntoView {
    let (key, title, doc) = (d.key, d.title, d.help);
    let id = edit::dom_id(&format!("settings.{key}"));
    let path = format!("settings.{key}");
    let shown = move || {
        st.sync.track();
        st.editor.with_untracked(|e| edit::shown_setting(&e.form, key))
    };
    let is_override = Memo::new(move |_| st.editor.with(|e| e.form.settings.contains_key(key)));
    let error = Memo::new(move |_| {
        st.other.with(|v| v.iter().find(|i| i.path == path && i.severity == Severity::Error).map(|i| i.message.clone()))
    });
    let control = match edit::setting_kind(key) {
        SettingKind::Choice(options) => {
            let opts = options
                .into_iter()
                .map(|(v, name)| {
                    let label = format!("{name}（{v}）");
                    view! { <option value=v.clone() prop:selected=move || shown() == v>{label}</option> }.into_any()
                })
                .collect_view();
            view! {
                <select id=id.clone() class="input" aria-label=title
                    on:change=handler(move |ev| st.apply(Edit::SetSetting(key.into(), Some(event_target_value(&ev)))))>
                    {opts}
                </select>
            }
            .into_any()
        }
        SettingKind::Number | SettingKind::Text => view! {
            <input id=id.clone() type="text" class="input" class:has-error=move || error.with(Option::is_some)
                aria-label=title autocomplete="off" prop:value=move || shown()
                on:input=handler(move |ev| st.editor.maybe_update(|e| e.apply(Edit::SetSetting(key.into(), Some(event_target_value(&ev)))).changed))
                on:change=handler(move |_| st.seal()) />
        }
        .into_any(),
    };
    view! {
        <div class="setting" class:setting-changed=move || is_override.get()>
            <label class="setting-head" for=id>{title}</label>
            {control}
            <button type="button" class="btn btn-link" disabled=move || !is_override.get()
                aria-label=format!("恢复方案默认值 {title}")
                on:click=handler(move |_| st.apply(Edit::SetSetting(key.into(), None)))>"恢复默认"</button>
            <p class="setting-doc">{doc}</p>
            {move || error.get().map(|m| view! { <p class="field-msg msg-error">{m}</p> }.into_any())}
        </div>
    }
}
