// The measurement shared by benches/rescore.mjs in Node and in the browser page rescore.html:
// rescoring one unit of the example province as an officer types (one fact changes between calls).
//
// Timers in browsers are coarse (100 µs in a page that is not cross-origin isolated), so each
// figure is the time of a round of `per` calls divided by `per`; the median of `rounds` rounds is
// reported, with the fastest and slowest round.

/** Run every variant; returns rows `{what, us, fastest, slowest}` (µs per call). */
export function measure(api, { unitId = "so_noi_vu", rounds = 15, per = 200 } = {}) {
  const rs = api.RuleSet.builtin();
  const province = api.exampleProvince();
  const unit = province.units.find((u) => u.id === unitId);
  if (!unit) throw new Error(`the example province has no unit ${unitId}`);
  // The leaf the "officer" edits: the first one given as a count ratio.
  const code = Object.keys(unit.items).find((k) => unit.items[k].denominator !== undefined && unit.items[k].numerator !== undefined);
  const item = unit.items[code];
  const den = item.denominator;
  let k = 0;
  const edit = () => {
    k = (k + 1) % (den + 1);
    item.numerator = k;
  };
  const form = rs.form(unit);
  const variants = [
    ["form.set(code, item)", () => form.set(code, item)],
    ["form.set(code, item) + form.explain(code)", () => (form.set(code, item), form.explain(code))],
    ["scoreUnit(object, {keepNodes: false})", () => rs.scoreUnit(unit, { keepNodes: false })],
    ["scoreUnit(text, {keepNodes: false})", () => rs.scoreUnit(JSON.stringify(unit), { keepNodes: false })],
    ["scoreUnit(object), with the explanation", () => rs.scoreUnit(unit)],
  ];
  const rows = [];
  for (const [what, call] of variants) {
    // Warm up, and check that the edit reaches the result (a cached or stale answer would not move).
    const seen = new Set();
    for (let i = 0; i < 50; i++) {
      edit();
      seen.add(call().total);
    }
    if (seen.size < 2 && !what.includes("explain")) throw new Error(`${what}: the total did not follow the edited fact`);
    const times = [];
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      for (let i = 0; i < per; i++) {
        edit();
        call();
      }
      times.push(((performance.now() - t) * 1000) / per);
    }
    times.sort((a, b) => a - b);
    rows.push({ what, us: times[Math.floor(times.length / 2)], fastest: times[0], slowest: times[times.length - 1] });
  }
  form.free();
  rs.free();
  return { unit: unitId, leaves: Object.keys(unit.items).length, code, rows };
}
