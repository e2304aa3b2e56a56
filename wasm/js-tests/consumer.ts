// A consumer of the package, type-checked by `tsc --noEmit -p wasm/js-tests` against the shipped
// declarations (wasm/pkg/parindex.d.ts). Never run: it proves the types say what the package does.
import init, {
  RuleSet,
  UnitForm,
  builtinRulesets,
  provenanceLabels,
  exampleProvince,
  exampleProvinceJson,
  getLimits,
  setLimits,
  validate,
  schema,
  type BatchInput,
  type BatchResult,
  type UnitInput,
  type ItemInput,
  type UnitScore,
  type NodeScore,
  type Branch,
  type RankResult,
  type RuleSetDef,
  type Rule,
  type Issue,
  type Limits,
  type ParindexError,
  type Decimal,
  type Cap,
  type Actor,
  type Phase,
  type DossierEvent,
  type DossierState,
  type DistrictCalendar,
} from "parindex";
import initWorkflow, { Dossier } from "parindex/workflow";

export async function main(): Promise<string> {
  await init();
  await initWorkflow();
  const ids: string[] = builtinRulesets();
  const rs: RuleSet = RuleSet.builtin(ids[0]);
  const def: RuleSetDef = rs.definition();
  const firstRule: Rule | null | undefined = def.levels[0].nodes[0].children?.[0]?.rule;
  if (firstRule && firstRule.kind === "choice") {
    const pts: Decimal = firstRule.options[0].points; // narrowed by the `kind` tag
    void pts;
  }

  const item: ItemInput = { percentage: "57.5", evidence: ["plan.pdf"] };
  const unit: UnitInput = { id: "u1", name: "Sở Nội vụ", group: "department", items: { "1.1.2": item } };
  const batch: BatchInput = { format_version: 1, units: [unit] };

  const result: BatchResult = rs.score(batch);
  const slim: BatchResult = rs.score(exampleProvinceJson(), { keepNodes: false });
  const stored: string = rs.scoreJson(batch, { keepNodes: false });
  void stored;
  const ranked: RankResult = rs.rank(exampleProvince());
  const one: UnitScore = rs.scoreUnit(unit);
  // A form: the unit stays in the engine; each change returns the new totals.
  const form: UnitForm = rs.form(unit);
  const live: UnitScore = form.set("1.1.2", { percentage: "60" });
  const why: NodeScore = form.explain("1.1.2");
  const now: UnitInput = form.unit();
  // @ts-expect-error: an item's percentage is a decimal string, not a number
  form.set("1.1.2", { percentage: 60 });
  void [live, why, now, form.clear("1.1.2"), form.score({ keepNodes: false })];
  form.free();
  const explained: UnitScore = rs.explain(batch, "u1");
  const node: NodeScore = explained.nodes[0];
  const how: Record<string, string> = rs.explanationTexts(batch, "u1", "en");
  // The language is optional: the messages' by default.
  const howVi: Record<string, string> = rs.explanationTexts(batch, "u1");
  const where: Record<string, string> = provenanceLabels("vi");
  void where;
  void howVi;
  // @ts-expect-error: the languages are "vi" and "en"
  rs.explanationTexts(batch, "u1", "fr");
  void how;
  const branch: Branch | null | undefined = node.branch;
  if (branch?.rule === "band") {
    const lower: Decimal = branch.min; // the band's bounds, as decimal strings
    void lower;
  }

  // Result types describe what the engine writes: a field it leaves out when empty is optional.
  const caps: Cap[] = node.caps ?? [];
  // @ts-expect-error: `caps` is absent when no cap applied
  const capsAlways: Cap[] = node.caps;
  void caps;
  void capsAlways;

  // Decimals are strings, never numbers.
  const index: string = one.index;
  // @ts-expect-error: an index is a decimal string, not a number
  const wrong: number = one.index;
  // @ts-expect-error: a percentage must be given as a string in an object
  const badItem: ItemInput = { percentage: 57.5 };
  void wrong;
  void badItem;

  const issues: Issue[] = validate(rs.toJson());
  const limits: Limits = setLimits({ maxUnits: 1000 });
  setLimits(null);
  const s: object = schema("input");
  // @ts-expect-error: only ruleset, input and result schemas exist
  schema("nope");

  try {
    RuleSet.fromJson("{");
  } catch (e) {
    const err = e as ParindexError;
    const codes: string[] = err.errors.map((i) => `${i.code} at ${i.path}: ${i.message}`);
    void codes;
  }
  // The workflow: actors in the engine's serde form, times as strings, decimals as strings.
  const officer: Actor = { role: "unit_officer", unit: "so_xay_dung" };
  // @ts-expect-error: an actor is tagged by `role`
  const badActor: Actor = { kind: "unit_officer", unit: "so_xay_dung" };
  void badActor;
  const d: Dossier = Dossier.open(rs, "so_xay_dung", "Sở Xây dựng", "department");
  const events: DossierEvent[] = d.selfScore(officer, "2019-11-10T09:00:00", "2.1.2", "1", ["a.pdf"]);
  d.submit(officer, "2019-11-12T16:00:00");
  d.appraise({ role: "council_member", member: "so_tu_phap" }, "2019-11-19T08:00:00", "2.1.2", "0.5");
  const phase: Phase = d.phaseAt("2019-11-27T00:00:00");
  const state: DossierState = d.state;
  const again: Dossier = Dossier.fromJson(rs, d.toJson());
  const dossierScore: UnitScore = again.score(rs);
  const dossierUnit: UnitInput = d.unitInput();
  void [events, phase, state, dossierScore, dossierUnit, d.log.length, d.advance("2019-11-28T00:00:00")];
  // The council's reviewed decision (S8), components (S2, S9), a commune's district calendar (S10).
  const secretariat: Actor = { role: "secretariat" };
  const reviewed: DossierEvent[] = d.review(secretariat, "2019-12-16T09:00:00", "2.1.2", "1", "chấp nhận", 0);
  d.enterComponent(secretariat, "2019-12-16T10:00:00", "it", { points: "4" });
  d.enterComponent(secretariat, "2019-12-16T10:05:00", "survey", { percentage: "81.37" }, "phiếu khảo sát");
  const calendar: DistrictCalendar = {
    periods: [
      { id: "self_assessment", start: "2019-11-01", end: "2019-11-22" },
      { id: "appraisal", start: "2019-11-25", end: "2019-12-04" },
      { id: "explanation", start: "2019-12-06", end: "2019-12-13" },
      { id: "announcement", start: "2019-12-26", end: "2019-12-26" },
    ],
  };
  const commune: Dossier = Dossier.open(rs, "xa_phong_phu", "Xã Phong Phú", "commune", "tan_lac", calendar);
  const itsCalendar: DistrictCalendar | undefined = commune.calendar;
  void [reviewed, itsCalendar, d.schedule, reviewed[0].basis.rules];
  commune.free();
  d.free();
  again.free();
  rs.free();
  return [index, result.receipt.ruleset_sha256, slim.units.length, ranked.ranking.length, issues.length, limits.maxUnits, getLimits().maxDepth, s].join(" ");
}
