//! # parindex
//!
//! The exact, explainable scoring engine for Vietnam's provincial Public Administration Reform index
//! (Chỉ số cải cách hành chính), starting with Hòa Bình province's Decision 1440/QĐ-UBND (2018) as
//! applied in the 2019 assessment. Every number is a [`Decimal`]; nothing passes through binary
//! floating point.
//!
//! Load a rule set, score a batch of units, rank them, explain one:
//!
//! ```
//! use parindex::{builtin, RuleSet};
//!
//! let rs = RuleSet::builtin(builtin::DEFAULT_RULESET)?;
//! let result = rs.score_json(builtin::EXAMPLE_PROVINCE)?;
//! let ranking = rs.rank(&result.units);
//! let why = rs.explain(builtin::EXAMPLE_PROVINCE, &ranking[0].entries[0].id)?;
//! assert_eq!(why.index, ranking[0].entries[0].index);
//! # assert!(result.errors.is_empty() && result.receipt.provisional); // a reconstructed rubric
//! # Ok::<(), parindex::Error>(())
//! ```
//!
//! What a user needs:
//!
//! - [`RuleSet`]: a validated rule set ([`RuleSet::builtin`], [`RuleSet::from_json`]) and its
//!   entry points [`score`](RuleSet::score), [`score_json`](RuleSet::score_json),
//!   [`rank`](RuleSet::rank) and [`explain`](RuleSet::explain); [`builtin`] holds the built-in
//!   rule sets and the example province.
//! - [`input`]: a unit's facts and points ([`UnitInput`], [`ItemInput`]).
//! - [`result`]: what scoring gives ([`BatchResult`], [`UnitScore`], node by node [`NodeScore`]).
//! - [`workflow`]: the assessment's dossiers, from self-assessment to the announcement.
//! - [`Error`], [`Issue`] and [`Result`]: every problem with a stable code and a JSON path;
//!   [`Limits`]: how large an input text may be.
//!
//! Units built in code: the facts of a leaf are an [`ItemInput`].
//!
//! ```
//! use parindex::{builtin, Decimal, ItemInput, RuleSet, UnitInput};
//!
//! let rs = RuleSet::builtin(builtin::DEFAULT_RULESET)?;
//! let mut unit: UnitInput =
//!     serde_json::from_str(r#"{"id": "so_x", "name": "Sở X", "group": "department"}"#).unwrap();
//! // 180 of 200 files on time: 90% (S9: the percentage first, then the points).
//! unit.items.insert("3.3.3", ItemInput::rate(180, 200));
//! let result = rs.score(vec![unit]);
//! let node = result.units[0].nodes.find("3.3.3").unwrap();
//! assert_eq!(node.percentage, Some(Decimal::new(9000, 2)));
//! # Ok::<(), parindex::Error>(())
//! ```

// The layers, bottom first (core/tests/layers.rs checks that each imports only those below it).
#[doc(hidden)]
pub mod api;
mod batch;
mod compile;
mod def;
mod error;
mod eval;
mod form;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod input;
mod ranking;
pub mod result;
mod rules;
mod support;
#[cfg(feature = "tables")]
pub mod table;
pub mod workflow;

// Short paths inside the crate for the support modules every layer uses.
#[cfg(feature = "fast-score")]
use compile::quick;
use support::{de, decimal, limits, pretty, time};

pub use batch::{BatchOptions, BatchResult, RankResult, Receipt, UnitError, ENGINE};
pub use compile::builtin;
pub use compile::RuleSet;
/// The registry of codes: every code the engine emits, its kind and its messages.
pub use error::codes;
pub use error::{lang, set_lang, with_lang, Error, ErrorKind, Issue, Lang, Result};
pub use input::{BatchInput, ItemInput, UnitInput};
pub use ranking::{RankBlock, RankEntry};
pub use result::{NodeScore, UnitScore};
pub use rust_decimal::Decimal;
pub use support::limits::Limits;

/// Not part of the interface (hidden from the documentation, may change in any release): what the
/// command line, the bindings, the benches and the tests use beyond it, each with why.
///
/// Hidden where they are, for the same users: [`api`] (the bindings' facade: JSON text in, typed
/// results out; the schemas; `UnitForm`, a form rescored as it is typed), `fuzzing` (feature
/// `fuzzing`: the contract the fuzz targets check), `RuleSet::{def, levels, level, group,
/// from_def, general_only}` (the rule-set format and the compiled plan), `Limits::{scan,
/// check_*}` (the bindings check values that reach them without JSON text),
/// `input::{parse_unit, UnitEntry, read_unit_within}` (the readers) and
/// `workflow::{read_json, read_json_text}` (acts and actors from the bindings' JSON).
#[doc(hidden)]
pub mod internal {
    // The command line shows decimals as results do; the tests check the exact reader and the
    // rounding modes of the rule-set format.
    pub use crate::support::decimal::{parse_exact, show, DecimalProblem, RoundingMode};
    // The bindings and the command line report paths and excerpts as the core does.
    pub use crate::error::{excerpt, key_path};
    // The bindings tell which input a text is (its limits' error family); the command line reads
    // files as bytes.
    pub use crate::support::limits::{text_from_bytes, Kind};
    // The rule-set format as data (`RuleSet::def`): the labels, component kinds and format version
    // the command line and the bindings print; the tests read definitions and build them in code
    // (`RuleSet::from_def`).
    pub use crate::def::*;
    // The command line's `rulesets` and the npm package describe a rule set.
    pub use crate::compile::describe;
    // Synthetic batches: the command line's `generate`, the benches, the tests.
    pub use crate::eval::synth::generate;
    // One unit scored against a context (the tests, the benches).
    pub use crate::eval::{score_unit, Context};
    // A batch from a JSON value (the tests); the inputs' hash (the tests check receipts).
    pub use crate::batch::{canonical_sha256, score_batch_value};
    // The readers of one unit (the tests compare them with each other).
    pub use crate::input::{parse_unit, UnitEntry};
    // The typed reader with JSON paths (the tests check its messages).
    pub use crate::support::de::from_value;
    // The rule set's reduced schema, which the npm package ships in its data module (feature
    // `external-texts`).
    #[cfg(not(feature = "external-texts"))]
    pub use crate::compile::fields::reduced_schema;
    #[cfg(feature = "external-texts")]
    pub use crate::compile::fields::set_reduced_schema;
}
