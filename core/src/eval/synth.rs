//! Deterministic synthetic batches for benchmarks and load tests: every leaf gets a valid fact for
//! its rule kind, every component a value. The data are marked synthetic.
//!
//! The numbers drawn are small and those of a valid rule set: plain arithmetic is allowed here.

#![allow(clippy::arithmetic_side_effects)]

use crate::compile::RuleSet;
use crate::def::ComponentKind;
use crate::input::{AdjustmentInput, ComponentInput, Items, UnitInput};
use crate::rules::Lcg;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Generate `n` units for the rule set, spread over its groups (communes under generated parents).
pub fn generate(rs: &RuleSet, n: usize, seed: u64) -> Vec<UnitInput> {
    let mut rng = Lcg(seed ^ 0x9E37_79B9_7F4A_7C15);
    let groups = &rs.def().groups;
    let mut out = Vec::with_capacity(n);
    // The ids of the first units generated of each level: the parents of the level below.
    let mut parents_by_level = vec![Vec::new(); rs.levels().len()];
    for i in 0..n {
        let g = &groups[i % groups.len().max(1)];
        let Some((li, level)) = rs.level(&g.level) else {
            continue;
        };
        let ldef = &rs.def().levels[li];
        let applies = &level.applies[&g.id];
        let mut items = Items::new();
        for (ni, node) in level.nodes.iter().enumerate() {
            if !node.children.is_empty() || !applies[ni] {
                continue;
            }
            let Some(rule) = &node.rule else { continue };
            let mut it = crate::rules::synthetic(rule, node.max, node.min, &mut rng);
            if rng.below(10) == 0 {
                // Some self scores, with their evidence, as in real dossiers.
                it = it
                    .with_self(node.max)
                    .with_evidence(vec![format!("kiem-chung-{i}-{ni}.pdf")]);
            }
            items.insert(&node.code, it);
        }
        let mut components = BTreeMap::new();
        for c in &ldef.components {
            let max = c
                .group_max
                .get(&g.id)
                .copied()
                .or(c.max_points)
                .unwrap_or_default();
            match c.kind {
                ComponentKind::Rubric => {}
                ComponentKind::External => {
                    let pts = max * Decimal::new(rng.below(101) as i64, 2);
                    components.insert(
                        c.id.clone(),
                        ComponentInput::Points {
                            points: pts.round_dp(2),
                        },
                    );
                }
                ComponentKind::Survey => {
                    components.insert(
                        c.id.clone(),
                        ComponentInput::Percentage {
                            percentage: rng.pct(),
                        },
                    );
                }
            }
        }
        // A unit ranked within its parent (a commune, S10) is under one of the first 97 units
        // generated of the level above (a district), or a district outside the batch when there
        // is none.
        let parent = (ldef.block_by == crate::def::BlockBy::Parent).then(|| {
            let above: &[String] = (li.checked_sub(1)).map_or(&[], |l| &parents_by_level[l]);
            match above.get(i % 97 % above.len().max(1)) {
                Some(p) => p.clone(),
                None => format!("district-{}", i % 97),
            }
        });
        if parents_by_level[li].len() < 97 {
            parents_by_level[li].push(format!("u{i:07}"));
        }
        out.push(UnitInput {
            id: format!("u{i:07}"),
            name: format!("Đơn vị mô phỏng {i}"),
            group: g.id.clone(),
            block: None,
            parent,
            items,
            components,
            bonus: if rng.below(20) == 0 && rs.def().adjustments.bonus.is_some() {
                vec![AdjustmentInput {
                    points: Decimal::new(50, 2),
                    reason: "sáng kiến (mô phỏng)".into(),
                }]
            } else {
                Vec::new()
            },
            penalty: Vec::new(),
            synthetic: true,
        });
    }
    out
}
