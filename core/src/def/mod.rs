//! The rule-set format: what a decision's rubric says, as data.
//!
//! These types are the JSON format (`format_version` 1). They are parsed leniently enough to report
//! every problem at once (see [`crate::compile`]) and then checked for coherence.

mod calendar;
pub(crate) mod check;
mod level;
mod rule;
mod totals;

pub use calendar::{
    periods, Calendar, CalendarTemplate, Council, CouncilMember, Period, TemplatePeriod,
};
pub use level::{BlockBy, Component, ComponentKind, Evidence, Group, Level, Node, NotApplicable};
pub use rule::{Band, Choice, Deduction, Outcome, OutcomePercentage, Rule};
pub use totals::{
    AdjustmentPolicy, Adjustments, ClassBand, RankBy, Ranking, Rounding, Stage, TieBreaker,
    TieOrder,
};

use crate::error::{a_json_type, excerpt, issue, Issue};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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

impl Provenance {
    /// Every provenance, in the order of the rule-set format.
    pub const ALL: [Provenance; 4] = [
        Provenance::Seed,
        Provenance::Decision,
        Provenance::NationalTemplate,
        Provenance::Reconstructed,
    ];

    /// The value in the rule set and result JSON (`reconstructed`).
    pub fn id(self) -> &'static str {
        match self {
            Provenance::Seed => "seed",
            Provenance::Decision => "decision",
            Provenance::NationalTemplate => "national_template",
            Provenance::Reconstructed => "reconstructed",
        }
    }

    /// Where a criterion comes from, as an officer reads it, in `lang`: `dựng lại (chờ phụ lục)`
    /// rather than the JSON value `reconstructed`. What the command line's `explain` and the
    /// portal show; the JSON, CSV and frames keep [`Provenance::id`].
    pub fn label(self, lang: crate::error::Lang) -> &'static str {
        match self {
            Provenance::Seed => lang.pick("văn bản hướng dẫn", "guidance"),
            Provenance::Decision => lang.pick("phụ lục quyết định", "decision annex"),
            Provenance::NationalTemplate => lang.pick(
                "mẫu quốc gia (2948/QĐ-BNV)",
                "national template (2948/QĐ-BNV)",
            ),
            Provenance::Reconstructed => lang.pick(
                "dựng lại (chờ phụ lục)",
                "reconstructed (awaiting the annex)",
            ),
        }
    }
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

fn yes() -> bool {
    true
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
