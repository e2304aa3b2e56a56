//! # parindex
//!
//! The exact, explainable scoring engine for Vietnam's provincial Public Administration Reform index
//! (Chỉ số cải cách hành chính), starting with Hòa Bình province's Decision 1440/QĐ-UBND (2018) as
//! applied in the 2019 assessment.
//!
//! Data flows one way: rule set (JSON data) → validated [`RuleSet`] → facts and points per unit →
//! [`UnitScore`] per node with its explanation → index → ranking within blocks. Every number is a
//! [`rust_decimal::Decimal`]; nothing passes through binary floating point.
//!
//! ```
//! let rs = parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap();
//! let result = parindex::score_batch_json(&rs, parindex::builtin::EXAMPLE_PROVINCE).unwrap();
//! assert!(result.receipt.provisional); // the built-in rubric is a reconstruction
//! assert!(result.errors.is_empty());
//! let departments = &result.ranking[0];
//! assert_eq!(departments.entries[0].rank, 1);
//!
//! // Every node's explanation, rendered when asked for (a batch keeps compact rows per node).
//! let unit = &result.units[0];
//! let field = unit.nodes.get(0).unwrap();
//! assert_eq!(field.points, unit.fields[0].points);
//! let leaf = unit.nodes.iter().find(|n| n.leaf).unwrap();
//! assert_eq!(unit.nodes.find(&leaf.code), Some(leaf.clone()));
//! ```
//!
//! Units built in code: the facts of a leaf are an [`ItemInput`].
//!
//! ```
//! use parindex::{Decimal, ItemInput, UnitInput};
//!
//! let rs = parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap();
//! let mut unit: UnitInput =
//!     serde_json::from_str(r#"{"id": "so_x", "name": "Sở X", "group": "department"}"#).unwrap();
//! // 180 of 200 files on time: 90% (S9: the percentage first, then the points).
//! unit.items.insert("3.3.3", ItemInput::rate(180, 200));
//! let result = parindex::score_batch(&rs, vec![unit]);
//! let node = result.units[0].nodes.find("3.3.3").unwrap();
//! assert_eq!(node.percentage, Some(Decimal::new(9000, 2)));
//! ```

pub mod api;
pub mod batch;
pub mod compile;
pub mod def;
pub mod error;
pub mod eval;
pub mod form;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod input;
pub mod result;
mod rules;
pub mod support;
#[doc(hidden)]
pub use eval::synth;
#[cfg(feature = "tables")]
pub mod table;
pub mod workflow;

// Compatibility paths: the modules as they were named before the layered layout. Removed when
// the API is narrowed.
#[doc(hidden)]
pub use api::schema;
#[doc(hidden)]
pub use compile as ruleset;
#[doc(hidden)]
pub use compile::builtin;
#[cfg(feature = "fast-score")]
use compile::quick;
#[doc(hidden)]
pub use def as model;
#[doc(hidden)]
pub use eval as score;
#[doc(hidden)]
pub use form as live;
use support::pretty;
#[doc(hidden)]
pub use support::{de, decimal, limits, time};

pub use batch::{
    rank, score_batch, score_batch_json, score_batch_value, BatchResult, RankBlock, RankEntry,
    Receipt, UnitError, ENGINE,
};
pub use error::{Error, Issue, Result};
pub use input::{BatchInput, ItemInput, Items, UnitInput};
pub use limits::Limits;
pub use model::RuleSetDef;
pub use ruleset::RuleSet;
pub use rust_decimal::Decimal;
pub use score::{score_unit, Context, NodeScore, Nodes, UnitScore};
