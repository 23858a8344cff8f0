//! The part of wasm-streams 0.5 that server_fn uses, for an app without server functions:
//! wrapping a `web_sys::ReadableStream` works, converting between Rust and JS streams does not
//! (it would need the exported JS classes this stand-in exists to leave out).

use futures_util::stream::Stream;
use wasm_bindgen::JsValue;

/// A JS `ReadableStream`.
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self { raw }
    }

    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// Streaming request bodies are not available: ziping makes no server-function calls.
    pub fn from_stream<St>(_stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        unimplemented!("wasm-streams stand-in: streaming server functions are not available")
    }

    /// Streaming responses are not available: ziping makes no server-function calls.
    pub fn into_stream(self) -> futures_util::stream::Empty<Result<JsValue, JsValue>> {
        unimplemented!("wasm-streams stand-in: streaming server functions are not available")
    }
}
