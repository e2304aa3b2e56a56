//! Long-format facts read row by row into their units' JSON objects: the tables' columns, then
//! each row's unit, attributes and fact, a bad row refusing its unit only.

use super::cells::{self, Read, Refusal};
use super::{
    LongFacts, LongTable, LongUnit, LongValue, FACT_COLUMNS, ITEM_DEPTH, RESERVED, UNIT_DEPTH,
};
use crate::error::{excerpt, issue, key_path, Error, Issue, Result};
use crate::input::{FieldShape, ItemInput};
use crate::support::limits::Limits;
use serde_json::{Map, Value};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Section {
    Items,
    Components,
}

/// Where a row's value goes in its item or component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// An entry of a map field (`outcomes.da_xu_ly`: the map's name is the field's first `n`
    /// bytes, the entry's key what follows the dot).
    Entry(usize),
    /// One more entry of an item's list field (`evidence`).
    List,
    /// A field of its own.
    Field,
}

/// A fact of a unit: its section, its code and its field as written.
type Fact = (Section, String, String);

impl LongFacts {
    /// Reads long-format facts and, when given, a units table (see the module's documentation),
    /// within `limits` (the length of a text, the nesting of a list or map, the units).
    pub fn read(
        facts: &LongTable,
        units: Option<&LongTable>,
        limits: &Limits,
    ) -> Result<LongFacts> {
        let mut r = Reader {
            limits,
            units: Vec::new(),
            given: Vec::new(),
            by_id: HashMap::new(),
            shapes: HashMap::new(),
            refused: Vec::new(),
        };
        let mut issues = Vec::new();
        let missing: Vec<String> = (FACT_COLUMNS.iter())
            .filter(|c| facts.position(c).is_none())
            .map(|c| format!("`{c}`"))
            .collect();
        if !missing.is_empty() {
            issues.push(issue!(
                "input.frame_columns",
                "$.facts",
                columns = missing.join(", ")
            ));
        }
        let key = units.map(|t| (t, t.position("id").or_else(|| t.position("unit"))));
        if let Some((_, None)) = key {
            issues.push(issue!("input.frame_columns:units", "$.units_table"));
        }
        for (table, base) in [(Some(facts), "$.facts"), (units, "$.units_table")] {
            for name in table.iter().flat_map(|t| &t.header) {
                if RESERVED.contains(&name.as_str()) {
                    issues.push(issue!(
                        "input.frame_columns:reserved",
                        key_path(base, name),
                        column = excerpt(name)
                    ));
                }
            }
        }
        if !issues.is_empty() {
            return Err(Error::Input(issues));
        }
        if let Some((table, Some(key))) = key {
            r.read_units(table, key)?;
        }
        r.read_facts(facts)?;
        if !r.refused.is_empty() {
            return Err(Error::Input(r.refused));
        }
        limits.check_units(r.units.len())?;
        Ok(LongFacts {
            units: r.units,
            title: None,
            synthetic: false,
        })
    }
}

struct Reader<'a> {
    limits: &'a Limits,
    units: Vec<LongUnit>,
    /// For each unit, the row that first gave each fact (an entry of a map as written,
    /// `outcomes.da_xu_ly`, and the map's name, `outcomes`, for the row that began it).
    given: Vec<HashMap<Fact, usize>>,
    by_id: HashMap<String, usize>,
    /// The shape of each item field named, asked of the item once.
    shapes: HashMap<String, FieldShape>,
    /// The problems of rows no unit can be blamed for: the call is refused.
    refused: Vec<Issue>,
}

impl Reader<'_> {
    /// The unit of this id, added when new.
    fn unit(&mut self, id: String) -> usize {
        if let Some(&u) = self.by_id.get(&id) {
            return u;
        }
        let u = self.units.len();
        let mut object = Map::new();
        object.insert("id".into(), Value::String(id.clone()));
        self.units.push(LongUnit {
            id: id.clone(),
            object,
            items: None,
            components: None,
            issues: Vec::new(),
        });
        self.given.push(HashMap::new());
        self.by_id.insert(id, u);
        u
    }

    /// What a cell was read as, or `None` when it cannot be read: why is told to unit `u`, which
    /// is refused, or to the call (`None`: no unit to blame), refused once every row is read.
    fn keep<T>(&mut self, u: Option<usize>, read: Read<T>) -> Result<Option<T>> {
        match read {
            Ok(v) => Ok(Some(v)),
            Err(Refusal::Unit(issue)) => {
                match u {
                    Some(u) => self.units[u].issues.push(issue),
                    None => self.refused.push(issue),
                }
                Ok(None)
            }
            Err(Refusal::Call(e)) => Err(e),
        }
    }

    /// A key cell of unit `u`'s row (or of the row naming its unit, `None`) at `path`: `None`
    /// when empty or not a key.
    fn key(
        &mut self,
        u: Option<usize>,
        v: &LongValue,
        path: String,
        column: &str,
    ) -> Result<Option<String>> {
        let read = if v.is_empty() {
            let field = format!("`{column}`");
            Err(Refusal::Unit(issue!(
                "input.missing_field",
                path,
                field = field
            )))
        } else {
            cells::key(self.limits, v, &path)
        };
        self.keep(u, read)
    }

    /// A value for unit `u` at `path`, nested at `depth` in the batch.
    fn value(
        &mut self,
        u: usize,
        v: &LongValue,
        path: String,
        depth: usize,
    ) -> Result<Option<Value>> {
        let read = cells::json(self.limits, v, &path, depth);
        self.keep(Some(u), read)
    }

    /// Each row of the units table: its unit, and the unit's attributes (a later row's value
    /// replacing an earlier one's).
    fn read_units(&mut self, t: &LongTable, key: usize) -> Result<()> {
        let key_name = t.name(key);
        for i in (0..t.rows()).filter(|i| !t.blank_row(*i)) {
            let row = format!("$.units_table[{i}]");
            let id = self.key(None, t.at(key, i), key_path(&row, &key_name), &key_name)?;
            let Some(u) = id.map(|id| self.unit(id)) else {
                continue;
            };
            for j in (0..t.columns.len()).filter(|j| *j != key) {
                let v = t.at(j, i);
                if v.is_empty() {
                    continue;
                }
                let name = t.name(j);
                if let Some(json) = self.value(u, v, key_path(&row, &name), UNIT_DEPTH)? {
                    self.units[u].object.insert(name, json);
                }
            }
        }
        Ok(())
    }

    /// Each row of the facts: its unit, the unit's attributes (the first value given winning) and
    /// its fact, if its value is not empty.
    fn read_facts(&mut self, t: &LongTable) -> Result<()> {
        let col = |name: &str| t.position(name).unwrap_or(usize::MAX);
        let (unit, code, field, value) = (col("unit"), col("code"), col("field"), col("value"));
        let section = t.position("section");
        let attributes: Vec<usize> = (0..t.columns.len())
            .filter(|j| {
                ![Some(unit), Some(code), Some(field), Some(value), section].contains(&Some(*j))
            })
            .collect();
        for i in (0..t.rows()).filter(|i| !t.blank_row(*i)) {
            let row = format!("$.facts[{i}]");
            let id = self.key(None, t.at(unit, i), key_path(&row, "unit"), "unit")?;
            let Some(u) = id.map(|id| self.unit(id)) else {
                continue;
            };
            for &j in &attributes {
                let v = t.at(j, i);
                if v.is_empty() {
                    continue;
                }
                let name = t.name(j);
                if let Some(json) = self.value(u, v, key_path(&row, &name), UNIT_DEPTH)? {
                    self.units[u].object.entry(name).or_insert(json);
                }
            }
            let v = t.at(value, i);
            if v.is_empty() {
                continue;
            }
            let section = match section.map(|s| t.at(s, i)).filter(|v| !v.is_empty()) {
                None => Some(Section::Items),
                Some(s) => self.section(u, s, key_path(&row, "section"))?,
            };
            let code = self.key(Some(u), t.at(code, i), key_path(&row, "code"), "code")?;
            let field = self.key(Some(u), t.at(field, i), key_path(&row, "field"), "field")?;
            let (Some(section), Some(code), Some(field)) = (section, code, field) else {
                continue;
            };
            let slot = self.slot(section, &field);
            let depth = ITEM_DEPTH + usize::from(matches!(slot, Slot::Entry(_)));
            if let Some(json) = self.value(u, v, key_path(&row, "value"), depth)? {
                self.place(u, i, (section, code, field), slot, json);
            }
        }
        Ok(())
    }

    /// The section a row of unit `u` names, at `path`.
    fn section(&mut self, u: usize, v: &LongValue, path: String) -> Result<Option<Section>> {
        let read = cells::key(self.limits, v, &path).and_then(|s| match s.as_str() {
            "items" => Ok(Section::Items),
            "components" => Ok(Section::Components),
            _ => Err(Refusal::Unit(issue!(
                "input.frame_section",
                path,
                section = excerpt(&s)
            ))),
        });
        self.keep(Some(u), read)
    }

    /// Where the value of `field` goes: an entry of a map when the field's name before its first
    /// dot is a map field of the item (`outcomes.<id>`, in items and components alike, as a
    /// JSON unit would hold it), one more entry when it is a list field of an item, else a field.
    fn slot(&mut self, section: Section, field: &str) -> Slot {
        let mut shape = |name: &str| {
            *(self.shapes)
                .entry(name.to_string())
                .or_insert_with(|| ItemInput::field_shape(name))
        };
        match field.split_once('.') {
            Some((name, _)) if shape(name) == FieldShape::Map => Slot::Entry(name.len()),
            _ if section == Section::Items && shape(field) == FieldShape::List => Slot::List,
            _ => Slot::Field,
        }
    }

    /// Gives unit `u` the value of row `i`, refused when the fact was given before (at the row
    /// that gave it first).
    fn place(
        &mut self,
        u: usize,
        i: usize,
        (section, code, field): Fact,
        slot: Slot,
        value: Value,
    ) {
        let unit = &mut self.units[u];
        let given = &mut self.given[u];
        let target = match section {
            Section::Items => unit.items.get_or_insert_with(Map::new),
            Section::Components => unit.components.get_or_insert_with(Map::new),
        };
        let Value::Object(target) =
            (target.entry(code.clone())).or_insert_with(|| Value::Object(Map::new()))
        else {
            return;
        };
        let at = |name: &str| (section, code.clone(), name.to_string());
        let first = match slot {
            Slot::Entry(cut) => {
                let (name, key) = (&field[..cut], &field[cut + 1..]);
                match target.get_mut(name) {
                    None => {
                        let mut m = Map::new();
                        m.insert(key.to_string(), value);
                        target.insert(name.to_string(), Value::Object(m));
                        given.insert(at(name), i);
                        given.insert(at(&field), i);
                        return;
                    }
                    Some(Value::Object(m)) if !m.contains_key(key) => {
                        m.insert(key.to_string(), value);
                        given.insert(at(&field), i);
                        return;
                    }
                    Some(_) => given.get(&at(&field)).or_else(|| given.get(&at(name))),
                }
            }
            Slot::List => {
                let list =
                    (target.entry(field.clone())).or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(a) = list {
                    a.push(value);
                }
                return;
            }
            Slot::Field if !target.contains_key(&field) => {
                target.insert(field.clone(), value);
                given.insert(at(&field), i);
                return;
            }
            Slot::Field => given.get(&at(&field)),
        };
        let issue = issue!(
            "input.frame_duplicate",
            format!("$.facts[{i}]"),
            unit = excerpt(&unit.id),
            field = excerpt(&field),
            code = excerpt(&code),
            first = first.copied().unwrap_or(i)
        );
        unit.issues.push(issue);
    }
}
