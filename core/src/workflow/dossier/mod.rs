//! A unit's dossier for one year: its state, the append-only log it is the replay of, and the acts
//! that move it along.

use super::actor::Actor;
use super::codes;
use super::event::{Act, Event, Phase, Trigger};
use super::schedule::{DistrictCalendar, Schedule};
use crate::compile::{CLevel, RuleSet};
use crate::error::{issue, key_path, Error, Issue, Result};
use crate::input::ComponentInput;
use crate::time::DateTime;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod check;
mod perform;
mod records;
mod stored;

pub use records::{Appraisal, ComponentRecord, Explanation, Header, ItemRecord, Review, State};

crate::de::tree_struct! {
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
}
