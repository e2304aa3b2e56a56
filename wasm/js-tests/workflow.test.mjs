// The assessment workflow (`Dossier` of `parindex/workflow`), shared like suite.mjs:
// `workflowSuite(api, wf)` (the main module, the workflow module) uses no
// Node-only API and is run by browser.html in headless Chromium (through browser.test.mjs); run by
// `node --test`, this file runs it in Node against wasm/pkg/node.js.
import { eq, ok, throws } from "./suite.mjs";

const UNIT = { role: "unit_officer", unit: "so_xay_dung" };
const JUSTICE = { role: "council_member", member: "so_tu_phap" };
const FINANCE = { role: "council_member", member: "so_tai_chinh" };
const CHAIRMAN = { role: "chairman" };
const SECRETARIAT = { role: "secretariat" };
const HOME_AFFAIRS = { role: "council_member", member: "so_noi_vu" };

function node(score, code) {
  const n = score.nodes.find((x) => x.code === code);
  ok(n, `the score explains ${code}`);
  return n;
}

/** One department's 2019 walk; returns the dossier and the rule set. */
function walk(api, wf) {
  const rs = api.RuleSet.builtin();
  const d = wf.Dossier.open(rs, "so_xay_dung", "Sở Xây dựng", "department");
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
  // S6: members cannot act after the lock, not even at the council's review…
  throws(
    () => d.appraise(JUSTICE, "2019-12-16T09:00:00", "2.1.2", "0.75"),
    { kind: "workflow", code: "workflow.locked" },
    "a member re-appraising at the review",
  );
  // …S8: Sở Nội vụ records the council's reviewed decision (16–17/12).
  const rv = d.review(SECRETARIAT, "2019-12-16T09:00:00", "2.1.2", "0.75", "chấp nhận giải trình", 0);
  eq(rv.at(-1).act.kind, "review", "the reviewed decision");
  eq(rv.at(-1).basis.rules.join(), "S6,S8", "its legal basis");
  eq(d.phase, "review", "phase at the council's review");
  eq(d.state.items["2.1.2"].review.recorded_by, "so_noi_vu", "recorded by the standing member");
  d.announce(CHAIRMAN, "2019-12-18T10:00:00");
  eq(d.phase, "announced", "phase after announcement");
  eq(d.state.phase, "announced", "state.phase");
  const log = d.log;
  ok(Array.isArray(log), "log is an array");
  log.forEach((x, i) => eq(x.seq, i + 1, "log seq"));
  eq(log.at(-1).act.kind, "announce", "last act");
  return { rs, d };
}

export function workflowSuite(api, wf) {
  return [
    {
      name: "workflow: a department's 2019 walk, refusals with core's codes",
      fn() {
        const { rs, d } = walk(api, wf);
        const score = d.score(rs);
        eq(node(score, "2.1.2").points, "0.75", "the council's reviewed decision counts");
        // score(rs) is rs.scoreUnit(unitInput()), except that a component not entered yet is named as
        // pending in the workflow (S2, S9), where a batch says it is missing.
        const plain = rs.scoreUnit(d.unitInput());
        const pending = (w) => (w.code === "input.missing_component" ? { ...w, code: "workflow.component_pending", message: "" } : w);
        const same = (x) => JSON.stringify({ ...x, warnings: (x.warnings ?? []).map((w) => [w.code, w.path]) });
        eq(same(score), same({ ...plain, warnings: plain.warnings.map(pending) }), "score(rs) is rs.scoreUnit(unitInput())");
        eq(score.warnings.filter((w) => w.code === "workflow.component_pending").length, 2, "it and survey pending");
        ok(d.unitInput().items["2.1.2"], "unitInput has the leaf");
      },
    },
    {
      name: "workflow: toJson / fromJson replays the log to the same score",
      fn() {
        const { rs, d } = walk(api, wf);
        const text = d.toJson();
        const again = wf.Dossier.fromJson(rs, text);
        eq(again.toJson(), text, "same record");
        eq(again.phase, d.phase, "same phase");
        eq(JSON.stringify(again.score(rs)), JSON.stringify(d.score(rs)), "same score");
        const record = JSON.parse(text);
        record.state.phase = "draft";
        throws(() => wf.Dossier.fromJson(rs, JSON.stringify(record)), { kind: "workflow", code: "workflow.state_mismatch" }, "altered state");
        throws(() => wf.Dossier.fromJson(rs, "{}"), { kind: "workflow", code: "workflow.bad_record" }, "not a dossier");
      },
    },
    {
      name: "workflow: S6 no member acts after the lock; S8 the council's reviewed decision (issue 23, item 1)",
      fn() {
        const rs = api.RuleSet.builtin();
        const d = wf.Dossier.open(rs, "so_xay_dung", "Sở Xây dựng", "department");
        d.selfScore(UNIT, "2019-11-10T09:00:00", "2.1.2", "1", ["a.pdf"]);
        d.submit(UNIT, "2019-11-12T16:00:00");
        d.appraise(JUSTICE, "2019-11-19T08:00:00", "2.1.2", "0.5");
        d.explain(UNIT, "2019-11-29T09:00:00", "2.1.2", "Bổ sung", ["b.pdf"]);
        const before = d.toJson();
        for (const at of ["2019-12-09T08:00:00", "2019-12-17T08:00:00"]) {
          throws(() => d.appraise(JUSTICE, at, "2.1.1", "1"), { code: "workflow.locked" }, `appraise at ${at}`);
          throws(() => d.review(HOME_AFFAIRS, at, "2.1.2", "1"), { code: "workflow.locked" }, `a member's review at ${at}`);
        }
        eq(d.toJson(), before, "refused acts change nothing");
        eq(typeof d.reappraise, "undefined", "no re-appraisal any more");
        throws(() => d.review(SECRETARIAT, "2019-12-10T08:00:00", "2.1.2", "1"), { code: "workflow.review_not_open" }, "during the compilation");
        throws(() => d.review(SECRETARIAT, "2019-12-16T08:00:00", "2.1.1", "1"), { code: "workflow.not_explained" }, "an item without explanation");
        throws(() => d.review(SECRETARIAT, "2019-12-16T08:00:00", "2.1.2", "1", undefined, 3), { code: "workflow.unknown_explanation" }, "no such explanation");
        d.review(SECRETARIAT, "2019-12-16T08:00:00", "2.1.2", "1");
        const r = d.state.items["2.1.2"].review;
        eq(JSON.stringify([r.points, r.explanation, r.at]), JSON.stringify(["1", 0, "2019-12-16T08:00:00"]), "the decision");
        throws(() => d.review(SECRETARIAT, "2019-12-17T08:00:00", "2.1.2", "1"), { code: "workflow.already_reviewed" }, "twice");
        throws(() => d.review(SECRETARIAT, "2019-12-18T08:00:00", "2.1.2", "1"), { code: "workflow.review_closed" }, "after the council's review (16–17/12)");
      },
    },
    {
      name: "workflow: a stored schedule that differs from the rule set is refused (issue 23, item 3)",
      fn() {
        const { rs, d } = walk(api, wf);
        const record = JSON.parse(d.toJson());
        record.schedule.lock = "2019-12-27T00:00:00";
        const e = throws(() => wf.Dossier.fromJson(rs, JSON.stringify(record)), { kind: "workflow", code: "workflow.schedule_mismatch" }, "moved lock");
        eq(e.path, "$.schedule.lock", "the differing date is named");
      },
    },
    {
      name: "workflow: S10 a commune's dossier opens with its district's calendar (issue 23, item 4)",
      fn() {
        const rs = api.RuleSet.builtin();
        throws(() => wf.Dossier.open(rs, "xa_phong_phu", "Xã Phong Phú", "commune", "tan_lac"), { code: "workflow.missing_calendar" }, "no calendar");
        const calendar = { periods: [
          { id: "self_assessment", start: "2019-11-01", end: "2019-11-22" },
          { id: "appraisal", start: "2019-11-25", end: "2019-12-04" },
          { id: "explanation", start: "2019-12-06", end: "2019-12-13" },
          { id: "announcement", start: "2019-12-26", end: "2019-12-26" },
        ] };
        const d = wf.Dossier.open(rs, "xa_phong_phu", "Xã Phong Phú", "commune", "tan_lac", calendar);
        eq(JSON.stringify(d.calendar), JSON.stringify(calendar), "the district's calendar, as Python's d.calendar");
        eq(d.schedule.lock, "2019-12-05T00:00:00", "locked at the end of the district's appraisal (S6)");
        eq(wf.Dossier.open(rs, "so_xay_dung", "Sở Xây dựng", "department").calendar, undefined, "no district calendar");
        const xa = { role: "unit_officer", unit: "xa_phong_phu" };
        d.selfScore(xa, "2019-11-15T08:00:00", "1.1", "1", ["kh.pdf"]);
        d.submit(xa, "2019-11-20T08:00:00");
        throws(() => d.appraise(HOME_AFFAIRS, "2019-11-26T08:00:00", "1.1", "1"), { code: "workflow.wrong_council" }, "the province's council");
        d.appraise({ role: "council_member", member: "so_noi_vu", district: "tan_lac" }, "2019-11-26T08:00:00", "1.1", "1");
        d.announce({ role: "chairman", district: "tan_lac" }, "2019-12-26T09:00:00");
        eq(d.score(rs).block, "commune/tan_lac", "ranked within its district");
        eq(wf.Dossier.fromJson(rs, d.toJson()).toJson(), d.toJson(), "stored with its calendar");
        const late = { periods: calendar.periods.map((p) => (p.id === "announcement" ? { ...p, start: "2019-12-31", end: "2019-12-31" } : p)) };
        const e = throws(() => wf.Dossier.open(rs, "xa_phong_phu", "Xã Phong Phú", "commune", "tan_lac", late), { code: "workflow.outside_template" }, "after 30/12");
        eq(e.path, "$.calendar.periods[3].start", "the day at fault");
      },
    },
    {
      name: "workflow: S2/S9 the secretariat enters IT and survey; the score is the full index (issue 23, item 5)",
      fn() {
        const rs = api.RuleSet.builtin();
        const d = wf.Dossier.open(rs, "so_xay_dung", "Sở Xây dựng", "department");
        for (const n of d.score(rs).nodes.filter((x) => x.leaf && x.max_points !== "0")) {
          d.selfScore(UNIT, "2019-11-10T09:00:00", n.code, n.max_points, ["tl.pdf"]);
        }
        d.submit(UNIT, "2019-11-12T16:00:00");
        let s = d.score(rs);
        eq(s.index, "56.00", "without the components");
        eq(JSON.stringify(s.warnings.filter((w) => w.code === "workflow.component_pending").map((w) => w.path)),
          JSON.stringify(["$.components.it", "$.components.survey"]), "the missing components are named");
        throws(() => d.enterComponent(CHAIRMAN, "2019-12-10T09:00:00", "it", { points: "4" }), { code: "workflow.not_authorised" }, "not the Chairman");
        throws(() => d.enterComponent(SECRETARIAT, "2019-12-10T09:00:00", "survey", { points: "40" }), { code: "workflow.component_kind" }, "survey takes a percentage");
        throws(() => d.enterComponent(SECRETARIAT, "2019-12-10T09:00:00", "survey", { percentage: 99.5 }), { code: "input.non_integer_number" }, "no float");
        d.enterComponent(SECRETARIAT, "2019-12-10T09:00:00", "it", { points: "4" }, "QĐ công bố CNTT");
        d.enterComponent(SECRETARIAT, "2019-12-10T09:05:00", "survey", { percentage: "100" });
        s = d.score(rs);
        eq(s.index, "100.00", "the unit's full index");
        eq((s.warnings ?? []).filter((w) => w.code === "workflow.component_pending").length, 0, "nothing pending");
        throws(() => d.enterComponent(SECRETARIAT, "2019-12-18T09:00:00", "it", { points: "3" }), { code: "workflow.component_closed" }, "after the results are final");
      },
    },
    {
      name: "workflow: S5 Date.toISOString() and fractions of a second (issue 23, item 6)",
      fn() {
        const rs = api.RuleSet.builtin();
        const d = wf.Dossier.open(rs, "so_xay_dung", "Sở Xây dựng", "department");
        // 17/11 23:59:59.999 in Vietnam (+07:00) is 16:59:59.999 UTC: before the deadline (S5).
        const last = new Date(Date.UTC(2019, 10, 17, 16, 59, 59, 999)).toISOString();
        eq(last, "2019-11-17T16:59:59.999Z", "the browser's form");
        d.selfScore(UNIT, "2019-11-17T16:59:59.998Z", "2.1.2", "1", ["a.pdf"]);
        throws(() => d.submit(UNIT, "2019-11-17T23:59:59.9975"), { code: "workflow.time_order" }, "fractions compare exactly");
        d.submit(UNIT, last);
        eq(d.state.submitted_at, "2019-11-17T23:59:59.999", "kept in Vietnam time, fraction kept");
        const late = wf.Dossier.open(rs, "so_xay_dung", "Sở Xây dựng", "department");
        throws(() => late.submit(UNIT, "2019-11-17T17:00:00.000Z"), { code: "workflow.self_assessment_closed" }, "one millisecond later");
        eq(late.phaseAt("2019-11-18T00:00:00"), "under_appraisal", "a time without offset is Vietnam time");
      },
    },
    {
      name: "workflow: times, points and actors are checked at the boundary",
      fn() {
        const rs = api.RuleSet.builtin();
        const d = wf.Dossier.open(rs, "so_xay_dung", "Sở Xây dựng", "department");
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
  const wf = await import(pathToFileURL(join(pkgDir(), "workflow-node.js")).href);
  for (const t of workflowSuite(api, wf)) test(`node: ${t.name}`, t.fn);
}
