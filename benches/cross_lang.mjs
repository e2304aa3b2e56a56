#!/usr/bin/env node
// Cross-language benchmark, WASM-in-Node row: the npm package against the native command line, on
// the same file. (benches/cross_lang.py is the Python row, measured the same way.)
//
// A synthetic country (default 100,000 units over the built-in rule set's groups, every leaf given
// a fact; deterministic: `parindex generate --units N --seed S`, cached under target/bench/) is
// ranked
//
//   natively:      `target/release/parindex rank --format json FILE`  (read, parse, score every
//                  unit, rank, print the ranking; includes process start and loading the rule set)
//   WASM in Node:  read FILE, `RuleSet.builtin().rank(text)`, `JSON.stringify(result, null, 2)`
//                  (includes loading the rule set; the module is compiled once, before timing)
//
// best of --repeat runs each. A like-for-like run of the full result, explanations included
// (`score --format json` vs `JSON.stringify(rs.score(text), null, 2)`), is made on --full-units
// units: a full 100,000-unit result is several GB of JSON, beyond a JavaScript string. The same
// run is made with `rs.scoreJson(text)`, the result as text straight from the engine (compact).
//
//   node benches/cross_lang.mjs                        # needs wasm/pkg (bash wasm/build.sh)
//   node benches/cross_lang.mjs --units 20000 --repeat 5 --check 2
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, openSync, closeSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const UNITS = Number(args.units ?? 100_000);
const FULL_UNITS = Number(args["full-units"] ?? 2_000);
const SEED = Number(args.seed ?? 2019);
const REPEAT = Number(args.repeat ?? 3);
const CHECK = args.check === undefined ? null : Number(args.check);

function cli() {
  execFileSync("cargo", ["build", "--release", "--locked", "--quiet", "-p", "parindex", "--bin", "parindex"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  return join(process.env.CARGO_TARGET_DIR ?? join(ROOT, "target"), "release", "parindex");
}

function country(exe, units) {
  const out = join(ROOT, "target", "bench", `country-${units}-${SEED}.json`);
  if (!existsSync(out)) {
    mkdirSync(dirname(out), { recursive: true });
    const tmp = `${out}.tmp`;
    const fd = openSync(tmp, "w");
    const r = spawnSync(exe, ["generate", "--units", String(units), "--seed", String(SEED)], { stdio: ["ignore", fd, "inherit"] });
    closeSync(fd);
    if (r.status !== 0) throw new Error(`parindex generate failed (${r.status})`);
    renameSync(tmp, out);
  }
  return out;
}

function best(fn) {
  let min = Infinity;
  let last;
  for (let i = 0; i < REPEAT; i++) {
    const t = performance.now();
    last = fn();
    min = Math.min(min, performance.now() - t);
  }
  return { ms: min, last };
}

function native(exe, ...a) {
  return () => {
    const r = spawnSync(exe, a, { stdio: ["ignore", "ignore", "inherit"], maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`parindex ${a.join(" ")} exited with ${r.status}`);
  };
}

const pkg = join(ROOT, "wasm", "pkg");
if (!existsSync(join(pkg, "parindex_bg.wasm"))) throw new Error("wasm/pkg is missing: run bash wasm/build.sh");
const wasm = await import(pathToFileURL(join(pkg, "parindex.js")).href);
const exports = wasm.initSync({ module: readFileSync(join(pkg, "parindex_bg.wasm")) });
wasm.setLimits({ maxUnits: Math.max(UNITS, FULL_UNITS), maxInputBytes: 2 ** 31 - 1 });

const exe = cli();
const rows = [];
const row = (what, units, ms, nativeMs) => {
  rows.push({ what, units, ms, nativeMs });
  const ratio = nativeMs ? `${(ms / nativeMs).toFixed(2)}×` : "1.00×";
  console.log(`${what.padEnd(44)} ${String(units).padStart(7)} units ${(ms / 1000).toFixed(2).padStart(8)} s ${Math.round((units * 1000) / ms).toLocaleString("en").padStart(9)} units/s  ${ratio.padStart(6)} native`);
};

console.log(`WASM in Node ${process.version} vs native parindex; best of ${REPEAT}`);
for (const [units, full] of [[UNITS, false], [FULL_UNITS, true]]) {
  const file = country(exe, units);
  // The native side raises the input limits as the module does (setLimits above).
  const limits = ["--limit", `max_units=${Math.max(UNITS, FULL_UNITS)}`, "--limit", `max_input_bytes=${2 ** 31 - 1}`];
  const n = best(native(exe, full ? "score" : "rank", "--format", "json", ...limits, file));
  row(full ? `native: score --format json (full result)` : `native: rank --format json`, units, n.ms);
  const w = best(() => {
    const text = readFileSync(file, "utf8");
    const rs = wasm.RuleSet.builtin();
    const result = full ? rs.score(text) : rs.rank(text);
    const out = JSON.stringify(result, null, 2);
    rs.free();
    return { scored: result.receipt.units_scored, bytes: out.length };
  });
  if (w.last.scored !== units) throw new Error(`WASM scored ${w.last.scored} of ${units} units`);
  row(full ? `WASM in Node: score + JSON.stringify (full)` : `WASM in Node: rank + JSON.stringify`, units, w.ms, n.ms);
  if (full) {
    // The result as text straight from the engine (compact, non-ASCII escaped): what a back end
    // storing or sending it needs.
    const j = best(() => {
      const text = readFileSync(file, "utf8");
      const rs = wasm.RuleSet.builtin();
      const out = rs.scoreJson(text);
      rs.free();
      return { scored: Number(/"units_scored":(\d+)/.exec(out)[1]), bytes: out.length };
    });
    if (j.last.scored !== units) throw new Error(`WASM scoreJson scored ${j.last.scored} of ${units} units`);
    row(`WASM in Node: scoreJson (full)`, units, j.ms, n.ms);
  }
}
console.log(`WASM linear memory after the runs: ${(exports.memory.buffer.byteLength / 2 ** 20).toFixed(0)} MiB (a wasm32 module can use at most 4096)`);

if (CHECK !== null) {
  const worst = Math.max(...rows.filter((r) => r.nativeMs).map((r) => r.ms / r.nativeMs));
  if (worst > CHECK) {
    console.error(`WASM/native ratio ${worst.toFixed(2)} exceeds ${CHECK}`);
    process.exit(1);
  }
}
