// A consumer of `parindex/tables`, type-checked by `tsc --noEmit -p wasm/js-tests` against the
// shipped declarations (wasm/pkg/parindex_tables.d.ts). Never run: it proves the types say what
// the module does.
import { RuleSet, exampleProvince, type BatchInput, type BatchResult, type Limits, type UnitError } from "parindex";
import initTables, {
  template,
  readWorkbook,
  formWorkbook,
  reportDocument,
  rubricWorkbook,
  rulesetFromWorkbook,
  setLang,
  getLang,
  setLimits,
  getLimits,
  type ReadResult,
  type FormOptions,
  type ReadOptions,
  type RuleSetSource,
} from "parindex/tables";

export async function download(upload: Uint8Array, buffer: ArrayBuffer): Promise<void> {
  await initTables();
  const rs = RuleSet.builtin();
  // The main module's RuleSet, its JSON text or its object: each is a rule set.
  const sources: RuleSetSource[] = [rs, rs.toJson(), rs.definition()];
  const blank: Uint8Array = template(sources[0], "department");
  const english: Uint8Array = template(rs, "district", "en");
  const options: ReadOptions = { decimalComma: true, delimiter: ";" };
  const read: ReadResult = readWorkbook(rs, upload, options);
  const batch: BatchInput = read.batch;
  const refused: UnitError[] = read.errors;
  const result: BatchResult = rs.score(batch);
  const first: number = refused[0].index;
  const fromBuffer: ReadResult = readWorkbook(rs.toJson(), buffer);
  const form: FormOptions = { lang: "vi", place: "Hòa Bình", date: "2019-11-15", reportNumber: "45/BC-SNV" };
  const xlsx: Uint8Array = formWorkbook(rs, exampleProvince(), "so_noi_vu", form);
  const docx: Uint8Array = reportDocument(rs, batch, result.units[0].id);
  const rubric: Uint8Array = rubricWorkbook(rs);
  const back: RuleSet = RuleSet.fromJson(rulesetFromWorkbook(rubric));
  setLang(getLang() === "vi" ? "en" : "vi");
  const limits: Limits = setLimits({ maxInputBytes: 2 * getLimits().maxInputBytes });
  setLimits(null);
  void [limits, blank, english, first, fromBuffer, xlsx, docx, back];
}

// @ts-expect-error: the language is "vi" or "en"
template(RuleSet.builtin(), "department", "fr");
// @ts-expect-error: a form is made from a batch and a unit id, not from a score
formWorkbook(RuleSet.builtin(), RuleSet.builtin().score(exampleProvince()).units[0]);
