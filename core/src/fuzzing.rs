//! The engine's contract, checked on any input: what the fuzz targets (`core/fuzz`) assert, what
//! the test suite replays on the inputs they once found (`fixtures/fuzz/<target>/`) and what the
//! property test of arbitrary JSON values asserts. Not part of the engine's interface: built with
//! feature `fuzzing` only.
//!
//! Longer than 600 lines because it is the engine's whole contract in one place, target by target,
//! read at once by whoever reviews what the fuzzers assert; its parts share private helpers.
//!
//! Each check reads an input as every face reads it and panics when the engine breaks its
//! contract:
//!
//! - a refusal is an error whose every issue has a stable code (`family.name`: lower-case letters,
//!   digits and `_`), a JSON path from `$` and a short message in the user's terms (no Rust type);
//! - a result serialises, its decimals are strings, its points stay within their nodes' maxima,
//!   a unit's total within its maximum and its index within 0–100;
//! - the same text read twice gives the same result; the general evaluation gives the integer
//!   paths' results (feature `fast-score`); the readers of well-formed text read what the JSON
//!   tree reader reads; a unit explained alone is the unit the batch scored;
//! - a refused workflow act changes nothing; an accepted one is read back from the stored dossier
//!   as it stands; a stored dossier written again reads the same.

#![allow(clippy::arithmetic_side_effects)]

use crate::api;
use crate::batch::{BatchOptions, BatchResult};
use crate::builtin;
use crate::compile::RuleSet;
use crate::error::{Error, Issue};
use crate::eval::UnitScore;
use crate::form::UnitForm;
use crate::input::{parse_batch, parse_unit, BatchInput, ItemInput, UnitEntry, UnitInput};
use crate::limits::{strip_bom, text_from_bytes, Kind, Limits};
use crate::workflow::{self, Act, Actor, Dossier};
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

/// What a fuzz target reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// Rule-set JSON: read, validated, written back; synthetic units scored with it.
    RuleSet,
    /// Batch JSON: scored, ranked, one unit explained, every explanation rendered.
    Batch,
    /// Unit JSON (`api::score_one`, a live form); the same text as one criterion's facts.
    Unit,
    /// A workflow act or actor (JSON), applied to dossiers in every phase.
    Act,
    /// A stored dossier (JSON), replayed.
    Dossier,
}

impl Target {
    pub const ALL: [Target; 5] = [
        Target::RuleSet,
        Target::Batch,
        Target::Unit,
        Target::Act,
        Target::Dossier,
    ];

    /// The name of the fuzz target and of its folder of inputs.
    pub fn name(self) -> &'static str {
        match self {
            Target::RuleSet => "ruleset",
            Target::Batch => "batch",
            Target::Unit => "unit",
            Target::Act => "act",
            Target::Dossier => "dossier",
        }
    }

    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }
}

// ---------------------------------------------------------------------------------------------
// Errors

/// Longest message an issue may have, in bytes: messages quote short excerpts of what they name.
pub const MAX_MESSAGE: usize = 2_000;

/// The families of codes (`ruleset.…`, `input.…`).
pub const FAMILIES: [&str; 6] = [
    "ruleset",
    "input",
    "workflow",
    "not_found",
    "arithmetic",
    "limits",
];

/// Words that name a Rust type (or serde's view of one) rather than the user's terms.
const RUST_WORDS: [&str; 20] = [
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32",
    "f64", "struct", "enum", "tuple", "Option", "Vec", "Decimal",
];

/// Whether `code` is `family.name`: lower-case ASCII letters, `_` and (after the dot) digits.
pub fn is_code(code: &str) -> bool {
    let Some((family, name)) = code.split_once('.') else {
        return false;
    };
    !family.is_empty()
        && !name.is_empty()
        && family.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The Rust type a message names, if any (a whole word of [`RUST_WORDS`]), outside the values it
/// quotes (in backquotes or double quotes: what the user wrote, e.g. `2019-12-18T00:00:u8`).
pub fn rust_word(message: &str) -> Option<&'static str> {
    let mut own = String::with_capacity(message.len());
    let mut quote = None;
    for c in message.chars() {
        match (quote, c) {
            (None, '`' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) => own.push(c),
            (Some(_), _) => {}
        }
    }
    own.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .find_map(|w| RUST_WORDS.into_iter().find(|r| *r == w))
}

/// Panic unless `issue` has a stable code, a path from `$` and a short message in the user's
/// terms.
pub fn check_issue(issue: &Issue) {
    assert!(is_code(&issue.code), "not a stable code: {issue:?}");
    assert!(
        FAMILIES.contains(&issue.code.split('.').next().unwrap_or_default()),
        "unknown family: {issue:?}"
    );
    assert!(issue.path.starts_with('$'), "path not from `$`: {issue:?}");
    assert!(!issue.message.trim().is_empty(), "empty message: {issue:?}");
    assert!(
        issue.message.len() <= MAX_MESSAGE,
        "a message of {} bytes: {}…",
        issue.message.len(),
        issue.message.chars().take(200).collect::<String>()
    );
    if let Some(w) = rust_word(&issue.message) {
        panic!("the message names the Rust type `{w}`: {issue:?}");
    }
}

/// Panic unless `e` lists at least one issue and each keeps the contract ([`check_issue`]).
pub fn check_error(e: &Error) {
    assert!(!e.issues().is_empty(), "an error without an issue: {e:?}");
    e.issues().iter().for_each(check_issue);
    assert!(is_code(e.code()), "{e:?}");
    assert!(!e.to_string().is_empty());
}

/// Panic unless `e` keeps the contract and its codes are of one of `families`.
fn check_error_of(e: &Error, families: &[&str]) {
    check_error(e);
    for i in e.issues() {
        let family = i.code.split('.').next().unwrap_or_default();
        assert!(
            families.contains(&family),
            "a code of family `{family}` where {families:?} were expected: {e:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Results

/// Panic unless every number of JSON text written by the engine is an integer: decimals are
/// written as strings, never as JSON numbers.
fn check_json_numbers(json: &str) {
    let (mut in_string, mut escaped, mut prev) = (false, false, b' ');
    for (i, &c) in json.as_bytes().iter().enumerate() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if c == b'"' {
            in_string = true;
        } else if matches!(c, b'.' | b'e' | b'E') && prev.is_ascii_digit() {
            let from = json[..i].rfind(|c: char| !c.is_ascii_digit()).unwrap_or(0);
            panic!(
                "a number that is not an integer: {}… (decimals are written as strings)",
                &json[from..json.len().min(i + 8)]
            );
        }
        prev = c;
    }
}

/// `v` as JSON text, its numbers checked ([`check_json_numbers`]).
fn to_json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    let json = serde_json::to_string(v).expect("a result serialises");
    check_json_numbers(&json);
    json
}

fn within(lo: Decimal, v: Decimal, hi: Decimal, what: &str, u: &UnitScore) {
    assert!(
        lo <= v && v <= hi,
        "unit `{}`: {what} {v} is not within [{lo}, {hi}]",
        u.id
    );
}

/// Panic unless a unit's score holds together: points within their maxima, the total within the
/// unit's maximum, the index within 0–100, every node's explanation rendered as its row, every
/// warning a well-formed issue. Returns the unit as JSON text.
pub fn check_unit_score(u: &UnitScore) -> String {
    let hundred = Decimal::ONE_HUNDRED;
    within(Decimal::ZERO, u.total, u.max_points, "the total", u);
    within(Decimal::ZERO, u.index, hundred, "the index", u);
    within(Decimal::ZERO, u.index_raw, hundred, "the raw index", u);
    assert!(
        u.bonus >= Decimal::ZERO && u.penalty >= Decimal::ZERO,
        "{u:?}"
    );
    assert!(
        u.rubric_max <= u.declared_max,
        "unit `{}`: rubric maximum {} above the declared {}",
        u.id,
        u.rubric_max,
        u.declared_max
    );
    within(
        u.rubric_points.min(Decimal::ZERO),
        u.rubric_points,
        u.rubric_max,
        "the rubric points",
        u,
    );
    for c in &u.components {
        within(
            c.points.min(Decimal::ZERO),
            c.points,
            c.max_points,
            &format!("component `{}`", c.id),
            u,
        );
    }
    for f in &u.fields {
        within(
            f.points.min(Decimal::ZERO),
            f.points,
            f.max_points,
            &format!("field `{}`", f.code),
            u,
        );
        if let Some(s) = f.sub_index {
            // A field may allow negative points (C8): its sub-index is then below 0.
            let lo = s.min(Decimal::ZERO);
            within(lo, s, hundred, &format!("sub-index of `{}`", f.code), u);
        }
    }
    u.warnings.iter().for_each(check_issue);
    // Every node's explanation, rendered one by one, by position and by code.
    let mut codes = HashSet::new();
    for (i, n) in u.nodes.iter().enumerate() {
        let what = format!("node `{}`", n.code);
        within(
            n.min_points.min(Decimal::ZERO),
            n.points,
            n.max_points,
            &what,
            u,
        );
        assert_eq!(
            n.max_points.checked_sub(n.points),
            Some(n.lost),
            "unit `{}`: {what} loses max − points",
            u.id
        );
        assert_eq!(u.nodes.points(i), Some(n.points), "{what}");
        assert_eq!(u.nodes.get(i).as_ref(), Some(&n), "{what}");
        if codes.insert(n.code.clone()) {
            assert_eq!(u.nodes.find(&n.code).as_ref(), Some(&n), "{what}");
        }
        to_json(&n);
    }
    for f in &u.fields {
        if !u.nodes.is_empty() {
            let n = u.nodes.find(&f.code).expect("a field is a node");
            assert_eq!(n.points, f.points, "field `{}` of unit `{}`", f.code, u.id);
        }
    }
    to_json(u)
}

/// Panic unless a batch result holds together: every unit as [`check_unit_score`], the receipt's
/// counts those of the result, every refusal well-formed, each scored unit ranked once with
/// competition ranks. Returns the result as JSON text.
pub fn check_batch_result(r: &BatchResult) -> String {
    assert_eq!(r.receipt.units_scored, r.units.len());
    assert_eq!(r.receipt.units_failed, r.errors.len());
    let mut ids = HashSet::new();
    for u in &r.units {
        check_unit_score(u);
        assert!(ids.insert(u.id.as_str()), "unit `{}` scored twice", u.id);
    }
    let mut last = None;
    for e in &r.errors {
        assert!(!e.errors.is_empty(), "a refused unit without a reason");
        e.errors.iter().for_each(check_issue);
        assert!(last < Some(e.index), "refusals out of order");
        last = Some(e.index);
    }
    let mut ranked = HashSet::new();
    for b in &r.ranking {
        for (k, e) in b.entries.iter().enumerate() {
            assert!(ranked.insert(e.id.as_str()), "`{}` ranked twice", e.id);
            let u = (r.units.iter().find(|u| u.id == e.id))
                .unwrap_or_else(|| panic!("`{}` is ranked but not scored", e.id));
            assert_eq!((e.index, e.total), (u.index, u.total), "`{}`", e.id);
            if k == 0 {
                assert_eq!(e.rank, 1, "block `{}`", b.block);
            } else {
                let prev = &b.entries[k - 1];
                assert!(
                    e.rank == prev.rank || e.rank == k + 1,
                    "block `{}`: rank {} after {} at position {}",
                    b.block,
                    e.rank,
                    prev.rank,
                    k + 1
                );
            }
        }
    }
    assert_eq!(ranked, ids, "every scored unit is ranked once");
    to_json(r)
}

// ---------------------------------------------------------------------------------------------
// The harness

/// The rule sets, dossiers and form the checks run against.
pub struct Harness {
    /// The built-in rule set first, then the others given.
    rulesets: Vec<RuleSet>,
    /// Dossiers of the built-in rule set in every phase, each with the instants to act at.
    dossiers: Vec<(Dossier, Vec<crate::time::DateTime>)>,
    /// Instants of the calendar, in order.
    instants: Vec<crate::time::DateTime>,
    /// Actors tried on every dossier.
    actors: Vec<Actor>,
    /// A form holding a unit of the example province, and the criteria whose facts are given.
    form: UnitForm,
    form_codes: Vec<String>,
}

/// The department whose dossiers the act and dossier targets use.
const UNIT: &str = "so_tu_phap";

impl Harness {
    /// The built-in rule set with `others` (each batch names the one it is for in `ruleset`).
    pub fn new(others: Vec<RuleSet>) -> Harness {
        let rs = builtin::ruleset(builtin::DEFAULT_RULESET).expect("the built-in rule set");
        let dossiers = dossiers(&rs);
        let mut actors = vec![
            Actor::unit(UNIT),
            Actor::unit("so_noi_vu"),
            Actor::secretariat(),
            Actor::chairman(),
            Actor::System,
            Actor::district_member("so_noi_vu", "huyen_a"),
            Actor::Chairman {
                district: Some("huyen_a".into()),
            },
            Actor::unit("xa_a"),
        ];
        for m in &rs.def().council.as_ref().expect("a council").members {
            actors.push(Actor::member(&m.id));
        }
        let batch: BatchInput = serde_json::from_str(builtin::EXAMPLE_PROVINCE).expect("example");
        let unit = (batch.units.into_iter())
            .find(|u| u.group == "department")
            .expect("a department");
        let form = UnitForm::new(&rs, unit).expect("the example unit scores");
        // One criterion of each rule kind the unit gives facts for, and one it does not.
        let mut kinds = HashSet::new();
        let level = &rs.levels()[0];
        let mut form_codes: Vec<String> = (form.unit().items.iter())
            .filter(|(code, _)| {
                let node = level.by_code.get(*code).map(|&i| &level.nodes[i]);
                let kind = node.and_then(|n| n.rule.as_ref()).map(|r| r.kind());
                kinds.insert(kind)
            })
            .map(|(code, _)| code.to_string())
            .collect();
        form_codes.push("9.9.9".into());
        let mut rulesets = vec![rs];
        rulesets.extend(others);
        Harness {
            instants: instants(&rulesets[0]),
            rulesets,
            dossiers,
            actors,
            form,
            form_codes,
        }
    }

    /// The built-in rule set and every rule set of the conformance cases under `fixtures` (the
    /// repository's `fixtures/` folder) that is valid.
    pub fn with_fixtures(fixtures: &Path) -> Harness {
        Harness::new(
            fixture_files(fixtures, Target::RuleSet)
                .iter()
                .filter_map(|f| std::str::from_utf8(&f.1).ok())
                .filter_map(|t| RuleSet::from_json(t).ok())
                .collect(),
        )
    }

    /// Check one input of `target`.
    pub fn run(&self, target: Target, data: &[u8]) {
        match target {
            Target::RuleSet => self.ruleset(data),
            Target::Batch => self.batch(data),
            Target::Unit => self.unit(data),
            Target::Act => self.act(data),
            Target::Dossier => self.dossier(data),
        }
    }

    fn builtin(&self) -> &RuleSet {
        &self.rulesets[0]
    }

    // -----------------------------------------------------------------------------------------
    // Rule sets

    /// Rule-set JSON: every problem well-formed and listed the same by every reader; a valid rule
    /// set written back reads as itself, its calendar and remits resolve or are refused with a
    /// code, and synthetic units of every group score within the contract.
    pub fn ruleset(&self, data: &[u8]) {
        let families = ["ruleset", "limits", "arithmetic"];
        let text = match text_from_bytes(data, Kind::RuleSet) {
            Ok(t) => t,
            Err(e) => return check_error_of(&e, &families),
        };
        let read = RuleSet::from_json(text);
        let again = RuleSet::from_json(text);
        let issues = api::validate_ruleset(text);
        match &read {
            Err(e) => {
                check_error_of(e, &families);
                assert_eq!(issues, e.issues(), "validate lists what reading refuses");
                assert_eq!(again.as_ref().err(), Some(e), "read twice, refused alike");
            }
            Ok(_) => assert!(issues.is_empty(), "valid, yet {issues:?}"),
        }
        if !builtin::ids().contains(&text.trim()) {
            let loaded = api::load_ruleset(text);
            assert_eq!(
                loaded.is_ok(),
                read.is_ok(),
                "load_ruleset reads as from_json"
            );
            if let Err(e) = loaded {
                check_error_of(&e, &families);
            }
        }
        let Ok(rs) = read else { return };
        let again = again.expect("read twice, read alike");
        assert_eq!(rs.sha256(), again.sha256());
        let written = RuleSet::from_json(&rs.to_json())
            .unwrap_or_else(|e| panic!("a rule set written back is refused: {e}"));
        assert_eq!(
            written.sha256(),
            rs.sha256(),
            "written back, another rule set"
        );
        assert_eq!(written.to_json(), rs.to_json());
        crate::compile::describe(&rs);
        for level in rs.levels() {
            match workflow::Schedule::from_ruleset(&rs, &level.id) {
                Ok(s) => {
                    if let Err(e) = s.validate() {
                        check_error(&e);
                    }
                }
                Err(e) => check_error(&e),
            }
            if let Err(e) = workflow::remit_map(&rs, &level.id) {
                check_error(&e);
            }
        }
        for g in &rs.def().groups {
            if let Err(e) = Dossier::open(&rs, "u", "U", &g.id, Some("p")) {
                check_error(&e);
            }
        }
        // Synthetic units of every group, and one with nothing given per group.
        let n = rs.def().groups.len().clamp(1, 6);
        let mut units = crate::eval::synth::generate(&rs, n, 1);
        for g in &rs.def().groups {
            units.push(UnitInput {
                id: format!("empty-{}", g.id),
                name: "Trống".into(),
                group: g.id.clone(),
                block: None,
                parent: None,
                items: Default::default(),
                components: Default::default(),
                bonus: Vec::new(),
                penalty: Vec::new(),
                synthetic: true,
            });
        }
        let text = serde_json::to_string(&BatchInput {
            format_version: crate::def::FORMAT_VERSION,
            ruleset: Some(rs.id().to_string()),
            title: None,
            synthetic: true,
            units: units.clone(),
        })
        .expect("a batch serialises");
        self.batch_with(&rs, &text);
        // Typed units score as their text does.
        let typed = rs.score(units);
        let scored = rs.score_json(&text).expect("the batch is read");
        assert_eq!(
            to_json(&typed.units),
            to_json(&scored.units),
            "typed units score as their text"
        );
    }

    // -----------------------------------------------------------------------------------------
    // Batches

    /// Batch JSON, scored with the rule set it names (`ruleset`) when the harness has it, else
    /// with the built-in one.
    pub fn batch(&self, data: &[u8]) {
        let text = match text_from_bytes(data, Kind::Batch) {
            Ok(t) => t,
            Err(e) => return check_error_of(&e, &["input"]),
        };
        let named = serde_json::from_str::<Value>(strip_bom(text))
            .ok()
            .and_then(|v| v.get("ruleset")?.as_str().map(str::to_string));
        let rs = (self.rulesets.iter())
            .find(|rs| Some(rs.id()) == named.as_deref())
            .unwrap_or(self.builtin());
        self.batch_with(rs, text);
    }

    /// A batch scored twice alike, by the general evaluation alike, without explanations alike;
    /// each unit explained alone as the batch scored it; the readers of its text agreeing.
    pub fn batch_with(&self, rs: &RuleSet, text: &str) {
        let families = ["input", "limits", "arithmetic", "not_found"];
        let result = rs.score_json(text);
        let again = rs.score_json(text);
        let r = match (&result, &again) {
            (Err(e), Err(e2)) => {
                check_error_of(e, &families);
                assert_eq!(e, e2, "scored twice, refused alike");
                let u = rs.explain(text, "u");
                assert_eq!(u.err().as_ref(), Some(e), "explain refuses as the batch");
                return;
            }
            (Ok(r), Ok(r2)) => {
                let json = check_batch_result(r);
                assert_eq!(json, to_json(r2), "scored twice, scored alike");
                r
            }
            _ => panic!("scored twice: {result:?} then {again:?}"),
        };
        self.readers_agree_on_batch(text);
        let json = to_json(r);
        // The general evaluation (no integer shortcuts) gives the same result.
        let general = rs.general_only().score_json(text).expect("read once");
        assert_eq!(json, to_json(&general), "the general evaluation differs");
        // Without explanations: the same totals.
        let opts = BatchOptions {
            keep_nodes: false,
            ..Default::default()
        };
        let lean = rs.score_json_with(text, opts).expect("read once");
        assert_eq!(lean.units.len(), r.units.len());
        assert_eq!(to_json(&lean.ranking), to_json(&r.ranking));
        assert_eq!(to_json(&lean.errors), to_json(&r.errors));
        for (a, b) in lean.units.iter().zip(&r.units) {
            assert!(a.nodes.is_empty());
            assert_eq!(
                (a.total, a.index, &a.fields, &a.warnings),
                (b.total, b.index, &b.fields, &b.warnings)
            );
        }
        // Units explained alone: the first and the last scored as the batch scored them.
        let mut explained: Vec<&UnitScore> = r.units.iter().take(1).collect();
        explained.extend(r.units.iter().skip(1).last());
        for u in explained {
            let alone = rs
                .explain(text, &u.id)
                .unwrap_or_else(|e| panic!("unit `{}` scored, but explaining it: {e}", u.id));
            assert_eq!(to_json(&alone), to_json(u), "`{}` explained alone", u.id);
        }
        // A unit refused (not scored under its id): explaining it gives the refusal.
        let scored: HashSet<&str> = r.units.iter().map(|u| u.id.as_str()).collect();
        if let Some(e) =
            (r.errors.iter()).find(|e| e.id.as_deref().is_some_and(|id| !scored.contains(id)))
        {
            let id = e.id.as_deref().unwrap_or_default();
            let err = rs
                .explain(text, id)
                .expect_err("a refused unit is not explained");
            check_error(&err);
            assert_eq!(err.issues(), e.errors, "`{id}` explained: its refusal");
        }
        let absent = "\u{1}absent";
        if !scored.contains(absent) && r.errors.iter().all(|e| e.id.as_deref() != Some(absent)) {
            let e = rs.explain(text, absent).expect_err("no such unit");
            assert_eq!(e.code(), "not_found.unit");
        }
    }

    /// The readers of well-formed batch text read what the JSON tree reader reads.
    fn readers_agree_on_batch(&self, text: &str) {
        batch_readers(text).assert_agree("batch");
    }

    // -----------------------------------------------------------------------------------------
    // Units and items

    /// Unit JSON scored alone (`api::score_one`) with every rule set that has its group, as in a
    /// batch of one and in a live form; the same text as the facts of criteria of a form.
    pub fn unit(&self, data: &[u8]) {
        let families = ["input", "limits", "arithmetic", "not_found"];
        let text = match text_from_bytes(data, Kind::Unit) {
            Ok(t) => t,
            Err(e) => return check_error_of(&e, &["input"]),
        };
        self.item(text);
        let unit = match api::read_unit(text) {
            Ok(u) => u,
            Err(e) => {
                check_error_of(&e, &families);
                let again = api::score_one(self.builtin(), text);
                assert_eq!(
                    again.err().as_ref(),
                    Some(&e),
                    "score_one refuses as read_unit"
                );
                return;
            }
        };
        self.readers_agree_on_unit(text, &unit);
        let mut tried = 0;
        for rs in &self.rulesets {
            if tried > 0 && rs.group(&unit.group).is_none() {
                continue;
            }
            tried += 1;
            self.unit_with(rs, text, &unit);
        }
    }

    fn unit_with(&self, rs: &RuleSet, text: &str, unit: &UnitInput) {
        let families = ["input", "limits", "arithmetic", "not_found"];
        let one = api::score_one(rs, text);
        let again = api::score_one(rs, text);
        // A batch of that one unit.
        let batch = format!(r#"{{"format_version": 1, "units": [{}]}}"#, strip_bom(text));
        let in_batch = rs.score_json(&batch).expect("a batch of one is read");
        check_batch_result(&in_batch);
        let s = match (one, again) {
            (Err(e), Err(e2)) => {
                check_error_of(&e, &families);
                assert_eq!(e, e2, "scored twice, refused alike");
                let refused = in_batch.errors.first().expect("refused in a batch too");
                assert_eq!(
                    refused.errors.iter().map(|i| &i.code).collect::<Vec<_>>(),
                    e.issues().iter().map(|i| &i.code).collect::<Vec<_>>(),
                    "refused alone and in a batch alike"
                );
                assert!(
                    UnitForm::from_json(rs, text).is_err(),
                    "a form refuses it too"
                );
                return;
            }
            (Ok(s), Ok(s2)) => {
                let json = check_unit_score(&s);
                assert_eq!(json, to_json(&s2), "scored twice, scored alike");
                s
            }
            (a, b) => panic!("scored twice: {a:?} then {b:?}"),
        };
        // Alone as in a batch of one (which may warn of an absent parent).
        let b = in_batch.units.first().unwrap_or_else(|| {
            panic!("scored alone but refused in a batch: {:?}", in_batch.errors)
        });
        assert_eq!(
            (s.total, s.index, &s.fields, to_json(&s.nodes)),
            (b.total, b.index, &b.fields, to_json(&b.nodes)),
            "scored alone and in a batch of one alike"
        );
        let in_batch: Vec<Issue> = (b.warnings.iter())
            .map(|w| {
                let mut w = w.clone();
                w.path = w.path.replacen("$.units[0]", "$", 1);
                w
            })
            .collect();
        assert!(
            s.warnings.iter().all(|w| in_batch.contains(w)),
            "alone {:?}, in a batch {in_batch:?}",
            s.warnings
        );
        // A live form: the same score; each criterion cleared and given again.
        let mut form = UnitForm::from_json(rs, text).expect("it scores, so a form holds it");
        let full = form.score(true).expect("a form scores");
        assert_eq!(to_json(&full), to_json(&s), "a form scores as score_one");
        for (code, item) in unit.items.iter().take(4) {
            let code = code.to_string();
            let before = form.unit().clone();
            match form.clear(&code) {
                Ok(c) => {
                    check_unit_score(&c);
                    let back = form
                        .set(&code, item.clone())
                        .expect("given back, it scores");
                    assert_eq!((back.total, back.index), (s.total, s.index));
                }
                Err(e) => {
                    check_error(&e);
                    assert_eq!(form.unit(), &before, "a refused change changes nothing");
                }
            }
            if let Some(n) = s.nodes.find(&code) {
                assert_eq!(
                    form.explain(&code).ok(),
                    Some(n),
                    "`{code}` explained by a form"
                );
            }
        }
    }

    /// The readers of well-formed unit text read what the JSON tree reader reads.
    fn readers_agree_on_unit(&self, text: &str, unit: &UnitInput) {
        let r = unit_readers(text);
        assert_eq!(r.tree.as_ref(), Some(unit), "read_unit reads as the tree");
        r.assert_agree("unit");
    }

    /// The text as the facts of criteria of a form (`UnitForm::set_json`): refused with a code
    /// and the form unchanged, or scored within the contract, holding what every reader reads.
    fn item(&self, text: &str) {
        let families = ["input", "limits", "arithmetic", "not_found"];
        let stripped = strip_bom(text);
        let tree: Option<ItemInput> = serde_json::from_str::<Value>(stripped)
            .ok()
            .and_then(|v| crate::de::from_tree(&v).ok());
        if let Some(it) = crate::input::text::item(stripped) {
            assert_eq!(
                Some(&it),
                tree.as_ref(),
                "the text reader reads another item"
            );
        }
        #[cfg(feature = "fast-text")]
        if let Ok(it) = crate::de::from_str_objects::<ItemInput>(stripped) {
            assert_eq!(
                Some(&it),
                tree.as_ref(),
                "the typed reader reads another item"
            );
        }
        for code in &self.form_codes {
            let mut form = self.form.clone();
            match form.set_json(code, text) {
                Ok(s) => {
                    check_unit_score(&s);
                    let held = form.unit().items.get(code);
                    if let Some(t) = &tree {
                        assert_eq!(held, Some(t), "`{code}` holds another item than read");
                    }
                }
                Err(e) => {
                    check_error_of(&e, &families);
                    assert_eq!(
                        form.unit(),
                        self.form.unit(),
                        "a refused change changes nothing"
                    );
                }
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Workflow

    /// The text as an act and as an actor (what the bindings read with
    /// `workflow::read_json_text`), applied to dossiers in every phase by every actor.
    pub fn act(&self, data: &[u8]) {
        let families = ["input", "limits"];
        let text = match text_from_bytes(data, Kind::Act) {
            Ok(t) => t,
            Err(e) => return check_error_of(&e, &families),
        };
        let limits = Limits::DEFAULT;
        match workflow::read_json_text::<Act>("act", text, &limits) {
            Ok(act) => {
                for actor in &self.actors {
                    self.apply_everywhere(actor, &act);
                }
            }
            Err(e) => {
                check_error_of(&e, &families);
                assert!(e.path().starts_with("$.act"), "{e:?}");
            }
        }
        match workflow::read_json_text::<Actor>("actor", text, &limits) {
            Ok(actor) => {
                for act in self.acts() {
                    self.apply_everywhere(&actor, &act);
                }
            }
            Err(e) => {
                check_error_of(&e, &families);
                assert!(e.path().starts_with("$.actor"), "{e:?}");
            }
        }
    }

    /// Acts of every kind on a criterion of the unit's dossiers.
    fn acts(&self) -> Vec<Act> {
        let code = "2.1.2".to_string();
        vec![
            Act::SelfScore {
                code: code.clone(),
                points: Decimal::ONE,
                evidence: vec!["e.pdf".into()],
                note: None,
            },
            Act::ClearSelfScore { code: code.clone() },
            Act::Submit,
            Act::Appraise {
                code: code.clone(),
                points: Decimal::new(5, 1),
                note: None,
            },
            Act::Explain {
                code: code.clone(),
                text: "giải trình".into(),
                evidence: Vec::new(),
            },
            Act::Review {
                code,
                points: Decimal::ONE,
                explanation: Some(0),
                note: None,
            },
            Act::Announce,
        ]
    }

    fn apply_everywhere(&self, actor: &Actor, act: &Act) {
        let rs = self.builtin();
        for (d, times) in &self.dossiers {
            for now in times {
                let mut x = d.clone();
                match x.apply(rs, actor, now.clone(), act.clone()) {
                    Err(e) => {
                        check_error_of(&e, &["workflow"]);
                        assert!(matches!(e, Error::Workflow(_)), "{e:?}");
                        assert_eq!(&x, d, "a refused act changed the dossier");
                    }
                    Ok(events) => {
                        let last = events.last().expect("an act is recorded");
                        assert_eq!((&last.act, &last.actor, &last.at), (act, actor, now));
                        self.stored_reads_back(rs, &x);
                    }
                }
            }
        }
    }

    /// A dossier written and read back is itself, its log numbered without a gap.
    fn stored_reads_back(&self, rs: &RuleSet, d: &Dossier) {
        for (k, e) in d.log().iter().enumerate() {
            assert_eq!(e.seq, k as u64 + 1, "the log's numbers have no gap");
        }
        let text = d.to_json();
        let back = Dossier::from_json(rs, &text)
            .unwrap_or_else(|e| panic!("a dossier written is refused when read back: {e}"));
        assert_eq!(&back, d, "a dossier read back is another");
        assert_eq!(back.to_json(), text);
    }

    /// A stored dossier: replayed or refused with a code; read, it is written and read back as
    /// itself, its phases follow the calendar's order and time passing is recorded or refused.
    pub fn dossier(&self, data: &[u8]) {
        let families = ["input", "limits", "workflow", "arithmetic", "not_found"];
        let text = match text_from_bytes(data, Kind::Dossier) {
            Ok(t) => t,
            Err(e) => return check_error_of(&e, &families),
        };
        let rs = self.builtin();
        let d = match Dossier::from_json(rs, text) {
            Ok(d) => d,
            Err(e) => {
                check_error_of(&e, &families);
                let again = Dossier::from_json(rs, text);
                assert_eq!(again.err().as_ref(), Some(&e), "read twice, refused alike");
                return;
            }
        };
        self.stored_reads_back(rs, &d);
        match d.score(rs) {
            Ok(s) => {
                check_unit_score(&s);
            }
            Err(e) => check_error(&e),
        }
        let mut phase = d.phase();
        let mut x = d.clone();
        for t in &self.instants {
            let p = d.phase_at(t);
            if d.log().last().is_some_and(|e| &e.at > t) {
                continue;
            }
            assert!(p >= phase, "phase {p} at {t} after {phase}");
            phase = p;
            match x.advance(t.clone()) {
                Ok(_) => assert_eq!(x.phase(), p, "advanced to {t}"),
                Err(e) => check_error(&e),
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // JSON values

    /// A JSON value as the text of every target, and given as a value to the readers that take
    /// one (`RuleSet::from_value`, `score_batch_value`, `parse_unit`, `workflow::read_json`).
    pub fn value(&self, v: &Value) {
        let text = serde_json::to_string(v).expect("a value serialises");
        for t in Target::ALL {
            self.run(t, text.as_bytes());
        }
        match RuleSet::from_value(v) {
            Ok(rs) => {
                let from_text = RuleSet::from_json(&text).expect("read from its text too");
                assert_eq!(rs.sha256(), from_text.sha256());
            }
            Err(e) => check_error_of(&e, &["ruleset", "limits", "arithmetic"]),
        }
        match crate::batch::score_batch_value(self.builtin(), v) {
            Ok(r) => {
                check_batch_result(&r);
            }
            Err(e) => check_error_of(&e, &["input", "limits", "arithmetic"]),
        }
        if let UnitEntry::Bad { issues, .. } = parse_unit(v, "$") {
            assert!(!issues.is_empty());
            issues.iter().for_each(check_issue);
        }
        if let Err(e) = workflow::read_json::<Act>("act", v) {
            check_error_of(&e, &["input"]);
        }
        if let Err(e) = workflow::read_json::<Actor>("actor", v) {
            check_error_of(&e, &["input"]);
        }
    }
}

/// Instants of the 2019 calendar, from before the self-assessment to after the announcement.
fn instants(rs: &RuleSet) -> Vec<crate::time::DateTime> {
    let s = workflow::Schedule::from_ruleset(rs, "department").expect("a calendar");
    let at = |t: &str| s.time(t).expect("a time of the calendar");
    [
        "2019-09-20T08:00",
        "2019-11-10T09:00",
        "2019-11-16T09:00",
        "2019-11-19T09:00",
        "2019-11-26T12:00",
        "2019-11-28T09:00",
        "2019-12-08T09:00",
        "2019-12-16T09:00",
        "2019-12-18T09:00",
        "2020-01-05T09:00",
    ]
    .map(at)
    .to_vec()
}

/// Dossiers of a department in every phase of the 2019 calendar (draft, submitted, under
/// appraisal, explanation, the council's review, final, announced), a district's and a commune's, each
/// with two instants to act at: within its phase, and the next instant of the calendar's.
fn dossiers(rs: &RuleSet) -> Vec<(Dossier, Vec<crate::time::DateTime>)> {
    let mut d = Dossier::open(rs, UNIT, "Sở Tư pháp", "department", None).expect("open");
    let s = d.schedule().clone();
    let at = |t: &str| s.time(t).expect("a time of the calendar");
    let instants = instants(rs);
    let later = |t: crate::time::DateTime| -> Vec<_> {
        let next = instants.iter().find(|&i| *i > t).cloned();
        [t].into_iter().chain(next).collect()
    };
    let unit = Actor::unit(UNIT);
    let level = rs.level("department").expect("departments").1;
    let applies = &level.applies["department"];
    let leaves: Vec<&crate::compile::CNode> = (level.nodes.iter().enumerate())
        .filter(|(i, n)| n.children.is_empty() && applies[*i])
        .map(|(_, n)| n)
        .filter(|n| ["1", "2", "6", "3"].iter().any(|f| n.code.starts_with(f)))
        .take(6)
        .collect();
    let mut out = Vec::new();
    let t0 = at("2019-11-10T08:00");
    for n in &leaves {
        d.self_score(rs, &unit, t0.clone(), &n.code, n.max, &["kiem-chung.pdf"])
            .expect("self-scored");
    }
    out.push((d.clone(), later(t0.clone())));
    let t1 = at("2019-11-15T16:00");
    d.submit(rs, &unit, t1.clone()).expect("submitted");
    out.push((d.clone(), later(t1.clone())));
    let t2 = at("2019-11-19T09:00");
    for n in &leaves[1..] {
        let member = workflow::appraiser_of(rs, "department", &n.code).expect("an appraiser");
        d.appraise(rs, &Actor::member(member), t2.clone(), &n.code, n.min, None)
            .expect("appraised");
    }
    out.push((d.clone(), later(t2.clone())));
    let t3 = at("2019-11-28T09:00");
    d.explain(
        rs,
        &unit,
        t3.clone(),
        &leaves[1].code,
        "đã bổ sung",
        &["bo-sung.pdf"],
    )
    .expect("explained");
    out.push((d.clone(), later(t3.clone())));
    let t4 = at("2019-12-08T09:00");
    d.advance(t4.clone()).expect("time passes");
    out.push((d.clone(), later(t4.clone())));
    let t5 = at("2019-12-18T09:00");
    d.advance(t5.clone()).expect("time passes");
    out.push((d.clone(), later(t5.clone())));
    d.announce(rs, &Actor::chairman(), t5.clone())
        .expect("announced");
    out.push((d, later(t5.clone())));
    let district = Dossier::open(rs, "huyen_a", "Huyện A", "district", None).expect("a district");
    out.push((district, later(t0.clone())));
    // A commune, on the calendar its district sets (S10), within the rule set's template.
    let cal: workflow::DistrictCalendar = serde_json::from_str(
        r#"{"periods": [
          {"id": "self_assessment", "start": "2019-11-01", "end": "2019-11-24"},
          {"id": "appraisal", "start": "2019-11-25", "end": "2019-12-05"},
          {"id": "explanation", "start": "2019-12-06", "end": "2019-12-12"},
          {"id": "council_review", "start": "2019-12-20", "end": "2019-12-20"},
          {"id": "announcement", "start": "2019-12-27", "end": "2019-12-27"}
        ]}"#,
    )
    .expect("a district calendar");
    let c = Dossier::open_in_district(rs, "xa_a", "Xã A", "commune", "huyen_a", cal)
        .expect("a commune");
    out.push((c, later(t0.clone())));
    out
}

// ---------------------------------------------------------------------------------------------
// Inputs on disk

/// The inputs of `target` found under `fixtures` (the repository's `fixtures/` folder) to start
/// fuzzing from: (a name, the bytes). Rule sets: the built-in ones, the conformance cases', the
/// broken one. Batches: the example province (whole and one unit per group) and every conformance
/// input, naming its case's rule set. Units: every unit and item of those. Acts and dossiers: those
/// of the dossiers the harness acts on.
pub fn fixture_files(fixtures: &Path, target: Target) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let read = |p: &Path| std::fs::read(p).unwrap_or_default();
    let cases = {
        let mut v: Vec<_> = std::fs::read_dir(fixtures.join("conformance"))
            .map(|d| {
                d.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_dir())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    let name = |p: &Path| {
        let mut parts: Vec<String> = p
            .iter()
            .rev()
            .take(2)
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        parts.reverse();
        parts.join("-")
    };
    match target {
        Target::RuleSet => {
            for dir in ["rulesets", "broken"] {
                let mut files: Vec<_> = std::fs::read_dir(fixtures.join(dir))
                    .map(|d| d.flatten().map(|e| e.path()).collect())
                    .unwrap_or_default();
                files.sort();
                for f in files {
                    out.push((name(&f), read(&f)));
                }
            }
            for c in &cases {
                let f = c.join("ruleset.json");
                if f.exists() {
                    out.push((name(&f), read(&f)));
                }
            }
        }
        Target::Batch | Target::Unit => {
            let mut batches = Vec::new();
            let example = fixtures.join("example").join("hoabinh-2019.json");
            let text = read(&example);
            if let Ok(mut v) = serde_json::from_slice::<Value>(&text) {
                // One unit of each group: a small batch to mutate.
                let mut groups = BTreeSet::new();
                if let Some(units) = v.get_mut("units").and_then(Value::as_array_mut) {
                    units.retain(|u| groups.insert(u["group"].as_str().map(str::to_string)));
                }
                batches.push(("example-by-group".to_string(), to_vec(&v)));
            }
            batches.push(("example".to_string(), text));
            for c in &cases {
                let input = read(&c.join("input.json"));
                let case: Value =
                    serde_json::from_slice(&read(&c.join("case.json"))).unwrap_or(Value::Null);
                let own = case["ruleset"]
                    .as_str()
                    .filter(|r| !r.starts_with("builtin:"));
                let id = own
                    .and_then(|f| serde_json::from_slice::<Value>(&read(&c.join(f))).ok())
                    .and_then(|rs| rs["id"].as_str().map(str::to_string));
                // Named after its rule set when it names none; a case about the text as written
                // (a byte-order mark, a key twice) is kept as written.
                let text_only = case["text_only"].as_bool().unwrap_or(false);
                let named = match (serde_json::from_slice::<Value>(&input), id) {
                    (Ok(Value::Object(mut o)), Some(id))
                        if !text_only && !o.contains_key("ruleset") =>
                    {
                        o.insert("ruleset".into(), Value::String(id));
                        to_vec(&Value::Object(o))
                    }
                    _ => input,
                };
                batches.push((name(&c.join("input.json")), named));
            }
            if target == Target::Batch {
                return batches;
            }
            for (n, b) in batches {
                let Ok(v) = serde_json::from_slice::<Value>(strip_bom_bytes(&b)) else {
                    continue;
                };
                let units = v["units"].as_array().cloned().unwrap_or_default();
                for (i, u) in units.iter().enumerate() {
                    out.push((format!("{n}-unit{i}"), to_vec(u)));
                    if let Some(items) = u["items"].as_object() {
                        for (code, it) in items.iter().take(3) {
                            out.push((format!("{n}-unit{i}-item{code}"), to_vec(it)));
                        }
                    }
                }
            }
        }
        Target::Act | Target::Dossier => {
            let rs = builtin::ruleset(builtin::DEFAULT_RULESET).expect("built in");
            for (k, (d, _)) in dossiers(&rs).iter().enumerate() {
                if target == Target::Dossier {
                    out.push((format!("dossier{k}"), d.to_json().into_bytes()));
                    continue;
                }
                for (i, e) in d.log().iter().enumerate() {
                    let act = serde_json::to_vec(&e.act).expect("an act serialises");
                    let actor = serde_json::to_vec(&e.actor).expect("an actor serialises");
                    out.push((format!("dossier{k}-event{i}-act"), act));
                    out.push((format!("dossier{k}-event{i}-actor"), actor));
                }
            }
        }
    }
    out
}

fn to_vec(v: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(v).expect("a value serialises")
}

fn strip_bom_bytes(b: &[u8]) -> &[u8] {
    b.strip_prefix("\u{feff}".as_bytes()).unwrap_or(b)
}

/// The inputs kept under `fixtures/fuzz/<target>/` (inputs that once broke the contract), sorted
/// by name.
pub fn regressions(fixtures: &Path, target: Target) -> Vec<(String, Vec<u8>)> {
    let dir = fixtures.join("fuzz").join(target.name());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_default();
            (
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                bytes,
            )
        })
        .collect()
}

/// Field names and literals of every input format, as a libFuzzer dictionary (one quoted token a
/// line): the property names and enumerated values of the JSON Schemas, the keys of the stored
/// dossiers, and JSON's own tokens.
pub fn dictionary() -> String {
    let mut tokens = BTreeSet::new();
    fn walk(v: &Value, tokens: &mut BTreeSet<String>) {
        match v {
            Value::Object(o) => {
                for (k, v) in o {
                    if k == "properties" {
                        if let Value::Object(p) = v {
                            tokens.extend(p.keys().map(|k| format!("\"{k}\"")));
                        }
                    }
                    if k == "enum" || k == "const" {
                        for e in v.as_array().into_iter().flatten().chain([v]) {
                            if let Some(s) = e.as_str() {
                                tokens.insert(format!("\"{s}\""));
                            }
                        }
                    }
                    walk(v, tokens);
                }
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, tokens)),
            _ => {}
        }
    }
    walk(&crate::api::schema::ruleset_schema(), &mut tokens);
    walk(&crate::api::schema::input_schema(), &mut tokens);
    fn keys(v: &Value, tokens: &mut BTreeSet<String>) {
        match v {
            Value::Object(o) => {
                for (k, v) in o {
                    tokens.insert(format!("\"{k}\""));
                    if let Value::String(s) = v {
                        if s.len() < 24 && !s.contains(['"', '\\']) {
                            tokens.insert(format!("\"{s}\""));
                        }
                    }
                    keys(v, tokens);
                }
            }
            Value::Array(a) => a.iter().for_each(|v| keys(v, tokens)),
            _ => {}
        }
    }
    let rs = builtin::ruleset(builtin::DEFAULT_RULESET).expect("built in");
    for (d, _) in dossiers(&rs) {
        keys(
            &serde_json::to_value(&d).expect("a dossier serialises"),
            &mut tokens,
        );
    }
    for t in [
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "null",
        "true",
        "false",
        "\"\"",
        "{}",
        "[]",
        "0",
        "-0",
        "1",
        "-1",
        "0.5",
        "1e2",
        "1E+999999999",
        "1e-30",
        "18446744073709551615",
        "18446744073709551616",
        "79228162514264337593543950335",
        "79228162514264337593543950336",
        "0.00000000000000000000000000001",
        "\"99,75\"",
        "\"\\u0000\"",
        "\"\\ud800\"",
    ] {
        tokens.insert(t.to_string());
    }
    let mut out = String::from(
        "# Tokens of parindex's JSON formats (written by the seeds program of core/fuzz).\n",
    );
    for t in tokens {
        let escaped = t.replace('\\', "\\\\").replace('"', "\\\"");
        if escaped.is_ascii() {
            out.push_str(&format!("\"{escaped}\"\n"));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The three readers of input text

/// Whether this build has the typed reader (feature `fast-text`; the WebAssembly build has not).
pub const TYPED_READER: bool = cfg!(feature = "fast-text");

/// What each reader of an input text reads: the JSON tree reader (every face, and the one that
/// reports problems with their paths), the text reader (the build without `fast-text`) and the
/// typed reader (`fast-text`). `None` where a reader declines or refuses the text (the text reader
/// declines the shapes it does not read; the typed one is absent without `fast-text`).
#[derive(Debug)]
pub struct ReadBy<T> {
    pub tree: Option<T>,
    pub text: Option<T>,
    pub typed: Option<T>,
}

impl<T: PartialEq + std::fmt::Debug> ReadBy<T> {
    /// Panics when a reader that read the text read something else than the tree reader.
    pub fn assert_agree(&self, what: &str) {
        if self.text.is_some() {
            assert_eq!(self.text, self.tree, "the text reader reads another {what}");
        }
        if self.typed.is_some() {
            assert_eq!(
                self.typed, self.tree,
                "the typed reader reads another {what}"
            );
        }
    }
}

/// A batch as its readers read it: (rule set, title, synthetic, units); the tree's reading is
/// `None` when any unit is refused.
pub type BatchReading = (Option<String>, Option<String>, bool, Vec<UnitInput>);

/// The text of one unit read by each reader.
pub fn unit_readers(text: &str) -> ReadBy<UnitInput> {
    let text = strip_bom(text);
    let tree = serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|t| match parse_unit(&t, "$") {
            UnitEntry::Ok(u) => Some(u),
            UnitEntry::Bad { .. } => None,
        });
    #[cfg(feature = "fast-text")]
    let typed = crate::de::from_str_objects::<UnitInput>(text).ok();
    #[cfg(not(feature = "fast-text"))]
    let typed = None;
    ReadBy {
        tree,
        text: crate::input::text::unit(text),
        typed,
    }
}

/// The text of a batch read by each reader.
pub fn batch_readers(text: &str) -> ReadBy<BatchReading> {
    let text = strip_bom(text);
    let tree = serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|t| parse_batch(&t).ok())
        .and_then(|b| {
            let units: Option<Vec<UnitInput>> = (b.units.into_iter())
                .map(|u| match u {
                    UnitEntry::Ok(u) => Some(u),
                    UnitEntry::Bad { .. } => None,
                })
                .collect();
            Some((b.ruleset, b.title, b.synthetic, units?))
        });
    #[cfg(feature = "fast-text")]
    let typed = crate::de::from_str_objects::<BatchInput>(text)
        .ok()
        .filter(|b| b.format_version == crate::def::FORMAT_VERSION)
        .map(|b| (b.ruleset, b.title, b.synthetic, b.units));
    #[cfg(not(feature = "fast-text"))]
    let typed = None;
    ReadBy {
        tree,
        text: crate::input::text::batch(text).map(|b| (b.ruleset, b.title, b.synthetic, b.units)),
        typed,
    }
}
