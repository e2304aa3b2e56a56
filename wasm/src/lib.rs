//! # parindex-wasm
//!
//! The JavaScript face of the `parindex` engine (npm package `parindex`), built with wasm-bindgen.
//! It converts types and maps errors; every rule lives in the core (`parindex::api`).
//!
//! * Inputs are JSON text (a string, or UTF-8 bytes in a `Uint8Array`) or plain objects. Decimals
//!   are strings (`"0.575"`); a JavaScript `number` that is not a safe integer is refused with its
//!   path (see [`convert`]).
//! * Results are plain objects whose decimals are strings, typed by declarations generated from the
//!   Rust types (`build.rs`).
//! * Errors are JavaScript `Error`s with `kind`, `code`, `path` and `errors` (see [`errors`]).
//! * Inputs are checked against the core's limits (`parindex::Limits`, set with `setLimits`)
//!   before they are parsed.
//! * The assessment workflow (core's `workflow::Dossier`) is the `Dossier` class of the module
//!   `parindex/workflow` (`wasm/workflow`), and spreadsheets and documents are `parindex/tables`
//!   (`wasm/tables`): modules of their own, loaded only by the pages that use them.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod data;
mod form;

use parindex_wasm_common::{convert, errors, limits};

use convert::{read_input, result_json, result_to_js, to_js, Input};
use errors::{guard, issues_array, Fail, Res};
use js_sys::{Object, Reflect};
use parindex::api;
use parindex::api::Kind;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_DATA_TYPES: &str = include_str!(concat!(env!("OUT_DIR"), "/types.d.ts"));

#[wasm_bindgen(typescript_custom_section)]
const TS_API_TYPES: &str = r#"
// ---- Types of the JavaScript API itself ----

/** Every error the package throws: a real `Error` with a stable code and the JSON path it concerns. */
export interface ParindexError extends Error {
  /** `RuleSetError`, `InputError`, `NotFoundError`, `WorkflowError`, `ArithmeticError`, `LimitError` or `InternalError`. */
  name: string;
  /** The error family: `ruleset`, `input`, `not_found`, `workflow`, `arithmetic`, `limits`, `internal`. */
  kind: "ruleset" | "input" | "not_found" | "workflow" | "arithmetic" | "limits" | "internal";
  /** Code of the first problem, e.g. `input.non_integer_number`, `limits.too_many_units`. */
  code: string;
  /** JSON path of the first problem, e.g. `$.units[3].items["1.1"].percentage`. */
  path: string;
  /** Every problem found (at least one). */
  errors: Issue[];
}

/** Input limits checked before an input is parsed (see `setLimits`). */
export interface Limits {
  /** Length of an input's JSON text, in UTF-8 bytes (`limits.input_too_large`). */
  maxInputBytes: number;
  /** Units in one batch (`limits.too_many_units`). */
  maxUnits: number;
  /** Nodes (criteria at any depth) in one rule set (`limits.too_many_nodes`). */
  maxNodes: number;
  /** Length of one string or key as written in JSON, in bytes (`limits.string_too_long`). */
  maxStringBytes: number;
  /** Nesting depth of arrays and objects (`limits.too_deep`). */
  maxDepth: number;
  /** Digits of one number literal (`limits.number_too_long`). */
  maxNumberDigits: number;
  /** Size of a number literal's exponent, `e±N` (`limits.exponent_too_large`). */
  maxExponent: number;
}

/** What a rule set is, as given by `rs.describe()`. */
export interface RulesetInfo {
  id: string;
  /** Vietnamese title. */
  title: string;
  /** e.g. `1440/QĐ-UBND (2018-06-19)` */
  decision: string;
  year: string;
  /** `official` or `provisional` */
  status: string;
  /** Level ids, comma-separated. */
  levels: string;
  sha256: string;
}

/** A batch scored for its ranking only: `score` without the per-unit explanations. */
export type RankResult = Pick<BatchResult, "receipt" | "errors" | "ranking">;

export type SchemaKind = "ruleset" | "input" | "result" | "dossier";

/** Options of `score` and `scoreUnit`. */
export interface ScoreOptions {
  /** Keep every unit's node-by-node explanation (default true). Leave them out for large batches
   * whose caller needs only totals, indices and the ranking, or to rescore a form as it is typed. */
  keepNodes?: boolean;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `{keepNodes?: boolean}` (declared in the TypeScript section above).
    #[wasm_bindgen(typescript_type = "ScoreOptions")]
    pub type ScoreOptions;
}

#[wasm_bindgen(start)]
fn start() {
    errors::install_panic_hook();
    data::set_texts();
}

fn out<T>(r: Res<T>) -> Result<T, JsValue> {
    r.map_err(JsValue::from)
}

/// A validated rule set (a decision's rubric). Load one with `RuleSet.builtin(id)` or
/// `RuleSet.fromJson(text)`, then score batches of units with it.
#[wasm_bindgen]
pub struct RuleSet {
    inner: parindex::RuleSet,
}

#[wasm_bindgen]
impl RuleSet {
    /// A built-in rule set by id (default: `hoabinh-1440-2019`). Throws `NotFoundError`
    /// (`not_found.ruleset`) for an unknown id.
    pub fn builtin(id: Option<String>) -> Result<RuleSet, JsValue> {
        out((|| {
            guard()?;
            let id = id.as_deref().unwrap_or(parindex::builtin::DEFAULT_RULESET);
            // As `parindex::builtin::ruleset(id)`, with the text from the package's data module
            // (not linked into the wasm).
            let text = data::builtin_ruleset(parindex::builtin::index(id)?).ok_or_else(|| {
                Fail::internal("a built-in rule set is missing from parindex_data.js")
            })?;
            Ok(RuleSet {
                inner: parindex::RuleSet::from_json(&text)?,
            })
        })())
    }

    /// Parse and validate a rule set given as JSON text or as an object. Throws `RuleSetError`
    /// listing every problem in `errors`.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | RuleSetDef")] json: JsValue,
    ) -> Result<RuleSet, JsValue> {
        out((|| {
            guard()?;
            let inner = match read_input(&json, Kind::RuleSet, "a rule set")? {
                Input::Text(t) => parindex::RuleSet::from_json_within(&t, &limits::current())?,
                Input::Value(v) => parindex::RuleSet::from_value(&v)?,
            };
            Ok(RuleSet { inner })
        })())
    }

    /// The rule set's id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_string()
    }

    /// The Vietnamese title.
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.inner.def().title.vi.clone()
    }

    /// SHA-256 of the rule set's canonical JSON (recorded in every receipt).
    #[wasm_bindgen(getter)]
    pub fn sha256(&self) -> String {
        self.inner.sha256().to_string()
    }

    /// True when the rubric is a reconstruction, not the official text; every result says so.
    #[wasm_bindgen(getter)]
    pub fn provisional(&self) -> bool {
        self.inner.is_provisional()
    }

    /// The provisional notice (Vietnamese), when the rule set is provisional.
    #[wasm_bindgen(getter)]
    pub fn notice(&self) -> Option<String> {
        self.inner.notice()
    }

    /// What validation warns of in this valid rule set (a calendar date outside its year, a form
    /// declared with two maxima, a unit listed in two groups); `[]` when nothing. Every unit
    /// scored with it carries them among its warnings too.
    #[wasm_bindgen(getter, unchecked_return_type = "Issue[]")]
    pub fn warnings(&self) -> JsValue {
        issues_array(self.inner.warnings())
    }

    /// What the rule set is: id, title, decision, year, status, levels, sha256.
    #[wasm_bindgen(unchecked_return_type = "RulesetInfo")]
    pub fn describe(&self) -> Result<JsValue, JsValue> {
        out(guard().and_then(|()| to_js(&parindex::internal::describe(&self.inner))))
    }

    /// The canonical JSON text of the rule set (decimals as strings).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The rule set as a plain object: levels, groups, the criteria tree with labels and rules
    /// (what a self-scoring form is built from).
    #[wasm_bindgen(unchecked_return_type = "RuleSetDef")]
    pub fn definition(&self) -> Result<JsValue, JsValue> {
        out(guard().and_then(|()| to_js(self.inner.def())))
    }

    /// Score a batch (`{format_version: 1, units: [...]}`, as JSON text or an object): every unit
    /// with its explanation, the units that could not be scored in `errors`, the ranking per block
    /// and a receipt. `{keepNodes: false}` leaves out the node-by-node explanations (they are still
    /// computed): much less memory for large batches.
    #[wasm_bindgen(unchecked_return_type = "BatchResult")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | BatchInput")] batch: JsValue,
        options: Option<ScoreOptions>,
    ) -> Result<JsValue, JsValue> {
        out((|| {
            result_to_js(&self.batch_result(&batch, keep_nodes(&options))?)
        })())
    }

    /// Score a batch as `score` does and return the result as JSON text, without building it as
    /// objects first: for a back end that stores or sends the result (several times faster than
    /// `JSON.stringify(rs.score(batch))` for a province with its explanations). Characters outside
    /// ASCII are written as `\uXXXX` escapes; `JSON.parse` gives exactly what `score` returns.
    #[wasm_bindgen(js_name = scoreJson)]
    pub fn score_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | BatchInput")] batch: JsValue,
        options: Option<ScoreOptions>,
    ) -> Result<String, JsValue> {
        out(self
            .batch_result(&batch, keep_nodes(&options))
            .and_then(|r| result_json(&r)))
    }

    /// Score a batch and return only its receipt, errors and ranking: what a published table
    /// needs, small even for a large batch.
    #[wasm_bindgen(unchecked_return_type = "RankResult")]
    pub fn rank(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | BatchInput")] batch: JsValue,
    ) -> Result<JsValue, JsValue> {
        out(self
            .batch_result(&batch, false)
            .and_then(|r| result_to_js(&parindex::RankResult::from(r))))
    }

    /// Score one unit (JSON text or an object) on its own. Rules normalised to the best unit of a
    /// block (C5) compare the unit with itself only: score a batch for those. `{keepNodes: false}`
    /// leaves out the node-by-node explanation: a form rescoring as an officer types gets the
    /// totals, fields and index several times faster.
    #[wasm_bindgen(js_name = scoreUnit, unchecked_return_type = "UnitScore")]
    pub fn score_unit(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | UnitInput")] unit: JsValue,
        options: Option<ScoreOptions>,
    ) -> Result<JsValue, JsValue> {
        out((|| {
            guard()?;
            let text = read_input(&unit, Kind::Unit, "a unit")?.into_text()?;
            let opts = parindex::BatchOptions {
                keep_nodes: keep_nodes(&options),
                limits: limits::current(),
            };
            result_to_js(&api::score_one_with(&self.inner, &text, opts)?)
        })())
    }

    /// Score a batch and return one unit's explanation, node by node. Throws `NotFoundError`
    /// (`not_found.unit`) when the batch has no such unit, `InputError` when that unit is invalid.
    #[wasm_bindgen(unchecked_return_type = "UnitScore")]
    pub fn explain(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | BatchInput")] batch: JsValue,
        #[wasm_bindgen(js_name = unitId)] unit_id: &str,
    ) -> Result<JsValue, JsValue> {
        out((|| {
            guard()?;
            let text = read_input(&batch, Kind::Batch, "a batch")?.into_text()?;
            result_to_js(&api::explain_within(
                &self.inner,
                &text,
                unit_id,
                &limits::current(),
            )?)
        })())
    }

    /// Score a batch and return, for each node of one unit, how its points were computed, in
    /// words: `{"1.1": "Mất điểm ở tiêu chí thành phần 1.1.2", "1.1.1": "Đạt yêu cầu", …}`, the
    /// engine's text (as `parindex explain` and Python's `node.text()` write it) in `lang` (`"vi"`
    /// or `"en"`; by default the language of the messages), the options, outcomes and deductions
    /// it names by their labels in the rule set. Throws as `explain` does.
    #[wasm_bindgen(js_name = explanationTexts, unchecked_return_type = "Record<string, string>")]
    pub fn explanation_texts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | BatchInput")] batch: JsValue,
        #[wasm_bindgen(js_name = unitId)] unit_id: &str,
        lang: Option<errors::LangName>,
    ) -> Result<JsValue, JsValue> {
        out((|| {
            guard()?;
            let lang = errors::lang_arg(lang)?;
            let text = read_input(&batch, Kind::Batch, "a batch")?.into_text()?;
            let unit = api::explain_within(&self.inner, &text, unit_id, &limits::current())?;
            let texts: JsValue = Object::new().into();
            for node in &unit.nodes {
                let _ = Reflect::set(
                    &texts,
                    &JsValue::from_str(&node.code),
                    &JsValue::from_str(&self.inner.node_text(&unit.level, &node, lang)),
                );
            }
            Ok(texts)
        })())
    }
}

/// Where a criterion comes from (a node's `provenance`), as an officer reads it, by the value in
/// the JSON: `{"reconstructed": "dựng lại (chờ phụ lục)", "seed": "văn bản hướng dẫn", …}`, in
/// `lang` (`"vi"` or `"en"`; by default the language of the messages), as `parindex explain`
/// shows it.
#[wasm_bindgen(js_name = provenanceLabels, unchecked_return_type = "Record<string, string>")]
pub fn provenance_labels(lang: Option<errors::LangName>) -> Result<JsValue, JsValue> {
    out((|| {
        guard()?;
        let lang = errors::lang_arg(lang)?;
        let labels: JsValue = Object::new().into();
        for p in parindex::result::Provenance::ALL {
            let _ = Reflect::set(
                &labels,
                &JsValue::from_str(p.id()),
                &JsValue::from_str(p.label(lang)),
            );
        }
        Ok(labels)
    })())
}

/// `options.keepNodes`, true when absent.
fn keep_nodes(options: &Option<ScoreOptions>) -> bool {
    options
        .as_ref()
        .and_then(|o| Reflect::get(o.as_ref(), &JsValue::from_str("keepNodes")).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(true)
}

impl RuleSet {
    /// An object input is scored as its JSON text (keys sorted), so `receipt.inputs_sha256` is the
    /// SHA-256 of that text, as for text input.
    fn batch_result(&self, batch: &JsValue, keep_nodes: bool) -> Res<parindex::BatchResult> {
        guard()?;
        let text = read_input(batch, Kind::Batch, "a batch")?.into_text()?;
        let opts = parindex::BatchOptions {
            keep_nodes,
            limits: limits::current(),
        };
        Ok(self.inner.score_json_with(&text, opts)?)
    }
}

/// Ids of the built-in rule sets (`rs.describe()` tells what each is).
#[wasm_bindgen(js_name = builtinRulesets)]
pub fn builtin_rulesets() -> Vec<String> {
    parindex::builtin::ids()
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Validate a rule set (JSON text or an object): every problem found, `[]` when it is valid.
/// Throws only when the input cannot be read at all (a limit, a non-integer number).
#[wasm_bindgen(unchecked_return_type = "Issue[]")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | RuleSetDef")] json: JsValue,
) -> Result<JsValue, JsValue> {
    out((|| {
        guard()?;
        let text = read_input(&json, Kind::RuleSet, "a rule set")?.into_text()?;
        Ok(issues_array(&api::validate_ruleset_within(
            &text,
            &limits::current(),
        )?))
    })())
}

/// The bundled example province (synthetic facts for Hòa Bình's 2019 units): a batch for the
/// default rule set, as a plain object (its decimals are strings).
#[wasm_bindgen(js_name = exampleProvince, unchecked_return_type = "BatchInput")]
pub fn example_province() -> Result<JsValue, JsValue> {
    out(guard().and_then(|()| convert::parse_js_string(&data::example_province())))
}

/// The bundled example province as its JSON text (exactly the bundled file).
#[wasm_bindgen(js_name = exampleProvinceJson)]
pub fn example_province_json() -> js_sys::JsString {
    data::example_province()
}

/// The id of the default built-in rule set.
#[wasm_bindgen(js_name = defaultRuleset)]
pub fn default_ruleset() -> String {
    parindex::builtin::DEFAULT_RULESET.to_string()
}

/// The engine's name and version, as recorded in receipts (`parindex 0.1.0`).
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    parindex::ENGINE.to_string()
}

/// The JSON Schema of a format, generated from the Rust types: `ruleset`, `input` or `result`.
#[wasm_bindgen(unchecked_return_type = "object")]
pub fn schema(
    #[wasm_bindgen(unchecked_param_type = "SchemaKind")] kind: &str,
) -> Result<JsValue, JsValue> {
    out((|| {
        guard()?;
        // Generated by build.rs from the same `parindex::api::schema` functions the CLI prints.
        let Some(text) = data::schema(kind) else {
            return Err(Fail::Core(parindex::Error::NotFound(parindex::Issue::new(
                "not_found.schema",
                "$",
                &[("kind", kind)],
            ))));
        };
        convert::parse_js_string(&text)
    })())
}

/// Test hook: panics, to prove a panic reaches JavaScript as a readable `InternalError`.
/// Compiled only with the `test-panic` feature (never in the published package).
#[cfg(feature = "test-panic")]
#[wasm_bindgen(js_name = __testPanic)]
pub fn test_panic() -> Result<(), JsValue> {
    out(guard())?;
    std::panic::panic_any("deliberate panic from __testPanic".to_string())
}
