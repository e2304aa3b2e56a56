//! The rule-set format: what a decision's rubric says, as data.
//!
//! These types are the JSON format (`format_version` 1). They are parsed leniently enough to report
//! every problem at once (see [`crate::compile`]) and then checked for coherence.

pub(crate) mod check;

use crate::error::{a_json_type, excerpt, issue, Issue};
use crate::support::decimal::RoundingMode;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The only rule-set and input format version this engine reads.
pub const FORMAT_VERSION: u32 = 1;

/// The issue of a `format_version` other than the number this engine reads (`ruleset.*` for a rule
/// set, else `input.*`), at `$.format_version`; a string that holds that number (`"1"`) is told
/// apart from the number.
pub(crate) fn unsupported_version(fv: &serde_json::Value, ruleset: bool) -> Issue {
    let want = FORMAT_VERSION;
    let path = "$.format_version";
    let pick = |r, i| if ruleset { r } else { i };
    match fv {
        serde_json::Value::Number(n) => issue!(
            pick("ruleset.unsupported_version", "input.unsupported_version"),
            path,
            version = excerpt(n.as_str()),
            want
        ),
        serde_json::Value::String(s) if s.trim() == want.to_string() => issue!(
            pick(
                "ruleset.unsupported_version:string",
                "input.unsupported_version:string"
            ),
            path,
            want
        ),
        other => issue!(
            pick(
                "ruleset.unsupported_version:type",
                "input.unsupported_version:type"
            ),
            path,
            want,
            found = a_json_type(other)
        ),
    }
}

crate::de::tree_struct! {
/// Text in Vietnamese (required) and English (optional).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub vi: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}
}

impl Label {
    /// The text in `lang`: its Vietnamese text when it has no English one.
    pub fn in_lang(&self, lang: crate::error::Lang) -> &str {
        match lang {
            crate::error::Lang::En => self.en.as_deref().unwrap_or(&self.vi),
            crate::error::Lang::Vi => &self.vi,
        }
    }
}

/// A fixed sentence of the engine in Vietnamese and in English (how a rule kind scores).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Description {
    pub vi: &'static str,
    pub en: &'static str,
}

/// Whether the rubric is the official text of the decision or a reconstruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Official,
    Provisional,
}

/// Where a node (or a fact) comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Stated by the source document (the 2019 guidance).
    Seed,
    /// Taken from the decision's own annex.
    Decision,
    /// Taken from the national template (Decision 2948/QĐ-BNV).
    NationalTemplate,
    /// Reconstructed from comparable rubrics; to be replaced by the real annex.
    Reconstructed,
}

crate::de::tree_struct! {
/// The issuing decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// e.g. `1440/QĐ-UBND`
    pub number: String,
    /// ISO date, e.g. `2018-06-19`
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
}
}

crate::de::tree_struct! {
/// An assessed level (S1): departments, districts, communes — each with its own criteria tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub id: String,
    pub label: Label,
    /// How units of this level are put into ranking blocks.
    #[serde(default)]
    pub block_by: BlockBy,
    /// Components of the total for this level (appraised evidence, IT, survey…).
    pub components: Vec<Component>,
    /// The criteria tree: fields → criteria → sub-criteria, any depth.
    pub nodes: Vec<Node>,
}
}

/// How a level's units are grouped for ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum BlockBy {
    /// One block per level (all departments together).
    #[default]
    Level,
    /// One block per parent unit (communes ranked within their district, S10).
    Parent,
    /// One block per unit group.
    Group,
}

crate::de::tree_struct! {
/// A unit group: units sharing a declared maximum and a self-scoring form (S2, S4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    pub level: String,
    pub label: Label,
    /// The declared maximum of the rubric component for this group (e.g. 56 or 52, S2).
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub max_points: Decimal,
    /// The self-scoring form the group uses (S4), e.g. `03`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// Units known to belong to the group (informative; e.g. the four 52-point units).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
}

crate::de::tree_struct! {
/// A component of the total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub id: String,
    pub label: Label,
    pub kind: ComponentKind,
    /// Maximum points of the component. Required for `external` and `survey`; for `rubric` it is
    /// the group's applicable maximum and must be left out.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decimal::exact_opt"
    )]
    pub max_points: Option<Decimal>,
    /// Per-group maximum, where a group's differs.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::decimal::exact_map"
    )]
    pub group_max: BTreeMap<String, Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ComponentKind {
    /// The points of the criteria tree (appraised from evidence).
    Rubric,
    /// Points supplied from outside (e.g. IT-application points announced by the Chairman, S2).
    External,
    /// A survey result given as a percentage, converted to points: percentage × max (S9, C11).
    Survey,
}

/// What "not applicable" means for a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotApplicable {
    /// The unit receives the node's full points (C9).
    FullPoints,
    /// The node's maximum is taken out of the unit's applicable maximum (C10).
    ReduceMax,
}

crate::de::tree_struct! {
/// A node of the criteria tree. A node with children is scored as the sum of its children; a leaf
/// carries a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Unique within the level, e.g. `3.2.1`.
    pub code: String,
    pub label: Label,
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub max_points: Decimal,
    /// Lowest points (default 0). Negative where the rubric allows it (C8: plan not issued → −1).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decimal::exact_opt"
    )]
    pub min_points: Option<Decimal>,
    /// A criterion with sub-criteria whose maxima add up to more than its own ("tối đa 7 điểm"
    /// over sub-criteria worth 7.5): `true` holds its points within its bounds, min(Σ children,
    /// `max_points`) and, where `min_points` is given, no less than it; its applicable maximum is
    /// then min(`max_points`, Σ applicable children's maxima), and the explanation shows the cap
    /// and the points it cut. Without it (default `false`), the children's maxima must add up to
    /// `max_points` exactly (`ruleset.children_sum`). Only for a node with children.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub capped: bool,
    /// Legal reference, e.g. `QĐ 1440/QĐ-UBND, Phụ lục I, mục 1.1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_ref: Option<String>,
    pub source: Provenance,
    /// Groups the node applies to; empty means every group of the level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// What a unit's "not applicable" flag means for this node; absent means it cannot be N/A.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<NotApplicable>,
    /// Council member (remit id) that appraises this node; inherited by children (S7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appraiser: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The evidence documents a unit provides for the node (danh mục tài liệu kiểm chứng), as
    /// the self-assessment template and forms list them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// The rule (leaves only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}
}

impl Node {
    pub fn min(&self) -> Decimal {
        self.min_points.unwrap_or(Decimal::ZERO)
    }
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }
}

crate::de::tree_struct! {
/// A document of the evidence list (danh mục tài liệu kiểm chứng) of a node: what the unit
/// attaches to show the result it scores, e.g. `Kế hoạch CCHC năm 2019 của cơ quan`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub vi: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    /// Where the entry comes from (the guidance's list, or reconstructed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Provenance>,
}
}

crate::de::tree_struct! {
/// One band of a percentage: `[min, max)` by default ("từ … đến dưới").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub min: Decimal,
    /// Whether `min` itself belongs to the band (default true).
    #[serde(default = "yes")]
    pub min_inclusive: bool,
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub max: Decimal,
    /// Whether `max` itself belongs to the band (default false; the top band usually sets true).
    #[serde(default)]
    pub max_inclusive: bool,
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub points: Decimal,
}
}

fn yes() -> bool {
    true
}

crate::de::tree_struct! {
/// A categorical option (C1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub label: Label,
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub points: Decimal,
}
}

crate::de::tree_struct! {
/// A weighted outcome (C7): points = count / denominator × weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub id: String,
    pub label: Label,
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub weight: Decimal,
}
}

/// Which percentage an outcome-ratio rule (C7) rounds at the percentage stage (S9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum OutcomePercentage {
    /// Each outcome's percentage of the denominator, rounded, times its weight; the points are
    /// the sum (`found 12, resolved 4, in progress 7`: 33.33% × 1 + 58.33% × 0.5 → 0.62).
    #[default]
    EachOutcome,
    /// The weighted rate once: Σ count × weight / (denominator × highest weight), as a percentage
    /// rounded once, times the highest weight (`found 12, resolved 4, in progress 7`:
    /// (4 × 1 + 7 × 0.5) / 12 = 62.50% → 0.63).
    WeightedRate,
}

impl OutcomePercentage {
    pub fn is_each_outcome(&self) -> bool {
        *self == OutcomePercentage::EachOutcome
    }
}

crate::de::tree_struct! {
/// A deduction per event (C8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deduction {
    pub id: String,
    pub label: Label,
    /// Points taken off per event (a positive number).
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub points: Decimal,
}
}

crate::de::tagged_enum! {
    tag = "kind";
    /// A leaf's rule: how facts turn into points. Covers the rule shapes C1–C13.
    #[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
    pub enum Rule {
        /// C1: one of several options, each with its points. Input: `choice`.
        Choice { options: Vec<Choice> },
        /// C2: met / not met. Input: `met`.
        Met {
            /// Points when met (default: the node's maximum).
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::decimal::exact_opt"
            )]
            points_met: Option<Decimal>,
            /// Points when not met (default 0; may be negative where `min_points` allows).
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::decimal::exact_opt"
            )]
            points_not_met: Option<Decimal>,
        },
        /// C3/C12: bands on a percentage. Input: `percentage`, or `numerator` and `denominator`.
        Bands {
            bands: Vec<Band>,
            /// Points when the denominator is zero (nothing to measure); absent means that is an
            /// error.
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::decimal::exact_opt"
            )]
            zero_denominator_points: Option<Decimal>,
        },
        /// C4/C12: points = rate / `full_at` × max, capped at max; below `threshold` →
        /// `below_points`.
        Proportional {
            /// Rate below which `below_points` are given (e.g. 80).
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::decimal::exact_opt"
            )]
            threshold: Option<Decimal>,
            /// Whether a rate equal to the threshold passes (default true).
            #[serde(default = "yes")]
            threshold_inclusive: bool,
            /// Points below the threshold (default 0).
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::decimal::exact_opt"
            )]
            below_points: Option<Decimal>,
            /// Rate at which full points are reached (default 100).
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::decimal::exact_opt"
            )]
            full_at: Option<Decimal>,
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::decimal::exact_opt"
            )]
            zero_denominator_points: Option<Decimal>,
        },
        /// C5: unit value / best value among the units scored × max. Input: `value`.
        Normalized {
            /// Points for every unit when the best value is zero.
            #[serde(deserialize_with = "crate::decimal::exact")]
            zero_best_points: Decimal,
            /// The highest value a unit may report: a value above it is refused
            /// (`input.value_above_max`), so that an absurd fact cannot become the best value
            /// every other unit is measured against.
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::decimal::exact_opt"
            )]
            max_value: Option<Decimal>,
            /// How many times the next highest value the best value may be before every unit
            /// scored against it is warned (`input.normalized_outlier`); default 10.
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::decimal::exact_opt"
            )]
            outlier_factor: Option<Decimal>,
        },
        /// C6: points per counted item, capped at the maximum. Input: `count`.
        Count {
            #[serde(deserialize_with = "crate::decimal::exact")]
            points_each: Decimal,
        },
        /// C7: Σ outcome count / denominator × weight. Input: `outcomes` and `denominator`.
        OutcomeRatio {
            outcomes: Vec<Outcome>,
            /// Points when the denominator is zero (e.g. nothing found: full points).
            #[serde(deserialize_with = "crate::decimal::exact")]
            zero_denominator_points: Decimal,
            /// Which percentage S9 rounds: `each_outcome` (default), each outcome's percentage
            /// rounded, then weighted and added; or `weighted_rate`, the weighted rate computed
            /// once ((resolved × 1 + in progress × 0.5) / found, the weights taken relative to the
            /// highest), as a percentage rounded once, then points (× the highest weight).
            #[serde(default, skip_serializing_if = "OutcomePercentage::is_each_outcome")]
            percentage_of: OutcomePercentage,
        },
        /// C8: start from `start` (default max), deduct per event, not below the floor
        /// (`min_points`).
        Deductions {
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::decimal::exact_opt"
            )]
            start: Option<Decimal>,
            deductions: Vec<Deduction>,
        },
        /// C11: survey percentage × max. Input: `percentage`.
        Survey,
        /// Points supplied from outside (e.g. IT points published separately). Input: `points`.
        External,
        /// Points entered by hand within [min, max] on allowed steps. Input: `points`.
        Manual {
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::decimal::exact_opt"
            )]
            step: Option<Decimal>,
        },
    }
}

impl Rule {
    pub fn kind(&self) -> &'static str {
        match self {
            Rule::Choice { .. } => "choice",
            Rule::Met { .. } => "met",
            Rule::Bands { .. } => "bands",
            Rule::Proportional { .. } => "proportional",
            Rule::Normalized { .. } => "normalized",
            Rule::Count { .. } => "count",
            Rule::OutcomeRatio { .. } => "outcome_ratio",
            Rule::Deductions { .. } => "deductions",
            Rule::Survey => "survey",
            Rule::External => "external",
            Rule::Manual { .. } => "manual",
        }
    }
}

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

crate::de::tree_struct! {
/// A dated step of the assessment calendar (S5, S6, S8, S10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub id: String,
    pub label: Label,
    /// First day (ISO `YYYY-MM-DD`), inclusive.
    pub start: String,
    /// Last day, inclusive (the period ends at the end of that day).
    pub end: String,
    /// Levels the period applies to; empty means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Provenance>,
}
}

crate::de::tree_struct! {
/// The assessment calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// UTC offset of the province's dates and of every time given without an offset, e.g.
    /// `+07:00` (Vietnam). Required when the rule set has a calendar
    /// (`ruleset.missing_utc_offset`): a missing offset is never taken as UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc_offset: Option<String>,
    pub periods: Vec<Period>,
    /// Calendars a parent unit fills for the units of a delegated level (S10: each district sets
    /// its communes' calendar within the bounds stated here).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub templates: Vec<CalendarTemplate>,
}
}

crate::de::tree_struct! {
/// The calendar a parent unit sets for a delegated level (S10: the district people's committee
/// runs its communes' assessment with its own council and calendar and reports to the province by
/// a date): which periods it gives, and the days every period must fall within.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarTemplate {
    /// The delegated level (`council.delegated_levels`), e.g. `commune`.
    pub level: String,
    pub label: Label,
    /// First day (ISO `YYYY-MM-DD`) any period may start.
    pub start: String,
    /// Last day by which every period must end (inclusive).
    pub end: String,
    /// The periods the parent unit gives, with the ids the workflow reads.
    pub periods: Vec<TemplatePeriod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
}

crate::de::tree_struct! {
/// A period of a [`CalendarTemplate`]: its id and label; the parent unit gives the dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplatePeriod {
    pub id: String,
    pub label: Label,
    /// The parent unit may leave it out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
}
}

crate::de::tree_struct! {
/// A member of the appraisal council and the fields of their remit (S6, S7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CouncilMember {
    pub id: String,
    pub label: Label,
    /// Standing member (collects results; appraises whatever no other member covers).
    #[serde(default)]
    pub standing: bool,
    /// Node codes (per level) this member appraises, when not given by `appraiser` on nodes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub remit: BTreeMap<String, Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Provenance>,
}
}

crate::de::tree_struct! {
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Council {
    pub members: Vec<CouncilMember>,
    /// Levels whose council is formed by the parent unit (communes: the district, S10).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delegated_levels: Vec<String>,
}
}

crate::de::tree_struct! {
/// A rule set: one decision's rubric as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSetDef {
    pub format_version: u32,
    pub id: String,
    pub title: Label,
    pub decision: Decision,
    /// Assessment year the rule set is applied to.
    pub year: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
    pub status: Status,
    /// Shown with every output made with a provisional rule set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<Label>,
    pub levels: Vec<Level>,
    pub groups: Vec<Group>,
    #[serde(default)]
    pub adjustments: Adjustments,
    pub rounding: Rounding,
    pub bands: Vec<ClassBand>,
    #[serde(default)]
    pub ranking: Ranking,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Calendar>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub council: Option<Council>,
}
}

crate::de::leaf!(
    Status,
    Provenance,
    BlockBy,
    ComponentKind,
    NotApplicable,
    OutcomePercentage,
    Stage,
    RankBy,
    TieOrder
);

/// The ids of the calendar periods the workflow reads (`RuleSetDef.calendar.periods[].id`, and the
/// periods of a template).
///
/// A period applies to a level when its `levels` list is empty or names the level.
pub mod periods {
    /// Self-assessment (S3, S5). Required. Units score and submit from the first day; the
    /// submission deadline is the **end of the last day** ("trước ngày 18/11/2019" → last day 17/11).
    pub const SELF_ASSESSMENT: &str = "self_assessment";
    /// First-round appraisal by the council (S6: 18–25/11). Required. Opens at the start of the
    /// first day; closes at the lock.
    pub const APPRAISAL: &str = "appraisal";
    /// Council members send their results (S6: 26/11). Optional. When present, the software locks
    /// at the end of its last day; otherwise at the end of the appraisal period. After the lock
    /// council members can no longer act ("các thành viên Hội đồng thẩm định không đăng nhập được").
    pub const RESULTS_SUBMISSION: &str = "results_submission";
    /// Units explain and add evidence (S8: 27/11–06/12). Required.
    pub const EXPLANATION: &str = "explanation";
    /// The standing body (Sở Nội vụ) compiles the appraisal report and drafts the decision (S8:
    /// 09–13/12). Optional and informative: the dossier is in phase `compilation` from the end of
    /// the explanations to the council's review.
    pub const REPORT_DRAFTING: &str = "report_drafting";
    /// The council meets to review the report and the draft decision (S8: 16–17/12). Optional.
    /// When present, the standing body records the council's reviewed decision on explained items
    /// within it (act `review`); without it, the results after the explanations stand as appraised.
    pub const COUNCIL_REVIEW: &str = "council_review";
    /// Announcement by the Chairman (S8: 18/12). Required. Results may be announced from the
    /// start of its first day.
    pub const ANNOUNCEMENT: &str = "announcement";
    /// Districts appraise, rank and announce their communes and report to the province (S10: by
    /// 31/12/2019). Informative: the bounds a district's calendar must keep are the template's
    /// (`calendar.templates[]`, [`crate::workflow::Schedule::for_district`]).
    pub const COMMUNE_REPORT: &str = "commune_report";
    /// The periods every calendar (and every template) must give.
    pub const REQUIRED: [&str; 4] = [SELF_ASSESSMENT, APPRAISAL, EXPLANATION, ANNOUNCEMENT];
}
