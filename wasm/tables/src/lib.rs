//! # parindex-wasm-tables
//!
//! The second WebAssembly module of the npm package `parindex`, imported as `parindex/tables`:
//! spreadsheets and documents in and out, for a page that offers a download or reads an upload.
//! It converts types and maps errors; everything else is the core's `parindex::table`, as the
//! command line uses it (`parindex template`, `form`, `rubric`, and `score` of a table).
//!
//! * A rule set is given as its JSON text (a string or UTF-8 bytes), as an object, or as anything
//!   with a `toJson()` method that returns that text, such as the main module's `RuleSet`
//!   (`parindex_wasm_common::source`, shared with `parindex/workflow`).
//! * Files come in as `Uint8Array` (or `ArrayBuffer`) and go out as `Uint8Array`.
//! * A form is made from the unit's inputs, scored here by the core exactly as the main module
//!   scores them (`explain`): what the form prints is the engine's, never a score handed over.
//! * Errors are the main module's: the same `Error` objects with `name`, `kind`, `code`, `path`
//!   and `errors`, built by the same source (`parindex_wasm_common::errors`, linked into every
//!   module).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use parindex_wasm_common::{convert, errors, limits, source};

use convert::{read_input, to_js};
use errors::{guard, Fail, Res};
use js_sys::{Reflect, Uint8Array};
use parindex::api::Kind;
use parindex::table::{self, FormOptions, ReadOptions};
use parindex::Issue;
use source::{out, ruleset, RuleSetSource};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
import type { BatchInput, Issue, Limits, RuleSetDef, UnitError } from "./parindex.js";

/** Options of `readWorkbook`. */
export interface ReadOptions {
  /** CSV only: numbers are written with a decimal comma (`99,75`); a dot in a number is then
   * refused (`1.000` could be a thousands separator). Default false. */
  decimalComma?: boolean;
  /** CSV only: the column separator, `","`, `";"` or `"\t"` (default: the one the header row
   * uses most). */
  delimiter?: "," | ";" | "\t";
}

/** What `readWorkbook` read: the batch of the units that read and score (give it to the main
 * module's `rs.score`), and the refusals of the other rows. */
export interface ReadResult {
  batch: BatchInput;
  /** One entry per refused row: `index` is the row's position among the table's units, and each
   * problem's `message` names its cell (`Tiêu chí!E12`, `row 7, column 3.3.3.numerator`), its
   * `path` the JSON path the cell stands for in the table (`$.units[6].items["3.3.3"].numerator`). */
  errors: UnitError[];
}

/** Options of `formWorkbook` and `reportDocument`: what the form says beyond the scores. */
export interface FormOptions {
  /** Language of the form (default: that of `setLang`). */
  lang?: "vi" | "en";
  /** The number of the self-assessment report (form 01) the table goes with, e.g. `45/BC-SNV`. */
  reportNumber?: string;
  /** The place of signing, e.g. `Hòa Bình`. */
  place?: string;
  /** The date of signing, `YYYY-MM-DD` (the module never reads the clock for it). */
  date?: string;
}
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "ReadOptions")]
    pub type ReadOpts;
    #[wasm_bindgen(typescript_type = "FormOptions")]
    pub type FormOpts;
}

#[wasm_bindgen(start)]
fn start() {
    errors::install_panic_hook();
}

/// The bytes of a file argument (`Uint8Array` or `ArrayBuffer`), within the size limit.
fn file_bytes(v: &JsValue, what: &str) -> Res<Vec<u8>> {
    let array = if let Some(a) = v.dyn_ref::<Uint8Array>() {
        a.clone()
    } else if v.is_instance_of::<js_sys::ArrayBuffer>() {
        Uint8Array::new(v)
    } else {
        return Err(bad_type("$", what, v));
    };
    limits::current().check_size(array.length() as usize)?;
    Ok(array.to_vec())
}

fn bad_type(path: &str, expected: &str, found: &JsValue) -> Fail {
    let found = if found.is_null() {
        "null".to_string()
    } else {
        found.js_typeof().as_string().unwrap_or_default()
    };
    Fail::Input(vec![Issue::new(
        "input.invalid_type",
        path,
        &[("found", &found), ("expected", expected)],
    )])
}

/// `opts[key]`: absent (undefined or null), or a value of the type `get` reads.
fn option<T>(
    opts: &JsValue,
    key: &str,
    expected: &str,
    get: impl Fn(&JsValue) -> Option<T>,
) -> Res<Option<T>> {
    if opts.is_undefined() || opts.is_null() {
        return Ok(None);
    }
    let v = Reflect::get(opts, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    let path = parindex::internal::key_path("$", key);
    get(&v)
        .map(Some)
        .ok_or_else(|| bad_type(&path, expected, &v))
}

fn string_option(opts: &JsValue, key: &str) -> Res<Option<String>> {
    option(opts, key, "a string", JsValue::as_string)
}

/// The input workbook (XLSX) of a group (`department_52`: form 02, `department`: 03,
/// `district`: 04, `commune`): one row per criterion with its code, content, maximum, how it is
/// scored and the evidence it needs, and input cells with their checks. Filled in and given to
/// `readWorkbook`, it gives the unit it was filled with. Throws `NotFoundError`
/// (`not_found.group`, its message listing the rule set's groups) for a group the rule set does
/// not have.
#[wasm_bindgen]
pub fn template(
    ruleset: &RuleSetSource,
    group: &str,
    lang: Option<errors::LangName>,
) -> Result<Vec<u8>, JsValue> {
    out((|| {
        guard()?;
        let rs = self::ruleset(ruleset)?;
        let lang = errors::lang_arg(lang)?;
        Ok(table::template(&rs, group, lang)?)
    })())
}

/// Reads an uploaded file: a fact table (XLSX or CSV, one row per unit, `docs/fact-table.md`) or
/// a filled input template (told by its content). Returns the batch of the units that read and
/// score, for the main module's `rs.score`, and the refusals of the other rows, every problem with
/// its code, the cell it comes from and the JSON path it stands for. Throws when the file as a
/// whole cannot be read (not a workbook, an unknown column, another rule set's template).
#[wasm_bindgen(js_name = readWorkbook, unchecked_return_type = "ReadResult")]
pub fn read_workbook(
    ruleset: &RuleSetSource,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue,
    options: Option<ReadOpts>,
) -> Result<JsValue, JsValue> {
    out((|| {
        guard()?;
        let rs = self::ruleset(ruleset)?;
        let bytes = file_bytes(&bytes, "a file's bytes (Uint8Array)")?;
        let opts: JsValue = options.map(Into::into).unwrap_or(JsValue::UNDEFINED);
        let decimal_comma = option(&opts, "decimalComma", "a boolean", JsValue::as_bool)?;
        let delimiter = string_option(&opts, "delimiter")?;
        let read = table::FileOptions {
            decimal_comma: decimal_comma.unwrap_or(false),
            delimiter: delimiter.as_deref(),
            limits: limits::current(),
        };
        let (batch, errors) = table::read_file_batch(&rs, &bytes, &read)?;
        to_js(&serde_json::json!({ "batch": batch, "errors": errors }))
    })())
}

/// The form options of an argument.
fn form_options(options: Option<FormOpts>) -> Res<FormOptions> {
    let opts: JsValue = options.map(Into::into).unwrap_or(JsValue::UNDEFINED);
    Ok(FormOptions {
        lang: match string_option(&opts, "lang")? {
            Some(name) => errors::lang_named(&name)?,
            None => parindex::lang(),
        },
        report_number: string_option(&opts, "reportNumber")?,
        place: string_option(&opts, "place")?,
        date: string_option(&opts, "date")?,
    })
}

/// The self-scoring table (biểu tự chấm điểm, S4) of one unit of a batch as a workbook (XLSX):
/// form 02, 03 or 04, the one of the unit's group (its `form` in the scores). Every criterion with
/// its maximum, self-score, evidence, points after appraisal, points lost and why; totals, header
/// and signature block. The batch is scored here as the main module scores it: throws
/// `NotFoundError` (`not_found.unit`) when it has no such unit, `InputError` when that unit is
/// refused.
#[wasm_bindgen(js_name = formWorkbook)]
pub fn form_workbook(
    ruleset: &RuleSetSource,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | BatchInput")] batch: JsValue,
    #[wasm_bindgen(js_name = unitId)] unit_id: &str,
    options: Option<FormOpts>,
) -> Result<Vec<u8>, JsValue> {
    unit_document(ruleset, &batch, unit_id, options, false)
}

/// The self-assessment report (báo cáo tự đánh giá, form 01) of one unit of a batch as a Word
/// document (DOCX): the unit's figures and tables filled, the narrative headings left for the
/// unit to write. Throws as `formWorkbook` does.
#[wasm_bindgen(js_name = reportDocument)]
pub fn report_document(
    ruleset: &RuleSetSource,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | BatchInput")] batch: JsValue,
    #[wasm_bindgen(js_name = unitId)] unit_id: &str,
    options: Option<FormOpts>,
) -> Result<Vec<u8>, JsValue> {
    unit_document(ruleset, &batch, unit_id, options, true)
}

/// One unit's form (`report`: form 01, else its group's table), the unit scored here by the core.
fn unit_document(
    ruleset: &RuleSetSource,
    batch: &JsValue,
    unit_id: &str,
    options: Option<FormOpts>,
    report: bool,
) -> Result<Vec<u8>, JsValue> {
    out((|| {
        guard()?;
        let rs = self::ruleset(ruleset)?;
        let opts = form_options(options)?;
        let text = read_input(batch, Kind::Batch, "a batch")?.into_text()?;
        let limits = limits::current();
        Ok(table::unit_form(
            &rs, &text, unit_id, report, &opts, &limits,
        )?)
    })())
}

/// A batch written as the fact table (`docs/fact-table.md`): one row per unit, one column per
/// fact, as a workbook (`format` `"xlsx"`, the default: the sheets `units` and `about`) or CSV
/// (`"csv"`: UTF-8, commas, a decimal dot), the file `readWorkbook` reads back as the same units.
/// Without a batch (`null`): the header row alone, every column of the rule set, to fill in.
/// Throws `InputError` for a unit that cannot be read (every problem) or another format
/// (`input.invalid_type` at `$.format`).
#[wasm_bindgen(js_name = factTable)]
pub fn fact_table(
    ruleset: &RuleSetSource,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | BatchInput | null")]
    batch: JsValue,
    #[wasm_bindgen(unchecked_param_type = "\"xlsx\" | \"csv\"")] format: Option<String>,
) -> Result<Vec<u8>, JsValue> {
    out((|| {
        guard()?;
        let rs = self::ruleset(ruleset)?;
        let text = if batch.is_null() || batch.is_undefined() {
            None
        } else {
            Some(read_input(&batch, Kind::Batch, "a batch")?.into_text()?)
        };
        let format = format.as_deref().unwrap_or("xlsx");
        Ok(table::fact_file(
            &rs,
            text.as_deref(),
            format,
            &limits::current(),
        )?)
    })())
}

/// The rule set as a workbook (XLSX) to read and edit in a spreadsheet program: criteria with
/// their rules, groups, components, bands, calendar. `rulesetFromWorkbook` reads it back.
#[wasm_bindgen(js_name = rubricWorkbook)]
pub fn rubric_workbook(ruleset: &RuleSetSource) -> Result<Vec<u8>, JsValue> {
    out((|| {
        guard()?;
        let rs = self::ruleset(ruleset)?;
        Ok(table::rubric(&rs)?)
    })())
}

/// Reads a rule set from its workbook (of `rubricWorkbook`, perhaps edited) and returns its
/// canonical JSON text, for the main module's `RuleSet.fromJson`. Checked as a JSON rule set is:
/// throws `RuleSetError` with every problem, each told with its sheet and cell.
#[wasm_bindgen(js_name = rulesetFromWorkbook)]
pub fn ruleset_from_workbook(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue,
) -> Result<String, JsValue> {
    out((|| {
        guard()?;
        let bytes = file_bytes(&bytes, "a file's bytes (Uint8Array)")?;
        let opts = ReadOptions {
            limits: limits::current(),
            ..Default::default()
        };
        Ok(table::read_rubric(&bytes, &opts)?.to_json())
    })())
}
