//! The role of a column: what it stands for in the JSON batch (a unit's own field, a fact, an
//! entry, a component, an adjustment), its name and its type.

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
    /// looked up first ([`Columns::find`](super::Columns::find)), so that a code or an id holding a
    /// dot is read right.
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
