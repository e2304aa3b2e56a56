//! The columns of the fact table: their names, what each stands for in the JSON batch, and their
//! types. The names are the table's contract (`docs/fact-table.md`, [`TABLE_VERSION`]).
//!
//! [`TABLE_VERSION`]: super::TABLE_VERSION

mod role;

pub use role::{ColumnKind, Entry, Fact, Role, Side};

use crate::compile::RuleSet;
use crate::def::{ComponentKind, Node, Rule};

/// The columns of a rule set's fact table, in the table's order: the unit's own columns
/// (`id`, `name`, `group`, `parent`, `block`, `synthetic`), the components, every leaf's facts
/// (leaves in the rule set's order, levels after one another, a code shared by levels once), the
/// not-applicable flags of the nodes that may be marked, then per leaf `self:`, `evidence:`,
/// `appraised:`, `reappraised:` and `notes:`, and one bonus and one penalty entry when the rule
/// set has the policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    roles: Vec<Role>,
}

impl Columns {
    /// Every column of the rule set.
    pub fn of(rs: &RuleSet) -> Columns {
        Columns::build(rs, None)
    }

    /// The columns a unit of `group` fills: those of its level, without the nodes that do not
    /// apply to the group (S2: the 52-point units lack some criteria).
    pub fn of_group(rs: &RuleSet, group: &str) -> Columns {
        Columns::build(rs, Some(group))
    }

    fn build(rs: &RuleSet, group: Option<&str>) -> Columns {
        let def = rs.def();
        let level = group.and_then(|g| rs.group(g)).map(|g| g.level.as_str());
        let levels: Vec<_> = (def.levels.iter())
            .filter(|l| level.is_none_or(|id| l.id == id))
            .collect();
        let mut roles = vec![Role::Id, Role::Name, Role::Group, Role::Parent, Role::Block];
        roles.push(Role::Synthetic);
        let mut seen = std::collections::HashSet::new();
        let mut add = |roles: &mut Vec<Role>, r: Role| {
            if seen.insert(r.clone()) {
                roles.push(r);
            }
        };
        for l in &levels {
            for c in &l.components {
                match c.kind {
                    ComponentKind::Rubric => {}
                    ComponentKind::Survey | ComponentKind::External => add(
                        &mut roles,
                        Role::Component {
                            id: c.id.clone(),
                            percentage: c.kind == ComponentKind::Survey,
                        },
                    ),
                }
            }
        }
        let applies =
            |n: &Node| group.is_none_or(|g| n.groups.is_empty() || n.groups.iter().any(|x| x == g));
        let mut leaves: Vec<&Node> = Vec::new();
        let mut flagged: Vec<&Node> = Vec::new();
        fn walk<'a>(
            nodes: &'a [Node],
            applies: &dyn Fn(&Node) -> bool,
            leaves: &mut Vec<&'a Node>,
            flagged: &mut Vec<&'a Node>,
        ) {
            for n in nodes.iter().filter(|n| applies(n)) {
                if n.not_applicable.is_some() {
                    flagged.push(n);
                }
                if n.children.is_empty() {
                    leaves.push(n);
                } else {
                    walk(&n.children, applies, leaves, flagged);
                }
            }
        }
        for l in &levels {
            walk(&l.nodes, &applies, &mut leaves, &mut flagged);
        }
        for n in &leaves {
            for fact in facts_of(n.rule.as_ref()) {
                add(
                    &mut roles,
                    Role::Fact {
                        code: n.code.clone(),
                        fact,
                    },
                );
            }
        }
        for n in &flagged {
            add(
                &mut roles,
                Role::Entry {
                    code: n.code.clone(),
                    entry: Entry::NotApplicable,
                },
            );
        }
        for entry in Entry::ALL.into_iter().skip(1) {
            for n in &leaves {
                add(
                    &mut roles,
                    Role::Entry {
                        code: n.code.clone(),
                        entry,
                    },
                );
            }
        }
        for (side, policy) in [
            (Side::Bonus, &def.adjustments.bonus),
            (Side::Penalty, &def.adjustments.penalty),
        ] {
            if policy.is_some() {
                for reason in [false, true] {
                    add(&mut roles, Role::Adjustment { side, n: 1, reason });
                }
            }
        }
        Columns { roles }
    }

    /// The roles, in order.
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// The names, in order.
    pub fn names(&self) -> Vec<String> {
        self.roles.iter().map(Role::name).collect()
    }

    /// The column of this name: one of the rule set's, else read by the grammar of the names.
    pub fn find(&self, name: &str) -> Option<Role> {
        self.roles
            .iter()
            .find(|r| r.name() == name)
            .cloned()
            .or_else(|| Role::parse(name))
    }
}

/// The facts a rule reads, as columns (the fields `ItemInput` gives for the rule's kind).
pub fn facts_of(rule: Option<&Rule>) -> Vec<Fact> {
    match rule {
        None => Vec::new(),
        Some(Rule::Choice { .. }) => vec![Fact::Choice],
        Some(Rule::Met { .. }) => vec![Fact::Met],
        Some(Rule::Bands { .. } | Rule::Proportional { .. }) => {
            vec![Fact::Numerator, Fact::Denominator, Fact::Percentage]
        }
        Some(Rule::Normalized { .. }) => vec![Fact::Value],
        Some(Rule::Count { .. }) => vec![Fact::Count],
        Some(Rule::OutcomeRatio { outcomes, .. }) => {
            let mut v: Vec<Fact> = (outcomes.iter())
                .map(|o| Fact::Outcome(o.id.clone()))
                .collect();
            v.push(Fact::Denominator);
            v
        }
        Some(Rule::Deductions { deductions, .. }) => (deductions.iter())
            .map(|d| Fact::Event(d.id.clone()))
            .collect(),
        Some(Rule::Survey) => vec![Fact::Percentage],
        Some(Rule::External | Rule::Manual { .. }) => vec![Fact::Points],
    }
}

#[cfg(test)]
mod tests;
