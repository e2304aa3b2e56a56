//! Loading, validating and compiling a rule set.
//!
//! [`RuleSet::from_json`] reports every problem at once: shape problems (unknown fields and kinds,
//! wrong types) node by node, then coherence problems (duplicate codes, maxima that do not add up,
//! bands with gaps or overlaps, dangling references…), each with a stable code and a JSON path.
//!
//! Arithmetic here is checked (the lint below refuses an unchecked operator): a rule set is data
//! anyone can write, and no value in it may make validating or compiling panic.

#![deny(clippy::arithmetic_side_effects)]

pub(crate) mod appraiser;
pub mod builtin;
pub(crate) mod fields;
mod level;
mod nodes;
mod partial;
#[cfg(feature = "fast-score")]
pub(crate) mod quick;
mod validate;
pub(crate) mod warn;

use level::compile_level;
pub(crate) use level::{code_prefix, code_tail_cmp};
use validate::validate;

use crate::def::unsupported_version;
use crate::def::*;
use crate::error::{a_json_type, issue, Error, Issue, Result};
use crate::limits::{strip_bom, Kind, Limits};
use crate::support::de::from_serde;
use crate::support::hash::hex;
use rust_decimal::Decimal;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A node of a compiled level, in pre-order.
#[derive(Debug, Clone)]
pub struct CNode {
    pub code: Arc<str>,
    pub label: Arc<str>,
    pub legal_ref: Option<Arc<str>>,
    pub source: Provenance,
    pub depth: u8,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Index of the top-level field the node belongs to.
    pub field: usize,
    pub max: Decimal,
    pub min: Decimal,
    /// A parent whose children's maxima may add up to more than its maximum (`capped`): its
    /// applicable maximum is min(`max`, Σ applicable children's maxima).
    pub capped: bool,
    /// `min` and `max` rounded at the leaf stage: the bounds a leaf's rounded points are kept in.
    pub(crate) lo: Decimal,
    pub(crate) hi: Decimal,
    pub rule: Option<Rule>,
    /// The rule prepared for items scored from their facts (set after `lo` and `hi`).
    #[cfg(feature = "fast-score")]
    pub(crate) quick: crate::quick::Quick,
    pub not_applicable: Option<NotApplicable>,
    /// The council member who appraises the node (declared or inherited).
    pub appraiser: Option<Arc<str>>,
    /// JSON path of the node in the rule set.
    pub path: String,
}

/// A compiled level: flat pre-order nodes and per-group applicability.
#[derive(Debug, Clone)]
pub struct CLevel {
    pub id: Arc<str>,
    pub nodes: Vec<CNode>,
    /// Indices of top-level nodes (fields).
    pub fields: Vec<usize>,
    pub by_code: HashMap<String, usize>,
    /// Codes with their node index, ordered by code (byte order, as a `BTreeMap` of items
    /// iterates), each after its [`code_prefix`] (which orders the
    /// same way, or is equal).
    pub(crate) code_order: Vec<(u64, Arc<str>, usize)>,
    /// For each group of this level (by group id): whether each node applies.
    pub applies: HashMap<String, Arc<[bool]>>,
    /// For each group: each node's applicable maximum when nothing is marked not applicable.
    pub maxima: HashMap<String, Arc<[Decimal]>>,
    /// What scoring reads for each group, by the group's position in the rule set's groups
    /// (`None` for groups of other levels): found without hashing the group's id for every unit.
    pub(crate) tables: Vec<Option<GroupTables>>,
    /// The ids of the level's components, in the definition's order: what each result shares.
    pub(crate) component_ids: Vec<Arc<str>>,
}

/// One group's tables of a level, as scoring reads them.
#[derive(Debug, Clone)]
pub(crate) struct GroupTables {
    /// As [`CLevel::applies`].
    pub applies: Arc<[bool]>,
    /// As [`CLevel::maxima`].
    pub maxima: Arc<[Decimal]>,
    /// When the leaf stage rounds (and with feature `fast-score`): the bounds each parent's sum
    /// is held within (its minimum and applicable maximum, rounded at the leaf stage) in units of
    /// the rule set's scale, when they are such integers.
    pub bounds: Option<Vec<(i64, i64)>>,
}

/// A validated, compiled rule set.
#[derive(Debug, Clone)]
pub struct RuleSet {
    def: Arc<RuleSetDef>,
    levels: Arc<[CLevel]>,
    /// Each classification band's id and Vietnamese label, in the definition's order: what
    /// each result shares.
    bands: Arc<[(Arc<str>, Arc<str>)]>,
    sha256: String,
    /// What validation warns of (`warn`): every unit scored carries these warnings too.
    warnings: Arc<[Issue]>,
}

impl RuleSet {
    /// Parse and validate a rule set from JSON text, within the default [`Limits`].
    pub fn from_json(text: &str) -> Result<RuleSet> {
        Self::from_json_within(text, &Limits::DEFAULT)
    }

    /// Parse and validate a rule set from JSON text. The text is first checked against `limits`
    /// (refused with `limits.*`); a key written twice in one object is a problem of the rule set
    /// (`ruleset.duplicate_key`), listed with the others. A byte-order mark at the start is
    /// skipped.
    pub fn from_json_within(text: &str, limits: &Limits) -> Result<RuleSet> {
        let scanned = limits.scan(text, Kind::RuleSet, "$")?;
        let text = strip_bom(text);
        let value: Value = serde_json::from_str(text)
            .map_err(|e| crate::support::json::syntax_error(text, Kind::RuleSet, &e))?;
        let duplicates = scanned.duplicates.into_iter().map(|d| d.issue).collect();
        Self::from_value_noting(&value, duplicates)
    }

    /// Parse and validate a rule set from a JSON value.
    pub fn from_value(value: &Value) -> Result<RuleSet> {
        Self::from_value_noting(value, Vec::new())
    }

    /// [`from_value`](Self::from_value), with problems already `found` in the text listed first.
    fn from_value_noting(value: &Value, mut found: Vec<Issue>) -> Result<RuleSet> {
        match Self::read_value(value) {
            Ok(rs) if found.is_empty() => Ok(rs),
            Ok(_) => Err(Error::RuleSet(found)),
            Err(Error::RuleSet(issues)) => {
                found.extend(issues);
                Err(Error::RuleSet(found))
            }
            Err(other) => Err(other),
        }
    }

    fn read_value(value: &Value) -> Result<RuleSet> {
        let refuse = |issue: Issue| Err(Error::RuleSet(vec![issue]));
        if !value.is_object() {
            return refuse(issue!(
                "ruleset.not_an_object",
                "$",
                found = a_json_type(value)
            ));
        }
        if let Some(fv) = value.get("format_version") {
            if fv.as_u64() != Some(FORMAT_VERSION as u64) {
                return refuse(unsupported_version(fv, true));
            }
        }
        let def = match crate::de::from_tree::<RuleSetDef>(value) {
            Ok(def) => def,
            Err(first) => {
                let mut issues = shape_issues(value);
                if issues.is_empty() {
                    issues.push(prefixed(from_serde("$", first)));
                }
                return Err(Error::RuleSet(issues));
            }
        };
        Self::from_def(def)
    }

    /// Validate and compile an already-typed definition. Hidden, as the definition's types are
    /// (the tests build definitions in code).
    #[doc(hidden)]
    pub fn from_def(def: RuleSetDef) -> Result<RuleSet> {
        let issues = validate(&def);
        if !issues.is_empty() {
            return Err(Error::RuleSet(issues));
        }
        let levels: Vec<CLevel> = def
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| compile_level(&def, l, i))
            .collect::<Result<_, Issue>>()
            .map_err(|i| Error::RuleSet(vec![i]))?;
        let canonical = serde_json::to_string(&def)
            .map_err(|e| Error::RuleSet(vec![issue!("ruleset.serialize", "$", detail = e)]))?;
        let sha256 = hex(&Sha256::digest(canonical.as_bytes()));
        let bands = (def.bands.iter())
            .map(|b| (b.id.as_str().into(), b.label.vi.as_str().into()))
            .collect();
        let warnings = warn::warnings(&def).into();
        let mut rs = RuleSet {
            def: Arc::new(def),
            levels: levels.into(),
            bands,
            sha256,
            warnings,
        };
        // The appraiser shown with each node is the one the workflow enforces (S7): a declaration
        // on the node or an ancestor, a member's remit, else the standing member.
        let resolved: Vec<Vec<Option<Arc<str>>>> = (0..rs.levels.len())
            .map(|li| {
                (0..rs.levels[li].nodes.len())
                    .map(|ni| appraiser::appraiser_at(&rs, li, ni).map(Arc::from))
                    .collect()
            })
            .collect();
        // The levels were created just above: nothing else holds them yet.
        let Some(levels) = Arc::get_mut(&mut rs.levels) else {
            return Ok(rs);
        };
        for (level, appraisers) in levels.iter_mut().zip(resolved) {
            for (node, a) in level.nodes.iter_mut().zip(appraisers) {
                node.appraiser = a;
            }
        }
        Ok(rs)
    }

    // Hidden, here and below: the rule-set format as data and the compiled plan are not part of
    // the interface; the command line and the bindings read labels, levels and groups from them,
    // the tests and the fuzzing harness compare the general evaluation with the fast one.
    #[doc(hidden)]
    pub fn def(&self) -> &RuleSetDef {
        &self.def
    }
    pub fn id(&self) -> &str {
        &self.def.id
    }
    pub fn is_provisional(&self) -> bool {
        self.def.status == Status::Provisional
    }
    /// What validation warns of in a valid rule set (a calendar date outside the rule set's year, a
    /// form declared with two maxima, a unit listed in two groups), each with its code and path.
    /// Every unit scored with the rule set carries them among its warnings.
    pub fn warnings(&self) -> &[Issue] {
        &self.warnings
    }
    /// SHA-256 of the canonical JSON form of the rule set.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }
    /// Canonical JSON (decimals as strings, fields in a fixed order).
    pub fn to_json(&self) -> String {
        crate::pretty::pretty(&serde_json::to_string(&*self.def).unwrap_or_default())
    }
    #[doc(hidden)]
    pub fn levels(&self) -> &[CLevel] {
        &self.levels
    }
    /// The same rule set scored by the general evaluation only: no integer shortcut for leaves
    /// (feature `fast-score`) and no integer sums for parents. What tests compare them with.
    #[doc(hidden)]
    #[doc(hidden)]
    pub fn general_only(&self) -> RuleSet {
        let mut levels = self.levels.to_vec();
        for l in &mut levels {
            for t in l.tables.iter_mut().flatten() {
                t.bounds = None;
            }
            #[cfg(feature = "fast-score")]
            for n in &mut l.nodes {
                n.quick = Default::default();
            }
        }
        RuleSet {
            levels: levels.into(),
            ..self.clone()
        }
    }

    /// Each classification band's id and Vietnamese label, as results share them.
    pub(crate) fn band_names(&self) -> &[(Arc<str>, Arc<str>)] {
        &self.bands
    }

    /// The compiled levels, shared (results keep them to render explanations on demand).
    pub(crate) fn shared(&self) -> (Arc<RuleSetDef>, Arc<[CLevel]>) {
        (self.def.clone(), self.levels.clone())
    }
    #[doc(hidden)]
    pub fn level(&self, id: &str) -> Option<(usize, &CLevel)> {
        self.levels.iter().enumerate().find(|(_, l)| *l.id == *id)
    }
    /// A group with its position among the rule set's groups.
    pub(crate) fn group_at(&self, id: &str) -> Option<(usize, &Group)> {
        self.def.groups.iter().enumerate().find(|(_, g)| g.id == id)
    }
    #[doc(hidden)]
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.def.groups.iter().find(|g| g.id == id)
    }
    /// The provisional notice (Vietnamese), when the rule set is provisional.
    pub fn notice(&self) -> Option<String> {
        if !self.is_provisional() {
            return None;
        }
        Some(match &self.def.notice {
            Some(l) => l.vi.clone(),
            None => "Bộ chỉ số tạm thời (provisional): các tiêu chí được dựng lại, chưa phải văn bản chính thức.".to_string(),
        })
    }
}

impl RuleSet {
    /// A node's explanation in words ([`crate::NodeScore::text`]), the options, outcomes and deductions
    /// it names by their labels in `lang` (`"Phương án đã chọn: Ban hành chậm so với thời hạn"`),
    /// as this rule set gives them for the node of that code in level `level` (the unit's,
    /// [`crate::UnitScore::level`]). What every face shows an officer: the command line's
    /// `explain`, Python's `.text()` of a result's node, JavaScript's `explanationTexts` and forms
    /// 01–04.
    ///
    /// ```
    /// let rs = parindex::RuleSet::builtin("hoabinh-1440-2019").unwrap();
    /// let result = rs.score_json(parindex::builtin::EXAMPLE_PROVINCE).unwrap();
    /// let unit = &result.units[0];
    /// let node = unit.nodes.find("1.1.1").unwrap();
    /// let text = rs.node_text(&unit.level, &node, parindex::Lang::Vi);
    /// assert!(text.starts_with("Phương án đã chọn: Ban hành"), "{text}");
    /// ```
    pub fn node_text(
        &self,
        level: &str,
        node: &crate::result::NodeScore,
        lang: crate::error::Lang,
    ) -> String {
        let rule = self.level(level).and_then(|(_, l)| {
            let i = *l.by_code.get(&*node.code)?;
            l.nodes.get(i)?.rule.as_ref()
        });
        node.text_with(crate::rules::Names::new(rule, lang))
    }
}

/// A problem of the rule set's shape as the reader reports it ([`from_serde`]'s code, without
/// its family, its message the registry's `input.*`), in the rule set's family.
fn prefixed(mut i: Issue) -> Issue {
    i.code = format!("input.{}", i.code);
    i.in_family("ruleset")
}

/// Every problem of a rule set whose shape is wrong in places, in one pass: every missing and
/// unknown field of every object (the typed reader stops at an object's first), every wrong value
/// of every object ([`partial`]), then the coherence problems of what did read, except those the
/// parts left out can have caused. Each problem once.
fn shape_issues(value: &Value) -> Vec<Issue> {
    let mut fields = fields::field_issues(value);
    let (mut out, read) = partial::read(value);
    out.retain(|i| {
        !matches!(
            i.code.as_str(),
            "ruleset.missing_field" | "ruleset.unknown_field"
        ) || !fields.iter().any(|f| f.code == i.code && f.path == i.path)
    });
    fields.append(&mut out);
    if let Some((def, gaps)) = read {
        for i in validate(&def) {
            if let Some(i) = gaps.keep(i) {
                if !fields.iter().any(|f| f.code == i.code && f.path == i.path) {
                    fields.push(i);
                }
            }
        }
    }
    fields
}

/// The largest number of points, in size, that a rule set may declare anywhere (a maximum, a
/// minimum, an option's points, a weight, a step, a cap…): 10^9.
///
/// PAR rubrics count in tens of points. With every declared value within ±10^9 (and percentages
/// within 0–100), every sum over a rule set that fits in memory, and every product scoring forms
/// from them (a percentage × a maximum, a count × the points of each), stays far inside the range
/// of a decimal (about 7.9 × 10^28): an overflow cannot come from a valid rule set, only from an
/// absurd input (refused, then, as `arithmetic.overflow` with its path). A value beyond the bound
/// is refused as `ruleset.points_too_large` at its own path, rather than as a sum that overflows
/// somewhere above it.
pub const MAX_POINTS: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

/// Built-in rule sets index entry (used by the CLI and bindings). Keyed by `String`, as an issue's
/// parameters are: one map type fewer in the WebAssembly module.
pub fn describe(rs: &RuleSet) -> BTreeMap<String, String> {
    let d = rs.def();
    let mut m = BTreeMap::new();
    m.insert("id".into(), d.id.clone());
    m.insert("title".into(), d.title.vi.clone());
    m.insert(
        "decision".into(),
        format!("{} ({})", d.decision.number, d.decision.date),
    );
    m.insert("year".into(), d.year.to_string());
    // ASCII lowercase: `to_lowercase` would bring the Unicode case tables into the WebAssembly
    // module for two ASCII words.
    m.insert(
        "status".into(),
        format!("{:?}", d.status).to_ascii_lowercase(),
    );
    m.insert(
        "levels".into(),
        d.levels
            .iter()
            .map(|l| l.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    );
    m.insert("sha256".into(), rs.sha256().to_string());
    m
}
