//! A unit's dossier for one year: its state, the append-only log it is the replay of, and the acts
//! that move it along.

use super::actor::Actor;
use super::codes;
use super::event::{Act, Event, Phase, Trigger};
use super::remit;
use super::schedule::Schedule;
use super::serde_time;
use crate::decimal::show;
use crate::error::{key_path, Error, Issue, Result};
use crate::input::{ItemInput, UnitInput};
use crate::model::Rule;
use crate::ruleset::{CLevel, CNode, RuleSet};
use crate::score::{score_unit, Context, UnitScore};
use crate::time::DateTime;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which dossier this is: the rule set and year, and the assessed unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    pub at: DateTime,
}

/// A unit's explanation of one leaf (S8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explanation {
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    #[serde(with = "serde_time")]
    pub at: DateTime,
}

/// Everything recorded about one leaf of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
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
    /// Second-round appraisal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reappraisal: Option<Appraisal>,
}

impl ItemRecord {
    fn is_empty(&self) -> bool {
        *self == ItemRecord::default()
    }
}

/// The state of a dossier: the replay of its log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    pub phase: Phase,
    /// When the unit submitted (S3); absent if it never did.
    #[serde(
        default,
        with = "serde_time::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub submitted_at: Option<DateTime>,
    /// The dossier moved to appraisal at the deadline without a submission (S5).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub moved_automatically: bool,
    #[serde(
        default,
        with = "serde_time::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub announced_at: Option<DateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announced_by: Option<Actor>,
    /// Per leaf code.
    #[serde(default)]
    pub items: BTreeMap<String, ItemRecord>,
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
        }
    }
}

/// A unit's dossier for one year. Its state changes only through [`Dossier::apply`] (and the
/// automatic transitions of [`Dossier::advance`]), each change appended to the log; a refused act
/// changes nothing. Serialise it (serde) to store it; [`Dossier::from_json`] reads it back by
/// replaying the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dossier {
    header: Header,
    schedule: Schedule,
    state: State,
    log: Vec<Event>,
}

/// What a dossier needs from the rule set for one act.
struct Cx<'a> {
    rs: &'a RuleSet,
    li: usize,
    level: &'a CLevel,
    applies: &'a [bool],
    delegated: bool,
}

fn refuse(code: &str, path: impl Into<String>, message: impl Into<String>) -> Error {
    Error::Workflow(Issue::new(code, path, message))
}

fn item_path(code: &str) -> String {
    key_path("$.items", code)
}

impl Dossier {
    /// Open a unit's dossier with the calendar of the rule set (S5, S6, S8).
    pub fn open(
        rs: &RuleSet,
        unit: &str,
        name: &str,
        group: &str,
        parent: Option<&str>,
    ) -> Result<Dossier> {
        let level = Self::level_of(rs, group)?;
        let schedule = Schedule::from_ruleset(rs, &level)?;
        Self::open_with_schedule(rs, unit, name, group, parent, schedule)
    }

    /// Open a dossier with an explicit schedule (e.g. the calendar a district sets for its
    /// communes, S10).
    pub fn open_with_schedule(
        rs: &RuleSet,
        unit: &str,
        name: &str,
        group: &str,
        parent: Option<&str>,
        schedule: Schedule,
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
        Self::empty(rs, header, schedule)
    }

    fn level_of(rs: &RuleSet, group: &str) -> Result<String> {
        rs.group(group).map(|g| g.level.clone()).ok_or_else(|| {
            refuse(
                codes::UNKNOWN_GROUP,
                "$.header.group",
                format!(
                    "rule set `{}` has no group `{group}` (groups: {})",
                    rs.id(),
                    rs.def()
                        .groups
                        .iter()
                        .map(|g| g.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
    }

    fn empty(rs: &RuleSet, header: Header, schedule: Schedule) -> Result<Dossier> {
        let d = Dossier {
            header,
            schedule,
            state: State::new(),
            log: Vec::new(),
        };
        let cx = d.cx(rs)?;
        if *d.schedule.level != *cx.level.id {
            return Err(refuse(
                codes::BAD_CALENDAR,
                "$.schedule.level",
                format!(
                    "the schedule is for level `{}`, the unit is of level `{}`",
                    d.schedule.level, cx.level.id
                ),
            ));
        }
        d.schedule.validate()?;
        if cx.delegated && d.header.parent.is_none() {
            return Err(refuse(
                codes::MISSING_PARENT,
                "$.header.parent",
                format!(
                    "units of level `{}` are appraised by their district's council (S10); give the parent district",
                    cx.level.id
                ),
            ));
        }
        Ok(d)
    }

    fn cx<'a>(&self, rs: &'a RuleSet) -> Result<Cx<'a>> {
        if rs.id() != self.header.ruleset {
            return Err(refuse(
                codes::RULESET_MISMATCH,
                "$.header.ruleset",
                format!(
                    "the dossier belongs to rule set `{}`, not `{}`",
                    self.header.ruleset,
                    rs.id()
                ),
            ));
        }
        let unknown = || {
            refuse(
                codes::UNKNOWN_GROUP,
                "$.header.group",
                format!(
                    "rule set `{}` has no group `{}` of level `{}`",
                    rs.id(),
                    self.header.group,
                    self.header.level
                ),
            )
        };
        let group = rs.group(&self.header.group).ok_or_else(unknown)?;
        if group.level != self.header.level {
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
    pub fn phase_at(&self, now: DateTime) -> Phase {
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
    fn pending(&self, now: DateTime) -> Vec<(DateTime, Phase, Phase, Trigger)> {
        let s = &self.schedule;
        let mut out = Vec::new();
        let mut phase = self.state.phase;
        loop {
            let next = match phase {
                Phase::Draft => (
                    s.deadline,
                    Phase::UnderAppraisal,
                    Trigger::SelfAssessmentDeadline,
                ),
                Phase::Submitted => (
                    s.appraisal_start,
                    Phase::UnderAppraisal,
                    Trigger::AppraisalStart,
                ),
                Phase::UnderAppraisal => (s.lock, Phase::Locked, Trigger::Lock),
                Phase::Locked => (
                    s.explanation_start,
                    Phase::Explanation,
                    Trigger::ExplanationStart,
                ),
                Phase::Explanation => (
                    s.explanation_end,
                    if s.rounds >= 2 {
                        Phase::Reappraisal
                    } else {
                        Phase::Final
                    },
                    Trigger::ExplanationEnd,
                ),
                Phase::Reappraisal => (s.reappraisal_end, Phase::Final, Trigger::ReappraisalEnd),
                Phase::Final | Phase::Announced => break,
            };
            if next.0 > now {
                break;
            }
            out.push((next.0, phase, next.1, next.2));
            phase = next.1;
        }
        out
    }

    fn check_time(&self, now: DateTime) -> Result<()> {
        match self.log.last() {
            Some(last) if now < last.at => Err(refuse(
                codes::TIME_ORDER,
                "$.at",
                format!("{now} is earlier than the dossier's last event ({}); time cannot run backwards", last.at),
            )),
            _ => Ok(()),
        }
    }

    fn push(&mut self, at: DateTime, actor: Actor, act: Act) {
        // Events are numbered from 1; a log in memory holds far fewer than u64::MAX of them.
        let seq = (self.log.len() as u64).saturating_add(1);
        self.log.push(Event {
            seq,
            at,
            actor,
            act,
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
    /// window). Acts do this themselves; a portal may also call it on a timer. Returns the events
    /// appended.
    pub fn advance(&mut self, now: DateTime) -> Result<&[Event]> {
        self.check_time(now)?;
        let start = self.log.len();
        let due = self.pending(now);
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
        self.check_time(now)?;
        let due = self.pending(now);
        let phase = due.last().map(|t| t.2).unwrap_or(self.state.phase);
        self.check(&cx, phase, actor, now, &act)?;
        let start = self.log.len();
        self.record_transitions(due);
        self.perform(actor, now, &act);
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

    /// Second-round appraisal of an explained leaf.
    pub fn reappraise(
        &mut self,
        rs: &RuleSet,
        actor: &Actor,
        now: DateTime,
        code: &str,
        points: Decimal,
        note: Option<&str>,
    ) -> Result<&[Event]> {
        let act = Act::Reappraise {
            code: code.to_string(),
            points,
            note: note.map(str::to_string),
        };
        self.apply(rs, actor, now, act)
    }

    /// Announce the results (S8).
    pub fn announce(&mut self, rs: &RuleSet, actor: &Actor, now: DateTime) -> Result<&[Event]> {
        self.apply(rs, actor, now, Act::Announce)
    }

    /// Check an act against the phase it would happen in. Pure.
    fn check(&self, cx: &Cx, phase: Phase, actor: &Actor, now: DateTime, act: &Act) -> Result<()> {
        if matches!(actor, Actor::System) {
            return Err(refuse(
                codes::NOT_AUTHORISED,
                "$.actor",
                "only the workflow acts as `system`; its transitions follow the calendar",
            ));
        }
        let s = &self.schedule;
        match act {
            Act::Transition { .. } => Err(refuse(
                codes::NOT_AUTHORISED,
                "$.act",
                "transitions are recorded by the workflow when time passes the calendar's instants",
            )),
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
                    Phase::UnderAppraisal if now >= s.appraisal_start => {}
                    Phase::Draft | Phase::Submitted | Phase::UnderAppraisal => {
                        return Err(refuse(
                            codes::APPRAISAL_NOT_OPEN,
                            "$.at",
                            format!(
                                "appraisal opens at {} and needs a submitted dossier or the passed deadline (S5, S6)",
                                s.appraisal_start
                            ),
                        ))
                    }
                    _ => {
                        return Err(refuse(
                            codes::LOCKED,
                            "$.at",
                            format!("the software locked at {} for council members (S6)", s.lock),
                        ))
                    }
                }
                self.in_remit(cx, code, member)?;
                if let Some(a) = self.item(code).and_then(|i| i.appraisal.as_ref()) {
                    return Err(refuse(
                        codes::ALREADY_APPRAISED,
                        item_path(code),
                        format!(
                            "`{code}` was already appraised in round 1 ({} points by `{}` at {}); each item is appraised once (S7)",
                            show(a.points),
                            a.member,
                            a.at
                        ),
                    ));
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
                        return Err(refuse(
                            codes::EXPLANATION_NOT_OPEN,
                            "$.at",
                            format!("explanations open at {} (S8)", s.explanation_start),
                        ))
                    }
                    _ => {
                        return Err(refuse(
                            codes::EXPLANATION_CLOSED,
                            "$.at",
                            format!("explanations closed at {} (S8)", s.explanation_end),
                        ))
                    }
                }
                if text.trim().is_empty() && evidence.is_empty() {
                    return Err(refuse(
                        codes::EMPTY_EXPLANATION,
                        format!("{}.text", item_path(code)),
                        "an explanation needs a text or evidence",
                    ));
                }
                check_evidence(evidence, code)
            }
            Act::Reappraise { code, points, .. } => {
                let member = self.council_actor(cx, actor, act)?;
                let node = self.leaf(cx, code)?;
                if s.rounds < 2 {
                    return Err(refuse(
                        codes::SINGLE_ROUND,
                        "$.council.rounds",
                        "the council appraises in one round; there is no re-appraisal",
                    ));
                }
                match phase {
                    Phase::Reappraisal if now >= s.reappraisal_start => {}
                    p if p <= Phase::Reappraisal => {
                        return Err(refuse(
                            codes::REAPPRAISAL_NOT_OPEN,
                            "$.at",
                            format!("the second round opens at {}", s.reappraisal_start),
                        ))
                    }
                    _ => {
                        return Err(refuse(
                            codes::REAPPRAISAL_CLOSED,
                            "$.at",
                            format!("the second round closed at {}", s.reappraisal_end),
                        ))
                    }
                }
                self.in_remit(cx, code, member)?;
                let item = self.item(code);
                let explained = matches!(item, Some(i) if !i.explanations.is_empty());
                if !explained {
                    return Err(refuse(
                        codes::NOT_EXPLAINED,
                        item_path(code),
                        format!("the unit did not explain `{code}`; only explained items are re-appraised (S8)"),
                    ));
                }
                if let Some(a) = item.and_then(|i| i.reappraisal.as_ref()) {
                    return Err(refuse(
                        codes::ALREADY_APPRAISED,
                        item_path(code),
                        format!(
                            "`{code}` was already re-appraised ({} points by `{}` at {}); each item is appraised once per round (S7)",
                            show(a.points),
                            a.member,
                            a.at
                        ),
                    ));
                }
                check_points(node, *points, code, "points")
            }
            Act::Announce => {
                self.announcer(cx, actor)?;
                match phase {
                    Phase::Announced => Err(refuse(
                        codes::ALREADY_ANNOUNCED,
                        "$.state.announced_at",
                        format!(
                            "the results were announced at {}",
                            self.state.announced_at.map(|t| t.to_string()).unwrap_or_default()
                        ),
                    )),
                    Phase::Final if now >= s.announcement => Ok(()),
                    _ => Err(refuse(
                        codes::ANNOUNCEMENT_NOT_DUE,
                        "$.at",
                        format!(
                            "results may be announced from {} once final (S8); the dossier is `{phase}`",
                            s.announcement
                        ),
                    )),
                }
            }
        }
    }

    fn unit_actor(&self, actor: &Actor, act: &Act) -> Result<()> {
        match actor {
            Actor::UnitOfficer { unit } if *unit == self.header.unit => Ok(()),
            Actor::UnitOfficer { unit } => Err(refuse(
                codes::OTHER_UNIT,
                "$.actor.unit",
                format!(
                    "an officer of `{unit}` cannot act on the dossier of `{}`",
                    self.header.unit
                ),
            )),
            other => Err(refuse(
                codes::NOT_AUTHORISED,
                "$.actor",
                format!(
                    "`{}` is the assessed unit's act; {other} cannot perform it",
                    act.name()
                ),
            )),
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
            (false, Some(d), _) => Err(refuse(
                codes::WRONG_COUNCIL,
                "$.actor.district",
                format!(
                    "level `{}` is appraised by the provincial council, not by district `{d}`",
                    cx.level.id
                ),
            )),
            (true, Some(d), Some(p)) if d == p => Ok(()),
            (true, d, p) => Err(refuse(
                codes::WRONG_COUNCIL,
                "$.actor.district",
                format!(
                    "`{}` is appraised by the council of its district `{}` (S10), not by {}",
                    self.header.unit,
                    p.unwrap_or("?"),
                    d.map(|d| format!("district `{d}`"))
                        .unwrap_or_else(|| "the provincial council".into())
                ),
            )),
        }
    }

    fn council_actor<'b>(&self, cx: &Cx, actor: &'b Actor, act: &Act) -> Result<&'b str> {
        let Actor::CouncilMember { member, .. } = actor else {
            return Err(refuse(
                codes::NOT_AUTHORISED,
                "$.actor",
                format!(
                    "`{}` is a council member's act; {actor} cannot perform it",
                    act.name()
                ),
            ));
        };
        self.same_council(cx, actor)?;
        let council = cx.rs.def().council.as_ref().ok_or_else(|| {
            refuse(
                codes::NO_COUNCIL,
                "$.council",
                format!("rule set `{}` declares no appraisal council", cx.rs.id()),
            )
        })?;
        if !council.members.iter().any(|m| m.id == *member) {
            return Err(refuse(
                codes::UNKNOWN_MEMBER,
                "$.actor.member",
                format!(
                    "the council has no member `{member}` (members: {})",
                    council
                        .members
                        .iter()
                        .map(|m| m.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        Ok(member)
    }

    fn announcer(&self, cx: &Cx, actor: &Actor) -> Result<()> {
        match actor {
            Actor::Chairman { .. } | Actor::Secretariat { .. } => self.same_council(cx, actor),
            other => Err(refuse(
                codes::NOT_AUTHORISED,
                "$.actor",
                format!("results are announced by the Chairman or the secretariat, not by {other}"),
            )),
        }
    }

    fn leaf<'a>(&self, cx: &Cx<'a>, code: &str) -> Result<&'a CNode> {
        let path = item_path(code);
        let ni = *cx.level.by_code.get(code).ok_or_else(|| {
            refuse(
                codes::UNKNOWN_CODE,
                path.clone(),
                format!("level `{}` has no criterion `{code}`", cx.level.id),
            )
        })?;
        let node = cx.level.nodes.get(ni).ok_or_else(|| {
            refuse(
                codes::UNKNOWN_CODE,
                path.clone(),
                format!("no criterion `{code}`"),
            )
        })?;
        if !node.children.is_empty() {
            return Err(refuse(
                codes::NOT_A_LEAF,
                path,
                format!("`{code}` is scored as the sum of its children; act on its leaves"),
            ));
        }
        if !cx.applies.get(ni).copied().unwrap_or(false) {
            return Err(refuse(
                codes::NOT_IN_GROUP,
                path,
                format!(
                    "criterion `{code}` does not apply to group `{}` (S2)",
                    self.header.group
                ),
            ));
        }
        Ok(node)
    }

    fn in_remit(&self, cx: &Cx, code: &str, member: &str) -> Result<()> {
        let ni = cx.level.by_code.get(code).copied().unwrap_or(usize::MAX);
        match remit::appraiser_at(cx.rs, cx.li, ni) {
            None => Err(remit::no_appraiser(code)),
            Some(m) if m == member => Ok(()),
            Some(m) => Err(refuse(
                codes::OUTSIDE_REMIT,
                item_path(code),
                format!("`{code}` is in the remit of `{m}`, not of `{member}`; members appraise only their own fields (S7)"),
            )),
        }
    }

    fn self_open(&self, phase: Phase, now: DateTime) -> Result<()> {
        if let Some(at) = self.state.submitted_at {
            return Err(refuse(
                codes::ALREADY_SUBMITTED,
                "$.state.submitted_at",
                format!("the self-assessment was submitted at {at}; a unit submits once and cannot change it afterwards (S3)"),
            ));
        }
        match phase {
            Phase::Draft if now < self.schedule.self_assessment_start => Err(refuse(
                codes::SELF_ASSESSMENT_NOT_OPEN,
                "$.at",
                format!("self-assessment opens at {}", self.schedule.self_assessment_start),
            )),
            Phase::Draft => Ok(()),
            _ => Err(refuse(
                codes::SELF_ASSESSMENT_CLOSED,
                "$.at",
                format!(
                    "the self-assessment deadline passed at {} without a submission; the dossier is appraised as it stands (S5)",
                    self.schedule.deadline
                ),
            )),
        }
    }

    /// Apply a checked act to the state.
    fn perform(&mut self, actor: &Actor, now: DateTime, act: &Act) {
        let (member, district) = match actor {
            Actor::CouncilMember { member, district } => (member.clone(), district.clone()),
            _ => (String::new(), None),
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
                self.state.submitted_at = Some(now);
                self.state.phase = Phase::Submitted;
            }
            Act::Appraise { code, points, note } => {
                self.state.items.entry(code.clone()).or_default().appraisal = Some(Appraisal {
                    points: *points,
                    member,
                    district,
                    note: note.clone(),
                    at: now,
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
                        at: now,
                    });
            }
            Act::Reappraise { code, points, note } => {
                self.state
                    .items
                    .entry(code.clone())
                    .or_default()
                    .reappraisal = Some(Appraisal {
                    points: *points,
                    member,
                    district,
                    note: note.clone(),
                    at: now,
                });
            }
            Act::Announce => {
                self.state.phase = Phase::Announced;
                self.state.announced_at = Some(now);
                self.state.announced_by = Some(actor.clone());
            }
            Act::Transition { .. } => {}
        }
    }

    // -----------------------------------------------------------------------------------------
    // Storing and replaying

    /// Rebuild a dossier by replaying a stored log: every act is checked again, every automatic
    /// transition must fall where the schedule puts it, and the log must reproduce itself exactly.
    pub fn replay(
        rs: &RuleSet,
        header: Header,
        schedule: Schedule,
        log: &[Event],
    ) -> Result<Dossier> {
        let mut d = Self::empty(rs, header, schedule)?;
        for (i, e) in log.iter().enumerate() {
            let path = format!("$.log[{i}]");
            let r = match (&e.actor, &e.act) {
                (Actor::System, Act::Transition { .. }) => d.advance(e.at).map(|_| ()),
                _ => d.apply(rs, &e.actor, e.at, e.act.clone()).map(|_| ()),
            };
            if let Err(err) = r {
                return Err(refuse(
                    codes::REPLAY_REFUSED,
                    path,
                    format!("event {} cannot be replayed: {err}", e.seq),
                ));
            }
        }
        if d.log != log {
            let k = d
                .log
                .iter()
                .zip(log)
                .position(|(a, b)| a != b)
                .unwrap_or(d.log.len().min(log.len()));
            return Err(refuse(
                codes::REPLAY_MISMATCH,
                format!("$.log[{k}]"),
                format!(
                    "the stored log does not reproduce itself at event {} (replayed {} event(s), stored {})",
                    k.saturating_add(1),
                    d.log.len(),
                    log.len()
                ),
            ));
        }
        Ok(d)
    }

    /// The dossier as JSON (header, schedule, state and log).
    pub fn to_json(&self) -> String {
        crate::pretty::pretty(&serde_json::to_string(self).unwrap_or_default())
    }

    /// Read a stored dossier: its log is replayed against the rule set and the stored state must
    /// equal the replayed one. The text is read within the default [`Limits`](crate::Limits).
    pub fn from_json(rs: &RuleSet, text: &str) -> Result<Dossier> {
        Self::from_json_within(rs, text, &crate::Limits::DEFAULT)
    }

    /// [`from_json`](Self::from_json), the text first checked against `limits` (a key written
    /// twice refuses it, `input.duplicate_key`).
    pub fn from_json_within(rs: &RuleSet, text: &str, limits: &crate::Limits) -> Result<Dossier> {
        let scanned = limits.scan(text, crate::limits::Kind::Dossier, "$")?;
        crate::api::refuse_duplicates(scanned)?;
        let tree: serde_json::Value = serde_json::from_str(crate::limits::strip_bom(text))
            .map_err(|e| refuse(codes::BAD_RECORD, "$", e.to_string()))?;
        let stored: Dossier = crate::de::from_value(&tree).map_err(|e| {
            refuse(
                codes::BAD_RECORD,
                format!("${}", e.json_path),
                crate::error::serde_message(&e.inner.to_string()),
            )
        })?;
        let replayed = Self::replay(
            rs,
            stored.header.clone(),
            stored.schedule.clone(),
            &stored.log,
        )?;
        if replayed.state != stored.state {
            return Err(refuse(
                codes::STATE_MISMATCH,
                "$.state",
                "the stored state differs from the replay of the stored log",
            ));
        }
        Ok(replayed)
    }

    // -----------------------------------------------------------------------------------------
    // Scoring

    /// The scoring input of the dossier: per leaf the self score with its evidence, the first-round
    /// appraisal (`appraised`), the second-round one (`reappraised`) and notes telling the history
    /// (self → appraised → explained → re-appraised). [`score_unit`] takes the best available value:
    /// re-appraised, then appraised, then a self score with evidence (S7).
    ///
    /// Survey and IT components, bonus and penalty are not part of the dossier; add them to the
    /// returned input before scoring when they are known.
    pub fn unit_input(&self) -> UnitInput {
        let items = self
            .state
            .items
            .iter()
            .map(|(code, it)| (code, item_input(it)))
            .filter(|(_, it)| *it != ItemInput::default())
            .collect();
        UnitInput {
            id: self.header.unit.clone(),
            name: self.header.name.clone(),
            group: self.header.group.clone(),
            block: None,
            parent: self.header.parent.clone(),
            items,
            components: BTreeMap::new(),
            bonus: Vec::new(),
            penalty: Vec::new(),
            synthetic: false,
        }
    }

    /// Score the dossier as it stands (see [`Dossier::unit_input`]).
    pub fn score(&self, rs: &RuleSet) -> Result<UnitScore> {
        score_unit(rs, self.unit_input(), &Context::default(), "$")
    }
}

fn check_points(node: &CNode, p: Decimal, code: &str, field: &str) -> Result<()> {
    let path = format!("{}.{field}", item_path(code));
    if p < node.min || p > node.max {
        return Err(refuse(
            codes::POINTS_OUT_OF_RANGE,
            path,
            format!(
                "{} points are outside {}–{} for `{code}`",
                show(p),
                show(node.min),
                show(node.max)
            ),
        ));
    }
    if let Some(Rule::Manual { step: Some(s) }) = &node.rule {
        if !s.is_zero() && !crate::decimal::multiple(p, *s) {
            return Err(refuse(
                codes::POINTS_STEP,
                path,
                format!(
                    "{} is not a multiple of the step {} for `{code}`",
                    show(p),
                    show(*s)
                ),
            ));
        }
    }
    Ok(())
}

fn check_evidence(evidence: &[String], code: &str) -> Result<()> {
    match evidence.iter().position(|e| e.trim().is_empty()) {
        Some(i) => Err(refuse(
            codes::EMPTY_EVIDENCE,
            format!("{}.evidence[{i}]", item_path(code)),
            "an evidence document needs a name",
        )),
        None => Ok(()),
    }
}

fn by(a: &Appraisal) -> String {
    match &a.district {
        Some(d) => format!("{}@{d}", a.member),
        None => a.member.clone(),
    }
}

fn item_input(it: &ItemRecord) -> ItemInput {
    let mut notes = Vec::new();
    if let Some(n) = &it.self_note {
        notes.push(format!("self: {n}"));
    }
    if let Some(a) = &it.appraisal {
        notes.push(format!(
            "appraised {} by {} at {}{}",
            show(a.points),
            by(a),
            a.at,
            a.note
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default()
        ));
    }
    for e in &it.explanations {
        let mut s = format!("explained at {}: {}", e.at, e.text);
        if !e.evidence.is_empty() {
            s.push_str(&format!(" [evidence: {}]", e.evidence.join(", ")));
        }
        notes.push(s);
    }
    if let Some(a) = &it.reappraisal {
        notes.push(format!(
            "re-appraised {} by {} at {}{}",
            show(a.points),
            by(a),
            a.at,
            a.note
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default()
        ));
    }
    let mut item = ItemInput::default()
        .with_evidence(it.evidence.clone())
        .with_notes(notes);
    item.set_self_score(it.self_score);
    item.set_appraised(it.appraisal.as_ref().map(|a| a.points));
    item.set_reappraised(it.reappraisal.as_ref().map(|a| a.points));
    item
}
