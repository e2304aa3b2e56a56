//! Which council member appraises which criterion (S7: "theo chức năng quản lý nhà nước đối với
//! từng lĩnh vực").
//!
//! For a leaf, walk from the leaf up to its field and take the nearest declaration:
//! 1. an `appraiser` declared on the node itself (`Node.appraiser`), else
//! 2. a council member whose `remit` lists the node's code for the level.
//!
//! When nothing on the way declares an appraiser, the standing member (Home Affairs) appraises the
//! leaf: "whatever is left". Exactly one member appraises each leaf.

use super::codes;
pub(crate) use crate::compile::appraiser::appraiser_at;
use crate::compile::appraiser::{declared, resolve};
use crate::compile::{CLevel, RuleSet};
use crate::def::{Council, Node};
use crate::error::{Error, Issue, Result};
use std::collections::BTreeMap;

fn level_parts<'a>(rs: &'a RuleSet, level: &str) -> Result<(&'a CLevel, &'a [Node], &'a Council)> {
    let (li, cl) = rs.level(level).ok_or_else(|| {
        Error::NotFound(Issue::new(
            "not_found.level",
            "$.levels",
            format!("rule set `{}` has no level `{level}`", rs.id()),
        ))
    })?;
    let council = rs.def().council.as_ref().ok_or_else(|| {
        Error::Workflow(Issue::new(
            codes::NO_COUNCIL,
            "$.council",
            format!("rule set `{}` declares no appraisal council", rs.id()),
        ))
    })?;
    let nodes = rs
        .def()
        .levels
        .get(li)
        .map(|l| l.nodes.as_slice())
        .unwrap_or(&[]);
    Ok((cl, nodes, council))
}

/// The council member (id) who appraises a criterion of a level (S7).
pub fn appraiser_of<'a>(rs: &'a RuleSet, level: &str, code: &str) -> Result<&'a str> {
    let (cl, nodes, council) = level_parts(rs, level)?;
    let ni = *cl.by_code.get(code).ok_or_else(|| {
        Error::Workflow(Issue::new(
            codes::UNKNOWN_CODE,
            "$.code",
            format!("level `{level}` has no criterion `{code}`"),
        ))
    })?;
    resolve(&declared(nodes), cl, council, ni).ok_or_else(|| no_appraiser(code))
}

pub(crate) fn no_appraiser(code: &str) -> Error {
    Error::Workflow(Issue::new(
        codes::NO_APPRAISER,
        "$.code",
        format!("no council member's remit covers `{code}` and the council has no standing member"),
    ))
}

/// Every leaf of a level with the member who appraises it (leaves no one covers are left out).
pub fn remit_map(rs: &RuleSet, level: &str) -> Result<BTreeMap<String, String>> {
    let (cl, nodes, council) = level_parts(rs, level)?;
    let decl = declared(nodes);
    Ok(cl
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.children.is_empty())
        .filter_map(|(i, n)| {
            resolve(&decl, cl, council, i).map(|m| (n.code.to_string(), m.to_string()))
        })
        .collect())
}
