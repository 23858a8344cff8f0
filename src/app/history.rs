//! Undo and redo from the keyboard (Ctrl+Z; Ctrl+Shift+Z or Ctrl+Y; ⌘ on a Mac), and the
//! notice with an undo button after a row is removed.

use leptos::prelude::*;

use super::{handler, use_state, AppState};

/// Listens for the undo/redo shortcuts while the app is mounted.
pub fn install_shortcuts(st: AppState) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
            return;
        }
        match ev.key().to_ascii_lowercase().as_str() {
            "z" if !ev.shift_key() => {
                ev.prevent_default();
                st.undo();
            }
            "z" | "y" => {
                ev.prevent_default();
                st.redo();
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
}

#[component]
pub fn Notice() -> impl IntoView {
    let st = use_state();
    view! {
        <div class="notice-area" role="status" aria-live="polite">
            {move || st.notice.get().map(|text| view! {
                <div class="notice">
                    <span>{text}</span>
                    <button type="button" class="btn btn-link" on:click=handler(move |_| st.undo())>"撤销"</button>
                    <button type="button" class="btn btn-link" aria-label="关闭提示" on:click=handler(move |_| st.notice.set(None))>"×"</button>
                </div>
            }.into_any())}
        </div>
    }
}
