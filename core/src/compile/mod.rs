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
mod partial;
#[cfg(feature = "fast-score")]
pub(crate) mod quick;
pub(crate) mod warn;

use crate::decimal::show;
use crate::def::check::{check_bands, dup_ids, Bands, Ids, V};
use crate::def::unsupported_version;
use crate::def::*;
use crate::error::{a_json_type, excerpt, issue, key_path, Error, Issue, Result};
use crate::limits::{strip_bom, Kind, Limits};
use crate::support::de::from_serde;
use crate::support::hash::hex;
use rust_decimal::Decimal;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
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
    /// iterates), each after its [`code_prefix`](code_prefix) (which orders the
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
        let value: Value = serde_json::from_str(strip_bom(text))
            .map_err(|e| Error::RuleSet(vec![issue!("ruleset.json_syntax", "$", detail = e)]))?;
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
        let def = match crate::de::from_value::<RuleSetDef>(value) {
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

// ---------------------------------------------------------------------------------------------
// Coherence checks

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

fn validate(def: &RuleSetDef) -> Vec<Issue> {
    let mut v = V {
        def,
        out: Vec::new(),
    };
    points_within_bounds(&mut v);
    if def.format_version != FORMAT_VERSION {
        v.issue(issue!(
            "ruleset.unsupported_version",
            "$.format_version",
            version = excerpt(&def.format_version.to_string()),
            want = FORMAT_VERSION,
        ));
    }
    if def.id.trim().is_empty() {
        v.issue(issue!("ruleset.empty_id:ruleset", "$.id"));
    }
    check_date(&mut v, &def.decision.date, "$.decision.date");
    if let Some(d) = &def.valid_from {
        check_date(&mut v, d, "$.valid_from");
    }
    if let Some(d) = &def.valid_to {
        check_date(&mut v, d, "$.valid_to");
    }
    if def.rounding.scale > 10 {
        v.issue(issue!("ruleset.rounding_scale", "$.rounding.scale"));
    }
    for (i, stage) in def.rounding.shown_only.iter().enumerate() {
        let path = format!("$.rounding.shown_only[{i}]");
        match stage {
            Stage::Percentage | Stage::Leaf => v.issue(issue!("ruleset.shown_only_stage", path)),
            _ if !def.rounding.stages.contains(stage) => {
                v.issue(issue!("ruleset.shown_only_not_rounded", path))
            }
            _ => {}
        }
    }
    if def.levels.is_empty() {
        v.issue(issue!("ruleset.empty:levels", "$.levels"));
    }
    dup_ids(
        &mut v,
        Ids::Level,
        def.levels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.as_str(), format!("$.levels[{i}].id"))),
    );
    dup_ids(
        &mut v,
        Ids::Group,
        def.groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.as_str(), format!("$.groups[{i}].id"))),
    );
    let level_ids: HashSet<&str> = def.levels.iter().map(|l| l.id.as_str()).collect();
    for (gi, g) in def.groups.iter().enumerate() {
        if !level_ids.contains(g.level.as_str()) {
            v.issue(issue!(
                "ruleset.unknown_level:group",
                format!("$.groups[{gi}].level"),
                group = excerpt(&g.id),
                level = excerpt(&g.level),
            ));
        }
        if g.max_points <= Decimal::ZERO {
            v.issue(issue!(
                "ruleset.max_points:group",
                format!("$.groups[{gi}].max_points")
            ));
        }
    }
    for (li, level) in def.levels.iter().enumerate() {
        validate_level(&mut v, level, li);
    }
    // Classification bands on the index must cover 0–100.
    check_bands(
        &mut v,
        def.bands
            .iter()
            .map(|b| (b.min, b.min_inclusive, b.max, b.max_inclusive))
            .collect(),
        "$.bands",
        Bands::Index,
    );
    dup_ids(
        &mut v,
        Ids::Band,
        def.bands
            .iter()
            .enumerate()
            .map(|(i, b)| (b.id.as_str(), format!("$.bands[{i}].id"))),
    );
    for (side, p) in [
        ("bonus", &def.adjustments.bonus),
        ("penalty", &def.adjustments.penalty),
    ] {
        if let Some(p) = p {
            if p.cap < Decimal::ZERO {
                v.issue(issue!(
                    "ruleset.negative_cap",
                    format!("$.adjustments.{side}.cap")
                ));
            }
        }
    }
    // Tie-breakers must name things that exist.
    for (ti, tb) in def.ranking.tie_breakers.iter().enumerate() {
        let path = format!("$.ranking.tie_breakers[{ti}]");
        match tb {
            TieBreaker::Component { id } => {
                if !def
                    .levels
                    .iter()
                    .any(|l| l.components.iter().any(|c| &c.id == id))
                {
                    v.issue(issue!(
                        "ruleset.unknown_component",
                        format!("{path}.id"),
                        id = excerpt(id)
                    ));
                }
            }
            TieBreaker::Field { code } => {
                if !def
                    .levels
                    .iter()
                    .any(|l| l.nodes.iter().any(|n| &n.code == code))
                {
                    v.issue(issue!(
                        "ruleset.unknown_code",
                        format!("{path}.code"),
                        code = excerpt(code)
                    ));
                }
            }
            TieBreaker::TotalPoints => {}
        }
    }
    if let Some(cal) = &def.calendar {
        dup_ids(
            &mut v,
            Ids::Period,
            cal.periods
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.as_str(), format!("$.calendar.periods[{i}].id"))),
        );
        for (pi, p) in cal.periods.iter().enumerate() {
            let path = format!("$.calendar.periods[{pi}]");
            let a = check_date(&mut v, &p.start, &format!("{path}.start"));
            let b = check_date(&mut v, &p.end, &format!("{path}.end"));
            if let (Some(a), Some(b)) = (a, b) {
                if a > b {
                    v.issue(issue!(
                        "ruleset.period_order",
                        path.clone(),
                        id = excerpt(&p.id)
                    ));
                }
            }
            for (i, l) in p.levels.iter().enumerate() {
                if !level_ids.contains(l.as_str()) {
                    v.issue(issue!(
                        "ruleset.unknown_level",
                        format!("{path}.levels[{i}]"),
                        level = excerpt(l)
                    ));
                }
            }
        }
        match &cal.utc_offset {
            Some(off) if crate::time::parse_offset(off).is_none() => v.issue(issue!(
                "ruleset.bad_offset",
                "$.calendar.utc_offset",
                offset = excerpt(off)
            )),
            Some(_) => {}
            // Times given without an offset are read in the calendar's offset: never guess UTC.
            None => v.issue(issue!(
                "ruleset.missing_utc_offset",
                "$.calendar.utc_offset"
            )),
        }
        dup_ids(
            &mut v,
            Ids::CalendarTemplate,
            cal.templates
                .iter()
                .enumerate()
                .map(|(i, t)| (t.level.as_str(), format!("$.calendar.templates[{i}].level"))),
        );
        let delegated = |l: &str| {
            def.council
                .as_ref()
                .is_some_and(|c| c.delegated_levels.iter().any(|d| d == l))
        };
        for (ti, t) in cal.templates.iter().enumerate() {
            let path = format!("$.calendar.templates[{ti}]");
            if !level_ids.contains(t.level.as_str()) {
                v.issue(issue!(
                    "ruleset.unknown_level",
                    format!("{path}.level"),
                    level = excerpt(&t.level)
                ));
            } else if !delegated(&t.level) {
                v.issue(issue!(
                    "ruleset.template_level",
                    format!("{path}.level"),
                    level = excerpt(&t.level)
                ));
            }
            let a = check_date(&mut v, &t.start, &format!("{path}.start"));
            let b = check_date(&mut v, &t.end, &format!("{path}.end"));
            if let (Some(a), Some(b)) = (a, b) {
                if a > b {
                    v.issue(issue!("ruleset.period_order:template", path.clone()));
                }
            }
            dup_ids(
                &mut v,
                Ids::TemplatePeriod,
                t.periods
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p.id.as_str(), format!("{path}.periods[{i}].id"))),
            );
            for id in crate::def::periods::REQUIRED {
                if !t.periods.iter().any(|p| p.id == id && !p.optional) {
                    v.issue(issue!(
                        "ruleset.template_missing_period",
                        format!("{path}.periods"),
                        id
                    ));
                }
            }
        }
    }
    if let Some(council) = &def.council {
        dup_ids(
            &mut v,
            Ids::CouncilMember,
            council
                .members
                .iter()
                .enumerate()
                .map(|(i, m)| (m.id.as_str(), format!("$.council.members[{i}].id"))),
        );
        for (i, l) in council.delegated_levels.iter().enumerate() {
            if !level_ids.contains(l.as_str()) {
                v.issue(issue!(
                    "ruleset.unknown_level",
                    format!("$.council.delegated_levels[{i}]"),
                    level = excerpt(l)
                ));
            }
        }
        for (mi, m) in council.members.iter().enumerate() {
            for (level, codes) in &m.remit {
                let rpath = key_path(&format!("$.council.members[{mi}].remit"), level);
                match def.levels.iter().find(|l| &l.id == level) {
                    None => v.issue(issue!(
                        "ruleset.unknown_level",
                        rpath,
                        level = excerpt(level)
                    )),
                    Some(l) => {
                        let all = all_codes(&l.nodes);
                        for (ci, c) in codes.iter().enumerate() {
                            if !all.contains(c.as_str()) {
                                v.issue(issue!(
                                    "ruleset.unknown_code:remit",
                                    format!("{rpath}[{ci}]"),
                                    level,
                                    code = excerpt(c),
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    v.out
}

fn all_codes(nodes: &[Node]) -> HashSet<&str> {
    let mut s = HashSet::new();
    fn walk<'a>(n: &'a [Node], s: &mut HashSet<&'a str>) {
        for x in n {
            s.insert(x.code.as_str());
            walk(&x.children, s);
        }
    }
    walk(nodes, &mut s);
    s
}

fn check_date(v: &mut V, d: &str, path: &str) -> Option<crate::time::Date> {
    let r = crate::time::Date::parse(d);
    if r.is_none() {
        v.issue(issue!("ruleset.bad_date", path, date = excerpt(d)));
    }
    r
}

fn validate_level(v: &mut V, level: &Level, li: usize) {
    let lpath = format!("$.levels[{li}]");
    let groups: Vec<&Group> = v
        .def
        .groups
        .iter()
        .filter(|g| g.level == level.id)
        .collect();
    if groups.is_empty() {
        v.issue(issue!("ruleset.no_groups", lpath.clone(), level = level.id));
    }
    if level.nodes.is_empty() {
        v.issue(issue!(
            "ruleset.empty:nodes",
            format!("{lpath}.nodes"),
            level = level.id
        ));
    }
    // Components.
    dup_ids(
        v,
        Ids::Component,
        level
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), format!("{lpath}.components[{i}].id"))),
    );
    let rubric = level
        .components
        .iter()
        .filter(|c| c.kind == ComponentKind::Rubric)
        .count();
    if rubric != 1 {
        v.issue(issue!(
            "ruleset.rubric_component",
            format!("{lpath}.components"),
            found = rubric
        ));
    }
    for (ci, c) in level.components.iter().enumerate() {
        let cpath = format!("{lpath}.components[{ci}]");
        match (c.kind, c.max_points) {
            (ComponentKind::Rubric, Some(_)) => v.issue(issue!(
                "ruleset.component_max:rubric",
                format!("{cpath}.max_points")
            )),
            (ComponentKind::External | ComponentKind::Survey, None) => v.issue(issue!(
                "ruleset.component_max:missing",
                format!("{cpath}.max_points"),
                id = c.id
            )),
            (_, Some(m)) if m < Decimal::ZERO => v.issue(issue!(
                "ruleset.component_max",
                format!("{cpath}.max_points")
            )),
            _ => {}
        }
        for (g, m) in &c.group_max {
            let gp = key_path(&format!("{cpath}.group_max"), g);
            if !groups.iter().any(|x| &x.id == g) {
                v.issue(issue!(
                    "ruleset.unknown_group",
                    gp,
                    level = level.id,
                    group = excerpt(g),
                ));
            } else if *m < Decimal::ZERO {
                v.issue(issue!("ruleset.component_max", gp));
            }
        }
    }
    // Nodes.
    let mut seen: HashMap<&str, String> = HashMap::new();
    let members: HashSet<&str> = v
        .def
        .council
        .as_ref()
        .map(|c| c.members.iter().map(|m| m.id.as_str()).collect())
        .unwrap_or_default();
    let has_council = v.def.council.is_some();
    for (ni, n) in level.nodes.iter().enumerate() {
        validate_node(
            v,
            n,
            &format!("{lpath}.nodes[{ni}]"),
            &level.id,
            &groups,
            &mut seen,
            &members,
            has_council,
        );
    }
    // Each group's applicable maxima must add up to its declared maximum (S2).
    for g in &groups {
        let gi = v.def.groups.iter().position(|x| x.id == g.id).unwrap_or(0);
        let Some(sum) = checked_sum(level.nodes.iter().map(|n| effective_max(n, &g.id))) else {
            v.out.push(issue!(
                "arithmetic.overflow:group_maxima",
                format!("$.groups[{gi}].max_points"),
                group = g.id,
            ));
            continue;
        };
        if sum != g.max_points {
            v.issue(issue!(
                "ruleset.group_max",
                format!("$.groups[{gi}].max_points"),
                group = g.id,
                max = show(g.max_points),
                sum = show(sum),
            ));
        }
    }
}

/// A node's maximum for a group: its own maximum if it applies, the sum of applicable children
/// for a parent (no more than its own maximum when it is `capped`), 0 if it does not apply;
/// `None` when the sum overflows.
pub(crate) fn effective_max(n: &Node, group: &str) -> Option<Decimal> {
    if !n.groups.is_empty() && !n.groups.iter().any(|g| g == group) {
        return Some(Decimal::ZERO);
    }
    if n.children.is_empty() {
        Some(n.max_points)
    } else {
        let sum = checked_sum(n.children.iter().map(|c| effective_max(c, group)))?;
        Some(if n.capped { sum.min(n.max_points) } else { sum })
    }
}

/// The sum of `values`, `None` when one is `None` or the sum overflows.
fn checked_sum(mut values: impl Iterator<Item = Option<Decimal>>) -> Option<Decimal> {
    values.try_fold(Decimal::ZERO, |sum, v| crate::decimal::checked_add(sum, v?))
}

#[allow(clippy::too_many_arguments)]
fn validate_node<'a>(
    v: &mut V,
    n: &'a Node,
    path: &str,
    level: &str,
    groups: &[&Group],
    seen: &mut HashMap<&'a str, String>,
    members: &HashSet<&str>,
    has_council: bool,
) {
    if n.code.trim().is_empty() {
        v.issue(issue!("ruleset.empty_id:node", format!("{path}.code")));
    } else if let Some(first) = seen.get(n.code.as_str()) {
        v.issue(issue!(
            "ruleset.duplicate_code",
            format!("{path}.code"),
            code = excerpt(&n.code),
            first,
            level,
        ));
    } else {
        seen.insert(&n.code, path.to_string());
    }
    if n.label.vi.trim().is_empty() {
        v.issue(issue!(
            "ruleset.empty_label",
            format!("{path}.label.vi"),
            code = n.code
        ));
    }
    for (i, e) in n.evidence.iter().enumerate() {
        if e.vi.trim().is_empty() {
            v.issue(issue!(
                "ruleset.empty_label:evidence",
                format!("{path}.evidence[{i}].vi"),
                code = n.code
            ));
        } else if n.evidence[..i].iter().any(|x| x.vi.trim() == e.vi.trim()) {
            v.issue(issue!(
                "ruleset.duplicate_evidence",
                format!("{path}.evidence[{i}].vi"),
                code = n.code,
                name = excerpt(e.vi.trim()),
            ));
        }
    }
    let min = n.min();
    if n.max_points < Decimal::ZERO {
        v.issue(issue!(
            "ruleset.max_points",
            format!("{path}.max_points"),
            code = n.code
        ));
    }
    if min > n.max_points {
        v.issue(issue!(
            "ruleset.min_above_max",
            format!("{path}.min_points"),
            code = n.code,
            min = show(min),
            max = show(n.max_points),
        ));
    }
    for (i, g) in n.groups.iter().enumerate() {
        if !groups.iter().any(|x| &x.id == g) {
            v.issue(issue!(
                "ruleset.unknown_group",
                format!("{path}.groups[{i}]"),
                level,
                group = excerpt(g),
            ));
        }
    }
    if let Some(a) = &n.appraiser {
        if !has_council {
            v.issue(issue!(
                "ruleset.unknown_member:no_council",
                format!("{path}.appraiser")
            ));
        } else if !members.contains(a.as_str()) {
            v.issue(issue!(
                "ruleset.unknown_member",
                format!("{path}.appraiser"),
                member = excerpt(a)
            ));
        }
    }
    if n.children.is_empty() {
        match &n.rule {
            None => v.issue(issue!("ruleset.leaf_without_rule", path, code = n.code)),
            Some(rule) => crate::rules::validate(v, n, rule, &format!("{path}.rule")),
        }
        if n.capped {
            v.issue(issue!(
                "ruleset.capped_leaf",
                format!("{path}.capped"),
                code = n.code
            ));
        }
    } else {
        if n.rule.is_some() {
            v.issue(issue!(
                "ruleset.rule_on_parent",
                format!("{path}.rule"),
                code = n.code
            ));
        }
        match checked_sum(n.children.iter().map(|c| Some(c.max_points))) {
            // A sum of a rule set's values that overflows the decimal range (possible only
            // when a value is beyond `MAX_POINTS`, which is reported too).
            None => v.out.push(issue!(
                "arithmetic.overflow:children_maxima",
                format!("{path}.max_points"),
                code = n.code,
            )),
            // A capped node's children may add up to more than its maximum, never to less (a
            // cap lowers a sum; it cannot raise it).
            Some(sum) if n.capped && sum < n.max_points => v.issue(issue!(
                "ruleset.children_sum:capped",
                format!("{path}.max_points"),
                code = n.code,
                max = show(n.max_points),
                sum = show(sum),
            )),
            Some(sum) if !n.capped && sum != n.max_points => v.issue(issue!(
                if sum > n.max_points {
                    "ruleset.children_sum:above"
                } else {
                    "ruleset.children_sum"
                },
                format!("{path}.max_points"),
                code = n.code,
                max = show(n.max_points),
                sum = show(sum),
            )),
            Some(_) => {}
        }
        for (i, c) in n.children.iter().enumerate() {
            validate_node(
                v,
                c,
                &format!("{path}.children[{i}]"),
                level,
                groups,
                seen,
                members,
                has_council,
            );
        }
    }
}

/// Every number of points the rule set declares is within ±[`MAX_POINTS`].
fn points_within_bounds(v: &mut V) {
    #[inline]
    fn bound(v: &mut V, p: Decimal, path: impl FnOnce() -> String) {
        if p.abs() > MAX_POINTS {
            too_large(v, p, path());
        }
    }
    // (Out of line: one copy of the message, whatever the path.)
    #[inline(never)]
    fn too_large(v: &mut V, p: Decimal, path: String) {
        v.issue(issue!(
            "ruleset.points_too_large",
            path,
            points = show(p),
            max = show(MAX_POINTS),
        ));
    }
    fn node(v: &mut V, n: &Node, path: &str) {
        bound(v, n.max_points, || format!("{path}.max_points"));
        if let Some(m) = n.min_points {
            bound(v, m, || format!("{path}.min_points"));
        }
        if let Some(rule) = &n.rule {
            crate::rules::declared(rule, &mut |p, field| {
                bound(v, p, || format!("{path}.rule.{}", field()))
            });
        }
        for (i, c) in n.children.iter().enumerate() {
            node(v, c, &format!("{path}.children[{i}]"));
        }
    }
    let def = v.def;
    for (gi, g) in def.groups.iter().enumerate() {
        bound(v, g.max_points, || format!("$.groups[{gi}].max_points"));
    }
    for (li, level) in def.levels.iter().enumerate() {
        for (ci, c) in level.components.iter().enumerate() {
            let cpath = || format!("$.levels[{li}].components[{ci}]");
            if let Some(m) = c.max_points {
                bound(v, m, || format!("{}.max_points", cpath()));
            }
            for (g, m) in &c.group_max {
                bound(v, *m, || key_path(&format!("{}.group_max", cpath()), g));
            }
        }
        for (ni, n) in level.nodes.iter().enumerate() {
            node(v, n, &format!("$.levels[{li}].nodes[{ni}]"));
        }
    }
    for (side, p) in [
        ("bonus", &def.adjustments.bonus),
        ("penalty", &def.adjustments.penalty),
    ] {
        if let Some(p) = p {
            bound(v, p.cap, || format!("$.adjustments.{side}.cap"));
        }
    }
}

/// Compile a validated level. A node deeper than a depth holds (255 levels below a field), or a
/// sum of maxima that overflows (impossible within [`MAX_POINTS`]), is refused.
fn compile_level(def: &RuleSetDef, level: &Level, li: usize) -> Result<CLevel, Issue> {
    let mut nodes = Vec::new();
    let mut fields = Vec::new();
    fn walk(
        n: &Node,
        path: String,
        depth: u8,
        parent: Option<usize>,
        field: usize,
        appraiser: Option<Arc<str>>,
        out: &mut Vec<CNode>,
    ) -> Result<usize, Issue> {
        let idx = out.len();
        let field = if parent.is_none() { idx } else { field };
        let appraiser = n.appraiser.as_deref().map(Arc::from).or(appraiser);
        out.push(CNode {
            code: Arc::from(n.code.as_str()),
            label: Arc::from(n.label.vi.as_str()),
            legal_ref: n.legal_ref.as_deref().map(Arc::from),
            source: n.source,
            depth,
            parent,
            children: Vec::new(),
            field,
            max: n.max_points,
            min: n.min(),
            capped: n.capped && !n.children.is_empty(),
            lo: n.min(),
            hi: n.max_points,
            rule: n.rule.clone(),
            #[cfg(feature = "fast-score")]
            quick: Default::default(),
            not_applicable: n.not_applicable,
            appraiser: appraiser.clone(),
            path: path.clone(),
        });
        for (i, c) in n.children.iter().enumerate() {
            let path = format!("{path}.children[{i}]");
            let Some(depth) = depth.checked_add(1) else {
                return Err(issue!("ruleset.too_deep", path, max = u8::MAX));
            };
            let ci = walk(c, path, depth, Some(idx), field, appraiser.clone(), out)?;
            out[idx].children.push(ci);
        }
        Ok(idx)
    }
    for (i, n) in level.nodes.iter().enumerate() {
        let idx = walk(
            n,
            format!("$.levels[{li}].nodes[{i}]"),
            0,
            None,
            0,
            None,
            &mut nodes,
        )?;
        fields.push(idx);
    }
    let by_code = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.code.to_string(), i))
        .collect();
    for n in &mut nodes {
        n.lo = def.rounding.at(Stage::Leaf, n.min);
        n.hi = def.rounding.at(Stage::Leaf, n.max);
        #[cfg(feature = "fast-score")]
        {
            n.quick = crate::quick::Quick::new(n, &def.rounding);
        }
    }
    let mut code_order: Vec<(u64, Arc<str>, usize)> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (code_prefix(&n.code), n.code.clone(), i))
        .collect();
    crate::support::sort::sort_by(&mut code_order, |a, b| a.cmp(b));
    // Applicability per group: a node applies when it and every ancestor apply.
    let mut flat_groups: Vec<&Vec<String>> = Vec::new();
    fn flat<'a>(n: &'a [Node], out: &mut Vec<&'a Vec<String>>) {
        for x in n {
            out.push(&x.groups);
            flat(&x.children, out);
        }
    }
    flat(&level.nodes, &mut flat_groups);
    let mut applies = HashMap::new();
    let mut maxima = HashMap::new();
    let mut tables = vec![None; def.groups.len()];
    for (gi, g) in def.groups.iter().enumerate() {
        if g.level != level.id {
            continue;
        }
        #[allow(unused_mut)]
        let mut bounds = None;
        let mut a = vec![true; nodes.len()];
        for i in 0..nodes.len() {
            let own = flat_groups[i].is_empty() || flat_groups[i].iter().any(|x| x == &g.id);
            let parent_ok = nodes[i].parent.map(|p| a[p]).unwrap_or(true);
            a[i] = own && parent_ok;
        }
        // Children follow their parent: summed backwards, as scoring does.
        let mut m = vec![Decimal::ZERO; nodes.len()];
        for i in (0..nodes.len()).rev() {
            if a[i] && nodes[i].children.is_empty() {
                m[i] = nodes[i].max;
            }
            // Its children are summed by now: a capped parent's maximum is the lower one.
            if nodes[i].capped {
                m[i] = m[i].min(nodes[i].max);
            }
            if let Some(p) = nodes[i].parent {
                m[p] = crate::decimal::checked_add(m[p], m[i]).ok_or_else(|| {
                    issue!(
                        "arithmetic.overflow:applicable_maxima",
                        nodes[p].path.clone()
                    )
                })?;
            }
        }
        #[cfg(feature = "fast-score")]
        if def.rounding.stages.contains(&Stage::Leaf) {
            let scale = def.rounding.scale;
            let b: Option<Vec<(i64, i64)>> = (nodes.iter().zip(&m))
                .map(|(node, &max)| {
                    if node.children.is_empty() {
                        return Some((0, 0));
                    }
                    let at = |v| crate::decimal::units(def.rounding.at(Stage::Leaf, v), scale);
                    Some((at(node.min.min(max))?, at(max)?))
                })
                .collect();
            bounds = b;
        }
        let (a, m): (Arc<[bool]>, Arc<[Decimal]>) = (a.into(), m.into());
        applies.insert(g.id.clone(), a.clone());
        maxima.insert(g.id.clone(), m.clone());
        tables[gi] = Some(GroupTables {
            applies: a,
            maxima: m,
            bounds,
        });
    }
    Ok(CLevel {
        id: level.id.as_str().into(),
        nodes,
        fields,
        by_code,
        code_order,
        applies,
        maxima,
        tables,
        component_ids: (level.components.iter())
            .map(|c| c.id.as_str().into())
            .collect(),
    })
}

/// A code's first eight bytes, zero-padded, as a big-endian integer: codes with different
/// prefixes order like the prefixes; with equal prefixes, see [`code_tail_cmp`].
pub(crate) fn code_prefix(code: &str) -> u64 {
    let mut prefix = [0; 8];
    let n = code.len().min(8);
    prefix[..n].copy_from_slice(&code.as_bytes()[..n]);
    u64::from_be_bytes(prefix)
}

/// The order of two codes whose prefixes are equal. Up to eight bytes the prefix holds the whole
/// code, zero-padded: the shorter is then a prefix of the other (or they are equal).
pub(crate) fn code_tail_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.len() <= 8 && b.len() <= 8 {
        a.len().cmp(&b.len())
    } else {
        code_cmp(a, b)
    }
}

/// Byte order of two (short) codes, as `str` orders them, without a library call.
fn code_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    for (x, y) in a.bytes().zip(b.bytes()) {
        if x != y {
            return x.cmp(&y);
        }
    }
    a.len().cmp(&b.len())
}

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
