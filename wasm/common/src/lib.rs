//! # parindex-wasm-common
//!
//! What the three WebAssembly modules of the npm package `parindex` share (the main module
//! `parindex`, `parindex/tables` and `parindex/workflow`): the allocator ([`alloc`], in the
//! module only), reading JavaScript values as the core's inputs ([`convert`]), the `Error`
//! objects, the language of the messages and the panic guard ([`errors`]), the input limits
//! ([`limits`]), and a rule set given as text to a module without a `RuleSet` class
//! ([`source`]). Each module links its own copy, with its own state: panic flag, language,
//! limits. Every rule lives in the core; these convert types and map errors.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[cfg(target_arch = "wasm32")]
mod alloc;
pub mod convert;
pub mod errors;
pub mod limits;
pub mod source;
