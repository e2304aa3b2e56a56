//! From points to results: adjustments (C13), rounding, the classification bands and ranking.

use super::{yes, Label};
use crate::support::decimal::RoundingMode;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

crate::de::tree_struct! {
/// Bonus or penalty policy (C13).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentPolicy {
    /// Highest total of the year's entries.
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub cap: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
}

crate::de::tree_struct! {
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Adjustments {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus: Option<AdjustmentPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalty: Option<AdjustmentPolicy>,
}
}

/// The stages at which values are rounded.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// A percentage computed from counts (S9: "compute the percentage first").
    Percentage,
    /// The points of a leaf.
    Leaf,
    /// The points of each component (the rubric's sum, points given from outside such as the IT
    /// points, a survey's points from its percentage), bonus, penalty and the total.
    Component,
    /// The index and sub-indices.
    Index,
}

crate::de::tree_struct! {
/// The rounding policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rounding {
    pub scale: u32,
    pub mode: RoundingMode,
    /// The stages at which values are rounded; by default the rounded value is also the one
    /// carried into the sums and comparisons after it.
    pub stages: Vec<Stage>,
    /// Stages (of `stages`) whose rounded value is only shown: the sums after them carry the
    /// unrounded value, as provinces that publish components at two places but add them
    /// unrounded do (a published index can be 0.01 above the sum of its printed components).
    /// `component`: the total adds the components, bonus and penalty unrounded and the index is
    /// computed from the unrounded total; `index`: the classification band is found from the
    /// unrounded index. Results show the rounded values and list each unrounded one that differs
    /// (`carried`). Only `component` and `index`: S9 rounds the percentage before the points, and
    /// a leaf's points are entered rounded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shown_only: Vec<Stage>,
}
}

impl Rounding {
    /// `v` as shown at `stage`: rounded where the stage rounds.
    pub fn at(&self, stage: Stage, v: Decimal) -> Decimal {
        if self.stages.contains(&stage) {
            self.mode.round(v, self.scale)
        } else {
            v
        }
    }

    /// `v` as carried past `stage` into the sums after it: as shown, unless the stage's rounding
    /// is only shown (`shown_only`).
    pub fn carried(&self, stage: Stage, v: Decimal) -> Decimal {
        if self.shown_only.contains(&stage) {
            v
        } else {
            self.at(stage, v)
        }
    }

    /// `num / den` rounded at `stage`, exactly (no rounded intermediate quotient). `None` when the
    /// stage does not round or the exact computation overflows.
    pub(crate) fn ratio_at(&self, stage: Stage, num: Decimal, den: Decimal) -> Option<Decimal> {
        if self.stages.contains(&stage) {
            crate::decimal::ratio(num, den, self.scale, self.mode)
        } else {
            None
        }
    }
}

crate::de::tree_struct! {
/// A classification band on the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassBand {
    pub id: String,
    pub label: Label,
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub min: Decimal,
    #[serde(default = "yes")]
    pub min_inclusive: bool,
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub max: Decimal,
    #[serde(default)]
    pub max_inclusive: bool,
}
}

crate::de::tagged_enum! {
    tag = "by";
    /// A declared tie-breaker: compares two tied units by a value, descending.
    #[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
    pub enum TieBreaker {
        /// Points of a component (e.g. `survey`).
        Component { id: String },
        /// Sub-index of a field (top-level node) by code.
        Field { code: String },
        /// Total points achieved.
        TotalPoints,
    }
}

crate::de::tree_struct! {
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Ranking {
    /// Which index ranks the units: `index` (default), the index as rounded and published, so
    /// that units shown with the same index share a rank; or `unrounded_index`, the index before
    /// its rounding, so that units tie only where their unrounded indices are equal (and a note
    /// says which unrounded values separated two units shown with the same index).
    #[serde(default, skip_serializing_if = "RankBy::is_index")]
    pub by: RankBy,
    /// Tie-breakers applied in order; none means ties are shared (1, 2, 2, 4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tie_breakers: Vec<TieBreaker>,
    /// The order in which units sharing a rank are listed (their rank is the same whatever the
    /// order): `id` (default), `input` (as the input lists them) or `name` (Vietnamese
    /// alphabetical order: a ă â b c d đ …, tones after the letters).
    #[serde(default, skip_serializing_if = "TieOrder::is_id")]
    pub tie_order: TieOrder,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
}

/// Which index ranks the units (`ranking.by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum RankBy {
    /// The index as rounded at the `index` stage (as published).
    #[default]
    Index,
    /// The index before its rounding (`index_raw`): ties only where those are equal.
    UnroundedIndex,
}

impl RankBy {
    pub fn is_index(&self) -> bool {
        *self == RankBy::Index
    }
}

/// The order of units sharing a rank (`ranking.tie_order`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum TieOrder {
    /// By unit id (byte order).
    #[default]
    Id,
    /// As the input lists them.
    Input,
    /// By name, in Vietnamese alphabetical order (then by id).
    Name,
}

impl TieOrder {
    pub fn is_id(&self) -> bool {
        *self == TieOrder::Id
    }
}
