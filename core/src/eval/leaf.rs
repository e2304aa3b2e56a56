//! One leaf scored: entered points checked against its range and step, its facts evaluated by
//! its rule ([`crate::rules`]), and the points taken by precedence (S7, S8: the council's reviewed decision, appraised,
//! from the facts, a self score with evidence); or, with feature `fast-score`, on integers from
//! the rule prepared when the rule set was compiled.

use crate::compile::CNode;
use crate::def::{Rounding, Rule};
use crate::error::{issue, Error, Result};
use crate::input::ItemInput;
use crate::result::{NodeStatus, PointSource};
use crate::rules::{Bests, Ev, ItemPath, LeafOut, Raw};
use crate::support::decimal::{multiple, show};
use rust_decimal::Decimal;

/// A leaf's points from its rule prepared for items scored from their facts (feature
/// `fast-score`), or `None` for the general evaluation.
#[inline]
pub(super) fn quick_points(
    node: &CNode,
    item: Option<&ItemInput>,
    rounding: &Rounding,
) -> Option<Decimal> {
    #[cfg(feature = "fast-score")]
    {
        quick_got(node, item, rounding)?.decimal(rounding.scale)
    }
    #[cfg(not(feature = "fast-score"))]
    {
        let _ = (node, item, rounding);
        None
    }
}

/// What [`quick_points`] takes the points from.
#[cfg(feature = "fast-score")]
#[inline]
pub(super) fn quick_got<'q>(
    node: &'q CNode,
    item: Option<&ItemInput>,
    rounding: &Rounding,
) -> Option<crate::quick::Got<'q>> {
    let it = item?;
    // S7: facts win over a self score given with them; the self score must still be within the
    // leaf's range and on its step, or the general evaluation reports it.
    if let Some(v) = it.self_score() {
        let off_step = |s: &Decimal| !multiple(v, *s);
        let step = matches!(&node.rule, Some(Rule::Manual { step: Some(s) }) if off_step(s));
        if v < node.min || v > node.max || step {
            return None;
        }
    }
    node.quick.got(it, rounding)
}

/// How a leaf was scored: its status, where the points came from, its raw points, and what the
/// rule computed from the facts (shown even when an appraisal overrides them: the council may have
/// corrected them).
pub(super) struct LeafEval {
    pub status: NodeStatus,
    pub source: Option<PointSource>,
    pub raw: Raw,
    pub computed: Option<LeafOut>,
}

/// Score a leaf (S7: an appraised score wins over a self score; a self score needs evidence).
/// `explain` builds the rule branch for the explanation.
#[allow(clippy::too_many_arguments)]
pub(super) fn eval_leaf(
    node: &CNode,
    item: Option<&ItemInput>,
    li: usize,
    ni: usize,
    best: &Bests,
    rounding: &Rounding,
    ipath: ItemPath<'_>,
    explain: bool,
) -> Result<LeafEval> {
    let Some(it) = item else {
        return Ok(LeafEval {
            status: NodeStatus::Missing,
            source: None,
            raw: Raw::exact(Decimal::ZERO),
            computed: None,
        });
    };
    let rule = node.rule.as_ref().expect("validated: leaves carry a rule");
    let mut issues = Vec::new();
    // Entered points are checked against the node's range and step (most leaves carry facts only).
    if it.self_score().is_some() || it.appraised().is_some() || it.reappraised().is_some() {
        for (v, field) in [
            (it.self_score(), "self"),
            (it.appraised(), "appraised"),
            (it.reappraised(), "reappraised"),
        ] {
            let Some(v) = v else { continue };
            if v < node.min || v > node.max {
                issues.push(issue!(
                    "input.points_out_of_range",
                    format!("{ipath}.{field}"),
                    points = show(v),
                    min = show(node.min),
                    max = show(node.max),
                    code = node.code
                ));
            } else if let Rule::Manual { step: Some(s) } = rule {
                if !multiple(v, *s) {
                    issues.push(issue!(
                        "input.points_step",
                        format!("{ipath}.{field}"),
                        points = show(v),
                        step = show(*s),
                        code = node.code
                    ));
                }
            }
        }
    }
    let computed = if it.fact_mask() != 0 {
        let ev = Ev {
            code: &node.code,
            max: node.max,
            min: node.min,
            kind: rule.kind(),
            facts: it,
            rounding,
            ipath,
            explain,
            best,
            at: (li, ni),
        };
        match crate::rules::evaluate(rule, &ev) {
            Ok(o) => Some(o),
            Err(e) => {
                issues.extend(e.issues().iter().cloned());
                None
            }
        }
    } else {
        None
    };
    if !issues.is_empty() {
        return Err(Error::from_issues(issues));
    }
    let (status, source, raw) = if let Some(v) = it.reappraised() {
        (
            NodeStatus::Scored,
            Some(PointSource::Reappraised),
            Raw::exact(v),
        )
    } else if let Some(v) = it.appraised() {
        (
            NodeStatus::Scored,
            Some(PointSource::Appraised),
            Raw::exact(v),
        )
    } else if let Some(o) = &computed {
        (NodeStatus::Scored, Some(PointSource::Facts), o.raw)
    } else if let Some(v) = it.self_score() {
        if it.evidence().is_empty() {
            (NodeStatus::NotRecognised, None, Raw::exact(Decimal::ZERO))
        } else {
            (
                NodeStatus::Scored,
                Some(PointSource::SelfScore),
                Raw::exact(v),
            )
        }
    } else {
        (NodeStatus::Missing, None, Raw::exact(Decimal::ZERO))
    };
    Ok(LeafEval {
        status,
        source,
        raw,
        computed,
    })
}
