//! The rule kinds (C1–C13).

#[cfg(feature = "fast-score")]
pub(crate) mod quick;
