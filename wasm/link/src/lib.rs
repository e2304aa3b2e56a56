//! The WebAssembly module of the npm package `parindex`: every export is defined in
//! `parindex-wasm`; this crate only links it into a `cdylib` (see `Cargo.toml` for why).

pub use parindex_wasm::*;
