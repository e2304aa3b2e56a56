//! The stable codes of refused workflow acts (`Error::Workflow(Issue { code, .. })`).
//!
//! These strings are part of the public contract, like every error code of the engine: never rename
//! one, add new ones instead.

/// The rule set's calendar lacks a period the workflow needs, or has no calendar at all.
pub const MISSING_PERIOD: &str = "workflow.missing_period";
/// The calendar's periods are malformed or out of order (e.g. the lock before the appraisal opens).
pub const BAD_CALENDAR: &str = "workflow.bad_calendar";
/// A date-time string could not be read.
pub const BAD_TIME: &str = "workflow.bad_time";
/// The given time is earlier than the last event of the dossier (time never runs backwards).
pub const TIME_ORDER: &str = "workflow.time_order";
/// The dossier belongs to another rule set than the one given.
pub const RULESET_MISMATCH: &str = "workflow.ruleset_mismatch";
/// The unit's group is not defined by the rule set.
pub const UNKNOWN_GROUP: &str = "workflow.unknown_group";
/// A unit of a delegated level (a commune, S10) has no parent district.
pub const MISSING_PARENT: &str = "workflow.missing_parent";
/// The rule set declares no appraisal council.
pub const NO_COUNCIL: &str = "workflow.no_council";
/// The acting council member is not a member of the council.
pub const UNKNOWN_MEMBER: &str = "workflow.unknown_member";
/// The actor belongs to another council (a district council acting on a department's dossier, or
/// the provincial council on a commune's, S10), or to another district.
pub const WRONG_COUNCIL: &str = "workflow.wrong_council";
/// The actor's role may not perform the act (a council member submitting, a unit appraising…).
pub const NOT_AUTHORISED: &str = "workflow.not_authorised";
/// A unit officer acted on another unit's dossier.
pub const OTHER_UNIT: &str = "workflow.other_unit";
/// A second submission, or an edit after submission (S3).
pub const ALREADY_SUBMITTED: &str = "workflow.already_submitted";
/// Self-assessment has not opened yet.
pub const SELF_ASSESSMENT_NOT_OPEN: &str = "workflow.self_assessment_not_open";
/// The self-assessment deadline has passed without a submission; the dossier is appraised as it
/// stands (S5).
pub const SELF_ASSESSMENT_CLOSED: &str = "workflow.self_assessment_closed";
/// No criterion of the unit's level has that code.
pub const UNKNOWN_CODE: &str = "workflow.unknown_code";
/// The code names a field or criterion with children; only leaves are scored.
pub const NOT_A_LEAF: &str = "workflow.not_a_leaf";
/// The criterion does not apply to the unit's group (S2).
pub const NOT_IN_GROUP: &str = "workflow.not_in_group";
/// Points outside the node's `[min, max]`.
pub const POINTS_OUT_OF_RANGE: &str = "workflow.points_out_of_range";
/// Points not on the node's step (`manual` rules with a `step`).
pub const POINTS_STEP: &str = "workflow.points_step";
/// An evidence document with an empty name.
pub const EMPTY_EVIDENCE: &str = "workflow.empty_evidence";
/// Appraisal before the appraisal window opens.
pub const APPRAISAL_NOT_OPEN: &str = "workflow.appraisal_not_open";
/// A first-round appraisal after the lock at the end of the results day (S6).
pub const LOCKED: &str = "workflow.locked";
/// A council member appraising a criterion outside the fields of their remit (S7).
pub const OUTSIDE_REMIT: &str = "workflow.outside_remit";
/// No member covers the criterion and the council has no standing member.
pub const NO_APPRAISER: &str = "workflow.no_appraiser";
/// An item appraised twice in the same round (S7: "chỉ thẩm định 01 lần").
pub const ALREADY_APPRAISED: &str = "workflow.already_appraised";
/// An explanation before the explanation window (S8).
pub const EXPLANATION_NOT_OPEN: &str = "workflow.explanation_not_open";
/// An explanation after the explanation window (S8).
pub const EXPLANATION_CLOSED: &str = "workflow.explanation_closed";
/// An explanation with neither text nor evidence.
pub const EMPTY_EXPLANATION: &str = "workflow.empty_explanation";
/// A re-appraisal although the council appraises in one round only.
pub const SINGLE_ROUND: &str = "workflow.single_round";
/// A re-appraisal before the second round opens.
pub const REAPPRAISAL_NOT_OPEN: &str = "workflow.reappraisal_not_open";
/// A re-appraisal after the second round closed.
pub const REAPPRAISAL_CLOSED: &str = "workflow.reappraisal_closed";
/// A re-appraisal of an item the unit did not explain.
pub const NOT_EXPLAINED: &str = "workflow.not_explained";
/// An announcement before the announcement date, or before the results are final (S8).
pub const ANNOUNCEMENT_NOT_DUE: &str = "workflow.announcement_not_due";
/// A second announcement.
pub const ALREADY_ANNOUNCED: &str = "workflow.already_announced";
/// A stored log that does not reproduce itself (events missing, reordered or altered).
pub const REPLAY_MISMATCH: &str = "workflow.replay_mismatch";
/// A stored log containing an act the workflow refuses.
pub const REPLAY_REFUSED: &str = "workflow.replay_refused";
/// A stored state that differs from the replay of its log.
pub const STATE_MISMATCH: &str = "workflow.state_mismatch";
/// A stored dossier that is not valid JSON of the dossier format.
pub const BAD_RECORD: &str = "workflow.bad_record";
