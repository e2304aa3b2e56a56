//! Results: a unit's score, node by node, as plain data (what scoring gives and the bindings,
//! the ranking and the command line read). Every node's explanation is rendered when asked for
//! ([`Nodes`]), by the evaluation that scored it (`crate::eval` supplies it through `Explain`):
//! this layer sits below the evaluation and imports nothing of it.

use crate::def::OutcomePercentage;
pub use crate::def::{ComponentKind, Provenance};
use crate::error::Issue;
use crate::input::ItemInput;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// How a node was scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NodeStatus {
    /// Points computed from facts or entered points.
    Scored,
    /// A parent: the sum of its children.
    Sum,
    /// Marked not applicable; full points given (C9).
    NotApplicableFull,
    /// Marked not applicable; taken out of the applicable maximum (C10).
    NotApplicableExcluded,
    /// Does not apply to the unit's group (e.g. the 4 points the 52-point units lack, S2).
    NotInGroup,
    /// No facts or points were given for the leaf; 0 points.
    Missing,
    /// Only a self score without evidence was given; not recognised (S7); 0 points.
    NotRecognised,
}

/// Where a leaf's points came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PointSource {
    /// The council's reviewed decision on an explained item, recorded by Sở Nội vụ during the
    /// council's review (S8, act `review`).
    Reappraised,
    /// Appraisal by the council (S6, S7).
    Appraised,
    /// Computed by the rule from facts.
    Facts,
    /// The unit's self score, recognised because evidence is attached.
    SelfScore,
}

/// The branch of the rule that produced a leaf's raw points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Branch {
    Choice {
        option: String,
    },
    Met {
        met: bool,
    },
    Band {
        index: usize,
        min: Decimal,
        min_inclusive: bool,
        max: Decimal,
        max_inclusive: bool,
    },
    /// Denominator zero: the rule's declared points.
    ZeroDenominator,
    /// rate ≥ threshold: max × min(rate, full_at) / full_at.
    Proportional {
        full_at: Decimal,
    },
    /// rate below the threshold.
    BelowThreshold {
        threshold: Decimal,
        inclusive: bool,
    },
    /// value / best × max.
    Normalized {
        value: Decimal,
        /// The best value among the units scored together (the unit's own when it is higher).
        best: Decimal,
        /// The id of the unit giving the best value (the first in input order, when several
        /// do); absent when the best is this unit's own value, higher than any gathered (a unit
        /// scored against units it was not gathered with).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        best_unit: Option<String>,
        /// The name of the unit giving the best value (`best_unit`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        best_name: Option<String>,
    },
    /// The best value in the block is zero: the rule's declared points.
    ZeroBest,
    Count {
        count: u64,
        points_each: Decimal,
    },
    OutcomeRatio {
        /// Per outcome: id, count, percentage, weight. With `weighted_rate`, each outcome's
        /// percentage is unrounded (only the weighted rate, the node's `percentage`, is rounded).
        parts: Vec<OutcomePart>,
        /// The rule's reading (C7, S9); absent for `each_outcome`.
        #[serde(default, skip_serializing_if = "OutcomePercentage::is_each_outcome")]
        percentage_of: OutcomePercentage,
    },
    Deductions {
        start: Decimal,
        /// Per deduction: id, events, points taken off.
        taken: Vec<DeductionPart>,
    },
    Survey,
    External,
    Manual,
    /// Points entered by the council or the unit rather than computed.
    Entered,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OutcomePart {
    pub id: String,
    pub count: u64,
    pub percentage: Decimal,
    pub weight: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DeductionPart {
    pub id: String,
    pub events: u64,
    pub points: Decimal,
}

/// A value whose rounding is only shown (`rounding.shown_only`): the rounded value results show,
/// and the unrounded one carried into the sums, where the two differ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Carried {
    /// `component` (with `id`), `bonus`, `penalty`, `total` or `index`.
    pub value: String,
    /// The component's id, for `component`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// As shown (rounded).
    pub shown: Decimal,
    /// As carried into the sums (unrounded).
    pub carried: Decimal,
}

/// A cap or floor that changed a value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Cap {
    /// `max`, `min`, `bonus_cap`, `penalty_cap`, `total_max`, `total_min`. On a criterion with
    /// sub-criteria, `max` is its declared cap (`capped`) and `min` its floor.
    pub kind: String,
    pub limit: Decimal,
    pub before: Decimal,
    /// `before − limit`: the points the cap cut (negative where a floor raised the value).
    pub cut: Decimal,
}

impl Cap {
    /// The cap of `kind` that put `limit` in place of `before`.
    pub(crate) fn new(kind: impl Into<String>, limit: Decimal, before: Decimal) -> Cap {
        Cap {
            kind: kind.into(),
            limit,
            before,
            cut: Cap::cut_of(limit, before),
        }
    }

    /// `before − limit`. A value and the bound that replaced it are within a valid rule set's
    /// bounds (or both of one sign, for bonus and penalty sums), so the difference cannot
    /// overflow; were it to, the value before shows.
    pub(crate) fn cut_of(limit: Decimal, before: Decimal) -> Decimal {
        before.checked_sub(limit).unwrap_or(before)
    }
}

/// The history of a leaf's values (self → appraised → the council's reviewed decision).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
pub struct History {
    #[serde(rename = "self", skip_serializing_if = "Option::is_none")]
    pub self_score: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appraised: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reappraised: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

static NO_HISTORY: History = History {
    self_score: None,
    evidence: Vec::new(),
    appraised: None,
    reappraised: None,
    notes: Vec::new(),
};

impl NodeScore {
    /// The leaf's history (empty when nothing but facts was given).
    pub fn history(&self) -> &History {
        self.history.as_deref().unwrap_or(&NO_HISTORY)
    }
}

impl History {
    /// The history of an item (a copy for the explanation).
    pub(crate) fn of(it: &ItemInput) -> History {
        History {
            self_score: it.self_score(),
            evidence: it.evidence().to_vec(),
            appraised: it.appraised(),
            reappraised: it.reappraised(),
            notes: it.notes().to_vec(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.self_score.is_none()
            && self.evidence.is_empty()
            && self.appraised.is_none()
            && self.reappraised.is_none()
            && self.notes.is_empty()
    }
}

/// The facts given for a leaf (echoed in the explanation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
pub struct Facts {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choice: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percentage: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerator: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub outcomes: std::collections::BTreeMap<String, u64>,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub events: std::collections::BTreeMap<String, u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Decimal>,
}

impl Facts {
    /// The facts of an item (a copy for the explanation).
    pub(crate) fn of(it: &ItemInput) -> Facts {
        Facts {
            choice: it.choice().map(str::to_string),
            met: it.met(),
            percentage: it.percentage(),
            numerator: it.numerator(),
            denominator: it.denominator(),
            count: it.count(),
            outcomes: it.outcomes().clone(),
            events: it.events().clone(),
            value: it.value(),
            points: it.points(),
        }
    }
}

/// Why points were lost at a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LostReason {
    /// The rule gave fewer points for the facts.
    Rule,
    /// The council appraised lower than the maximum.
    Appraisal,
    /// The unit's own (recognised) self score was below the maximum.
    SelfScore,
    /// No input for the leaf.
    Missing,
    /// A self score without evidence (S7).
    NoEvidence,
    /// Lost in the children.
    Children,
}

/// The explanation of one node's points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NodeScore {
    #[schemars(with = "String")]
    pub code: Arc<str>,
    #[schemars(with = "String")]
    pub label: Arc<str>,
    pub depth: u8,
    pub leaf: bool,
    pub status: NodeStatus,
    /// The rule kind (leaves).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<std::borrow::Cow<'static, str>>,
    /// Maximum applicable to this unit (0 when excluded).
    pub max_points: Decimal,
    pub min_points: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<PointSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facts: Option<Box<Facts>>,
    /// The unrounded percentage computed from counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percentage_raw: Option<Decimal>,
    /// The percentage used by the rule (rounded where the rule set says so, S9).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percentage: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch: Option<Branch>,
    /// Points before rounding and caps.
    pub raw_points: Decimal,
    /// Points after rounding, before caps.
    pub rounded_points: Decimal,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caps: Vec<Cap>,
    /// Final points.
    pub points: Decimal,
    /// max − points.
    pub lost: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lost_reason: Option<LostReason>,
    /// A parent that lost points: the codes of its children that lost points, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub lost_in: Vec<Arc<str>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub history: Option<Box<History>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub legal_ref: Option<Arc<str>>,
    pub provenance: Provenance,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub appraiser: Option<Arc<str>>,
}

/// Points of one component of the total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ComponentScore {
    #[schemars(with = "String")]
    pub id: Arc<str>,
    pub kind: ComponentKind,
    pub max_points: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percentage: Option<Decimal>,
    pub raw_points: Decimal,
    pub points: Decimal,
    /// Whether the value was missing (0 points).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub missing: bool,
}

/// A field's (top-level node's) points and sub-index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FieldScore {
    #[schemars(with = "String")]
    pub code: Arc<str>,
    #[schemars(with = "String")]
    pub label: Arc<str>,
    pub points: Decimal,
    pub max_points: Decimal,
    /// points / max × 100; absent when nothing of the field applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_index: Option<Decimal>,
}

/// The score of one unit.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct UnitScore {
    pub id: String,
    pub name: String,
    #[schemars(with = "String")]
    pub level: Arc<str>,
    pub group: String,
    /// The ranking block the unit belongs to.
    pub block: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// The group's declared rubric maximum (S2: 56 or 52).
    pub declared_max: Decimal,
    /// The rubric maximum after N/A reductions.
    pub rubric_max: Decimal,
    pub rubric_points: Decimal,
    pub components: Vec<ComponentScore>,
    pub bonus: Decimal,
    pub penalty: Decimal,
    /// Total points achieved (components + bonus − penalty, within [0, max]).
    pub total: Decimal,
    /// Total applicable maximum (rubric max + other components' maxima).
    pub max_points: Decimal,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub caps: Vec<Cap>,
    /// Values shown rounded but carried unrounded into the sums (`rounding.shown_only`), where
    /// the two differ.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carried: Vec<Carried>,
    /// total / max × 100 (rounded at the index stage).
    pub index: Decimal,
    pub index_raw: Decimal,
    /// Classification band id.
    #[schemars(with = "String")]
    pub band: Arc<str>,
    #[schemars(with = "String")]
    pub band_label: Arc<str>,
    pub fields: Vec<FieldScore>,
    /// Non-fatal observations (missing leaves or components), each with a code and a path.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Issue>,
    /// Every node, in tree order (pre-order), with its explanation.
    #[schemars(with = "Vec<NodeScore>")]
    pub nodes: Nodes,
}

/// Every node of a unit in tree order (pre-order), each with its explanation.
///
/// Scoring keeps a compact row per node (points, maximum, status, source) together with the
/// unit's inputs and the shared rule set; a [`NodeScore`] with the full explanation (facts,
/// percentage, branch, raw and rounded points, caps, loss and its reason, history, legal reference,
/// provenance, appraiser) is rendered from them when asked for, by the same rule evaluation that
/// scored the node. Serialises as the list of [`NodeScore`]s.
#[derive(Default)]
pub struct Nodes(Option<Box<dyn Explain>>);

/// What a unit's scoring keeps to render its nodes' explanations (implemented by the evaluation,
/// which renders them by evaluating each node again).
pub(crate) trait Explain: Send + Sync {
    /// The number of nodes.
    fn len(&self) -> usize;
    /// The explanation of node `i`; its item is looked for first at `*next`, which becomes the
    /// position after it.
    fn render(&self, i: usize, next: &mut usize) -> NodeScore;
    /// The position of the node with the given code.
    fn position(&self, code: &str) -> Option<usize>;
    /// Final points of node `i`.
    fn points(&self, i: usize) -> Decimal;
    /// The points the facts of leaf `i` give, whatever gave its final points.
    fn facts_points(&self, i: usize) -> Option<Decimal>;
    /// A copy, boxed.
    fn boxed(&self) -> Box<dyn Explain>;
}

impl Clone for Nodes {
    fn clone(&self) -> Nodes {
        Nodes(self.0.as_ref().map(|k| k.boxed()))
    }
}

impl Nodes {
    /// The nodes of a unit, rendered from what its scoring kept.
    pub(crate) fn kept(k: Box<dyn Explain>) -> Nodes {
        Nodes(Some(k))
    }
}

impl Nodes {
    /// The number of nodes (0 when the explanations were not kept).
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |k| k.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The node at position `i` (pre-order), with its explanation.
    pub fn get(&self, i: usize) -> Option<NodeScore> {
        let k = self.0.as_deref()?;
        (i < k.len()).then(|| k.render(i, &mut 0))
    }

    /// The node with the given code.
    pub fn find(&self, code: &str) -> Option<NodeScore> {
        let k = self.0.as_deref()?;
        let i = k.position(code)?;
        Some(k.render(i, &mut 0))
    }

    /// Every node in tree order, rendered one at a time.
    pub fn iter(&self) -> NodeIter<'_> {
        NodeIter {
            kept: self.0.as_deref(),
            next: 0,
            end: self.len(),
            item: 0,
        }
    }

    /// Every node, rendered.
    pub fn to_vec(&self) -> Vec<NodeScore> {
        self.iter().collect()
    }

    /// Final points of the node at position `i`, without rendering its explanation.
    pub fn points(&self, i: usize) -> Option<Decimal> {
        let k = self.0.as_deref()?;
        (i < k.len()).then(|| k.points(i))
    }

    /// The points the facts of the leaf at position `i` give (rounded and held within its
    /// bounds, as scoring holds them), whatever gave its final points: what the unit's own
    /// assessment computes from its facts where the council's appraisal replaced it (S7), as
    /// the self-score column of forms 02/03/04 shows it. `None` for a parent, a leaf without
    /// facts, not applicable or outside the unit's group.
    pub fn facts_points(&self, i: usize) -> Option<Decimal> {
        let k = self.0.as_deref()?;
        (i < k.len()).then(|| k.facts_points(i)).flatten()
    }
}

/// The nodes of a unit, rendered one at a time ([`Nodes::iter`]).
pub struct NodeIter<'a> {
    kept: Option<&'a dyn Explain>,
    next: usize,
    end: usize,
    /// Where the next leaf's item is looked for first: after the last one found (codes mostly
    /// sort as the nodes come, in pre-order).
    item: usize,
}

impl Iterator for NodeIter<'_> {
    type Item = NodeScore;
    fn next(&mut self) -> Option<NodeScore> {
        let k = self.kept?;
        let i = self.next;
        (i < self.end).then(|| {
            // Below `end`, a length: no overflow.
            self.next = i.saturating_add(1);
            k.render(i, &mut self.item)
        })
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end.saturating_sub(self.next);
        (n, Some(n))
    }
}

impl ExactSizeIterator for NodeIter<'_> {}

impl<'a> IntoIterator for &'a Nodes {
    type Item = NodeScore;
    type IntoIter = NodeIter<'a>;
    fn into_iter(self) -> NodeIter<'a> {
        self.iter()
    }
}

impl PartialEq for Nodes {
    fn eq(&self, other: &Nodes) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for Nodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Nodes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for n in self.iter() {
            seq.serialize_element(&n)?;
        }
        seq.end()
    }
}
