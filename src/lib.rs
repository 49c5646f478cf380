//! kmsplay: a KMS policy playground.
//!
//! The [`engine`] is pure Rust (no browser crates) and is shared by the CLI (`src/main.rs`),
//! the Yew app ([`ui`], feature `ui`) and the JavaScript API ([`js_api`], feature `js-api`).

pub mod engine;
pub mod share_codec;

#[cfg(feature = "ui")]
pub mod ui;

#[cfg(feature = "js-api")]
pub mod js_api;
