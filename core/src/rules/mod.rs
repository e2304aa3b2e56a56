//! The rule kinds (C1–C13), one file each. A kind's file holds everything about it: what it checks
//! in a rule set (beyond the shape serde reads), the numbers of points it declares (held within
//! [`crate::compile::MAX_POINTS`]), the facts it takes, how it turns them into points and the
//! branch its explanation shows, how a synthetic fact is drawn for it, and a sentence in Vietnamese
//! and English of how it scores. This module dispatches from [`Rule`] to the kind's file, one match
//! per operation; the shared helpers (rates, percentages, raw points) are here too.
//!
//! A new kind is a variant of [`Rule`] (the format, in [`crate::def`]), a file here, and an arm in
//! each match below (the compiler asks for each); the integer lane of feature `fast-score`
//! (`compile::quick`) may leave it to the general evaluation.
//!
//! Layering: the kinds sit below both the compiler, which calls their checks while it validates a
//! rule set, and the evaluation, which calls their scoring; so they import only the format
//! ([`crate::def`]), the inputs ([`crate::input`]) and the result types ([`crate::result`]), and take
//! what they need of a compiled leaf (its code, maximum and minimum) as values. Were they under
//! `eval/`, the compiler would import the evaluation, which imports the compiler.
//!
//! Arithmetic here is checked (the lint below refuses an unchecked operator): an overflow is the
//! error `arithmetic.overflow` with the path of the fact it came from, never a panic.

#![deny(clippy::arithmetic_side_effects)]

mod bands;
mod choice;
mod count;
mod deductions;
mod external;
mod manual;
mod met;
mod names;
pub(crate) mod normalized;
mod outcome_ratio;
mod proportional;
mod survey;
mod text;

use crate::def::check::V;
use crate::def::{Description, Node, OutcomePercentage, Rounding, Rule, Stage};
use crate::error::{issue, Error, Result};
use crate::input::{ItemInput, FACT_FIELDS};
use crate::result::Branch;
use crate::support::decimal::{self as d, show};
pub(crate) use names::Names;
use normalized::BestValue;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The best value of each normalised leaf (C5), by level and node index.
pub(crate) type Bests = HashMap<(usize, usize), BestValue>;

// ---------------------------------------------------------------------------------------------
// Dispatch

/// The rule's own checks, beyond its shape: problems are pushed to `v` (`path`: the rule's).
pub(crate) fn validate(v: &mut V, n: &Node, rule: &Rule, path: &str) {
    match rule {
        Rule::Choice { options } => choice::validate(v, n, options, path),
        Rule::Met {
            points_met,
            points_not_met,
        } => met::validate(v, n, *points_met, *points_not_met, path),
        Rule::Bands {
            bands,
            zero_denominator_points,
        } => bands::validate(v, n, bands, *zero_denominator_points, path),
        Rule::Proportional {
            threshold,
            below_points,
            full_at,
            zero_denominator_points,
            ..
        } => proportional::validate(
            v,
            n,
            *threshold,
            *below_points,
            *full_at,
            *zero_denominator_points,
            path,
        ),
        Rule::Normalized {
            zero_best_points,
            max_value,
            outlier_factor,
        } => normalized::validate(v, n, *zero_best_points, *max_value, *outlier_factor, path),
        Rule::Count { points_each } => count::validate(v, *points_each, path),
        Rule::OutcomeRatio {
            outcomes,
            zero_denominator_points,
            ..
        } => outcome_ratio::validate(v, n, outcomes, *zero_denominator_points, path),
        Rule::Deductions { start, deductions } => {
            deductions::validate(v, n, *start, deductions, path)
        }
        Rule::Survey | Rule::External => {}
        Rule::Manual { step } => manual::validate(v, n, *step, path),
    }
}

/// Calls `f` with each number of points the rule declares and the path of its field below the
/// rule (`points_met`, `options[2].points`), in the order of the rule's fields.
pub(crate) fn declared(rule: &Rule, f: &mut dyn FnMut(Decimal, &dyn Fn() -> String)) {
    match rule {
        Rule::Choice { options } => choice::declared(options, f),
        Rule::Met {
            points_met,
            points_not_met,
        } => met::declared(*points_met, *points_not_met, f),
        Rule::Bands {
            bands,
            zero_denominator_points,
        } => bands::declared(bands, *zero_denominator_points, f),
        Rule::Proportional {
            below_points,
            zero_denominator_points,
            ..
        } => proportional::declared(*below_points, *zero_denominator_points, f),
        Rule::Normalized {
            zero_best_points, ..
        } => normalized::declared(*zero_best_points, f),
        Rule::Count { points_each } => count::declared(*points_each, f),
        Rule::OutcomeRatio {
            outcomes,
            zero_denominator_points,
            ..
        } => outcome_ratio::declared(outcomes, *zero_denominator_points, f),
        Rule::Deductions { start, deductions } => deductions::declared(*start, deductions, f),
        Rule::Manual { step } => manual::declared(*step, f),
        Rule::Survey | Rule::External => {}
    }
}

/// The facts a rule kind takes, as a mask over [`FACT_FIELDS`] (bit `i` for `FACT_FIELDS[i]`).
pub(crate) fn facts(rule: &Rule) -> u16 {
    match rule {
        Rule::Choice { .. } => choice::FACTS,
        Rule::Met { .. } => met::FACTS,
        Rule::Bands { .. } => bands::FACTS,
        Rule::Proportional { .. } => proportional::FACTS,
        Rule::Normalized { .. } => normalized::FACTS,
        Rule::Count { .. } => count::FACTS,
        Rule::OutcomeRatio { .. } => outcome_ratio::FACTS,
        Rule::Deductions { .. } => deductions::FACTS,
        Rule::Survey => survey::FACTS,
        Rule::External => external::FACTS,
        Rule::Manual { .. } => manual::FACTS,
    }
}

/// The points a rule gives for a leaf's facts (S9: the percentage first, then the points; rounding
/// at the leaf stage and the leaf's bounds are the caller's).
pub(crate) fn evaluate(rule: &Rule, ev: &Ev<'_>) -> Result<LeafOut> {
    if let Some(e) = wrong_facts(ev.facts, rule, ev.ipath, ev.code) {
        return Err(e);
    }
    match rule {
        Rule::Choice { options } => choice::evaluate(ev, options),
        Rule::Met {
            points_met,
            points_not_met,
        } => met::evaluate(ev, *points_met, *points_not_met),
        Rule::Bands {
            bands,
            zero_denominator_points,
        } => bands::evaluate(ev, bands, *zero_denominator_points),
        Rule::Proportional {
            threshold,
            threshold_inclusive,
            below_points,
            full_at,
            zero_denominator_points,
        } => proportional::evaluate(
            ev,
            *threshold,
            *threshold_inclusive,
            *below_points,
            *full_at,
            *zero_denominator_points,
        ),
        Rule::Normalized {
            zero_best_points,
            max_value,
            ..
        } => normalized::evaluate(ev, *zero_best_points, *max_value),
        Rule::Count { points_each } => count::evaluate(ev, *points_each),
        Rule::OutcomeRatio {
            outcomes,
            zero_denominator_points,
            percentage_of,
        } => outcome_ratio::evaluate(ev, outcomes, *zero_denominator_points, *percentage_of),
        Rule::Deductions { start, deductions } => deductions::evaluate(ev, *start, deductions),
        Rule::Survey => survey::evaluate(ev),
        Rule::External => external::evaluate(ev),
        Rule::Manual { step } => manual::evaluate(ev, *step),
    }
}

/// A valid synthetic fact for a leaf of the rule (maximum `max`, minimum `min`).
pub(crate) fn synthetic(rule: &Rule, max: Decimal, min: Decimal, rng: &mut Lcg) -> ItemInput {
    match rule {
        Rule::Choice { options } => choice::synthetic(options, rng),
        Rule::Met { .. } => met::synthetic(rng),
        Rule::Bands { .. } => bands::synthetic(rng),
        Rule::Proportional { .. } => proportional::synthetic(rng),
        Rule::Normalized { .. } => normalized::synthetic(rng),
        Rule::Count { .. } => count::synthetic(rng),
        Rule::OutcomeRatio { outcomes, .. } => outcome_ratio::synthetic(outcomes, rng),
        Rule::Deductions { deductions, .. } => deductions::synthetic(deductions, rng),
        Rule::Survey => survey::synthetic(rng),
        Rule::External => external::synthetic(max),
        Rule::Manual { step } => manual::synthetic(*step, max, min, rng),
    }
}

impl Rule {
    /// How the rule kind scores, in a sentence in Vietnamese and in English.
    pub fn description(&self) -> &'static Description {
        match self {
            Rule::Choice { .. } => &choice::DESCRIPTION,
            Rule::Met { .. } => &met::DESCRIPTION,
            Rule::Bands { .. } => &bands::DESCRIPTION,
            Rule::Proportional { .. } => &proportional::DESCRIPTION,
            Rule::Normalized { .. } => &normalized::DESCRIPTION,
            Rule::Count { .. } => &count::DESCRIPTION,
            Rule::OutcomeRatio {
                percentage_of: OutcomePercentage::WeightedRate,
                ..
            } => &outcome_ratio::DESCRIPTION_WEIGHTED,
            Rule::OutcomeRatio { .. } => &outcome_ratio::DESCRIPTION,
            Rule::Deductions { .. } => &deductions::DESCRIPTION,
            Rule::Survey => &survey::DESCRIPTION,
            Rule::External => &external::DESCRIPTION,
            Rule::Manual { .. } => &manual::DESCRIPTION,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What the kinds share

/// A leaf's facts as its rule evaluates them, with what it needs of the leaf and of the batch.
pub(crate) struct Ev<'a> {
    pub code: &'a str,
    pub max: Decimal,
    pub min: Decimal,
    /// The rule kind (in messages).
    pub kind: &'static str,
    pub facts: &'a ItemInput,
    pub rounding: &'a Rounding,
    pub ipath: ItemPath<'a>,
    /// Whether the branch is built (for an explanation; those that allocate are built only then).
    pub explain: bool,
    /// The best values of the normalised leaves, and this leaf's place among them (level and node
    /// index), looked up only by a normalised rule.
    pub best: &'a Bests,
    pub at: (usize, usize),
}

impl Ev<'_> {
    /// A fact the rule needs is missing.
    fn need(&self, field: &str) -> Error {
        Error::input(issue!(
            "input.missing_fact",
            format!("{}.{field}", self.ipath),
            code = self.code,
            kind = self.kind,
            field
        ))
    }

    /// Exact points, with the branch kept only for an explanation.
    fn simple(&self, raw: Decimal, branch: Branch) -> LeafOut {
        LeafOut {
            raw: Raw::exact(raw),
            pct_raw: None,
            pct: None,
            branch: self.explain.then_some(branch),
        }
    }

    /// The points given (`external`, `manual`), within the leaf's range.
    fn points_given(&self) -> Result<Decimal> {
        let p = self.facts.points().ok_or_else(|| self.need("points"))?;
        if p < self.min || p > self.max {
            return Err(Error::input(issue!(
                "input.points_out_of_range",
                format!("{}.points", self.ipath),
                points = show(p),
                min = show(self.min),
                max = show(self.max),
                code = self.code
            )));
        }
        Ok(p)
    }

    /// Points for a zero denominator (`bands`, `proportional`): the rule's, if it declares them.
    fn zero_denominator(&self, points: Option<Decimal>) -> Result<LeafOut> {
        let p = points.ok_or_else(|| {
            Error::input(issue!(
                "input.zero_denominator",
                format!("{}.denominator", self.ipath),
                code = self.code
            ))
        })?;
        Ok(self.simple(p, Branch::ZeroDenominator))
    }
}

/// The JSON path of a unit's item (or component), rendered only when an error or warning needs it.
#[derive(Clone, Copy)]
pub(crate) struct ItemPath<'a> {
    pub unit: &'a str,
    /// `items` or `components`.
    pub list: &'static str,
    pub code: &'a str,
}

impl<'a> ItemPath<'a> {
    pub(crate) fn item(unit: &'a str, code: &'a str) -> Self {
        ItemPath {
            unit,
            list: "items",
            code,
        }
    }

    /// The path, e.g. `$.units[3].items["1.1"]`.
    pub(crate) fn path(&self) -> String {
        let capacity = (self.unit.len().saturating_add(self.code.len())).saturating_add(16);
        let mut path = String::with_capacity(capacity);
        path.push_str(self.unit);
        path.push('.');
        path.push_str(self.list);
        crate::error::push_key(&mut path, self.code);
        path
    }
}

impl std::fmt::Display for ItemPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.path())
    }
}

pub(crate) fn in_band(
    v: Decimal,
    min: Decimal,
    min_inc: bool,
    max: Decimal,
    max_inc: bool,
) -> bool {
    let lo = if min_inc { v >= min } else { v > min };
    let hi = if max_inc { v <= max } else { v < max };
    lo && hi
}

/// Raw points: `num`, or `num / den` kept as a fraction so that rounding is exact (the rounded
/// points never depend on how many digits a quotient was given).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Raw {
    num: Decimal,
    den: Option<Decimal>,
}

impl Raw {
    pub(crate) fn exact(num: Decimal) -> Raw {
        Raw { num, den: None }
    }

    pub(crate) fn ratio(num: Decimal, den: Decimal) -> Raw {
        Raw {
            num,
            den: Some(den),
        }
    }

    /// The unrounded value (a quotient to 28 significant digits).
    pub(crate) fn value<P: std::fmt::Display + ?Sized>(self, path: &P) -> Result<Decimal> {
        match self.den {
            None => Ok(self.num),
            Some(den) => d::div(self.num, den, path),
        }
    }

    /// The value rounded at the leaf stage (unrounded when the rule set does not round leaves).
    pub(crate) fn rounded<P: std::fmt::Display + ?Sized>(
        self,
        rounding: &Rounding,
        path: &P,
    ) -> Result<Decimal> {
        match self.den {
            None => Ok(rounding.at(Stage::Leaf, self.num)),
            Some(den) => match rounding.ratio_at(Stage::Leaf, self.num, den) {
                Some(v) => Ok(v),
                None => Ok(rounding.at(Stage::Leaf, self.value(path)?)),
            },
        }
    }
}

/// What a rule computed from a leaf's facts.
pub(crate) struct LeafOut {
    pub raw: Raw,
    pub pct_raw: Option<Decimal>,
    pub pct: Option<Decimal>,
    /// Built only when an explanation is rendered.
    pub branch: Option<Branch>,
}

/// The percentage of a rule input: given directly, or computed from counts (S9: first).
/// Returns the unrounded percentage (only when `raw` is asked for, unless given) and the percentage
/// the rule uses; `None` for a zero denominator.
pub(crate) fn rate(
    it: &ItemInput,
    rounding: &Rounding,
    ipath: ItemPath<'_>,
    code: &str,
    explain: bool,
) -> Result<Option<(Option<Decimal>, Decimal)>> {
    match (it.percentage(), it.numerator(), it.denominator()) {
        (Some(p), None, None) => {
            if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED {
                return Err(Error::input(issue!(
                    "input.percentage_out_of_range",
                    format!("{ipath}.percentage"),
                    percentage = show(p)
                )));
            }
            Ok(Some((Some(p), rounding.at(Stage::Percentage, p))))
        }
        (None, Some(num), Some(den)) => {
            if num > den {
                return Err(Error::input(issue!(
                    "input.numerator_above_denominator",
                    format!("{ipath}.numerator"),
                    code,
                    numerator = num,
                    denominator = den
                )));
            }
            if den == 0 {
                return Ok(None);
            }
            percent_of(num, den, rounding, explain, &ipath).map(Some)
        }
        _ => Err(Error::input(issue!(
            "input.missing_fact:rate",
            ipath.path(),
            code
        ))),
    }
}

/// `part / whole × 100` (S9: the percentage first): the unrounded quotient when `raw` is asked for,
/// and the percentage rounded at the percentage stage, computed exactly.
pub(crate) fn percent_of<P: std::fmt::Display + ?Sized>(
    part: u64,
    whole: u64,
    rounding: &Rounding,
    raw: bool,
    path: &P,
) -> Result<(Option<Decimal>, Decimal)> {
    let exact = || d::percent(Decimal::from(part), Decimal::from(whole), path);
    // (A u64 times 100 is far below 2^96.)
    let hundredfold = d::checked_mul(Decimal::from(part), Decimal::ONE_HUNDRED);
    let rounded = match hundredfold
        .and_then(|n| rounding.ratio_at(Stage::Percentage, n, Decimal::from(whole)))
    {
        Some(v) => v,
        None => rounding.at(Stage::Percentage, exact()?),
    };
    Ok((if raw { Some(exact()?) } else { None }, rounded))
}

/// The facts given that the rule does not take, one issue each.
fn wrong_facts(it: &ItemInput, rule: &Rule, ipath: ItemPath<'_>, code: &str) -> Option<Error> {
    let allowed = facts(rule);
    let wrong = it.fact_mask() & !allowed;
    if wrong == 0 {
        return None;
    }
    let takes: Vec<&str> = FACT_FIELDS
        .iter()
        .enumerate()
        .filter(|(i, _)| allowed & (1 << i) != 0)
        .map(|(_, f)| *f)
        .collect();
    Some(Error::Input(
        FACT_FIELDS
            .iter()
            .enumerate()
            .filter(|(i, _)| wrong & (1 << i) != 0)
            .map(|(_, f)| {
                issue!(
                    "input.fact_mismatch",
                    format!("{ipath}.{f}"),
                    code,
                    kind = rule.kind(),
                    field = f,
                    takes = takes.join(", ")
                )
            })
            .collect(),
    ))
}

/// A rate given as counts, most near the top (`bands`, `proportional`).
#[allow(clippy::arithmetic_side_effects)] // Below 401.
fn synthetic_rate(rng: &mut Lcg) -> ItemInput {
    let den = 1 + rng.below(400);
    ItemInput::rate(den - rng.below(den / 5 + 1), den)
}

/// A small deterministic generator (PCG-style LCG) for synthetic data; no randomness source is
/// read.
pub(crate) struct Lcg(pub u64);

// Wrapping on purpose, or small numbers.
#[allow(clippy::arithmetic_side_effects)]
impl Lcg {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    /// A percentage with two decimals, skewed toward the high end like real on-time rates.
    pub(crate) fn pct(&mut self) -> Decimal {
        let x = 10_000 - (self.below(5_000) * self.below(100) / 100);
        Decimal::new(x as i64, 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule kind (C1–C13) describes how it scores in Vietnamese and in English, each kind in
    /// its own words.
    #[test]
    fn every_rule_kind_describes_itself_in_vietnamese_and_english() {
        let rs = crate::builtin::ruleset(crate::builtin::DEFAULT_RULESET).unwrap();
        let mut kinds = std::collections::BTreeMap::new();
        for n in rs.levels().iter().flat_map(|l| &l.nodes) {
            if let Some(r) = &n.rule {
                kinds.insert(r.kind(), r.description());
            }
        }
        let extra: Vec<Rule> = serde_json::from_str(
            r#"[{"kind": "survey"}, {"kind": "external"}, {"kind": "manual"}, {"kind": "count", "points_each": "1"},
                {"kind": "normalized", "zero_best_points": "0"}, {"kind": "met"}, {"kind": "choice", "options": []},
                {"kind": "bands", "bands": []}, {"kind": "proportional"}, {"kind": "outcome_ratio", "outcomes": [], "zero_denominator_points": "0"},
                {"kind": "deductions", "deductions": []}]"#,
        )
        .unwrap();
        for r in &extra {
            kinds.insert(r.kind(), r.description());
        }
        assert_eq!(kinds.len(), 11);
        let mut seen = std::collections::HashSet::new();
        for (kind, d) in kinds {
            assert!(!d.vi.is_empty() && !d.en.is_empty(), "{kind}");
            assert!(
                seen.insert(d.vi) && seen.insert(d.en),
                "{kind} repeats another kind"
            );
        }
    }
}
