//! The assessment calendar (its periods and the templates of a level's periods) and the council.

use super::{Label, Provenance};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
