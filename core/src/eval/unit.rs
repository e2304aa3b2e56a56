//! A unit's score, step by step: the unit's group and level, its items by node, what is marked
//! not applicable, the nodes (`walk`), then the fields, the components, bonus and penalty (C13),
//! the total, the index and its band, the ranking block (`total`). The steps run in that order, as
//! parts of one function ([`score_parts_with`]; each is inlined into it).

use super::explain::Row;
use super::total::{adjustment, block_of, components, fields, total, Total};
use super::walk::{score_nodes, Scratch, Walk, NONE, SCRATCH};
use super::{Context, Rows};
use crate::compile::{code_prefix, code_tail_cmp, CLevel, GroupTables, RuleSet};
use crate::def::{BlockBy, Group, NotApplicable, Stage};
use crate::error::{excerpt, issue, key_path, Error, Issue, Result};
use crate::input::{ItemInput, Items, UnitInput};
use crate::result::{NodeStatus, Nodes, UnitScore};
use rust_decimal::Decimal;

/// Everything of a unit's score but what is taken from the unit (`id`, `name`, `group` and
/// `parent` are left empty, `nodes` too), with the rows of its nodes and its level's index; with
/// or without the integer lane (`lane`; feature `fast-score`).
pub(super) fn score_parts_with(
    rs: &RuleSet,
    unit: &UnitInput,
    ctx: &Context,
    path: &str,
    lane: bool,
) -> Result<(UnitScore, Rows, usize)> {
    let def = rs.def();
    let (gi, group, li, level, tables) = place(rs, unit, path)?;
    let _ = gi;
    let ldef = &def.levels[li];
    let applies = &tables.applies;
    let mut issues: Vec<Issue> = Vec::new();
    let mut warnings: Vec<Issue> = Vec::new();
    let UnitInput {
        id: _,
        name: _,
        group: group_id,
        block,
        parent,
        items,
        components: comp_inputs,
        bonus,
        penalty,
        synthetic: _,
    } = unit;
    // A blank parent is no parent.
    let no_parent = parent.as_deref().is_none_or(|p| p.trim().is_empty());
    if ldef.block_by == BlockBy::Parent && no_parent && block.is_none() {
        issues.push(issue!(
            "input.missing_parent",
            format!("{path}.parent"),
            level = level.id
        ));
    }
    // S2: a unit the rule set lists in another group of its level (a 52-point unit given the
    // 56-point group).
    if let Some(listed) = crate::compile::warn::listed_elsewhere(def, group, &unit.name) {
        warnings.push(issue!(
            "input.group_not_listed",
            format!("{path}.group"),
            name = unit.name,
            listed = listed.id,
            listed_max = listed.max_points,
            group = group.id,
            group_max = group.max_points
        ));
    }
    // S10: each district ranks its own communes. A block given with the parent can only name the
    // parent's block: any other would rank the unit with another district's communes, or apart
    // from its own district's.
    if let (BlockBy::Parent, Some(b), Some(p), false) =
        (ldef.block_by, block, parent.as_deref(), no_parent)
    {
        if !names_parent_block(b, &level.id, p) {
            issues.push(issue!(
                "input.block_not_parent",
                format!("{path}.block"),
                level = level.id,
                block = b,
                parent = p
            ));
        }
    }

    // Items by node index. Items and `code_order` are both sorted by code: one merge, no lookups.
    let n = level.nodes.len();
    // (On the stack for a level of up to 128 nodes: the slots live only while the unit is scored.)
    const ON_STACK: usize = 128;
    let mut on_stack = [None; ON_STACK];
    let mut on_heap = Vec::new();
    let slots: &mut [Option<&ItemInput>] = if n <= ON_STACK {
        &mut on_stack[..n]
    } else {
        on_heap.resize(n, None);
        &mut on_heap
    };
    let flagged = slot_items(level, items, slots, path, &mut issues);

    // N/A flags are inherited by descendants: forward pass, when any item is marked.
    let Scratch {
        mut rows,
        mut units,
        mut na,
    } = SCRATCH.take();
    na.clear();
    na.resize(n, None);
    if flagged {
        mark_not_applicable(level, slots, applies, &mut na, path, &mut issues);
    }

    let rounding = &def.rounding;
    // Children follow their parent in pre-order, so the walk goes backwards: a parent's children
    // are scored when it is reached. When something is marked not applicable, a parent's row
    // collects its children's maxima on the way; otherwise the group's maxima are known in
    // advance.
    let any_na = flagged && na.iter().any(Option::is_some);
    let maxima = (!any_na).then_some(&tables.maxima);
    // With feature `fast-score`, when the leaf stage rounds and nothing is marked not
    // applicable, every node's points are also kept as an integer of the rule set's scale where
    // they are one (`NONE` where not): a parent whose children all have one sums them and holds
    // the sum within its bounds on integers. That gives the decimal that summing, holding and
    // rounding does: each child carries the scale exactly, and rounding is monotone and keeps
    // every value of the scale.
    #[cfg(feature = "fast-score")]
    let bounds = maxima.and(tables.bounds.as_ref());
    #[cfg(not(feature = "fast-score"))]
    let bounds: Option<&Vec<(i64, i64)>> = None;
    units.clear();
    units.resize(if bounds.is_some() { n } else { 0 }, NONE);
    rows.clear();
    rows.extend((0..n).map(|i| Row {
        points: Decimal::ZERO,
        max: maxima.map_or(Decimal::ZERO, |m| m[i]),
        status: NodeStatus::Sum,
        source: None,
    }));
    // The integer lane: a leaf whose facts give its points on integers, and a parent without an
    // item whose children all have integer points, are scored without their row, which stays as
    // made above (the group's maximum, no status). What reads rows below reads such a node's
    // points from `units` (`points`); kept rows are then integers, or everything is scored again
    // without the lane (`Rows::Full` needs every row).
    #[cfg(feature = "fast-score")]
    let lane = lane.then_some(bounds).flatten();
    #[cfg(not(feature = "fast-score"))]
    let _ = lane;
    let walk = Walk {
        level,
        li,
        applies,
        slots,
        na: &na,
        best: &ctx.best,
        rounding,
        path,
        group: group_id,
        any_na,
        bounds,
        #[cfg(feature = "fast-score")]
        lane,
    };
    score_nodes(&walk, &mut rows, &mut units, &mut issues, &mut warnings)?;

    let (fields, rubric_points, rubric_max) = fields(level, &rows, &units, rounding, path)?;
    let components = components(
        ldef,
        level,
        group_id,
        comp_inputs,
        (rubric_points, rubric_max),
        rounding,
        path,
        (&mut issues, &mut warnings),
    )?;

    // Bonus and penalty (C13).
    let mut caps = Vec::new();
    let bonus_raw = adjustment(
        bonus,
        &def.adjustments.bonus,
        "bonus",
        path,
        &mut issues,
        &mut caps,
    );
    let penalty_raw = adjustment(
        penalty,
        &def.adjustments.penalty,
        "penalty",
        path,
        &mut issues,
        &mut caps,
    );
    let (bonus_pts, penalty_pts) = (
        rounding.at(Stage::Component, bonus_raw),
        rounding.at(Stage::Component, penalty_raw),
    );

    if !issues.is_empty() {
        return Err(Error::from_issues(issues));
    }

    let Total {
        max_points,
        total,
        index_raw,
        index,
        band,
        band_label,
        carried,
    } = total(
        rs,
        &components,
        [(bonus_pts, bonus_raw), (penalty_pts, penalty_raw)],
        path,
        &mut caps,
    )?;
    let block = block_of(block, ldef, level, group_id, parent);
    // The rule set's own warnings reach every unit's result, and with it every output.
    warnings.extend(rs.warnings().iter().cloned());
    let score = UnitScore {
        id: String::new(),
        name: String::new(),
        level: level.id.clone(),
        block,
        parent: None,
        form: group.form.clone(),
        declared_max: group.max_points,
        rubric_max,
        rubric_points,
        components,
        bonus: bonus_pts,
        penalty: penalty_pts,
        total,
        max_points,
        caps,
        carried,
        index,
        index_raw,
        band,
        band_label,
        fields,
        warnings,
        nodes: Nodes::default(),
        group: String::new(),
    };
    #[cfg(feature = "fast-score")]
    if let Some(maxima) = maxima.filter(|_| bounds.is_some()) {
        // Checked first, then converted at once (`Option<Vec<_>>`'s `collect` would grow the
        // vector from nothing, and pushing checks its capacity for each node).
        let fits = |u: &i64| i32::try_from(*u).is_ok();
        if units.iter().all(fits) {
            let small = units.iter().map(|&u| u as i32).collect(); // Each fits, as checked.
            SCRATCH.set(Scratch { rows, units, na });
            let units = small;
            let rows = Rows::Small {
                scale: rounding.scale,
                maxima: maxima.clone(),
                applies: applies.clone(),
                units,
            };
            return Ok((score, rows, li));
        }
        if lane.is_some() {
            return score_parts_with(rs, unit, ctx, path, false);
        }
    }
    // The rows are kept with the result, at their size; the other vectors serve the next unit.
    rows.shrink_to_fit();
    SCRATCH.set(Scratch {
        rows: Vec::new(),
        units,
        na,
    });
    Ok((score, Rows::Full(rows), li))
}

/// Whether `block` names the ranking block of parent `parent` at level `level`: the parent's id, or
/// the block as results show it (`level/parent`).
fn names_parent_block(block: &str, level: &str, parent: &str) -> bool {
    let block = block.trim();
    block == parent.trim()
        || block
            .strip_prefix(level)
            .and_then(|b| b.strip_prefix('/'))
            .is_some_and(|b| b == parent.trim())
}

/// The unit's group, and its level with the group's tables.
#[inline(always)]
fn place<'r>(
    rs: &'r RuleSet,
    unit: &UnitInput,
    path: &str,
) -> Result<(usize, &'r Group, usize, &'r CLevel, &'r GroupTables)> {
    let def = rs.def();
    let Some((gi, group)) = rs.group_at(&unit.group) else {
        return Err(Error::input(issue!(
            "input.unknown_group",
            format!("{path}.group"),
            group = excerpt(&unit.group),
            ruleset = def.id,
            groups = (def.groups.iter())
                .map(|g| g.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    let Some(((li, level), tables)) = rs
        .level(&group.level)
        .and_then(|(li, l)| Some(((li, l), l.tables.get(gi)?.as_ref()?)))
    else {
        return Err(Error::input(issue!(
            "input.unknown_level",
            format!("{path}.group")
        )));
    };
    Ok((gi, group, li, level, tables))
}

/// Puts each of the unit's items in its node's slot; an item of no node is a problem. Items and
/// the level's `code_order` are both sorted by code: one merge, no lookups. Returns whether any
/// item is marked not applicable (else the N/A pass has nothing to do).
#[inline(always)]
fn slot_items<'u>(
    level: &CLevel,
    items: &'u Items,
    slots: &mut [Option<&'u ItemInput>],
    path: &str,
    issues: &mut Vec<Issue>,
) -> bool {
    // Codes are compared by their first eight bytes as one integer, and only then (rarely: codes
    // are short) by the rest.
    let mut order = level.code_order.iter().peekable();
    // Whether any item is marked not applicable (else the N/A pass has nothing to do).
    let mut flagged = false;
    for (code, item) in items {
        let key = code_prefix(code);
        let mut found = None;
        while let Some(&&(prefix, ref c, ni)) = order.peek() {
            match prefix.cmp(&key).then_with(|| code_tail_cmp(c, code)) {
                std::cmp::Ordering::Less => {
                    order.next();
                }
                std::cmp::Ordering::Equal => {
                    found = Some(ni);
                    break;
                }
                std::cmp::Ordering::Greater => break,
            }
        }
        match found {
            Some(ni) => {
                flagged |= item.is_not_applicable();
                slots[ni] = Some(item);
            }
            None => issues.push(issue!(
                "input.unknown_code",
                key_path(&format!("{path}.items"), code),
                level = level.id,
                code = excerpt(code)
            )),
        }
    }
    flagged
}

/// N/A flags, inherited by descendants: a forward pass, when any item is marked.
#[inline(always)]
fn mark_not_applicable(
    level: &CLevel,
    slots: &[Option<&ItemInput>],
    applies: &[bool],
    na: &mut [Option<NotApplicable>],
    path: &str,
    issues: &mut Vec<Issue>,
) {
    for (i, node) in level.nodes.iter().enumerate() {
        if let Some(p) = node.parent {
            if na[p].is_some() {
                na[i] = na[p];
                continue;
            }
        }
        if let Some(item) = slots[i] {
            if item.is_not_applicable() && applies[i] {
                match node.not_applicable {
                    Some(policy) => na[i] = Some(policy),
                    None => issues.push(issue!(
                        "input.not_applicable_not_allowed",
                        key_path(&format!("{path}.items"), &node.code),
                        code = node.code
                    )),
                }
            }
        }
    }
}
