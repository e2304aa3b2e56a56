//! Inputs: the facts and points of each assessed unit.

use crate::def::FORMAT_VERSION;
use crate::error::{excerpt, issue, key_path, Issue};
use crate::support::de::from_serde;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

mod items;
pub(crate) mod text;

pub use items::{IntoIter as ItemsIntoIter, Items, Iter as ItemsIter};

/// Removes `key` from `m` and returns its value, by rebuilding the map without it: O(n), for the
/// small maps of a form or a dossier, where an item is cleared by hand. `BTreeMap::remove` would
/// compile the tree's rebalancing code once for every kind of map (≈3 KB of WebAssembly each).
pub(crate) fn remove_key<V>(m: &mut BTreeMap<String, V>, key: &str) -> Option<V> {
    if !m.contains_key(key) {
        return None;
    }
    let mut out = None;
    for (k, v) in std::mem::take(m) {
        if k == key {
            out = Some(v);
        } else {
            m.insert(k, v);
        }
    }
    out
}

// The JSON form of an [`ItemInput`], which the input schema describes: every field optional. It is
// read, then stored compactly; an `ItemInput` writes these fields in this order, skipping the
// absent ones as the `skip_serializing_if`s say.
/// Facts or entered points for one leaf.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ItemInput")]
struct ItemWire {
    /// The unit marks the node not applicable (meaning declared by the node).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    not_applicable: bool,
    /// `choice` rules: the chosen option id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    choice: Option<String>,
    /// `met` rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    met: Option<bool>,
    /// A percentage already computed (0–100).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decimal::exact_opt"
    )]
    percentage: Option<Decimal>,
    /// Counts for a rate: numerator / denominator × 100 (S9: percentage first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    numerator: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    denominator: Option<u64>,
    /// `count` rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    count: Option<u64>,
    /// `outcome_ratio` rules: count per outcome id (with `denominator`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    outcomes: BTreeMap<String, u64>,
    /// `deductions` rules: number of events per deduction id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    events: BTreeMap<String, u64>,
    /// `normalized` rules: the unit's value.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decimal::exact_opt"
    )]
    value: Option<Decimal>,
    /// `external` and `manual` rules: the points.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decimal::exact_opt"
    )]
    points: Option<Decimal>,
    /// Points the unit gave itself (recognised only with evidence, S7).
    #[serde(
        default,
        rename = "self",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decimal::exact_opt"
    )]
    self_score: Option<Decimal>,
    /// Evidence documents attached by the unit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    evidence: Vec<String>,
    /// Points given by the appraisal council (S6, S7); wins over the self score.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decimal::exact_opt"
    )]
    appraised: Option<Decimal>,
    /// Points of the council's reviewed decision on an explained item, recorded by Sở Nội vụ (the
    /// standing body) during the council's review (S8: 16–17/12, act `review`); wins over the
    /// appraisal.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decimal::exact_opt"
    )]
    reappraised: Option<Decimal>,
    /// Free notes (appraisal remarks, explanations); echoed in the explanation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
    /// Which fields are given ([`ItemWire::given`]), set when the wire is boxed in an item: the
    /// item's readers test it before a field, so that they read only the cache lines of the
    /// fields given (the wire is about 300 bytes, most of them absent fields).
    #[serde(skip)]
    #[schemars(skip)]
    present: u16,
}

/// Facts or entered points for one leaf: `{"numerator": 279, "denominator": 332}`,
/// `{"choice": "a"}`, `{"not_applicable": true}`, `{"points": "2.5", "self": "3", "evidence":
/// ["qd-12.pdf"]}`… (JSON and the input schema list every field).
///
/// Stored compactly, because a country's batch holds millions of them: the one fact most leaves
/// carry sits inline (32 bytes in all), anything else (entered points, evidence, notes, a second
/// fact, the not-applicable flag) in one boxed part. Read it with the accessors (`numerator()`,
/// `self_score()`…); build it with [`ItemInput::rate`] and the `with_*` methods, or change it with
/// the `set_*` methods:
///
/// ```
/// use parindex::ItemInput;
/// use rust_decimal::Decimal;
///
/// let it = ItemInput::rate(279, 332)
///     .with_self(Decimal::new(15, 1))
///     .with_evidence(vec!["bao-cao-12.pdf".into()]);
/// assert_eq!((it.numerator(), it.denominator()), (Some(279), Some(332)));
/// assert_eq!(it.self_score(), Some(Decimal::new(15, 1)));
/// assert_eq!(
///     serde_json::to_string(&it).unwrap(),
///     r#"{"numerator":279,"denominator":332,"self":"1.5","evidence":["bao-cao-12.pdf"]}"#
/// );
/// ```
#[derive(Clone, PartialEq, Default, Deserialize)]
#[serde(from = "ItemWire")]
pub struct ItemInput {
    /// The fact, when the item gives exactly one of the shapes `Fact` holds (then it is absent
    /// from `more`).
    fact: Fact,
    /// Everything else the item gives, the not-applicable flag included; `None` when there is
    /// nothing. (The flag is rare: kept here, it leaves the item 32 bytes, so that a unit's map of
    /// items takes fewer cache lines.)
    more: Option<Box<ItemWire>>,
}

/// The facts most leaves give, held inline.
#[derive(Clone, PartialEq, Default)]
pub(crate) enum Fact {
    #[default]
    None,
    /// `numerator` and `denominator`.
    Rate(u64, u64),
    Count(u64),
    Met(bool),
    Choice(Box<str>),
    Percentage(Decimal),
    Value(Decimal),
    Points(Decimal),
}

impl Fact {
    /// The fact's bits of a fact mask.
    fn mask(&self) -> u16 {
        match self {
            Fact::None => 0,
            Fact::Rate(..) => RATE,
            Fact::Count(_) => COUNT,
            Fact::Met(_) => MET,
            Fact::Choice(_) => CHOICE,
            Fact::Percentage(_) => PERCENTAGE,
            Fact::Value(_) => VALUE,
            Fact::Points(_) => POINTS,
        }
    }
}

/// The fact fields of an item, in the order of [`ItemInput::fact_mask`]'s bits.
pub(crate) const FACT_FIELDS: [&str; 10] = [
    "choice",
    "met",
    "percentage",
    "numerator",
    "denominator",
    "count",
    "outcomes",
    "events",
    "value",
    "points",
];

/// The bits of a fact mask: bit `i` stands for `FACT_FIELDS[i]`.
pub(crate) mod fact_bit {
    pub const CHOICE: u16 = 1;
    pub const MET: u16 = 1 << 1;
    pub const PERCENTAGE: u16 = 1 << 2;
    pub const NUMERATOR: u16 = 1 << 3;
    pub const DENOMINATOR: u16 = 1 << 4;
    pub const COUNT: u16 = 1 << 5;
    pub const OUTCOMES: u16 = 1 << 6;
    pub const EVENTS: u16 = 1 << 7;
    pub const VALUE: u16 = 1 << 8;
    pub const POINTS: u16 = 1 << 9;
}

/// The bits of [`ItemWire::given`] past the facts'.
mod given_bit {
    pub const FACTS: u16 = (1 << super::FACT_FIELDS.len()) - 1;
    pub const SELF: u16 = FACTS + 1;
    pub const EVIDENCE: u16 = SELF << 1;
    pub const APPRAISED: u16 = EVIDENCE << 1;
    pub const REAPPRAISED: u16 = APPRAISED << 1;
    pub const NOTES: u16 = REAPPRAISED << 1;
    pub const NOT_APPLICABLE: u16 = NOTES << 1;
}
use fact_bit::{
    CHOICE, COUNT, DENOMINATOR, EVENTS, MET, NUMERATOR, OUTCOMES, PERCENTAGE, POINTS, VALUE,
};
use given_bit::{APPRAISED, EVIDENCE, FACTS, NOTES, NOT_APPLICABLE, REAPPRAISED, SELF};
/// A rate's two counts, the inline fact `Fact::Rate`.
const RATE: u16 = NUMERATOR | DENOMINATOR;

impl ItemWire {
    fn fact_mask(&self) -> u16 {
        [
            self.choice.is_some(),
            self.met.is_some(),
            self.percentage.is_some(),
            self.numerator.is_some(),
            self.denominator.is_some(),
            self.count.is_some(),
            !self.outcomes.is_empty(),
            !self.events.is_empty(),
            self.value.is_some(),
            self.points.is_some(),
        ]
        .iter()
        .enumerate()
        .fold(0, |m, (i, &on)| m | (u16::from(on) << i))
    }

    /// Which fields are given: the fact mask's bits, then `given_bit`'s.
    fn given(&self) -> u16 {
        let on = |b: bool, bit: u16| if b { bit } else { 0 };
        self.fact_mask()
            | on(self.self_score.is_some(), SELF)
            | on(!self.evidence.is_empty(), EVIDENCE)
            | on(self.appraised.is_some(), APPRAISED)
            | on(self.reappraised.is_some(), REAPPRAISED)
            | on(!self.notes.is_empty(), NOTES)
            | on(self.not_applicable, NOT_APPLICABLE)
    }

    /// The wire if it is given the field of `bit` (as boxed in an item, with `present` set).
    #[inline]
    fn with(&self, bit: u16) -> Option<&ItemWire> {
        (self.present & bit != 0).then_some(self)
    }

    /// Takes the fact out when the item gives exactly one inline shape.
    fn take_fact(&mut self) -> Fact {
        match self.fact_mask() {
            RATE => Fact::Rate(
                self.numerator.take().unwrap_or_default(),
                self.denominator.take().unwrap_or_default(),
            ),
            COUNT => Fact::Count(self.count.take().unwrap_or_default()),
            MET => Fact::Met(self.met.take().unwrap_or_default()),
            CHOICE => Fact::Choice(self.choice.take().unwrap_or_default().into_boxed_str()),
            PERCENTAGE => Fact::Percentage(self.percentage.take().unwrap_or_default()),
            VALUE => Fact::Value(self.value.take().unwrap_or_default()),
            POINTS => Fact::Points(self.points.take().unwrap_or_default()),
            _ => Fact::None,
        }
    }
}

impl From<ItemWire> for ItemInput {
    fn from(mut w: ItemWire) -> ItemInput {
        let fact = w.take_fact();
        w.present = w.given();
        ItemInput {
            fact,
            more: (w.present != 0).then(|| Box::new(w)),
        }
    }
}

impl From<ItemInput> for ItemWire {
    fn from(it: ItemInput) -> ItemWire {
        let mut w = it.more.map(|m| *m).unwrap_or_default();
        match it.fact {
            Fact::None => {}
            Fact::Rate(n, d) => (w.numerator, w.denominator) = (Some(n), Some(d)),
            Fact::Count(c) => w.count = Some(c),
            Fact::Met(m) => w.met = Some(m),
            Fact::Choice(c) => w.choice = Some(c.into()),
            Fact::Percentage(p) => w.percentage = Some(p),
            Fact::Value(v) => w.value = Some(v),
            Fact::Points(p) => w.points = Some(p),
        }
        w
    }
}

static NO_COUNTS: BTreeMap<String, u64> = BTreeMap::new();

/// The `Copy` fields: a getter reading the field's one place (inline or boxed), a `with_` builder
/// and a `set_` method.
macro_rules! item_fields {
    ($($(#[$doc:meta])* $get:ident / $with:ident / $set:ident: $ty:ty [$bit:expr] $(= $inline:pat => $val:expr)?;)*) => {
        impl ItemInput {
            $(
                $(#[$doc])*
                pub fn $get(&self) -> Option<$ty> {
                    $(if let $inline = &self.fact {
                        return Some($val);
                    })?
                    self.more.as_deref()?.with($bit)?.$get
                }

                #[doc = concat!("The item with `", stringify!($get), "` given.")]
                pub fn $with(mut self, v: $ty) -> ItemInput {
                    self.$set(Some(v));
                    self
                }

                #[doc = concat!("Gives or removes `", stringify!($get), "`.")]
                pub fn $set(&mut self, v: Option<$ty>) {
                    self.edit(&mut |w| w.$get = v);
                }
            )*
        }
    };
}

item_fields! {
    /// `met` rules: met or not.
    met / with_met / set_met: bool [MET] = Fact::Met(m) => *m;
    /// A percentage already computed (0–100).
    percentage / with_percentage / set_percentage: Decimal [PERCENTAGE] = Fact::Percentage(p) => *p;
    /// Counts for a rate: the numerator (S9: percentage first).
    numerator / with_numerator / set_numerator: u64 [NUMERATOR] = Fact::Rate(n, _) => *n;
    /// Counts for a rate: the denominator; with `outcomes` for `outcome_ratio` rules.
    denominator / with_denominator / set_denominator: u64 [DENOMINATOR] = Fact::Rate(_, d) => *d;
    /// `count` rules.
    count / with_count / set_count: u64 [COUNT] = Fact::Count(c) => *c;
    /// `normalized` rules: the unit's value.
    value / with_value / set_value: Decimal [VALUE] = Fact::Value(v) => *v;
    /// `external` and `manual` rules: the points.
    points / with_points / set_points: Decimal [POINTS] = Fact::Points(p) => *p;
    /// Points the unit gave itself (recognised only with evidence, S7).
    self_score / with_self / set_self_score: Decimal [SELF];
    /// Points given by the appraisal council (S6, S7); wins over the self score.
    appraised / with_appraised / set_appraised: Decimal [APPRAISED];
    /// Points of the council's reviewed decision on an explained item, recorded by Sở Nội vụ
    /// during the council's review (S8, act `review`); wins over the appraisal.
    reappraised / with_reappraised / set_reappraised: Decimal [REAPPRAISED];
}

impl ItemInput {
    /// A rate's counts: `numerator` of `denominator` (S9: percentage first, then points).
    pub fn rate(numerator: u64, denominator: u64) -> ItemInput {
        ItemInput {
            fact: Fact::Rate(numerator, denominator),
            ..ItemInput::default()
        }
    }

    /// Changes the item through its JSON form, then stores it compactly again. (One copy for every
    /// setter: `dyn`, since setters are rare and the WebAssembly build counts its bytes.)
    fn edit(&mut self, f: &mut dyn FnMut(&mut ItemWire)) {
        let mut w = ItemWire::from(std::mem::take(self));
        f(&mut w);
        *self = w.into();
    }

    /// Whether the unit marks the node not applicable (meaning declared by the node).
    pub fn is_not_applicable(&self) -> bool {
        self.more
            .as_deref()
            .is_some_and(|m| m.present & NOT_APPLICABLE != 0)
    }

    /// The item marked (or no longer marked) not applicable.
    pub fn with_not_applicable(mut self, on: bool) -> ItemInput {
        self.set_not_applicable(on);
        self
    }

    /// Marks or unmarks the node not applicable.
    pub fn set_not_applicable(&mut self, on: bool) {
        self.edit(&mut |w| w.not_applicable = on);
    }

    /// `choice` rules: the chosen option id.
    pub fn choice(&self) -> Option<&str> {
        match &self.fact {
            Fact::Choice(c) => Some(c),
            _ => self.more.as_deref()?.with(CHOICE)?.choice.as_deref(),
        }
    }

    /// The item with `choice` given.
    pub fn with_choice(mut self, id: impl Into<String>) -> ItemInput {
        self.set_choice(Some(id.into()));
        self
    }

    /// Gives or removes `choice`.
    pub fn set_choice(&mut self, mut id: Option<String>) {
        self.edit(&mut |w| std::mem::swap(&mut w.choice, &mut id));
    }

    /// `outcome_ratio` rules: count per outcome id (with `denominator`).
    pub fn outcomes(&self) -> &BTreeMap<String, u64> {
        self.more
            .as_deref()
            .and_then(|m| m.with(OUTCOMES))
            .map_or(&NO_COUNTS, |m| &m.outcomes)
    }

    /// The item with these outcome counts.
    pub fn with_outcomes(mut self, outcomes: BTreeMap<String, u64>) -> ItemInput {
        self.set_outcomes(outcomes);
        self
    }

    /// Replaces the outcome counts (empty: none).
    pub fn set_outcomes(&mut self, mut outcomes: BTreeMap<String, u64>) {
        self.edit(&mut |w| std::mem::swap(&mut w.outcomes, &mut outcomes));
    }

    /// `deductions` rules: number of events per deduction id.
    pub fn events(&self) -> &BTreeMap<String, u64> {
        self.more
            .as_deref()
            .and_then(|m| m.with(EVENTS))
            .map_or(&NO_COUNTS, |m| &m.events)
    }

    /// The item with these event counts.
    pub fn with_events(mut self, events: BTreeMap<String, u64>) -> ItemInput {
        self.set_events(events);
        self
    }

    /// Replaces the event counts (empty: none).
    pub fn set_events(&mut self, mut events: BTreeMap<String, u64>) {
        self.edit(&mut |w| std::mem::swap(&mut w.events, &mut events));
    }

    /// Evidence documents attached by the unit.
    pub fn evidence(&self) -> &[String] {
        self.more
            .as_deref()
            .and_then(|m| m.with(EVIDENCE))
            .map_or(&[], |m| &m.evidence)
    }

    /// The item with this evidence.
    pub fn with_evidence(mut self, evidence: Vec<String>) -> ItemInput {
        self.set_evidence(evidence);
        self
    }

    /// Replaces the evidence (empty: none).
    pub fn set_evidence(&mut self, mut evidence: Vec<String>) {
        self.edit(&mut |w| std::mem::swap(&mut w.evidence, &mut evidence));
    }

    /// Free notes (appraisal remarks, explanations); echoed in the explanation.
    pub fn notes(&self) -> &[String] {
        self.more
            .as_deref()
            .and_then(|m| m.with(NOTES))
            .map_or(&[], |m| &m.notes)
    }

    /// The item with these notes.
    pub fn with_notes(mut self, notes: Vec<String>) -> ItemInput {
        self.set_notes(notes);
        self
    }

    /// Replaces the notes (empty: none).
    pub fn set_notes(&mut self, mut notes: Vec<String>) {
        self.edit(&mut |w| std::mem::swap(&mut w.notes, &mut notes));
    }

    /// Which facts are given: bit `i` stands for `FACT_FIELDS[i]`.
    pub(crate) fn fact_mask(&self) -> u16 {
        self.fact.mask() | self.more.as_deref().map_or(0, |m| m.present & FACTS)
    }

    /// When the item's points come from its facts (it is not marked not applicable and gives no
    /// appraised points; S7: facts given win over a self score, which is checked all the same):
    /// the fact held inline when it is the only one (else `Fact::None`) and the mask of every
    /// fact given.
    #[cfg(feature = "fast-score")]
    #[inline]
    pub(crate) fn facts(&self) -> Option<(&Fact, u16)> {
        static NONE: Fact = Fact::None;
        let inline = self.fact.mask();
        match self.more.as_deref() {
            None => Some((&self.fact, inline)),
            Some(m) if m.present & (NOT_APPLICABLE | APPRAISED | REAPPRAISED) == 0 => {
                let more = m.present & FACTS;
                Some((if more == 0 { &self.fact } else { &NONE }, inline | more))
            }
            Some(_) => None,
        }
    }

    /// Whether the item carries nothing but (possibly) the not-applicable flag.
    pub(crate) fn only_not_applicable(&self) -> bool {
        self.fact == Fact::None
            && self
                .more
                .as_deref()
                .is_none_or(|m| m.present == NOT_APPLICABLE)
    }
}

/// A field of an item as written: its JSON name and value.
pub(crate) enum Field<'a> {
    Bool(bool),
    Str(&'a str),
    Decimal(Decimal),
    Uint(u64),
    Counts(&'a BTreeMap<String, u64>),
    Strings(&'a [String]),
}

impl ItemInput {
    /// Calls `f` with each field given, in ItemWire's order (the order the JSON output has always
    /// had). The one list of the written fields: `Serialize` and the hash's writer
    /// (`json::item`) both go through it.
    /// Compiled once (`f` is dynamic); stops at the first `Err`.
    pub(crate) fn each_field(
        &self,
        f: &mut dyn FnMut(&'static str, Field<'_>) -> Result<(), ()>,
    ) -> Result<(), ()> {
        if self.is_not_applicable() {
            f("not_applicable", Field::Bool(true))?;
        }
        if let Some(v) = self.choice() {
            f("choice", Field::Str(v))?;
        }
        if let Some(v) = self.met() {
            f("met", Field::Bool(v))?;
        }
        if let Some(v) = self.percentage() {
            f("percentage", Field::Decimal(v))?;
        }
        if let Some(v) = self.numerator() {
            f("numerator", Field::Uint(v))?;
        }
        if let Some(v) = self.denominator() {
            f("denominator", Field::Uint(v))?;
        }
        if let Some(v) = self.count() {
            f("count", Field::Uint(v))?;
        }
        if !self.outcomes().is_empty() {
            f("outcomes", Field::Counts(self.outcomes()))?;
        }
        if !self.events().is_empty() {
            f("events", Field::Counts(self.events()))?;
        }
        if let Some(v) = self.value() {
            f("value", Field::Decimal(v))?;
        }
        if let Some(v) = self.points() {
            f("points", Field::Decimal(v))?;
        }
        if let Some(v) = self.self_score() {
            f("self", Field::Decimal(v))?;
        }
        if !self.evidence().is_empty() {
            f("evidence", Field::Strings(self.evidence()))?;
        }
        if let Some(v) = self.appraised() {
            f("appraised", Field::Decimal(v))?;
        }
        if let Some(v) = self.reappraised() {
            f("reappraised", Field::Decimal(v))?;
        }
        if !self.notes().is_empty() {
            f("notes", Field::Strings(self.notes()))?;
        }
        Ok(())
    }
}

impl Serialize for ItemInput {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        let _ = self.each_field(&mut |_, _| {
            len += 1;
            Ok(())
        });
        let mut st = s.serialize_struct("ItemInput", len)?;
        let mut failed = None;
        let _ = self.each_field(&mut |name, v| {
            match v {
                Field::Bool(v) => st.serialize_field(name, &v),
                Field::Str(v) => st.serialize_field(name, v),
                Field::Decimal(v) => st.serialize_field(name, &v),
                Field::Uint(v) => st.serialize_field(name, &v),
                Field::Counts(v) => st.serialize_field(name, v),
                Field::Strings(v) => st.serialize_field(name, v),
            }
            .map_err(|e| failed = Some(e))
        });
        match failed {
            Some(e) => Err(e),
            None => st.end(),
        }
    }
}

impl std::fmt::Debug for ItemInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // As the JSON form reads (every field).
        let w = ItemWire::from(self.clone());
        let ItemWire {
            not_applicable,
            choice,
            met,
            percentage,
            numerator,
            denominator,
            count,
            outcomes,
            events,
            value,
            points,
            self_score,
            evidence,
            appraised,
            reappraised,
            notes,
            present: _,
        } = &w;
        f.debug_struct("ItemInput")
            .field("not_applicable", not_applicable)
            .field("choice", choice)
            .field("met", met)
            .field("percentage", percentage)
            .field("numerator", numerator)
            .field("denominator", denominator)
            .field("count", count)
            .field("outcomes", outcomes)
            .field("events", events)
            .field("value", value)
            .field("points", points)
            .field("self_score", self_score)
            .field("evidence", evidence)
            .field("appraised", appraised)
            .field("reappraised", reappraised)
            .field("notes", notes)
            .finish()
    }
}

impl JsonSchema for ItemInput {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        ItemWire::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        ItemWire::json_schema(generator)
    }
}

/// A survey component value: the percentage the survey reported.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ComponentInput {
    /// `{"percentage": "81.37"}` for survey components.
    Percentage { percentage: Decimal },
    /// `{"points": "7.5"}` for external components.
    Points { points: Decimal },
}

/// Read as the untagged enum it is written as (`percentage` first, other keys ignored), without
/// buffering the object: each value is read in place, so a bad one is reported at its own path.
impl<'de> Deserialize<'de> for ComponentInput {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = ComponentInput;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a component value: {\"percentage\": …} or {\"points\": …}")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let (mut percentage, mut points) = (None, None);
                while let Some(key) = map.next_key::<std::borrow::Cow<str>>()? {
                    match &*key {
                        "percentage" => {
                            percentage = Some(map.next_value::<crate::decimal::Exact>()?.0)
                        }
                        "points" => points = Some(map.next_value::<crate::decimal::Exact>()?.0),
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                match (percentage, points) {
                    (Some(percentage), _) => Ok(ComponentInput::Percentage { percentage }),
                    (None, Some(points)) => Ok(ComponentInput::Points { points }),
                    (None, None) => Err(serde::de::Error::custom(
                        "a component value needs `percentage` (survey) or `points` (external)",
                    )),
                }
            }
        }
        d.deserialize_map(Fields)
    }
}

/// A bonus or penalty entry (C13).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentInput {
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub points: Decimal,
    pub reason: String,
}

/// One assessed unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitInput {
    pub id: String,
    pub name: String,
    pub group: String,
    /// Ranking block, overriding the level's `block_by`; for a level ranked by parent (communes,
    /// S10) only the parent's block (`tan_lac` or `commune/tan_lac`), else the unit is refused
    /// (`input.block_not_parent`); without a parent, it names the parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<String>,
    /// Parent unit id (the district of a commune).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Per leaf code.
    #[serde(default)]
    pub items: Items,
    /// Per component id (survey percentage or external points).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub components: BTreeMap<String, ComponentInput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bonus: Vec<AdjustmentInput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub penalty: Vec<AdjustmentInput>,
    /// Whether the data are synthetic (examples, tests).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub synthetic: bool,
}

/// The JSON text of units, written straight into a byte buffer: exactly the bytes
/// `serde_json::to_writer` writes for them (the receipt's inputs hash of typed units is the
/// SHA-256 of that text), without going through the serde data model for every token. A country's
/// batch writes millions of items, nearly all of them one inline fact under an ASCII code, and the
/// serde path costs several times the hashing of its output. Anything rarer (adjustments,
/// negative decimals, strings that need escaping) is handed to serde_json itself.
pub(crate) mod json {
    use super::{ComponentInput, Fact, Field, ItemInput, UnitInput};
    use rust_decimal::Decimal;
    use serde::Serialize;
    use std::collections::BTreeMap;

    /// Append `v` as serde_json writes it (compact).
    fn serde<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
        // Writing into memory cannot fail; a value that could not be serialised leaves what was
        // written, as the serde path did.
        let _ = serde_json::to_writer(&mut *out, v);
    }

    /// A string: copied between quotes when nothing in it needs escaping (serde_json escapes `"`,
    /// `\` and control characters only), otherwise written by serde_json.
    fn string(out: &mut Vec<u8>, s: &str) {
        // One table lookup per byte: whether serde_json would escape it.
        const ESCAPED: [bool; 256] = {
            let mut t = [false; 256];
            let mut b = 0;
            while b < 0x20 {
                t[b] = true;
                b += 1;
            }
            t[b'"' as usize] = true;
            t[b'\\' as usize] = true;
            t
        };
        let bytes = s.as_bytes();
        let mut plain = true;
        for &b in bytes {
            plain &= !ESCAPED[b as usize];
        }
        if plain {
            out.push(b'"');
            out.extend_from_slice(bytes);
            out.push(b'"');
        } else {
            serde(out, s);
        }
    }

    /// An unsigned integer in decimal, as serde_json writes it (with the same crate).
    fn uint(out: &mut Vec<u8>, v: u64) {
        out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
    }

    /// A decimal as rust_decimal serialises it: a string of the mantissa's digits with the point
    /// `scale` places from the right (at least one digit before it). Negative values (rare: a
    /// deduction's points) are left to serde_json.
    pub(super) fn decimal(out: &mut Vec<u8>, d: &Decimal) {
        if d.is_sign_negative() {
            return serde(out, d);
        }
        // The mantissa's digits: itoa's for 64 bits (nearly every value), else one at a time.
        let mut buf = [0u8; 40];
        let mut itoa = itoa::Buffer::new();
        let m = d.mantissa().unsigned_abs();
        let digits = match u64::try_from(m) {
            Ok(m) => itoa.format(m).as_bytes(),
            Err(_) => {
                let (mut i, mut m) = (buf.len(), m);
                loop {
                    i -= 1;
                    buf[i] = b'0' + (m % 10) as u8;
                    m /= 10;
                    if m == 0 {
                        break;
                    }
                }
                &buf[i..]
            }
        };
        let scale = d.scale() as usize;
        out.push(b'"');
        if scale == 0 {
            out.extend_from_slice(digits);
        } else if digits.len() > scale {
            let (whole, frac) = digits.split_at(digits.len() - scale);
            out.extend_from_slice(whole);
            out.push(b'.');
            out.extend_from_slice(frac);
        } else {
            out.extend_from_slice(b"0.");
            out.resize(out.len() + scale - digits.len(), b'0');
            out.extend_from_slice(digits);
        }
        out.push(b'"');
    }

    /// A map of counts (`outcomes`, `events`): `{"id":n,…}`.
    fn counts(out: &mut Vec<u8>, m: &BTreeMap<String, u64>) {
        out.push(b'{');
        for (n, (k, v)) in m.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            string(out, k);
            out.push(b':');
            uint(out, *v);
        }
        out.push(b'}');
    }

    fn strings(out: &mut Vec<u8>, v: &[String]) {
        out.push(b'[');
        for (n, s) in v.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            string(out, s);
        }
        out.push(b']');
    }

    /// An item of one decimal fact: `{"name":"1.5"}`, the opening brace and name given.
    fn one_decimal(out: &mut Vec<u8>, open: &[u8], v: &Decimal) {
        out.extend_from_slice(open);
        decimal(out, v);
        out.push(b'}');
    }

    /// An item, with the fields `ItemInput::serialize` writes, in its order.
    fn item(out: &mut Vec<u8>, it: &ItemInput) {
        // Most items are one inline fact and nothing else: written without going field by field.
        if it.more.is_none() {
            match it.fact {
                Fact::Rate(n, d) => {
                    out.extend_from_slice(br#"{"numerator":"#);
                    uint(out, n);
                    out.extend_from_slice(br#","denominator":"#);
                    uint(out, d);
                    return out.push(b'}');
                }
                Fact::Count(n) => {
                    out.extend_from_slice(br#"{"count":"#);
                    uint(out, n);
                    return out.push(b'}');
                }
                Fact::Met(m) => {
                    return out.extend_from_slice(if m {
                        br#"{"met":true}"#
                    } else {
                        br#"{"met":false}"#
                    })
                }
                Fact::Choice(ref id) => {
                    out.extend_from_slice(br#"{"choice":"#);
                    string(out, id);
                    return out.push(b'}');
                }
                Fact::Percentage(ref v) => return one_decimal(out, br#"{"percentage":"#, v),
                Fact::Value(ref v) => return one_decimal(out, br#"{"value":"#, v),
                Fact::Points(ref v) => return one_decimal(out, br#"{"points":"#, v),
                Fact::None => {}
            }
        }
        out.push(b'{');
        let mut first = true;
        let _ = it.each_field(&mut |name, v| {
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            out.push(b'"');
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\":");
            match v {
                Field::Bool(v) => out.extend_from_slice(if v { b"true" } else { b"false" }),
                Field::Str(v) => string(out, v),
                Field::Decimal(v) => decimal(out, &v),
                Field::Uint(v) => uint(out, v),
                Field::Counts(v) => counts(out, v),
                Field::Strings(v) => strings(out, v),
            }
            Ok(())
        });
        out.push(b'}');
    }

    /// Append `u` as `serde_json::to_writer` writes it: fields in declaration order, skipping
    /// those `UnitInput`'s `skip_serializing_if`s skip.
    pub(crate) fn unit(out: &mut Vec<u8>, u: &UnitInput) {
        out.extend_from_slice(br#"{"id":"#);
        string(out, &u.id);
        out.extend_from_slice(br#","name":"#);
        string(out, &u.name);
        out.extend_from_slice(br#","group":"#);
        string(out, &u.group);
        if let Some(b) = &u.block {
            out.extend_from_slice(br#","block":"#);
            string(out, b);
        }
        if let Some(p) = &u.parent {
            out.extend_from_slice(br#","parent":"#);
            string(out, p);
        }
        out.extend_from_slice(br#","items":{"#);
        for (n, (code, it)) in u.items.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            string(out, code);
            out.push(b':');
            item(out, it);
        }
        out.push(b'}');
        if !u.components.is_empty() {
            out.extend_from_slice(br#","components":{"#);
            for (n, (id, c)) in u.components.iter().enumerate() {
                if n > 0 {
                    out.push(b',');
                }
                string(out, id);
                match c {
                    ComponentInput::Percentage { percentage } => {
                        one_decimal(out, br#":{"percentage":"#, percentage)
                    }
                    ComponentInput::Points { points } => {
                        one_decimal(out, br#":{"points":"#, points)
                    }
                }
            }
            out.push(b'}');
        }
        if !u.bonus.is_empty() {
            out.extend_from_slice(br#","bonus":"#);
            serde(out, &u.bonus);
        }
        if !u.penalty.is_empty() {
            out.extend_from_slice(br#","penalty":"#);
            serde(out, &u.penalty);
        }
        if u.synthetic {
            out.extend_from_slice(br#","synthetic":true"#);
        }
        out.push(b'}');
    }
}

/// A batch of units for one rule set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchInput {
    pub format_version: u32,
    /// The rule set the batch is meant for (id); checked when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Whether the data are synthetic.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub synthetic: bool,
    pub units: Vec<UnitInput>,
}

/// A unit entry of a batch as read: either parsed, or the problems that prevent parsing it.
///
/// A parsed unit is held in place, not boxed: a batch's entries sit in one vector and each is
/// moved out once to be scored, so a box would only cost an allocation per unit.
#[derive(Debug, Clone)]
#[doc(hidden)]
pub enum UnitEntry {
    Ok(UnitInput),
    Bad {
        /// Best-effort id (if the `id` field could be read).
        id: Option<String>,
        issues: Vec<Issue>,
    },
}

/// A batch whose units are parsed one by one, so one bad unit does not lose the others.
#[derive(Debug, Clone)]
pub(crate) struct ParsedBatch {
    pub ruleset: Option<String>,
    /// Read (the readers are compared on it) but not carried into a batch's result.
    #[cfg_attr(not(test), allow(dead_code))]
    pub title: Option<String>,
    pub synthetic: bool,
    pub units: Vec<UnitEntry>,
}

/// Parse a batch from a JSON value; envelope problems are fatal, unit problems are per unit.
pub(crate) fn parse_batch(v: &Value) -> Result<ParsedBatch, Vec<Issue>> {
    let Some(obj) = v.as_object() else {
        return Err(vec![issue!("input.not_an_object:batch", "$")]);
    };
    let mut issues = Vec::new();
    for key in obj.keys() {
        if !["format_version", "ruleset", "title", "synthetic", "units"].contains(&key.as_str()) {
            issues.push(issue!(
                "input.unknown_field:batch",
                key_path("$", key),
                field = excerpt(key)
            ));
        }
    }
    match obj.get("format_version") {
        None => issues.push(issue!(
            "input.missing_field",
            "$.format_version",
            field = "`format_version`"
        )),
        Some(fv) if fv.as_u64() != Some(FORMAT_VERSION as u64) => {
            issues.push(crate::def::unsupported_version(fv, false))
        }
        _ => {}
    }
    let ruleset = match obj.get("ruleset") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            issues.push(issue!("input.invalid_type:batch_ruleset", "$.ruleset"));
            None
        }
    };
    let title = obj
        .get("title")
        .and_then(|t| t.as_str())
        .map(str::to_string);
    let synthetic = obj
        .get("synthetic")
        .and_then(|t| t.as_bool())
        .unwrap_or(false);
    let units = match obj.get("units") {
        Some(Value::Array(a)) => a,
        Some(_) => {
            issues.push(issue!("input.invalid_type:batch_units", "$.units"));
            return Err(issues);
        }
        None => {
            issues.push(issue!("input.missing_field", "$.units", field = "`units`"));
            return Err(issues);
        }
    };
    if !issues.is_empty() {
        return Err(issues);
    }
    let units = units
        .iter()
        .enumerate()
        .map(|(i, u)| parse_unit(u, &format!("$.units[{i}]")))
        .collect();
    Ok(ParsedBatch {
        ruleset,
        title,
        synthetic,
        units,
    })
}

/// Parse one unit; every item is parsed on its own so all problems are reported.
#[doc(hidden)]
pub fn parse_unit(v: &Value, path: &str) -> UnitEntry {
    // Fast path: a well-formed unit deserialises directly, without copying the value.
    if let Ok(u) = crate::de::from_value::<UnitInput>(v) {
        return UnitEntry::Ok(u);
    }
    let id = v.get("id").and_then(|x| x.as_str()).map(str::to_string);
    let mut issues = Vec::new();
    // Parse items one by one for precise paths (codes contain dots).
    let mut items = Vec::new();
    let mut shell = v.clone();
    if let Some(obj) = shell.as_object_mut() {
        // Taken out, an empty object left in their place (as if absent: no map removal, which
        // keeps the WebAssembly build small).
        let taken = obj
            .get_mut("items")
            .map(|v| std::mem::replace(v, Value::Object(Default::default())));
        if let Some(raw_items) = taken {
            match raw_items {
                Value::Object(map) => {
                    for (code, item) in map {
                        let ipath = key_path(&format!("{path}.items"), &code);
                        match crate::de::from_value::<ItemInput>(&item) {
                            Ok(it) => items.push((code.into(), it)),
                            Err(e) => issues.push(prefix_code(from_serde(&ipath, e))),
                        }
                    }
                }
                Value::Array(_) => {
                    issues.push(issue!("input.not_an_object:items", format!("{path}.items")))
                }
                _ => issues.push(issue!("input.invalid_type:items", format!("{path}.items"))),
            }
        }
    }
    match crate::de::from_value::<UnitInput>(&shell) {
        Ok(mut u) => {
            if issues.is_empty() {
                u.items = Items::from_pairs(items);
                UnitEntry::Ok(u)
            } else {
                UnitEntry::Bad { id, issues }
            }
        }
        Err(e) => {
            issues.insert(0, prefix_code(from_serde(path, e)));
            UnitEntry::Bad { id, issues }
        }
    }
}

/// An issue read from serde (`unknown_field`…) as an input issue (`input.unknown_field`…).
pub(crate) fn prefix_code(mut i: Issue) -> Issue {
    i.code = format!("input.{}", i.code);
    i
}

/// Read one unit (JSON text of a unit object), reporting every problem with its path. The text is
/// first checked against `limits`; a key written twice refuses the unit (`input.duplicate_key`).
#[doc(hidden)]
pub fn read_unit_within(
    unit_json: &str,
    limits: &crate::support::limits::Limits,
) -> crate::error::Result<UnitInput> {
    let scanned = limits.scan(unit_json, crate::support::limits::Kind::Unit, "$")?;
    crate::support::limits::refuse_duplicates(scanned)?;
    let unit_json = crate::support::limits::strip_bom(unit_json);
    // With `fast-text`, a well-formed unit deserialises straight into its type; anything else
    // takes the path that reports every problem.
    #[cfg(feature = "fast-text")]
    if let Ok(u) = crate::de::from_str_objects::<UnitInput>(unit_json) {
        return Ok(u);
    }
    // Without it, a unit in the usual shapes is read by a small reader of its own.
    #[cfg(not(feature = "fast-text"))]
    if let Some(u) = crate::input::text::unit(unit_json) {
        return Ok(u);
    }
    match parse_unit(&crate::support::json::parse_json(unit_json)?, "$") {
        UnitEntry::Ok(u) => Ok(u),
        UnitEntry::Bad { issues, .. } => Err(crate::error::Error::Input(issues)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remove_key_removes_as_btreemap_remove_does() {
        for n in [0, 1, 2, 11, 12, 40] {
            for key in (0..=n).map(|i| format!("k{i}")) {
                let mut a: BTreeMap<String, usize> = (0..n).map(|i| (format!("k{i}"), i)).collect();
                let mut b = a.clone();
                assert_eq!(remove_key(&mut a, &key), b.remove(&key));
                assert_eq!(a, b);
            }
        }
    }

    /// The not-applicable flag is kept with the rarer fields: marking and unmarking an item gives
    /// back the item it was, facts and flag read as given, and an item stays 32 bytes.
    #[test]
    fn not_applicable_is_kept_with_the_rarer_fields() {
        let it = ItemInput::rate(1, 2);
        let marked = it.clone().with_not_applicable(true);
        assert!(marked.is_not_applicable() && !it.is_not_applicable());
        assert_eq!(marked.numerator(), Some(1));
        assert_eq!(
            serde_json::to_string(&marked).unwrap(),
            r#"{"not_applicable":true,"numerator":1,"denominator":2}"#
        );
        assert_eq!(marked.with_not_applicable(false), it);
        let only = ItemInput::default().with_not_applicable(true);
        assert!(only.only_not_applicable() && !it.only_not_applicable());
        #[cfg(target_pointer_width = "64")]
        assert_eq!(std::mem::size_of::<ItemInput>(), 32);
    }

    /// The hand-written JSON of units is byte for byte serde_json's (the inputs hash depends on it).
    #[test]
    fn unit_json_is_serde_jsons() {
        use rust_decimal::Decimal;
        let rs = crate::builtin::ruleset(crate::builtin::DEFAULT_RULESET).unwrap();
        let mut units = crate::eval::synth::generate(&rs, 200, 3);
        let items: Items = [
            ("a", ItemInput::default()),
            ("b", ItemInput::default().with_not_applicable(true)),
            ("c", ItemInput::rate(0, 18_446_744_073_709_551_615)),
            ("d", ItemInput::rate(7, 9).with_not_applicable(true)),
            ("e", ItemInput::default().with_count(0)),
            ("f", ItemInput::default().with_met(false)),
            ("g", ItemInput::default().with_met(true)),
            ("h", ItemInput::default().with_choice("x\"y\\z\n\u{1f}é")),
            ("i", ItemInput::default().with_choice("ôk")),
            (
                "j",
                ItemInput::default().with_percentage(Decimal::new(-12345, 3)),
            ),
            ("k", ItemInput::default().with_value(Decimal::new(100, 2))),
            ("l", ItemInput::default().with_points(Decimal::ZERO)),
            ("m", ItemInput::rate(1, 2).with_count(3)),
            (
                "n",
                ItemInput::default()
                    .with_points(Decimal::new(25, 1))
                    .with_self(Decimal::new(3, 0))
                    .with_evidence(vec!["qd \"12\".pdf".into()])
                    .with_notes(vec!["ghi chú".into()]),
            ),
            (
                "o",
                ItemInput::default()
                    .with_outcomes([("x".to_string(), 2)].into())
                    .with_denominator(4),
            ),
            ("\"q\tr\u{7f}", ItemInput::default().with_met(true)),
            (
                "p",
                ItemInput::rate(2, 3)
                    .with_not_applicable(true)
                    .with_choice("a")
                    .with_met(true)
                    .with_percentage(Decimal::new(5, 3))
                    .with_count(4)
                    .with_outcomes([("x".to_string(), 1), ("y\"".to_string(), 0)].into())
                    .with_events([("late".to_string(), 2)].into())
                    .with_value(Decimal::MAX)
                    .with_points(Decimal::new(-5, 1))
                    .with_self(Decimal::new(0, 2))
                    .with_evidence(vec!["a".into(), "b\n".into()])
                    .with_appraised(Decimal::new(15, 1))
                    .with_reappraised(Decimal::new(-0, 1))
                    .with_notes(vec!["n1".into(), "n2".into()]),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        units.push(UnitInput {
            id: "u\"1\"\r".into(),
            name: "Sở Nội vụ\u{0}".into(),
            group: "g/1".into(),
            block: Some("b\\".into()),
            parent: Some("p".into()),
            items,
            components: [
                (
                    "survey".to_string(),
                    ComponentInput::Percentage {
                        percentage: Decimal::new(8137, 2),
                    },
                ),
                (
                    "it\"\n".to_string(),
                    ComponentInput::Points {
                        points: Decimal::new(-15, 1),
                    },
                ),
                (
                    "cntt".to_string(),
                    ComponentInput::Points {
                        points: Decimal::new(725, 2),
                    },
                ),
            ]
            .into(),
            bonus: vec![AdjustmentInput {
                points: Decimal::ONE,
                reason: "r\n".into(),
            }],
            penalty: vec![AdjustmentInput {
                points: Decimal::new(5, 1),
                reason: "p".into(),
            }],
            synthetic: false,
        });
        units.push(UnitInput {
            id: String::new(),
            name: String::new(),
            group: String::new(),
            block: None,
            parent: None,
            items: Items::new(),
            components: BTreeMap::new(),
            bonus: Vec::new(),
            penalty: Vec::new(),
            synthetic: true,
        });
        for u in &units {
            let mut fast = Vec::new();
            json::unit(&mut fast, u);
            let want = serde_json::to_vec(u).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&fast),
                String::from_utf8_lossy(&want),
                "unit {}",
                u.id
            );
            assert_eq!(fast, want);
        }
    }

    /// Decimals as the fast writer spells them are rust_decimal's serialisation.
    #[test]
    fn decimal_json_is_serde_jsons() {
        use rust_decimal::Decimal;
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut cases = vec![
            Decimal::ZERO,
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(-0, 3),
        ];
        for _ in 0..5000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let m = (x >> (x % 64)) as i64;
            cases.push(Decimal::new(m, (x % 29) as u32));
            cases.push(Decimal::from_i128_with_scale(
                i128::from(m) << 30,
                (x % 7) as u32,
            ));
        }
        for d in cases {
            let mut fast = Vec::new();
            json::decimal(&mut fast, &d);
            assert_eq!(fast, serde_json::to_vec(&d).unwrap(), "{d}");
        }
    }

    #[test]
    fn an_item_is_small() {
        // A country's batch holds millions of items: one fact inline, anything else boxed.
        assert!(std::mem::size_of::<ItemInput>() <= 40);
        let rate = ItemInput::rate(3, 4);
        assert!(rate.more.is_none() && rate.fact == Fact::Rate(3, 4));
        let odd = rate.clone().with_count(1);
        assert!(
            odd.fact == Fact::None && odd.more.is_some(),
            "two facts are kept boxed"
        );
        let mut back = odd;
        back.set_count(None);
        assert!(
            back.more.is_none() && back == rate,
            "one fact again: inline again"
        );
    }
}
