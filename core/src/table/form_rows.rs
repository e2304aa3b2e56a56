//! A unit's scores read per criterion as forms 01-04 show them (S4): maximum, self-score,
//! evidence attached and asked for, the points after appraisal, points lost and why.

use super::describe::{LabelIn, Lang};
use crate::compile::RuleSet;
use crate::def::Node;
use crate::error::{Error, Result};
use crate::result::{NodeScore, NodeStatus, PointSource, UnitScore};
use rust_decimal::Decimal;

/// One criterion of a unit's form: the node's scores as the forms show them.
#[derive(Debug, Clone, PartialEq)]
pub struct FormRow {
    pub code: String,
    pub label: String,
    pub depth: u8,
    pub leaf: bool,
    /// The maximum applicable to the unit (0 when the node is excluded as not applicable, C10).
    pub max_points: Decimal,
    /// The unit's self-assessed points: the `self` points it entered, else the points its facts
    /// give (the software computes them; after appraisal too), else none. A parent's is the sum
    /// of its children's.
    pub self_points: Option<Decimal>,
    /// The evidence documents the unit attached.
    pub evidence: Vec<String>,
    /// The evidence documents the rule set asks for (danh mục tài liệu kiểm chứng).
    pub evidence_required: Vec<String>,
    /// The points after the council's appraisal: once any criterion of the unit is appraised,
    /// every node's final points (the council's value where it gave one, the points it let stand
    /// elsewhere, a parent's sum as the engine makes it, caps included); none before.
    pub appraised: Option<Decimal>,
    /// The final points.
    pub points: Decimal,
    /// Points lost (maximum − points).
    pub lost: Decimal,
    /// Why: how the node's points were computed, in the engine's words ([`RuleSet::node_text`],
    /// the text of `explain`), where it lost points or was not scored as usual (not applicable, not
    /// recognised, no data); empty elsewhere.
    pub why: String,
    /// Notes entered with the item.
    pub notes: Vec<String>,
    pub status: NodeStatus,
}

fn find<'a>(nodes: &'a [Node], code: &str) -> Option<&'a Node> {
    nodes.iter().find_map(|n| {
        (n.code == code)
            .then_some(n)
            .or_else(|| find(&n.children, code))
    })
}

/// A node's why in its form: the engine's text of how its points were computed (the options,
/// outcomes and deductions it names by their labels, [`RuleSet::node_text`]), where it lost points
/// or was not scored as usual.
fn why(rs: &RuleSet, level: &str, n: &NodeScore, lang: Lang) -> String {
    let unusual = matches!(
        n.status,
        NodeStatus::NotApplicableFull
            | NodeStatus::NotApplicableExcluded
            | NodeStatus::NotRecognised
            | NodeStatus::Missing
    );
    if n.lost > Decimal::ZERO || unusual {
        rs.node_text(level, n, lang)
    } else {
        String::new()
    }
}

/// The rows of a unit's form: its nodes in the rubric's order, those of other groups left out.
/// Refused when the unit's explanation was not kept (`input.no_explanation`).
pub fn form_rows(rs: &RuleSet, unit: &UnitScore, lang: Lang) -> Result<Vec<FormRow>> {
    if unit.nodes.is_empty() {
        return Err(Error::input(crate::error::issue!(
            "input.no_explanation",
            "$"
        )));
    }
    let level = (rs.def().levels.iter()).find(|l| *l.id == *unit.level);
    // Appraised: the council has given points to at least one criterion of the unit.
    let appraised = unit.nodes.iter().any(|n| {
        let h = n.history();
        n.leaf && (h.appraised.is_some() || h.reappraised.is_some())
    });
    let mut rows: Vec<FormRow> = Vec::new();
    let mut capped: Vec<bool> = Vec::new();
    for (i, n) in unit.nodes.iter().enumerate() {
        if n.status == NodeStatus::NotInGroup {
            continue;
        }
        let def = level.and_then(|l| find(&l.nodes, &n.code));
        let h = n.history();
        // After appraisal, the points the unit's facts give stay its self-score.
        let self_points = h.self_score.or(match (n.status, n.source) {
            (NodeStatus::NotApplicableFull, _) => Some(n.points),
            (_, Some(PointSource::Facts | PointSource::SelfScore)) => Some(n.points),
            (_, Some(PointSource::Appraised | PointSource::Reappraised)) => {
                unit.nodes.facts_points(i)
            }
            _ => None,
        });
        rows.push(FormRow {
            code: n.code.to_string(),
            label: def.map_or(n.label.to_string(), |d| lang.label(&d.label).to_string()),
            depth: n.depth,
            leaf: n.leaf,
            max_points: n.max_points,
            self_points: if n.leaf { self_points } else { None },
            evidence: h.evidence.clone(),
            evidence_required: def.map_or(Vec::new(), |d| {
                (d.evidence.iter())
                    .map(|e| match lang {
                        Lang::En => e.en.clone().unwrap_or_else(|| e.vi.clone()),
                        Lang::Vi => e.vi.clone(),
                    })
                    .collect()
            }),
            appraised: appraised.then_some(n.points),
            points: n.points,
            lost: n.lost,
            why: why(rs, &unit.level, &n, lang),
            notes: h.notes.clone(),
            status: n.status,
        });
        capped.push(def.is_some_and(|d| d.capped));
    }
    // A parent's self-score: the sum of its children's (pre-order: children follow their parent,
    // deeper), at most the parent's maximum where it is capped (S2).
    for i in (0..rows.len()).rev() {
        if rows[i].leaf {
            continue;
        }
        let depth = rows[i].depth;
        let children: Vec<usize> = (i + 1..rows.len())
            .take_while(|&j| rows[j].depth > depth)
            .filter(|&j| rows[j].depth == depth + 1)
            .collect();
        let sum = |get: &dyn Fn(&FormRow) -> Option<Decimal>| {
            let vals: Vec<Decimal> = children.iter().filter_map(|&j| get(&rows[j])).collect();
            (!vals.is_empty()).then(|| vals.iter().fold(Decimal::ZERO, |a, b| a.saturating_add(*b)))
        };
        let max = rows[i].max_points;
        rows[i].self_points =
            sum(&|r| r.self_points).map(|v| if capped[i] { v.min(max) } else { v });
    }
    Ok(rows)
}

/// The form number of a unit (S4): its group's (`02` for the four 52-point units, `03` for the
/// other departments, `04` for districts).
pub fn form_number(rs: &RuleSet, unit: &UnitScore) -> Option<String> {
    unit.form
        .clone()
        .or_else(|| rs.group(&unit.group).and_then(|g| g.form.clone()))
}
