//! Checking an act against the phase it would happen in, its actor and the rule set. Pure.

use super::{item_path, refuse, Cx, Dossier};
use crate::compile::CNode;
use crate::decimal::show;
use crate::def::{ComponentKind, Rule};
use crate::error::{issue, key_path, Result};
use crate::time::DateTime;
use crate::workflow::actor::Actor;
use crate::workflow::codes;
use crate::workflow::event::{Act, Phase};
use crate::workflow::remit;
use rust_decimal::Decimal;

impl Dossier {
    /// Check an act against the phase it would happen in. Pure.
    pub(super) fn check(
        &self,
        cx: &Cx,
        phase: Phase,
        actor: &Actor,
        now: &DateTime,
        act: &Act,
    ) -> Result<()> {
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
                        period = crate::workflow::periods::COUNCIL_REVIEW
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
