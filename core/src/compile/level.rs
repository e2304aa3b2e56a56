//! Compiling a validated level into its plan: the nodes in pre-order, the tables of each group,
//! and the order of codes.

use super::{CLevel, CNode, GroupTables};
use crate::def::*;
use crate::error::{issue, Issue, Result};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// Compile a validated level. A node deeper than a depth holds (255 levels below a field), or a
/// sum of maxima that overflows (impossible within [`MAX_POINTS`](super::MAX_POINTS)), is refused.
pub(super) fn compile_level(def: &RuleSetDef, level: &Level, li: usize) -> Result<CLevel, Issue> {
    let mut nodes = Vec::new();
    let mut fields = Vec::new();
    fn walk(
        n: &Node,
        path: String,
        depth: u8,
        parent: Option<usize>,
        field: usize,
        appraiser: Option<Arc<str>>,
        out: &mut Vec<CNode>,
    ) -> Result<usize, Issue> {
        let idx = out.len();
        let field = if parent.is_none() { idx } else { field };
        let appraiser = n.appraiser.as_deref().map(Arc::from).or(appraiser);
        out.push(CNode {
            code: Arc::from(n.code.as_str()),
            label: Arc::from(n.label.vi.as_str()),
            legal_ref: n.legal_ref.as_deref().map(Arc::from),
            source: n.source,
            depth,
            parent,
            children: Vec::new(),
            field,
            max: n.max_points,
            min: n.min(),
            capped: n.capped && !n.children.is_empty(),
            lo: n.min(),
            hi: n.max_points,
            rule: n.rule.clone(),
            #[cfg(feature = "fast-score")]
            quick: Default::default(),
            not_applicable: n.not_applicable,
            appraiser: appraiser.clone(),
            path: path.clone(),
        });
        for (i, c) in n.children.iter().enumerate() {
            let path = format!("{path}.children[{i}]");
            let Some(depth) = depth.checked_add(1) else {
                return Err(issue!("ruleset.too_deep", path, max = u8::MAX));
            };
            let ci = walk(c, path, depth, Some(idx), field, appraiser.clone(), out)?;
            out[idx].children.push(ci);
        }
        Ok(idx)
    }
    for (i, n) in level.nodes.iter().enumerate() {
        let idx = walk(
            n,
            format!("$.levels[{li}].nodes[{i}]"),
            0,
            None,
            0,
            None,
            &mut nodes,
        )?;
        fields.push(idx);
    }
    let by_code = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.code.to_string(), i))
        .collect();
    for n in &mut nodes {
        n.lo = def.rounding.at(Stage::Leaf, n.min);
        n.hi = def.rounding.at(Stage::Leaf, n.max);
        #[cfg(feature = "fast-score")]
        {
            n.quick = crate::quick::Quick::new(n, &def.rounding);
        }
    }
    let mut code_order: Vec<(u64, Arc<str>, usize)> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (code_prefix(&n.code), n.code.clone(), i))
        .collect();
    crate::support::sort::sort_by(&mut code_order, |a, b| a.cmp(b));
    // Applicability per group: a node applies when it and every ancestor apply.
    let mut flat_groups: Vec<&Vec<String>> = Vec::new();
    fn flat<'a>(n: &'a [Node], out: &mut Vec<&'a Vec<String>>) {
        for x in n {
            out.push(&x.groups);
            flat(&x.children, out);
        }
    }
    flat(&level.nodes, &mut flat_groups);
    let mut applies = HashMap::new();
    let mut maxima = HashMap::new();
    let mut tables = vec![None; def.groups.len()];
    for (gi, g) in def.groups.iter().enumerate() {
        if g.level != level.id {
            continue;
        }
        #[allow(unused_mut)]
        let mut bounds = None;
        let mut a = vec![true; nodes.len()];
        for i in 0..nodes.len() {
            let own = flat_groups[i].is_empty() || flat_groups[i].iter().any(|x| x == &g.id);
            let parent_ok = nodes[i].parent.map(|p| a[p]).unwrap_or(true);
            a[i] = own && parent_ok;
        }
        // Children follow their parent: summed backwards, as scoring does.
        let mut m = vec![Decimal::ZERO; nodes.len()];
        for i in (0..nodes.len()).rev() {
            if a[i] && nodes[i].children.is_empty() {
                m[i] = nodes[i].max;
            }
            // Its children are summed by now: a capped parent's maximum is the lower one.
            if nodes[i].capped {
                m[i] = m[i].min(nodes[i].max);
            }
            if let Some(p) = nodes[i].parent {
                m[p] = crate::decimal::checked_add(m[p], m[i]).ok_or_else(|| {
                    issue!(
                        "arithmetic.overflow:applicable_maxima",
                        nodes[p].path.clone()
                    )
                })?;
            }
        }
        #[cfg(feature = "fast-score")]
        if def.rounding.stages.contains(&Stage::Leaf) {
            let scale = def.rounding.scale;
            let b: Option<Vec<(i64, i64)>> = (nodes.iter().zip(&m))
                .map(|(node, &max)| {
                    if node.children.is_empty() {
                        return Some((0, 0));
                    }
                    let at = |v| crate::decimal::units(def.rounding.at(Stage::Leaf, v), scale);
                    Some((at(node.min.min(max))?, at(max)?))
                })
                .collect();
            bounds = b;
        }
        let (a, m): (Arc<[bool]>, Arc<[Decimal]>) = (a.into(), m.into());
        applies.insert(g.id.clone(), a.clone());
        maxima.insert(g.id.clone(), m.clone());
        tables[gi] = Some(GroupTables {
            applies: a,
            maxima: m,
            bounds,
        });
    }
    Ok(CLevel {
        id: level.id.as_str().into(),
        nodes,
        fields,
        by_code,
        code_order,
        applies,
        maxima,
        tables,
        component_ids: (level.components.iter())
            .map(|c| c.id.as_str().into())
            .collect(),
    })
}

/// A code's first eight bytes, zero-padded, as a big-endian integer: codes with different
/// prefixes order like the prefixes; with equal prefixes, see [`code_tail_cmp`].
pub(crate) fn code_prefix(code: &str) -> u64 {
    let mut prefix = [0; 8];
    let n = code.len().min(8);
    prefix[..n].copy_from_slice(&code.as_bytes()[..n]);
    u64::from_be_bytes(prefix)
}

/// The order of two codes whose prefixes are equal. Up to eight bytes the prefix holds the whole
/// code, zero-padded: the shorter is then a prefix of the other (or they are equal).
pub(crate) fn code_tail_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.len() <= 8 && b.len() <= 8 {
        a.len().cmp(&b.len())
    } else {
        code_cmp(a, b)
    }
}

/// Byte order of two (short) codes, as `str` orders them, without a library call.
fn code_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    for (x, y) in a.bytes().zip(b.bytes()) {
        if x != y {
            return x.cmp(&y);
        }
    }
    a.len().cmp(&b.len())
}
