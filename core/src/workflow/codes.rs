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
/// A council member acting after the lock at the end of the results day (S6: "hết ngày
/// 26/11/2019, phần mềm tự động khóa, các thành viên Hội đồng thẩm định không đăng nhập được"):
/// whatever the act, members can no longer act on the dossier. A change after the explanations is
/// the council's reviewed decision, recorded by the standing body (act `review`).
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
/// No longer produced: council members do not re-appraise after the lock (S6); see [`LOCKED`]
/// and the council's reviewed decision ([`NO_REVIEW`]…).
#[deprecated(note = "members cannot act after the lock (S6); see LOCKED and NO_REVIEW")]
pub const SINGLE_ROUND: &str = "workflow.single_round";
/// No longer produced (see [`SINGLE_ROUND`]); the review window has [`REVIEW_NOT_OPEN`].
#[deprecated(note = "members cannot act after the lock (S6); see REVIEW_NOT_OPEN")]
pub const REAPPRAISAL_NOT_OPEN: &str = "workflow.reappraisal_not_open";
/// No longer produced (see [`SINGLE_ROUND`]); the review window has [`REVIEW_CLOSED`].
#[deprecated(note = "members cannot act after the lock (S6); see REVIEW_CLOSED")]
pub const REAPPRAISAL_CLOSED: &str = "workflow.reappraisal_closed";
/// A reviewed decision on an item the unit did not explain: the council's decision after the
/// explanations answers an explanation (S8).
pub const NOT_EXPLAINED: &str = "workflow.not_explained";
/// A reviewed decision naming an explanation the item does not have (`explanation` is the index
/// in the item's `explanations`).
pub const UNKNOWN_EXPLANATION: &str = "workflow.unknown_explanation";
/// A reviewed decision although the calendar has no `council_review` period: the results after
/// the explanations stand as appraised.
pub const NO_REVIEW: &str = "workflow.no_review";
/// A reviewed decision before the council's review opens (S8: 16/12).
pub const REVIEW_NOT_OPEN: &str = "workflow.review_not_open";
/// A reviewed decision after the council's review closed (S8: end of 17/12).
pub const REVIEW_CLOSED: &str = "workflow.review_closed";
/// A second reviewed decision on the same item (each item is decided once, S7, S8).
pub const ALREADY_REVIEWED: &str = "workflow.already_reviewed";
/// A component (IT points, survey percentage) entered before the appraisal opens.
pub const COMPONENT_NOT_OPEN: &str = "workflow.component_not_open";
/// A component entered once the results are final (after the council's review, S8).
pub const COMPONENT_CLOSED: &str = "workflow.component_closed";
/// A component the unit's level does not have.
pub const UNKNOWN_COMPONENT: &str = "workflow.unknown_component";
/// The rubric component (the sum of the criteria) entered as a value.
pub const RUBRIC_COMPONENT: &str = "workflow.rubric_component";
/// Points for a survey component, a percentage for an external one, or neither or both given.
pub const COMPONENT_KIND: &str = "workflow.component_kind";
/// A survey percentage outside 0–100.
pub const PERCENTAGE_OUT_OF_RANGE: &str = "workflow.percentage_out_of_range";
/// A warning of [`Dossier::score`](super::Dossier::score): a component of the unit's index (IT
/// points, survey) has not been entered yet; it counts 0 points until it is, so the index is not
/// yet the unit's full index.
pub const COMPONENT_PENDING: &str = "workflow.component_pending";
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
/// A stored dossier whose schedule differs from the one its rule set (and, for a commune, its
/// district's calendar) gives; the path names the first differing instant (`$.schedule.lock`).
pub const SCHEDULE_MISMATCH: &str = "workflow.schedule_mismatch";
/// A dossier of a level whose calendar the parent unit sets (communes, S10) opened without it.
pub const MISSING_CALENDAR: &str = "workflow.missing_calendar";
/// A district's calendar gives a period its template does not have.
pub const UNKNOWN_PERIOD: &str = "workflow.unknown_period";
/// A district's calendar sets a day outside the bounds of the rule set's template (S10: the
/// district reports to the province by 31/12/2019).
pub const OUTSIDE_TEMPLATE: &str = "workflow.outside_template";
