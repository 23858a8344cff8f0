//! The browser's localStorage as a [`drafts::Storage`]. This is the only module that touches
//! localStorage; everything it stores goes through [`crate::drafts`].

use crate::drafts::{Storage, StoreError};
use wasm_bindgen::{JsCast, JsValue};

/// localStorage, or the reason it cannot be used.
pub struct LocalStorage {
    inner: web_sys::Storage,
}

const PROBE_KEY: &str = "ziping:probe";

fn classify(e: JsValue) -> StoreError {
    match e.dyn_into::<web_sys::DomException>() {
        Ok(d) => StoreError::from_js(&d.name(), Some(u32::from(d.code())), &d.message()),
        Err(other) => StoreError::Other(other.as_string().unwrap_or_else(|| DebugText(&other).to_string())),
    }
}

/// A value's `Debug` text (`JsValue(…)`), written without `{:?}`: the browser bundle is built
/// with `-Zfmt-debug=none` (scripts/build-bundle), which makes `{:?}` print nothing, while
/// `JsValue`'s hand-written `Debug` still works when called directly.
struct DebugText<'a>(&'a JsValue);

impl std::fmt::Display for DebugText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.0, f)
    }
}

impl LocalStorage {
    /// Opens localStorage and proves it can be written (a sandboxed iframe throws a
    /// SecurityError on access; old Safari private mode has a quota of 0).
    pub fn open() -> Result<LocalStorage, StoreError> {
        let window = web_sys::window().ok_or_else(|| StoreError::Unavailable("no window".into()))?;
        let inner = window
            .local_storage()
            .map_err(classify)?
            .ok_or_else(|| StoreError::Unavailable("localStorage 为空".into()))?;
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
