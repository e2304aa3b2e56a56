// The assessment workflow (`Dossier`), shared like suite.mjs: `workflowSuite(api)` uses no
// Node-only API and is run by browser.html in headless Chromium (through browser.test.mjs); run by
// `node --test`, this file runs it in Node against wasm/pkg/node.js.
import { eq, ok, throws } from "./suite.mjs";

const UNIT = { role: "unit_officer", unit: "so_xay_dung" };
const JUSTICE = { role: "council_member", member: "so_tu_phap" };
const FINANCE = { role: "council_member", member: "so_tai_chinh" };
const CHAIRMAN = { role: "chairman" };

function node(score, code) {
  const n = score.nodes.find((x) => x.code === code);
  ok(n, `the score explains ${code}`);
  return n;
}

/** One department's 2019 walk; returns the dossier and the rule set. */
function walk(api) {
  const rs = api.RuleSet.builtin();
  const d = api.Dossier.open(rs, "so_xay_dung", "Sở Xây dựng", "department");
  eq(d.phase, "draft", "phase after open");
  eq(d.header.unit, "so_xay_dung", "header.unit");
  // S3: self-scoring with evidence, then one submission.
  const ev = d.selfScore(UNIT, "2019-11-10T09:00:00", "2.1.2", "1", ["lay-y-kien.pdf"]);
  eq(ev.length, 1, "one event");
  eq(ev[0].act.kind, "self_score", "act kind");
  eq(ev[0].act.points, "1", "points stay a decimal string");
  eq(JSON.stringify(ev[0].actor), JSON.stringify(UNIT), "the actor is recorded in its own form");
  d.submit(UNIT, "2019-11-12T16:00:00");
  eq(d.phase, "submitted", "phase after submit");
  throws(() => d.submit(UNIT, "2019-11-12T17:00:00"), { name: "WorkflowError", kind: "workflow", code: "workflow.already_submitted" }, "second submit");
  // S7: the Department of Finance may not appraise legal documents (field 2)…
  const e = throws(
    () => d.appraise(FINANCE, "2019-11-19T08:00:00", "2.1.2", "0"),
    { kind: "workflow", code: "workflow.outside_remit" },
    "appraisal outside the remit",
  );
  ok(e.path.startsWith("$"), `path of the refusal: ${e.path}`);
  eq(d.log.length, 2, "a refused act changes nothing (not even the transitions)");
  // …the Department of Justice does.
  const ap = d.appraise(JUSTICE, "2019-11-19T08:00:00", "2.1.2", "0.5", "thiếu 1 văn bản");
  eq(ap.length, 2, "the appraisal-start transition, then the appraisal");
  eq(ap[0].act.kind, "transition", "transition recorded first");
  eq(ap[0].act.to, "under_appraisal", "transition target");
  eq(ap[1].act.points, "0.5", "appraised points");
  eq(d.phase, "under_appraisal", "phase after appraisal");
  // S6: locked at the end of 26/11; S8: explanation window from 27/11.
  eq(d.phaseAt("2019-11-27T00:00:00"), "explanation", "phaseAt after the lock");
  throws(
    () => d.appraise(JUSTICE, "2019-11-27T00:00:00", "2.1.1", "0.5"),
    { kind: "workflow", code: "workflow.locked" },
    "appraisal after the lock",
  );
  d.explain(UNIT, "2019-11-29T09:00:00", "2.1.2", "Đã ban hành đủ văn bản", ["qd-02.pdf"]);
  eq(d.phase, "explanation", "phase after explaining");
  d.reappraise(JUSTICE, "2019-12-10T09:00:00", "2.1.2", "0.75", "chấp nhận giải trình");
  eq(d.phase, "reappraisal", "phase after re-appraisal");
  d.announce(CHAIRMAN, "2019-12-18T10:00:00");
  eq(d.phase, "announced", "phase after announcement");
  eq(d.state.phase, "announced", "state.phase");
  const log = d.log;
  ok(Array.isArray(log), "log is an array");
  log.forEach((x, i) => eq(x.seq, i + 1, "log seq"));
  eq(log.at(-1).act.kind, "announce", "last act");
  return { rs, d };
}

export function workflowSuite(api) {
  return [
    {
      name: "workflow: a department's 2019 walk, refusals with core's codes",
      fn() {
        const { rs, d } = walk(api);
        const score = d.score(rs);
        eq(node(score, "2.1.2").points, "0.75", "the re-appraised points count");
        eq(JSON.stringify(score), JSON.stringify(rs.scoreUnit(d.unitInput())), "score(rs) is rs.scoreUnit(unitInput())");
        ok(d.unitInput().items["2.1.2"], "unitInput has the leaf");
      },
    },
    {
      name: "workflow: toJson / fromJson replays the log to the same score",
      fn() {
        const { rs, d } = walk(api);
        const text = d.toJson();
        const again = api.Dossier.fromJson(rs, text);
        eq(again.toJson(), text, "same record");
        eq(again.phase, d.phase, "same phase");
        eq(JSON.stringify(again.score(rs)), JSON.stringify(d.score(rs)), "same score");
        const record = JSON.parse(text);
        record.state.phase = "draft";
        throws(() => api.Dossier.fromJson(rs, JSON.stringify(record)), { kind: "workflow", code: "workflow.state_mismatch" }, "altered state");
        throws(() => api.Dossier.fromJson(rs, "{}"), { kind: "workflow", code: "workflow.bad_record" }, "not a dossier");
      },
    },
    {
      name: "workflow: times, points and actors are checked at the boundary",
      fn() {
        const rs = api.RuleSet.builtin();
        const d = api.Dossier.open(rs, "so_xay_dung", "Sở Xây dựng", "department");
        throws(() => d.submit(UNIT, "19/11/2019"), { kind: "workflow", code: "workflow.bad_time" }, "bad time");
        const bad = throws(() => d.selfScore(UNIT, "2019-11-10T09:00:00", "2.1.2", 0.5, ["a.pdf"]), { kind: "input", code: "input.non_integer_number" }, "a non-integer number");
        eq(bad.path, "$.act.points", "the points are named");
        ok(bad.message.includes('("0.5")'), "the message shows the number as a string");
        throws(() => d.selfScore(UNIT, "2019-11-10T09:00:00", "2.1.2", NaN, ["a.pdf"]), { code: "input.not_a_number", path: "$.act.points" }, "NaN");
        throws(() => d.selfScore(UNIT, "2019-11-10T09:00:00", "2.1.2", 2 ** 53, ["a.pdf"]), { code: "input.unsafe_integer" }, "beyond 2^53 − 1");
        throws(() => d.selfScore(UNIT, "2019-11-10T09:00:00", "2.1.2", undefined, ["a.pdf"]), { code: "input.invalid_type" }, "no points");
        d.selfScore(UNIT, "2019-11-10T09:00:00", "2.1.2", 1n, ["a.pdf"]);
        eq(d.state.items["2.1.2"].self, "1", "a BigInt is exact points");
        throws(() => d.submit({ kind: "unit_officer", unit: "so_xay_dung" }, "2019-11-10T09:00:00"), { kind: "input", code: "input.invalid_actor" }, "an actor without role");
        throws(() => d.submit({ role: "unit_officer", unit: "so_noi_vu" }, "2019-11-10T09:00:00"), { kind: "workflow", code: "workflow.other_unit" }, "another unit");
        d.apply(UNIT, "2019-11-10T09:00:00", { kind: "self_score", code: "2.1.2", points: 1, evidence: ["a.pdf"] });
        eq(d.state.items["2.1.2"].self, "1", "an integer number is accepted");
        ok(d.advance("2019-11-18T00:00:00").every((e) => e.act.kind === "transition"), "advance records transitions only");
        eq(d.phase, "under_appraisal", "appraised as it stands (S5)");
        eq(d.toObject().log.length, d.log.length, "toObject");
      },
    },
  ];
}

if (typeof process !== "undefined" && process.versions?.node) {
  const { test } = await import("node:test");
  const { pathToFileURL } = await import("node:url");
  const { join } = await import("node:path");
  const { pkgDir } = await import("./fixtures.mjs");
  const api = await import(pathToFileURL(join(pkgDir(), "node.js")).href);
  for (const t of workflowSuite(api)) test(`node: ${t.name}`, t.fn);
}
