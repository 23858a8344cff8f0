//! ziping: the scoring core of the 项目支出绩效自评表 calculator.
//!
//! Everything in this crate outside `app` is pure Rust with no web imports, so the native
//! command-line tool and `cargo test` use exactly the code the browser runs.
//!
//! ```
//! use ziping::{engine, model::Form};
//!
//! let form = Form::from_json_str(ziping::example::CHENGDE_2021_JSON).expect("a valid form");
//! let result = engine::score(&form);
//! assert_eq!(result.execution_rate.as_deref(), Some("39.25"));
//! assert_eq!(result.budget_score.as_deref(), Some("3.9"));
//! assert_eq!(result.total.as_deref(), Some("93.9"));
//! assert_eq!(result.grade.as_deref(), Some("优"));
//! assert!(result.complete);
//! ```

pub mod drafts;
pub mod edit;
pub mod engine;
pub mod example;
pub mod layout;
pub mod model;
pub mod office;
pub mod render;
pub mod result;
pub mod settings;
pub mod value;
pub mod view_model;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod docs;
#[cfg(target_arch = "wasm32")]
pub mod web_storage;
