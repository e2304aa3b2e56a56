//! The rule kinds' definitions (C1–C12): a leaf's rule and its bands, choices, outcomes and
//! deductions.

use super::{yes, Label};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
