//! One leaf's input: its facts and points, held compactly, and their JSON form.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

// The JSON form of an [`ItemInput`], which the input schema describes: every field optional. It is
// read, then stored compactly; an `ItemInput` writes these fields in this order, skipping the
// absent ones as the `skip_serializing_if`s say.
crate::de::tree_struct! {
/// Facts or entered points for one leaf.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ItemInput")]
pub(super) struct ItemWire {
    /// The unit marks the node not applicable (meaning declared by the node).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) not_applicable: bool,
    /// `choice` rules: the chosen option id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) choice: Option<String>,
    /// `met` rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) met: Option<bool>,
    /// A percentage already computed (0–100).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decimal::exact_opt"
    )]
    pub(super) percentage: Option<Decimal>,
    /// Counts for a rate: numerator / denominator × 100 (S9: percentage first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) numerator: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) denominator: Option<u64>,
    /// `count` rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) count: Option<u64>,
    /// `outcome_ratio` rules: count per outcome id (with `denominator`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(super) outcomes: BTreeMap<String, u64>,
    /// `deductions` rules: number of events per deduction id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(super) events: BTreeMap<String, u64>,
    /// `normalized` rules: the unit's value.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decimal::exact_opt"
    )]
    pub(super) value: Option<Decimal>,
    /// `external` and `manual` rules: the points.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decimal::exact_opt"
    )]
    pub(super) points: Option<Decimal>,
    /// Points the unit gave itself (recognised only with evidence, S7).
    #[serde(
        default,
        rename = "self",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decimal::exact_opt"
    )]
    pub(super) self_score: Option<Decimal>,
    /// Evidence documents attached by the unit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) evidence: Vec<String>,
    /// Points given by the appraisal council (S6, S7); wins over the self score.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decimal::exact_opt"
    )]
    pub(super) appraised: Option<Decimal>,
    /// Points of the council's reviewed decision on an explained item, recorded by Sở Nội vụ (the
    /// standing body) during the council's review (S8: 16–17/12, act `review`); wins over the
    /// appraisal.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::decimal::exact_opt"
    )]
    pub(super) reappraised: Option<Decimal>,
    /// Free notes (appraisal remarks, explanations); echoed in the explanation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) notes: Vec<String>,
    /// Which fields are given ([`ItemWire::given`]), set when the wire is boxed in an item: the
    /// item's readers test it before a field, so that they read only the cache lines of the
    /// fields given (the wire is about 300 bytes, most of them absent fields).
    #[serde(skip)]
    #[schemars(skip)]
    pub(super) present: u16,
}
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
    pub(super) fact: Fact,
    /// Everything else the item gives, the not-applicable flag included; `None` when there is
    /// nothing. (The flag is rare: kept here, it leaves the item 32 bytes, so that a unit's map of
    /// items takes fewer cache lines.)
    pub(super) more: Option<Box<ItemWire>>,
}

impl crate::de::FromTree for ItemInput {
    fn from_tree(de: crate::de::De<'_, '_>) -> Result<Self, serde_json::Error> {
        ItemWire::from_tree(de).map(ItemInput::from)
    }
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
