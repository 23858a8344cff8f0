//! The browser's localStorage as a [`drafts::Storage`](crate::drafts::Storage). This is the
//! only module that touches localStorage; everything it stores goes through [`crate::drafts`].
//!
//! localStorage is reached through gloo-storage: the handle is
//! [`gloo_storage::LocalStorage::raw`]. The rest of gloo's API does not fit, so the handle's
//! own (web_sys) methods do the reading and writing:
//!
//! - **Opening.** gloo's `raw()` cannot fail: it throws (`expect_throw`) where storage is
//!   forbidden — a sandboxed iframe without `allow-same-origin` raises a SecurityError on
//!   `window.localStorage` — and a JS exception thrown through Rust frames skips every
//!   destructor and leaves the app half set up. So [`LocalStorage::open`] first asks
//!   `window.localStorage` itself (the one fallible accessor, web_sys's `local_storage()`),
//!   turns a refusal into [`StoreError::Unavailable`] (the app then works in memory and shows
//!   its banner), and takes gloo's handle only once access is known to be allowed.
//! - **Values.** gloo's `get`/`set` store values as JSON (`set("k", "abc")` writes `"abc"` with
//!   its quotes) and parse them back. The stored text must stay exactly what [`crate::drafts`]
//!   writes — the envelope's JSON, the bare id under `ziping:last`, and unreadable values
//!   moved to quarantine exactly as they were found (which gloo's `get` could not even read:
//!   it fails on text that is not JSON). So values are read and written as raw strings with
//!   `getItem`/`setItem`.
//! - **Errors.** gloo's `delete`, `length` and key listing treat an exception as unreachable
//!   (`expect_throw`), but Chromium throws a SecurityError from every Storage method once
//!   access is revoked while the page is open (site data blocked in the settings); the
//!   [`Storage`] trait reports it instead. And gloo's error keeps an exception's name and
//!   message but drops the DOMException's legacy `code` (22 or 1014 for a full quota in old
//!   Safari and Firefox, 18 for a SecurityError), which [`StoreError::from_js`] also reads; so
//!   exceptions are classified from the DOMException itself.

use crate::drafts::{Storage, StoreError};
use gloo_storage::Storage as _;
use wasm_bindgen::{JsCast, JsValue};

/// localStorage, or the reason it cannot be used.
pub struct LocalStorage {
    inner: web_sys::Storage,
}

const PROBE_KEY: &str = "ziping:probe";

/// A storage exception as a [`StoreError`] ([`StoreError::from_js`] decides).
fn classify(e: JsValue) -> StoreError {
    match e.dyn_into::<web_sys::DomException>() {
        Ok(d) => StoreError::from_js(&d.name(), Some(u32::from(d.code())), &d.message()),
        Err(other) => match other.dyn_into::<web_sys::js_sys::Error>() {
            Ok(err) => StoreError::from_js(&String::from(err.name()), None, &String::from(err.message())),
            Err(other) => StoreError::Other(other.as_string().unwrap_or_else(|| format!("{other:?}"))),
        },
    }
}

impl LocalStorage {
    /// Opens localStorage and proves it can be written (a sandboxed iframe throws a
    /// SecurityError on access; old Safari private mode has a quota of 0).
    pub fn open() -> Result<LocalStorage, StoreError> {
        let window = web_sys::window().ok_or_else(|| StoreError::Unavailable("no window".into()))?;
        // Where this fails or finds nothing, gloo's `raw()` would throw: it is only called after.
        window.local_storage().map_err(classify)?.ok_or_else(|| StoreError::Unavailable("localStorage 为空".into()))?;
        let inner = gloo_storage::LocalStorage::raw();
        // A full storage is still readable: only a refusal other than the quota makes it unusable.
        match inner.set_item(PROBE_KEY, "1").map_err(classify) {
            Ok(()) => inner.remove_item(PROBE_KEY).map_err(classify)?,
            Err(StoreError::Quota) => {}
            Err(e) => return Err(e),
        }
        Ok(LocalStorage { inner })
    }
}

impl Storage for LocalStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.inner.get_item(key).map_err(classify)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.inner.set_item(key, value).map_err(classify)
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.inner.remove_item(key).map_err(classify)
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        let n = self.inner.length().map_err(classify)?;
        let mut keys = Vec::with_capacity(n as usize);
        for i in 0..n {
            if let Some(k) = self.inner.key(i).map_err(classify)? {
                keys.push(k);
            }
        }
        Ok(keys)
    }
}
