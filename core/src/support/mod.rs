//! Support: exact decimals, dates, the JSON readers and writers every layer uses. Imports nothing
//! of the crate but [`crate::error`].

pub(crate) mod case;
pub mod de;
pub mod decimal;
pub(crate) mod hash;
pub(crate) mod json;
pub mod limits;
pub(crate) mod pretty;
pub(crate) mod serde_text;
pub(crate) mod sort;
pub mod time;
