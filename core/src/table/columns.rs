//! The columns of the fact table: their names, what each stands for in the JSON batch, and their
//! types. The names are the table's contract (`docs/fact-table.md`, [`TABLE_VERSION`]).
//!
//! [`TABLE_VERSION`]: super::TABLE_VERSION

use crate::compile::RuleSet;
use crate::def::{ComponentKind, Node, Rule};
use crate::error::key_path;
use std::fmt;

/// The type of a column's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnKind {
    /// Text, as written (ids, names, choices, reasons).
    Text,
    /// An exact decimal (percentages, values, points).
    Decimal,
    /// A whole number ≥ 0 (numerators, denominators, counts of events and outcomes).
    Count,
    /// Yes or no (`met`, not applicable, synthetic).
    Bool,
    /// A list of texts, one per line of the cell (evidence documents, notes).
    Lines,
}

/// A fact of a leaf (an [`ItemInput`](crate::ItemInput) field the rule reads).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Fact {
    Choice,
    Met,
    Percentage,
    Numerator,
    Denominator,
    Count,
    Value,
    Points,
    /// `outcome_ratio` rules: the count of one outcome.
    Outcome(String),
    /// `deductions` rules: the number of events of one deduction.
    Event(String),
}

impl Fact {
    /// The item field's name (`numerator`; `outcomes`, `events` for the counts by id).
    pub fn field(&self) -> &'static str {
        match self {
            Fact::Choice => "choice",
            Fact::Met => "met",
            Fact::Percentage => "percentage",
            Fact::Numerator => "numerator",
            Fact::Denominator => "denominator",
            Fact::Count => "count",
            Fact::Value => "value",
            Fact::Points => "points",
            Fact::Outcome(_) => "outcomes",
            Fact::Event(_) => "events",
        }
    }

    fn kind(&self) -> ColumnKind {
        match self {
            Fact::Choice => ColumnKind::Text,
            Fact::Met => ColumnKind::Bool,
            Fact::Percentage | Fact::Value | Fact::Points => ColumnKind::Decimal,
            Fact::Numerator
            | Fact::Denominator
            | Fact::Count
            | Fact::Outcome(_)
            | Fact::Event(_) => ColumnKind::Count,
        }
    }

    /// A fact field written as a column name's last part (`numerator`), outcomes and events
    /// excepted (they carry an id).
    fn simple(name: &str) -> Option<Fact> {
        Some(match name {
            "choice" => Fact::Choice,
            "met" => Fact::Met,
            "percentage" => Fact::Percentage,
            "numerator" => Fact::Numerator,
            "denominator" => Fact::Denominator,
            "count" => Fact::Count,
            "value" => Fact::Value,
            "points" => Fact::Points,
            _ => return None,
        })
    }
}

/// The workflow fields of a leaf: what the unit and the council enter beside the facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entry {
    /// `na:` the unit marks the node not applicable.
    NotApplicable,
    /// `self:` the points the unit gives itself (S7: recognised with evidence).
    SelfScore,
    /// `evidence:` the documents attached, one per line.
    Evidence,
    /// `appraised:` the council's points (first round).
    Appraised,
    /// `reappraised:` the council's points after the explanation round (S8).
    Reappraised,
    /// `notes:` free notes, one per line.
    Notes,
}

impl Entry {
    /// Every entry, in the order of the table's columns.
    pub const ALL: [Entry; 6] = [
        Entry::NotApplicable,
        Entry::SelfScore,
        Entry::Evidence,
        Entry::Appraised,
        Entry::Reappraised,
        Entry::Notes,
    ];

    /// The prefix of the column name (`self` in `self:2.1.2`).
    pub fn prefix(self) -> &'static str {
        match self {
            Entry::NotApplicable => "na",
            Entry::SelfScore => "self",
            Entry::Evidence => "evidence",
            Entry::Appraised => "appraised",
            Entry::Reappraised => "reappraised",
            Entry::Notes => "notes",
        }
    }

    /// The item field's name in JSON.
    pub fn field(self) -> &'static str {
        match self {
            Entry::NotApplicable => "not_applicable",
            Entry::SelfScore => "self",
            Entry::Evidence => "evidence",
            Entry::Appraised => "appraised",
            Entry::Reappraised => "reappraised",
            Entry::Notes => "notes",
        }
    }

    fn kind(self) -> ColumnKind {
        match self {
            Entry::NotApplicable => ColumnKind::Bool,
            Entry::SelfScore | Entry::Appraised | Entry::Reappraised => ColumnKind::Decimal,
            Entry::Evidence | Entry::Notes => ColumnKind::Lines,
        }
    }
}

/// Bonus or penalty (C13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Bonus,
    Penalty,
}

impl Side {
    pub fn name(self) -> &'static str {
        match self {
            Side::Bonus => "bonus",
            Side::Penalty => "penalty",
        }
    }
}

/// What a column stands for in a unit of the JSON batch.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Role {
    Id,
    Name,
    Group,
    Parent,
    Block,
    Synthetic,
    /// `<code>.<fact>`: a fact of the leaf `code` (`3.3.3.numerator`, `1.4.2.outcomes.resolved`).
    Fact {
        code: String,
        fact: Fact,
    },
    /// `<prefix>:<code>`: a workflow field of the node `code` (`self:2.1.2`, `na:4.4`).
    Entry {
        code: String,
        entry: Entry,
    },
    /// `component:<id>.percentage` (survey) or `component:<id>.points` (external).
    Component {
        id: String,
        percentage: bool,
    },
    /// `bonus:<n>.points`, `bonus:<n>.reason` (and `penalty:`): the `n`-th entry, from 1.
    Adjustment {
        side: Side,
        n: usize,
        reason: bool,
    },
}

impl Role {
    /// The column's type.
    pub fn kind(&self) -> ColumnKind {
        match self {
            Role::Id | Role::Name | Role::Group | Role::Parent | Role::Block => ColumnKind::Text,
            Role::Synthetic => ColumnKind::Bool,
            Role::Fact { fact, .. } => fact.kind(),
            Role::Entry { entry, .. } => entry.kind(),
            Role::Component { .. } => ColumnKind::Decimal,
            Role::Adjustment { reason: true, .. } => ColumnKind::Text,
            Role::Adjustment { reason: false, .. } => ColumnKind::Decimal,
        }
    }

    /// The column's name.
    pub fn name(&self) -> String {
        match self {
            Role::Id => "id".into(),
            Role::Name => "name".into(),
            Role::Group => "group".into(),
            Role::Parent => "parent".into(),
            Role::Block => "block".into(),
            Role::Synthetic => "synthetic".into(),
            Role::Fact { code, fact } => match fact {
                Fact::Outcome(id) | Fact::Event(id) => format!("{code}.{}.{id}", fact.field()),
                _ => format!("{code}.{}", fact.field()),
            },
            Role::Entry { code, entry } => format!("{}:{code}", entry.prefix()),
            Role::Component { id, percentage } => {
                format!(
                    "component:{id}.{}",
                    if *percentage { "percentage" } else { "points" }
                )
            }
            Role::Adjustment { side, n, reason } => {
                format!(
                    "{}:{n}.{}",
                    side.name(),
                    if *reason { "reason" } else { "points" }
                )
            }
        }
    }

    /// Reads a column name as the grammar of the names says it (`docs/fact-table.md`); `None`
    /// for a name that is no column of any rule set. Names of the rule set's own columns are
    /// looked up first ([`Columns::find`]), so that a code or an id holding a dot is read right.
    pub fn parse(name: &str) -> Option<Role> {
        match name {
            "id" => return Some(Role::Id),
            "name" => return Some(Role::Name),
            "group" => return Some(Role::Group),
            "parent" => return Some(Role::Parent),
            "block" => return Some(Role::Block),
            "synthetic" => return Some(Role::Synthetic),
            _ => {}
        }
        if let Some((prefix, rest)) = name.split_once(':') {
            let nonempty = |s: &str| (!s.is_empty()).then(|| s.to_string());
            if let Some(entry) = Entry::ALL.into_iter().find(|e| e.prefix() == prefix) {
                return Some(Role::Entry {
                    code: nonempty(rest)?,
                    entry,
                });
            }
            match prefix {
                "component" => {
                    let (id, what) = rest.rsplit_once('.')?;
                    let percentage = match what {
                        "percentage" => true,
                        "points" => false,
                        _ => return None,
                    };
                    return Some(Role::Component {
                        id: nonempty(id)?,
                        percentage,
                    });
                }
                "bonus" | "penalty" => {
                    let side = if prefix == "bonus" {
                        Side::Bonus
                    } else {
                        Side::Penalty
                    };
                    let (digits, what) = rest.split_once('.')?;
                    let n: usize = digits.parse().ok().filter(|&n| n >= 1)?;
                    if n.to_string() != digits {
                        return None;
                    }
                    let reason = match what {
                        "reason" => true,
                        "points" => false,
                        _ => return None,
                    };
                    return Some(Role::Adjustment { side, n, reason });
                }
                _ => {}
            }
        }
        for (marker, outcome) in [(".outcomes.", true), (".events.", false)] {
            if let Some(i) = name.find(marker) {
                let (code, id) = (&name[..i], &name[i + marker.len()..]);
                if code.is_empty() || id.is_empty() {
                    return None;
                }
                let id = id.to_string();
                return Some(Role::Fact {
                    code: code.to_string(),
                    fact: if outcome {
                        Fact::Outcome(id)
                    } else {
                        Fact::Event(id)
                    },
                });
            }
        }
        let (code, field) = name.rsplit_once('.')?;
        if code.is_empty() {
            return None;
        }
        Some(Role::Fact {
            code: code.to_string(),
            fact: Fact::simple(field)?,
        })
    }

    /// The JSON path the column stands for in the unit at `unit` (`$.units[5]`), the `n`-th
    /// adjustment of a side counted as the `slot`-th entry given (from 0).
    pub fn path(&self, unit: &str, slot: Option<usize>) -> String {
        match self {
            Role::Id => format!("{unit}.id"),
            Role::Name => format!("{unit}.name"),
            Role::Group => format!("{unit}.group"),
            Role::Parent => format!("{unit}.parent"),
            Role::Block => format!("{unit}.block"),
            Role::Synthetic => format!("{unit}.synthetic"),
            Role::Fact { code, fact } => {
                let item = key_path(&format!("{unit}.items"), code);
                match fact {
                    Fact::Outcome(id) => key_path(&format!("{item}.outcomes"), id),
                    Fact::Event(id) => key_path(&format!("{item}.events"), id),
                    _ => format!("{item}.{}", fact.field()),
                }
            }
            Role::Entry { code, entry } => {
                format!(
                    "{}.{}",
                    key_path(&format!("{unit}.items"), code),
                    entry.field()
                )
            }
            Role::Component { id, percentage } => format!(
                "{}.{}",
                key_path(&format!("{unit}.components"), id),
                if *percentage { "percentage" } else { "points" }
            ),
            Role::Adjustment { side, n, reason } => format!(
                "{unit}.{}[{}].{}",
                side.name(),
                slot.unwrap_or(n.saturating_sub(1)),
                if *reason { "reason" } else { "points" }
            ),
        }
    }

    /// The node code the column belongs to (facts and entries).
    pub fn code(&self) -> Option<&str> {
        match self {
            Role::Fact { code, .. } | Role::Entry { code, .. } => Some(code),
            _ => None,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

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
mod tests {
    use super::*;

    #[test]
    fn names_read_back_as_the_roles_they_name() {
        let roles = [
            Role::Id,
            Role::Synthetic,
            Role::Fact {
                code: "3.3.3".into(),
                fact: Fact::Numerator,
            },
            Role::Fact {
                code: "1.4.2".into(),
                fact: Fact::Outcome("da_xu_ly".into()),
            },
            Role::Fact {
                code: "1.2".into(),
                fact: Fact::Event("tre.han".into()),
            },
            Role::Entry {
                code: "2.1.2".into(),
                entry: Entry::SelfScore,
            },
            Role::Entry {
                code: "4.4".into(),
                entry: Entry::NotApplicable,
            },
            Role::Component {
                id: "survey".into(),
                percentage: true,
            },
            Role::Component {
                id: "it".into(),
                percentage: false,
            },
            Role::Adjustment {
                side: Side::Penalty,
                n: 12,
                reason: true,
            },
        ];
        for r in roles {
            assert_eq!(Role::parse(&r.name()), Some(r.clone()), "{}", r.name());
        }
        for bad in [
            "3.3.3.numerater",
            "3.3.3",
            "self:",
            "bonus:0.points",
            "bonus:01.points",
            "bonus:1.amount",
            "component:survey",
            ".met",
            "x:1.1",
        ] {
            assert_eq!(Role::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn paths_are_the_json_paths_of_the_batch() {
        let r = Role::parse("3.3.3.numerator").unwrap();
        assert_eq!(
            r.path("$.units[5]", None),
            r#"$.units[5].items["3.3.3"].numerator"#
        );
        let r = Role::parse("self:2.1.2").unwrap();
        assert_eq!(
            r.path("$.units[0]", None),
            r#"$.units[0].items["2.1.2"].self"#
        );
        let r = Role::parse("component:survey.percentage").unwrap();
        assert_eq!(
            r.path("$.units[1]", None),
            "$.units[1].components.survey.percentage"
        );
        let r = Role::parse("bonus:2.reason").unwrap();
        assert_eq!(r.path("$", None), "$.bonus[1].reason");
        assert_eq!(r.path("$", Some(0)), "$.bonus[0].reason");
    }

    #[test]
    fn the_builtin_rule_sets_columns_are_unique_and_typed() {
        let rs =
            crate::compile::builtin::ruleset(crate::compile::builtin::DEFAULT_RULESET).unwrap();
        let cols = Columns::of(&rs);
        let names = cols.names();
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        assert_eq!(&names[..3], ["id", "name", "group"]);
        assert!(names.contains(&"3.3.3.numerator".to_string()));
        assert!(names.contains(&"1.1.1.choice".to_string()));
        assert!(names.contains(&"component:survey.percentage".to_string()));
        assert!(names.contains(&"component:it.points".to_string()));
        assert!(names.contains(&"na:4.4".to_string()));
        assert!(names.contains(&"bonus:1.points".to_string()));
        // S2: 3.3.3 applies to `department` only, not to the four 52-point units.
        let g52 = Columns::of_group(&rs, "department_52").names();
        assert!(!g52.contains(&"3.3.3.numerator".to_string()));
        assert!(Columns::of_group(&rs, "department")
            .names()
            .contains(&"3.3.3.numerator".to_string()));
        for r in cols.roles() {
            assert_eq!(cols.find(&r.name()).as_ref(), Some(r));
        }
    }
}
