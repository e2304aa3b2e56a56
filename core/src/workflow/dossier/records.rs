//! The records a dossier's state is made of: its header, and what each item and component holds.

use crate::input::ComponentInput;
use crate::time::DateTime;
use crate::workflow::actor::Actor;
use crate::workflow::event::{Basis, Phase};
use crate::workflow::serde_time;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

crate::de::tree_struct! {
/// Which dossier this is: the rule set and year, and the assessed unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "DossierHeader")]
pub struct Header {
    /// Rule-set id.
    pub ruleset: String,
    /// Assessment year (the rule set's).
    pub year: u16,
    /// Level of the unit's group (S1).
    pub level: String,
    /// Unit id.
    pub unit: String,
    /// Unit name.
    pub name: String,
    /// Unit group (S2).
    pub group: String,
    /// Parent unit: the district of a commune (S10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}
}

crate::de::tree_struct! {
/// An appraisal of one leaf in one round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "AppraisalRecord")]
pub struct Appraisal {
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub points: Decimal,
    /// The council member (remit id).
    pub member: String,
    /// The district whose council appraised (communes, S10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(with = "serde_time")]
    #[schemars(with = "DateTime")]
    pub at: DateTime,
}
}

crate::de::tree_struct! {
/// A unit's explanation of one leaf (S8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ExplanationRecord")]
pub struct Explanation {
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    #[serde(with = "serde_time")]
    #[schemars(with = "DateTime")]
    pub at: DateTime,
}
}

crate::de::tree_struct! {
/// The council's reviewed decision on one explained leaf (S8), recorded by the standing body during
/// the council's review; council members themselves cannot act after the lock (S6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ReviewRecord")]
pub struct Review {
    /// The points the council decided.
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub points: Decimal,
    /// The explanation it answers: its index in the item's `explanations`.
    pub explanation: u32,
    /// Who recorded it: the council's standing member (`so_noi_vu`; for a commune, the district's
    /// counterpart), or `secretariat` when the council declares none.
    pub recorded_by: String,
    /// The district whose council decided (communes, S10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(with = "serde_time")]
    #[schemars(with = "DateTime")]
    pub at: DateTime,
    /// The legal basis (S6, S8; the guidance's step 5).
    pub basis: Basis,
}
}

crate::de::tree_struct! {
/// A component of the unit's index entered by the secretariat (S2: IT points; S9: survey
/// percentage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentRecord {
    /// Points of an external component (IT points announced by the Chairman).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decimal::exact_opt"
    )]
    pub points: Option<Decimal>,
    /// Percentage of a survey component.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decimal::exact_opt"
    )]
    pub percentage: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(with = "serde_time")]
    #[schemars(with = "DateTime")]
    pub at: DateTime,
}
}

impl ComponentRecord {
    pub(super) fn input(&self) -> Option<ComponentInput> {
        match (self.percentage, self.points) {
            (Some(percentage), _) => Some(ComponentInput::Percentage { percentage }),
            (None, Some(points)) => Some(ComponentInput::Points { points }),
            (None, None) => None,
        }
    }
}

crate::de::tree_struct! {
/// Everything recorded about one leaf of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ItemRecord {
    /// The unit's self score (S3).
    #[serde(
        rename = "self",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decimal::exact_opt"
    )]
    pub self_score: Option<Decimal>,
    /// Evidence attached with the self score; without it the self score is not recognised (S7).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_note: Option<String>,
    /// First-round appraisal (S7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appraisal: Option<Appraisal>,
    /// Explanations (S8), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub explanations: Vec<Explanation>,
    /// The council's reviewed decision after the explanations (S8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
}
}

impl ItemRecord {
    pub(super) fn is_empty(&self) -> bool {
        *self == ItemRecord::default()
    }
}

crate::de::tree_struct! {
/// The state of a dossier: the replay of its log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "DossierState")]
pub struct State {
    pub phase: Phase,
    /// When the unit submitted (S3); absent if it never did.
    #[serde(
        default,
        with = "serde_time::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<DateTime>")]
    pub submitted_at: Option<DateTime>,
    /// The dossier moved to appraisal at the deadline without a submission (S5).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub moved_automatically: bool,
    #[serde(
        default,
        with = "serde_time::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<DateTime>")]
    pub announced_at: Option<DateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announced_by: Option<Actor>,
    /// Per leaf code.
    #[serde(default)]
    pub items: BTreeMap<String, ItemRecord>,
    /// Components of the index entered by the secretariat (IT points, survey), per component id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub components: BTreeMap<String, ComponentRecord>,
}
}

impl State {
    pub(super) fn new() -> State {
        State {
            phase: Phase::Draft,
            submitted_at: None,
            moved_automatically: false,
            announced_at: None,
            announced_by: None,
            items: BTreeMap::new(),
            components: BTreeMap::new(),
        }
    }
}
