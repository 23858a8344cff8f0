//! ziping: the scoring core of the 项目支出绩效自评表 calculator.
//!
//! Everything in this crate outside `app` is pure Rust with no web imports, so the native
//! command-line tool and `cargo test` use exactly the code the browser runs.

pub mod drafts;
pub mod edit;
pub mod engine;
pub mod example;
pub mod model;
pub mod result;
pub mod settings;
pub mod value;

#[cfg(target_arch = "wasm32")]
pub mod app;
