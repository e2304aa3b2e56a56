// Exact decimals and checked arithmetic through the npm package (issue 21, defects 1, 3 and 4): a
// value that cannot be held exactly, or a computation beyond the decimal range, is an Error with a
// code and a path — never a rounded value, a wrapped count, or an `internal.panic` that leaves the
// module refusing every later call.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, pkgDir } from "./fixtures.mjs";

const api = await import(pathToFileURL(join(pkgDir(), "node.js")).href);
const { RuleSet } = api;
const { Dossier } = await import(pathToFileURL(join(pkgDir(), "workflow-node.js")).href);

const MAX = "79228162514264337593543950335"; // the largest decimal, 2^96 − 1
const CASES = join(ROOT, "fixtures", "conformance");
const caseRuleset = (name) => JSON.parse(readFileSync(join(CASES, name, "ruleset.json"), "utf8"));

/** The error `fn` throws. */
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error, `not an Error: ${e}`);
    return e;
  }
  assert.fail("no error was thrown");
}

test("defect 1: maxima past the decimal range are a RuleSetError, and the module goes on working", () => {
  const def = caseRuleset("arithmetic-overflow-unit-facts");
  const field = def.levels[0].nodes[0];
  field.max_points = MAX;
  for (const c of field.children) c.max_points = MAX;
  def.groups[0].max_points = MAX;
  const e = thrown(() => RuleSet.fromJson(def));
  assert.equal(e.name, "RuleSetError");
  assert.equal(e.code, "ruleset.points_too_large");
  assert.equal(e.path, "$.groups[0].max_points");
  const pairs = e.errors.map((i) => `${i.code} ${i.path}`);
  assert.ok(pairs.includes("arithmetic.overflow $.levels[0].nodes[0].max_points"), pairs.join("\n"));
  assert.ok(pairs.includes("arithmetic.overflow $.groups[0].max_points"), pairs.join("\n"));
  const issues = api.validate(def);
  assert.equal(issues.length, e.errors.length);
  // Not a panic: the module is not poisoned.
  assert.equal(RuleSet.builtin().id, "hoabinh-1440-2019");
  assert.equal(RuleSet.fromJson(caseRuleset("arithmetic-overflow-unit-facts")).id, "case-arithmetic-overflow-unit");
});

test("defect 3: C7 outcome counts that wrap 64 bits are refused, as text and with BigInts", () => {
  const rs = RuleSet.fromJson(caseRuleset("arithmetic-overflow-unit-facts"));
  const text = '{"id": "u", "name": "u", "group": "g", "items": {"1.2": {"denominator": 1, "outcomes": {"da_xu_ly": 18446744073709551615, "dang_xu_ly": 2}}}}';
  const object = { id: "u", name: "u", group: "g", items: { "1.2": { denominator: 1, outcomes: { da_xu_ly: 2n ** 64n - 1n, dang_xu_ly: 2 } } } };
  for (const unit of [text, object]) {
    const e = thrown(() => rs.scoreUnit(unit));
    assert.equal(e.code, "input.numerator_above_denominator");
    assert.equal(e.path, '$.items["1.2"].outcomes');
    assert.match(e.message, /18446744073709551617/);
  }
});

test("an overflowing fact is an ArithmeticError with its path; in a batch only its unit is refused", () => {
  const rs = RuleSet.fromJson(caseRuleset("arithmetic-overflow-unit-facts"));
  const bad = { id: "bad", name: "bad", group: "g", items: { "1.1": { points: "4" } }, bonus: [{ points: MAX, reason: "a" }, { points: MAX, reason: "b" }] };
  const e = thrown(() => rs.scoreUnit(bad));
  assert.equal(e.name, "ArithmeticError");
  assert.equal(e.kind, "arithmetic");
  assert.equal(e.code, "arithmetic.overflow");
  assert.equal(e.path, "$.bonus[1].points");
  const ok = { id: "ok", name: "ok", group: "g", items: { "1.1": { points: "3.5" } } };
  const res = rs.score({ format_version: 1, units: [bad, ok] });
  assert.deepEqual(res.units.map((u) => u.id), ["ok"]);
  assert.equal(res.units[0].rubric_points, "3.50");
  assert.equal(res.errors[0].errors[0].code, "arithmetic.overflow");
  assert.equal(res.errors[0].errors[0].path, "$.units[0].bonus[1].points");
});

test("defect 4: a decimal of 29 places is refused, never read as 0", () => {
  const def = caseRuleset("error-decimal-too-precise");
  def.levels[0].nodes[0].children[0].max_points = "0.00000000000000000000000000001";
  const e = thrown(() => RuleSet.fromJson(def));
  assert.equal(e.code, "ruleset.decimal_too_precise");
  assert.equal(e.path, "$.levels[0].nodes[0].children[0].max_points");
  assert.match(e.errors[0].message, /có 29 chữ số sau dấu thập phân; hệ thống lưu chính xác được tối đa 28 chữ số/);
});

test("input decimals are read exactly or refused with their path, in the user's terms", () => {
  const rs = RuleSet.fromJson(caseRuleset("arithmetic-overflow-unit-facts"));
  const cases = [
    ['"7.00000000000000000000000000001"', "input.decimal_too_precise", /29 chữ số sau dấu thập phân/],
    ['"99,75"', "input.decimal_comma", /"99\.75"/],
    ["1e30", "input.decimal_out_of_range", /khoảng 7,9 × 10\^28/],
    ['"bảy"', "input.not_a_decimal", /"bảy"/],
  ];
  for (const [value, code, says] of cases) {
    const e = thrown(() => rs.scoreUnit(`{"id": "u", "name": "u", "group": "g", "items": {"1.1": {"points": ${value}}}}`));
    assert.equal(e.code, code, value);
    assert.equal(e.path, '$.items["1.1"].points');
    assert.match(e.errors[0].message, says);
    assert.doesNotMatch(e.errors[0].message, /Decimal|fixed-point/);
  }
  // Strings in an object too.
  const e = thrown(() => rs.scoreUnit({ id: "u", name: "u", group: "g", items: { "1.1": { points: "99,75" } } }));
  assert.equal(e.code, "input.decimal_comma");
});

test("a workflow act with an inexact decimal is refused and changes nothing", () => {
  const rs = RuleSet.builtin();
  const d = Dossier.open(rs, "so_xay_dung", "Sở Xây dựng", "department");
  const before = d.toJson();
  const unit = { role: "unit_officer", unit: "so_xay_dung" };
  const e = thrown(() => d.selfScore(unit, "2019-11-10T09:00:00", "2.1.2", "0.99999999999999999999999999999", ["a.pdf"]));
  assert.equal(e.code, "input.decimal_too_precise");
  assert.equal(e.path, "$.act.points");
  assert.equal(d.toJson(), before);
});

test("the same overflow in Vietnamese (the default) and in English (setLang)", () => {
  const rs = RuleSet.fromJson(caseRuleset("arithmetic-overflow-unit-facts"));
  const bad = { id: "bad", name: "bad", group: "g", items: { "1.1": { points: "4" } }, bonus: [{ points: MAX, reason: "a" }, { points: MAX, reason: "b" }] };
  assert.equal(api.getLang(), "vi");
  const vi = thrown(() => rs.scoreUnit(bad));
  api.setLang("en");
  let en;
  try {
    en = thrown(() => rs.scoreUnit(bad));
  } finally {
    api.setLang("vi");
  }
  assert.match(vi.errors[0].message, /^tổng điểm thưởng vượt quá giá trị lớn nhất/);
  assert.match(en.errors[0].message, /^the sum of the bonus entries is larger/);
  assert.deepEqual([vi.code, vi.path], [en.code, en.path]);
  assert.equal(thrown(() => api.setLang("fr")).code, "input.unknown_lang");
});
