//! Applying a checked act to the dossier's state.

use super::{Appraisal, ComponentRecord, Cx, Dossier, Explanation, Review};
use crate::time::DateTime;
use crate::workflow::actor::Actor;
use crate::workflow::event::{Act, Phase};

impl Dossier {
    /// Apply a checked act to the state.
    pub(super) fn perform(&mut self, cx: &Cx, actor: &Actor, now: &DateTime, act: &Act) {
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
}
