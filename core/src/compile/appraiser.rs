//! Which council member appraises a leaf (S7), as the compiled rule set records it on each node
//! and the workflow checks it: the nearest declaration from the leaf up (an `appraiser` on the
//! node, else a member whose `remit` lists the node's code for the level), else the standing
//! member.

use super::{CLevel, RuleSet};
use crate::def::{Council, Node};
use std::collections::HashMap;

/// The appraisers declared on nodes (`Node.appraiser`), by code.
pub(crate) fn declared(nodes: &[Node]) -> HashMap<&str, &str> {
    fn walk<'a>(n: &'a [Node], out: &mut HashMap<&'a str, &'a str>) {
        for x in n {
            if let Some(a) = &x.appraiser {
                out.insert(x.code.as_str(), a.as_str());
            }
            walk(&x.children, out);
        }
    }
    let mut out = HashMap::new();
    walk(nodes, &mut out);
    out
}

/// The member appraising node `ni` of a level, or `None` when no one covers it.
pub(crate) fn resolve<'a>(
    declared: &HashMap<&str, &'a str>,
    level: &CLevel,
    council: &'a Council,
    ni: usize,
) -> Option<&'a str> {
    let mut cur = Some(ni);
    while let Some(i) = cur {
        let n = level.nodes.get(i)?;
        if let Some(a) = declared.get(&*n.code) {
            return Some(a);
        }
        if let Some(m) = council.members.iter().find(|m| {
            m.remit
                .get(&*level.id)
                .is_some_and(|codes| codes.iter().any(|c| **c == *n.code))
        }) {
            return Some(&m.id);
        }
        cur = n.parent;
    }
    council
        .members
        .iter()
        .find(|m| m.standing)
        .map(|m| m.id.as_str())
}

pub(crate) fn appraiser_at(rs: &RuleSet, li: usize, ni: usize) -> Option<&str> {
    let cl = rs.levels().get(li)?;
    let council = rs.def().council.as_ref()?;
    let nodes = rs.def().levels.get(li).map(|l| l.nodes.as_slice())?;
    resolve(&declared(nodes), cl, council, ni)
}
