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
pub mod builtin;
pub mod de;
pub mod decimal;
pub mod error;
pub mod input;
pub mod limits;
pub mod live;
pub mod model;
mod pretty;
#[cfg(feature = "fast-score")]
mod quick;
pub mod ruleset;
pub mod schema;
pub mod score;
pub mod synth;
#[cfg(feature = "tables")]
pub mod table;
pub mod time;
pub mod workflow;

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
