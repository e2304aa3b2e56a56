//! A unit's dossier for one year: its state, the append-only log it is the replay of, and the acts
//! that move it along.

use super::actor::Actor;
use super::codes;
use super::event::{Act, Basis, Event, Phase, Trigger};
use super::remit;
use super::schedule::{DistrictCalendar, Schedule};
use super::serde_time;
use crate::compile::{CLevel, CNode, RuleSet};
use crate::decimal::show;
use crate::def::{ComponentKind, Rule};
use crate::error::{issue, key_path, Error, Issue, Result};
use crate::eval::{score_unit, Context, UnitScore};
use crate::input::{ComponentInput, ItemInput, UnitInput};
use crate::time::DateTime;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

impl ComponentRecord {
    fn input(&self) -> Option<ComponentInput> {
        match (self.percentage, self.points) {
            (Some(percentage), _) => Some(ComponentInput::Percentage { percentage }),
            (None, Some(points)) => Some(ComponentInput::Points { points }),
            (None, None) => None,
        }
    }
}

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

impl ItemRecord {
    fn is_empty(&self) -> bool {
        *self == ItemRecord::default()
    }
}

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

impl State {
    fn new() -> State {
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

/// A unit's dossier for one year. Its state changes only through [`Dossier::apply`] (and the
/// automatic transitions of [`Dossier::advance`]), each change appended to the log; a refused act
/// changes nothing. Serialise it (serde) to store it; [`Dossier::from_json`] reads it back by
/// replaying the log.
///
/// The stored record holds the schedule for whoever reads it, but it is never trusted: reading a
/// record recomputes the schedule from the rule set (and, for a commune, from the district's
/// calendar the record holds) and refuses a record whose schedule differs
/// (`workflow.schedule_mismatch`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dossier {
    header: Header,
    /// The calendar the district set for its communes (S10); absent for units that follow the
    /// rule set's calendar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    calendar: Option<DistrictCalendar>,
    schedule: Schedule,
    state: State,
    log: Vec<Event>,
    /// The unit's council is its district's (S10): the acts' legal basis says so.
    #[serde(skip)]
    delegated: bool,
}

/// What a dossier needs from the rule set for one act.
struct Cx<'a> {
    rs: &'a RuleSet,
    li: usize,
    level: &'a CLevel,
    applies: &'a [bool],
    delegated: bool,
}

fn refuse(issue: Issue) -> Error {
    Error::Workflow(issue)
}

fn item_path(code: &str) -> String {
    key_path("$.items", code)
}

impl Dossier {
    /// Open a unit's dossier with the calendar of the rule set (S5, S6, S8). A commune's dossier
    /// follows the calendar its district sets: [`Dossier::open_in_district`] (without it,
    /// `workflow.missing_calendar`).
    pub fn open(
        rs: &RuleSet,
        unit: &str,
        name: &str,
        group: &str,
        parent: Option<&str>,
    ) -> Result<Dossier> {
        Self::open_with(rs, unit, name, group, parent, None)
    }

    /// Open a commune's dossier (S10): its district (`district`, the parent unit) appraises it
    /// with its own council, along the calendar it set by filling the rule set's template for the
    /// level ([`Schedule::for_district`]: every day within the template's bounds, e.g. by
    /// 30/12/2019 for a report to the province before 31/12/2019).
    pub fn open_in_district(
        rs: &RuleSet,
        unit: &str,
        name: &str,
        group: &str,
        district: &str,
        calendar: DistrictCalendar,
    ) -> Result<Dossier> {
        Self::open_with(rs, unit, name, group, Some(district), Some(calendar))
    }

    /// [`open`](Self::open) or [`open_in_district`](Self::open_in_district): with a calendar, the
    /// district's; without one, the rule set's.
    pub fn open_with(
        rs: &RuleSet,
        unit: &str,
        name: &str,
        group: &str,
        parent: Option<&str>,
        calendar: Option<DistrictCalendar>,
    ) -> Result<Dossier> {
        let level = Self::level_of(rs, group)?;
        let header = Header {
            ruleset: rs.id().to_string(),
            year: rs.def().year,
            level,
            unit: unit.to_string(),
            name: name.to_string(),
            group: group.to_string(),
            parent: parent.map(str::to_string),
        };
        Self::empty(rs, header, calendar)
    }

    fn level_of(rs: &RuleSet, group: &str) -> Result<String> {
        rs.group(group).map(|g| g.level.clone()).ok_or_else(|| {
            refuse(issue!(
                codes::UNKNOWN_GROUP,
                "$.header.group",
                ruleset = rs.id(),
                group,
                groups = rs
                    .def()
                    .groups
                    .iter()
                    .map(|g| g.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
    }

    /// A dossier without acts; its schedule is always computed here, from the rule set and the
    /// district's calendar, never taken from outside.
    fn empty(rs: &RuleSet, header: Header, calendar: Option<DistrictCalendar>) -> Result<Dossier> {
        let cx = Self::cx_of(rs, &header)?;
        let schedule = Schedule::resolve(rs, &cx.level.id, calendar.as_ref())?;
        let d = Dossier {
            header,
            calendar,
            schedule,
            state: State::new(),
            log: Vec::new(),
            delegated: cx.delegated,
        };
        if cx.delegated && d.header.parent.is_none() {
            return Err(refuse(issue!(
                codes::MISSING_PARENT,
                "$.header.parent",
                level = cx.level.id
            )));
        }
        Ok(d)
    }

    fn cx<'a>(&self, rs: &'a RuleSet) -> Result<Cx<'a>> {
        Self::cx_of(rs, &self.header)
    }

    fn cx_of<'a>(rs: &'a RuleSet, header: &Header) -> Result<Cx<'a>> {
        if rs.id() != header.ruleset {
            return Err(refuse(issue!(
                codes::RULESET_MISMATCH,
                "$.header.ruleset",
                given = header.ruleset,
                ruleset = rs.id()
            )));
        }
        if rs.def().year != header.year {
            return Err(refuse(issue!(
                "workflow.ruleset_mismatch:year",
                "$.header.year",
                year = header.year,
                ruleset = rs.id(),
                ruleset_year = rs.def().year
            )));
        }
        let unknown = || {
            refuse(issue!(
                "workflow.unknown_group:level",
                "$.header.group",
                ruleset = rs.id(),
                group = header.group,
                level = header.level
            ))
        };
        let group = rs.group(&header.group).ok_or_else(unknown)?;
        if group.level != header.level {
            return Err(unknown());
        }
        let (li, level) = rs.level(&group.level).ok_or_else(unknown)?;
        let applies = level
            .applies
            .get(&group.id)
            .map(|a| &a[..])
            .ok_or_else(unknown)?;
        let delegated = rs
            .def()
            .council
            .as_ref()
            .is_some_and(|c| c.delegated_levels.iter().any(|l| **l == *level.id));
        Ok(Cx {
            rs,
            li,
            level,
            applies,
            delegated,
        })
    }

    // -----------------------------------------------------------------------------------------
    // Reading

    pub fn header(&self) -> &Header {
        &self.header
    }
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }
    /// The calendar the district set for its communes (S10), if the dossier follows one.
    pub fn calendar(&self) -> Option<&DistrictCalendar> {
        self.calendar.as_ref()
    }
    pub fn state(&self) -> &State {
        &self.state
    }
    /// The append-only log.
    pub fn log(&self) -> &[Event] {
        &self.log
    }
    /// The phase as of the last recorded event.
    pub fn phase(&self) -> Phase {
        self.state.phase
    }
    /// The phase at a given time, counting the automatic transitions not yet recorded.
    pub fn phase_at(&self, now: &DateTime) -> Phase {
        self.pending(now)
            .last()
            .map(|t| t.2)
            .unwrap_or(self.state.phase)
    }
    /// What is recorded about a leaf.
    pub fn item(&self, code: &str) -> Option<&ItemRecord> {
        self.state.items.get(code)
    }

    // -----------------------------------------------------------------------------------------
    // Time

    /// The automatic transitions due by `now`: (instant, from, to, trigger).
    fn pending(&self, now: &DateTime) -> Vec<(DateTime, Phase, Phase, Trigger)> {
        let s = &self.schedule;
        let mut out = Vec::new();
        let mut phase = self.state.phase;
        loop {
            let next = match (phase, &s.review) {
                (Phase::Draft, _) => (
                    &s.deadline,
                    Phase::UnderAppraisal,
                    Trigger::SelfAssessmentDeadline,
                ),
                (Phase::Submitted, _) => (
                    &s.appraisal_start,
                    Phase::UnderAppraisal,
                    Trigger::AppraisalStart,
                ),
                (Phase::UnderAppraisal, _) => (&s.lock, Phase::Locked, Trigger::Lock),
                (Phase::Locked, _) => (
                    &s.explanation_start,
                    Phase::Explanation,
                    Trigger::ExplanationStart,
                ),
                (Phase::Explanation, Some(_)) => (
                    &s.explanation_end,
                    Phase::Compilation,
                    Trigger::ExplanationEnd,
                ),
                (Phase::Explanation, None) => {
                    (&s.explanation_end, Phase::Final, Trigger::ExplanationEnd)
                }
                (Phase::Compilation, Some(w)) => (&w.start, Phase::Review, Trigger::ReviewStart),
                (Phase::Review, Some(w)) => (&w.end, Phase::Final, Trigger::ReviewEnd),
                // Without a review there is no compilation or review phase to leave.
                (Phase::Compilation | Phase::Review, None)
                | (Phase::Final | Phase::Announced, _) => break,
            };
            if next.0 > now {
                break;
            }
            out.push((next.0.clone(), phase, next.1, next.2));
            phase = next.1;
        }
        out
    }

    fn check_time(&self, now: &DateTime) -> Result<()> {
        match self.log.last() {
            Some(last) if *now < last.at => Err(refuse(issue!(
                codes::TIME_ORDER,
                "$.at",
                now,
                last = last.at
            ))),
            _ => Ok(()),
        }
    }

    fn push(&mut self, at: DateTime, actor: Actor, act: Act) {
        // Events are numbered from 1; a log in memory holds far fewer than u64::MAX of them.
        let seq = (self.log.len() as u64).saturating_add(1);
        let basis = act.basis(self.delegated);
        self.log.push(Event {
            seq,
            at,
            actor,
            act,
            basis,
        });
    }

    fn record_transitions(&mut self, due: Vec<(DateTime, Phase, Phase, Trigger)>) {
        for (at, from, to, trigger) in due {
            if trigger == Trigger::SelfAssessmentDeadline {
                self.state.moved_automatically = true;
            }
            self.state.phase = to;
            self.push(at, Actor::System, Act::Transition { from, to, trigger });
        }
    }

    /// Record the automatic transitions due by `now` (S5: deadline passed; S6: lock; S8: explanation
    /// window, council's review). Acts do this themselves; a portal may also call it on a timer.
    /// Returns the events appended.
    pub fn advance(&mut self, now: DateTime) -> Result<&[Event]> {
        self.check_time(&now)?;
        let start = self.log.len();
        let due = self.pending(&now);
        self.record_transitions(due);
        Ok(&self.log[start..])
    }

    // -----------------------------------------------------------------------------------------
    // Acting

    /// Perform an act at time `now` (local time of the schedule). The automatic transitions due by
    /// `now` are recorded first, then the act. A refused act returns
    /// `Error::Workflow(Issue { code: "workflow.…", .. })` and changes nothing (not even the
    /// transitions). Returns the events appended.
    pub fn apply(
        &mut self,
        rs: &RuleSet,
        actor: &Actor,
        now: DateTime,
        act: Act,
    ) -> Result<&[Event]> {
        let cx = self.cx(rs)?;
        self.check_time(&now)?;
        let due = self.pending(&now);
        let phase = due.last().map(|t| t.2).unwrap_or(self.state.phase);
        self.check(&cx, phase, actor, &now, &act)?;
        let start = self.log.len();
        self.record_transitions(due);
        self.perform(&cx, actor, &now, &act);
        self.push(now, actor.clone(), act);
        Ok(&self.log[start..])
    }

    /// Self-score a leaf with its evidence (S3).
    pub fn self_score(
        &mut self,
        rs: &RuleSet,
        actor: &Actor,
        now: DateTime,
        code: &str,
        points: Decimal,
        evidence: &[&str],
    ) -> Result<&[Event]> {
        let act = Act::SelfScore {
            code: code.to_string(),
            points,
            evidence: evidence.iter().map(|s| s.to_string()).collect(),
            note: None,
        };
        self.apply(rs, actor, now, act)
    }

    /// Submit the self-assessment, once (S3).
    pub fn submit(&mut self, rs: &RuleSet, actor: &Actor, now: DateTime) -> Result<&[Event]> {
        self.apply(rs, actor, now, Act::Submit)
    }

    /// First-round appraisal of a leaf (S7).
    pub fn appraise(
        &mut self,
        rs: &RuleSet,
        actor: &Actor,
        now: DateTime,
        code: &str,
        points: Decimal,
        note: Option<&str>,
    ) -> Result<&[Event]> {
        let act = Act::Appraise {
            code: code.to_string(),
            points,
            note: note.map(str::to_string),
        };
        self.apply(rs, actor, now, act)
    }

    /// Explain a leaf and add evidence (S8).
    pub fn explain(
        &mut self,
        rs: &RuleSet,
        actor: &Actor,
        now: DateTime,
        code: &str,
        text: &str,
        evidence: &[&str],
    ) -> Result<&[Event]> {
        let act = Act::Explain {
            code: code.to_string(),
            text: text.to_string(),
            evidence: evidence.iter().map(|s| s.to_string()).collect(),
        };
        self.apply(rs, actor, now, act)
    }

    /// The council's reviewed decision on an explained leaf, recorded by the standing body (the
    /// secretariat) during the council's review (S8); `explanation` names the explanation it
    /// answers (its index in the item's explanations; `None`: the latest).
    #[allow(clippy::too_many_arguments)]
    pub fn review(
        &mut self,
        rs: &RuleSet,
        actor: &Actor,
        now: DateTime,
        code: &str,
        points: Decimal,
        explanation: Option<u32>,
        note: Option<&str>,
    ) -> Result<&[Event]> {
        let act = Act::Review {
            code: code.to_string(),
            points,
            explanation,
            note: note.map(str::to_string),
        };
        self.apply(rs, actor, now, act)
    }

    /// The secretariat enters a component of the unit's index (S2: IT points as the Chairman
    /// announced them, `ComponentInput::Points`; S9: a survey percentage,
    /// `ComponentInput::Percentage`).
    pub fn enter_component(
        &mut self,
        rs: &RuleSet,
        actor: &Actor,
        now: DateTime,
        component: &str,
        value: ComponentInput,
        note: Option<&str>,
    ) -> Result<&[Event]> {
        let (points, percentage) = match value {
            ComponentInput::Points { points } => (Some(points), None),
            ComponentInput::Percentage { percentage } => (None, Some(percentage)),
        };
        let act = Act::EnterComponent {
            component: component.to_string(),
            points,
            percentage,
            note: note.map(str::to_string),
        };
        self.apply(rs, actor, now, act)
    }

    /// Announce the results (S8).
    pub fn announce(&mut self, rs: &RuleSet, actor: &Actor, now: DateTime) -> Result<&[Event]> {
        self.apply(rs, actor, now, Act::Announce)
    }

    /// Check an act against the phase it would happen in. Pure.
    fn check(&self, cx: &Cx, phase: Phase, actor: &Actor, now: &DateTime, act: &Act) -> Result<()> {
        if matches!(actor, Actor::System) {
            return Err(refuse(issue!("workflow.not_authorised:system", "$.actor")));
        }
        let s = &self.schedule;
        // S6: "hết ngày 26/11/2019, phần mềm tự động khóa, các thành viên Hội đồng thẩm định không
        // đăng nhập được" — from the lock on, no act of a council member, whatever it is.
        if matches!(actor, Actor::CouncilMember { .. }) && phase >= Phase::Locked {
            return Err(refuse(issue!(codes::LOCKED, "$.at", lock = s.lock)));
        }
        match act {
            Act::Transition { .. } => Err(refuse(issue!(
                "workflow.not_authorised:transition",
                "$.act"
            ))),
            Act::SelfScore {
                code,
                points,
                evidence,
                ..
            } => {
                self.unit_actor(actor, act)?;
                let node = self.leaf(cx, code)?;
                self.self_open(phase, now)?;
                check_points(node, *points, code, "points")?;
                check_evidence(evidence, code)
            }
            Act::ClearSelfScore { code } => {
                self.unit_actor(actor, act)?;
                self.leaf(cx, code)?;
                self.self_open(phase, now)
            }
            Act::Submit => {
                self.unit_actor(actor, act)?;
                self.self_open(phase, now)
            }
            Act::Appraise { code, points, .. } => {
                let member = self.council_actor(cx, actor, act)?;
                let node = self.leaf(cx, code)?;
                match phase {
                    Phase::UnderAppraisal if *now >= s.appraisal_start => {}
                    _ => {
                        return Err(refuse(issue!(
                            codes::APPRAISAL_NOT_OPEN,
                            "$.at",
                            start = s.appraisal_start
                        )))
                    }
                }
                self.in_remit(cx, code, member)?;
                if let Some(a) = self.item(code).and_then(|i| i.appraisal.as_ref()) {
                    return Err(refuse(issue!(
                        codes::ALREADY_APPRAISED,
                        item_path(code),
                        code,
                        points = show(a.points),
                        member = a.member,
                        at = a.at
                    )));
                }
                check_points(node, *points, code, "points")
            }
            Act::Explain {
                code,
                text,
                evidence,
            } => {
                self.unit_actor(actor, act)?;
                self.leaf(cx, code)?;
                match phase {
                    Phase::Explanation => {}
                    p if p < Phase::Explanation => {
                        return Err(refuse(issue!(
                            codes::EXPLANATION_NOT_OPEN,
                            "$.at",
                            start = s.explanation_start
                        )))
                    }
                    _ => {
                        return Err(refuse(issue!(
                            codes::EXPLANATION_CLOSED,
                            "$.at",
                            end = s.explanation_end
                        )))
                    }
                }
                if text.trim().is_empty() && evidence.is_empty() {
                    return Err(refuse(issue!(
                        codes::EMPTY_EXPLANATION,
                        format!("{}.text", item_path(code))
                    )));
                }
                check_evidence(evidence, code)
            }
            Act::Review {
                code,
                points,
                explanation,
                ..
            } => {
                self.secretariat_actor(cx, actor, act)?;
                let node = self.leaf(cx, code)?;
                let Some(w) = &s.review else {
                    return Err(refuse(issue!(
                        codes::NO_REVIEW,
                        "$.calendar.periods",
                        period = super::periods::COUNCIL_REVIEW
                    )));
                };
                match phase {
                    Phase::Review => {}
                    p if p < Phase::Review => {
                        return Err(refuse(issue!(
                            codes::REVIEW_NOT_OPEN,
                            "$.at",
                            start = w.start
                        )))
                    }
                    _ => return Err(refuse(issue!(codes::REVIEW_CLOSED, "$.at", end = w.end))),
                }
                let item = self.item(code);
                let count = item.map(|i| i.explanations.len()).unwrap_or(0);
                if count == 0 {
                    return Err(refuse(issue!(codes::NOT_EXPLAINED, item_path(code), code)));
                }
                if let Some(k) = explanation {
                    if usize::try_from(*k).map_or(true, |k| k >= count) {
                        return Err(refuse(issue!(
                            codes::UNKNOWN_EXPLANATION,
                            format!("{}.explanation", item_path(code)),
                            code,
                            count,
                            k
                        )));
                    }
                }
                if let Some(r) = item.and_then(|i| i.review.as_ref()) {
                    return Err(refuse(issue!(
                        codes::ALREADY_REVIEWED,
                        item_path(code),
                        code,
                        at = r.at,
                        points = show(r.points)
                    )));
                }
                check_points(node, *points, code, "points")
            }
            Act::EnterComponent {
                component,
                points,
                percentage,
                ..
            } => {
                self.secretariat_actor(cx, actor, act)?;
                match phase {
                    Phase::Draft | Phase::Submitted => {
                        return Err(refuse(issue!(
                            codes::COMPONENT_NOT_OPEN,
                            "$.at",
                            start = s.appraisal_start
                        )))
                    }
                    Phase::Final | Phase::Announced => {
                        return Err(refuse(issue!(
                            codes::COMPONENT_CLOSED,
                            "$.at",
                            since = s.results_final()
                        )))
                    }
                    _ => {}
                }
                self.check_component(cx, component, *points, *percentage)
            }
            Act::Announce => {
                self.announcer(cx, actor)?;
                match phase {
                    Phase::Announced => Err(refuse(issue!(
                        codes::ALREADY_ANNOUNCED,
                        "$.state.announced_at",
                        at = self
                            .state
                            .announced_at
                            .as_ref()
                            .map(|t| t.to_string())
                            .unwrap_or_default()
                    ))),
                    Phase::Final if *now >= s.announcement => Ok(()),
                    _ => Err(refuse(issue!(
                        codes::ANNOUNCEMENT_NOT_DUE,
                        "$.at",
                        start = s.announcement,
                        phase
                    ))),
                }
            }
        }
    }

    /// A component value the secretariat enters: a component of the unit's level other than the
    /// rubric, of the right kind, within its range.
    fn check_component(
        &self,
        cx: &Cx,
        id: &str,
        points: Option<Decimal>,
        percentage: Option<Decimal>,
    ) -> Result<()> {
        let path = key_path("$.components", id);
        let comps = cx
            .rs
            .def()
            .levels
            .get(cx.li)
            .map(|l| l.components.as_slice())
            .unwrap_or(&[]);
        let Some(c) = comps.iter().find(|c| c.id == id) else {
            return Err(refuse(issue!(
                codes::UNKNOWN_COMPONENT,
                path,
                level = cx.level.id,
                id,
                components = comps
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        let max = c
            .group_max
            .get(&self.header.group)
            .copied()
            .or(c.max_points)
            .unwrap_or_default();
        match (c.kind, points, percentage) {
            (ComponentKind::Rubric, _, _) => Err(refuse(issue!(codes::RUBRIC_COMPONENT, path, id))),
            (ComponentKind::External, Some(p), None) => {
                if p < Decimal::ZERO || p > max {
                    return Err(refuse(issue!(
                        "workflow.points_out_of_range:component",
                        format!("{path}.points"),
                        points = show(p),
                        max = show(max),
                        id
                    )));
                }
                Ok(())
            }
            (ComponentKind::Survey, None, Some(p)) => {
                if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED {
                    return Err(refuse(issue!(
                        codes::PERCENTAGE_OUT_OF_RANGE,
                        format!("{path}.percentage"),
                        percentage = show(p)
                    )));
                }
                Ok(())
            }
            (ComponentKind::External, ..) => {
                Err(refuse(issue!("workflow.component_kind:external", path, id)))
            }
            (ComponentKind::Survey, ..) => {
                Err(refuse(issue!("workflow.component_kind:survey", path, id)))
            }
        }
    }

    /// The secretariat of the dossier's council: Sở Nội vụ for the province, the district's
    /// home-affairs office for its communes (S10).
    fn secretariat_actor(&self, cx: &Cx, actor: &Actor, act: &Act) -> Result<()> {
        match actor {
            Actor::Secretariat { .. } => self.same_council(cx, actor),
            other => Err(refuse(issue!(
                "workflow.not_authorised:secretariat",
                "$.actor",
                act = act.name(),
                actor = other
            ))),
        }
    }

    fn unit_actor(&self, actor: &Actor, act: &Act) -> Result<()> {
        match actor {
            Actor::UnitOfficer { unit } if *unit == self.header.unit => Ok(()),
            Actor::UnitOfficer { unit } => Err(refuse(issue!(
                codes::OTHER_UNIT,
                "$.actor.unit",
                unit,
                dossier = self.header.unit
            ))),
            other => Err(refuse(issue!(
                "workflow.not_authorised:unit",
                "$.actor",
                act = act.name(),
                actor = other
            ))),
        }
    }

    /// The council side must be the right council: the province's for departments and districts,
    /// the parent district's for communes (S10).
    fn same_council(&self, cx: &Cx, actor: &Actor) -> Result<()> {
        match (
            cx.delegated,
            actor.district(),
            self.header.parent.as_deref(),
        ) {
            (false, None, _) => Ok(()),
            (false, Some(d), _) => Err(refuse(issue!(
                "workflow.wrong_council:province",
                "$.actor.district",
                level = cx.level.id,
                district = d
            ))),
            (true, Some(d), Some(p)) if d == p => Ok(()),
            (true, Some(district), p) => Err(refuse(issue!(
                "workflow.wrong_council",
                "$.actor.district",
                unit = self.header.unit,
                parent = p.unwrap_or("?"),
                district,
            ))),
            (true, None, p) => Err(refuse(issue!(
                "workflow.wrong_council:province_council",
                "$.actor.district",
                unit = self.header.unit,
                parent = p.unwrap_or("?"),
            ))),
        }
    }

    fn council_actor<'b>(&self, cx: &Cx, actor: &'b Actor, act: &Act) -> Result<&'b str> {
        let Actor::CouncilMember { member, .. } = actor else {
            return Err(refuse(issue!(
                "workflow.not_authorised:member",
                "$.actor",
                act = act.name(),
                actor
            )));
        };
        self.same_council(cx, actor)?;
        let council =
            cx.rs.def().council.as_ref().ok_or_else(|| {
                refuse(issue!(codes::NO_COUNCIL, "$.council", ruleset = cx.rs.id()))
            })?;
        if !council.members.iter().any(|m| m.id == *member) {
            return Err(refuse(issue!(
                codes::UNKNOWN_MEMBER,
                "$.actor.member",
                member,
                members = council
                    .members
                    .iter()
                    .map(|m| m.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        Ok(member)
    }

    fn announcer(&self, cx: &Cx, actor: &Actor) -> Result<()> {
        match actor {
            Actor::Chairman { .. } | Actor::Secretariat { .. } => self.same_council(cx, actor),
            other => Err(refuse(issue!(
                "workflow.not_authorised:announce",
                "$.actor",
                actor = other
            ))),
        }
    }

    fn leaf<'a>(&self, cx: &Cx<'a>, code: &str) -> Result<&'a CNode> {
        let path = item_path(code);
        let ni = *cx.level.by_code.get(code).ok_or_else(|| {
            refuse(issue!(
                codes::UNKNOWN_CODE,
                path.clone(),
                level = cx.level.id,
                code
            ))
        })?;
        let node = cx
            .level
            .nodes
            .get(ni)
            .ok_or_else(|| refuse(issue!("workflow.unknown_code:any", path.clone(), code)))?;
        if !node.children.is_empty() {
            return Err(refuse(issue!(codes::NOT_A_LEAF, path, code)));
        }
        if !cx.applies.get(ni).copied().unwrap_or(false) {
            return Err(refuse(issue!(
                codes::NOT_IN_GROUP,
                path,
                code,
                group = self.header.group
            )));
        }
        Ok(node)
    }

    fn in_remit(&self, cx: &Cx, code: &str, member: &str) -> Result<()> {
        let ni = cx.level.by_code.get(code).copied().unwrap_or(usize::MAX);
        match remit::appraiser_at(cx.rs, cx.li, ni) {
            None => Err(remit::no_appraiser(code)),
            Some(m) if m == member => Ok(()),
            Some(m) => Err(refuse(issue!(
                codes::OUTSIDE_REMIT,
                item_path(code),
                code,
                remit = m,
                member
            ))),
        }
    }

    fn self_open(&self, phase: Phase, now: &DateTime) -> Result<()> {
        if let Some(at) = &self.state.submitted_at {
            return Err(refuse(issue!(
                codes::ALREADY_SUBMITTED,
                "$.state.submitted_at",
                at
            )));
        }
        match phase {
            Phase::Draft if *now < self.schedule.self_assessment_start => Err(refuse(issue!(
                codes::SELF_ASSESSMENT_NOT_OPEN,
                "$.at",
                start = self.schedule.self_assessment_start
            ))),
            Phase::Draft => Ok(()),
            _ => Err(refuse(issue!(
                codes::SELF_ASSESSMENT_CLOSED,
                "$.at",
                deadline = self.schedule.deadline
            ))),
        }
    }

    /// Apply a checked act to the state.
    fn perform(&mut self, cx: &Cx, actor: &Actor, now: &DateTime, act: &Act) {
        let (member, district) = match actor {
            Actor::CouncilMember { member, district } => (member.clone(), district.clone()),
            _ => (String::new(), actor.district().map(str::to_string)),
        };
        match act {
            Act::SelfScore {
                code,
                points,
                evidence,
                note,
            } => {
                let it = self.state.items.entry(code.clone()).or_default();
                it.self_score = Some(*points);
                it.evidence = evidence.clone();
                it.self_note = note.clone();
            }
            Act::ClearSelfScore { code } => {
                if let Some(it) = self.state.items.get_mut(code) {
                    it.self_score = None;
                    it.evidence.clear();
                    it.self_note = None;
                    if it.is_empty() {
                        crate::input::remove_key(&mut self.state.items, code);
                    }
                }
            }
            Act::Submit => {
                self.state.submitted_at = Some(now.clone());
                self.state.phase = Phase::Submitted;
            }
            Act::Appraise { code, points, note } => {
                self.state.items.entry(code.clone()).or_default().appraisal = Some(Appraisal {
                    points: *points,
                    member,
                    district,
                    note: note.clone(),
                    at: now.clone(),
                });
            }
            Act::Explain {
                code,
                text,
                evidence,
            } => {
                self.state
                    .items
                    .entry(code.clone())
                    .or_default()
                    .explanations
                    .push(Explanation {
                        text: text.clone(),
                        evidence: evidence.clone(),
                        at: now.clone(),
                    });
            }
            Act::Review {
                code,
                points,
                explanation,
                note,
            } => {
                let recorded_by = cx
                    .rs
                    .def()
                    .council
                    .as_ref()
                    .and_then(|c| c.members.iter().find(|m| m.standing))
                    .map(|m| m.id.clone())
                    .unwrap_or_else(|| "secretariat".to_string());
                let basis = act.basis(self.delegated);
                let it = self.state.items.entry(code.clone()).or_default();
                // Checked: the item has an explanation, and `explanation` names one of them.
                let latest = u32::try_from(it.explanations.len().saturating_sub(1)).unwrap_or(0);
                it.review = Some(Review {
                    points: *points,
                    explanation: explanation.unwrap_or(latest),
                    recorded_by,
                    district,
                    note: note.clone(),
                    at: now.clone(),
                    basis,
                });
            }
            Act::EnterComponent {
                component,
                points,
                percentage,
                note,
            } => {
                self.state.components.insert(
                    component.clone(),
                    ComponentRecord {
                        points: *points,
                        percentage: *percentage,
                        note: note.clone(),
                        at: now.clone(),
                    },
                );
            }
            Act::Announce => {
                self.state.phase = Phase::Announced;
                self.state.announced_at = Some(now.clone());
                self.state.announced_by = Some(actor.clone());
            }
            Act::Transition { .. } => {}
        }
    }

    // -----------------------------------------------------------------------------------------
    // Storing and replaying

    /// Rebuild a dossier by replaying a stored log: every act is checked again, every automatic
    /// transition must fall where the schedule puts it, and the log must reproduce itself exactly
    /// (legal bases included). The schedule is computed from the rule set, and for a commune from
    /// the district's `calendar` (S10).
    pub fn replay(
        rs: &RuleSet,
        header: Header,
        calendar: Option<DistrictCalendar>,
        log: &[Event],
    ) -> Result<Dossier> {
        let mut d = Self::empty(rs, header, calendar)?;
        for (i, e) in log.iter().enumerate() {
            let path = format!("$.log[{i}]");
            let r = match (&e.actor, &e.act) {
                (Actor::System, Act::Transition { .. }) => d.advance(e.at.clone()).map(|_| ()),
                _ => d
                    .apply(rs, &e.actor, e.at.clone(), e.act.clone())
                    .map(|_| ()),
            };
            if let Err(err) = r {
                return Err(refuse(issue!(
                    codes::REPLAY_REFUSED,
                    path,
                    seq = e.seq,
                    detail = err
                )));
            }
        }
        if d.log != log {
            let k = d
                .log
                .iter()
                .zip(log)
                .position(|(a, b)| a != b)
                .unwrap_or(d.log.len().min(log.len()));
            return Err(refuse(issue!(
                codes::REPLAY_MISMATCH,
                format!("$.log[{k}]"),
                event = k.saturating_add(1),
                replayed = d.log.len(),
                stored = log.len()
            )));
        }
        Ok(d)
    }

    /// The dossier as JSON (header, the district's calendar for a commune, schedule, state and
    /// log).
    pub fn to_json(&self) -> String {
        crate::pretty::pretty(&serde_json::to_string(self).unwrap_or_default())
    }

    /// Read a stored dossier. Nothing stored is trusted: the schedule is computed again from the
    /// rule set (and a commune's district calendar, checked against the rule set's template) and
    /// must equal the stored one (`workflow.schedule_mismatch` at the first differing instant,
    /// e.g. `$.schedule.lock`); the log is replayed against the rule set and the stored state must
    /// equal the replayed one. The text is read within the default [`Limits`](crate::Limits).
    pub fn from_json(rs: &RuleSet, text: &str) -> Result<Dossier> {
        Self::from_json_within(rs, text, &crate::Limits::DEFAULT)
    }

    /// [`from_json`](Self::from_json), the text first checked against `limits` (a key written
    /// twice refuses it, `input.duplicate_key`).
    pub fn from_json_within(rs: &RuleSet, text: &str, limits: &crate::Limits) -> Result<Dossier> {
        let scanned = limits.scan(text, crate::limits::Kind::Dossier, "$")?;
        crate::support::limits::refuse_duplicates(scanned)?;
        let tree: serde_json::Value = serde_json::from_str(crate::limits::strip_bom(text))
            .map_err(|e| refuse(issue!(codes::BAD_RECORD, "$", detail = e)))?;
        let stored: Dossier = crate::de::from_value(&tree).map_err(|e| {
            refuse(issue!(
                codes::BAD_RECORD,
                format!("${}", e.json_path),
                detail = crate::support::serde_text::serde_message(&e.inner.to_string())
            ))
        })?;
        let fresh = Self::empty(rs, stored.header.clone(), stored.calendar.clone())?;
        check_schedule(&stored.schedule, &fresh.schedule)?;
        let replayed = Self::replay(rs, stored.header, stored.calendar, &stored.log)?;
        if replayed.state != stored.state {
            return Err(refuse(issue!(codes::STATE_MISMATCH, "$.state")));
        }
        Ok(replayed)
    }

    // -----------------------------------------------------------------------------------------
    // Scoring

    /// The scoring input of the dossier: per leaf the self score with its evidence, the first-round
    /// appraisal (`appraised`), the council's reviewed decision (`reappraised`) and notes telling
    /// the history (self → appraised → explained → reviewed); the components the secretariat
    /// entered (IT points, survey percentage). [`score_unit`] takes the best available value:
    /// the reviewed decision, then the appraisal, then a self score with evidence (S7).
    ///
    /// Bonus and penalty are not part of the dossier; add them to the returned input when known.
    pub fn unit_input(&self) -> UnitInput {
        let items = self
            .state
            .items
            .iter()
            .map(|(code, it)| (code, item_input(it)))
            .filter(|(_, it)| *it != ItemInput::default())
            .collect();
        // Inserted one by one: `collect` into a map would sort its entries first (they are in order
        // already), a sort of its own in the WebAssembly module.
        let mut components = std::collections::BTreeMap::new();
        for (id, c) in &self.state.components {
            if let Some(v) = c.input() {
                components.insert(id.clone(), v);
            }
        }
        UnitInput {
            id: self.header.unit.clone(),
            name: self.header.name.clone(),
            group: self.header.group.clone(),
            block: None,
            parent: self.header.parent.clone(),
            items,
            components,
            bonus: Vec::new(),
            penalty: Vec::new(),
            synthetic: false,
        }
    }

    /// Score the dossier as it stands (see [`Dossier::unit_input`]): the unit's full index once
    /// the secretariat has entered every component. A component not entered yet counts 0 points
    /// and is named by a warning `workflow.component_pending` at `$.components["<id>"]` (in place
    /// of the scoring input's `input.missing_component`): until then the index is not the unit's
    /// full index.
    pub fn score(&self, rs: &RuleSet) -> Result<UnitScore> {
        let mut score = score_unit(rs, self.unit_input(), &Context::default(), "$")?;
        for w in &mut score.warnings {
            if w.code != "input.missing_component" {
                continue;
            }
            let id = score
                .components
                .iter()
                .find(|c| key_path("$.components", &c.id) == w.path)
                .map(|c| c.id.to_string())
                .unwrap_or_default();
            *w = issue!(codes::COMPONENT_PENDING, w.path.clone(), id);
        }
        Ok(score)
    }
}

/// The stored schedule must be the one the rule set (and the district's calendar) gives: the
/// first differing instant is named.
fn check_schedule(stored: &Schedule, fresh: &Schedule) -> Result<()> {
    if stored == fresh {
        return Ok(());
    }
    // As JSON text read back into trees: the text writer is in the module anyway, a tree writer
    // (`serde_json::to_value`) would be a second copy of every `Serialize` below `Schedule`.
    let tree = |s: &Schedule| {
        serde_json::to_string(s)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .unwrap_or_default()
    };
    let (a, b) = (tree(stored), tree(fresh));
    let (path, given, want) = first_difference("$.schedule", &a, &b);
    Err(refuse(issue!(codes::SCHEDULE_MISMATCH, path, given, want)))
}

fn first_difference(
    path: &str,
    a: &serde_json::Value,
    b: &serde_json::Value,
) -> (String, String, String) {
    use serde_json::Value;
    if let (Value::Object(x), Value::Object(y)) = (a, b) {
        for k in y.keys().chain(x.keys().filter(|k| !y.contains_key(*k))) {
            let (u, v) = (
                x.get(k).unwrap_or(&Value::Null),
                y.get(k).unwrap_or(&Value::Null),
            );
            if u != v {
                return first_difference(&format!("{path}.{k}"), u, v);
            }
        }
    }
    let show = |v: &Value| match v {
        Value::Null => "nothing".to_string(),
        Value::String(s) => s.clone(),
        // As `Display` writes it, through the writer to bytes every other JSON text takes.
        other => serde_json::to_string(other).unwrap_or_default(),
    };
    (path.to_string(), show(a), show(b))
}

fn check_points(node: &CNode, p: Decimal, code: &str, field: &str) -> Result<()> {
    let path = format!("{}.{field}", item_path(code));
    if p < node.min || p > node.max {
        return Err(refuse(issue!(
            codes::POINTS_OUT_OF_RANGE,
            path,
            points = show(p),
            min = show(node.min),
            max = show(node.max),
            code
        )));
    }
    if let Some(Rule::Manual { step: Some(s) }) = &node.rule {
        if !s.is_zero() && !crate::decimal::multiple(p, *s) {
            return Err(refuse(issue!(
                codes::POINTS_STEP,
                path,
                points = show(p),
                step = show(*s),
                code
            )));
        }
    }
    Ok(())
}

fn check_evidence(evidence: &[String], code: &str) -> Result<()> {
    match evidence.iter().position(|e| e.trim().is_empty()) {
        Some(i) => Err(refuse(issue!(
            codes::EMPTY_EVIDENCE,
            format!("{}.evidence[{i}]", item_path(code))
        ))),
        None => Ok(()),
    }
}

fn by(a: &Appraisal) -> String {
    match &a.district {
        Some(d) => format!("{}@{d}", a.member),
        None => a.member.clone(),
    }
}

/// The item's input, its history told in notes in the thread's language (`thẩm định 0.5 điểm, do
/// justice lúc …`; `appraised 0.5 by justice at …` in English).
fn item_input(it: &ItemRecord) -> ItemInput {
    let lang = crate::error::lang();
    let en = lang == crate::error::Lang::En;
    let note_of = |n: &Option<String>| n.as_deref().map(|n| format!(": {n}")).unwrap_or_default();
    let mut notes = Vec::new();
    if let Some(n) = &it.self_note {
        notes.push(format!("{}: {n}", lang.pick("tự đánh giá", "self")));
    }
    if let Some(a) = &it.appraisal {
        let (points, by, at, note) = (show(a.points), by(a), &a.at, note_of(&a.note));
        notes.push(match en {
            true => format!("appraised {points} by {by} at {at}{note}"),
            false => format!("thẩm định {points} điểm, do {by} lúc {at}{note}"),
        });
    }
    for e in &it.explanations {
        let mut s = match en {
            true => format!("explained at {}: {}", e.at, e.text),
            false => format!("giải trình lúc {}: {}", e.at, e.text),
        };
        if !e.evidence.is_empty() {
            let word = lang.pick("tài liệu kiểm chứng", "evidence");
            s.push_str(&format!(" [{word}: {}]", e.evidence.join(", ")));
        }
        notes.push(s);
    }
    if let Some(r) = &it.review {
        let answered = usize::try_from(r.explanation)
            .ok()
            .and_then(|k| it.explanations.get(k))
            .map(|e| match en {
                true => format!(" answering the explanation of {}", e.at),
                false => format!(" (trả lời giải trình lúc {})", e.at),
            })
            .unwrap_or_default();
        let by = match &r.district {
            Some(d) => format!("{}@{d}", r.recorded_by),
            None => r.recorded_by.clone(),
        };
        let (points, at, note) = (show(r.points), &r.at, note_of(&r.note));
        notes.push(match en {
            true => format!(
                "reviewed by the council {points}{answered}, recorded by {by} at {at}{note}"
            ),
            false => format!(
                "Hội đồng xem xét: {points} điểm{answered}, do {by} ghi nhận lúc {at}{note}"
            ),
        });
    }
    let mut item = ItemInput::default()
        .with_evidence(it.evidence.clone())
        .with_notes(notes);
    item.set_self_score(it.self_score);
    item.set_appraised(it.appraisal.as_ref().map(|a| a.points));
    item.set_reappraised(it.review.as_ref().map(|r| r.points));
    item
}
