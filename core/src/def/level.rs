//! The assessed levels: their criteria trees (nodes and their evidence), their components, and the
//! groups of nodes.

use super::{Label, Provenance, Rule};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
