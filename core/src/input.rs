//! Inputs: the facts and points of each assessed unit.

use crate::error::{from_serde, key_path, Issue};
use crate::model::FORMAT_VERSION;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Facts or entered points for one leaf.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ItemInput {
    /// The unit marks the node not applicable (meaning declared by the node).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_applicable: bool,
    /// `choice` rules: the chosen option id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<String>,
    /// `met` rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met: Option<bool>,
    /// A percentage already computed (0–100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentage: Option<Decimal>,
    /// Counts for a rate: numerator / denominator × 100 (S9: percentage first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<u64>,
    /// `count` rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// `outcome_ratio` rules: count per outcome id (with `denominator`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub outcomes: BTreeMap<String, u64>,
    /// `deductions` rules: number of events per deduction id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub events: BTreeMap<String, u64>,
    /// `normalized` rules: the unit's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Decimal>,
    /// `external` and `manual` rules: the points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Decimal>,
    /// Points the unit gave itself (recognised only with evidence, S7).
    #[serde(default, rename = "self", skip_serializing_if = "Option::is_none")]
    pub self_score: Option<Decimal>,
    /// Evidence documents attached by the unit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// Points given by the appraisal council (first round); wins over the self score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appraised: Option<Decimal>,
    /// Points given in the second appraisal round, after the explanation round (S8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reappraised: Option<Decimal>,
    /// Free notes (appraisal remarks, explanations); echoed in the explanation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The fact fields of an item, in the order of [`ItemInput::fact_mask`]'s bits.
pub(crate) const FACT_FIELDS: [&str; 10] = [
    "choice",
    "met",
    "percentage",
    "numerator",
    "denominator",
    "count",
    "outcomes",
    "events",
    "value",
    "points",
];

impl ItemInput {
    /// Which facts are given: bit `i` stands for `FACT_FIELDS[i]`.
    pub(crate) fn fact_mask(&self) -> u16 {
        [
            self.choice.is_some(),
            self.met.is_some(),
            self.percentage.is_some(),
            self.numerator.is_some(),
            self.denominator.is_some(),
            self.count.is_some(),
            !self.outcomes.is_empty(),
            !self.events.is_empty(),
            self.value.is_some(),
            self.points.is_some(),
        ]
        .iter()
        .enumerate()
        .fold(0, |m, (i, &on)| m | (u16::from(on) << i))
    }

    /// Whether the item carries nothing but (possibly) the not-applicable flag.
    pub(crate) fn only_not_applicable(&self) -> bool {
        self.fact_mask() == 0
            && self.self_score.is_none()
            && self.evidence.is_empty()
            && self.appraised.is_none()
            && self.reappraised.is_none()
            && self.notes.is_empty()
    }
}

/// A survey component value: the percentage the survey reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ComponentInput {
    /// `{"percentage": "81.37"}` for survey components.
    Percentage { percentage: Decimal },
    /// `{"points": "7.5"}` for external components.
    Points { points: Decimal },
}

/// A bonus or penalty entry (C13).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentInput {
    pub points: Decimal,
    pub reason: String,
}

/// One assessed unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitInput {
    pub id: String,
    pub name: String,
    pub group: String,
    /// Ranking block, overriding the level's `block_by`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<String>,
    /// Parent unit id (the district of a commune).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Per leaf code.
    #[serde(default)]
    pub items: BTreeMap<String, ItemInput>,
    /// Per component id (survey percentage or external points).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub components: BTreeMap<String, ComponentInput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bonus: Vec<AdjustmentInput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub penalty: Vec<AdjustmentInput>,
    /// Whether the data are synthetic (examples, tests).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub synthetic: bool,
}

/// A batch of units for one rule set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchInput {
    pub format_version: u32,
    /// The rule set the batch is meant for (id); checked when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Whether the data are synthetic.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub synthetic: bool,
    pub units: Vec<UnitInput>,
}

/// A unit entry of a batch as read: either parsed, or the problems that prevent parsing it.
#[derive(Debug, Clone)]
pub enum UnitEntry {
    Ok(Box<UnitInput>),
    Bad {
        /// Best-effort id (if the `id` field could be read).
        id: Option<String>,
        issues: Vec<Issue>,
    },
}

/// A batch whose units are parsed one by one, so one bad unit does not lose the others.
#[derive(Debug, Clone)]
pub struct ParsedBatch {
    pub ruleset: Option<String>,
    pub title: Option<String>,
    pub synthetic: bool,
    pub units: Vec<UnitEntry>,
}

/// Parse a batch from a JSON value; envelope problems are fatal, unit problems are per unit.
pub fn parse_batch(v: &Value) -> Result<ParsedBatch, Vec<Issue>> {
    let Some(obj) = v.as_object() else {
        return Err(vec![Issue::new(
            "input.not_an_object",
            "$",
            "a batch must be a JSON object with `format_version` and `units`",
        )]);
    };
    let mut issues = Vec::new();
    for key in obj.keys() {
        if !["format_version", "ruleset", "title", "synthetic", "units"].contains(&key.as_str()) {
            issues.push(Issue::new(
                "input.unknown_field",
                key_path("$", key),
                format!("unknown field `{key}`, expected one of `format_version`, `ruleset`, `title`, `synthetic`, `units`"),
            ));
        }
    }
    match obj.get("format_version") {
        None => issues.push(Issue::new(
            "input.missing_field",
            "$.format_version",
            "missing field `format_version`",
        )),
        Some(fv) if fv.as_u64() != Some(FORMAT_VERSION as u64) => issues.push(Issue::new(
            "input.unsupported_version",
            "$.format_version",
            format!(
                "format version {fv} is not supported; this engine reads version {FORMAT_VERSION}"
            ),
        )),
        _ => {}
    }
    let ruleset = match obj.get("ruleset") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            issues.push(Issue::new(
                "input.invalid_type",
                "$.ruleset",
                "`ruleset` must be a string (a rule-set id)",
            ));
            None
        }
    };
    let title = obj
        .get("title")
        .and_then(|t| t.as_str())
        .map(str::to_string);
    let synthetic = obj
        .get("synthetic")
        .and_then(|t| t.as_bool())
        .unwrap_or(false);
    let units = match obj.get("units") {
        Some(Value::Array(a)) => a,
        Some(_) => {
            issues.push(Issue::new(
                "input.invalid_type",
                "$.units",
                "`units` must be an array",
            ));
            return Err(issues);
        }
        None => {
            issues.push(Issue::new(
                "input.missing_field",
                "$.units",
                "missing field `units`",
            ));
            return Err(issues);
        }
    };
    if !issues.is_empty() {
        return Err(issues);
    }
    let units = units
        .iter()
        .enumerate()
        .map(|(i, u)| parse_unit(u, &format!("$.units[{i}]")))
        .collect();
    Ok(ParsedBatch {
        ruleset,
        title,
        synthetic,
        units,
    })
}

/// Parse one unit; every item is parsed on its own so all problems are reported.
pub fn parse_unit(v: &Value, path: &str) -> UnitEntry {
    // Fast path: a well-formed unit deserialises directly, without copying the value.
    if let Ok(u) = crate::de::from_value::<UnitInput>(v) {
        return UnitEntry::Ok(Box::new(u));
    }
    let id = v.get("id").and_then(|x| x.as_str()).map(str::to_string);
    let mut issues = Vec::new();
    // Parse items one by one for precise paths (codes contain dots).
    let mut items = BTreeMap::new();
    let mut shell = v.clone();
    if let Some(obj) = shell.as_object_mut() {
        if let Some(raw_items) = obj.remove("items") {
            match raw_items {
                Value::Object(map) => {
                    for (code, item) in map {
                        let ipath = key_path(&format!("{path}.items"), &code);
                        match crate::de::from_value::<ItemInput>(&item) {
                            Ok(it) => {
                                items.insert(code, it);
                            }
                            Err(e) => issues.push(prefix_code(from_serde(&ipath, e))),
                        }
                    }
                }
                _ => issues.push(Issue::new(
                    "input.invalid_type",
                    format!("{path}.items"),
                    "`items` must be an object keyed by criterion code",
                )),
            }
        }
    }
    match crate::de::from_value::<UnitInput>(&shell) {
        Ok(mut u) => {
            if issues.is_empty() {
                u.items = items;
                UnitEntry::Ok(Box::new(u))
            } else {
                UnitEntry::Bad { id, issues }
            }
        }
        Err(e) => {
            issues.insert(0, prefix_code(from_serde(path, e)));
            UnitEntry::Bad { id, issues }
        }
    }
}

/// An issue read from serde (`unknown_field`…) as an input issue (`input.unknown_field`…).
pub(crate) fn prefix_code(mut i: Issue) -> Issue {
    i.code = format!("input.{}", i.code);
    i
}
